"""Helpers for the app tests (streamlit.testing.v1.AppTest)."""

from __future__ import annotations

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
