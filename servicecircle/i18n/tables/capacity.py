"""Messages about outlet capacity in siting: who can be served, and what a model refuses."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.siting.must_cover_unreachable": (
        "{units} 个必须覆盖的需求单元都超出了所有现有网点和候选点位的服务时间，任何方案都无法覆盖；"
        "全部候选点位加在一起最多覆盖 {reach:.1%} 的人口。请在这些区域附近增加候选点位，"
        "或放宽服务时间标准。"
    ),
    "msg.siting.target_unreachable_capacity": (
        "全部 {candidates} 个候选点位都设点，在服务能力以内最多服务 {reach:.1%} 的人口，"
        "无法达到 {target:.1%} 的目标。请降低目标、提高每个网点的服务能力或增加候选点位。"
    ),
    "msg.siting.must_cover_capacity_min": (
        "即使全部候选点位都设点，必须覆盖的区域也无法在网点服务能力以内全部得到服务。"
        "请提高服务能力、在这些区域附近增加候选点位，或取消必须覆盖的要求。"
    ),
    "msg.siting.capacity_no_heuristic": (
        "“{model}”模型的快速近似算法（heuristic）不考虑网点服务能力；设定了服务能力时，"
        "请改用求解方法“auto”或“exact”（HiGHS 精确求解）。"
    ),
    "msg.planning.bad_existing_capacity": (
        "现有网点的服务能力须为正数人数；{rows}的“服务能力”不是正数。请改正或留空（不限）。"
    ),
    "msg.siting.step.capacity_min": "在服务能力以内的最少网点方案：{count} 个新增网点",
    "siting.existing_capacity_on": "限制每个现有网点可服务的人数",
    "siting.existing_capacity": "每个现有网点可服务人数",
    "siting.existing_capacity_help": (
        "默认不限。现有网点文件若有“服务能力”或“容量”列，则按各网点自己的数值，此处只补空白的网点。"
    ),
}

EN: dict[str, str] = {
    "msg.siting.must_cover_unreachable": (
        "all {units} must-cover demand units lie beyond the break of every existing outlet and "
        "candidate, so no plan can cover them; all candidates together reach at most {reach:.1%} "
        "of people. Add candidates near those units or lengthen the standard time."
    ),
    "msg.siting.target_unreachable_capacity": (
        "with all {candidates} candidates open, at most {reach:.1%} of people can be served "
        "within the outlets' capacity; the target {target:.1%} cannot be met. Lower the target, "
        "raise the capacity of an outlet, or add candidates."
    ),
    "msg.siting.must_cover_capacity_min": (
        "even with every candidate open, the must-cover units cannot all be served within the "
        "outlets' capacity. Raise the capacity, add candidates near those units, or lift the "
        "must-cover request."
    ),
    "msg.siting.capacity_no_heuristic": (
        "the heuristic method of the {model} model does not honour outlet capacity; with a "
        "capacity set, use the method 'auto' or 'exact' (solved exactly with HiGHS)."
    ),
    "msg.planning.bad_existing_capacity": (
        "the capacity of existing outlets must be a positive number of people; the capacity of "
        "{rows} is not. Correct it or leave it empty (unlimited)."
    ),
    "msg.siting.step.capacity_min": "fewest outlets within capacity: {count} new outlets",
    "siting.existing_capacity_on": "Limit how many people one existing outlet can serve",
    "siting.existing_capacity": "People one existing outlet can serve",
    "siting.existing_capacity_help": (
        "Unlimited by default. When the outlets file has a capacity column (服务能力, 容量), "
        "each outlet keeps its own; this number fills the blank ones."
    ),
}
