"""Small, escaped GeoJSON for folium layers: simplified, rounded, text escaped."""

from __future__ import annotations

import html
import logging
import math
from collections.abc import Mapping, Sequence
from typing import Any, Final, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from servicecircle.inputs.crs import WGS84

logger = logging.getLogger(__name__)

DEGREES_PER_METRE: Final = 1.0 / 111_320.0

NETWORK_SIMPLIFY_M: Final = 2.0
"""Tolerance (metres) the road network is simplified with on the web maps."""
NETWORK_PRECISION: Final = 5
"""Decimals kept in the road network's coordinates on the web maps (about 1 m)."""


def escape_text(value: object) -> str:
    """Return ``value`` as HTML-escaped text; missing values become ``""``.

    Whole floats lose their ``.0``; other floats keep up to 2 decimals.
    """
    if value is None:
        return ""
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return ""
        if float(value).is_integer():
            return str(int(value))
        return f"{float(value):.2f}".rstrip("0").rstrip(".")
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return ""
    except (TypeError, ValueError):
        pass
    return html.escape(str(value), quote=True)


def _geometries(frame: gpd.GeoDataFrame, *, simplify_m: float | None, precision: int) -> np.ndarray:
    if frame.crs is not None and not frame.crs.equals(WGS84):
        frame = frame.to_crs(WGS84)
    geoms = np.asarray(frame.geometry.array, dtype=object)
    if simplify_m:
        geoms = shapely.simplify(geoms, simplify_m * DEGREES_PER_METRE, preserve_topology=True)
    return shapely.transform(geoms, lambda xy: np.round(xy, precision))


def features_from_frame(
    frame: gpd.GeoDataFrame,
    properties: Mapping[str, Sequence[Any] | pd.Series] | None = None,
    *,
    simplify_m: float | None = None,
    precision: int = 6,
) -> dict[str, Any]:
    """Return a small GeoJSON FeatureCollection for the rows of ``frame``.

    Parameters
    ----------
    frame
        Geometries (any CRS; converted to WGS-84). Not modified.
    properties
        Property name -> values aligned with ``frame`` rows. Values are put in
        as given; escape untrusted text with :func:`escape_text` first.
    simplify_m
        Simplify geometries with this tolerance in metres (approximate).
    precision
        Decimals kept in coordinates (6 ≈ 0.1 m).

    Returns
    -------
    dict
        FeatureCollection; rows with empty or missing geometry are left out.
    """
    geoms = _geometries(frame, simplify_m=simplify_m, precision=precision)
    props = {k: list(v) for k, v in (properties or {}).items()}
    for key, values in props.items():
        if len(values) != len(geoms):
            raise ValueError(f"property {key!r} has {len(values)} values for {len(geoms)} rows")
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    features = [
        {
            "type": "Feature",
            "id": str(i),
            "properties": {k: v[i] for k, v in props.items()},
            "geometry": shapely.geometry.mapping(geoms[i]),
        }
        for i in np.flatnonzero(keep)
    ]
    return {"type": "FeatureCollection", "features": features}


def merged_feature(
    frame: gpd.GeoDataFrame, *, simplify_m: float | None, precision: int
) -> dict[str, Any]:
    """One feature holding all geometries (no per-feature overhead)."""
    geoms = _geometries(frame, simplify_m=simplify_m, precision=precision)
    geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    parts = shapely.get_parts(geoms)
    kinds = set(shapely.get_type_id(parts).tolist())
    if kinds <= {1, 2}:
        geometry = _multilinestring(parts[shapely.get_type_id(parts) == 1])
    else:
        # One geometry from a 1-d array of parts (the stubs allow an array of them, too).
        merged = cast(
            "BaseGeometry",
            shapely.multipolygons(parts) if kinds <= {3} else shapely.geometrycollections(parts),
        )
        geometry = shapely.geometry.mapping(merged)
    features = []
    if len(parts):
        features.append({"type": "Feature", "id": "0", "properties": {}, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def _multilinestring(lines: np.ndarray) -> dict[str, Any]:
    """The GeoJSON MultiLineString of ``lines`` (LineStrings), its coordinates as lists.

    The same JSON as ``shapely.geometry.mapping`` of their MultiLineString, in
    half the time on a district's roads (one coordinate array split, not a
    tuple built per vertex).
    """
    coords = shapely.get_coordinates(lines)
    ends = np.cumsum(shapely.get_num_coordinates(lines))[:-1]
    return {"type": "MultiLineString", "coordinates": [c.tolist() for c in np.split(coords, ends)]}


def network_feature(edges: gpd.GeoDataFrame) -> dict[str, Any]:
    """The road network's GeoJSON for the web maps (compute once and pass it as ``data``)."""
    return merged_feature(edges, simplify_m=NETWORK_SIMPLIFY_M, precision=NETWORK_PRECISION)
