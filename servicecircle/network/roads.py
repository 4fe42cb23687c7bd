"""The study area's own roads as a small map layer: the base of maps without a basemap.

:func:`map_roads` turns the ``edges`` of a :class:`~servicecircle.inputs.area.StudyArea`
(one row per segment between junctions, thousands of them) into the ``roads``
layer of ``analysis.gpkg``: one row per named road and class, simplified, so a
print map offline still shows the streets and their names.

The rule (what is kept)
-----------------------
* every segment of a *main* road (:data:`MAIN_CLASSES`: motorway, trunk,
  primary, secondary, tertiary and their ``_link`` ramps), named or not;
* every *named* segment of any other class (a named lane, a named pedestrian
  street);
* unnamed *local streets* (:data:`LOCAL_CLASSES`: residential, unclassified,
  living street, road), the street grid between the main roads;
* everything else unnamed is dropped: service ways, driveways, parking
  aisles, footways, paths, steps, cycleways, tracks, corridors.

Kept segments within ``margin_m`` of the study extent are joined per
(``name``, ``highway``) and simplified to ``tolerance_m`` in the local metric
CRS; the layer is in WGS-84 with the columns ``name`` (missing when unnamed),
``highway`` (the OSM class) and ``geometry`` (MultiLineString), main roads first.
"""

from __future__ import annotations

from typing import Final

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from servicecircle.inputs.crs import WGS84

MAIN_CLASSES: Final[tuple[str, ...]] = (
    "motorway",
    "trunk",
    "primary",
    "secondary",
    "tertiary",
)
"""Road classes kept named or not (their ``_link`` ramps too), most important first."""

LOCAL_CLASSES: Final[frozenset[str]] = frozenset(
    {"residential", "unclassified", "living_street", "road"}
)
"""Local street classes kept even when unnamed."""

ROAD_COLUMNS: Final[tuple[str, ...]] = ("name", "highway", "geometry")
"""Columns of the ``roads`` layer."""


def road_class(highway: object) -> str:
    """The main class of an OSM ``highway`` value (``primary_link`` -> ``primary``).

    >>> road_class("primary_link"), road_class("footway"), road_class(None)
    ('primary', 'footway', '')
    """
    if not isinstance(highway, str):
        return ""
    return highway.removesuffix("_link")


def road_weight(highway: object) -> int:
    """How important a road is on a map: 0 (local) to 5 (motorway).

    >>> road_weight("motorway"), road_weight("tertiary_link"), road_weight("residential")
    (5, 1, 0)
    """
    kind = road_class(highway)
    if kind in MAIN_CLASSES:
        return len(MAIN_CLASSES) - MAIN_CLASSES.index(kind)
    return 0


def empty_roads() -> gpd.GeoDataFrame:
    """A ``roads`` layer without rows."""
    return gpd.GeoDataFrame({"name": [], "highway": []}, geometry=[], crs=WGS84)


def _names(edges: gpd.GeoDataFrame) -> pd.Series:
    if "name" not in edges.columns:
        return pd.Series([None] * len(edges), index=edges.index, dtype=object)
    names = edges["name"].map(lambda v: v.strip() if isinstance(v, str) else "")
    kept: pd.Series = names.where(names != "", None)
    return kept


def kept_roads(edges: gpd.GeoDataFrame) -> npt.NDArray[np.bool_]:
    """Mask of the segments :func:`map_roads` keeps (the rule of the module docstring)."""
    highway = edges["highway"] if "highway" in edges.columns else pd.Series("", index=edges.index)
    kind = highway.map(road_class)
    named = _names(edges).notna()
    main = kind.isin(MAIN_CLASSES)
    local = kind.isin(LOCAL_CLASSES)
    return np.asarray(main | named | local, dtype=bool)


def map_roads(
    edges: gpd.GeoDataFrame,
    *,
    extent: BaseGeometry | None = None,
    margin_m: float = 300.0,
    tolerance_m: float = 5.0,
) -> gpd.GeoDataFrame:
    """The ``roads`` layer of a study area's ``edges`` (see the module docstring).

    Parameters
    ----------
    edges
        The study area's ``edges`` layer (``highway``, ``name``, LineStrings).
    extent
        The study extent (WGS-84); roads farther than ``margin_m`` from it are
        left out. ``None`` keeps them all.
    margin_m
        Metres of road kept around the extent.
    tolerance_m
        Simplification tolerance, metres (Douglas-Peucker, topology kept).

    Returns
    -------
    geopandas.GeoDataFrame
        WGS-84, :data:`ROAD_COLUMNS`, one row per (name, highway), main roads first.
    """
    if edges is None or len(edges) == 0:
        return empty_roads()
    edges = edges[edges.geometry.notna() & ~edges.geometry.is_empty]
    kept = edges[kept_roads(edges)]
    if kept.empty:
        return empty_roads()
    crs = kept.estimate_utm_crs()
    local = kept.to_crs(crs)
    if extent is not None and not extent.is_empty:
        zone = gpd.GeoSeries([extent], crs=WGS84).to_crs(crs).iloc[0].buffer(margin_m)
        local = local[local.intersects(zone)]
    frame = pd.DataFrame(
        {
            "name": _names(local).fillna("").to_numpy(),
            "highway": local["highway"].fillna("").astype(str).to_numpy(),
            "geometry": local.geometry.to_numpy(),
        }
    )
    rows = []
    for (name, highway), group in frame.groupby(["name", "highway"], sort=False):
        joined = shapely.line_merge(shapely.union_all(group["geometry"].to_numpy()))
        line = shapely.simplify(joined, tolerance_m, preserve_topology=True)
        if line.geom_type == "LineString":  # one geometry type for the whole layer
            line = shapely.MultiLineString([line])
        rows.append({"name": name or None, "highway": highway or None, "geometry": line})
    if not rows:
        return empty_roads()
    roads = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs).to_crs(WGS84)
    weight = roads["highway"].map(road_weight)
    order = np.lexsort((roads["name"].fillna("").to_numpy(), -weight.to_numpy()))
    return roads.iloc[order].reset_index(drop=True)
