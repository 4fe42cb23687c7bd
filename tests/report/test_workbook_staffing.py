"""The workbook's staffing sheets and the street packs' staffing line, on the sample's real runs.

Every expectation is read from ``summary.json`` (its ``accessibility`` and
``tiers`` records), rounded as the workbook shows people; never computed
with the workbook's own functions.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from servicecircle.report.street_pack import write_street_packs
from servicecircle.report.workbook import write_workbook
from servicecircle.results.folder import read_results
from tests.report.real_outputs import cli_outputs, copy_outputs, read_json, write_json

LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def analysis(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``servicecircle analyze sample`` (staff per 10,000 and tiers measured)."""
    return cli_outputs(tmp_path_factory, ("analyze", "sample"))


@pytest.fixture(scope="module")
def books(analysis: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("workbook_staffing")
    results = read_results(analysis)
    return {
        lang: openpyxl.load_workbook(write_workbook(results, folder / f"{lang}.xlsx", lang=lang))
        for lang in ("zh", "en")
    }


def _table(sheet: Any) -> tuple[list[str], list[dict[str, Any]], list[list[Any]]]:
    """Header, rows as dicts of values, and rows of cells (for number formats)."""
    header = [c.value for c in sheet[1]]
    cells = [list(row) for row in sheet.iter_rows(min_row=2)]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in cells]
    return header, rows, cells


def test_the_sheets_come_after_the_outlets_with_chinese_frozen_headers(
    books: dict[str, Any],
) -> None:
    names = books["zh"].sheetnames
    assert names[names.index("现有网点") + 1 : names.index("计算假设")] == [
        "人员配置（街道）",
        "网点负荷",
    ]
    en = books["en"].sheetnames
    assert en[en.index("Existing outlets") + 1 : en.index("Assumptions")] == [
        "Staffing by street",
        "Outlet load",
    ]
    for lang, titles in (
        ("zh", ["人员配置（街道）", "网点负荷"]),
        ("en", ["Staffing by street", "Outlet load"]),
    ):
        for title in titles:
            sheet = books[lang][title]
            assert sheet.freeze_panes == "A2"
            for i, header in enumerate(c.value for c in sheet[1]):
                letter = openpyxl.utils.get_column_letter(i + 1)
                assert sheet.column_dimensions[letter].width >= len(str(header)) / 2
                if lang == "zh":
                    assert CJK.search(header) and not LATIN.search(header), header
                else:
                    assert not CJK.search(header), header


def test_street_totals_equal_summary_json(books: dict[str, Any], analysis: Path) -> None:
    summary = read_json(analysis / "summary.json")
    access, tiers = summary["accessibility"], summary["tiers"]
    _, rows, cells = _table(books["zh"]["人员配置（街道）"])
    whole = rows[0]
    assert whole["乡镇（街道）"] == "全区"
    assert whole["人口"] == round(access["people"]) == round(summary["population_total"])
    assert whole["每万人工作人员（两步移动搜索法）"] == pytest.approx(access["staff_per_10k"])
    assert whole["每万人工作人员（增强两步移动搜索法）"] == pytest.approx(
        access["staff_per_10k_e2sfca"]
    )
    assert whole["能力内可服务人口"] == round(access["served"])
    assert whole["服务圈内但超出能力人口"] == round(access["over_capacity"])
    assert whole["服务圈外人口"] == round(access["out_of_reach"])
    assert whole["能力内可服务比例"] == pytest.approx(access["served"] / access["people"])
    by_tier = {share["tier"]: share["share"] for share in tiers["tiers"]}
    assert whole["社区（村）级覆盖比例"] == pytest.approx(by_tier["community"])
    townships = [u for u in access["units"] if u["level"] == "township"]
    grades = {g["township"]: g for g in tiers["townships"]}
    assert [r["乡镇（街道）"] for r in rows[1:]] == [u["unit"] for u in townships]
    for row, unit in zip(rows[1:], townships, strict=True):
        assert row["人口"] == round(unit["people"])
        assert row["每万人工作人员（两步移动搜索法）"] == pytest.approx(unit["staff_per_10k"])
        assert row["能力内可服务人口"] == round(unit["served"])
        assert row["服务圈外人口"] == round(unit["out_of_reach"])
        assert row["评级"] == grades[unit["unit"]]["grade"]
        assert row["社区（村）级覆盖比例"] == pytest.approx(
            grades[unit["unit"]]["shares"]["community"]
        )
    assert sum(r["人口"] for r in rows[1:]) == pytest.approx(whole["人口"], abs=len(townships))
    header = [c.value for c in books["zh"]["人员配置（街道）"][1]]
    formats = {header[i]: cells[0][i].number_format for i in range(len(header))}
    assert formats["人口"] == "#,##0" and formats["能力内可服务人口"] == "#,##0"
    assert formats["每万人工作人员（两步移动搜索法）"] == "0.0"
    assert formats["能力内可服务比例"] == "0.0%" and formats["社区（村）级覆盖比例"] == "0.0%"


def test_every_outlet_heaviest_first_adds_up_to_the_summary(
    books: dict[str, Any], analysis: Path
) -> None:
    summary = read_json(analysis / "summary.json")
    access = summary["accessibility"]
    _, rows, cells = _table(books["zh"]["网点负荷"])
    assert len(rows) == summary["n_outlets"] == len(access["outlets"])
    assert [r["网点"] for r in rows] == [o["name"] for o in access["outlets"]]
    loads = [r["每名工作人员对应服务圈内人口"] for r in rows]
    assert loads == sorted(loads, reverse=True)
    assert sum(r["工作人员"] for r in rows) == round(access["staff"])
    assert sum(r["可服务人数"] for r in rows) == round(access["capacity"])
    assert sum(r["能力内服务人数"] for r in rows) == pytest.approx(access["served"], abs=len(rows))
    for row, outlet in zip(rows, access["outlets"], strict=True):
        assert row["服务圈内人口"] == round(outlet["catchment_people"])
        assert row["能力利用率"] == pytest.approx(outlet["utilisation"])
        assert row["层级"] == "社区（村）级" and row["人员数来源"] == "按类型标准"
        assert row["网点类型"] and not LATIN.search(row["网点类型"])
    header = [c.value for c in books["zh"]["网点负荷"][1]]
    assert cells[0][header.index("能力利用率")].number_format == "0.0%"
    assert cells[0][header.index("服务圈内人口")].number_format == "#,##0"


def test_older_summaries_leave_the_sheets_out(analysis: Path, tmp_path: Path) -> None:
    folder = copy_outputs(analysis, tmp_path / "old")
    summary = read_json(folder / "summary.json")
    del summary["accessibility"]
    write_json(summary, folder / "summary.json")
    book = openpyxl.load_workbook(write_workbook(read_results(folder), tmp_path / "a.xlsx"))
    assert "网点负荷" not in book.sheetnames
    header, rows, _ = _table(book["人员配置（街道）"])  # the grades only
    assert header == [
        "乡镇（街道）",
        "人口",
        "社区（村）级覆盖比例",
        "街道（乡镇）级覆盖比例",
        "评级",
    ]
    assert [r["评级"] for r in rows[1:]] == [g["grade"] for g in summary["tiers"]["townships"]]
    del summary["tiers"]
    write_json(summary, folder / "summary.json")
    book = openpyxl.load_workbook(write_workbook(read_results(folder), tmp_path / "b.xlsx"))
    assert not {"人员配置（街道）", "网点负荷"} & set(book.sheetnames)
    assert book.sheetnames[-1] == "计算假设"


def test_after_a_plan_today_and_after_side_by_side(outputs_dir: Path, tmp_path: Path) -> None:
    """The sample's ``site`` run: 新增后 columns and 网点负荷（规划后） from after_plan."""
    effect = read_json(outputs_dir / "siting.json")["after_plan"]
    before, after = effect["accessibility_before"], effect["accessibility_after"]
    book = openpyxl.load_workbook(write_workbook(read_results(outputs_dir), tmp_path / "s.xlsx"))
    names = book.sheetnames
    assert names[names.index("人员配置（街道）") :][:3] == [
        "人员配置（街道）",
        "网点负荷",
        "网点负荷（规划后）",
    ]
    _, rows, _ = _table(book["人员配置（街道）"])
    whole = rows[0]
    assert whole["现状能力内可服务人口"] == round(before["served"])
    assert whole["新增后能力内可服务人口"] == round(after["served"])
    assert whole["新增后服务圈外人口"] == round(after["out_of_reach"])
    assert whole["新增后每万人工作人员（两步移动搜索法）"] == pytest.approx(after["staff_per_10k"])
    later = {u["unit"]: u for u in after["units"] if u["level"] == "township"}
    grades = {g["township"]: g["grade"] for g in effect["tiers_after"]["townships"]}
    for row in rows[1:]:
        unit = later[row["乡镇（街道）"]]
        assert row["新增后能力内可服务人口"] == round(unit["served"])
        assert row["新增后评级"] == grades[row["乡镇（街道）"]]
    _, outlets, _ = _table(book["网点负荷（规划后）"])
    assert (
        len(outlets) == len(after["outlets"]) == len(before["outlets"]) + len(effect["new_sites"])
    )
    assert sum(r["工作人员"] for r in outlets) == round(after["staff"])
    assert sum(r["可服务人数"] for r in outlets) == round(after["capacity"])
    new = [r["网点"] for r in outlets if r["网点"].startswith("新增网点")]
    assert len(new) == len(effect["new_sites"])
    _, today, _ = _table(book["网点负荷"])
    assert sum(r["工作人员"] for r in today) == round(before["staff"])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_each_street_pack_says_its_staff_per_10k_and_grade(analysis: Path, tmp_path: Path) -> None:
    summary = read_json(analysis / "summary.json")
    townships = {
        u["unit"]: u for u in summary["accessibility"]["units"] if u["level"] == "township"
    }
    grades = {g["township"]: g["grade"] for g in summary["tiers"]["townships"]}
    pdfs = write_street_packs(read_results(analysis), tmp_path / "packs", lang="zh")
    assert len(pdfs) == len(townships)
    for pdf in pdfs:
        pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert re.search(r"Pages:\s+1\b", pages), pdf.name  # still one page
        flat = re.sub(
            r"\s+",
            "",
            subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout,
        )
        name = next(n for n in townships if flat.startswith(re.sub(r"\s+", "", n)))
        unit = townships[name]
        assert f"每万名居民可达工作人员{unit['staff_per_10k']:.1f}人" in flat
        assert f"能力内可服务{unit['served'] / unit['people']:.1%}" in flat
        assert f"分级覆盖评级：{grades[name]}级" in flat


def test_key_groups_and_equity_sheets_equal_summary_json(grouped: Path, tmp_path: Path) -> None:
    summary = read_json(grouped / "summary.json")
    record = summary["groups"]
    book = openpyxl.load_workbook(write_workbook(read_results(grouped), tmp_path / "g.xlsx"))
    names = book.sheetnames
    assert names[names.index("重点群体") :] == ["重点群体", "群体公平性", "计算假设"]
    header, rows, cells = _table(book["重点群体"])
    assert all(CJK.search(h) and not LATIN.search(h) for h in header), header
    main = f"{max(summary['minutes']):g}"
    totals = [r for r in rows if r["乡镇（街道）"] == "全区"]
    assert [r["群体"] for r in totals] == [
        "全体常住人口",
        "60岁及以上老年人",
        "登记失业人员",
        "外出务工及返乡人员",
        "高校毕业生",
    ]
    for row, group in zip(totals, record["groups"], strict=True):
        assert row["人口"] == round(group["people"])
        assert row[f"{main} 分钟覆盖比例"] == pytest.approx(group["shares"][main])
        assert row["按服务标准覆盖比例"] == pytest.approx(group["shares"]["standard"])
        assert row["每万人工作人员（两步移动搜索法）"] == pytest.approx(group["staff_per_10k"])
        parts = row["能力内可服务人口"] + row["服务圈内但超出能力人口"] + row["服务圈外人口"]
        assert parts == pytest.approx(row["人口"], abs=2)
        gap = row[f"与全体差距（百分点，{main} 分钟）"]
        if group["group"] == "everyone":
            assert gap is None
        else:
            assert gap == pytest.approx(group["gap_pp"][main])
    assert totals[0]["人口"] == round(summary["population_total"])
    assert len(rows) == len(record["groups"]) + len(record["areas"])
    communities = [r for r in rows if r["社区（村）"] and r["群体"] == "60岁及以上老年人"]
    assert sum(r["人口"] for r in communities) == pytest.approx(1480, abs=len(communities))
    formats = dict(zip(header, (c.number_format for c in cells[0]), strict=True))
    assert formats["人口"] == "#,##0" and formats["按服务标准覆盖比例"] == "0.0%"
    assert formats["每万人工作人员（两步移动搜索法）"] == "0.0"
    equity = {row[0].value: row[1] for row in book["群体公平性"].iter_rows(min_row=2)}
    assert equity["每万人工作人员的基尼系数（按常住人口加权）"].value == pytest.approx(
        record["gini_weighted"]
    )
    assert equity["每万人工作人员的基尼系数（按常住人口加权）"].number_format == "0.000"
    assert equity["计算基尼系数的社区（村）数"].value == record["gini_areas"]
    widest = next(w for w in record["widest"] if w["minutes"] == float(main))
    assert equity[f"{main} 分钟覆盖比例最高与最低相差（百分点）"].value == pytest.approx(
        widest["gap_pp"]
    )
