"""Page 3, outlets: existing outlets from a file, from OSM, or placed on the map; outlet types.

Outlets are moved, deleted, re-typed and added on the map or in a form
(:mod:`app_pages.outlet_editing`, :mod:`app_pages.outlet_map`), and the coverage
is measured again on this page after every edit.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from app_pages import (
    _coordinates,
    _maps,
    _state,
    _tables,
    _widgets,
    outlet_editing,
    outlet_map,
    outlet_types,
)
from app_pages._frames import shapes_frame
from app_pages._labels import tr, type_label, type_labeller
from servicecircle.inputs.area import StudyArea
from servicecircle.maps import web as webmap
from servicecircle.supply.outlets import (
    DEFAULT_OUTLET_TYPES,
    OutletType,
    outlets_from_osm,
    prepare_outlets,
)

LAYER_SUFFIXES = ["csv", "txt", "geojson", "json", "gpkg", "zip"]


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
        return _coordinates.checked_layer(
            upload, geometry="point", study_bounds=area.bounds, sites=True
        ).frame
    return None


def _placed_frame() -> gpd.GeoDataFrame | None:
    placed = shapes_frame(_state.shapes(_state.PLACED_KEY), columns=["outlet_type"])
    return None if placed is None else placed.assign(source="map")


def _addresses(outlets: gpd.GeoDataFrame) -> dict[str, pd.Series]:
    """The planner's addresses (地址) as a column of the table, when some outlet has one."""
    if "address" not in outlets.columns:
        return {}
    cells = outlets["address"].astype(object)
    text = cells.where(cells.notna(), "").astype(str).str.strip()
    return {tr("field.address"): text} if text.ne("").any() else {}


def _table(outlets: gpd.GeoDataFrame, types: dict[str, OutletType]) -> None:
    st.subheader(tr("outlets.table"))
    st.caption(tr("outlets.count", count=len(outlets)))
    frame = pd.DataFrame(
        {
            tr("field.name"): outlets["name"].astype(str),
            **_addresses(outlets),
            tr("outlets.type"): [type_label(t) for t in outlets["outlet_type"]],
            tr("outlets.mode"): [tr(f"mode.{types[t].mode}") for t in outlets["outlet_type"]],
            tr("outlets.minutes"): [types[t].minutes for t in outlets["outlet_type"]],
            tr("field.lon"): outlets.geometry.x.round(6),
            tr("field.lat"): outlets.geometry.y.round(6),
        }
    )
    _tables.show_table(frame)


def _map_layers(area: StudyArea) -> list[webmap.MapLayer]:
    """The layers under the editing map: roads and (hidden) premises."""
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
    return layers


def _editing(
    area: StudyArea, outlets: gpd.GeoDataFrame | None, types: dict[str, OutletType], right: Any
) -> None:
    """The edit form, today's coverage as edited, and the map to edit on (in ``right``)."""
    chosen, result, editor, preview = "", None, None, None
    if outlets is not None and len(outlets):
        with _widgets.planner_errors():
            chosen = outlet_editing.edit_form(area, outlets, types)
        with _widgets.planner_errors():
            editor, result = outlet_editing.measured(area, outlets, types)
            outlet_editing.show_coverage(result)
    with right:
        mode, new_type = outlet_map.click_mode(types)
        if editor is not None and result is not None:
            preview = outlet_editing.show_preview(editor, result)
        with _widgets.planner_errors():
            outlet_map.edit_map(
                area,
                outlets,
                result,
                preview,
                mode=mode,
                new_type=new_type,
                chosen=chosen,
                under=_map_layers(area),
            )


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
                types = outlet_types.types_editor()
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
            chosen = outlet_editing.with_ids(_source_outlets(area, str(source)), _placed_frame())
            if chosen is not None:
                outlets = prepare_outlets(
                    chosen, area=area, types=types, default_type=str(default_type)
                )
        _state.set_outlets(outlets)
        if outlets is None or len(outlets) == 0:
            st.info(tr("outlets.none"))
        else:
            _table(outlets, types)
        _editing(area, outlets, types, right)


with _widgets.planner_errors():
    main()
