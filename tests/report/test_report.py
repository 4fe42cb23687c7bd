"""The siting report on real CLI outputs: tables from the real keys, escaping, languages.

The PDF text checks (every heading and number of summary.json and
siting.json) are in ``tests/report/test_report_real.py``.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from servicecircle.errors import InputDataError
from servicecircle.i18n import t
from servicecircle.report import build_report, render_html
from servicecircle.report.assumptions import assumptions_context
from servicecircle.report.coverage_tables import unit_tables
from servicecircle.report.formatting import fmt_people, fmt_share
from servicecircle.report.siting_tables import site_reasons_text, siting_context
from servicecircle.results.folder import read_results
from servicecircle.results.schema import ChosenSite
from tests.report.real_outputs import copy_outputs, read_json, write_json

HOSTILE = "<script>alert('x')</script>乡"

SECTIONS = (
    "doc.section.summary",
    "doc.section.area",
    "doc.section.coverage",
    "doc.section.units",
    "doc.section.gaps",
    "doc.section.plan",
    "doc.section.method",
    "doc.section.conclusions",
)


def _visible(html: str) -> str:
    """The page's text without tags, styles and embedded images."""
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    html = re.sub(r'src="data:[^"]*"', " ", html)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture(scope="module")
def zh_html(outputs_dir: Path) -> str:
    return render_html(read_results(outputs_dir), lang="zh")


@pytest.fixture(scope="module")
def en_html(outputs_dir: Path) -> str:
    return render_html(read_results(outputs_dir), lang="en")


def test_assumptions_are_readable_tables_not_dict_dumps(
    outputs: dict[str, Any], outputs_dir: Path, zh_html: str, en_html: str
) -> None:
    summary = outputs["summary"]
    zh = assumptions_context(read_results(outputs_dir).coverage, "zh")
    speeds = {row["mode"]: row for row in zh["speeds"]}
    assert speeds["步行"]["speed"] == "4" and speeds["步行"]["distance"] == "1,000"
    # only the modes the run travelled (the sample's outlets and the new type all walk)
    assert set(speeds) == {"步行"}
    kinds = {row["type"]: row for row in zh["outlet_types"]}
    assert kinds["零工市场"]["mode"] == "电动自行车" and kinds["零工市场"]["minutes"] == "30"
    assert kinds["社区就业服务窗口"]["minutes"] == "15"
    population = dict(zh["population"]["rows"])
    demand = summary["assumptions"]["demand"]
    assert population["人均居住面积（平方米/人）"] == f"{demand['m2_per_person']:g}"
    assert population["可用面积比例（居住面积 ÷ 建筑面积）"] == f"{demand['usable_share']:g}"
    assert population["用户上传需求点"] == "与估算结果相加"
    analysis = dict(zh["analysis"])
    assert analysis["时间阈值（分钟）"] == "5, 10, 15"
    assert analysis["产业/安置区视为已覆盖所需的覆盖比例"] == "100%"
    assert any("OpenStreetMap" in line for line in zh["sources"])
    for html in (zh_html, en_html):
        text = _visible(html)
        # no raw keys, no Python/JSON dumps of the nested assumptions
        for raw in ("speeds_kmh", "outlet_types", "m2_per_person", "{'", '{"', "': "):
            assert raw not in text, raw
    assert "Dwelling floor area per person (m²)" in en_html
    assert "e-bike" in en_html and "gig (day-labour) market" in en_html


def test_unknown_demand_parameters_are_listed(outputs_dir: Path, tmp_path: Path) -> None:
    folder = copy_outputs(outputs_dir, tmp_path / "out")
    summary = read_json(folder / "summary.json")
    summary["assumptions"]["demand"]["roof_share"] = 0.25
    write_json(summary, folder / "summary.json")
    text = _visible(render_html(read_results(folder), lang="en"))
    assert "roof_share" in text and "0.25" in text


def test_reasons_are_written_in_the_report_language(outputs: dict[str, Any]) -> None:
    first = outputs["siting"]["chosen"][0]
    people = fmt_people(first["newly_covered"])
    zh = site_reasons_text(ChosenSite.from_json(first), "zh")
    en = site_reasons_text(ChosenSite.from_json(first), "en")
    assert zh.startswith(f"新覆盖 {people} 人")
    assert en.startswith(f"newly covers {people} people")
    for rank in first["gaps"]:
        assert f"#{rank}" in zh and f"#{rank}" in en
    for name in first["must_cover"]:
        assert name in zh
    assert "newly covers" not in zh


def test_units_before_and_after_come_from_by_unit(
    outputs: dict[str, Any], outputs_dir: Path
) -> None:
    siting, summary = outputs["siting"], outputs["summary"]
    context = siting_context(read_results(outputs_dir).siting, "zh")
    assert context is not None
    rows = {(r["township"], r["label"]): r for r in context["units"]["community"]}
    for unit in siting["by_unit"]:
        if unit["level"] != "community":
            continue
        township = next(u["township"] for u in summary["units"] if u["name"] == unit["name"])
        row = rows[(township, unit["name"])]
        assert row["before"] == fmt_people(unit["covered_before"])
        assert row["after"] == fmt_people(unit["covered_after"])
        assert row["share_after"] == fmt_share(unit["share_after"])
    townships = [r["label"] for r in context["units"]["township"]]
    assert townships == [u["name"] for u in siting["by_unit"] if u["level"] == "township"]


def test_people_outside_every_township_get_their_own_row(outputs_dir: Path) -> None:
    summary = read_results(outputs_dir).coverage
    inside = sum(u.people or 0.0 for u in summary.units if u.level == "township")
    summary = dataclasses.replace(summary, population_total=inside + 500.0)
    tables = unit_tables(summary, None, [5.0, 10.0, 15.0], "zh")
    outside = tables["township"][-1]
    assert outside["unit"] == t("report.units.outside", "zh")
    assert outside["people"] == "500"


def test_html_escapes_untrusted_names(outputs_dir: Path, tmp_path: Path) -> None:
    folder = copy_outputs(outputs_dir, tmp_path / "out")
    summary = read_json(folder / "summary.json")
    siting = read_json(folder / "siting.json")
    old = summary["units"][0]["name"]
    summary["study_area"]["name"] = "示例县城 <b>Sample</b>"
    for unit in summary["units"]:
        for key in ("name", "township"):
            if unit.get(key) == old:
                unit[key] = HOSTILE
    for unit in siting["by_unit"]:
        if unit["name"] == old:
            unit["name"] = HOSTILE
    siting["chosen"][0]["name"] = "移民安置点服务中心 & <i>站</i>"
    write_json(summary, folder / "summary.json")
    write_json(siting, folder / "siting.json")
    html = build_report(read_results(folder), folder, lang="zh", formats=["html"])[0].read_text(
        encoding="utf-8"
    )
    assert "<script>" not in html
    assert "&lt;script&gt;alert(" in html
    assert "示例县城 &lt;b&gt;Sample&lt;/b&gt;" in html
    assert "&amp; &lt;i&gt;站&lt;/i&gt;" in html and "<i>站</i>" not in html
    # coverage today, gaps, after the plan, curve (and overview, sites' areas with print maps)
    images = html.count("data:image/png;base64,")
    assert images >= 4 and images == html.count("<figure")
    assert "http://" not in html and "https://" not in html  # self-contained, offline


def test_english_report_html_only(outputs_dir: Path, tmp_path: Path) -> None:
    folder = copy_outputs(outputs_dir, tmp_path / "out")
    written = build_report(read_results(folder), folder, lang="en", formats=["html"])
    assert written == [folder / "report_en.html"]
    html = written[0].read_text(encoding="utf-8")
    for key in SECTIONS:
        assert t(f"report.{key}", "en") in html
    assert "relocation / resettlement area" in html
    assert "maximal covering (MCLP)" in html
    assert not (folder / "report_en.pdf").exists()


def test_report_without_siting_and_with_a_minimal_summary(
    outputs_dir: Path, tmp_path: Path
) -> None:
    folder = copy_outputs(outputs_dir, tmp_path / "out")
    (folder / "siting.json").unlink()
    (folder / "siting.gpkg").unlink()
    html = build_report(read_results(folder), folder, lang="zh", formats=["html"])[0].read_text(
        encoding="utf-8"
    )
    # no plan: its chapters are left out and the summary says what to do
    assert t("report.doc.exec.no_plan", "zh") in html
    for chapter in ("plan", "after", "must_cost"):
        assert t(f"report.doc.section.{chapter}", "zh") not in html
    # a summary.json without its tables is damaged: the message names what is missing
    summary = read_json(folder / "summary.json")
    for key in ("assumptions", "study_area", "gaps"):
        summary.pop(key)
    write_json(summary, folder / "summary.json")
    with pytest.raises(InputDataError, match="gaps, assumptions, study_area missing"):
        read_results(folder)


def test_results_of_an_older_version_ask_for_a_new_run(outputs_dir: Path, tmp_path: Path) -> None:
    folder = copy_outputs(outputs_dir, tmp_path / "out")
    for name, command in (("summary.json", "analyze"), ("siting.json", "site")):
        data = read_json(folder / name)
        data.pop("schema_version")
        write_json(data, folder / name)
        with pytest.raises(InputDataError, match="older version") as caught:
            read_results(folder)
        assert f"servicecircle {command} ... --out" in str(caught.value)
        copy_outputs(outputs_dir, folder)


def test_render_html_matches_the_files(outputs_dir: Path) -> None:
    html = render_html(read_results(outputs_dir), lang="en")
    assert html.startswith("<!DOCTYPE html>")
    assert "15-minute employment service circle" in html


def test_bad_requests(tmp_path: Path, outputs_dir: Path) -> None:
    with pytest.raises(InputDataError, match="summary.json"):
        read_results(tmp_path)
    results = read_results(outputs_dir)
    with pytest.raises(InputDataError, match="html and/or pdf"):
        build_report(results, tmp_path, formats=["docx"])
    with pytest.raises(ValueError, match="zh, en"):
        build_report(results, tmp_path, lang="fr")


@pytest.mark.parametrize(
    ("source", "zh", "en"),
    [
        (
            "xml:/srv/tmp/servicecircle-abc/县城.osm",
            "OpenStreetMap 数据文件 县城.osm",
            "extract 县城.osm",
        ),
        ("pbf:/data/county.osm.pbf", "OpenStreetMap 数据文件 county.osm.pbf", "extract county"),
        ("polygon:/srv/uploads/边界.geojson", "边界文件：边界.geojson", "boundary 边界.geojson"),
    ],
)
def test_sources_show_the_file_name_never_the_server_path(source, zh, en):
    from servicecircle.report.assumptions import source_text

    assert zh in source_text(source, "zh") and "/srv" not in source_text(source, "zh")
    assert en in source_text(source, "en") and "/" not in source_text(source, "en")
