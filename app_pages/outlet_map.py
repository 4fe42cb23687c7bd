"""The Outlets page's map: outlets to drag, delete or add, covered demand, a new outlet's reach.

The outlets are Leaflet.draw's editable layer: in its edit mode the planner
drags them and saves, in its delete mode removes them, with its marker tool
adds one (of the type chosen for new outlets). A click on the map, by the
mode chosen above it, previews what a new outlet there would reach, adds an
outlet there, or moves the outlet chosen in the form there. streamlit-folium
returns the layer after an edit (``all_drawings``) and the last click
(``last_clicked``); each is acted on once.
"""

from __future__ import annotations

import json
from typing import Any

import folium
import folium.plugins
import geopandas as gpd
import streamlit as st

from app_pages import _maps, _widgets
from app_pages._labels import tr, type_label, type_labeller
from app_pages.outlet_editing import PREVIEW_KEY, add_outlet, change_outlet
from servicecircle.coverage import Coverage
from servicecircle.coverage.incremental import Preview
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.maps import web as webmap
from servicecircle.maps.style import COVERED, EXISTING_OUTLET, NEW_SITE, UNCOVERED
from servicecircle.maps.web.layers import geojson_tooltip, new_group, tooltip_properties
from servicecircle.supply.outlets import OutletType

CLICK_MODES = ("preview", "add", "move", "none")
HANDLED_KEY = "editing.handled"  # the map events already acted on: {"click": ..., "drawn": ...}
MOVED_DEG = 5e-6  # a marker counts as dragged when it moved more than this (about 0.5 m)


def click_mode(types: dict[str, OutletType]) -> tuple[str, str]:
    """What a click on the map does, and the type of new outlets (added or previewed)."""
    mode = _widgets.kept_choice(
        st.radio, "editing.click", CLICK_MODES, default="preview", horizontal=True
    )
    kind = _widgets.kept_choice(
        st.selectbox,
        "editing.new_type",
        list(types),
        default=next(iter(types)),
        labels=type_labeller(),
    )
    return str(mode), str(kind)


def _demand_layers(result: Coverage) -> list[webmap.MapLayer]:
    demand = result.demand
    shown = demand.assign(people_shown=demand["people"].astype(float).round(0))
    tooltip = {"people_shown": tr("common.people")}
    covered = shown["covered"].to_numpy(bool)
    return [
        webmap.points_layer(
            shown[~covered],
            name=tr("editing.uncovered"),
            color=UNCOVERED.color,
            tooltip=tooltip,
            radius=3.0,
        ),
        webmap.points_layer(
            shown[covered],
            name=tr("editing.covered"),
            color=COVERED.color,
            tooltip=tooltip,
            radius=3.0,
            show=False,
        ),
    ]


def _preview_layers(preview: Preview, result: Coverage) -> list[webmap.MapLayer]:
    area = gpd.GeoDataFrame({"minutes": [preview.minutes]}, geometry=[preview.area], crs=WGS84)
    layers = [
        webmap.isochrones_layer(
            area,
            name=tr("editing.preview_area"),
            minutes_label=tr("map.minutes", minutes="{minutes}"),
        )
    ]
    fresh = result.demand.iloc[preview.newly_covered_units]
    if len(fresh):
        layers.append(
            webmap.points_layer(
                fresh.assign(people_shown=fresh["people"].astype(float).round(0)),
                name=tr("editing.preview_people"),
                color=NEW_SITE.color,
                tooltip={"people_shown": tr("common.people")},
                radius=4.0,
            )
        )
    return layers


def _outlets_layer(outlets: gpd.GeoDataFrame) -> tuple[webmap.MapLayer, folium.GeoJson]:
    """The outlets as markers the draw toolbar edits, each carrying its ``outlet_id``."""
    shown = outlets.assign(type_shown=[type_label(str(t)) for t in outlets["outlet_type"]])
    text, fields = tooltip_properties(
        shown, {"name": tr("field.name"), "type_shown": tr("outlets.type")}
    )
    data = webmap.features_from_frame(
        shown, {**text, "outlet_id": [str(i) for i in shown["outlet_id"]]}
    )
    markers = folium.GeoJson(data, tooltip=geojson_tooltip(fields))
    group = new_group(tr("layer.outlets"), show=True)
    markers.add_to(group)
    legend = (webmap.LegendEntry(tr("layer.outlets"), EXISTING_OUTLET.color, "point"),)
    return webmap.MapLayer(group, legend), markers


def _signature(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _first_time(kind: str, value: Any) -> bool:
    """True the first time the map sends ``value`` as ``kind`` (then remembered)."""
    if value is None:
        return False
    handled = dict(st.session_state.get(HANDLED_KEY) or {})
    signature = _signature(value)
    if handled.get(kind) == signature:
        return False
    handled[kind] = signature
    st.session_state[HANDLED_KEY] = handled
    return True


def _drawn_changes(where: dict[str, Any], features: list[Any], new_type: str) -> bool:
    """Act on the edited layer: dragged outlets move, missing ones go, new markers are added.

    ``where`` maps each outlet shown to its point.
    """
    changed = False
    seen = set()
    for feature in features:
        geometry = (feature or {}).get("geometry") or {}
        if geometry.get("type") != "Point":
            continue
        lon, lat = (float(v) for v in geometry["coordinates"][:2])
        outlet_id = ((feature.get("properties") or {}).get("outlet_id")) or None
        if outlet_id is None:
            add_outlet(lon, lat, new_type)
            changed = True
            continue
        seen.add(str(outlet_id))
        point = where.get(str(outlet_id))
        if point is not None and max(abs(point.x - lon), abs(point.y - lat)) > MOVED_DEG:
            change_outlet(str(outlet_id), {"lon": lon, "lat": lat})
            changed = True
    # placed outlets are deleted last first, so the ids of the others stay right
    for outlet_id in sorted(set(where) - seen, key=lambda i: (i[0], -int(i[1:]))):
        change_outlet(outlet_id, {"deleted": True})
        changed = True
    return changed


def _clicked(area: StudyArea, click: dict[str, Any], mode: str, kind: str, chosen: str) -> bool:
    lon, lat = float(click["lng"]), float(click["lat"])
    west, south, east, north = area.bounds
    if not (west <= lon <= east and south <= lat <= north):
        return False
    if mode == "preview":
        st.session_state[PREVIEW_KEY] = {"lon": lon, "lat": lat, "type": kind}
        return True
    if mode == "add":
        add_outlet(lon, lat, kind)
        return True
    if mode == "move" and chosen:
        change_outlet(chosen, {"lon": lon, "lat": lat})
        return True
    return False


def edit_map(
    area: StudyArea,
    outlets: gpd.GeoDataFrame | None,
    result: Coverage | None,
    preview: Preview | None,
    *,
    mode: str,
    new_type: str,
    chosen: str,
    under: list[webmap.MapLayer],
) -> None:
    """Show the map; act on a drag, deletion, new marker or click once, then run the page again.

    ``under`` are the layers drawn first (roads, premises).
    """
    layers = list(under)
    if result is not None:
        layers.extend(_demand_layers(result))
    if preview is not None and result is not None:
        layers.extend(_preview_layers(preview, result))
    markers = None
    if outlets is not None and len(outlets):
        layer, markers = _outlets_layer(outlets)
        layers.append(layer)
    m = webmap.compose_map(layers, bounds=area.bounds, draw=("marker",), **_maps.map_options())
    for control in m._children.values():  # noqa: SLF001 - folium keeps its plugins only there
        if isinstance(control, folium.plugins.Draw):
            # the outlets are the layer the toolbar edits: drag, delete, add
            control.edit_options = {**control.edit_options, "edit": True, "remove": True}
            if markers is not None:
                control.feature_group = markers
    shown = _widgets.show_map(
        m, key="outlets_map", returned_objects=["all_drawings", "last_clicked"]
    )
    if shown is None:
        return
    changed = False
    drawn = shown.get("all_drawings")
    if isinstance(drawn, list) and _first_time("drawn", drawn):
        where = {}
        if outlets is not None:
            where = {str(i): p for i, p in zip(outlets["outlet_id"], outlets.geometry, strict=True)}
        changed = _drawn_changes(where, drawn, new_type)
    click = shown.get("last_clicked")
    if isinstance(click, dict) and _first_time("click", click):
        changed = _clicked(area, click, mode, new_type, chosen) or changed
    if changed:
        st.rerun()
