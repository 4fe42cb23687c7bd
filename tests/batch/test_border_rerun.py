"""A border band is redone when one of its regions runs again, and skipped while untouched.

The synthetic pair of :mod:`tests.batch.test_border_pass` (west and east of
x = 2,400 m, a site each by its border house). The band's marker records a
hash of what it read (both regions' markers, its sites, shapes, options). The
east region then runs again with another candidate (600 m north of its border
house): its marker changes, so the band runs again, and what it says is what
a fresh run of both regions and the band says.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest
import shapely

import servicecircle.batch.region_area as region_area
from servicecircle.batch.border_bands import BORDER_FILE, FIRST_PASS_FILE, band_jobs
from servicecircle.batch.border_run import run_band
from servicecircle.batch.border_step import read_statement
from servicecircle.batch.markers import is_done, marker_path, read_marker, run_and_mark
from servicecircle.batch.region_run import run_region
from servicecircle.testing.synthetic import to_wgs
from tests.batch.test_border_pass import (
    CANDIDATES,
    EAST_M,
    WEST_M,
    _job,
    _loader,
    _points_file,
    grid,  # noqa: F401 - the synthetic grid fixture, shared
)

#: The east region's candidate when it runs again: 600 m north of its border house.
EAST_AGAIN = (2500.0, 2600.0)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rerun_files")
    return {
        "outlets": _points_file(folder / "outlets.geojson", [(4e4, 4e4)]),
        "first": _points_file(folder / "candidates.geojson", CANDIDATES),
        "again": _points_file(folder / "again.geojson", [CANDIDATES[0], CANDIDATES[2], EAST_AGAIN]),
    }


@pytest.fixture
def loaded(grid, monkeypatch):  # noqa: F811 - the imported fixture
    monkeypatch.setattr(region_area, "load_halo_area", _loader(grid))


def _statement(band, out) -> dict:
    record = json.loads((band.folder(out) / BORDER_FILE).read_text("utf-8"))
    return {key: record[key] for key in ("codes", "changed", "regions", "sites", "sites_after")}


def _near(a: dict, b: dict) -> None:
    """Two statements alike: same records, sites within 1e-9 degrees."""
    assert a["codes"] == b["codes"] and a["changed"] == b["changed"]
    assert len(a["regions"]) == len(b["regions"])
    for mine, theirs in zip(a["regions"], b["regions"], strict=True):
        assert mine == pytest.approx(theirs)
    assert [s["status"] for s in a["sites"]] == [s["status"] for s in b["sites"]]
    assert _flat(a["sites_after"]) == pytest.approx(_flat(b["sites_after"]), abs=1e-9)


def _flat(points: Sequence[Sequence[float]]) -> list[float]:
    return [value for point in points for value in point]


def test_a_band_is_skipped_while_untouched_and_redone_when_a_region_runs_again(
    loaded, files, tmp_path
):
    west = _job("W", WEST_M, files["outlets"], files["first"])
    east = _job("E", EAST_M, files["outlets"], files["first"])
    out = tmp_path / "batch"
    for job in (west, east):
        assert run_and_mark(run_region, job, str(out)).ok
    (band,) = band_jobs([west, east], out)
    assert band.fingerprint and run_and_mark(run_band, band, str(out)).ok
    assert read_marker(band, out)["fingerprint"] == band.fingerprint
    (same,) = band_jobs([west, east], out)
    assert same.fingerprint == band.fingerprint and is_done(same, out)  # untouched: skipped
    first = _statement(band, out)
    assert first["changed"]  # the west's site moved to the far house

    east_again = _job("E", EAST_M, files["outlets"], files["again"])
    marker_path(east_again, out).unlink()  # the east region runs again, on other candidates
    assert run_and_mark(run_region, east_again, str(out)).ok
    (redo,) = band_jobs([west, east_again], out)
    assert redo.fingerprint != band.fingerprint
    assert not is_done(redo, out) and read_statement(redo, out) is None  # its old word is stale
    moved = to_wgs([shapely.Point(EAST_AGAIN)]).iloc[0]
    east_sites = [(x, y) for x, y, code in redo.free if code == "E"]
    assert [shapely.distance(moved, shapely.Point(p)) < 1e-9 for p in east_sites] == [True]
    assert run_and_mark(run_band, redo, str(out)).ok and is_done(redo, out)
    again = _statement(redo, out)

    fresh = tmp_path / "fresh"
    for job in (west, east_again):
        assert run_and_mark(run_region, job, str(fresh)).ok
    (whole,) = band_jobs([west, east_again], fresh)
    assert run_and_mark(run_band, whole, str(fresh)).ok
    _near(again, _statement(whole, fresh))
    # the final sites each region's files are restated with: as a fresh run's
    from servicecircle.batch.border_regions import final_jobs

    rerun = {job.code: job.sites for job in final_jobs([west, east_again], [redo], out)}
    whole_run = {job.code: job.sites for job in final_jobs([west, east_again], [whole], fresh)}
    assert rerun.keys() == whole_run.keys() and rerun
    for code, sites in rerun.items():
        assert _flat(sites) == pytest.approx(_flat(whole_run[code]), abs=1e-12)
    assert _flat(again["sites_after"]) != pytest.approx(_flat(first["sites_after"]), abs=1e-9)


def test_the_first_pass_sites_are_kept_with_the_region_marker_they_belong_to(
    loaded, files, tmp_path
):
    from servicecircle.batch.border_bands import first_pass_sites

    west = _job("W", WEST_M, files["outlets"], files["first"])
    assert run_and_mark(run_region, west, str(tmp_path)).ok
    sites = first_pass_sites(west, tmp_path)
    kept = json.loads((west.folder(tmp_path) / FIRST_PASS_FILE).read_text("utf-8"))
    assert [tuple(p) for p in kept["sites"]] == sites and len(sites) == 1
    (west.folder(tmp_path) / "siting.gpkg").unlink()  # as if rewritten: the kept list counts
    assert first_pass_sites(west, tmp_path) == sites
    marker_path(west, tmp_path).unlink()
    assert run_and_mark(run_region, west, str(tmp_path)).ok  # runs again: read afresh
    assert _flat(first_pass_sites(west, tmp_path)) == pytest.approx(_flat(sites), abs=1e-12)
    assert json.loads((west.folder(tmp_path) / FIRST_PASS_FILE).read_text("utf-8")) != kept
