"""Synthetic study areas placed anywhere: the test grid moved to a city of choice."""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import pyproj
import shapely

from servicecircle.inputs.area import StudyArea, utm_crs_for
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.roads import RoadTable
from servicecircle.testing.synthetic import ORIGIN, UTM, grid_area

NANJING = (118.79, 32.05)
VADUZ = (9.52, 47.14)


def _moved(
    frame: gpd.GeoDataFrame, target: pyproj.CRS, offset: tuple[float, float]
) -> gpd.GeoDataFrame:
    if len(frame) == 0:
        return frame
    local = frame.to_crs(UTM)
    shifted = local.geometry.translate(offset[0] - ORIGIN[0], offset[1] - ORIGIN[1])
    moved = frame.copy()
    moved.geometry = gpd.GeoSeries(shifted.to_numpy(), index=frame.index, crs=target).to_crs(WGS84)
    return moved


def with_grounds(rows: list | None = None, **layers) -> StudyArea:
    """:func:`~servicecircle.testing.synthetic.grid_area` with a ``grounds`` layer.

    ``rows`` are (key, value, polygon) triples.
    """
    area = grid_area(**layers)
    return dataclasses.replace(area, grounds=grounds(*rows)) if rows else area


def area_at(lon: float, lat: float, rows: list | None = None, **layers) -> StudyArea:
    """:func:`with_grounds` (same arguments, metres from the grid's corner) at ``(lon, lat)``."""
    area = with_grounds(rows, **layers)
    target = utm_crs_for(lon, lat)
    x, y = pyproj.Transformer.from_crs(WGS84, target, always_xy=True).transform(lon, lat)
    offset = (x, y)
    moved = {
        name: _moved(getattr(area, name), target, offset)
        for name in ("nodes", "edges", "buildings", "landuse", "boundaries", "grounds")
    }
    roads = RoadTable.from_layers(moved.pop("nodes"), moved.pop("edges"))
    return dataclasses.replace(area, extent=shapely.Polygon(), roads=roads, **moved)


def with_extent(area: StudyArea, lon: float, lat: float, side: float = 500.0) -> StudyArea:
    """``area`` (placed by :func:`area_at` at ``(lon, lat)``) with its grid's box as the
    stated study extent (basis ``bbox``), ``side`` metres square."""
    target = utm_crs_for(lon, lat)
    x, y = pyproj.Transformer.from_crs(WGS84, target, always_xy=True).transform(lon, lat)
    box = gpd.GeoSeries([shapely.box(x, y, x + side, y + side)], crs=target).to_crs(WGS84)
    return dataclasses.replace(area, extent=box.iloc[0], extent_basis="bbox")


def in_china(rows: list | None = None, **layers) -> StudyArea:
    """The test grid in Nanjing (``rows``: grounds as in :func:`with_grounds`)."""
    return area_at(*NANJING, rows, **layers)


def grounds(*rows: tuple[str, str, object], names: list | None = None) -> gpd.GeoDataFrame:
    """A ``grounds`` layer from (key, value, metric polygon) rows, in WGS-84."""
    from servicecircle.testing.synthetic import to_wgs

    return gpd.GeoDataFrame(
        {
            "osm_id": range(1, len(rows) + 1),
            "key": [k for k, _, _ in rows],
            "value": [v for _, v, _ in rows],
            "name": names or [None] * len(rows),
        },
        geometry=to_wgs([g for _, _, g in rows]).to_numpy(),
        crs=WGS84,
    )
