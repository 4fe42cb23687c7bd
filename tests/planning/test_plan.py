"""Siting glue: matrices per outlet type, explanations, before/after, bad requests."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from servicecircle.coverage import CoverageSettings, coverage_from
from servicecircle.demand import demand_from_area
from servicecircle.errors import InfeasibleRequestError, InputDataError
from servicecircle.planning.plan import plan_sites
from servicecircle.planning.request import SitingRequest
from servicecircle.results.summary import siting_summary
from servicecircle.supply.candidates import combine_candidates
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at

TYPES = {"w": OutletType("w", "walk", 5.0)}


@pytest.fixture(scope="module")
def town():
    """A 1 km grid, one outlet in the south-west corner, people in three clusters."""
    area = grid_area(n=11)
    people = points_at(
        [(0, 0), (100, 0), (1000, 1000), (900, 1000), (1000, 0), (0, 1000), (500, 500)],
        people=[10, 10, 50, 40, 30, 20, 5],
    )
    demand = demand_from_area(area, user_points=people, user_mode="replace")
    outlets = prepare_outlets(points_at([(0, 0)], outlet_type=["w"]), area=area, types=TYPES)
    settings = CoverageSettings(breaks=(5.0,), outlet_types=TYPES)
    coverage = coverage_from(area, demand, outlets, settings=settings, with_isochrones=False)
    spots = [(1000, 1000), (1000, 0), (0, 1000), (500, 500), (700, 700)]
    candidates = combine_candidates([points_at(spots, name=[f"c{i}" for i in range(5)])])
    return area, coverage, candidates


def brute_force_best(coverage, candidates, p):
    """Best people covered by any p candidates (5-minute walk = 333 m on the grid)."""
    units = coverage.demand
    ux = np.array([0, 100, 1000, 900, 1000, 0, 500])
    uy = np.array([0, 0, 1000, 1000, 0, 1000, 500])
    cx = np.array([1000, 1000, 0, 500, 700])
    cy = np.array([1000, 0, 1000, 500, 700])
    reach = (np.abs(cx[:, None] - ux) + np.abs(cy[:, None] - uy)) <= 5 * 4000 / 60
    base = units["covered"].to_numpy()
    people = units["people"].to_numpy()
    best = 0.0
    for combo in itertools.combinations(range(len(cx)), p):
        covered = base | reach[list(combo)].any(axis=0)
        best = max(best, people[covered].sum())
    return best


@pytest.mark.parametrize("p", [1, 2, 3])
def test_mclp_plan_matches_brute_force(town, p):
    area, coverage, candidates = town
    plan = plan_sites(
        area, coverage, candidates, request=SitingRequest(model="mclp", new=p, new_types=("w",))
    )
    result = plan.result
    assert result.status in ("optimal", "time_limit", "heuristic")
    assert result.share_after * coverage.total == pytest.approx(
        brute_force_best(coverage, candidates, p)
    )
    # build order: newly covered people never grow, and add up
    gains = plan.chosen["newly_covered"].to_numpy()
    assert (np.diff(gains) <= 1e-9).all()
    before = coverage.demand.loc[coverage.demand["covered"], "people"].sum()
    assert before + gains.sum() == pytest.approx(result.share_after * coverage.total)
    assert plan.curve["n_new"].tolist() == list(range(p + 1))


def test_explanations_name_gaps_and_summary_is_complete(town):
    area, coverage, candidates = town
    plan = plan_sites(
        area, coverage, candidates, request=SitingRequest(model="mclp", new=2, new_types=("w",))
    )
    first = plan.chosen.iloc[0]
    assert first["name"] == "c0"  # the 90-people cluster
    assert first["newly_covered"] == pytest.approx(90)
    assert "gap #1" in first["reasons"]
    summary = siting_summary(plan).to_json()
    for key in (
        "model",
        "objective",
        "bound",
        "gap",
        "status",
        "chosen",
        "curve",
        "coverage_before",
        "coverage_after",
    ):
        assert key in summary
    assert summary["chosen"][0]["rank"] == 1
    assert {"lon", "lat", "newly_covered"} <= set(summary["chosen"][0])
    assert (
        summary["coverage_after"]["user"]["covered"]
        >= summary["coverage_before"]["user"]["covered"]
    )
    assert plan.candidates["chosen"].sum() == 2


def test_minimum_outlets_for_a_target(town):
    area, coverage, candidates = town
    plan = plan_sites(
        area,
        coverage,
        candidates,
        request=SitingRequest(model="min", new=None, target=0.8, new_types=("w",)),
    )
    assert plan.result.share_after >= 0.8 - 1e-9  # 140 of 165 people
    assert len(plan.result.sites) == 2


def test_impossible_requests_say_what_is_achievable(town):
    area, coverage, candidates = town
    with pytest.raises(InfeasibleRequestError, match="cannot be met"):
        plan_sites(  # without the centre candidate, 5 people stay out of reach
            area,
            coverage,
            candidates.iloc[:3],
            request=SitingRequest(model="min", new=None, target=1.0, new_types=("w",)),
        )
    with pytest.raises(InfeasibleRequestError, match="no demand of class relocation"):
        plan_sites(
            area,
            coverage,
            candidates,
            request=SitingRequest(new=1, new_types=("w",), must_cover=("relocation",)),
        )
    with pytest.raises(InputDataError, match="Unknown outlet types"):
        plan_sites(area, coverage, candidates, request=SitingRequest(new=1, new_types=("x",)))
    with pytest.raises(InputDataError, match="target"):
        SitingRequest(model="min", new=None)
