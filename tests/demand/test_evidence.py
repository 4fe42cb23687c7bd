"""Residential evidence: tags, grounds, names and the planner decide who lives where."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from servicecircle.demand import BUILDING_COLUMNS, DemandSettings, demand_from_area
from servicecircle.demand.evidence import name_word
from servicecircle.errors import InputDataError
from servicecircle.testing.synthetic import to_wgs
from tests.demand.places import in_china, with_grounds

BLOCK = shapely.box(110, 110, 150, 130)  # 800 m²
CAMPUS = shapely.box(50, 50, 350, 350)  # 9 ha


def table(area, **kwargs):
    return demand_from_area(area, **kwargs).buildings.set_index("osm_id")


def test_a_mall_tagged_residential_holds_nobody():
    mall = shapely.box(110, 110, 190, 190)  # 6,400 m²: under the 1 ha limit
    area = with_grounds(
        buildings=[mall], building_tags=[{"building": "residential", "use": "shop=mall"}]
    )
    demand = demand_from_area(area)
    row = demand.buildings.iloc[0]
    assert (row["decision"], row["basis"], row["people"]) == ("non-residential", "tag shop=mall", 0)
    assert demand.total == 0
    assert list(demand.buildings.columns) == list(BUILDING_COLUMNS)


def test_a_dormitory_on_a_campus_holds_residents_its_teaching_building_does_not():
    area = with_grounds(
        [("amenity", "university", CAMPUS)],
        buildings=[BLOCK, shapely.box(200, 200, 240, 220), shapely.box(260, 260, 300, 280)],
        building_tags=[
            {"building": "dormitory", "levels": 6},
            {"building": "yes", "levels": 5},
            {"building": "yes", "levels": 6, "name": "汇智楼（学生宿舍）"},
        ],
    )
    rows = table(area)
    assert rows.loc[1, "basis"] == "building=dormitory, in university grounds"
    assert rows.loc[1, "people"] == pytest.approx(800 * 6 * 0.8 / 45, rel=1e-3)
    assert (rows.loc[2, "decision"], rows.loc[2, "basis"]) == (
        "non-residential",
        "in university grounds",
    )
    assert rows.loc[3, "basis"] == "name contains 宿舍, in university grounds"
    assert rows.loc[3, "decision"] == "residential"


def test_residential_type_is_no_home_inside_a_malls_grounds():
    area = with_grounds(
        [("shop", "mall", CAMPUS)],
        buildings=[BLOCK],
        building_tags=[{"building": "residential", "levels": 4}],
    )
    assert table(area).loc[1, "basis"] == "in mall grounds"


def test_land_use_grounds_and_the_smallest_polygon_wins():
    compound = shapely.box(100, 100, 200, 200)
    area = with_grounds(
        buildings=[BLOCK, shapely.box(300, 300, 340, 320), shapely.box(360, 360, 400, 380)],
        building_tags=[{"building": "yes"}, {"building": "yes"}, {"building": "apartments"}],
        landuse=[
            ("commercial", CAMPUS),
            ("residential", compound),
            ("commercial", shapely.box(290, 290, 450, 450)),
        ],
    )
    rows = table(area)
    assert rows.loc[1, "basis"] == "untagged, in residential land"  # compound inside commercial
    assert rows.loc[2, "basis"] == "in commercial land"
    assert rows.loc[3, "basis"] == "building=apartments, in commercial land"
    assert rows.loc[3, "decision"] == "residential"


@pytest.mark.parametrize(
    ("name", "decision", "basis"),
    [
        ("江苏省中医院", "non-residential", "name contains 医院"),
        ("德基广场", "non-residential", "name contains 广场"),
        ("金陵饭店二期", "non-residential", "name contains 饭店"),
        ("凯润金城6栋", "residential", "untagged, no land use"),
        ("锦绣花园广场", "residential", "untagged, no land use"),  # 花园 wins over 广场
        ("Kings Mall", "non-residential", "name contains Mall"),
        ("Swarovski AG", "non-residential", "name contains AG"),
        ("Smallville Court", "residential", "untagged, no land use"),  # no whole word
    ],
)
def test_names_mark_non_residential_buildings_with_exceptions(name, decision, basis):
    area = with_grounds(buildings=[BLOCK], building_tags=[{"building": "yes", "name": name}])
    row = table(area).loc[1]
    assert (row["decision"], row["basis"]) == (decision, basis)


def test_word_lists_are_settings():
    area = with_grounds(buildings=[BLOCK], building_tags=[{"building": "yes", "name": "某某会所"}])
    assert table(area).loc[1, "decision"] == "residential"
    settings = DemandSettings(non_residential_words=("会所",))
    assert table(area, settings=settings).loc[1, "basis"] == "name contains 会所"


def test_an_explicit_home_type_wins_over_its_name():
    area = with_grounds(
        buildings=[BLOCK], building_tags=[{"building": "apartments", "name": "华夏大厦"}]
    )
    assert table(area).loc[1, "basis"] == "building=apartments"


def test_types_industrial_and_sheds():
    area = with_grounds(
        buildings=[BLOCK, shapely.box(200, 200, 240, 220), shapely.box(300, 300, 305, 305)],
        building_tags=[{"building": "office"}, {"building": "warehouse"}, {"building": "house"}],
    )
    rows = table(area)
    assert rows.loc[1, ["decision", "basis"]].tolist() == ["non-residential", "building=office"]
    assert rows.loc[2, ["decision", "basis"]].tolist() == ["industrial", "building=warehouse"]
    assert rows.loc[3, "basis"] == "footprint 25 m² under 30 m²"


def test_planner_overrides_by_id_and_by_area_win():
    area = with_grounds(
        buildings=[BLOCK, shapely.box(200, 200, 240, 220), shapely.box(300, 300, 340, 320)],
        building_tags=[
            {"building": "residential", "use": "shop=mall", "levels": 3},
            {"building": "apartments", "levels": 3},
            {"building": "apartments", "levels": 3},
        ],
    )
    settings = DemandSettings(residential_ids=(1,), non_residential_ids=(3,))
    overrides = gpd.GeoDataFrame(
        {"residential": ["否"], "name": ["Campus B"]},
        geometry=to_wgs([shapely.box(190, 190, 250, 230)]).to_numpy(),
        crs="EPSG:4326",
    )
    rows = table(area, settings=settings, overrides=overrides)
    assert rows.loc[1, "basis"] == "planner: residential (id 1)"
    assert rows.loc[1, "people"] == pytest.approx(800 * 3 * 0.8 / 45, rel=1e-3)
    assert rows.loc[2, "basis"] == "planner area 'Campus B': non-residential"
    assert rows.loc[3, "basis"] == "planner: non-residential (id 3)"
    assert rows["people"].loc[[2, 3]].sum() == 0


def test_override_areas_say_what_is_wrong():
    area = with_grounds(buildings=[BLOCK], building_tags=[{"building": "apartments"}])
    square = to_wgs([shapely.box(0, 0, 500, 500)]).to_numpy()
    bad = gpd.GeoDataFrame({"residential": ["maybe"]}, geometry=square, crs="EPSG:4326")
    with pytest.raises(InputDataError, match="'maybe' in its 'residential' column. Write yes"):
        demand_from_area(area, overrides=bad)
    missing = gpd.GeoDataFrame({"name": ["x"]}, geometry=square, crs="EPSG:4326")
    with pytest.raises(InputDataError, match="no 'residential' column"):
        demand_from_area(area, overrides=missing)
    with pytest.raises(InputDataError, match="both residential and non-residential"):
        DemandSettings(residential_ids=(5,), non_residential_ids=(5,))


def test_units_from_buildings_carry_their_basis():
    area = in_china(
        buildings=[BLOCK, shapely.box(200, 200, 240, 220)],
        building_tags=[{"building": "apartments"}, {"building": "yes", "name": "南京图书馆"}],
    )
    demand = demand_from_area(area)
    assert demand.units["basis"].tolist() == ["building=apartments"]
    assert demand.buildings.set_index("osm_id").loc[2, "basis"] == "name contains 图书馆"


def test_name_word_finds_chinese_anywhere_and_latin_whole_words():
    names = ["XX酒店公寓", "Mallorca flats", None, 12]
    assert name_word(names, ["酒店", "mall"]) == ["酒店", None, None, None]
