"""Vectorised pieces of LineStrings (shapely 2 has no array ``substring``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import shapely

from servicecircle.network.lines import Segments, line_vertices

_CHUNK = 1 << 20  #: vertices per step of the distances along the lines


class LineTable:
    """Coordinates of many lines with the distance of each vertex along all of them.

    Shapely lines are made only for the lines a call of :meth:`pieces` cuts or
    returns whole.

    Parameters
    ----------
    lines
        Object array of LineStrings, or a network's
        :class:`~servicecircle.network.lines.Segments` (its vertex arrays are
        used as they are: no line of the whole network is made).
    """

    def __init__(self, lines: np.ndarray | Segments) -> None:
        self.make_lines: Callable[[np.ndarray], np.ndarray]
        if isinstance(lines, Segments):
            self.coords, self.ptr, self.make_lines = lines.xy, lines.ptr, lines.lines
        else:
            coords, owner = shapely.get_coordinates(lines, return_index=True)
            self.coords = coords
            self.ptr = np.zeros(lines.shape[0] + 1, dtype=np.int64)
            np.cumsum(np.bincount(owner, minlength=lines.shape[0]), out=self.ptr[1:])
            self.make_lines = lines.__getitem__
        self.along = _distance_along(self.coords, self.ptr)

    def pieces(self, line: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Return the parts of ``lines[line]`` between normalised ``start`` and ``end``.

        Parameters
        ----------
        line
            Line positions (int array).
        start, end
            Normalised positions, ``0 <= start <= end <= 1``.

        Returns
        -------
        numpy.ndarray
            Object array of LineStrings, one per requested piece (a piece of
            zero length is a two-point LineString at one spot).
        """
        k = line.shape[0]
        if k == 0:
            return np.empty(0, dtype=object)
        whole = (start <= 0.0) & (end >= 1.0)
        out = np.empty(k, dtype=object)
        out[whole] = self.make_lines(line[whole])
        part = np.flatnonzero(~whole)
        if part.size == 0:
            return out
        pl, ps, pe = line[part], start[part], end[part]
        geoms = self.make_lines(pl)
        first = shapely.get_coordinates(shapely.line_interpolate_point(geoms, ps, normalized=True))
        last = shapely.get_coordinates(shapely.line_interpolate_point(geoms, pe, normalized=True))
        vertex, piece = line_vertices(self.ptr, pl)
        along = self.along[vertex] - self.along[self.ptr[pl]][piece]
        total = shapely.length(geoms)[piece]
        with np.errstate(invalid="ignore", divide="ignore"):
            position = np.where(total > 0, along / total, 0.0)
        inner = (position > ps[piece]) & (position < pe[piece])
        piece_ids = np.concatenate([np.arange(part.size), piece[inner], np.arange(part.size)])
        order_key = np.concatenate(
            [np.full(part.size, -1.0), position[inner], np.full(part.size, 2.0)]
        )
        coords = np.concatenate([first, self.coords[vertex[inner]], last])
        order = np.lexsort((order_key, piece_ids))
        out[part] = shapely.linestrings(coords[order], indices=piece_ids[order])
        return out


def _distance_along(coords: np.ndarray, ptr: np.ndarray) -> np.ndarray:
    """Running sum of the vertex-to-vertex distances, restarting (a step of 0) at each line."""
    step = np.zeros(coords.shape[0])
    for lo in range(1, coords.shape[0], _CHUNK):  # in chunks: no whole-array temporaries
        hi = min(lo + _CHUNK, coords.shape[0])
        np.hypot(
            coords[lo:hi, 0] - coords[lo - 1 : hi - 1, 0],
            coords[lo:hi, 1] - coords[lo - 1 : hi - 1, 1],
            out=step[lo:hi],
        )
    step[ptr[:-1][ptr[:-1] < coords.shape[0]]] = 0.0  # first vertex of each line
    return np.cumsum(step, out=step)
