"""Messages about a plan's new sites and how good the plan is (servicecircle.planning)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.planning.step.travel_times": "计算出行时间：{type}",
    "msg.planning.step.solving": "求解",
    "msg.planning.step.explaining": "说明选址理由",
    "msg.planning.step.done": "完成",
    "msg.planning.idle_dropped": (
        "求解选出的 {chosen} 个网点中，有 {count} 个在服务标准时间内不新增覆盖人口"
        "（它能到达的人已被现有网点或先建的网点覆盖），已从推荐方案中删除："
        "推荐新增网点由 {chosen} 个减为 {kept} 个，覆盖人口不变。"
    ),
    "msg.explain.solver.optimal_among": (
        "在比较的 {candidates:,} 个候选点位中，该方案可证明为最优。"
    ),
    "msg.explain.solver.optimal": "该方案可证明为最优。",
    "msg.explain.solver.within_among": (
        "在比较的 {candidates:,} 个候选点位中，该方案与理论最优相差不超过 {gap}（{why}）。"
    ),
    "msg.explain.solver.within": "该方案与理论最优相差不超过 {gap}（{why}）。",
    "msg.explain.solver.unknown_among": (
        "在比较的 {candidates:,} 个候选点位中，该方案由快速（启发式）算法求得，"
        "无法给出与理论最优的差距。"
    ),
    "msg.explain.solver.unknown": "该方案由快速（启发式）算法求得，无法给出与理论最优的差距。",
    "msg.explain.solver.why.time_limit": "计算到达时间上限时停止，差距由理论上界给出",
    "msg.explain.solver.why.heuristic": "由快速（启发式）算法求得，差距由理论上界给出",
    "msg.explain.solver.why.optimal": "差距在求解精度以内",
    "msg.explain.method.exact": "精确求解（HiGHS 混合整数规划）",
    "msg.explain.verdict.optimal": "可证明最优",
    "msg.explain.verdict.within": "与最优相差 ≤ {gap}",
    "msg.explain.verdict.unknown": "与最优的差距未知",
    "msg.explain.method.fast": "快速搜索（贪心、局部搜索与 HiGHS 子问题），并计算理论上界",
}

EN: dict[str, str] = {
    "msg.planning.step.travel_times": "travel times: {type}",
    "msg.planning.step.solving": "solving",
    "msg.planning.step.explaining": "explaining",
    "msg.planning.step.done": "done",
    "msg.planning.idle_dropped": (
        "{count} of the {chosen} sites the solver chose newly cover nobody within their standard "
        "time (everyone they reach is covered by today's outlets or sites built before them) and "
        "were dropped from the recommendation: {kept} new sites instead of {chosen}, covering the "
        "same people."
    ),
    "msg.explain.solver.optimal_among": (
        "Among the {candidates:,} candidate sites compared, this plan is provably the best "
        "possible."
    ),
    "msg.explain.solver.optimal": "This plan is provably the best possible.",
    "msg.explain.solver.within_among": (
        "Among the {candidates:,} candidate sites compared, this plan is within {gap} of the best "
        "possible ({why})."
    ),
    "msg.explain.solver.within": "This plan is within {gap} of the best possible ({why}).",
    "msg.explain.solver.unknown_among": (
        "Among the {candidates:,} candidate sites compared, this plan was found by a fast "
        "(heuristic) search; how far it is from the best possible is not known."
    ),
    "msg.explain.solver.unknown": (
        "This plan was found by a fast (heuristic) search; how far it is from the best possible "
        "is not known."
    ),
    "msg.explain.solver.why.time_limit": (
        "the search stopped at its time limit; the bound gives the gap"
    ),
    "msg.explain.solver.why.heuristic": (
        "found by a fast (heuristic) search; the bound gives the gap"
    ),
    "msg.explain.solver.why.optimal": "the gap is within the solver's tolerance",
    "msg.explain.method.exact": "exact (HiGHS mixed-integer programming)",
    "msg.explain.verdict.optimal": "provably best",
    "msg.explain.verdict.within": "within {gap} of the best",
    "msg.explain.verdict.unknown": "distance from the best unknown",
    "msg.explain.method.fast": (
        "fast search (greedy, local search and HiGHS sub-problems) with a bound"
    ),
}
