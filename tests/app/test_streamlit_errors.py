"""Errors Streamlit itself raises show no traceback and no message (issue 10).

A hand-crafted upload (a file type the uploader does not accept, sent past
the browser's check) is refused by Streamlit before the page runs, outside
the app's own error handling. ``.streamlit/config.toml`` sets
``client.showErrorDetails = "type"``: the page shows only the error's type,
never its message or the server's stack trace. The app's own errors stay
messages written for the planner.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, REPO, TIMEOUT


@pytest.fixture
def repo_config(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Streamlit's settings read from the repository's .streamlit/config.toml."""
    monkeypatch.chdir(REPO)
    config.get_config_options(force_reparse=True)
    yield
    config.get_config_options(force_reparse=True)


def test_the_config_shows_only_the_type_of_streamlits_own_errors() -> None:
    settings = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["client"]["showErrorDetails"] == "type"


def test_a_refused_file_type_shows_no_traceback(repo_config: None) -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    at.button(key="study.load").click().run()
    at.switch_page("app_pages/outlets.py").run()
    at.radio(key="outlets.source").set_value("upload").run()
    at.file_uploader(key="outlets.upload").upload("payload.exe", b"MZ\x90\x00").run()
    (error,) = at.exception
    assert error.proto.type == "streamlit.errors.StreamlitAPIException"
    assert list(error.proto.stack_trace) == []
    assert ".exe" not in error.proto.message and "payload" not in error.proto.message
    assert "redacted" in error.proto.message
    assert "result.outlets" not in at.session_state
