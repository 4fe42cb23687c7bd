"""Travel-mode networks as compact, immutable arrays for routing.

:func:`network_from_area` turns the StudyArea's roads (the ``nodes`` and
``edges`` layers, kept as arrays in a
:class:`~servicecircle.inputs.roads.RoadTable`) into a :class:`Network`:
node coordinates in a metric CRS, a directed CSR adjacency with travel
times in seconds, an edge table for snapping and
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
import pyproj
import shapely
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from servicecircle.errors import CRSMismatchError, InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.roads import RoadTable
from servicecircle.network.ground import SnapRules, ground_level
from servicecircle.network.lines import (
    Segments,
    _frozen,
    index_dtype,
    projected_xy,
    segments_of,
    turned_round,
)
from servicecircle.network.modes import TravelMode, mode_said
from servicecircle.network.rules import edge_speeds_kmh
from servicecircle.network.topology import adjacency, by_size, connected_edges, node_positions

logger = logging.getLogger(__name__)


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
        Node positions of each way segment's ends, digitised direction
        ``u -> v`` (int32 while the nodes fit). Self-loops and parallel ways
        are kept here.
    edge_length_m
        Length of each segment (the layer's ``length``, or the projected
        geometry length where that is missing).
    edge_forward_s, edge_backward_s
        Travel time u -> v and v -> u in seconds; ``inf`` where the mode may
        not travel in that direction. Every segment is open in at least one
        direction.
    edge_source
        Row position of each segment in the StudyArea ``edges`` layer (int32
        while the rows fit).
    segments
        The straight pieces of the edge geometries, oriented ``u -> v``
        (compiled snapping); the only copy of the geometry kept (see
        :attr:`edge_geometry`).
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
    edge_source: np.ndarray
    segments: Segments
    component: np.ndarray
    strong_component: np.ndarray
    edge_ground: np.ndarray
    edge_connected: np.ndarray
    snap_rules: SnapRules

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickle read-only, like the original (numpy pickles drop the flag)."""
        for name, field_value in state.items():
            if name not in self.__dataclass_fields__:  # an older version's field
                continue
            value = field_value
            if name in ("edge_u", "edge_v", "edge_source"):  # int64 in older versions
                value = value.astype(index_dtype(int(value.max(initial=0)) + 1), copy=False)
            arrays = [value] if isinstance(value, np.ndarray) else []
            if isinstance(value, csr_matrix):
                arrays = [value.data, value.indices, value.indptr]
            for array in arrays:
                array.flags.writeable = False
            object.__setattr__(self, name, value)

    @property
    def edge_geometry(self) -> np.ndarray:
        """Object array of projected LineStrings, oriented ``u -> v``, made anew on each call.

        The network keeps its geometry as arrays (:attr:`segments`); callers
        that need shapely lines should take this once and keep it while used,
        or make only the lines they need (:meth:`edge_lines`).
        """
        return self.segments.lines()

    def edge_lines(self, edges: np.ndarray) -> np.ndarray:
        """The projected LineStrings (``u -> v``) of the segments at positions ``edges`` only."""
        return self.segments.lines(edges)

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
    return network_from_roads(area.roads, mode, crs=target, snap_rules=snap_rules)


def network_from_layers(
    nodes: gpd.GeoDataFrame,
    edges: gpd.GeoDataFrame,
    mode: TravelMode,
    *,
    crs: pyproj.CRS | str,
    snap_rules: SnapRules | None = None,
) -> Network:
    """Build a :class:`Network` from a nodes and an edges layer (see :func:`network_from_roads`)."""
    roads = RoadTable.from_layers(nodes, edges)
    return network_from_roads(roads, mode, crs=crs, snap_rules=snap_rules)


def network_from_roads(
    roads: RoadTable,
    mode: TravelMode,
    *,
    crs: pyproj.CRS | str,
    snap_rules: SnapRules | None = None,
) -> Network:
    """Build a :class:`Network` from road layers kept as arrays (see :func:`network_from_area`).

    The nodes may be missing or incomplete: node positions then come from
    the ends of the edge geometries. Edge geometries digitised ``v -> u``
    are reversed so that every geometry runs ``u -> v``. Only edges with a
    LineString geometry are used.
    """
    target = _checked_crs(roads, crs)
    edges = roads.columns
    forward_kmh, backward_kmh = edge_speeds_kmh(edges, mode)
    open_rows = _open_rows(roads, forward_kmh, backward_kmh, mode)
    forward_kmh, backward_kmh = forward_kmh[open_rows], backward_kmh[open_rows]
    ground = ground_level(edges)[open_rows]  # first: its column reads peak while little is held
    xy, ptr = roads.line_coordinates(open_rows)
    xy = projected_xy(xy, roads.crs if roads.crs is not None else target, target)
    node_ids, node_xy, edge_u, edge_v, reverse = node_positions(
        _known_nodes(roads, target),
        edges["u"].to_numpy(dtype=np.int64)[open_rows],
        edges["v"].to_numpy(dtype=np.int64)[open_rows],
        (xy[ptr[:-1]], xy[ptr[1:] - 1]),
    )
    node_x, node_y = _frozen(node_xy[:, 0]), _frozen(node_xy[:, 1])
    del node_xy  # what is no longer needed goes before the next step
    xy = turned_round(xy, ptr, reverse)
    length = (
        edges["length"].to_numpy(dtype=np.float64, na_value=np.nan)[open_rows]
        if "length" in edges.columns
        else np.full(open_rows.size, np.nan)
    )
    length = _filled_lengths(length, xy, ptr)
    forward_s = _seconds(length, forward_kmh)
    backward_s = _seconds(length, backward_kmh)
    source = _frozen(open_rows.astype(index_dtype(len(roads))))
    del forward_kmh, backward_kmh, open_rows

    graph = adjacency(node_ids.size, edge_u, edge_v, forward_s, backward_s)
    component = by_size(connected_components(graph, directed=True, connection="weak")[1])
    strong = by_size(connected_components(graph, directed=True, connection="strong")[1])
    rules = snap_rules or SnapRules()
    network = Network(
        mode=mode,
        crs=target,
        node_ids=_frozen(node_ids.astype(np.int64)),
        node_x=node_x,
        node_y=node_y,
        graph=graph,
        edge_u=_frozen(edge_u),
        edge_v=_frozen(edge_v),
        edge_length_m=_frozen(length),
        edge_forward_s=_frozen(forward_s),
        edge_backward_s=_frozen(backward_s),
        edge_source=source,
        segments=segments_of(xy, ptr),
        component=_frozen(component),
        strong_component=_frozen(strong),
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


def _checked_crs(roads: RoadTable, crs: pyproj.CRS | str) -> pyproj.CRS:
    """``crs`` as a projected CRS, refusing layers without or with different CRSs, or no roads."""
    target = pyproj.CRS.from_user_input(crs)
    if not target.is_projected:
        raise CRSMismatchError(msg("msg.network.not_metric", crs=target.name))
    if roads.crs is None:
        raise InputDataError(msg("msg.network.roads_no_crs"))
    if roads.n_nodes and roads.node_crs is not None and not roads.node_crs.equals(roads.crs):
        raise CRSMismatchError(msg("msg.network.nodes_edges_crs"))
    if len(roads) == 0:
        raise InputDataError(msg("msg.network.no_roads"))
    return target


def _known_nodes(roads: RoadTable, target: pyproj.CRS) -> tuple[np.ndarray, np.ndarray]:
    """``(ids, xy)`` of the nodes with a point, in ``target`` (see ``node_positions``)."""
    present = roads.node_present()
    lonlat = np.column_stack([roads.node_lon[present], roads.node_lat[present]])
    source = roads.node_crs if roads.node_crs is not None else roads.crs
    return roads.node_ids[present], projected_xy(
        lonlat, source if source is not None else target, target
    )


def _open_rows(
    roads: RoadTable, forward_kmh: np.ndarray, backward_kmh: np.ndarray, mode: TravelMode
) -> np.ndarray:
    """Rows of the edges open to ``mode`` in some direction with a line geometry."""
    open_rows = np.flatnonzero((forward_kmh > 0) | (backward_kmh > 0))
    open_rows = np.asarray(open_rows[roads.line_rows()[open_rows]], dtype=np.int64)
    if open_rows.size == 0:
        raise InputDataError(msg("msg.network.closed_to_mode", mode=mode_said(mode.name)))
    return open_rows


def _filled_lengths(length: np.ndarray, xy: np.ndarray, ptr: np.ndarray) -> np.ndarray:
    """``length`` with missing or negative values replaced by the projected line's length."""
    missing = np.flatnonzero(~(np.isfinite(length) & (length >= 0)))
    if missing.size == 0:
        return length
    counts = np.diff(ptr)[missing]
    vertices = np.repeat(ptr[missing] - np.cumsum(counts) + counts, counts) + np.arange(
        counts.sum()
    )
    lines = shapely.linestrings(xy[vertices], indices=np.repeat(np.arange(missing.size), counts))
    filled = length.copy()
    filled[missing] = shapely.length(lines)
    return filled


def _seconds(length_m: np.ndarray, kmh: np.ndarray) -> np.ndarray:
    """Seconds to travel ``length_m`` at ``kmh`` (inf where closed: 0 km/h)."""
    with np.errstate(divide="ignore"):
        return np.where(kmh > 0, length_m / (kmh / 3.6), np.inf)
