"""A save that cannot be written (full disk, read-only folder) says so and keeps the old file."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyogrio.errors import DataSourceError

from servicecircle import _io
from servicecircle.errors import OutputError
from servicecircle.results.project import (
    Project,
    Scenario,
    add_scenario,
    load_project,
    save_project,
)
from tests.results.project.projects_fixture import demand_layer, sample_project


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fail_halfway(error: BaseException):  # type: ignore[no-untyped-def]
    """A progress callback that raises ``error`` once half the tables are written."""

    def progress(fraction: float, message: str) -> None:
        if fraction >= 0.5:
            raise error

    return progress


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    return save_project(sample_project(), tmp_path / "plan.gpkg")


def _assert_untouched(path: Path, digest: str) -> None:
    assert _digest(path) == digest, "the previous file changed"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "files left behind"


def test_a_full_disk_mid_save_is_a_message_and_the_old_file_stays(saved: Path) -> None:
    before = _digest(saved)
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    with pytest.raises(OutputError) as info:
        save_project(sample_project(40), saved, progress=_fail_halfway(full))
    message = str(info.value)
    assert message.startswith(
        f"Cannot save the project to {saved}: the disk holding {saved.parent} is full ("
    )
    assert " MB free). Free some space, or choose a folder on another disk." in message
    assert message.endswith("The previous file is unchanged.")
    _assert_untouched(saved, before)
    assert load_project(saved).equals(sample_project())


@pytest.mark.parametrize(
    "gdal_says",
    [
        'sqlite3_exec(CREATE TABLE "s02_demand" ...) failed: database or disk is full',
        "no such table: outlets",  # GDAL's next error once the table could not be made
        "Failed to commit transaction",
    ],
)
def test_gdal_write_failures_on_a_full_disk_are_said_to_be_a_full_disk(
    saved: Path, monkeypatch: pytest.MonkeyPatch, gdal_says: str
) -> None:
    before = _digest(saved)
    monkeypatch.setattr(_io, "free_bytes", lambda folder: 0.4 * 2**20)  # as on a full disk
    with pytest.raises(OutputError, match=r"is full \(0\.4 MB free\)") as info:
        save_project(sample_project(40), saved, progress=_fail_halfway(DataSourceError(gdal_says)))
    assert isinstance(info.value.__cause__, DataSourceError)
    _assert_untouched(saved, before)


def test_other_gdal_write_failures_say_what_gdal_said(saved: Path) -> None:
    before = _digest(saved)
    failure = DataSourceError("sqlite3_open(x) failed: something odd")
    with pytest.raises(OutputError) as info:
        save_project(sample_project(), saved, progress=_fail_halfway(failure))
    assert "writing failed (sqlite3_open(x) failed: something odd)" in str(info.value)
    assert "Check that the folder is writable and has free space" in str(info.value)
    _assert_untouched(saved, before)


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (errno.EACCES, "no permission to write in"),
        (errno.EROFS, "is on a read-only disk. Choose a folder on a disk you can write to"),
        (errno.EIO, "the disk reported an error"),
    ],
)
def test_os_errors_mid_save_name_their_cause(saved: Path, code: int, said: str) -> None:
    before = _digest(saved)
    error = OSError(code, os.strerror(code))
    with pytest.raises(OutputError, match=said) as info:
        save_project(sample_project(), saved, progress=_fail_halfway(error))
    assert "The previous file is unchanged." in str(info.value)
    _assert_untouched(saved, before)


def test_a_new_project_that_cannot_be_written_leaves_nothing(tmp_path: Path) -> None:
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    path = tmp_path / "new.gpkg"
    with pytest.raises(OutputError, match="No file was written"):
        save_project(sample_project(), path, progress=_fail_halfway(full))
    assert list(tmp_path.iterdir()) == []


def test_a_folder_without_write_permission(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user (root) may write in any folder")
        with pytest.raises(OutputError, match="no permission to write in") as info:
            save_project(Project("p"), folder / "plan.gpkg")
        assert "No file was written" in str(info.value)
    finally:
        folder.chmod(0o755)


# --------------------------------------------------------------------------- a real small disk


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs (root only, where mounting is allowed; skipped elsewhere)."""
    mount = shutil.which("mount")
    if os.geteuid() != 0 or mount is None:
        pytest.skip("mounting a small disk needs root")
    point = tmp_path / "disk"
    point.mkdir()
    made = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(point)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("cannot mount a small disk here")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def test_a_really_full_disk(tiny_disk: Path) -> None:
    path = save_project(Project("p", scenarios=(Scenario("today"),)), tiny_disk / "plan.gpkg")
    before = _digest(path)
    big = Scenario("+5 outlets", layers={"demand": demand_layer(6000)})
    with pytest.raises(OutputError) as info:
        add_scenario(path, big, new_project=Project("p"))
    message = str(info.value)
    assert f"Cannot save the project to {path}: the disk holding {tiny_disk} is full (" in message
    assert "The previous file is unchanged" in message
    _assert_untouched(path, before)
    assert [s.name for s in load_project(path).scenarios] == ["today"]


def test_a_really_read_only_disk(tiny_disk: Path) -> None:
    path = save_project(Project("p", scenarios=(Scenario("today"),)), tiny_disk / "plan.gpkg")
    before = _digest(path)
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
    with pytest.raises(OutputError) as info:
        add_scenario(path, Scenario("new"), new_project=Project("p"))
    assert f"{path}: {tiny_disk} is on a read-only disk" in str(info.value)
    assert "The previous file is unchanged" in str(info.value)
    _assert_untouched(path, before)
