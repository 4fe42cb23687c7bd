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
    ``tunnel``, ``bridge``, ``layer``, ``sidewalk`` (whether a way can be
    reached from the ground beside it), ``geometry`` (LineString). Tag
    columns hold strings or missing values. Closed ways (loop roads,
    roundabouts) are kept; a loop that meets the rest at one node is a
    segment with ``u == v``.
buildings
    ``osm_id``, ``building`` (type), ``levels`` (float, NaN if untagged),
    ``height`` (metres, NaN if untagged), ``use`` (the building's own use
    tags among :data:`USE_KEYS`, as ``"key=value"`` joined by ``"; "`` in
    that order, e.g. ``"shop=mall"``; missing when it carries none),
    ``name``, ``geometry`` (polygonal).
landuse
    ``osm_id``, ``landuse`` (class), ``name``, ``geometry`` (polygonal).
grounds
    areas a use tag marks that are not buildings themselves (a campus, a
    hospital's or a mall's grounds, a park, a stadium): ``osm_id``, ``key``
    and ``value`` (the first tag of :data:`GROUND_TAGS` it carries, in that
    order), ``name``, ``geometry`` (polygonal). Land use stays in ``landuse``.
premises
    existing outlets and candidate outlet premises: ``osm_id``, ``kind``
    (by tags: ``community_centre``, ``townhall``, ``social_facility``,
    ``public_building``, ``government``, ``marketplace``; by name, see
    :mod:`servicecircle.inputs.premise_names`: ``employment_service``,
    ``gig_market``, ``community_service``, ``community_committee``,
    ``subdistrict_office``), ``name``, ``outlet_type`` (the outlet type
    guessed, or missing), ``basis`` (why it was recognised:
    ``"amenity=community_centre"``, ``"name contains 党群服务"``),
    ``geometry`` (Point; areas by a point inside them).
boundaries
    ``osm_id``, ``admin_level`` (int), ``name``, ``name_zh``,
    ``geometry`` (polygonal).

Study extent
------------
:attr:`StudyArea.extent` is the polygon (WGS-84) the study is about: demand,
gaps and candidate premises lie inside it, while roads beyond it are kept and
still carry routes (an extract cut at a box holds roads that run past its
edge, and people near the edge walk along them). It comes from what the input
states, in this order (:attr:`StudyArea.extent_basis` says which):

``boundary``
    a boundary polygon the area was clipped to, or downloaded for;
``bbox``
    the box of a ``bbox:W,S,E,N`` download;
``osm_bounds``
    the ``<bounds>`` element of an OSM XML file;
``pbf_header``
    the bounding box in the header of a ``.osm.pbf`` extract;
``data``
    fallback when the input states none (an Overpass export, say): the
    bounding box of the buildings, premises and land use, which an extract
    holds only where it was cut (or a little past it), unlike the roads that
    cross its edge and are kept whole however far they run (see
    :func:`data_extent`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from servicecircle._progress import Said
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.data_date import DataDate
from servicecircle.inputs.roads import RoadTable

EXTENT_BASES: tuple[str, ...] = ("boundary", "bbox", "osm_bounds", "pbf_header", "data")
"""Where :attr:`StudyArea.extent` comes from, most specific first (see the module docstring)."""

NO_EXTENT: BaseGeometry = shapely.Polygon()
"""The empty polygon: "the input states no extent" (use :func:`data_extent`)."""

LAYER_NAMES: tuple[str, ...] = (
    "nodes",
    "edges",
    "buildings",
    "landuse",
    "premises",
    "boundaries",
    "grounds",
)

USE_KEYS: tuple[str, ...] = (
    "shop",
    "office",
    "amenity",
    "tourism",
    "leisure",
    "healthcare",
    "craft",
    "public_transport",
    "railway",
    "man_made",
    "sport",
    "government",
    "historic",
)
"""OSM keys that say what a building is used for (the ``use`` column of ``buildings``)."""

GROUND_TAGS: dict[str, list[str]] = {
    # key -> values of the areas kept in the ``grounds`` layer
    "amenity": [
        "university",
        "college",
        "school",
        "kindergarten",
        "hospital",
        "clinic",
        "prison",
        "townhall",
        "courthouse",
        "police",
        "fire_station",
        "bus_station",
        "marketplace",
        "research_institute",
    ],
    "healthcare": ["hospital"],
    "leisure": ["stadium", "sports_centre", "park", "golf_course", "water_park"],
    "shop": ["mall", "department_store"],
    "tourism": ["museum", "zoo", "theme_park"],
    "aeroway": ["aerodrome"],
}
"""Tags of the areas kept in the ``grounds`` layer (the demand decides which hold no homes)."""

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
    "tunnel",
    "bridge",
    "layer",
    "sidewalk",
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
    "buildings": ("osm_id", "building", "levels", "height", "use", "name", "geometry"),
    "landuse": ("osm_id", "landuse", "name", "geometry"),
    "premises": ("osm_id", "kind", "name", "outlet_type", "basis", "geometry"),
    "boundaries": ("osm_id", "admin_level", "name", "name_zh", "geometry"),
    "grounds": ("osm_id", "key", "value", "name", "geometry"),
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
    roads
        The ``nodes`` and ``edges`` layers as arrays
        (:class:`~servicecircle.inputs.roads.RoadTable`, made with
        ``RoadTable.from_layers(nodes, edges)``); :attr:`nodes` and
        :attr:`edges` give them as GeoDataFrames.
    buildings, landuse, premises, boundaries
        The layers described in the module docstring.
    attribution
        Data attribution that must accompany any output.
    notes
        Assumptions made while loading (shown in the report).
    grounds
        The ``grounds`` layer (module docstring); empty when the source has none.
    extent
        The study extent, a polygon in WGS-84 (see the module docstring):
        demand, gaps and candidates lie inside it, roads beyond it still
        carry routes. Empty (the default, :data:`NO_EXTENT`) or ``None``
        when constructing means the fallback :func:`data_extent` (basis
        ``data``).
    extent_basis
        Where :attr:`extent` comes from, one of :data:`EXTENT_BASES`.
    data_date
        The date of the map data and what it means
        (:class:`~servicecircle.inputs.data_date.DataDate`); ``None`` when
        the data states none (the embedded sample, a file without one).
    key
        A content key of the area's inputs (``""`` until a loader sets one):
        the app sets it when it loads an area and hashes an area by it in its
        caches, so two areas with one key must hold the same layers. Derived
        areas (other buildings, another boundary) get a key of their own.
    """

    name: str
    source: str
    roads: RoadTable
    buildings: gpd.GeoDataFrame
    landuse: gpd.GeoDataFrame
    premises: gpd.GeoDataFrame
    boundaries: gpd.GeoDataFrame
    attribution: str = "© OpenStreetMap contributors, ODbL"
    notes: tuple[Said, ...] = field(default_factory=tuple)
    grounds: gpd.GeoDataFrame = field(default_factory=lambda: empty_layer("grounds"))
    extent: BaseGeometry = NO_EXTENT
    extent_basis: str = "data"
    data_date: DataDate | None = None
    key: str = ""

    def __post_init__(self) -> None:
        if self.extent is None or self.extent.is_empty:
            object.__setattr__(self, "extent", data_extent(self))
            object.__setattr__(self, "extent_basis", "data")
        elif self.extent.geom_type not in ("Polygon", "MultiPolygon"):
            raise ValueError(f"a study extent must be a polygon, not a {self.extent.geom_type}")
        if self.extent_basis not in EXTENT_BASES:
            raise ValueError(
                f"unknown extent basis {self.extent_basis!r}; use one of {', '.join(EXTENT_BASES)}"
            )

    def inside(self, frame: gpd.GeoDataFrame | gpd.GeoSeries) -> np.ndarray:
        """Boolean mask of the features of ``frame`` that lie inside :attr:`extent`.

        A feature counts by a point on its surface (a building straddling the
        edge counts on the side that holds most of it, roughly); missing or
        empty geometries are outside. ``frame`` may be in any CRS.

        Parameters
        ----------
        frame
            A layer or geometry series with a CRS.

        Returns
        -------
        numpy.ndarray
            bool, aligned to ``frame``'s rows.
        """
        series = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
        if len(series) == 0:
            return np.zeros(0, dtype=bool)
        if series.crs is not None and not pyproj.CRS(series.crs).equals(pyproj.CRS(WGS84)):
            series = series.to_crs(WGS84)
        geoms = series.to_numpy()
        present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        mask = np.zeros(len(geoms), dtype=bool)
        if present.any():
            extent = self.extent
            shapely.prepare(extent)
            points = shapely.point_on_surface(geoms[present])
            mask[present] = shapely.intersects(extent, points)
        return mask

    @property
    def nodes(self) -> gpd.GeoDataFrame:
        """The ``nodes`` layer, made anew from :attr:`roads` on each call: hold it while used."""
        return self.roads.nodes_frame()

    @property
    def edges(self) -> gpd.GeoDataFrame:
        """The ``edges`` layer, made anew from :attr:`roads` on each call: hold it while used."""
        return self.roads.edges_frame()

    def layer(self, name: str) -> gpd.GeoDataFrame:
        """Return the layer called ``name`` (one of :data:`LAYER_NAMES`)."""
        if name not in LAYER_NAMES:
            raise KeyError(f"unknown layer {name!r}; choose one of {', '.join(LAYER_NAMES)}")
        frame: gpd.GeoDataFrame = getattr(self, name)
        return frame

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) of the road network, in degrees."""
        return self.roads.bounds

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
        west, south, east, north = self.bounds if len(self.roads) else (np.nan,) * 4
        return {
            "name": self.name,
            "source": self.source,
            "nodes": self.roads.n_nodes,
            "edges": len(self.roads),
            "buildings": len(self.buildings),
            "landuse": len(self.landuse),
            "landuse_by_class": {str(k): int(v) for k, v in landuse_by_class.items()},
            "premises": len(self.premises),
            "premises_by_kind": {str(k): int(v) for k, v in premises_by_kind.items()},
            "boundaries": len(self.boundaries),
            "grounds": len(self.grounds),
            "bounds": {"west": west, "south": south, "east": east, "north": north},
            "extent": {
                "basis": self.extent_basis,
                "bounds": [float(v) for v in shapely.bounds(self.extent)],
            },
            "data_date": asdict(self.data_date) if self.data_date else None,
            "attribution": self.attribution,
            "notes": [str(note) for note in self.notes],  # English, for JSON
        }


def data_extent(area: StudyArea) -> BaseGeometry:
    """The fallback study extent when the input states none (WGS-84).

    The bounding box of the buildings, premises and land use: areas and
    points, which an extract holds only where it was cut, or a block past it
    where one crosses its edge (land use is included so that villages mapped
    as residential land without buildings stay inside). Roads are left out:
    an extract holds whole every road that crosses its edge, however far it
    runs. Without any of these, the box of the roads. A 1e-6 degree margin
    keeps points on the edge inside.
    """
    layers = (area.buildings, area.premises, area.landuse)
    for boxes in (
        [frame.total_bounds for frame in layers if len(frame) and frame.geometry.notna().any()],
        [np.array(area.roads.bounds)],
    ):
        stacked = np.vstack(boxes) if boxes else np.empty((0, 4))
        stacked = stacked[np.isfinite(stacked).all(axis=1)]
        if len(stacked):
            margin = 1e-6
            return shapely.box(
                float(stacked[:, 0].min()) - margin,
                float(stacked[:, 1].min()) - margin,
                float(stacked[:, 2].max()) + margin,
                float(stacked[:, 3].max()) + margin,
            )
    return shapely.box(-180.0, -90.0, 180.0, 90.0)


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
