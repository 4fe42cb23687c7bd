"""Project files are GeoPackage 1.2, as every other GeoPackage a run writes."""

from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path

import pyogrio

from servicecircle.results.gpkg_version import GPKG_VERSION
from servicecircle.results.project import Project, load_project, save_project
from tests.results.project.projects_fixture import sample_project


def _user_version(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


def test_a_saved_project_is_geopackage_1_2_and_opens_without_warnings(tmp_path: Path) -> None:
    path = save_project(sample_project(), tmp_path / "plan.gpkg")
    major, minor = (int(part) for part in GPKG_VERSION.split("."))
    assert _user_version(path) == major * 10000 + minor * 100 == 10200  # not 1.4 (10400)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name, _geometry in pyogrio.list_layers(path):
            pyogrio.read_info(path, layer=name)
    assert load_project(path).layers.keys() == sample_project().layers.keys()


def test_a_project_saved_over_itself_stays_1_2(tmp_path: Path) -> None:
    path = save_project(sample_project(), tmp_path / "plan.gpkg")
    save_project(sample_project(20), path)
    assert _user_version(path) == 10200


def test_a_project_without_layers_or_scenarios_is_1_2(tmp_path: Path) -> None:
    path = save_project(Project(name="空项目"), tmp_path / "empty.gpkg")
    assert _user_version(path) == 10200
