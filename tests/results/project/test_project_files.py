"""Project files a planner may choose: foreign GeoPackages, damaged projects and outputs."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from servicecircle.errors import InputDataError
from servicecircle.results.project import (
    Project,
    Scenario,
    add_scenario,
    load_project,
    save_project,
    scenario_from_outputs,
    update_project,
)
from servicecircle.results.staging import MANIFEST, PREVIOUS_PREFIX, STAGING_PREFIX
from tests.results.project.projects_fixture import points, sample_project, write_qgis_geopackage


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def qgis_geopackage(tmp_path: Path) -> Path:
    """A planner's own GeoPackage: two layers and the QGIS styles table."""
    return write_qgis_geopackage(tmp_path / "县城底图.gpkg")


# --------------------------------------------------------------------------- foreign files


def test_saving_over_a_foreign_geopackage_is_refused_and_leaves_it_unchanged(
    qgis_geopackage: Path,
) -> None:
    before = _digest(qgis_geopackage)
    saves: list[Callable[[], object]] = [
        lambda: save_project(sample_project(), qgis_geopackage),
        lambda: add_scenario(qgis_geopackage, Scenario("today"), new_project=Project("p")),
        lambda: update_project(qgis_geopackage, lambda project: Project("p")),
    ]
    for save in saves:
        with pytest.raises(InputDataError) as info:
            save()
        message = str(info.value)
        assert "is not a servicecircle project" in message
        assert "3 layers and tables" in message
        assert "'roads'" in message and "'buildings'" in message
        assert "layer_styles (QGIS styles)" in message
        assert "left unchanged" in message
        assert "Choose a new file name" in message and "县城底图_project.gpkg" in message
        assert _digest(qgis_geopackage) == before
    assert sorted(p.name for p in qgis_geopackage.parent.iterdir()) == [qgis_geopackage.name]


def test_a_foreign_geopackage_still_opens_for_viewing(qgis_geopackage: Path) -> None:
    before = _digest(qgis_geopackage)
    project = load_project(qgis_geopackage)
    assert project.name == "县城底图" and project.scenarios == ()
    assert list(project.layers) == ["roads", "buildings"]  # feature layers only
    assert project.layers["buildings"]["name"].tolist() == ["p0", "p1", "p2"]
    assert _digest(qgis_geopackage) == before


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"planning notes\n", "it is not a GeoPackage (it looks like"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "SQLite database that cannot be read"),
    ],
)
def test_saving_over_other_files_is_refused(tmp_path: Path, content: bytes, said: str) -> None:
    path = tmp_path / "plan.gpkg"
    path.write_bytes(content)
    with pytest.raises(InputDataError, match="not a servicecircle project") as info:
        add_scenario(path, Scenario("today"), new_project=Project("p"))
    assert said in str(info.value)
    assert path.read_bytes() == content


def test_a_plain_sqlite_database_is_described(tmp_path: Path) -> None:
    path = tmp_path / "plan.gpkg"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE budget (year INTEGER, yuan REAL)")
    connection.commit()
    connection.close()
    before = _digest(path)
    with pytest.raises(InputDataError) as info:
        save_project(Project("p"), path)
    assert "an SQLite database holding 1 layer or table: 'budget'" in str(info.value)
    assert _digest(path) == before


def test_an_sc_project_table_of_someone_else_is_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "plan.gpkg"
    pyogrio.write_dataframe(points(), path, layer="roads", driver="GPKG")
    table = pd.DataFrame({"key": ["format"], "value": [json.dumps("other-tool")]})
    pyogrio.write_dataframe(table, path, layer="sc_project", driver="GPKG")
    before = _digest(path)
    with pytest.raises(InputDataError) as info:
        save_project(Project("p"), path)
    assert "sc_project table was not written by servicecircle" in str(info.value)
    assert _digest(path) == before
    with pytest.raises(InputDataError, match="servicecircle did not write"):
        load_project(path)


def test_saving_to_a_folder_or_an_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputDataError, match="that is a folder"):
        save_project(Project("p"), tmp_path)
    empty = tmp_path / "new.gpkg"
    empty.touch()  # e.g. made by a file dialog: nothing to lose
    add_scenario(empty, Scenario("today"), new_project=Project("p"))
    assert [s.name for s in load_project(empty).scenarios] == ["today"]


def test_a_project_is_replaced_and_extended(tmp_path: Path) -> None:
    path = save_project(sample_project(), tmp_path / "p.gpkg")
    saved = add_scenario(
        path, Scenario("third", layers={"sites": points()}), new_project=Project("x")
    )
    loaded = load_project(path)
    assert [s.name for s in loaded.scenarios] == ["现状 today", "+1 outlet", "third"]
    assert loaded.equals(saved)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.gpkg"]  # no lock file left


# --------------------------------------------------------------------------- damaged projects


def _sql(statement: str) -> Callable[[Path], None]:
    def run(path: Path) -> None:
        connection = sqlite3.connect(path)
        connection.execute(statement)
        connection.commit()
        connection.close()

    return run


def _cut(fraction: float = 0.0, *, at: int | None = None) -> Callable[[Path], None]:
    def cut(path: Path) -> None:
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * fraction) if at is None else at])

    return cut


DAMAGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "cut at 60 bytes": (_cut(at=60), "is not a GeoPackage"),
    "cut in half": (_cut(0.5), "damaged or cut off"),
    "random bytes": (lambda p: p.write_bytes(bytes(range(256)) * 40), "is not a GeoPackage"),
    "bad JSON": (
        _sql("UPDATE sc_project SET value = '{not json' WHERE key = 'scenarios'"),
        "the value of 'scenarios' in its sc_project table is not valid JSON",
    ),
    "missing key": (
        _sql("DELETE FROM sc_project WHERE key = 'tables'"),
        "its sc_project table lacks 'tables'",
    ),
    "wrong type": (
        _sql("UPDATE sc_project SET value = '\"x\"' WHERE key = 'settings'"),
        "'settings' in its sc_project table has the wrong type",
    ),
    "no value column": (
        _sql("ALTER TABLE sc_project RENAME COLUMN value TO v"),
        "its sc_project table has no 'key' and 'value' columns",
    ),
    "listed table missing": (
        _sql("DROP TABLE s01_demand"),
        "table 's01_demand' (listed in sc_project) is missing",
    ),
    "column spec broken": (
        _sql(
            'UPDATE sc_project SET value = replace(value, \'"stored": "people"\', '
            "'\"stored\": \"gone\"') WHERE key = 'tables'"
        ),
        "table 'demand' cannot be restored",
    ),
    "scenario entry broken": (
        _sql("UPDATE sc_project SET value = '[{\"name\": 3}]' WHERE key = 'scenarios'"),
        "scenario 1 in its sc_project table is incomplete",
    ),
}


@pytest.fixture(scope="module")
def saved_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_project(sample_project(), tmp_path_factory.mktemp("saved") / "p.gpkg")


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_project_gives_a_message(
    damage: str, saved_project: Path, tmp_path: Path
) -> None:
    mutate, said = DAMAGES[damage]
    path = tmp_path / "p.gpkg"
    shutil.copyfile(saved_project, path)
    mutate(path)
    with pytest.raises(InputDataError) as info:
        load_project(path)
    message = str(info.value)
    assert said in message
    assert message.startswith("p.gpkg "), "the message names the file"
    if "servicecircle project" in message:
        assert "Open an earlier copy of the file" in message
    # adding a scenario to it is refused too, and the file is left as it is
    before = _digest(path)
    with pytest.raises(InputDataError):
        add_scenario(path, Scenario("new"), new_project=Project("p"))
    assert _digest(path) == before


def test_every_cut_of_a_project_gives_a_message_or_the_project(
    saved_project: Path, tmp_path: Path
) -> None:
    data = saved_project.read_bytes()
    path = tmp_path / "p.gpkg"
    refused = 0
    for cut in range(100, len(data), len(data) // 23):
        path.write_bytes(data[:cut])
        try:
            load_project(path)
        except InputDataError:  # anything else fails the test
            refused += 1
    assert refused > 0


# --------------------------------------------------------------------------- damaged outputs


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What ``analyze`` writes: analysis.gpkg with a demand layer, and summary.json."""
    folder = tmp_path_factory.mktemp("run")
    demand = points(3).assign(people=[10.0, 20.0, 30.0], minutes_to_nearest=[3.0, 12.0, 40.0])
    pyogrio.write_dataframe(demand, folder / "analysis.gpkg", layer="demand", driver="GPKG")
    summary = {"mode": "walk", "minutes": [5, 15]}
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return folder


def test_outputs_make_a_scenario(run_folder: Path) -> None:
    scenario = scenario_from_outputs(run_folder, name="today")
    assert scenario.parameters == {"mode": "walk", "minutes": [5, 15]}
    total = scenario.tables["coverage"].query("level == 'total'")
    assert total["covered"].tolist() == [10.0, 30.0]


def test_outputs_left_by_a_killed_run_are_tidied_before_they_are_read(
    run_folder: Path, tmp_path: Path
) -> None:
    """A new ``analyze`` killed after moving its analysis.gpkg in, before its summary.json."""
    folder = tmp_path / "run"
    shutil.copytree(run_folder, folder)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    token = f"{int(dead.stdout)}-0123abcd"
    stage, previous = folder / f"{STAGING_PREFIX}{token}", folder / f"{PREVIOUS_PREFIX}{token}"
    stage.mkdir()
    previous.mkdir()
    (stage / MANIFEST).write_text('["analysis.gpkg", "summary.json"]', encoding="utf-8")
    (stage / "summary.json").write_text('{"mode": "bike", "minutes": [5]}', encoding="utf-8")
    for name in ("analysis.gpkg", "summary.json"):
        (folder / name).replace(previous / name)  # the old results, moved out
    new = points(3).assign(people=[1.0, 1.0, 1.0], minutes_to_nearest=[1.0, 1.0, 1.0])
    pyogrio.write_dataframe(new, folder / "analysis.gpkg", layer="demand", driver="GPKG")

    scenario = scenario_from_outputs(folder, name="today")

    assert scenario.parameters == {"mode": "walk", "minutes": [5, 15]}  # the old run, whole
    total = scenario.tables["coverage"].query("level == 'total'")
    assert total["people"].tolist() == [60.0, 60.0]
    assert total["covered"].tolist() == [10.0, 30.0]
    assert sorted(p.name for p in folder.iterdir()) == ["analysis.gpkg", "summary.json"]


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("summary.json", b"", "summary.json in .* is damaged \\(it is empty\\)"),
        ("summary.json", b'{"mode": "walk", ', "not valid JSON"),
        ("summary.json", b"[1, 2]", "it holds a list instead of a JSON object"),
        ("summary.json", b"{}", "it holds no results"),
        ("summary.json", b"\xff\xfe{", "it is not UTF-8 text"),
        ("summary.json", b'{"minutes": "soon"}', "'minutes' is 'soon', not a list of numbers"),
        (
            "siting.json",
            b"null",
            "siting.json in .* is damaged \\(it holds null instead of a JSON object",
        ),
        ("analysis.gpkg", b"SQLite format 3\x00" + b"\x01" * 300, "analysis.gpkg in .* damaged"),
        ("siting.gpkg", b"<OGRVRTDataSource/>", "siting.gpkg in .* damaged"),
    ],
)
def test_damaged_outputs_name_the_file_and_the_command(
    run_folder: Path, tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    folder = tmp_path / "run"
    shutil.copytree(run_folder, folder)
    (folder / name).write_bytes(content)
    with pytest.raises(InputDataError, match=said) as info:
        scenario_from_outputs(folder, name="today")
    command = "`servicecircle site`" if name.startswith("siting") else "`servicecircle analyze`"
    assert f"run {command}" in str(info.value)
    assert f"--out {folder}" in str(info.value)
