"""Projects: one GeoPackage, exact round trip, atomic saves, scenario comparison."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from servicecircle.errors import InputDataError
from servicecircle.results.project import (
    Project,
    Scenario,
    compare_scenarios,
    demand_changes,
    frames_equal,
    load_project,
    save_project,
    sites_changed,
)
from tests.results.project.projects_fixture import demand_layer, sample_project

REPO = Path(__file__).resolve().parents[3]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_projects_equal(a: Project, b: Project) -> None:
    assert a.name == b.name
    assert a.settings == b.settings
    assert list(a.layers) == list(b.layers)
    for name in a.layers:
        assert_geodataframe_equal(a.layers[name], b.layers[name], check_less_precise=False)
    assert [s.name for s in a.scenarios] == [s.name for s in b.scenarios]
    for sa, sb in zip(a.scenarios, b.scenarios, strict=True):
        assert sa.parameters == sb.parameters
        assert sa.summary == sb.summary
        assert list(sa.layers) == list(sb.layers)
        for name in sa.layers:
            assert_geodataframe_equal(sa.layers[name], sb.layers[name], check_less_precise=False)
        for name in sa.tables:
            assert_frame_equal(sa.tables[name], sb.tables[name], check_exact=True)
    assert a.equals(b)


def test_round_trip_restores_every_layer_and_scenario_exactly(tmp_path: Path) -> None:
    project = sample_project()
    path = save_project(project, tmp_path / "县城.gpkg")
    loaded = load_project(path)
    _assert_projects_equal(project, loaded)
    demand = loaded.scenarios[0].layers["demand"]
    assert str(demand["floors"].dtype) == "int32"
    assert str(demand["area_m2"].dtype) == "float32"
    assert demand["census_people"].dtype == "Int64"
    assert demand["checked"].dtype == "boolean"
    assert isinstance(demand["class"].dtype, pd.CategoricalDtype)
    assert demand.index.name == "unit_id"
    assert demand["reasons"].iloc[0] == ["near bus stop", "公共建筑"]
    assert demand["updated"].iloc[0] == pd.Timestamp("2024-05-01 08:30:00.123456")
    assert demand.geometry.iloc[3] is None
    assert loaded.layers["boundaries"].crs.to_epsg() == 4547
    # parameters are JSON-native on both sides: the tuple became a list
    assert loaded.scenarios[0].parameters["minutes"] == [5, 10, 15]


def test_saved_file_is_a_valid_geopackage_that_gis_tools_list(tmp_path: Path) -> None:
    path = save_project(sample_project(), tmp_path / "p.gpkg")
    with sqlite3.connect(path) as db:
        (app_id,) = db.execute("PRAGMA application_id").fetchone()
        assert app_id == 0x47504B47  # "GPKG"
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        contents = dict(db.execute("SELECT table_name, data_type FROM gpkg_contents"))
        identifiers = {r[0] for r in db.execute("SELECT identifier FROM gpkg_contents")}
    assert contents["demand"] == "features"
    assert contents["s01_demand"] == "features"
    assert contents["s01_curve"] == "attributes"
    assert contents["sc_project"] == "attributes"
    assert contents["sc_scenarios"] == "attributes"
    assert "现状 today · demand" in identifiers  # QGIS shows the scenario name
    scenarios = pyogrio.read_dataframe(path, layer="sc_scenarios")
    assert list(scenarios["name"]) == ["现状 today", "+1 outlet"]
    assert json.loads(scenarios["parameters"].iloc[1])["model"] == "MCLP"
    # a plain GIS reader sees the real columns, not encoded ones
    plain = gpd.read_file(path, layer="demand")
    assert {"people", "minutes_to_nearest", "township"} <= set(plain.columns)
    assert len(plain) == 12
    assert not list(tmp_path.glob(".*.part*"))


def test_resaving_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "p.gpkg"
    project = sample_project()
    save_project(project, path)
    smaller = project.without_scenario("+1 outlet")
    save_project(smaller, path)
    loaded = load_project(path)
    assert [s.name for s in loaded.scenarios] == ["现状 today"]
    _assert_projects_equal(smaller, loaded)


def test_failed_save_leaves_the_previous_file_intact(tmp_path: Path) -> None:
    path = tmp_path / "p.gpkg"
    original = sample_project()
    save_project(original, path)
    before = _digest(path)
    bad = demand_layer()
    bad["impedance"] = np.arange(len(bad)) * (1 + 2j)  # complex numbers: GDAL cannot store
    broken = original.with_scenario(
        Scenario("broken", layers={"demand": demand_layer(), "bad": bad})
    )
    steps: list[str] = []
    with pytest.raises(Exception):  # noqa: B017 - whatever GDAL raises
        save_project(broken, path, progress=lambda f, msg: steps.append(msg))
    assert any("broken · demand" in str(s) for s in steps), "failure must come after some writes"
    assert _digest(path) == before
    assert list(tmp_path.iterdir()) == [path], "temporary file left behind"
    _assert_projects_equal(original, load_project(path))


_CHILD = """
import os, sys, time
from servicecircle.results.project import save_project
from tests.results.project.projects_fixture import sample_project

def progress(fraction, message):
    if fraction >= 0.5:
        print("HALFWAY", flush=True)
        time.sleep(120)

project = sample_project(400).with_layers({"extra": sample_project(400).layers["demand"]})
save_project(project, sys.argv[1], progress=progress)
print("DONE", flush=True)
"""


def test_kill_during_save_leaves_the_previous_file_intact(tmp_path: Path) -> None:
    path = tmp_path / "p.gpkg"
    original = sample_project()
    save_project(original, path)
    before = _digest(path)
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line == "HALFWAY", f"child did not reach the middle of the save: {line!r}"
        partial = list(tmp_path.glob(".p.gpkg.*.part.gpkg"))
        assert partial, "the child should be writing a temporary file"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    assert _digest(path) == before
    _assert_projects_equal(original, load_project(path))
    # the next save clears what the killed one left behind
    assert list(tmp_path.glob(".p.gpkg.*.part.gpkg*"))
    save_project(original, path)
    assert not list(tmp_path.glob(".p.gpkg.*.part.gpkg*"))
    _assert_projects_equal(original, load_project(path))


def test_bad_inputs_raise_planner_messages(tmp_path: Path) -> None:
    s = Scenario("a")
    with pytest.raises(InputDataError, match="unique"):
        Project("p", scenarios=(s, Scenario("a")))
    with pytest.raises(InputDataError, match="cannot be saved"):
        Scenario("b", parameters={"when": object()})
    with pytest.raises(InputDataError, match="GeoDataFrame"):
        Scenario("c", layers={"t": pd.DataFrame({"a": [1]})})  # type: ignore[dict-item]
    with pytest.raises(InputDataError, match="folder"):
        save_project(Project("p"), tmp_path / "missing" / "p.gpkg")
    with pytest.raises(InputDataError, match="No project file"):
        load_project(tmp_path / "nothing.gpkg")
    with pytest.raises(KeyError, match="scenarios: 'a'"):
        Project("p", scenarios=(s,)).scenario("zzz")


def test_with_scenario_replaces_by_name_and_keeps_order() -> None:
    project = sample_project()
    new = Scenario("现状 today", parameters={"mode": "bike"})
    replaced = project.with_scenario(new)
    assert [s.name for s in replaced.scenarios] == ["现状 today", "+1 outlet"]
    assert replaced.scenario("现状 today").parameters == {"mode": "bike"}
    assert project.scenario("现状 today").parameters["mode"] == "walk"  # input untouched
    added = project.with_scenario(Scenario("third"))
    assert [s.name for s in added.scenarios][-1] == "third"


def test_compare_scenarios_reports_people_gained_and_sites_added() -> None:
    project = sample_project()
    a, b = project.scenarios
    table = compare_scenarios(a, b, minutes=[10])
    da, db = a.layers["demand"], b.layers["demand_after"]
    people = da["people"]
    covered_a = people[da["minutes_to_nearest"] <= 10].sum()
    covered_b = people[db["minutes_to_nearest"] <= 10].sum()
    total = table[table["level"] == "total"].iloc[0]
    assert total["covered_a"] == pytest.approx(covered_a)
    assert total["covered_b"] == pytest.approx(covered_b)
    assert total["gained"] == pytest.approx(covered_b - covered_a)
    assert total["gained"] > 0
    by_class = table[table["level"] == "class"].set_index("unit")
    assert by_class["gained"].sum() == pytest.approx(total["gained"])
    assert set(table["level"]) == {"total", "class", "township", "community"}
    assert table.attrs["sites_added"] == 1
    assert table.attrs["sites_removed"] == 0
    assert table.attrs["scenario_b"] == "+1 outlet"

    changes = demand_changes(a, b, minutes=10)
    gained = changes[changes["change"] == "gained"]
    assert gained["people"].sum() == pytest.approx(covered_b - covered_a)
    assert (changes["change"] == "lost").sum() == 0
    sites = sites_changed(a, b)
    assert sorted(sites["change"]) == ["added", "kept", "kept"]
    assert sites.loc[sites["change"] == "added", "name"].item() == "新增 <i>站</i>"


def test_demand_changes_needs_the_same_units() -> None:
    a = Scenario("a", layers={"demand": demand_layer(6)})
    b = Scenario("b", layers={"demand": demand_layer(6).iloc[::-1]})
    with pytest.raises(InputDataError, match="same demand"):
        demand_changes(a, b)


_names = st.text(alphabet="abc城关镇_ <>&'\"", min_size=0, max_size=8)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.lists(
        st.tuples(
            st.floats(allow_nan=True, allow_infinity=False, width=64),
            st.integers(min_value=-(2**62), max_value=2**62),
            st.one_of(st.none(), _names),
            st.floats(min_value=-180, max_value=180),
            st.floats(min_value=-85, max_value=85),
        ),
        min_size=0,
        max_size=20,
    )
)
def test_round_trip_property(tmp_path: Path, values: list[tuple]) -> None:
    frame = gpd.GeoDataFrame(
        {
            "x": pd.Series([v[0] for v in values], dtype="float64"),
            "n": pd.Series([v[1] for v in values], dtype="int64"),
            "label": pd.Series([v[2] for v in values], dtype=object),
        },
        geometry=gpd.GeoSeries([shapely.Point(v[3], v[4]) for v in values], crs="EPSG:4326"),
    )
    project = Project("p", scenarios=(Scenario("s", layers={"layer": frame}),))
    path = save_project(project, tmp_path / "prop.gpkg")
    back = load_project(path).scenarios[0].layers["layer"]
    assert frames_equal(frame, back)


def test_save_keeps_a_temporary_file_of_a_running_save(tmp_path: Path) -> None:
    path = tmp_path / "p.gpkg"
    running = tmp_path / f".p.gpkg.{os.getppid()}-0badc0de.part.gpkg"
    running.write_bytes(b"in progress")
    unrelated = tmp_path / ".other.gpkg.1-0badc0de.part.gpkg"
    unrelated.write_bytes(b"another project")
    save_project(sample_project(), path)
    assert running.exists() and unrelated.exists()
