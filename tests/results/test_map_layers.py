"""Layers for maps without a basemap: ``roads`` and ``chosen_areas``, written and read back."""

from __future__ import annotations

from pathlib import Path

import pyogrio
import pytest

from servicecircle.coverage.site_areas import site_service_areas
from servicecircle.network.roads import map_roads
from servicecircle.results.folder import (
    ANALYSIS_LAYERS,
    SITING_LAYERS,
    read_results,
    write_analysis,
    write_siting,
)
from servicecircle.results.summary import coverage_summary, siting_summary
from tests.maps.print_run import LANE, MAIN_ROAD, print_run
from tests.report.real_outputs import SAMPLE_SITE, cli_outputs


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    run = print_run()
    out = tmp_path_factory.mktemp("layers")
    summary = coverage_summary(run.coverage, area=run.area, demand=run.demand)
    roads = map_roads(run.area.edges, extent=run.area.extent)
    write_analysis(run.coverage, summary, out, roads=roads)
    areas = site_service_areas(
        run.plan.chosen, settings=run.coverage.settings, area=run.area, demand=run.coverage.demand
    )
    write_siting(run.plan, siting_summary(run.plan), out, areas=areas)
    return out


def test_the_roads_layer_is_written_and_read_back(folder: Path) -> None:
    assert "roads" in ANALYSIS_LAYERS
    listed = {str(name): kind for name, kind in pyogrio.list_layers(folder / "analysis.gpkg")}
    assert listed["roads"] == "MultiLineString"
    roads = read_results(folder).layers["roads"]
    assert {"name", "highway"} <= set(roads.columns)
    assert roads.crs is not None and roads.crs.to_epsg() == 4326
    assert {MAIN_ROAD, LANE} <= set(roads["name"].dropna())
    assert roads.loc[roads["name"] == MAIN_ROAD, "highway"].tolist() == ["primary"]


def test_one_service_area_per_new_site(folder: Path) -> None:
    assert "chosen_areas" in SITING_LAYERS
    read = read_results(folder)
    chosen, areas = read.layers["chosen"], read.layers["chosen_areas"]
    assert len(areas) == len(chosen) > 0
    assert sorted(areas["rank"]) == sorted(chosen["rank"])
    assert (areas.geom_type.isin(["Polygon", "MultiPolygon"])).all()
    for rank, area in zip(areas["rank"], areas.geometry, strict=True):
        site = chosen.loc[chosen["rank"] == rank].geometry.iloc[0]
        assert area.contains(site)
    assert read.siting is not None
    newly = {site.rank: site.newly_covered for site in read.siting.chosen}
    for rank, people in zip(areas["rank"], areas["people"], strict=True):
        assert people >= newly[rank] - 1e-6  # those it newly covers live in its area


def test_results_in_memory_carry_both_layers() -> None:
    layers = print_run().results.layers
    assert len(layers["roads"]) > 0 and len(layers["chosen_areas"]) == len(print_run().plan.chosen)


def test_the_command_line_writes_both_layers(tmp_path_factory: pytest.TempPathFactory) -> None:
    read = read_results(cli_outputs(tmp_path_factory, SAMPLE_SITE))
    assert len(read.layers["roads"]) > 0
    assert read.siting is not None
    assert len(read.layers["chosen_areas"]) == len(read.siting.chosen)
