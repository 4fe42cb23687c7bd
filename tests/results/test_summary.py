"""Summaries of a real (synthetic) run: written, read back, and as the report sees them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from servicecircle.coverage import CoverageSettings, coverage_from
from servicecircle.coverage.site_areas import site_service_areas
from servicecircle.demand import demand_from_area
from servicecircle.network.roads import map_roads
from servicecircle.planning.plan import plan_sites
from servicecircle.planning.request import SitingRequest
from servicecircle.report.build import render_html
from servicecircle.results.folder import read_results, write_analysis, write_siting
from servicecircle.results.schema import SCHEMA_VERSION, CoverageSummary, SitingSummary
from servicecircle.results.summary import coverage_summary, results_of, siting_summary
from servicecircle.supply.candidates import combine_candidates
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at

TYPES = {"w": OutletType("w", "walk", 5.0)}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A 1 km grid with one outlet, three clusters of people and two new sites, written out."""
    area = grid_area(n=11)
    people = points_at([(0, 0), (1000, 1000), (1000, 0), (500, 500)], people=[10, 50, 30, 5])
    demand = demand_from_area(area, user_points=people, user_mode="replace")
    outlets = prepare_outlets(points_at([(0, 0)], outlet_type=["w"]), area=area, types=TYPES)
    settings = CoverageSettings(breaks=(5.0, 10.0), outlet_types=TYPES)
    coverage = coverage_from(area, demand, outlets, settings=settings)
    spots = [(1000, 1000), (1000, 0), (500, 500)]
    candidates = combine_candidates([points_at(spots, name=[f"c{i}" for i in range(3)])])
    request = SitingRequest(model="mclp", new=2, new_types=("w",))
    plan = plan_sites(area, coverage, candidates, request=request)
    folder = tmp_path_factory.mktemp("run")
    roads = map_roads(area.edges, extent=area.extent)  # the layers the CLI writes too
    areas = site_service_areas(plan.chosen, settings=settings, area=area, demand=coverage.demand)
    write_analysis(
        coverage, coverage_summary(coverage, area=area, demand=demand), folder, roads=roads
    )
    write_siting(plan, siting_summary(plan), folder, areas=areas)
    return {"area": area, "demand": demand, "coverage": coverage, "plan": plan, "folder": folder}


def test_the_files_carry_the_schema_version_and_read_back_equal(run: dict[str, Any]) -> None:
    folder: Path = run["folder"]
    for name, record in (("summary.json", CoverageSummary), ("siting.json", SitingSummary)):
        data = json.loads((folder / name).read_text(encoding="utf-8"))
        assert data["schema_version"] == SCHEMA_VERSION
        assert record.from_json(data).to_json() == data
    read = read_results(folder)
    assert read.coverage == coverage_summary(
        run["coverage"], area=run["area"], demand=run["demand"]
    )
    assert read.siting == siting_summary(run["plan"])


def test_the_summary_holds_the_run_numbers(run: dict[str, Any]) -> None:
    summary = coverage_summary(run["coverage"], area=run["area"], demand=run["demand"])
    assert summary.population_total == pytest.approx(95.0)
    assert summary.population_covered["5"] == pytest.approx(10.0)
    assert summary.minutes == (5.0, 10.0)
    assert summary.n_outlets == 1
    plan = siting_summary(run["plan"])
    assert plan.model == "mclp" and len(plan.chosen) == 2
    assert [site.rank for site in plan.chosen] == [1, 2]
    assert plan.share_after is not None and plan.share_after > (plan.share_before or 0.0)


def _text(page: str) -> str:
    page = re.sub(r"<style.*?</style>", "", page, flags=re.S)
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d", "DATE", page)


def test_results_held_in_memory_give_the_report_of_the_written_folder(
    run: dict[str, Any],
) -> None:
    live = results_of(run["coverage"], run["plan"], area=run["area"], demand=run["demand"])
    assert set(live.layers) == set(read_results(run["folder"]).layers)
    written = _text(render_html(read_results(run["folder"]), lang="en"))
    assert _text(render_html(live, lang="en")) == written
