"""Levels and residents of buildings; footprints too large to be buildings count as land."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from servicecircle.demand import DemandSettings, demand_from_area
from tests.demand.places import in_china, with_grounds

SQUARE_20 = shapely.box(110, 110, 130, 130)  # 400 m²


def rows(area, **kwargs):
    return demand_from_area(area, **kwargs).buildings.set_index("osm_id")


def test_height_gives_levels_where_building_levels_is_missing():
    area = with_grounds(
        buildings=[SQUARE_20, shapely.box(200, 200, 220, 220)],
        building_tags=[
            {"building": "yes", "height": 18.0},
            {"building": "yes", "height": 18.0, "levels": 2},
        ],
    )
    table = rows(area)
    assert table.loc[1, ["levels", "levels_source"]].tolist() == [6.0, "height"]  # 18 m / 3 m
    assert table.loc[2, ["levels", "levels_source"]].tolist() == [2.0, "tagged"]
    assert table.loc[1, "people"] == pytest.approx(400 * 6 * 0.8 / 45, rel=1e-3)
    taller = rows(area, settings=DemandSettings(metres_per_level=2.0))
    assert taller.loc[1, "levels"] == 9.0


def test_generic_levels_are_the_median_of_residential_buildings_not_of_all():
    homes = [shapely.box(10 + 40 * i, 10, 30 + 40 * i, 30) for i in range(10)]
    offices = [shapely.box(10 + 40 * i, 100, 30 + 40 * i, 120) for i in range(10)]
    generic = shapely.box(10, 300, 30, 320)
    area = with_grounds(
        buildings=[*homes, *offices, generic],
        building_tags=[{"building": "residential", "levels": 3}] * 10
        + [{"building": "office", "levels": 20}] * 10
        + [{"building": "yes"}],
    )
    demand = demand_from_area(area)
    last = demand.buildings.set_index("osm_id").loc[21]
    # the median of all tagged buildings would be 11.5 storeys; of the residential ones, 3
    assert last[["levels", "levels_source"]].tolist() == [3.0, "assumed"]
    assert demand.assumptions["levels_other"].startswith("3 (median of 10 residential")


def test_few_tagged_buildings_use_the_profiles_generic_levels_not_one():
    area = in_china(buildings=[SQUARE_20], building_tags=[{"building": "yes"}])
    china = rows(area).loc[1]
    assert china[["levels", "levels_source"]].tolist() == [4.0, "assumed"]  # Chinese city
    assert china["people"] == pytest.approx(400 * 4 * 0.8 / 36.5, rel=1e-3)
    town = rows(area, settings=DemandSettings(profile="china_town")).loc[1]
    assert town["levels"] == 2.0
    set_by_planner = rows(area, settings=DemandSettings(levels_other=7)).loc[1]
    assert set_by_planner["levels"] == 7.0


def test_a_six_hectare_footprint_counts_as_land_and_is_flagged():
    compound = shapely.box(100, 100, 345, 345)  # 6.0 ha, tagged building=residential
    area = in_china(buildings=[compound], building_tags=[{"building": "residential", "levels": 30}])
    demand = demand_from_area(area)
    row = demand.buildings.iloc[0]
    hectares = 245 * 245 / 10_000
    assert row["levels_source"] == "land" and np.isnan(row["levels"])
    assert row["basis"] == (
        "building=residential; footprint 6.0 ha over 1 ha, counted as land at 400 people/ha"
    )
    assert row["people"] == pytest.approx(hectares * 400, rel=1e-3)  # not 6 ha × 30 storeys
    assert demand.total == pytest.approx(hectares * 400, rel=1e-3)
    assert len(demand.areas) == 1 and demand.areas["basis"].iloc[0] == row["basis"]
    assert len(demand.units) == 4  # access points on the 100 m grid, not one centroid
    assert "1 residential footprints over 10,000 m²" in " ".join(
        [str(n) for n in demand.assumptions["notes"]]
    )


def test_the_footprint_limit_is_a_setting():
    compound = shapely.box(100, 100, 345, 345)
    area = in_china(buildings=[compound], building_tags=[{"building": "residential", "levels": 3}])
    settings = DemandSettings(max_footprint_m2=100_000)
    assert rows(area, settings=settings).iloc[0]["levels_source"] == "tagged"
