"""The command line's outputs: boundaries on the map, whole folders after a kill, no tracebacks."""

from __future__ import annotations

import errno
import html
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from servicecircle.cli import main
from servicecircle.results.staging import PREVIOUS_PREFIX, RESULT_FILES, STAGING_PREFIX

REPO = Path(__file__).resolve().parents[2]


def snapshot(folder: Path) -> dict[str, bytes]:
    """The result files of ``folder`` and their bytes."""
    return {n: (folder / n).read_bytes() for n in RESULT_FILES if (folder / n).is_file()}


def journal(folder: Path) -> list[str]:
    return [
        p.name for p in folder.iterdir() if p.name.startswith((STAGING_PREFIX, PREVIOUS_PREFIX))
    ]


@pytest.fixture(scope="module")
def old_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An earlier ``site --new 1`` run on the sample (copy it before changing it)."""
    out = tmp_path_factory.mktemp("old_site")
    assert main(["-q", "site", "sample", "--new", "1", "--out", str(out)]) == 0
    return out


@pytest.fixture()
def site_copy(old_site: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(old_site, tmp_path / "out"))


def run_quietly(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["-q", *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return status, err


# --------------------------------------------------------------------------- boundaries


def test_boundaries_become_the_units_layer_and_the_map_draws_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from servicecircle.inputs import study_area_from

    west, south, east, north = study_area_from("sample").bounds
    middle = (west + east) / 2
    shapes = [
        shapely.box(west - 0.01, south - 0.01, middle, north + 0.01),
        shapely.box(middle, south - 0.01, east + 0.01, north + 0.01),
    ]
    boundaries = gpd.GeoDataFrame({"name": ["西片区", "东片区"]}, geometry=shapes, crs=4326)
    path = tmp_path / "townships.geojson"
    boundaries.to_file(path, driver="GeoJSON")
    out = tmp_path / "out"
    status, err = run_quietly(
        capsys, "analyze", "sample", "--boundaries", str(path), "--out", str(out)
    )
    assert status == 0, err
    units = gpd.read_file(out / "analysis.gpkg", layer="units")
    assert sorted(units["name"]) == ["东片区", "西片区"]
    assert units.geometry.notna().all() and not units.geometry.is_empty.any()
    for name, shape in zip(boundaries["name"], shapes, strict=True):
        drawn = units.loc[units["name"] == name, "geometry"].iloc[0]
        assert drawn.equals_exact(shape, tolerance=1e-9), name
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert units["people"].sum() == pytest.approx(summary["population_total"], rel=1e-6)
    page = tmp_path / "map.html"
    status, err = run_quietly(capsys, "map", str(out), "--out", str(page), "--lang", "en")
    assert status == 0, err
    html = page.read_text(encoding="utf-8")
    for name in ("西片区", "东片区"):  # in the GeoJSON of the boundaries layer
        assert json.dumps(name) in html or name in html, name


# --------------------------------------------------------------------------- whole folders

KILLED_SITE = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from servicecircle.results import folder as results_folder
    from servicecircle.cli import main

    written = Path(sys.argv[1])
    real_write_analysis = results_folder.write_analysis

    def write_analysis_then_wait(*args, **kwargs):
        paths = real_write_analysis(*args, **kwargs)
        written.write_text("the new analysis is written, the plan is not", encoding="utf-8")
        time.sleep(300)
        return paths

    results_folder.write_analysis = write_analysis_then_wait
    sys.exit(main(sys.argv[2:]))
    """
)


def test_a_site_run_killed_while_writing_leaves_the_old_folder_whole(
    site_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(site_copy)
    assert set(before) == set(RESULT_FILES)
    signal_file = tmp_path / "writing"
    command = ["-q", "site", "sample", "--new", "3", "--out", str(site_copy)]
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_SITE, str(signal_file), *command],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(2400):
            if signal_file.exists() or process.poll() is not None:
                break
            time.sleep(0.05)
        assert signal_file.exists(), (
            f"the run never wrote: {process.stderr.read() if process.stderr else ''}"
        )
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
        if process.stderr:
            process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert snapshot(site_copy) == before  # the old analysis and the old plan, untouched
    assert journal(site_copy), "the killed run's staging folder is left behind"
    status, err = run_quietly(capsys, "report", str(site_copy), "--lang", "en", "--format", "html")
    assert status == 0, err
    assert journal(site_copy) == []  # tidied by the next command
    assert snapshot(site_copy) == before
    siting = json.loads((site_copy / "siting.json").read_text(encoding="utf-8"))
    assert len(siting["chosen"]) == 1  # the old plan, not the killed run's three sites


def test_analyze_over_a_site_folder_removes_the_old_plan(
    site_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site_copy / "notes.txt").write_text("the planner's own file", encoding="utf-8")
    before = snapshot(site_copy)
    status, err = run_quietly(
        capsys, "analyze", "sample", "--minutes", "10,20", "--out", str(site_copy)
    )
    assert status == 0, err
    assert set(snapshot(site_copy)) == {"analysis.gpkg", "summary.json"}
    assert snapshot(site_copy)["summary.json"] != before["summary.json"]
    assert (site_copy / "notes.txt").read_text(encoding="utf-8") == "the planner's own file"
    assert journal(site_copy) == []
    status, err = run_quietly(capsys, "report", str(site_copy), "--lang", "en", "--format", "html")
    assert status == 0, err
    from servicecircle.i18n import t

    # the folder now holds no plan: the report says none was made
    page = html.unescape((site_copy / "report_en.html").read_text("utf-8"))
    assert t("report.doc.exec.no_plan", "en") in page


# --------------------------------------------------------------------------- output folders


def test_out_pointing_at_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    taken = tmp_path / "results.txt"
    taken.write_text("keep me", encoding="utf-8")
    status, err = run_quietly(capsys, "analyze", "sample", "--out", str(taken))
    assert status == 2
    assert "is a file" in err and "--out" in err
    status, err = run_quietly(capsys, "site", "sample", "--new", "1", "--out", str(taken / "sub"))
    assert status == 2 and "is a file, not a folder" in err
    assert taken.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(
    ("code", "said"),
    [(errno.ENOSPC, "is full"), (errno.EACCES, "no permission to write")],
)
def test_a_full_or_read_only_output_folder(
    site_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    said: str,
) -> None:
    before = snapshot(site_copy)

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(gpd.GeoDataFrame, "to_file", refuse)
    status, err = run_quietly(capsys, "analyze", "sample", "--out", str(site_copy))
    assert status == 2
    assert said in err and f"{site_copy / 'analysis.gpkg'}:" in err
    assert STAGING_PREFIX not in err  # the file is named where it was meant to go
    assert "Choose" in err or "Free some space" in err
    assert snapshot(site_copy) == before
    assert journal(site_copy) == []


def test_report_and_map_into_an_unwritable_place(
    site_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocker = tmp_path / "maps"
    blocker.write_text("a file where the maps folder should be", encoding="utf-8")
    status, err = run_quietly(capsys, "map", str(site_copy), "--out", str(blocker / "m.html"))
    assert status == 2 and "is a file, not a folder" in err

    real_write_text = Path.write_text

    def read_only(self: Path, *args: object, **kwargs: object) -> int:
        if self.name.startswith(".report_en.html."):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_write_text(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", read_only)
    status, err = run_quietly(capsys, "report", str(site_copy), "--lang", "en", "--format", "html")
    assert status == 2 and "read-only disk" in err and "report_en.html" in err
    assert not (site_copy / "report_en.html").exists()


# --------------------------------------------------------------------------- damaged results


@pytest.mark.parametrize("command", ["report", "map"])
@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("", "not valid JSON"),
        ("{not json", "not valid JSON"),
        ('{"schema_version": 1}', "mode, minutes, network, networks, n_outlets"),
        ("[]", "a JSON list, not an object"),
        ('{"schema_version": 1, "minutes": [15]}', "population_covered, coverage_share"),
        (
            '{"schema_version": 1, "minutes": "15", "population_total": 1}',
            "not a list of positive numbers",
        ),
    ],
)
def test_a_damaged_summary_is_named_with_the_command_that_rewrites_it(
    site_copy: Path, capsys: pytest.CaptureFixture[str], command: str, content: str, said: str
) -> None:
    (site_copy / "summary.json").write_text(content, encoding="utf-8")
    extra = ["--out", str(site_copy / "m.html")] if command == "map" else ["--format", "html"]
    status, err = run_quietly(capsys, command, str(site_copy), *extra)
    assert status == 2
    assert "summary.json is damaged" in err and said in err
    assert f"servicecircle analyze ... --out {site_copy}" in err


@pytest.mark.parametrize("command", ["report", "map"])
def test_missing_folders_and_files(
    site_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    status, err = run_quietly(capsys, command, str(tmp_path / "nowhere"))
    assert status == 2 and "does not exist" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    status, err = run_quietly(capsys, command, str(empty))
    assert status == 2 and "has no summary.json" in err and "analyze" in err
    (site_copy / "siting.json").write_text('{"schema_version": 1}', encoding="utf-8")
    status, err = run_quietly(capsys, command, str(site_copy))
    assert status == 2 and "siting.json is damaged: model, solver_model" in err
    assert "servicecircle site" in err
    (site_copy / "siting.json").unlink()
    (site_copy / "analysis.gpkg").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    status, err = run_quietly(capsys, command, str(site_copy))
    assert status == 2 and "analysis.gpkg is damaged" in err


def test_odd_values_in_the_summary_give_a_message(
    site_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = json.loads((site_copy / "summary.json").read_text(encoding="utf-8"))
    summary["gaps"] = 5
    summary["study_area"] = "a text"
    (site_copy / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    status, err = run_quietly(capsys, "report", str(site_copy), "--format", "html")
    assert status == 2
    assert "summary.json is damaged: gaps is 5, not a list" in err and "again" in err


# --------------------------------------------------------------------------- options


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["analyze", "sample", "--speed", "0"], "more than 0 and at most 200 km/h, not 0"),
        (["analyze", "sample", "--speed", "-4"], "more than 0 and at most 200 km/h, not -4"),
        (["analyze", "sample", "--speed", "nan"], "more than 0"),
        (["analyze", "sample", "--minutes", "0,-5"], "more than 0 and at most 240 minutes"),
        (["analyze", "sample", "--minutes", "15,5"], "ascending order"),
        (["analyze", "sample", "--minutes", "5,x"], "not a list of minutes"),
        (["analyze", "sample", "--m2-per-person", "0"], "more than 0 and at most 1000 m²"),
        (["site", "sample", "--new", "0"], "a whole number at least 1, not 0"),
        (["site", "sample", "--new", "-2"], "a whole number at least 1, not -2"),
        (["site", "sample", "--target", "1.5"], "a share more than 0 and at most 1"),
        (["site", "sample", "--target", "-0.2"], "a share more than 0 and at most 1"),
        (["site", "sample", "--new", "1", "--capacity", "0"], "more than 0 people, not 0"),
        (["site", "sample", "--new", "1", "--capacity", "-10"], "more than 0 people"),
        (["site", "sample", "--new", "1", "--time-limit", "-1"], "more than 0 and at most 86400"),
        (["site", "sample", "--new", "1", "--time-limit", "0"], "more than 0 and at most 86400"),
        (["app", "--port", "0"], "at least 1 and at most 65535"),
    ],
)
def test_options_out_of_range_are_refused_with_the_range(
    capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    status, err = run_quietly(capsys, *args)
    assert status == 2
    assert said in err


def test_an_unexpected_error_is_one_line_unless_verbose(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(args: object) -> int:
        raise ZeroDivisionError("division by zero somewhere deep")

    monkeypatch.setattr("servicecircle.cli.commands.command_info", broken)
    status, err = run_quietly(capsys, "info", "sample")
    assert status == 1
    assert "unexpected error (ZeroDivisionError: division by zero somewhere deep)" in err
    assert "-v" in err
    assert main(["-v", "info", "sample"]) == 1
    assert "Traceback" in capsys.readouterr().err
