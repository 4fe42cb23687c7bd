"""``batch --groups``: each region measures the key groups of its own people, as one analyze would.

The synthetic grid of the border tests (1,200 m, the border at x = 600 m)
holds two townships, 甲街道 west and 乙街道 east, as the planner's boundaries.
The key-groups table gives counts per township (60+ and registered
unemployed: spread over each township's houses by residents), a share
(graduates) and a row for a town of another province (远处镇, in no region).
Each region runs on its halo; the regions' group figures add up to one run
over the whole grid with the same table (without the far town, which a whole
run refuses), each township's count lands whole in its own region, the far
town's row is said to be used by no region, and the summary table and its
workbook carry each group's people and shares.
"""

from __future__ import annotations

import dataclasses
import json

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.geometry import box

import servicecircle.batch.region_area as region_area
from servicecircle.batch.jobs import RegionJob
from servicecircle.batch.markers import run_and_mark
from servicecircle.batch.region_area import halo_cut, region_coverage
from servicecircle.batch.region_groups import file_notes, read_groups_file
from servicecircle.batch.region_run import run_region
from servicecircle.batch.summary_table import region_rows, summary_table, write_summary
from servicecircle.i18n import t
from servicecircle.i18n.message import say
from servicecircle.testing.synthetic import grid_area, to_wgs
from tests.batch._synthetic import synthetic_job

HOUSES = [(550.0, 600.0), (150.0, 1100.0), (300.0, 300.0), (650.0, 300.0), (1150.0, 1150.0)]
LEVELS = [4, 6, 2, 5, 3]
OUTLETS = [(0.0, 0.0), (1000.0, 600.0)]
WEST_M = box(-500.0, -500.0, 600.0, 1700.0)
EAST_M = box(600.0, -500.0, 1700.0, 1700.0)
ROWS = "甲街道,120,10,0.05\n乙街道,300,,0.10\n"
HEADER = "街道,60岁及以上人口,登记失业人员,高校毕业生占比\n"


def _house(x: float, y: float) -> shapely.Polygon:
    return box(x - 5.0, y - 5.0 + 12.0, x + 5.0, y + 5.0 + 12.0)


@pytest.fixture(scope="module")
def grid():
    tags = [{"building": "apartments", "levels": n} for n in LEVELS]
    return grid_area(13, 100.0, buildings=[_house(*xy) for xy in HOUSES], building_tags=tags)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("groups")
    towns = gpd.GeoDataFrame(
        {"名称": ["甲街道", "乙街道"]}, geometry=to_wgs([WEST_M, EAST_M]).to_numpy(), crs=4326
    )
    towns.to_file(folder / "towns.gpkg", driver="GPKG")
    features = [
        {"type": "Feature", "properties": {"名称": f"网点{i + 1}"}, "geometry": p.__geo_interface__}
        for i, p in enumerate(to_wgs([shapely.Point(xy) for xy in OUTLETS]))
    ]
    outlets = folder / "outlets.geojson"
    outlets.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    (folder / "province.csv").write_text(HEADER + ROWS + "远处镇,5,1,0.2\n", "utf-8")
    (folder / "whole.csv").write_text(HEADER + ROWS, "utf-8")
    return {name: str(folder / name) for name in ("towns.gpkg", "outlets.geojson")} | {
        "province": str(folder / "province.csv"),
        "whole": str(folder / "whole.csv"),
    }


def _job(code: str, metric: shapely.Polygon, files: dict[str, str]) -> RegionJob:
    inputs = {
        "outlets": files["outlets.geojson"],
        "boundaries": files["towns.gpkg"],
        "breaks": [5, 10, 15],
    }
    return synthetic_job(code, metric, inputs, groups=files["province"])


def _whole(grid, files):
    """One analyze over the whole grid with the table (without the far town)."""
    from servicecircle.coverage import coverage_from
    from servicecircle.demand.key_group_files import read_key_groups
    from servicecircle.demand.key_group_units import key_groups_for_units
    from servicecircle.workflow.inputs import RunInputs, with_user_boundaries
    from servicecircle.workflow.key_groups import key_groups_record
    from servicecircle.workflow.prepare import prepare_inputs
    from servicecircle.workflow.sensitivity import coverage_networks

    inputs = RunInputs(
        area="synthetic",
        outlets=files["outlets.geojson"],
        boundaries=files["towns.gpkg"],
        breaks=(5.0, 10.0, 15.0),
    )
    area = with_user_boundaries(grid, inputs)
    prepared = prepare_inputs(area, inputs)
    networks = coverage_networks(area, prepared.outlets, prepared.settings)
    coverage = coverage_from(
        area, prepared.demand, prepared.outlets, settings=prepared.settings, networks=networks
    )
    groups = key_groups_for_units(read_key_groups(files["whole"]), coverage.demand)
    return coverage, key_groups_record(coverage, networks, groups)[0]


@pytest.fixture(scope="module")
def regions(grid, files):
    jobs = [_job("west", WEST_M, files), _job("east", EAST_M, files)]
    measured = {
        job.code: region_coverage(halo_cut(grid, shapely.from_wkb(job.halo_wkb)), job, scratch=None)
        for job in jobs
    }
    return jobs, measured


def test_each_townships_count_lands_whole_in_its_own_region(regions):
    _, measured = regions
    people = {
        code: {row.group: row.people for row in m.summary.groups.groups}
        for code, m in measured.items()
    }
    assert people["west"]["aged_60_plus"] == pytest.approx(120.0)
    assert people["east"]["aged_60_plus"] == pytest.approx(300.0)
    assert people["west"]["registered_unemployed"] == pytest.approx(10.0)
    assert people["east"]["registered_unemployed"] == pytest.approx(0.0)
    residents = {code: float(m.coverage.demand["people"].sum()) for code, m in measured.items()}
    assert people["west"]["college_graduates"] == pytest.approx(0.05 * residents["west"], abs=1e-3)
    assert people["east"]["college_graduates"] == pytest.approx(0.10 * residents["east"], abs=1e-3)
    assert measured["west"].groups.rows == (0,) and measured["east"].groups.rows == (1,)
    assert measured["west"].groups.split == () == measured["east"].groups.split


def test_the_regions_group_figures_add_up_to_one_run_over_the_whole_area(grid, files, regions):
    _, measured = regions
    coverage, whole = _whole(grid, files)
    assert sum(len(m.coverage.demand) for m in measured.values()) == len(coverage.demand)
    for total in whole.groups:
        parts = [
            next(r for r in m.summary.groups.groups if r.group == total.group)
            for m in measured.values()
        ]
        assert sum(p.people for p in parts) == pytest.approx(total.people, abs=1e-3)
        for key, covered in total.covered.items():
            assert sum(p.covered[key] for p in parts) == pytest.approx(covered, abs=1e-3)
        assert sum(p.out_of_reach for p in parts) == pytest.approx(total.out_of_reach, abs=1e-3)
        reached = sum(p.served + p.over_capacity for p in parts)
        assert reached == pytest.approx(total.served + total.over_capacity, abs=1e-3)
        for p in parts:  # each region's split adds up to its people
            assert p.served + p.over_capacity + p.out_of_reach == pytest.approx(p.people, abs=1e-2)
    unemployed = next(r for r in whole.groups if r.group == "registered_unemployed")
    assert 0 < unemployed.covered["15"] < unemployed.people  # a test that can tell regions apart


@pytest.fixture
def halo_from_grid(grid, monkeypatch):
    def load(job: RegionJob):
        return halo_cut(grid, shapely.from_wkb(job.halo_wkb), name=job.name)

    monkeypatch.setattr(region_area, "load_halo_area", load)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_summary_table_and_workbook_carry_each_groups_figures(
    halo_from_grid, grid, files, tmp_path, lang
):
    jobs = [_job("west", WEST_M, files), _job("east", EAST_M, files)]
    for job in jobs:
        outcome = run_and_mark(run_region, job, str(tmp_path))
        assert outcome.ok, outcome.error
        assert (
            "key_groups" in gpd.list_layers(job.folder(tmp_path) / "analysis.gpkg")["name"].tolist()
        )
    _, whole = _whole(grid, files)
    rows = region_rows(jobs, tmp_path)
    table, _ = summary_table(rows, lang)
    people = "60岁及以上老年人人数" if lang == "zh" else "residents aged 60+: people"
    share = (
        "登记失业人员 15 分钟覆盖率（%）"
        if lang == "zh"
        else ("registered unemployed: share within 15 min (%)")
    )
    assert table[people].tolist() == [120, 300, 420]
    unemployed = next(r for r in whole.groups if r.group == "registered_unemployed")
    expected = round(100.0 * unemployed.covered["15"] / unemployed.people, 2)
    assert table[share].iloc[-1] == pytest.approx(expected)

    notes = file_notes(read_groups_file(files["province"], None), [r.outcome for r in rows])
    assert len(notes) == 1 and notes[0].key == "msg.batch.groups.unused"
    assert ("第 4 行" if lang == "zh" else "row 4") in say(notes[0], lang)

    paths = write_summary(jobs, tmp_path, lang=lang)
    sheets = pd.read_excel(paths[1], sheet_name=None)
    sheet = sheets["重点群体" if lang == "zh" else "Key groups"]
    code = "区域编码" if lang == "zh" else "Region code"
    assert sorted(set(sheet[code])) == ["east", "west"]
    group, people = sheet.columns[5], sheet.columns[6]  # after code, name, level, township, name
    aged = sheet[sheet[group] == t("key_group.aged_60_plus", lang)]
    assert aged[people].tolist() == [120, 300] and aged[code].tolist() == ["west", "east"]

    from servicecircle.batch.gather import gather_layers
    from servicecircle.results.field_names import layer_name

    target, counts = gather_layers(jobs, tmp_path, lang=lang)  # the same table, gathered
    assert target is not None and counts["key_groups"] == len(sheet)
    gathered = pyogrio.read_dataframe(target, layer=layer_name("key_groups", lang))
    assert "geometry" not in gathered.columns  # a table without geometry
    assert gathered.columns.tolist()[:2] == sheet.columns.tolist()[:2]
    aged = gathered[gathered[gathered.columns[5]] == t("key_group.aged_60_plus", lang)]
    assert aged[gathered.columns[6]].tolist() == [120, 300]
    assert aged[gathered.columns[0]].tolist() == ["west", "east"]


def test_the_command_says_the_rows_no_region_used(halo_from_grid, files, tmp_path, capsys):
    import argparse

    from servicecircle.cli.batch_command import print_group_notes

    jobs = [_job("west", WEST_M, files), _job("east", EAST_M, files)]
    for job in jobs:
        assert run_and_mark(run_region, job, str(tmp_path)).ok
    args = argparse.Namespace(groups=files["province"], crs=None, out=str(tmp_path))
    print_group_notes(args, jobs)
    err = capsys.readouterr().err
    assert "province.csv" in err and ("row 4" in err or "第 4 行" in err)
    print_group_notes(args, jobs[:1])  # the east region not in the batch: its row is unused too
    err = capsys.readouterr().err
    assert ("row 3" in err or "第 3 行" in err) and ("row 4" in err or "第 4 行" in err)


def test_a_key_groups_file_that_cannot_be_used_stops_the_batch_before_any_region(tmp_path, capsys):
    from servicecircle.cli import main

    regions = gpd.GeoDataFrame(
        {"代码": ["w"], "名称": ["西区"]}, geometry=to_wgs([WEST_M]).to_numpy(), crs=4326
    )
    regions.to_file(tmp_path / "regions.gpkg", driver="GPKG")
    (tmp_path / "groups.csv").write_text("街道,常住人口\n甲街道,100\n", "utf-8")
    argv = ["--lang", "zh", "batch", str(tmp_path / "regions.gpkg"), "--osm", "x.osm.pbf"]
    argv += ["--outlets", "osm", "--groups", str(tmp_path / "groups.csv")]
    assert main([*argv, "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "groups.csv" in err and "重点群体" in err
    assert not (tmp_path / "out" / "regions").exists()


def test_a_count_for_an_area_the_border_cuts_through_is_named(grid, files, tmp_path):
    town = gpd.GeoDataFrame(
        {"名称": ["全区街道"]}, geometry=to_wgs([WEST_M.union(EAST_M)]).to_numpy(), crs=4326
    )
    town.to_file(tmp_path / "town.gpkg", driver="GPKG")
    (tmp_path / "g.csv").write_text("街道,60岁及以上人口\n全区街道,100\n", "utf-8")
    measured = []
    for code, metric in (("west", WEST_M), ("east", EAST_M)):
        job = _job(code, metric, files)
        inputs = {**job.inputs, "boundaries": str(tmp_path / "town.gpkg")}
        job = dataclasses.replace(job, inputs=inputs, groups=str(tmp_path / "g.csv"))
        measured.append(region_coverage(halo_cut(grid, shapely.from_wkb(job.halo_wkb)), job))
    assert [m.groups.split for m in measured] == [(0,), (0,)]
    people = [m.summary.groups.groups[1].people for m in measured]
    assert sum(people) == pytest.approx(100.0, abs=1e-3)  # the halos hold the whole town here
    outcomes = [{"groups_rows": m.groups.rows, "groups_split": m.groups.split} for m in measured]
    notes = file_notes(read_groups_file(str(tmp_path / "g.csv"), None), outcomes)
    assert [n.key for n in notes] == ["msg.batch.groups.split"]
    assert "区域边界" in say(notes[0], "zh") and "border" in say(notes[0], "en")


def _layer(path, geometries, counts) -> str:
    frame = gpd.GeoDataFrame(
        {"名称": [f"区{i + 1}" for i in range(len(counts))], "60岁及以上人口": counts},
        geometry=to_wgs(geometries).to_numpy(),
        crs=4326,
    )
    frame.to_file(path, driver="GPKG")
    return str(path)


@pytest.mark.parametrize("kind", ["polygons", "points"])
def test_a_layer_of_areas_or_points_adds_up_across_regions(grid, files, tmp_path, kind):
    """Polygons spread over the units inside; a point's people go to its nearest unit."""
    from servicecircle.demand.key_group_files import read_key_groups
    from servicecircle.demand.key_group_units import key_groups_for_units

    if kind == "polygons":
        shapes, counts = [WEST_M, EAST_M], [120.0, 300.0]
    else:  # the third point is in the west, nearest to the east house at (650, 300)
        shapes = [shapely.Point(450, 600), shapely.Point(700, 300), shapely.Point(590, 320)]
        counts = [120.0, 300.0, 7.0]
    given = _layer(tmp_path / "g.gpkg", shapes, counts)
    far = box(9e4, 0, 9.1e4, 1e3) if kind == "polygons" else shapely.Point(9e4, 0)
    province = _layer(tmp_path / "p.gpkg", [*shapes, far], [*counts, 5.0])
    parts = []
    for code, metric in (("west", WEST_M), ("east", EAST_M)):
        job = dataclasses.replace(_job(code, metric, files), groups=province)
        measured = region_coverage(halo_cut(grid, shapely.from_wkb(job.halo_wkb)), job)
        parts.append(measured)
    coverage, _ = _whole(grid, files)
    whole = key_groups_for_units(read_key_groups(given), coverage.demand).people["aged_60_plus"]
    for part in parts:  # each unit's people as in the whole run
        mine = part.groups.groups.people["aged_60_plus"].reindex(part.coverage.demand.index)
        for index, unit in part.coverage.demand.iterrows():
            same = coverage.demand.geometry.geom_equals_exact(unit.geometry, 1e-9).to_numpy()
            assert whole[same].iloc[0] == pytest.approx(mine[index], abs=1e-6)
    totals = [next(r for r in p.summary.groups.groups if r.group == "aged_60_plus") for p in parts]
    assert sum(r.people for r in totals) == pytest.approx(sum(counts), abs=1e-3)
    if kind == "points":  # the west point whose people live in the east
        assert totals[1].people == pytest.approx(307.0, abs=1e-3)
    notes = file_notes(
        read_groups_file(province, None),
        [{"groups_rows": p.groups.rows, "groups_split": p.groups.split} for p in parts],
    )
    assert [n.key for n in notes] == ["msg.batch.groups.unused"]  # the far area only


def test_a_region_no_outlet_reaches_has_every_group_out_of_reach(grid, files, tmp_path):
    far = tmp_path / "far.geojson"
    point = to_wgs([shapely.Point(4e4, 4e4)]).iloc[0]
    feature = {"type": "Feature", "properties": {"名称": "远"}, "geometry": point.__geo_interface__}
    far.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), "utf-8")
    job = _job("west", WEST_M, files)
    job = dataclasses.replace(job, inputs={**job.inputs, "outlets": str(far)})
    measured = region_coverage(halo_cut(grid, shapely.from_wkb(job.halo_wkb)), job)
    assert len(measured.coverage.outlets) == 0
    rows = {row.group: row for row in measured.summary.groups.groups}
    assert rows["aged_60_plus"].people == pytest.approx(120.0)
    for row in rows.values():
        assert row.out_of_reach == pytest.approx(row.people, abs=1e-3)
        assert row.served == 0 and row.over_capacity == 0
        assert all(not value for value in row.covered.values())
