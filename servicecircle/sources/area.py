"""The study area: the layers every source yields, in one frozen container.

Every source (the embedded sample, a local OSM file, an online download) is
turned into a :class:`StudyArea` with the same layers and the same columns, so
that everything downstream is source-agnostic. All layers are in WGS-84
(EPSG:4326); :meth:`StudyArea.local_crs` gives a metric CRS for measuring.

Layer contracts
---------------
nodes
    index ``id`` (int64, OSM node id); columns ``geometry`` (Point).
edges
    one row per way segment between junctions, in digitised direction
    ``u -> v``; columns ``u``, ``v`` (int64 node ids), ``osm_id``,
    ``length`` (metres), ``highway``, ``oneway``, ``maxspeed``, ``access``,
    ``foot``, ``bicycle``, ``motor_vehicle``, ``junction``, ``name``,
    ``geometry`` (LineString). Tag columns hold strings or missing values.
buildings
    ``osm_id``, ``building`` (type), ``levels`` (float, NaN if untagged),
    ``height`` (metres, NaN if untagged), ``name``, ``geometry`` (polygonal).
landuse
    ``osm_id``, ``landuse`` (class), ``name``, ``geometry`` (polygonal).
premises
    candidate outlet premises: ``osm_id``, ``kind`` (``community_centre``,
    ``townhall``, ``social_facility``, ``public_building``, ``government``,
    ``marketplace``), ``name``, ``geometry`` (Point).
boundaries
    ``osm_id``, ``admin_level`` (int), ``name``, ``name_zh``,
    ``geometry`` (polygonal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pyproj

WGS84 = "EPSG:4326"

LAYER_NAMES: tuple[str, ...] = ("nodes", "edges", "buildings", "landuse", "premises", "boundaries")

EDGE_TAGS: tuple[str, ...] = (
    "highway",
    "oneway",
    "maxspeed",
    "access",
    "foot",
    "bicycle",
    "motor_vehicle",
    "junction",
    "name",
)

PREMISE_KINDS: dict[str, dict[str, list[str]]] = {
    # kind -> OSM key -> values
    "community_centre": {"amenity": ["community_centre"]},
    "townhall": {"amenity": ["townhall"]},
    "social_facility": {"amenity": ["social_facility", "social_centre"]},
    "public_building": {"amenity": ["public_building"], "building": ["public", "civic"]},
    "government": {"office": ["government"], "building": ["government"]},
    "marketplace": {"amenity": ["marketplace"]},
}

LAYER_COLUMNS: dict[str, tuple[str, ...]] = {
    "nodes": ("geometry",),
    "edges": ("u", "v", "osm_id", "length", *EDGE_TAGS, "geometry"),
    "buildings": ("osm_id", "building", "levels", "height", "name", "geometry"),
    "landuse": ("osm_id", "landuse", "name", "geometry"),
    "premises": ("osm_id", "kind", "name", "geometry"),
    "boundaries": ("osm_id", "admin_level", "name", "name_zh", "geometry"),
}


def empty_layer(name: str) -> gpd.GeoDataFrame:
    """Return an empty layer with the contract's columns, in WGS-84.

    Parameters
    ----------
    name
        One of :data:`LAYER_NAMES`.

    Returns
    -------
    geopandas.GeoDataFrame
        No rows, the contract's columns.
    """
    columns = [c for c in LAYER_COLUMNS[name] if c != "geometry"]
    frame = gpd.GeoDataFrame({c: [] for c in columns}, geometry=gpd.GeoSeries([], crs=WGS84))
    if name == "nodes":
        frame.index.name = "id"
    return frame


@dataclass(frozen=True, eq=False)
class StudyArea:
    """All layers of one study area, in WGS-84.

    Attributes
    ----------
    name
        A human-readable name ("Helsinki sample", a file name, a place).
    source
        How it was obtained, e.g. ``"sample"``, ``"pbf:/path"``, ``"bbox:..."``.
    nodes, edges, buildings, landuse, premises, boundaries
        The layers described in the module docstring.
    attribution
        Data attribution that must accompany any output.
    notes
        Assumptions made while loading (shown in the report).
    """

    name: str
    source: str
    nodes: gpd.GeoDataFrame
    edges: gpd.GeoDataFrame
    buildings: gpd.GeoDataFrame
    landuse: gpd.GeoDataFrame
    premises: gpd.GeoDataFrame
    boundaries: gpd.GeoDataFrame
    attribution: str = "© OpenStreetMap contributors, ODbL"
    notes: tuple[str, ...] = field(default_factory=tuple)

    def layer(self, name: str) -> gpd.GeoDataFrame:
        """Return the layer called ``name`` (one of :data:`LAYER_NAMES`)."""
        if name not in LAYER_NAMES:
            raise KeyError(f"unknown layer {name!r}; choose one of {', '.join(LAYER_NAMES)}")
        frame: gpd.GeoDataFrame = getattr(self, name)
        return frame

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) of the road network, in degrees."""
        west, south, east, north = self.edges.total_bounds
        return float(west), float(south), float(east), float(north)

    @property
    def centre(self) -> tuple[float, float]:
        """(lon, lat) of the centre of :attr:`bounds`."""
        west, south, east, north = self.bounds
        return (west + east) / 2.0, (south + north) / 2.0

    def local_crs(self) -> pyproj.CRS:
        """Return the UTM zone CRS that contains the area's centre (metres)."""
        return utm_crs_for(*self.centre)

    def summary(self) -> dict[str, Any]:
        """Counts and bounds of every layer, as plain JSON-ready values."""
        landuse_by_class = (
            self.landuse["landuse"].value_counts().sort_index().astype(int).to_dict()
            if len(self.landuse)
            else {}
        )
        premises_by_kind = (
            self.premises["kind"].value_counts().sort_index().astype(int).to_dict()
            if len(self.premises)
            else {}
        )
        west, south, east, north = self.bounds if len(self.edges) else (np.nan,) * 4
        return {
            "name": self.name,
            "source": self.source,
            "nodes": int(len(self.nodes)),
            "edges": int(len(self.edges)),
            "buildings": int(len(self.buildings)),
            "landuse": int(len(self.landuse)),
            "landuse_by_class": {str(k): int(v) for k, v in landuse_by_class.items()},
            "premises": int(len(self.premises)),
            "premises_by_kind": {str(k): int(v) for k, v in premises_by_kind.items()},
            "boundaries": int(len(self.boundaries)),
            "bounds": {"west": west, "south": south, "east": east, "north": north},
            "attribution": self.attribution,
            "notes": list(self.notes),
        }


def utm_crs_for(lon: float, lat: float) -> pyproj.CRS:
    """Return the WGS-84 UTM zone CRS containing ``(lon, lat)``.

    Parameters
    ----------
    lon, lat
        A point in degrees.

    Returns
    -------
    pyproj.CRS
        EPSG:326xx north of the equator, EPSG:327xx south of it.
    """
    zone = int((lon + 180.0) // 6.0) % 60 + 1
    epsg = (32600 if lat >= 0 else 32700) + zone
    return pyproj.CRS.from_epsg(epsg)
