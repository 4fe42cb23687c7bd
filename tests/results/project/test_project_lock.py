"""Concurrent saves of one project queue behind its lock: no scenario is ever lost."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from servicecircle.errors import OutputError
from servicecircle.results.project import (
    Project,
    Scenario,
    add_scenario,
    load_project,
    lock_path,
    save_project,
    update_project,
)

REPO = Path(__file__).resolve().parents[3]

# A worker adds, for each line "PATH<TAB>NAME" it reads, the scenario NAME to the project
# PATH, and answers "SAVED NAME" (or "ERROR message"). Started once, so that in each round
# both workers are already running and save at the same moment.
_WORKER = """
import sys
import geopandas as gpd, shapely
from servicecircle.errors import PLANNER_ERRORS
from servicecircle.results.project import Project, Scenario, add_scenario

print("READY", flush=True)
for line in sys.stdin:
    path, name = line.rstrip("\\n").split("\\t")
    sites = gpd.GeoDataFrame(
        {"who": [name] * 50},
        geometry=[shapely.Point(106.6 + i / 1000, 26.6) for i in range(50)],
        crs="EPSG:4326",
    )
    scenario = Scenario(name, parameters={"by": name}, layers={"sites": sites})
    try:
        add_scenario(path, scenario, new_project=Project("shared"), timeout=120)
    except PLANNER_ERRORS as error:
        print("ERROR", error, flush=True)
    else:
        print("SAVED", name, flush=True)
"""

# Holds the lock of the project argv[1] until killed.
_HOLDER = """
import sys, time
from pathlib import Path
from servicecircle.results.project import project_lock

with project_lock(Path(sys.argv[1])):
    print("LOCKED", flush=True)
    time.sleep(300)
"""


def _start(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _stop(process: subprocess.Popen[str]) -> None:
    if process.stdin is not None:
        process.stdin.close()
    if process.poll() is None:
        process.kill()
    process.wait(timeout=60)


def test_two_processes_adding_scenarios_at_once_lose_none(tmp_path: Path) -> None:
    workers = [_start(_WORKER), _start(_WORKER)]
    try:
        for worker in workers:
            assert worker.stdout is not None
            assert worker.stdout.readline().strip() == "READY"
        for round_ in range(20):
            path = tmp_path / f"round{round_:02d}.gpkg"
            expected = []
            if round_ % 2:  # odd rounds add to a project, even rounds both create it
                save_project(Project("shared", scenarios=(Scenario("base"),)), path)
                expected = ["base"]
            names = [f"r{round_}-a", f"r{round_}-b"]
            for worker, name in zip(workers, names, strict=True):
                assert worker.stdin is not None
                worker.stdin.write(f"{path}\t{name}\n")
                worker.stdin.flush()
            replies = [worker.stdout.readline().strip() for worker in workers]  # type: ignore[union-attr]
            assert replies == [f"SAVED {name}" for name in names], f"round {round_}"
            loaded = load_project(path)
            assert sorted(s.name for s in loaded.scenarios) == sorted([*expected, *names]), (
                f"round {round_}: a scenario was lost"
            )
            for name in names:
                assert loaded.scenario(name).layers["sites"]["who"].eq(name).all()
        assert not list(tmp_path.glob(".*")), "lock or temporary files left behind"
    finally:
        for worker in workers:
            _stop(worker)


def test_sessions_of_one_process_queue_too(tmp_path: Path) -> None:
    """The app's sessions are threads of one process: they must queue like processes."""
    path = tmp_path / "p.gpkg"
    errors: list[BaseException] = []

    def add(prefix: str) -> None:
        try:
            for i in range(4):
                add_scenario(path, Scenario(f"{prefix}{i}"), new_project=Project("p"), timeout=120)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=add, args=(prefix,)) for prefix in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    names = sorted(s.name for s in load_project(path).scenarios)
    assert names == ["a0", "a1", "a2", "a3", "b0", "b1", "b2", "b3"]


def test_a_lock_held_too_long_gives_a_clear_message(tmp_path: Path) -> None:
    path = save_project(Project("p", scenarios=(Scenario("today"),)), tmp_path / "p.gpkg")
    before = path.read_bytes()
    holder = _start(_HOLDER, str(path))
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "LOCKED"
        with pytest.raises(OutputError) as info:
            add_scenario(path, Scenario("late"), new_project=Project("p"), timeout=0.2)
        message = str(info.value)
        assert f"it is being saved by process {holder.pid}" in message
        assert "did not finish within 0.2 seconds" in message
        assert "Wait until that save ends and try again" in message
        assert "The project file is unchanged" in message
        with pytest.raises(OutputError, match="did not finish within 0.1 seconds"):
            save_project(Project("p"), path, timeout=0.1)
        assert path.read_bytes() == before
    finally:
        _stop(holder)
    # the kernel released the killed holder's lock: the next save goes through
    add_scenario(path, Scenario("late"), new_project=Project("p"), timeout=5)
    assert [s.name for s in load_project(path).scenarios] == ["today", "late"]
    assert not lock_path(path).exists()


def test_the_lock_file_is_beside_the_project_and_removed(tmp_path: Path) -> None:
    path = tmp_path / "plan.gpkg"
    assert lock_path(path) == tmp_path / ".plan.gpkg.lock"
    sites = gpd.GeoDataFrame(geometry=[shapely.Point(1, 2)], crs="EPSG:4326")
    seen: list[bool] = []

    def change(project: Project | None) -> Project:
        seen.append(lock_path(path).exists())
        return (project or Project("p")).with_layers({"sites": sites})

    update_project(path, change)
    assert seen == [True]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.gpkg"]
