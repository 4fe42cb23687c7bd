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
from typing import Any

import numpy as np
import pyproj
import shapely

__all__ = [
    "Segments",
    "index_dtype",
    "line_vertices",
    "projected_xy",
    "segments_of",
    "turned_round",
]

_CHUNK = 1 << 18  #: pieces per step where a step makes temporaries


def _frozen(array: np.ndarray) -> np.ndarray:
    """Return ``array`` (contiguous, owned) marked read-only."""
    out = np.ascontiguousarray(array)
    if out.base is not None:
        out = out.copy()
    out.flags.writeable = False
    return out


def projected_xy(xy: np.ndarray, source: pyproj.CRS, target: pyproj.CRS) -> np.ndarray:
    """``(n, 2)`` coordinates ``xy`` in ``source`` as float64 coordinates in ``target``.

    ``xy`` itself is changed (and returned) when it is a writeable C-ordered
    float64 array; else a new array is returned.

    >>> projected_xy(np.array([[0.0, 0.0]]), pyproj.CRS(4326), pyproj.CRS(3857)).tolist()
    [[0.0, 0.0]]
    """
    writeable = xy.flags.writeable and xy.flags.c_contiguous and xy.dtype == np.float64
    coords = xy if writeable else np.array(xy, dtype=np.float64, order="C")
    if not pyproj.CRS(source).is_exact_same(target) and coords.shape[0]:
        transformer = pyproj.Transformer.from_crs(source, target, always_xy=True)
        for lo in range(0, coords.shape[0], _CHUNK):  # in chunks: small x, y copies
            part = coords[lo : lo + _CHUNK]
            x, y = np.ascontiguousarray(part[:, 0]), np.ascontiguousarray(part[:, 1])
            transformer.transform(x, y, inplace=True)
            part[:, 0], part[:, 1] = x, y
    return coords


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
    """The edge geometries as vertex arrays, cut into straight pieces (fast snapping), read-only.

    Each vertex is kept once: piece ``p`` runs from vertex ``p + edge[p]`` to
    the next one (an edge of ``k`` vertices has ``k - 1`` pieces, and the
    pieces of one edge are consecutive, in order; every edge has at least one).

    Attributes
    ----------
    xy
        ``(vertices, 2)`` coordinates of all edge lines, oriented ``u -> v``,
        one line after the other (network CRS).
    ptr
        Line ``i`` is ``xy[ptr[i]:ptr[i + 1]]`` (int32 while the vertices fit).
    edge
        Edge of each piece (int32 while the edges fit).
    start_m
        Distance from the edge's start to the piece's start.
    edge_length_m
        Geometric length of each edge (sum of its pieces).
    bounds
        ``(xmin, ymin, xmax, ymax)`` of all pieces.
    """

    xy: np.ndarray
    ptr: np.ndarray
    edge: np.ndarray
    start_m: np.ndarray
    edge_length_m: np.ndarray
    bounds: tuple[float, float, float, float]

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickle read-only; an older pickle (piece ends ``ax, ay, bx, by``) is converted."""
        if "xy" not in state:
            state = _from_piece_ends(state)
        for name, value in state.items():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
            object.__setattr__(self, name, value)

    @property
    def n_pieces(self) -> int:
        """Number of straight pieces."""
        return int(self.edge.shape[0])

    def first_vertex(self, pieces: np.ndarray | None = None) -> np.ndarray:
        """Position in :attr:`xy` of the start of each of ``pieces`` (default all).

        int32 while the vertices fit (:func:`index_dtype`), else int64.
        """
        kind = index_dtype(self.xy.shape[0])
        chosen = np.arange(self.n_pieces, dtype=kind) if pieces is None else np.asarray(pieces)
        first: np.ndarray = chosen.astype(kind, copy=pieces is not None)
        first += self.edge[chosen] if pieces is not None else self.edge
        return first

    def ends(self, pieces: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(ax, ay, bx, by)``: start and end coordinates of each of ``pieces``."""
        a = self.first_vertex(pieces)
        return self.xy[a, 0], self.xy[a, 1], self.xy[a + 1, 0], self.xy[a + 1, 1]

    def lines(self, which: np.ndarray | None = None) -> np.ndarray:
        """A new read-only object array of the edges' LineStrings (the same vertices, in order).

        Parameters
        ----------
        which
            Edge positions to make lines for (default: every edge, in order).

        >>> xy = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 2.0], [5.0, 5.0], [6.0, 6.0]])
        >>> seg = segments_of(xy, np.array([0, 3, 5]))
        >>> [line.wkt for line in seg.lines()]
        ['LINESTRING (0 0, 1 0, 1 2)', 'LINESTRING (5 5, 6 6)']
        >>> seg.lines(np.array([1]))[0].wkt
        'LINESTRING (5 5, 6 6)'
        """
        if which is None:
            lines = shapely.linestrings(
                self.xy, indices=np.repeat(np.arange(self.ptr.size - 1), np.diff(self.ptr))
            )
        else:
            edges = np.asarray(which, dtype=np.int64)
            vertices, owner = line_vertices(self.ptr, edges)
            lines = shapely.linestrings(self.xy[vertices], indices=owner)
        return _frozen(np.asarray(lines, dtype=object))


def _from_piece_ends(state: dict[str, Any]) -> dict[str, Any]:
    """The fields of :class:`Segments` from an older pickle's (every vertex twice, ``length_m``)."""
    edge = np.asarray(state["edge"])
    n = state["edge_length_m"].shape[0]
    per_edge = np.bincount(edge, minlength=n)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(per_edge + 1, out=ptr[1:])  # every edge has a piece: its starts, then the last end
    xy = np.empty((int(ptr[-1]), 2))
    first = np.arange(edge.size) + edge
    xy[first, 0], xy[first, 1] = state["ax"], state["ay"]
    last = np.cumsum(per_edge) - 1
    xy[ptr[1:] - 1, 0], xy[ptr[1:] - 1, 1] = state["bx"][last], state["by"][last]
    return {
        "xy": xy,
        "ptr": ptr.astype(index_dtype(xy.shape[0] + 1)),
        "edge": edge.astype(index_dtype(n)),
        "start_m": state["start_m"],
        "edge_length_m": state["edge_length_m"],
        "bounds": state["bounds"],
    }


def line_vertices(ptr: np.ndarray, lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The vertex positions of ``lines`` (in order) and which of ``lines`` each belongs to.

    >>> [a.tolist() for a in line_vertices(np.array([0, 3, 5]), np.array([1, 0]))]
    [[3, 4, 0, 1, 2], [0, 0, 1, 1, 1]]
    """
    first = ptr[lines].astype(np.int64)
    counts = ptr[lines + 1] - first
    owner = np.repeat(np.arange(lines.size), counts)
    return np.repeat(first - (np.cumsum(counts) - counts), counts) + np.arange(owner.size), owner


def index_dtype(count: int) -> type[np.signedinteger]:
    """int32 for positions below ``count`` when they fit, else int64 (half the bytes of int64)."""
    return np.int32 if count < 2**31 else np.int64


def segments_of(xy: np.ndarray, ptr: np.ndarray) -> Segments:
    """Cut lines given as ``(xy, ptr)`` (line i is ``xy[ptr[i]:ptr[i+1]]``) into straight pieces.

    ``xy`` is kept (marked read-only), not copied, when it is a C-contiguous array of its own.
    """
    n = ptr.size - 1
    per_edge = np.maximum(np.diff(ptr) - 1, 0).astype(np.int64)
    edge = np.repeat(np.arange(n, dtype=index_dtype(n)), per_edge)
    piece_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(per_edge, out=piece_ptr[1:])
    start = np.empty(edge.size)
    edge_length = np.zeros(n)
    carry = 0.0
    # whole edges at a time (about _CHUNK pieces): the sums of one pass over all pieces, in
    # the same order (the running distance goes on from the last chunk's), without its arrays
    cuts = np.unique(np.searchsorted(piece_ptr, np.arange(0, edge.size, _CHUNK), "right") - 1)
    for e0, e1 in zip(cuts, [*cuts[1:], n], strict=True):
        lo, hi = int(piece_ptr[e0]), int(piece_ptr[e1])
        a = np.arange(lo, hi) + edge[lo:hi]  # each piece's first vertex
        length = np.hypot(xy[a + 1, 0] - xy[a, 0], xy[a + 1, 1] - xy[a, 1])
        along = length.copy()
        along[0] += carry
        np.cumsum(along, out=along)
        carry = float(along[-1])
        along -= length  # the distance along all pieces to each piece's start
        local = edge[lo:hi] - e0
        along -= along[np.minimum(piece_ptr[e0:e1] - lo, hi - lo - 1)][local]  # from its edge's
        start[lo:hi] = along
        edge_length[e0:e1] = np.bincount(local, weights=length, minlength=e1 - e0)
    low, high = (xy.min(axis=0), xy.max(axis=0)) if edge.size else (np.zeros(2), np.zeros(2))
    return Segments(
        xy=_frozen(xy),
        ptr=_frozen(ptr.astype(index_dtype(xy.shape[0] + 1), copy=False)),
        edge=_frozen(edge),
        start_m=_frozen(start),
        edge_length_m=_frozen(edge_length),
        bounds=(float(low[0]), float(low[1]), float(high[0]), float(high[1])),
    )
