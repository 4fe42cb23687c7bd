"""Download a study area through osmnx (Overpass and Nominatim).

Every online request goes through one polygon: a place name is geocoded to
its boundary, a bounding box becomes a rectangle, a boundary file is read as
is. Before Overpass is asked for anything, the polygon's area on the
ellipsoid is checked against the server's ``download_km2`` limit, so a
``place:China`` or a continent-sized ``bbox:`` never starts a download.
Without internet the user gets :class:`~servicecircle.errors.OfflineError`
saying to use a local extract instead.
"""

from __future__ import annotations

import logging

import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from servicecircle._progress import Progress, null_progress
from servicecircle.errors import InputDataError, OfflineError
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.clip import ROAD_MARGIN_M, widened
from servicecircle.inputs.data_date import downloaded_today
from servicecircle.inputs.files.raw import geometry_type_name
from servicecircle.inputs.osm_graph import (
    FEATURE_TAGS,
    area_from_graph_and_features,
    edge_tags_kept,
    simplify_roads,
)
from servicecircle.limits import Limits, current_limits

logger = logging.getLogger(__name__)


ROADS_FILTER = (
    '["highway"]["area"!~"yes"]'
    '["highway"!~"abandoned|construction|no|planned|platform|proposed|raceway|razed"]'
)


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """Parse ``"W,S,E,N"`` in degrees, checking order and range.

    Raises
    ------
    InputDataError
        When the text is not four numbers in the right order and range.
    """
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError as error:
        raise InputDataError(msg("msg.inputs.bbox_not_numbers", text=text)) from error
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise InputDataError(msg("msg.inputs.bbox_order", text=text))
    return west, south, east, north


def geodesic_km2(polygon: BaseGeometry) -> float:
    """The area of a WGS-84 polygon on the WGS-84 ellipsoid, in km²."""
    import pyproj

    area_m2, _ = pyproj.Geod(ellps="WGS84").geometry_area_perimeter(polygon)
    return abs(float(area_m2)) / 1e6


def check_download_area(polygon: BaseGeometry, *, name: str, limits: Limits | None = None) -> float:
    """Refuse a study area larger than the server's ``download_km2`` limit.

    Returns
    -------
    float
        The area in km².

    Raises
    ------
    ResourceLimitError
        When the area is over the limit; the message names both and suggests a
        smaller area or a local ``.osm.pbf`` extract.
    """
    limits = limits or current_limits()
    km2 = geodesic_km2(polygon)
    if km2 > limits.download_km2:
        raise limits.exceeded(
            "download_km2",
            msg("msg.inputs.download_too_large", name=name, km2=km2),
            found=msg("msg.inputs.advice.smaller_area"),
        )
    return km2


def polygon_from_place(name: str) -> BaseGeometry:
    """Geocode a place name to its boundary polygon with Nominatim."""
    import osmnx as ox
    import requests

    try:
        places = ox.geocode_to_gdf(name)
    except requests.exceptions.RequestException as error:
        raise OfflineError(msg("msg.inputs.offline", error=type(error).__name__)) from error
    except (ox._errors.InsufficientResponseError, TypeError, ValueError) as error:
        raise InputDataError(msg("msg.inputs.place_not_found", name=name)) from error
    geometry: BaseGeometry = places.geometry.iloc[0]
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        kind = geometry_type_name(geometry.geom_type)
        raise InputDataError(msg("msg.inputs.place_not_area", kind=kind, name=name))
    return geometry


def area_from_polygon(
    polygon: BaseGeometry,
    *,
    name: str,
    source: str,
    progress: Progress | None = None,
    limits: Limits | None = None,
    extent_basis: str = "boundary",
) -> StudyArea:
    """Download roads and features inside ``polygon`` (WGS-84) through osmnx.

    ``polygon`` becomes the study extent (:attr:`StudyArea.extent`), with
    ``extent_basis`` ``"bbox"`` for a ``bbox:`` download and ``"boundary"``
    for a place or a boundary file. Roads are downloaded up to
    ``ROAD_MARGIN_M`` beyond the polygon, so routes that leave it and come
    back still count; buildings, land use and premises only inside it. The
    size limit is checked on the polygon itself.

    Raises
    ------
    ResourceLimitError
        When the polygon is larger than the server's ``download_km2`` limit
        (checked before any request).
    OfflineError
        When Overpass cannot be reached.
    InputDataError
        When the area holds no roads.
    """
    import osmnx as ox
    import requests

    report = progress or null_progress
    polygon = shapely.make_valid(polygon)
    if not isinstance(polygon, Polygon | MultiPolygon):
        raise InputDataError(msg("msg.inputs.area_not_polygon", name=name))
    check_download_area(polygon, name=name, limits=limits)
    try:
        report(0.05, msg("msg.inputs.step.roads"))
        with edge_tags_kept():
            graph = ox.graph_from_polygon(
                widened(polygon, ROAD_MARGIN_M),  # type: ignore[arg-type]
                custom_filter=ROADS_FILTER,
                simplify=False,
                retain_all=True,
            )
        graph = simplify_roads(graph)
        report(0.5, msg("msg.inputs.step.features"))
        try:
            features = ox.features_from_polygon(polygon, tags=FEATURE_TAGS)
        except ox._errors.InsufficientResponseError:
            features = None
    except requests.exceptions.RequestException as error:
        raise OfflineError(msg("msg.inputs.offline", error=type(error).__name__)) from error
    except ox._errors.InsufficientResponseError as error:
        raise InputDataError(msg("msg.inputs.online_no_roads", name=name)) from error
    area = area_from_graph_and_features(
        graph,
        features,
        name=name,
        source=source,
        extent=polygon,
        extent_basis=extent_basis,
        data_date=downloaded_today(),
    )
    report(1.0, msg("msg.inputs.step.done"))
    logger.info(
        "downloaded %d edges and %d buildings for %s", len(area.roads), len(area.buildings), name
    )
    return area
