"""Residential land counts its mapped homes plus its unmapped part at the land-use density."""

from __future__ import annotations

import pytest
import shapely

from servicecircle.demand import DemandSettings, demand_from_area
from tests.demand.places import in_china, with_grounds

ONE_BUILDING = shapely.box(110, 110, 140, 130)  # 600 m², in the compound's first 50 m cell


def test_a_compound_with_one_mapped_building_counts_its_unmapped_part():
    compound = shapely.box(100, 100, 400, 370)  # 8.1 ha: 6 × 6 cells of 50 m, the top row 20 m
    area = in_china(
        buildings=[ONE_BUILDING],
        building_tags=[{"building": "residential", "levels": 6}],
        landuse=[("residential", compound)],
    )
    demand = demand_from_area(area)
    building = 600 * 6 * 0.8 / 36.5
    unmapped_ha = 8.1 - 0.25  # every cell but the building's
    assert demand.total == pytest.approx(building + unmapped_ha * 400, rel=1e-3)
    land = demand.areas.iloc[0]
    assert land["basis"] == "unmapped residential land (7.8 of 8.1 ha) at 400 people/ha"
    assert land["people"] == pytest.approx(unmapped_ha * 400, rel=1e-3)


def test_a_completely_mapped_compound_adds_nothing():
    compound = shapely.box(100, 100, 300, 300)
    rows_of_blocks = [
        shapely.box(100 + 50 * i + 5, 100 + 50 * j + 5, 100 + 50 * i + 45, 100 + 50 * j + 20)
        for i in range(4)
        for j in range(4)
    ]
    area = in_china(
        buildings=rows_of_blocks,
        building_tags=[{"building": "residential", "levels": 6}] * 16,
        landuse=[("residential", compound)],
    )
    demand = demand_from_area(area)
    assert len(demand.areas) == 0
    assert demand.total == pytest.approx(16 * 600 * 6 * 0.8 / 36.5, rel=1e-3)


def test_parks_and_schools_inside_residential_land_are_not_residential_land():
    compound = shapely.box(100, 100, 300, 300)  # 4 ha
    park = shapely.box(100, 100, 200, 200)  # 1 ha of it
    area = with_grounds(
        [("leisure", "park", park)],
        landuse=[("residential", compound)],
    )
    demand = demand_from_area(area, settings=DemandSettings(residential_density_per_ha=100))
    assert demand.total == pytest.approx(3 * 100, rel=1e-3)
    assert demand.quality.residential_land_km2 == pytest.approx(0.03, rel=1e-3)


def test_overlapping_residential_polygons_count_their_land_once():
    area = with_grounds(
        landuse=[
            ("residential", shapely.box(100, 100, 300, 300)),
            ("residential", shapely.box(200, 100, 400, 300)),
        ],
    )
    demand = demand_from_area(area, settings=DemandSettings(residential_density_per_ha=100))
    assert demand.total == pytest.approx(6 * 100, rel=1e-3)  # 6 ha, not 8


def test_unmapped_land_far_from_roads_is_not_counted():
    far = shapely.box(900, 0, 1100, 100)  # 400-600 m east of the grid's last street
    area = with_grounds(landuse=[("residential", far)])
    demand = demand_from_area(area)
    assert demand.total == 0
    assert "2.0 ha of unmapped residential land lie more than 300 m" in " ".join(
        [str(n) for n in demand.assumptions["notes"]]
    )
