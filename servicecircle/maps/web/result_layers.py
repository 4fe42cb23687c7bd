"""Layers of coverage and siting results: demand, outlets, service areas, gaps, new sites."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.inputs.crs import WGS84
from servicecircle.maps.style import (
    BEYOND_COLOR,
    DEMAND_CLASS_COLORS,
    DEMAND_COLOR,
    GAP,
    NEW_SITE,
    OUTLET_TYPE_COLORS,
    Symbol,
    ink,
    ramp_colors,
)
from servicecircle.maps.web.layers import (
    MapLayer,
    class_style,
    features_layer,
    fixed_style,
    points_layer,
)
from servicecircle.maps.web.legend import LegendEntry


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
        Demand class column (colours from
        :data:`~servicecircle.maps.style.DEMAND_CLASS_COLORS`); ``None`` for one colour.
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
    """Existing outlets as large circles coloured by outlet type.

    ``type_colors`` add to (or replace) :data:`~servicecircle.maps.style.OUTLET_TYPE_COLORS`;
    other types take palette colours.
    """
    return points_layer(
        outlets,
        name=name,
        category=type_column,
        category_colors=OUTLET_TYPE_COLORS | dict(type_colors or {}),
        category_labels=type_labels,
        tooltip=tooltip,
        radius=8.0,
        show=show,
    )


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
    group = features_layer(
        order,
        name=name,
        style=class_style(
            {f"{b:g}": c for b, c in colors.items()}, weight=1, fillOpacity=0.35, opacity=0.8
        ),
        tooltip=tooltip,
        classes=[f"{b:g}" for b in order["_b"]],
        show=show,
        simplify_m=simplify_m,
    )
    legend = tuple(
        LegendEntry(minutes_label.format(minutes=f"{b:g}"), colors[b], "fill") for b in breaks
    )
    return MapLayer(group, legend)


def _rank_badge(lat: float, lon: float, rank: int, symbol: Symbol) -> folium.Marker:
    """A numbered badge in the symbol's colour and shape (round or square)."""
    radius = "50%" if symbol.badge == "round" else "3px"
    label = (
        f'<div style="background:{symbol.color};color:{ink(symbol.color)};'
        f"border:2px solid {symbol.edge};border-radius:{radius};"
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
    symbol: Symbol,
    rank_column: str,
    tooltip: Mapping[str, str] | None,
    max_labels: int,
    show: bool,
    simplify_m: float,
) -> MapLayer:
    ranked = frame.sort_values(rank_column, kind="stable") if len(frame) else frame
    color = symbol.color
    group = features_layer(
        ranked,
        name=name,
        style=fixed_style(color=color, weight=2, fill=True, fillColor=color, fillOpacity=0.35),
        tooltip=tooltip,
        show=show,
        simplify_m=simplify_m,
        marker=folium.CircleMarker(radius=9, fill=True),
    )
    if len(ranked):
        anchors = ranked.geometry.representative_point()
        if ranked.crs is not None and not ranked.crs.equals(WGS84):
            anchors = anchors.to_crs(WGS84)
        for rank, point in list(zip(ranked[rank_column], anchors, strict=True))[:max_labels]:
            if point is None or point.is_empty or pd.isna(rank):
                continue
            _rank_badge(point.y, point.x, int(rank), symbol).add_to(group)
    points = len(ranked) and bool((ranked.geom_type == "Point").all())
    return MapLayer(group, (LegendEntry(name, color, "point" if points else "fill"),))


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
    """Uncovered areas or points, labelled with their rank (1 = worst) in square badges."""
    return _ranked_layer(
        gaps,
        name=name,
        symbol=GAP,
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
    """Chosen sites numbered by ``order_column`` (e.g. order of choice) in round badges."""
    frame = sites
    if order_column not in frame.columns:
        frame = frame.assign(**{order_column: np.arange(1, len(frame) + 1)})
    return _ranked_layer(
        frame,
        name=name,
        symbol=NEW_SITE,
        rank_column=order_column,
        tooltip=tooltip,
        max_labels=max_labels,
        show=show,
        simplify_m=0.0,
    )
