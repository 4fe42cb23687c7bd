"""The regions of a batch when the planner gives no regions file: from the extract itself.

The extract's administrative boundaries (``boundary=administrative``) at the
township level (or a level asked for) are assembled by libosmium straight from
the file, without loading its roads or buildings, so the driver never holds a
province's network: the communes of Liechtenstein (``admin_level`` 8), the
streets and townships of a Chinese county. A grid over the extract's bounding
box serves where the file holds no boundaries. Needs ``osmium`` (pyosmium).
"""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from servicecircle.batch.regions import admin_regions, checked_regions, grid_regions
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.crs import WGS84


def _level(value: str | None) -> float:
    """An ``admin_level`` tag as a number (NaN when missing or not a number)."""
    try:
        return float(str(value).strip())
    except ValueError:
        return float("nan")


def extract_boundaries(extract: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    """The named administrative boundaries of an OSM file (PBF or XML), as polygons.

    Returns
    -------
    geopandas.GeoDataFrame
        ``osm_id``, ``admin_level``, ``name``, ``name_zh`` and the polygon
        (WGS-84) of each named boundary whose outline is complete in the file
        (as the study area's ``boundaries`` layer).
    """
    import osmium
    from osmium.geom import WKBFactory

    factory = WKBFactory()
    rows: list[tuple[int, float, str, str | None, bytes]] = []
    tags = osmium.filter.TagFilter(("boundary", "administrative"))
    processor = osmium.FileProcessor(str(extract)).with_areas(tags)
    for area in processor.with_filter(osmium.filter.EntityFilter(osmium.osm.AREA)):
        name = area.tags.get("name")
        if not isinstance(area, osmium.osm.Area) or not name:
            continue
        if area.tags.get("boundary") != "administrative":
            continue
        level = _level(area.tags.get("admin_level"))
        wkb = factory.create_multipolygon(area)
        rows.append((area.orig_id(), level, name, area.tags.get("name:zh"), bytes.fromhex(wkb)))
    frame = gpd.GeoDataFrame(
        {
            "osm_id": [r[0] for r in rows],
            "admin_level": [r[1] for r in rows],
            "name": [r[2] for r in rows],
            "name_zh": [r[3] for r in rows],
        },
        geometry=shapely.from_wkb([r[4] for r in rows]) if rows else [],
        crs=WGS84,
    )
    return frame[np.isfinite(frame["admin_level"].to_numpy(float))].reset_index(drop=True)


def extract_bounds(extract: str | os.PathLike[str]) -> tuple[float, float, float, float]:
    """The bounding box (west, south, east, north) of every node of an OSM file.

    The nodes' own box, not the header's: a header's box may be smaller than
    the data (Liechtenstein's header box leaves out nodes it holds), and a grid over
    it would leave people in no region. One pass over the nodes.

    Raises
    ------
    InputDataError
        When the file holds no node with coordinates.
    """
    import osmium

    west = south = np.inf
    east = north = -np.inf
    for node in osmium.FileProcessor(str(extract), osmium.osm.NODE):
        if isinstance(node, osmium.osm.Node) and node.location.valid():
            lon, lat = node.location.lon, node.location.lat
            west, east = min(west, lon), max(east, lon)
            south, north = min(south, lat), max(north, lat)
    if not np.isfinite(west):
        raise InputDataError(msg("msg.batch.extract_empty", file=Path(extract).name))
    return float(west), float(south), float(east), float(north)


def default_regions(
    extract: str | os.PathLike[str],
    *,
    grid: tuple[int, int] | None = None,
    level: int | None = None,
) -> gpd.GeoDataFrame:
    """The regions of a batch without a regions file: the extract's admin units, or a grid.

    Parameters
    ----------
    extract
        The OSM file.
    grid
        ``(rows, columns)`` of a grid over the extract's bounding box, in
        place of the admin boundaries.
    level
        The admin level of the regions; ``None`` for the township level
        (the deepest of 7-9 present).

    Returns
    -------
    geopandas.GeoDataFrame
        ``code``, ``name`` and polygon of each region, checked
        (:func:`~servicecircle.batch.regions.checked_regions`).

    Raises
    ------
    InputDataError
        When the extract holds no boundary at the level and no grid is asked for.
    """
    name = Path(extract).name
    if grid is not None:
        return checked_regions(grid_regions(extract_bounds(extract), *grid), source=name)
    regions = admin_regions(extract_boundaries(extract), level=level)
    if len(regions) == 0:
        raise InputDataError(msg("msg.batch.no_admin_regions", file=name))
    return checked_regions(regions, source=name)
