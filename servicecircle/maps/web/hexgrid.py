"""Aggregate points into a hexagon grid for display (e.g. minutes to the nearest outlet)."""

from __future__ import annotations

import logging
import math
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle.inputs.crs import WGS84

logger = logging.getLogger(__name__)

_SQRT3 = math.sqrt(3.0)


def _axial(x: np.ndarray, y: np.ndarray, size: float) -> tuple[np.ndarray, np.ndarray]:
    """Axial coordinates of the pointy-top hexagons (circumradius ``size``) holding x, y."""
    q = (_SQRT3 / 3.0 * x - y / 3.0) / size
    r = (2.0 / 3.0 * y) / size
    # cube rounding
    cx, cz = q, r
    cy = -cx - cz
    rx, ry, rz = np.round(cx), np.round(cy), np.round(cz)
    dx, dy, dz = np.abs(rx - cx), np.abs(ry - cy), np.abs(rz - cz)
    fix_x = (dx > dy) & (dx > dz)
    fix_y = ~fix_x & (dy > dz)
    rx = np.where(fix_x, -ry - rz, rx)
    ry = np.where(fix_y, -rx - rz, ry)
    rz = np.where(~fix_x & ~fix_y, -rx - ry, rz)
    return rx.astype(np.int64), rz.astype(np.int64)


def _hexagon(q: int, r: int, size: float) -> shapely.Polygon:
    cx = size * _SQRT3 * (q + r / 2.0)
    cy = size * 1.5 * r
    angles = np.deg2rad(np.arange(6) * 60.0 + 30.0)
    return shapely.Polygon(
        np.column_stack([cx + size * np.cos(angles), cy + size * np.sin(angles)])
    )


def hexagons_from_points(
    points: gpd.GeoDataFrame,
    value_column: str,
    *,
    weight_column: str | None = None,
    size_m: float = 150.0,
    crs: Any = None,
) -> gpd.GeoDataFrame:
    """Average a value over the points in each hexagon of a regular grid.

    Parameters
    ----------
    points
        Points (polygons are taken at their representative point); not modified.
    value_column
        Numeric values; NaN or infinite values count as "no value" (e.g.
        unreachable demand).
    weight_column
        Weights for the average (e.g. people); equal weights if ``None``.
    size_m
        Hexagon circumradius in metres.
    crs
        Metric CRS for the grid; default: the points' estimated UTM zone.

    Returns
    -------
    geopandas.GeoDataFrame
        One hexagon per occupied cell, WGS-84: ``value`` (weighted mean of
        the finite values; NaN when the cell's weight is mostly without a
        value), ``weight`` (total), ``count`` (points), ``missing_share``
        (weight share without a value).
    """
    columns = ["value", "weight", "count", "missing_share"]
    if len(points) == 0:
        return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=WGS84)
    metric_crs = crs if crs is not None else points.estimate_utm_crs()
    metric = points.to_crs(metric_crs)
    geoms = metric.geometry
    if not bool((geoms.geom_type == "Point").all()):
        geoms = geoms.representative_point()
    x, y = geoms.x.to_numpy(float), geoms.y.to_numpy(float)
    q, r = _axial(x, y, size_m)
    values = pd.to_numeric(points[value_column], errors="coerce").to_numpy(float)
    weights = (
        pd.to_numeric(points[weight_column], errors="coerce").fillna(0.0).to_numpy(float)
        if weight_column is not None
        else np.ones(len(points))
    )
    finite = np.isfinite(values)
    table = pd.DataFrame(
        {
            "q": q,
            "r": r,
            "w": weights,
            "wv": np.where(finite, values * weights, 0.0),
            "wf": np.where(finite, weights, 0.0),
            "n": 1,
        }
    )
    cells = table.groupby(["q", "r"], sort=True).sum()
    weight = cells["w"].to_numpy(float)
    with_value = cells["wf"].to_numpy(float)
    missing_share = np.where(weight > 0, 1.0 - with_value / np.where(weight > 0, weight, 1), 0.0)
    mean = np.where(
        with_value > 0,
        cells["wv"].to_numpy(float) / np.where(with_value > 0, with_value, 1),
        np.nan,
    )
    mean = np.where(missing_share > 0.5, np.nan, mean)
    polygons = [_hexagon(int(a), int(b), size_m) for a, b in cells.index]
    frame = gpd.GeoDataFrame(
        {
            "value": mean,
            "weight": weight,
            "count": cells["n"].to_numpy(int),
            "missing_share": missing_share,
        },
        geometry=polygons,
        crs=metric_crs,
    )
    return frame.to_crs(WGS84)
