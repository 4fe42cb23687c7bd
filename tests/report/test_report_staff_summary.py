"""Staffing in the report's executive summary and conclusions, and in the workbook's 汇总 sheet.

Real ``site`` and ``analyze`` runs of the sample: every number expected here
is read from ``siting.json`` / ``summary.json`` with ``json`` and formatted
here (one decimal for staff per 10,000, whole people, 0.0% shares), never
with the functions under test. The zh PDF is read back with ``pdftotext``:
the staffing sentences are there, without a Latin word.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from servicecircle.report import build_report
from servicecircle.report.staffing_summary import grades_raised
from servicecircle.report.summary_text import conclusions, executive_summary
from servicecircle.report.workbook import write_workbook
from servicecircle.results.folder import read_results
from servicecircle.results.tier_records import TierCoverageSummary, TownshipGrade
from tests.report.real_outputs import cli_outputs, read_json
from tests.report.test_report_document import ALLOWED_LATIN
from tests.report.written_numbers import people_text as _people
from tests.report.written_numbers import per_10k_text as _per_10k
from tests.report.written_numbers import share_text as _share


def _grades_zh(tiers: dict[str, Any]) -> str:
    counts = Counter(g["grade"] for g in tiers["townships"] if g["township"])
    return "、".join(f"{g} 级 {counts[g]} 个" for g in tiers["bands"] if counts[g])


def _grades_en(tiers: dict[str, Any]) -> str:
    counts = Counter(g["grade"] for g in tiers["townships"] if g["township"])
    return ", ".join(f"{counts[g]} at grade {g}" for g in tiers["bands"] if counts[g])


@pytest.fixture(scope="module")
def site_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cli_outputs(tmp_path_factory, ("site", "sample", "--new", "3"))


@pytest.fixture(scope="module")
def analyze_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cli_outputs(tmp_path_factory, ("analyze", "sample"))


def _today_zh(access: dict[str, Any]) -> list[str]:
    people = access["people"]
    return [
        f"现有工作人员 {_people(access['staff'])} 人",
        f"每万名居民可达工作人员 {_per_10k(access['staff_per_10k'])} 人",
        f"能力内可服务 {_people(access['served'])} 人（{_share(access['served'], people)}）",
        f"超出网点能力 {_people(access['over_capacity'])} 人"
        f"（{_share(access['over_capacity'], people)}）",
        f"不在任何网点服务圈内 {_people(access['out_of_reach'])} 人"
        f"（{_share(access['out_of_reach'], people)}）",
    ]


def _today_en(access: dict[str, Any]) -> list[str]:
    people = access["people"]
    return [
        f"There are {_people(access['staff'])} staff, {_per_10k(access['staff_per_10k'])} per"
        " 10,000 residents within reach",
        f"{_people(access['served'])} people ({_share(access['served'], people)}) are served",
        f"{_people(access['out_of_reach'])} ({_share(access['out_of_reach'], people)}) are outside",
    ]


def _pair(before: str, after: str) -> str:
    return f"{before} → {after}"


def _after_zh(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [
        f"工作人员 {_pair(_people(before['staff']), _people(after['staff']))} 人",
        "每万名居民可达工作人员 "
        f"{_pair(_per_10k(before['staff_per_10k']), _per_10k(after['staff_per_10k']))} 人",
        f"能力内可服务 {_pair(_people(before['served']), _people(after['served']))} 人（"
        + _pair(
            _share(before["served"], before["people"]), _share(after["served"], after["people"])
        )
        + "）",
        "不在任何网点服务圈内 "
        f"{_pair(_people(before['out_of_reach']), _people(after['out_of_reach']))} 人",
    ]


def test_a_plan_says_staffing_today_and_after_in_the_summary_and_conclusions(
    site_run: Path,
) -> None:
    effect = read_json(site_run / "siting.json")["after_plan"]
    before, after = effect["accessibility_before"], effect["accessibility_after"]
    assert before["measured"] and after["measured"] and after["staff"] > before["staff"]
    results = read_results(site_run)
    zh, listed = executive_summary(results, "zh"), "".join(conclusions(results, "zh"))
    expected = [*_today_zh(before), *_after_zh(before, after)]
    expected.append(f"{len(effect['tiers_before']['townships'])} 个乡镇（街道）的分级覆盖评级为：")
    expected.append(_grades_zh(effect["tiers_before"]))
    expected.append(f"新增网点后评级为：{_grades_zh(effect['tiers_after'])}")
    for said in expected:
        assert said in zh, said
        assert said in listed, said
    en = executive_summary(results, "en")
    for said in _today_en(before):
        assert said in en, said
    per10k = _pair(_per_10k(before["staff_per_10k"]), _per_10k(after["staff_per_10k"]))
    assert f"{per10k} per 10,000 residents within reach" in en
    assert _grades_en(effect["tiers_after"]) in en
    # the plan's sentences come after today's staffing
    assert zh.index("现有工作人员") < zh.index("按推荐方案新增网点后")


def test_without_a_plan_only_staffing_today_is_said(analyze_run: Path) -> None:
    summary = read_json(analyze_run / "summary.json")
    access = summary["accessibility"]
    assert access["measured"]
    results = read_results(analyze_run)
    zh = executive_summary(results, "zh")
    for said in [*_today_zh(access), _grades_zh(summary["tiers"])]:
        assert said in zh, said
    assert "新增网点后" not in zh and "→" not in zh
    en = " ".join(conclusions(results, "en"))
    for said in _today_en(access):
        assert said in en, said
    assert _grades_en(summary["tiers"]) in en


def _grades(*pairs: tuple[str, str]) -> TierCoverageSummary:
    towns = tuple(TownshipGrade(name, 100.0, {}, grade) for name, grade in pairs)
    return TierCoverageSummary((), towns, ("community",), {"A": 0.95, "B": 0.85, "E": 0.0})


def test_townships_whose_grade_rose_are_counted() -> None:
    before = _grades(("甲", "E"), ("乙", "B"), ("丙", "A"), ("", "E"))
    after = _grades(("甲", "B"), ("乙", "A"), ("丙", "A"), ("", "A"))
    assert grades_raised(before, after) == 2  # the people outside every township are no street
    assert grades_raised(before, before) == 0
    assert grades_raised(None, after) == 0


def _summary_values(path: Path, sheet: str) -> dict[str, Any]:
    book = openpyxl.load_workbook(path)
    return {row[0]: row[1] for row in book[sheet].iter_rows(min_row=2, values_only=True)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_workbook_summary_has_the_staffing_totals_today_and_after(
    site_run: Path, tmp_path: Path, lang: str
) -> None:
    effect = read_json(site_run / "siting.json")["after_plan"]
    path = write_workbook(read_results(site_run), tmp_path / "book.xlsx", lang=lang)
    values = _summary_values(path, "汇总" if lang == "zh" else "Summary")
    if lang == "zh":
        labels = {
            "staff": "工作人员（人）",
            "capacity": "按人员配置标准可服务人数",
            "staff_per_10k": "每万人工作人员（两步移动搜索法）",
            "staff_per_10k_e2sfca": "每万人工作人员（增强两步移动搜索法）",
            "served": "能力内可服务人口",
            "over_capacity": "服务圈内但超出能力人口",
            "out_of_reach": "服务圈外人口",
        }
        after, grade = "新增后{}", "评级为 {} 级的乡镇（街道）数"
    else:
        labels = {"staff": "Staff", "capacity": "People the staff can serve (staffing standard)"}
        after, grade = "{}, after the plan", "Townships/streets graded {}"
    for when, record in (("{}", "accessibility_before"), (after, "accessibility_after")):
        access = effect[record]
        for key, label in labels.items():
            expected = access[key]
            got = values[when.format(label)]
            if key in ("staff_per_10k", "staff_per_10k_e2sfca"):
                assert got == pytest.approx(expected, abs=1e-6), label
            else:
                assert got == pytest.approx(round(expected), abs=0.5), label
    for when, record in (("{}", "tiers_before"), (after, "tiers_after")):
        counts = Counter(g["grade"] for g in effect[record]["townships"] if g["township"])
        for band in effect[record]["bands"]:
            assert values[when.format(grade.format(band))] == counts[band]


def test_the_workbook_summary_without_a_plan_has_todays_totals_only(
    analyze_run: Path, tmp_path: Path
) -> None:
    access = read_json(analyze_run / "summary.json")["accessibility"]
    path = write_workbook(read_results(analyze_run), tmp_path / "book.xlsx", lang="zh")
    values = _summary_values(path, "汇总")
    assert values["工作人员（人）"] == round(access["staff"])
    assert values["每万人工作人员（两步移动搜索法）"] == pytest.approx(access["staff_per_10k"])
    assert not [label for label in values if str(label).startswith("新增后每万人")]


def _sentence(flat: str, head: str) -> str:
    """The first sentence of ``flat`` holding ``head``: from the 。 before it to its 。."""
    at = flat.index(head)
    return flat[flat.rfind("。", 0, at) + 1 : flat.index("。", at) + 1]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_zh_pdf_summary_says_staffing_without_latin_words(
    site_run: Path, tmp_path: Path
) -> None:
    (pdf,) = build_report(read_results(site_run), tmp_path, lang="zh", formats=["pdf"])
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    flat = re.sub(r"\s+", "", text.stdout)
    effect = read_json(site_run / "siting.json")["after_plan"]
    before, after = effect["accessibility_before"], effect["accessibility_after"]
    heads = (
        "现有工作人员",
        "个乡镇（街道）的分级覆盖评级为",
        "按推荐方案新增网点后",
        "新增网点后评级为",
    )
    sentences = [_sentence(flat, head) for head in heads]
    added = "".join(sentences)
    for said in [*_today_zh(before), *_after_zh(before, after)]:
        assert re.sub(r"\s+", "", said) in added, said
    words = set(re.findall(r"[A-Za-z]+", added))
    assert words <= ALLOWED_LATIN, sorted(words - ALLOWED_LATIN)
