"""Capacitated maximal covering: capacity respected, optimum against brute force."""

from __future__ import annotations

import numpy as np
import pytest

from servicecircle.errors import InfeasibleRequestError
from servicecircle.siting import SolveOptions, solve
from servicecircle.siting.bounds.capacity import capacity_lagrangian_bound
from servicecircle.siting.budget import RowRules, budget_from
from servicecircle.siting.mip.formulations import capacitated_model
from servicecircle.siting.mip.highs import solve_linear
from servicecircle.siting.reduce import cover_instance
from tests.siting.brute import brute_capacitated, random_problem, served_value


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("method", ["heuristic", "exact"])
def test_capacitated_matches_brute_force(seed: int, method: str) -> None:
    problem = random_problem(
        seed, n_sites=8, n_demand=25, capacity=60.0, n_fixed=seed % 2, classes=seed % 3 == 0
    )
    p = 1 + seed % 3
    best = brute_capacitated(problem, p)
    result = solve(problem, "mclp", p=p, options=SolveOptions(method=method, time_limit=5))
    assert result.model == "capacitated_mclp"
    assert result.objective == pytest.approx(served_value(problem, result.options), rel=1e-6)
    assert result.objective <= best + 1e-6
    assert result.bound >= best - 1e-6
    if method == "exact":
        assert result.objective == pytest.approx(best, rel=1e-6)
    # capacity respected: no more people served than the open outlets can take
    open_caps = problem.capacity[np.concatenate([np.flatnonzero(problem.fixed), result.options])]
    assert result.served_people.sum() <= open_caps.sum() + 1e-6
    assert np.all(result.served_people <= problem.weights + 1e-9)
    assert sum(s.new_people for s in result.sites) == pytest.approx(
        result.served_people.sum() - sum(c.covered_before for c in result.coverage_by_class),
        abs=1e-6,
    )


def test_capacity_binds() -> None:
    problem = random_problem(2, n_sites=8, n_demand=25, capacity=10.0)
    free = solve(
        random_problem(2, n_sites=8, n_demand=25), "mclp", p=2, options=SolveOptions(method="exact")
    )
    capped = solve(problem, "mclp", p=2, options=SolveOptions(method="exact"))
    assert capped.served_people.sum() <= 20.0 + 1e-6
    assert capped.objective <= free.objective


def test_needs_capacity() -> None:
    with pytest.raises(InfeasibleRequestError, match="no outlet capacity"):
        solve(random_problem(0), "capacitated_mclp", p=1)


@pytest.mark.parametrize("seed", range(5))
def test_capacity_lagrangian_bound_is_valid_and_near_the_lp(seed: int) -> None:
    problem = random_problem(
        seed, n_sites=9, n_demand=30, capacity=50.0, n_fixed=seed % 2, classes=True, must=seed % 3
    )
    p = 2
    inst = cover_instance(problem, keep_fixed=True, split_by_class=True)
    rules = RowRules(inst.type_of, inst.site_of, budget_from(problem, p), inst.n_types)
    cap = np.minimum(problem.capacity[inst.options], np.asarray(inst.A @ inst.people).ravel())
    model = capacitated_model(
        inst.A, inst.weight, inst.people, inst.must, cap, inst.is_fixed, rules
    )
    lp = solve_linear(model, time_limit=30, relax=True)
    if lp.status != "optimal":
        pytest.skip("must-cover units cannot be served with this p")
    bound = capacity_lagrangian_bound(
        inst.A,
        inst.weight,
        inst.people,
        inst.must,
        cap,
        inst.is_fixed,
        rules,
        incumbent=0.0,
        deadline=np.inf,
        max_iter=3000,
    )
    # a Lagrangian dual value never lies below the LP relaxation it converges to
    assert bound >= lp.bound - 1e-6 * max(lp.bound, 1.0)
    assert bound <= 1.05 * lp.bound + 1e-6
    if not problem.must_cover.any():  # brute force ignores must-cover units
        assert bound >= brute_capacitated(problem, p) - 1e-6


def test_capacity_heuristic_on_a_medium_instance_against_highs() -> None:
    problem = random_problem(11, n_sites=80, n_demand=600, density=0.04, capacity=400.0)
    exact = solve(
        problem, "mclp", p=6, options=SolveOptions(method="exact", time_limit=120, mip_gap=0.0)
    )
    assert exact.status == "optimal"
    heur = solve(problem, "mclp", p=6, options=SolveOptions(method="heuristic", time_limit=5))
    assert heur.model == "capacitated_mclp"
    assert heur.objective <= exact.objective + 1e-6
    assert heur.bound >= exact.objective - 1e-6
    assert heur.objective == pytest.approx(served_value(problem, heur.options), rel=1e-6)
    # the kernel search brings the heuristic close to the optimum
    assert heur.objective >= 0.97 * exact.objective
