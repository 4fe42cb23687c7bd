"""Attaching points (outlets, candidate premises, demand) to a network.

A point is snapped to the nearest segment of the network that can be reached
from the ground beside it (:attr:`Network.edge_ground`: not a motorway, a
ramp, a trunk road without pavement, a tunnel, a bridge or viaduct), in any
direction, and sits at a position along it. When that segment lies on a
cut-off piece of the network (:attr:`Network.edge_connected` is false: a
compound's roads mapped without their gate, a stray footpath) and a segment
of the connected network lies within
:attr:`~servicecircle.network.SnapRules.prefer_connected_m` of the point, the
point is attached to that one instead. A network with no ground-level
segment at all attaches to any segment. The straight *access leg* from
the point to that position is travelled at the mode's access speed
(:attr:`TravelMode.access_leg_speed_kmh`). Along the segment, the partial
times follow the segment's directions: on a one-way segment ``u -> v`` a
point can be reached from ``u`` only and can reach ``v`` only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.network import Network
from servicecircle.network.lines import projected_xy

Points: TypeAlias = gpd.GeoSeries | gpd.GeoDataFrame


def _frozen(array: np.ndarray) -> np.ndarray:
    out = np.array(array, copy=True)
    out.flags.writeable = False
    return out


def _partial(share: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """``share × seconds`` with 0 for a zero share even on a closed direction (inf)."""
    with np.errstate(invalid="ignore"):
        return np.where(share == 0.0, 0.0, share * seconds)


@dataclass(frozen=True, eq=False)
class Snapped:
    """Points attached to a network (immutable, aligned to the input index).

    Attributes
    ----------
    index
        Labels of the input points.
    edge
        Network segment of each point (int64; -1 where the point has no
        geometry or lies farther than the snapping limit: it reaches nothing).
    fraction
        Position along the segment, 0 at ``u`` to 1 at ``v``.
    distance_m
        Length of the access leg (point to its position on the segment).
    x, y, snap_x, snap_y
        The point and its position on the segment, in the network CRS.
    out_u_s, out_v_s
        Seconds from the point to the segment's ``u`` / ``v`` node
        (access leg + partial segment; inf where the direction is closed).
    in_u_s, in_v_s
        Seconds from the ``u`` / ``v`` node to the point.
    access_s
        Seconds of the access leg alone (inf where not snapped).
    """

    index: pd.Index
    edge: np.ndarray
    fraction: np.ndarray
    distance_m: np.ndarray
    x: np.ndarray
    y: np.ndarray
    snap_x: np.ndarray
    snap_y: np.ndarray
    access_s: np.ndarray
    out_u_s: np.ndarray
    out_v_s: np.ndarray
    in_u_s: np.ndarray
    in_v_s: np.ndarray

    def __len__(self) -> int:
        return int(self.edge.shape[0])

    @property
    def snapped(self) -> np.ndarray:
        """Boolean mask of points that are attached to the network."""
        return self.edge >= 0

    def reversed(self) -> Snapped:
        """The same points for the reversed network (times in and out swapped)."""
        return replace(
            self,
            out_u_s=self.in_u_s,
            out_v_s=self.in_v_s,
            in_u_s=self.out_u_s,
            in_v_s=self.out_v_s,
        )

    def access_lines(self) -> np.ndarray:
        """Object array of the access legs as LineStrings (None where not snapped)."""
        out = np.full(len(self), None, dtype=object)
        on = np.flatnonzero(self.snapped)
        if on.size:
            coords = np.empty((2 * on.size, 2))
            coords[0::2, 0], coords[0::2, 1] = self.x[on], self.y[on]
            coords[1::2, 0], coords[1::2, 1] = self.snap_x[on], self.snap_y[on]
            out[on] = shapely.linestrings(coords, indices=np.repeat(np.arange(on.size), 2))
        return out


def points_xy(points: Points, crs: pyproj.CRS) -> tuple[pd.Index, np.ndarray]:
    """Return the index and ``(k, 2)`` coordinates of ``points`` in ``crs``.

    Non-point geometries are represented by their centroid (in ``crs``);
    missing or empty geometries give NaN coordinates. Points are projected
    as coordinate arrays (no new shapely object per point), to the same
    numbers as ``GeoSeries.to_crs``.

    Raises
    ------
    InputDataError
        If the layer has no coordinate system.
    """
    series = points.geometry if isinstance(points, gpd.GeoDataFrame) else points
    if not isinstance(series, gpd.GeoSeries):
        raise InputDataError(msg("msg.reach.not_points"))
    if series.crs is None and len(series):
        raise InputDataError(msg("msg.reach.points_no_crs"))
    geoms = np.asarray(series.to_numpy(), dtype=object)
    bad = np.asarray(shapely.is_missing(geoms) | shapely.is_empty(geoms), dtype=bool)
    point = ~bad & (np.asarray(shapely.get_type_id(geoms)) == 0)
    other = ~bad & ~point
    xy = np.full((geoms.shape[0], 2), np.nan)
    if point.any():
        xy[point] = projected_xy(shapely.get_coordinates(geoms[point]), series.crs, crs)
    if other.any():  # centroids of the reprojected shapes, as before
        shapes = gpd.GeoSeries(geoms[other], crs=series.crs).to_crs(crs).to_numpy()
        xy[other] = shapely.get_coordinates(shapely.centroid(shapes))
    return series.index, xy


Found: TypeAlias = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _nearest_geos(network: Network, xy: np.ndarray, allowed: np.ndarray | None = None) -> Found:
    """Nearest allowed segment (default: any) by an STRtree: (edge, distance, fraction, xy)."""
    if allowed is None:
        allowed = np.ones(network.n_edges, dtype=bool)
    geoms = shapely.points(xy)
    usable = np.flatnonzero(allowed)
    tree = shapely.STRtree(network.edge_lines(usable))  # the allowed lines only
    pairs, dist = tree.query_nearest(geoms, return_distance=True, all_matches=False)
    edge = np.empty(xy.shape[0], dtype=np.int64)
    distance = np.empty(xy.shape[0])
    edge[pairs[0]] = usable[pairs[1]]
    distance[pairs[0]] = dist
    lines = network.edge_lines(edge)
    fraction = np.clip(shapely.line_locate_point(lines, geoms, normalized=True), 0.0, 1.0)
    fraction = np.nan_to_num(fraction, nan=0.0)  # zero-length segments
    snapped = shapely.get_coordinates(
        shapely.line_interpolate_point(lines, fraction, normalized=True)
    )
    return edge, distance, fraction, snapped


def _nearest_numba(network: Network, xy: np.ndarray, allowed: np.ndarray | None = None) -> Found:
    """Nearest allowed segment (default: any) through a grid of straight pieces (compiled)."""
    from servicecircle.reach import _numba  # numba loads here, not when the library is imported

    if allowed is None:
        allowed = np.ones(network.n_edges, dtype=bool)
    seg = network.segments
    keep = allowed[seg.edge]
    every = bool(keep.all())
    owner = None if every else np.flatnonzero(keep)
    del keep
    first = seg.first_vertex(owner)  # of the allowed pieces, in order
    first.flags.writeable = False  # read-only like the network's vertices: one compiled signature
    if every:
        xmin, ymin, xmax, ymax = seg.bounds
    else:
        xs, ys = seg.xy[:, 0], seg.xy[:, 1]
        xmin, xmax = (
            min(xs[first].min(), xs[first + 1].min()),
            max(xs[first].max(), xs[first + 1].max()),
        )
        ymin, ymax = (
            min(ys[first].min(), ys[first + 1].min()),
            max(ys[first].max(), ys[first + 1].max()),
        )
    width, height = max(xmax - xmin, 1.0), max(ymax - ymin, 1.0)
    pieces = max(first.size, 1)
    cell = max(np.sqrt(width * height / pieces), np.sqrt(width * height / 4e6), 1.0)
    ncx, ncy = int(width // cell) + 1, int(height // cell) + 1
    ptr, items = _numba.segment_grid(seg.xy, first, xmin, ymin, cell, ncx, ncy)
    found, distance, t = _numba.nearest_segments(
        np.ascontiguousarray(xy[:, 0]),
        np.ascontiguousarray(xy[:, 1]),
        seg.xy,
        first,
        ptr,
        items,
        xmin,
        ymin,
        cell,
        ncx,
        ncy,
    )
    del ptr, items, first
    piece = found if owner is None else owner[found]
    edge = seg.edge[piece].astype(np.int64)
    ax, ay, bx, by = seg.ends(piece)
    with np.errstate(invalid="ignore", divide="ignore"):
        length = np.hypot(bx - ax, by - ay)  # as the network measured its pieces
        fraction = (seg.start_m[piece] + t * length) / seg.edge_length_m[edge]
    fraction = np.clip(np.nan_to_num(fraction, nan=0.0), 0.0, 1.0)
    snapped = np.stack([ax + t * (bx - ax), ay + t * (by - ay)], axis=1)
    return edge, distance, fraction, snapped


def _nearest(network: Network, xy: np.ndarray, allowed: np.ndarray) -> Found:
    """Nearest segment among those ``allowed`` (a bool per segment, at least one true)."""
    try:
        return _nearest_numba(network, xy, allowed)
    except ImportError:  # pragma: no cover - numba is a dependency; kept as a fallback
        return _nearest_geos(network, xy, allowed)


def attach(network: Network, xy: np.ndarray) -> Found:
    """Where the points ``xy`` (finite, network CRS) are attached (see the module docstring).

    Returns
    -------
    edge, distance, fraction, snapped xy
        One row per point.
    """
    targets = network.edge_ground
    if not targets.any():
        targets = np.ones(network.n_edges, dtype=bool)
    edge, distance, fraction, snap_xy = _nearest(network, xy, targets)
    connected = targets & network.edge_connected
    reach = network.snap_rules.prefer_connected_m
    stray = np.flatnonzero(~network.edge_connected[edge])
    if stray.size and connected.any() and reach > 0:
        better = _nearest(network, xy[stray], connected)
        near = better[1] <= reach
        rows = stray[near]
        edge[rows] = better[0][near]
        distance[rows] = better[1][near]
        fraction[rows] = better[2][near]
        snap_xy[rows] = better[3][near]
    return edge, distance, fraction, snap_xy


def snap_points(
    network: Network,
    points: Points | Snapped,
    *,
    max_distance_m: float | None = None,
) -> Snapped:
    """Attach points to the nearest ground-level segment of ``network`` (module docstring).

    Parameters
    ----------
    network
        The travel-mode network.
    points
        Point layer (any CRS, it is reprojected; polygons count by their
        centroid). A :class:`Snapped` is returned unchanged.
    max_distance_m
        Points farther than this from every ground-level segment are not
        attached (they reach nothing and nothing reaches them: they are off
        the road network). ``None``: no limit.

    Returns
    -------
    Snapped
    """
    if isinstance(points, Snapped):
        return points
    index, xy = points_xy(points, network.crs)
    k = xy.shape[0]
    edge = np.full(k, -1, dtype=np.int64)
    distance = np.full(k, np.inf)
    fraction = np.zeros(k)
    snap_xy = np.full((k, 2), np.nan)
    ok = np.flatnonzero(np.isfinite(xy).all(axis=1))
    if ok.size:
        edge[ok], distance[ok], fraction[ok], snap_xy[ok] = attach(network, xy[ok])
    return _snapped(network, index, xy, edge, distance, fraction, snap_xy, max_distance_m)


def within_snap_distance(network: Network, snapped: Snapped, max_distance_m: float) -> Snapped:
    """``snapped`` with the points farther than ``max_distance_m`` detached.

    Equal to ``snap_points(network, points, max_distance_m=max_distance_m)``
    for the ``points`` that ``snapped`` was attached from without a limit
    (no second search: one snap serves the road distances and the limit).
    """
    return _snapped(
        network,
        snapped.index,
        np.column_stack([snapped.x, snapped.y]),
        snapped.edge.copy(),
        snapped.distance_m.copy(),
        snapped.fraction.copy(),
        np.column_stack([snapped.snap_x, snapped.snap_y]),
        max_distance_m,
    )


def _snapped(
    network: Network,
    index: pd.Index,
    xy: np.ndarray,
    edge: np.ndarray,
    distance: np.ndarray,
    fraction: np.ndarray,
    snap_xy: np.ndarray,
    max_distance_m: float | None,
) -> Snapped:
    """The :class:`Snapped` of attached points (arrays changed in place by the limit)."""
    if max_distance_m is not None:
        too_far = distance > max_distance_m
        edge[too_far] = -1
        distance[too_far] = np.inf
        snap_xy[too_far] = np.nan
        fraction[too_far] = 0.0
    speed = network.mode.access_leg_speed_kmh / 3.6
    access = np.where(edge >= 0, distance / speed, np.inf)
    safe = np.where(edge >= 0, edge, 0)
    forward = np.where(edge >= 0, network.edge_forward_s[safe], np.inf)
    backward = np.where(edge >= 0, network.edge_backward_s[safe], np.inf)
    rest = 1.0 - fraction
    return Snapped(
        index=index,
        edge=_frozen(edge),
        fraction=_frozen(fraction),
        distance_m=_frozen(distance),
        x=_frozen(xy[:, 0]),
        y=_frozen(xy[:, 1]),
        snap_x=_frozen(snap_xy[:, 0]),
        snap_y=_frozen(snap_xy[:, 1]),
        access_s=_frozen(access),
        out_u_s=_frozen(access + _partial(fraction, backward)),
        out_v_s=_frozen(access + _partial(rest, forward)),
        in_u_s=_frozen(_partial(fraction, forward) + access),
        in_v_s=_frozen(_partial(rest, backward) + access),
    )
