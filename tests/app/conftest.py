"""Helpers for the app tests (streamlit.testing.v1.AppTest)."""

from __future__ import annotations

import re
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


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation


def shown(markdown: str) -> str:
    """The text a Markdown body shows: escapes removed, hard line breaks as newlines."""
    return _ESCAPED.sub(r"\1", markdown.replace("  \n", "\n").replace("\u00a0", " "))


def markdown_hazards(markdown: str) -> list[str]:
    """What in ``markdown`` a browser would render as an image, link or HTML, or fetch.

    Escaped characters (``\\[``) are shown as they are and cannot start anything,
    so they are dropped first; what remains must hold no image or link
    (``![..](``, ``[..](``), no HTML tag and no URL scheme (``http:``,
    ``javascript:``) or ``www.`` that Markdown would turn into a link.
    """
    live = _ESCAPED.sub("", markdown)
    patterns = {
        "image or link": r"\]\s*\(",
        "HTML tag": r"<\s*[A-Za-z!/?]",
        "URL": r"(?i)\b(https?|ftp|javascript|data|file|mailto):|\bwww\.",
    }
    return [name for name, pattern in patterns.items() if re.search(pattern, live)]


@pytest.fixture()
def app() -> AppTest:
    """A fresh app session (its own session state), run once."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture()
def app_without_area() -> AppTest:
    """A fresh session that did not open on the sample (as when the sample cannot be read)."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["area.sample_tried"] = True  # app_pages._start.SAMPLE_TRIED_KEY
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
