"""What a web map's layers say without folium: legend rows, tooltip text, land-use groups.

Shared by the folium layers (:mod:`~servicecircle.maps.web.layers`,
:mod:`~servicecircle.maps.web.area_layers`) and the folium-free Leaflet page
(:mod:`~servicecircle.maps.web.leaflet`), so both say the same. Every label and
every text property is HTML-escaped here (:func:`~servicecircle.maps.web.geojson.escape_text`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import geopandas as gpd
import pandas as pd

from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.naming import boundary_names
from servicecircle.maps.style import CATEGORY_PALETTE, LANDUSE_GROUPS
from servicecircle.maps.web.geojson import escape_text

STUDY_AREA_LABELS: dict[str, str] = {
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
"""Default (English) layer names and field labels of a study area's map (folium or Leaflet)."""


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
    shape: Literal["fill", "line", "point"] = "fill"


def legend_html(title: str, entries: Sequence[LegendEntry]) -> str:
    """Return the legend's HTML; every label is escaped."""
    rows = []
    for entry in dict.fromkeys(entries):
        color = escape_text(entry.color)
        if entry.shape == "line":
            swatch = f"width:18px;height:0;border-top:3px solid {color};margin-top:7px"
        elif entry.shape == "point":
            swatch = f"width:10px;height:10px;border-radius:50%;background:{color};margin:3px 4px"
        else:
            swatch = f"width:16px;height:12px;background:{color};opacity:.8;border:1px solid #666"
        rows.append(
            '<div style="display:flex;gap:6px;align-items:flex-start;margin:2px 0">'
            f'<span style="flex:none;display:inline-block;{swatch}"></span>'
            f"<span>{escape_text(entry.label)}</span></div>"
        )
    return (
        '<details open style="background:rgba(255,255,255,.92);padding:6px 8px;'
        "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px/1.4 sans-serif;"
        'max-height:45vh;overflow:auto;max-width:240px">'
        '<summary style="font-weight:bold;cursor:pointer;margin-bottom:3px">'
        f"{escape_text(title)}</summary>" + "".join(rows) + "</details>"
    )


def tooltip_properties(
    frame: pd.DataFrame, tooltip: Mapping[str, str] | None
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Escaped text properties ``t0, t1, ...`` for the tooltip columns present, and their labels.

    An empty layer has none (folium refuses tooltip fields its data lacks).
    """
    props: dict[str, list[str]] = {}
    fields: dict[str, str] = {}
    if len(frame) == 0:
        return props, fields
    for i, (column, label) in enumerate((tooltip or {}).items()):
        if column not in frame.columns:
            continue
        key = f"t{i}"
        props[key] = [escape_text(v) for v in frame[column]]
        fields[key] = label
    return props, fields


def category_colors(
    frame: pd.DataFrame,
    category: str,
    *,
    name: str,
    fixed: Mapping[str, str] | None,
    labels: Mapping[str, str] | None,
) -> tuple[list[str], dict[str, str], list[LegendEntry]]:
    """Each feature's (escaped) category, each category's colour, and their legend rows.

    Colours come from ``fixed``, else :data:`CATEGORY_PALETTE` in order of first appearance.
    """
    values = [escape_text(v) or "other" for v in frame[category]]
    colors: dict[str, str] = {}
    legend: list[LegendEntry] = []
    for value in dict.fromkeys(values):
        raw = html.unescape(value)
        own = (fixed or {}).get(raw)
        colors[value] = own or CATEGORY_PALETTE[len(colors) % len(CATEGORY_PALETTE)]
        legend.append(
            LegendEntry(f"{name}: {(labels or {}).get(raw, raw)}", colors[value], "point")
        )
    return values, colors, legend


def landuse_group(value: object) -> str:
    """Return the display group (a :data:`LANDUSE_GROUPS` key or ``"other"``)."""
    for group, (_color, values) in LANDUSE_GROUPS.items():
        if value in values:
            return group
    return "other"


def with_building_tag(buildings: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``buildings`` with ``building_tag``: the OSM tag as written (``building=apartments``).

    The tag is an identifier a planner can look up, not an English word shown as a label.
    """
    values = buildings["building"] if "building" in buildings.columns else [None] * len(buildings)
    return buildings.assign(
        building_tag=[f"building={v}" if isinstance(v, str) and v else "" for v in values]
    )


def with_landuse_shown(
    landuse: gpd.GeoDataFrame, group_labels: Mapping[str, str] | None
) -> gpd.GeoDataFrame:
    """``landuse`` with its group's label (``group_shown``) and its OSM tag (``landuse_tag``)."""
    labels = dict(group_labels or {})
    values = landuse["landuse"].astype(str)
    return landuse.assign(
        group_shown=[labels.get(landuse_group(v), landuse_group(v)) for v in values],
        landuse_tag=[f"landuse={v}" for v in values],
    )


AreaPartKind = Literal["landuse", "buildings", "network", "boundaries", "premises"]


@dataclass(frozen=True)
class AreaPart:
    """One layer of a study area's map, whatever draws it (folium or the Leaflet page).

    Attributes
    ----------
    kind
        Which layer: ``"landuse"``, ``"buildings"``, ``"network"``, ``"boundaries"``
        or ``"premises"``.
    name
        The layer's name in the layer control (plain text).
    frame
        Its features, with the columns the tooltip shows (``None`` for the
        network, drawn from the road table by the caller).
    tooltip
        Column -> label (plain text) of the tooltip.
    """

    kind: AreaPartKind
    name: str
    frame: gpd.GeoDataFrame | None
    tooltip: dict[str, str]


def study_area_parts(
    area: StudyArea,
    *,
    labels: Mapping[str, str] | None = None,
    landuse_labels: Mapping[str, str] | None = None,
    names_in: str = "en",
) -> list[AreaPart]:
    """What a study area's map shows, bottom to top.

    Land use, buildings, the road network, boundaries and premises; empty
    layers are left out. ``labels`` override :data:`STUDY_AREA_LABELS`;
    ``names_in`` is the language of the boundary names
    (:func:`~servicecircle.inputs.naming.boundary_names`).
    """
    lab = STUDY_AREA_LABELS | dict(labels or {})
    parts: list[AreaPart] = []
    if len(area.landuse):
        tooltip = {"group_shown": lab["class"], "landuse_tag": lab["type"], "name": lab["name"]}
        landuse = with_landuse_shown(area.landuse, landuse_labels)
        parts.append(AreaPart("landuse", lab["landuse"], landuse, tooltip))
    if len(area.buildings):
        tooltip = {"name": lab["name"], "building_tag": lab["type"], "levels": lab["levels"]}
        buildings = with_building_tag(area.buildings)
        parts.append(AreaPart("buildings", lab["buildings"], buildings, tooltip))
    if len(area.roads):
        parts.append(AreaPart("network", lab["edges"], None, {}))
    if len(area.boundaries):
        tooltip = {"shown_name": lab["name"], "admin_level": lab["admin_level"]}
        shown = area.boundaries.assign(shown_name=boundary_names(area.boundaries, names_in))
        parts.append(AreaPart("boundaries", lab["boundaries"], shown, tooltip))
    if len(area.premises):
        tooltip = {"name": lab["name"], "kind": lab["kind"]}
        parts.append(AreaPart("premises", lab["premises"], area.premises, tooltip))
    return parts
