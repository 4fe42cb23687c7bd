"""The smoothed-LP bound of maximal covering and its band LP, against HiGHS's LP optimum."""

from __future__ import annotations

import numpy as np
import pytest

from servicecircle.siting import SolveOptions, solve
from servicecircle.siting import cover_plan as cover_plan_module
from servicecircle.siting.bounds.smooth_lp import band_lp_bound, project_budget, smooth_lp_bound
from servicecircle.siting.budget import Budget, RowRules
from servicecircle.siting.mip.formulations import mclp_model
from servicecircle.siting.mip.highs import solve_linear
from servicecircle.siting.reduce import CoverInstance, cover_instance
from tests.siting.brute import brute_mclp, random_problem
from tests.siting.test_mclp_bound import lp_relaxation


def lp_optimum(inst: CoverInstance, rules: RowRules) -> float:
    """The LP relaxation's optimum on the reduced instance, by HiGHS."""
    out = solve_linear(mclp_model(inst.A, inst.weight, inst.must, rules), time_limit=60, relax=True)
    assert out.status == "optimal"
    return out.bound


def two_type_rules(inst: CoverInstance, per_type: tuple[int, int]) -> RowRules:
    """Rows split into two outlet types (every other row), each with its own budget."""
    type_of = np.arange(inst.n_rows) % 2
    return RowRules(type_of, np.arange(inst.n_rows), Budget(sum(per_type), per_type), 2)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("per_type", [None, (2, 3)], ids=["one-budget", "per-type"])
def test_bounds_never_below_the_lp_and_close_to_it(seed: int, per_type) -> None:
    problem = random_problem(seed, n_sites=60, n_demand=400, n_fixed=1, density=0.06)
    inst = cover_instance(problem)
    if per_type is None:
        rules = RowRules(inst.type_of, inst.site_of, Budget(5), inst.n_types)
    else:
        rules = two_type_rules(inst, per_type)
    lp = lp_optimum(inst, rules)
    state = smooth_lp_bound(inst.A, inst.weight, rules, deadline=float("inf"), max_iter=400)
    assert state.iterations == 400
    assert state.bound >= lp * (1 - 1e-6)
    assert state.bound <= lp * 1.005
    band = band_lp_bound(inst.A, inst.weight, rules, state, time_limit=60)
    assert band >= lp * (1 - 1e-6)
    assert min(band, state.bound) <= lp * (1 + 1e-4)
    # the fractional plan the bound leaves is one: within the budget, per type too
    assert np.all((state.x >= 0) & (state.x <= 1))
    assert state.x.sum() == pytest.approx(rules.budget.total)


@pytest.mark.parametrize("seed", range(6))
def test_bound_never_below_the_brute_force_optimum(seed: int) -> None:
    problem = random_problem(seed, n_sites=10, n_demand=30, density=0.3)
    inst = cover_instance(problem)
    rules = RowRules(inst.type_of, inst.site_of, Budget(2 + seed % 3), inst.n_types)
    best = brute_mclp(problem, 2 + seed % 3) - inst.base_weight
    for steps in (1, 5, 200):
        state = smooth_lp_bound(inst.A, inst.weight, rules, deadline=float("inf"), max_iter=steps)
        assert state.bound >= best - 1e-6
        assert band_lp_bound(inst.A, inst.weight, rules, state, time_limit=10) >= best - 1e-6


def test_continuing_never_loosens_the_bound() -> None:
    problem = random_problem(3, n_sites=60, n_demand=400, density=0.06)
    inst = cover_instance(problem)
    rules = RowRules(inst.type_of, inst.site_of, Budget(5), inst.n_types)
    state = smooth_lp_bound(inst.A, inst.weight, rules, deadline=float("inf"), max_iter=30)
    first = state.bound
    state = smooth_lp_bound(
        inst.A, inst.weight, rules, deadline=float("inf"), max_iter=30, start=state
    )
    assert state.iterations == 60
    assert state.bound <= first


@pytest.mark.parametrize("per_type", [None, (1, 3)])
def test_projection_onto_fractional_plans(per_type) -> None:
    rng = np.random.default_rng(1)
    n = 12
    type_of = np.arange(n) % 2
    budget = Budget(4) if per_type is None else Budget(4, per_type)
    rules = RowRules(type_of, np.arange(n), budget, 2 if per_type else 1)
    for _ in range(20):
        z = rng.normal(0.0, 1.0, n)
        x = project_budget(z, rules)
        assert np.all((x >= -1e-12) & (x <= 1 + 1e-12))
        groups = [np.arange(n)] if per_type is None else [type_of == 0, type_of == 1]
        totals = [4] if per_type is None else list(per_type)
        for rows, total in zip(groups, totals, strict=True):
            assert x[rows].sum() == pytest.approx(total, abs=1e-9)
        # the closest point: no plan (a vertex of the set) lies at an acute angle
        for _ in range(20):
            plan = np.zeros(n)
            for rows, total in zip(groups, totals, strict=True):
                plan[rng.choice(np.flatnonzero(np.ones(n, bool) & rows), total, replace=False)] = 1
            assert float((z - x) @ (plan - x)) <= 1e-7


def test_solve_by_the_smoothed_lp_reaches_the_lp_bound_with_counted_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the smoothed LP as on large instances (then the band LP when units are left)
    monkeypatch.setattr(cover_plan_module, "LP_NNZ", 0)
    problem = random_problem(4, n_sites=80, n_demand=600, n_fixed=1, density=0.05)
    options = SolveOptions(method="heuristic", work_limit=700, time_limit=0.001)
    a, b = (solve(problem, "mclp", p=8, options=options) for _ in range(2))
    np.testing.assert_array_equal(a.options, b.options)
    assert (a.objective, a.bound) == (b.objective, b.bound)
    exact = solve(problem, "mclp", p=8, options=SolveOptions(method="exact", time_limit=60))
    assert exact.status == "optimal"
    assert a.bound >= exact.objective * (1 - 1e-9)
    assert a.bound <= lp_relaxation(problem, 8) * (1 + 1e-4)
