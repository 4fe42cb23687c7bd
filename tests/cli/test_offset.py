"""``analyze`` warns when an outlets file read as WGS-84 is GCJ-02 or BD-09 (issue 13).

A 9 × 9 street grid in Nanjing (OSM XML) and ten outlets 5 m beside its
streets in a GBK CSV with Chinese headers, their coordinates as Amap (GCJ-02)
or Baidu (BD-09) give them: read without ``--crs`` the run warns and names
``--crs gcj02``/``bd09``; with that option the outlets land within a metre of
their true places and nothing is said.
"""

from __future__ import annotations

import logging

import geopandas as gpd
import pytest

from servicecircle._progress import Said
from servicecircle.cli import main
from servicecircle.workflow.inputs import RunInputs, todays_outlets
from tests.china_grid import ROADSIDE, grid_osm, metres_from_truth, outlets_csv


@pytest.fixture(scope="module")
def street_grid(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("offset")
    return grid_osm().write(folder / "grid.osm")


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_analyze_warns_about_gcj02_outlets_and_names_the_option(
    street_grid, tmp_path, caplog
) -> None:
    csv = tmp_path / "网点.csv"
    csv.write_bytes(outlets_csv("gcj02"))
    out = tmp_path / "out"
    with caplog.at_level(logging.WARNING):
        code = main(["-q", "analyze", str(street_grid), "--outlets", str(csv), "--out", str(out)])
    assert code == 0
    said = [text for text in _warnings(caplog) if "--crs" in text]
    assert len(said) == 1, _warnings(caplog)
    assert said[0].startswith("网点.csv: ") and "run again with --crs gcj02" in said[0]
    assert "GCJ-02" in said[0]

    caplog.clear()
    out = tmp_path / "converted"
    with caplog.at_level(logging.WARNING):
        code = main(
            ["-q", "analyze", str(street_grid), "--outlets", str(csv), "--crs", "gcj02"]
            + ["--out", str(out)]
        )
    assert code == 0
    assert not [text for text in _warnings(caplog) if "--crs" in text]
    outlets = gpd.read_file(out / "analysis.gpkg", layer="outlets")
    assert len(outlets) == len(ROADSIDE)
    assert metres_from_truth(outlets.geometry.x, outlets.geometry.y).max() < 1.0


@pytest.mark.parametrize(("system", "option"), [("bd09", "bd09"), ("wgs84", None)])
def test_the_outlets_reader_warns_only_when_a_conversion_fits(
    street_grid, tmp_path, system, option
) -> None:
    from servicecircle.inputs import study_area_from

    csv = tmp_path / "outlets.csv"
    csv.write_bytes(outlets_csv(system))
    area = study_area_from(str(street_grid))
    notes: list[Said] = []  # messages: the notes are said in the caller's language
    outlets = todays_outlets(
        area, RunInputs(area=str(street_grid), outlets=str(csv)), note=notes.append
    )
    warned = [str(note) for note in notes if "--crs" in str(note)]
    if option is None:
        assert not warned
        assert metres_from_truth(outlets.geometry.x, outlets.geometry.y).max() < 1e-3
    else:
        assert len(warned) == 1 and f"--crs {option}" in warned[0]
    stated = RunInputs(area=str(street_grid), outlets=str(csv), crs="wgs84")
    notes.clear()
    todays_outlets(area, stated, note=notes.append)
    assert bool([note for note in notes if "--crs" in str(note)]) == (option is not None)
