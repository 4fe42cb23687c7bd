"""One session's heavy work is held to the per-session memory budget (issue 10)."""

from __future__ import annotations

import time
import uuid

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import shown, texts


def _greedy_reader(*args: object, **kwargs: object) -> object:
    """A reader that keeps taking memory (60 blocks of 20 MB if nothing stops it)."""
    kept = []
    for _ in range(60):
        kept.append(np.ones(20 * 2**20 // 8))  # touched, so resident
        time.sleep(0.01)
    raise AssertionError("the memory budget should have stopped this read")


def test_work_over_the_session_budget_is_a_message_and_the_session_goes_on(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/outlets.py").run()
    app.radio(key="outlets.source").set_value("upload").run()
    monkeypatch.setenv("SERVICECIRCLE_SESSION_MEMORY_MB", "100")
    monkeypatch.setattr("app_pages._cache.read_layer", _greedy_reader)
    csv = f"name,lon,lat\n{uuid.uuid4().hex},24.945,60.170\n".encode()  # not cached yet
    app.file_uploader(key="outlets.upload").upload("outlets.csv", csv).run()
    assert not app.exception
    (message,) = [shown(e) for e in texts(app.error)]
    assert "读取 outlets.csv已停止" in message
    assert "SERVICECIRCLE_SESSION_MEMORY_MB" in message
    assert "result.outlets" not in app.session_state
    monkeypatch.undo()  # the session carries on: the same file reads once memory allows
    app.run()
    assert not app.exception and not app.error, texts(app.error)
    assert len(app.session_state["result.outlets"]) == 1
