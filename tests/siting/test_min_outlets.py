"""Fewest new outlets for a target share or for must-cover classes."""

from __future__ import annotations

import numpy as np
import pytest

from servicecircle.errors import InfeasibleRequestError
from servicecircle.siting import SolveOptions, solve
from tests.siting.brute import brute_min_outlets, covered_by, random_problem


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("method", ["heuristic", "exact"])
def test_min_outlets_matches_brute_force(seed: int, method: str) -> None:
    problem = random_problem(seed, n_sites=10, n_demand=30, n_fixed=seed % 2)
    reach = covered_by(problem, np.flatnonzero(problem.candidates))
    target = 0.8 * problem.weights[reach].sum() / problem.weights.sum()
    best = brute_min_outlets(problem, target)
    result = solve(
        problem, "min_outlets", target=target, options=SolveOptions(method=method, time_limit=5)
    )
    assert result.objective == len(result.sites)
    assert result.bound <= best <= result.objective
    assert result.share_after >= target - 1e-9
    if method == "exact":
        assert result.objective == best
        assert result.status == "optimal"


def test_must_cover_classes_only() -> None:
    problem = random_problem(4, n_sites=10, n_demand=30, classes=True)
    result = solve(
        problem,
        "min_outlets",
        must_cover_classes=["relocation"],
        options=SolveOptions(method="exact"),
    )
    reach = covered_by(problem, np.flatnonzero(problem.candidates))
    reloc = (problem.classes == "relocation") & reach
    assert np.all(result.covered[reloc])
    table = result.coverage_table().set_index("class")
    assert table.loc["relocation", "covered_after"] == pytest.approx(problem.weights[reloc].sum())


def test_unreachable_target_raises_with_best_achievable() -> None:
    problem = random_problem(1, n_sites=10, n_demand=30, density=0.1)
    reach = covered_by(problem, np.flatnonzero(problem.candidates))
    share = problem.weights[reach].sum() / problem.weights.sum()
    assert share < 0.99
    with pytest.raises(
        InfeasibleRequestError, match=rf"all 10 candidates together reach {share:.1%}"
    ):
        solve(problem, "min_outlets", target=0.99)


def test_target_already_met_needs_nothing() -> None:
    problem = random_problem(2, n_sites=10, n_demand=30, n_fixed=4, density=0.6)
    before = covered_by(problem, np.zeros(0, dtype=np.int64))
    share = problem.weights[before].sum() / problem.weights.sum()
    result = solve(problem, "min_outlets", target=share)
    assert result.objective == 0 and result.status == "optimal"
    assert result.sites == ()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({}, "target"), ({"target": 1.5}, "share"), ({"must_cover_classes": ["x"]}, "no demand unit")],
)
def test_bad_requests(kwargs, match) -> None:
    with pytest.raises(InfeasibleRequestError, match=match):
        solve(random_problem(0), "min_outlets", **kwargs)


@pytest.mark.parametrize("share", [0.7, 1.0])
def test_medium_heuristic_against_highs_optimum(share: float) -> None:
    """A partial target and full coverage on a medium instance: the heuristic's
    count is never below HiGHS's optimum and its bound never above it."""
    problem = random_problem(3, n_sites=70, n_demand=500, density=0.05, classes=True)
    reach = covered_by(problem, np.flatnonzero(problem.candidates))
    target = share * problem.weights[reach].sum() / problem.weights.sum()
    exact = solve(
        problem, "min_outlets", target=target, options=SolveOptions(method="exact", time_limit=120)
    )
    assert exact.status == "optimal"
    heur = solve(
        problem,
        "min_outlets",
        target=target,
        options=SolveOptions(method="heuristic", time_limit=5),
    )
    assert heur.share_after >= target - 1e-9
    assert heur.bound <= exact.objective <= heur.objective
    assert heur.objective <= exact.objective + 2
