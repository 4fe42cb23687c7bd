"""The app opens on the sample, ready to compute; the study area's name; extracts on the server."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from servicecircle.inputs.extracts import CONFIG_VARIABLE
from servicecircle.inputs.naming import SAMPLE_NAME
from tests.app.conftest import APP, REPO, TIMEOUT, shown, texts

HIDDEN = "ADMINONLY_app7"  # the folder the administrator keeps extracts in: never shown


def _fresh() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def _everything_shown(at: AppTest) -> str:
    parts: list[str] = []
    for elements in (at.error, at.warning, at.info, at.success, at.markdown, at.caption):
        parts += texts(elements)
    parts += texts(at.sidebar.caption)
    parts += [str(box.value) for box in at.selectbox] + [str(r.options) for r in at.radio]
    parts += [str(box.options) for box in at.selectbox]
    return "\n".join(parts)


def test_a_new_session_opens_on_the_sample_ready_to_compute() -> None:
    at = _fresh()
    area = at.session_state["area"]
    assert area.source == "sample" and area.name == SAMPLE_NAME
    assert not at.info or t("app.no_area", "zh") not in texts(at.info)
    assert t("study.sample_ready", "zh") in texts(at.caption)
    (name,) = [box for box in at.text_input if box.key == "study.name"]
    assert name.value == SAMPLE_NAME
    assert t("app.area_title", "zh", name=SAMPLE_NAME) in [shown(c) for c in texts(at.caption)]
    # the coverage page computes on the sample with no click on the study-area page
    at.switch_page("app_pages/coverage.py").run()
    assert not at.exception and not at.error, texts(at.error)
    coverage = at.session_state["result.coverage"]
    assert coverage.share(15) > 0
    assert any(m.label == t("coverage.within", "zh", minutes=15) for m in at.metric)


def test_the_name_is_edited_kept_and_escaped_in_every_title(downloads, tmp_path: Path) -> None:
    at = _fresh()
    typed = "  玄武区 [试点](javascript:alert(1)) <b>x</b>\n"
    at.text_input(key="study.name").input(typed).run()
    assert not at.exception
    wanted = "玄武区 [试点](javascript:alert(1)) <b>x</b>"
    assert at.session_state["area"].source == "sample"
    assert at.session_state["area.name"] == wanted
    at.switch_page("app_pages/coverage.py").run()  # every page: the name, as text
    assert not at.error, texts(at.error)
    titles = [shown(c) for c in texts(at.caption)]
    assert t("app.area_title", "zh", name=wanted) in titles
    assert "](javascript" not in "".join(texts(at.caption)).replace("\\]", "").replace("\\(", "")
    assert any(wanted in shown(c) for c in texts(at.sidebar.caption))
    at.switch_page("app_pages/report.py").run()
    at.radio(key="report.section").set_value("report").run()
    at.button(key="report.report_build").click().run()
    assert not at.exception and not at.error, texts(at.error)
    (html,) = [name for name in downloads if name.endswith(".html")]
    page = downloads[html]().decode("utf-8")
    assert "玄武区 [试点](javascript:alert(1)) &lt;b&gt;x&lt;/b&gt;15分钟就业服务圈" in page
    at.radio(key="report.section").set_value("files").run()  # the GeoPackage says the name
    assert not at.exception and not at.error, texts(at.error)
    (gpkg,) = [name for name in downloads if name.endswith("_servicecircle.gpkg")]
    saved = tmp_path / "all.gpkg"
    saved.write_bytes(downloads[gpkg]())
    with sqlite3.connect(saved) as db:
        described = dict(db.execute("SELECT table_name, description FROM gpkg_contents"))
    assert described and set(described.values()) == {wanted}
    # the study-area page shows the name in use; an empty name gives the sample's back
    at.switch_page("app_pages/study_area.py").run()
    assert at.text_input(key="study.name").value == wanted
    at.text_input(key="study.name").input("").run()
    assert "area.name" not in at.session_state
    assert at.text_input(key="study.name").value == SAMPLE_NAME


def test_loading_another_area_takes_its_own_name() -> None:
    at = _fresh()
    at.text_input(key="study.name").input("我的示例").run()
    at.radio(key="study.source").set_value("upload").run()
    data = (REPO / "tests" / "data" / "vaduz.osm").read_bytes()
    at.file_uploader(key="study.upload").upload("vaduz.osm", data).run()
    at.button(key="study.load").click().run()
    assert not at.exception and not at.error, texts(at.error)
    assert at.session_state["area"].name == "vaduz"
    assert at.text_input(key="study.name").value == "vaduz"


@pytest.fixture()
def extracts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / HIDDEN
    folder.mkdir()
    shutil.copyfile(REPO / "tests" / "data" / "vaduz.osm", folder / "vaduz.osm")
    config = folder / "servicecircle.toml"
    config.write_text(
        '[[extracts]]\nname = "瓦杜兹"\npath = "vaduz.osm"\n\n'
        '[[extracts]]\nname = "南京市玄武区"\npath = "xuanwu.osm.pbf"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(CONFIG_VARIABLE, str(config))
    return config


def test_listed_extracts_are_offered_by_name_and_load(extracts: Path) -> None:
    at = _fresh()
    assert t("study.source.extract", "zh") in at.radio(key="study.source").options
    at.radio(key="study.source").set_value("extract").run()
    box = at.selectbox(key="study.extract")
    assert list(box.options) == ["瓦杜兹", "南京市玄武区"]
    at.button(key="study.load").click().run()
    assert not at.exception and not at.error, texts(at.error)
    area = at.session_state["area"]
    assert area.name == "瓦杜兹" and area.source == "extract:瓦杜兹"
    assert HIDDEN not in _everything_shown(at)


def test_a_missing_extract_is_said_by_its_name(extracts: Path) -> None:
    at = _fresh()
    at.radio(key="study.source").set_value("extract").run()
    at.selectbox(key="study.extract").set_value("南京市玄武区").run()
    at.button(key="study.load").click().run()
    assert not at.exception
    (error,) = [shown(e) for e in texts(at.error)]
    assert "南京市玄武区" in error and "servicecircle.toml" in error
    assert HIDDEN not in error and "xuanwu" not in error
    assert at.session_state["area"].source == "sample"  # the area in use stays


def test_a_planner_cannot_load_a_path_as_an_extract(
    extracts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No widget reads a path: the extracts are a choice of names, other fields never open files."""
    path = str(extracts.parent / "vaduz.osm")
    at = _fresh()
    at.radio(key="study.source").set_value("extract").run()
    assert [box.key for box in at.text_input] == ["study.name"]  # nothing else to type in
    assert list(at.selectbox(key="study.extract").options) == ["瓦杜兹", "南京市玄武区"]
    at.text_input(key="study.name").input(path).run()  # a path as the name is only a name
    assert at.session_state["area"].source == "sample"
    # a path typed as a place is a place name to search online, never a file to open
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    at.radio(key="study.source").set_value("place").run()
    at.text_input(key="study.place").input(path).run()
    at.button(key="study.load").click().run()
    assert not at.exception
    assert texts(at.error) == [t("study.place_offline", "zh")]
    assert at.session_state["area"].source == "sample"
