"""Vectorised pieces of LineStrings (shapely 2 has no array ``substring``)."""

from __future__ import annotations

import numpy as np
import shapely


class LineTable:
    """Coordinates of many LineStrings with normalised positions of their vertices.

    Parameters
    ----------
    lines
        Object array of LineStrings.
    """

    def __init__(self, lines: np.ndarray) -> None:
        coords, owner = shapely.get_coordinates(lines, return_index=True)
        self.lines = lines
        self.coords = coords
        self.ptr = np.zeros(lines.shape[0] + 1, dtype=np.int64)
        np.cumsum(np.bincount(owner, minlength=lines.shape[0]), out=self.ptr[1:])
        step = np.zeros(coords.shape[0])
        if coords.shape[0] > 1:
            step[1:] = np.hypot(*(coords[1:] - coords[:-1]).T)
        step[self.ptr[:-1][self.ptr[:-1] < coords.shape[0]]] = 0.0  # first vertex of each line
        along = np.cumsum(step)
        start = along[np.minimum(self.ptr[:-1], max(coords.shape[0] - 1, 0))]
        along -= np.repeat(start, np.diff(self.ptr))
        total = np.repeat(shapely.length(lines), np.diff(self.ptr))
        with np.errstate(invalid="ignore", divide="ignore"):
            self.position = np.where(total > 0, along / total, 0.0)

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
        out[whole] = self.lines[line[whole]]
        part = np.flatnonzero(~whole)
        if part.size == 0:
            return out
        pl, ps, pe = line[part], start[part], end[part]
        geoms = self.lines[pl]
        first = shapely.get_coordinates(shapely.line_interpolate_point(geoms, ps, normalized=True))
        last = shapely.get_coordinates(shapely.line_interpolate_point(geoms, pe, normalized=True))
        counts = np.diff(self.ptr)[pl]
        total = int(counts.sum())
        piece = np.repeat(np.arange(part.size), counts)
        vertex = np.repeat(self.ptr[pl] - np.cumsum(counts) + counts, counts) + np.arange(total)
        position = self.position[vertex]
        inner = (position > ps[piece]) & (position < pe[piece])
        piece_ids = np.concatenate([np.arange(part.size), piece[inner], np.arange(part.size)])
        order_key = np.concatenate(
            [np.full(part.size, -1.0), position[inner], np.full(part.size, 2.0)]
        )
        coords = np.concatenate([first, self.coords[vertex[inner]], last])
        order = np.lexsort((order_key, piece_ids))
        out[part] = shapely.linestrings(coords[order], indices=piece_ids[order])
        return out
