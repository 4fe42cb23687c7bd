"""The report's chapter 服务能力与人员配置 (staffing and capacity).

Hand-made records for the rules of the tables (townships with the people
outside them last, grades matched by name, outlets capped with a count of
the rest, older records), and the real ``analyze`` of the sample printed to
PDF and read back with ``pdftotext``: every number of the chapter is
formatted here from ``summary.json`` (one decimal for staff per 10,000,
whole people, 0.0% shares), never with the chapter's own functions.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from servicecircle.i18n import t
from servicecircle.planning.naming import site_label
from servicecircle.report import build_report, render_html
from servicecircle.report.document import CHAPTERS
from servicecircle.report.staffing_states import StaffingState
from servicecircle.report.staffing_tables import (
    MAX_OUTLETS,
    grade_rule,
    outlet_rows,
    staffing_context,
    street_rows,
    tier_context,
)
from servicecircle.results.access_records import AccessSummary, AccessUnit, OutletLoad
from servicecircle.results.bundle import Results
from servicecircle.results.folder import read_results, read_summary
from servicecircle.results.schema import CoverageSummary
from servicecircle.results.tier_records import TierCoverageSummary, TierShare, TownshipGrade
from tests.report.real_outputs import cli_outputs, copy_outputs, read_json, write_json
from tests.report.test_report_document import ALLOWED_LATIN
from tests.report.written_numbers import people_text as _people
from tests.report.written_numbers import per_10k_text as _per_10k
from tests.report.written_numbers import share_text as _share

#: Latin words the Chinese chapter may show: the grade letters (A-E by definition of the grade).
GRADE_LETTERS = {"A", "B", "C", "D", "E"}

POPPLER = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed"
)


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", value)


def _unit(name: str, people: float, per10k: float, served: float, over: float) -> AccessUnit:
    return AccessUnit(
        level="township",
        township=name,
        unit=name,
        people=people,
        staff_per_10k=per10k,
        staff_per_10k_e2sfca=per10k / 2,
        served=served,
        over_capacity=over,
        out_of_reach=people - served - over,
    )


def _outlet(name: str, load: float | None, **fields: Any) -> OutletLoad:
    return OutletLoad(
        name=name,
        staff=fields.pop("staff", 2.0),
        catchment_minutes=15.0,
        catchment_people=(load or 0.0) * 2,
        load=load,
        people_per_staff=500.0,
        capacity=1000.0,
        served=fields.pop("served", 800.0),
        utilisation=fields.pop("utilisation", 0.8),
        **fields,
    )


TIERS = TierCoverageSummary(
    tiers=(
        TierShare(tier="county", outlets=1, people=3000.0, covered=3000.0, share=1.0),
        TierShare(tier="township", outlets=0, people=3000.0, covered=0.0, share=0.0),
        TierShare(tier="community", outlets=2, people=3000.0, covered=2700.0, share=0.9),
    ),
    townships=(
        TownshipGrade(township="", people=100.0, shares={"community": 0.5}, grade="D"),
        TownshipGrade(township="东街道", people=2900.0, shares={"community": 0.96}, grade="A"),
    ),
    graded_tiers=("community",),
    bands={"A": 0.95, "B": 0.85, "C": 0.70, "D": 0.50, "E": 0.0},
)


def test_streets_come_with_their_grade_and_the_people_outside_last() -> None:
    access = AccessSummary(
        measured=True,
        units=(
            _unit("", 100.0, 0.0, 0.0, 0.0),
            _unit("东街道", 2900.0, 6.25, 2000.0, 500.0),
            AccessUnit("community", "东街道", "一社区", 900.0, 1.0, 1.0, 900.0, 0.0, 0.0),
        ),
    )
    rows = street_rows(StaffingState(access, TIERS), None, "zh")
    assert [r["township"] for r in rows] == ["东街道", "（不在任何乡镇（街道）内）"]
    assert rows[0] | {} == {
        "township": "东街道",
        "people": "2,900",
        "per10k": "6.2",  # 6.25 to one decimal (round half to even)
        "e2sfca": "3.1",
        "served": "2,000",
        "over": "500",
        "out": "400",
        "grade": "A 级",
    }
    assert rows[1]["grade"] == "D 级"
    assert street_rows(StaffingState(access, None), None, "en")[0]["grade"] == "—"
    no_boundaries = AccessSummary(measured=True, units=(_unit("", 3000.0, 2.0, 1.0, 1.0),))
    assert street_rows(StaffingState(no_boundaries, TIERS), None, "zh") == []


@pytest.fixture(scope="module")
def analysis(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``servicecircle analyze sample`` (staff per 10,000 and tiers measured)."""
    return cli_outputs(tmp_path_factory, ("analyze", "sample"))


@pytest.fixture(scope="module")
def real_summary(analysis: Path) -> CoverageSummary:
    """The sample's real summary, to vary its records."""
    return read_summary(analysis)


def test_outlets_are_capped_with_a_count_of_the_rest_and_old_records_read(
    real_summary: CoverageSummary,
) -> None:
    outlets = tuple(
        _outlet(
            f"网点{i}", 1000.0 - i, outlet_type="gig_market", tier="community", staff_source="file"
        )
        for i in range(MAX_OUTLETS + 4)
    )
    access = AccessSummary(measured=True, outlets=outlets)
    rows, more = outlet_rows(StaffingState(access, None), None, 34, "zh")
    assert len(rows) == MAX_OUTLETS and more == 4
    assert rows[0] == {
        "name": "网点0",
        "type": "零工市场",
        "tier": "社区（村）级",
        "staff": "2",
        "source": "网点文件",
        "catchment": "2,000",
        "load": "1,000",
        "capacity": "1,000",
        "served": "800",
        "utilisation": "80.0%",
    }
    # a file written before every outlet was kept: its heaviest outlets, without type or tier
    old = AccessSummary(measured=True, heaviest=(_outlet("甲", None, staff=0.0, utilisation=None),))
    rows, more = outlet_rows(StaffingState(old, None), None, 5, "en")
    assert more == 4
    assert (rows[0]["type"], rows[0]["tier"], rows[0]["source"]) == ("—", "—", "—")
    assert (rows[0]["load"], rows[0]["utilisation"]) == ("—", "—")


def test_the_grading_rule_in_one_sentence(real_summary: CoverageSummary) -> None:
    assert grade_rule(TIERS, "zh") == (
        "评级取各乡镇（街道）社区（村）级覆盖比例中最低的一个：A 级不低于 95%、B 级不低于 85%、"
        "C 级不低于 70%、D 级不低于 50%，其余为 E 级；评级线是规划假设，不是国家标准。"
    )
    assert "A at least 95%, B at least 85%" in grade_rule(TIERS, "en")
    both = replace(TIERS, graded_tiers=("community", "township"))  # no township-tier outlet
    tiers_only = replace(real_summary, accessibility=AccessSummary(), tiers=both)
    context = staffing_context(Results(tiers_only), "zh")
    assert context is not None and context["access"] is False
    tiers = context["tiers"]
    assert isinstance(tiers, dict)
    assert tiers["missing"] == "没有街道（乡镇）级网点，各乡镇（街道）该层级的覆盖均为 0。"
    assert [r["township"] for r in tiers["grades"]] == ["东街道", "（不在任何乡镇（街道）内）"]
    # no township boundaries: only the people outside every township, so no grades
    outside_only = replace(TIERS, townships=TIERS.townships[:1])
    assert tier_context(outside_only, "zh")["grades"] == []
    neither = replace(real_summary, accessibility=AccessSummary(), tiers=None)
    assert staffing_context(Results(neither), "zh") is None


# --------------------------------------------------------------------------- the real report


def _pages(pdf: Path) -> list[str]:
    """The PDF's pages as laid out (a table's row on one line, so its numbers stay in order)."""
    args = ["pdftotext", "-layout", str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.split("\f")


@pytest.fixture(scope="module")
def pdf_text(analysis: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The chapter's squashed text in the zh and en PDFs of the sample's analysis."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) not installed")
    out = tmp_path_factory.mktemp("staffing_report")
    found = {}
    after = CHAPTERS[CHAPTERS.index("staffing") + 1 :]
    for lang in ("zh", "en"):
        (pdf,) = build_report(read_results(analysis), out, lang=lang, formats=["pdf"])
        flat = _squash("".join(_pages(pdf)[2:]))  # after the cover and the contents
        start = flat.index(_squash(t("report.doc.section.staffing", lang)))
        ends = [flat.find(_squash(t(f"report.doc.section.{c}", lang)), start) for c in after]
        found[lang] = flat[start : min(e for e in ends if e > 0)]
    return found


def _outlet_numbers(outlet: dict[str, Any]) -> str:
    """An outlet's row from its people in reach to its utilisation, as the PDF lays it out."""
    return (
        _people(outlet["catchment_people"])
        + _people(outlet["load"])
        + _people(outlet["capacity"])
        + _people(outlet["served"])
        + f"{outlet['utilisation']:.1%}"
    )


def _expected_numbers(summary: dict[str, Any]) -> list[str]:
    access, tiers = summary["accessibility"], summary["tiers"]
    people = access["people"]
    numbers = [
        _people(access["staff"]),
        _people(access["capacity"]),
        _people(people),
        _per_10k(access["staff_per_10k"]),
        _per_10k(access["staff_per_10k_e2sfca"]),
    ]
    for key in ("served", "over_capacity", "out_of_reach"):
        numbers += [_people(access[key]), _share(access[key], people)]
    for unit in (u for u in access["units"] if u["level"] == "township"):
        numbers.append(
            _squash(unit["unit"])
            + _people(unit["people"])
            + _per_10k(unit["staff_per_10k"])
            + _per_10k(unit["staff_per_10k_e2sfca"])
            + _people(unit["served"])
            + _people(unit["over_capacity"])
            + _people(unit["out_of_reach"])
        )
    numbers += [_outlet_numbers(outlet) for outlet in access["outlets"]]
    for share in tiers["tiers"]:
        numbers.append(_people(share["covered"]) + f"{share['share']:.1%}")
    for grade in tiers["townships"]:
        shares = "".join(f"{grade['shares'][tier]:.1%}" for tier in tiers["graded_tiers"])
        numbers.append(_squash(grade["township"]) + _people(grade["people"]) + shares)
    return numbers


@POPPLER
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_chapter_holds_the_numbers_of_the_summary(
    pdf_text: dict[str, str], analysis: Path, lang: str
) -> None:
    summary = read_json(analysis / "summary.json")
    assert summary["accessibility"]["measured"] and summary["tiers"]["townships"]
    chapter = pdf_text[lang]
    for number in _expected_numbers(summary):
        assert number in chapter, number
    grades = [g["grade"] for g in summary["tiers"]["townships"]]
    word = "级" if lang == "zh" else ""
    for grade in grades:
        assert f"{grade}{word}" in chapter
    # every outlet's row, heaviest-loaded first
    outlets = summary["accessibility"]["outlets"]
    assert len(outlets) == summary["n_outlets"]
    loads = [o["load"] for o in outlets]
    assert loads == sorted(loads, reverse=True)
    table = chapter.index(_squash(t("report.staff.outlets", lang)))
    spots = [chapter.index(_outlet_numbers(outlet), table) for outlet in outlets]
    assert spots == sorted(spots)


@POPPLER
def test_the_chinese_chapter_has_no_latin_words(pdf_text: dict[str, str], analysis: Path) -> None:
    summary = read_json(analysis / "summary.json")
    names = " ".join(o["name"] for o in summary["accessibility"]["outlets"])
    allowed = ALLOWED_LATIN | GRADE_LETTERS | set(re.findall(r"[A-Za-z]+", names))
    words = set(re.findall(r"[A-Za-z]+", pdf_text["zh"]))
    assert words <= allowed, sorted(words - allowed)
    assert "每万名居民可达工作人员" in pdf_text["zh"] and "两步移动搜索法" in pdf_text["zh"]


def test_an_old_summary_without_the_records_leaves_the_chapter_out(
    analysis: Path, tmp_path: Path
) -> None:
    folder = copy_outputs(analysis, tmp_path / "old")
    summary = read_json(folder / "summary.json")
    del summary["accessibility"], summary["tiers"]
    write_json(summary, folder / "summary.json")
    for lang in ("zh", "en"):
        html = render_html(read_results(folder), lang=lang)
        assert t("report.doc.section.staffing", lang) not in html
        assert t("report.staff.split", lang) not in html
    assert t("report.doc.section.staffing", "zh") in render_html(read_results(analysis), lang="zh")


# --------------------------------------------------------------------------- before -> after


def _pair(before: str, after: str) -> str:
    return f"{before}→{after}"


@POPPLER
def test_after_a_plan_the_chapter_reads_today_then_after(outputs_dir: Path, tmp_path: Path) -> None:
    """The sample's ``site`` run: numbers of siting.json's after_plan, today → after."""
    effect = read_json(outputs_dir / "siting.json")["after_plan"]
    assert effect["measured"]
    before, after = effect["accessibility_before"], effect["accessibility_after"]
    (pdf,) = build_report(read_results(outputs_dir), tmp_path, lang="zh", formats=["pdf"])
    flat = _squash("".join(_pages(pdf)[2:]))
    start = flat.index(_squash(t("report.doc.section.staffing", "zh")))
    chapter = flat[start : flat.index(_squash(t("report.doc.section.method", "zh")), start)]
    assert _squash(t("report.staff.after_note", "zh")) in chapter
    for key in ("served", "over_capacity", "out_of_reach"):
        row = (
            _people(before[key])
            + _share(before[key], before["people"])
            + _people(after[key])
            + _share(after[key], after["people"])
        )
        assert row in chapter, key
    later = {u["unit"]: u for u in after["units"] if u["level"] == "township"}
    grades = {g["township"]: g["grade"] for g in effect["tiers_before"]["townships"]}
    grades_after = {g["township"]: g["grade"] for g in effect["tiers_after"]["townships"]}
    for unit in (u for u in before["units"] if u["level"] == "township"):
        then = later[unit["unit"]]
        row = (
            _squash(unit["unit"])
            + _people(unit["people"])
            + _pair(_per_10k(unit["staff_per_10k"]), _per_10k(then["staff_per_10k"]))
            + _pair(_per_10k(unit["staff_per_10k_e2sfca"]), _per_10k(then["staff_per_10k_e2sfca"]))
            + _pair(_people(unit["served"]), _people(then["served"]))
            + _pair(_people(unit["over_capacity"]), _people(then["over_capacity"]))
            + _pair(_people(unit["out_of_reach"]), _people(then["out_of_reach"]))
            + _pair(f"{grades[unit['unit']]}级", f"{grades_after[unit['unit']]}级")
        )
        assert row in chapter, unit["unit"]
    table = chapter.index(_squash(t("report.staff.outlets", "zh")))
    today = {o["name"]: o for o in before["outlets"]}
    spots = []
    for outlet in after["outlets"]:  # heaviest first after the plan, new ones by build order
        old = today.get(outlet["name"]) if outlet.get("new_rank") is None else None
        served = _pair(_people(old["served"]) if old else "—", _people(outlet["served"]))
        utilisation = _pair(
            f"{old['utilisation']:.1%}" if old else "—", f"{outlet['utilisation']:.1%}"
        )
        load = _pair(_people(old["load"]) if old else "—", _people(outlet["load"]))
        spots.append(chapter.index(load + served + utilisation, table))
        if outlet.get("new_rank") is not None:
            # named by build order (its place may wrap onto the next line)
            assert _squash(site_label(outlet["new_rank"], None, "zh")) in chapter[table:]
    assert spots == sorted(spots)


# --------------------------------------------------------------------------- key groups


def _gap(value: float) -> str:
    shown = f"{value:+.1f}"
    return "0.0" if shown in ("+0.0", "-0.0") else shown


@POPPLER
def test_the_key_groups_and_their_equity_in_the_zh_pdf(grouped: Path, tmp_path: Path) -> None:
    record = read_json(grouped / "summary.json")["groups"]
    main = f"{max(read_json(grouped / 'summary.json')['minutes']):g}"
    (pdf,) = build_report(read_results(grouped), tmp_path, lang="zh", formats=["pdf"])
    flat = _squash("".join(_pages(pdf)[2:]))
    start = flat.index(_squash(t("report.staff.groups", "zh")))
    section = flat[start : flat.index(_squash(t("report.doc.section.method", "zh")), start)]
    names = {
        "everyone": "全体常住人口",
        "aged_60_plus": "60岁及以上老年人",
        "registered_unemployed": "登记失业人员",
        "migrant_workers": "外出务工及返乡人员",
        "college_graduates": "高校毕业生",
    }
    assert [g["group"] for g in record["groups"]] == list(names)
    for group in record["groups"]:
        people = group["people"]
        row = (
            names[group["group"]]
            + _people(people)
            + f"{group['shares'][main]:.1%}"
            + ("—" if group["group"] == "everyone" else _gap(group["gap_pp"][main]))
            + f"{group['shares']['standard']:.1%}"
            + _per_10k(group["staff_per_10k"])
            + _share(group["served"], people)
            + _share(group["over_capacity"], people)
            + _share(group["out_of_reach"], people)
        )
        assert row in section, group["group"]
    widest = next(w for w in record["widest"] if w["minutes"] == float(main))
    shares = {g["group"]: g["shares"][main] for g in record["groups"]}
    assert (
        f"最高的是{names[widest['highest']]}（{shares[widest['highest']]:.1%}），"
        f"最低的是{names[widest['lowest']]}（{shares[widest['lowest']]:.1%}），"
        f"相差{abs(widest['gap_pp']):.1f}个百分点"
    ) in section
    assert f"在{record['gini_areas']}个社区（村）之间的基尼系数" in section
    assert f"加权为{record['gini_weighted']:.3f}" in section
    assert f"不加权为{record['gini_unweighted']:.3f}" in section
    words = set(re.findall(r"[A-Za-z]+", section))
    assert words <= {"groups", "csv"}, words  # the planner's file name only


def test_without_key_groups_the_section_is_left_out(analysis: Path) -> None:
    html = render_html(read_results(analysis), lang="zh")
    assert t("report.doc.section.staffing", "zh") in html
    assert t("report.staff.groups.col.gap", "zh") not in html
