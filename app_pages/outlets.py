"""Page 3, outlets: existing outlets from a file, from OSM, or placed on the map; outlet types."""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from app_pages import _cache, _drawing, _maps, _state, _tables, _widgets
from app_pages._frames import combine, shapes_frame
from app_pages._labels import md_escape, tr, type_label, type_labeller
from servicecircle.errors import InputDataError
from servicecircle.inputs.area import StudyArea
from servicecircle.maps import web as webmap
from servicecircle.network import modes_by_name
from servicecircle.supply.outlets import (
    DEFAULT_OUTLET_TYPES,
    OutletType,
    outlets_from_osm,
    prepare_outlets,
)

LAYER_SUFFIXES = ["csv", "txt", "geojson", "json", "gpkg", "zip"]
BASE_KEY = "outlets.types_base"  # the table the types editor starts from


def _types_editor() -> dict[str, OutletType]:
    """The outlet-types table (editable); returns the valid types.

    The table starts from the types kept in the session, so edits survive
    visits to other pages; while the page is shown it keeps the same start.
    """
    if "outlets.types_editor" not in st.session_state or BASE_KEY not in st.session_state:
        current = _state.outlet_types()
        st.session_state[BASE_KEY] = pd.DataFrame(
            [
                {"type": t.name, "mode": t.mode, "minutes": float(t.minutes)}
                for t in current.values()
            ]
        )
    edited = st.data_editor(
        st.session_state[BASE_KEY],
        key="outlets.types_editor",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "type": st.column_config.TextColumn(
                tr("outlets.type"), required=True, validate=_tables.NO_FORMULA_PATTERN
            ),
            "mode": st.column_config.SelectboxColumn(
                tr("outlets.mode"), options=list(modes_by_name()), required=True
            ),
            "minutes": st.column_config.NumberColumn(
                tr("outlets.minutes"), min_value=1.0, max_value=180.0, step=1.0, required=True
            ),
        },
    )
    types: dict[str, OutletType] = {}
    for row in edited.to_dict("records"):
        name = str(row.get("type") or "").strip()
        try:
            minutes = float(row.get("minutes"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if not name or not row.get("mode") or math.isnan(minutes):
            continue
        types[name] = OutletType(name, str(row["mode"]), minutes)
    if not types:
        raise InputDataError(
            "Define at least one outlet type with a travel mode and minutes in the table."
        )
    st.caption(
        " · ".join(
            f"{md_escape(type_label(t.name))}: {tr(f'mode.{t.mode}')}, "
            f"{t.minutes:g} {tr('outlets.minutes')}"
            for t in types.values()
        )
    )
    return types


def _source_outlets(area: StudyArea, source: str) -> Any:
    """The outlets of the chosen source (a GeoDataFrame or None)."""
    if source == "sample":
        from servicecircle.inputs.sample import sample_layer

        return sample_layer("outlets")
    if source == "osm":
        return outlets_from_osm(area)
    if source == "upload":
        upload = _widgets.kept_upload("outlets.upload", LAYER_SUFFIXES, help="outlets.upload_help")
        if upload is None:
            return None
        return _cache.uploaded_layer(
            upload, geometry="point", study_bounds=area.bounds, sites=True
        ).frame
    return None


def _placement_tool(types: dict[str, OutletType]) -> _drawing.DrawingTool:
    """Outlets placed on the map as markers, each of a type the planner chooses."""
    of_type = _drawing.DrawChoice(
        "outlet_type", "outlets.place_type", tuple(types), type_labeller(), type_label
    )
    return _drawing.DrawingTool(
        _state.PLACED_KEY, "outlets.place", "outlets.placed", "point", of_type
    )


def _placed_frame() -> gpd.GeoDataFrame | None:
    placed = shapes_frame(_state.shapes(_state.PLACED_KEY), columns=["outlet_type"])
    return None if placed is None else placed.assign(source="map")


def _table(outlets: gpd.GeoDataFrame, types: dict[str, OutletType]) -> None:
    st.subheader(tr("outlets.table"))
    st.caption(tr("outlets.count", count=len(outlets)))
    frame = pd.DataFrame(
        {
            tr("field.name"): outlets["name"].astype(str),
            tr("outlets.type"): [type_label(t) for t in outlets["outlet_type"]],
            tr("outlets.mode"): [tr(f"mode.{types[t].mode}") for t in outlets["outlet_type"]],
            tr("outlets.minutes"): [types[t].minutes for t in outlets["outlet_type"]],
            tr("field.lon"): outlets.geometry.x.round(6),
            tr("field.lat"): outlets.geometry.y.round(6),
        }
    )
    _tables.show_table(frame)


def _map(area: StudyArea, outlets: gpd.GeoDataFrame | None, types: dict[str, OutletType]) -> None:
    layers = [_maps.roads_layer(area)]
    if len(area.premises):
        labels = _maps.study_area_labels()
        layers.append(
            webmap.premises_layer(
                area.premises,
                name=tr("layer.premises"),
                kind_labels=labels["premise_labels"],
                tooltip={"name": tr("field.name"), "kind": tr("field.kind")},
                show=False,
            )
        )
    if outlets is not None and len(outlets):
        layers.append(_maps.outlets_layer(outlets, type_names=types))
    _drawing.drawing_map(layers, bounds=area.bounds, tool=_placement_tool(types), key="outlets_map")


def main() -> None:
    """Draw the page."""
    area = _widgets.area_page("outlets")
    if area is None:
        return
    left, right = st.columns([2, 3])
    outlets = None
    types: dict[str, OutletType] = dict(DEFAULT_OUTLET_TYPES)
    with left:
        with st.expander(tr("outlets.types"), expanded=False):
            st.caption(tr("outlets.types_help"))
            with _widgets.planner_errors():
                types = _types_editor()
        _state.set_outlet_types(types)
        sources = (["sample"] if area.source == "sample" else []) + ["upload", "osm", "none"]
        source = _widgets.kept_choice(st.radio, "outlets.source", sources, default=sources[0])
        default_type = _widgets.kept_choice(
            st.selectbox,
            "outlets.default_type",
            list(types),
            default=next(iter(types)),
            labels=type_labeller(),
        )
        with _widgets.planner_errors():
            chosen = combine(_source_outlets(area, str(source)), _placed_frame())
            if chosen is not None:
                outlets = prepare_outlets(
                    chosen, area=area, types=types, default_type=str(default_type)
                )
        _state.set_outlets(outlets)
        if outlets is None or len(outlets) == 0:
            st.info(tr("outlets.none"))
        else:
            _table(outlets, types)
    with right, _widgets.planner_errors():
        _map(area, outlets, types)


with _widgets.planner_errors():
    main()
