"""An output folder changes all at once: old results or new ones, never a mix, even after a kill."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from servicecircle._io import atomic_path, write_text_atomic
from servicecircle.errors import OutputError
from servicecircle.results.staging import (
    PREVIOUS_PREFIX,
    RESULT_FILES,
    STAGING_PREFIX,
    recover_outputs,
    staged_outputs,
)

REPO = Path(__file__).resolve().parents[2]
OLD = {name: f"old {name}" for name in RESULT_FILES}
NEW_ANALYSIS = {"analysis.gpkg": "new analysis", "summary.json": "new summary"}


def fill(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def results(folder: Path) -> dict[str, str]:
    """The result files in ``folder`` with their text."""
    return {
        name: (folder / name).read_text(encoding="utf-8")
        for name in RESULT_FILES
        if (folder / name).exists()
    }


def leftovers(folder: Path) -> list[str]:
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith((STAGING_PREFIX, PREVIOUS_PREFIX))
    )


def test_new_analysis_replaces_the_old_plan_and_keeps_other_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    fill(out, {**OLD, "report_zh.html": "a report", "notes.txt": "mine"})
    with staged_outputs(out) as stage:
        assert stage.parent == out and stage.name.startswith(STAGING_PREFIX)
        assert results(out) == OLD  # nothing changes while the run works
        fill(stage, NEW_ANALYSIS)
    assert results(out) == NEW_ANALYSIS  # the old siting.gpkg / siting.json are gone
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "report_zh.html").exists()
    assert leftovers(out) == []


def test_a_failed_run_leaves_the_old_results_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    fill(out, OLD)
    with pytest.raises(ZeroDivisionError), staged_outputs(out) as stage:
        fill(stage, NEW_ANALYSIS)
        raise ZeroDivisionError
    assert results(out) == OLD
    assert leftovers(out) == []


def test_a_failed_first_run_leaves_no_folder(tmp_path: Path) -> None:
    out = tmp_path / "new" / "out"
    with pytest.raises(KeyboardInterrupt), staged_outputs(out):
        raise KeyboardInterrupt
    assert not out.exists()
    with staged_outputs(out) as stage:
        fill(stage, NEW_ANALYSIS)
    assert results(out) == NEW_ANALYSIS


def test_a_failed_switch_is_rolled_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    fill(out, OLD)
    real_replace = os.replace
    calls = []

    def replace_then_fail(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 6:  # four old files moved out, one new file moved in
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr("servicecircle.results.staging.os.replace", replace_then_fail)
    with pytest.raises(OutputError, match="Input/output error"), staged_outputs(out) as stage:
        fill(stage, NEW_ANALYSIS)
    monkeypatch.undo()
    assert results(out) == OLD
    assert leftovers(out) == []


KILLED_RUN = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from servicecircle.results import staging

    out, kill_at, when = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    real_replace, count = os.replace, [0]

    def replace(src, dst):
        count[0] += 1
        if count[0] == kill_at and when == "before":
            os._exit(9)  # as abrupt as SIGKILL: no cleanup runs
        real_replace(src, dst)
        if count[0] == kill_at and when == "after":
            os._exit(9)

    staging.os.replace = replace
    with staging.staged_outputs(out) as stage:
        (stage / "analysis.gpkg").write_text("new analysis", encoding="utf-8")
        (stage / "summary.json").write_text("new summary", encoding="utf-8")
    """
)


def kill_the_switch(out: Path, kill_at: int, when: str) -> None:
    run = subprocess.run(
        [sys.executable, "-c", KILLED_RUN, str(out), str(kill_at), when],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 9, run.stderr
    assert leftovers(out), "the killed run should have left its journal"


@pytest.mark.parametrize("kill_at", range(1, 7))
def test_a_kill_at_any_step_of_the_switch_leaves_old_or_new(tmp_path: Path, kill_at: int) -> None:
    """4 old files move out, then 2 new ones move in: a kill before each of these 6 moves."""
    out = tmp_path / "out"
    fill(out, OLD)
    kill_the_switch(out, kill_at, "before")
    assert "summary.json" not in results(out) or results(out) == OLD  # never a mix
    recover_outputs(out)
    assert results(out) == OLD
    assert leftovers(out) == []


def test_a_kill_after_the_last_move_keeps_the_new_results(tmp_path: Path) -> None:
    out = tmp_path / "out"
    fill(out, OLD)
    kill_the_switch(out, 6, "after")
    assert results(out) == NEW_ANALYSIS
    recover_outputs(out)
    assert results(out) == NEW_ANALYSIS
    assert leftovers(out) == []


def test_the_switch_of_a_running_process_is_not_touched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    fill(out, {"summary.json": "old"})
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stage = out / f"{STAGING_PREFIX}{sleeper.pid}-0123abcd"
        fill(stage, {"summary.json": "new"})
        recover_outputs(out)
        assert stage.is_dir()
    finally:
        sleeper.kill()
        sleeper.wait()
    recover_outputs(out)
    assert not stage.exists()
    assert results(out) == {"summary.json": "old"}


def test_out_that_is_a_file_is_refused_before_any_work(tmp_path: Path) -> None:
    taken = tmp_path / "results"
    taken.write_text("a file", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file"), staged_outputs(taken):
        pytest.fail("the block must not run")
    with pytest.raises(OutputError, match="is a file, not a folder"), staged_outputs(taken / "x"):
        pytest.fail("the block must not run")
    assert taken.read_text(encoding="utf-8") == "a file"


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (errno.EACCES, "no permission to write"),
        (errno.EROFS, "read-only disk"),
        (errno.ENOSPC, "is full"),
    ],
)
def test_an_unwritable_folder_is_named_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, said: str
) -> None:
    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code), str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(OutputError, match=said) as caught, staged_outputs(tmp_path / "out"):
        pytest.fail("the block must not run")
    assert "Choose" in str(caught.value) or "Free some space" in str(caught.value)
    assert caught.value.errno == code


def test_atomic_write_keeps_the_old_file_when_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.html"
    target.write_text("old map", encoding="utf-8")

    def full(self: Path, *args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(OutputError, match=r"map\.html: the disk holding .* is full"):
        write_text_atomic(target, "new map")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_gdal_errors_on_a_full_disk_are_called_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    target = tmp_path / "analysis.gpkg"
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 4096, 4096))
    with pytest.raises(OutputError, match="is full"), atomic_path(target):
        raise RuntimeError("sqlite3_exec(INSERT ...) failed: no such table: gpkg_contents")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 0, 10**9))
    with pytest.raises(RuntimeError, match="no such table"), atomic_path(target):
        raise RuntimeError("no such table: gpkg_contents")  # a real GDAL error passes unchanged


@pytest.mark.parametrize(
    ("gdal_says", "said", "code"),
    [
        ("sqlite3_exec(COMMIT) failed: database or disk is full", "is full (", errno.ENOSPC),
        ("attempt to write a readonly database", "is on a read-only disk", errno.EROFS),
        ("sqlite3_open(x) failed: permission denied", "no permission to write in", errno.EACCES),
        (
            "sqlite3_exec(INSERT ...) failed: disk I/O error",
            "the disk reported an error",
            errno.EIO,
        ),
    ],
)
def test_gdal_words_name_the_cause_with_space_to_spare(
    tmp_path: Path, gdal_says: str, said: str, code: int
) -> None:
    from pyogrio.errors import DataSourceError

    target = tmp_path / "analysis.gpkg"
    for error in (RuntimeError(gdal_says), DataSourceError(gdal_says)):
        with pytest.raises(OutputError) as caught, atomic_path(target):
            raise error
        assert f"Cannot write {target}: " in str(caught.value) and said in str(caught.value)
        assert str(caught.value).endswith("No file was written.")
        assert caught.value.errno == code
        assert caught.value.__cause__ is error


def test_other_gdal_write_errors_say_what_gdal_said_and_keep_the_old_file(
    tmp_path: Path,
) -> None:
    from pyogrio.errors import DataLayerError

    target = tmp_path / "analysis.gpkg"
    target.write_text("old analysis", encoding="utf-8")
    with pytest.raises(OutputError) as caught, atomic_path(target) as temporary:
        temporary.write_text("half an analysis", encoding="utf-8")
        raise DataLayerError("something odd\nsecond line")
    message = str(caught.value)
    assert message == (
        f"Cannot write {target}: writing failed (something odd). Check that the folder is "
        "writable and has free space, or choose another folder. The previous file is unchanged."
    )
    assert target.read_text(encoding="utf-8") == "old analysis"
    assert [p.name for p in tmp_path.iterdir()] == ["analysis.gpkg"]


def test_temporaries_of_a_killed_write_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    pid = int(dead.stdout)
    left = tmp_path / f".map.html.{pid}-0123abcd.part.html"
    left.write_text("half a map", encoding="utf-8")
    other = tmp_path / f".other.html.{pid}-0123abcd.part.html"
    other.write_text("another file's", encoding="utf-8")
    write_text_atomic(tmp_path / "map.html", "map")
    assert not left.exists() and other.exists()
