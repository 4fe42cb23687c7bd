"""A scenario from the run's objects equals the one read back from its output folder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from servicecircle.coverage import CoverageSettings, coverage_from
from servicecircle.demand import demand_from_area
from servicecircle.planning.plan import plan_sites
from servicecircle.planning.request import SitingRequest
from servicecircle.results.folder import write_analysis, write_siting
from servicecircle.results.project import (
    Project,
    Scenario,
    load_project,
    save_project,
    scenario_from_outputs,
)
from servicecircle.results.project.model import frames_equal
from servicecircle.supply.candidates import combine_candidates
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at
from servicecircle.workflow.sensitivity import checked_results

TYPES = {"w": OutletType("w", "walk", 5.0)}


@pytest.fixture(scope="module")
def run():  # type: ignore[no-untyped-def]
    area = grid_area(n=11)
    people = points_at(
        [(0, 0), (100, 0), (1000, 1000), (900, 1000), (1000, 0), (0, 1000), (500, 500)],
        people=[10, 10, 50, 40, 30, 20, 5],
    )
    demand = demand_from_area(area, user_points=people, user_mode="replace")
    outlets = prepare_outlets(points_at([(0, 0)], outlet_type=["w"]), area=area, types=TYPES)
    settings = CoverageSettings(breaks=(5.0, 10.0), outlet_types=TYPES)
    coverage = coverage_from(area, demand, outlets, settings=settings, with_isochrones=False)
    spots = [(1000, 1000), (1000, 0), (0, 1000), (500, 500)]
    candidates = combine_candidates([points_at(spots, name=[f"c{i}" for i in range(4)])])
    plan = plan_sites(area, coverage, candidates, request=SitingRequest(new=2, new_types=("w",)))
    return area, demand, coverage, plan


@pytest.mark.parametrize("with_plan", [False, True])
def test_from_results_equals_the_scenario_of_the_output_folder(
    run: tuple, with_plan: bool, tmp_path: Path
) -> None:
    area, demand, coverage, plan = run
    plan = plan if with_plan else None
    # the folder as analyze / site write it: roads, new sites' areas, sensitivity checks
    checked = checked_results(coverage, plan, area=area, demand=demand)
    write_analysis(coverage, checked.coverage, tmp_path, roads=checked.layers["roads"])
    if plan is not None and checked.siting is not None:
        areas = checked.layers["chosen_areas"]
        write_siting(plan, checked.siting, tmp_path, areas=areas)
    read = scenario_from_outputs(tmp_path, name="today")

    made = Scenario.from_results("today", coverage, plan, area=area, demand=demand, checked=checked)
    assert "roads" in made.layers and ("chosen_areas" in made.layers) == with_plan
    assert made.summary["analysis"]["sensitivity"]["measured"]
    if with_plan:
        assert made.summary["siting"]["sensitivity"]["measured"]

    assert made.summary == read.summary
    assert made.parameters == read.parameters == {"mode": "walk", "minutes": [5.0, 10.0]}
    assert list(made.layers) == list(read.layers)
    assert list(made.tables) == list(read.tables)
    expected_tables = ["coverage"] if plan is None else ["curve", "coverage"]  # no townships
    assert [t for t in made.tables if t != "plan_coverage"] == expected_tables
    assert ("plan_coverage" in made.tables) == with_plan
    for name in ("coverage", "plan_coverage", "curve"):
        if name in read.tables:
            assert frames_equal(made.tables[name], read.tables[name]), name
    # the layers hold the same numbers; the GeoPackage only writes ids as text
    for name, layer in read.layers.items():
        mine = made.layers[name]
        assert sorted(mine.columns) == sorted(layer.columns), name
        assert len(mine) == len(layer), name
        for column in layer.select_dtypes("number").columns:
            np.testing.assert_array_equal(
                pd.to_numeric(mine[column]).to_numpy(float),
                layer[column].to_numpy(float),
                err_msg=f"{name}.{column}",
            )


def test_without_the_checks_the_layers_are_still_those_of_the_folder(run: tuple) -> None:
    area, demand, coverage, plan = run
    made = Scenario.from_results("plan", coverage, plan, area=area, demand=demand)
    assert {"roads", "chosen_areas", "chosen", "demand_after"} <= set(made.layers)
    assert len(made.layers["chosen_areas"]) == len(plan.chosen)
    assert not made.summary["analysis"]["sensitivity"]["measured"]  # said as not measured
    assert list(made.tables) == ["curve", "coverage", "plan_coverage"]


def test_a_saved_project_keeps_roads_site_areas_and_the_checks(run: tuple, tmp_path: Path) -> None:
    area, demand, coverage, plan = run
    checked = checked_results(coverage, plan, area=area, demand=demand)
    made = Scenario.from_results("plan", coverage, plan, area=area, demand=demand, checked=checked)
    path = save_project(Project(name="示例", scenarios=(made,)), tmp_path / "p.gpkg")
    back = load_project(path).scenario("plan")
    assert back.equals(made)
    assert (
        back.summary["siting"]["sensitivity"]["must_cover_costs"]
        == (made.summary["siting"]["sensitivity"]["must_cover_costs"])
    )
    assert len(back.layers["roads"]) == len(checked.layers["roads"]) > 0


def test_a_saved_scenario_reads_back_as_the_cli_folder_reads(run: tuple, tmp_path: Path) -> None:
    from servicecircle.errors import InputDataError
    from servicecircle.results.folder import read_results

    area, demand, coverage, plan = run
    checked = checked_results(coverage, plan, area=area, demand=demand)
    folder = tmp_path / "out"
    write_analysis(coverage, checked.coverage, folder, roads=checked.layers["roads"])
    assert checked.siting is not None
    write_siting(plan, checked.siting, folder, areas=checked.layers["chosen_areas"])
    made = Scenario.from_results("plan", coverage, plan, area=area, demand=demand, checked=checked)
    path = save_project(Project(name="示例", scenarios=(made,)), tmp_path / "p.gpkg")

    from_project = load_project(path).scenario("plan").results()
    from_folder = read_results(folder)

    assert from_project.coverage == from_folder.coverage
    assert from_project.siting == from_folder.siting
    assert from_project.coverage.sensitivity.measured and from_project.siting is not None
    assert from_project.siting.sensitivity.must_cover_costs == ()  # no rule asked in this run
    assert sorted(from_project.layers) == sorted(from_folder.layers)
    for name, layer in from_folder.layers.items():
        assert len(from_project.layers[name]) == len(layer), name
    with pytest.raises(InputDataError, match="no coverage results"):
        Scenario("空").results()
