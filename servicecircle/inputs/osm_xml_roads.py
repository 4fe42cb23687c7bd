"""The road layers of a parsed OSM XML file, simplified with arrays as osmnx simplifies them.

The reference is osmnx's path: ``_create_graph`` (the highway ways of
:func:`~servicecircle.inputs.osm_xml_parse.roads_elements`,
``bidirectional=False``, the tags of :func:`~servicecircle.inputs.osm_graph.edge_tags_kept`),
:func:`~servicecircle.inputs.osm_graph.simplify_roads` (``ox.simplify_graph``
with ``edge_attrs_differ=["osmid", *EDGE_TAGS]``, rings kept) and
:func:`~servicecircle.inputs.osm_graph.edges_from_graph`. That path builds a
networkx graph of every piece of every way and tests each node in Python;
here the same graph is held as arrays and the same rules applied to them:

* edges: each way's nodes without consecutive repeats (reversed for
  ``oneway=-1/reverse/T``), forward pieces flagged not reversed, and for a
  way that is not one-way the reverse pieces flagged reversed; a repeated way
  id keeps the first way's place and the last way's content (a dict);
* lengths: osmnx's ``great_circle`` over the pieces in the graph's edge order;
* endpoints (osmnx ``_is_endpoint``): a self-loop, no incoming or no outgoing
  piece, not exactly two neighbours with 2 or 4 pieces, or pieces of more
  than one way (their OSM ids differ, so ``edge_attrs_differ`` differs);
* paths: osmnx ``_build_path`` step by step over the successor lists, in the
  graph's order; a path's attributes are its way's (every piece has an
  interior node, whose pieces are all of one way), its length the sum of its
  pieces' in path order, it is "reversed" only when every piece is;
* order: networkx keeps each node's successors in the order they were first
  added, the joined edges after the pieces; rows are given in that order.

Inputs this does not cover (a way naming an absent node, no piece at all,
osmnx's ``all_oneway`` setting) go through osmnx's own path instead.
"""

from __future__ import annotations

from itertools import chain, groupby
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from servicecircle.inputs.area import EDGE_TAGS
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.normalize import _as_layer, nodes_layer

#: ``osmnx.graph._add_paths``: ``oneway`` values of a one-way way, and of one drawn backwards.
_ONEWAY = {"yes", "true", "1", "-1", "reverse", "T", "F"}
_BACKWARDS = {"-1", "reverse", "T"}


def _is_one_way(tags: dict[str, str]) -> bool:
    return tags.get("oneway") in _ONEWAY or tags.get("junction") == "roundabout"


class _Pieces:
    """The unsimplified graph as arrays: one row per directed piece, in insertion order."""

    def __init__(self, ways: list[dict[str, Any]], node_ids: np.ndarray) -> None:
        self.ways = ways
        self.one_way = np.array([_is_one_way(w["tags"]) for w in ways], dtype=bool)
        starts: list[int] = []
        ends: list[int] = []
        owner: list[int] = []
        flipped: list[bool] = []
        for index, way in enumerate(ways):
            refs = [ref for ref, _ in groupby(way["nodes"])]
            if self.one_way[index] and way["tags"].get("oneway") in _BACKWARDS:
                refs.reverse()
            count = len(refs) - 1
            if count < 1:
                continue
            starts += refs[:-1]
            ends += refs[1:]
            owner += [index] * count
            flipped += [False] * count
            if not self.one_way[index]:
                starts += refs[1:]
                ends += refs[:-1]
                owner += [index] * count
                flipped += [True] * count
        self.u = np.searchsorted(node_ids, np.array(starts, dtype=np.int64))
        self.v = np.searchsorted(node_ids, np.array(ends, dtype=np.int64))
        self.way = np.array(owner, dtype=np.int64)
        self.flipped = np.array(flipped, dtype=bool)


class _Pairs:
    """The ``(u, v)`` pairs of the pieces: networkx's edge order and each pair's first piece."""

    def __init__(self, pieces: _Pieces, size: int) -> None:
        self.size = size
        self.keys, self.first, inverse = np.unique(
            pieces.u * size + pieces.v, return_index=True, return_inverse=True
        )
        #: per piece, the row of its pair's first piece (networkx keeps a node's successors
        #: in the order they were first added, each pair's pieces in the order added)
        self.first_of_pair = self.first[inverse]
        self.order = np.lexsort((np.arange(len(pieces.u)), self.first_of_pair, pieces.u))

    def first_piece(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """The row of the first piece from each of ``starts`` to the matching ``ends``."""
        return np.asarray(self.first[np.searchsorted(self.keys, starts * self.size + ends)])

    def known(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Bool per pair: some piece goes from the start to the end."""
        where = np.minimum(
            np.searchsorted(self.keys, starts * self.size + ends), len(self.keys) - 1
        )
        return np.asarray(self.keys[where] == starts * self.size + ends, dtype=bool)


def _endpoints(pieces: _Pieces, size: int) -> np.ndarray:
    """What osmnx ``_is_endpoint`` says of each node (``edge_attrs_differ`` holding ``osmid``)."""
    u, v = pieces.u, pieces.v
    out_degree = np.bincount(u, minlength=size)
    in_degree = np.bincount(v, minlength=size)
    degree = out_degree + in_degree
    near = np.unique(np.concatenate([u * size + v, v * size + u]))
    neighbours = np.bincount(near // size, minlength=size)
    ways = np.unique(np.concatenate([u, v]) * (len(pieces.ways) + 1) + np.tile(pieces.way, 2))
    ways_met = np.bincount(ways // (len(pieces.ways) + 1), minlength=size)
    looped = np.zeros(size, dtype=bool)
    looped[u[u == v]] = True
    two_through = (neighbours == 2) & ((degree == 2) | (degree == 4))
    ends = looped | (out_degree == 0) | (in_degree == 0) | ~two_through | (ways_met > 1)
    return np.asarray(ends, dtype=bool)


def _build_path(
    successors: list[list[int]], endpoint: int, step: int, endpoints: np.ndarray
) -> list[int]:
    """The path osmnx ``_build_path`` builds, over successor lists (same steps, same outcome)."""
    from osmnx._errors import GraphSimplificationError

    path = [endpoint, step]
    seen = {endpoint, step}
    for first in successors[step]:
        if first in seen:
            continue
        successor = first
        path.append(successor)
        seen.add(successor)
        while not endpoints[successor]:
            onward = [n for n in successors[successor] if n not in seen]
            if len(onward) == 1:
                successor = onward[0]
                path.append(successor)
                seen.add(successor)
            elif not onward:
                if endpoint in successors[successor]:
                    return [*path, endpoint]
                return path
            else:  # pragma: no cover  (osmnx: "should never occur in practice")
                raise GraphSimplificationError(
                    f"Impossible simplify pattern failed near {successor}."
                )
        return path
    return path


def _paths(pieces: _Pieces, pairs: _Pairs, size: int) -> list[list[int]]:
    """Every path osmnx joins, by first node in node order, each node's in successor order."""
    endpoints = _endpoints(pieces, size)
    successors: list[list[int]] = [[] for _ in range(size)]
    firsts = np.unique(pairs.first_of_pair[pairs.order], return_index=True)[1]
    heads = pairs.order[np.sort(firsts)]
    for start, end in zip(pieces.u[heads].tolist(), pieces.v[heads].tolist(), strict=True):
        successors[start].append(end)
    return [
        _build_path(successors, endpoint, step, endpoints)
        for endpoint in np.flatnonzero(endpoints).tolist()
        for step in successors[endpoint]
        if not endpoints[step]
    ]


class _Joined:
    """The edges osmnx adds for the joined paths, as arrays (one row per path)."""

    def __init__(
        self, paths: list[list[int]], pieces: _Pieces, pairs: _Pairs, length: np.ndarray
    ) -> None:
        sizes = np.array([len(path) for path in paths], dtype=np.int64)
        nodes = np.fromiter(chain.from_iterable(paths), dtype=np.int64, count=int(sizes.sum()))
        ends = np.cumsum(sizes)
        starts = ends - sizes
        self.nodes, self.sizes = nodes, sizes
        self.u, self.v = nodes[starts], nodes[ends - 1]
        place = np.arange(len(nodes)) - np.repeat(starts, sizes)
        self.interior = nodes[(place > 0) & (place < np.repeat(sizes, sizes) - 1)]
        heads = np.flatnonzero(place < np.repeat(sizes, sizes) - 1)
        # osmnx takes the first piece between consecutive nodes (the lowest key)
        rows = pairs.first_piece(nodes[heads], nodes[heads + 1])
        count = sizes - 1
        piece_ends = np.cumsum(count)
        piece_starts = piece_ends - count
        owner = np.repeat(np.arange(len(paths)), count)
        self.way = pieces.way[rows[piece_starts]]
        # "reversed" differing along a path becomes [False, True]: kept unless all are
        flipped = np.bincount(owner, weights=pieces.flipped[rows], minlength=len(paths))
        self.flipped = flipped == count
        lengths = length[rows].tolist()
        self.length = np.array(  # osmnx sums the pieces' lengths with sum(), in path order
            [
                sum(lengths[a:b])
                for a, b in zip(piece_starts.tolist(), piece_ends.tolist(), strict=True)
            ],
            dtype=np.float64,
        )


def _lengths(pieces: _Pieces, pairs: _Pairs, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """The lengths osmnx ``add_edge_lengths`` gives: great-circle metres, in the graph's order."""
    from osmnx.distance import great_circle

    u, v = pieces.u[pairs.order], pieces.v[pairs.order]
    coords = np.column_stack((lat[u], lon[u], lat[v], lon[v]))  # osmnx's (n, 4) array
    dists = great_circle(coords[:, 0], coords[:, 1], coords[:, 2], coords[:, 3])
    dists[np.isnan(dists)] = 0
    length = np.empty(len(u), dtype=np.float64)
    length[pairs.order] = dists
    return length


def _rows(pieces: _Pieces, pairs: _Pairs, joined: _Joined, size: int) -> np.ndarray:
    """The rows of the edges layer (pieces, then joined edges numbered after them), in order.

    networkx lists a node's edges by successor (in the order each was first
    added: a joined edge to a node already a successor goes with its pieces),
    then in the order added; osmnx adds the joined edges after the pieces,
    then removes the interior nodes with their pieces; the layer drops the
    edges flagged reversed.
    """
    count = len(pieces.u)
    removed = np.zeros(size, dtype=bool)
    removed[joined.interior] = True
    keys = joined.u * size + joined.v
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    rank = count + first[inverse]
    known = pairs.known(joined.u, joined.v)
    rank[known] = pairs.first_piece(joined.u[known], joined.v[known])
    starts = np.concatenate([pieces.u, joined.u])
    ends = np.concatenate([pieces.v, joined.v])
    flipped = np.concatenate([pieces.flipped, joined.flipped])
    kept = ~(removed[starts] | removed[ends] | flipped)
    added = np.arange(len(starts))
    order = np.lexsort((added, np.concatenate([pairs.first_of_pair, rank]), starts))
    return np.asarray(order[kept[order]])


def _geometries(
    rows: np.ndarray, pieces: _Pieces, joined: _Joined, lat: np.ndarray, lon: np.ndarray
) -> np.ndarray:
    """The lines of ``rows``: a piece from its start to its end, a joined edge along its path."""
    count = len(pieces.u)
    vertices = np.concatenate([np.column_stack((pieces.u, pieces.v)).ravel(), joined.nodes])
    firsts = np.concatenate(
        [2 * np.arange(count), 2 * count + np.cumsum(joined.sizes) - joined.sizes]
    )
    sizes = np.concatenate([np.full(count, 2, dtype=np.int64), joined.sizes])[rows]
    placed = np.cumsum(sizes) - sizes
    taken = vertices[np.repeat(firsts[rows] - placed, sizes) + np.arange(int(sizes.sum()))]
    lines = shapely.linestrings(
        np.column_stack((lon[taken], lat[taken])), indices=np.repeat(np.arange(len(rows)), sizes)
    )
    return np.asarray(lines, dtype=object)


def road_layers(read: dict[str, Any]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame] | None:
    """The ``nodes`` and ``edges`` layers osmnx's path gives for the parsed file ``read``.

    ``read`` is :func:`~servicecircle.inputs.osm_xml_parse.overpass_elements`' result.
    Returns ``None`` for an input osmnx's own path must read (see the module).
    """
    import osmnx as ox

    if ox.settings.all_oneway:
        return None
    by_id = {e["id"]: e for e in read["elements"] if e["type"] == "way" and "highway" in e["tags"]}
    ways = list(by_id.values())
    used = {ref for way in ways for ref in way["nodes"]}
    positions = {
        e["id"]: (e["lat"], e["lon"])
        for e in read["elements"]
        if e["type"] == "node" and e["id"] in used
    }
    if len(positions) < len(used):
        return None
    node_ids = np.array(sorted(positions), dtype=np.int64)
    lat, lon = np.array([positions[node] for node in node_ids.tolist()], dtype=np.float64).T
    pieces = _Pieces(ways, node_ids)
    if len(pieces.u) == 0:
        return None
    size = len(node_ids)
    pairs = _Pairs(pieces, size)
    length = _lengths(pieces, pairs, lat, lon)
    joined = _Joined(_paths(pieces, pairs, size), pieces, pairs, length)
    rows = _rows(pieces, pairs, joined, size)
    way = np.concatenate([pieces.way, joined.way])[rows]
    data: dict[str, Any] = {
        "u": node_ids[np.concatenate([pieces.u, joined.u])[rows]],
        "v": node_ids[np.concatenate([pieces.v, joined.v])[rows]],
        "osm_id": np.array([w["id"] for w in ways], dtype=np.int64)[way],
        "length": np.concatenate([length, joined.length])[rows],
    }
    for key in EDGE_TAGS:
        values = np.array([w["tags"].get(key) for w in ways] + [None], dtype=object)[:-1]
        data[key] = values[way]
    data["oneway"] = np.where(pieces.one_way, "yes", "no").astype(object)[way]
    edges = _as_layer("edges", data, _geometries(rows, pieces, joined, lat, lon))
    points = gpd.GeoDataFrame({"id": node_ids}, geometry=shapely.points(lon, lat), crs=WGS84)
    return nodes_layer(points, edges), edges
