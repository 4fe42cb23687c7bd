"""Two communities called 新村 in different townships stay apart in the report's tables."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from servicecircle.report.coverage_tables import unit_tables
from servicecircle.report.siting_tables import unit_before_after
from servicecircle.results.folder import read_results
from servicecircle.results.schema import UnitBeforeAfter, UnitCoverage
from tests.namesakes import BY_UNIT, DEMAND

#: ``units`` of summary.json for the same area.
SUMMARY_UNITS: list[dict[str, Any]] = [
    {"level": "community", "name": "新村", "township": "东街道", "people": 140.0},
    {"level": "community", "name": "新村", "township": "西镇", "people": 300.0},
    {"level": "community", "name": "老街", "township": "东街道", "people": 60.0},
]


def _by_place(rows: list[dict[str, Any]], label: str = "label") -> dict[tuple[str, str], Any]:
    keyed = {(row["township"], row[label]): row for row in rows}
    assert len(keyed) == len(rows), "two rows for one community"
    return keyed


def test_before_and_after_keeps_namesakes_apart() -> None:
    by_unit = [
        UnitBeforeAfter.from_json({**unit, "share_before": None, "share_after": None})
        for unit in BY_UNIT
    ]
    rows = _by_place(unit_before_after(by_unit, "zh")["community"])
    assert set(rows) == {("东街道", "新村"), ("西镇", "新村"), ("东街道", "老街")}
    east, west = rows[("东街道", "新村")], rows[("西镇", "新村")]
    assert (east["people"], east["before"], east["after"], east["gain"]) == (
        "140",
        "100",
        "140",
        "40",
    )
    assert (west["people"], west["before"], west["after"], west["gain"]) == (
        "300",
        "300",
        "300",
        "0",
    )


def test_coverage_by_community_from_the_demand_layer_keeps_namesakes_apart(
    outputs_dir: Path,
) -> None:
    summary = dataclasses.replace(read_results(outputs_dir).coverage, units=())
    tables = unit_tables(summary, DEMAND, [15.0], "zh")
    rows = _by_place(tables["community"], label="unit")
    assert set(rows) == {("东街道", "新村"), ("西镇", "新村"), ("东街道", "老街")}
    east, west = rows[("东街道", "新村")], rows[("西镇", "新村")]
    assert (east["people"], east["covered"], east["uncovered"]) == ("140", "100", "40")
    assert (west["people"], west["covered"], west["uncovered"]) == ("300", "300", "0")
    towns = {row["unit"]: row["people"] for row in tables["township"]}
    assert towns == {"东街道": "200", "西镇": "300"}


def test_coverage_by_community_from_the_summary_keeps_namesakes_apart(outputs_dir: Path) -> None:
    units = tuple(
        UnitCoverage.from_json(
            {**unit, "covered": {"15": cov}, "share": {"15": cov / unit["people"]}}
        )
        for unit, cov in zip(SUMMARY_UNITS, [100.0, 300.0, 0.0], strict=True)
    )
    summary = dataclasses.replace(
        read_results(outputs_dir).coverage, units=units, population_total=None
    )
    tables = unit_tables(summary, None, [15.0], "zh")
    rows = _by_place(tables["community"], label="unit")
    assert rows[("东街道", "新村")]["covered"] == "100"
    assert rows[("西镇", "新村")]["covered"] == "300"
