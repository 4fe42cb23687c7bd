"""Text a planner brings is shown as text: never rendered as Markdown or HTML (issue 10).

A cell ``![x](http://...)`` echoed into a Markdown-rendered message would make
the browser fetch that URL; a name ``<img src=x onerror=...>`` pasted into a
map popup would run script. Cell values, column names, file names, outlet
names and scenario names carrying such text go through the app; every message
must show them literally (Markdown escaped) and every map must hold them
HTML-escaped.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import REPO, markdown_hazards, shown, texts

PAYLOADS = (
    "![x](http://127.0.0.1:9/x.png)",
    "<img src=x onerror=alert(1)>",
    "[link](javascript:alert(1))",
)
SCRIPT = "<img src=x onerror=alert(1)>"
INSIDE_SAMPLE = (24.945, 60.170)


def _markdown_texts(app: AppTest) -> list[str]:
    """Every text on the page (and in the sidebar) that Streamlit renders as Markdown."""
    bodies = [
        str(element.value)
        for elements in (app.error, app.warning, app.info, app.success, app.markdown, app.caption)
        for element in elements
    ]
    bodies += [str(element.label) for element in (*app.expander, *app.metric)]
    return bodies


def _assert_no_markdown(app: AppTest) -> None:
    assert not app.exception, app.exception
    for body in _markdown_texts(app):
        assert not markdown_hazards(body), body


def _assert_escaped_in_maps(app: AppTest) -> None:
    """The maps on the page hold the name, HTML-escaped (``&lt;img ...``), never as markup."""
    maps = "\n".join(str(node.proto) for node in app.get("component_instance"))
    assert "onerror=alert(1)" in maps, "the page should show the name on a map"
    assert SCRIPT not in maps


def _outlets_page(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/outlets.py").run()
    app.radio(key="outlets.source").set_value("upload").run()


def _upload(app: AppTest, name: str, text: str) -> None:
    app.file_uploader(key="outlets.upload").upload(name, text.encode()).run()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_cell_value_in_a_message_is_text(app: AppTest, payload: str) -> None:
    _outlets_page(app)
    _upload(app, "outlets.csv", f"name,lon,lat\nA,{payload},60.17\n")
    _assert_no_markdown(app)
    (message,) = texts(app.error)
    assert payload in shown(message)  # the planner sees the cell as it is


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_column_name_in_a_message_is_text(app: AppTest, payload: str) -> None:
    _outlets_page(app)
    _upload(app, "outlets.csv", f"name,{payload}\nA,somewhere\n")
    _assert_no_markdown(app)
    (message,) = texts(app.error)
    assert payload in shown(message)


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "/" not in p])  # a file name
def test_a_file_name_in_a_message_is_text(app: AppTest, payload: str) -> None:
    _outlets_page(app)
    _upload(app, f"{payload}.csv", "name,lon,lat\n")
    _assert_no_markdown(app)
    (message,) = texts(app.error)
    assert f"{payload}.csv" in shown(message)
    # the kept file's name is text too, on the next visit of the page
    app.switch_page("app_pages/demand.py").run()
    app.switch_page("app_pages/outlets.py").run()
    _assert_no_markdown(app)


def test_outlet_and_scenario_names_are_text_on_every_page(app: AppTest) -> None:
    lon, lat = INSIDE_SAMPLE
    rows = "".join(f"{p},{lon + i * 1e-3},{lat}\n" for i, p in enumerate(PAYLOADS))
    _outlets_page(app)
    _upload(app, "outlets.csv", "name,lon,lat\n" + rows)
    assert not app.error, texts(app.error)
    assert list(app.session_state["result.outlets"]["name"]) == list(PAYLOADS)
    _assert_no_markdown(app)
    _assert_escaped_in_maps(app)  # in the tooltips
    app.switch_page("app_pages/coverage.py").run()
    _assert_no_markdown(app)
    _assert_escaped_in_maps(app)
    app.switch_page("app_pages/report.py").run()
    app.radio(key="report.section").set_value("project").run()
    for name in PAYLOADS[:2]:
        app.text_input(key="report.scenario_name").input(name).run()
        app.button(key="report.scenario_save").click().run()
        assert not app.error, texts(app.error)
        _assert_no_markdown(app)
        assert any(name in shown(s) for s in texts(app.success))
    metrics = [shown(m.label) for m in app.metric]  # the comparison names both scenarios
    assert any(PAYLOADS[0] in label for label in metrics), metrics
    app.text_input(key="report.scenario_name").input(PAYLOADS[0]).run()
    _assert_no_markdown(app)  # "this replaces the scenario ..." names it


def test_a_study_area_named_after_its_file_is_text(app: AppTest) -> None:
    app.radio(key="study.source").set_value("upload").run()
    data = (REPO / "tests" / "data" / "vaduz.osm").read_bytes()
    app.file_uploader(key="study.upload").upload(f"{SCRIPT}.osm", data).run()
    app.button(key="study.load").click().run()
    assert not app.error, texts(app.error)
    assert app.session_state["area"].name.startswith(SCRIPT)
    _assert_no_markdown(app)  # the success message and the sidebar name the area
    assert any(SCRIPT in shown(c) for c in texts(app.sidebar.caption))
