"""Demand estimation: the formula, the levels rules, areas as access points, uploads.

The synthetic grid lies in Germany, so the "elsewhere" profile applies: 45 m² per
person, houses of 2 levels, apartment blocks of 4, generic buildings of 1.5 and
30 people per hectare of residential land (servicecircle.demand.profiles).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from servicecircle.demand import DemandSettings, demand_from_area, grid_points_in
from servicecircle.errors import InputDataError
from servicecircle.inputs.sample import sample_layer
from servicecircle.testing.synthetic import grid_area, points_at, to_wgs

SQUARE_20 = shapely.box(110, 110, 130, 130)  # 400 m² footprint
M2 = 45.0  # the "elsewhere" profile's m² per person


def people_of(area, **kwargs) -> float:
    return demand_from_area(area, **kwargs).units["people"].sum()


def test_building_formula_with_tagged_levels():
    area = grid_area(buildings=[SQUARE_20], building_tags=[{"building": "apartments", "levels": 5}])
    # footprint × levels × usable share ÷ m² per person
    assert people_of(area) == pytest.approx(400 * 5 * 0.8 / M2, rel=1e-3)
    settings = DemandSettings(m2_per_person=40, usable_share=0.7)
    assert people_of(area, settings=settings) == pytest.approx(400 * 5 * 0.7 / 40, rel=1e-3)


@pytest.mark.parametrize(
    ("tags", "levels"),
    [
        ({"building": "house"}, 2),
        ({"building": "apartments"}, 4),
        ({"building": "residential"}, 4),
        ({"building": "house", "height": 9.5}, 3),  # height / 3 m per level
        ({"building": "yes"}, 1.5),  # generic, under ten with levels: the profile's
    ],
)
def test_untagged_levels_rules(tags, levels):
    area = grid_area(buildings=[SQUARE_20], building_tags=[tags])
    assert people_of(area) == pytest.approx(400 * levels * 0.8 / M2, rel=1e-3)


def test_levels_rules_are_configurable():
    area = grid_area(buildings=[SQUARE_20], building_tags=[{"building": "apartments"}])
    settings = DemandSettings(levels_apartment=12)
    assert people_of(area, settings=settings) == pytest.approx(400 * 12 * 0.8 / M2, rel=1e-3)


def test_non_residential_and_tiny_buildings_hold_no_residents():
    shed = shapely.box(10, 10, 14, 14)  # 16 m²
    area = grid_area(
        buildings=[SQUARE_20, shed, shapely.box(300, 300, 330, 330)],
        building_tags=[{"building": "office"}, {"building": "house"}, {"building": "yes"}],
        landuse=[("commercial", shapely.box(290, 290, 340, 340))],
    )
    assert people_of(area) == 0


def test_residential_landuse_without_buildings_uses_density():
    block = shapely.box(100, 100, 300, 300)  # 4 ha
    area = grid_area(landuse=[("residential", block)])
    demand = demand_from_area(area, settings=DemandSettings(residential_density_per_ha=150))
    assert demand.total == pytest.approx(4 * 150, rel=1e-3)
    # a large area is represented by several access points sharing its people
    assert len(demand.units) == 4  # 100 m spacing on a 200 m square
    assert demand.units["area_id"].nunique() == 1


def test_residential_landuse_counts_its_buildings_and_its_unmapped_part():
    block = shapely.box(100, 100, 300, 300)  # 16 cells of 50 m; the building touches one
    area = grid_area(
        buildings=[SQUARE_20], building_tags=[{"levels": 2}], landuse=[("residential", block)]
    )
    building = 400 * 2 * 0.8 / M2
    unmapped = 15 * 0.25 * 30  # 15 cells × 0.25 ha × 30 people/ha
    assert people_of(area) == pytest.approx(building + unmapped, rel=1e-3)


def test_industrial_landuse_gives_workers_and_must_cover_areas():
    zone = shapely.box(0, 0, 200, 100)  # 2 ha
    area = grid_area(landuse=[("industrial", zone)])
    demand = demand_from_area(area, settings=DemandSettings(industrial_jobs_per_ha=80))
    assert demand.by_class() == pytest.approx({"industrial": 160.0})
    assert demand.areas["must_cover"].all()


def test_relocation_people_from_attribute_or_estimated():
    area = grid_area()
    layer = gpd.GeoDataFrame(
        {"name": ["A", "B"], "people": [500, None]},
        geometry=to_wgs([shapely.box(0, 0, 100, 100), shapely.box(200, 200, 400, 300)]),
    )
    demand = demand_from_area(area, relocation=layer)
    by_area = demand.areas.set_index("name")["people"]
    assert by_area["A"] == pytest.approx(500)
    assert by_area["B"] == pytest.approx(2 * 30, rel=1e-3)  # 2 ha × 30 people/ha
    assert demand.by_class()["relocation"] == pytest.approx(560, rel=1e-3)


def test_user_points_add_or_replace():
    area = grid_area(buildings=[SQUARE_20], building_tags=[{"levels": 1}])
    points = points_at([(50, 50), (250, 250)], people=[10, 20])
    added = demand_from_area(area, user_points=points, user_mode="add")
    replaced = demand_from_area(area, user_points=points, user_mode="replace")
    assert added.total == pytest.approx(400 * 0.8 / M2 + 30, rel=1e-3)
    assert replaced.total == pytest.approx(30)
    assert set(replaced.units["class"]) == {"user"}


def test_user_points_bad_people_are_refused_with_rows():
    area = grid_area()
    with pytest.raises(InputDataError, match="not a number in feature 2 "):
        demand_from_area(area, user_points=points_at([(0, 0), (10, 0)], people=[1, "x"]))
    with pytest.raises(InputDataError, match="no people column"):
        demand_from_area(area, user_points=points_at([(0, 0)], name=["a"]))
    with pytest.raises(InputDataError, match="none were given"):
        demand_from_area(area, user_mode="replace")


def test_census_scaling_and_admin_units():
    west, east = shapely.box(-50, -50, 250, 550), shapely.box(250, -50, 550, 550)
    area = grid_area(
        buildings=[SQUARE_20, shapely.box(400, 400, 420, 420)],
        building_tags=[{"levels": 3}, {"levels": 3}],
        boundaries=[(8, "West", west), (8, "East", east)],
    )
    demand = demand_from_area(area, census={"West": 1000})
    by_township = demand.units.groupby("township")["people"].sum()
    assert by_township["West"] == pytest.approx(1000)
    assert by_township["East"] == pytest.approx(400 * 3 * 0.8 / M2, rel=1e-3)
    with pytest.raises(InputDataError, match="not found"):
        demand_from_area(area, census={"Nowhere": 5})


def test_grid_points_cover_a_polygon_and_small_ones_get_one():
    big = shapely.box(0, 0, 1000, 500)
    assert len(grid_points_in(big, 100)) == 50
    small = shapely.box(0, 0, 10, 10)
    assert len(grid_points_in(small, 100)) == 1


def test_population_is_conserved_on_the_sample(sample_area):
    demand = demand_from_area(
        sample_area, relocation=sample_layer("relocation"), industrial=sample_layer("industrial")
    )
    assert sum(demand.by_class().values()) == pytest.approx(demand.total)
    # each area's people equal the sum of its access points
    per_area = demand.units[demand.units["area_id"] >= 0].groupby("area_id")["people"].sum()
    expected = demand.areas.set_index("area_id")["people"]
    assert np.allclose(per_area.sort_index(), expected.loc[per_area.index].sort_index())
    assert demand.units["township"].notna().mean() > 0.95
    assert demand.by_class()["relocation"] == pytest.approx(1200)


def test_settings_are_validated():
    with pytest.raises(InputDataError, match="usable_share"):
        DemandSettings(usable_share=1.5)
