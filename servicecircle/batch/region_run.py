"""One region of a batch: a picklable job, its run, and a small picklable outcome.

A :class:`RegionJob` holds only plain data (polygons as WKB, the planner's
options as a dict of :class:`~servicecircle.workflow.inputs.RunInputs` fields),
so a Dask worker on another machine can run it. :func:`run_region` loads only
the region's halo from the extract (:mod:`servicecircle.batch.region_area`),
measures the coverage of the demand inside the region with every outlet and
road of the halo (outlets across the border count as existing), proposes new
sites inside the region when asked, and writes the region's results with the
project's writers into ``out_dir/regions/<code>/``. It never raises: a region
that fails comes back with its error, so the others finish.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace
from typing import Self

from servicecircle.batch.jobs import RegionJob, RegionOutcome
from servicecircle.batch.region_area import region_results
from servicecircle.memory import resident_mb

__all__ = ["RegionJob", "RegionOutcome", "run_region"]


class _PeakMemory:
    """Samples the process's resident memory in a thread while a run goes on."""

    def __init__(self, every_s: float = 0.05) -> None:
        self.peak = resident_mb()
        self._every = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(self._every):
            self.peak = max(self.peak, resident_mb())

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, resident_mb())


def _error_texts(error: BaseException) -> tuple[str, str]:
    """What ``error`` says in English and Chinese (its message when it carries one)."""
    from servicecircle.errors import error_detail
    from servicecircle.i18n.message import Message, say

    said = error.args[0] if error.args else None
    if isinstance(said, Message):
        return say(said, "en"), say(said, "zh")
    detail = f"{type(error).__name__}: {error_detail(error, limit=500)}"
    return detail, detail


def run_region(job: RegionJob, out_dir: str | os.PathLike[str]) -> RegionOutcome:
    """Run one region and write its results into ``out_dir/regions/<code>/``.

    Parameters
    ----------
    job
        The region, its halo, the extract and the planner's options.
    out_dir
        The batch's output folder.

    Returns
    -------
    RegionOutcome
        The region's numbers, the files written, its CPU and wall time and
        peak memory; or its error (English and Chinese) when it failed. Never
        raises for a failing region (only for ``KeyboardInterrupt`` and the
        like).
    """
    wall, cpu = time.perf_counter(), time.process_time()
    with _PeakMemory() as memory:
        try:
            outcome = region_results(job, out_dir)
        except Exception as error:  # noqa: BLE001 - one region's failure must not stop the batch
            english, chinese = _error_texts(error)
            outcome = RegionOutcome(job.code, job.name, error=english, error_zh=chinese)
    return replace(
        outcome,
        cpu_s=time.process_time() - cpu,
        wall_s=time.perf_counter() - wall,
        peak_rss_mb=memory.peak,
    )
