"""Travel-mode networks as compact, immutable arrays for routing.

:func:`network_from_area` turns the StudyArea ``edges`` and ``nodes`` layers
into a :class:`Network`: node coordinates in a metric CRS, a directed CSR
adjacency with travel times in seconds, an edge table for snapping and
isochrones, and connected-component labels. Every array is read-only, so one
network can be shared (for example as a Streamlit ``cache_resource``).

Disconnected pieces of the road network are kept, not dropped: a point that
snaps to a piece without an outlet is simply unreachable from it. Which ways
points may be attached to (ground level, the connected pieces) is decided
here too (:attr:`Network.edge_ground`, :attr:`Network.edge_connected`,
:class:`~servicecircle.network.ground.SnapRules`) and applied by
:func:`~servicecircle.reach.snap_points`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from ..errors import CRSMismatchError, InputDataError
from ..sources.area import StudyArea
from .ground import SnapRules, ground_level
from .modes import TravelMode
from .rules import edge_speeds_kmh

logger = logging.getLogger(__name__)


def _frozen(array: np.ndarray) -> np.ndarray:
    """Return ``array`` (contiguous, owned) marked read-only."""
    out = np.ascontiguousarray(array)
    if out.base is not None:
        out = out.copy()
    out.flags.writeable = False
    return out


@dataclass(frozen=True, eq=False)
class Segments:
    """The straight pieces of all edge geometries (for fast snapping), read-only arrays.

    Attributes
    ----------
    ax, ay, bx, by
        Start and end of each piece (network CRS).
    edge
        Edge of each piece (pieces of one edge are consecutive, in order).
    start_m, length_m
        Distance from the edge's start to the piece's start; piece length.
    edge_length_m
        Geometric length of each edge (sum of its pieces).
    bounds
        ``(xmin, ymin, xmax, ymax)`` of all pieces.
    """

    ax: np.ndarray
    ay: np.ndarray
    bx: np.ndarray
    by: np.ndarray
    edge: np.ndarray
    start_m: np.ndarray
    length_m: np.ndarray
    edge_length_m: np.ndarray
    bounds: tuple[float, float, float, float]


def segments_of(lines: np.ndarray) -> Segments:
    """Split LineStrings into their straight pieces."""
    coords, owner = shapely.get_coordinates(lines, return_index=True)
    same = owner[1:] == owner[:-1]
    a = coords[:-1][same]
    b = coords[1:][same]
    edge = owner[:-1][same].astype(np.int64)
    length = np.hypot(*(b - a).T)
    along = np.cumsum(length) - length
    first = np.searchsorted(edge, np.arange(lines.shape[0]))
    start = along - along[np.minimum(first, max(along.size - 1, 0))][edge]
    edge_length = np.bincount(edge, weights=length, minlength=lines.shape[0])
    both = np.concatenate([a, b]) if a.size else np.zeros((1, 2))
    lo, hi = both.min(axis=0), both.max(axis=0)
    return Segments(
        ax=_frozen(a[:, 0]),
        ay=_frozen(a[:, 1]),
        bx=_frozen(b[:, 0]),
        by=_frozen(b[:, 1]),
        edge=_frozen(edge),
        start_m=_frozen(start),
        length_m=_frozen(length),
        edge_length_m=_frozen(edge_length),
        bounds=(float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])),
    )


@dataclass(frozen=True, eq=False)
class Network:
    """A routable network of one travel mode (immutable).

    Attributes
    ----------
    mode
        The travel mode the times are for.
    crs
        The metric CRS of all coordinates and geometries.
    node_ids
        int64 OSM node id of each node position ``0..n-1`` (positions follow
        a space-filling curve, not the ids).
    node_x, node_y
        Node coordinates in ``crs`` (metres).
    graph
        ``n × n`` directed CSR adjacency; entry ``(i, j)`` is the travel time
        in seconds from node ``i`` to ``j`` along the fastest parallel way.
        No self-loops. Explicit zeros (zero-length ways) are edges.
    edge_u, edge_v
        Node positions (int64) of each way segment's ends, digitised
        direction ``u -> v``. Self-loops and parallel ways are kept here.
    edge_length_m
        Length of each segment (the layer's ``length``, or the projected
        geometry length where that is missing).
    edge_forward_s, edge_backward_s
        Travel time u -> v and v -> u in seconds; ``inf`` where the mode may
        not travel in that direction. Every segment is open in at least one
        direction.
    edge_geometry
        Object array of projected LineStrings, oriented ``u -> v``.
    edge_source
        Row position of each segment in the StudyArea ``edges`` layer.
    edge_tree
        A shapely STRtree over ``edge_geometry`` for snapping.
    segments
        The straight pieces of the edge geometries (compiled snapping).
    component
        Weakly connected component of each node (int32, 0 = the largest
        piece): nodes with different labels can never reach each other.
    strong_component
        Strongly connected component of each node (int32, 0 = the largest).
        Differs from ``component`` only where one-way streets make a part of
        the network enterable but not leavable (or the reverse).
    edge_ground
        bool per segment: a point beside it may be attached to it (ground
        level, not a motorway, ramp or trunk road without pavement; see
        :mod:`servicecircle.network.ground`).
    edge_connected
        bool per segment: it lies on a connected piece of the network (the
        largest, or one of at least ``snap_rules.connected_piece_m``).
    snap_rules
        How points are attached (:class:`~servicecircle.network.ground.SnapRules`).
    """

    mode: TravelMode
    crs: pyproj.CRS
    node_ids: np.ndarray
    node_x: np.ndarray
    node_y: np.ndarray
    graph: csr_matrix
    edge_u: np.ndarray
    edge_v: np.ndarray
    edge_length_m: np.ndarray
    edge_forward_s: np.ndarray
    edge_backward_s: np.ndarray
    edge_geometry: np.ndarray
    edge_source: np.ndarray
    edge_tree: shapely.STRtree
    segments: Segments
    component: np.ndarray
    strong_component: np.ndarray
    edge_ground: np.ndarray
    edge_connected: np.ndarray
    snap_rules: SnapRules

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickle read-only, like the original (numpy pickles drop the flag)."""
        for name, value in state.items():
            arrays = [value] if isinstance(value, np.ndarray) else []
            if isinstance(value, csr_matrix):
                arrays = [value.data, value.indices, value.indptr]
            for array in arrays:
                array.flags.writeable = False
            object.__setattr__(self, name, value)

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return int(self.node_ids.shape[0])

    @property
    def n_edges(self) -> int:
        """Number of way segments in the edge table."""
        return int(self.edge_u.shape[0])

    def component_sizes(self, *, strong: bool = False) -> np.ndarray:
        """Node count of each (weak or strong) component, largest first."""
        labels = self.strong_component if strong else self.component
        return np.bincount(labels) if labels.size else np.zeros(0, dtype=np.int64)

    def edges_frame(self) -> gpd.GeoDataFrame:
        """Return the edge table as a new GeoDataFrame in :attr:`crs`."""
        return gpd.GeoDataFrame(
            {
                "u": self.node_ids[self.edge_u],
                "v": self.node_ids[self.edge_v],
                "length": self.edge_length_m,
                "forward_s": self.edge_forward_s,
                "backward_s": self.edge_backward_s,
                "component": self.component[self.edge_u],
                "ground": self.edge_ground,
                "connected": self.edge_connected,
                "source_row": self.edge_source,
            },
            geometry=gpd.GeoSeries(np.array(self.edge_geometry), crs=self.crs),
        )

    def reversed(self) -> Network:
        """The same network with every direction of travel turned round.

        Times *to* a place on this network are times *from* it on the
        reversed one. Shares the node, geometry and snapping arrays.
        """
        transposed = self.graph.transpose().tocsr()
        transposed.sort_indices()
        for array in (transposed.data, transposed.indices, transposed.indptr):
            array.flags.writeable = False
        return replace(
            self,
            graph=transposed,
            edge_forward_s=self.edge_backward_s,
            edge_backward_s=self.edge_forward_s,
        )

    def summary(self) -> dict[str, Any]:
        """Counts for logs and the report, as plain values."""
        sizes = self.component_sizes()
        return {
            "mode": self.mode.name,
            "nodes": self.n_nodes,
            "edges": self.n_edges,
            "links": int(self.graph.nnz),
            "components": int(sizes.size),
            "largest_component_nodes": int(sizes[0]) if sizes.size else 0,
            "strong_components": int(self.component_sizes(strong=True).size),
            "snap_target_edges": int((self.edge_ground & self.edge_connected).sum()),
            "fragment_edges": int((~self.edge_connected).sum()),
            "crs": self.crs.to_string(),
        }


def network_from_area(
    area: StudyArea,
    mode: TravelMode,
    *,
    crs: pyproj.CRS | str | None = None,
    snap_rules: SnapRules | None = None,
) -> Network:
    """Build the routable network of ``mode`` from a study area.

    Parameters
    ----------
    area
        The study area (its ``nodes`` and ``edges`` layers are used).
    mode
        Travel mode: which ways are open, in which direction, how fast.
    crs
        Metric CRS for coordinates; default :meth:`StudyArea.local_crs`.
    snap_rules
        How points are attached to the network; default :class:`SnapRules`.

    Returns
    -------
    Network

    Raises
    ------
    InputDataError
        If the area has no way the mode may use.
    """
    target = pyproj.CRS.from_user_input(crs) if crs is not None else area.local_crs()
    return network_from_layers(area.nodes, area.edges, mode, crs=target, snap_rules=snap_rules)


def network_from_layers(
    nodes: gpd.GeoDataFrame,
    edges: gpd.GeoDataFrame,
    mode: TravelMode,
    *,
    crs: pyproj.CRS | str,
    snap_rules: SnapRules | None = None,
) -> Network:
    """Build a :class:`Network` from a nodes and an edges layer (see :func:`network_from_area`).

    ``nodes`` may be empty or incomplete: node positions then come from the
    ends of the edge geometries. Edge geometries digitised ``v -> u`` are
    reversed so that every geometry runs ``u -> v``.
    """
    target = pyproj.CRS.from_user_input(crs)
    if not target.is_projected:
        raise CRSMismatchError(
            f"the network needs a projected CRS in metres, got {target.name}; "
            "use the study area's local_crs()"
        )
    if edges.crs is None:
        raise InputDataError("the road layer has no coordinate system; set it (EPSG:4326)")
    if len(nodes) and nodes.crs is not None and not pyproj.CRS(nodes.crs).equals(edges.crs):
        raise CRSMismatchError(
            "the road nodes and road edges layers are in different coordinate systems; "
            "reproject both to EPSG:4326"
        )
    if len(edges) == 0:
        raise InputDataError("the study area has no roads; choose a larger area")

    forward_kmh, backward_kmh = edge_speeds_kmh(edges, mode)
    open_rows = np.flatnonzero((forward_kmh > 0) | (backward_kmh > 0))
    geoms = edges.geometry.to_crs(target).to_numpy()[open_rows]
    valid = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    valid &= shapely.get_type_id(geoms) == 1  # LineString
    open_rows, geoms = open_rows[valid], geoms[valid]
    if open_rows.size == 0:
        raise InputDataError(
            f"no road in the study area is open to mode {mode.name!r}; "
            "choose another travel mode or a larger area"
        )

    u_ids = edges["u"].to_numpy(dtype=np.int64)[open_rows]
    v_ids = edges["v"].to_numpy(dtype=np.int64)[open_rows]
    node_ids, inverse = np.unique(np.concatenate([u_ids, v_ids]), return_inverse=True)
    m = open_rows.size
    edge_u = inverse[:m].astype(np.int64)
    edge_v = inverse[m:].astype(np.int64)

    first = shapely.get_coordinates(shapely.get_point(geoms, 0))
    last = shapely.get_coordinates(shapely.get_point(geoms, -1))
    node_xy = np.full((node_ids.size, 2), np.nan)
    node_xy[edge_v] = last
    node_xy[edge_u] = first
    if len(nodes):
        positions = pd.Index(nodes.index.to_numpy(dtype=np.int64)).get_indexer(node_ids)
        known = np.flatnonzero(positions >= 0)
        points = nodes.geometry.iloc[positions[known]].to_crs(target).to_numpy()
        usable = ~(shapely.is_missing(points) | shapely.is_empty(points))
        node_xy[known[usable]] = shapely.get_coordinates(points[usable])
    # nodes in Morton (Z-curve) order: neighbours sit close in memory (faster searches)
    order = np.argsort(_morton(node_xy), kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    node_ids, node_xy = node_ids[order], node_xy[order]
    edge_u, edge_v = rank[edge_u], rank[edge_v]
    # geometries digitised against u -> v are turned round
    reverse = np.hypot(*(first - node_xy[edge_v]).T) < np.hypot(*(first - node_xy[edge_u]).T)
    if reverse.any():
        geoms = geoms.copy()
        geoms[reverse] = shapely.reverse(geoms[reverse])

    length = (
        edges["length"].to_numpy(dtype=np.float64, na_value=np.nan)[open_rows]
        if "length" in edges.columns
        else np.full(m, np.nan)
    )
    geometric = shapely.length(geoms)
    length = np.where(np.isfinite(length) & (length >= 0), length, geometric)

    with np.errstate(divide="ignore"):
        forward_s = np.where(
            forward_kmh[open_rows] > 0, length / (forward_kmh[open_rows] / 3.6), np.inf
        )
        backward_s = np.where(
            backward_kmh[open_rows] > 0, length / (backward_kmh[open_rows] / 3.6), np.inf
        )

    graph = _adjacency(node_ids.size, edge_u, edge_v, forward_s, backward_s)
    _, weak = connected_components(graph, directed=True, connection="weak")
    _, strong = connected_components(graph, directed=True, connection="strong")
    rules = snap_rules or SnapRules()
    component = _by_size(weak)
    ground = ground_level(edges.iloc[open_rows])

    network = Network(
        mode=mode,
        crs=target,
        node_ids=_frozen(node_ids.astype(np.int64)),
        node_x=_frozen(node_xy[:, 0]),
        node_y=_frozen(node_xy[:, 1]),
        graph=graph,
        edge_u=_frozen(edge_u),
        edge_v=_frozen(edge_v),
        edge_length_m=_frozen(length),
        edge_forward_s=_frozen(forward_s),
        edge_backward_s=_frozen(backward_s),
        edge_geometry=_frozen(geoms),
        edge_source=_frozen(open_rows.astype(np.int64)),
        edge_tree=shapely.STRtree(geoms),
        segments=segments_of(geoms),
        component=_frozen(component),
        strong_component=_frozen(_by_size(strong)),
        edge_ground=_frozen(ground),
        edge_connected=_frozen(connected_edges(component, edge_u, length, rules)),
        snap_rules=rules,
    )
    logger.info(
        "built %s network: %d nodes, %d segments, %d components",
        mode.name,
        network.n_nodes,
        network.n_edges,
        network.component_sizes().size,
    )
    return network


def connected_edges(
    component: np.ndarray, edge_u: np.ndarray, length_m: np.ndarray, rules: SnapRules
) -> np.ndarray:
    """bool per segment: on the largest piece, the longest, or one of ``connected_piece_m``.

    Parameters
    ----------
    component
        Weak component of each node (0 = the most nodes).
    edge_u
        Start node of each segment.
    length_m
        Length of each segment.
    rules
        The snapping rules (``connected_piece_m``).
    """
    if edge_u.size == 0:
        return np.zeros(0, dtype=bool)
    piece = component[edge_u]
    piece_m = np.bincount(piece, weights=length_m, minlength=int(component.max()) + 1)
    connected = piece_m >= rules.connected_piece_m
    connected[0] = True
    connected[int(np.argmax(piece_m))] = True
    return connected[piece]


def _adjacency(
    n: int, edge_u: np.ndarray, edge_v: np.ndarray, forward_s: np.ndarray, backward_s: np.ndarray
) -> csr_matrix:
    """Directed CSR of travel times: the fastest of parallel ways, no self-loops, read-only."""
    rows = np.concatenate([edge_u, edge_v])
    cols = np.concatenate([edge_v, edge_u])
    times = np.concatenate([forward_s, backward_s])
    keep = np.isfinite(times) & (rows != cols)
    rows, cols, times = rows[keep], cols[keep], times[keep]
    order = np.lexsort((times, cols, rows))
    rows, cols, times = rows[order], cols[order], times[order]
    first = np.ones(rows.size, dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    rows, cols, times = rows[first], cols[first], times[first]  # sorted: first is the minimum
    indptr = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    graph = csr_matrix(
        (times.astype(np.float64), cols.astype(np.int32), indptr), shape=(n, n), copy=False
    )
    graph.has_sorted_indices = True
    for array in (graph.data, graph.indices, graph.indptr):
        array.flags.writeable = False
    return graph


def _morton(xy: np.ndarray, bits: int = 16) -> np.ndarray:
    """Z-curve code of each point (interleaved bits of its grid cell)."""
    lo = xy.min(axis=0)
    span = np.maximum(xy.max(axis=0) - lo, 1e-9)
    cells = ((xy - lo) / span * (2**bits - 1)).astype(np.uint64)
    code = np.zeros(xy.shape[0], dtype=np.uint64)
    for bit in range(bits):
        one = np.uint64(1)
        code |= ((cells[:, 0] >> np.uint64(bit)) & one) << np.uint64(2 * bit)
        code |= ((cells[:, 1] >> np.uint64(bit)) & one) << np.uint64(2 * bit + 1)
    return code


def _by_size(labels: np.ndarray) -> np.ndarray:
    """Relabel components so that 0 is the largest, 1 the next, ... (ties by first node)."""
    labels = labels.astype(np.int64)
    counts = np.bincount(labels)
    order = np.argsort(-counts, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return rank[labels].astype(np.int32)
