"""Maximal covering against brute force (small) and the HiGHS optimum (medium)."""

from __future__ import annotations

import numpy as np
import pytest

from servicecircle.errors import InfeasibleRequestError
from servicecircle.siting import (
    SiteType,
    SolveOptions,
    problem_from_matrix,
    problem_from_types,
    solve,
)
from tests.siting.brute import brute_mclp, covered_by, random_minutes, random_problem

REL = 1e-9


def check_valid(result, problem) -> None:
    """Every result carries a status, an objective not above its bound, and coherent tables."""
    assert result.status in {"optimal", "time_limit", "heuristic"}
    assert result.bound >= result.objective * (1 - REL) - 1e-9
    assert 0.0 <= result.gap <= 1.0
    chosen = result.options
    assert not np.any(problem.fixed[chosen])
    cov = covered_by(problem, chosen)
    assert result.objective == pytest.approx(float(problem.effective_weights[cov].sum()))
    np.testing.assert_array_equal(result.covered, cov)
    assert result.coverage_curve[-1] == pytest.approx(
        problem.weights[cov].sum() / problem.weights.sum()
    )
    assert np.all(np.diff(result.coverage_curve) >= -1e-12)
    assert [s.order for s in result.sites] == list(range(1, len(chosen) + 1))


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("method", ["heuristic", "exact", "auto"])
def test_mclp_matches_brute_force(seed: int, method: str) -> None:
    problem = random_problem(seed, n_sites=10, n_demand=30, classes=seed % 2 == 0)
    p = 1 + seed % 4
    best = brute_mclp(problem, p)
    result = solve(problem, "mclp", p=p, options=SolveOptions(method=method, time_limit=5))
    check_valid(result, problem)
    assert len(result.sites) == p
    assert result.objective <= best + 1e-9
    assert result.bound >= best - 1e-6
    if method != "heuristic" or result.status == "optimal":
        assert result.objective == pytest.approx(best)
        assert result.status == "optimal"


@pytest.mark.parametrize("seed", range(4))
def test_fixed_outlets_count_and_stay(seed: int) -> None:
    problem = random_problem(seed, n_sites=12, n_demand=30, n_fixed=3)
    best = brute_mclp(problem, 2)
    result = solve(problem, "mclp", p=2, options=SolveOptions(method="exact", time_limit=5))
    check_valid(result, problem)
    assert result.objective == pytest.approx(best)
    before = covered_by(problem, np.zeros(0, dtype=np.int64))
    assert result.share_before == pytest.approx(
        problem.weights[before].sum() / problem.weights.sum()
    )
    for c in result.coverage_by_class:
        assert c.covered_before == pytest.approx(problem.weights[before].sum())


@pytest.mark.parametrize("seed", range(5))
def test_must_cover_is_hard(seed: int) -> None:
    problem = random_problem(seed, n_sites=10, n_demand=30, must=4)
    best = brute_mclp(problem, 3)
    result = solve(problem, "mclp", p=3, options=SolveOptions(method="heuristic", time_limit=5))
    check_valid(result, problem)
    reach = covered_by(problem, np.flatnonzero(problem.candidates))
    must_ok = problem.must_cover & reach
    assert np.all(result.covered[must_ok])
    assert result.objective <= best + 1e-9 <= result.bound + 1e-6
    np.testing.assert_array_equal(
        result.uncoverable_must_cover, np.flatnonzero(problem.must_cover & ~reach)
    )


def test_must_cover_unreachable_units_are_returned() -> None:
    minutes = random_minutes(3, 6, 20, density=0.4)
    minutes = minutes.tolil()
    minutes[:, [4, 7]] = 0  # nobody reaches units 4 and 7
    minutes = minutes.tocsr()
    minutes.eliminate_zeros()
    must = np.zeros(20, bool)
    must[[4, 7, 10]] = True
    problem = problem_from_matrix(minutes, np.ones(20), minutes_break=15.0, must_cover=must)
    result = solve(problem, "mclp", p=2, options=SolveOptions(time_limit=5))
    assert sorted(result.uncoverable_must_cover.tolist()) == [4, 7]
    if covered_by(problem, np.flatnonzero(problem.candidates))[10]:
        assert result.covered[10]
    assert any("cannot be covered" in str(n) for n in result.notes)


def test_must_cover_needing_more_outlets_raises() -> None:
    # three demand units, each reached by its own site only
    import scipy.sparse as sp

    minutes = sp.csr_matrix(np.eye(3) * 5.0 + np.eye(3) * 0.0)
    minutes = sp.csr_matrix((np.full(3, 5.0), (np.arange(3), np.arange(3))), shape=(4, 3))
    problem = problem_from_matrix(
        minutes, np.ones(3), minutes_break=10.0, must_cover=np.ones(3, bool)
    )
    with pytest.raises(InfeasibleRequestError, match="needs 3 new outlets, but p = 2"):
        solve(problem, "mclp", p=2, options=SolveOptions(method="heuristic", time_limit=5))


@pytest.mark.parametrize("seed", range(4))
def test_types_with_own_break_and_budget(seed: int) -> None:
    walk = random_minutes(seed, 7, 25, density=0.35)
    bike = random_minutes(seed + 50, 7, 25, density=0.5)
    w = np.random.default_rng(seed).integers(1, 30, 25).astype(float)
    problem = problem_from_types(
        {
            "window": SiteType(walk, minutes_break=15.0),
            "gig_market": SiteType(bike, minutes_break=12.0),
        },
        w,
    )
    for p in ({"window": 2, "gig_market": 1}, 3):
        best = brute_mclp(problem, p)
        result = solve(problem, "mclp", p=p, options=SolveOptions(method="exact", time_limit=5))
        check_valid(result, problem)
        assert result.objective == pytest.approx(best)
        sites = [s.site for s in result.sites]
        assert len(set(sites)) == len(sites)  # one outlet per site
        if isinstance(p, dict):
            assert sorted(s.type for s in result.sites) == ["gig_market", "window", "window"]
        heur = solve(problem, "mclp", p=p, options=SolveOptions(method="heuristic", time_limit=5))
        check_valid(heur, problem)
        assert heur.objective <= best + 1e-9 <= heur.bound + 1e-6
        assert len({s.site for s in heur.sites}) == 3


def test_medium_heuristic_within_its_gap_of_highs_optimum() -> None:
    problem = random_problem(7, n_sites=60, n_demand=400, density=0.05, classes=True)
    exact = solve(
        problem, "mclp", p=6, options=SolveOptions(method="exact", time_limit=60, mip_gap=0.0)
    )
    assert exact.status == "optimal"
    heur = solve(problem, "mclp", p=6, options=SolveOptions(method="heuristic", time_limit=5))
    check_valid(heur, problem)
    assert heur.objective <= exact.objective + 1e-6
    assert heur.bound >= exact.objective - 1e-6
    assert heur.objective >= exact.objective * (1 - heur.gap) - 1e-6


def test_build_order_is_greedy_and_marginals_add_up() -> None:
    problem = random_problem(11, n_sites=12, n_demand=40, n_fixed=1)
    result = solve(problem, "mclp", p=4, options=SolveOptions(time_limit=5))
    gains = [s.new_weight for s in result.sites]
    assert gains == sorted(gains, reverse=True)
    total_new = sum(s.new_people for s in result.sites)
    assert total_new == pytest.approx(
        (result.share_after - result.share_before) * problem.weights.sum()
    )
    table = result.sites_table()
    assert list(table["order"]) == [1, 2, 3, 4]
    assert set(result.coverage_table()["class"]) == {"all"}


def test_same_seed_same_plan() -> None:
    problem = random_problem(5, n_sites=40, n_demand=200, density=0.08)
    a = solve(problem, "mclp", p=5, options=SolveOptions(method="heuristic", seed=3, time_limit=30))
    b = solve(problem, "mclp", p=5, options=SolveOptions(method="heuristic", seed=3, time_limit=30))
    np.testing.assert_array_equal(a.options, b.options)
    assert a.objective == b.objective and a.bound == b.bound


def test_equal_coverage_prefers_fewer_minutes() -> None:
    import scipy.sparse as sp

    # one demand unit, two sites both within the break: the nearer one wins
    minutes = sp.csr_matrix(np.array([[9.0], [2.0]]))
    problem = problem_from_matrix(minutes, np.ones(1), minutes_break=10.0)
    for method in ("heuristic", "exact"):
        result = solve(problem, "mclp", p=1, options=SolveOptions(method=method, time_limit=5))
        assert result.options.tolist() == [1]
        assert result.mean_minutes == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"p": 0}, "at least 1"),
        ({"p": 11}, "only 10 candidate"),
        ({"p": {"outlet": 12}}, "only 10 candidate"),
        ({"p": {"kiosk": 1}}, "unknown outlet type"),
    ],
)
def test_bad_requests_raise(kwargs, match) -> None:
    problem = random_problem(0)
    with pytest.raises((InfeasibleRequestError, ValueError), match=match):
        solve(problem, "mclp", **kwargs)


def test_no_candidates_raises() -> None:
    problem = random_problem(0, n_sites=3, n_fixed=3)
    with pytest.raises(InfeasibleRequestError, match="no candidate sites"):
        solve(problem, "mclp", p=1)


def test_unknown_method_raises() -> None:
    with pytest.raises(ValueError, match="method"):
        solve(random_problem(0), "mclp", p=1, options=SolveOptions(method="magic"))


def test_progress_is_reported() -> None:
    seen: list[tuple[float, str]] = []
    solve(random_problem(1), "mclp", p=2, progress=lambda f, m: seen.append((f, m)))
    assert seen and seen[-1][0] == 1.0
    assert all(0.0 <= f <= 1.0 for f, _ in seen)
