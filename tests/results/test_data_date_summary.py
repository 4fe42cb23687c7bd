"""The map data's date from the study area to summary.json and the report's method chapter."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from servicecircle.coverage import CoverageSettings, coverage_from
from servicecircle.demand import demand_from_area
from servicecircle.inputs.data_date import DataDate
from servicecircle.report.build import render_html
from servicecircle.results.folder import read_results, write_analysis
from servicecircle.results.schema import MapDataDate
from servicecircle.results.summary import coverage_summary, results_of
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at

TYPES = {"w": OutletType("w", "walk", 5.0)}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A 1 km grid dated 2021-06-12 (as of), one outlet, two clusters of people, written out."""
    area = dataclasses.replace(grid_area(n=11), data_date=DataDate("2021-06-12", "as_of"))
    people = points_at([(0, 0), (1000, 1000)], people=[10, 50])
    demand = demand_from_area(area, user_points=people, user_mode="replace")
    outlets = prepare_outlets(points_at([(0, 0)], outlet_type=["w"]), area=area, types=TYPES)
    coverage = coverage_from(
        area, demand, outlets, settings=CoverageSettings(breaks=(5.0,), outlet_types=TYPES)
    )
    folder = tmp_path_factory.mktemp("dated")
    write_analysis(coverage, coverage_summary(coverage, area=area, demand=demand), folder)
    return {"area": area, "demand": demand, "coverage": coverage, "folder": folder}


def _map_date_cell(page: str, label: str) -> str:
    """The value beside ``label`` in the report's data-quality table."""
    found = re.findall(rf"<tr><th>{re.escape(label)}</th><td>(.*?)</td></tr>", page)
    assert len(found) == 1, found
    return html.unescape(found[0])


def test_summary_json_records_the_date_and_reads_it_back(run: dict[str, Any]) -> None:
    data = json.loads((run["folder"] / "summary.json").read_text(encoding="utf-8"))
    assert data["assumptions"]["data_date"] == {"day": "2021-06-12", "basis": "as_of"}
    read = read_results(run["folder"])
    assert read.coverage.assumptions.data_date == MapDataDate("2021-06-12", "as_of")


def test_the_method_chapter_shows_the_recorded_date(run: dict[str, Any]) -> None:
    results = read_results(run["folder"])
    zh = _map_date_cell(render_html(results, lang="zh"), "地图数据日期")
    assert zh == "2021-06-12（数据截至当日，据数据文件所记）"
    en = _map_date_cell(render_html(results, lang="en"), "Date of the map data")
    assert en == "2021-06-12 (the data as of that day, as the data file states)"
    live = results_of(run["coverage"], area=run["area"], demand=run["demand"])
    assert _map_date_cell(render_html(live, lang="zh"), "地图数据日期") == zh


@pytest.mark.parametrize(
    ("basis", "shown"),
    [
        ("newest_edit", "2020-02-29（数据中最新一次编辑的日期，数据至少新至当日）"),
        ("downloaded", "2020-02-29（在线下载数据的日期）"),
    ],
)
def test_each_basis_says_what_the_date_means(
    run: dict[str, Any], tmp_path: Path, basis: str, shown: str
) -> None:
    folder = Path(shutil.copytree(run["folder"], tmp_path / "out"))
    summary = folder / "summary.json"
    data = json.loads(summary.read_text(encoding="utf-8"))
    data["assumptions"]["data_date"] = {"day": "2020-02-29", "basis": basis}
    summary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    page = render_html(read_results(folder), lang="zh")
    assert _map_date_cell(page, "地图数据日期") == shown


def test_a_summary_written_before_the_date_reads_as_unknown(
    run: dict[str, Any], tmp_path: Path
) -> None:
    folder = Path(shutil.copytree(run["folder"], tmp_path / "old"))
    summary = folder / "summary.json"
    data = json.loads(summary.read_text(encoding="utf-8"))
    del data["assumptions"]["data_date"]
    summary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    results = read_results(folder)
    assert results.coverage.assumptions.data_date is None
    page = render_html(results, lang="zh")
    assert _map_date_cell(page, "地图数据日期") == "未记录（以下载数据的日期为准）"


def test_an_area_without_a_date_writes_none(run: dict[str, Any]) -> None:
    area = dataclasses.replace(run["area"], data_date=None)
    summary = coverage_summary(run["coverage"], area=area, demand=run["demand"])
    assert summary.assumptions.data_date is None
    assert "data_date" not in summary.assumptions.to_json()
