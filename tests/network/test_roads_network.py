"""The network built from the road arrays is the one the GeoDataFrame layers give, to the bit.

The reference is computed here from the layers themselves, as the network
build did before the study area kept its roads as arrays: speeds and ground
level from the layer's own string columns, vertices and node places
projected with ``GeoSeries.to_crs``, open rows from the shapely geometries.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from servicecircle.inputs.roads import RoadTable
from servicecircle.network import DRIVE, WALK, Network, network_from_area, network_from_layers
from servicecircle.network.ground import ground_level
from servicecircle.network.rules import edge_speeds_kmh
from servicecircle.testing.synthetic import grid_area, grid_layers

ARRAYS = (
    "node_ids",
    "node_x",
    "node_y",
    "edge_u",
    "edge_v",
    "edge_length_m",
    "edge_forward_s",
    "edge_backward_s",
    "edge_source",
    "component",
    "strong_component",
    "edge_ground",
    "edge_connected",
)


def _bits(array: np.ndarray) -> bytes:
    return np.ascontiguousarray(array).tobytes()


def _assert_same_network(a: Network, b: Network) -> None:
    for name in ARRAYS:
        left, right = getattr(a, name), getattr(b, name)
        assert left.dtype == right.dtype and _bits(left) == _bits(right), name
    for part in ("data", "indices", "indptr"):
        assert _bits(getattr(a.graph, part)) == _bits(getattr(b.graph, part)), part
    assert _bits(shapely.get_coordinates(a.edge_geometry)) == _bits(
        shapely.get_coordinates(b.edge_geometry)
    )


def _assert_as_the_layers_say(net: Network, nodes: gpd.GeoDataFrame, edges: gpd.GeoDataFrame):
    forward_kmh, backward_kmh = edge_speeds_kmh(edges, net.mode)  # the layer's own strings
    geoms = edges.geometry.to_numpy()
    line = (shapely.get_type_id(geoms) == 1) & ~shapely.is_empty(geoms)
    rows = np.flatnonzero(((forward_kmh > 0) | (backward_kmh > 0)) & line)
    np.testing.assert_array_equal(net.edge_source, rows)
    assert _bits(net.edge_ground) == _bits(ground_level(edges)[rows])
    length = edges["length"].to_numpy(dtype=np.float64)[rows]
    with np.errstate(divide="ignore"):
        for kmh, seconds in (
            (forward_kmh, net.edge_forward_s),
            (backward_kmh, net.edge_backward_s),
        ):
            expected = np.where(kmh[rows] > 0, length / (kmh[rows] / 3.6), np.inf)
            assert _bits(seconds) == _bits(expected)
    projected = edges.geometry.iloc[rows].to_crs(net.crs).to_numpy()
    projected = shapely.force_2d(projected)
    made = net.edge_geometry
    assert (
        shapely.equals_identical(made, projected)
        | shapely.equals_identical(made, shapely.reverse(projected))
    ).all()
    points = nodes.geometry.to_crs(net.crs)
    points = points[~(points.is_empty | points.isna())]
    at = pd.Index(points.index).get_indexer(net.node_ids)
    known = np.flatnonzero(at >= 0)
    assert known.size > 0
    assert _bits(net.node_x[known]) == _bits(points.x.to_numpy()[at[known]])
    assert _bits(net.node_y[known]) == _bits(points.y.to_numpy()[at[known]])


@pytest.mark.parametrize("mode", [WALK, DRIVE], ids=["walk", "drive"])
def test_grid_networks_are_the_layers_networks(mode):
    nodes, edges = grid_layers(12, 12, islands=2, oneway_share=0.2, seed=5)
    net = network_from_area(grid_area(streets=(nodes, edges)), mode)
    _assert_as_the_layers_say(net, nodes, edges)
    _assert_same_network(net, network_from_layers(nodes, edges, mode, crs=net.crs))


def test_odd_rows_are_left_out_or_used_as_before():
    nodes, edges = grid_layers(5, 5, seed=1)
    geoms = edges.geometry.to_numpy().copy()
    geoms[0] = None
    geoms[1] = shapely.LineString()
    geoms[2] = shapely.MultiLineString([shapely.get_coordinates(geoms[2])])
    geoms[3] = shapely.force_3d(geoms[3], 12.0)  # a z coordinate is dropped, the line used
    edges = edges.set_geometry(gpd.GeoSeries(geoms, index=edges.index, crs=edges.crs))
    points = nodes.geometry.to_numpy().copy()
    points[0], points[1] = None, shapely.Point()
    nodes = nodes.set_geometry(gpd.GeoSeries(points, index=nodes.index, crs=nodes.crs))
    net = network_from_layers(nodes, edges, WALK, crs=grid_area(n=2).local_crs())
    assert 3 in net.edge_source and not {0, 1, 2} & set(net.edge_source.tolist())
    _assert_as_the_layers_say(net, nodes, edges)


@pytest.mark.parametrize("mode", [WALK, DRIVE], ids=["walk", "drive"])
def test_liechtenstein_networks_are_the_layers_networks(liechtenstein_area, mode):
    net = network_from_area(liechtenstein_area, mode)
    nodes, edges = liechtenstein_area.nodes, liechtenstein_area.edges
    assert isinstance(liechtenstein_area.roads.columns["highway"].dtype, pd.CategoricalDtype)
    _assert_as_the_layers_say(net, nodes, edges)
    _assert_same_network(
        net, network_from_layers(nodes, edges, mode, crs=liechtenstein_area.local_crs())
    )
    again = RoadTable.from_layers(nodes, edges)
    pd.testing.assert_frame_equal(again.edges_frame(), edges, check_exact=True)
