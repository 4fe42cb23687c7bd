"""Page 4, coverage: metrics per break, gaps linked to the map, tables, map views."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from tests.app.conftest import texts


def _open(app: AppTest) -> AppTest:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/coverage.py").run()
    assert not app.exception, app.exception
    assert not app.error, texts(app.error)
    return app


def test_needs_a_study_area(app_without_area: AppTest) -> None:
    app = app_without_area  # the sample could not be opened
    app.switch_page("app_pages/coverage.py").run()
    assert texts(app.info) == [t("common.need_area", "zh")]


def test_sample_flow_with_defaults(app: AppTest) -> None:
    """Sample -> coverage directly: default demand and the sample outlets are used."""
    _open(app)
    result = app.session_state["result.coverage"]
    captions = texts(app.caption)
    assert t("coverage.default_demand", "zh") in captions
    assert t("coverage.default_outlets", "zh") in captions
    metrics = {m.label: m.value for m in app.metric}
    for minutes in (5, 10, 15):
        label = t("coverage.within", "zh", minutes=minutes)
        assert metrics[label] == f"{result.share(minutes):.1%}"
    shares = [result.share(b) for b in (5, 10, 15)]
    assert shares == sorted(shares)  # more minutes, more people covered
    gaps = app.dataframe[0].value
    assert list(gaps[t("field.rank", "zh")]) == list(range(1, len(result.gaps) + 1))
    assert app.get("component_instance")


def test_uses_the_outlets_and_demand_of_the_session(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/outlets.py").run()
    app.radio(key="outlets.source").set_value("osm").run()
    osm = app.session_state["result.outlets"]
    app.switch_page("app_pages/coverage.py").run()
    assert not app.exception
    result = app.session_state["result.coverage"]
    assert len(result.outlets) == len(osm)
    assert t("coverage.default_outlets", "zh") not in texts(app.caption)


def test_changing_breaks_reruns(app: AppTest) -> None:
    _open(app)
    app.multiselect(key="coverage.breaks").set_value([10.0, 20.0]).run()
    assert not app.exception
    result = app.session_state["result.coverage"]
    assert result.settings.breaks == (10.0, 20.0)
    labels = [m.label for m in app.metric]
    assert t("coverage.within", "zh", minutes=20) in labels
    app.multiselect(key="coverage.breaks").set_value([]).run()
    assert texts(app.warning) == [t("coverage.need_breaks", "zh")]


def test_map_views_and_english(app: AppTest) -> None:
    _open(app)
    for view in ("hexagons", "units", "isochrones"):
        app.radio(key="coverage.view").set_value(view).run()
        assert not app.exception and not app.error, view
    app.radio(key="lang").set_value("en").run()
    assert [h.value for h in app.header][0] == "Coverage today"
    assert app.dataframe[0].value.columns[0] == "Rank"
