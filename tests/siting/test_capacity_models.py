"""Capacity in the fewest-outlets and p-median models, against brute force on tiny instances.

The references enumerate every set of new outlets and solve each set's
assignment with scipy's ``linprog`` (a formulation written here, apart from
the package's HiGHS models).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import linprog

from servicecircle.errors import InfeasibleRequestError, InputDataError
from servicecircle.siting import SitingProblem, SolveOptions, problem_from_matrix, solve
from tests.siting.brute import random_problem


def _people_served(problem: SitingProblem, options: np.ndarray) -> float | None:
    """Most people the open outlets serve within break and capacity, must-cover in full.

    ``None`` when the must-cover units cannot all be served.
    """
    rows = np.concatenate([np.flatnonzero(problem.fixed), options]).astype(np.int64)
    sub = problem.cover[rows].tocoo()
    ppl = problem.weights
    # must-cover units no outlet reaches are reported apart; the rest is served in full
    reachable = np.asarray(problem.cover[problem.fixed | problem.candidates].sum(axis=0)).ravel()
    must = problem.must_cover & (reachable > 0)
    ne, m, n = sub.nnz, problem.n_demand, rows.size
    if ne == 0:
        return None if np.any(must & (ppl > 0)) else 0.0
    a = sp.csr_matrix(
        (np.ones(2 * ne), (np.concatenate([sub.col, m + sub.row]), np.tile(np.arange(ne), 2))),
        shape=(m + n, ne),
    )
    cap = problem.capacity[rows] if problem.capacity is not None else np.full(n, np.inf)
    b_ub = np.concatenate([ppl, np.where(np.isfinite(cap), cap, 1e12)])
    # must-cover units served in full: -sum_i f_ik <= -P_k
    must_rows = np.flatnonzero(must)
    a_must = -sp.csr_matrix(a[must_rows])
    res = linprog(
        -np.ones(ne),
        A_ub=sp.vstack([a, a_must]),
        b_ub=np.concatenate([b_ub, -ppl[must_rows]]),
        bounds=(0, None),
        method="highs",
    )
    return float(-res.fun) if res.status == 0 else None


def _brute_min(problem: SitingProblem, target: float) -> int | None:
    cand = np.flatnonzero(problem.candidates)
    need = target * problem.weights.sum()
    for k in range(cand.size + 1):
        for combo in itertools.combinations(cand.tolist(), k):
            got = _people_served(problem, np.asarray(combo, dtype=np.int64))
            if got is not None and got >= need - 1e-6:
                return k
    return None


def _median_cost(problem: SitingProblem, options: np.ndarray, penalty: float) -> float:
    """Least people-weighted minutes within capacity (over capacity: the penalty), per person."""
    rows = np.concatenate([np.flatnonzero(problem.fixed), options]).astype(np.int64)
    sub = problem.minutes[rows].tocoo()
    w, ppl = problem.effective_weights, problem.weights
    m, n, ne = problem.n_demand, rows.size, sub.nnz
    # columns: z per stored pair, then u per unit; sum z + u = 1; sum_k P_k z_ik <= cap_i
    cost = np.concatenate([w[sub.col] * np.minimum(sub.data, penalty), w * penalty])
    a_eq = sp.csr_matrix(
        (np.ones(ne + m), (np.concatenate([sub.col, np.arange(m)]), np.arange(ne + m))),
        shape=(m, ne + m),
    )
    a_ub = sp.csr_matrix((ppl[sub.col], (sub.row, np.arange(ne))), shape=(n, ne + m))
    assert problem.capacity is not None
    res = linprog(
        cost,
        A_ub=a_ub,
        b_ub=problem.capacity[rows],
        A_eq=a_eq,
        b_eq=np.ones(m),
        bounds=(0, 1),
        method="highs",
    )
    assert res.status == 0
    return float(res.fun / w.sum())


def _feasible(problem: SitingProblem, p: int):
    cand = np.flatnonzero(problem.candidates)
    for combo in itertools.combinations(cand.tolist(), p):
        yield np.asarray(combo, dtype=np.int64)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("method", ["heuristic", "exact", "auto"])
def test_capacitated_min_matches_brute_force(seed: int, method: str) -> None:
    problem = random_problem(
        seed, n_sites=8, n_demand=20, capacity=70.0, n_fixed=seed % 2, must=seed % 3
    )
    target = 0.5 + 0.05 * seed
    best = _brute_min(problem, target)
    options = SolveOptions(method=method, time_limit=10)
    if best is None:
        with pytest.raises(InfeasibleRequestError):
            solve(problem, "min_outlets", target=target, options=options)
        return
    result = solve(problem, "min_outlets", target=target, options=options)
    served = _people_served(problem, result.options)
    assert served is not None and served >= target * problem.weights.sum() - 1e-6
    assert result.bound <= best <= result.objective
    if method != "heuristic":
        assert result.objective == best
        assert result.status == "optimal"
    assert result.served_people.sum() == pytest.approx(served, rel=1e-6)
    open_caps = problem.capacity[np.concatenate([np.flatnonzero(problem.fixed), result.options])]
    assert result.served_people.sum() <= open_caps.sum() + 1e-6


def test_capacity_changes_the_fewest_outlets() -> None:
    """Without capacity one outlet covers everyone; with a small capacity it takes more."""
    minutes = sp.csr_matrix(np.array([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]))
    free = problem_from_matrix(minutes, [10, 10, 10], minutes_break=5)
    capped = problem_from_matrix(minutes, [10, 10, 10], minutes_break=5, capacity=12.0)
    assert solve(free, "min_outlets", target=1.0).objective == 1
    result = solve(capped, "min_outlets", target=1.0)
    assert result.objective == 3
    assert result.served_people.sum() == pytest.approx(30.0)
    with pytest.raises(InfeasibleRequestError, match="at most 80.0%"):
        problem = problem_from_matrix(minutes, [10, 10, 10], minutes_break=5, capacity=8.0)
        solve(problem, "min_outlets", target=0.9)


def test_capacitated_min_must_cover_beyond_capacity() -> None:
    minutes = sp.csr_matrix(np.array([[1.0, 2.0], [9.0, 1.0]]))
    problem = problem_from_matrix(
        minutes, [50, 10], minutes_break=5, capacity=20.0, must_cover=[True, False]
    )
    with pytest.raises(InfeasibleRequestError, match="must-cover units cannot all be served"):
        solve(problem, "min_outlets")


@pytest.mark.parametrize("seed", range(6))
def test_capacitated_pmedian_matches_brute_force(seed: int) -> None:
    problem = random_problem(seed, n_sites=7, n_demand=18, capacity=60.0, n_fixed=seed % 2)
    penalty, p = 45.0, 1 + seed % 2
    best = min(_median_cost(problem, c, penalty) for c in _feasible(problem, p))
    result = solve(
        problem,
        "pmedian",
        p=p,
        unreachable_minutes=penalty,
        options=SolveOptions(method="auto", time_limit=10),
    )
    assert result.objective == pytest.approx(best, rel=1e-6)
    assert result.objective == pytest.approx(
        _median_cost(problem, result.options, penalty), rel=1e-6
    )
    assert result.bound <= result.objective + 1e-9
    assert result.status == "optimal"
    served = _people_served(dataclass_without_must(problem), result.options)
    assert result.served_people.sum() == pytest.approx(served, rel=1e-6)


def dataclass_without_must(problem: SitingProblem) -> SitingProblem:
    import dataclasses

    return dataclasses.replace(problem, must_cover=np.zeros(problem.n_demand, dtype=bool))


def test_capacity_changes_the_pmedian() -> None:
    """Two groups next to outlet 0; with room for one group there, the other goes to outlet 1."""
    minutes = sp.csr_matrix(np.array([[1.0, 1.0], [5.0, 5.0]]))
    free = problem_from_matrix(minutes, [10, 10], minutes_break=10, fixed=[True, False])
    capped = problem_from_matrix(
        minutes, [10, 10], minutes_break=10, fixed=[True, False], capacity=10.0
    )
    assert solve(free, "pmedian", p=1).objective == pytest.approx(1.0)
    assert solve(capped, "pmedian", p=1).objective == pytest.approx(3.0)


def test_capacitated_pmedian_refuses_the_heuristic() -> None:
    problem = random_problem(0, capacity=50.0)
    with pytest.raises(InputDataError, match="heuristic method of the pmedian model"):
        solve(problem, "pmedian", p=1, options=SolveOptions(method="heuristic"))


def test_no_demand_within_any_break_serves_nobody() -> None:
    """Every pair beyond the break: the capacitated models answer, no traceback."""
    minutes = sp.csr_matrix(np.array([[20.0, 30.0], [25.0, 40.0]]))
    problem = problem_from_matrix(minutes, [10, 20], minutes_break=15, capacity=5)
    result = solve(problem, "mclp", p=1)
    assert result.model == "capacitated_mclp"
    assert result.objective == 0.0
    assert result.served_people.sum() == 0.0
    with pytest.raises(InfeasibleRequestError, match=r"at most 0\.0%"):
        solve(problem, "min_outlets", target=0.5)


def test_unreachable_must_cover_is_not_already_met() -> None:
    minutes = sp.csr_matrix(np.array([[20.0, 30.0], [25.0, 40.0]]))
    problem = problem_from_matrix(minutes, [10, 20], minutes_break=15, must_cover=[True, False])
    with pytest.raises(InfeasibleRequestError, match="no plan can cover them") as info:
        solve(problem, "min_outlets")
    assert "already meet" not in str(info.value)
