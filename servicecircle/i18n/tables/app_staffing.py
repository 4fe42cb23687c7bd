"""The app's words for staffing, load, the three-way split, tiers and grades (coverage page)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "work.computing_staffing": "计算工作人员可达性与分级覆盖",
    "staffing.header": "服务能力与人员配置",
    "staffing.intro": (
        "按现有网点的工作人员数（网点文件中的“人员”，未填写时按网点类型的配置标准）计算："
        "每万名居民可达的工作人员数（两步移动搜索法；按出行时间分段衰减的增强两步移动搜索法），"
        "每个网点服务圈内每名工作人员对应的人口（负荷），以及按网点服务能力能服务到的人口。"
        "配置标准可在“现有网点”页的网点类型表中修改。"
    ),
    "staffing.computing": "正在计算工作人员可达性与分级覆盖……",
    "staffing.step_access": "每万人工作人员与网点负荷",
    "staffing.step_tiers": "分级覆盖与街道（乡镇）评级",
    "staffing.bands": "距离衰减权重（增强两步移动搜索法）",
    "staffing.bands_help": (
        "把每个网点的服务范围（分钟）按出行时间平均分成 {count} 段，近的段权重大；"
        "超出服务范围的居民权重为 0。默认值为常用的 1、0.68、0.22。"
    ),
    "staffing.band": "第 {n} 段（服务范围的 {low}–{high}）权重",
    "staffing.per10k": "每万人工作人员（两步移动搜索法）",
    "staffing.per10k_e2sfca": "每万人工作人员（距离衰减）",
    "staffing.staff_total": "工作人员合计",
    "staffing.capacity_total": "按配置标准可服务人数",
    "staffing.metric_people": "{people} 人",
    "staffing.split": "能力内外的人口",
    "staffing.split_help": (
        "服务圈内的居民按各网点的服务能力（工作人员数 × 每名工作人员服务人数）分配："
        "能力内可服务、在服务圈内但超出网点能力、不在任何网点服务圈内，三者之和为总人口。"
    ),
    "staffing.split.served": "能力内可服务",
    "staffing.split.over_capacity": "服务圈内但超出能力",
    "staffing.split.out_of_reach": "不在服务圈内",
    "staffing.split_share": "占总人口 {share}",
    "staffing.split_kind": "类别",
    "staffing.by_unit": "按街道（乡镇）和社区的人员配置",
    "staffing.level": "层级",
    "staffing.level.total": "全区",
    "staffing.level.township": "街道（乡镇）",
    "staffing.level.community": "社区（村）",
    "staffing.whole_area": "全部范围",
    "staffing.no_unit": "（未划入）",
    "staffing.loads": "网点负荷（负荷最重的在前）",
    "staffing.loads_help": (
        "负荷：网点服务圈内的人口 ÷ 工作人员数。能力利用率：能力内服务的人数 ÷ 可服务人数。"
    ),
    "staffing.outlet": "网点",
    "staffing.staff": "工作人员",
    "staffing.catchment_minutes": "服务范围（分钟）",
    "staffing.catchment_people": "服务圈内人口",
    "staffing.load": "每名工作人员对应人口",
    "staffing.capacity": "可服务人数",
    "staffing.served": "能力内服务人数",
    "staffing.utilisation": "能力利用率",
    "staffing.no_staff": "无工作人员",
    "staffing.tiers": "分级覆盖",
    "staffing.tiers_help": (
        "每一级只计本级网点：居民在本级某个网点的服务标准（方式与分钟）以内，才算被该级覆盖；"
        "附近的街道（乡镇）级站点不能代替社区（村）级窗口，反之亦然。"
    ),
    "staffing.tier": "层级",
    "staffing.tier_outlets": "网点数",
    "staffing.tier_covered": "覆盖人口",
    "staffing.tier_share": "覆盖比例",
    "staffing.grades": "街道（乡镇）评级",
    "staffing.grades_help": (
        "评级取各级覆盖比例中最低的一个：{bands}。评级线是规划假设，不是国家标准。"
    ),
    "staffing.grade_band": "{grade} 级不低于 {share}",
    "staffing.tier_share_of": "{tier}覆盖比例",
    "staffing.grade": "评级",
    "staffing.sep": "，",
    "staffing.no_townships": "需求单元没有街道（乡镇）归属，无法评级。",
    "staffing.after.header": "规划前后的人员配置",
    "staffing.after.intro": (
        "新增网点按所选网点类型的层级计入，工作人员按类型的配置标准（固定人数，或按服务圈内人口"
        "每若干人配 1 名；按工作人员配置选址时为模型分配的人数），与现有网点一起重新计算"
        "每万人工作人员、能力内外的人口和街道（乡镇）评级。"
        "距离衰减按默认权重计算。"
    ),
    "staffing.after.step": "规划前后的每万人工作人员与分级覆盖",
    "staffing.after.was": "规划前：{value}",
    "staffing.after.before": "规划前{what}",
    "staffing.after.after": "规划后{what}",
    "staffing.after.by_unit": "按街道（乡镇）和社区：规划前后",
    "staffing.after.sites": "新增网点的层级与人员",
    "staffing.after.staff_source": "人员数来源",
    "staffing.source.standard": "按类型标准",
    "staffing.source.file": "网点文件",
    "staffing.source.allocation": "人员分配模型",
    "staffing.groups": "重点群体",
    "staffing.groups_intro": (
        "上传各街道（乡镇）或社区（村）的重点群体表（60岁及以上、登记失业人员、外出务工及返乡人员、"
        "高校毕业生，人数或占比均可），查看各群体的覆盖比例、每万人工作人员和能力内外的人数，"
        "以及群体之间的覆盖差距和各社区每万人工作人员的基尼系数。"
    ),
    "staffing.groups_upload": "重点群体表（可选）",
    "staffing.groups_upload_help": (
        "CSV 或 Excel 表格：一列街道/乡镇或社区/村名称，各重点群体一列"
        "（人数，或带“比例”“%”的占比）；"
        "也可以是带这些列的面或点图层（GeoPackage、GeoJSON、zip 压缩的 Shapefile）。"
    ),
    "staffing.groups.group": "群体",
    "staffing.groups.people": "群体人数",
    "staffing.groups.gap": "与全体覆盖比例之差（百分点）",
    "staffing.groups.widest": "群体间最大覆盖差距（按各类站点标准）",
    "staffing.groups.points": "{value} 个百分点",
    "staffing.groups.widest_help": "覆盖比例最高：{high}；最低：{low}",
    "staffing.groups.gini_weighted": "每万人工作人员基尼系数（按人口加权）",
    "staffing.groups.gini_unweighted": "每万人工作人员基尼系数（不加权）",
    "staffing.groups.gini_help": (
        "基尼系数按 {count} 个{level}的每万人工作人员（两步移动搜索法）计算："
        "0 表示各处完全均衡，越接近 1 表示工作人员越集中在少数地方。"
    ),
    "staffing.groups.level.community": "社区（村）",
    "staffing.groups.level.township": "街道（乡镇）",
    "staffing.groups.level.unit": "需求单元",
    "staffing.groups.chosen": "按街道（乡镇）和社区查看的群体",
    "siting.staff_on": "按工作人员配置选址",
    "siting.staff_on_help": (
        "同时决定新增网点的位置和工作人员的分配：网点能服务的人数 = 工作人员数 × 每名工作人员"
        "服务人数（网点类型的配置标准）。选用后不再单独填写网点服务能力。P 中值模型不支持。"
    ),
    "siting.staff_way": "工作人员",
    "siting.staff_way.budget": "给定可分配的工作人员数",
    "siting.staff_way.standard": "每个网点按类型标准配备",
    "siting.staff_budget": "可分配的工作人员数（人）",
    "siting.staff_budget_help": (
        "可在现有网点和新增网点之间分配的工作人员总数；新增网点至少配备其类型标准的人数。"
    ),
    "siting.staff_capacity_note": "网点能服务的人数由工作人员数决定，不再单独设置服务能力。",
    "staffing.alloc.header": "工作人员分配",
    "staffing.alloc.budget": "共分配 {added} 名工作人员（可分配 {budget} 名）。",
    "staffing.alloc.standard": "每个网点按类型标准配备，新增网点共配备 {added} 名工作人员。",
    "staffing.alloc.kind": "现有/新增",
    "staffing.alloc.existing": "现有",
    "staffing.alloc.new": "新增",
    "staffing.alloc.before": "现有工作人员",
    "staffing.alloc.added": "新增工作人员",
    "staffing.alloc.after": "规划后工作人员",
    "staffing.alloc.served_before": "现服务人数",
    "staffing.alloc.served_after": "规划后服务人数",
}

EN: dict[str, str] = {
    "work.computing_staffing": "Computing staff within reach and coverage by tier",
    "staffing.header": "Service capacity and staffing",
    "staffing.intro": (
        "From the staff of today's outlets (the 人员/staff column of the outlets' file, else"
        " their type's staffing standard): staff per 10,000 residents within reach (two-step"
        " floating catchment, 2SFCA; and its enhanced form with travel-time bands, E2SFCA),"
        " each outlet's load (people in its catchment per staff member), and the people its"
        " capacity can serve. Edit the standards in the outlet-types table of the outlets page."
    ),
    "staffing.computing": "Computing staff within reach and coverage by tier...",
    "staffing.step_access": "staff per 10,000 and outlet loads",
    "staffing.step_tiers": "coverage by tier and township grades",
    "staffing.bands": "Travel-time decay weights (E2SFCA)",
    "staffing.bands_help": (
        "Each outlet's catchment (minutes) is cut into {count} equal travel-time bands, the"
        " nearest weighing most; residents beyond the catchment weigh 0. The defaults are the"
        " usual 1, 0.68, 0.22."
    ),
    "staffing.band": "Weight of band {n} ({low}–{high} of the catchment)",
    "staffing.per10k": "Staff per 10,000 (2SFCA)",
    "staffing.per10k_e2sfca": "Staff per 10,000 (E2SFCA)",
    "staffing.staff_total": "Staff in all",
    "staffing.capacity_total": "People the standard can serve",
    "staffing.metric_people": "{people} people",
    "staffing.split": "People within and beyond capacity",
    "staffing.split_help": (
        "Residents in reach are shared out to the outlets' capacity (staff × people per staff"
        " member): served within capacity, within reach but over capacity, out of every"
        " outlet's reach; the three add up to the population."
    ),
    "staffing.split.served": "Served within capacity",
    "staffing.split.over_capacity": "In reach, over capacity",
    "staffing.split.out_of_reach": "Out of reach",
    "staffing.split_share": "{share} of the population",
    "staffing.split_kind": "Group",
    "staffing.by_unit": "Staffing by township/street and community",
    "staffing.level": "Level",
    "staffing.level.total": "Whole area",
    "staffing.level.township": "Township/street",
    "staffing.level.community": "Community/village",
    "staffing.whole_area": "All",
    "staffing.no_unit": "(none)",
    "staffing.loads": "Outlet loads (heaviest first)",
    "staffing.loads_help": (
        "Load: people in the outlet's catchment ÷ its staff. Utilisation: people served"
        " within capacity ÷ the people it can serve."
    ),
    "staffing.outlet": "Outlet",
    "staffing.staff": "Staff",
    "staffing.catchment_minutes": "Catchment (minutes)",
    "staffing.catchment_people": "People in catchment",
    "staffing.load": "People per staff member",
    "staffing.capacity": "Can serve",
    "staffing.served": "Served within capacity",
    "staffing.utilisation": "Utilisation",
    "staffing.no_staff": "no staff",
    "staffing.tiers": "Coverage by tier",
    "staffing.tiers_help": (
        "Each tier counts its own outlets only: residents are covered at a tier when one of"
        " its outlets reaches them within that outlet's standard (mode and minutes); a"
        " township station nearby does not stand in for a community window, nor the reverse."
    ),
    "staffing.tier": "Tier",
    "staffing.tier_outlets": "Outlets",
    "staffing.tier_covered": "People covered",
    "staffing.tier_share": "Share covered",
    "staffing.grades": "Township/street grades",
    "staffing.grades_help": (
        "The grade follows the lowest share covered at any tier: {bands}. The grade lines are"
        " a planning assumption, not a national standard."
    ),
    "staffing.grade_band": "{grade} at least {share}",
    "staffing.tier_share_of": "Share covered, {tier}",
    "staffing.grade": "Grade",
    "staffing.sep": ", ",
    "staffing.no_townships": "The demand units belong to no township/street; nothing to grade.",
    "staffing.after.header": "Staffing before and after the plan",
    "staffing.after.intro": (
        "The new sites count with their type's tier and staffing standard (a fixed number, or"
        " one per so many residents in the catchment; the staff the model posted when siting"
        " with staff); with today's outlets they give staff per"
        " 10,000, the people within and beyond capacity and the township/street grades again."
        " E2SFCA uses the default weights."
    ),
    "staffing.after.step": "staff per 10,000 and coverage by tier before and after",
    "staffing.after.was": "Before the plan: {value}",
    "staffing.after.before": "{what}, before",
    "staffing.after.after": "{what}, after",
    "staffing.after.by_unit": "By township/street and community: before and after",
    "staffing.after.sites": "Tier and staff of the new sites",
    "staffing.after.staff_source": "Staff from",
    "staffing.source.standard": "type's standard",
    "staffing.source.file": "outlets file",
    "staffing.source.allocation": "staff allocation model",
    "staffing.groups": "Key groups",
    "staffing.groups_intro": (
        "Upload a table of key groups per township/street or community/village (60+,"
        " registered unemployed, migrant and returning workers, college graduates; counts or"
        " shares) to see each group's share covered, staff per 10,000 and people within and"
        " beyond capacity, the coverage gap between groups and the Gini coefficient of staff"
        " per 10,000 across communities."
    ),
    "staffing.groups_upload": "Key-groups table (optional)",
    "staffing.groups_upload_help": (
        "A CSV or Excel table: a township/street or community/village name column and one"
        " column per key group (counts, or shares with 比例/share/% in the header); or a"
        " polygon or point layer with these columns (GeoPackage, GeoJSON, zipped Shapefile)."
    ),
    "staffing.groups.group": "Group",
    "staffing.groups.people": "People of the group",
    "staffing.groups.gap": "Gap to everyone's share (points)",
    "staffing.groups.widest": "Widest coverage gap between groups (by each type's standard)",
    "staffing.groups.points": "{value} points",
    "staffing.groups.widest_help": "Highest share covered: {high}; lowest: {low}",
    "staffing.groups.gini_weighted": "Gini of staff per 10,000 (people-weighted)",
    "staffing.groups.gini_unweighted": "Gini of staff per 10,000 (unweighted)",
    "staffing.groups.gini_help": (
        "The Gini coefficient is taken over the staff per 10,000 (2SFCA) of {count} {level}:"
        " 0 means every place alike; the closer to 1, the more the staff sit in a few places."
    ),
    "staffing.groups.level.community": "communities/villages",
    "staffing.groups.level.township": "townships/streets",
    "staffing.groups.level.unit": "demand units",
    "staffing.groups.chosen": "Group shown by township/street and community",
    "siting.staff_on": "Site with staff",
    "siting.staff_on_help": (
        "Choose the new sites and post the staff together: the people an outlet can serve are"
        " its staff × the people one staff member serves (its type's standard). The outlets'"
        " capacities are then not set apart. Not with the P-median model."
    ),
    "siting.staff_way": "Staff",
    "siting.staff_way.budget": "A number of staff to post",
    "siting.staff_way.standard": "Each outlet at its type's standard",
    "siting.staff_budget": "Staff to post (people)",
    "siting.staff_budget_help": (
        "Staff that can be posted across today's and the new outlets; a new outlet gets at"
        " least its type's standard."
    ),
    "siting.staff_capacity_note": (
        "The people an outlet can serve follow from its staff; no capacity is set apart."
    ),
    "staffing.alloc.header": "Staff posted",
    "staffing.alloc.budget": "{added} staff posted (of {budget} to post).",
    "staffing.alloc.standard": (
        "Each outlet at its type's standard; the new outlets get {added} staff."
    ),
    "staffing.alloc.kind": "Today/new",
    "staffing.alloc.existing": "today",
    "staffing.alloc.new": "new",
    "staffing.alloc.before": "Staff today",
    "staffing.alloc.added": "Staff added",
    "staffing.alloc.after": "Staff after the plan",
    "staffing.alloc.served_before": "Served today",
    "staffing.alloc.served_after": "Served after the plan",
}
