"""Small random siting instances and brute-force reference solutions."""

from __future__ import annotations

import itertools

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from servicecircle.siting import SitingProblem, problem_from_matrix


def random_minutes(
    seed: int, n_sites: int, n_demand: int, *, density: float = 0.3, cutoff: float = 20.0
) -> sp.csr_matrix:
    """A random sparse minutes matrix: a stored pair is reachable within ``cutoff``."""
    rng = np.random.default_rng(seed)
    mask = rng.random((n_sites, n_demand)) < density
    rows, cols = np.nonzero(mask)
    vals = np.round(rng.uniform(0.0, cutoff, rows.size), 1)
    return sp.csr_matrix((vals, (rows, cols)), shape=(n_sites, n_demand))


def random_problem(
    seed: int,
    n_sites: int = 10,
    n_demand: int = 30,
    *,
    n_fixed: int = 0,
    classes: bool = False,
    must: int = 0,
    capacity: float | None = None,
    minutes_break: float = 10.0,
    density: float = 0.3,
) -> SitingProblem:
    rng = np.random.default_rng(seed + 1000)
    minutes = random_minutes(seed, n_sites, n_demand, density=density)
    weights = rng.integers(1, 50, n_demand).astype(float)
    fixed = np.zeros(n_sites, bool)
    fixed[rng.choice(n_sites, n_fixed, replace=False)] = True
    cls = rng.choice(["residential", "industrial", "relocation"], n_demand) if classes else None
    cw = {"relocation": 3.0, "industrial": 2.0} if classes else None
    mc = np.zeros(n_demand, bool)
    if must:
        mc[rng.choice(n_demand, must, replace=False)] = True
    return problem_from_matrix(
        minutes,
        weights,
        minutes_break=minutes_break,
        classes=cls,
        class_weights=cw,
        fixed=fixed,
        must_cover=mc,
        capacity=capacity,
    )


def feasible_sets(problem: SitingProblem, p: int | dict[str, int]):
    """All sets of new options obeying the budget and one outlet per site."""
    cand = np.flatnonzero(problem.candidates)
    total = sum(p.values()) if isinstance(p, dict) else p
    for combo in itertools.combinations(cand.tolist(), total):
        sites = problem.site_of[list(combo)]
        if np.unique(sites).size != len(combo):
            continue
        if isinstance(p, dict):
            types = problem.type_of[list(combo)]
            ok = all(int((types == problem.type_index(name)).sum()) == k for name, k in p.items())
            if not ok:
                continue
        yield np.asarray(combo, dtype=np.int64)


def covered_by(problem: SitingProblem, options: np.ndarray) -> np.ndarray:
    rows = np.concatenate([np.flatnonzero(problem.fixed), options]).astype(np.int64)
    cov = np.zeros(problem.n_demand, bool)
    cov[problem.cover[rows].indices] = True
    return cov


def brute_mclp(problem: SitingProblem, p: int | dict[str, int]) -> float:
    """Best class-weighted coverage with every must-cover unit that can be covered covered."""
    reach = covered_by(problem, np.flatnonzero(problem.candidates))
    must = problem.must_cover & reach
    best = -np.inf
    for combo in feasible_sets(problem, p):
        cov = covered_by(problem, combo)
        if np.any(must & ~cov):
            continue
        best = max(best, float(problem.effective_weights[cov].sum()))
    return best


def pmedian_cost(problem: SitingProblem, options: np.ndarray, penalty: float) -> float:
    rows = np.concatenate([np.flatnonzero(problem.fixed), options]).astype(np.int64)
    d = np.full(problem.n_demand, penalty)
    sub = problem.minutes[rows].tocoo()
    np.minimum.at(d, sub.col, np.minimum(sub.data, penalty))
    w = problem.effective_weights
    return float((w * d).sum() / w.sum())


def brute_pmedian(problem: SitingProblem, p: int, penalty: float) -> float:
    return min(pmedian_cost(problem, c, penalty) for c in feasible_sets(problem, p))


def served_value(problem: SitingProblem, options: np.ndarray) -> float:
    """Best class-weighted people served by the open outlets within capacity (scipy LP)."""
    rows = np.concatenate([np.flatnonzero(problem.fixed), options]).astype(np.int64)
    sub = problem.cover[rows].tocoo()
    ne = sub.nnz
    if ne == 0:
        return 0.0
    eff, ppl = problem.effective_weights, problem.weights
    ratio = np.divide(eff, ppl, out=np.zeros_like(eff), where=ppl > 0)
    m, n = problem.n_demand, rows.size
    a = sp.csr_matrix(
        (np.ones(2 * ne), (np.concatenate([sub.col, m + sub.row]), np.tile(np.arange(ne), 2))),
        shape=(m + n, ne),
    )
    res = linprog(
        -ratio[sub.col],
        A_ub=a,
        b_ub=np.concatenate([ppl, problem.capacity[rows]]),
        bounds=(0, None),
        method="highs",
    )
    assert res.status == 0
    return float(-res.fun)


def brute_capacitated(problem: SitingProblem, p: int) -> float:
    return max(served_value(problem, c) for c in feasible_sets(problem, p))


def brute_min_outlets(problem: SitingProblem, target: float) -> int:
    cand = np.flatnonzero(problem.candidates)
    total = problem.weights.sum()
    reach = covered_by(problem, cand)
    must = problem.must_cover & reach
    for k in range(0, cand.size + 1):
        for combo in itertools.combinations(cand.tolist(), k):
            cov = covered_by(problem, np.asarray(combo, dtype=np.int64))
            if problem.weights[cov].sum() >= target * total - 1e-9 and not np.any(must & ~cov):
                return k
    raise AssertionError("no k meets the target")
