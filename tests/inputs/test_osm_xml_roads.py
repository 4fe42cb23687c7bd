"""The road layers simplified with arrays equal, to the bit, those of osmnx's graph path.

The reference is what the XML reader gave before: osmnx ``_create_graph``
(``bidirectional=False``), ``ox.simplify_graph`` as
:func:`~servicecircle.inputs.osm_graph.simplify_roads` calls it, and
:func:`~servicecircle.inputs.osm_graph.edges_from_graph`. Both layers are
compared row by row in order (columns, dtypes, values, index) and their
geometries coordinate by coordinate, on hand-made ways for each rule of
osmnx's simplification, on random tangles of ways, on the committed Vaduz
extract and on the Nanjing district (skipped when absent).
"""

from __future__ import annotations

import random
import warnings
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from servicecircle.inputs.osm_graph import edge_tags_kept, edges_from_graph, simplify_roads
from servicecircle.inputs.osm_xml_parse import overpass_elements, roads_elements
from servicecircle.inputs.osm_xml_roads import road_layers

VADUZ = Path(__file__).resolve().parents[1] / "data" / "vaduz.osm"
NANJING = Path("/work/shared/data/nanjing-xuanwu.osm.xml")


def _node(node: int, lat: float, lon: float) -> dict[str, Any]:
    return {"type": "node", "tags": {}, "id": node, "lat": lat, "lon": lon}


def _way(way: int, nodes: list[int], **tags: str) -> dict[str, Any]:
    return {"type": "way", "id": way, "nodes": nodes, "tags": {"highway": "residential", **tags}}


def _grid(count: int) -> list[dict[str, Any]]:
    """Nodes 1..count on a slightly irregular grid (ids not in position order)."""
    return [
        _node(node, 32.0 + 0.001 * (node % 7) + 1e-5 * node, 118.0 + 0.0013 * (node // 7))
        for node in range(count, 0, -1)
    ]


def _osmnx_layers(read: dict[str, Any]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    from osmnx.graph import _create_graph

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        graph = _create_graph([roads_elements(read)], bidirectional=False)
        return edges_from_graph(simplify_roads(graph))


def _ours(read: dict[str, Any]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    with edge_tags_kept():
        layers = road_layers(read)
    assert layers is not None
    return layers


def _assert_same(read: dict[str, Any]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    with edge_tags_kept():
        expected = _osmnx_layers(read)
    found = _ours(read)
    for mine, reference in zip(found, expected, strict=True):
        pd.testing.assert_frame_equal(
            pd.DataFrame(mine.drop(columns="geometry")),
            pd.DataFrame(reference.drop(columns="geometry")),
        )
        assert mine.index.equals(reference.index) and mine.crs == reference.crs
        ours, theirs = mine.geometry.to_numpy(), reference.geometry.to_numpy()
        assert (shapely.get_type_id(ours) == shapely.get_type_id(theirs)).all()
        assert (shapely.get_num_coordinates(ours) == shapely.get_num_coordinates(theirs)).all()
        assert np.array_equal(shapely.get_coordinates(ours), shapely.get_coordinates(theirs))
    return found


CASES: dict[str, list[dict[str, Any]]] = {
    # a two-way street through 3 interior nodes, and a one-way one
    "straight": [_way(100, [1, 2, 3, 4, 5]), _way(101, [8, 9, 10, 11], oneway="yes")],
    # oneway=-1 and reverse are drawn backwards; a roundabout is one-way; oneway=no is not
    "backwards": [
        _way(100, [1, 2, 3, 4], oneway="-1"),
        _way(101, [4, 5, 6], oneway="reverse"),
        _way(102, [6, 7, 8, 6], junction="roundabout"),
        _way(103, [8, 9, 10], oneway="no"),
    ],
    # a loop hanging on one node (a self-loop after joining), two-way and one-way
    "lollipop": [
        _way(100, [1, 2, 3]),
        _way(101, [3, 8, 9, 10, 3]),
        _way(102, [1, 15, 16, 17, 1], oneway="yes"),
    ],
    # rings touching nothing (no endpoint): kept unjoined, two-way and one-way
    "rings": [_way(100, [1, 2, 3, 4, 1]), _way(101, [8, 9, 10, 8], oneway="yes")],
    # parallel pieces: two ways over the same nodes, and a way doubling back on itself
    "parallel": [
        _way(100, [1, 2, 3, 4]),
        _way(101, [1, 2, 3, 4], name="B"),
        _way(102, [8, 9, 10, 9, 8]),
        _way(103, [15, 16, 17], oneway="yes"),
        _way(104, [15, 16, 17], oneway="yes"),
    ],
    # the tags change mid-street (separate ways end to end), or only the way id does
    "changes": [
        _way(100, [1, 2, 3], name="甲"),
        _way(101, [3, 4, 5], name="乙"),
        _way(102, [5, 6, 7], name="乙"),
        _way(103, [7, 8, 9], name="乙", oneway="yes"),
        _way(104, [9, 10, 11], name="乙", maxspeed="30"),
    ],
    # two-way meets one-way at an interior-looking node (3 pieces, 2 neighbours)
    "mixed": [
        _way(100, [1, 2, 3]),
        _way(101, [3, 4, 5], oneway="yes"),
        _way(102, [5, 6, 1], oneway="yes"),
    ],
    # single-node ways and repeated nodes (isolated nodes; consecutive repeats dropped)
    "isolated": [
        _way(100, [1]),
        _way(101, [2, 2]),
        _way(102, [3, 3, 4, 4, 5, 6, 6]),
        _way(103, [20, 21, 22, 20, 23]),
    ],
    # a repeated way id: the first one's place, the last one's nodes and tags
    "repeated id": [
        _way(100, [1, 2, 3]),
        _way(101, [3, 4, 5]),
        _way(100, [5, 6, 7, 8], name="后"),
    ],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_rule_as_osmnx_simplifies(case):
    read = {"elements": [*_grid(30), *CASES[case]]}
    _assert_same(read)


def test_the_rules_do_what_osmnx_says():
    """Not only equal: the joined edges are the expected ones (a check of the reference)."""
    nodes, edges = _assert_same({"elements": [*_grid(30), *CASES["lollipop"]]})
    loops = edges[edges["u"] == edges["v"]]
    # each loop joined into one edge (the two-way loop's reverse is flagged and left out)
    assert sorted(loops["u"].tolist()) == [1, 3]
    assert shapely.get_num_coordinates(loops.geometry.to_numpy()).tolist() == [5, 5]
    assert set(nodes.index) == {1, 3}
    _, edges = _assert_same({"elements": [*_grid(30), *CASES["rings"]]})
    assert len(edges) == 4 + 3  # ring pieces kept as they are, one direction each
    nodes, edges = _assert_same({"elements": [*_grid(30), *CASES["changes"]]})
    assert edges["osm_id"].tolist() == [100, 101, 102, 103, 104]  # never joined across ways
    assert nodes.index.tolist() == [1, 3, 5, 7, 9, 11]


def _tangle(seed: int) -> dict[str, Any]:
    """Random ways walking a small grid: revisits, parallels, one-ways, tag changes, repeats."""
    rng = random.Random(seed)
    elements = _grid(24)
    for way in range(rng.randint(3, 12)):
        walk = [rng.randint(1, 24)]
        for _ in range(rng.randint(0, 8)):
            step = rng.choice([1, -1, 7, -7, 0])
            walk.append(min(24, max(1, walk[-1] + step)))
        if rng.random() < 0.2:
            walk.append(walk[0])
        tags = {
            key: value
            for key, value in (
                ("oneway", rng.choice([None, None, "yes", "-1", "no", "reverse"])),
                ("name", rng.choice([None, "A", "B"])),
                ("junction", rng.choice([None, None, None, "roundabout"])),
            )
            if value is not None
        }
        elements.append(_way(200 + rng.randint(0, way + 3), walk, **tags))
    return {"elements": elements}


@pytest.mark.parametrize("seed", range(60))
def test_random_tangles_as_osmnx_simplifies(seed):
    from osmnx._errors import GraphSimplificationError

    read = _tangle(seed)
    try:
        with edge_tags_kept():
            _osmnx_layers(read)
    except (GraphSimplificationError, ValueError) as error:  # osmnx's own refusals
        with pytest.raises(type(error)), edge_tags_kept():
            road_layers(read)
        return
    _assert_same(read)


def test_absent_node_left_to_osmnx():
    read = {"elements": [*_grid(5), _way(100, [1, 2, 99])]}
    with edge_tags_kept():
        assert road_layers(read) is None


@pytest.mark.parametrize("path", [VADUZ, NANJING], ids=["vaduz", "nanjing"])
def test_real_extracts_as_osmnx_simplifies(path):
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    nodes, edges = _assert_same(overpass_elements(path))
    assert len(edges) > 250 and len(nodes) > 150
