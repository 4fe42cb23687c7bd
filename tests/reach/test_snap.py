"""Snapping points to a network."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from servicecircle.errors import InputDataError
from servicecircle.network import DRIVE, WALK, SnapRules, network_from_area
from servicecircle.reach import Snapped, snap_points
from servicecircle.testing.synthetic import grid_area, grid_layers
from tests.reach.points import points_near_network


@pytest.fixture(scope="module")
def grid():
    return grid_area(streets=grid_layers(8, 8, seed=1, oneway_share=0.4, drop_share=0.1, islands=1))


def test_snaps_to_the_nearest_segment_at_the_right_position(grid):
    # every way is at ground level; no preference for the connected pieces over the island
    net = network_from_area(grid, WALK, snap_rules=SnapRules(prefer_connected_m=0.0))
    assert net.edge_ground.all()
    rng = np.random.default_rng(0)
    points = points_near_network(net, 200, rng=rng)
    snapped = snap_points(net, points)
    assert isinstance(snapped, Snapped) and len(snapped) == 200
    assert snapped.index.equals(points.index)
    xy = np.c_[snapped.x, snapped.y]
    geoms = shapely.points(xy)
    # brute force: distance to every segment
    dist = shapely.distance(geoms[:, None], net.edge_geometry[None, :])
    np.testing.assert_allclose(snapped.distance_m, dist.min(axis=1), atol=1e-6)
    np.testing.assert_allclose(dist[np.arange(200), snapped.edge], dist.min(axis=1), atol=1e-6)
    on_line = shapely.line_interpolate_point(
        net.edge_geometry[snapped.edge], snapped.fraction, normalized=True
    )
    np.testing.assert_allclose(shapely.distance(geoms, on_line), snapped.distance_m, atol=1e-6)
    np.testing.assert_allclose(snapped.access_s, snapped.distance_m / (WALK.speed_kmh / 3.6))
    legs = snapped.access_lines()
    np.testing.assert_allclose(shapely.length(legs), snapped.distance_m, atol=1e-6)
    assert snap_points(net, snapped) is snapped
    for array in (snapped.edge, snapped.fraction, snapped.in_u_s, snapped.out_v_s):
        assert not array.flags.writeable


def test_partial_times_follow_one_way_segments(grid):
    net = network_from_area(grid, DRIVE)
    rng = np.random.default_rng(1)
    snapped = snap_points(net, points_near_network(net, 300, rng=rng))
    e = snapped.edge
    fwd = net.edge_forward_s[e]
    bwd = net.edge_backward_s[e]
    f = snapped.fraction
    one_way = np.isinf(bwd) & (f > 0) & (f < 1)
    assert one_way.any()
    # on a one-way u -> v segment a point is reached from u only and reaches v only
    assert np.all(np.isinf(snapped.out_u_s[one_way]))
    assert np.all(np.isinf(snapped.in_v_s[one_way]))
    np.testing.assert_allclose(
        snapped.out_v_s[one_way], snapped.access_s[one_way] + (1 - f[one_way]) * fwd[one_way]
    )
    np.testing.assert_allclose(
        snapped.in_u_s[one_way], f[one_way] * fwd[one_way] + snapped.access_s[one_way]
    )
    at_u = np.isinf(bwd) & (f == 0)
    if at_u.any():  # a point at u itself reaches u at no extra cost
        np.testing.assert_allclose(snapped.out_u_s[at_u], snapped.access_s[at_u])


def test_limit_missing_geometries_polygons_and_crs(grid):
    net = network_from_area(grid, WALK)
    rng = np.random.default_rng(2)
    points = points_near_network(net, 5, rng=rng, offset_m=0.0)
    far = gpd.GeoSeries([shapely.Point(net.node_x[0] + 5_000, net.node_y[0]), None], crs=net.crs)
    snapped = snap_points(net, far, max_distance_m=1_000)
    assert snapped.edge.tolist() == [-1, -1]
    assert np.all(np.isinf(snapped.access_s)) and not snapped.snapped.any()
    assert snap_points(net, far).edge[0] >= 0  # no limit: attached
    polygons = points.to_crs(net.crs).buffer(10)
    from_polygons = snap_points(net, polygons)
    np.testing.assert_allclose(from_polygons.x, snap_points(net, points).x, atol=1e-6)
    with pytest.raises(InputDataError, match="coordinate system"):
        snap_points(net, gpd.GeoSeries([shapely.Point(0, 0)]))


def test_compiled_and_geos_snapping_agree(sample_area):
    from servicecircle.reach.snap import _nearest_geos, _nearest_numba

    net = network_from_area(sample_area, WALK)
    rng = np.random.default_rng(9)
    points = points_near_network(net, 500, rng=rng).to_crs(net.crs)
    xy = shapely.get_coordinates(points.geometry.to_numpy())
    far = np.array([[net.node_x.min() - 3000.0, net.node_y.max() + 2000.0]])
    xy = np.concatenate([xy, far])
    e1, d1, f1, q1 = _nearest_numba(net, xy)
    e2, d2, f2, q2 = _nearest_geos(net, xy)
    np.testing.assert_allclose(d1, d2, atol=1e-6)
    same = e1 == e2
    assert same.mean() > 0.9  # the rest are ties (points nearest to a shared node)
    np.testing.assert_allclose(f1[same], f2[same], atol=1e-9)
    np.testing.assert_allclose(q1, q2, atol=1e-6)


def test_a_limit_applied_after_snapping_equals_snapping_with_it(grid):
    from dataclasses import fields

    from servicecircle.reach.snap import within_snap_distance

    net = network_from_area(grid, WALK)
    rng = np.random.default_rng(4)
    points = points_near_network(net, 300, rng=rng).to_crs(net.crs)
    # some points pushed off the roads, beyond a 40 m limit, and one without a location
    xy = shapely.get_coordinates(points.geometry.to_numpy())
    shifted = shapely.points(
        xy + np.column_stack([rng.uniform(0, 120, len(xy)), np.zeros(len(xy))])
    )
    layer = gpd.GeoDataFrame(geometry=[*shifted, None], crs=net.crs)
    free = snap_points(net, layer)
    later = within_snap_distance(net, free, 40.0)
    direct = snap_points(net, layer, max_distance_m=40.0)
    assert 0 < direct.snapped.sum() < len(layer) - 1  # the limit detaches some points
    for field in fields(Snapped):
        np.testing.assert_array_equal(getattr(later, field.name), getattr(direct, field.name))
