"""Outlets page: an outlet moved, re-typed and deleted; coverage on the same page follows.

The page's numbers are checked against a fresh library run (coverage_from)
on the outlets the page keeps.
"""

from __future__ import annotations

import pytest
import shapely
from streamlit.testing.v1 import AppTest

from servicecircle.coverage import CoverageSettings, coverage_from
from servicecircle.i18n import t
from tests.app.conftest import texts


def _open(app: AppTest) -> AppTest:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/outlets.py").run()
    assert not app.exception, app.exception
    return app


def _metrics(app: AppTest) -> dict[str, str]:
    return {str(m.label): str(m.value) for m in app.metric}


def _library_shares(app: AppTest) -> dict[str, str]:
    """The shares a full library run gives for the outlets the page keeps, as shown."""
    from app_pages import _cache

    area = app.session_state["area"]
    outlets = app.session_state["result.outlets"]
    demand = _cache.default_demand(area)
    settings = CoverageSettings(outlet_types=dict(app.session_state["outlet_types"]))
    full = coverage_from(area, demand, outlets, settings=settings, with_isochrones=False)
    shares = {
        t("coverage.within", "zh", minutes=f"{b:g}"): f"{full.share(b):.1%}"
        for b in settings.breaks
    }
    standard = float(full.demand.loc[full.demand["covered"], "people"].sum()) / full.total
    shares[t("coverage.standard", "zh")] = f"{standard:.1%}"
    return shares


def _shown_shares(app: AppTest) -> dict[str, str]:
    metrics = _metrics(app)
    wanted = _library_shares(app)
    return {label: metrics[label] for label in wanted}


def test_move_retype_and_delete_update_coverage_on_the_page(app: AppTest) -> None:
    _open(app)
    outlets = app.session_state["result.outlets"]
    assert len(outlets) == 3 and list(outlets["outlet_id"]) == ["f0", "f1", "f2"]
    first = _shown_shares(app)
    assert first == _library_shares(app)

    # move the first outlet about 600 m east, by its coordinates in the form
    point = outlets.geometry.iloc[0]
    app.selectbox(key="editing.outlet").set_value("f0").run()
    app.number_input(key="editing.lon").set_value(point.x + 0.008).run()
    app.text_input(key="editing.name").set_value("迁建站 *1*").run()
    app.button(key="editing.apply").click().run()
    assert not app.exception and not app.error, texts(app.error)
    moved = app.session_state["result.outlets"]
    assert moved["name"].iloc[0] == "迁建站 *1*"
    assert moved.geometry.iloc[0].x == pytest.approx(point.x + 0.008)
    assert moved.geometry.iloc[1].equals(outlets.geometry.iloc[1])
    after_move = _shown_shares(app)
    assert after_move == _library_shares(app)
    assert after_move != first

    # re-type the second outlet: a gig market reaches 30 minutes by e-bike
    app.selectbox(key="editing.outlet").set_value("f1").run()
    app.selectbox(key="editing.type").set_value("gig_market").run()
    app.button(key="editing.apply").click().run()
    assert list(app.session_state["result.outlets"]["outlet_type"])[1] == "gig_market"
    assert _shown_shares(app) == _library_shares(app)

    # delete the third outlet
    app.selectbox(key="editing.outlet").set_value("f2").run()
    app.button(key="editing.delete").click().run()
    assert not app.exception and not app.error, texts(app.error)
    left = app.session_state["result.outlets"]
    assert list(left["outlet_id"]) == ["f0", "f1"]
    after_delete = _shown_shares(app)
    assert after_delete == _library_shares(app)

    # the edits survive a visit to another page; the Coverage page measures the edited outlets
    app.switch_page("app_pages/coverage.py").run()
    assert not app.exception
    coverage = app.session_state["result.coverage"]
    assert len(coverage.outlets) == 2
    app.switch_page("app_pages/outlets.py").run()
    assert list(app.session_state["result.outlets"]["outlet_id"]) == ["f0", "f1"]

    # undo all: back to the file's outlets and the first numbers
    app.button(key="editing.undo_all").click().run()
    assert len(app.session_state["result.outlets"]) == 3
    assert _shown_shares(app) == first


def test_placed_outlet_moved_and_deleted(app: AppTest) -> None:
    from app_pages._state import PLACED_KEY

    _open(app)
    app.radio(key="outlets.source").set_value("none").run()
    area = app.session_state["area"]
    west, south, east, north = area.bounds
    app.session_state[PLACED_KEY] = [
        {
            "name": "新站",
            "outlet_type": "community_window",
            "geometry": shapely.Point((west + east) / 2, (south + north) / 2),
        }
    ]
    app.run()
    assert list(app.session_state["result.outlets"]["outlet_id"]) == ["m0"]
    before = _shown_shares(app)
    assert before == _library_shares(app)
    app.selectbox(key="editing.outlet").set_value("m0").run()
    app.number_input(key="editing.lat").set_value((south + north) / 2 + 0.004).run()
    app.button(key="editing.apply").click().run()
    placed = app.session_state[PLACED_KEY]
    assert placed[0]["geometry"].y == pytest.approx((south + north) / 2 + 0.004)
    assert _shown_shares(app) == _library_shares(app)
    app.button(key="editing.delete").click().run()
    assert app.session_state[PLACED_KEY] == []
    assert "result.outlets" not in app.session_state


def test_preview_of_a_clicked_point(app: AppTest) -> None:
    from app_pages.outlet_editing import PREVIEW_KEY

    _open(app)
    area = app.session_state["area"]
    west, south, east, north = area.bounds
    app.session_state[PREVIEW_KEY] = {
        "lon": west + 0.8 * (east - west),
        "lat": south + 0.8 * (north - south),
        "type": "community_window",
    }
    app.run()
    assert not app.exception and not app.error, texts(app.error)
    label = t("editing.newly_covered", "zh", type=t("outlet.community_window", "zh"))
    assert label in _metrics(app)
