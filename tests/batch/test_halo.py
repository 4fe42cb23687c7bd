"""The halo distance and polygon, and the border rule that gives each point one region."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import box

from servicecircle.batch.halo import (
    MAX_TAGGED_KMH,
    fastest_kmh,
    halo_distance_m,
    halo_polygon,
    longest_minutes,
)
from servicecircle.batch.membership import in_region, points_in_region
from servicecircle.coverage import CoverageSettings
from servicecircle.inputs.area import utm_crs_for
from servicecircle.network.modes import BIKE, DRIVE, WALK
from servicecircle.supply.outlets import OutletType


def test_fastest_speed_of_a_mode_is_its_quickest_leg():
    assert fastest_kmh(WALK) == 4.0
    assert fastest_kmh(BIKE) == 12.0  # faster than its dismount pace of 4 km/h
    # driving reads maxspeed tags: the cap, above every class speed (motorway 100)
    assert fastest_kmh(DRIVE) == MAX_TAGGED_KMH > max(s for _, s in DRIVE.class_speeds_kmh)
    fast_access = WALK.__class__(name="walk", speed_kmh=4.0, access_speed_kmh=6.0)
    assert fastest_kmh(fast_access) == 6.0


def test_halo_is_fastest_mode_times_longest_minutes_plus_margin():
    settings = CoverageSettings(
        breaks=(5.0, 10.0, 20.0),
        outlet_types={
            "window": OutletType("window", "walk", 15.0, "community", 1.0),
            "station": OutletType("station", "bike", 10.0, "township", 1.0),
        },
        max_snap_m=300.0,
        connected_piece_m=1_000.0,
    )
    # walking windows only: 4 km/h for the largest break, 20 min -> 1,333.3 m, plus 300 + 1,000
    assert halo_distance_m(settings, ["window"]) == pytest.approx(4_000 / 3 + 1_300)
    # a bike station in use: 12 km/h x 20 min (the break is longer than its 10 min)
    assert halo_distance_m(settings, ["window", "station"]) == pytest.approx(4_000 + 1_300)
    assert longest_minutes(settings, ["window"]) == 20.0
    # unknown types are left out; an explicit margin replaces the default
    assert halo_distance_m(settings, ["nope"], margin_m=0.0) == pytest.approx(4_000 / 3)
    # the speed override of the mode counts
    faster = CoverageSettings(outlet_types={}, speeds_kmh={"walk": 5.0}, breaks=(15.0,))
    assert halo_distance_m(faster, [], margin_m=0.0) == pytest.approx(1_250.0)


def test_an_outlet_type_with_longer_minutes_widens_the_halo():
    settings = CoverageSettings(
        breaks=(15.0,),
        outlet_types={"centre": OutletType("centre", "walk", 30.0, "county", 8.0)},
    )
    assert halo_distance_m(settings, ["centre"], margin_m=0.0) == pytest.approx(2_000.0)


def test_halo_polygon_lies_the_distance_away_from_the_region():
    region = box(9.50, 47.10, 9.52, 47.12)
    halo = halo_polygon(region, 1_500.0)
    local = utm_crs_for(9.51, 47.11)
    metric = gpd.GeoSeries([region, halo], crs=4326).to_crs(local)
    assert metric.iloc[1].contains(metric.iloc[0])
    # every point of the halo's outline is 1,500 m from the region (buffer arcs: within 1 m)
    outline = shapely.get_coordinates(metric.iloc[1].exterior)
    gaps = shapely.distance(metric.iloc[0], shapely.points(outline))
    assert np.allclose(gaps, 1_500.0, atol=1.0)


def test_every_point_of_a_tiling_belongs_to_exactly_one_region():
    cells = [box(x, y, x + 1, y + 1) for x in range(3) for y in range(3)]
    rng = np.random.default_rng(7)
    inner = rng.uniform(0, 3, size=(200, 2))
    grid_lines = np.array(
        [(x, y) for x in np.arange(0, 3.01, 0.5) for y in np.arange(0, 3.01, 0.25)]
    )
    points = np.vstack([inner, grid_lines])  # many on shared edges and corners
    inside_all = (points[:, 0] < 3) & (points[:, 1] < 3)  # the outer east/north edges: nudged out
    counts = sum(in_region(points[:, 0], points[:, 1], cell).astype(int) for cell in cells)
    assert (counts[inside_all] == 1).all()
    assert (counts[~inside_all] == 0).all()


def test_points_outside_every_region_and_empty_geometries_belong_to_none():
    region = box(0, 0, 1, 1)
    geoms = np.array([shapely.Point(0.5, 0.5), shapely.Point(2, 2), shapely.Point()], dtype=object)
    assert points_in_region(geoms, region).tolist() == [True, False, False]
    # a polygon counts by a point on its surface
    ring = np.array([box(0.2, 0.2, 0.4, 0.4), box(1.2, 0.2, 1.4, 0.4)], dtype=object)
    assert points_in_region(ring, region).tolist() == [True, False]


def test_the_halo_of_an_outlets_file_counts_only_the_types_it_uses(tmp_path):
    from servicecircle.batch.halo import outlet_types_in_file

    frame = gpd.GeoDataFrame(
        {"名称": ["甲", "乙", "丙"], "类型": ["社区就业服务窗口", None, "零工市场"]},
        geometry=[
            shapely.Point(118.78, 32.04),
            shapely.Point(118.79, 32.04),
            shapely.Point(118.8, 32.05),
        ],
        crs=4326,
    )
    path = tmp_path / "网点.geojson"
    frame.to_file(path)
    settings = CoverageSettings()
    types = outlet_types_in_file(str(path), settings)
    assert types == ["community_window", "gig_market"]
    # a 30-minute e-bike gig market, not the 30-minute drive of a county centre
    assert halo_distance_m(settings, types, margin_m=0.0) == pytest.approx(9_000.0)
    assert halo_distance_m(settings, None, margin_m=0.0) == pytest.approx(65_000.0)
