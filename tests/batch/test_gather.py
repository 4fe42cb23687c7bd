"""Gathering the regions' results: one layer per kind with the region's columns, one table.

Two hand-made regions side by side (west and east of x = 1), each with the
files a region's run writes: demand units, the outlets of its whole halo (so
the outlet of each neighbour appears in both), gaps. The numbers of the table
are worked out by hand from the markers' outcomes.
"""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from servicecircle.batch.driver import RegionFailure
from servicecircle.batch.gather import gather_layers
from servicecircle.batch.jobs import RegionJob
from servicecircle.batch.markers import write_marker
from servicecircle.batch.summary_table import region_rows, summary_table, write_summary
from servicecircle.results.folder import write_layers

WEST = shapely.box(0.0, 0.0, 1.0, 1.0)
EAST = shapely.box(1.0, 0.0, 2.0, 1.0)


def _job(code: str, name: str, polygon) -> RegionJob:
    wkb = shapely.to_wkb(polygon)
    return RegionJob(code, name, wkb, wkb, 0.0, "none.osm.pbf")


def _outcome(code: str, people: float, covered15: float, staff: float | None, **more) -> dict:
    return {
        "code": code,
        "units": 2,
        "people": people,
        "covered": {"covered_5": covered15 / 2, "covered_15": covered15, "covered": covered15},
        "covered_by_class": {
            "residential": {"total": people - 10, "covered_15": covered15},
            "industrial": {"total": 10.0, "covered_15": 0.0},
        },
        "outlets_in_region": 1,
        "outlets_in_halo": 2,
        "sites_proposed": 1,
        "staff": staff,
        "staff_per_10k": None if staff is None else staff / people * 10_000,
        "cpu_s": 2.0,
        "wall_s": 3.0,
        "peak_rss_mb": 400.0,
        **more,
    }


class _Done:
    """An outcome as the marker keeps it (a plain record)."""

    def __init__(self, record: dict) -> None:
        vars(self).update(record)


@pytest.fixture
def batch(tmp_path):
    west, east, far = _job("w", "西区", WEST), _job("e", "东区", EAST), _job("x", "远区", WEST)
    outlets = gpd.GeoDataFrame(
        {"name": ["西站", "东站"], "outlet_type": ["default", "default"]},
        geometry=[shapely.Point(0.9, 0.5), shapely.Point(1.1, 0.5)],
        crs="EPSG:4326",
    )
    for job, xs in ((west, (0.2, 0.8)), (east, (1.2, 1.5))):
        demand = gpd.GeoDataFrame(
            {"unit_id": [1, 2], "people": [30.0, 70.0], "covered_15": [True, False]},
            geometry=[shapely.Point(x, 0.5) for x in xs],
            crs="EPSG:4326",
        )
        write_layers({"demand": demand, "outlets": outlets}, job.folder(tmp_path) / "analysis.gpkg")
    write_marker(west, tmp_path, _Done(_outcome("w", 100.0, 30.0, 2.0)))
    write_marker(east, tmp_path, _Done(_outcome("e", 300.0, 240.0, None)))
    return [west, east, far], tmp_path


def test_each_outlet_is_gathered_once_by_the_region_holding_it(batch):
    jobs, out = batch
    path, counts = gather_layers(jobs, out, lang="zh")
    assert counts == {"demand": 4, "outlets": 2}
    outlets = pyogrio.read_dataframe(path, layer="现有网点")
    assert sorted(zip(outlets["区域编码"], outlets["名称"], strict=True)) == [
        ("e", "东站"),
        ("w", "西站"),
    ]
    demand = pyogrio.read_dataframe(path, layer="需求点")
    assert list(demand.columns[:2]) == ["区域编码", "区域名称"]
    assert list(demand["区域名称"]) == ["西区", "西区", "东区", "东区"]


def test_the_table_has_a_row_per_region_and_the_total_of_those_done(batch):
    jobs, out = batch
    failed = [RegionFailure("x", "远区", "no roads", "没有道路")]
    table, fields = summary_table(region_rows(jobs, out, failed, lang="zh"), "zh")
    rows = table.set_index("区域编码")
    assert list(rows["状态"].iloc[:3]) == ["完成", "完成", "失败"]
    assert rows.loc["x", "错误"] == "没有道路"
    assert rows.loc["w", "15 分钟覆盖率（%）"] == 30.0
    assert rows.loc["e", "5 分钟覆盖率（%）"] == 40.0
    assert rows.loc["w", "每名工作人员服务人口"] == 50.0  # 100 people, 2 staff
    assert pd.isna(rows.loc["e", "每名工作人员服务人口"])  # no staffing model there
    assert rows.loc["w", "居住区 15 分钟覆盖率（%）"] == pytest.approx(100 * 30 / 90, abs=0.01)
    total = table.iloc[-1]
    assert total["区域名称"] == "全部已完成区域"
    assert (total["人口"], total["15 分钟内覆盖人口"]) == (400, 270)
    assert total["15 分钟覆盖率（%）"] == 67.5
    assert total["计算用时（CPU 秒）"] == 4.0
    assert len(fields) == len(table.columns)


def test_csv_has_a_bom_and_the_workbook_states_the_memory_limit(batch):
    from openpyxl import load_workbook

    from servicecircle.batch.cluster import ClusterFacts

    jobs, out = batch
    facts = ClusterFacts("local", 2, 2, 1536.0, None)
    csv, xlsx = write_summary(jobs, out, facts=facts, wall_s=12.0, lang="en")
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")
    assert csv.name == "regions_summary.csv"
    book = load_workbook(xlsx)
    assert book.sheetnames == ["Regions", "Run"]
    run = {row[0]: row[1] for row in book["Run"].iter_rows(min_row=2, values_only=True)}
    assert run["Memory limit per process (MB)"] == 1536
    assert (run["Worker processes"], run["Scheduler"]) == (2, "local")


def _layers(path):
    """Every layer of a GeoPackage: its schema, geometry type and rows."""
    out = {}
    for name, _ in pyogrio.list_layers(path):
        info = pyogrio.read_info(path, layer=name)
        frame = pyogrio.read_dataframe(path, layer=name)
        schema = (list(info["fields"]), list(info["dtypes"]), info["geometry_type"])
        out[str(name)] = (schema, frame)
    return out


def _same_file(streamed, whole):
    assert list(streamed) == list(whole)
    for name, (schema, frame) in streamed.items():
        assert schema == whole[name][0]
        pd.testing.assert_frame_equal(frame, whole[name][1])


def _gathered(batch, lang, monkeypatch, *, streamed):
    """The gathered file's layers, written part by part or put together in memory."""
    from servicecircle.batch import gather

    jobs, out = batch
    planned = gather.plan_layer

    def plan(*args):
        found = planned(*args)
        assert found.streamed  # one batch's regions write the same columns and types
        return dataclasses.replace(found, streamed=streamed)

    with monkeypatch.context() as patch:
        patch.setattr(gather, "plan_layer", plan)
        if streamed:
            patch.setattr(gather, "gathered_layer", _never)
        path, counts = gather.gather_layers(jobs, out, lang=lang)
        assert counts == {"demand": 4, "outlets": 2}
        return _layers(path)


def _never(*_args):
    raise AssertionError("the whole layer was put together in memory")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_layers_written_region_by_region_equal_the_layers_put_together(batch, monkeypatch, lang):
    streamed = _gathered(batch, lang, monkeypatch, streamed=True)
    whole = _gathered(batch, lang, monkeypatch, streamed=False)
    _same_file(streamed, whole)


def test_regions_with_other_columns_are_put_together_as_before(batch):
    from servicecircle.batch.gather import plan_layer

    jobs, out = batch
    east = jobs[1]
    demand = gpd.GeoDataFrame(
        {"unit_id": [1], "people": [5], "note": ["x"]},  # whole people, and a column more
        geometry=[shapely.Point(1.3, 0.5)],
        crs="EPSG:4326",
    )
    write_layers({"demand": demand}, east.folder(out) / "analysis.gpkg")
    plan = plan_layer(jobs, out, "analysis.gpkg", "demand")
    assert not plan.streamed and plan.rows == 3 and [j.code for j in plan.jobs] == ["w", "e"]
    path, counts = gather_layers(jobs, out, lang="en")
    assert counts["demand"] == 3
    frame = pyogrio.read_dataframe(path, layer=pyogrio.list_layers(path)[0][0])
    assert len(frame) == 3
    assert frame.iloc[:2, -2].isna().all() and frame.iloc[2, -2] == "x"  # the column more
