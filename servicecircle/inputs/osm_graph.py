"""Study-area layers from an osmnx graph and osmnx features (OSM XML or online)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from servicecircle.inputs.area import (
    EDGE_TAGS,
    GROUND_TAGS,
    NO_EXTENT,
    PREMISE_KINDS,
    StudyArea,
)
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.data_date import DataDate
from servicecircle.inputs.normalize import (
    boundaries_layer,
    buildings_layer,
    edges_layer,
    grounds_layer,
    landuse_layer,
    nodes_layer,
    tag_values,
)
from servicecircle.inputs.premise_names import DEFAULT_PREMISE_NAMES
from servicecircle.inputs.premises import premises_layer
from servicecircle.inputs.roads import RoadTable


def _wanted_values(key: str) -> list[str]:
    """Values of ``key`` that premises or grounds need (features carrying them are read)."""
    premises = {v for rules in PREMISE_KINDS.values() for v in rules.get(key, [])}
    return sorted(premises | set(GROUND_TAGS.get(key, [])))


FEATURE_TAGS: dict[str, Any] = {
    "building": True,
    "landuse": True,
    "boundary": ["administrative"],
    **{
        key: _wanted_values(key)
        for key in sorted({"amenity", "office", *GROUND_TAGS} - {"building", "landuse"})
    },
    # premises by name: every named feature, kept by premises_layer when a name matches
    **dict.fromkeys(DEFAULT_PREMISE_NAMES.name_keys, True),
}
"""What osmnx reads as features: buildings (every use tag of
:data:`~servicecircle.inputs.area.USE_KEYS` comes with them: osmnx keeps
every tag of a feature it reads), land use, boundaries, premises and grounds."""


@contextmanager
def edge_tags_kept() -> Iterator[None]:
    """Temporarily make osmnx keep every edge tag the ``edges`` contract needs."""
    import osmnx as ox

    saved = list(ox.settings.useful_tags_way)
    ox.settings.useful_tags_way = sorted(set(saved) | set(EDGE_TAGS))
    try:
        yield
    finally:
        ox.settings.useful_tags_way = saved


def simplify_roads(graph: Any) -> Any:
    """Join the pieces of each way between junctions, the same way under any hash seed.

    osmnx's own simplification (``simplify=True``) has two faults here: where
    pieces of *different* ways are joined it keeps their differing tags as
    ``list(set(...))``, whose order (and so the tag read) changes with
    ``PYTHONHASHSEED``; and it drops closed ways that touch nothing else
    (``remove_rings``). Here a node stays a junction wherever the ways
    meeting there differ in OSM id or in any tag of the ``edges`` contract,
    so joined pieces always share one value of every tag, and rings are kept.

    Parameters
    ----------
    graph
        An unsimplified osmnx MultiDiGraph (``simplify=False``).

    Returns
    -------
    networkx.MultiDiGraph
        The simplified graph.
    """
    import osmnx as ox

    return ox.simplify_graph(graph, edge_attrs_differ=["osmid", *EDGE_TAGS], remove_rings=False)


def _one_value(value: Any) -> Any:
    """A tag value that osmnx left as a list: the smallest as text (order-free); others as is."""
    if isinstance(value, list | tuple | set):
        values = sorted(str(v) for v in value if v is not None)
        return values[0] if values else None
    return value


def edges_from_graph(graph: Any) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return (nodes, edges) layers from an osmnx MultiDiGraph built with ``bidirectional=False``.

    osmnx adds both directions of two-way streets (the reverse flagged
    ``reversed=True``) and only the forward direction of one-way streets, with
    ``oneway`` as a boolean. We keep one row per segment and write ``oneway``
    back as an OSM-style ``"yes"``/``"no"``.
    """
    import osmnx as ox

    node_frame, edge_frame = ox.graph_to_gdfs(graph, nodes=True, edges=True)
    edge_frame = edge_frame.reset_index()
    if "reversed" in edge_frame.columns:
        flipped = edge_frame["reversed"].map(lambda r: bool(r[0] if isinstance(r, list) else r))
        edge_frame = edge_frame[~flipped.to_numpy()]
    edge_frame = edge_frame.drop_duplicates(subset=["u", "v", "key"])
    tags = [key for key in EDGE_TAGS if key in edge_frame.columns and key != "oneway"]
    edge_frame = edge_frame.assign(**{key: edge_frame[key].map(_one_value) for key in tags})
    oneway = edge_frame["oneway"].map(lambda r: bool(r[0] if isinstance(r, list) else r))
    edge_frame = edge_frame.assign(oneway=oneway.map({True: "yes", False: "no"}))
    if "osmid" in edge_frame.columns:
        edge_frame = edge_frame.assign(id=edge_frame["osmid"])
    edges = edges_layer(edge_frame)
    node_frame = node_frame.reset_index().rename(columns={"osmid": "id"})
    return nodes_layer(node_frame, edges), edges


def feature_layers(
    features: gpd.GeoDataFrame | None,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Split one osmnx features table into buildings, land use, premises and boundaries."""
    if features is None or len(features) == 0:
        features = gpd.GeoDataFrame({"building": []}, geometry=[], crs=WGS84)
    features = features.reset_index()

    def having(key: str) -> gpd.GeoDataFrame:
        return features[tag_values(features, key).notna().to_numpy()]

    return (
        buildings_layer(having("building")),
        landuse_layer(having("landuse")),
        premises_layer(features),
        boundaries_layer(having("boundary")),
    )


def area_from_graph_and_features(
    graph: Any, features: gpd.GeoDataFrame | None, **stated: Any
) -> StudyArea:
    """Assemble a :class:`StudyArea` from an osmnx graph and features table.

    ``stated`` are the keywords of :func:`area_from_roads_and_features`.
    """
    return area_from_roads_and_features(edges_from_graph(graph), features, **stated)


def area_from_roads_and_features(
    road_layers: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame],
    features: gpd.GeoDataFrame | None,
    *,
    name: str,
    source: str,
    extent: BaseGeometry | None = None,
    extent_basis: str = "data",
    data_date: DataDate | None = None,
) -> StudyArea:
    """Assemble a :class:`StudyArea` from the (nodes, edges) road layers and a features table.

    ``extent`` and ``extent_basis`` are the study extent the input states
    (see :mod:`servicecircle.inputs.area`); ``None`` falls back to the data's.
    ``data_date`` is the date of the data (:mod:`servicecircle.inputs.data_date`).
    """
    roads = RoadTable.from_layers(*road_layers)
    buildings, landuse, premises, boundaries = feature_layers(features)
    grounds = grounds_layer(features.reset_index() if features is not None else None)
    return StudyArea(
        name=name,
        source=source,
        roads=roads,
        buildings=buildings,
        landuse=landuse,
        premises=premises,
        boundaries=boundaries,
        grounds=grounds,
        extent=extent if extent is not None else NO_EXTENT,
        extent_basis=extent_basis if extent is not None else "data",
        data_date=data_date,
    )
