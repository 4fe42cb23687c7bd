"""Facts of each new site: township, community, nearest road, who it newly covers; idle sites."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import shapely

from servicecircle.coverage import CoverageSettings, coverage_from
from servicecircle.demand import demand_from_area
from servicecircle.i18n.message import Message
from servicecircle.inputs.roads import RoadTable
from servicecircle.planning.plan import plan_sites
from servicecircle.planning.request import SitingRequest
from servicecircle.results.summary import siting_summary
from servicecircle.supply.candidates import combine_candidates
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at, to_wgs

TYPES = {"w": OutletType("w", "walk", 5.0)}
#: (x, y) metres, people, class of each demand point; a 5-minute walk is 333 m on the grid.
PEOPLE = [
    ((0, 0), 10, "residential"),
    ((100, 0), 10, "residential"),
    ((1000, 1000), 50, "residential"),
    ((900, 1000), 40, "industrial"),
    ((1000, 0), 30, "relocation"),
    ((0, 1000), 20, "residential"),
    ((500, 500), 5, "dense"),
]


@pytest.fixture(scope="module")
def town():
    """A 1 km grid in one township of two communities, the northern street named 北环路.

    One outlet in the south-west corner covers the first two points.
    """
    west, east = shapely.box(-50, -50, 450, 1050), shapely.box(450, -50, 1050, 1050)
    area = grid_area(
        n=11,
        boundaries=[
            (8, "东山街道", shapely.box(-50, -50, 1050, 1050)),
            (10, "西岗社区", west),
            (10, "东湖社区", east),
        ],
    )
    north = to_wgs([shapely.box(-10, 990, 1010, 1010)]).iloc[0]
    edges = area.edges.copy()
    edges["name"] = np.where(edges.geometry.within(north), "北环路", None)
    area = dataclasses.replace(area, roads=RoadTable.from_layers(area.nodes, edges))
    points = points_at([xy for xy, _, _ in PEOPLE], people=[p for _, p, _ in PEOPLE])
    demand = demand_from_area(area, user_points=points, user_mode="replace")
    outlets = prepare_outlets(points_at([(0, 0)], outlet_type=["w"]), area=area, types=TYPES)
    settings = CoverageSettings(breaks=(5.0, 10.0), outlet_types=TYPES)
    coverage = coverage_from(area, demand, outlets, settings=settings, with_isochrones=False)
    classes = {xy: c for xy, _, c in PEOPLE}
    metric = coverage.demand.to_crs(area.local_crs())
    origin = to_wgs([shapely.Point(0, 0)]).to_crs(area.local_crs()).iloc[0]
    at = [(round(p.x - origin.x, -1), round(p.y - origin.y, -1)) for p in metric.geometry]
    demand_classes = [classes[(int(x), int(y))] for x, y in at]
    coverage = dataclasses.replace(
        coverage, demand=coverage.demand.assign(**{"class": demand_classes})
    )
    return area, coverage


def _candidates(spots):
    return combine_candidates([points_at(spots, name=[f"c{i}" for i in range(len(spots))])])


def test_each_site_knows_its_township_community_and_nearest_road(town):
    area, coverage = town
    candidates = _candidates([(1000, 1000), (1000, 0), (0, 1000)])
    plan = plan_sites(
        area, coverage, candidates, request=SitingRequest(model="mclp", new=3, new_types=("w",))
    )
    chosen = plan.chosen.set_index("name")
    assert chosen.loc["c0", "township"] == "东山街道"
    assert chosen.loc["c0", "community"] == "东湖社区"
    assert chosen.loc["c2", "community"] == "西岗社区"
    assert chosen.loc["c0", "road"] == "北环路" and chosen.loc["c0", "road_m"] < 5
    # the only named road is 1 km north of c1
    assert chosen.loc["c1", "road"] == "北环路"
    assert chosen.loc["c1", "road_m"] == pytest.approx(1000, abs=15)
    sites = {s.name: s for s in siting_summary(plan).chosen}
    assert (sites["c2"].township, sites["c2"].community) == ("东山街道", "西岗社区")
    assert sites["c1"].road == "北环路"


def test_gains_by_class_and_community_add_up_to_the_plans(town):
    area, coverage = town
    candidates = _candidates([(1000, 1000), (1000, 0), (0, 1000), (500, 500)])
    plan = plan_sites(
        area, coverage, candidates, request=SitingRequest(model="mclp", new=4, new_types=("w",))
    )
    summary = siting_summary(plan)
    first = summary.chosen[0]
    assert first.name == "c0"
    assert first.newly_by_class == {
        "residential": pytest.approx(50),
        "industrial": pytest.approx(40),
    }
    by_community = {(g.township, g.community): g.people for g in first.newly_by_community}
    assert by_community == {("东山街道", "东湖社区"): pytest.approx(90)}
    for site in summary.chosen:
        assert sum(site.newly_by_class.values()) == pytest.approx(site.newly_covered)
        assert sum(g.people for g in site.newly_by_community) == pytest.approx(site.newly_covered)
    by_class: dict[str, float] = {}
    for site in summary.chosen:
        for name, people in site.newly_by_class.items():
            by_class[name] = by_class.get(name, 0.0) + people
    for name, after in summary.coverage_after.items():
        gained = after.covered - summary.coverage_before[name].covered
        assert by_class.get(name, 0.0) == pytest.approx(gained)
    assert summary.n_candidates == 4 and summary.dropped == 0
    # at every break the sites' gains add up to the people covered after less before
    after, before = plan.demand_after, coverage.demand
    for key in ("5", "10"):
        gained = (
            after.loc[after[f"covered_{key}"], "people"].sum()
            - before.loc[before[f"covered_{key}"], "people"].sum()
        )
        assert sum(s.newly_by_break[key] for s in summary.chosen) == pytest.approx(gained)
    assert summary.chosen[-1].newly_by_break == {"5": pytest.approx(5), "10": pytest.approx(5)}
    # the plan's table (siting.gpkg's chosen layer) holds the same gains by break
    for site in summary.chosen:
        row = plan.chosen.set_index("rank").loc[site.rank]
        assert row["newly_covered_5"] == pytest.approx(site.newly_by_break["5"])
        assert row["newly_covered_10"] == pytest.approx(site.newly_by_break["10"])


def test_a_site_that_adds_nobody_is_not_recommended(town):
    area, coverage = town
    # two candidates reaching the same people: the second adds nobody at any break
    candidates = _candidates([(1000, 1000), (990, 1000)])
    plan = plan_sites(
        area, coverage, candidates, request=SitingRequest(model="mclp", new=2, new_types=("w",))
    )
    assert len(plan.chosen) == 1 and plan.dropped == 1
    assert plan.chosen["rank"].tolist() == [1]
    assert plan.curve["n_new"].tolist() == [0, 1]
    notes = [n for n in plan.result.notes if isinstance(n, Message)]
    dropped = [n for n in notes if n.key == "msg.planning.idle_dropped"]
    assert [n.fields for n in dropped] == [{"count": 1, "chosen": 2, "kept": 1}]
    assert "由 2 个减为 1 个" in dropped[0].text("zh")
    summary = siting_summary(plan)
    assert summary.dropped == 1 and len(summary.chosen) == 1
    assert summary.curve[-1].share == pytest.approx(summary.share_after)
    assert summary.chosen[-1].cumulative_share == pytest.approx(summary.share_after)
    assert plan.candidates["chosen"].sum() == 1


def test_a_site_that_only_gains_beyond_its_standard_is_not_recommended(town):
    area, coverage = town
    # (0, 600) brings the 20 people at (0, 1000) within 10 minutes (400 m) but nobody
    # within the 5-minute standard (333 m): it does not widen the circle
    candidates = _candidates([(1000, 1000), (0, 600)])
    plan = plan_sites(
        area, coverage, candidates, request=SitingRequest(model="mclp", new=2, new_types=("w",))
    )
    assert plan.dropped == 1
    assert plan.chosen["name"].tolist() == ["c0"]
    summary = siting_summary(plan)
    # the gains by break are those of the kept site alone: 90 people at 5 and at 10 minutes
    assert summary.chosen[0].newly_by_break == {"5": pytest.approx(90), "10": pytest.approx(90)}


def test_a_p_median_site_that_shortens_trips_is_kept(town):
    area, coverage = town
    # covers nobody new (the outlet at (0, 0) covers both points) but shortens a walk
    candidates = _candidates([(100, 0)])
    plan = plan_sites(
        area, coverage, candidates, request=SitingRequest(model="pmedian", new=1, new_types=("w",))
    )
    assert len(plan.chosen) == 1 and plan.dropped == 0
    assert plan.chosen.iloc[0]["newly_covered"] == 0


def test_a_plan_with_no_new_site_has_no_gains(town):
    area, coverage = town
    # today's outlet already covers 20 of 165 people: a 10 % target needs no new outlet
    plan = plan_sites(
        area,
        coverage,
        _candidates([(1000, 1000), (1000, 0)]),
        request=SitingRequest(model="min", new=None, target=0.1, new_types=("w",)),
    )
    assert len(plan.chosen) == 0 and plan.gains is not None and len(plan.gains) == 0
    summary = siting_summary(plan)
    assert summary.chosen == () and summary.dropped == 0
