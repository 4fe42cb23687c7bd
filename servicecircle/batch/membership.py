"""Which region a point belongs to: exactly one, also on a shared border.

A point strictly inside a region belongs to it. A point on a region's
outline (a demand unit on the line between two counties) belongs to the
region that holds the point moved a tiny step north-east (:data:`NUDGE_DEG`
east, a third of that north): of regions that tile the plane without
overlapping, exactly one holds that point, so every point on a shared
border belongs to one region, decided by each region alone without knowing
its neighbours. Points outside every region belong to none.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

NUDGE_DEG = 1e-9
"""The step (degrees, about 0.1 mm) a point on an outline is moved to decide its region."""


def in_region(x: npt.ArrayLike, y: npt.ArrayLike, region: BaseGeometry) -> npt.NDArray[np.bool_]:
    """Whether each point ``(x, y)`` (WGS-84) belongs to ``region`` by the border rule.

    Parameters
    ----------
    x, y
        Longitudes and latitudes of the points.
    region
        The region's polygon (WGS-84).

    Returns
    -------
    numpy.ndarray
        bool per point.

    Examples
    --------
    Two squares sharing the line x = 1: a point on it belongs to the east one.

    >>> from shapely import box
    >>> west, east = box(0, 0, 1, 1), box(1, 0, 2, 1)
    >>> in_region([0.5, 1.0, 1.5], [0.5, 0.5, 0.5], west).tolist()
    [True, False, False]
    >>> in_region([0.5, 1.0, 1.5], [0.5, 0.5, 0.5], east).tolist()
    [False, True, True]
    """
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    shapely.prepare(region)
    inside = shapely.contains_xy(region, xs, ys)
    on_line = shapely.intersects_xy(region.boundary, xs, ys)
    if on_line.any():
        nudged = shapely.contains_xy(region, xs[on_line] + NUDGE_DEG, ys[on_line] + NUDGE_DEG / 3.0)
        inside[on_line] = nudged
    return np.asarray(inside, dtype=bool)


def points_in_region(geoms: npt.ArrayLike, region: BaseGeometry) -> npt.NDArray[np.bool_]:
    """Whether each geometry's representative point belongs to ``region``.

    A point is itself; any other geometry is represented by a point on its
    surface (:func:`shapely.point_on_surface`). Empty geometries belong to no
    region.
    """
    array = np.asarray(geoms, dtype=object)
    if array.size == 0:
        return np.zeros(0, dtype=bool)
    points = shapely.point_on_surface(array)
    present = ~(shapely.is_missing(points) | shapely.is_empty(points))
    xs = np.full(array.size, np.nan)
    ys = np.full(array.size, np.nan)
    xs[present] = shapely.get_x(points[present])
    ys[present] = shapely.get_y(points[present])
    return in_region(xs, ys, region) & present
