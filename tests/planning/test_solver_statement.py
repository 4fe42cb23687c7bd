"""How good a plan is, said once: proven best only without a gap, never beside "heuristic"."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from servicecircle.planning.explain import (
    gap_percent,
    search_method,
    solver_statement,
    solver_verdict,
)


def outcome(status: str, gap: float | None, bound: float | None = 100.0, **more: object):
    return SimpleNamespace(status=status, gap=gap, bound=bound, **more)


def test_a_plan_without_gap_is_proven_best_among_the_candidates_compared() -> None:
    plan = outcome("optimal", 0.0, n_candidates=1234)
    assert solver_statement(plan, "zh") == "在比较的 1,234 个候选点位中，该方案可证明为最优。"
    assert solver_statement(plan, "en") == (
        "Among the 1,234 candidate sites compared, this plan is provably the best possible."
    )
    # a heuristic whose plan meets its bound is proven too, and never called heuristic
    fast = outcome("heuristic", 0.0)
    assert solver_statement(fast, "zh") == "该方案可证明为最优。"
    assert "启发式" not in solver_statement(fast, "zh") + solver_verdict(fast, "zh")
    assert "启发式" not in search_method("heuristic", "zh")


def test_a_gap_is_said_as_within_that_share_of_the_best_never_as_proven() -> None:
    # the reviewer's case: status "optimal" from the solver beside a gap of 2.56 %
    plan = outcome("optimal", 0.0256, n_candidates=80)
    zh = solver_statement(plan, "zh")
    assert zh.startswith("在比较的 80 个候选点位中，该方案与理论最优相差不超过 2.56%")
    assert "可证明为最优" not in zh and "已证明" not in zh
    assert solver_verdict(plan, "zh") == "与最优相差 ≤ 2.56%"
    stopped = solver_statement(outcome("time_limit", 0.031), "en")
    assert stopped == (
        "This plan is within 3.10% of the best possible (the search stopped at its time limit; "
        "the bound gives the gap)."
    )
    fast = solver_statement(outcome("heuristic", 0.004, n_candidates=12), "zh")
    assert "不超过 0.40%" in fast and "启发式" in fast and "最优。" not in fast


def test_a_heuristic_without_bound_says_the_distance_is_unknown() -> None:
    for plan in (outcome("heuristic", None, None), outcome("heuristic", float("inf"), None)):
        assert solver_statement(plan, "zh", n_candidates=5) == (
            "在比较的 5 个候选点位中，该方案由快速（启发式）算法求得，无法给出与理论最优的差距。"
        )
        assert "not known" in solver_statement(plan, "en")
        assert solver_verdict(plan, "en") == "distance from the best unknown"


@pytest.mark.parametrize(
    ("gap", "said"),
    [(0.0, "0.00%"), (1e-7, "0.01%"), (0.02551, "2.56%"), (0.0256, "2.56%"), (None, "—")],
)
def test_the_gap_is_rounded_up_so_within_is_never_an_understatement(gap, said) -> None:
    assert gap_percent(gap) == said
