"""The report's and workbook's words for staffing and capacity (issue 15).

The chapter 服务能力与人员配置 (:mod:`servicecircle.report.staffing_tables`),
the workbook sheets 人员配置（街道） and 网点负荷
(:mod:`servicecircle.report.workbook_staffing`) and the street pack's line.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "report.doc.section.staffing": "服务能力与人员配置",
    # the whole area
    "report.staff.lead": (
        "现有 {outlets} 个网点共有工作人员 {staff} 人，按人员配置标准可服务 {capacity} 人。"
        "全区 {people} 人，每万名居民可达工作人员 {per10k} 人（两步移动搜索法），"
        "按出行时间衰减计为 {e2sfca} 人（增强两步移动搜索法）。"
    ),
    "report.staff.lead_after": (
        "按推荐方案新增 {new} 个网点后，工作人员共 {staff} 人，按人员配置标准可服务 {capacity} 人；"
        "每万名居民可达工作人员 {per10k} 人（增强两步移动搜索法 {e2sfca} 人），"
        "能力内可服务 {served} 人，占 {share}。"
    ),
    "report.staff.after_note": (
        "表中“→”前为现状，后为按推荐方案新增网点后；新增网点没有现状，记为“—”。"
    ),
    "report.staff.method": (
        "每万名居民可达工作人员：每个网点的工作人员按其服务圈内的人口分摊，居民可到达的各网点"
        "分摊之和乘以一万，乡镇（街道）的值按人口加权平均；增强两步移动搜索法把服务圈按出行时间"
        "分段加权（由近到远 {weights}）。能力内外：服务圈内的居民按各网点的服务能力（工作人员数"
        " × 每名工作人员服务人数）分配，能力内、超出能力与服务圈外三者之和为总人口。"
    ),
    "report.staff.split": "能力内外的人口",
    "report.staff.split.kind": "类别",
    "report.staff.split.served": "能力内可服务",
    "report.staff.split.over_capacity": "在服务圈内但超出网点能力",
    "report.staff.split.out_of_reach": "不在任何网点服务圈内",
    "report.staff.split.total": "合计",
    "report.staff.share_of_all": "占总人口",
    # by township/street
    "report.staff.streets": "各乡镇（街道）的人员配置",
    "report.staff.no_streets": "需求单元没有乡镇（街道）归属，只列出全区的数字。",
    "report.staff.col.per10k": "每万人工作人员",
    "report.staff.col.plain": "两步法",
    "report.staff.col.decay": "距离衰减",
    "report.staff.col.split": "人口",
    "report.staff.col.served": "能力内",
    "report.staff.col.over": "超出能力",
    "report.staff.col.out": "服务圈外",
    "report.staff.col.grade": "评级",
    # outlets
    "report.staff.outlets": "网点负荷（负荷最重的在前）",
    "report.staff.outlets_note": (
        "负荷：服务圈内人口 ÷ 工作人员数；利用率：能力内服务人数 ÷ 可服务人数。"
    ),
    "report.staff.outlets_note_after": (
        "各网点的服务圈内人口和可服务人数见工作簿“网点负荷（规划后）”表。"
    ),
    "report.staff.more_outlets": "另有 {n} 个网点未列出（见工作簿“网点负荷”表）。",
    "report.staff.col.outlet": "网点",
    "report.staff.col.type": "类型",
    "report.staff.col.tier": "层级",
    "report.staff.col.staff": "工作人员",
    "report.staff.col.source": "人员数来源",
    "report.staff.col.catchment": "服务圈内人口",
    "report.staff.col.load": "负荷",
    "report.staff.col.capacity": "可服务人数",
    "report.staff.col.outlet_served": "能力内",
    "report.staff.col.utilisation": "利用率",
    # tiers and grades
    "report.staff.tiers": "分级覆盖",
    "report.staff.tiers_note": (
        "每一级只计本级网点：居民在本级某个网点的服务标准（出行方式与时间）以内，才算被该级覆盖。"
    ),
    "report.staff.col.tier_outlets": "网点数",
    "report.staff.col.covered": "覆盖人口",
    "report.staff.col.share": "覆盖比例",
    "report.staff.tier_missing": "没有{tiers}网点，各乡镇（街道）该层级的覆盖均为 0。",
    "report.staff.grades": "乡镇（街道）评级",
    "report.staff.grade_rule": (
        "评级取各乡镇（街道）{tiers}覆盖比例中最低的一个：{bands}，其余为 {last} 级；"
        "评级线是规划假设，不是国家标准。"
    ),
    "report.staff.grade_band": "{grade} 级不低于 {share}",
    "report.staff.col.tier_share": "{tier}覆盖比例",
    "report.staff.grade_value": "{grade} 级",
    "report.staff.no_grades": "需求单元没有乡镇（街道）归属，未评级。",
    # key groups
    "report.staff.groups": "重点群体",
    "report.staff.groups.note": (
        "重点群体人数来自 {source}。差距为该群体 {minutes} 分钟覆盖比例减去全体常住人口的，"
        "单位为百分点；能力内外为占该群体人数的比例。"
    ),
    "report.staff.groups.col.group": "群体",
    "report.staff.groups.col.share": "{minutes} 分钟覆盖比例",
    "report.staff.groups.col.gap": "差距（百分点）",
    "report.staff.groups.col.standard": "按服务标准覆盖比例",
    "report.staff.groups.col.per10k": "每万人工作人员",
    "report.staff.groups.widest": (
        "{minutes} 分钟覆盖比例最高的是{highest}（{high}），最低的是{lowest}（{low}），"
        "相差 {pp} 个百分点。"
    ),
    "report.staff.groups.gini": (
        "每万名居民可达工作人员在 {areas} 个{level}之间的基尼系数：按常住人口加权为 {weighted}，"
        "不加权为 {unweighted}（0 为完全均衡，越接近 1 越不均衡）。"
    ),
    "report.staff.groups.level.community": "社区（村）",
    "report.staff.groups.level.township": "乡镇（街道）",
    "report.staff.groups.level.unit": "需求单元",
    # the workbook
    "report.handover.sheet.staff_streets": "人员配置（街道）",
    "report.handover.sheet.loads": "网点负荷",
    "report.handover.sheet.loads_after": "网点负荷（规划后）",
    "report.handover.sheet.groups": "重点群体",
    "report.handover.sheet.equity": "群体公平性",
    "report.handover.groups.col.gap": "与全体差距（百分点，{minutes} 分钟）",
    "report.handover.groups.highest": "{when}最高的群体",
    "report.handover.groups.lowest": "{when}最低的群体",
    "report.handover.groups.widest": "{when}最高与最低相差（百分点）",
    "report.handover.groups.gini_areas": "计算基尼系数的{level}数",
    "report.handover.groups.gini_weighted": "每万人工作人员的基尼系数（按常住人口加权）",
    "report.handover.groups.gini_unweighted": "每万人工作人员的基尼系数（不加权）",
    "report.handover.staff.when": "{when}{label}",
    "report.handover.staff.level.total": "全区",
    "report.handover.staff.col.per10k": "每万人工作人员（两步移动搜索法）",
    "report.handover.staff.col.per10k_e2sfca": "每万人工作人员（增强两步移动搜索法）",
    "report.handover.staff.col.served": "能力内可服务人口",
    "report.handover.staff.col.over": "服务圈内但超出能力人口",
    "report.handover.staff.col.out": "服务圈外人口",
    "report.handover.staff.col.served_share": "能力内可服务比例",
    "report.handover.staff.col.catchment_minutes": "服务范围（分钟）",
    "report.handover.staff.col.people_per_staff": "每名工作人员服务人数（标准）",
    "report.handover.staff.col.load": "每名工作人员对应服务圈内人口",
    "report.handover.staff.col.outlet_served": "能力内服务人数",
    "report.handover.staff.col.utilisation": "能力利用率",
    # the street pack
    "report.handover.pack.staffing": (
        "每万名居民可达工作人员 {per10k} 人，能力内可服务 {served_share}。"
    ),
    "report.handover.pack.grade": "分级覆盖评级：{grade} 级。",
}

EN: dict[str, str] = {
    "report.doc.section.staffing": "Staffing and capacity",
    "report.staff.lead": (
        "The {outlets} existing outlets have {staff} staff, able to serve {capacity} people by the"
        " staffing standard. For the {people} residents there are {per10k} staff per 10,000 within"
        " reach (two-step floating catchment), {e2sfca} with travel-time decay (enhanced two-step"
        " floating catchment)."
    ),
    "report.staff.lead_after": (
        "With the {new} new outlets of the plan there are {staff} staff, able to serve {capacity}"
        " people by the staffing standard; {per10k} staff per 10,000 residents within reach"
        " ({e2sfca} with travel-time decay), and {served} people served within capacity ({share})."
    ),
    "report.staff.after_note": (
        "Cells read today → after the plan's new outlets; a new outlet has no today (—)."
    ),
    "report.staff.method": (
        "Staff per 10,000 within reach: each outlet's staff are shared out over the people in its"
        " catchment, and a resident's shares of the outlets they reach are summed and multiplied"
        " by 10,000; a township's figure is the people-weighted mean. The enhanced form weights"
        " the catchment by travel-time bands (nearest first: {weights}). Within and over capacity:"
        " the residents in reach are shared out to the outlets up to their capacity (staff ×"
        " people per staff member); served, over capacity and out of reach add up to everyone."
    ),
    "report.staff.split": "People within and over capacity",
    "report.staff.split.kind": "Group",
    "report.staff.split.served": "Served within capacity",
    "report.staff.split.over_capacity": "Within reach but over capacity",
    "report.staff.split.out_of_reach": "Out of every outlet's reach",
    "report.staff.split.total": "Total",
    "report.staff.share_of_all": "Share of all people",
    "report.staff.streets": "Staffing by township (street)",
    "report.staff.no_streets": (
        "The demand units belong to no township or street: only the whole area's figures are given."
    ),
    "report.staff.col.per10k": "Staff per 10,000",
    "report.staff.col.plain": "two-step",
    "report.staff.col.decay": "with decay",
    "report.staff.col.split": "People",
    "report.staff.col.served": "served",
    "report.staff.col.over": "over capacity",
    "report.staff.col.out": "out of reach",
    "report.staff.col.grade": "Grade",
    "report.staff.outlets": "Outlet load (heaviest first)",
    "report.staff.outlets_note": (
        "Load: people in the catchment ÷ staff; utilisation: people served within capacity ÷"
        " capacity."
    ),
    "report.staff.outlets_note_after": (
        "Each outlet's people in reach and capacity are in the workbook's sheet Outlet load (plan)."
    ),
    "report.staff.more_outlets": (
        "{n} more outlets not listed (see the workbook's sheet Outlet load)."
    ),
    "report.staff.col.outlet": "Outlet",
    "report.staff.col.type": "Type",
    "report.staff.col.tier": "Tier",
    "report.staff.col.staff": "Staff",
    "report.staff.col.source": "Staff from",
    "report.staff.col.catchment": "People in catchment",
    "report.staff.col.load": "Load (per staff)",
    "report.staff.col.capacity": "Capacity",
    "report.staff.col.outlet_served": "Served",
    "report.staff.col.utilisation": "Utilisation",
    "report.staff.tiers": "Coverage by tier",
    "report.staff.tiers_note": (
        "Each tier counts its own outlets only: a resident is covered at a tier when an outlet of"
        " that tier reaches them within its standard (travel mode and minutes)."
    ),
    "report.staff.col.tier_outlets": "Outlets",
    "report.staff.col.covered": "Covered",
    "report.staff.col.share": "Share covered",
    "report.staff.tier_missing": (
        "There are no {tiers} outlets: every township's coverage at that tier is 0."
    ),
    "report.staff.grades": "Township (street) grades",
    "report.staff.grade_rule": (
        "A township's grade is set by the lowest of its shares covered at the {tiers} tiers:"
        " {bands}, else {last}; the grade lines are a planning assumption, not a national standard."
    ),
    "report.staff.grade_band": "{grade} at least {share}",
    "report.staff.col.tier_share": "Share covered, {tier}",
    "report.staff.grade_value": "{grade}",
    "report.staff.no_grades": "The demand units belong to no township or street: no grades.",
    "report.staff.groups": "Key groups",
    "report.staff.groups.note": (
        "People of the key groups from {source}. The gap is a group's share covered within"
        " {minutes} minutes less that of all residents, in percentage points; served, over"
        " capacity and out of reach are shares of the group's people."
    ),
    "report.staff.groups.col.group": "Group",
    "report.staff.groups.col.share": "Covered in {minutes} min",
    "report.staff.groups.col.gap": "Gap (points)",
    "report.staff.groups.col.standard": "Covered by standard",
    "report.staff.groups.col.per10k": "Staff per 10,000",
    "report.staff.groups.widest": (
        "Within {minutes} minutes, {highest} are covered most ({high}) and {lowest} least"
        " ({low}), {pp} percentage points apart."
    ),
    "report.staff.groups.gini": (
        "The Gini coefficient of staff per 10,000 across the {areas} {level} is {weighted}"
        " weighted by residents and {unweighted} unweighted (0 is perfectly even; the nearer 1,"
        " the less even)."
    ),
    "report.staff.groups.level.community": "communities/villages",
    "report.staff.groups.level.township": "townships/streets",
    "report.staff.groups.level.unit": "demand units",
    "report.handover.sheet.staff_streets": "Staffing by street",
    "report.handover.sheet.loads": "Outlet load",
    "report.handover.sheet.loads_after": "Outlet load (plan)",
    "report.handover.sheet.groups": "Key groups",
    "report.handover.sheet.equity": "Equity",
    "report.handover.groups.col.gap": "Gap to all residents (points, {minutes} min)",
    "report.handover.groups.highest": "Group covered most ({when})",
    "report.handover.groups.lowest": "Group covered least ({when})",
    "report.handover.groups.widest": "Gap between them, points ({when})",
    "report.handover.groups.gini_areas": "Areas in the Gini ({level})",
    "report.handover.groups.gini_weighted": "Gini of staff per 10,000 (weighted by residents)",
    "report.handover.groups.gini_unweighted": "Gini of staff per 10,000 (unweighted)",
    "report.handover.staff.when": "{label}, {when}",
    "report.handover.staff.level.total": "Whole area",
    "report.handover.staff.col.per10k": "Staff per 10,000 (2SFCA)",
    "report.handover.staff.col.per10k_e2sfca": "Staff per 10,000 (E2SFCA)",
    "report.handover.staff.col.served": "Served within capacity",
    "report.handover.staff.col.over": "Within reach, over capacity",
    "report.handover.staff.col.out": "Out of reach",
    "report.handover.staff.col.served_share": "Share served within capacity",
    "report.handover.staff.col.catchment_minutes": "Catchment (minutes)",
    "report.handover.staff.col.people_per_staff": "People per staff member (standard)",
    "report.handover.staff.col.load": "People in reach per staff member",
    "report.handover.staff.col.outlet_served": "Served within capacity",
    "report.handover.staff.col.utilisation": "Utilisation",
    "report.handover.pack.staffing": (
        "{per10k} staff per 10,000 residents within reach; {served_share} served within capacity."
    ),
    "report.handover.pack.grade": "Tier coverage grade: {grade}.",
}
