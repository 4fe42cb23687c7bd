"""CSV exports are safe to open: text a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from servicecircle.results.export import export_layer, neutralise_cell, neutralise_formulas

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "  =1+1",
    "\t=1+1",
    "\r=1+1",
    "\tplain after a tab",
    "-5",
]
HARMLESS = ["城关镇就业服务站", "a=b", "1-2", "", "x@y.cn", "５"]


@pytest.mark.parametrize("cell", HOSTILE)
def test_formula_cells_get_a_quote_in_front(cell: str) -> None:
    assert neutralise_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", [*HARMLESS, -2.5, 0, None, np.nan, True])
def test_other_cells_are_left_alone(cell: object) -> None:
    result = neutralise_cell(cell)
    assert result is cell or (isinstance(cell, float) and np.isnan(cell) and np.isnan(result))


def test_numbers_stay_numbers_and_the_frame_is_not_changed() -> None:
    frame = pd.DataFrame(
        {
            "name": ["=cmd|' /C calc'!A0", "新华街道", None],
            "people": [-12.5, 3.0, np.nan],
            "rank": [-1, 2, 3],
            "mixed": ["@SUM(A1)", 7, -3.5],
            "=evil": ["a", "b", "c"],
        }
    )
    safe = neutralise_formulas(frame)
    assert safe["name"].tolist()[:2] == ["'=cmd|' /C calc'!A0", "新华街道"]
    assert pd.isna(safe["name"].iloc[2])
    assert safe["people"].dtype == frame["people"].dtype
    assert safe["people"].iloc[0] == -12.5 and safe["rank"].iloc[0] == -1
    assert safe["mixed"].tolist() == ["'@SUM(A1)", 7, -3.5]
    assert "'=evil" in safe.columns
    assert frame["name"].iloc[0] == "=cmd|' /C calc'!A0" and "=evil" in frame.columns


def test_csv_export_writes_no_formula(tmp_path: Path) -> None:
    n = len(HOSTILE) + 2
    layer = gpd.GeoDataFrame(
        {
            "name": [*HOSTILE, "城关镇", "a-7"],
            "people": [-3.0] + [float(i) for i in range(1, n)],
            "category": pd.Categorical(["+1"] * n),
        },
        geometry=[shapely.Point(106.6 + i / 100, 26.6) for i in range(n)],
        crs="EPSG:4326",
    )
    path = export_layer(layer, tmp_path / "sites.csv")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    header, body = rows[0], rows[1:]
    assert header == ["name", "people", "category", "lon", "lat"]
    names = [row[0] for row in body]
    assert names == ["'" + cell for cell in HOSTILE] + ["城关镇", "a-7"]
    assert body[0][1] == "-3.0"  # a negative number is still a number
    assert {row[2] for row in body} == {"'+1"}
    for row in body:
        for cell in row:
            stripped = cell.lstrip(" ")
            is_number = pd.to_numeric(pd.Series([cell]), errors="coerce").notna().iloc[0]
            assert is_number or not stripped or stripped[0] not in "=+-@\t\r", cell


def test_polygon_csv_has_a_point_not_wkt(tmp_path: Path) -> None:
    gaps = gpd.GeoDataFrame(
        {"township": ["=1+1"]}, geometry=[shapely.box(106.6, 26.6, 106.61, 26.61)], crs=4326
    )
    back = pd.read_csv(export_layer(gaps, tmp_path / "gaps.csv"), encoding="utf-8-sig")
    assert back["township"].tolist() == ["'=1+1"]
    assert "wkt" not in back.columns
    assert shapely.box(106.6, 26.6, 106.61, 26.61).contains(
        shapely.Point(back["rep_lon"].iloc[0], back["rep_lat"].iloc[0])
    )
