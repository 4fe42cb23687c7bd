"""Siting page: candidate sites clicked on the map join the candidates (source 'map')."""

from __future__ import annotations

import shapely
from streamlit.testing.v1 import AppTest

from app_pages._state import CLICKED_CANDIDATES_KEY
from servicecircle.i18n import t
from tests.app.conftest import texts


def _open(app: AppTest) -> AppTest:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/coverage.py").run()
    app.switch_page("app_pages/siting.py").run()
    assert not app.exception, app.exception
    return app


def test_clicked_sites_are_candidates_and_can_be_chosen(app: AppTest) -> None:
    _open(app)
    app.checkbox(key="editing.candidates_click").check().run()
    gaps = app.session_state["result.coverage"].gaps
    spot = gaps.geometry.iloc[0].representative_point()
    app.session_state[CLICKED_CANDIDATES_KEY] = [{"name": "点选 1", "geometry": spot}]
    app.run()
    assert not app.exception and not app.error, texts(app.error)
    assert t("editing.candidates_clicked", "zh", count=1) in texts(app.caption)
    captions = " ".join(texts(app.caption))
    assert t("siting.source.map", "zh") in captions
    # only the clicked site: the plan can choose nothing else
    app.multiselect(key="siting.sources").set_value([]).run()
    app.number_input(key="siting.new").set_value(1).run()
    app.button(key="siting.run").click().run()
    assert not app.exception, app.exception
    plan = app.session_state["result.siting"]
    assert len(plan.chosen) == 1
    chosen = plan.chosen.to_crs(4326).geometry
    assert all(shapely.distance(g, spot) < 1e-6 for g in chosen)
    app.button(key="editing.candidates_clear").click().run()
    assert app.session_state[CLICKED_CANDIDATES_KEY] == []
