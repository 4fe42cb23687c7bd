"""Names the library keeps as data are said in the planner's language.

Geometry types in the layer listing of a GeoPackage and in the refusal of a
boundary that is not an area (点, 多面), the coordinate system a file was read
in (GCJ-02（高德/腾讯坐标）, 高斯-克吕格投影), the GeoPackage layer named in a
people-column error, and relocation and industrial areas left unnamed (安置区 N).
English stays as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from servicecircle.demand.counts import checked_people
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import say
from servicecircle.inputs.clip import clip_area
from servicecircle.inputs.crs import resolve_crs
from servicecircle.inputs.files.raw import geometry_type_name
from servicecircle.inputs.files.read import read_layer
from servicecircle.planning.naming import area_label
from servicecircle.testing.synthetic import grid_area

GOOD = Path(__file__).resolve().parents[1] / "data" / "good"

#: English words a Chinese text about these files must not hold.
ENGLISH = re.compile(r"\b(Point|Polygon|MultiPolygon|LineString|Amap|Tencent|Baidu)\b")


def test_a_geopackage_lists_its_layers_with_chinese_geometry_types():
    with pytest.raises(InputDataError) as refused:
        read_layer(GOOD / "two_layers.gpkg")
    zh = say(refused.value, "zh")
    assert "「outlets」（点）" in zh and "「communities」（" in zh
    assert not ENGLISH.search(zh), zh
    assert "'outlets (Point)'" in str(refused.value)


@pytest.mark.parametrize(
    ("gdal", "zh", "en"),
    [
        ("Point", "点", "Point"),
        ("MultiPolygon", "多面", "MultiPolygon"),
        ("3D Polygon", "面", "Polygon"),
        ("LineString Z", "线", "LineString"),
        ("Unknown", "未知类型", "unknown"),
    ],
)
def test_geometry_type_names(gdal, zh, en):
    assert say(geometry_type_name(gdal), "zh") == zh
    assert str(geometry_type_name(gdal)) == en


def test_a_boundary_that_is_a_point_is_refused_in_chinese():
    area = grid_area()
    with pytest.raises(InputDataError) as refused:
        clip_area(area, shapely.Point(area.centre))
    assert "边界是 点，不是面" in say(refused.value, "zh")
    assert "The boundary is a Point" in str(refused.value)


def test_the_coordinate_system_read_is_said_in_chinese():
    loaded = read_layer(GOOD / "points_gcj02.csv", crs="gcj02")
    assert say(loaded.source_system, "zh") == "GCJ-02（高德/腾讯坐标）"
    assert str(loaded.source_system) == loaded.source_crs == "GCJ-02 (Amap/Tencent)"
    converted = [say(note, "zh") for note in loaded.notes if "GCJ-02" in say(note, "zh")]
    assert converted and not any(ENGLISH.search(text) for text in converted), converted

    assumed = read_layer(GOOD / "points_utf8.csv")
    assert say(assumed.source_system, "zh") == "WGS-84（EPSG:4326），推定"
    assert str(assumed.source_system) == "WGS-84 (EPSG:4326), assumed"

    projected = read_layer(GOOD / "gk3_cm117_plain.csv", crs=4548)
    said = say(projected.source_system, "zh")
    assert said == "CGCS2000 3 度带高斯-克吕格投影，中央经线 117°E（EPSG:4548）"
    assert str(projected.source_system) == projected.source_crs


@pytest.mark.parametrize(
    ("spec", "zh"),
    [
        ("baidu", "BD-09（百度坐标）"),
        ("cgcs2000-gk3:117", "CGCS2000 3 度带高斯-克吕格投影，中央经线 117°E"),
        ("cgcs2000-gk6", "CGCS2000 6 度带高斯-克吕格投影"),
        ("EPSG:4491", "CGCS2000 6 度带高斯-克吕格投影第 13 带（EPSG:4491）"),
        ("EPSG:4513", "CGCS2000 3 度带高斯-克吕格投影第 25 带（EPSG:4513）"),
        ("EPSG:4502", "CGCS2000 6 度带高斯-克吕格投影，中央经线 75°E（EPSG:4502）"),
        ("EPSG:32650", "坐标系 WGS 84 / UTM zone 50N（EPSG:32650）"),
    ],
)
def test_coordinate_system_names(spec, zh):
    system = resolve_crs(spec)
    assert say(system.said, "zh") == zh
    assert str(system.said) == system.label


def test_a_people_error_names_the_geopackage_layer_in_chinese(tmp_path):
    path = tmp_path / "安置区.gpkg"
    areas = gpd.GeoDataFrame(
        {"名称": ["甲安置区", "乙安置区"], "人口": ["1200", "很多"]},
        geometry=[
            shapely.box(116.30, 39.90, 116.31, 39.91),
            shapely.box(116.32, 39.90, 116.33, 39.91),
        ],
        crs=4326,
    )
    areas.to_file(path, layer="安置区图层", driver="GPKG", engine="pyogrio")
    areas.to_file(path, layer="其他", driver="GPKG", engine="pyogrio")
    frame = read_layer(path, layer="安置区图层", geometry="polygon").frame
    with pytest.raises(InputDataError) as refused:
        checked_people(frame, "人口", what="relocation areas", blank_allowed=False)
    zh = say(refused.value, "zh")
    assert zh.startswith("安置区.gpkg（图层 '安置区图层'）：安置区的人口列"), zh
    assert not ENGLISH.search(zh) and "layer" not in zh, zh
    assert str(refused.value).startswith("安置区.gpkg (layer '安置区图层'): ")


def test_unnamed_areas_are_said_as_their_class_and_number():
    from servicecircle.demand import demand_from_area
    from servicecircle.testing.synthetic import to_wgs

    relocation = gpd.GeoDataFrame(
        {"名称": ["幸福家园", None]},
        geometry=to_wgs([shapely.box(0, 0, 200, 200), shapely.box(300, 300, 500, 500)]),
        crs=4326,
    )
    industrial = gpd.GeoDataFrame(
        {"名称": [None]}, geometry=to_wgs([shapely.box(300, 0, 500, 200)]), crs=4326
    )
    demand = demand_from_area(grid_area(), relocation=relocation, industrial=industrial)
    names = dict(
        zip(
            demand.areas["class"] + "/" + demand.areas["name"].astype(str),
            demand.areas["name"],
            strict=True,
        )
    )
    unnamed = {key.split("/")[0]: name for key, name in names.items() if name != "幸福家园"}
    assert area_label(unnamed["relocation"], "zh") == "安置区 " + unnamed["relocation"].split()[-1]
    assert area_label(unnamed["industrial"], "zh").startswith("工业区 ")
    assert area_label(unnamed["industrial"], "en") == unnamed["industrial"]
    assert area_label("幸福家园", "zh") == "幸福家园"
