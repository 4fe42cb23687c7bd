"""Clip a study area to a boundary polygon (a township or a county)."""

from __future__ import annotations

import dataclasses
import logging

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from servicecircle.errors import InputDataError
from servicecircle.sources.area import StudyArea

logger = logging.getLogger(__name__)


def _within(frame: gpd.GeoDataFrame, polygon: BaseGeometry) -> gpd.GeoDataFrame:
    points = shapely.point_on_surface(frame.geometry.to_numpy())
    return frame[shapely.contains(polygon, points)]


def clip_area(area: StudyArea, boundary: BaseGeometry, *, name: str | None = None) -> StudyArea:
    """Return a new study area holding only what lies inside ``boundary``.

    Road segments are kept whole when they touch the boundary so that the
    network stays routable up to its edge; buildings and premises are kept
    when their inside point is within; land use is cut to the boundary;
    administrative units are kept when they overlap it.

    Parameters
    ----------
    area
        The study area (not modified).
    boundary
        A polygon in WGS-84.
    name
        New display name; defaults to the old one.

    Raises
    ------
    InputDataError
        If the boundary is not polygonal or leaves no roads.
    """
    if boundary.geom_type not in ("Polygon", "MultiPolygon") or boundary.is_empty:
        raise InputDataError(
            f"The boundary is a {boundary.geom_type}, not an area. Use a polygon layer "
            "(a township or county outline)."
        )
    boundary = shapely.make_valid(boundary)
    shapely.prepare(boundary)
    edges = area.edges[shapely.intersects(boundary, area.edges.geometry.to_numpy())]
    if len(edges) == 0:
        raise InputDataError(
            "The boundary does not overlap the study area's roads. Check that the boundary "
            "is in the right place and coordinate system."
        )
    used = np.union1d(edges["u"].to_numpy(), edges["v"].to_numpy())
    landuse = area.landuse[shapely.intersects(boundary, area.landuse.geometry.to_numpy())]
    landuse = landuse.assign(geometry=shapely.intersection(landuse.geometry.to_numpy(), boundary))
    landuse = landuse[landuse.geom_type.isin(("Polygon", "MultiPolygon"))]
    boundaries = area.boundaries[shapely.intersects(boundary, area.boundaries.geometry.to_numpy())]
    clipped = dataclasses.replace(
        area,
        name=name or area.name,
        nodes=area.nodes.loc[area.nodes.index.intersection(used)],
        edges=edges.reset_index(drop=True),
        buildings=_within(area.buildings, boundary).reset_index(drop=True),
        landuse=landuse.reset_index(drop=True),
        premises=_within(area.premises, boundary).reset_index(drop=True),
        boundaries=boundaries.reset_index(drop=True),
        notes=(*area.notes, "Clipped to a boundary polygon; road segments crossing it kept whole."),
    )
    logger.info("clipped %s to %d of %d edges", area.name, len(edges), len(area.edges))
    return clipped
