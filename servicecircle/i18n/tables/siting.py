"""Messages of the siting engine (servicecircle.siting): requests, solver notes, progress."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.siting.uncoverable_must": (
        "有 {units} 个必须覆盖的需求单元超出了所有候选点位的服务时间，无法覆盖；其余部分已求解。"
    ),
    "msg.siting.need_exactly": "需要 {count} 个新增网点",
    "msg.siting.need_at_least": "至少需要 {count} 个新增网点",
    "msg.siting.need_more": "需要比这更多的新增网点",
    "msg.siting.must_cover_p": (
        "要覆盖全部 {units} 个必须覆盖的需求单元，{need}，但新增网点数 p = {p}。请增加 p，在这些单"
        "元附近增加候选点位，或取消其“必须覆盖”标记。"
    ),
    "msg.siting.must_cover_p_types": (
        "要覆盖全部 {units} 个必须覆盖的需求单元，{need}，但新增网点数 p = {p}（按各类型的数量限制"
        "）。请增加 p，在这些单元附近增加候选点位，或取消其“必须覆盖”标记。"
    ),
    "msg.siting.search_stopped": (
        "搜索在 {seconds:.1f} 秒后停止：所得方案在最有希望的 {size} 个候选点位中是最优的"
    ),
    "msg.siting.kernel_optimal": "所得方案在最有希望的 {size} 个候选点位中是最优的（核搜索）",
    "msg.siting.penalty": (
        "超出出行时间矩阵上限的需求按 {minutes:g} 分钟计（规划前有 {groups} 组需求）"
    ),
    "msg.siting.must_cover_capacity": (
        "在 p 个新增网点和现有服务能力下，无法在服务时间内服务全部必须覆盖的需求单元。请增加 p 或服"
        "务能力，在这些单元附近增加候选点位，或取消其“必须覆盖”标记。"
    ),
    "msg.siting.no_capacity": (
        "此问题没有设定网点服务能力；请在 `problem_from_matrix` 中设定服务能力（`capacity`），"
        "或使用最大覆盖模型（`mclp`）。"
    ),
    "msg.siting.no_class": "没有需求单元属于类别 {name!r}；现有类别为：{classes}。",
    "msg.siting.no_target": "请给出覆盖率目标（例如 target=0.95）或必须覆盖的类别，作为规划依据。",
    "msg.siting.bad_target": "覆盖率目标是人口比例，须大于 0 且不超过 1；而这里是 {target}。",
    "msg.siting.no_candidates_short": "没有可供选择的候选点位，请增加候选点位。",
    "msg.siting.target_unreachable": (
        "全部 {candidates} 个候选点位加在一起可覆盖 {reach:.1%} 的人口，无法达到 {target:.1%} 的目"
        "标。请降低目标或增加候选点位。"
    ),
    "msg.siting.two_types_one_site": (
        "有 {groups} 组需求只能由同一地点的两种网点共同覆盖，但每个地点只能设一个网点。请降低目标或"
        "增加候选点位。"
    ),
    "msg.siting.already_met": "现有网点已满足要求，无需新增网点",
    "msg.siting.no_candidates": (
        "没有可供选择的候选点位（全部是现有网点或不允许设点）。请增加候选点位。"
    ),
    "msg.siting.no_p": "请说明要新增多少个网点（p）。",
    "msg.siting.p_type_negative": "{type}的新增网点数 p 须为 0 或以上；而这里是 {p}。",
    "msg.siting.p_type_too_many": (
        "要求新增 {p} 个{type}，但只有 {available} 个候选点位允许设置该类型。请减少 p 或增加候选点"
        "位。"
    ),
    "msg.siting.p_whole": "新增网点数 p 须为整数；而这里是 {p}。",
    "msg.siting.p_zero": "p = {p}：请至少新增 1 个网点（现有网点始终保留）。",
    "msg.siting.p_too_many": (
        "要求新增 {p} 个网点，但只有 {candidates} 个候选点位可用。请减少 p 或增加候选点位。"
    ),
    "msg.siting.p_too_many_sites": (
        "要求新增 {p} 个网点，但候选点位只分布在 {sites} 个不同地点（每个地点只设一个网点）。请减少"
        " p 或增加候选点位。"
    ),
    "msg.siting.target_not_met": "现有候选点位无法达到目标。",
    "msg.siting.step.bound": "上界 {bound:,.0f}（当前最优 {value:,.0f}）",
    "msg.siting.step.kernel": "在 {size} 个候选点位中搜索：已覆盖 {value:,.0f}",
    "msg.siting.step.greedy": "贪心选址：{outlets} 个网点，已覆盖 {value:,.0f}",
    "msg.siting.step.local_search": "局部搜索：交换 {swaps} 次，已覆盖 {value:,.0f}",
    "msg.siting.step.plan": "方案：已覆盖 {value:,.0f}，上界 {bound:,.0f}",
    "msg.siting.step.reduced": "精简为 {candidates} 个候选点位 × {groups} 组需求",
    "msg.siting.step.done_share": "完成：覆盖 {share:.1%} 的人口，差距 {gap:.2%}",
    "msg.siting.step.mean_search": "局部搜索：平均 {minutes:.3g} 分钟",
    "msg.siting.step.done_mean": "完成：平均 {minutes:.3g} 分钟，差距 {gap:.2%}",
    "msg.siting.step.greedy_capacity": "按服务能力贪心选址：服务 {value:,.0f}",
    "msg.siting.step.plan_capacity": "服务能力内的覆盖方案：服务 {value:,.0f}",
    "msg.siting.step.done_served": "完成：服务 {share:.1%} 的人口，差距 {gap:.2%}",
    "msg.siting.unknown_type": "未知的网点类型 {type!r}；本次规划的网点类型为 {types}。",
}

EN: dict[str, str] = {
    "msg.siting.uncoverable_must": (
        "{units} must-cover demand units lie beyond every candidate's break and cannot be covered; "
        "the rest was solved"
    ),
    "msg.siting.need_exactly": "needs {count} new outlets",
    "msg.siting.need_at_least": "needs at least {count} new outlets",
    "msg.siting.need_more": "needs more new outlets than that",
    "msg.siting.must_cover_p": (
        "covering all {units} must-cover demand units {need}, but p = {p}; raise p, add candidate "
        "sites near those units, or lift the must-cover flag"
    ),
    "msg.siting.must_cover_p_types": (
        "covering all {units} must-cover demand units {need}, but p = {p} (with the per-type "
        "limits); raise p, add candidate sites near those units, or lift the must-cover flag"
    ),
    "msg.siting.search_stopped": (
        "search stopped after {seconds:.1f} s: the best plan is optimal among the {size} most "
        "promising candidates"
    ),
    "msg.siting.kernel_optimal": (
        "the plan is optimal among the {size} most promising candidates (kernel search)"
    ),
    "msg.siting.penalty": (
        "demand beyond the matrix cutoff counts as {minutes:g} minutes ({groups} demand groups "
        "before the plan)"
    ),
    "msg.siting.must_cover_capacity": (
        "the must-cover demand units cannot all be served within the break with p new outlets and "
        "these capacities; raise p or the capacity, add candidates near those units, or lift the "
        "must-cover flag"
    ),
    "msg.siting.no_capacity": (
        "this problem has no outlet capacity; set capacity in problem_from_matrix or use the "
        '"mclp" model'
    ),
    "msg.siting.no_class": "no demand unit has class {name!r}; classes present: {classes}",
    "msg.siting.no_target": (
        "give a coverage target (e.g. target=0.95) or must-cover classes to plan for"
    ),
    "msg.siting.bad_target": "the target is a share of people in (0, 1]; got {target}",
    "msg.siting.no_candidates_short": (
        "there are no candidate sites to choose from; add candidate sites"
    ),
    "msg.siting.target_unreachable": (
        "all {candidates} candidates together reach {reach:.1%} of people; the target {target:.1%} "
        "cannot be met — lower the target or add candidates"
    ),
    "msg.siting.two_types_one_site": (
        "{groups} demand groups can only be covered by two outlet types at the same site, but a "
        "site takes one outlet; lower the target or add candidate sites"
    ),
    "msg.siting.already_met": (
        "the existing outlets already meet the request; no new outlet is needed"
    ),
    "msg.siting.no_candidates": (
        "there are no candidate sites to choose from (all are existing outlets or not allowed); "
        "add candidate sites"
    ),
    "msg.siting.no_p": "say how many new outlets to open: p",
    "msg.siting.p_type_negative": "p for type {type!r} must be >= 0; got {p}",
    "msg.siting.p_type_too_many": (
        "p = {p} new outlets of type {type!r} requested but only {available} candidate sites allow "
        "that type; lower p or add candidates"
    ),
    "msg.siting.p_whole": "p must be a whole number of outlets; got {p}",
    "msg.siting.p_zero": (
        "p = {p}: ask for at least 1 new outlet (existing outlets are always kept)"
    ),
    "msg.siting.p_too_many": (
        "p = {p} new outlets requested but only {candidates} candidate sites are available; lower "
        "p or add candidates"
    ),
    "msg.siting.p_too_many_sites": (
        "p = {p} new outlets requested but the candidates lie on only {sites} distinct sites (one "
        "outlet per site); lower p or add candidate sites"
    ),
    "msg.siting.target_not_met": "the target cannot be met with the candidates given",
    "msg.siting.step.bound": "bound {bound:,.0f} (incumbent {value:,.0f})",
    "msg.siting.step.kernel": "kernel of {size}: {value:,.0f} covered",
    "msg.siting.step.greedy": "greedy: {outlets} outlets, {value:,.0f} covered",
    "msg.siting.step.local_search": "local search: {swaps} swaps, {value:,.0f} covered",
    "msg.siting.step.plan": "plan: {value:,.0f} covered, bound {bound:,.0f}",
    "msg.siting.step.reduced": "reduced to {candidates} candidates x {groups} demand groups",
    "msg.siting.step.done_share": "done: {share:.1%} of people covered, gap {gap:.2%}",
    "msg.siting.step.mean_search": "local search: mean {minutes:.3g} minutes",
    "msg.siting.step.done_mean": "done: mean {minutes:.3g} minutes, gap {gap:.2%}",
    "msg.siting.step.greedy_capacity": "greedy with capacity: {value:,.0f} served",
    "msg.siting.step.plan_capacity": "covering plan within capacity: {value:,.0f} served",
    "msg.siting.step.done_served": "done: {share:.1%} of people served, gap {gap:.2%}",
    "msg.siting.unknown_type": "unknown outlet type {type!r}; the plan has {types}",
}
