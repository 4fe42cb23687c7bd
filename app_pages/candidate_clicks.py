"""Candidate sites added by clicking the Siting page's map.

With the box ticked, every new click on the map (inside the study area)
adds a candidate site, source ``"map"``; they are kept in the session
(:data:`app_pages._state.CLICKED_CANDIDATES_KEY`) until forgotten or another
study area is loaded, and join the other candidates (and their exclusions).
"""

from __future__ import annotations

import json
from typing import Any

import geopandas as gpd
import shapely
import streamlit as st

from app_pages import _state
from app_pages._frames import shapes_frame
from app_pages._labels import tr
from servicecircle.inputs.area import StudyArea

TICK_KEY = "editing.candidates_click"
HANDLED_KEY = "editing.candidates_handled"  # the last click acted on


def _forget() -> None:
    _state.set_shapes(_state.CLICKED_CANDIDATES_KEY, [])


def controls() -> gpd.GeoDataFrame | None:
    """The box that turns clicking on, the count and a button to forget; the sites clicked."""
    st.checkbox(tr(TICK_KEY), key=TICK_KEY, help=tr("editing.candidates_click_help"))
    clicked = _state.shapes(_state.CLICKED_CANDIDATES_KEY)
    if not clicked:
        return None
    st.caption(tr("editing.candidates_clicked", count=len(clicked)))
    st.button(tr("editing.candidates_clear"), key="editing.candidates_clear", on_click=_forget)
    frame = shapes_frame(clicked)
    return None if frame is None else frame.assign(source="map")


def returned() -> list[str]:
    """What the map must send back: the clicks, while clicking adds candidates."""
    return ["last_clicked"] if st.session_state.get(TICK_KEY) else []


def handle(area: StudyArea, shown: dict[str, Any] | None) -> None:
    """Add a candidate at a click not acted on yet (inside the study area), then rerun."""
    if not st.session_state.get(TICK_KEY) or not shown:
        return
    click = shown.get("last_clicked")
    if not isinstance(click, dict) or "lat" not in click or "lng" not in click:
        return
    signature = json.dumps(click, sort_keys=True, default=str)
    if st.session_state.get(HANDLED_KEY) == signature:
        return
    st.session_state[HANDLED_KEY] = signature
    lon, lat = float(click["lng"]), float(click["lat"])
    west, south, east, north = area.bounds
    if not (west <= lon <= east and south <= lat <= north):
        return
    clicked = _state.shapes(_state.CLICKED_CANDIDATES_KEY)
    name = tr("editing.candidate_name", number=len(clicked) + 1)
    clicked.append({"name": name, "geometry": shapely.Point(lon, lat)})
    _state.set_shapes(_state.CLICKED_CANDIDATES_KEY, clicked)
    st.rerun()
