"""Regional profiles: chosen from the study area's location and buildings, overridable."""

from __future__ import annotations

import pytest
import shapely

from servicecircle.demand import PROFILES, DemandSettings, choose_profile, demand_from_area
from servicecircle.demand.china_outline import in_china
from tests.demand.places import NANJING, VADUZ, area_at
from tests.demand.places import in_china as grid_in_china


@pytest.mark.parametrize(
    ("lon", "lat", "inside"),
    [
        (*NANJING, True),
        (116.40, 39.90, True),  # Beijing
        (87.62, 43.83, True),  # Urumqi
        (110.35, 20.02, True),  # Haikou, Hainan
        (*VADUZ, False),
        (106.92, 47.92, False),  # Ulaanbaatar
        (126.98, 37.57, False),  # Seoul
        (105.85, 21.03, False),  # Hanoi
        (139.69, 35.69, False),  # Tokyo
    ],
)
def test_inside_china(lon, lat, inside):
    assert in_china(lon, lat) is inside


def squares(side: float, count: int = 60) -> list:
    return [
        shapely.box(30 * i % 480, 30 * (i // 16), 30 * i % 480 + side, 30 * (i // 16) + side)
        for i in range(count)
    ]


def test_apartment_footprints_make_a_city_village_houses_a_town():
    city = grid_in_china(buildings=squares(20))  # 400 m² each
    town = grid_in_china(buildings=squares(10))  # 100 m² each
    assert choose_profile(city).profile.name == "china_city"
    assert "median footprint of 60 buildings: 400 m²" in choose_profile(city).reason
    assert choose_profile(town).profile.name == "china_town"


def test_levels_decide_before_footprints():
    tags = [{"building": "yes", "levels": 2}] * 25
    low_rise = grid_in_china(buildings=squares(20, 25), building_tags=tags)
    choice = choose_profile(low_rise)
    assert choice.profile.name == "china_town"
    assert choice.reason == "in China; median of 25 buildings with levels or a height: 2 storeys"


def test_subdistrict_names_make_a_city():
    whole = shapely.box(-50, -50, 550, 550)
    city = grid_in_china(buildings=squares(10), boundaries=[(8, "玄武门街道", whole)])
    assert choose_profile(city).profile.name == "china_city"
    town = grid_in_china(buildings=squares(20), boundaries=[(8, "汤泉镇", whole)])
    assert choose_profile(town).profile.name == "china_town"


def test_outside_china_is_elsewhere_and_the_planner_can_choose():
    area = area_at(*VADUZ, buildings=squares(20))
    assert choose_profile(area).profile.name == "elsewhere"
    assert choose_profile(area, "china_city").reason == "set by the planner"
    demand = demand_from_area(area, settings=DemandSettings(profile="china_city"))
    assert demand.assumptions["profile"] == "china_city"
    assert demand.assumptions["m2_per_person"] == 36.5


def test_profile_values_fill_only_what_the_planner_left_open():
    settings = DemandSettings(m2_per_person=30.0)
    resolved = settings.resolved(PROFILES["china_town"])
    assert resolved.m2_per_person == 30.0  # the planner's
    assert resolved.levels_house == 2.0  # the profile's
    assert resolved.residential_density_per_ha == 150.0
    assert resolved.profile == "china_town"


def test_the_census_floor_areas_are_the_chinese_profiles():
    assert PROFILES["china_city"].m2_per_person == 36.5  # 2020 census, city households 36.52
    assert 41.5 <= PROFILES["china_town"].m2_per_person <= 46.8  # towns .. villages


def test_unknown_profile_is_refused():
    from servicecircle.errors import InputDataError

    with pytest.raises(InputDataError, match="profile one of auto, china_city"):
        DemandSettings(profile="mars")  # type: ignore[arg-type]
