"""People inside polygons: the weights of the demand points each polygon contains."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.reach.snap import Points, points_xy


def people_in_polygons(
    polygons: gpd.GeoDataFrame | gpd.GeoSeries,
    points: Points,
    weights: Sequence[float] | np.ndarray | pd.Series | str,
) -> pd.Series:
    """Sum the weights of the points inside (or on the edge of) each polygon.

    Parameters
    ----------
    polygons
        Polygons in any CRS (e.g. the output of
        :func:`~servicecircle.isochrones.isochrones_from_sites`).
    points
        Demand points in any CRS (polygons count by their centroid).
    weights
        People per point: an array aligned to ``points``, or the name of a
        column of ``points``.

    Returns
    -------
    pandas.Series
        Float ``people`` per polygon, indexed like ``polygons``.
    """
    series = polygons.geometry if isinstance(polygons, gpd.GeoDataFrame) else polygons
    if series.crs is None:
        raise InputDataError(msg("msg.isochrones.polygons_no_crs"))
    if isinstance(weights, str):
        if not isinstance(points, gpd.GeoDataFrame) or weights not in points.columns:
            raise InputDataError(msg("msg.isochrones.no_people_column", column=weights))
        values = points[weights].to_numpy(dtype=np.float64, na_value=0.0)
    else:
        values = np.asarray(weights, dtype=np.float64)
    if values.shape != (len(points),):
        raise InputDataError(msg("msg.isochrones.weights", weights=values.size, points=len(points)))
    _, xy = points_xy(points, series.crs)
    ok = np.flatnonzero(np.isfinite(xy).all(axis=1))
    total = np.zeros(len(series))
    if ok.size and len(series):
        tree = shapely.STRtree(np.asarray(shapely.points(xy[ok])))
        poly_idx, pt_idx = tree.query(series.to_numpy(), predicate="intersects")
        np.add.at(total, poly_idx, np.nan_to_num(values[ok[pt_idx]]))
    return pd.Series(total, index=series.index, name="people")
