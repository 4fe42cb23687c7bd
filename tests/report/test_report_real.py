"""The siting report on real outputs: the CLI's numbers reach the Chinese and English PDFs.

Runs ``servicecircle site`` (which also writes the analysis) on the embedded
sample, and on Liechtenstein when the shared data is present, builds the
report in both languages, extracts the PDF text with ``pdftotext`` and looks
for every heading and the numbers of ``summary.json`` and ``siting.json``,
formatted as the report formats them. The Chinese PDF's pages are kept as
PNG files in ``test-artifacts/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from servicecircle.i18n import t
from servicecircle.i18n.labels import class_label, status_label
from servicecircle.planning import explain
from servicecircle.planning.naming import site_label
from servicecircle.report import build_report
from servicecircle.report.formatting import by_break, fmt_objective, fmt_people, fmt_share
from servicecircle.report.siting_tables import site_reasons_text
from servicecircle.report.strings import text
from servicecircle.results.folder import read_results
from servicecircle.results.schema import ChosenSite, SitingSummary
from tests.report.real_outputs import SAMPLE_SITE, cli_outputs, read_json

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
LIECHTENSTEIN = REPO.parent / "shared" / "data" / "liechtenstein-2013-08-03.osm.pbf"

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) not installed",
)

HEADINGS = (
    "report.title",
    "doc.toc",
    "doc.section.summary",
    "doc.section.policy",
    "doc.section.area",
    "doc.section.coverage",
    "doc.section.outlets",
    "doc.section.units",
    "doc.section.gaps",
    "doc.section.plan",
    "doc.section.after",
    "doc.section.method",
    "doc.section.conclusions",
    "assumptions.title",
    "assumptions.speeds",
    "assumptions.outlet_types",
    "assumptions.population",
    "assumptions.analysis",
    "assumptions.sources",
    "coverage.by_break",
    "coverage.by_class",
    "units.township",
    "sites.curve",
    "sites.curve_table",
    "sites.before_after",
    "sites.before_after_units",
    "doc.dq.title",
    "doc.method.technical",
)


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", value)


def _has_number(page_text: str, number: str) -> bool:
    """``number`` (as formatted) stands on its own: no digit glued before or after."""
    pattern = rf"(?<![\d.,]){re.escape(number)}(?![\d])"
    return re.search(pattern, page_text) is not None


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def _build(folder: Path) -> dict[str, Any]:
    """Build the zh and en PDF (and HTML) reports; return their texts and the JSON files."""
    out: dict[str, Any] = {
        "summary": read_json(folder / "summary.json"),
        "siting": read_json(folder / "siting.json"),
    }
    for lang in ("zh", "en"):
        html, pdf = build_report(read_results(folder), folder, lang=lang, formats=("html", "pdf"))
        assert html.name == f"report_{lang}.html" and pdf.name == f"report_{lang}.pdf"
        out[lang] = _pdf_text(pdf)
        out[f"{lang}_pdf"] = pdf
    return out


def _check_report(report: dict[str, Any], lang: str) -> None:
    page_text = report[lang]
    flat = _squash(page_text)
    summary, siting = report["summary"], report["siting"]

    def has(number: str, what: str) -> None:
        assert _has_number(page_text, number), f"{what}: {number!r} not in the {lang} PDF"

    for key in HEADINGS:
        assert _squash(t(f"report.{key}", lang)) in flat, key
    if any(u["level"] == "community" for u in summary["units"]):
        assert _squash(t("report.units.community", lang)) in flat

    # coverage today
    main = max(float(m) for m in summary["minutes"])
    has(fmt_people(summary["population_total"]), "population")
    for key, share in summary["coverage_share"].items():
        has(fmt_share(share), f"share at {key} min")
        has(fmt_people(summary["population_covered"][key]), f"covered at {key} min")
    has(fmt_share(summary["standard"]["share"]), "share by the service standard")
    has(fmt_people(summary["unreachable_people"]), "unreachable people")
    for name, entry in summary["by_class"].items():
        assert _squash(class_label(name, lang)) in flat, name
        has(fmt_people(by_break(entry["covered"], main)), f"{name} covered")
    for unit in summary["units"]:
        assert _squash(str(unit["name"])) in flat, unit["name"]
        has(fmt_share(by_break(unit["share"], main)), f"share of {unit['name']}")
    for gap in summary["gaps"][:5]:
        has(fmt_people(gap["people"]), f"gap {gap['rank']}")

    # assumptions: speeds, the population formula's parameters, the data attribution
    for mode, kmh in summary["assumptions"]["speeds_kmh"].items():
        has(f"{kmh:g}", f"speed of {mode}")
    has(f"{summary['assumptions']['demand']['m2_per_person']:g}", "m² per person")
    has(f"{summary['assumptions']['demand']['usable_share']:g}", "usable share")
    osm = "© OpenStreetMap 贡献者" if lang == "zh" else "© OpenStreetMap contributors"
    assert _squash(osm) in flat

    # recommended sites in build order, with the people each newly covers and why;
    # a site that newly covers nobody is not recommended
    chosen = [site for site in siting["chosen"] if site["newly_covered"] > 0.5]
    newly = sum(site["newly_covered"] for site in chosen)
    headline = text(
        "sites.summary",
        lang,
        n=len(chosen),
        people=fmt_people(newly),
        before=fmt_share(siting["share_before"]),
        after=fmt_share(siting["share_after"]),
    )
    assert _squash(headline) in flat, headline
    positions = []
    for site in chosen:
        has(fmt_people(site["newly_covered"]), f"site {site['rank']} newly covered")
        # 新增网点 3（花径路）: a narrow cell may wrap the place onto lines of its own
        label = site_label(site["rank"], None, lang)
        assert _squash(label) in flat, label
        assert _squash(str(site["name"]))[:6] in flat, site["name"]
        first_reason = site_reasons_text(ChosenSite.from_json(site), lang).split(
            t("explain.sep", lang)
        )[0]
        positions.append(flat.index(_squash(first_reason)))
    assert positions == sorted(positions), "sites listed in build order"
    for point in siting["curve"]:
        has(fmt_share(point["share"]), f"curve at {point['n_new']}")
    for name, after in siting["coverage_after"].items():
        has(fmt_share(after["covered"] / after["total"]), f"{name} after")
    for unit in siting["by_unit"]:
        has(fmt_share(unit["share_after"]), f"{unit['name']} after")

    # method notes: model, objective, bound, gap; the solver's result said once
    model = siting["solver_model"]
    statement = getattr(explain, "solver_statement", None)
    if statement is not None:
        said = _squash(statement(SitingSummary.from_json(siting), lang))
        assert flat.count(said) == 1, said
    else:
        assert flat.count(_squash(status_label(siting["status"], lang))) == 1
    assert "MCLP" in page_text
    has(fmt_objective(siting["objective"], model), "objective")
    has(fmt_objective(siting["bound"], model), "bound")
    has(fmt_share(siting["gap"], digits=2), "gap")


def _keep_pages(pdf: Path, stem: str) -> list[Path]:
    """Render the PDF's pages to ``test-artifacts/<stem>-N.png``."""
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob(f"{stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(ARTIFACTS / stem)], check=True)
    return sorted(ARTIFACTS.glob(f"{stem}-*.png"))


def _check_fonts_and_pages(pdf: Path, stem: str) -> None:
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True)
    assert "CJK" in fonts.stdout, fonts.stdout  # Chinese glyphs come from an embedded CJK font
    pages = _keep_pages(pdf, stem)
    assert len(pages) >= 5
    assert all(page.stat().st_size > 10_000 for page in pages)


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _build(cli_outputs(tmp_path_factory, SAMPLE_SITE))


@pytest.fixture(scope="module")
def liechtenstein_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not LIECHTENSTEIN.is_file():
        pytest.skip(f"shared data not present: {LIECHTENSTEIN}")
    args = ("site", str(LIECHTENSTEIN), "--outlets", "osm", "--new", "10")
    return _build(cli_outputs(tmp_path_factory, args))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sample_report_has_every_heading_and_number(
    sample_report: dict[str, Any], lang: str
) -> None:
    _check_report(sample_report, lang)


def test_sample_chinese_pdf_renders_with_a_cjk_font(sample_report: dict[str, Any]) -> None:
    _check_fonts_and_pages(sample_report["zh_pdf"], "report_sample_zh")
    # the sample's numbers, as a planner reads them on page 1
    assert "在 15 分钟内可到达服务网点的人口为" in sample_report["zh"]
    assert "最大覆盖模型（MCLP）" in sample_report["zh"]


@pytest.mark.shared_data
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_liechtenstein_report_has_every_heading_and_number(
    liechtenstein_report: dict[str, Any], lang: str
) -> None:
    _check_report(liechtenstein_report, lang)


@pytest.mark.shared_data
def test_liechtenstein_chinese_pdf_renders_with_a_cjk_font(
    liechtenstein_report: dict[str, Any],
) -> None:
    _check_fonts_and_pages(liechtenstein_report["zh_pdf"], "report_liechtenstein_zh")
    # people outside every municipality's boundary get their own row
    assert _squash(t("report.units.outside", "zh")) in _squash(liechtenstein_report["zh"])
