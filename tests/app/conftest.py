"""Helpers for the app tests (streamlit.testing.v1.AppTest)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "app.py"
TIMEOUT = 120


def texts(elements) -> list[str]:
    """The values of a list of text-like elements (error, info, markdown, ...)."""
    return [str(element.value) for element in elements]


@pytest.fixture()
def app() -> AppTest:
    """A fresh app session (its own session state), run once."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture()
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    """What the page's download buttons serve: file name -> a function giving the bytes.

    AppTest drops Streamlit's media store after each run, so the files are
    recorded as the buttons hand them to it: bytes given directly, or the
    function of a deferred download (called here the way a click calls it).
    """
    from streamlit.runtime.media_file_manager import MediaFileManager

    served: dict[str, Callable[[], bytes]] = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def recording_add(self, data, mimetype, coordinates, file_name=None, **kwargs):  # type: ignore[no-untyped-def]
        if file_name and isinstance(data, bytes):
            served[file_name] = lambda: data
        return add(self, data, mimetype, coordinates, file_name=file_name, **kwargs)

    def recording_deferred(self, build, mimetype, coordinates, file_name=None, **kwargs):  # type: ignore[no-untyped-def]
        if file_name:
            served[file_name] = build
        return add_deferred(self, build, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", recording_add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", recording_deferred)
    return served


@pytest.fixture()
def maps_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private folder for the interactive maps the report page saves."""
    folder = tmp_path / "maps"
    monkeypatch.setenv("SERVICECIRCLE_MAPS_DIR", str(folder))
    return folder
