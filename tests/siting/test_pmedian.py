"""p-median against brute force, with the beyond-cutoff penalty."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from servicecircle.siting import SolveOptions, problem_from_matrix, solve
from tests.siting.brute import brute_pmedian, pmedian_cost, random_problem


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("method", ["heuristic", "exact"])
def test_pmedian_matches_brute_force(seed: int, method: str) -> None:
    problem = random_problem(seed, n_sites=9, n_demand=30, n_fixed=seed % 2, density=0.4)
    p = 1 + seed % 3
    penalty = 45.0
    best = brute_pmedian(problem, p, penalty)
    result = solve(
        problem,
        "pmedian",
        p=p,
        unreachable_minutes=penalty,
        options=SolveOptions(method=method, time_limit=5),
    )
    assert result.sense == "min"
    assert result.objective == pytest.approx(pmedian_cost(problem, result.options, penalty))
    assert result.bound <= best + 1e-6
    assert result.objective >= best - 1e-9
    if method == "exact":
        assert result.status == "optimal"
        assert result.objective == pytest.approx(best)
    assert any("counts as 45 minutes" in str(n) for n in result.notes)


def test_default_penalty_is_twice_the_cutoff() -> None:
    minutes = sp.csr_matrix(np.array([[3.0, 0.0], [0.0, 0.0]]))
    problem = problem_from_matrix(minutes, np.ones(2), minutes_break=10.0)
    result = solve(problem, "pmedian", p=1, options=SolveOptions(time_limit=5))
    # unit 1 is reached by nobody: counted at 2 * 10 minutes
    assert result.objective == pytest.approx((3.0 + 20.0) / 2)
    assert result.people_beyond_cutoff == pytest.approx(1.0)
    assert result.mean_minutes == pytest.approx(3.0)


def test_stored_zero_means_zero_minutes() -> None:
    minutes = sp.csr_matrix(
        (np.array([0.0, 4.0]), (np.array([0, 1]), np.array([0, 0]))), shape=(2, 1)
    )
    problem = problem_from_matrix(minutes, np.ones(1), minutes_break=10.0)
    result = solve(problem, "pmedian", p=1, options=SolveOptions(time_limit=5))
    assert result.options.tolist() == [0]
    assert result.objective == pytest.approx(0.0)


def test_medium_heuristic_within_gap() -> None:
    problem = random_problem(3, n_sites=40, n_demand=150, density=0.1)
    exact = solve(
        problem, "pmedian", p=5, options=SolveOptions(method="exact", time_limit=60, mip_gap=0.0)
    )
    heur = solve(problem, "pmedian", p=5, options=SolveOptions(method="heuristic", time_limit=5))
    assert exact.status == "optimal"
    assert heur.objective >= exact.objective - 1e-9
    assert heur.bound <= exact.objective + 1e-6


@pytest.mark.parametrize("seed", range(4))
def test_lagrangian_lower_bound_is_valid(seed: int) -> None:
    from servicecircle.siting.bounds.median import median_lagrangian_bound
    from servicecircle.siting.budget import Budget, RowRules
    from servicecircle.siting.reduce import MedianInstance

    problem = random_problem(seed, n_sites=9, n_demand=30, density=0.4)
    penalty = 45.0
    p = 2
    best = brute_pmedian(problem, p, penalty) * problem.effective_weights.sum()
    D = problem.minutes.copy()
    D.data = np.minimum(D.data, penalty)
    rules = RowRules(problem.type_of, problem.site_of, Budget(p), 1)
    n = problem.n_options
    inst = MedianInstance(
        D=D,
        weight=problem.effective_weights,
        options=np.arange(n),
        fixed=np.zeros(0, dtype=np.int64),
        free=np.arange(n),
        free_mask=np.ones(n, dtype=bool),
        rules=rules,
        penalty=penalty,
        people=problem.weights,
    )
    lower = median_lagrangian_bound(inst, best, np.array([0, 1]), deadline=float("inf"))
    assert lower <= best + 1e-6
    assert lower > 0.5 * best  # it is a useful bound, not a trivial one


def test_lagrangian_bound_on_a_medium_instance(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the LP size limit the bound is Lagrangian: valid and close to the LP."""
    from servicecircle.siting.models import pmedian

    problem = random_problem(5, n_sites=60, n_demand=800, density=0.06, n_fixed=2)
    penalty = 45.0
    exact = solve(
        problem,
        "pmedian",
        p=6,
        unreachable_minutes=penalty,
        options=SolveOptions(method="exact", time_limit=120, mip_gap=0.0),
    )
    assert exact.status == "optimal"
    with_lp = solve(
        problem,
        "pmedian",
        p=6,
        unreachable_minutes=penalty,
        options=SolveOptions(method="heuristic", time_limit=10),
    )
    monkeypatch.setattr(pmedian, "LP_NNZ", 0)
    lagr = solve(
        problem,
        "pmedian",
        p=6,
        unreachable_minutes=penalty,
        options=SolveOptions(method="heuristic", time_limit=10),
    )
    assert lagr.bound <= exact.objective + 1e-9
    assert lagr.objective >= exact.objective - 1e-9
    # the Lagrangian dual approaches the LP relaxation bound from below
    assert lagr.bound <= with_lp.bound + 1e-6
    assert lagr.bound >= 0.98 * with_lp.bound
