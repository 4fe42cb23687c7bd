"""load_project holds a project file to the server's limits (issue 10).

A GeoPackage chosen in "open project" (a plain one opens with all its feature
layers) must not take the server's memory: its size, the features of each
layer and its vertices are checked as for every other file a planner brings.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely

from servicecircle.errors import InputDataError, ResourceLimitError
from servicecircle.limits import Limits
from servicecircle.results.project import load_project, save_project
from tests.results.project.projects_fixture import points, sample_project


def _plain(path: Path, n_points: int = 5, ring_vertices: int = 0) -> Path:
    """A plain GeoPackage: ``n_points`` points, and a polygon of ``ring_vertices`` if any."""
    pyogrio.write_dataframe(points(n_points), path, layer="sites", driver="GPKG")
    if ring_vertices:
        angles = np.linspace(0, 2 * np.pi, ring_vertices - 1, endpoint=False)
        ring = np.c_[106.6 + 0.01 * np.cos(angles), 26.6 + 0.01 * np.sin(angles)]
        outline = gpd.GeoDataFrame(
            {"name": ["县城"]}, geometry=[shapely.Polygon(ring)], crs="EPSG:4326"
        )
        pyogrio.write_dataframe(outline, path, layer="outline", driver="GPKG")
    return path


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every layer pyogrio is asked to read (and read none)."""
    asked: list[str] = []

    def refuse(*args: object, layer: str | None = None, **kwargs: object) -> None:
        asked.append(str(layer))
        raise AssertionError(f"layer {layer!r} was read")

    monkeypatch.setattr(pyogrio, "read_dataframe", refuse)
    return asked


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _plain(tmp_path / "底图.gpkg")
    asked = _no_reading(monkeypatch)
    size_mb = path.stat().st_size / 2**20
    with pytest.raises(ResourceLimitError) as info:
        load_project(path, limits=Limits(file_mb=size_mb / 2))
    message = str(info.value)
    assert "底图.gpkg is" in message and "SERVICECIRCLE_MAX_FILE_MB" in message
    assert asked == []


def test_a_plain_layer_over_the_feature_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _plain(tmp_path / "sites.gpkg", n_points=5)
    assert len(load_project(path, limits=Limits(features=5)).layers["sites"]) == 5
    asked = _no_reading(monkeypatch)
    with pytest.raises(ResourceLimitError) as info:
        load_project(path, limits=Limits(features=4))
    message = str(info.value)
    assert "sites.gpkg: layer 'sites' holds 5 features" in message
    assert "limit of 4 features" in message and "SERVICECIRCLE_MAX_FEATURES" in message
    assert "Split the layer in QGIS" in message
    assert asked == []


def _state_count(path: Path, table: str, count: int) -> None:
    """Make the file's table of contents claim ``count`` features for ``table``."""
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE gpkg_ogr_contents SET feature_count = ? WHERE table_name = ?", (count, table)
        )
    db.close()
    assert pyogrio.read_info(path, layer=table)["features"] == count  # what GDAL believes


def test_the_feature_count_the_file_states_is_not_trusted(tmp_path: Path) -> None:
    path = _plain(tmp_path / "lying.gpkg", n_points=5)
    _state_count(path, "sites", 1)
    with pytest.raises(ResourceLimitError, match="holds 5 features"):
        load_project(path, limits=Limits(features=4))


@pytest.mark.parametrize("stated", [1, 2_000_000_000])
def test_a_wrong_stated_count_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stated: int
) -> None:
    """pyogrio reads as many rows as the file states: fewer would be lost, billions
    would be allocated (a few bytes of file taking the server's memory)."""
    path = _plain(tmp_path / "lying.gpkg", n_points=5)
    _state_count(path, "sites", stated)
    asked = _no_reading(monkeypatch)
    with pytest.raises(InputDataError) as info:
        load_project(path)
    message = str(info.value)
    assert "layer 'sites' holds 5 features, but the file's table of contents" in message
    assert f"says {stated:,}" in message and "Save Features As" in message
    assert asked == []


def test_a_project_table_with_a_wrong_stated_count_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "project.gpkg"
    save_project(sample_project(n=12), path)
    _state_count(path, "demand", 3)
    with pytest.raises(InputDataError, match="layer 'demand' holds 12 features, but"):
        load_project(path)


def test_a_plain_layer_over_the_vertex_limit_is_refused(tmp_path: Path) -> None:
    path = _plain(tmp_path / "outline.gpkg", n_points=2, ring_vertices=101)
    assert set(load_project(path, limits=Limits(vertices=101)).layers) == {"sites", "outline"}
    with pytest.raises(ResourceLimitError) as info:
        load_project(path, limits=Limits(vertices=100))
    message = str(info.value)
    assert "outline.gpkg: layer 'outline' has 101 vertices" in message
    assert "SERVICECIRCLE_MAX_VERTICES" in message and "Simplify" in message


def test_a_project_table_over_the_feature_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "project.gpkg"
    save_project(sample_project(n=12), path)
    assert load_project(path, limits=Limits(features=12)).name == "示例县 project"
    with pytest.raises(ResourceLimitError) as info:
        load_project(path, limits=Limits(features=11))
    message = str(info.value)
    assert "project.gpkg: layer 'demand' holds 12 features" in message
    assert "larger study area than this server accepts" in message
    assert "SERVICECIRCLE_MAX_FEATURES" in message


def test_the_limits_in_force_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _plain(tmp_path / "sites.gpkg", n_points=5)
    monkeypatch.setenv("SERVICECIRCLE_MAX_FEATURES", "3")
    with pytest.raises(ResourceLimitError, match="limit of 3 features"):
        load_project(path)
    monkeypatch.setenv("SERVICECIRCLE_MAX_FEATURES", "5")
    assert len(load_project(path).layers["sites"]) == 5
