"""Layer builders: study area, demand, outlets, service areas, gaps, chosen sites.

Each builder returns a :class:`MapLayer` (a folium ``FeatureGroup`` plus its
legend entries). Labels are arguments, so the caller picks the language.

Untrusted text (names from OSM or uploads) only reaches the map as GeoJSON
properties, HTML-escaped with :func:`~servicecircle.webmap.geojson.escape_text`,
and is shown through ``folium.GeoJsonTooltip``; folium embeds GeoJSON with
``<``, ``>`` and ``&`` escaped, so no name can inject markup or script. Never put
untrusted text in ``folium.Tooltip``/``folium.Popup`` (they paste text into
JavaScript source).
"""

from __future__ import annotations

import html
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import folium
import folium.elements
import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.sources.area import StudyArea
from servicecircle.webmap.geojson import escape_text, features_from_frame, merged_feature

logger = logging.getLogger(__name__)

NETWORK_COLOR: Final = "#8c8c8c"
BUILDING_COLOR: Final = "#a1887f"
BOUNDARY_COLOR: Final = "#6a1b9a"
PREMISE_COLOR: Final = "#00838f"
DEMAND_COLOR: Final = "#e65100"
GAP_COLOR: Final = "#c62828"
SITE_COLOR: Final = "#1565c0"
OTHER_COLOR: Final = "#bdbdbd"

LANDUSE_GROUPS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "residential": ("#f4c27a", ("residential",)),
    "industrial": ("#b39ddb", ("industrial", "port", "quarry")),
    "commercial": ("#ef9a9a", ("commercial",)),
    "retail": ("#f48fb1", ("retail",)),
    "green": (
        "#a5d6a7",
        (
            "grass",
            "meadow",
            "farmland",
            "forest",
            "orchard",
            "vineyard",
            "allotments",
            "village_green",
            "recreation_ground",
            "cemetery",
            "greenfield",
            "farmyard",
            "plant_nursery",
        ),
    ),
}
"""Display group -> (colour, OSM ``landuse`` values); anything else is "other"."""

PREMISE_COLORS: Final[dict[str, str]] = {
    "community_centre": "#00838f",
    "townhall": "#283593",
    "social_facility": "#2e7d32",
    "public_building": "#6d4c41",
    "government": "#37474f",
    "marketplace": "#ef6c00",
    "employment_service": "#c62828",
    "gig_market": "#f9a825",
    "community_service": "#00695c",
    "community_committee": "#4527a0",
    "subdistrict_office": "#1565c0",
}

CATEGORY_PALETTE: Final[tuple[str, ...]] = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
)
"""Colours for categories without a fixed colour (outlet types, ...)."""

ISOCHRONE_RAMP: Final[tuple[str, ...]] = ("#006d2c", "#31a354", "#74c476", "#bae4b3", "#edf8e9")
"""Nearest break first: darker is closer."""


@dataclass(frozen=True)
class LegendEntry:
    """One row of the legend.

    Attributes
    ----------
    label
        Text (plain; escaped when drawn).
    color
        CSS colour.
    shape
        ``"fill"`` (area), ``"line"`` or ``"point"``.
    """

    label: str
    color: str
    shape: str = "fill"


@dataclass(frozen=True, eq=False)
class MapLayer:
    """A map layer and its legend entries.

    Attributes
    ----------
    group
        A ``folium.FeatureGroup`` holding the layer's features; its name is
        the layer's entry in the layer control.
    legend
        Legend rows for this layer (may be empty).
    """

    group: folium.FeatureGroup
    legend: tuple[LegendEntry, ...] = ()


def _group(name: str, *, show: bool) -> folium.FeatureGroup:
    return folium.FeatureGroup(name=escape_text(name), show=show)


def _tooltip(fields: Mapping[str, str]) -> folium.GeoJsonTooltip | None:
    if not fields:
        return None
    return folium.GeoJsonTooltip(
        fields=list(fields), aliases=[escape_text(a) for a in fields.values()], sticky=True
    )


def _tooltip_properties(
    frame: pd.DataFrame, tooltip: Mapping[str, str] | None
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Escaped text properties ``t0, t1, ...`` for the tooltip columns present."""
    props: dict[str, list[str]] = {}
    fields: dict[str, str] = {}
    for i, (column, label) in enumerate((tooltip or {}).items()):
        if column not in frame.columns:
            continue
        key = f"t{i}"
        props[key] = [escape_text(v) for v in frame[column]]
        fields[key] = label
    return props, fields


def _style(**style: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda _feature: dict(style)


def _class_style(
    colors: Mapping[str, str], *, base: Mapping[str, Any], color_keys: Sequence[str]
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def style(feature: dict[str, Any]) -> dict[str, Any]:
        color = colors.get(feature["properties"].get("c", ""), OTHER_COLOR)
        out = dict(base)
        for key in color_keys:
            out[key] = color
        return out

    return style


NETWORK_SIMPLIFY_M = 2.0
NETWORK_PRECISION = 5


def network_feature(edges: gpd.GeoDataFrame) -> dict[str, Any]:
    """The GeoJSON :func:`network_layer` draws (compute once and pass it as ``data``)."""
    return merged_feature(edges, simplify_m=NETWORK_SIMPLIFY_M, precision=NETWORK_PRECISION)


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
    group = _group(name, show=show)
    if data is None:
        if edges is None:
            raise ValueError("network_layer needs the edges or their GeoJSON (data=...)")
        data = merged_feature(edges, simplify_m=simplify_m, precision=NETWORK_PRECISION)
    folium.GeoJson(
        data,
        style_function=_style(color=NETWORK_COLOR, weight=1, opacity=0.8),
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
    group = _group(name, show=show)
    style = _style(color=BUILDING_COLOR, weight=0.5, fillColor=BUILDING_COLOR, fillOpacity=0.5)
    if len(buildings) > max_tooltip_features or not tooltip:
        data = merged_feature(buildings, simplify_m=simplify_m, precision=6)
        folium.GeoJson(data, style_function=style, interactive=False).add_to(group)
    else:
        props, fields = _tooltip_properties(buildings, tooltip)
        data = features_from_frame(buildings, props, simplify_m=simplify_m)
        folium.GeoJson(data, style_function=style, tooltip=_tooltip(fields)).add_to(group)
    return MapLayer(group, (LegendEntry(name, BUILDING_COLOR, "fill"),))


def landuse_group(value: object) -> str:
    """Return the display group (a :data:`LANDUSE_GROUPS` key or ``"other"``)."""
    for group, (_color, values) in LANDUSE_GROUPS.items():
        if value in values:
            return group
    return "other"


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
    props, fields = _tooltip_properties(landuse, tooltip)
    props["c"] = groups
    data = features_from_frame(landuse, props, simplify_m=simplify_m)
    group = _group(name, show=show)
    folium.GeoJson(
        data,
        style_function=_class_style(
            colors,
            base={"weight": 0.5, "fillOpacity": 0.45},
            color_keys=("color", "fillColor"),
        ),
        tooltip=_tooltip(fields),
    ).add_to(group)
    present = [g for g in (*LANDUSE_GROUPS, "other") if g in set(groups)]
    legend = tuple(LegendEntry(labels[g], colors[g], "fill") for g in present)
    return MapLayer(group, legend)


def points_layer(
    points: gpd.GeoDataFrame,
    *,
    name: str,
    color: str = PREMISE_COLOR,
    category: str | None = None,
    category_colors: Mapping[str, str] | None = None,
    category_labels: Mapping[str, str] | None = None,
    tooltip: Mapping[str, str] | None = None,
    radius: float = 5.0,
    radius_column: str | None = None,
    show: bool = True,
) -> MapLayer:
    """Circle markers, one colour or one colour per category, with tooltips.

    Polygons are drawn at their representative point.

    Parameters
    ----------
    category
        Column whose values pick the colour (``category_colors``, else
        :data:`CATEGORY_PALETTE` in order of first appearance).
    category_labels
        Category value -> legend label.
    tooltip
        Column -> label (escaped).
    radius_column
        Numeric column scaled to radii of 3..14 px by square root (area ∝ value).
    """
    frame = points
    if len(frame) and not bool(frame.geom_type.isin(["Point"]).all()):
        frame = frame.set_geometry(frame.geometry.representative_point())
    labelled = frame
    if category is not None and category_labels and category in frame.columns:
        # a tooltip showing the category says its label, as the legend does
        labelled = frame.assign(**{category: [category_labels.get(v, v) for v in frame[category]]})
    text_props, fields = _tooltip_properties(labelled, tooltip)
    props: dict[str, list[Any]] = dict(text_props)
    legend: list[LegendEntry] = []
    colors: dict[str, str] = {}
    if category is not None and category in frame.columns and len(frame):
        values = [escape_text(v) or "other" for v in frame[category]]
        for value in dict.fromkeys(values):
            raw = html.unescape(value)
            fixed = (category_colors or {}).get(raw)
            colors[value] = fixed or CATEGORY_PALETTE[len(colors) % len(CATEGORY_PALETTE)]
            label = (category_labels or {}).get(raw, raw)
            legend.append(LegendEntry(f"{name}: {label}", colors[value], "point"))
        props["c"] = values
    else:
        props["c"] = [""] * len(frame)
        legend.append(LegendEntry(name, color, "point"))
    if radius_column is not None and radius_column in frame.columns and len(frame):
        weights = pd.to_numeric(frame[radius_column], errors="coerce").fillna(0.0).clip(lower=0)
        top = float(weights.max()) or 1.0
        props["r"] = [round(3.0 + 11.0 * math.sqrt(w / top), 1) for w in weights]
    data = features_from_frame(frame, props)

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        c = colors.get(feature["properties"].get("c", ""), color)
        out = {"color": "#ffffff", "weight": 1, "fill": True, "fillColor": c, "fillOpacity": 0.9}
        if "r" in feature["properties"]:
            out["radius"] = feature["properties"]["r"]
        return out

    group = _group(name, show=show)
    folium.GeoJson(
        data,
        marker=folium.CircleMarker(radius=radius, fill=True),
        style_function=style,
        tooltip=_tooltip(fields),
    ).add_to(group)
    return MapLayer(group, tuple(legend))


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
    """Administrative boundaries as dashed purple outlines."""
    props, fields = _tooltip_properties(boundaries, tooltip)
    data = features_from_frame(boundaries, props, simplify_m=simplify_m)
    group = _group(name, show=show)
    folium.GeoJson(
        data,
        style_function=_style(color=BOUNDARY_COLOR, weight=2, dashArray="6 4", fillOpacity=0.02),
        tooltip=_tooltip(fields),
    ).add_to(group)
    return MapLayer(group, (LegendEntry(name, BOUNDARY_COLOR, "line"),))


STUDY_AREA_LABELS: Final[dict[str, str]] = {
    "edges": "Road network",
    "buildings": "Buildings",
    "landuse": "Land use",
    "premises": "Candidate premises",
    "boundaries": "Boundaries",
    "name": "Name",
    "type": "Type",
    "class": "Class",
    "levels": "Levels",
    "kind": "Kind",
    "admin_level": "Admin level",
}
"""Default (English) labels for :func:`study_area_layers`."""


def study_area_layers(
    area: StudyArea,
    *,
    labels: Mapping[str, str] | None = None,
    landuse_labels: Mapping[str, str] | None = None,
    premise_labels: Mapping[str, str] | None = None,
    name_column: str = "name",
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
    name_column
        Boundary name column to show (``"name"`` or ``"name_zh"``).

    Returns
    -------
    list of MapLayer
        Bottom to top; empty layers are left out.
    """
    lab = STUDY_AREA_LABELS | dict(labels or {})
    layers: list[MapLayer] = []
    if len(area.landuse):
        layers.append(
            landuse_layer(
                area.landuse,
                name=lab["landuse"],
                class_labels=landuse_labels,
                tooltip={"landuse": lab["class"], "name": lab["name"]},
            )
        )
    if len(area.buildings):
        layers.append(
            buildings_layer(
                area.buildings,
                name=lab["buildings"],
                tooltip={"name": lab["name"], "building": lab["type"], "levels": lab["levels"]},
            )
        )
    if len(area.edges):
        layers.append(network_layer(area.edges, name=lab["edges"]))
    if len(area.boundaries):
        column = name_column if name_column in area.boundaries.columns else "name"
        layers.append(
            boundaries_layer(
                area.boundaries,
                name=lab["boundaries"],
                tooltip={column: lab["name"], "admin_level": lab["admin_level"]},
            )
        )
    if len(area.premises):
        layers.append(
            premises_layer(
                area.premises,
                name=lab["premises"],
                kind_labels=premise_labels,
                tooltip={"name": lab["name"], "kind": lab["kind"]},
            )
        )
    return layers


DEMAND_CLASS_COLORS: Final[dict[str, str]] = {
    "residential": "#e65100",
    "industrial": "#6a1b9a",
    "relocation": "#c2185b",
    "user": "#00897b",
}
"""Colour of each demand class (``servicecircle.demand.DEMAND_CLASSES``)."""


def demand_layer(
    demand: gpd.GeoDataFrame,
    *,
    name: str = "Demand",
    weight_column: str = "people",
    class_column: str | None = "class",
    class_labels: Mapping[str, str] | None = None,
    tooltip: Mapping[str, str] | None = None,
    show: bool = True,
) -> MapLayer:
    """Demand units as circles sized by weight, coloured by class.

    Polygons are drawn at their representative point.

    Parameters
    ----------
    weight_column
        People (or another weight) per unit; circle area grows with it.
    class_column
        Demand class column (colours from :data:`DEMAND_CLASS_COLORS`);
        ``None`` for one colour.
    class_labels
        Class -> legend label.
    """
    has_class = class_column is not None and class_column in demand.columns
    return points_layer(
        demand,
        name=name,
        color=DEMAND_COLOR,
        category=class_column if has_class else None,
        category_colors=DEMAND_CLASS_COLORS,
        category_labels=class_labels,
        tooltip=tooltip,
        radius_column=weight_column,
        show=show,
    )


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
    props, fields = _tooltip_properties(areas, tooltip)
    props["c"] = classes
    data = features_from_frame(areas, props, simplify_m=simplify_m)
    group = _group(name, show=show)
    folium.GeoJson(
        data,
        style_function=_class_style(
            colors,
            base={"weight": 2, "fillOpacity": 0.25, "dashArray": "4 3"},
            color_keys=("color", "fillColor"),
        ),
        tooltip=_tooltip(fields),
    ).add_to(group)
    present = list(dict.fromkeys(c for c in classes if c))
    legend = tuple(
        LegendEntry(f"{name}: {(class_labels or {}).get(c, c)}", colors.get(c, OTHER_COLOR), "fill")
        for c in present
    )
    return MapLayer(group, legend)


def outlets_layer(
    outlets: gpd.GeoDataFrame,
    *,
    name: str = "Existing outlets",
    type_column: str = "outlet_type",
    type_labels: Mapping[str, str] | None = None,
    type_colors: Mapping[str, str] | None = None,
    tooltip: Mapping[str, str] | None = None,
    show: bool = True,
) -> MapLayer:
    """Existing outlets as large circles coloured by outlet type."""
    return points_layer(
        outlets,
        name=name,
        category=type_column,
        category_colors=type_colors,
        category_labels=type_labels,
        tooltip=tooltip,
        radius=8.0,
        show=show,
    )


def _hex_rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def ramp_colors(n: int) -> list[str]:
    """Return ``n`` colours along :data:`ISOCHRONE_RAMP`, darkest (nearest) first."""
    if n <= 0:
        return []
    if n == 1:
        return [ISOCHRONE_RAMP[1]]
    stops = [_hex_rgb(c) for c in ISOCHRONE_RAMP[:-1]]  # the last stop is too pale
    out = []
    for i in range(n):
        pos = i * (len(stops) - 1) / (n - 1)
        lo = min(int(pos), len(stops) - 2)
        frac = pos - lo
        rgb = [round(a + (b - a) * frac) for a, b in zip(stops[lo], stops[lo + 1], strict=True)]
        out.append("#{:02x}{:02x}{:02x}".format(*rgb))
    return out


BEYOND_COLOR: Final = "#f46d43"
"""Colour of values beyond the last class (e.g. farther than the largest break)."""

MISSING_COLOR: Final = "#a50026"
"""Colour of missing values (e.g. demand no outlet reaches at all)."""


def classed_layer(
    frame: gpd.GeoDataFrame,
    value_column: str,
    *,
    bins: Sequence[float],
    colors: Sequence[str],
    labels: Sequence[str],
    name: str,
    missing_label: str | None = None,
    missing_color: str = MISSING_COLOR,
    tooltip: Mapping[str, str] | None = None,
    fill_opacity: float = 0.6,
    show: bool = True,
    simplify_m: float = 1.0,
) -> MapLayer:
    """Polygons filled by the class of a value (a choropleth or a hexagon grid).

    Class ``i`` holds values ``<= bins[i]`` (and above ``bins[i - 1]``); values
    above the last bin fall in class ``len(bins)``. So ``colors`` and
    ``labels`` have ``len(bins) + 1`` entries (the last for "beyond"). Missing
    values get ``missing_color`` / ``missing_label``.

    Parameters
    ----------
    value_column
        Numeric column; NaN marks a missing value.
    bins
        Ascending upper bounds of the classes.
    tooltip
        Column -> label (escaped).
    """
    if len(colors) != len(bins) + 1 or len(labels) != len(bins) + 1:
        raise ValueError("colors and labels need one entry per bin plus one for 'beyond'")
    values = pd.to_numeric(frame[value_column], errors="coerce").to_numpy(float)
    index = np.searchsorted(np.asarray(bins, dtype=float), values, side="left")
    classes = [str(i) if np.isfinite(v) else "missing" for i, v in zip(index, values, strict=True)]
    color_of = {str(i): c for i, c in enumerate(colors)} | {"missing": missing_color}
    props, fields = _tooltip_properties(frame, tooltip)
    props["c"] = classes
    data = features_from_frame(frame, props, simplify_m=simplify_m)
    group = _group(name, show=show)
    folium.GeoJson(
        data,
        style_function=_class_style(
            color_of,
            base={"weight": 0.5, "fillOpacity": fill_opacity, "opacity": 0.6},
            color_keys=("color", "fillColor"),
        ),
        tooltip=_tooltip(fields),
    ).add_to(group)
    present = set(classes)
    legend = [
        LegendEntry(label, colors[i], "fill") for i, label in enumerate(labels) if str(i) in present
    ]
    if "missing" in present:
        legend.append(LegendEntry(missing_label or "–", missing_color, "fill"))
    return MapLayer(group, tuple(legend))


def minutes_classes(breaks: Sequence[float]) -> tuple[list[float], list[str]]:
    """Bins and colours for minutes: one per break (darker is nearer) plus "beyond"."""
    bins = sorted(float(b) for b in breaks)
    return bins, [*ramp_colors(len(bins)), BEYOND_COLOR]


def isochrones_layer(
    isochrones: gpd.GeoDataFrame,
    *,
    name: str = "Service areas",
    minutes_column: str = "minutes",
    minutes_label: str = "≤ {minutes} min",
    tooltip: Mapping[str, str] | None = None,
    show: bool = True,
    simplify_m: float = 2.0,
) -> MapLayer:
    """Service-area polygons, one colour per break (darker is nearer).

    Larger breaks are drawn first so nearer bands stay visible on top.

    Parameters
    ----------
    minutes_column
        Column holding each polygon's break in minutes.
    minutes_label
        Legend label format with a ``{minutes}`` field.
    """
    breaks = sorted({float(v) for v in isochrones[minutes_column]}) if len(isochrones) else []
    colors = dict(zip(breaks, ramp_colors(len(breaks)), strict=True))
    order = isochrones.assign(_b=isochrones[minutes_column].astype(float)).sort_values(
        "_b", ascending=False, kind="stable"
    )
    props, fields = _tooltip_properties(order, tooltip)
    props["c"] = [f"{b:g}" for b in order["_b"]]
    data = features_from_frame(order, props, simplify_m=simplify_m)
    by_key = {f"{b:g}": c for b, c in colors.items()}
    group = _group(name, show=show)
    folium.GeoJson(
        data,
        style_function=_class_style(
            by_key,
            base={"weight": 1, "fillOpacity": 0.35, "opacity": 0.8},
            color_keys=("color", "fillColor"),
        ),
        tooltip=_tooltip(fields),
    ).add_to(group)
    legend = tuple(
        LegendEntry(minutes_label.format(minutes=f"{b:g}"), colors[b], "fill") for b in breaks
    )
    return MapLayer(group, legend)


def _rank_marker(lat: float, lon: float, rank: int, color: str) -> folium.Marker:
    label = (
        f'<div style="background:{color};color:#fff;border:2px solid #fff;border-radius:50%;'
        "box-sizing:border-box;width:22px;height:22px;display:flex;align-items:center;"
        "justify-content:center;font:bold 11px sans-serif;"
        f'box-shadow:0 0 3px rgba(0,0,0,.5)">{int(rank)}</div>'
    )
    return folium.Marker(
        [lat, lon],
        icon=folium.DivIcon(
            html=label, icon_size=(22, 22), icon_anchor=(11, 11), class_name="sc-rank"
        ),
        interactive=False,
    )


def _ranked_layer(
    frame: gpd.GeoDataFrame,
    *,
    name: str,
    color: str,
    rank_column: str,
    tooltip: Mapping[str, str] | None,
    max_labels: int,
    show: bool,
    simplify_m: float,
) -> MapLayer:
    ranked = frame.sort_values(rank_column, kind="stable") if len(frame) else frame
    props, fields = _tooltip_properties(ranked, tooltip)
    data = features_from_frame(ranked, props, simplify_m=simplify_m)
    group = _group(name, show=show)
    folium.GeoJson(
        data,
        marker=folium.CircleMarker(radius=9, fill=True),
        style_function=_style(color=color, weight=2, fill=True, fillColor=color, fillOpacity=0.35),
        tooltip=_tooltip(fields),
    ).add_to(group)
    if len(ranked):
        anchors = ranked.geometry.representative_point()
        if ranked.crs is not None and not ranked.crs.equals("EPSG:4326"):
            anchors = anchors.to_crs("EPSG:4326")
        for rank, point in list(zip(ranked[rank_column], anchors, strict=True))[:max_labels]:
            if point is None or point.is_empty or pd.isna(rank):
                continue
            _rank_marker(point.y, point.x, int(rank), color).add_to(group)
    shape = "point" if len(ranked) and bool((ranked.geom_type == "Point").all()) else "fill"
    return MapLayer(group, (LegendEntry(name, color, shape),))


def gaps_layer(
    gaps: gpd.GeoDataFrame,
    *,
    name: str = "Gaps",
    rank_column: str = "rank",
    tooltip: Mapping[str, str] | None = None,
    max_labels: int = 50,
    show: bool = True,
    simplify_m: float = 2.0,
) -> MapLayer:
    """Uncovered areas or points in red, labelled with their rank (1 = worst)."""
    return _ranked_layer(
        gaps,
        name=name,
        color=GAP_COLOR,
        rank_column=rank_column,
        tooltip=tooltip,
        max_labels=max_labels,
        show=show,
        simplify_m=simplify_m,
    )


def sites_layer(
    sites: gpd.GeoDataFrame,
    *,
    name: str = "Proposed sites",
    order_column: str = "order",
    tooltip: Mapping[str, str] | None = None,
    max_labels: int = 200,
    show: bool = True,
) -> MapLayer:
    """Chosen sites in blue, numbered by ``order_column`` (e.g. order of choice)."""
    frame = sites
    if order_column not in frame.columns:
        frame = frame.assign(**{order_column: np.arange(1, len(frame) + 1)})
    return _ranked_layer(
        frame,
        name=name,
        color=SITE_COLOR,
        rank_column=order_column,
        tooltip=tooltip,
        max_labels=max_labels,
        show=show,
        simplify_m=0.0,
    )
