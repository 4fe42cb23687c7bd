"""The batch on Dask: one task per region, results as they come, failures told, reruns resumed.

:func:`run_batch` skips the regions whose folder is marked complete
(:mod:`servicecircle.batch.markers`), submits one task per remaining region
to the cluster (:mod:`servicecircle.batch.cluster`), and takes each result as
it completes: a region that fails (its run's error, or its worker dying,
e.g. past its memory limit) is reported with its error while the others
finish. This process holds only the regions' jobs (polygons and options) and
their small outcomes; each region's network is loaded, cut to its halo, by
the worker that runs it, so no process ever holds the whole province's roads.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic

from servicecircle.batch.cluster import ClusterFacts, ClusterSettings, open_client
from servicecircle.batch.markers import J, O, is_done, run_and_mark
from servicecircle.errors import InputDataError, error_detail
from servicecircle.i18n.message import Message, msg, say


@dataclass(frozen=True)
class RegionFailure:
    """A region that failed, and why (in English and Chinese).

    Attributes
    ----------
    code, name
        The region's code and name.
    error, error_zh
        What went wrong.
    """

    code: str
    name: str
    error: str
    error_zh: str

    def message(self, lang: str) -> Message:
        """The failure as a planner reads it in ``lang``."""
        detail = self.error_zh if lang == "zh" else self.error
        return msg("msg.batch.region_failed", code=self.code, name=self.name, error=detail)


@dataclass
class BatchRun(Generic[O]):
    """What a batch run did.

    Attributes
    ----------
    total
        Regions in the batch.
    ran
        The outcomes of the regions that finished in this run, in the batch's order.
    skipped
        Codes of the regions finished by an earlier run (marked complete).
    failed
        The regions that failed in this run, in the batch's order.
    cluster
        What the batch ran on (``None`` when every region was done before).
    wall_s
        Seconds from the start of the cluster to the last region.
    """

    total: int
    ran: list[O] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[RegionFailure] = field(default_factory=list)
    cluster: ClusterFacts | None = None
    wall_s: float = 0.0

    @property
    def finished(self) -> int:
        """Regions finished, now or before."""
        return len(self.ran) + len(self.skipped)


#: Told when the cluster is up: what it is.
OnStart = Callable[[ClusterFacts], None]
#: Told after each region that ran: regions finished or failed so far, and the failure if any.
OnRegion = Callable[[int, RegionFailure | None], None]


def check_codes(jobs: Sequence[J], out_dir: str | os.PathLike[str]) -> None:
    """Every region must have its own output folder.

    Raises
    ------
    InputDataError
        When two regions' codes give the same folder, naming the codes.
    """
    seen: dict[Path, str] = {}
    clashes: list[str] = []
    for job in jobs:
        folder = job.folder(out_dir)
        if folder in seen:
            clashes.append(f"{seen[folder]} / {job.code}")
        seen[folder] = job.code
    if clashes:
        raise InputDataError(msg("msg.batch.duplicate_codes", codes=clashes))


def task_failure(job: J, error: BaseException, facts: ClusterFacts) -> RegionFailure:
    """The failure of a task that raised ``error`` instead of returning an outcome."""
    from distributed import KilledWorker

    if isinstance(error, KilledWorker):
        limit = "-" if facts.memory_limit_mb is None else f"{facts.memory_limit_mb:,.0f}"
        said: Any = msg("msg.batch.worker_died", limit_mb=limit)
        return RegionFailure(job.code, job.name, say(said, "en"), say(said, "zh"))
    detail = f"{type(error).__name__}: {error_detail(error, limit=500)}"
    return RegionFailure(job.code, job.name, detail, detail)


def outcome_failure(job: J, outcome: O) -> RegionFailure:
    """The failure of a region whose run returned its error."""
    english = outcome.error or ""
    return RegionFailure(job.code, job.name, english, outcome.error_zh or english)


def run_batch(
    jobs: Sequence[J],
    out_dir: str | os.PathLike[str],
    *,
    run: Callable[[J, str], O],
    cluster: ClusterSettings,
    on_start: OnStart | None = None,
    on_region: OnRegion | None = None,
) -> BatchRun[O]:
    """Run every region of ``jobs`` not yet done on the cluster, one task each.

    Parameters
    ----------
    jobs
        The regions (picklable; see :class:`~servicecircle.batch.markers.Job`).
    out_dir
        The batch's output folder; each region writes into its own folder there.
    run
        ``run(job, out_dir) -> outcome``, run on a worker for each region
        (:func:`~servicecircle.batch.region_run.run_region`).
    cluster
        Where to run (:class:`~servicecircle.batch.cluster.ClusterSettings`).
    on_start, on_region
        Told when the cluster is up, and after each region.

    Returns
    -------
    BatchRun
        The outcomes of the regions run now, those skipped, those failed.

    Raises
    ------
    InputDataError
        When two regions share a folder, or the scheduler cannot be reached.
    """
    from distributed import as_completed

    check_codes(jobs, out_dir)
    out = str(Path(out_dir))
    Path(out).mkdir(parents=True, exist_ok=True)
    result: BatchRun[O] = BatchRun(total=len(jobs))
    result.skipped = [job.code for job in jobs if is_done(job, out)]
    pending = [job for job in jobs if job.code not in set(result.skipped)]
    if not pending:
        return result
    order = {job.code: i for i, job in enumerate(jobs)}
    start = time.perf_counter()
    with open_client(cluster) as (client, facts):
        result.cluster = facts
        if on_start is not None:
            on_start(facts)
        futures = {client.submit(run_and_mark, run, job, out, pure=False): job for job in pending}
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            job = futures.pop(future)
            failure = _collect(future, job, facts, result)
            future.release()
            if on_region is not None:
                on_region(len(result.ran) + len(result.failed), failure)
    result.wall_s = time.perf_counter() - start
    result.ran.sort(key=lambda outcome: order[outcome.code])
    result.failed.sort(key=lambda failure: order[failure.code])
    return result


def _collect(future: Any, job: J, facts: ClusterFacts, result: BatchRun[O]) -> RegionFailure | None:
    """File one finished task into ``result``: its outcome, or its failure (returned)."""
    try:
        outcome = future.result()
    except Exception as error:  # noqa: BLE001 - one region's failure must not stop the batch
        failure = task_failure(job, error, facts)
    else:
        if outcome.ok:
            result.ran.append(outcome)
            return None
        failure = outcome_failure(job, outcome)
    result.failed.append(failure)
    return failure
