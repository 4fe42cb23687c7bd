"""Regions without an outlet in reach, and regions without demand, on a synthetic street grid.

The grid runs 1,200 m east-west with three houses; the only outlet stands
30 km away, outside every halo. The west region (x < 600 m) holds two houses:
nobody in it is in reach today, so its coverage is everybody out of reach and
every populated unit a gap, and with site options it gets a new site like any
other region. The north-east corner region holds no house: it is done with
nobody to serve.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box

import servicecircle.batch.region_area as region_area
from servicecircle.batch.jobs import NOTE_NO_DEMAND, NOTE_NO_OUTLETS, RegionJob
from servicecircle.batch.markers import read_marker, run_and_mark
from servicecircle.batch.region_area import halo_cut
from servicecircle.batch.region_task import region_with_workbook
from servicecircle.batch.summary_table import region_rows, summary_table
from servicecircle.testing.synthetic import grid_area, to_wgs
from tests.batch._synthetic import synthetic_job

HOUSES = [(550.0, 600.0), (150.0, 1100.0), (650.0, 300.0)]
FAR_OUTLET = (30_000.0, 30_000.0)
WEST_M = box(-500.0, -500.0, 600.0, 1700.0)
NORTH_EAST_M = box(800.0, 900.0, 1700.0, 1700.0)  # no house in it


def _house(x: float, y: float) -> shapely.Polygon:
    return box(x - 5.0, y - 5.0 + 12.0, x + 5.0, y + 5.0 + 12.0)


@pytest.fixture(scope="module")
def grid():
    tags = [{"building": "apartments", "levels": 4}] * len(HOUSES)
    return grid_area(13, 100.0, buildings=[_house(*xy) for xy in HOUSES], building_tags=tags)


@pytest.fixture
def halo_from_grid(grid, monkeypatch):
    """Each region's halo cut from the synthetic grid instead of an OSM file."""

    def load(job: RegionJob):
        return halo_cut(grid, shapely.from_wkb(job.halo_wkb), name=job.name)

    monkeypatch.setattr(region_area, "load_halo_area", load)


@pytest.fixture(scope="module")
def far_outlets(tmp_path_factory):
    path = tmp_path_factory.mktemp("far") / "outlets.geojson"
    point = to_wgs([shapely.Point(FAR_OUTLET)]).iloc[0]
    feature = {
        "type": "Feature",
        "properties": {"名称": "远处网点"},
        "geometry": shapely.geometry.mapping(point),
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), "utf-8")
    return str(path)


def _job(code: str, metric: shapely.Polygon, outlets: str, site=None) -> RegionJob:
    return synthetic_job(code, metric, {"outlets": outlets, "breaks": [5, 10, 15]}, site=site)


def test_a_region_no_outlet_reaches_is_measured_as_nobody_covered(
    halo_from_grid, far_outlets, tmp_path
):
    job = _job("west", WEST_M, far_outlets)
    outcome = run_and_mark(region_with_workbook, job, str(tmp_path))
    assert outcome.ok, outcome.error
    assert outcome.note == NOTE_NO_OUTLETS
    assert outcome.units == 2 and outcome.people > 0
    assert outcome.outlets_in_halo == 0 and outcome.outlets_in_region == 0
    assert set(outcome.covered) == {"covered_5", "covered_10", "covered_15", "covered"}
    assert all(people == 0.0 for people in outcome.covered.values())
    folder = job.folder(tmp_path)
    demand = gpd.read_file(folder / "analysis.gpkg", layer="demand")
    assert not demand["reachable"].any() and not demand["covered_15"].any()
    gaps = gpd.read_file(folder / "analysis.gpkg", layer="gaps")
    populated = demand[demand["people"] > 0]
    assert gaps["units"].sum() == len(populated) == 2
    assert gaps["people"].sum() == pytest.approx(outcome.people)
    assert any(path.endswith(".xlsx") for path in outcome.paths)  # its handover workbook too
    (row,) = region_rows([job], tmp_path)
    table, _ = summary_table([row], "zh")
    assert "没有现有网点" in table.loc[0, "说明"]
    assert table.loc[0, "15 分钟覆盖率（%）"] == 0.0


def test_a_region_no_outlet_reaches_gets_new_sites_like_any_other(
    halo_from_grid, far_outlets, tmp_path
):
    site = {"model": "mclp", "new": 1, "candidates": "auto"}
    job = _job("west", WEST_M, far_outlets, site=site)
    outcome = region_with_workbook(job, tmp_path)
    assert outcome.ok, outcome.error
    assert outcome.sites_proposed == 1
    folder = job.folder(tmp_path)
    chosen = gpd.read_file(folder / "siting.gpkg", layer="chosen")
    region = shapely.from_wkb(job.region_wkb)
    assert len(chosen) == 1 and shapely.contains(region, chosen.geometry.iloc[0])
    after = gpd.read_file(folder / "siting.gpkg", layer="demand_after")
    # the two houses are 900 m apart by road: one site between them serves both in 15 minutes
    assert len(after) == 2 and after["covered_15"].all()


def test_a_region_without_demand_is_done_with_nobody_to_serve(
    halo_from_grid, far_outlets, tmp_path
):
    job = _job("ne", NORTH_EAST_M, far_outlets, site={"model": "mclp", "new": 1})
    outcome = run_and_mark(region_with_workbook, job, str(tmp_path))
    assert outcome.ok, outcome.error
    assert outcome.note == NOTE_NO_DEMAND
    assert outcome.units == 0 and outcome.people == 0.0 and outcome.paths == ()
    assert read_marker(job, tmp_path) is not None  # done: a rerun skips it
    rows = region_rows([job], tmp_path)
    table, _ = summary_table(rows, "en")
    assert table.loc[0, "Status"] == "done"
    assert "nobody to serve" in table.loc[0, "Note"]
    assert table.loc[0, "People"] == 0
    assert table.loc[0, "Error"] == ""
