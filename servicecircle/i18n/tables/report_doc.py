"""The report's document texts (``report.doc.*``; ``doc.*`` for the report's ``text``).

Cover, contents, executive summary, policy basis, existing outlets, the
sections of the recommended sites, must-cover costs, sensitivity, data
quality and conclusions.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # progress steps
    "msg.report.step.drawing": "绘制报告的地图和表格",
    "msg.report.step.writing": "写入 {name}",
    "msg.report.step.written": "报告已写好",
    # the app's report page
    "report.doc.app.bureau": "编制单位（报告封面）",
    "report.doc.app.bureau_help": (
        "例如：某某区人力资源和社会保障局。留空则封面留出横线，打印后手写。"
    ),
    # cover and contents
    "report.doc.cover.kind": "评估与选址报告",
    "report.doc.cover.area": "研究区：{area}",
    "report.doc.cover.bureau": "编制单位：{bureau}",
    "report.doc.cover.bureau_blank": "编制单位：________________________",
    "report.doc.cover.date": "编制日期：{date}",
    "report.doc.date": "{year}年{month}月{day}日",
    "report.doc.toc": "目录",
    "report.doc.sentence_sep": "",
    "report.doc.colon": "：",
    "report.doc.numerals": "一,二,三,四,五,六,七,八,九,十,十一,十二,十三,十四,十五,十六",
    "report.doc.numbered": "{n}、{title}",
    # sections
    "report.doc.section.summary": "摘要",
    "report.doc.section.policy": "政策依据",
    "report.doc.section.area": "研究区概况",
    "report.doc.section.coverage": "现状覆盖",
    "report.doc.section.outlets": "现有网点及其服务人口",
    "report.doc.section.units": "按乡镇（街道）和社区的覆盖情况",
    "report.doc.section.gaps": "覆盖缺口（按未覆盖人数排序）",
    "report.doc.section.plan": "推荐新增网点（按建设顺序）",
    "report.doc.section.after": "规划后覆盖",
    "report.doc.section.must_cost": "“必须覆盖”规则的代价",
    "report.doc.section.sensitivity": "敏感性分析：步行速度 ±20%",
    "report.doc.section.method": "方法与数据质量",
    "report.doc.section.conclusions": "结论与建议",
    # executive summary
    "report.doc.exec.today": (
        "{area}估算人口 {total} 人。按各类网点的服务标准，现有 {outlets} 个网点的服务圈覆盖"
        " {covered} 人，占 {share}。"
    ),
    "report.doc.exec.gaps": "尚未覆盖的 {uncovered} 人分布在 {n} 个缺口，最大的缺口在{top}。",
    "report.doc.exec.gap_item": "{where}（{people} 人）",
    "report.doc.exec.no_gaps": "全部人口均已在服务圈内，没有覆盖缺口。",
    "report.doc.exec.plan": (
        "本报告建议按建设顺序新增 {n} 个网点，可新覆盖 {gain} 人，使服务圈内人口增至"
        " {after} 人，占 {share}。"
    ),
    "report.doc.exec.first": "应首先建设{site}，位于{where}，可新覆盖 {people} 人。",
    "report.doc.exec.no_new": "按本次测算要求，现有网点已经足够，无需新增网点。",
    "report.doc.exec.no_plan": (
        "本次尚未测算新增网点；建议在应用的“选址”页面测算后重新生成本报告，优先在上述缺口附近选址。"
    ),
    "report.doc.exec.must": "现状下，必须覆盖的区域中有 {n} 处未完全覆盖（见“现状覆盖”）。",
    # policy basis
    "report.doc.policy.sinking": (
        "2024 年，国家有关部门就推进基层公共就业服务下沉提出意见，要求把公共就业服务延伸到"
        "街道（乡镇）和社区（村），在群众家门口提供政策咨询、岗位信息、职业指导和就业帮扶。"
    ),
    "report.doc.policy.system": (
        "2025 年关于健全就业公共服务体系的意见提出打造“15 分钟就业服务圈”：在人口较多的居住区、"
        "人员密集区、产业集聚区和易地搬迁安置区合理布局就业服务网点，并推动就业数据向街道、"
        "社区回流，支撑基层精准服务。"
    ),
    "report.doc.policy.here": (
        "本报告按上述要求测算：以实际路网上的出行时间衡量各处居民能否在规定时间内到达就业服务"
        "网点，找出覆盖缺口，给出新增网点的位置和建设顺序；各街道（乡镇）、社区的统计表可直接"
        "反馈基层使用。"
    ),
    "report.doc.policy.note": "政策原文以正式印发的文件为准，本报告不引用文号。",
    # study area and maps
    "report.doc.map.overview": "研究区概况图（道路、乡镇（街道）和社区边界、现有网点）",
    "report.doc.map.today": "现状覆盖图（{minutes} 分钟）",
    "report.doc.map.after": "规划后覆盖图（现有网点与推荐新增网点，{minutes} 分钟）",
    "report.doc.map.site": "{site}的服务范围",
    "report.doc.coverage.standard": (
        "按各类网点的服务标准（出行方式与时间见“方法与数据质量”）计，覆盖 {covered} 人，"
        "占 {share}；路网上到不了任何网点的有 {unreachable} 人。"
    ),
    "report.doc.sites.standard_note": (
        "此处覆盖按各类网点的服务标准计（出行方式与时间见“方法与数据质量”）。"
    ),
    # existing outlets
    "report.doc.outlets.intro": (
        "每位居民只计入离其最近的网点；“服务人口”为以该网点为最近网点、且在其服务标准时间内的人口。"
    ),
    "report.doc.outlets.none": "没有现有网点的数据。",
    "report.doc.col.outlet": "网点",
    "report.doc.col.standard": "服务标准",
    "report.doc.col.standard_value": "{mode} {minutes} 分钟",
    "report.doc.col.served": "服务人口",
    "report.doc.col.served_share": "占总人口",
    "report.doc.col.road": "最近道路",
    "report.doc.col.nearest": "最近网点（分钟）",
    "report.doc.col.site": "新增网点",
    "report.doc.col.minutes": "{minutes} 分钟",
    # recommended sites
    "report.doc.site.order": "建设顺序",
    "report.doc.site.order_value": "第 {n} 个",
    "report.doc.site.type": "网点类型",
    "report.doc.site.where": "位置",
    "report.doc.site.coords": "经纬度",
    "report.doc.site.newly": "新覆盖人口",
    "report.doc.site.cumulative": "建成后累计覆盖率",
    "report.doc.site.why": "选址理由",
    "report.doc.site.by_class": "新覆盖人口（按区域类型）",
    "report.doc.site.by_community": "新覆盖人口（按社区）",
    "report.doc.site.table": "推荐新增网点一览",
    "report.doc.plan.candidates": "共比较了 {n} 个候选点位。",
    "report.doc.plan.dropped": "另有 {n} 个点位建成后不能新覆盖任何人，未列入推荐。",
    # must-cover cost and sensitivity
    "report.doc.must_cost.intro": (
        "每条“必须覆盖”规则都会占用新增网点名额。下表比较有无该规则时服务圈内的总人口，"
        "差值即该规则的代价。"
    ),
    "report.doc.sensitivity.intro": (
        "步行速度取所设速度的 80% 和 120% 重新测算，用于判断结论对速度假设的敏感程度。"
    ),
    "report.doc.sens.case": "{mode}速度 {change}",
    "report.doc.sens.col.case": "情形",
    "report.doc.sens.col.today": "现状覆盖人口",
    "report.doc.sens.col.today_share": "现状覆盖率",
    "report.doc.sens.col.after": "规划后覆盖人口",
    "report.doc.sens.col.after_share": "规划后覆盖率",
    "report.doc.cost.col.rule": "必须覆盖的区域类型",
    "report.doc.cost.col.people": "该类人口",
    "report.doc.cost.col.with": "有此规则时覆盖人口",
    "report.doc.cost.col.without": "无此规则时覆盖人口",
    "report.doc.cost.col.cost": "代价（少覆盖人口）",
    "report.doc.cost.col.cost_share": "代价（覆盖率）",
    # method and data quality
    "report.doc.dq.title": "数据质量",
    "report.doc.dq.osm_date": "地图数据日期",
    "report.doc.dq.osm_date_file": "{date}（据数据文件名）",
    "report.doc.dq.osm_date_unknown": "未记录（以下载数据的日期为准）",
    "report.doc.dq.roads": "路网完整性（{mode}）",
    "report.doc.dq.roads_value": (
        "{share} 的路网节点相互连通；{fragments} 条路段属于与主路网不相连的小片路网"
    ),
    "report.doc.dq.off_network": "远离道路的人口",
    "report.doc.dq.solver": "求解结果",
    "report.doc.dq.candidates": "比较的候选点位",
    "report.doc.dq.candidates_value": "{n} 个",
    "report.doc.method.technical": "求解的技术数据",
    "report.doc.method.after_uncovered": "规划后仍到不了任何网点的人口（超出测算的最长时间）",
    # conclusions
    "report.doc.conclusion.rules_cost": (
        "“必须覆盖”规则（{rules}）使服务圈内人口共少 {people} 人，这是优先保障这些区域的代价。"
    ),
    "report.doc.conclusion.rules_free": "“必须覆盖”规则（{rules}）没有减少服务圈内的总人口。",
    "report.doc.conclusion.speed": (
        "步行速度降低 20% 时现状覆盖率为 {slow}，提高 20% 时为 {fast}（按所设速度为 {share}）。"
    ),
    "report.doc.conclusion.return": (
        "各街道（乡镇）和社区的覆盖统计见“按乡镇（街道）和社区的覆盖情况”一章，可直接反馈基层；"
        "新网点建成后，请用实际位置重新测算，核实覆盖效果。"
    ),
    "report.doc.conclusion.data": (
        "人口估算有 {n} 条提醒（见“方法与数据质量”），使用结论前请核实。"
    ),
}

EN: dict[str, str] = {
    # progress steps
    "msg.report.step.drawing": "drawing the report's maps and tables",
    "msg.report.step.writing": "writing {name}",
    "msg.report.step.written": "report written",
    # the app's report page
    "report.doc.app.bureau": "Prepared by (report cover)",
    "report.doc.app.bureau_help": (
        "For example: the district's human resources and social security bureau. Left empty, "
        "the cover shows a line to fill in by hand."
    ),
    # cover and contents
    "report.doc.cover.kind": "Assessment and siting report",
    "report.doc.cover.area": "Study area: {area}",
    "report.doc.cover.bureau": "Prepared by: {bureau}",
    "report.doc.cover.bureau_blank": "Prepared by: ________________________",
    "report.doc.cover.date": "Date: {date}",
    "report.doc.date": "{day} {month_name} {year}",
    "report.doc.toc": "Contents",
    "report.doc.sentence_sep": " ",
    "report.doc.colon": ": ",
    "report.doc.numerals": "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16",
    "report.doc.numbered": "{n}. {title}",
    # sections
    "report.doc.section.summary": "Executive summary",
    "report.doc.section.policy": "Policy basis",
    "report.doc.section.area": "Study area",
    "report.doc.section.coverage": "Coverage today",
    "report.doc.section.outlets": "Existing outlets and the people they serve",
    "report.doc.section.units": "Coverage by township (street) and community",
    "report.doc.section.gaps": "Coverage gaps (most people uncovered first)",
    "report.doc.section.plan": "Recommended new outlets (in build order)",
    "report.doc.section.after": "Coverage after the plan",
    "report.doc.section.must_cost": "Cost of the must-cover rules",
    "report.doc.section.sensitivity": "Sensitivity: walking speed ±20%",
    "report.doc.section.method": "Method and data quality",
    "report.doc.section.conclusions": "Conclusions and recommendation",
    # executive summary
    "report.doc.exec.today": (
        "{area} has an estimated {total} people. By each outlet type's service standard, the "
        "{outlets} outlets of today reach {covered} of them ({share})."
    ),
    "report.doc.exec.gaps": (
        "The {uncovered} people not yet covered live in {n} gap areas; the largest are {top}."
    ),
    "report.doc.exec.gap_item": "{where} ({people} people)",
    "report.doc.exec.no_gaps": "Everyone is within the service circle; there are no gaps.",
    "report.doc.exec.plan": (
        "This report recommends {n} new outlets, built in the order given: they newly cover "
        "{gain} people and bring {after} people ({share}) within the standard."
    ),
    "report.doc.exec.first": "Build {site} first, at {where}: it newly covers {people} people.",
    "report.doc.exec.no_new": "The outlets of today meet the requirement; no new outlet is needed.",
    "report.doc.exec.no_plan": (
        "New outlets have not been sited yet; site them on the app's siting page (first near the "
        "gaps above) and build this report again."
    ),
    "report.doc.exec.must": (
        "Today, {n} must-cover areas are not fully covered (see Coverage today)."
    ),
    # policy basis
    "report.doc.policy.sinking": (
        "In 2024 the national authorities issued opinions on bringing public employment services "
        "down to the grassroots: services reach streets (townships) and communities (villages), "
        "with policy advice, job information, career guidance and employment support near "
        "people's homes."
    ),
    "report.doc.policy.system": (
        "The 2025 opinions on improving the employment public service system call for a "
        "15-minute employment service circle: outlets placed in populated residential areas, "
        "dense settlements, industrial clusters and relocation (resettlement) areas, with "
        "employment data returned to streets and communities for targeted local services."
    ),
    "report.doc.policy.here": (
        "This report measures exactly that: travel time on the real road network decides whether "
        "people reach an employment service outlet within the standard; it finds the gaps and "
        "gives the sites and build order of new outlets; the tables by street (township) and "
        "community can be handed to them as they are."
    ),
    "report.doc.policy.note": "The official texts prevail; no document numbers are cited here.",
    # study area and maps
    "report.doc.map.overview": (
        "Study area overview (roads, township and community boundaries, existing outlets)"
    ),
    "report.doc.map.today": "Coverage today ({minutes} min)",
    "report.doc.map.after": "Coverage after the plan (existing and new outlets, {minutes} min)",
    "report.doc.map.site": "Service area of {site}",
    "report.doc.coverage.standard": (
        "By each outlet type's service standard (mode and minutes in Method and data quality), "
        "{covered} people ({share}) are covered; {unreachable} people reach no outlet on the "
        "network."
    ),
    "report.doc.sites.standard_note": (
        "Coverage here follows each outlet type's service standard (mode and minutes in Method "
        "and data quality)."
    ),
    # existing outlets
    "report.doc.outlets.intro": (
        "Each person counts once, for the nearest outlet; 'people served' are those whose nearest "
        "outlet it is and who reach it within its service standard."
    ),
    "report.doc.outlets.none": "There are no data on existing outlets.",
    "report.doc.col.outlet": "Outlet",
    "report.doc.col.standard": "Service standard",
    "report.doc.col.standard_value": "{mode} {minutes} min",
    "report.doc.col.served": "People served",
    "report.doc.col.served_share": "Share of all people",
    "report.doc.col.road": "Nearest road",
    "report.doc.col.nearest": "Nearest outlet (min)",
    "report.doc.col.site": "New outlet",
    "report.doc.col.minutes": "{minutes} min",
    # recommended sites
    "report.doc.site.order": "Build order",
    "report.doc.site.order_value": "No. {n}",
    "report.doc.site.type": "Outlet type",
    "report.doc.site.where": "Location",
    "report.doc.site.coords": "Longitude, latitude",
    "report.doc.site.newly": "People newly covered",
    "report.doc.site.cumulative": "Share covered once built",
    "report.doc.site.why": "Why here",
    "report.doc.site.by_class": "People newly covered, by area type",
    "report.doc.site.by_community": "People newly covered, by community",
    "report.doc.site.table": "The recommended new outlets",
    "report.doc.plan.candidates": "{n} candidate sites were compared.",
    "report.doc.plan.dropped": (
        "Sites that would cover nobody new once built are not recommended (left out: {n})."
    ),
    # must-cover cost and sensitivity
    "report.doc.must_cost.intro": (
        "Each must-cover rule takes up some of the new outlets. The table compares the people "
        "within the standard with and without the rule; the difference is its cost."
    ),
    "report.doc.sensitivity.intro": (
        "Coverage measured again at 80% and 120% of the walking speed, to show how much the "
        "conclusions depend on the speed assumed."
    ),
    "report.doc.sens.case": "{mode} speed {change}",
    "report.doc.sens.col.case": "Case",
    "report.doc.sens.col.today": "Covered today",
    "report.doc.sens.col.today_share": "Share today",
    "report.doc.sens.col.after": "Covered after the plan",
    "report.doc.sens.col.after_share": "Share after the plan",
    "report.doc.cost.col.rule": "Must-cover area type",
    "report.doc.cost.col.people": "People of the type",
    "report.doc.cost.col.with": "Covered with the rule",
    "report.doc.cost.col.without": "Covered without it",
    "report.doc.cost.col.cost": "Cost (people)",
    "report.doc.cost.col.cost_share": "Cost (share)",
    # method and data quality
    "report.doc.dq.title": "Data quality",
    "report.doc.dq.osm_date": "Date of the map data",
    "report.doc.dq.osm_date_file": "{date} (from the data file's name)",
    "report.doc.dq.osm_date_unknown": "not recorded (the date the data were downloaded)",
    "report.doc.dq.roads": "Road network completeness ({mode})",
    "report.doc.dq.roads_value": (
        "{share} of the network's nodes are connected; {fragments} road segments lie in small "
        "pieces cut off from the main network"
    ),
    "report.doc.dq.off_network": "People far from any road",
    "report.doc.dq.solver": "Solver result",
    "report.doc.dq.candidates": "Candidate sites compared",
    "report.doc.dq.candidates_value": "{n}",
    "report.doc.method.technical": "Technical data of the solution",
    "report.doc.method.after_uncovered": (
        "People who still reach no outlet after the plan (beyond the longest time measured)"
    ),
    # conclusions
    "report.doc.conclusion.rules_cost": (
        "The must-cover rules ({rules}) leave {people} fewer people within the standard: the "
        "price of serving those areas first."
    ),
    "report.doc.conclusion.rules_free": (
        "The must-cover rules ({rules}) cost no coverage overall."
    ),
    "report.doc.conclusion.speed": (
        "At a walking speed 20% slower, {slow} are covered today; 20% faster, {fast} (at the "
        "speed assumed, {share})."
    ),
    "report.doc.conclusion.return": (
        "The coverage of each street (township) and community is in the chapter Coverage by "
        "township (street) and community, ready to hand to them; once the new outlets are built, "
        "measure again with their real locations."
    ),
    "report.doc.conclusion.data": (
        "The population estimate has {n} warnings (see Method and data quality); check them "
        "before relying on the conclusions."
    ),
}
