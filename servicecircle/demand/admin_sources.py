"""Township/street and community/village boundaries from OSM, a planner's file or a map.

The units coverage is reported by come from the study area's OSM boundaries,
or from the planner: a layer of township/street polygons, a layer of
community/village polygons (any readable format; names under 街道/乡镇,
社区/村 or 名称, see :data:`~servicecircle.inputs.fields.FIELDS`), or polygons
drawn on a map and named there. :func:`unit_layer` turns one such layer into
the study area's ``boundaries`` contract at its level; :func:`combine_units`
joins the planner's layers with the OSM boundaries:

- ``"replace"`` (the default): at each level the planner gives, the planner's
  units take the place of the OSM ones; a level the planner leaves out keeps
  its OSM units;
- ``"add"``: the planner's units are added to the OSM ones, at the admin level
  OSM uses for that level.

Either way :class:`UnitSources` says how many units of each level come from
each source (``osm``, ``uploaded``, ``drawn``), so the planner sees which are
in use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.demand.admin import admin_levels
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import empty_layer
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.fields import field_column, field_values
from servicecircle.inputs.normalize import boundaries_layer

UnitLevel = Literal["township", "community"]
"""A level of administrative unit: township/street or community/village."""

UNIT_LEVELS: Final[tuple[UnitLevel, ...]] = ("township", "community")
"""The levels, coarse to fine."""

LEVEL_CODES: Final[Mapping[UnitLevel, int]] = {"township": 8, "community": 10}
"""The OSM ``admin_level`` a planner's units of each level are given."""

UNIT_SOURCES: Final[tuple[str, ...]] = ("osm", "uploaded", "drawn")
"""Where units come from: the study area's OSM data, a planner's file, a map."""

CombineMode = Literal["replace", "add"]
"""How the planner's units join the OSM ones (module docstring)."""

_POLYGONS: Final = ("Polygon", "MultiPolygon")


def unit_layer(frame: gpd.GeoDataFrame, level: UnitLevel, *, what: str) -> gpd.GeoDataFrame:
    """A planner's polygons of one ``level`` as a ``boundaries`` layer (WGS-84).

    Each polygon's name is its township/street cell (``街道``, ``乡镇``,
    ``街道名称`` ...) for townships, its community/village cell (``社区``,
    ``村``, ...) for communities, else its ``名称``/``name`` cell; a polygon
    without a name is kept and named "unnamed" later
    (:func:`~servicecircle.demand.admin.admin_units` says so). A layer with a
    level column of its own (``级别``, ``admin_level``: 8, 10, 街道, 社区)
    holds both levels: each polygon takes the level its cell says.

    Parameters
    ----------
    frame
        The planner's layer (any CRS); points and lines are left out.
    level
        ``"township"`` or ``"community"``.
    what
        The layer as the planner knows it (a file name), for the message.

    Raises
    ------
    InputDataError
        When the layer holds no polygon.

    Examples
    --------
    >>> import shapely
    >>> square = shapely.box(116.0, 39.0, 116.01, 39.01)
    >>> layer = unit_layer(
    ...     gpd.GeoDataFrame({"街道名称": ["花园路街道"]}, geometry=[square], crs=4326),
    ...     "township",
    ...     what="units.geojson",
    ... )
    >>> layer[["admin_level", "name"]].to_numpy().tolist()
    [[8, '花园路街道']]
    """
    polygons = frame[frame.geometry.notna() & frame.geom_type.isin(_POLYGONS).to_numpy()]
    if len(polygons) == 0:
        raise InputDataError(msg("msg.admin.no_polygons", file=what))
    if polygons.crs is None:
        raise InputDataError(msg("msg.admin.no_crs", file=what))
    if field_column(polygons.columns, "admin_level") is not None:
        return _by_level_column(polygons.to_crs(WGS84))
    names = field_values(polygons, level)
    if names is None:
        names = field_values(polygons, "name")
    layer = gpd.GeoDataFrame(
        {
            "osm_id": -np.arange(1, len(polygons) + 1, dtype=np.int64),
            "admin_level": LEVEL_CODES[level],
            "name": None if names is None else names.to_numpy(object),
        },
        geometry=polygons.geometry.to_crs(WGS84).to_numpy(),
        crs=WGS84,
    )
    return boundaries_layer(layer)


def _by_level_column(polygons: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Polygons whose own level column (级别, admin_level: 8, 街道, 社区 ...) says their level.

    Levels 7-9 are townships, 10 and finer communities; coarser ones (a
    county) and rows without a level are left out.
    """
    layer = boundaries_layer(polygons)
    codes = layer["admin_level"].to_numpy()
    township = (codes >= 7) & (codes <= 9)  # the township levels, as OSM's
    kept = township | (codes >= LEVEL_CODES["community"])
    return (
        layer[kept]
        .assign(
            osm_id=-np.arange(1, int(kept.sum()) + 1, dtype=np.int64),
            admin_level=np.where(township[kept], LEVEL_CODES["township"], LEVEL_CODES["community"]),
        )
        .reset_index(drop=True)
    )


def drawn_units(
    names: list[str], levels: list[UnitLevel], geometries: list[object]
) -> gpd.GeoDataFrame:
    """Polygons drawn on a map (WGS-84), each with its name and level, as a ``boundaries`` layer.

    >>> import shapely
    >>> drawn = drawn_units(["新村"], ["community"], [shapely.box(0, 0, 1, 1)])
    >>> drawn[["admin_level", "name"]].to_numpy().tolist()
    [[10, '新村']]
    """
    if not geometries:
        return empty_layer("boundaries")
    layer = gpd.GeoDataFrame(
        {
            "osm_id": -np.arange(1, len(geometries) + 1, dtype=np.int64),
            "admin_level": [LEVEL_CODES[level] for level in levels],
            "name": [name.strip() or None for name in names],
        },
        geometry=geometries,
        crs=WGS84,
    )
    return boundaries_layer(layer)


@dataclass(frozen=True, eq=False)
class UnitSources:
    """The boundaries in use and where each level's units come from.

    Attributes
    ----------
    boundaries
        The ``boundaries`` layer to use (WGS-84).
    counts
        ``level`` (``township``/``community``), ``source`` (one of
        :data:`UNIT_SOURCES`) and ``count``: the polygons of each level from
        each source (before namesakes and repeats are sorted out), one row per
        level and source with at least one.
    """

    boundaries: gpd.GeoDataFrame
    counts: pd.DataFrame

    def count(self, level: UnitLevel) -> int:
        """How many polygons of ``level`` are in use (all sources)."""
        return int(self.counts.loc[self.counts["level"] == level, "count"].sum())

    def sources(self, level: UnitLevel) -> list[str]:
        """The sources of ``level``'s polygons, in :data:`UNIT_SOURCES` order."""
        found = set(self.counts.loc[self.counts["level"] == level, "source"])
        return [source for source in UNIT_SOURCES if source in found]


def _levels_of(boundaries: pd.DataFrame) -> dict[UnitLevel, int | None]:
    """The admin levels of the townships and communities of ``boundaries`` (None: none)."""
    township, community = admin_levels(boundaries["admin_level"].to_numpy())
    return {"township": township, "community": community}


def _at_levels(
    planner: gpd.GeoDataFrame, osm_levels: Mapping[UnitLevel, int | None]
) -> gpd.GeoDataFrame:
    """``planner``'s units moved to the admin levels OSM uses for townships and communities."""
    township = osm_levels["township"] or LEVEL_CODES["township"]
    community = osm_levels["community"] or max(LEVEL_CODES["community"], township + 1)
    codes = planner["admin_level"].to_numpy()
    moved = np.where(codes == LEVEL_CODES["township"], township, community)
    return planner.assign(admin_level=moved.astype("int64"))


def _replaced(osm: gpd.GeoDataFrame, given: set[UnitLevel]) -> gpd.GeoDataFrame:
    """``osm`` without the levels the planner gives, nor any level that would compete with them.

    Townships given: every OSM level 7-9 goes (the deepest of them would be
    taken for townships). Communities given: every OSM level finer than the
    townships in use goes (the first of them would be taken for communities).
    """
    levels = osm["admin_level"].to_numpy()
    drop = np.zeros(len(osm), dtype=bool)
    if "township" in given:
        drop |= (levels >= 7) & (levels <= 9)  # the township levels
    if "community" in given:
        township = LEVEL_CODES["township"] if "township" in given else None
        if township is None:
            township = _levels_of(osm)["township"]
        drop |= levels > (township or LEVEL_CODES["township"])
    return osm[~drop]


def combine_units(
    osm: gpd.GeoDataFrame,
    planner: Mapping[str, gpd.GeoDataFrame],
    *,
    mode: CombineMode = "replace",
) -> UnitSources:
    """The study area's OSM boundaries joined with the planner's units (module docstring).

    Parameters
    ----------
    osm
        The study area's ``boundaries`` layer.
    planner
        The planner's ``boundaries`` layers by source (``"uploaded"``,
        ``"drawn"``), from :func:`unit_layer` and :func:`drawn_units`.
    mode
        ``"replace"`` or ``"add"``.

    Returns
    -------
    UnitSources
        The boundaries to use and the count of each level from each source.
    """
    if mode not in ("replace", "add"):
        raise InputDataError(msg("msg.admin.bad_mode", mode=mode))
    given = {source: layer for source, layer in planner.items() if len(layer)}
    codes = {int(c) for layer in given.values() for c in layer["admin_level"]}
    levels_given = {level for level in UNIT_LEVELS if LEVEL_CODES[level] in codes}
    if mode == "replace":
        osm = _replaced(osm, levels_given)
        parts = [("osm", osm), *given.items()]
    else:
        osm_levels = _levels_of(osm)
        parts = [("osm", osm)]
        parts += [(source, _at_levels(layer, osm_levels)) for source, layer in given.items()]
    frames = [layer.assign(_source=source) for source, layer in parts if len(layer)]
    if not frames:
        return UnitSources(empty_layer("boundaries"), _counts(None))
    joined = pd.concat(frames, ignore_index=True)
    boundaries = gpd.GeoDataFrame(
        joined.drop(columns="_source"), geometry="geometry", crs=WGS84
    ).astype({"osm_id": "int64", "admin_level": "int64"})
    return UnitSources(boundaries, _counts(joined))


def _counts(joined: pd.DataFrame | None) -> pd.DataFrame:
    rows: list[tuple[str, str, int]] = []
    if joined is not None and len(joined):
        levels = _levels_of(joined)
        for level in UNIT_LEVELS:
            at = joined[joined["admin_level"] == levels[level]]
            counted = at["_source"].value_counts()
            rows += [(level, s, int(counted[s])) for s in UNIT_SOURCES if s in counted.index]
    return pd.DataFrame(rows, columns=["level", "source", "count"])
