"""Key groups spread to demand units: counts by residents, shares × residents, names, layers."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from servicecircle.demand.key_group_units import key_groups_for_units
from servicecircle.demand.key_groups import KeyGroupTable, table_from_rows
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import say

#: Six demand units in two streets; 梅园新村社区 has three units, 兰园社区 one, 东街 two.
UNITS = gpd.GeoDataFrame(
    {
        "people": [100.0, 300.0, 600.0, 500.0, 250.0, 750.0],
        "township": ["玄武门街道"] * 4 + ["东街街道"] * 2,
        "community": ["梅园新村社区"] * 3 + ["兰园社区", "东一社区", "东二社区"],
    },
    geometry=[shapely.Point(118.78 + 0.001 * i, 32.05) for i in range(6)],
    crs=4326,
)


def _groups(rows):
    return key_groups_for_units(table_from_rows(rows, source="g.csv"), UNITS)


def test_a_count_is_spread_over_the_area_by_residents():
    groups = _groups([["社区", "60岁及以上"], ["梅园新村社区", 200], ["兰园社区", 50]])
    got = groups.people["aged_60_plus"].tolist()
    # 200 over 100/300/600 residents: 20, 60, 120; 兰园 one unit: 50; 东街 not given: 0
    assert got == pytest.approx([20.0, 60.0, 120.0, 50.0, 0.0, 0.0])
    notes = [say(n, "zh") for n in groups.notes]
    unspoken = "有 1,000 名常住人口（40.0%）所在的区域在重点群体文件中没有数字，按无重点群体计。"
    assert unspoken in notes


def test_a_share_is_the_share_of_each_units_residents():
    groups = _groups([["街道", "登记失业人员占比(%)"], ["玄武门街道", "2"], ["东街街道", "4%"]])
    got = groups.people["registered_unemployed"].tolist()
    assert got == pytest.approx([2.0, 6.0, 12.0, 10.0, 10.0, 30.0])
    assert groups.kinds["registered_unemployed"] == "percent"


def test_names_match_as_census_names_do():
    # committee words, a missing 社区/街道 and a community given under its street
    rows = [
        ["街道", "社区", "高校毕业生"],
        ["玄武门", "梅园新村社区居委会", 10],
        ["玄武门街道", "兰园", 5],
        ["东街", "东二", 3],
    ]
    got = _groups(rows).people["college_graduates"].tolist()
    assert got == pytest.approx([1.0, 3.0, 6.0, 5.0, 0.0, 3.0])


def test_a_township_row_with_its_communities_spreads_what_they_leave():
    rows = [
        ["街道", "社区", "外出务工人员"],
        ["玄武门街道", None, 100],  # the street's total
        ["玄武门街道", "兰园社区", 40],  # its community: 40, the street's other units share 60
        ["东街街道", None, 30],
    ]
    got = _groups(rows).people["migrant_workers"].tolist()
    assert got == pytest.approx([6.0, 18.0, 36.0, 40.0, 7.5, 22.5])
    assert sum(got) == pytest.approx(130.0)


def test_unknown_and_ambiguous_areas_are_listed_with_the_study_areas_names():
    with pytest.raises(InputDataError) as error:
        _groups([["社区", "老年人"], ["梅园新村社区", 1], ["不存在社区", 2], ["东", 3]])
    text = say(error.value.args[0], "zh")
    assert "有 2 行" in text
    assert "g.csv 第 3 行：不存在社区" in text
    assert "g.csv 第 4 行：东" in text  # matches no street or community as written
    assert "玄武门街道/梅园新村社区" in text
    assert "请按这些名称改正" in text


def test_each_group_adds_up_to_its_count_when_every_area_is_given():
    rows = [
        ["街道", "60岁及以上", "登记失业人员"],
        ["玄武门街道", 345.6, 12],
        ["东街街道", 100, 7],
    ]
    people = _groups(rows).people
    assert people.sum().tolist() == pytest.approx([445.6, 19.0])
    assert people.index.equals(UNITS.index)


def test_polygons_of_a_layer_apply_to_the_units_inside():
    west = shapely.box(118.7795, 32.04, 118.7825, 32.06)  # units 0..2
    table = KeyGroupTable(
        rows=gpd.GeoDataFrame(
            {
                "township": [None, None],
                "community": [None, None],
                "name": ["west", "east"],
                "where": ["a.gpkg feature 1", "a.gpkg feature 2"],
                "aged_60_plus": [100.0, 0.5],
            },
            geometry=[west, shapely.box(118.7825, 32.04, 118.79, 32.06)],
            crs=4326,
        ),
        kinds={"aged_60_plus": "count"},
        columns={"aged_60_plus": "老年人"},
        source="a.gpkg",
    )
    got = key_groups_for_units(table, UNITS).people["aged_60_plus"].to_numpy()
    # west: 100 over 100/300/600; east: 0.5 people over 500/250/750 residents
    expected = [10.0, 30.0, 60.0, 0.5 * 500 / 1500, 0.5 * 250 / 1500, 0.5 * 750 / 1500]
    np.testing.assert_allclose(got, expected)


def test_points_of_a_layer_go_to_the_nearest_unit_with_residents():
    units = UNITS.assign(people=[100.0, 0.0, 600.0, 500.0, 250.0, 750.0])
    table = KeyGroupTable(
        rows=gpd.GeoDataFrame(
            {
                "township": [None] * 3,
                "community": [None] * 3,
                "name": ["p1", "p2", "p3"],
                "where": ["p.geojson feature 1", "p.geojson feature 2", "p.geojson feature 3"],
                "college_graduates": [7.0, 3.0, 5.0],
            },
            # p1 on unit 1 (no residents: unit 0 and 2 are as near, the first wins), p2 and p3 at 5
            geometry=[shapely.Point(118.781, 32.05), shapely.Point(118.785, 32.0501)]
            + [shapely.Point(118.7849, 32.05)],
            crs=4326,
        ),
        kinds={"college_graduates": "count"},
        columns={"college_graduates": "高校毕业生"},
        source="p.geojson",
    )
    got = key_groups_for_units(table, units).people["college_graduates"].tolist()
    assert got[1] == 0.0
    assert got[0] + got[2] == pytest.approx(7.0)
    assert got[5] == pytest.approx(8.0)
    assert sum(got) == pytest.approx(15.0)
