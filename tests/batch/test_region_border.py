"""A region's run on its halo, on a synthetic street grid: people served across the border.

The grid runs 1,200 m east-west; the border is the line x = 600 m. The west
region's own outlet stands in its far south-west corner; an outlet of the east
region stands 450 m east of the border. A house 50 m west of the border is
within 15 minutes' walk (1,000 m at 4 km/h) of the east outlet only: the
region's run on its halo covers it; the same run without the halo does not.
"""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest
import shapely
from shapely.geometry import box

from servicecircle.batch.halo import halo_distance_m, halo_polygon
from servicecircle.batch.jobs import RegionJob
from servicecircle.batch.region_area import halo_cut, region_coverage
from servicecircle.batch.region_run import run_region
from servicecircle.coverage import coverage_from
from servicecircle.testing.synthetic import grid_area, to_wgs
from servicecircle.workflow.inputs import RunInputs
from servicecircle.workflow.prepare import prepare_inputs

SPACING = 100.0
N = 13  # nodes per side: 0 .. 1,200 m
HOUSES = [(550.0, 600.0), (150.0, 1100.0), (650.0, 300.0), (1150.0, 1150.0), (300.0, 300.0)]
OUTLETS = [(0.0, 0.0), (1000.0, 600.0)]  # west region's own, and the east one
WEST_M = box(-500.0, -500.0, 600.0, 1700.0)
EAST_M = box(600.0, -500.0, 1700.0, 1700.0)


def _house(x: float, y: float) -> shapely.Polygon:
    return box(x - 5.0, y - 5.0 + 12.0, x + 5.0, y + 5.0 + 12.0)  # a house just north of its street


@pytest.fixture(scope="module")
def grid():
    tags = [{"building": "apartments", "levels": 4}] * len(HOUSES)
    return grid_area(N, SPACING, buildings=[_house(*xy) for xy in HOUSES], building_tags=tags)


@pytest.fixture(scope="module")
def outlets_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("outlets") / "outlets.geojson"
    points = to_wgs([shapely.Point(xy) for xy in OUTLETS])
    features = [
        {
            "type": "Feature",
            "properties": {"名称": f"网点{i + 1}"},
            "geometry": shapely.geometry.mapping(point),
        }
        for i, point in enumerate(points)
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return str(path)


def _region(metric: shapely.Polygon) -> shapely.Geometry:
    return to_wgs([metric]).iloc[0]


def _job(code: str, region, halo, outlets: str, halo_m: float) -> RegionJob:
    return RegionJob(
        code=code,
        name=code,
        region_wkb=shapely.to_wkb(region),
        halo_wkb=shapely.to_wkb(halo),
        halo_m=halo_m,
        extract="synthetic",
        inputs={"outlets": outlets, "breaks": [5, 10, 15]},
    )


def _border_unit(units):
    xy = to_wgs([shapely.Point(550.0, 612.0)]).iloc[0]
    distance = shapely.distance(units.geometry.to_numpy(), xy)
    assert distance.min() < 1e-5  # the house is a unit of its own
    return units.iloc[int(np.argmin(distance))]


def test_a_border_unit_is_covered_only_from_across_the_border(grid, outlets_file):
    west = _region(WEST_M)
    halo_m = 1_000.0 + 600.0  # 15 min on foot, and a margin over the 500 m snapping limit
    with_halo = _job("west", west, halo_polygon(west, halo_m), outlets_file, halo_m)
    measured = region_coverage(halo_cut(grid, shapely.from_wkb(with_halo.halo_wkb)), with_halo)
    unit = _border_unit(measured.coverage.demand)
    assert unit["covered_15"] and unit["covered_10"]
    nearest = measured.coverage.outlets.loc[unit["nearest_outlet"], "name"]
    assert nearest == "网点2"  # the outlet across the border
    assert measured.coverage.outlets["name"].tolist() == ["网点1", "网点2"]

    without = _job("west", west, west, outlets_file, 0.0)
    alone = region_coverage(halo_cut(grid, west), without)
    unit = _border_unit(alone.coverage.demand)
    assert not unit["covered_15"]
    assert alone.coverage.outlets["name"].tolist() == ["网点1"]


def test_two_regions_give_every_unit_the_whole_runs_minutes(grid, outlets_file):
    inputs = RunInputs(area="synthetic", outlets=outlets_file)
    prepared = prepare_inputs(grid, inputs)
    whole = coverage_from(grid, prepared.demand, prepared.outlets, settings=prepared.settings)
    halo_m = halo_distance_m(prepared.settings, ["community_window"])
    parts = []
    for code, metric in (("west", WEST_M), ("east", EAST_M)):
        region = _region(metric)
        job = _job(code, region, halo_polygon(region, halo_m), outlets_file, halo_m)
        measured = region_coverage(halo_cut(grid, shapely.from_wkb(job.halo_wkb)), job)
        parts.append(measured.coverage.demand)
    assert sum(len(p) for p in parts) == len(whole.demand) == len(HOUSES)
    for part in parts:
        for _, unit in part.iterrows():
            same = whole.demand[whole.demand.geometry.geom_equals_exact(unit.geometry, 1e-9)]
            assert len(same) == 1
            assert same["minutes_to_nearest"].iloc[0] == pytest.approx(unit["minutes_to_nearest"])
            assert same["covered_15"].iloc[0] == unit["covered_15"]
            assert same["people"].iloc[0] == pytest.approx(unit["people"])


def test_a_failing_region_comes_back_with_its_error_in_both_languages(tmp_path):
    region = _region(WEST_M)
    job = _job("w/1", region, region, str(tmp_path / "missing.geojson"), 0.0)
    job = pickle.loads(pickle.dumps(job))  # a job travels to a worker as plain data
    outcome = pickle.loads(pickle.dumps(run_region(job, tmp_path)))
    assert not outcome.ok
    assert outcome.code == "w/1" and outcome.units == 0
    assert outcome.error and outcome.error_zh and outcome.error != outcome.error_zh
    assert outcome.wall_s > 0 and outcome.peak_rss_mb > 0
    assert job.folder(tmp_path) == tmp_path / "regions" / "w_1"


def test_siting_proposes_sites_inside_the_region_for_people_no_outlet_serves(
    grid, outlets_file, tmp_path
):
    import geopandas as gpd

    from servicecircle.batch.region_siting import site_region

    west = _region(WEST_M)
    halo_m = 1_600.0
    job = _job("west", west, halo_polygon(west, halo_m), outlets_file, halo_m)
    job = RegionJob(**{**job.__dict__, "site": {"model": "mclp", "new": 1, "candidates": "auto"}})
    measured = region_coverage(halo_cut(grid, shapely.from_wkb(job.halo_wkb)), job)
    uncovered = measured.coverage.demand[~measured.coverage.demand["covered_15"]]
    # the border house is served from across the border: only the north-west house is a gap
    far_house = to_wgs([shapely.Point(150.0, 1112.0)]).iloc[0]
    assert len(uncovered) == 1
    assert shapely.distance(uncovered.geometry.iloc[0], far_house) < 1e-5
    written, sites = site_region(measured, job, tmp_path)
    assert sites == 1
    assert {p.rsplit("/", 1)[-1] for p in written} == {"siting.gpkg", "siting.json"}
    chosen = gpd.read_file(tmp_path / "siting.gpkg", layer="chosen")
    assert shapely.contains(west, chosen.geometry.iloc[0])  # a new site inside the region
    after = gpd.read_file(tmp_path / "siting.gpkg", layer="demand_after")
    assert len(after) == len(measured.coverage.demand)
    assert after["covered_15"].all()  # the one new site closes the region's only gap
