"""Candidate sites: OSM premises, generated around gaps, exclusions, thinning."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from servicecircle.errors import InputDataError
from servicecircle.network import mode_from_name, network_from_area
from servicecircle.supply.candidates import (
    candidates_around_gaps,
    candidates_from_osm,
    combine_candidates,
    thin_points,
)
from servicecircle.testing.synthetic import grid_area, points_at, to_wgs


def test_thinning_keeps_spacing_and_order():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(0, 1000, 500), rng.uniform(0, 1000, 500)
    kept = thin_points(x, y, 100.0)
    assert kept[0] == 0
    pts = np.c_[x[kept], y[kept]]
    distances = np.sqrt(((pts[:, None] - pts[None]) ** 2).sum(-1))
    np.fill_diagonal(distances, np.inf)
    assert distances.min() >= 100.0
    # every dropped point is near a kept one
    dropped = np.setdiff1d(np.arange(500), kept)
    nearest = np.sqrt(((np.c_[x[dropped], y[dropped]][:, None] - pts[None]) ** 2).sum(-1)).min(1)
    assert nearest.max() < 100.0


def test_generated_candidates_lie_around_gaps():
    area = grid_area(n=11)
    network = network_from_area(area, mode_from_name("walk"))
    gap = gpd.GeoDataFrame(
        {"people": [50.0]}, geometry=to_wgs([shapely.box(800, 800, 1000, 1000)]), crs=4326
    )
    found = candidates_around_gaps(network, gap, reach_m=100, spacing_m=150)
    assert 0 < len(found) <= 9
    metric = found.to_crs(network.crs)
    zone = shapely.buffer(gap.to_crs(network.crs).geometry.iloc[0], 100 + 1e-6)
    assert shapely.contains(zone, metric.geometry.to_numpy()).all()
    assert (found["source"] == "auto").all()


def test_combine_drops_excluded_and_numbers(sample_area):
    osm = candidates_from_osm(sample_area)
    extra = points_at([(0, 0), (10, 10)], name=["a", "b"])
    exclusion = gpd.GeoDataFrame(
        geometry=[shapely.box(*extra.total_bounds).buffer(0.001)], crs=4326
    )
    combined = combine_candidates([osm, extra], exclusions=exclusion)
    assert len(combined) == len(osm)
    assert combined["candidate_id"].tolist() == list(range(len(osm)))
    with pytest.raises(InputDataError, match="inside exclusion areas"):
        combine_candidates([extra], exclusions=exclusion)
    with pytest.raises(InputDataError, match="no candidate sites"):
        combine_candidates([])


def _with_premises(area, rows, extent=None):
    """``area`` with premises at metric offsets: rows of (x, y, kind, name, outlet_type)."""
    from dataclasses import replace

    premises = points_at(
        [(x, y) for x, y, *_ in rows],
        osm_id=np.arange(len(rows), dtype=np.int64) + 1,
        kind=[r[2] for r in rows],
        name=[r[3] for r in rows],
        outlet_type=[r[4] for r in rows],
        basis=[f"test {r[3]}" for r in rows],
    )
    premises = premises[["osm_id", "kind", "name", "outlet_type", "basis", "geometry"]]
    return replace(area, premises=premises, extent=extent if extent is not None else area.extent)


def test_osm_candidates_lie_inside_the_study_extent_and_are_not_outlets():
    area = grid_area(n=6)  # streets from 0 to 500 m
    extent = to_wgs([shapely.box(-10, -10, 300, 510)]).iloc[0]
    area = _with_premises(
        area,
        [
            (100, 100, "community_service", "玄武门社区党群服务中心", "community_window"),
            (450, 100, "community_committee", "兰园社区居委会", "doorstep_station"),  # outside
            (200, 200, "employment_service", "玄武区人社局", "community_window"),  # an outlet
            (250, 400, "townhall", "锁金村街道", "community_window"),
        ],
        extent=extent,
    )
    found = candidates_from_osm(area)
    assert found["name"].tolist() == ["玄武门社区党群服务中心", "锁金村街道"]
    assert found["basis"].tolist() == ["test 玄武门社区党群服务中心", "test 锁金村街道"]
    combined = combine_candidates([found])
    assert combined.columns.tolist() == [
        "candidate_id",
        "name",
        "source",
        "kind",
        "basis",
        "address",
        "geometry",
    ]
    assert combined["address"].isna().all()  # OSM premises have no planner's address


def test_generated_candidates_stay_inside_the_study_extent():
    area = grid_area(n=11)  # streets from 0 to 1000 m
    network = network_from_area(area, mode_from_name("walk"))
    gap = gpd.GeoDataFrame(
        {"people": [50.0]}, geometry=to_wgs([shapely.box(650, 650, 950, 950)]), crs=4326
    )
    everywhere = candidates_around_gaps(network, gap, reach_m=100, spacing_m=1)
    extent = to_wgs([shapely.box(-1, -1, 850, 850)]).iloc[0]
    inside = candidates_around_gaps(network, gap, reach_m=100, spacing_m=1, extent=extent)
    # nodes every 100 m: 600..1000 around the gap (5 x 5), 600..800 inside the extent (3 x 3)
    assert len(everywhere) == 25 and len(inside) == 9
    metric = inside.to_crs(network.crs).geometry
    assert (metric.x <= 850 + 500_000.5).all() and (metric.y <= 850 + 5_540_000.5).all()
    assert inside["basis"].eq("network node within 100 m of a gap").all()
