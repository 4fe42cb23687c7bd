"""Layer building blocks: :class:`MapLayer`, tooltips, points and classed polygons.

Each builder returns a :class:`MapLayer` (a folium ``FeatureGroup`` plus its
legend entries). Labels are arguments, so the caller picks the language; colours
and symbols come from :mod:`servicecircle.maps.style`. The study-area layers are
in :mod:`~servicecircle.maps.web.area_layers`, the results in
:mod:`~servicecircle.maps.web.result_layers`.

Untrusted text (names from OSM or uploads) only reaches the map as GeoJSON
properties, HTML-escaped with :func:`~servicecircle.maps.web.geojson.escape_text`,
and is shown through ``folium.GeoJsonTooltip``; folium embeds GeoJSON with
``<``, ``>`` and ``&`` escaped, so no name can inject markup or script. Never put
untrusted text in ``folium.Tooltip``/``folium.Popup`` (they paste text into
JavaScript source).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import folium.elements
import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.maps.style import MISSING_COLOR, OTHER_COLOR, PREMISE_COLOR
from servicecircle.maps.web.geojson import escape_text, features_from_frame
from servicecircle.maps.web.legend import LegendEntry, tooltip_properties
from servicecircle.maps.web.legend import category_colors as category_legend

Style = Callable[[dict[str, Any]], dict[str, Any]]
"""A folium ``style_function``: feature -> Leaflet path options."""


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


def new_group(name: str, *, show: bool) -> folium.FeatureGroup:
    """An empty feature group named ``name`` (escaped) for the layer control."""
    return folium.FeatureGroup(name=escape_text(name), show=show)


def geojson_tooltip(fields: Mapping[str, str]) -> folium.GeoJsonTooltip | None:
    """A sticky tooltip for the properties of :func:`tooltip_properties` (``None`` if none)."""
    if not fields:
        return None
    return folium.GeoJsonTooltip(
        fields=list(fields), aliases=[escape_text(a) for a in fields.values()], sticky=True
    )


def fixed_style(**style: Any) -> Style:
    """The same Leaflet options for every feature."""
    return lambda _feature: dict(style)


def class_style(colors: Mapping[str, str], **base: Any) -> Style:
    """Stroke and fill from the feature's class property ``c`` (unknown: :data:`OTHER_COLOR`)."""

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        color = colors.get(feature["properties"].get("c", ""), OTHER_COLOR)
        return {**base, "color": color, "fillColor": color}

    return style


def features_layer(
    frame: gpd.GeoDataFrame,
    *,
    name: str,
    style: Style,
    tooltip: Mapping[str, str] | None = None,
    classes: Sequence[str] | None = None,
    show: bool = True,
    simplify_m: float = 1.0,
    marker: folium.CircleMarker | None = None,
) -> folium.FeatureGroup:
    """One GeoJSON layer of ``frame``: tooltip columns, class property ``c``, one style.

    Parameters
    ----------
    frame
        Features to draw, in any CRS (converted to WGS-84).
    tooltip
        Column -> label (escaped).
    classes
        Per-feature class the ``style`` reads as ``c``, when it varies.
    marker
        How points are drawn (default: Leaflet's pin).
    """
    text_props, fields = tooltip_properties(frame, tooltip)
    props: dict[str, list[Any]] = dict(text_props)
    if classes is not None:
        props["c"] = list(classes)
    data = features_from_frame(frame, props, simplify_m=simplify_m)
    group = new_group(name, show=show)
    folium.GeoJson(
        data, marker=marker, style_function=style, tooltip=geojson_tooltip(fields)
    ).add_to(group)
    return group


def _radii(weights: pd.Series) -> list[float]:
    """Radii of 3..14 px by square root (area ∝ value)."""
    values = pd.to_numeric(weights, errors="coerce").fillna(0.0).clip(lower=0)
    top = float(values.max()) or 1.0
    return [round(3.0 + 11.0 * math.sqrt(w / top), 1) for w in values]


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
        :data:`~servicecircle.maps.style.CATEGORY_PALETTE` in order of first appearance).
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
    text_props, fields = tooltip_properties(labelled, tooltip)
    props: dict[str, list[Any]] = dict(text_props)
    colors: dict[str, str] = {}
    if category is not None and category in frame.columns and len(frame):
        props["c"], colors, legend = category_legend(
            frame, category, name=name, fixed=category_colors, labels=category_labels
        )
    else:
        props["c"] = [""] * len(frame)
        legend = [LegendEntry(name, color, "point")]
    if radius_column is not None and radius_column in frame.columns and len(frame):
        props["r"] = _radii(frame[radius_column])
    data = features_from_frame(frame, props)

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        c = colors.get(feature["properties"].get("c", ""), color)
        out = {"color": "#ffffff", "weight": 1, "fill": True, "fillColor": c, "fillOpacity": 0.9}
        if "r" in feature["properties"]:
            out["radius"] = feature["properties"]["r"]
        return out

    group = new_group(name, show=show)
    folium.GeoJson(
        data,
        marker=folium.CircleMarker(radius=radius, fill=True),
        style_function=style,
        tooltip=geojson_tooltip(fields),
    ).add_to(group)
    return MapLayer(group, tuple(legend))


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
    group = features_layer(
        frame,
        name=name,
        style=class_style(color_of, weight=0.5, fillOpacity=fill_opacity, opacity=0.6),
        tooltip=tooltip,
        classes=classes,
        show=show,
        simplify_m=simplify_m,
    )
    present = set(classes)
    legend = [
        LegendEntry(label, colors[i], "fill") for i, label in enumerate(labels) if str(i) in present
    ]
    if "missing" in present:
        legend.append(LegendEntry(missing_label or "–", missing_color, "fill"))
    return MapLayer(group, tuple(legend))
