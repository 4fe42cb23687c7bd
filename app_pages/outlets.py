"""Page 3, outlets: existing outlets from a file, from OSM, or placed on the map; outlet types."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
import streamlit as st

from app_pages import common, compute
from app_pages.common import OUTLETS_KEY, PLACED_KEY, TYPES_KEY, tr
from servicecircle import webmap
from servicecircle.errors import InputDataError
from servicecircle.network import modes_by_name
from servicecircle.outlets import (
    DEFAULT_OUTLET_TYPES,
    OutletType,
    outlets_from_osm,
    prepare_outlets,
)
from servicecircle.sources.area import WGS84, StudyArea

LAYER_SUFFIXES = ["csv", "txt", "geojson", "json", "gpkg", "zip"]
BASE_KEY = "outlets.types_base"  # the table the types editor starts from


def _types_editor() -> dict[str, OutletType]:
    """The outlet-types table (editable); returns the valid types.

    The table starts from the types kept in the session, so edits survive
    visits to other pages; while the page is shown it keeps the same start.
    """
    if "outlets.types_editor" not in st.session_state or BASE_KEY not in st.session_state:
        current = st.session_state.get(TYPES_KEY) or DEFAULT_OUTLET_TYPES
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
                tr("outlets.type"), required=True, validate=common.NO_FORMULA_PATTERN
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
        if not name or not row.get("mode") or minutes != minutes:  # NaN
            continue
        types[name] = OutletType(name, str(row["mode"]), minutes)
    if not types:
        raise InputDataError(
            "Define at least one outlet type with a travel mode and minutes in the table."
        )
    st.caption(
        " · ".join(
            f"{common.md_escape(common.type_label(t.name))}: {tr(f'mode.{t.mode}')}, "
            f"{t.minutes:g} {tr('outlets.minutes')}"
            for t in types.values()
        )
    )
    return types


def _source_outlets(area: StudyArea, source: str, types: dict[str, OutletType]) -> Any:
    """The outlets of the chosen source (a GeoDataFrame or None)."""
    if source == "sample":
        from servicecircle.sources.sample import sample_layer

        return sample_layer("outlets")
    if source == "osm":
        return outlets_from_osm(area)
    if source == "upload":
        upload = common.kept_upload(
            tr("outlets.upload"),
            type=LAYER_SUFFIXES,
            key="outlets.upload",
            help=tr("outlets.upload_help"),
        )
        if upload is None:
            return None
        return compute.uploaded_layer(
            upload, geometry="point", study_bounds=area.bounds, sites=True
        ).frame
    return None


def _placed_frame() -> gpd.GeoDataFrame | None:
    placed = st.session_state.get(PLACED_KEY, [])
    if not placed:
        return None
    return gpd.GeoDataFrame(
        {
            "name": [p["name"] for p in placed],
            "outlet_type": [p["outlet_type"] for p in placed],
            "source": "map",
        },
        geometry=[shapely.Point(p["lon"], p["lat"]) for p in placed],
        crs=WGS84,
    )


def _add_placed(features: list[dict[str, Any]], outlet_type: str, name: str) -> None:
    """Button callback: keep the markers placed on the map as outlets."""
    placed = list(st.session_state.get(PLACED_KEY, []))
    start = len(placed)
    for i, feature in enumerate(features, start=1):
        lon, lat = feature["geometry"]["coordinates"][:2]
        label = name if len(features) == 1 else f"{name} {start + i}"
        placed.append({"name": label, "outlet_type": outlet_type, "lon": lon, "lat": lat})
    st.session_state[PLACED_KEY] = placed


def _clear_placed() -> None:
    st.session_state[PLACED_KEY] = []


def _markers(result: dict[str, Any] | None) -> list[dict[str, Any]]:
    features = (result or {}).get("all_drawings") or []
    return [
        f
        for f in features
        if isinstance(f, dict) and (f.get("geometry") or {}).get("type") == "Point"
    ]


def _table(outlets: gpd.GeoDataFrame, types: dict[str, OutletType]) -> None:
    st.subheader(tr("outlets.table"))
    st.caption(tr("outlets.count", count=len(outlets)))
    frame = pd.DataFrame(
        {
            tr("field.name"): outlets["name"].astype(str),
            tr("outlets.type"): [common.type_label(t) for t in outlets["outlet_type"]],
            tr("outlets.mode"): [tr(f"mode.{types[t].mode}") for t in outlets["outlet_type"]],
            tr("outlets.minutes"): [types[t].minutes for t in outlets["outlet_type"]],
            tr("field.lon"): outlets.geometry.x.round(6),
            tr("field.lat"): outlets.geometry.y.round(6),
        }
    )
    common.show_table(frame)


def _map(area: StudyArea, outlets: gpd.GeoDataFrame | None, types: dict[str, OutletType]) -> None:
    layers = [
        webmap.network_layer(
            None, name=tr("layer.edges"), data=compute.network_geojson(common.area_id(), area)
        )
    ]
    if len(area.premises):
        labels = common.study_area_labels()
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
        shown = outlets.assign(type_shown=[common.type_label(t) for t in outlets["outlet_type"]])
        layers.append(
            webmap.outlets_layer(
                shown,
                name=tr("layer.outlets"),
                type_labels={t: common.type_label(t) for t in types},
                tooltip={"name": tr("field.name"), "type_shown": tr("outlets.type")},
            )
        )
    m = webmap.compose_map(layers, bounds=area.bounds, draw=("marker",), **common.map_options())
    result = common.show_map(m, key="outlets_map", returned_objects=["all_drawings"])

    st.markdown(f"**{tr('outlets.place')}**")
    st.caption(tr("outlets.place_help"))
    markers = _markers(result)
    placed = st.session_state.get(PLACED_KEY, [])
    if placed:
        st.caption(tr("outlets.placed", count=len(placed)))
    if not markers:
        st.caption(tr("outlets.place_none"))
    else:
        outlet_type = st.selectbox(
            tr("outlets.place_type"),
            options=list(types),
            format_func=common.type_labeller(),
            key="outlets.place_type",
        )
        name = st.text_input(
            tr("outlets.place_name"), value=common.type_label(outlet_type), key="outlets.place_name"
        )
        st.button(
            tr("outlets.place_add", count=len(markers)),
            on_click=_add_placed,
            args=(markers, outlet_type, name),
            key="outlets.place_add",
        )
    if placed:
        st.button(tr("outlets.place_clear"), on_click=_clear_placed, key="outlets.place_clear")


def main() -> None:
    """Draw the page."""
    st.header(tr("outlets.header"))
    st.write(tr("outlets.intro"))
    area = common.require_area()
    if area is None:
        return
    left, right = st.columns([2, 3])
    outlets = None
    types: dict[str, OutletType] = dict(DEFAULT_OUTLET_TYPES)
    with left:
        with st.expander(tr("outlets.types"), expanded=False):
            st.caption(tr("outlets.types_help"))
            with common.planner_errors():
                types = _types_editor()
        st.session_state[TYPES_KEY] = types
        sources = (["sample"] if area.source == "sample" else []) + ["upload", "osm", "none"]
        source = common.kept(
            st.radio,
            tr("outlets.source"),
            default=sources[0],
            options=sources,
            format_func=common.labeller("outlets.source."),
            key="outlets.source",
        )
        default_type = common.kept(
            st.selectbox,
            tr("outlets.default_type"),
            default=next(iter(types)),
            options=list(types),
            format_func=common.type_labeller(),
            key="outlets.default_type",
        )
        with common.planner_errors():
            chosen = compute.combine(_source_outlets(area, str(source), types), _placed_frame())
            if chosen is not None:
                outlets = prepare_outlets(
                    chosen, area=area, types=types, default_type=str(default_type)
                )
        if outlets is None or len(outlets) == 0:
            st.session_state.pop(OUTLETS_KEY, None)
            st.info(tr("outlets.none"))
        else:
            st.session_state[OUTLETS_KEY] = outlets
            _table(outlets, types)
    with right, common.planner_errors():
        _map(area, outlets, types)


with common.planner_errors():
    main()
