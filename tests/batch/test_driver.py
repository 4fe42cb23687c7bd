"""The Dask driver on a LocalCluster of 2 worker processes, with a small stand-in region run.

The stand-in writes a file into the region's folder and returns an outcome like
the real run's (or an error, or raises, or kills its worker); the driver's own
behaviour is what is tested: one task per region, failures reported while the
others finish, complete markers written last, reruns skipping done regions.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import cloudpickle
import pytest

from servicecircle.batch.cluster import ClusterSettings, check_scheduler, open_client
from servicecircle.batch.driver import RegionFailure, run_batch
from servicecircle.batch.markers import MARKER, is_done, read_marker
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import say

# the stand-ins below go to the worker processes by value (this module is not importable there)
cloudpickle.register_pickle_by_value(sys.modules[__name__])

LOCAL = ClusterSettings(workers=2, memory_mb=700, dashboard=None)


@dataclass(frozen=True)
class StandInJob:
    code: str
    name: str
    people: float
    behaviour: str = "ok"  # ok | error | raise | die | hog

    def folder(self, out_dir: str | os.PathLike[str]) -> Path:
        return Path(out_dir) / "regions" / self.code


@dataclass(frozen=True)
class StandInOutcome:
    code: str
    name: str
    people: float = 0.0
    pid: int = 0
    error: str | None = None
    error_zh: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def stand_in_run(job: StandInJob, out_dir: str) -> StandInOutcome:
    """Write the region's file and return its people (as the real run writes its results)."""
    if job.behaviour == "raise":
        raise RuntimeError(f"forced failure of {job.code}")
    if job.behaviour == "die":
        os._exit(3)  # the worker process dies, as one killed past its memory limit
    if job.behaviour == "hog":  # grows past the worker's memory limit until the nanny ends it
        held = []
        for _ in range(40):
            held.append(bytearray(50 * 2**20))
            time.sleep(0.05)
    if job.behaviour == "error":
        return StandInOutcome(job.code, job.name, error="no roads", error_zh="没有道路")
    folder = job.folder(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "people.txt").write_text(str(job.people * 2), encoding="utf-8")
    return StandInOutcome(job.code, job.name, people=job.people * 2, pid=os.getpid())


def _jobs(*behaviours: str) -> list[StandInJob]:
    return [
        StandInJob(f"r{i}", f"区域{i}", float(10 * (i + 1)), behaviour)
        for i, behaviour in enumerate(behaviours)
    ]


def test_each_region_runs_once_on_the_workers_and_is_marked_done(tmp_path):
    jobs = _jobs("ok", "ok", "ok", "ok")
    told: list[int] = []
    run = run_batch(
        jobs,
        tmp_path,
        run=stand_in_run,
        cluster=LOCAL,
        on_region=lambda count, failure: told.append(count),
    )
    assert [o.code for o in run.ran] == ["r0", "r1", "r2", "r3"]
    assert [o.people for o in run.ran] == [20.0, 40.0, 60.0, 80.0]
    assert {o.pid for o in run.ran} - {os.getpid()}, "ran in worker processes, not here"
    assert os.getpid() not in {o.pid for o in run.ran}
    assert told == [1, 2, 3, 4]
    assert run.cluster is not None
    assert (run.cluster.workers, run.cluster.threads) == (2, 2)
    assert run.cluster.memory_limit_mb == pytest.approx(700, abs=1)
    for job in jobs:
        record = read_marker(job, tmp_path)
        assert record is not None
        assert record["outcome"]["people"] == job.people * 2
        assert (job.folder(tmp_path) / "people.txt").is_file()


def test_failed_regions_are_reported_while_the_others_finish_and_rerun_skips_done(tmp_path):
    jobs = _jobs("ok", "raise", "ok", "error", "ok")
    first = run_batch(jobs, tmp_path, run=stand_in_run, cluster=LOCAL)
    assert [o.code for o in first.ran] == ["r0", "r2", "r4"]
    assert [f.code for f in first.failed] == ["r1", "r3"]
    raised, returned = first.failed
    assert "RuntimeError: forced failure of r1" in raised.error
    assert say(returned.message("zh"), "zh") == "区域 r3（区域3）计算失败：没有道路"
    assert say(returned.message("en"), "en") == "Region r3 (区域3) failed: no roads"
    assert [is_done(job, tmp_path) for job in jobs] == [True, False, True, False, True]

    mended = [job if job.behaviour == "ok" else StandInJob(job.code, job.name, 1.0) for job in jobs]
    second = run_batch(mended, tmp_path, run=stand_in_run, cluster=LOCAL)
    assert second.skipped == ["r0", "r2", "r4"]
    assert [o.code for o in second.ran] == ["r1", "r3"]
    assert not second.failed
    third = run_batch(mended, tmp_path, run=stand_in_run, cluster=LOCAL)
    assert (len(third.skipped), third.ran, third.cluster) == (5, [], None)


@pytest.mark.slow
def test_a_region_whose_worker_dies_is_reported_with_the_memory_limit(tmp_path):
    jobs = _jobs("ok", "die", "ok")
    run = run_batch(jobs, tmp_path, run=stand_in_run, cluster=LOCAL)
    assert [o.code for o in run.ran] == ["r0", "r2"]
    [died] = run.failed
    assert isinstance(died, RegionFailure)
    assert died.code == "r1"
    assert "700 MB" in say(died.message("en"), "en")
    assert "内存上限" in died.error_zh


def test_a_damaged_or_foreign_marker_does_not_count_as_done(tmp_path):
    job = StandInJob("r0", "甲", 1.0)
    job.folder(tmp_path).mkdir(parents=True)
    marker = job.folder(tmp_path) / MARKER
    marker.write_text("{", encoding="utf-8")
    assert not is_done(job, tmp_path)
    marker.write_text(json.dumps({"version": 1, "code": "other", "outcome": {}}), "utf-8")
    assert not is_done(job, tmp_path)
    marker.write_text(json.dumps({"version": 1, "code": "r0", "outcome": {}}), "utf-8")
    assert is_done(job, tmp_path)


def test_two_regions_with_one_folder_are_refused_before_any_work(tmp_path):
    jobs = [StandInJob("a", "甲", 1.0), StandInJob("a", "乙", 2.0)]
    with pytest.raises(InputDataError) as caught:
        run_batch(jobs, tmp_path, run=stand_in_run, cluster=LOCAL)
    assert "a / a" in say(caught.value, "en")


@pytest.mark.parametrize("value", ["remote", "tcp://", "http://host:8786", ""])
def test_a_scheduler_is_local_or_an_address(value):
    with pytest.raises(InputDataError):
        check_scheduler(value)


def test_an_unreachable_scheduler_is_said_with_what_to_do(monkeypatch):
    import servicecircle.batch.cluster as cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 1.0)
    settings = ClusterSettings(scheduler="tcp://127.0.0.1:9")
    with pytest.raises(InputDataError) as caught, open_client(settings):
        pass
    assert "--scheduler local" in say(caught.value, "en")


@pytest.mark.slow
def test_a_region_past_its_memory_limit_is_ended_and_reported_while_the_others_finish(tmp_path):
    jobs = _jobs("ok", "hog", "ok")
    run = run_batch(jobs, tmp_path, run=stand_in_run, cluster=LOCAL)
    assert [o.code for o in run.ran] == ["r0", "r2"]
    [hog] = run.failed
    assert hog.code == "r1"
    assert "700 MB" in hog.error
    assert not is_done(jobs[1], tmp_path)


def test_a_running_scheduler_is_used_with_its_own_workers_and_limits(tmp_path):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=1, memory_limit="800MiB", dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        settings = ClusterSettings(scheduler=address, workers=5, memory_mb=100)
        run = run_batch(_jobs("ok", "ok"), tmp_path, run=stand_in_run, cluster=settings)
    assert [o.code for o in run.ran] == ["r0", "r1"]
    assert run.cluster is not None
    assert (run.cluster.scheduler, run.cluster.workers) == (address, 1)
    assert run.cluster.memory_limit_mb == pytest.approx(800)
