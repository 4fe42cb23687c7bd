"""Reading a batch's regions: Chinese columns, coordinate systems, and what is refused."""

from __future__ import annotations

import json
import zipfile

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import box

from servicecircle.batch.regions import (
    admin_regions,
    checked_regions,
    grid_regions,
    read_regions,
    regions_layer,
)
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import say
from servicecircle.inputs.china_offsets import wgs84_to_gcj02
from servicecircle.testing.synthetic import grid_area

# two townships side by side near Nanjing (WGS-84)
WEST = box(118.78, 32.03, 118.80, 32.05)
EAST = box(118.80, 32.03, 118.82, 32.05)


def _geojson(path, rows, geoms):
    features = [
        {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(g)}
        for props, g in zip(rows, geoms, strict=True)
    ]
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def _said(error: pytest.ExceptionInfo[InputDataError]) -> str:
    return say(error.value.args[0], "zh")


def test_chinese_name_and_code_columns_are_read(tmp_path):
    path = _geojson(
        tmp_path / "乡镇.geojson",
        [
            {"区划名称": "玄武门街道", "行政区划代码": 320102001},
            {"区划名称": "梅园新村街道", "行政区划代码": 320102002},
        ],
        [WEST, EAST],
    )
    regions = read_regions(str(path))
    assert regions["code"].tolist() == ["320102001", "320102002"]
    assert regions["name"].tolist() == ["玄武门街道", "梅园新村街道"]
    assert list(regions.columns) == ["code", "name", "geometry"]
    assert regions.geometry.iloc[0].equals_exact(WEST, 1e-9)


@pytest.mark.parametrize(
    ("name_column", "code_column"), [("县区", "代码"), ("乡镇", "区划代码"), ("名称", "code")]
)
def test_each_planner_spelling_of_the_columns(name_column, code_column):
    frame = gpd.GeoDataFrame(
        {name_column: ["甲", "乙"], code_column: ["A1", "B2"]}, geometry=[WEST, EAST], crs=4326
    )
    regions = regions_layer(frame)
    assert regions["code"].tolist() == ["A1", "B2"]
    assert regions["name"].tolist() == ["甲", "乙"]


def test_names_serve_as_codes_only_when_distinct():
    frame = gpd.GeoDataFrame({"乡镇名称": ["甲", "乙"]}, geometry=[WEST, EAST], crs=4326)
    assert regions_layer(frame)["code"].tolist() == ["甲", "乙"]
    twice = gpd.GeoDataFrame({"乡镇名称": ["甲", "甲"]}, geometry=[WEST, EAST], crs=4326)
    with pytest.raises(InputDataError) as error:
        regions_layer(twice, source="x.gpkg")
    assert "代码列" in _said(error) and "x.gpkg" in _said(error)


def test_a_blank_name_is_the_code():
    frame = gpd.GeoDataFrame(
        {"名称": ["甲", None], "代码": ["1", "2"]}, geometry=[WEST, EAST], crs=4326
    )
    assert regions_layer(frame)["name"].tolist() == ["甲", "2"]


def test_gcj02_file_is_moved_onto_wgs84(tmp_path):
    lon, lat = wgs84_to_gcj02(np.array([118.78, 118.80]), np.array([32.03, 32.05]))
    shifted = box(lon[0], lat[0], lon[1], lat[1])
    path = _geojson(tmp_path / "gcj.geojson", [{"名称": "甲", "代码": "1"}], [shifted])
    as_given = read_regions(str(path), crs="wgs84").geometry.iloc[0]
    converted = read_regions(str(path), crs="gcj02").geometry.iloc[0]
    assert not as_given.equals_exact(converted, 1e-4)  # GCJ-02 is a few hundred metres off
    assert np.allclose(converted.bounds, WEST.bounds, atol=1e-5)


def test_cgcs2000_shapefile_in_a_zip(tmp_path):
    frame = gpd.GeoDataFrame(
        {"XZQMC": ["甲", "乙"], "XZQDM": ["1", "2"]}, geometry=[WEST, EAST], crs=4326
    )
    frame = frame.rename(columns={"XZQMC": "名称", "XZQDM": "代码"}).to_crs(
        4549
    )  # CGCS2000 GK 3° 120E
    frame.to_file(tmp_path / "towns.shp", encoding="utf-8")
    archive = tmp_path / "towns.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in tmp_path.glob("towns.*"):
            if part.suffix != ".zip":
                zipped.write(part, part.name)
    regions = read_regions(str(archive))
    assert regions["name"].tolist() == ["甲", "乙"]
    assert np.allclose(regions.geometry.iloc[1].bounds, EAST.bounds, atol=1e-6)


def test_duplicate_codes_are_refused_naming_them():
    frame = gpd.GeoDataFrame(
        {"名称": ["甲", "乙", "丙"], "代码": ["7", "7", "8"]},
        geometry=[WEST, EAST, box(0, 0, 1, 1)],
        crs=4326,
    )
    with pytest.raises(InputDataError) as error:
        regions_layer(frame, source="towns.gpkg")
    assert "7" in error.value.args[0].fields["codes"]
    assert "重复" in _said(error)


def test_non_polygons_empty_files_blank_codes_and_overlaps_are_refused():
    points = gpd.GeoDataFrame(
        {"code": ["1", "2"], "name": ["甲", "乙"]}, geometry=[WEST, shapely.Point(1, 1)], crs=4326
    )
    with pytest.raises(InputDataError) as error:
        checked_regions(points)
    assert error.value.args[0].fields["rows"] == ["2"]
    with pytest.raises(InputDataError, match="no region"):
        checked_regions(points[:0])
    blank = points.assign(geometry=[WEST, EAST], code=["1", " "])
    with pytest.raises(InputDataError) as error:
        checked_regions(blank)
    assert error.value.args[0].key == "msg.batch.regions_blank_code"
    overlapping = points.assign(geometry=[WEST, box(118.79, 32.03, 118.81, 32.05)])
    with pytest.raises(InputDataError) as error:
        checked_regions(overlapping)
    assert error.value.args[0].fields["pairs"] == ["1 / 2"]
    # sharing an edge is not overlapping
    assert len(checked_regions(points.assign(geometry=[WEST, EAST]))) == 2


def test_grid_tiles_the_bounds():
    grid = grid_regions((0.0, 0.0, 4.0, 2.0), 2, 2)
    assert grid["code"].tolist() == ["r1c1", "r1c2", "r2c1", "r2c2"]
    assert shapely.union_all(grid.geometry.to_numpy()).equals(box(0, 0, 4, 2))
    assert len(checked_regions(grid)) == 4


def test_admin_regions_take_the_township_level():
    area = grid_area(
        boundaries=[
            (6, "县", box(0, 0, 500, 500)),
            (8, "甲镇", box(0, 0, 250, 500)),
            (8, "乙镇", box(250, 0, 500, 500)),
            (10, "某村", box(0, 0, 100, 100)),
        ]
    )
    regions = admin_regions(area.boundaries)
    assert regions["name"].tolist() == ["甲镇", "乙镇"]
    assert regions["code"].tolist() == [str(i) for i in area.boundaries["osm_id"].iloc[1:3]]
    assert admin_regions(area.boundaries, level=6)["name"].tolist() == ["县"]
    assert len(admin_regions(area.boundaries, level=9)) == 0
