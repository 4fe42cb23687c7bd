"""Areas (land use, relocation, industrial) and the access points that represent them."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from servicecircle.demand.counts import checked_people, people_column
from servicecircle.demand.settings import MUST_COVER_CLASSES
from servicecircle.demand.units import AREA_COLUMNS, empty_units, make_units
from servicecircle.errors import InputDataError


def grid_points_in(polygon: Any, spacing: float) -> np.ndarray:
    """Return points on a regular grid inside ``polygon`` (metric), at least one.

    The grid is offset by half a spacing so that small areas get their
    inside point instead of an empty grid.
    """
    west, south, east, north = polygon.bounds
    xs = np.arange(west + spacing / 2, east, spacing)
    ys = np.arange(south + spacing / 2, north, spacing)
    if len(xs) and len(ys):
        gx, gy = np.meshgrid(xs, ys)
        candidates = np.asarray(shapely.points(gx.ravel(), gy.ravel()))
        inside = candidates[shapely.contains_xy(polygon, gx.ravel(), gy.ravel())]
        if len(inside):
            return np.asarray(inside)
    return np.array([shapely.point_on_surface(polygon)])


def landuse_class_at(points: np.ndarray, landuse: gpd.GeoDataFrame) -> np.ndarray:
    """Land-use class containing each point (``None`` where none; smallest area wins)."""
    result = np.full(len(points), None, dtype=object)
    if len(landuse) == 0 or len(points) == 0:
        return result
    order = np.argsort(-landuse.geometry.area.to_numpy())  # big first, small overwrite
    tree = shapely.STRtree(landuse.geometry.to_numpy())
    point_idx, poly_idx = tree.query(points, predicate="within")
    rank = np.empty(len(order), dtype=int)
    rank[order] = np.arange(len(order))
    sort = np.argsort(rank[poly_idx])
    classes = landuse["landuse"].to_numpy()
    result[point_idx[sort]] = classes[poly_idx[sort]]
    return result


def area_units(
    areas: gpd.GeoDataFrame, spacing: float, *, source: str
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Spread each area's people over its access points (metric CRS in and out)."""
    pieces = []
    rows = zip(
        areas.geometry,
        areas["class"],
        areas["people"],
        areas["area_id"],
        areas["name"],
        strict=True,
    )
    for geometry, cls, people, area_id, name in rows:
        points = grid_points_in(geometry, spacing)
        pieces.append(
            make_units(
                points,
                cls=str(cls),
                source=source,
                people=np.full(len(points), float(people) / len(points)),
                area_id=np.full(len(points), area_id),
                name=np.full(len(points), name, dtype=object),
                crs=areas.crs,
            )
        )
    units = pd.concat(pieces, ignore_index=True) if pieces else empty_units(areas.crs)
    return gpd.GeoDataFrame(units, geometry="geometry", crs=areas.crs), areas


def populated_parts(
    polygons: gpd.GeoDataFrame, edges: gpd.GeoDataFrame, distance: float, spacing: float
) -> tuple[gpd.GeoDataFrame, float]:
    """Cut polygons to the grid cells within ``distance`` of a road.

    Each polygon is divided into square cells of side ``spacing``; cells
    whose centre has no road within ``distance`` are removed.

    Returns
    -------
    tuple
        The trimmed polygons (empty ones dropped) and the hectares cut off.
    """
    if len(polygons) == 0:
        return polygons, 0.0
    tree = shapely.STRtree(edges.geometry.to_numpy())
    kept, cut = [], 0.0
    half = spacing / 2.0
    for geometry in polygons.geometry.to_numpy():
        centres = grid_points_in(geometry, spacing)
        near, _ = tree.query_nearest(centres, max_distance=distance, return_distance=True)
        reached = np.zeros(len(centres), dtype=bool)
        reached[near[0]] = True
        if reached.all():
            part = geometry
        elif not reached.any():
            part = shapely.Polygon()
        else:
            xy = shapely.get_coordinates(centres[reached])
            cells = shapely.box(xy[:, 0] - half, xy[:, 1] - half, xy[:, 0] + half, xy[:, 1] + half)
            part = shapely.intersection(geometry, shapely.union_all(cells))
        cut += (geometry.area - part.area) / 10_000.0
        kept.append(part)
    trimmed = polygons.assign(geometry=kept)
    trimmed = trimmed[~trimmed.geometry.is_empty & (trimmed.geometry.area > 1.0)]
    return trimmed, cut


def planner_areas(
    layer: gpd.GeoDataFrame | None,
    *,
    cls: str,
    per_ha: float,
    crs: pyproj.CRS,
    first_id: int,
    what: str,
) -> gpd.GeoDataFrame:
    """Planner polygons -> areas with people from an attribute, else area × density."""
    if layer is None or len(layer) == 0:
        return gpd.GeoDataFrame(
            {c: [] for c in AREA_COLUMNS if c != "geometry"}, geometry=[], crs=crs
        )
    if layer.crs is None:
        raise InputDataError(f"The {what} layer has no coordinate system; state it when loading.")
    polygons = layer[layer.geom_type.isin(("Polygon", "MultiPolygon"))]
    if len(polygons) != len(layer):
        raise InputDataError(
            f"The {what} layer must hold areas (polygons); {len(layer) - len(polygons)} of its "
            f"{len(layer)} features are not polygons. Draw or upload the outline of each area."
        )
    metric = polygons.to_crs(crs)
    estimate = metric.geometry.area.to_numpy() / 10_000.0 * per_ha
    column = people_column(polygons)
    people = estimate
    if column is not None:
        given = checked_people(polygons, column, what=f"{what}s", blank_allowed=True)
        people = np.where(np.isfinite(given), given, estimate)
    names = (
        polygons["name"].astype(object).to_numpy()
        if "name" in polygons.columns
        else np.array([f"{what} {i + 1}" for i in range(len(polygons))], dtype=object)
    )
    return gpd.GeoDataFrame(
        {
            "area_id": np.arange(first_id, first_id + len(polygons), dtype="int64"),
            "class": cls,
            "name": names,
            "people": people.astype(float),
            "must_cover": cls in MUST_COVER_CLASSES,
        },
        geometry=metric.geometry.to_numpy(),
        crs=crs,
    )
