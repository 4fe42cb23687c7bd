"""Set-cover reductions and the full-coverage / must-cover-only paths of min outlets."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.sparse as sp

from servicecircle.siting import SiteType, SolveOptions, problem_from_types, solve
from servicecircle.siting.set_cover import reduce_set_cover
from tests.siting.brute import covered_by, random_minutes, random_problem


def random_cover_matrix(seed: int, n: int = 8, m: int = 18) -> sp.csr_matrix:
    """0/1 rows x columns where every column has at least one row."""
    rng = np.random.default_rng(seed)
    dense = rng.random((n, m)) < 0.25
    dense[rng.integers(0, n, m), np.arange(m)] = True
    return sp.csr_matrix(dense.astype(np.float64))


def brute_cover(A: sp.csr_matrix, site_of: np.ndarray | None = None) -> int | None:
    """Fewest rows covering every column (one row per site), or None."""
    dense = A.toarray() > 0
    n, m = dense.shape
    if m == 0:
        return 0
    for k in range(1, n + 1):
        for combo in itertools.combinations(range(n), k):
            if site_of is not None and np.unique(site_of[list(combo)]).size != k:
                continue
            if dense[list(combo)].any(axis=0).all():
                return k
    return None


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("shared", [False, True])
def test_reductions_keep_the_optimum(seed: int, shared: bool) -> None:
    A = random_cover_matrix(seed)
    site_of = np.arange(A.shape[0]) // 2 if shared else None
    red = reduce_set_cover(A, site_of=site_of)
    best = brute_cover(A, site_of)
    if best is None:
        left = None if site_of is None else site_of[red.rows]
        assert red.uncoverable.size or brute_cover(red.A, left) is None
        return
    assert best is not None
    assert red.A.shape == (red.rows.size, red.cols.size)
    assert np.intersect1d(red.forced, red.rows).size == 0
    assert np.array_equal(red.A.toarray(), A[red.rows][:, red.cols].toarray())
    assert red.uncoverable.size == 0
    reduced_best = brute_cover(red.A, None if site_of is None else site_of[red.rows])
    assert reduced_best is not None
    assert red.forced.size + reduced_best == best
    # a cover of what is left plus the forced rows covers everything
    dense = red.A.toarray() > 0
    for k in range(reduced_best, red.rows.size + 1):
        for combo in itertools.combinations(range(red.rows.size), k):
            if red.cols.size and not dense[list(combo)].any(axis=0).all():
                continue
            rows = np.concatenate([red.forced, red.rows[list(combo)]])
            assert (A[rows].toarray() > 0).any(axis=0).all()
            break
        else:
            continue
        break


def test_reductions_shrink_a_nested_instance() -> None:
    # row 0 covers everything row 1 covers; column 2 is only covered by row 2
    A = sp.csr_matrix(np.array([[1, 1, 0, 1], [1, 0, 0, 0], [0, 0, 1, 0]], dtype=float))
    red = reduce_set_cover(A)
    assert red.forced.tolist() == [0, 2]
    assert red.cols.size == 0
    # rows 0 and 2 on one site: only one of them may open, column 2 or 3 is lost
    clash = reduce_set_cover(A, site_of=np.array([0, 1, 0]))
    assert clash.uncoverable.size


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("method", ["heuristic", "exact"])
def test_full_coverage_matches_brute_force(seed: int, method: str) -> None:
    problem = random_problem(seed, n_sites=9, n_demand=30, n_fixed=seed % 2, density=0.25)
    cand = np.flatnonzero(problem.candidates)
    reach = covered_by(problem, cand)
    target = problem.weights[reach].sum() / problem.weights.sum()
    rows = np.concatenate([np.flatnonzero(problem.fixed), cand])
    need = np.flatnonzero(reach & ~covered_by(problem, np.zeros(0, dtype=np.int64)))
    best = brute_cover(sp.csr_matrix(problem.cover[cand][:, need], dtype=float))
    assert rows.size and best is not None
    result = solve(
        problem, "min_outlets", target=target, options=SolveOptions(method=method, time_limit=5)
    )
    assert result.share_after >= target - 1e-9
    assert result.bound <= best <= result.objective
    if method == "exact":
        assert result.objective == best
        assert result.status == "optimal"


@pytest.mark.parametrize("seed", range(4))
def test_must_cover_only_matches_brute_force(seed: int) -> None:
    problem = random_problem(seed, n_sites=9, n_demand=30, classes=True, density=0.3)
    cand = np.flatnonzero(problem.candidates)
    reloc = (problem.classes == "relocation") & covered_by(problem, cand)
    best = brute_cover(sp.csr_matrix(problem.cover[cand][:, np.flatnonzero(reloc)], dtype=float))
    result = solve(
        problem,
        "min_outlets",
        must_cover_classes=["relocation"],
        options=SolveOptions(method="exact"),
    )
    assert np.all(result.covered[reloc])
    assert result.objective == best
    assert result.status == "optimal"


@pytest.mark.parametrize("seed", range(4))
def test_full_coverage_with_shared_sites(seed: int) -> None:
    walk = random_minutes(seed, 7, 16, density=0.45)
    bike = random_minutes(seed + 70, 7, 16, density=0.45)
    w = np.random.default_rng(seed).integers(1, 30, 16).astype(float)
    problem = problem_from_types(
        {
            "window": SiteType(walk, minutes_break=12.0),
            "gig_market": SiteType(bike, minutes_break=12.0),
        },
        w,
    )
    cand = np.flatnonzero(problem.candidates)
    reach = covered_by(problem, cand)
    sub = sp.csr_matrix(problem.cover[cand][:, np.flatnonzero(reach)], dtype=float)
    best = brute_cover(sub, problem.site_of[cand])
    if best is None:
        pytest.skip("one outlet per site cannot cover every reachable unit here")
    target = problem.weights[reach].sum() / problem.weights.sum()
    result = solve(
        problem, "min_outlets", target=target, options=SolveOptions(method="exact", time_limit=5)
    )
    assert result.objective == best
    sites = [s.site for s in result.sites]
    assert len(set(sites)) == len(sites)
    assert result.share_after >= target - 1e-9
