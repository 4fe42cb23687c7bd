"""The report's demand tables from hand-written ``summary.json`` values: quality, audit, network.

The real CLI outputs with these tables are checked in ``tests/cli/test_demand_quality.py``;
here each case of the tables is written into a summary and rendered.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from servicecircle.report import build_report
from servicecircle.report.assumptions import population_context
from servicecircle.report.demand_context import (
    census_audit_rows,
    demand_quality_context,
    off_network_context,
)
from servicecircle.report.strings import text
from servicecircle.results.demand_records import (
    CensusAuditRecord,
    DemandAssumptions,
    DemandQualitySummary,
)
from servicecircle.results.folder import read_results
from servicecircle.results.schema import OffNetwork
from tests.report.real_outputs import copy_outputs, read_json, write_json

HOSTILE = "<script>alert('x')</script>街道"


def quality(**values: Any) -> dict[str, Any]:
    """A ``demand_quality`` of a Chinese city: 0.5 km², no residential land, 1,000 residents."""
    base: dict[str, Any] = {
        "measured_on": "final",
        "top_down": [],
        "profile": "china_city",
        "profile_label": "Chinese city",
        "profile_reason": "set by the planner",
        "residents": 1000.0,
        "study_area_km2": 0.5,
        "residential_land_km2": 0.0,
        "density_study_area": 2000.0,
        "density_residential_land": None,
        "band_study_area": [3000.0, 40000.0],
        "band_residential_land": [15000.0, 80000.0],
        "share_tagged_levels": 0.25,
        "share_assumed_levels": 0.75,
        "share_from_land": 0.0,
        "share_from_grid": 0.0,
        "people_by_basis": {"building=apartments": 250.0, "untagged, no land use": 750.0},
        "buildings_by_decision": {"non-residential": 3, "residential": 9},
        "floor_people_excluded": {"tag shop=mall": 400.0},
        "warning": "2,000 residents per km² ...",
        "notes": [],
    }
    base.update(values)
    return base


AUDIT_KEYS = ("level", "township", "community", "census_name", "where", "estimate", "census")


def audit_record(**values: Any) -> dict[str, Any]:
    """A census audit record as written (every key; ``None`` where not given)."""
    keys = (*AUDIT_KEYS, "ratio", "factor", "status")
    return {key: values.get(key) for key in keys}


def place(**values: Any) -> dict[str, Any]:
    """An off-network place as written (every key; ``None`` where not given)."""
    keys = ("people", "class", "road_m", "township", "community", "lon", "lat")
    return {key: values.get(key) for key in keys}


def measured(values: dict[str, Any]) -> DemandQualitySummary:
    return DemandQualitySummary.from_json(values)


def render(outputs_dir: Path, tmp_path: Path, lang: str, **changes: Any) -> str:
    """The report HTML of the sample run with ``changes`` written into its summary.json."""
    folder = copy_outputs(outputs_dir, tmp_path / "out")
    summary = read_json(folder / "summary.json")
    for key, value in changes.items():
        summary[key] = value
    write_json(summary, folder / "summary.json")
    (page,) = build_report(read_results(folder), folder, lang=lang, formats=["html"])
    return page.read_text(encoding="utf-8")


def test_a_thin_estimate_gets_the_warning_with_what_to_supply():
    context = demand_quality_context(measured(quality()), "zh")
    assert context is not None
    assert context["profile"] == "中国城市"
    assert not context["two_measures"]
    (warning,) = context["warnings"]
    assert warning.startswith("警告：研究区人口密度为每平方公里 2,000 人，低于中国城市的合理范围")
    assert "--census" in warning and "--population-grid" in warning
    rows = {row["label"]: row for row in context["rows"]}
    density = rows[text("quality.density_study_area", "zh")]
    assert (density["final"], density["band"]) == ("2,000", "3,000–40,000")
    assert text("quality.share_from_grid", "zh") not in rows  # no grid, no row
    # the library's reasons are said in the report's language, OSM tags in words
    assert context["by_basis"] == [
        {"basis": "未标注类型，无用地信息", "people": "750"},
        {"basis": "建筑类型 公寓楼", "people": "250"},
    ]
    assert context["by_decision"] == [("非住宅", "3"), ("住宅", "9")]


def test_too_dense_says_so():
    context = demand_quality_context(measured(quality(density_study_area=52_000.0)), "en")
    assert context is not None
    (warning,) = context["warnings"]
    assert warning.startswith("Warning: 52,000 residents per km² of the study area, above the")
    assert "likely too high" in warning


def test_after_census_totals_a_density_outside_the_band_points_at_the_audit():
    before = quality()
    after = quality(
        top_down=["census totals"],
        residents=1200.0,
        density_study_area=2400.0,
        warning=None,
        map_estimate=before,
    )
    for lang in ("zh", "en"):
        context = demand_quality_context(measured(after), lang)
        assert context is not None and context["two_measures"]
        (sentence,) = context["warnings"]
        assert "--census" not in sentence and "--population-grid" not in sentence
        rows = {row["label"]: row for row in context["rows"]}
        residents = rows[text("quality.residents", lang)]
        assert (residents["map_estimate"], residents["final"]) == ("1,000", "1,200")
    assert "采用普查人口后" in demand_quality_context(measured(after), "zh")["warnings"][0]


def test_within_the_band_there_is_no_warning():
    context = demand_quality_context(
        measured(quality(density_study_area=8000.0, warning=None)), "en"
    )
    assert context is not None and context["warnings"] == []


def test_without_a_measure_or_an_audit_there_are_no_demand_tables():
    assert demand_quality_context(None, "zh") is None
    assert census_audit_rows(None, "zh") == []


def test_audit_statuses_are_translated_and_details_kept():
    audit = [
        audit_record(
            level="community",
            township="城关镇",
            community="新村",
            where="人口.csv row 7",
            estimate=812.4,
            status="several units match: '新村' matches 2 units",
        ),
        audit_record(level="outside", estimate=30.0, status="a status from a newer version"),
    ]
    rows = census_audit_rows([CensusAuditRecord.from_json(r) for r in audit], "zh")
    assert rows[0] == {
        "level": "社区（村）",
        "township": "城关镇",
        "community": "新村",
        "where": "人口.csv 第 7 行",
        "estimate": "812",
        "census": "—",
        "ratio": "—",
        "status": "对应多个单元，未采用：'新村' matches 2 units",
    }
    assert rows[1]["level"] == "不在任何普查区域内"
    assert rows[1]["status"] == "a status from a newer version"


def test_the_audit_is_not_a_parameter_row_and_new_settings_are_labelled():
    demand = {
        "profile": "china_town",
        "max_footprint_m2": 10_000,
        "census_audit": [audit_record(level="township", township="东城街道", estimate=1.0)],
        "population_grid": {
            "source": "pop.tif",
            "grid_people": 12_345.0,
            "to_homes": 12_000.0,
            "to_cells": 345.0,
            "cell_points": 4,
            "cells": 40,
            "kept_units": 0,
            "kept_people": 0.0,
            "zeroed_units": 0,
            "estimate_before": 11_000.0,
        },
    }
    rows = dict(population_context(DemandAssumptions.from_json(demand), "zh")["rows"])
    assert rows == {
        "区域类型": "中国乡镇和农村",
        "按单栋建筑计算的最大基底面积（平方米；更大者按用地计）": "10,000",
        "人口格网": (
            "pop.tif：研究区内 12,345 人；12,000 人按格内住宅分配，345 人位于 4 个无住宅数据的格子"
        ),
    }


def test_off_network_places(tmp_path):
    off = {
        "people": 1234.0,
        "units": 2,
        "limit_m": 500.0,
        "places": [
            place(people=1200.0, road_m=812.0, township=HOSTILE, **{"class": "residential"}),
        ],
    }
    context = off_network_context(OffNetwork.from_json(off), "en")
    assert context is not None
    assert context["sentence"].startswith("1,234 people in 2 places lie farther than 500 m")
    (row,) = context["rows"]
    assert (row["people"], row["class"], row["road_m"]) == ("1,200", "residential area", "812")
    assert context["more"] == 1
    nobody = off_network_context(
        OffNetwork.from_json({"people": 0, "units": 0, "limit_m": 500, "places": []}), "zh"
    )
    assert nobody is not None and nobody["sentence"] == "所有需求单元距道路均在 500 米以内。"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_names_in_the_demand_tables_are_escaped(
    outputs_dir: Path, tmp_path: Path, lang: str
) -> None:
    summary = read_json(outputs_dir / "summary.json")
    where = {"key": "msg.demand.place.row", "fields": {"source": f"{HOSTILE}.csv", "row": 3}}
    summary["assumptions"]["demand"]["census_audit"] = [
        audit_record(
            level="township", township=HOSTILE, where=where, estimate=10.0, census=20.0, ratio=2.0
        )
    ]
    off = {"people": 5.0, "units": 1, "limit_m": 500.0, "places": [place(people=5.0)]}
    off["places"][0]["community"] = HOSTILE
    page = render(
        outputs_dir,
        tmp_path,
        lang,
        assumptions=summary["assumptions"],
        off_network=off,
        demand_quality=quality(profile_reason=HOSTILE),
    )
    assert "<script>" not in page
    assert page.count("&lt;script&gt;alert(") == 4
    assert text("census.title", lang) in page and text("offnet.title", lang) in page
    assert (".csv 第 3 行" if lang == "zh" else ".csv row 3") in page  # the file's row, said


def test_a_demand_not_measured_has_no_quality_section(outputs_dir: Path, tmp_path: Path) -> None:
    page = render(outputs_dir, tmp_path, "en", demand_quality=None)
    assert text("quality.title", "en") not in page
    # the chapters still follow, numbered as they come
    assert re.search(r'<h2 id="gaps">7\. ' + re.escape(text("doc.section.gaps", "en")), page)
