"""The report as a document: cover, contents, executive summary, sites' places, clean pages.

Builds the zh and en PDF of the sample's ``servicecircle site`` outputs
(``tests/report/conftest.py``) and reads them with ``pdftotext``, page by
page: the executive summary holds the headline numbers of ``summary.json``
and ``siting.json`` (computed here from the JSON, formatted as the report
formats numbers), every recommended site's street and community are in its
section, the Chinese report shows no internal keys or paths, no page is
blank and the contents list every chapter with its page. The Chinese pages
are kept as PNG files in ``test-artifacts/``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from servicecircle.i18n import t
from servicecircle.i18n.labels import class_label
from servicecircle.planning.naming import site_label
from servicecircle.report import build_report, render_html
from servicecircle.report.document import CHAPTERS
from servicecircle.report.formatting import fmt_people, fmt_share
from servicecircle.results.folder import read_results
from tests.report.real_outputs import copy_outputs, read_json, write_json

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
BUREAU = "<b>示例区人力资源和社会保障局</b>"

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler-utils (pdftotext, pdfinfo) not installed",
)

#: Latin words a Chinese report may show: units, names of standards, tools and data licences,
#: and the A-E grades of the townships' tier coverage.
ALLOWED_LATIN = {"MCLP", "HiGHS", "OpenStreetMap", "OSM", "ODbL", "servicecircle", "km", "m"}
ALLOWED_LATIN |= set("ABCDE")


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", value)


def _pages(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    count = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for n in range(1, count + 1)
    ]


@pytest.fixture(scope="module")
def reports(outputs_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The sample's zh and en PDFs (with a bureau on the cover), as text per page."""
    out = tmp_path_factory.mktemp("report_document")
    results = read_results(outputs_dir)
    found: dict[str, Any] = {"folder": outputs_dir}
    for lang in ("zh", "en"):
        (pdf,) = build_report(results, out, lang=lang, formats=["pdf"], bureau=BUREAU)
        found[lang] = _pages(pdf)
        found[f"{lang}_pdf"] = pdf
    return found


def _chapter(pages: list[str], key: str, next_key: str, lang: str) -> str:
    """The squashed text of a chapter: from its title (after the contents) to the next one's."""
    flat = _squash("".join(pages[2:]))  # after the cover and the contents
    start = flat.index(_squash(t(f"report.doc.section.{key}", lang)))
    end = flat.index(_squash(t(f"report.doc.section.{next_key}", lang)), start)
    return flat[start:end]


def _recommended(siting: dict[str, Any]) -> list[dict[str, Any]]:
    return [site for site in siting["chosen"] if site["newly_covered"] > 0.5]


def _headline_numbers(summary: dict[str, Any], siting: dict[str, Any]) -> list[str]:
    """People and share within the standard today and after, new outlets, the largest gap."""
    sites = _recommended(siting)
    after = sum(entry["covered"] for entry in siting["coverage_after"].values())
    return [
        fmt_people(summary["population_total"]),
        fmt_people(summary["standard"]["covered"]),
        fmt_share(summary["standard"]["share"]),
        str(len(sites)),
        fmt_people(sum(site["newly_covered"] for site in sites)),
        fmt_people(after),
        fmt_share(siting["share_after"]),
        fmt_people(summary["gaps"][0]["people"]),
    ]


@pytest.mark.parametrize(("lang", "next_key"), [("zh", "policy"), ("en", "policy")])
def test_the_executive_summary_holds_the_headline_numbers(
    reports: dict[str, Any], outputs: dict[str, Any], lang: str, next_key: str
) -> None:
    summary = _chapter(reports[lang], "summary", next_key, lang)
    for number in _headline_numbers(outputs["summary"], outputs["siting"]):
        assert re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d])", summary), number
    first = _recommended(outputs["siting"])[0]
    assert _squash(site_label(first["rank"], None, lang)) in summary
    name = _squash(str(outputs["summary"]["study_area"]["name"]))
    if lang == "zh":
        assert name in summary


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cover_and_contents(reports: dict[str, Any], lang: str) -> None:
    pages = reports[lang]
    cover = _squash(pages[0])
    assert _squash(t("report.report.title", lang)) in cover
    assert _squash(BUREAU) in cover  # the bureau as text, markup and all
    contents = pages[1]
    assert _squash(t("report.doc.toc", lang)) in _squash(contents)
    lines = [line.strip() for line in contents.splitlines() if line.strip()]
    for key in ("summary", "policy", "coverage", "gaps", "plan", "method", "conclusions"):
        title = t(f"report.doc.section.{key}", lang)
        entry = next(line for line in lines if _squash(title) in _squash(line))
        page = int(re.search(r"(\d+)$", entry).group(1))  # type: ignore[union-attr]
        # the page the contents give is the page the chapter starts on
        assert _squash(title) in _squash(pages[page - 1]), (key, page)


def test_the_bureau_is_escaped_in_the_html(outputs_dir: Path) -> None:
    html = render_html(read_results(outputs_dir), lang="zh", bureau=BUREAU)
    assert "&lt;b&gt;示例区人力资源和社会保障局&lt;/b&gt;" in html
    assert BUREAU not in html
    blank = render_html(read_results(outputs_dir), lang="zh")
    assert t("report.doc.cover.bureau_blank", "zh") in blank


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_blank_page_and_the_conclusions_end_the_report(
    reports: dict[str, Any], lang: str
) -> None:
    pages = reports[lang]
    for number, page in enumerate(pages, start=1):
        assert page.strip(), f"page {number} of the {lang} report is blank"
    assert _squash(t("report.doc.section.conclusions", lang)) in _squash(pages[-1] + pages[-2])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_recommended_site_has_its_section_with_its_place(
    reports: dict[str, Any], outputs: dict[str, Any], lang: str
) -> None:
    plan = _chapter(reports[lang], "plan", "after", lang)
    sites = _recommended(outputs["siting"])
    assert all(site["newly_covered"] > 0.5 for site in sites)
    starts = []
    for site in sites:
        label = _squash(site_label(site["rank"], None, lang))
        starts.append(plan.rindex(label))  # its section, after the overview table
        for key in ("township", "community", "road"):
            if site.get(key):
                assert _squash(str(site[key])) in plan, (site["rank"], key)
    assert starts == sorted(starts), "sections in build order"
    zero = [s for s in outputs["siting"]["chosen"] if s["newly_covered"] <= 0.5]
    for site in zero:  # a site that adds nobody is not recommended
        assert _squash(site_label(site["rank"], None, lang)) not in plan


def _latin_words(text: str) -> set[str]:
    # OSM tags (building=apartments) are shown as the map data writes them
    text = re.sub(r"\b[a-z_]+=[a-z_]+\b", " ", text)
    return set(re.findall(r"[A-Za-z][A-Za-z0-9_./\\:-]*", text))


def _names(outputs_dir: Path, outputs: dict[str, Any]) -> set[str]:
    """Latin words of place names: sites, roads, gaps, outlets, units (OSM names)."""
    results = read_results(outputs_dir)
    values: list[object] = [outputs["summary"]["study_area"]["name"]]
    for site in outputs["siting"]["chosen"]:
        values += [site["name"], site.get("road"), site.get("township"), site.get("community")]
    for gap in outputs["summary"]["gaps"]:
        values += [gap["road"], gap["township"], gap["community"]]
    for name in ("outlets", "units", "must_cover"):
        layer = results.layers.get(name)
        if layer is not None and "name" in layer.columns:
            values += list(layer["name"])
    words: set[str] = set()
    for value in values:
        if isinstance(value, str):
            words |= set(re.findall(r"[A-Za-z]+", value))
    return words


def test_the_chinese_report_shows_no_internal_keys_or_paths(
    reports: dict[str, Any], outputs: dict[str, Any]
) -> None:
    text = "\n".join(reports["zh"]).replace(BUREAU, "")  # the bureau's own words
    names = _names(reports["folder"], outputs)
    left = {
        word
        for word in _latin_words(text)
        if word not in ALLOWED_LATIN and not set(re.findall(r"[A-Za-z]+", word)) <= names
    }
    assert not left, sorted(left)
    for banned in ("计算范围外人口", "auto site", str(reports["folder"]), "/tmp"):
        assert banned not in text, banned


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_header_words_are_not_split(reports: dict[str, Any], lang: str) -> None:
    minutes = t("report.doc.col.minutes", lang, minutes=5)  # "5 分钟" / "5 min"
    lines = "\n".join(reports[lang]).splitlines()
    word = _squash(minutes)
    for before, after in zip(lines, lines[1:], strict=False):
        first, joined = _squash(before), _squash(before) + _squash(after)
        # "5 分" at a line's end and "钟" on the next is a split header
        for at in (m.start() for m in re.finditer(re.escape(word), joined)):
            assert not at < len(first) < at + len(word), (before, after)


def test_keep_the_chinese_pages_as_images(reports: dict[str, Any]) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    stem = ARTIFACTS / "report_document_zh"
    for old in ARTIFACTS.glob("report_document_zh-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(reports["zh_pdf"]), str(stem)], check=True)
    images = sorted(ARTIFACTS.glob("report_document_zh-*.png"))
    assert len(images) == len(reports["zh"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_must_cover_cost_and_walking_speed_tables(
    reports: dict[str, Any], outputs: dict[str, Any], lang: str
) -> None:
    today, plan = outputs["summary"]["sensitivity"], outputs["siting"]["sensitivity"]
    assert today["measured"] and plan["measured"], "the sample's run measures both"
    costs = _chapter(reports[lang], "must_cost", "sensitivity", lang)
    assert plan["must_cover_costs"], "the sample must cover relocation areas"
    for cost in plan["must_cover_costs"]:
        assert _squash(class_label(cost["rule"], lang)) in costs
        for key in ("people", "covered_with", "covered_without", "cost_people"):
            assert fmt_people(cost[key]) in costs, key
    speeds = _chapter(reports[lang], "sensitivity", "method", lang)
    assert {case["factor"] for case in today["cases"]} == {0.8, 1.0, 1.2}
    for case in today["cases"]:
        assert f"{case['speed_kmh']:.1f}" in speeds
        assert fmt_share(case["standard_share"]) in speeds
        assert fmt_people(case["standard_covered"]) in speeds
    for case in plan["speed_after"]["cases"]:
        assert fmt_share(case["standard_share"]) in speeds


def test_a_folder_written_before_the_site_facts_and_checks_leaves_their_parts_out(
    outputs_dir: Path, tmp_path: Path
) -> None:
    folder = copy_outputs(outputs_dir, tmp_path / "old")
    summary, siting = read_json(folder / "summary.json"), read_json(folder / "siting.json")
    summary.pop("sensitivity")
    for key in ("sensitivity", "n_candidates", "dropped"):
        siting.pop(key)
    facts = ("township", "community", "road", "road_m", "newly_by_break", "newly_by_class")
    for site in siting["chosen"]:
        for key in (*facts, "newly_by_community"):
            site.pop(key, None)
    write_json(summary, folder / "summary.json")
    write_json(siting, folder / "siting.json")
    html = render_html(read_results(folder), lang="zh")
    for chapter in ("must_cost", "sensitivity"):
        assert t(f"report.doc.section.{chapter}", "zh") not in html
    for key in ("doc.site.by_class", "doc.site.by_community", "doc.dq.candidates"):
        assert t(f"report.{key}", "zh") not in html
    # each site still has its section, placed by the road it stands on
    for site in _recommended(siting):
        assert site_label(site["rank"], site["name"], "zh") in html
        assert f"{site['name']}附近" in html or f"距{site['name']}" in html
    assert t("report.doc.section.plan", "zh") in html


NANJING = REPO.parent / "shared" / "data" / "nanjing-xuanwu.osm.xml"
NANJING_OUTLETS = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": name, "outlet_type": "community_window"},
            "geometry": {"type": "Point", "coordinates": list(lonlat)},
        }
        for name, lonlat in (
            ("就业服务站甲", (118.7805, 32.0429)),
            ("就业驿站乙", (118.7928, 32.0508)),
        )
    ],
}


@pytest.mark.shared_data
def test_a_chinese_district_report_names_its_sites_by_their_roads(tmp_path: Path) -> None:
    """Real Chinese OSM data (no admin boundaries): sites placed by Chinese road names."""
    if not NANJING.is_file():
        pytest.skip(f"shared data not present: {NANJING}")
    from servicecircle.cli import main

    outlets = tmp_path / "outlets.geojson"
    outlets.write_text(json.dumps(NANJING_OUTLETS, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    args = ["-q", "site", str(NANJING), "--outlets", str(outlets), "--new", "3", "--out", str(out)]
    assert main(args) == 0
    (pdf,) = build_report(read_results(out), out, lang="zh", formats=["pdf"])
    pages = _pages(pdf)
    summary, siting = read_json(out / "summary.json"), read_json(out / "siting.json")
    assert all(page.strip() for page in pages)
    opening = _chapter(pages, "summary", "policy", "zh")
    for number in _headline_numbers(summary, siting):
        assert re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d])", opening), number
    plan = _chapter(pages, "plan", "after", "zh")
    for site in _recommended(siting):
        assert re.search(r"[\u4e00-\u9fff]", site["road"]), site["road"]  # a Chinese road name
        assert _squash(site["road"]) in plan
    method = _squash("".join(pages))
    assert method.count(_squash(t("report.doc.dq.osm_date", "zh"))) == 1
    # Latin words: only the area's and the data file's own names besides the allowed ones
    names = set(re.findall(r"[A-Za-z]+", summary["study_area"]["name"] + NANJING.name))
    left = {
        word
        for word in _latin_words("\n".join(pages))
        if word not in ALLOWED_LATIN and not set(re.findall(r"[A-Za-z]+", word)) <= names
    }
    assert not left, sorted(left)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_heading_ends_a_page(reports: dict[str, Any], lang: str) -> None:
    """A chapter's or a site's title is never the last line of a page (stranded heading)."""
    footer = _squash(t("report.footer.attribution", lang))
    titles = {
        _squash(t("report.doc.numbered", lang, n=n, title=t(f"report.doc.section.{key}", lang)))
        for key in CHAPTERS
        for n in t("report.doc.numerals", lang).split(",")
    }
    for number, page in enumerate(reports[lang][2:], start=3):
        lines = [_squash(line) for line in page.splitlines() if _squash(line)]
        body = [line for line in lines if footer not in line and not re.fullmatch(r"\d+/\d+", line)]
        assert body and body[-1] not in titles, (number, body[-1:])


def test_the_command_line_puts_the_bureau_on_the_cover(outputs_dir: Path, tmp_path: Path) -> None:
    from servicecircle.cli import main

    folder = copy_outputs(outputs_dir, tmp_path / "out")
    args = ["-q", "report", str(folder), "--lang", "zh", "--format", "html", "--bureau", BUREAU]
    assert main(args) == 0
    page = (folder / "report_zh.html").read_text(encoding="utf-8")
    escaped = "&lt;b&gt;示例区人力资源和社会保障局&lt;/b&gt;"
    assert t("report.doc.cover.bureau", "zh", bureau=escaped) in page
    assert main(["-q", "report", str(folder), "--lang", "zh", "--format", "html"]) == 0
    page = (folder / "report_zh.html").read_text(encoding="utf-8")
    assert t("report.doc.cover.bureau_blank", "zh") in page
