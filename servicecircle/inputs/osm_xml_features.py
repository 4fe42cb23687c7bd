"""osmnx's features table of a parsed OSM XML file, with the way geometries made in bulk.

osmnx's ``features._create_gdf`` (what ``features_from_xml`` builds) makes
every way's geometry with its own shapely constructor; here the geometries of
the ways that matter (the features, and the members of multipolygon and
boundary relations) are made at once from arrays (:func:`shapely.linestrings`,
:func:`shapely.polygons`), by osmnx's rules (``_build_way_geometry``):

* a way whose first and last node are one, not tagged ``area=no``, with a tag
  of osmnx's polygon features (``_POLYGON_FEATURES``: all values, a pass list
  or a block list) is a Polygon, any other way a LineString;
* a way naming an absent node, or too short for its type (a Polygon under 3
  nodes, a LineString under 2), is an empty geometry of its type (shapely
  closes a 3-node ring ``a b a`` once more: ``a b a a``, a valid construction).

Everything else is osmnx's own code on the same records: the feature rows are
the same dicts built by the same steps (so the columns and their order are
the same), relations are built by ``_build_relation_geometry``, and the
table is filtered by ``_filter_features``. The columns are kept as Python
objects (osmnx's table has pandas' pyarrow-backed ``str`` columns, which make
every row selection of the layers cost one array per tag). The parsed
elements are read, not changed (osmnx's function changes them).
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely


def _polygon_tagged(tags: dict[str, str], rules: dict[str, dict[str, Any]]) -> bool:
    """Whether a closed way with ``tags`` is a Polygon for osmnx (``_build_way_geometry``)."""
    if tags.get("area") == "no":
        return False
    for key in tags.keys() & rules.keys():
        rule = rules[key]["polygon"]
        values = rules[key].get("values", set())
        if (
            rule == "all"
            or (rule == "passlist" and tags[key] in values)
            or (rule == "blocklist" and tags[key] not in values)
        ):
            return True
    return False


def way_geometries(
    ways: list[dict[str, Any]], coords: dict[int, tuple[float, float]]
) -> np.ndarray:
    """The geometry osmnx gives each of ``ways`` (each with nodes), ``coords`` by node id.

    ``coords`` are ``(lon, lat)`` as osmnx's ``node_coords``.
    """
    from osmnx.features import _POLYGON_FEATURES

    refs = [way["nodes"] for way in ways]
    sizes = np.array([len(nodes) for nodes in refs], dtype=np.int64)
    area = np.array(
        [
            nodes[0] == nodes[-1] and _polygon_tagged(way["tags"], _POLYGON_FEATURES)
            for way, nodes in zip(ways, refs, strict=True)
        ],
        dtype=bool,
    )
    flat = [coords.get(node) for nodes in refs for node in nodes]
    absent = np.array([xy is None for xy in flat], dtype=bool)
    owner = np.repeat(np.arange(len(ways)), sizes)
    whole = np.bincount(owner[absent], minlength=len(ways)) == 0
    made = whole & np.where(area, sizes >= 3, sizes >= 2)  # shapely closes a 3-node ring again
    taken = made[owner]
    points = np.array([xy for xy, keep in zip(flat, taken.tolist(), strict=True) if keep])
    points = points.reshape(-1, 2).astype(np.float64, copy=False)
    geoms = np.empty(len(ways), dtype=object)
    for polygon in (True, False):
        rows = np.flatnonzero(made & (area == polygon))
        if len(rows) == 0:
            continue
        chosen = points[np.repeat(area[made], sizes[made]) == polygon]
        index = np.repeat(np.arange(len(rows)), sizes[rows])
        if polygon:
            geoms[rows] = shapely.polygons(shapely.linearrings(chosen, indices=index))
        else:
            geoms[rows] = shapely.linestrings(chosen, indices=index)
    for row in np.flatnonzero(~made).tolist():  # osmnx: "Could not build geometry of way"
        geoms[row] = shapely.Polygon() if area[row] else shapely.LineString()
    return geoms


def _without_geometry(tags: dict[str, str]) -> dict[str, str]:
    """``tags`` without a ``geometry`` tag (osmnx drops it: it would replace the geometry)."""
    return {k: v for k, v in tags.items() if k != "geometry"} if "geometry" in tags else tags


def _records(read: dict[str, Any], keys: set[str]) -> list[dict[str, Any]]:
    """The feature rows osmnx's ``_process_features`` builds, from copies of the elements."""
    from osmnx._errors import InsufficientResponseError
    from osmnx.features import _RELATION_TYPES, _build_relation_geometry

    nodes: list[dict[str, Any]] = []  # the feature nodes (copies)
    ways: list[dict[str, Any]] = []  # every way (the originals: read, not changed)
    relations: list[dict[str, Any]] = []  # copies
    coords: dict[int, tuple[float, float]] = {}
    for element in read["elements"]:
        kind = element["type"]
        if kind == "node":
            coords[element["id"]] = (element["lon"], element["lat"])
            if keys & element["tags"].keys():
                nodes.append({**element, "tags": _without_geometry(element["tags"])})
        elif kind == "way":
            ways.append(element)
        elif kind == "relation" and element["tags"].get("type") in _RELATION_TYPES:
            relations.append({**element, "tags": _without_geometry(element["tags"])})
    members = {m["ref"] for r in relations for m in r["members"] if m["type"] == "way"}
    wanted = [
        {**w, "tags": _without_geometry(w["tags"])}
        for w in ways
        if keys & w["tags"].keys() or w["id"] in members
    ]
    geoms = way_geometries(wanted, coords)
    found = []
    for node in nodes:
        node["element"] = node.pop("type")
        node["geometry"] = shapely.Point(node.pop("lon"), node.pop("lat"))
        node.update(node.pop("tags"))
        found.append(node)
    way_geoms = {}
    for way, geom in zip(wanted, geoms, strict=True):
        del way["nodes"]
        way["geometry"] = geom
        way_geoms[way["id"]] = geom
        if keys & way["tags"].keys():
            way["element"] = way.pop("type")
            way.update(way.pop("tags"))
            found.append(way)
    for relation in relations:
        relation["element"] = "relation"
        relation.update(relation.pop("tags"))
        relation["geometry"] = _build_relation_geometry(relation.pop("members"), way_geoms)
        found.append(relation)
    if not found:
        raise InsufficientResponseError(
            "No matching features. Check query location, tags, and log."
        )
    return found


def features_table(read: dict[str, Any], tags: dict[str, Any]) -> gpd.GeoDataFrame | None:
    """The table osmnx's ``_create_gdf([read], Polygon(), tags)`` gives, ``read`` unchanged.

    The same rows, index, columns and values, every column but the geometry
    of dtype ``object`` (the ids too).

    Returns ``None`` when a way that matters has no node (osmnx's own function
    must say what it says of that).

    Raises
    ------
    osmnx._errors.InsufficientResponseError
        When no feature matches ``tags`` (as osmnx).
    """
    import osmnx as ox
    from osmnx.features import _filter_features

    keys = set(tags)
    if any(w["type"] == "way" and not w["nodes"] for w in read["elements"]):
        return None
    # dtype=object: the values osmnx's table holds, as Python objects (osmnx's table
    # infers pandas' str dtype: each row selection of a layer then takes one pyarrow
    # array per tag, about 140 on Nanjing, instead of one object block)
    frame = pd.DataFrame(_records(read, keys), dtype=object)
    gdf = gpd.GeoDataFrame(frame, geometry="geometry", crs=ox.settings.default_crs)
    return _filter_features(gdf.set_index(["element", "id"]).sort_index(), shapely.Polygon(), tags)
