"""``analyze`` warns when a building or census polygon layer read as WGS-84 is GCJ-02 (issue 13).

The Nanjing street grid of :mod:`tests.china_grid`, its outlets in WGS-84, and
the planner's buildings (6 m beside the streets) and census blocks (bounded by
the streets) as GeoJSON with their coordinates moved by the WGS-84 -> GCJ-02
transform, as Amap gives them: the run names ``--crs gcj02`` for each file,
in the ``--lang`` language; the same files in WGS-84 say nothing.
"""

from __future__ import annotations

import logging

import pytest

from servicecircle.cli import main
from servicecircle.cli.language import set_message_lang
from tests.china_grid import buildings_geojson, census_geojson, grid_osm, outlets_csv


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_message_lang("en")


@pytest.fixture(scope="module")
def street_grid(tmp_path_factory: pytest.TempPathFactory):
    return grid_osm().write(tmp_path_factory.mktemp("offset_polygons") / "grid.osm")


def _offset_warnings(street_grid, tmp_path, caplog, system: str, *options: str) -> list[str]:
    outlets, buildings, census = (
        tmp_path / n for n in ("网点.csv", "建筑.geojson", "普查.geojson")
    )
    outlets.write_bytes(outlets_csv("wgs84"))
    buildings.write_bytes(buildings_geojson(system))
    census.write_bytes(census_geojson(system))
    files = ["--outlets", str(outlets), "--buildings", str(buildings), "--census", str(census)]
    argv = [*options, "-q", "analyze", str(street_grid), *files, "--out", str(tmp_path / "out")]
    with caplog.at_level(logging.WARNING):
        assert main(argv) == 0
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    return [text for text in warnings if "--crs" in text]


def test_gcj02_buildings_and_census_blocks_are_caught(street_grid, tmp_path, caplog) -> None:
    said = _offset_warnings(street_grid, tmp_path, caplog, "gcj02")
    assert len(said) == 2, said
    assert said[0].startswith("建筑.geojson: ") and "run again with --crs gcj02" in said[0]
    assert said[1].startswith("普查.geojson: ") and "run again with --crs gcj02" in said[1]


def test_the_warnings_speak_chinese(street_grid, tmp_path, caplog) -> None:
    said = _offset_warnings(street_grid, tmp_path, caplog, "gcj02", "--lang", "zh")
    assert len(said) == 2, said
    assert all("--crs gcj02" in text and "run again" not in text for text in said)
    assert said[0].startswith("建筑.geojson") and said[1].startswith("普查.geojson")


def test_wgs84_buildings_and_census_blocks_say_nothing(street_grid, tmp_path, caplog) -> None:
    assert not _offset_warnings(street_grid, tmp_path, caplog, "wgs84")
