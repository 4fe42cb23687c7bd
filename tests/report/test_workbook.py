"""The Excel workbook handed to streets and communities, on real CLI outputs of the sample.

Every expectation is read from ``summary.json`` / ``siting.json`` (rounded to
whole people as the workbook shows them) or from the unit polygons of
``analysis.gpkg``, never computed with the workbook's own functions.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import geopandas as gpd
import openpyxl
import pytest
from shapely.geometry import Point

from servicecircle.report.street_pack import write_street_packs
from servicecircle.report.workbook import write_workbook
from servicecircle.results.folder import read_results
from tests.report.real_outputs import cli_outputs, read_json

SHEETS_ZH = [
    "汇总",
    "街道（乡镇）",
    "社区（村）",
    "服务缺口",
    "推荐新增网点",
    "现有网点",
    "计算假设",
]
SHEETS_EN = [
    "Summary",
    "Streets",
    "Communities",
    "Gaps",
    "Recommended sites",
    "Existing outlets",
    "Assumptions",
]
LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _key(minutes: float) -> str:
    return f"{minutes:g}"


@pytest.fixture(scope="module")
def books(outputs_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("workbook")
    results = read_results(outputs_dir)
    out = {}
    for lang in ("zh", "en"):
        path = write_workbook(results, folder / f"book_{lang}.xlsx", lang=lang)
        out[lang] = openpyxl.load_workbook(path)
    return out


def _rows(sheet: Any) -> tuple[list[str], list[dict[str, Any]]]:
    header = [c.value for c in sheet[1]]
    rows = [
        dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    return header, rows


def _cells(sheet: Any, column: str) -> list[Any]:
    header = [c.value for c in sheet[1]]
    at = header.index(column) + 1
    return [sheet.cell(row=r, column=at) for r in range(2, sheet.max_row + 1)]


#: The staffing sheets, present when measured (tests/report/test_workbook_staffing.py).
STAFFING_SHEETS = {
    *("人员配置（街道）", "网点负荷", "网点负荷（规划后）"),
    *("Staffing by street", "Outlet load", "Outlet load (plan)"),
}


def test_sheets_headers_frozen_and_widths(books: dict[str, Any]) -> None:
    assert [s for s in books["zh"].sheetnames if s not in STAFFING_SHEETS] == SHEETS_ZH
    assert [s for s in books["en"].sheetnames if s not in STAFFING_SHEETS] == SHEETS_EN
    for lang, book in books.items():
        for sheet in book:
            assert sheet.freeze_panes == "A2", sheet.title
            header = [c.value for c in sheet[1]]
            assert all(isinstance(h, str) and h for h in header)
            for i, _ in enumerate(header):
                letter = openpyxl.utils.get_column_letter(i + 1)
                assert sheet.column_dimensions[letter].width >= 4, (sheet.title, letter)
            for h in header:
                if lang == "zh":
                    assert CJK.search(h) and not LATIN.search(h), h
                else:
                    assert not CJK.search(h), h


def test_summary_totals_are_those_of_summary_json(
    books: dict[str, Any], outputs: dict[str, Any]
) -> None:
    summary = outputs["summary"]
    sheet = books["zh"]["汇总"]
    values = {
        row[0]: cell
        for row, cell in zip(
            sheet.iter_rows(min_row=2, values_only=True), sheet["B"][1:], strict=True
        )
    }
    assert values["研究区"].value == summary["study_area"]["name"]
    total = values["估算人口"]
    assert total.value == round(summary["population_total"])
    assert isinstance(total.value, int) and total.number_format == "#,##0"
    assert values["现有服务网点"].value == summary["n_outlets"]
    for minutes in summary["minutes"]:
        key = _key(minutes)
        covered = values[f"覆盖人口（{key} 分钟）"]
        assert covered.value == round(summary["population_covered"][key])
        uncovered = summary["population_total"] - summary["population_covered"][key]
        assert values[f"未覆盖人口（{key} 分钟）"].value == round(uncovered)
        share = values[f"覆盖率（{key} 分钟）"]
        assert share.value == pytest.approx(summary["coverage_share"][key])
        assert share.number_format == "0.0%"
    assert values["服务缺口数"].value == len(summary["gaps"])
    siting = outputs["siting"]
    assert values["推荐新增网点数"].value == len(siting["chosen"])
    assert values["现状覆盖率（按服务标准）"].value == pytest.approx(siting["share_before"])
    assert values["新增网点后覆盖率（按服务标准）"].value == pytest.approx(siting["share_after"])


def test_streets_and_communities_people_and_coverage_by_break(
    books: dict[str, Any], outputs: dict[str, Any]
) -> None:
    summary, siting = outputs["summary"], outputs["siting"]
    by_unit = {(u["level"], u["township"], u["name"]): u for u in siting["by_unit"]}
    for level, title, name_column in (
        ("township", "街道（乡镇）", "乡镇（街道）"),
        ("community", "社区（村）", "社区（村）"),
    ):
        sheet = books["zh"][title]
        _, rows = _rows(sheet)
        units = [u for u in summary["units"] if u["level"] == level]
        assert units, level
        shown = {row[name_column]: row for row in rows}
        for unit in units:
            row = shown[unit["name"]]
            assert row["人口"] == round(unit["people"])
            assert isinstance(row["人口"], int)
            if level == "community":
                assert row["乡镇（街道）"] == unit["township"]
            for minutes in summary["minutes"]:
                key = _key(minutes)
                assert row[f"现状覆盖人口（{key} 分钟）"] == round(unit["covered"][key])
                assert row[f"现状覆盖率（{key} 分钟）"] == pytest.approx(
                    unit["share"][key], abs=6e-4
                )
                assert 0 <= row[f"新增后覆盖率（{key} 分钟）"] <= 1
                assert (
                    row[f"新增后覆盖人口（{key} 分钟）"] >= row[f"现状覆盖人口（{key} 分钟）"] - 1
                )
            standard = by_unit[
                (level, unit["township"] if level == "community" else None, unit["name"])
            ]
            assert row["现状覆盖人口（按服务标准）"] == round(standard["covered_before"])
            assert row["新增后覆盖人口（按服务标准）"] == round(standard["covered_after"])
        for column in [c for c in rows[0] if "覆盖率" in c]:
            assert all(cell.number_format == "0.0%" for cell in _cells(sheet, column))
        for column in [c for c in rows[0] if "人口" in c and "覆盖率" not in c]:
            assert all(cell.number_format == "#,##0" for cell in _cells(sheet, column))
    streets = _rows(books["zh"]["街道（乡镇）"])[1]
    assert sum(r["人口"] for r in streets) == pytest.approx(
        summary["population_total"], abs=len(streets)
    )


def test_gaps_sites_and_outlets(
    books: dict[str, Any], outputs: dict[str, Any], outputs_dir: Path
) -> None:
    summary, siting = outputs["summary"], outputs["siting"]
    gaps = _rows(books["zh"]["服务缺口"])[1]
    assert [g["序号"] for g in gaps] == [g["rank"] for g in summary["gaps"]]
    assert [g["人口"] for g in gaps] == [round(g["people"]) for g in summary["gaps"]]
    assert [g["最近道路"] for g in gaps] == [g["road"] for g in summary["gaps"]]
    sites = _rows(books["zh"]["推荐新增网点"])[1]
    chosen = sorted(siting["chosen"], key=lambda c: c["rank"])
    assert [s["序号"] for s in sites] == [c["rank"] for c in chosen]
    assert [s["新覆盖人口"] for s in sites] == [round(c["newly_covered"]) for c in chosen]
    assert all(s["名称"].startswith("新增网点") for s in sites)
    assert [s["最近道路"] for s in sites] == [c["road"] for c in chosen]
    for site, record in zip(sites, chosen, strict=True):
        for key, people in record["newly_by_break"].items():
            assert site[f"{key} 分钟内新覆盖人口"] == round(people)
    units = gpd.read_file(outputs_dir / "analysis.gpkg", layer="units")
    townships = units[units["level"] == "township"]
    for site, record in zip(sites, chosen, strict=True):
        point = Point(record["lon"], record["lat"])
        inside = townships[townships.intersects(point)]["name"].tolist()
        assert site["乡镇（街道）"] in inside
    outlets = _rows(books["zh"]["现有网点"])[1]
    assert len(outlets) == summary["n_outlets"]
    assert all(o["出行方式"] and not LATIN.search(o["出行方式"]) for o in outlets)


def test_assumptions_sheet_says_the_run_in_chinese(
    books: dict[str, Any], outputs: dict[str, Any]
) -> None:
    _, rows = _rows(books["zh"]["计算假设"])
    sections = {r["类别"] for r in rows}
    assert {"假设与参数", "出行速度", "分析参数", "选址求解"} <= sections
    assert any(r["取值"] == outputs["summary"]["study_area"]["name"] for r in rows)


def test_without_a_siting_run(tmp_path_factory: pytest.TempPathFactory) -> None:
    run = cli_outputs(tmp_path_factory, ("analyze", "sample"))
    summary = read_json(run / "summary.json")
    results = read_results(run)
    assert results.siting is None
    book = openpyxl.load_workbook(write_workbook(results, run / "book.xlsx", lang="zh"))
    header, streets = _rows(book["街道（乡镇）"])
    assert not [h for h in header if "新增" in h]
    townships = [u for u in summary["units"] if u["level"] == "township"]
    for unit in townships:
        row = next(r for r in streets if r["乡镇（街道）"] == unit["name"])
        for minutes in summary["minutes"]:
            key = _key(minutes)
            assert row[f"覆盖人口（{key} 分钟）"] == round(unit["covered"][key])
    assert book["推荐新增网点"].max_row == 1  # the header only
    if shutil.which("pdftotext") is None:
        return  # the street pack's text needs poppler-utils
    pdfs = write_street_packs(results, run / "packs", lang="zh")
    assert len(pdfs) == len(townships)
    text = subprocess.run(["pdftotext", str(pdfs[0]), "-"], capture_output=True, text=True).stdout
    assert "本次结果未包含选址方案" in re.sub(r"\s+", "", text)
