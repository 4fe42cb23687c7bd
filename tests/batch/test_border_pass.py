"""The border pass on a synthetic pair of regions: two sites serving the same houses, one moved.

A 4,000 m street grid is cut at x = 2,400 m into a west and an east region.
Two six-storey houses stand 50 m either side of the border, a two-storey
house 2,200 m west of the west one (no single site serves it and the border
houses within 15 minutes' walk, 1,000 m). No outlet is in reach today. The
candidate sites stand by each border house and 850 m east of the far house
(inside the band: within the halo of the border). Each region, sited alone
with one new site, puts it by its border house (more people than the far
house): both sites serve both border houses, the far house stays a gap.
The border pass re-solves each region's site with the other's fixed: the
east's serves both border houses, the west's moves (within the west, so each
region keeps its one site) to the far house, and its statement says so.
"""

from __future__ import annotations

import dataclasses
import json
import shutil

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

import servicecircle.batch.region_area as region_area
from servicecircle.batch.border_bands import BORDER_FILE, band_jobs, neighbour_pairs
from servicecircle.batch.border_run import run_band
from servicecircle.batch.jobs import RegionJob
from servicecircle.batch.markers import run_and_mark
from servicecircle.batch.region_area import halo_cut
from servicecircle.batch.region_run import run_region
from servicecircle.testing.synthetic import grid_area, to_wgs
from tests.batch._synthetic import synthetic_job

BORDER_HOUSES = [(2350.0, 2000.0), (2450.0, 2000.0)]
FAR_HOUSE = (150.0, 2000.0)
#: Candidate sites: by each border house, and one 850 m from the far house, inside the band
CANDIDATES = [(2300.0, 2000.0), (2500.0, 2000.0), (1000.0, 2000.0)]
WEST_M = box(-500.0, -500.0, 2400.0, 4500.0)
EAST_M = box(2400.0, -500.0, 4500.0, 4500.0)


def _house(x: float, y: float) -> shapely.Polygon:
    return box(x - 5.0, y - 5.0 + 12.0, x + 5.0, y + 5.0 + 12.0)


@pytest.fixture(scope="module")
def grid():
    houses = [*BORDER_HOUSES, FAR_HOUSE]
    tags = [{"building": "apartments", "levels": 6}] * 2 + [{"building": "apartments", "levels": 2}]
    area = grid_area(41, 100.0, buildings=[_house(*xy) for xy in houses], building_tags=tags)
    extent = to_wgs([box(0.0, 0.0, 4000.0, 4000.0)]).iloc[0]  # the grid, as an extract's bounds
    return dataclasses.replace(area, extent=extent, extent_basis="osm_bounds")


def _loader(grid):
    def load(job: RegionJob):
        return halo_cut(grid, shapely.from_wkb(job.halo_wkb), name=job.name)

    return load


@pytest.fixture
def halo_from_grid(grid, monkeypatch):
    """Each region's (and band's) area cut from the synthetic grid instead of an OSM file."""
    monkeypatch.setattr(region_area, "load_halo_area", _loader(grid))


@pytest.fixture(scope="module")
def far_outlets(tmp_path_factory):
    return _points_file(tmp_path_factory.mktemp("far") / "outlets.geojson", [(4e4, 4e4)])


def _points_file(path, xys) -> str:
    points = to_wgs([shapely.Point(xy) for xy in xys])
    features = [
        {
            "type": "Feature",
            "properties": {"名称": f"点{i + 1}"},
            "geometry": shapely.geometry.mapping(p),
        }
        for i, p in enumerate(points)
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return str(path)


@pytest.fixture(scope="module")
def candidates(tmp_path_factory):
    return _points_file(tmp_path_factory.mktemp("candidates") / "candidates.geojson", CANDIDATES)


def _job(code: str, metric: shapely.Polygon, outlets: str, candidates: str) -> RegionJob:
    return synthetic_job(
        code,
        metric,
        {"outlets": outlets, "breaks": [5, 10, 15]},
        name=f"{code} region",
        site={"model": "mclp", "new": 1, "candidates": candidates, "time_limit": 20},
    )


def test_neighbours_share_a_line_not_a_corner():
    a, b, c = box(0, 0, 1, 1), box(1, 0, 2, 1), box(1, 1, 2, 2)
    pairs = neighbour_pairs([a, b, c])
    assert [(i, j) for i, j, _ in pairs] == [(0, 1), (1, 2)]  # a and c touch at a point only
    assert pairs[0][2].length == pytest.approx(1.0, abs=1e-5)


@pytest.fixture(scope="module")
def first_pass(grid, far_outlets, candidates, tmp_path_factory):
    """The two regions sited alone (one new site each): their jobs, outcomes and folder."""
    out = tmp_path_factory.mktemp("first_pass")
    jobs = [_job(c, m, far_outlets, candidates) for c, m in (("W", WEST_M), ("E", EAST_M))]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(region_area, "load_halo_area", _loader(grid))
        outcomes = [run_and_mark(run_region, job, str(out)) for job in jobs]
    return jobs, outcomes, out


def test_the_border_pass_moves_a_doubled_site_to_people_nobody_served(
    halo_from_grid, first_pass, tmp_path
):
    jobs, outcomes, first = first_pass
    shutil.copytree(first, tmp_path, dirs_exist_ok=True)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    west, east = outcomes
    assert west.sites_proposed == east.sites_proposed == 1
    assert west.covered["covered_15"] == east.covered["covered_15"] == 0.0  # none in reach today
    # the first pass: each region's site by its border house, the far house still a gap
    west_after, east_after = (
        gpd.read_file(job.folder(tmp_path) / "siting.gpkg", layer="demand_after") for job in jobs
    )
    assert west_after["covered_15"].sum() == 1 and east_after["covered_15"].all()
    far_people = float(west_after.loc[~west_after["covered_15"], "people"].sum())
    assert far_people > 0
    (band,) = band_jobs(jobs, tmp_path)
    assert band.codes == ("W", "E")
    assert sorted(code for _, _, code in band.free) == ["E", "W"] and band.fixed == ()
    outcome = run_band(band, tmp_path)
    assert outcome.ok, outcome.error
    assert outcome.wall_s > 0 and outcome.peak_rss_mb > 0
    assert outcome.changed
    statement = json.loads((band.folder(tmp_path) / BORDER_FILE).read_text("utf-8"))
    by_code = {record["code"]: record for record in statement["regions"]}
    # each region keeps its own number of sites: the west's moves within the west
    for record in by_code.values():
        assert record["sites_before"] == 1
        assert record["kept"] + record["moved_in"] == record["sites_after"] == 1
        assert record["covered_after"] >= record["covered_before"] - 1e-6
    assert (by_code["W"]["kept"], by_code["W"]["moved_away"], by_code["W"]["moved_in"]) == (0, 1, 1)
    assert (by_code["E"]["kept"], by_code["E"]["moved_away"], by_code["E"]["moved_in"]) == (1, 0, 0)
    gained = by_code["W"]["covered_after"] - by_code["W"]["covered_before"]
    assert gained == pytest.approx(far_people)
    assert by_code["E"]["covered_after"] == pytest.approx(by_code["E"]["covered_before"])
    assert by_code["E"]["covered_before"] == pytest.approx(east.people)
    far = to_wgs([shapely.Point(FAR_HOUSE)]).iloc[0]
    assert len(statement["sites_after"]) == 2
    nearest = min(shapely.distance(far, shapely.Point(p)) for p in statement["sites_after"])
    expected = to_wgs([shapely.Point(CANDIDATES[2])]).iloc[0]
    assert nearest == pytest.approx(shapely.distance(far, expected), abs=1e-9)


def test_the_border_pass_runs_as_tasks_on_a_cluster_and_states_its_table(
    halo_from_grid, first_pass, tmp_path
):
    from distributed import LocalCluster

    from servicecircle.batch.border_step import (
        border_rows,
        changed_bands,
        run_border_pass,
        write_border_sites,
        write_border_table,
    )
    from servicecircle.batch.cluster import ClusterSettings

    jobs, _, first = first_pass
    shutil.copytree(first, tmp_path, dirs_exist_ok=True)
    bands = band_jobs(jobs, tmp_path)
    # worker threads in this process, so that they load the synthetic grid too
    with LocalCluster(
        n_workers=1, processes=False, protocol="tcp", dashboard_address=None
    ) as cluster:
        settings = ClusterSettings(scheduler=cluster.scheduler_address)
        bands, run = run_border_pass(
            bands, tmp_path, extract="synthetic", cluster=settings, split=False
        )
        assert [o.code for o in run.ran] == ["W~E"] and not run.failed
        assert changed_bands(bands, tmp_path) == 1
        rows = border_rows(jobs, bands, tmp_path)
        assert [r.code for r in rows] == ["W", "E"]
        west, east = rows
        assert west.total_changed and west.gained > 0 and west.moved_in == 1
        assert (west.kept, west.moved_away, east.kept, east.moved_away) == (0, 1, 1, 0)
        path, sheet = write_border_table(rows, tmp_path, "zh")
        table = pd.read_csv(path, encoding="utf-8-sig", dtype={"区域编码": str})
        assert table["区域编码"].tolist() == ["W", "E"]
        assert table["新增覆盖人口"].tolist() == [round(west.gained), 0]
        assert table["区域合计是否变化"].tolist()[0] == "是"
        assert sheet.name == "边界二次优化"
        target = tmp_path / "区域结果.gpkg"
        assert write_border_sites(jobs, bands, tmp_path, target, "zh") == 3
        sites = gpd.read_file(target, layer="边界二次优化网点")
        assert sorted(sites["边界二次优化"]) == [
            "保留",
            "迁入（二次优化新址）",
            "迁出（首轮选址，已撤销）",
        ]
        moved_in = sites[sites["边界二次优化"] == "迁入（二次优化新址）"].iloc[0]
        assert (moved_in["区域编码"], moved_in["区域名称"], moved_in["边界"]) == (
            "W",
            "W region",
            "W region / E region",
        )
        expected = to_wgs([shapely.Point(CANDIDATES[2])]).iloc[0]
        assert shapely.distance(moved_in.geometry, expected) < 1e-9
        again = run_border_pass(bands, tmp_path, extract="synthetic", cluster=settings)[1]
        assert again.skipped == ["W~E"] and not again.ran  # resumable: done bands are skipped


def test_the_command_line_says_what_the_border_pass_changed(capsys, monkeypatch):
    from servicecircle.batch.border_step import BorderRow
    from servicecircle.cli import language
    from servicecircle.cli.batch_border import print_border_lines

    monkeypatch.setitem(language._current, "lang", "zh")
    west = BorderRow("W", "西区", 1, 1, 1, 0, 1, 1, covered_before=10.7, covered_after=14.2)
    east = BorderRow("E", "东区", 1, 1, 1, 1, 0, 0, covered_before=10.7, covered_after=10.7)
    print_border_lines([west, east], changed=1, bands=1)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "边界二次优化：1 条相邻边界，1 条有调整，迁移新增网点 1 个，边界附近新增覆盖 4 人"
    )
    assert (
        lines[1]
        .strip()
        .startswith("西区（W）：边界带内首轮新增网点保留 0 个、迁出 1 个、迁入 1 个")
    )
    assert lines[1].endswith("边界附近覆盖 11 → 14 人")
    assert len(lines) == 2  # the east region: nothing changed, nothing said


def test_the_gathered_sites_and_the_summary_are_the_final_sites_after_the_border_pass(
    halo_from_grid, first_pass, tmp_path
):
    from servicecircle.batch.border_final import border_changes, final_counts
    from servicecircle.batch.gather import gather_layers
    from servicecircle.batch.summary_table import region_rows, write_summary
    from servicecircle.results.field_names import layer_name

    jobs, _, first = first_pass
    shutil.copytree(first, tmp_path, dirs_exist_ok=True)
    (band,) = band_jobs(jobs, tmp_path)
    west_first = gpd.read_file(jobs[0].folder(tmp_path) / "siting.gpkg", layer="chosen")
    east_first = gpd.read_file(jobs[1].folder(tmp_path) / "siting.gpkg", layer="chosen")
    assert run_and_mark(run_band, band, str(tmp_path)).changed  # done: its statement counts
    changes = border_changes([band], tmp_path)
    target, counts = gather_layers(jobs, tmp_path, lang="zh", border=changes)
    assert target is not None and counts["chosen"] == 2
    sites = gpd.read_file(target, layer=layer_name("chosen", "zh"))
    by_region = {code: part for code, part in sites.groupby("区域编码")}
    (west,), (east,) = by_region["W"].itertuples(), by_region["E"].itertuples()
    assert west.网点状态 == "边界二次优化移入" and east.网点状态 == "首轮保留"
    moved_to = to_wgs([shapely.Point(CANDIDATES[2])]).iloc[0]
    assert shapely.distance(west.geometry, moved_to) < 1e-9
    east_site = east_first.to_crs("EPSG:4326").geometry.iloc[0]
    assert shapely.distance(east.geometry, east_site) < 1e-9
    west_site = west_first.to_crs("EPSG:4326").geometry.iloc[0]
    assert shapely.distance(sites.geometry, west_site).min() > 1e-5  # moved away: gone
    outcomes = {row.code: row.outcome for row in region_rows(jobs, tmp_path)}
    final = final_counts(outcomes, changes)
    assert final == {"W": 1, "E": 1}
    csv, _ = write_summary(jobs, tmp_path, lang="en", border_sites=final)
    table = pd.read_csv(csv, encoding="utf-8-sig", dtype={"Region code": str})
    assert table["New sites proposed"].tolist() == [1, 1, 2]
    assert table["New sites after the border pass"].tolist() == [1, 1, 2]
    plain = write_summary(jobs, tmp_path, lang="en")[0]
    assert "New sites after the border pass" not in pd.read_csv(plain, encoding="utf-8-sig")
