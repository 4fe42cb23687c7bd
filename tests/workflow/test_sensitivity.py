"""The sensitivity checks of a run: records in summary.json and siting.json, old files, lines."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from servicecircle.coverage import CoverageSettings, coverage_from
from servicecircle.demand import demand_from_area
from servicecircle.i18n.message import say
from servicecircle.planning.plan import plan_sites
from servicecircle.planning.request import SitingRequest
from servicecircle.results.folder import read_siting_summary, read_summary, write_json
from servicecircle.results.schema import CoverageSummary, SitingSummary
from servicecircle.results.sensitivity_records import (
    MustCoverCost,
    SitingSensitivity,
    SpeedSensitivity,
)
from servicecircle.results.summary import coverage_summary, results_of, siting_summary
from servicecircle.supply.candidates import combine_candidates
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at
from servicecircle.workflow.sensitivity import (
    checked_results,
    coverage_sensitivity,
    sensitivity_lines,
    siting_sensitivity,
    with_coverage_sensitivity,
    with_siting_sensitivity,
)

TYPES = {"w": OutletType("w", "walk", 5.0)}
WALK_M_PER_MIN = 4000 / 60


@pytest.fixture(scope="module")
def run():
    """The town of tests/planning/test_rule_cost.py: one outlet, an industrial site apart."""
    area = grid_area(n=11)
    xys = [(0, 0), (100, 0), (1000, 1000), (900, 1000), (1000, 0), (0, 1000), (500, 500)]
    people = points_at(xys, people=[10, 10, 50, 40, 30, 20, 5])
    demand = demand_from_area(area, user_points=people, user_mode="replace")
    units = demand.units.copy()
    units.loc[units["people"] == 30, "class"] = "industrial"
    demand = dataclasses.replace(demand, units=units)
    outlets = prepare_outlets(points_at([(0, 0)], outlet_type=["w"]), area=area, types=TYPES)
    settings = CoverageSettings(breaks=(3.0, 5.0), outlet_types=TYPES)
    coverage = coverage_from(area, demand, outlets, settings=settings, with_isochrones=False)
    spots = [(1000, 1000), (1000, 0), (0, 1000), (500, 500)]
    candidates = combine_candidates([points_at(spots, name=[f"c{i}" for i in range(4)])])
    request = SitingRequest(new=1, new_types=("w",), must_cover=("industrial",))
    plan = plan_sites(area, coverage, candidates, request=request)
    return area, demand, coverage, plan


def test_today_and_after_at_each_walking_speed_and_the_rules_cost(run):
    area, _, coverage, plan = run
    today = coverage_sensitivity(area, coverage)
    assert today.measured and today.factors == (0.8, 1.0, 1.2)
    # 5 minutes reach 333 m at 4 km/h, 267 m at 3.2 and 400 m at 4.8: only the
    # outlet's own two units (0 and 100 m) in every case
    for case in today.cases:
        assert case.covered == {"3": 20.0, "5": 20.0}
        assert case.standard_covered == 20.0
    after = siting_sensitivity(area, coverage, plan)
    assert after.measured
    # the new outlet at the industrial site (1000, 0) adds its 30 people
    assert [c.standard_covered for c in after.speed_after.cases] == [50.0, 50.0, 50.0]
    (cost,) = after.must_cover_costs
    assert (cost.rule, cost.cost_people, cost.proved_optimal) == ("industrial", 60.0, True)
    assert cost.share_with == pytest.approx(50 / 165, abs=1e-6)


def test_a_slower_walk_loses_the_units_near_the_break(run):
    area, _, coverage, _ = run
    # the unit 100 m away is 1.5 minutes at 4 km/h: within 1.5 only as set or faster
    cases = dataclasses.replace(coverage.settings, breaks=(1.5, 5.0))
    again = dataclasses.replace(coverage, settings=cases)
    today = coverage_sensitivity(area, again)
    slow, as_set, fast = today.cases
    assert (slow.covered["1.5"], as_set.covered["1.5"], fast.covered["1.5"]) == (10.0, 20.0, 20.0)


def test_records_round_trip_through_json(run):
    area, demand, coverage, plan = run
    summary = with_coverage_sensitivity(
        coverage_summary(coverage, area=area, demand=demand), coverage_sensitivity(area, coverage)
    )
    siting = with_siting_sensitivity(siting_summary(plan), siting_sensitivity(area, coverage, plan))
    again = CoverageSummary.from_json(json.loads(json.dumps(summary.to_json())))
    assert again.sensitivity == summary.sensitivity
    assert again == summary
    read = SitingSummary.from_json(json.loads(json.dumps(siting.to_json())))
    assert read.sensitivity == siting.sensitivity
    assert isinstance(read.sensitivity.must_cover_costs[0], MustCoverCost)
    case = read.sensitivity.speed_after.case("walk", 1.2)
    assert case is not None and case.speed_kmh == pytest.approx(4.8)


def test_files_without_the_checks_still_read(run, tmp_path):
    area, demand, coverage, plan = run
    old_summary = coverage_summary(coverage, area=area, demand=demand).to_json()
    old_siting = siting_summary(plan).to_json()
    for data in (old_summary, old_siting):
        data.pop("sensitivity")
    write_json(old_summary, tmp_path / "summary.json")
    write_json(old_siting, tmp_path / "siting.json")
    assert read_summary(tmp_path).sensitivity == SpeedSensitivity()
    siting = read_siting_summary(tmp_path)
    assert siting is not None and siting.sensitivity == SitingSensitivity()
    assert not siting.sensitivity.measured and not siting.sensitivity.must_cover_costs
    assert sensitivity_lines(read_summary(tmp_path), siting) == []


def test_the_lines_say_the_cost_in_chinese(run):
    area, demand, coverage, plan = run
    summary = with_coverage_sensitivity(
        coverage_summary(coverage, area=area, demand=demand), coverage_sensitivity(area, coverage)
    )
    siting = with_siting_sensitivity(siting_summary(plan), siting_sensitivity(area, coverage, plan))
    lines = [say(line, "zh") for line in sensitivity_lines(summary, siting)]
    text = "\n".join(lines)
    assert "步行" in text and "慢 20%" in text and "快 20%" in text
    assert "必须覆盖产业集聚区" in text and "少覆盖 60 人" in text
    assert not re.search(r"[A-Za-z]{2,}", text), text
    english = "\n".join(str(line) for line in sensitivity_lines(summary, siting))
    assert "the rule costs 60 people (36.4%)" in english


def test_a_cost_not_proved_optimal_says_so():
    cost = MustCoverCost(
        rule="relocation",
        people=25.0,
        units=1,
        model="mclp",
        new_outlets=2,
        covered_with=75.0,
        share_with=0.5,
        covered_without=135.0,
        share_without=0.9,
        cost_people=60.0,
        cost_share=0.4,
        mean_minutes_with=3.0,
        mean_minutes_without=4.0,
        status="time_limit",
        proved_optimal=False,
        gap=0.025,
        seconds=10.0,
    )
    siting = dataclasses.replace(
        SitingSummary.from_json(_minimal_siting()),
        sensitivity=SitingSensitivity(measured=True, must_cover_costs=(cost,)),
    )
    zh = [say(line, "zh") for line in sensitivity_lines(None, siting)]
    assert "必须覆盖易地扶贫搬迁安置区" in zh[0] and "少覆盖 60 人（40.0%）" in zh[0]
    assert "未都证明最优" in zh[1] and "2.50%" in zh[1]


def _minimal_siting() -> dict[str, object]:
    """A siting.json of a plan without sites, as an older version wrote it."""
    return {
        "schema_version": 2,
        "model": "mclp",
        "solver_model": "mclp",
        "method": "exact",
        "status": "optimal",
        "objective": 1.0,
        "bound": 1.0,
        "gap": 0.0,
        "sense": "max",
        "seconds": 0.1,
        "request": {
            "new": 1,
            "target": None,
            "new_types": ["w"],
            "must_cover": ["relocation"],
            "capacity": None,
            "class_weights": {},
            "time_limit": 10.0,
            "seed": 0,
        },
        "chosen": [],
        "curve": [],
        "coverage_before": {},
        "coverage_after": {},
        "share_before": 0.5,
        "share_after": 0.5,
        "mean_minutes": 1.0,
        "people_beyond_cutoff": 0.0,
        "uncoverable_must_cover": 0,
        "by_unit": [],
        "notes": [],
    }


def test_checked_results_hold_the_checks(run):
    area, demand, coverage, plan = run
    results = checked_results(coverage, plan, area=area, demand=demand)
    assert results.coverage.sensitivity == coverage_sensitivity(area, coverage)
    assert results.siting is not None
    checks = results.siting.sensitivity
    assert checks.measured and checks.must_cover_costs[0].cost_people == 60.0
    assert set(results.layers) == set(results_of(coverage, plan, area=area, demand=demand).layers)


def test_checked_results_build_no_network_given_and_each_missing_one_once(run, monkeypatch):
    import servicecircle.coverage.measure as measure

    area, demand, coverage, plan = run
    real = measure.network_from_area
    built: list[str] = []

    def counted(area_, mode, **kwargs):  # type: ignore[no-untyped-def]
        built.append(mode.name)
        return real(area_, mode, **kwargs)

    monkeypatch.setattr(measure, "network_from_area", counted)
    fresh = checked_results(coverage, plan, area=area, demand=demand)
    assert built == ["walk"]  # once, for the service areas and the checks alike
    networks = {"walk": real(area, coverage.settings.travel_mode("walk"))}
    built.clear()
    cached = checked_results(coverage, plan, area=area, demand=demand, networks=networks)
    assert built == []  # the app's cached network serves everything
    assert cached.coverage == fresh.coverage
    assert cached.siting is not None and fresh.siting is not None
    assert cached.siting.chosen == fresh.siting.chosen
    again, first = cached.siting.sensitivity, fresh.siting.sensitivity
    assert again.speed_after == first.speed_after  # the rule's solve times differ, not its cost
    assert [c.cost_people for c in again.must_cover_costs] == [60.0]
    assert [c.cost_people for c in first.must_cover_costs] == [60.0]
    assert set(cached.layers) == set(fresh.layers)
    assert cached.layers["chosen_areas"].geometry.equals(fresh.layers["chosen_areas"].geometry)
