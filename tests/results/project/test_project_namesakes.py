"""Two communities called 新村 in different townships stay apart in a project's coverage tables."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd

from servicecircle.coverage import coverage_table
from servicecircle.results.project import Scenario, compare_scenarios, scenario_coverage
from servicecircle.results.project.coverage import plan_coverage_table
from tests.namesakes import BY_UNIT, DEMAND, without_townships

#: ``siting.json`` of a plan for the namesakes' area.
SITING: dict[str, Any] = {
    "coverage_before": {"urban": {"total": 500.0, "covered": 400.0}},
    "coverage_after": {"urban": {"total": 500.0, "covered": 460.0}},
    "by_unit": BY_UNIT,
}


def _communities(table: pd.DataFrame, *columns: str) -> dict[tuple[str, str], tuple[float, ...]]:
    part = table[table["level"] == "community"]
    keyed = {
        (str(row["township"]), str(row["unit"])): tuple(float(row[c]) for c in columns)
        for _, row in part.iterrows()
    }
    assert len(keyed) == len(part), "two rows for one community"
    return keyed


def test_coverage_at_breaks_keeps_namesakes_apart() -> None:
    table = coverage_table(DEMAND, [15.0])
    assert _communities(table, "people", "covered") == {
        ("东街道", "新村"): (140.0, 100.0),
        ("西镇", "新村"): (300.0, 300.0),
        ("东街道", "老街"): (60.0, 0.0),
    }


def test_coverage_at_the_service_standard_keeps_namesakes_apart() -> None:
    assert _communities(coverage_table(DEMAND, None), "people", "covered") == {
        ("东街道", "新村"): (140.0, 100.0),
        ("西镇", "新村"): (300.0, 300.0),
        ("东街道", "老街"): (60.0, 0.0),
    }


def test_plan_coverage_keeps_namesakes_apart() -> None:
    table = plan_coverage_table(SITING, DEMAND)
    assert _communities(table, "people", "covered_before", "covered_after") == {
        ("东街道", "新村"): (140.0, 100.0, 140.0),
        ("西镇", "新村"): (300.0, 300.0, 300.0),
        ("东街道", "老街"): (60.0, 0.0, 20.0),
    }
    township = table[table["level"] == "township"]
    assert township[["township", "unit"]].values.tolist() == [["", "东街道"], ["", "西镇"]]


def test_plan_coverage_from_older_outputs_never_guesses_a_namesakes_township() -> None:
    """``by_unit`` without a township column: only a name in one township gets one."""
    old = {**SITING, "by_unit": without_townships(BY_UNIT)}
    table = plan_coverage_table(old, DEMAND)
    rows = table[table["level"] == "community"]
    assert rows[["township", "unit", "people"]].values.tolist() == [
        ["", "新村", 140.0],
        ["", "新村", 300.0],
        ["东街道", "老街", 60.0],
    ]


def test_comparing_today_with_a_plan_keeps_namesakes_apart() -> None:
    demand = gpd.GeoDataFrame(DEMAND, geometry=gpd.points_from_xy(range(4), [0] * 4), crs=3857)
    today = Scenario("today", layers={"demand": demand})
    plan = Scenario(
        "+1 outlet",
        tables={"plan_coverage": plan_coverage_table(SITING, DEMAND)},
        summary={"siting": SITING},
    )
    assert _communities(scenario_coverage(plan), "people", "covered") == {
        ("东街道", "新村"): (140.0, 140.0),
        ("西镇", "新村"): (300.0, 300.0),
        ("东街道", "老街"): (60.0, 20.0),
    }
    compared = compare_scenarios(today, plan)
    assert _communities(compared, "people", "covered_a", "covered_b", "gained") == {
        ("东街道", "新村"): (140.0, 100.0, 140.0, 40.0),
        ("西镇", "新村"): (300.0, 300.0, 300.0, 0.0),
        ("东街道", "老街"): (60.0, 0.0, 20.0, 20.0),
    }
