"""Turn raw OSM tag tables (from pyrosm or osmnx) into the study-area layer contracts.

pyrosm puts common tags in columns and the rest in a JSON ``tags`` column;
osmnx puts every tag in a column. :func:`tag_columns` reads tags from either
(parsing a ``tags`` column once for all the keys a layer needs), so the same
normalisers serve every source.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle.inputs.area import (
    EDGE_TAGS,
    GROUND_TAGS,
    LAYER_COLUMNS,
    PREMISE_KINDS,
    USE_KEYS,
    empty_layer,
)
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.fields import field_column

_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
_POLYGONAL_IDS = (3, 6)  # shapely.get_type_id of Polygon, MultiPolygon


def _parse_tags(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.startswith("{"):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            return {}
        return parsed if isinstance(parsed, dict) else {}
    return {}


def _objects(values: Iterable[Any], size: int) -> np.ndarray:
    """An object array of ``size`` values, each kept as it is (a list stays one element)."""
    return np.fromiter(values, dtype=object, count=size)


def tag_columns(frame: pd.DataFrame, keys: Iterable[str]) -> dict[str, pd.Series]:
    """Return the values of every OSM tag in ``keys``, reading a JSON ``tags`` column once.

    Parameters
    ----------
    frame
        A table with tag columns and, optionally, a ``tags`` column of dicts
        or JSON strings holding further tags (pyrosm's layout).
    keys
        The OSM keys, e.g. ``["building", "building:levels"]``.

    Returns
    -------
    dict of str to pandas.Series
        One object Series per key, aligned to ``frame.index``: a key's column
        where it has a value, else the ``tags`` entry; missing as ``None``;
        lists (osmnx merged ways) reduced to their first element. Each row's
        ``tags`` text is parsed at most once, whatever the number of keys.
    """
    wanted = list(dict.fromkeys(keys))
    size = len(frame)
    found = {
        key: (
            frame[key].to_numpy(dtype=object, copy=True)
            if key in frame.columns
            else np.full(size, None, dtype=object)
        )
        for key in wanted
    }
    if "tags" in frame.columns and size and wanted:
        missing = {key: np.flatnonzero(pd.isna(values)) for key, values in found.items()}
        rows = np.unique(np.concatenate(list(missing.values()))).tolist()
        texts = frame["tags"].to_numpy(dtype=object)
        parsed = dict(zip(rows, map(_parse_tags, texts[rows].tolist()), strict=True))
        for key, where in missing.items():
            if where.size:
                taken = (parsed[row].get(key) for row in where.tolist())
                found[key][where] = _objects(taken, where.size)
    result = {}
    for key, values in found.items():
        firsts = _objects((v[0] if isinstance(v, list) and v else v for v in values), size)
        firsts[pd.isna(firsts)] = None
        result[key] = pd.Series(firsts, index=frame.index, dtype=object)
    return result


def tag_values(frame: pd.DataFrame, key: str) -> pd.Series:
    """Return the values of OSM tag ``key`` for every row, missing as ``None``.

    One key of :func:`tag_columns`; ask that for several keys of one table,
    so its ``tags`` column is parsed once.

    Parameters
    ----------
    frame
        A table with tag columns and, optionally, a ``tags`` column of dicts
        or JSON strings holding further tags (pyrosm's layout).
    key
        The OSM key, e.g. ``"building:levels"``.

    Returns
    -------
    pandas.Series
        Object dtype, aligned to ``frame.index``; lists (osmnx merged ways)
        are reduced to their first element.
    """
    return tag_columns(frame, [key])[key]


def parse_number(value: Any) -> float:
    """Parse the first number in an OSM value such as ``"3"``, ``"12 m"``, ``"2;3"``.

    Returns NaN when there is none.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return float("nan")
    if isinstance(value, int | float):
        return float(value)
    match = _NUMBER.search(str(value))
    return float(match.group().replace(",", ".")) if match else float("nan")


def _osm_ids(frame: pd.DataFrame) -> pd.Series:
    for column in ("id", "osmid", "osm_id"):
        if column in frame.columns:
            values = frame[column].map(lambda v: v[0] if isinstance(v, list) else v)
            try:
                return values.astype("int64")
            except (TypeError, ValueError):  # a planner's own ids ("A01"): number the rows
                break
    if isinstance(frame.index, pd.MultiIndex) and "id" in frame.index.names:
        return pd.Series(frame.index.get_level_values("id"), index=frame.index, dtype="int64")
    return pd.Series(np.arange(len(frame), dtype="int64"), index=frame.index)


def _as_layer(name: str, data: dict[str, Any], geometry: Any) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geometry, crs=WGS84))
    frame = frame.reset_index(drop=True)
    return frame[list(LAYER_COLUMNS[name])]


def _polygonal(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The rows of ``frame`` that are (Multi)Polygons, invalid ones made valid if they stay so.

    The masks come from the geometry array (type ids, validity), and the frame
    is cut once (each cut of a wide OSM table takes every tag column).
    """
    if frame is None or len(frame) == 0:
        return frame
    geoms = frame.geometry.to_numpy()
    polygonal = np.isin(shapely.get_type_id(geoms), _POLYGONAL_IDS)
    invalid = polygonal & ~shapely.is_valid(geoms)
    if not invalid.any():
        return frame[polygonal]
    repaired = geoms.copy()
    repaired[invalid] = shapely.make_valid(geoms[invalid])
    keep = polygonal & np.isin(shapely.get_type_id(repaired), _POLYGONAL_IDS)
    kept = frame[keep].copy()
    kept.loc[invalid[keep], "geometry"] = repaired[keep][invalid[keep]]
    return kept


def edges_layer(edges: pd.DataFrame | None) -> gpd.GeoDataFrame:
    """Normalise a road-segment table (pyrosm or osmnx) to the ``edges`` contract.

    Segments that start and end at the same node (a loop road or a
    roundabout that meets the rest of the network at one node) are kept.
    """
    if edges is None or len(edges) == 0:
        return empty_layer("edges")
    edges = edges[edges.geometry.notna()]
    data: dict[str, Any] = {
        "u": edges["u"].astype("int64").to_numpy(),
        "v": edges["v"].astype("int64").to_numpy(),
        "osm_id": _osm_ids(edges).to_numpy(),
        "length": edges["length"].astype(float).to_numpy(),
    }
    for key, values in tag_columns(edges, EDGE_TAGS).items():
        data[key] = values.to_numpy()
    return _as_layer("edges", data, edges.geometry.to_numpy())


def nodes_layer(nodes: pd.DataFrame, edges: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Normalise a node table to the ``nodes`` contract, keeping only nodes used by edges."""
    ids = nodes["id"] if "id" in nodes.columns else pd.Series(nodes.index, index=nodes.index)
    index = pd.Index(ids.astype("int64").to_numpy(), name="id")
    frame = gpd.GeoDataFrame(
        geometry=gpd.GeoSeries(nodes.geometry.to_numpy(), index=index, crs=WGS84)
    )
    frame = frame[~frame.index.duplicated()]
    used = np.union1d(edges["u"].to_numpy(), edges["v"].to_numpy())
    return frame.loc[frame.index.intersection(used)].sort_index()


def use_tags(frame: pd.DataFrame, tags: dict[str, pd.Series] | None = None) -> pd.Series:
    """The use tags (:data:`~servicecircle.inputs.area.USE_KEYS`) of every row.

    ``tags`` are the rows' tags from :func:`tag_columns` when the caller
    already read them (at least ``USE_KEYS``); else they are read here.

    Returns
    -------
    pandas.Series
        ``"key=value"`` pairs joined by ``"; "`` in the order of ``USE_KEYS``
        (``"shop=mall; amenity=parking"``), ``None`` where a row carries none;
        aligned to ``frame.index``. A ``no`` value is no use.
    """
    tags = tags if tags is not None else tag_columns(frame, USE_KEYS)
    pairs = [
        tags[key].map(
            lambda v, key=key: (
                None if not isinstance(v, str) or v.strip() in ("", "no") else f"{key}={v.strip()}"
            )
        )
        for key in USE_KEYS
    ]
    joined = [
        "; ".join(p for p in row if isinstance(p, str)) or None
        for row in zip(*(p.to_numpy() for p in pairs), strict=True)
    ]
    return pd.Series(joined, index=frame.index, dtype=object)


def buildings_layer(buildings: pd.DataFrame | None) -> gpd.GeoDataFrame:
    """Normalise buildings to the ``buildings`` contract (levels, height and use tags parsed)."""
    buildings = _polygonal(buildings)
    if buildings is None or len(buildings) == 0:
        return empty_layer("buildings")
    tags = tag_columns(buildings, ["building", "building:levels", "height", "name", *USE_KEYS])
    data = {
        "osm_id": _osm_ids(buildings).to_numpy(),
        "building": tags["building"].fillna("yes").astype(str).to_numpy(),
        "levels": tags["building:levels"].map(parse_number).to_numpy(float),
        "height": tags["height"].map(parse_number).to_numpy(float),
        "use": use_tags(buildings, tags).to_numpy(),
        "name": tags["name"].to_numpy(),
    }
    return _as_layer("buildings", data, buildings.geometry.to_numpy())


def grounds_layer(features: pd.DataFrame | None) -> gpd.GeoDataFrame:
    """Normalise areas tagged as in :data:`~servicecircle.inputs.area.GROUND_TAGS` to ``grounds``.

    Buildings are left out (their own tags speak for them, in ``buildings``),
    and so are points and lines. An area with several such tags is kept once,
    under the first key of ``GROUND_TAGS`` it carries.
    """
    features = _polygonal(features)
    if features is None or len(features) == 0:
        return empty_layer("grounds")
    tags = tag_columns(features, ["building", "name", *GROUND_TAGS])
    unbuilt = tags["building"].isna().to_numpy()
    features = features[unbuilt]
    keys = np.full(len(features), None, dtype=object)  # arrays: see premises.tag_basis
    values = keys.copy()
    for key, wanted in GROUND_TAGS.items():
        found = tags[key][unbuilt].to_numpy()
        match = pd.Series(found).isin(wanted).to_numpy() & pd.isna(keys)
        keys[match] = key
        values[match] = found[match]
    kept = pd.notna(keys)
    if not kept.any():
        return empty_layer("grounds")
    features = features[kept]
    data = {
        "osm_id": _osm_ids(features).to_numpy(),
        "key": pd.Series(keys[kept]).astype(str).to_numpy(),
        "value": pd.Series(values[kept]).astype(str).to_numpy(),
        "name": tags["name"][unbuilt][kept].to_numpy(),
    }
    layer = _as_layer("grounds", data, features.geometry.to_numpy())
    return layer.drop_duplicates(subset=["osm_id", "key"]).reset_index(drop=True)


def landuse_layer(landuse: pd.DataFrame | None) -> gpd.GeoDataFrame:
    """Normalise land-use polygons to the ``landuse`` contract."""
    landuse = _polygonal(landuse)
    if landuse is None or len(landuse) == 0:
        return empty_layer("landuse")
    tags = tag_columns(landuse, ["landuse", "name"])
    classified = tags["landuse"].notna().to_numpy()
    landuse = landuse[classified]
    data = {
        "osm_id": _osm_ids(landuse).to_numpy(),
        "landuse": tags["landuse"][classified].astype(str).to_numpy(),
        "name": tags["name"][classified].to_numpy(),
    }
    return _as_layer("landuse", data, landuse.geometry.to_numpy())


def premise_kinds(frame: pd.DataFrame) -> pd.Series:
    """Classify each feature as a candidate-premise kind, or ``None``.

    The first matching kind in :data:`PREMISE_KINDS` wins, so a townhall
    that is also a public building is a ``townhall``.
    """
    kinds = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    tags = tag_columns(frame, [key for rules in PREMISE_KINDS.values() for key in rules])
    for kind, rules in PREMISE_KINDS.items():
        for key, values in rules.items():
            match = tags[key].isin(values) & kinds.isna()
            kinds[match] = kind
    return kinds


_LEVEL_WORDS = {
    8: ("township", "town", "street", "subdistrict", "乡镇", "乡", "镇", "街道", "镇街"),
    10: ("community", "village", "社区", "村", "居委会", "村委会", "社区/村", "村/社区"),
}
_NAME_ZH_COLUMNS = ("name:zh", "name_zh")


def _named_like(frame: pd.DataFrame, candidates: tuple[str, ...]) -> str | None:
    """The first column of ``frame`` named like one of ``candidates`` (any case)."""
    lower = {str(c).strip().lower(): str(c) for c in frame.columns}
    return next((lower[c] for c in candidates if c in lower), None)


def _unit_columns(frame: pd.DataFrame) -> tuple[str, str, float | None]:
    """The name and admin-level columns of a boundaries table, and the level its columns imply.

    OSM tables (with a ``tags`` column or the tags as columns) keep ``name`` and
    ``admin_level``. A planner's table names them as planners do
    (:data:`~servicecircle.inputs.fields.FIELDS`: 名称, 级别, ...); without a
    name column, a community column (社区名称, 村) names communities (level
    10) and a township column (街道名称, 乡镇) townships (8). Named rows in a
    table that also has a township column are communities.
    """
    columns = [str(c) for c in frame.columns]
    if "tags" in columns:
        return "name", "admin_level", None
    level_key = (
        "admin_level" if "admin_level" in columns else field_column(columns, "admin_level")
    ) or "admin_level"
    name_key = "name" if "name" in columns else field_column(columns, "name")
    township = field_column(columns, "township")
    community = field_column(columns, "community")
    if name_key is not None:
        return name_key, level_key, (10.0 if township is not None and community is None else None)
    if community is not None:
        return community, level_key, 10.0
    if township is not None:
        return township, level_key, 8.0
    return "name", level_key, None


def _admin_level(value: Any) -> float:
    """An admin level from a number ("8") or a word a planner writes ("街道", "社区")."""
    if isinstance(value, str):
        word = value.strip().lower()
        for level, words in _LEVEL_WORDS.items():
            if word in words:
                return float(level)
    return parse_number(value)


def boundaries_layer(
    boundaries: pd.DataFrame | None, *, default_level: float | None = None
) -> gpd.GeoDataFrame:
    """Normalise administrative boundaries to the ``boundaries`` contract.

    Names come from the ``name`` and ``name:zh`` tags; in a planner's file also
    from a column named as planners do (``NAME``, 名称, 街道名称, 社区名称, ...;
    see :func:`_unit_columns`) or ``name_zh``. ``admin_level`` (or 级别) is a
    number, or a word: 乡镇/街道/township (8), 社区/村/community/village (10).

    Parameters
    ----------
    boundaries
        OSM boundaries or a planner's polygons.
    default_level
        Level of a planner's polygons when neither a level column nor the name
        columns say it (``None``: such polygons are left out).
    """
    boundaries = _polygonal(boundaries)
    if boundaries is None or len(boundaries) == 0:
        return empty_layer("boundaries")
    name_key, level_key, implied = _unit_columns(boundaries)
    name_zh_key = _named_like(boundaries, _NAME_ZH_COLUMNS) or "name:zh"
    tags = tag_columns(boundaries, ["boundary", level_key, name_key, name_zh_key])
    keep = np.ones(len(boundaries), dtype=bool)
    if "boundary" in boundaries.columns or "tags" in boundaries.columns:
        kind = tags["boundary"]
        keep = (kind.isna() | (kind == "administrative")).to_numpy()
    levels = tags[level_key][keep].map(_admin_level)
    if level_key not in boundaries.columns and "tags" not in boundaries.columns:
        filled = implied if implied is not None else default_level
        levels = levels.fillna(np.nan if filled is None else filled)
    leveled = levels.notna().to_numpy()
    boundaries = boundaries[keep][leveled]
    levels = levels[leveled]
    if len(boundaries) == 0:
        return empty_layer("boundaries")
    data = {
        "osm_id": _osm_ids(boundaries).to_numpy(),
        "admin_level": levels.astype("int64").to_numpy(),
        "name": tags[name_key][keep][leveled].to_numpy(),
        "name_zh": tags[name_zh_key][keep][leveled].to_numpy(),
    }
    return _as_layer("boundaries", data, boundaries.geometry.to_numpy())
