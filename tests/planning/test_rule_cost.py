"""The coverage a must-cover rule costs, on a town where the costs are known by hand.

The grid's 5-minute walk reaches 333 m along the streets. The existing outlet
at (0, 0) covers 20 people. One new outlet at (1000, 1000) would add 90
people (two clusters); the industrial site at (1000, 0) (30 people) is the
only candidate reaching the industrial class.
"""

from __future__ import annotations

import dataclasses

import pytest

from servicecircle.coverage import CoverageSettings, coverage_from
from servicecircle.demand import demand_from_area
from servicecircle.planning.plan import plan_sites
from servicecircle.planning.request import SitingRequest
from servicecircle.planning.rule_cost import must_cover_costs
from servicecircle.supply.candidates import combine_candidates
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at

TYPES = {"w": OutletType("w", "walk", 5.0)}
TOTAL = 10 + 10 + 50 + 40 + 30 + 20 + 5 + 25


@pytest.fixture(scope="module")
def town():
    area = grid_area(n=11)
    xys = [(0, 0), (100, 0), (1000, 1000), (900, 1000), (1000, 0), (0, 1000), (500, 500), (0, 500)]
    people = points_at(xys, people=[10, 10, 50, 40, 30, 20, 5, 25])
    demand = demand_from_area(area, user_points=people, user_mode="replace")
    units = demand.units.copy()
    units.loc[units["people"] == 30, "class"] = "industrial"
    units.loc[units["people"] == 25, "class"] = "relocation"
    demand = dataclasses.replace(demand, units=units)
    outlets = prepare_outlets(points_at([(0, 0)], outlet_type=["w"]), area=area, types=TYPES)
    settings = CoverageSettings(breaks=(5.0,), outlet_types=TYPES)
    coverage = coverage_from(area, demand, outlets, settings=settings, with_isochrones=False)
    spots = [(1000, 1000), (1000, 0), (0, 1000), (500, 500), (700, 700), (0, 600)]
    candidates = combine_candidates([points_at(spots, name=[f"c{i}" for i in range(6)])])
    return area, coverage, candidates


def _costs(town, request):
    area, coverage, candidates = town
    plan = plan_sites(area, coverage, candidates, request=request)
    assert plan.problem is not None
    return plan, {c.rule: c for c in must_cover_costs(plan.problem, request, plan.result)}


def test_a_rule_forcing_a_worse_site_costs_the_people_it_displaces(town):
    request = SitingRequest(new=1, new_types=("w",), must_cover=("industrial",))
    plan, costs = _costs(town, request)
    cost = costs["industrial"]
    # with the rule: the industrial site (20 + 30); without: the two clusters (20 + 90)
    assert cost.covered_with == pytest.approx(50.0)
    assert cost.covered_without == pytest.approx(110.0)
    assert cost.cost_people == pytest.approx(60.0)
    assert cost.cost_share == pytest.approx(60.0 / TOTAL)
    assert cost.share_with == pytest.approx(plan.result.share_after)
    assert (cost.people, cost.units, cost.new_outlets, cost.model) == (30.0, 1, 1, "mclp")
    assert cost.proved_optimal


def test_a_free_rule_costs_nothing(town):
    # two outlets: the clusters and the industrial site are the best pair anyway
    request = SitingRequest(new=2, new_types=("w",), must_cover=("industrial",))
    _, costs = _costs(town, request)
    cost = costs["industrial"]
    assert cost.covered_with == pytest.approx(140.0)
    assert cost.cost_people == pytest.approx(0.0)
    assert cost.cost_share == pytest.approx(0.0)


def test_each_rule_is_dropped_alone(town):
    # two outlets, two rules: industrial (1000, 0) and relocation (0, 600) take both;
    # without industrial the clusters replace it (+60), without relocation (+65)
    request = SitingRequest(new=2, new_types=("w",), must_cover=("industrial", "relocation"))
    _, costs = _costs(town, request)
    assert costs["industrial"].covered_with == pytest.approx(20 + 30 + 25)
    assert costs["industrial"].cost_people == pytest.approx(90 - 30)
    assert costs["relocation"].cost_people == pytest.approx(90 - 25)


def test_the_fewest_outlets_model_compares_at_the_plans_count(town):
    request = SitingRequest(model="min", new=None, new_types=("w",), must_cover=("industrial",))
    plan, costs = _costs(town, request)
    assert len(plan.result.sites) == 1
    cost = costs["industrial"]
    assert (cost.model, cost.new_outlets) == ("mclp", 1)
    assert cost.cost_people == pytest.approx(60.0)


def test_no_rule_no_cost(town):
    request = SitingRequest(new=1, new_types=("w",))
    _, costs = _costs(town, request)
    assert costs == {}


def test_a_side_not_proved_optimal_is_said(town):
    request = SitingRequest(new=1, new_types=("w",), must_cover=("industrial",))
    plan, _ = _costs(town, request)
    assert plan.problem is not None
    unproved = dataclasses.replace(plan.result, status="time_limit", gap=0.025)
    (cost,) = must_cover_costs(plan.problem, request, unproved)
    assert (cost.status, cost.gap, cost.proved_optimal) == ("time_limit", 0.025, False)
    assert cost.cost_people == pytest.approx(60.0)
