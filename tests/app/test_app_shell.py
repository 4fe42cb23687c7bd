"""The app shell: language switch, navigation, error messages, session isolation."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from tests.app.conftest import APP, TIMEOUT, shown, texts


def test_starts_in_chinese_without_errors(app: AppTest) -> None:
    assert app.radio(key="lang").value == "zh"
    assert [h.value for h in app.header] == [t("study.header", "zh")]
    assert not app.error


def test_language_switch_changes_every_label(app: AppTest) -> None:
    app.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert [h.value for h in app.header] == ["Study area"]
    assert app.button(key="study.load").label == "Load study area"
    assert app.radio(key="study.source").label == "Source"
    assert app.selectbox(key="basemap").label == "Basemap"
    app.radio(key="lang").set_value("zh").run()
    assert [h.value for h in app.header] == ["研究区"]
    assert app.button(key="study.load").label == "加载研究区"


def test_language_is_kept_per_session(app: AppTest) -> None:
    app.radio(key="lang").set_value("en").run()
    other = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    other.run()
    assert other.radio(key="lang").value == "zh"
    assert app.radio(key="lang").value == "en"


def test_tianditu_without_key_falls_back_to_no_basemap(app: AppTest) -> None:
    app.selectbox(key="basemap").set_value("tianditu").run()
    assert app.text_input(key="tianditu_key").label == t("app.tianditu_key", "zh")
    assert not app.exception


def _raise_unexpected() -> None:
    from app_pages import _widgets

    with _widgets.planner_errors():
        raise RuntimeError("boom")


def _raise_planner_error() -> None:
    from app_pages import _widgets
    from servicecircle.errors import InputDataError

    with _widgets.planner_errors():
        raise InputDataError("The file has no roads. Use an extract that covers your county.")


def test_unexpected_error_is_a_bilingual_message_with_details() -> None:
    at = AppTest.from_function(_raise_unexpected)
    at.run()
    assert not at.exception
    (message,) = texts(at.error)
    assert t("error.unexpected", "zh") in message and t("error.unexpected", "en") in message
    assert "boom" in at.expander[0].code[0].value  # details folded away, not a traceback


def test_planner_error_shows_its_own_message() -> None:
    at = AppTest.from_function(_raise_planner_error)
    at.run()
    assert not at.exception
    (message,) = texts(at.error)
    assert shown(message) == "The file has no roads. Use an extract that covers your county."
    assert not at.expander
