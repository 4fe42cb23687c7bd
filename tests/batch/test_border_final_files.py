"""A region's own files state the same sites as the gathered result after the border pass.

The synthetic pair of :mod:`tests.batch.test_border_pass`: the border pass
moves the west region's site from its border house to the far house. The
west region is then run again with its final site (its final run): its
``siting.gpkg``, ``siting.json`` and workbook state the site by the far
house and the people it covers; the gathered GeoPackage states the same
site. The east region, whose site did not move, is not run again; a second
border pass runs nothing.
"""

from __future__ import annotations

import shutil

import geopandas as gpd
import pytest
import shapely

import servicecircle.batch.region_area as region_area
from servicecircle.batch.border_bands import band_jobs
from servicecircle.batch.border_final import border_changes, final_counts
from servicecircle.batch.border_regions import final_jobs, run_final_pass, with_rewritten
from servicecircle.batch.border_run import run_band
from servicecircle.batch.gather import gather_layers
from servicecircle.batch.markers import is_done, run_and_mark
from servicecircle.batch.region_task import region_with_workbook
from servicecircle.batch.summary_table import region_rows
from servicecircle.results.field_names import layer_name
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


@pytest.fixture(scope="module")
def first_pass_books(grid, tmp_path_factory):  # noqa: F811 - the imported fixture
    """Both regions run with their workbooks, and their band: jobs, band and folder."""
    files = tmp_path_factory.mktemp("final_files")
    outlets = _points_file(files / "outlets.geojson", [(4e4, 4e4)])
    candidates = _points_file(files / "candidates.geojson", CANDIDATES)
    jobs = [_job(code, m, outlets, candidates) for code, m in (("W", WEST_M), ("E", EAST_M))]
    out = tmp_path_factory.mktemp("final_batch")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(region_area, "load_halo_area", _loader(grid))
        for job in jobs:
            assert run_and_mark(region_with_workbook, job, str(out)).ok
        (band,) = band_jobs(jobs, out)
        assert run_and_mark(run_band, band, str(out)).changed
    return jobs, band, out


def workbook_sites(path) -> list[shapely.Point]:
    """The sites of a handover workbook's sheet of recommended sites (its lon/lat columns)."""
    import openpyxl

    from servicecircle.report.strings import text

    sheet = openpyxl.load_workbook(path, read_only=True)[text("handover.sheet.sites", "zh")]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    lon, lat = text("col.lon", "zh"), text("col.lat", "zh")
    head = next(i for i, row in enumerate(rows) if lon in row and lat in row)
    x, y = rows[head].index(lon), rows[head].index(lat)
    return [
        shapely.Point(float(row[x]), float(row[y]))
        for row in rows[head + 1 :]
        if isinstance(row[x], int | float) and isinstance(row[y], int | float)
    ]


def _points(path, layer: str = "chosen") -> list[shapely.Point]:
    return list(gpd.read_file(path, layer=layer).to_crs("EPSG:4326").geometry)


def test_region_files_are_restated_with_the_final_sites(
    grid,  # noqa: F811 - the imported fixture
    first_pass_books,
    tmp_path,
    monkeypatch,
):
    from distributed import LocalCluster

    from servicecircle.batch.cluster import ClusterSettings
    from servicecircle.results.folder import read_results

    monkeypatch.setattr(region_area, "load_halo_area", _loader(grid))
    jobs, band, first = first_pass_books
    shutil.copytree(first, tmp_path, dirs_exist_ok=True)
    west, east = jobs
    west_first = _points(west.folder(tmp_path) / "siting.gpkg")
    east_first = _points(east.folder(tmp_path) / "siting.gpkg")
    finals = final_jobs(jobs, [band], tmp_path)
    assert [job.code for job in finals] == ["W"]  # the east's site did not move
    far = to_wgs([shapely.Point(CANDIDATES[2])]).iloc[0]
    (site,) = finals[0].sites
    assert shapely.distance(shapely.Point(site), far) < 1e-9
    with LocalCluster(
        n_workers=1, processes=False, protocol="tcp", dashboard_address=None
    ) as cluster:
        settings = ClusterSettings(scheduler=cluster.scheduler_address)
        run = run_final_pass(finals, tmp_path, cluster=settings)
        assert [o.code for o in run.ran] == ["W"] and not run.failed
        again = run_final_pass(final_jobs(jobs, [band], tmp_path), tmp_path, cluster=settings)
        assert again.skipped == ["W"] and not again.ran  # done: a second pass runs nothing
    # the west's own files: the site by the far house, and the people it covers
    (west_site,) = _points(west.folder(tmp_path) / "siting.gpkg")
    assert shapely.distance(west_site, far) < 1e-9
    assert shapely.distance(west_site, west_first[0]) > 1e-5
    results = read_results(west.folder(tmp_path))
    assert results.siting is not None
    (chosen,) = results.siting.chosen  # what the report and the workbook read
    assert shapely.distance(shapely.Point(chosen.lon, chosen.lat), far) < 1e-6
    after = gpd.read_file(west.folder(tmp_path) / "siting.gpkg", layer="demand_after")
    covered = after.loc[after["covered_15"], "people"].sum()
    first_after = gpd.read_file(first / "regions" / "W" / "siting.gpkg", layer="demand_after")
    far_people = first_after.loc[~first_after["covered_15"], "people"].sum()
    assert far_people > 0 and covered >= far_people  # the far house is served now
    books = sorted(west.folder(tmp_path).glob("*.xlsx"))
    assert len(books) == 1
    (book_site,) = workbook_sites(books[0])
    assert shapely.distance(book_site, far) < 1e-6
    # the east's files untouched: its first-pass site
    assert _points(east.folder(tmp_path) / "siting.gpkg") == east_first
    # the gathered sites are the regions' own
    changes = with_rewritten(border_changes([band], tmp_path), finals, tmp_path)
    assert changes["W"].rewritten == 1 and "E" not in changes  # the east: nothing moved
    target, counts = gather_layers(jobs, tmp_path, lang="zh", border=changes)
    assert target is not None and counts["chosen"] == 2
    gathered = gpd.read_file(target, layer=layer_name("chosen", "zh"))
    by_region = {code: list(part.geometry) for code, part in gathered.groupby("区域编码")}
    assert shapely.distance(by_region["W"][0], west_site) < 1e-9
    assert shapely.distance(by_region["E"][0], east_first[0]) < 1e-9
    status = dict(zip(gathered["区域编码"], gathered["网点状态"], strict=True))
    assert status == {"W": "边界二次优化移入", "E": "首轮保留"}
    outcomes = {row.code: row.outcome for row in region_rows(jobs, tmp_path)}
    assert final_counts(outcomes, changes) == {"W": 1, "E": 1}
    # the bands still start from the first pass: untouched, skipped
    (same,) = band_jobs(jobs, tmp_path)
    assert same.fingerprint == band.fingerprint and is_done(same, tmp_path)


def test_the_command_line_border_step_restates_the_moved_regions_and_says_so(
    grid,  # noqa: F811 - the imported fixture
    first_pass_books,
    tmp_path,
    monkeypatch,
    capsys,
):
    import argparse

    from distributed import LocalCluster

    from servicecircle.batch.cluster import ClusterSettings
    from servicecircle.batch.markers import MARKER
    from servicecircle.cli import language
    from servicecircle.cli.batch_border import border_step

    monkeypatch.setattr(region_area, "load_halo_area", _loader(grid))
    monkeypatch.setitem(language._current, "lang", "zh")
    jobs, band, first = first_pass_books
    shutil.copytree(first, tmp_path, dirs_exist_ok=True)
    (band.folder(tmp_path) / MARKER).unlink()  # the band runs in the step too
    args = argparse.Namespace(out=str(tmp_path), osm="synthetic", split=False, quiet=True)
    with LocalCluster(
        n_workers=1, processes=False, protocol="tcp", dashboard_address=None
    ) as cluster:
        settings = ClusterSettings(scheduler=cluster.scheduler_address)
        paths, sheets, failed, bands, finals = border_step(args, jobs, settings)
    assert not failed and [b.code for b in bands] == ["W~E"] and len(paths) == len(sheets) == 1
    assert [job.code for job in finals] == ["W"] and is_done(finals[0], tmp_path)
    out = capsys.readouterr().out
    assert "边界二次优化调整了 1 个区域的网点" in out and "已按最终网点重写" in out
    far = to_wgs([shapely.Point(CANDIDATES[2])]).iloc[0]
    (west_site,) = _points(jobs[0].folder(tmp_path) / "siting.gpkg")
    assert shapely.distance(west_site, far) < 1e-9
