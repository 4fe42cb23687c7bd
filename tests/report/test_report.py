"""The siting report: every heading and number reaches the PDF, names are escaped, CJK renders.

The Chinese PDF's pages are rendered to ``test-artifacts/`` (git-ignored) for
a human to look at.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from servicecircle.errors import InputDataError
from servicecircle.report import build_report, load_outputs, render_html, strings_en, strings_zh
from tests.report.outputs_fixture import HOSTILE, build_outputs

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) not installed",
)

SECTIONS = (
    "section.area",
    "section.coverage",
    "section.units",
    "section.gaps",
    "section.sites",
    "section.method",
)


def _people(x: float) -> str:
    return f"{x:,.0f}"


def _share(x: float) -> str:
    return f"{100 * x:.1f}%"


def _pdf_text(pdf: Path) -> str:
    out = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def zh_report(outputs_dir: Path) -> list[Path]:
    return build_report(outputs_dir, lang="zh", formats=("html", "pdf"))


@needs_poppler
def test_chinese_pdf_has_every_heading_and_number(
    zh_report: list[Path], outputs: dict[str, Any]
) -> None:
    html_path, pdf_path = zh_report
    assert html_path.name == "report_zh.html" and pdf_path.name == "report_zh.pdf"
    text = _pdf_text(pdf_path)
    flat = _squash(text)
    for key in (
        *SECTIONS,
        "report.title",
        "coverage.by_break",
        "coverage.by_class",
        "units.township",
        "units.community",
        "sites.curve",
    ):
        assert _squash(strings_zh.STRINGS[key]) in flat, key

    summary, siting = outputs["summary"], outputs["siting"]
    assert _people(summary["population_total"]) in text
    for key, covered in summary["population_covered"].items():
        assert _people(covered) in text, f"covered at {key} min"
        assert _share(summary["coverage_share"][key]) in text
    for klass, entry in summary["by_class"].items():
        assert strings_zh.CLASSES[klass] in text
        assert _people(entry["covered"]["15"]) in text
    for gap in summary["gaps"][:5]:
        assert _people(gap["people"]) in text
    assert _people(summary["must_cover_uncovered"][0]["people"]) in text
    # assumptions and sources
    assert "4 km/h" in text and "33" in text and "0.8" in text
    assert "CRS not stated; taken as WGS-84" in text
    assert "© OpenStreetMap contributors" in text
    # recommended sites in build order, with reasons and people newly covered
    positions = []
    for site in siting["chosen"]:
        assert _people(site["newly_covered"]) in text
        # table cells may wrap (and pdftotext interleaves wrapped cells): match the start
        positions.append(flat.index(_squash(site["name"])[:6]))
        assert _squash(site["reasons"][0]) in flat
    assert positions == sorted(positions), "sites listed in build order"
    # method notes
    assert "MCLP" in text
    assert _people(siting["bound"]) in text
    assert _people(siting["objective"]) in text
    assert "0.42%" in text
    assert strings_zh.STATUS["time_limit"] in text
    # per-unit tables go back to townships and communities, hostile names as plain text
    assert _squash(HOSTILE) in flat
    assert "移民安置点社区" in text and "东门社区" in text


@needs_poppler
def test_chinese_pdf_embeds_a_cjk_font_and_renders(zh_report: list[Path]) -> None:
    pdf = zh_report[1]
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    assert "CJK" in fonts, fonts
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("report_zh-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", str(pdf), str(ARTIFACTS / "report_zh")], check=True
    )
    pages = sorted(ARTIFACTS.glob("report_zh-*.png"))
    assert len(pages) >= 4
    assert all(p.stat().st_size > 10_000 for p in pages)


def test_html_escapes_untrusted_names(zh_report: list[Path]) -> None:
    html = zh_report[0].read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(" in html
    assert "示例县城 &lt;b&gt;Sample&lt;/b&gt;" in html
    assert "&lt;i&gt;站&lt;/i&gt;" in html and "<i>站</i>" not in html
    assert html.count("data:image/png;base64,") == 4  # coverage, gaps, sites, curve
    assert "http://" not in html and "https://" not in html  # self-contained, offline


def test_english_report_html_only(outputs_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    shutil.copytree(outputs_dir, folder)
    written = build_report(folder, lang="en", formats=["html"])
    assert written == [folder / "report_en.html"]
    html = written[0].read_text(encoding="utf-8")
    for key in SECTIONS:
        assert strings_en.STRINGS[key] in html
    assert "relocation / resettlement area" in html
    assert not (folder / "report_en.pdf").exists()


def test_report_without_siting_and_with_a_minimal_summary(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    build_outputs(folder, with_siting=False)
    html = build_report(folder, lang="zh", formats=["html"])[0].read_text(encoding="utf-8")
    assert strings_zh.STRINGS["sites.none"] in html
    # a bare summary.json (only the fixed keys) still gives a report
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    for key in ("assumptions", "study_area", "must_cover_uncovered", "gaps", "by_class"):
        summary.pop(key)
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    (folder / "analysis.gpkg").unlink()
    html = build_report(folder, lang="en", formats=["html"])[0].read_text(encoding="utf-8")
    assert "© OpenStreetMap contributors" in html
    assert strings_en.STRINGS["gaps.none"] in html
    assert strings_en.STRINGS["units.none"] in html


def test_render_html_matches_the_files(outputs_dir: Path) -> None:
    html = render_html(load_outputs(outputs_dir), lang="en")
    assert html.startswith("<!DOCTYPE html>")
    assert "15-minute employment service circle" in html


def test_bad_requests(tmp_path: Path, outputs_dir: Path) -> None:
    with pytest.raises(InputDataError, match="summary.json"):
        build_report(tmp_path, lang="zh")
    with pytest.raises(InputDataError, match="html and/or pdf"):
        build_report(outputs_dir, formats=["docx"])
    with pytest.raises(ValueError, match="zh, en"):
        build_report(outputs_dir, lang="fr")
