"""Building routable networks from study-area layers."""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely

from servicecircle.errors import CRSMismatchError, InputDataError
from servicecircle.inputs.area import utm_crs_for
from servicecircle.network import DRIVE, WALK, Network, network_from_area, network_from_layers
from servicecircle.testing.synthetic import grid_area, grid_layers

UTM50 = utm_crs_for(116.39, 39.90)


def _line_layers(segments: list[tuple[int, int, list[tuple[float, float]], dict]]):
    """Nodes/edges from metric coordinates near Beijing: (u, v, coords, tags)."""
    coords = {}
    rows = []
    geoms = []
    for u, v, line, tags in segments:
        coords.setdefault(u, line[0])
        coords.setdefault(v, line[-1])
        geoms.append(shapely.LineString(line))
        rows.append({"u": u, "v": v, "highway": "residential", **tags})
    origin = np.array([447_000.0, 4_417_000.0])
    edges = gpd.GeoDataFrame(
        rows,
        geometry=gpd.GeoSeries(
            [shapely.affinity.translate(g, *origin) for g in geoms], crs=UTM50
        ).to_crs(4326),
    )
    edges["length"] = shapely.length(np.array(geoms))
    ids = sorted(coords)
    nodes = gpd.GeoDataFrame(
        geometry=gpd.GeoSeries(
            [shapely.Point(np.array(coords[i]) + origin) for i in ids],
            crs=UTM50,
            index=pd.Index(ids, name="id"),
        ).to_crs(4326)
    )
    return nodes, edges


def test_sample_network_is_compact_and_read_only(sample_area):
    net = network_from_area(sample_area, WALK)
    assert isinstance(net, Network)
    assert net.crs.is_projected
    assert net.n_nodes == net.node_ids.size == net.node_x.size == net.component.size
    assert net.graph.shape == (net.n_nodes, net.n_nodes)
    arrays = [
        net.node_ids,
        net.node_x,
        net.node_y,
        net.edge_u,
        net.edge_v,
        net.edge_length_m,
        net.edge_forward_s,
        net.edge_backward_s,
        net.edge_geometry,
        net.edge_source,
        net.component,
        net.strong_component,
        net.graph.data,
        net.graph.indices,
        net.graph.indptr,
    ]
    for array in arrays:
        assert not array.flags.writeable
        with pytest.raises(ValueError):
            array[0] = array[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        net.mode = DRIVE  # type: ignore[misc]
    # walking at 4 km/h: seconds = metres / (4 / 3.6)
    np.testing.assert_allclose(net.edge_forward_s, net.edge_length_m / (4 / 3.6))
    assert np.all(np.isfinite(net.edge_forward_s) | np.isfinite(net.edge_backward_s))
    summary = net.summary()
    assert summary["mode"] == "walk" and summary["nodes"] == net.n_nodes
    frame = net.edges_frame()
    assert len(frame) == net.n_edges and frame.crs == net.crs


def test_geometries_run_from_u_to_v(sample_area):
    net = network_from_area(sample_area, DRIVE)
    first = shapely.get_coordinates(shapely.get_point(net.edge_geometry, 0))
    last = shapely.get_coordinates(shapely.get_point(net.edge_geometry, -1))
    np.testing.assert_allclose(first, np.c_[net.node_x[net.edge_u], net.node_y[net.edge_u]])
    np.testing.assert_allclose(last, np.c_[net.node_x[net.edge_v], net.node_y[net.edge_v]])


def test_graph_matches_edge_table_with_fastest_parallel_way_and_no_loops():
    nodes, edges = _line_layers(
        [
            (1, 2, [(0, 0), (100, 0)], {}),
            (1, 2, [(0, 0), (50, 30), (100, 0)], {"highway": "primary"}),  # parallel
            (2, 3, [(100, 0), (200, 0)], {"oneway": "yes"}),
            (4, 3, [(300, 0), (200, 0)], {"oneway": "-1"}),
            (3, 3, [(200, 0), (220, 20), (200, 40), (200, 0)], {}),  # self-loop
        ]
    )
    net = network_from_layers(nodes, edges, DRIVE, crs=UTM50)
    assert net.n_edges == 5  # the loop and the parallel way stay in the edge table
    dense = net.graph.toarray()
    pos = {int(i): k for k, i in enumerate(net.node_ids)}
    # the primary road is longer but faster: 116.6 m at 60 km/h beats 100 m at 30 km/h
    assert dense[pos[1], pos[2]] == pytest.approx(2 * np.hypot(50, 30) / (60 / 3.6))
    assert dense[pos[2], pos[1]] == pytest.approx(2 * np.hypot(50, 30) / (60 / 3.6))
    assert dense[pos[2], pos[3]] > 0 and dense[pos[3], pos[2]] == 0  # one-way
    assert dense[pos[3], pos[4]] > 0 and dense[pos[4], pos[3]] == 0  # oneway=-1 against u->v
    assert np.all(np.diag(dense) == 0)
    assert net.graph.nnz == 4  # 1<->2, 2->3, 3->4


def test_reversed_geometry_is_turned_round():
    nodes, edges = _line_layers([(1, 2, [(0, 0), (100, 0)], {}), (2, 3, [(100, 0), (200, 0)], {})])
    edges.loc[1, "geometry"] = shapely.reverse(edges.geometry.iloc[1])
    net = network_from_layers(nodes, edges, WALK, crs=UTM50)
    first = shapely.get_coordinates(shapely.get_point(net.edge_geometry, 0))
    np.testing.assert_allclose(
        first, np.c_[net.node_x[net.edge_u], net.node_y[net.edge_u]], atol=1e-6
    )


def test_node_positions_come_from_edges_when_nodes_are_missing():
    nodes, edges = _line_layers([(1, 2, [(0, 0), (100, 0)], {}), (2, 3, [(100, 0), (200, 0)], {})])
    full = network_from_layers(nodes, edges, WALK, crs=UTM50)
    partial = network_from_layers(nodes.iloc[:1], edges, WALK, crs=UTM50)
    np.testing.assert_allclose(full.node_x, partial.node_x, atol=1e-6)
    np.testing.assert_allclose(full.node_y, partial.node_y, atol=1e-6)


def test_disconnected_pieces_are_kept_and_labelled_by_size():
    area = grid_area(streets=grid_layers(6, 6, islands=2, seed=3))
    net = network_from_area(area, WALK)
    sizes = net.component_sizes()
    assert sizes.tolist() == [36, 9, 9]
    reference = nx.Graph()
    reference.add_edges_from(zip(net.edge_u.tolist(), net.edge_v.tolist(), strict=True))
    pieces = list(nx.connected_components(reference))
    assert len(pieces) == 3
    for piece in pieces:
        assert len({int(net.component[i]) for i in piece}) == 1


def test_strong_components_follow_one_way_streets():
    nodes, edges = _line_layers(
        [(1, 2, [(0, 0), (100, 0)], {"oneway": "yes"}), (2, 3, [(100, 0), (200, 0)], {})]
    )
    net = network_from_layers(nodes, edges, DRIVE, crs=UTM50)
    assert net.component_sizes().tolist() == [3]
    assert sorted(net.component_sizes(strong=True).tolist()) == [1, 2]
    walk = network_from_layers(nodes, edges, WALK, crs=UTM50)
    assert walk.component_sizes(strong=True).tolist() == [3]


def test_bad_inputs_say_what_to_do():
    nodes, edges = grid_layers(3, 3)
    with pytest.raises(CRSMismatchError, match="projected"):
        network_from_layers(nodes, edges, WALK, crs="EPSG:4326")
    with pytest.raises(CRSMismatchError, match="different coordinate systems"):
        network_from_layers(nodes.to_crs(3857), edges, WALK, crs=UTM50)
    with pytest.raises(InputDataError, match="no roads"):
        network_from_layers(nodes, edges.iloc[:0], WALK, crs=UTM50)
    footways = edges.assign(highway="footway")
    with pytest.raises(InputDataError, match="open to mode 'driving'"):
        network_from_layers(nodes, footways, DRIVE, crs=UTM50)
    with pytest.raises(InputDataError, match="coordinate system"):
        network_from_layers(nodes, edges.set_crs(None, allow_override=True), WALK, crs=UTM50)


def test_inputs_are_not_mutated(sample_area):
    before = sample_area.edges.copy()
    network_from_area(sample_area, DRIVE)
    pd.testing.assert_frame_equal(before, sample_area.edges)


def test_pickled_network_stays_read_only(sample_area):
    import pickle

    net = network_from_area(sample_area, WALK)
    copy = pickle.loads(pickle.dumps(net))
    np.testing.assert_array_equal(copy.node_ids, net.node_ids)
    assert not copy.node_x.flags.writeable and not copy.graph.data.flags.writeable
    assert (copy.graph != net.graph).nnz == 0
