"""Messages of siting with staff (:mod:`servicecircle.siting.models.staffed`, ``site --staff``)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "model.staffed_mclp": "带人员配置的最大服务模型（选址并调配人员）",
    "report.objective.staffed_mclp": "能力内被服务人数（按人员配置计算网点能力，按区域类型加权）",
    "msg.staffsite.bad_budget": "可调配的工作人员数须为不小于 0 的整数，而这里是 {budget}。",
    "msg.staffsite.bad_terms": (
        "人员配置须为每个网点（现有网点与候选点位，共 {options} 个）各给一个值："
        "每名工作人员服务人数大于 0，现有人员数不小于 0。"
    ),
    "msg.staffsite.no_budget": (
        "带人员配置的选址需要可调配的工作人员数（命令行 --staff N）；"
        "不调配人员时请去掉该模型，或用 --model min 按各类型人员配置标准求最少网点数。"
    ),
    "msg.staffsite.must_cover": (
        "按现有人员和可调配的工作人员，无法在网点能力内服务全部必须覆盖的区域；"
        "请增加可调配的工作人员（--staff）或新增网点数，或减少必须覆盖的区域。"
    ),
    "msg.staffsite.target_unreachable": (
        "即使在全部 {candidates} 个候选点位都设网点并调配全部工作人员，"
        "能力内也服务不到 {target:.0%} 的人口；请降低目标、增加可调配的工作人员或候选点位。"
    ),
    "msg.staffsite.no_plan_in_time": (
        "在给定的计算时间内未找到满足要求的方案；请延长计算时间（--time-limit）后重试。"
    ),
    "msg.staffsite.standard_needs_min": (
        "“按标准配置人员”只用于求最少网点数（--model min --staff standard）；"
        "求最大服务时请给出可调配的工作人员数，例如 --staff 10。"
    ),
    "msg.staffsite.no_pmedian": (
        "p-中位模型不调配人员；带人员配置请用最大覆盖（--model mclp --staff N）"
        "或最少网点数（--model min --staff N）。"
    ),
    "msg.staffsite.no_capacity_with_staff": (
        "调配人员时网点能力由人员数 × 每名人员服务人数算出，不能同时给出网点容量"
        "（--capacity、--existing-capacity）；请去掉其中之一。"
    ),
    "export.layer.staff": "网点人员调配",
    "export.col.existing": "现有网点",
    "export.meaning.existing": "是否为现有网点（否：规划新增的网点）",
    "export.col.staff_before": "原有人员",
    "export.meaning.staff_before": "规划前的工作人员数（人；新增网点为 0）",
    "export.col.staff_added": "调配人员",
    "export.meaning.staff_added": "规划调配到该网点的工作人员数（人；新增网点为其全部人员）",
    "export.col.people_per_staff": "每名人员服务人数",
    "export.meaning.people_per_staff": "每名工作人员可服务的人数（按网点类型的人员配置标准）",
    "export.col.capacity": "服务能力",
    "export.meaning.capacity": "规划后网点可服务的人数（工作人员数 × 每名人员服务人数）",
    "export.col.served_before": "规划前能力内服务人数",
    "export.meaning.served_before": "规划前该网点在服务圈和能力内服务的人数（新增网点为 0）",
    "export.col.served": "规划后能力内服务人数",
    "export.meaning.served": "规划后该网点在服务圈和能力内服务的人数",
    "msg.staffsite.cli.kind": "可调配的工作人员数（整数，或“标准”）",
    "msg.staffsite.cli.unnamed": "（未命名网点）",
    "msg.staffsite.cli.total": (
        "人员调配：可调配 {budget} 人，调配到现有网点 {existing} 人、新增网点 {new} 人"
        "（未调配 {left} 人，再多也服务不到更多人）；网点能力内服务 {today} 人 → {after} 人。"
    ),
    "msg.staffsite.cli.total_all": (
        "人员调配：可调配 {budget} 人，调配到现有网点 {existing} 人、新增网点 {new} 人；"
        "网点能力内服务 {today} 人 → {after} 人。"
    ),
    "msg.staffsite.cli.total_standard": (
        "新增网点按各类型人员配置标准共配置 {new} 人；网点能力内服务 {today} 人 → {after} 人。"
    ),
    "msg.staffsite.cli.outlet": (
        "  {name}：工作人员 {before} → {after} 人（每名服务 {per} 人），"
        "能力内服务 {served_before} → {served} 人"
    ),
    "msg.staffsite.step.greedy": "贪心法调配人员与选址：能力内服务 {value:,.0f}（加权人数）",
}

EN: dict[str, str] = {
    "model.staffed_mclp": "maximal service with staff (sites and staff posted)",
    "report.objective.staffed_mclp": (
        "people served within capacity (capacity from staff, weighted by area type)"
    ),
    "msg.staffsite.bad_budget": (
        "The staff to post must be a whole number of at least 0; got {budget}."
    ),
    "msg.staffsite.bad_terms": (
        "The staff terms need one value per outlet ({options} existing outlets and candidates): "
        "people per staff member above 0 and today's staff at least 0."
    ),
    "msg.staffsite.no_budget": (
        "Siting with staff needs the staff to post (--staff N on the command line); without "
        "staff to post, choose another model, or --model min for the fewest outlets with each "
        "type's standard staff."
    ),
    "msg.staffsite.must_cover": (
        "With today's staff and the staff to post, the must-cover areas cannot all be served "
        "within capacity; post more staff (--staff), allow more new outlets, or drop must-cover "
        "areas."
    ),
    "msg.staffsite.target_unreachable": (
        "Even with outlets at all {candidates} candidate sites and all staff posted, fewer than "
        "{target:.0%} of people can be served within capacity; lower the target, post more staff "
        "or add candidate sites."
    ),
    "msg.staffsite.no_plan_in_time": (
        "No plan meeting the request was found in the time given; allow more time "
        "(--time-limit) and try again."
    ),
    "msg.staffsite.standard_needs_min": (
        "Staffing by the standard applies to the fewest outlets only (--model min --staff "
        "standard); for the most people served give the staff to post, e.g. --staff 10."
    ),
    "msg.staffsite.no_pmedian": (
        "The p-median model posts no staff; with staff use maximal covering (--model mclp "
        "--staff N) or the fewest outlets (--model min --staff N)."
    ),
    "msg.staffsite.no_capacity_with_staff": (
        "With staff to post an outlet's capacity is its staff x people per staff member, so "
        "no outlet capacity (--capacity, --existing-capacity) can be given as well; drop one."
    ),
    "export.layer.staff": "Staff posted to outlets",
    "export.col.existing": "Existing outlet",
    "export.meaning.existing": "Whether the outlet exists today (no: a new site of the plan)",
    "export.col.staff_before": "Staff before",
    "export.meaning.staff_before": "Staff before the plan (people; 0 for a new site)",
    "export.col.staff_added": "Staff posted",
    "export.meaning.staff_added": (
        "Staff the plan posts to the outlet (people; a new site's whole staff)"
    ),
    "export.col.people_per_staff": "People per staff member",
    "export.meaning.people_per_staff": (
        "People one staff member can serve (the outlet type's staffing standard)"
    ),
    "export.col.capacity": "Capacity",
    "export.meaning.capacity": (
        "People the outlet can serve after the plan (staff x people per staff member)"
    ),
    "export.col.served_before": "Served before",
    "export.meaning.served_before": (
        "People the outlet serves within its circle and capacity before the plan (0 for a new site)"
    ),
    "export.col.served": "Served after",
    "export.meaning.served": (
        "People the outlet serves within its circle and capacity after the plan"
    ),
    "msg.staffsite.cli.kind": "the staff to post (a whole number, or 'standard')",
    "msg.staffsite.cli.unnamed": "(unnamed outlet)",
    "msg.staffsite.cli.total": (
        "Staff posted: {budget} to post, {existing} to existing outlets and {new} to new sites "
        "({left} left unposted: they would serve nobody more); people served within capacity "
        "{today} -> {after}."
    ),
    "msg.staffsite.cli.total_all": (
        "Staff posted: {budget} to post, {existing} to existing outlets and {new} to new sites; "
        "people served within capacity {today} -> {after}."
    ),
    "msg.staffsite.cli.total_standard": (
        "New sites staffed by their type's standard: {new} staff in all; people served within "
        "capacity {today} -> {after}."
    ),
    "msg.staffsite.cli.outlet": (
        "  {name}: staff {before} -> {after} (each serving {per} people), served within "
        "capacity {served_before} -> {served}"
    ),
    "msg.staffsite.step.greedy": (
        "greedy staff and sites: {value:,.0f} (weighted people) served within capacity"
    ),
}
