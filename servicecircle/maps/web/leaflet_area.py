"""The study area's layers for the Leaflet page without folium (:mod:`.leaflet`).

The same layers, styles, tooltips and legend rows as the folium
:func:`~servicecircle.maps.web.area_layers.study_area_layers` (land use,
buildings, road network, boundaries, candidate premises), from the same
helpers (:mod:`~servicecircle.maps.web.legend`,
:mod:`~servicecircle.maps.web.geojson`), without importing folium.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import geopandas as gpd

from servicecircle.inputs.area import StudyArea
from servicecircle.maps.style import (
    BOUNDARY,
    BUILDING_COLOR,
    LANDUSE_GROUPS,
    NETWORK_COLOR,
    OTHER_COLOR,
    PREMISE_COLOR,
    PREMISE_COLORS,
)
from servicecircle.maps.web.geojson import features_from_frame, merged_feature, network_feature
from servicecircle.maps.web.leaflet import LeafletLayer
from servicecircle.maps.web.legend import (
    LegendEntry,
    category_colors,
    landuse_group,
    study_area_parts,
    tooltip_properties,
)

MAX_TOOLTIP_BUILDINGS = 20_000


def network_layer(name: str, data: dict[str, Any]) -> LeafletLayer:
    """Thin grey lines for the road network, one feature without tooltips.

    ``data`` is :func:`~servicecircle.maps.web.geojson.network_feature` of the edges.
    """
    style = {"color": NETWORK_COLOR, "weight": 1, "opacity": 0.8}
    legend = (LegendEntry(name, NETWORK_COLOR, "line"),)
    return LeafletLayer(name, data, style, legend=legend, interactive=False)


def _features(
    frame: gpd.GeoDataFrame,
    tooltip: Mapping[str, str] | None,
    *,
    classes: list[str] | None = None,
    simplify_m: float | None = 1.0,
) -> tuple[dict[str, Any], dict[str, str]]:
    """``frame``'s GeoJSON with escaped tooltip properties (and classes ``c``); the fields."""
    text, fields = tooltip_properties(frame, tooltip)
    props: dict[str, list[Any]] = dict(text)
    if classes is not None:
        props["c"] = classes
    return features_from_frame(frame, props, simplify_m=simplify_m), fields


def buildings_layer(
    buildings: gpd.GeoDataFrame, name: str, tooltip: Mapping[str, str]
) -> LeafletLayer:
    """Building footprints in brown; tooltips unless there are too many."""
    style = {
        "color": BUILDING_COLOR,
        "weight": 0.5,
        "fillColor": BUILDING_COLOR,
        "fillOpacity": 0.5,
    }
    legend = (LegendEntry(name, BUILDING_COLOR, "fill"),)
    if len(buildings) > MAX_TOOLTIP_BUILDINGS:
        data = merged_feature(buildings, simplify_m=0.5, precision=6)
        return LeafletLayer(name, data, style, legend=legend, interactive=False)
    data, fields = _features(buildings, tooltip, simplify_m=0.5)
    return LeafletLayer(name, data, style, tooltip=fields, legend=legend)


def landuse_layer(
    landuse: gpd.GeoDataFrame,
    name: str,
    class_labels: Mapping[str, str] | None,
    tooltip: Mapping[str, str],
) -> LeafletLayer:
    """Land-use areas coloured by group (residential, industrial, ...)."""
    labels = {g: g for g in (*LANDUSE_GROUPS, "other")} | dict(class_labels or {})
    colors = {g: c for g, (c, _v) in LANDUSE_GROUPS.items()} | {"other": OTHER_COLOR}
    groups = [landuse_group(v) for v in landuse["landuse"]] if len(landuse) else []
    data, fields = _features(landuse, tooltip, classes=groups)
    present = [g for g in (*LANDUSE_GROUPS, "other") if g in set(groups)]
    legend = tuple(LegendEntry(labels[g], colors[g], "fill") for g in present)
    style = {"weight": 0.5, "fillOpacity": 0.45}
    return LeafletLayer(name, data, style, colors, tooltip=fields, legend=legend)


def boundaries_layer(
    boundaries: gpd.GeoDataFrame, name: str, tooltip: Mapping[str, str]
) -> LeafletLayer:
    """Administrative boundaries (or an uploaded outline) as dashed outlines."""
    color = BOUNDARY.color
    style = {"color": color, "weight": 2, "dashArray": "6 4", "fillOpacity": 0.02}
    data, fields = _features(boundaries, tooltip, simplify_m=2.0)
    return LeafletLayer(
        name, data, style, tooltip=fields, legend=(LegendEntry(name, color, "line"),)
    )


def premises_layer(
    premises: gpd.GeoDataFrame,
    name: str,
    kind_labels: Mapping[str, str] | None,
    tooltip: Mapping[str, str],
) -> LeafletLayer:
    """Candidate premises as small circles coloured by kind (polygons at a point inside)."""
    frame = premises
    if len(frame) and not bool(frame.geom_type.isin(["Point"]).all()):
        frame = frame.set_geometry(frame.geometry.representative_point())
    labelled = frame
    if kind_labels and "kind" in frame.columns:  # the tooltip says the kind's label
        labelled = frame.assign(kind=[kind_labels.get(v, v) for v in frame["kind"]])
    text, fields = tooltip_properties(labelled, tooltip)
    props: dict[str, list[Any]] = dict(text)
    colors: dict[str, str] = {}
    if "kind" in frame.columns and len(frame):
        props["c"], colors, legend = category_colors(
            frame, "kind", name=name, fixed=PREMISE_COLORS, labels=kind_labels
        )
    else:
        props["c"] = [""] * len(frame)
        legend = [LegendEntry(name, PREMISE_COLOR, "point")]
    style = {"color": "#ffffff", "weight": 1, "fill": True, "fillOpacity": 0.9}
    return LeafletLayer(
        name,
        features_from_frame(frame, props),
        style,
        colors or {"": PREMISE_COLOR},
        class_paint=("fillColor",),
        tooltip=fields,
        legend=tuple(legend),
    )


def study_area_layers(
    area: StudyArea,
    *,
    network: dict[str, Any] | None = None,
    labels: Mapping[str, str] | None = None,
    landuse_labels: Mapping[str, str] | None = None,
    premise_labels: Mapping[str, str] | None = None,
    names_in: str = "en",
    extra_boundaries: Mapping[str, gpd.GeoDataFrame] | None = None,
) -> list[LeafletLayer]:
    """Layers for a study area: land use, buildings, network, boundaries, premises.

    Parameters
    ----------
    area
        The study area.
    network
        The road network's GeoJSON when the caller keeps it
        (:func:`~servicecircle.maps.web.geojson.network_feature`); made here otherwise.
    labels
        Overrides for :data:`STUDY_AREA_LABELS` (layer names and field labels).
    landuse_labels, premise_labels
        Land-use group -> label, premise kind -> label.
    names_in
        Language of the boundary names shown (:func:`~servicecircle.inputs.naming.boundary_names`:
        ``"zh"`` the Chinese name where a boundary has one, else its name).
    extra_boundaries
        Name -> outlines drawn on top as boundaries (an uploaded study boundary).

    Returns
    -------
    list of LeafletLayer
        Bottom to top; empty layers are left out.
    """
    layers: list[LeafletLayer] = []
    for part in study_area_parts(
        area, labels=labels, landuse_labels=landuse_labels, names_in=names_in
    ):
        frame, name, tooltip = part.frame, part.name, part.tooltip
        if part.kind == "network":
            layers.append(
                network_layer(name, network if network is not None else network_feature(area.edges))
            )
        elif part.kind == "landuse":
            layers.append(landuse_layer(frame, name, landuse_labels, tooltip))
        elif part.kind == "buildings":
            layers.append(buildings_layer(frame, name, tooltip))
        elif part.kind == "boundaries":
            layers.append(boundaries_layer(frame, name, tooltip))
        else:
            layers.append(premises_layer(frame, name, premise_labels, tooltip))
    for name, outline in (extra_boundaries or {}).items():
        layers.append(boundaries_layer(outline, name, {}))
    return layers
