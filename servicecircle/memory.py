"""A memory budget for one session's heavy work in a shared server process.

Every browser session of the app runs in one Python process, each in a thread
of its own. Heavy work of one session (reading an extract, computing
coverage for thousands of outlets) must not take the memory the other
sessions need. :func:`within_budget` watches the process's resident memory
while the work runs; when it grows by more than the budget, the work is
stopped with a :class:`~servicecircle.errors.ResourceLimitError` that names
the limit, its memory is released, and the session carries on.

The watch is a thread that polls ``/proc/self/statm`` and, when the budget is
passed, raises an exception asynchronously in the thread running the work
(``PyThreadState_SetAsyncExc``). It takes effect at the work's next Python
instruction, so a single large allocation inside a C call may overshoot
before it stops. Growth is measured for the whole process: heavy work of two
sessions at the same time counts against both budgets.

>>> within_budget(lambda: sum(range(1000)), limit_mb=100_000)
499500
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import threading
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from servicecircle._progress import Said
from servicecircle.i18n.message import msg
from servicecircle.limits import current_limits

T = TypeVar("T")

logger = logging.getLogger(__name__)

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_mb() -> float:
    """The process's resident memory in MB (0 where ``/proc`` is missing)."""
    try:
        with Path("/proc/self/statm").open("rb") as handle:
            return int(handle.read().split()[1]) * _PAGE / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


class _OverBudget(BaseException):
    """Raised asynchronously into the thread whose work went over its budget.

    A BaseException so that ``except Exception`` inside the work cannot turn
    it into another error; :func:`memory_budget` turns it into a
    :class:`ResourceLimitError`.
    """


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> int:
    """Schedule ``exception`` in the thread (None cancels a scheduled one)."""
    target = ctypes.py_object(exception) if exception is not None else None
    return int(ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), target))


class _Watch:
    """A thread that shoots :class:`_OverBudget` into ``target`` once memory passes the budget."""

    def __init__(self, budget_mb: float, poll_s: float) -> None:
        self.budget = budget_mb
        self.poll_s = poll_s
        self.start_mb = resident_mb()
        self.peak_mb = self.start_mb
        self.target = threading.get_ident()
        self.active = True
        self.fired = False
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name="servicecircle-memory", daemon=True)

    def _run(self) -> None:
        while not self.done.wait(self.poll_s):
            now = resident_mb()
            self.peak_mb = max(self.peak_mb, now)
            if now - self.start_mb > self.budget:
                with self.lock:
                    if self.active:
                        self.fired = True
                        _raise_in(self.target, _OverBudget)
                return

    def stop(self) -> None:
        """End the watch; a shot fired but not yet delivered is cancelled (idempotent)."""
        with self.lock:
            self.active = False
            if self.fired:
                _raise_in(self.target, None)
        self.done.set()
        if self.thread.is_alive() and self.thread is not threading.current_thread():
            self.thread.join()


def within_budget(
    work: Callable[[], T],
    *,
    limit_mb: float | None = None,
    what: Said | None = None,
    poll_s: float = 0.05,
) -> T:
    """Run ``work()``; stop it when the process's memory grows by more than ``limit_mb``.

    Parameters
    ----------
    work
        The heavy work, without arguments (use :func:`functools.partial`).
    limit_mb
        The budget in MB; defaults to the server's ``session_memory_mb`` limit
        (:func:`~servicecircle.limits.current_limits`).
    what
        What the work does, for the message (e.g. "Computing coverage"; a
        message or text); ``None`` says "This step".
    poll_s
        Seconds between two looks at the memory.

    Returns
    -------
    The result of ``work()``.

    Raises
    ------
    ResourceLimitError
        When the budget was passed before the work finished; the work is abandoned.
    """
    limits = current_limits()
    budget = float(limit_mb) if limit_mb is not None else limits.session_memory_mb
    watch = _Watch(budget, poll_s)
    finished = False
    result: T
    try:
        watch.thread.start()
        try:
            result = work()
            finished = True
        finally:
            watch.stop()
    except _OverBudget as stop:  # in the work, or while the watch was ending
        watch.stop()
        traceback.clear_frames(stop.__traceback__)  # let the abandoned work's memory go
        del stop
        if not finished:
            gc.collect()
            named = msg("msg.memory.this_step") if what is None else what
            logger.warning(
                "%s stopped: memory grew by %.0f MB (budget %.0f MB)",
                named,
                watch.peak_mb - watch.start_mb,
                budget,
            )
            shown = limits if limit_mb is None else replace(limits, session_memory_mb=budget)
            raise shown.exceeded(
                "session_memory_mb",
                msg("msg.memory.stopped", what=named),
                found=msg("msg.memory.advice"),
            ) from None
    return result


__all__ = ["resident_mb", "within_budget"]
