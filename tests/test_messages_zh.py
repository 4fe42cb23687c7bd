"""Messages a planner can meet say Chinese in the Chinese UI (and English in English).

One test per library package, over two or three representative errors, notes or
progress steps: said in ``zh`` they hold Chinese and no English sentence; ``str``
keeps the English.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

from servicecircle.errors import ResourceLimitError
from servicecircle.i18n.message import Message, say
from servicecircle.limits import Limits
from servicecircle.memory import within_budget

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b")
"""Three English words in a row: a sentence fragment, not a file name or a unit."""


def assert_chinese(said: object) -> str:
    """``said`` in zh holds Chinese and no English sentence; returns the text."""
    text = say(said, "zh")
    assert CHINESE.search(text), text
    assert not ENGLISH_RUN.search(text), text
    assert say(said, "en") != text
    return text


def message_of(error: BaseException) -> Message:
    """The message an error carries (it must carry one)."""
    assert error.args and isinstance(error.args[0], Message), repr(error)
    return error.args[0]


def _grow() -> list[np.ndarray]:
    kept = []
    for _ in range(20):
        kept.append(np.ones(10 * 2**20 // 8))  # touched, so resident
        time.sleep(0.01)
    return kept


def test_limits_and_memory_say_chinese():
    error = Limits(features=10).exceeded("features", "路网.gpkg 有 12 个要素")
    text = assert_chinese(error)
    assert "SERVICECIRCLE_MAX_FEATURES" in text and "个要素" in text
    assert "over this server's limit of 10 features" in str(error)
    advised = Limits().exceeded("raster_cells", Message("msg.memory.this_step"), found="x")
    assert "x" in say(advised, "zh")
    with pytest.raises(ResourceLimitError) as info:
        within_budget(_grow, limit_mb=20, poll_s=0.005)
    assert "这一步已停止" in assert_chinese(info.value)
