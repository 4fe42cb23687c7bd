"""Projects from the command line: ``--project`` round trip and today vs +N outlets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyogrio
import pytest

from servicecircle.cli import main
from servicecircle.results.project import (
    compare_scenarios,
    demand_changes,
    load_project,
    scenario_coverage,
    scenario_from_outputs,
    sites_changed,
)
from tests.report.real_outputs import read_json


@pytest.fixture(scope="module")
def cli_project(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``analyze --project`` (today) then ``site --new 3 --project`` (+3 outlets)."""
    root = tmp_path_factory.mktemp("cli_project")
    project = root / "plan.gpkg"
    common = ["--project", str(project)]
    assert main(["-q", "analyze", "sample", "--out", str(root / "a"), *common,
                 "--scenario", "today"]) == 0  # fmt: skip
    assert main(["-q", "site", "sample", "--new", "3", "--must-cover", "relocation",
                 "--out", str(root / "b"), *common, "--scenario", "+3 outlets"]) == 0  # fmt: skip
    return {
        "path": project,
        "a": root / "a",
        "b": root / "b",
        "summary_a": read_json(root / "a" / "summary.json"),
        "summary_b": read_json(root / "b" / "summary.json"),
        "siting": read_json(root / "b" / "siting.json"),
    }


def test_cli_project_round_trips_every_scenario_exactly(cli_project: dict[str, Any]) -> None:
    loaded = load_project(cli_project["path"])
    assert [s.name for s in loaded.scenarios] == ["today", "+3 outlets"]
    today, plus = loaded.scenarios
    # what the CLI saved is exactly what the outputs hold
    for scenario, folder in ((today, cli_project["a"]), (plus, cli_project["b"])):
        fresh = scenario_from_outputs(folder, name=scenario.name, parameters=scenario.parameters)
        assert scenario.equals(fresh), scenario.name
    assert today.parameters["minutes"] == [5.0, 10.0, 15.0]
    assert plus.parameters["new"] == 3 and plus.parameters["must_cover"] == "relocation"
    assert today.summary["analysis"] == cli_project["summary_a"]
    assert plus.summary["siting"] == cli_project["siting"]
    assert {"demand", "outlets", "isochrones", "gaps", "units", "must_cover"} <= set(today.layers)
    assert {"chosen", "candidates"} <= set(plus.layers)
    assert {"curve", "by_unit", "coverage", "plan_coverage"} <= set(plus.tables)
    # standard GeoPackage layers and tables that QGIS lists
    names = {str(row[0]) for row in pyogrio.list_layers(cli_project["path"])}
    assert {"s01_demand", "s02_chosen", "s02_plan_coverage", "sc_scenarios"} <= names


def test_resaving_a_scenario_of_the_same_name_replaces_it(
    cli_project: dict[str, Any], tmp_path: Path
) -> None:
    project = tmp_path / "again.gpkg"
    for _ in range(2):
        assert main(["-q", "analyze", "sample", "--out", str(tmp_path / "a"),
                     "--project", str(project), "--scenario", "today"]) == 0  # fmt: skip
    assert [s.name for s in load_project(project).scenarios] == ["today"]


def test_today_against_plus_three_outlets(cli_project: dict[str, Any]) -> None:
    loaded = load_project(cli_project["path"])
    today, plus = loaded.scenario("today"), loaded.scenario("+3 outlets")
    siting = cli_project["siting"]
    table = compare_scenarios(today, plus)
    assert table.attrs["basis"] == "standard"
    # three asked for; a site that adds nobody within its standard is not recommended
    assert table.attrs["sites_added"] == len(siting["chosen"]) == 3 - siting["dropped"]
    assert table.attrs["sites_removed"] == 0
    assert table.attrs["sites_a"] == cli_project["summary_a"]["n_outlets"]
    newly = sum(site["newly_covered"] for site in siting["chosen"])
    assert table.attrs["people_gained"] == pytest.approx(newly, abs=1.0)

    total = table[table["level"] == "total"].iloc[0]
    assert total["people"] == pytest.approx(cli_project["summary_a"]["population_total"], abs=0.1)
    assert total["share_a"] == pytest.approx(siting["share_before"], abs=1e-3)
    assert total["share_b"] == pytest.approx(siting["share_after"], abs=1e-3)
    by_class = table[table["level"] == "class"].set_index("unit")
    for name, after in siting["coverage_after"].items():
        before = siting["coverage_before"][name]
        assert by_class.loc[name, "covered_a"] == pytest.approx(before["covered"], abs=0.01)
        assert by_class.loc[name, "covered_b"] == pytest.approx(after["covered"], abs=0.01)
    assert by_class.loc["relocation", "share_b"] == pytest.approx(1.0)  # must-cover
    for unit in siting["by_unit"]:
        rows = table[(table["level"] == unit["level"]) & (table["unit"] == unit["name"])]
        assert len(rows) == 1, unit["name"]
        row = rows.iloc[0]
        assert row["covered_a"] == pytest.approx(unit["covered_before"], abs=0.01)
        assert row["covered_b"] == pytest.approx(unit["covered_after"], abs=0.01)
        assert row["gained"] >= 0
    communities = table[table["level"] == "community"]
    assert (communities["township"] != "").all()  # each community under its township

    # the other way round, the plan's people are lost
    back = compare_scenarios(plus, today)
    assert back.attrs["people_gained"] == pytest.approx(-newly, abs=1.0)
    assert back.attrs["sites_removed"] == len(siting["chosen"])


def test_by_break_comparison_of_a_plan_uses_its_demand_after(
    cli_project: dict[str, Any],
) -> None:
    loaded = load_project(cli_project["path"])
    today, plus = loaded.scenario("today"), loaded.scenario("+3 outlets")
    # two analyze-type outcomes compare by break
    same = compare_scenarios(today, today, minutes=[5, 15])
    assert same.attrs["basis"] == "minutes"
    assert set(same["minutes"]) == {5.0, 15.0} and (same["gained"] == 0).all()
    assert scenario_coverage(today, minutes=[15]).iloc[0]["covered"] == pytest.approx(
        cli_project["summary_a"]["population_covered"]["15"], abs=0.01
    )
    # the plan's siting.gpkg carries demand_after, so breaks compare exactly
    assert "demand_after" in plus.layers
    table = compare_scenarios(today, plus, minutes=[15])
    assert table.attrs["basis"] == "minutes"
    assert (table["gained"] >= -1e-9).all() and table["gained"].max() > 0
    changes = demand_changes(today, plus, minutes=15)
    assert changes.attrs["complete"] is True and len(changes) > 0
    assert demand_changes(today, today, minutes=15).attrs["complete"] is True
    sites = sites_changed(today, plus)
    added = sites[sites["change"] == "added"]
    assert sorted(added["name"]) == sorted(s["name"] for s in cli_project["siting"]["chosen"])


def test_reopening_a_plain_geopackage_gives_its_layers(cli_project: dict[str, Any]) -> None:
    project = load_project(cli_project["a"] / "analysis.gpkg")
    assert project.name == "analysis"
    assert {"demand", "outlets", "isochrones", "gaps", "units"} <= set(project.layers)
    assert project.scenarios == ()
