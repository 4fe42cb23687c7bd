"""Layers of a study area: road network, buildings, land use, boundaries, premises, areas."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import folium
import geopandas as gpd

from servicecircle.inputs.area import StudyArea
from servicecircle.maps.style import (
    BOUNDARY,
    BUILDING_COLOR,
    DEMAND_CLASS_COLORS,
    LANDUSE_GROUPS,
    NETWORK_COLOR,
    OTHER_COLOR,
    PREMISE_COLORS,
)
from servicecircle.maps.web.geojson import (
    NETWORK_PRECISION,
    NETWORK_SIMPLIFY_M,
    merged_feature,
)
from servicecircle.maps.web.layers import (
    MapLayer,
    class_style,
    features_layer,
    fixed_style,
    new_group,
    points_layer,
)
from servicecircle.maps.web.legend import (
    LegendEntry,
    landuse_group,
    study_area_parts,
)


def network_layer(
    edges: gpd.GeoDataFrame | None,
    *,
    name: str = "Road network",
    show: bool = True,
    simplify_m: float = NETWORK_SIMPLIFY_M,
    data: dict[str, Any] | None = None,
) -> MapLayer:
    """Thin grey lines for the road network, as one feature (no tooltips).

    ``data`` is the GeoJSON from :func:`network_feature`, when the caller keeps
    it (a county's network takes a noticeable part of a second to convert);
    then ``edges`` is not read. Folium may add ids to ``data``: pass a copy
    you do not share.
    """
    group = new_group(name, show=show)
    if data is None:
        if edges is None:
            raise ValueError("network_layer needs the edges or their GeoJSON (data=...)")
        data = merged_feature(edges, simplify_m=simplify_m, precision=NETWORK_PRECISION)
    folium.GeoJson(
        data,
        style_function=fixed_style(color=NETWORK_COLOR, weight=1, opacity=0.8),
        interactive=False,
    ).add_to(group)
    return MapLayer(group, (LegendEntry(name, NETWORK_COLOR, "line"),))


def buildings_layer(
    buildings: gpd.GeoDataFrame,
    *,
    name: str = "Buildings",
    tooltip: Mapping[str, str] | None = None,
    show: bool = True,
    max_tooltip_features: int = 20_000,
    simplify_m: float = 0.5,
) -> MapLayer:
    """Building footprints in brown; tooltips (column -> label) if not too many."""
    style = fixed_style(color=BUILDING_COLOR, weight=0.5, fillColor=BUILDING_COLOR, fillOpacity=0.5)
    if len(buildings) > max_tooltip_features or not tooltip:
        group = new_group(name, show=show)
        data = merged_feature(buildings, simplify_m=simplify_m, precision=6)
        folium.GeoJson(data, style_function=style, interactive=False).add_to(group)
    else:
        group = features_layer(
            buildings, name=name, style=style, tooltip=tooltip, show=show, simplify_m=simplify_m
        )
    return MapLayer(group, (LegendEntry(name, BUILDING_COLOR, "fill"),))


def landuse_layer(
    landuse: gpd.GeoDataFrame,
    *,
    name: str = "Land use",
    class_labels: Mapping[str, str] | None = None,
    tooltip: Mapping[str, str] | None = None,
    show: bool = True,
    simplify_m: float = 1.0,
) -> MapLayer:
    """Land-use areas coloured by group (residential, industrial, ...).

    Parameters
    ----------
    class_labels
        Group -> legend label (keys of :data:`LANDUSE_GROUPS` and ``"other"``).
    tooltip
        Column -> label for the tooltip, e.g. ``{"landuse": "Class"}``.
    """
    labels = {g: g for g in (*LANDUSE_GROUPS, "other")} | dict(class_labels or {})
    colors = {g: c for g, (c, _v) in LANDUSE_GROUPS.items()} | {"other": OTHER_COLOR}
    groups = [landuse_group(v) for v in landuse["landuse"]] if len(landuse) else []
    group = features_layer(
        landuse,
        name=name,
        style=class_style(colors, weight=0.5, fillOpacity=0.45),
        tooltip=tooltip,
        classes=groups,
        show=show,
        simplify_m=simplify_m,
    )
    present = [g for g in (*LANDUSE_GROUPS, "other") if g in set(groups)]
    legend = tuple(LegendEntry(labels[g], colors[g], "fill") for g in present)
    return MapLayer(group, legend)


def premises_layer(
    premises: gpd.GeoDataFrame,
    *,
    name: str = "Candidate premises",
    kind_labels: Mapping[str, str] | None = None,
    tooltip: Mapping[str, str] | None = None,
    show: bool = True,
) -> MapLayer:
    """Candidate premises as small circles coloured by kind."""
    return points_layer(
        premises,
        name=name,
        category="kind",
        category_colors=PREMISE_COLORS,
        category_labels=kind_labels,
        tooltip=tooltip,
        radius=4.0,
        show=show,
    )


def boundaries_layer(
    boundaries: gpd.GeoDataFrame,
    *,
    name: str = "Boundaries",
    tooltip: Mapping[str, str] | None = None,
    show: bool = True,
    simplify_m: float = 2.0,
) -> MapLayer:
    """Administrative boundaries as dashed outlines."""
    color = BOUNDARY.color
    group = features_layer(
        boundaries,
        name=name,
        style=fixed_style(color=color, weight=2, dashArray="6 4", fillOpacity=0.02),
        tooltip=tooltip,
        show=show,
        simplify_m=simplify_m,
    )
    return MapLayer(group, (LegendEntry(name, color, "line"),))


def areas_layer(
    areas: gpd.GeoDataFrame,
    *,
    name: str = "Areas",
    class_column: str = "class",
    class_colors: Mapping[str, str] | None = None,
    class_labels: Mapping[str, str] | None = None,
    tooltip: Mapping[str, str] | None = None,
    show: bool = True,
    simplify_m: float = 1.0,
) -> MapLayer:
    """Polygons (demand areas, drawn or uploaded areas) filled by class.

    Parameters
    ----------
    class_column
        Column whose value picks the colour (default :data:`DEMAND_CLASS_COLORS`).
    class_labels
        Class -> legend label.
    """
    colors = dict(DEMAND_CLASS_COLORS) | dict(class_colors or {})
    classes = (
        [str(v) for v in areas[class_column]]
        if class_column in areas.columns
        else [""] * len(areas)
    )
    group = features_layer(
        areas,
        name=name,
        style=class_style(colors, weight=2, fillOpacity=0.25, dashArray="4 3"),
        tooltip=tooltip,
        classes=classes,
        show=show,
        simplify_m=simplify_m,
    )
    present = list(dict.fromkeys(c for c in classes if c))
    legend = tuple(
        LegendEntry(f"{name}: {(class_labels or {}).get(c, c)}", colors.get(c, OTHER_COLOR), "fill")
        for c in present
    )
    return MapLayer(group, legend)


def study_area_layers(
    area: StudyArea,
    *,
    labels: Mapping[str, str] | None = None,
    landuse_labels: Mapping[str, str] | None = None,
    premise_labels: Mapping[str, str] | None = None,
    names_in: str = "en",
) -> list[MapLayer]:
    """Layers for a study area: land use, buildings, network, boundaries, premises.

    Parameters
    ----------
    area
        The study area.
    labels
        Overrides for :data:`STUDY_AREA_LABELS` (layer names and field labels).
    landuse_labels
        Land-use group -> label (see :func:`landuse_layer`).
    premise_labels
        Premise kind -> label.
    names_in
        Language of the boundary names shown (:func:`~servicecircle.inputs.naming.boundary_names`:
        ``"zh"`` the Chinese name where a boundary has one, else its name).

    Returns
    -------
    list of MapLayer
        Bottom to top; empty layers are left out.
    """
    layers: list[MapLayer] = []
    for part in study_area_parts(
        area, labels=labels, landuse_labels=landuse_labels, names_in=names_in
    ):
        frame, name, tooltip = part.frame, part.name, part.tooltip
        if part.kind == "network":
            layers.append(network_layer(area.edges, name=name))
        elif part.kind == "landuse":
            layers.append(
                landuse_layer(frame, name=name, class_labels=landuse_labels, tooltip=tooltip)
            )
        elif part.kind == "buildings":
            layers.append(buildings_layer(frame, name=name, tooltip=tooltip))
        elif part.kind == "boundaries":
            layers.append(boundaries_layer(frame, name=name, tooltip=tooltip))
        else:
            layers.append(
                premises_layer(frame, name=name, kind_labels=premise_labels, tooltip=tooltip)
            )
    return layers
