"""Outlets page map events: what the map sends back after a drag, a deletion, a new marker, a click.

The browser test drives the real map; these check how each event is acted on
(once), with the map's answer given as streamlit-folium sends it.
"""

from __future__ import annotations

import pytest
import shapely
from streamlit.testing.v1 import AppTest

from tests.app.conftest import texts


def _open(app: AppTest) -> AppTest:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/outlets.py").run()
    assert not app.exception, app.exception
    return app


def _script() -> None:
    """Act on the map's answer kept in the session under "test.shown", as the page does."""
    import streamlit as st

    from app_pages import outlet_map

    shown = st.session_state.get("test.shown") or {}
    outlets = st.session_state["result.outlets"]
    where = {str(i): p for i, p in zip(outlets["outlet_id"], outlets.geometry, strict=True)}
    changed = False
    drawn = shown.get("all_drawings")
    if isinstance(drawn, list) and outlet_map._first_time("drawn", drawn):
        changed = outlet_map._drawn_changes(where, drawn, "gig_market")
    click = shown.get("last_clicked")
    if isinstance(click, dict) and outlet_map._first_time("click", click):
        area = st.session_state["area"]
        mode = st.session_state.get("test.mode", "preview")
        changed = outlet_map._clicked(area, click, mode, "gig_market", "f1") or changed
    st.session_state["test.changed"] = changed


def _feature(point: shapely.Point, outlet_id: str | None) -> dict:
    properties = {"outlet_id": outlet_id} if outlet_id else {}
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Point", "coordinates": [point.x, point.y]},
    }


@pytest.fixture()
def events(app: AppTest) -> AppTest:
    """An AppTest of :func:`_script` in a session holding the sample's outlets."""
    _open(app)
    script = AppTest.from_function(_script, default_timeout=60)
    for key in ("area", "result.outlets", "result.outlets.source_key", "lang"):
        script.session_state[key] = app.session_state[key]
    return script


def test_drag_delete_and_new_marker_are_acted_on_once(events: AppTest) -> None:
    outlets = events.session_state["result.outlets"]
    points = list(outlets.geometry)
    dragged = shapely.Point(points[0].x + 0.002, points[0].y)
    new = shapely.Point(points[1].x, points[1].y + 0.001)
    # f0 dragged, f1 unchanged, f2 deleted (missing), one marker drawn (no id)
    answer = [_feature(dragged, "f0"), _feature(points[1], "f1"), _feature(new, None)]
    events.session_state["test.shown"] = {"all_drawings": answer, "last_clicked": None}
    events.run()
    assert not events.exception, events.exception
    assert events.session_state["test.changed"] is True
    edits = events.session_state["result.outlets.edits"]["rows"]
    assert edits == {"f0": {"lon": dragged.x, "lat": dragged.y}, "f2": {"deleted": True}}
    placed = events.session_state["result.outlets.placed"]
    assert len(placed) == 1 and placed[0]["outlet_type"] == "gig_market"
    assert placed[0]["geometry"].equals(new)
    events.run()  # the same answer again: nothing more happens
    assert events.session_state["test.changed"] is False
    assert len(events.session_state["result.outlets.placed"]) == 1


def test_clicks_preview_add_and_move(events: AppTest) -> None:
    area = events.session_state["area"]
    west, south, east, north = area.bounds
    lon, lat = (west + east) / 2, (south + north) / 2
    events.session_state["test.shown"] = {"last_clicked": {"lat": lat, "lng": lon}}
    events.run()
    assert events.session_state["result.outlets.preview"] == {
        "lon": lon,
        "lat": lat,
        "type": "gig_market",
    }
    events.session_state["test.mode"] = "add"
    events.session_state["test.shown"] = {"last_clicked": {"lat": lat + 0.001, "lng": lon}}
    events.run()
    placed = events.session_state["result.outlets.placed"]
    assert [p["geometry"].coords[0] for p in placed] == [(lon, lat + 0.001)]
    events.session_state["test.mode"] = "move"
    events.session_state["test.shown"] = {"last_clicked": {"lat": lat, "lng": lon + 0.001}}
    events.run()
    assert events.session_state["result.outlets.edits"]["rows"]["f1"] == {
        "lon": lon + 0.001,
        "lat": lat,
    }
    # a click outside the study area does nothing
    events.session_state["test.shown"] = {"last_clicked": {"lat": north + 1.0, "lng": lon}}
    events.run()
    assert events.session_state["test.changed"] is False
    assert not events.exception, texts(events.error)
