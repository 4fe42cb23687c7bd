"""A planner's building layer (Floor / 层数 / 高度 / 用途 columns) replacing or adding to OSM's."""

from __future__ import annotations

import json
import zipfile

import geopandas as gpd
import numpy as np
import pytest
import shapely

from servicecircle.demand import demand_from_area
from servicecircle.demand.user_buildings import (
    building_value,
    buildings_from_frame,
    read_buildings,
    with_buildings,
)
from servicecircle.errors import InputDataError
from servicecircle.testing.synthetic import grid_area, to_wgs

SQUARE_A = shapely.box(110, 110, 130, 130)
SQUARE_B = shapely.box(310, 310, 330, 330)
SQUARE_C = shapely.box(210, 410, 240, 440)


def write_geojson(path, rows, geoms):
    features = [
        {"type": "Feature", "properties": row, "geometry": shapely.geometry.mapping(g)}
        for row, g in zip(rows, to_wgs(geoms), strict=True)
    ]
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def test_a_layer_with_a_floor_column(tmp_path):
    path = write_geojson(
        tmp_path / "bld.geojson",
        [{"Floor": 5}, {"Floor": "18层"}, {"Floor": 0}, {"Floor": 250}, {"Floor": None}],
        [SQUARE_A, SQUARE_B, SQUARE_C, shapely.box(0, 0, 20, 20), shapely.box(40, 0, 60, 20)],
    )
    planner = read_buildings(path)
    frame = planner.buildings
    assert frame["levels"].tolist()[:2] == [5.0, 18.0]
    assert np.isnan(frame["levels"].to_numpy()[2:]).all()
    assert frame["building"].tolist() == ["yes"] * 5
    assert frame["osm_id"].tolist() == [-1, -2, -3, -4, -5]
    assert frame.crs.to_epsg() == 4326
    notes = " ".join(map(str, planner.notes))
    assert "5 buildings; floors from 'Floor'; 2 with floors or a height" in notes
    assert "2 floors values in 'Floor' are 0, negative or over 200" in notes


def test_a_layer_with_height_and_use_columns(tmp_path):
    rows = [
        {"高度": 30.0, "用途": "住宅"},
        {"高度": "45m", "用途": "商业"},
        {"高度": 12, "用途": "办公楼"},
        {"高度": 9, "用途": "学生宿舍"},
        {"高度": 6, "用途": "其他"},
    ]
    geoms = [shapely.box(x, 0, x + 20, 20) for x in (0, 40, 80, 120, 160)]
    planner = read_buildings(write_geojson(tmp_path / "b.geojson", rows, geoms))
    frame = planner.buildings
    assert frame["height"].tolist() == [30.0, 45.0, 12.0, 9.0, 6.0]
    assert np.isnan(frame["levels"].to_numpy()).all()
    assert frame["building"].tolist() == [
        "residential",
        "commercial",
        "office",
        "dormitory",
        "yes",
    ]
    assert "1 of 5 use values in '用途' are not recognised" in " ".join(map(str, planner.notes))


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("住宅", "residential"),
        ("商住楼", "residential"),
        ("商业办公", "commercial"),
        ("工业厂房", "industrial"),
        ("仓储", "warehouse"),
        ("中小学教学楼", "school"),
        ("医疗卫生", "hospital"),
        ("行政办公", "government"),
        ("apartments", "apartments"),
        ("Office", "office"),
        (None, "yes"),
        ("", "yes"),
    ],
)
def test_use_cells_map_to_building_values(cell, value):
    assert building_value(cell) == value


def test_a_storey_height_is_not_a_height(tmp_path):
    path = write_geojson(tmp_path / "b.geojson", [{"层高": 3.0, "名称": "x"}], [SQUARE_A])
    with pytest.raises(InputDataError, match=r"no floors or height column.*'层高', '名称'"):
        read_buildings(path)


def test_points_are_refused(tmp_path):
    path = tmp_path / "b.geojson"
    point = {"type": "Point", "coordinates": [9.0, 50.0]}
    feature = {"type": "Feature", "properties": {"Floor": 3}, "geometry": point}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with pytest.raises(InputDataError, match="polygon"):
        read_buildings(path)


def test_a_zipped_shapefile_in_gbk_with_upper_case_columns(tmp_path):
    frame = gpd.GeoDataFrame(
        {"FLOOR": [6, 2], "TYPE": ["住宅", "仓库"]},
        geometry=to_wgs([SQUARE_A, SQUARE_B]).to_numpy(),
        crs="EPSG:4326",
    )
    folder = tmp_path / "shp"
    folder.mkdir()
    frame.to_file(folder / "楼栋.shp", engine="pyogrio", encoding="GBK")
    archive = tmp_path / "楼栋.zip"
    with zipfile.ZipFile(archive, "w") as target:
        for part in folder.iterdir():
            target.write(part, part.name)
    planner = read_buildings(archive)
    assert planner.buildings["levels"].tolist() == [6.0, 2.0]
    assert planner.buildings["building"].tolist() == ["residential", "warehouse"]


def area_with_osm_buildings():
    return grid_area(
        buildings=[SQUARE_A, SQUARE_B],
        building_tags=[{"building": "apartments", "levels": 4}, {"building": "apartments"}],
    )


def planner_layer(rows, geoms):
    frame = gpd.GeoDataFrame(rows, geometry=to_wgs(geoms).to_numpy(), crs="EPSG:4326")
    return buildings_from_frame(frame, source="bld.geojson")


def test_replace_keeps_only_the_planners_buildings():
    area = area_with_osm_buildings()
    planner = planner_layer({"Floor": [10]}, [SQUARE_C])
    replaced = with_buildings(area, planner, "replace")
    assert replaced.buildings["osm_id"].tolist() == [-1]
    assert list(replaced.buildings.columns) == list(area.buildings.columns)
    assert "1 buildings from bld.geojson replace the 2 OSM ones" in str(replaced.notes[-1])


def test_add_keeps_the_osm_buildings_the_planners_do_not_overlap():
    area = area_with_osm_buildings()
    redrawn = shapely.box(112, 112, 131, 131)  # the same building as SQUARE_A, redrawn
    planner = planner_layer({"Floor": [10, 3]}, [redrawn, SQUARE_C])
    added = with_buildings(area, planner, "add")
    assert added.buildings["osm_id"].tolist() == [-1, -2, 2]
    assert added.buildings["levels"].tolist()[:2] == [10.0, 3.0]
    assert "1 of the 2 OSM buildings kept" in str(added.notes[-1])
    with pytest.raises(InputDataError, match="'replace' or 'add'"):
        with_buildings(area, planner, "merge")  # type: ignore[arg-type]


def test_a_planners_building_counts_like_the_same_osm_building():
    """Floors from the file give the residents that the same levels tagged in OSM give."""
    tagged = grid_area(
        buildings=[SQUARE_C], building_tags=[{"building": "apartments", "levels": 9}]
    )
    planner = planner_layer({"Floor": [9], "用途": ["住宅"]}, [SQUARE_C])
    own = with_buildings(grid_area(), planner, "replace")
    expected = demand_from_area(tagged).total
    assert expected > 0
    assert demand_from_area(own).total == pytest.approx(expected)
