"""Clip a study area to a boundary polygon (a township or a county).

The boundary becomes the study extent (:attr:`StudyArea.extent`): buildings,
land use and premises are cut to it, while roads are kept up to
:data:`ROAD_MARGIN_M` beyond it, so that people near the edge still reach an
outlet along a road that runs outside before it comes back in.
"""

from __future__ import annotations

import dataclasses
import logging

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import StudyArea, utm_crs_for
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.files.raw import geometry_type_name
from servicecircle.inputs.roads import RoadTable

logger = logging.getLogger(__name__)

ROAD_MARGIN_M = 1_000.0
"""Roads are kept this far (metres) beyond a boundary or an online download's polygon."""


def widened(polygon: BaseGeometry, margin_m: float) -> BaseGeometry:
    """``polygon`` (WGS-84) grown by ``margin_m`` metres, measured in its local UTM zone.

    Parameters
    ----------
    polygon
        A polygon in WGS-84.
    margin_m
        Metres to add all round; 0 or less returns the polygon unchanged.

    Returns
    -------
    shapely geometry
        The grown polygon, in WGS-84.
    """
    if margin_m <= 0 or polygon.is_empty:
        return polygon
    centre = polygon.centroid
    local = utm_crs_for(centre.x, centre.y)
    series = gpd.GeoSeries([polygon], crs=WGS84).to_crs(local).buffer(margin_m, resolution=8)
    grown: BaseGeometry = series.to_crs(WGS84).iloc[0]
    return grown


def _within(frame: gpd.GeoDataFrame, polygon: BaseGeometry) -> gpd.GeoDataFrame:
    points = shapely.point_on_surface(frame.geometry.to_numpy())
    return frame[shapely.contains(polygon, points)]


def clip_area(
    area: StudyArea,
    boundary: BaseGeometry,
    *,
    name: str | None = None,
    road_margin_m: float = ROAD_MARGIN_M,
) -> StudyArea:
    """Return a new study area holding only what lies inside ``boundary``.

    Road segments are kept whole when they come within ``road_margin_m`` of
    the boundary, so that routes may leave it and come back; buildings and
    premises are kept when their inside point is within; land use is cut to
    the boundary; administrative units are kept when they overlap it. The
    new study extent is the boundary, cut to the old extent.

    Parameters
    ----------
    area
        The study area (not modified).
    boundary
        A polygon in WGS-84.
    name
        New display name; defaults to the old one.
    road_margin_m
        How far beyond the boundary roads are kept (metres).

    Raises
    ------
    InputDataError
        If the boundary is not polygonal or leaves no roads.
    """
    if boundary.geom_type not in ("Polygon", "MultiPolygon") or boundary.is_empty:
        raise InputDataError(
            msg("msg.inputs.boundary_not_area", kind=geometry_type_name(boundary.geom_type))
        )
    boundary = shapely.make_valid(boundary)
    shapely.prepare(boundary)
    all_edges = area.edges
    if not shapely.intersects(boundary, all_edges.geometry.to_numpy()).any():
        raise InputDataError(msg("msg.inputs.boundary_no_overlap"))
    road_zone = widened(boundary, road_margin_m)
    shapely.prepare(road_zone)
    edges = all_edges[shapely.intersects(road_zone, all_edges.geometry.to_numpy())]
    del all_edges
    used = np.union1d(edges["u"].to_numpy(), edges["v"].to_numpy())
    nodes = area.nodes
    roads = RoadTable.from_layers(
        nodes.loc[nodes.index.intersection(used)], edges.reset_index(drop=True)
    )
    extent = shapely.intersection(boundary, area.extent)
    extent = extent if extent.geom_type in ("Polygon", "MultiPolygon") else boundary
    landuse = area.landuse[shapely.intersects(boundary, area.landuse.geometry.to_numpy())]
    landuse = landuse.assign(geometry=shapely.intersection(landuse.geometry.to_numpy(), boundary))
    landuse = landuse[landuse.geom_type.isin(("Polygon", "MultiPolygon"))]
    boundaries = area.boundaries[shapely.intersects(boundary, area.boundaries.geometry.to_numpy())]
    clipped = dataclasses.replace(
        area,
        name=name or area.name,
        roads=roads,
        buildings=_within(area.buildings, boundary).reset_index(drop=True),
        landuse=landuse.reset_index(drop=True),
        premises=_within(area.premises, boundary).reset_index(drop=True),
        boundaries=boundaries.reset_index(drop=True),
        notes=(
            *area.notes,
            msg("msg.inputs.clipped_note", margin=road_margin_m),
        ),
        extent=extent,
        extent_basis="boundary",
    )
    logger.info("clipped %s to %d of %d edges", area.name, len(roads), len(area.roads))
    return clipped
