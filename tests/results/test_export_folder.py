"""``export_results`` on the sample's ``site`` folder: every layer, every format, same rows."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pyproj
import pytest
from openpyxl import load_workbook

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import say
from servicecircle.results.csv_layer import EXCEL_CELL_LIMIT
from servicecircle.results.export_folder import export_results, parse_formats, run_layers
from servicecircle.results.field_names import describe, layer_name, short_names
from servicecircle.results.folder import read_layers
from tests.report.real_outputs import SAMPLE_SITE, cli_outputs


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cli_outputs(tmp_path_factory, SAMPLE_SITE)


@pytest.fixture(scope="module")
def source(run: Path) -> dict[str, pd.DataFrame]:
    """Every layer and table of the run, read straight from its GeoPackages."""
    found = read_layers(run / "analysis.gpkg") | read_layers(run / "siting.gpkg")
    return {name: frame for name, frame in found.items() if len(frame)}


@pytest.fixture(scope="module")
def exported(run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export_zh")
    done = export_results(run, out, crs="cgcs2000", fields="zh")
    assert done.crs is not None and done.crs.to_epsg() == 4490
    assert done.skipped == ["off_network"]  # nobody is off the network in the sample
    return out


def test_every_layer_and_table_is_exported(source: dict[str, pd.DataFrame], exported: Path) -> None:
    assert {"curve", "by_unit", "demand", "chosen", "gaps"} <= set(source)
    gpkg = next(exported.glob("*.gpkg"))
    listed = {str(name) for name, _ in pyogrio.list_layers(gpkg)}
    assert listed == {layer_name(name, "zh") for name in source}
    for name, frame in source.items():
        for path in (
            exported / "geojson" / f"{name}.geojson",
            exported / "shp" / f"{name}.shp.zip",
            exported / "csv" / f"{name}.csv",
        ):
            assert path.is_file(), path
        back = pyogrio.read_dataframe(gpkg, layer=layer_name(name, "zh"))
        assert len(back) == len(frame), name


@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "shp"])
def test_map_layers_reopen_in_cgcs2000_with_the_same_rows(
    source: dict[str, pd.DataFrame], exported: Path, fmt: str
) -> None:
    for name, frame in source.items():
        if not isinstance(frame, gpd.GeoDataFrame):
            continue
        if fmt == "gpkg":
            back = gpd.read_file(next(exported.glob("*.gpkg")), layer=layer_name(name, "zh"))
        elif fmt == "geojson":
            back = gpd.read_file(exported / "geojson" / f"{name}.geojson")
        else:
            back = gpd.read_file(f"zip://{exported / 'shp' / f'{name}.shp.zip'}")
        assert len(back) == len(frame), (fmt, name)
        assert pyproj.CRS(back.crs).to_epsg(min_confidence=70) == 4490, (fmt, name)
        if fmt == "shp":
            expected = short_names(
                [describe(name, c, frame[c].dtype) for c in frame.columns if c != "geometry"]
            )
            assert list(back.columns[:-1]) == expected
            assert not any(c.startswith("newly_cove") for c in back.columns)
        else:
            assert "people" not in frame.columns or "人口" in back.columns
        # people are whole persons, summing to the run's total within rounding
        if "people" in frame.columns:
            column = "people" if fmt == "shp" else "人口"
            assert (back[column].dropna() % 1 == 0).all()
            assert abs(back[column].sum() - frame["people"].sum()) <= len(frame) / 2 + 1


def test_csv_files_have_chinese_headers_the_rows_and_no_long_cells(
    source: dict[str, pd.DataFrame], exported: Path
) -> None:
    for name, frame in source.items():
        path = exported / "csv" / f"{name}.csv"
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        with path.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.reader(stream))
        assert len(rows) == len(frame) + 1, name
        assert max(len(cell) for row in rows for cell in row) <= EXCEL_CELL_LIMIT
        header = rows[0]
        assert not any(h in header for h in ("people", "geometry", "wkt")), header
        if isinstance(frame, gpd.GeoDataFrame):
            assert {"经度", "纬度"} <= set(header) or {"代表点经度", "代表点纬度"} <= set(header)


def test_workbook_has_a_sheet_per_layer_and_the_totals(
    source: dict[str, pd.DataFrame], exported: Path
) -> None:
    book = load_workbook(next(exported.glob("*.xlsx")), read_only=True)
    assert book.sheetnames == [layer_name(name, "zh") for name in source] + ["字段说明"]
    rows = list(book[layer_name("demand", "zh")].iter_rows(values_only=True))
    header = rows[0]
    assert len(rows) == len(source["demand"]) + 1
    people = [row[header.index("人口")] for row in rows[1:]]
    assert all(isinstance(p, int) for p in people)
    assert abs(sum(people) - source["demand"]["people"].sum()) <= len(people) / 2
    assert set(row[header.index("已覆盖")] for row in rows[1:]) <= {"是", "否"}


def test_fields_table_names_every_field(source: dict[str, pd.DataFrame], exported: Path) -> None:
    table = pd.read_csv(exported / "fields.csv", encoding="utf-8-sig")
    assert list(table.columns) == [
        "图层",
        "Shapefile 字段名",
        "原字段名",
        "中文名",
        "英文名",
        "单位",
        "含义",
    ]
    listed = sum(len([c for c in f.columns if c != "geometry"]) for f in source.values())
    assert len(table) == listed
    unknown = table[table["含义"] == "（本版本未说明的字段）"]
    assert unknown.empty, f"columns without a name: {unknown[['图层', '原字段名']].values.tolist()}"
    with zipfile.ZipFile(exported / "shp" / "chosen.shp.zip") as archive:
        assert "chosen_fields.csv" in archive.namelist()


def test_english_fields_and_formats_asked_for(run: Path, tmp_path: Path) -> None:
    done = export_results(run, tmp_path, formats=("csv", "xlsx"), fields="en")
    assert {p.suffix for p in done.paths} == {".csv", ".xlsx"}
    assert not (tmp_path / "geojson").exists()
    header = pd.read_csv(tmp_path / "csv" / "units.csv", encoding="utf-8-sig").columns
    assert {"People", "Share covered in 15 min (%)", "Lon", "Lat"} - {"Lon", "Lat"} <= set(header)
    assert done.crs is not None and done.crs.to_epsg() == 4326


def test_refusals(run: Path, tmp_path: Path) -> None:
    with pytest.raises(InputDataError) as caught:
        parse_formats("gpkg,kml")
    assert "kml" in say(caught.value, "zh")
    with pytest.raises(InputDataError, match="Gauss-Kruger"):
        export_results(run, tmp_path, crs="gk")  # Helsinki: no Chinese zone
    with pytest.raises(InputDataError):
        run_layers(tmp_path / "nothing here")


def test_the_runs_own_geopackages_are_version_1_2(run: Path) -> None:
    import sqlite3

    for name in ("analysis.gpkg", "siting.gpkg"):
        with sqlite3.connect(run / name) as db:
            assert db.execute("PRAGMA user_version").fetchone()[0] == 10200, name
