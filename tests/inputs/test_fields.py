"""A planner's layers with Chinese column names and values (inputs.fields and its readers)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from servicecircle.demand.admin import admin_units
from servicecircle.demand.census_headers import (
    COMMUNITY_HEADERS,
    GENERIC_POPULATION_HEADERS,
    REGISTERED_HEADERS,
    RESIDENT_HEADERS,
    TOWNSHIP_HEADERS,
    find_header,
    header_key,
)
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import say
from servicecircle.inputs.fields import (
    FIELDS,
    field_column,
    field_values,
    outlet_type_of,
    with_fields,
)
from servicecircle.inputs.files.read import read_layer
from servicecircle.inputs.normalize import boundaries_layer
from servicecircle.inputs.premise_names import match_name
from servicecircle.supply.candidates import combine_candidates
from servicecircle.supply.outlets import DEFAULT_OUTLET_TYPES, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at, to_wgs
from servicecircle.workflow.inputs import RunInputs, with_user_boundaries
from servicecircle.workflow.prepare import coverage_settings, modes_needed

SPOTS = [(100, 100), (200, 100), (300, 200), (100, 300), (400, 400)]
"""Outlet positions in metres on the 6 x 6 grid of 100 m blocks."""


def _lonlat(xys: list[tuple[int, int]]) -> list[tuple[float, float]]:
    points = to_wgs([shapely.Point(x, y) for x, y in xys])
    return [(float(p.x), float(p.y)) for p in points]


def _csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_outlet_csv_in_chinese_gives_names_types_and_standards(tmp_path):
    spots = _lonlat(SPOTS)
    types = ["社区服务窗口", "零工市场", "家门口就业服务站", "就业驿站", "街道（乡镇）人社服务站"]
    rows = [
        [f"网点{i}", kind, 1000 + i, "花园路街道", f"花园路{i}号", lon, lat]
        for i, (kind, (lon, lat)) in enumerate(zip(types, spots, strict=True), start=1)
    ]
    path = _csv(
        tmp_path / "网点.csv", ["名称", "类型", "人口", "街道", "地址", "经度", "纬度"], rows
    )
    frame = read_layer(path, geometry="point").frame
    outlets = prepare_outlets(frame, area=grid_area())
    assert outlets["name"].tolist() == ["网点1", "网点2", "网点3", "网点4", "网点5"]
    assert outlets["outlet_type"].tolist() == [
        "community_window",
        "gig_market",
        "doorstep_station",
        "employment_post",
        "community_window",
    ]
    standards = [DEFAULT_OUTLET_TYPES[t] for t in outlets["outlet_type"]]
    assert [(s.mode, s.minutes) for s in standards] == [
        ("walk", 15.0),
        ("ebike", 30.0),  # the gig market is no 15-minute walk
        ("walk", 15.0),
        ("walk", 15.0),
        ("walk", 15.0),
    ]
    assert outlets["address"].tolist() == [f"花园路{i}号" for i in range(1, 6)]
    assert "名称" not in outlets.columns and "类型" not in outlets.columns
    assert outlets["街道"].tolist() == ["花园路街道"] * 5  # other columns are kept
    settings = coverage_settings(RunInputs(area="grid"))
    assert modes_needed(settings, outlets["outlet_type"]) == {"walk", "ebike"}


def test_full_width_and_spaced_headers_and_values_in_a_geojson(tmp_path):
    values = [
        "　零工　市场　",
        "ＧＩＧ＿ＭＡＲＫＥＴ",
        "Employment Post",
        "doorstep_station",
        " 就业服务驿站",
    ]
    features = [
        {
            "type": "Feature",
            "properties": {"网点 名称": f"站{i}", "网点类型（必填）": value, "详细地址": "某路"},
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        }
        for i, (value, (lon, lat)) in enumerate(zip(values, _lonlat(SPOTS), strict=True))
    ]
    path = tmp_path / "outlets.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    outlets = prepare_outlets(read_layer(path, geometry="point").frame, area=grid_area())
    assert outlets["name"].tolist() == ["站0", "站1", "站2", "站3", "站4"]
    assert outlets["outlet_type"].tolist() == [
        "gig_market",
        "gig_market",
        "employment_post",
        "doorstep_station",
        "employment_post",
    ]
    assert outlets["address"].tolist() == ["某路"] * 5


def test_unknown_type_values_are_listed_with_their_rows_and_the_known_types(tmp_path):
    rows = [
        ["甲", "零工市场", *_lonlat(SPOTS)[0]],
        ["乙", "培训学校", *_lonlat(SPOTS)[1]],
        ["丙", "夜市", *_lonlat(SPOTS)[2]],
        ["丁", "培训学校", *_lonlat(SPOTS)[3]],
    ]
    path = _csv(tmp_path / "outlets.csv", ["网点名称", "网点类型", "lng", "lat"], rows)
    with pytest.raises(InputDataError) as caught:
        prepare_outlets(read_layer(path, geometry="point").frame, area=grid_area())
    zh, en = say(caught.value, "zh"), say(caught.value, "en")
    assert "“培训学校”（第 3、5 行）、“夜市”（第 4 行）" in zh
    assert "表头为第 1 行" in zh
    assert "社区就业服务窗口、家门口就业服务站、就业服务驿站、零工市场" in zh
    assert "网点类型" in zh
    assert "'培训学校' (rows 3, 5), '夜市' (row 4)" in en
    assert "gig (day-labour) market" in en and "doorstep employment station" in en
    assert str(caught.value) == en


def test_a_map_placed_type_and_a_file_type_are_both_read():
    """A file's 类型 joined with the map's ``outlet_type``: each row has its value in one."""
    frame = points_at(
        SPOTS[:3], 类型=["零工市场", None, None], outlet_type=[None, "就业驿站", None]
    )
    outlets = prepare_outlets(frame, area=grid_area(), default_type="doorstep_station")
    assert outlets["outlet_type"].tolist() == ["gig_market", "employment_post", "doorstep_station"]
    assert outlets["name"].tolist() == ["网点 1", "网点 2", "网点 3"]  # no names given


def test_candidates_keep_the_planners_names_and_addresses():
    listed = points_at(SPOTS[:2], 点位名称=["社区用房", "党群中心"], 地址=["一路1号", "二路2号"])
    combined = combine_candidates([listed])
    assert combined["name"].tolist() == ["社区用房", "党群中心"]
    assert combined["address"].tolist() == ["一路1号", "二路2号"]
    assert combined["source"].tolist() == ["file", "file"]


def test_type_words_are_read_once_whatever_their_form():
    known = list(DEFAULT_OUTLET_TYPES)
    cases = {
        "社区就业服务窗口": "community_window",
        "人力资源和社会保障服务站": "community_window",
        "人社服务站": "community_window",
        "鼓楼街道人社服务站": "community_window",  # by the OSM name rules (人社)
        "家门口服务站": "doorstep_station",
        "零工驿站": "gig_market",
        "gig (day-labour) market": "gig_market",
        "COMMUNITY_WINDOW": "community_window",
        "就业服务驿站": "employment_post",
    }
    assert {value: outlet_type_of(value, known) for value in cases} == cases
    assert outlet_type_of("零工市场", ["community_window"]) is None  # not a type in use
    assert outlet_type_of("", known) is None
    # a 零工驿站 named in OSM is a gig market as well
    found = match_name({"name": "玄武区零工驿站"})
    assert found is not None and found.group.outlet_type == "gig_market"


def test_field_values_merge_columns_and_with_fields_renames():
    frame = pd.DataFrame({"名称": ["甲", None, " "], "name": [None, "乙", None], "人口": [1, 2, 3]})
    assert field_values(frame, "name").tolist() == ["甲", "乙", None]  # "name" wins, then 名称
    renamed = with_fields(frame, ["name", "people", "address"])
    assert sorted(renamed.columns) == ["name", "people"]
    assert renamed["people"].tolist() == [1, 2, 3]
    assert field_column(["常住人口（人）", "户籍人口"], "people") == "常住人口（人）"
    assert field_column(["x", "y"], "name") is None


def _squares(tmp_path: Path, name: str, properties: list[dict[str, object]]) -> Path:
    boxes = [shapely.box(0, 0, 250, 500), shapely.box(250, 0, 500, 500)]
    frame = gpd.GeoDataFrame(properties, geometry=to_wgs(boxes).to_numpy(), crs=4326)
    path = tmp_path / name
    frame.to_file(path, driver="GeoJSON")
    return path


def test_boundaries_named_by_street_and_community_columns(tmp_path):
    streets = _squares(
        tmp_path, "streets.geojson", [{"街道名称": "东街道"}, {"街道名称": "西街道"}]
    )
    area = with_user_boundaries(grid_area(), RunInputs(area="grid", boundaries=str(streets)))
    assert area.boundaries["name"].tolist() == ["东街道", "西街道"]
    assert area.boundaries["admin_level"].tolist() == [8, 8]

    communities = gpd.GeoDataFrame(
        {"社区名称": ["新村", "新村"], "所属街道": ["东街道", "西街道"]},
        geometry=to_wgs([shapely.box(0, 0, 200, 200), shapely.box(300, 0, 500, 200)]),
        crs=4326,
    )
    layer = boundaries_layer(communities)
    assert layer["name"].tolist() == ["新村", "新村"]
    assert layer["admin_level"].tolist() == [10, 10]
    admin, _ = admin_units(pd.concat([area.boundaries, layer], ignore_index=True))
    assert list(zip(admin["level"], admin["township"], admin["name"], strict=True)) == [
        ("township", None, "东街道"),
        ("township", None, "西街道"),
        ("community", "东街道", "新村"),
        ("community", "西街道", "新村"),
    ]
    # a name column with a township column: the rows are communities
    named = boundaries_layer(communities.rename(columns={"社区名称": "名称"}))
    assert named["admin_level"].tolist() == [10, 10]
    # a level column named in Chinese, with words for the levels
    leveled = boundaries_layer(communities.assign(级别=["社区", "街道"]))
    assert leveled["admin_level"].tolist() == [10, 8]


def test_shared_headers_agree_with_the_census_headers():
    """The census keeps a richer table; it never reads a shared header as something else."""
    census = {
        "township": {header_key(h) for h in TOWNSHIP_HEADERS},
        "community": {header_key(h) for h in COMMUNITY_HEADERS},
        "people": {
            header_key(h)
            for h in (*RESIDENT_HEADERS, *REGISTERED_HEADERS, *GENERIC_POPULATION_HEADERS)
        },
    }
    for field in census:
        shared = {header_key(h) for h in FIELDS[field]}
        others = set().union(*(headers for name, headers in census.items() if name != field))
        assert not shared & others, (field, shared & others)
    assert {"街道", "乡镇", "街道名称", "乡镇名称"} <= census["township"]
    assert {"社区", "村", "社区名称", "村名称"} <= census["community"]
    # a census table headed with the shared names only (所属街道, 所属社区) is read
    header = find_header(
        [["所属街道", "所属社区", "常住人口（人）"], ["东街道", "新村", "1200"]], "t"
    )
    assert (header.township, header.community, header.population) == (0, 1, 2)


def test_a_chosen_site_keeps_the_planners_name_and_address():
    from servicecircle.coverage import CoverageSettings, coverage_from
    from servicecircle.demand import demand_from_area
    from servicecircle.planning.plan import plan_sites
    from servicecircle.planning.request import SitingRequest
    from servicecircle.supply.outlets import OutletType

    types = {"w": OutletType("w", "walk", 5.0)}
    area = grid_area(n=11)
    people = points_at([(0, 0), (1000, 1000), (1000, 0)], people=[10, 50, 30])
    demand = demand_from_area(area, user_points=people, user_mode="replace")
    outlets = prepare_outlets(points_at([(0, 0)], 类型=["w"]), area=area, types=types)
    settings = CoverageSettings(breaks=(5.0,), outlet_types=types)
    coverage = coverage_from(area, demand, outlets, settings=settings, with_isochrones=False)
    listed = points_at(
        [(1000, 1000), (1000, 0)],
        网点名称=["东北社区用房", "东南党群中心"],
        地址=["北路1号", "南路2号"],
    )
    plan = plan_sites(
        area,
        coverage,
        combine_candidates([listed]),
        request=SitingRequest(model="mclp", new=1, new_types=("w",)),
    )
    assert plan.chosen[["name", "address"]].to_numpy().tolist() == [["东北社区用房", "北路1号"]]


def test_outlet_messages_say_chinese_in_chinese():
    from servicecircle.supply.outlets import OutletType, outlets_from_osm

    with pytest.raises(InputDataError) as none_found:
        outlets_from_osm(grid_area())  # a grid without premises
    zh = say(none_found.value, "zh")
    assert "零工市场" in zh and "名称" in zh and "类型" in zh
    assert not re.search(r"\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b", zh), zh
    assert "English names" in say(none_found.value, "en")
    with pytest.raises(InputDataError) as bad_minutes:
        OutletType("夜间窗口", "walk", 0.0)
    assert say(bad_minutes.value, "zh") == "网点类型“夜间窗口”：服务时间必须大于 0 分钟，现为 0.0。"
    far = points_at([(100, 100), (90_000, 0)], 名称=["近", "远"])
    with pytest.raises(InputDataError) as too_far:
        prepare_outlets(far, area=grid_area())
    assert "第 2 个要素（89.5 千米）" in say(too_far.value, "zh")
    assert "feature 2 (89.5 km)" in str(too_far.value)


def test_must_cover_areas_keep_their_chinese_names_and_people():
    from servicecircle.demand import demand_from_area

    relocation = gpd.GeoDataFrame(
        {"安置区名称": ["幸福家园安置区", None], "安置人口（人）": ["1,200", None]},
        geometry=to_wgs([shapely.box(0, 0, 200, 200), shapely.box(300, 300, 500, 500)]),
        crs=4326,
    )
    industrial = gpd.GeoDataFrame(
        {"名称": ["滨江产业园"], "从业人数": [800]},
        geometry=to_wgs([shapely.box(300, 0, 500, 200)]),
        crs=4326,
    )
    demand = demand_from_area(grid_area(), relocation=relocation, industrial=industrial)
    areas = demand.areas.set_index("name")
    assert areas.loc["幸福家园安置区", "people"] == 1200.0
    assert areas.loc["幸福家园安置区", "class"] == "relocation"
    assert areas.loc["滨江产业园", "people"] == 800.0
    assert bool(areas.loc["滨江产业园", "must_cover"])
    unnamed = demand.areas[
        demand.areas["class"].eq("relocation") & ~demand.areas["name"].eq("幸福家园安置区")
    ]
    assert unnamed["name"].tolist() == ["relocation area 2"]  # no name: by its position


def test_demand_points_with_chinese_people_and_name_columns():
    from servicecircle.demand import demand_from_area

    points = points_at(
        [(100, 100), (300, 300)], 名称=["甲小区", "乙小区"], **{"常住人口（人）": [300, 500]}
    )
    demand = demand_from_area(grid_area(), user_points=points, user_mode="replace")
    assert demand.units.set_index("name")["people"].to_dict() == {"甲小区": 300.0, "乙小区": 500.0}


def test_coverage_measures_each_chinese_type_by_its_own_standard():
    from servicecircle.coverage import coverage_from
    from servicecircle.demand import demand_from_area

    area = grid_area()
    demand = demand_from_area(
        area, user_points=points_at([(300, 300)], people=[5]), user_mode="replace"
    )
    outlets = prepare_outlets(
        points_at(
            [(0, 0), (500, 500)],
            名称=["甲窗口", "乙市场"],
            类型=["社区服务窗口", "零工市场"],
            地址=["一路", "二路"],
        ),
        area=area,
    )
    coverage = coverage_from(area, demand, outlets, with_isochrones=False)
    table = coverage.outlets.set_index("name")
    assert table.loc["甲窗口", ["mode", "minutes", "address"]].tolist() == ["walk", 15.0, "一路"]
    assert table.loc["乙市场", ["mode", "minutes", "address"]].tolist() == ["ebike", 30.0, "二路"]
