"""The network's compact arrays: int32 indexes, each vertex kept once, older pickles converted."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import shapely

from servicecircle.network import WALK, Network, network_from_area
from servicecircle.network.lines import Segments
from servicecircle.testing.synthetic import grid_area, grid_layers


@pytest.fixture(scope="module")
def net() -> Network:
    area = grid_area(streets=grid_layers(12, 12, seed=4, oneway_share=0.2, drop_share=0.1))
    return network_from_area(area, WALK)


def _older_segments_state(seg: Segments) -> dict:
    """What a pickle of the older Segments held: both ends and the length of every piece."""
    pieces = np.arange(seg.n_pieces)
    ax, ay, bx, by = seg.ends(pieces)
    return {
        "ax": ax,
        "ay": ay,
        "bx": bx,
        "by": by,
        "edge": seg.edge.astype(np.int64),
        "start_m": seg.start_m.copy(),
        "length_m": np.hypot(bx - ax, by - ay),
        "edge_length_m": seg.edge_length_m.copy(),
        "bounds": seg.bounds,
    }


def test_index_arrays_are_int32_and_vertices_are_kept_once(net):
    for array in (net.edge_u, net.edge_v, net.edge_source, net.segments.edge, net.segments.ptr):
        assert array.dtype == np.int32 and not array.flags.writeable
    assert net.node_ids.dtype == np.int64
    seg = net.segments
    # one row of xy per vertex of the edge lines, no more
    vertices = shapely.get_num_coordinates(net.edge_geometry)
    assert seg.xy.shape == (vertices.sum(), 2)
    np.testing.assert_array_equal(np.diff(seg.ptr), vertices)
    # piece p runs from vertex p + edge[p] to the next: the lines' consecutive vertices
    lines = net.edge_geometry
    coords = shapely.get_coordinates(lines)
    owner = np.repeat(np.arange(lines.size), vertices)
    start = np.flatnonzero(owner[:-1] == owner[1:])
    ax, ay, bx, by = seg.ends(np.arange(seg.n_pieces))
    np.testing.assert_array_equal(np.c_[ax, ay], coords[start])
    np.testing.assert_array_equal(np.c_[bx, by], coords[start + 1])
    np.testing.assert_array_equal(seg.edge, owner[start])


def test_an_older_segments_pickle_is_converted(net):
    older = Segments.__new__(Segments)
    older.__setstate__(_older_segments_state(net.segments))
    for name in ("xy", "ptr", "edge", "start_m", "edge_length_m"):
        np.testing.assert_array_equal(getattr(older, name), getattr(net.segments, name))
        assert getattr(older, name).dtype == getattr(net.segments, name).dtype
        assert not getattr(older, name).flags.writeable
    assert older.bounds == net.segments.bounds
    copy = pickle.loads(pickle.dumps(net.segments))
    np.testing.assert_array_equal(copy.xy, net.segments.xy)
    assert not copy.xy.flags.writeable


def test_an_older_network_pickle_gets_int32_indexes(net):
    state = {name: getattr(net, name) for name in net.__dataclass_fields__}
    for name in ("edge_u", "edge_v", "edge_source"):
        state[name] = state[name].astype(np.int64)
    older = Network.__new__(Network)
    older.__setstate__(state)
    for name in ("edge_u", "edge_v", "edge_source"):
        assert getattr(older, name).dtype == np.int32
        np.testing.assert_array_equal(getattr(older, name), getattr(net, name))
        assert not getattr(older, name).flags.writeable
