"""The per-session memory budget stops heavy work and keeps the process going."""

from __future__ import annotations

import time

import numpy as np
import pytest

from servicecircle.errors import ResourceLimitError
from servicecircle.memory import resident_mb, within_budget


def _grow(blocks: int, mb: int) -> list[np.ndarray]:
    kept = []
    for _ in range(blocks):
        kept.append(np.ones(mb * 2**20 // 8))  # touched, so resident
        time.sleep(0.01)
    return kept


def test_work_over_the_budget_is_stopped_with_the_limit_named():
    start = resident_mb()
    with pytest.raises(ResourceLimitError) as info:
        within_budget(lambda: _grow(60, 20), limit_mb=200, what="Computing coverage", poll_s=0.01)
    message = str(info.value)
    assert "Computing coverage was stopped" in message
    assert "limit of 200 MB" in message and "SERVICECIRCLE_SESSION_MEMORY_MB" in message
    # stopped soon after passing the budget (1.2 GB if nothing stopped it), and freed
    assert resident_mb() - start < 200


def test_a_broad_except_inside_the_work_cannot_swallow_the_stop():
    swallowed = []

    def careless() -> None:
        kept = []
        for _ in range(100):
            try:
                kept += _grow(1, 20)
            except Exception as error:  # noqa: BLE001 - what careless code does
                swallowed.append(error)

    with pytest.raises(ResourceLimitError):
        within_budget(careless, limit_mb=100, poll_s=0.01)
    assert swallowed == []


def test_work_within_the_budget_returns_its_result():
    blocks = within_budget(lambda: _grow(3, 10), limit_mb=500, poll_s=0.01)
    assert float(sum(block.sum() for block in blocks)) == 3 * 10 * 2**20 / 8


def test_a_late_stop_never_hits_the_code_after_the_work():
    # a budget of 0 MB is passed at once: the stop races the end of a short piece of work
    outcomes = {"stopped": 0, "finished": 0}
    for _ in range(200):
        try:
            assert within_budget(lambda: sum(range(2000)), limit_mb=0.0, poll_s=0.0005) == 1999000
            outcomes["finished"] += 1
        except ResourceLimitError:
            outcomes["stopped"] += 1
        for _ in range(50):  # the code after the work runs normally
            time.sleep(0.0001)
    assert outcomes["stopped"] + outcomes["finished"] == 200
