"""Maximal covering's bound: never above what any plan can cover, never below the optimum;
the LP bound when it fits; a work limit giving the same plan and bound on every run."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linprog

from servicecircle.siting import SolveOptions, solve
from servicecircle.siting import cover_plan as cover_plan_module
from tests.siting.brute import brute_mclp, covered_by, random_problem


def coverable_demand(problem, p: int) -> float:
    """What any p new outlets could cover at most, from the matrix alone.

    The weight within the break of some option (candidate or existing), and
    the existing outlets' coverage plus the p candidates reaching the most
    weight by themselves (overlaps counted twice); whichever is smaller.
    """
    eff = problem.effective_weights
    every = np.arange(problem.minutes.shape[0])
    reach_all = float(eff[covered_by(problem, every)].sum())
    fixed = np.flatnonzero(problem.fixed)
    base_cov = covered_by(problem, fixed) if fixed.size else np.zeros(eff.size, bool)
    own = [
        float(eff[covered_by(problem, np.array([i])) & ~base_cov].sum())
        for i in np.flatnonzero(problem.candidates)
    ]
    best_p = float(eff[base_cov].sum()) + sum(sorted(own, reverse=True)[:p])
    return min(reach_all, best_p)


SHORT = [
    SolveOptions(time_limit=0.0),  # the greedy and its online bound only
    SolveOptions(method="heuristic", time_limit=0.0, seed=2),
    SolveOptions(work_limit=1),
    SolveOptions(time_limit=5.0),
]


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("options", SHORT, ids=["t0", "heur-t0", "work1", "t5"])
def test_bound_never_above_coverable_demand_nor_below_optimum(
    seed: int, options: SolveOptions
) -> None:
    # dense overlapping circles: the online bound alone (f(S) plus the p best
    # marginal gains) counts shared demand several times
    problem = random_problem(seed, n_sites=12, n_demand=40, n_fixed=seed % 3, density=0.6)
    p = 2 + seed % 4
    result = solve(problem, "mclp", p=p, options=options)
    cap = coverable_demand(problem, p)
    assert result.bound <= cap * (1 + 1e-9) + 1e-9
    assert result.bound >= brute_mclp(problem, p) - 1e-6
    assert result.objective <= result.bound + 1e-9


@pytest.mark.parametrize("seed", range(4))
def test_one_outlet_bound_at_most_the_best_single_circle(seed: int) -> None:
    # p = 1: no plan covers more than the existing outlets plus the best candidate's own
    problem = random_problem(seed, n_sites=10, n_demand=50, n_fixed=1, density=0.5)
    result = solve(problem, "mclp", p=1, options=SolveOptions(time_limit=0.0))
    fixed = np.flatnonzero(problem.fixed)
    base = covered_by(problem, fixed)
    eff = problem.effective_weights
    best = max(
        float(eff[covered_by(problem, np.array([i])) | base].sum())
        for i in np.flatnonzero(problem.candidates)
    )
    assert result.bound <= best + 1e-9


@pytest.mark.parametrize("seed", range(3))
def test_bound_never_below_the_highs_optimum(seed: int) -> None:
    problem = random_problem(seed, n_sites=60, n_demand=400, n_fixed=2, density=0.06)
    exact = solve(problem, "mclp", p=6, options=SolveOptions(method="exact", time_limit=60))
    assert exact.status == "optimal"
    for options in (SolveOptions(time_limit=0.0), SolveOptions(work_limit=3, seed=seed)):
        heur = solve(problem, "mclp", p=6, options=options)
        assert heur.bound >= exact.objective * (1 - 1e-9)
        assert heur.bound <= coverable_demand(problem, 6) * (1 + 1e-9)


def lp_relaxation(problem, p: int) -> float:
    """The MCLP LP relaxation's optimum by SciPy (existing outlets' coverage added)."""
    base = covered_by(problem, np.flatnonzero(problem.fixed))
    cand = np.flatnonzero(problem.candidates)
    cols = np.flatnonzero(~base)
    eff = problem.effective_weights[cols]
    A = covered_matrix(problem, cand)[:, cols]
    n, m = A.shape
    # variables x (n) then y (m): max eff @ y, y_k <= sum_i A_ik x_i, sum x = p
    c = np.concatenate([np.zeros(n), -eff])
    a_ub = np.hstack([-A.T.astype(float), np.eye(m)])
    a_eq = np.concatenate([np.ones(n), np.zeros(m)])[None, :]
    out = linprog(c, A_ub=a_ub, b_ub=np.zeros(m), A_eq=a_eq, b_eq=[p], bounds=(0, 1))
    return float(problem.effective_weights[base].sum() - out.fun)


def covered_matrix(problem, rows: np.ndarray) -> np.ndarray:
    """Dense (rows x demand) booleans: option covers the unit."""
    return np.stack([covered_by(problem, np.array([r])) for r in rows])


def test_lp_bound_used_when_the_lagrangian_is_weaker(monkeypatch: pytest.MonkeyPatch) -> None:
    # the guidance by the Lagrangian (as on large instances); the LP fits the time left
    monkeypatch.setattr(cover_plan_module, "LP_NNZ", 0)
    problem = random_problem(4, n_sites=80, n_demand=600, n_fixed=1, density=0.05)
    result = solve(problem, "mclp", p=8, options=SolveOptions(method="heuristic", time_limit=20))
    lp = lp_relaxation(problem, 8)
    assert result.bound <= lp * (1 + 1e-6)
    assert result.bound >= brute_free_optimum(problem, 8) - 1e-6


def brute_free_optimum(problem, p: int) -> float:
    """The optimum by HiGHS (the exact method, proven optimal)."""
    exact = solve(problem, "mclp", p=p, options=SolveOptions(method="exact", time_limit=60))
    assert exact.status == "optimal"
    return exact.objective


@pytest.mark.parametrize("lagrangian", [False, True], ids=["lp", "lagrangian"])
def test_work_limit_gives_the_same_plan_and_bound(
    lagrangian: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if lagrangian:
        monkeypatch.setattr(cover_plan_module, "LP_NNZ", 0)
    problem = random_problem(7, n_sites=150, n_demand=1500, n_fixed=3, density=0.04)
    options = SolveOptions(work_limit=40, seed=5, time_limit=0.001)  # the seconds do not apply
    runs = [solve(problem, "mclp", p=8, options=options) for _ in range(2)]
    a, b = runs
    np.testing.assert_array_equal(a.options, b.options)
    assert (a.objective, a.bound) == (b.objective, b.bound)
    # the work was done although the time limit had long passed: better than the greedy alone
    greedy = solve(problem, "mclp", p=8, options=SolveOptions(time_limit=0.0, seed=5))
    assert a.objective >= greedy.objective
    assert a.bound <= greedy.bound


def test_work_limit_below_one_refused() -> None:
    with pytest.raises(ValueError, match="work_limit"):
        SolveOptions(work_limit=0)
