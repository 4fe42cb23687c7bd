"""A province-wide file of the planner's is cut to each region's halo before it is read."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box

from servicecircle.batch.halo import halo_polygon
from servicecircle.batch.jobs import RegionJob
from servicecircle.batch.region_area import halo_cut, region_coverage
from servicecircle.batch.region_files import cut_file, halo_inputs
from servicecircle.errors import InputDataError
from servicecircle.testing.synthetic import UTM, grid_area, to_wgs
from servicecircle.workflow.inputs import RunInputs

HOUSES = [(250.0, 212.0), (850.0, 612.0)]
WEST = box(-500.0, -500.0, 600.0, 1700.0)


@pytest.fixture(scope="module")
def grid():
    tags = [{"building": "apartments", "levels": 4}] * len(HOUSES)
    houses = [box(x - 5, y - 5, x + 5, y + 5) for x, y in HOUSES]
    return grid_area(13, 100.0, buildings=houses, building_tags=tags)


def _province(tmp_path, crs):
    """Two townships on the grid and one 100 km away, in ``crs``."""
    frame = gpd.GeoDataFrame(
        {"名称": ["甲街道", "乙街道", "远处镇"]},
        geometry=to_wgs([WEST, box(600, -500, 1700, 1700), box(1e5, 0, 1.01e5, 1e3)]).to_numpy(),
        crs=4326,
    ).to_crs(crs)
    path = tmp_path / "全省街道.gpkg"
    frame.to_file(path, layer="towns", driver="GPKG")
    outlets = gpd.GeoDataFrame(
        {"名称": ["网点1"]}, geometry=to_wgs([shapely.Point(600, 600)]).to_numpy(), crs=4326
    ).to_crs(crs)
    outlets.to_file(tmp_path / "outlets.gpkg", driver="GPKG")
    return str(path), str(tmp_path / "outlets.gpkg")


def _job(boundaries, outlets, crs):
    region = to_wgs([WEST]).iloc[0]
    return RegionJob(
        code="w",
        name="甲",
        region_wkb=shapely.to_wkb(region),
        halo_wkb=shapely.to_wkb(halo_polygon(region, 1_600.0)),
        halo_m=1_600.0,
        extract="synthetic",
        inputs={"outlets": outlets, "boundaries": boundaries, "crs": crs},
    )


@pytest.mark.parametrize("crs", [None, "EPSG:32632"])
def test_a_province_wide_boundaries_file_is_cut_to_the_halo(grid, tmp_path, crs):
    boundaries, outlets = _province(tmp_path, 4326 if crs is None else UTM)
    job = _job(boundaries, outlets, crs)
    area = halo_cut(grid, shapely.from_wkb(job.halo_wkb))
    with pytest.raises(InputDataError) as error:  # read whole: the far town is refused
        region_coverage(area, job)
    assert error.value.args[0].key.startswith("msg.files.far")
    measured = region_coverage(area, job, scratch=tmp_path / "scratch")
    units = measured.coverage.demand
    assert len(units) == 1 and units["township"].tolist() == ["甲街道"]
    copy = gpd.read_file(tmp_path / "scratch" / "boundaries" / "全省街道.gpkg")
    assert copy["名称"].tolist() == ["甲街道", "乙街道"]  # the far town left out
    assert copy.crs == (UTM if crs else gpd.GeoSeries(crs=4326).crs)  # written as stated


def test_a_file_with_nothing_in_the_halo_is_left_out(tmp_path):
    boundaries, _ = _province(tmp_path, 4326)
    far = to_wgs([box(5e5, 0, 5.1e5, 1e3)]).iloc[0]
    assert cut_file(boundaries, "polygon", None, far, tmp_path / "x") is None
    inputs = RunInputs(area="x", boundaries=boundaries, demand_points=None)
    assert halo_inputs(inputs, far, tmp_path / "y").boundaries is None


def test_offset_systems_are_read_as_given(tmp_path):
    boundaries, _ = _province(tmp_path, 4326)
    halo = to_wgs([WEST]).iloc[0]
    assert cut_file(boundaries, "polygon", "gcj02", halo, tmp_path / "x") == boundaries


def test_replacing_demand_points_with_none_in_the_halo_is_said(tmp_path):
    points = gpd.GeoDataFrame(
        {"人口": [10]}, geometry=to_wgs([shapely.Point(1e5, 0)]).to_numpy(), crs=4326
    )
    points.to_file(tmp_path / "points.geojson")
    inputs = RunInputs(
        area="x", demand_points=str(tmp_path / "points.geojson"), demand_mode="replace"
    )
    with pytest.raises(InputDataError) as error:
        halo_inputs(inputs, to_wgs([WEST]).iloc[0], tmp_path / "y")
    assert error.value.args[0].key == "msg.batch.no_demand_points"
