"""The planner's township and community boundaries, joined with the OSM ones."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from servicecircle.demand.admin import admin_units
from servicecircle.demand.admin_sources import combine_units, drawn_units, unit_layer
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import say
from servicecircle.inputs.area import LAYER_COLUMNS
from servicecircle.inputs.crs import WGS84


def _box(i: int, j: int = 0) -> shapely.Polygon:
    return shapely.box(116.0 + 0.01 * i, 39.0 + 0.01 * j, 116.01 + 0.01 * i, 39.01 + 0.01 * j)


def _osm(levels_names: list[tuple[int, str]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "osm_id": list(range(1, len(levels_names) + 1)),
            "admin_level": [lv for lv, _ in levels_names],
            "name": [n for _, n in levels_names],
            "name_zh": None,
        },
        geometry=[_box(i) for i in range(len(levels_names))],
        crs=WGS84,
    ).astype({"osm_id": "int64", "admin_level": "int64"})


def test_a_township_file_is_named_by_its_street_column() -> None:
    frame = gpd.GeoDataFrame(
        {"序号": [1, 2], "街道名称": ["花园路街道", "北下关街道"]},
        geometry=[_box(0), _box(1)],
        crs=WGS84,
    )
    layer = unit_layer(frame, "township", what="streets.geojson")
    assert list(layer.columns) == list(LAYER_COLUMNS["boundaries"])
    assert layer["admin_level"].tolist() == [8, 8]
    assert layer["name"].tolist() == ["花园路街道", "北下关街道"]


def test_a_community_file_takes_the_community_column_not_its_street() -> None:
    frame = gpd.GeoDataFrame(
        {"街道": ["花园路街道", "花园路街道"], "社区": ["新村", "北村"]},
        geometry=[_box(0), _box(1)],
        crs=WGS84,
    )
    layer = unit_layer(frame, "community", what="communities.gpkg")
    assert layer["admin_level"].tolist() == [10, 10]
    assert layer["name"].tolist() == ["新村", "北村"]


def test_a_file_with_only_names_takes_the_level_it_was_given_as() -> None:
    frame = gpd.GeoDataFrame({"名称": ["甲村", None]}, geometry=[_box(0), _box(1)], crs=WGS84)
    layer = unit_layer(frame.to_crs(3857), "community", what="x.geojson")
    assert layer["name"].tolist()[0] == "甲村"
    assert layer.crs == WGS84
    assert layer.geometry.iloc[0].equals_exact(_box(0), 1e-9)
    table, notes = admin_units(layer)
    assert sorted(table["name"]) == ["#1", "甲村"]
    assert notes  # the unnamed one is said


def test_points_are_not_boundaries() -> None:
    frame = gpd.GeoDataFrame({"名称": ["甲"]}, geometry=[shapely.Point(116, 39)], crs=WGS84)
    with pytest.raises(InputDataError) as raised:
        unit_layer(frame, "township", what="points.csv")
    assert "points.csv" in say(raised.value, "zh")
    assert "面" in say(raised.value, "zh")


def test_uploaded_townships_replace_the_osm_townships_only() -> None:
    osm = _osm([(6, "County"), (8, "T1"), (8, "T2"), (10, "C1"), (10, "C2"), (10, "C3")])
    planner = unit_layer(
        gpd.GeoDataFrame(
            {"街道": ["甲", "乙", "丙"]}, geometry=[_box(i, 1) for i in range(3)], crs=WGS84
        ),
        "township",
        what="t.geojson",
    )
    used = combine_units(osm, {"uploaded": planner})
    names = set(used.boundaries["name"])
    assert names == {"County", "甲", "乙", "丙", "C1", "C2", "C3"}
    assert used.count("township") == 3
    assert used.sources("township") == ["uploaded"]
    assert used.count("community") == 3
    assert used.sources("community") == ["osm"]


def test_drawn_communities_replace_every_finer_osm_level() -> None:
    # OSM: townships at 9 (the deepest of 7-9), 8 above them, communities at 10 and 11
    osm = _osm([(8, "District"), (9, "T9"), (10, "C10"), (11, "C11")])
    drawn = drawn_units(["新村", " "], ["community", "community"], [_box(5), _box(6)])
    used = combine_units(osm, {"drawn": drawn})
    assert set(used.boundaries["name"].dropna()) == {"District", "T9", "新村"}
    assert used.count("township") == 1
    assert used.sources("township") == ["osm"]
    assert used.count("community") == 2
    assert used.sources("community") == ["drawn"]


def test_added_units_join_the_osm_level_of_their_kind() -> None:
    osm = _osm([(9, "T9a"), (9, "T9b")])
    uploaded = drawn_units(["甲街道"], ["township"], [_box(4)])
    drawn = drawn_units(["乙社区"], ["community"], [_box(5)])
    used = combine_units(osm, {"uploaded": uploaded, "drawn": drawn}, mode="add")
    levels = dict(zip(used.boundaries["name"], used.boundaries["admin_level"], strict=True))
    assert levels == {"T9a": 9, "T9b": 9, "甲街道": 9, "乙社区": 10}
    assert used.counts.to_dict("records") == [
        {"level": "township", "source": "osm", "count": 2},
        {"level": "township", "source": "uploaded", "count": 1},
        {"level": "community", "source": "drawn", "count": 1},
    ]


def test_no_units_anywhere_gives_empty_counts() -> None:
    used = combine_units(_osm([]), {})
    assert len(used.boundaries) == 0
    assert used.count("township") == 0
    assert used.sources("community") == []
    with pytest.raises(InputDataError):
        combine_units(_osm([]), {}, mode="both")  # type: ignore[arg-type]


def test_a_level_column_of_the_file_wins_over_the_uploader() -> None:
    frame = gpd.GeoDataFrame(
        {"名称": ["花园路街道", "新村", "海淀区", "北村"], "级别": ["街道", "社区", "6", "10"]},
        geometry=[_box(i) for i in range(4)],
        crs=WGS84,
    )
    layer = unit_layer(frame, "township", what="units.gpkg")
    assert dict(zip(layer["name"], layer["admin_level"], strict=True)) == {
        "花园路街道": 8,
        "新村": 10,
        "北村": 10,
    }
    assert (layer["osm_id"] < 0).all()
    used = combine_units(_osm([(8, "T1")]), {"uploaded": layer})
    assert used.sources("township") == ["uploaded"]
    assert used.count("community") == 2
