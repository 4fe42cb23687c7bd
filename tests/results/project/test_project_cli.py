"""``--project`` from the command line: a foreign GeoPackage and a full disk are messages."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest

from servicecircle.cli import main
from servicecircle.results.project import writing
from tests.results.project.projects_fixture import write_qgis_geopackage


def _fail_halfway(error: BaseException):  # type: ignore[no-untyped-def]
    def progress(fraction: float, message: str) -> None:
        if fraction >= 0.5:
            raise error

    return progress


def test_the_cli_refuses_to_turn_a_foreign_geopackage_into_a_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = write_qgis_geopackage(tmp_path / "roads.gpkg")
    before = hashlib.sha256(mine.read_bytes()).hexdigest()
    out = tmp_path / "a"
    code = main(["-q", "analyze", "sample", "--out", str(out), "--project", str(mine)])
    assert code == 2
    error = capsys.readouterr().err
    assert f"servicecircle: {mine} is not a servicecircle project" in error
    assert "'roads', 'buildings', layer_styles (QGIS styles)" in error
    assert "Choose a new file name for the project, e.g. roads_project.gpkg" in error
    assert hashlib.sha256(mine.read_bytes()).hexdigest() == before
    assert (out / "summary.json").is_file(), "the analysis itself was written"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "roads.gpkg"]


def test_the_cli_reports_a_full_disk_during_the_project_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "plan.gpkg"
    real_write = writing._write_tables

    def write_until_full(tmp, project_, jobs, *, progress):  # type: ignore[no-untyped-def]
        full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write(tmp, project_, jobs, progress=_fail_halfway(full))

    monkeypatch.setattr(writing, "_write_tables", write_until_full)
    code = main(
        ["-q", "analyze", "sample", "--out", str(tmp_path / "a"), "--project", str(project)]
    )
    assert code == 2
    error = capsys.readouterr().err
    assert f"Cannot save the project to {project}: the disk holding {tmp_path} is full" in error
    assert "Traceback" not in error and "no such table" not in error
    assert not project.exists()
    assert not list(tmp_path.glob(".plan*")), "temporary or lock files left behind"
