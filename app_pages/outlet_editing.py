"""Editing today's outlets on the Outlets page: move, delete, re-type, add; coverage on the spot.

The outlets of a file (or of OSM) are never changed: the planner's edits are
kept in the session as an overlay keyed by the outlet's row in that source
(``"f3"``), dropped when another file is chosen; outlets placed on the map
(``"m0"``) are edited where they are kept. Both survive reruns and visits to
other pages, and the edited outlets are what the Coverage, Siting and Report
pages (and the saved scenarios) use.

After every edit the coverage is measured again on the same page by the
library's :class:`~servicecircle.coverage.incremental.CoverageEditor`, which
searches only from the outlets that changed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
import streamlit as st

from app_pages import _cache, _state, _tables, _widgets
from app_pages._hashing import frame_key
from app_pages._labels import md_escape, tr, type_label, type_labeller
from servicecircle.coverage import Coverage, CoverageSettings
from servicecircle.coverage.incremental import CoverageEditor, Preview
from servicecircle.demand import Demand
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.memory import within_budget
from servicecircle.supply.outlets import OutletType

FILE_PREFIX = "f"  # outlet ids of the file's (or OSM's) rows: f0, f1, ...
PLACED_PREFIX = "m"  # outlet ids of the outlets placed on the map: m0, m1, ...
PREVIEW_KEY = "result.outlets.preview"  # the point clicked to preview a new outlet
SHARES_KEY = "result.outlets.shares"  # the shares measured before the last edit
SOURCE_KEY = "result.outlets.source_key"  # the content key of the file's outlets
MARGIN_DEG = 0.02  # how far beyond the study area's bounds an outlet may be put
FORM_KEYS = ("editing.name", "editing.type", "editing.lon", "editing.lat")


# --------------------------------------------------------------------------- the overlay


def with_ids(
    source: gpd.GeoDataFrame | None, placed: gpd.GeoDataFrame | None
) -> gpd.GeoDataFrame | None:
    """The file's outlets (edits applied) and those placed, each with an ``outlet_id``."""
    key = frame_key(source)
    st.session_state[SOURCE_KEY] = key
    parts = []
    if source is not None and len(source):
        frame = source.to_crs(WGS84).reset_index(drop=True)
        frame["outlet_id"] = [f"{FILE_PREFIX}{i}" for i in range(len(frame))]
        parts.append(_edited(frame, _state.outlet_edits(key)))
    if placed is not None and len(placed):
        frame = placed.to_crs(WGS84).reset_index(drop=True)
        frame["outlet_id"] = [f"{PLACED_PREFIX}{i}" for i in range(len(frame))]
        parts.append(frame)
    parts = [p for p in parts if len(p)]
    if not parts:
        return None
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=WGS84)


def _edited(frame: gpd.GeoDataFrame, edits: dict[str, dict[str, Any]]) -> gpd.GeoDataFrame:
    """``frame`` with the planner's moves, types and deletions applied."""
    if not edits:
        return frame
    frame = frame.copy()
    geometry = frame.geometry.copy()
    keep = []
    for row, outlet_id in enumerate(frame["outlet_id"]):
        change = edits.get(outlet_id, {})
        keep.append(not change.get("deleted", False))
        if "lon" in change and "lat" in change:
            geometry.iloc[row] = shapely.Point(float(change["lon"]), float(change["lat"]))
        for column in ("outlet_type", "name"):
            if column in change:
                if column not in frame.columns:
                    frame[column] = None
                frame.loc[frame.index[row], column] = str(change[column])
    return frame.set_geometry(geometry)[keep]


def _inside(area: StudyArea, lon: float, lat: float) -> bool:
    west, south, east, north = area.bounds
    return (
        west - MARGIN_DEG <= lon <= east + MARGIN_DEG
        and south - MARGIN_DEG <= lat <= north + MARGIN_DEG
    )


def change_outlet(outlet_id: str, change: dict[str, Any]) -> None:
    """Apply ``change`` (``lon``/``lat``, ``outlet_type``, ``deleted``) to one outlet."""
    if outlet_id.startswith(PLACED_PREFIX):
        placed = _state.shapes(_state.PLACED_KEY)
        row = int(outlet_id[len(PLACED_PREFIX) :])
        if row >= len(placed):
            return
        if change.get("deleted"):
            del placed[row]
        else:
            shape = dict(placed[row])
            if "lon" in change and "lat" in change:
                shape["geometry"] = shapely.Point(float(change["lon"]), float(change["lat"]))
            shape |= {k: str(change[k]) for k in ("outlet_type", "name") if k in change}
            placed[row] = shape
        _state.set_shapes(_state.PLACED_KEY, placed)
    else:
        _state.set_outlet_edit(str(st.session_state.get(SOURCE_KEY, "-")), outlet_id, change)
    for key in FORM_KEYS:
        st.session_state.pop(key, None)


def add_outlet(lon: float, lat: float, outlet_type: str) -> None:
    """Place a new outlet of ``outlet_type`` at (``lon``, ``lat``)."""
    placed = _state.shapes(_state.PLACED_KEY)
    name = tr("editing.new_name", type=type_label(outlet_type), number=len(placed) + 1)
    placed.append({"name": name, "geometry": shapely.Point(lon, lat), "outlet_type": outlet_type})
    _state.set_shapes(_state.PLACED_KEY, placed)


def _undo_all() -> None:
    _state.forget_outlet_edits()
    _state.set_shapes(_state.PLACED_KEY, [])
    st.session_state.pop(PREVIEW_KEY, None)


# --------------------------------------------------------------------------- the form


def _label(outlets: gpd.GeoDataFrame) -> dict[str, str]:
    return {
        str(i): f"{n} · {type_label(str(t))}"
        for i, n, t in zip(
            outlets["outlet_id"], outlets["name"], outlets["outlet_type"], strict=True
        )
    }


def _forget_form() -> None:
    for key in FORM_KEYS:
        st.session_state.pop(key, None)


def edit_form(area: StudyArea, outlets: gpd.GeoDataFrame, types: dict[str, OutletType]) -> str:
    """Change one outlet: its type, its coordinates, or delete it. Returns the outlet chosen."""
    st.markdown(f"**{tr('editing.form')}**")
    st.caption(tr("editing.form_help"))
    labels = _label(outlets)
    chosen = st.selectbox(
        tr("editing.outlet"),
        list(labels),
        format_func=lambda i: labels.get(str(i), str(i)),
        key="editing.outlet",
        on_change=_forget_form,
    )
    outlet_id = str(chosen)
    row = outlets.index[outlets["outlet_id"] == outlet_id][0]
    point = outlets.geometry.loc[row]
    name = st.text_input(tr("field.name"), value=str(outlets.loc[row, "name"]), key="editing.name")
    names = list(types)
    current = str(outlets.loc[row, "outlet_type"])
    kind = st.selectbox(
        tr("outlets.type"),
        names,
        index=names.index(current) if current in names else 0,
        format_func=type_labeller(),
        key="editing.type",
    )
    lon_column, lat_column = st.columns(2)
    lon = lon_column.number_input(
        tr("field.lon"), value=float(point.x), format="%.6f", step=0.0005, key="editing.lon"
    )
    lat = lat_column.number_input(
        tr("field.lat"), value=float(point.y), format="%.6f", step=0.0005, key="editing.lat"
    )
    apply_column, delete_column = st.columns(2)
    if apply_column.button(tr("editing.apply"), key="editing.apply"):
        if _inside(area, float(lon), float(lat)):
            change = {"lon": float(lon), "lat": float(lat), "outlet_type": kind}
            if str(name).strip():
                change["name"] = str(name).strip()
            change_outlet(outlet_id, change)
            st.rerun()
        st.warning(tr("editing.outside"))
    if delete_column.button(tr("editing.delete"), key="editing.delete"):
        change_outlet(outlet_id, {"deleted": True})
        st.session_state.pop("editing.outlet", None)
        st.rerun()
    st.button(tr("editing.undo_all"), key="editing.undo_all", on_click=_undo_all)
    return outlet_id


# --------------------------------------------------------------------------- coverage


def coverage_settings(types: dict[str, OutletType]) -> CoverageSettings:
    """The settings of the Coverage page (its last run), with the outlet types of this page."""
    found = _state.current_coverage()
    base = found[0].settings if found is not None else CoverageSettings()
    return replace(base, outlet_types=dict(types))


def measured(
    area: StudyArea, outlets: gpd.GeoDataFrame, types: dict[str, OutletType]
) -> tuple[CoverageEditor, Coverage]:
    """The engine and the coverage of the edited ``outlets`` (only changed outlets searched)."""
    demand: Demand | None = _state.current_demand()
    if demand is None:
        demand = _cache.default_demand(area)
    editor = _cache.coverage_editor(area, demand, coverage_settings(types))
    with st.spinner(tr("coverage.computing")):
        result = within_budget(
            lambda: editor.coverage(outlets, with_isochrones=False),
            what=msg("msg.editing.measuring"),
        )
    if editor.kept > 4 * len(outlets) + 40:
        editor.forget_except(outlets)
    _state.set_edited_coverage(result, demand)
    return editor, result


def show_coverage(result: Coverage) -> None:
    """Shares covered (change since the last edit), and by class, for the outlets as edited."""
    st.subheader(tr("editing.coverage"))
    if _state.current_demand() is None:
        st.caption(tr("coverage.default_demand"))
    breaks = result.settings.breaks
    standard = float(result.demand.loc[result.demand["covered"], "people"].sum())
    shares = {f"{b:g}": result.share(b) for b in breaks}
    shares["standard"] = standard / result.total if result.total else 0.0
    before = st.session_state.get(SHARES_KEY) or {}
    columns = st.columns(len(shares))
    for column, (key, share) in zip(columns, shares.items(), strict=True):
        label = tr("coverage.standard") if key == "standard" else tr("coverage.within", minutes=key)
        delta = share - before[key] if key in before and before[key] != share else None
        column.metric(label, f"{share:.1%}", delta=f"{delta:+.1%}" if delta is not None else None)
    st.session_state[SHARES_KEY] = shares
    by_class = result.by_class
    if len(by_class):
        # one share per class and break: a reshape, nothing to aggregate
        table = by_class.pivot(index="class", columns="minutes", values="share")  # noqa: PD010
        frame = pd.DataFrame({tr("field.class"): [tr(f"class.{c}") for c in table.index]})
        for b in breaks:
            frame[tr("coverage.share_col", minutes=f"{b:g}")] = table[b].to_numpy()
        _tables.show_table(
            frame,
            column_config={
                tr("coverage.share_col", minutes=f"{b:g}"): st.column_config.NumberColumn(
                    format="percent"
                )
                for b in breaks
            },
        )


def show_preview(editor: CoverageEditor, result: Coverage) -> Preview | None:
    """The clicked point's preview: what a new outlet there would reach (None without one)."""
    clicked = st.session_state.get(PREVIEW_KEY)
    if not clicked or clicked.get("type") not in result.settings.outlet_types:
        return None
    with _widgets.planner_errors():
        preview = editor.preview(
            float(clicked["lon"]), float(clicked["lat"]), str(clicked["type"]), result
        )
        st.metric(
            tr("editing.newly_covered", type=md_escape(type_label(preview.outlet_type))),
            f"{preview.newly_covered:,.0f}",
            help=tr(
                "editing.preview_help",
                minutes=f"{preview.minutes:g}",
                mode=tr(f"mode.{preview.mode}"),
                reached=f"{preview.reached:,.0f}",
            ),
        )
        return preview
    return None
