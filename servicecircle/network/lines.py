"""Road lines as coordinate arrays: projected, turned round and cut into straight pieces.

A network keeps its ways as plain arrays (:class:`Segments`), not as shapely
objects: a LineString costs about 250 bytes beside the 16 bytes of each of its
vertices, and the network of a prefecture has millions of them. Shapely lines
are made again on demand (:meth:`Segments.lines`) for the few steps that
draw them (isochrone polygons, the edge table).

Coordinates are projected with the same pyproj transformation as
``GeoSeries.to_crs`` (``always_xy``), so they are the same numbers to the bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyproj
import shapely

__all__ = ["Segments", "projected_coordinates", "segments_of", "turned_round"]


def _frozen(array: np.ndarray) -> np.ndarray:
    """Return ``array`` (contiguous, owned) marked read-only."""
    out = np.ascontiguousarray(array)
    if out.base is not None:
        out = out.copy()
    out.flags.writeable = False
    return out


def projected_coordinates(
    geoms: np.ndarray, source: pyproj.CRS, target: pyproj.CRS
) -> tuple[np.ndarray, np.ndarray]:
    """The vertices of ``geoms`` in ``target``: ``(xy, ptr)``, line i is ``xy[ptr[i]:ptr[i+1]]``.

    Only x and y are kept (a z coordinate is dropped, as the network never used it).

    >>> line = shapely.LineString([(0, 0), (3, 4)])
    >>> xy, ptr = projected_coordinates(np.array([line]), pyproj.CRS(3857), pyproj.CRS(3857))
    >>> xy.tolist(), ptr.tolist()
    ([[0.0, 0.0], [3.0, 4.0]], [0, 2])
    """
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    ptr = np.zeros(geoms.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=geoms.shape[0]), out=ptr[1:])
    if not pyproj.CRS(source).is_exact_same(target) and coords.shape[0]:
        transformer = pyproj.Transformer.from_crs(source, target, always_xy=True)
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        coords = np.column_stack([x, y])
    return np.ascontiguousarray(coords, dtype=np.float64), ptr


def turned_round(xy: np.ndarray, ptr: np.ndarray, reverse: np.ndarray) -> np.ndarray:
    """``xy`` with the vertices of each line where ``reverse`` is true in the opposite order."""
    if not reverse.any():
        return xy
    counts = np.diff(ptr)
    owner = np.repeat(np.arange(counts.size), counts)
    local = np.arange(xy.shape[0]) - ptr[owner]
    source = np.where(reverse[owner], ptr[owner] + counts[owner] - 1 - local, ptr[owner] + local)
    return np.asarray(xy[source], dtype=np.float64)


@dataclass(frozen=True, eq=False)
class Segments:
    """The straight pieces of all edge geometries (for fast snapping), read-only arrays.

    Attributes
    ----------
    ax, ay, bx, by
        Start and end of each piece (network CRS).
    edge
        Edge of each piece (pieces of one edge are consecutive, in order;
        every edge has at least one).
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

    def lines(self) -> np.ndarray:
        """A new read-only object array of the edges' LineStrings (the same vertices, in order).

        >>> seg = segments_of(*projected_coordinates(
        ...     np.array([shapely.LineString([(0, 0), (1, 0), (1, 2)])]),
        ...     pyproj.CRS(3857), pyproj.CRS(3857)))
        >>> seg.lines()[0].wkt
        'LINESTRING (0 0, 1 0, 1 2)'
        """
        n = self.edge_length_m.shape[0]
        pieces = self.edge.size
        last = np.ones(pieces, dtype=bool)
        last[:-1] = self.edge[1:] != self.edge[:-1]
        xy = np.empty((pieces + n, 2))
        at = np.arange(pieces) + self.edge  # each earlier edge added its end vertex
        xy[at, 0], xy[at, 1] = self.ax, self.ay
        end = np.flatnonzero(last)
        xy[end + self.edge[end] + 1, 0] = self.bx[end]
        xy[end + self.edge[end] + 1, 1] = self.by[end]
        owner = np.repeat(np.arange(n), np.bincount(self.edge, minlength=n) + 1)
        return _frozen(np.asarray(shapely.linestrings(xy, indices=owner), dtype=object))


def segments_of(xy: np.ndarray, ptr: np.ndarray) -> Segments:
    """Cut lines given as ``(xy, ptr)`` (see :func:`projected_coordinates`) into straight pieces."""
    n = ptr.size - 1
    owner = np.repeat(np.arange(n, dtype=np.int64), np.diff(ptr))
    same = owner[1:] == owner[:-1]
    a = xy[:-1][same]
    b = xy[1:][same]
    edge = owner[:-1][same]
    length = np.hypot(*(b - a).T)
    along = np.cumsum(length) - length
    first = np.searchsorted(edge, np.arange(n))
    start = along - along[np.minimum(first, max(along.size - 1, 0))][edge]
    edge_length = np.bincount(edge, weights=length, minlength=n)
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
