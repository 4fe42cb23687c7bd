"""The counted-work schedule of maximal covering: units given back, the band LP, the last units.

With a work limit no phase looks at the clock; these tests check the
bookkeeping that decides how many units each phase gets (kernels give back
the nodes HiGHS did not need, the band LP follows as many smoothed steps as
the units allow and comes before the kernels, the units left at the end go
to tabu moves) and that the answer does not change when the clock runs a
thousand times faster (a busy machine).
"""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest

from servicecircle.siting import SolveOptions, solve
from servicecircle.siting import cover_plan as cover_plan_module
from servicecircle.siting.budget import Budget, RowRules
from servicecircle.siting.columns import column_counts
from servicecircle.siting.cover_kernel import solve_kernel
from servicecircle.siting.cover_local import tabu_with_units_left
from servicecircle.siting.effort import Effort
from servicecircle.siting.heuristics.greedy import lazy_greedy_cover
from servicecircle.siting.reduce import cover_instance
from tests.siting.brute import random_problem


def covered(inst, rows: np.ndarray) -> float:
    return float(inst.weight[column_counts(inst.A, np.asarray(rows)) > 0].sum())


def small(seed: int, p: int):
    """A reduced random instance, its rules with ``p`` outlets, and the greedy plan."""
    inst = cover_instance(random_problem(seed, n_sites=60, n_demand=500, n_fixed=1, density=0.06))
    rules = RowRules(inst.type_of, inst.site_of, Budget(p), inst.n_types)
    rows, _ = lazy_greedy_cover(inst.A, inst.weight, rules, seed=0)
    return inst, rules, rows


def test_a_kernel_solved_early_gives_back_the_units_of_its_unused_nodes() -> None:
    inst, rules, rows = small(3, 5)
    effort = Effort(float("inf"), units=1000)
    # every row in the kernel: HiGHS proves it optimal long before 250 units' nodes
    new, bound, solved = solve_kernel(
        *(inst, rules, rows, np.zeros(inst.n_rows), inst.n_rows),
        time_limit=float("inf"),
        mip_gap=1e-4,
        seed=0,
        effort=effort,
    )
    assert solved and new is not None and np.isfinite(bound)
    assert 1 <= effort.used < 250  # its share was a quarter of the 1000 units


@pytest.mark.parametrize(("root", "tried"), [(100, True), (300, False)])
def test_a_kernel_pays_at_least_its_root_and_is_not_tried_when_its_root_costs_more(
    monkeypatch: pytest.MonkeyPatch, root: int, tried: bool
) -> None:
    """A root LP no node limit bounds is charged (``root_cost``); over the share: not run."""
    from servicecircle.siting import cover_kernel

    monkeypatch.setattr(cover_kernel, "root_cost", lambda nnz: root)
    inst, rules, rows = small(3, 5)
    effort = Effort(float("inf"), units=1000)  # the kernel's share: 250 units
    new, bound, solved = solve_kernel(
        *(inst, rules, rows, np.zeros(inst.n_rows), inst.n_rows),
        time_limit=float("inf"),
        mip_gap=1e-4,
        seed=0,
        effort=effort,
    )
    if tried:
        assert solved and new is not None and np.isfinite(bound)
        assert root <= effort.used < 250  # solved early, but never cheaper than its root
    else:
        assert new is None and not solved and not np.isfinite(bound)
        assert effort.used == 0  # every unit of its share given back


def test_the_band_lp_follows_enough_steps_and_leaves_units_to_the_kernels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the smoothed LP as at 50,000 x 5,000; the band LP's steps as the units allow
    monkeypatch.setattr(cover_plan_module, "LP_NNZ", 0)
    steps_before: list[int] = []
    band_lp = cover_plan_module.band_lp_bound

    def spy(A, weight, rules, state, **kwargs):
        steps_before.append(state.iterations)
        return band_lp(A, weight, rules, state, **kwargs)

    monkeypatch.setattr(cover_plan_module, "band_lp_bound", spy)
    problem = random_problem(4, n_sites=80, n_demand=600, n_fixed=1, density=0.05)
    for work_limit in range(560, 760, 20):
        options = SolveOptions(method="heuristic", work_limit=work_limit)
        solve(problem, "mclp", p=8, options=options)
    least, most = cover_plan_module.BAND_MIN_COUNTED, cover_plan_module.BAND_AFTER_COUNTED
    assert steps_before and all(least <= n <= most for n in steps_before)
    assert min(steps_before) < most == max(steps_before)  # short of units: fewer steps
    assert len(steps_before) < 10  # the fewest units: no band LP
    # more units: the kernels after the band LP prove the plan optimal
    steps_before.clear()
    many = solve(problem, "mclp", p=8, options=SolveOptions(method="heuristic", work_limit=1200))
    exact = solve(problem, "mclp", p=8, options=SolveOptions(method="exact", time_limit=60))
    assert steps_before == [most]
    assert exact.status == "optimal"
    assert many.objective == pytest.approx(exact.objective)
    assert many.bound == pytest.approx(exact.objective, rel=1e-4)


@pytest.mark.parametrize("seed", range(3))
def test_the_units_left_go_to_tabu_moves_never_to_a_worse_plan(seed: int) -> None:
    inst, rules, rows = small(seed, 6)
    effort = Effort(float("inf"), units=50)
    effort.spend(20)
    better = tabu_with_units_left(inst.A, inst.weight, rows, rules, effort, seed=0)
    assert effort.left == 0  # 30 units of moves made
    assert covered(inst, better) >= covered(inst, rows)
    assert better.size == rows.size and np.unique(better).size == rows.size


def test_without_counted_work_or_units_left_the_plan_is_kept() -> None:
    inst, rules, rows = small(1, 6)
    timed = Effort(time.perf_counter() + 60.0)
    assert tabu_with_units_left(inst.A, inst.weight, rows, rules, timed, seed=0) is rows
    spent = Effort(float("inf"), units=10, used=10)
    assert tabu_with_units_left(inst.A, inst.weight, rows, rules, spent, seed=0) is rows
    assert spent.used == 10


@pytest.mark.parametrize("work_limit", [40, 700])
def test_counted_work_gives_the_same_answer_when_the_clock_runs_fast(
    work_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the smoothed LP, and with 700 units the band LP and the tabu moves after it,
    # as at 50,000 x 5,000
    monkeypatch.setattr(cover_plan_module, "LP_NNZ", 0)
    problem = random_problem(4, n_sites=80, n_demand=600, n_fixed=1, density=0.05)
    options = SolveOptions(method="heuristic", work_limit=work_limit, time_limit=1.0)
    idle = solve(problem, "mclp", p=8, options=options)
    ticks = itertools.count()
    real = time.perf_counter
    # a busy machine: every look at the clock finds 10 s more gone
    monkeypatch.setattr(time, "perf_counter", lambda: real() + 10.0 * next(ticks))
    busy = solve(problem, "mclp", p=8, options=options)
    monkeypatch.setattr(time, "perf_counter", real)
    np.testing.assert_array_equal(idle.options, busy.options)
    assert (idle.objective, idle.bound) == (busy.objective, busy.bound)
    assert next(ticks) > 1  # the solve did look at the clock
