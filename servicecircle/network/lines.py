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
    ptr = np.zeros(geoms.shape[0] + 1, dtype=np.int64)
    np.cumsum(shapely.get_num_coordinates(geoms), out=ptr[1:])
    coords = shapely.get_coordinates(geoms)
    if not pyproj.CRS(source).is_exact_same(target) and coords.shape[0]:
        transformer = pyproj.Transformer.from_crs(source, target, always_xy=True)
        x, y = np.ascontiguousarray(coords[:, 0]), np.ascontiguousarray(coords[:, 1])
        transformer.transform(x, y, inplace=True)
        coords[:, 0], coords[:, 1] = x, y
    return np.ascontiguousarray(coords, dtype=np.float64), ptr


def turned_round(xy: np.ndarray, ptr: np.ndarray, reverse: np.ndarray) -> np.ndarray:
    """``xy`` with the vertices of each line where ``reverse`` is true in the opposite order.

    ``xy`` itself is changed (and returned) when it is writeable.
    """
    lines = np.flatnonzero(reverse)
    if lines.size == 0:
        return xy
    out = xy if xy.flags.writeable else xy.copy()
    counts = ptr[lines + 1] - ptr[lines]
    local = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    start = np.repeat(ptr[lines], counts)
    out[start + local] = xy[start + np.repeat(counts, counts) - 1 - local]
    return out


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

    def lines(self, which: np.ndarray | None = None) -> np.ndarray:
        """A new read-only object array of the edges' LineStrings (the same vertices, in order).

        Parameters
        ----------
        which
            Edge positions to make lines for (default: every edge, in order).

        >>> seg = segments_of(*projected_coordinates(
        ...     np.array([shapely.LineString([(0, 0), (1, 0), (1, 2)]),
        ...               shapely.LineString([(5, 5), (6, 6)])]),
        ...     pyproj.CRS(3857), pyproj.CRS(3857)))
        >>> [line.wkt for line in seg.lines()]
        ['LINESTRING (0 0, 1 0, 1 2)', 'LINESTRING (5 5, 6 6)']
        >>> seg.lines(np.array([1]))[0].wkt
        'LINESTRING (5 5, 6 6)'
        """
        n = self.edge_length_m.shape[0]
        edges = np.arange(n) if which is None else np.asarray(which, dtype=np.int64)
        per_edge = np.bincount(self.edge, minlength=n)
        first = np.cumsum(per_edge) - per_edge
        counts = per_edge[edges]
        # the pieces of the chosen edges, in order; each line is its pieces' starts + the last end
        starts = np.cumsum(counts) - counts
        piece = np.repeat(first[edges] - starts, counts) + np.arange(int(counts.sum()))
        xy = np.empty((piece.size + edges.size, 2))
        at = np.arange(piece.size) + np.repeat(np.arange(edges.size), counts)
        xy[at, 0], xy[at, 1] = self.ax[piece], self.ay[piece]
        last = first[edges] + counts - 1
        end = starts + counts + np.arange(edges.size)
        xy[end, 0], xy[end, 1] = self.bx[last], self.by[last]
        owner = np.repeat(np.arange(edges.size), counts + 1)
        return _frozen(np.asarray(shapely.linestrings(xy, indices=owner), dtype=object))


def segments_of(xy: np.ndarray, ptr: np.ndarray) -> Segments:
    """Cut lines given as ``(xy, ptr)`` (see :func:`projected_coordinates`) into straight pieces."""
    n = ptr.size - 1
    same = np.ones(max(xy.shape[0] - 1, 0), dtype=bool)
    same[ptr[1:-1][ptr[1:-1] > 0] - 1] = False  # a line's last vertex and the next one's first
    ax, ay = xy[:-1, 0][same], xy[:-1, 1][same]
    bx, by = xy[1:, 0][same], xy[1:, 1][same]
    edge = np.repeat(np.arange(n, dtype=np.int64), np.maximum(np.diff(ptr) - 1, 0))
    length = np.hypot(bx - ax, by - ay)
    along = np.cumsum(length) - length
    first = np.searchsorted(edge, np.arange(n))
    start = along - along[np.minimum(first, max(along.size - 1, 0))][edge]
    edge_length = np.bincount(edge, weights=length, minlength=n)
    if ax.size:
        lo = (min(ax.min(), bx.min()), min(ay.min(), by.min()))
        hi = (max(ax.max(), bx.max()), max(ay.max(), by.max()))
    else:
        lo = hi = (0.0, 0.0)
    return Segments(
        ax=_frozen(ax),
        ay=_frozen(ay),
        bx=_frozen(bx),
        by=_frozen(by),
        edge=_frozen(edge),
        start_m=_frozen(start),
        length_m=_frozen(length),
        edge_length_m=_frozen(edge_length),
        bounds=(float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])),
    )
