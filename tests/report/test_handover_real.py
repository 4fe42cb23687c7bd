"""Workbook and street packs on Liechtenstein (``../shared/data``; skipped when absent).

The site run is the one ``test_report_real.py`` makes (shared within a test
session). Liechtenstein's eleven municipalities are its townships, without
communities: every pack is one page naming its municipality and its people,
and the workbook's streets add up to ``summary.json``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from servicecircle.cli import main
from tests.report.real_outputs import cli_outputs, read_json

LIECHTENSTEIN = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "liechtenstein-2013-08-03.osm.pbf"
)
ARGS = ("site", str(LIECHTENSTEIN), "--outlets", "osm", "--new", "10")

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler-utils (pdftotext, pdfinfo) not installed",
)


@pytest.fixture(scope="module")
def handed_over(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not LIECHTENSTEIN.is_file():
        pytest.skip(f"shared data not present: {LIECHTENSTEIN}")
    run = cli_outputs(tmp_path_factory, ARGS)
    out = tmp_path_factory.mktemp("handover_li")
    assert main(["-q", "handover", str(run), "--out", str(out)]) == 0
    return {
        "summary": read_json(run / "summary.json"),
        "siting": read_json(run / "siting.json"),
        "book": openpyxl.load_workbook(next(out.glob("*_工作簿.xlsx"))),
        "pdfs": {p.stem: p for p in out.glob("*_街道资料/*.pdf")},
    }


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def test_every_municipality_has_one_page_with_its_people(handed_over: dict[str, Any]) -> None:
    townships = [u for u in handed_over["summary"]["units"] if u["level"] == "township"]
    assert len(townships) >= 5
    pdfs = handed_over["pdfs"]
    assert sorted(pdfs) == sorted(u["name"] for u in townships)
    largest = f"{max(handed_over['summary']['minutes']):g}"
    for unit in townships:
        pdf = pdfs[unit["name"]]
        pages = re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(pdf)), flags=re.MULTILINE)
        assert pages and pages.group(1) == "1", unit["name"]
        text = re.sub(r"\s+", "", _run("pdftotext", str(pdf), "-"))
        assert unit["name"] in text
        assert f"{unit['people']:,.0f}" in text
        assert f"{unit['covered'][largest]:,.0f}" in text
        assert "本乡镇（街道）没有社区（村）边界数据" in text
        gaps = [g for g in handed_over["summary"]["gaps"] if g["township"] == unit["name"]]
        if len(gaps) > 8:  # more than the largest page shows: counted in a note
            assert "项未列出" in text
        for gap in gaps[:2]:
            assert f"{gap['people']:,.0f}" in text


def test_workbook_streets_add_up_to_summary_json(handed_over: dict[str, Any]) -> None:
    summary = handed_over["summary"]
    sheet = handed_over["book"]["街道（乡镇）"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert sum(r["人口"] for r in rows) == pytest.approx(summary["population_total"], abs=len(rows))
    for minutes in summary["minutes"]:
        key = f"{minutes:g}"
        column = f"现状覆盖人口（{key} 分钟）"
        assert sum(r[column] for r in rows) == pytest.approx(
            summary["population_covered"][key], abs=len(rows)
        )
    summary_sheet = {r[0]: r[1] for r in handed_over["book"]["汇总"].iter_rows(values_only=True)}
    assert summary_sheet["估算人口"] == round(summary["population_total"])
    sites = handed_over["book"]["推荐新增网点"]
    assert sites.max_row - 1 == len(handed_over["siting"]["chosen"])
