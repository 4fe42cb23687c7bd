"""Synthetic study areas moved to another place, e.g. a street grid in Nanjing.

The grids of :mod:`.synthetic` are drawn in metres from
:data:`~servicecircle.testing.synthetic.ORIGIN` (central Europe).
:func:`placed_area` moves every layer so that the origin lands on a chosen
longitude and latitude, keeping the metric offsets exact in a transverse
Mercator projection centred there (north stays north): a grid in China,
where the GCJ-02/BD-09 offsets apply.

>>> from servicecircle.testing.synthetic import grid_area
>>> area = placed_area(grid_area(n=3), 118.8, 32.0)
>>> [round(v, 4) for v in area.bounds]
[118.8, 32.0, 118.8021, 32.0018]
"""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from numpy.typing import NDArray

from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.roads import RoadTable
from servicecircle.testing.synthetic import ORIGIN, UTM

__all__ = ["place_geometries", "placed_area"]

_LAYERS = ("nodes", "edges", "buildings", "landuse", "premises", "boundaries", "grounds")


def place_geometries(geoms: NDArray[np.object_], lon: float, lat: float) -> NDArray[np.object_]:
    """WGS-84 geometries drawn from :data:`ORIGIN` moved so the origin lands on ``(lon, lat)``."""
    local = pyproj.CRS.from_proj4(
        f"+proj=tmerc +lon_0={lon} +lat_0={lat} +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m"
    )
    to_utm = pyproj.Transformer.from_crs(WGS84, UTM, always_xy=True)
    from_local = pyproj.Transformer.from_crs(local, WGS84, always_xy=True)

    def move(coords: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = to_utm.transform(coords[:, 0], coords[:, 1])
        out_x, out_y = from_local.transform(np.asarray(x) - ORIGIN[0], np.asarray(y) - ORIGIN[1])
        return np.column_stack([out_x, out_y])

    return np.asarray(shapely.transform(np.asarray(geoms, dtype=object), move), dtype=object)


def _placed_layer(frame: gpd.GeoDataFrame, lon: float, lat: float) -> gpd.GeoDataFrame:
    if len(frame) == 0:
        return frame
    moved = place_geometries(np.asarray(frame.geometry.values), lon, lat)
    return frame.set_geometry(gpd.GeoSeries(moved, index=frame.index, crs=WGS84))


def placed_area(area: StudyArea, lon: float, lat: float) -> StudyArea:
    """``area`` (drawn from :data:`ORIGIN`) moved so that the origin lands on ``(lon, lat)``.

    Every layer and the extent move; names and tags stay.
    """
    layers = {name: _placed_layer(getattr(area, name), lon, lat) for name in _LAYERS}
    roads = RoadTable.from_layers(layers.pop("nodes"), layers.pop("edges"))
    extent = place_geometries(np.array([area.extent], dtype=object), lon, lat)[0]
    return replace(area, roads=roads, **layers, extent=extent, name=f"{area.name} at {lon}E {lat}N")
