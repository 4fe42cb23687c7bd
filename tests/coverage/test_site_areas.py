"""One service area per site, at the standard minutes and travel mode of its own type."""

from __future__ import annotations

import shapely

from servicecircle.coverage import CoverageSettings
from servicecircle.coverage.site_areas import SITE_AREA_COLUMNS, site_service_areas
from servicecircle.supply.outlets import OutletType
from servicecircle.testing.synthetic import grid_area, points_at, to_wgs

TYPES = {
    "near": OutletType("near", "walk", 3.0),
    "far": OutletType("far", "walk", 9.0),
}


def test_each_site_gets_its_own_types_minutes_and_the_people_inside() -> None:
    area = grid_area(n=11)
    settings = CoverageSettings(breaks=(3.0, 9.0), outlet_types=TYPES)
    sites = points_at([(0, 0), (1000, 1000)], type=["near", "far"], rank=[1, 2], name=["甲", "乙"])
    people = points_at([(100, 0), (600, 1000), (500, 500)], people=[7.0, 11.0, 13.0])
    areas = site_service_areas(sites, settings=settings, area=area, demand=people)
    assert list(areas.columns) == [*SITE_AREA_COLUMNS, "geometry"]
    assert list(areas["rank"]) == [1, 2] and list(areas["name"]) == ["甲", "乙"]
    assert list(areas["minutes"]) == [3.0, 9.0] and set(areas["mode"]) == {"walk"}
    local = areas.to_crs(area.local_crs()).geometry
    corner = to_wgs([shapely.Point(0, 0), shapely.Point(1000, 1000)]).to_crs(area.local_crs())
    assert local.iloc[0].contains(corner.iloc[0]) and local.iloc[1].contains(corner.iloc[1])
    assert local.iloc[1].area > 4 * local.iloc[0].area  # 9 minutes reach far more than 3
    assert list(areas["people"]) == [7.0, 11.0]  # 500 m away is beyond both


def test_no_sites_give_an_empty_layer() -> None:
    settings = CoverageSettings(outlet_types=TYPES)
    empty = site_service_areas(points_at([], type=[]), settings=settings)
    assert empty.empty and list(empty.columns) == [*SITE_AREA_COLUMNS, "geometry"]
