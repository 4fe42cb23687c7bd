"""Why a new site was chosen: the reasons as data and their words in each language."""

from __future__ import annotations

import pytest

from servicecircle.planning.explain import SiteReasons, reasons_text


def test_reasons_in_english_are_the_sentence_of_siting_json() -> None:
    reasons = SiteReasons(1234.4, gaps=(1, 5), must_cover=("Park A", "Site B"))
    assert reasons_text(reasons, "en") == (
        "newly covers 1,234 people; serves gap #1, #5; covers must-cover area Park A, Site B"
    )


def test_reasons_in_chinese() -> None:
    reasons = SiteReasons(1234.4, gaps=(2,), must_cover=("示例产业园区",))
    assert (
        reasons_text(reasons, "zh")
        == "新覆盖 1,234 人；服务缺口 #2；覆盖必须覆盖区域：示例产业园区"
    )


def test_a_site_covering_nobody_adds_no_coverage() -> None:
    assert not SiteReasons(0.5).adds_coverage
    assert SiteReasons(0.6).adds_coverage
    assert reasons_text(SiteReasons(0.0), "en") == (
        "adds no coverage (everyone it reaches is covered already); not needed"
    )
    assert reasons_text(SiteReasons(0.0), "zh") == "不增加覆盖（可达人口均已被覆盖），可不建"


def test_the_sentence_names_five_gaps_and_three_areas_the_data_keeps_all() -> None:
    reasons = SiteReasons(10.0, gaps=(1, 2, 3, 4, 5, 6, 7), must_cover=("a", "b", "c", "d"))
    assert reasons_text(reasons, "en") == (
        "newly covers 10 people; serves gap #1, #2, #3, #4, #5; covers must-cover area a, b, c"
    )
    assert reasons_text(reasons, "en", gaps_said=None, names_said=None).endswith(
        "#1, #2, #3, #4, #5, #6, #7; covers must-cover area a, b, c, d"
    )
    assert len(reasons.gaps) == 7
    assert len(reasons.must_cover) == 4


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            {"newly_covered": 759.0, "gaps": [1, 5], "must_cover": ["园区"]},
            SiteReasons(759.0, (1, 5), ("园区",)),
        ),
        (
            {"newly_covered": 677.0, "gaps": "2,3", "must_cover": "A; B"},
            SiteReasons(677.0, (2, 3), ("A", "B")),
        ),
        ({"newly_covered": float("nan"), "gaps": "", "must_cover": None}, SiteReasons(0.0)),
        ({}, SiteReasons(0.0)),
    ],
)
def test_reasons_read_back_from_siting_json_or_the_chosen_table(
    record: dict[str, object], expected: SiteReasons
) -> None:
    assert SiteReasons.from_record(record) == expected
