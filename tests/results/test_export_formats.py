"""Each export format reopens with the same rows, in the coordinate system asked for.

Synthetic layers in Nanjing (118.8°E, inside the CGCS2000 3-degree zone of
CM 120°E / zone 40): points with people and shares, a polygon layer with one
polygon of 6,000 vertices (its WKT is far over Excel's 32,767 characters).
"""

from __future__ import annotations

import csv
import io
import sqlite3
import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj
import pytest
import shapely
from openpyxl import load_workbook

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import say
from servicecircle.results.csv_layer import EXCEL_CELL_LIMIT
from servicecircle.results.export import SUFFIXES, export_layer, export_layers
from servicecircle.results.output_crs import output_crs

FORMATS = tuple(SUFFIXES)
#: The asked coordinate system -> the EPSG code the file must carry.
SYSTEMS = {
    "wgs84": 4326,
    "cgcs2000": 4490,
    "gk": 4549,  # CM 120E, no prefix
    "gk:40": 4528,  # zone 40, eastings with the prefix
    "gk:117": 4548,
    "EPSG:32650": 32650,
}


@pytest.fixture()
def units() -> gpd.GeoDataFrame:
    """Community points as the ``units`` columns are named (people, covered, share)."""
    return gpd.GeoDataFrame(
        {
            "level": ["community", "community", "township"],
            "name": ["梅园新村", "=HYPERLINK(1)", "玄武门街道"],
            "people": [1234.4, 99.6, 0.0],
            "covered_15": [1000.2, 0.0, 0.0],
            "share_15": [0.81025, 0.0, np.nan],
            "minutes_to_nearest": [3.14159, np.nan, 20.0],
        },
        geometry=[
            shapely.Point(118.80, 32.05),
            shapely.Point(118.81, 32.06),
            shapely.Point(118.82, 32.04),
        ],
        crs="EPSG:4326",
    )


def _circle(x: float, y: float, radius: float, vertices: int) -> shapely.Polygon:
    angles = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    return shapely.Polygon(
        np.column_stack([x + radius * np.cos(angles), y + radius * np.sin(angles)])
    )


@pytest.fixture()
def gaps() -> gpd.GeoDataFrame:
    big = _circle(118.80, 32.05, 0.02, 6000)
    assert len(big.wkt) > 3 * EXCEL_CELL_LIMIT
    return gpd.GeoDataFrame(
        {"rank": [1, 2], "people": [750.6, 12.2], "township": ["玄武门街道", "梅园新村街道"]},
        geometry=[big, shapely.box(118.85, 32.0, 118.86, 32.01)],
        crs="EPSG:4326",
    )


def _reopen(path: Path, fmt: str) -> pd.DataFrame:
    if fmt == "shp":
        return gpd.read_file(f"zip://{path}")
    if fmt == "csv":
        return pd.read_csv(path, encoding="utf-8-sig")
    if fmt == "xlsx":
        return pd.read_excel(path, sheet_name=0)
    return gpd.read_file(path)


def _epsg(frame: gpd.GeoDataFrame) -> int | None:
    return pyproj.CRS.from_user_input(frame.crs).to_epsg(min_confidence=70)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("system", sorted(SYSTEMS))
def test_points_reopen_with_the_rows_and_the_crs_asked_for(
    tmp_path: Path, units: gpd.GeoDataFrame, fmt: str, system: str
) -> None:
    path = export_layer(units, tmp_path / f"units{SUFFIXES[fmt]}", layer="units", crs=system)
    back = _reopen(path, fmt)
    assert len(back) == len(units)
    expected = pyproj.CRS.from_epsg(SYSTEMS[system])
    projected = units.to_crs(expected)
    if isinstance(back, gpd.GeoDataFrame):
        assert _epsg(back) == SYSTEMS[system]
        tolerance = 1e-3 if expected.is_projected else 1e-8
        assert back.geometry.geom_equals_exact(projected.geometry, tolerance=tolerance).all()
    else:  # coordinates as columns, named for the system
        x, y = ("lon", "lat") if expected.is_geographic else ("x", "y")
        np.testing.assert_allclose(back[x], projected.geometry.x, atol=1e-2)
        np.testing.assert_allclose(back[y], projected.geometry.y, atol=1e-2)


@pytest.mark.parametrize("fmt", FORMATS)
def test_zh_fields_whole_people_and_percent_shares(
    tmp_path: Path, units: gpd.GeoDataFrame, fmt: str
) -> None:
    path = export_layer(units, tmp_path / f"units{SUFFIXES[fmt]}", layer="units", fields="zh")
    back = _reopen(path, fmt)
    if fmt == "shp":  # ASCII names; the Chinese ones are in the field table
        assert {"people", "cov_15", "shr_15", "near_min"} <= set(back.columns)
        back = back.rename(columns={"people": "人口", "shr_15": "15 分钟覆盖率（%）"})
    else:
        assert {"人口", "覆盖人口（15 分钟）", "15 分钟覆盖率（%）", "层级"} <= set(back.columns)
        assert set(back["层级"]) == {"社区（村）", "乡镇（街道）"}
    assert back["人口"].tolist() == [1234, 100, 0]
    if fmt == "xlsx":  # the fraction, shown as a percentage
        np.testing.assert_allclose(back["15 分钟覆盖率（%）"].to_numpy(float), [0.8103, 0, np.nan])
    else:
        np.testing.assert_allclose(back["15 分钟覆盖率（%）"].to_numpy(float), [81.03, 0, np.nan])


def test_xlsx_has_a_frozen_header_formats_and_widths(
    tmp_path: Path, units: gpd.GeoDataFrame
) -> None:
    path = export_layer(units, tmp_path / "units.xlsx", layer="units", fields="zh")
    book = load_workbook(path)
    assert book.sheetnames == ["街道社区覆盖", "字段说明"]
    sheet = book["街道社区覆盖"]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    people = sheet.cell(row=2, column=header.index("人口") + 1)
    assert people.value == 1234 and isinstance(people.value, int)
    assert people.number_format == "#,##0"
    share = sheet.cell(row=2, column=header.index("15 分钟覆盖率（%）") + 1)
    assert share.number_format == "0.00%"
    assert share.value == pytest.approx(0.8103)
    formula = sheet.cell(row=3, column=header.index("名称") + 1)
    assert formula.data_type == "s" and formula.value == "=HYPERLINK(1)"
    assert {"经度", "纬度"} <= set(header)
    assert "geometry" not in header
    width = sheet.column_dimensions["A"].width
    assert width is not None and width >= len("社区（村）") * 2
    fields = [row for row in book["字段说明"].iter_rows(values_only=True)]
    assert fields[0][:3] == ("图层", "Shapefile 字段名", "原字段名")
    assert fields[5][:4] == ("街道社区覆盖", "shr_15", "share_15", "15 分钟覆盖率（%）")


def test_no_csv_or_xlsx_cell_is_over_excels_limit(tmp_path: Path, gaps: gpd.GeoDataFrame) -> None:
    path = export_layer(gaps, tmp_path / "gaps.csv", layer="gaps", fields="zh")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert len(rows) == 1 + len(gaps)
    assert max(len(cell) for row in rows for cell in row) < 100
    header = rows[0]
    assert header[-3:] == ["代表点经度", "代表点纬度", "面积（平方米）"]
    table = pd.read_csv(path, encoding="utf-8-sig")
    inside = shapely.points(table["代表点经度"], table["代表点纬度"])
    assert shapely.contains(gaps.geometry.to_numpy(), inside).all()
    true_area = gaps.to_crs(gaps.estimate_utm_crs()).area
    np.testing.assert_allclose(table["面积（平方米）"], true_area, rtol=1e-6)
    book = load_workbook(export_layer(gaps, tmp_path / "gaps.xlsx", layer="gaps"))
    cells = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
    assert max(len(str(c)) for c in cells) < 100


def test_projected_csv_has_x_y_in_metres(tmp_path: Path, gaps: gpd.GeoDataFrame) -> None:
    path = export_layer(gaps, tmp_path / "gaps.csv", layer="gaps", fields="zh", crs="gk")
    table = pd.read_csv(path, encoding="utf-8-sig")
    points = gpd.GeoSeries(
        gpd.points_from_xy(table["代表点 X 坐标（米）"], table["代表点 Y 坐标（米）"]), crs=4549
    )
    assert points.to_crs(4326).within(gaps.geometry).all()


def test_geopackage_is_version_1_2_with_chinese_names_and_opens_quietly(
    tmp_path: Path, units: gpd.GeoDataFrame, gaps: gpd.GeoDataFrame
) -> None:
    path = export_layers(
        {
            "units": units,
            "gaps": gaps,
            "curve": pd.DataFrame({"n_new": [0, 1], "share": [0.5, 0.75]}),
        },
        tmp_path / "all.gpkg",
        fields="zh",
        crs="cgcs2000",
        title="玄武区",
    )
    with sqlite3.connect(path) as db:
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
        user_version = db.execute("PRAGMA user_version").fetchone()[0]
        contents = db.execute("SELECT table_name, identifier, srs_id FROM gpkg_contents").fetchall()
    assert application_id == 0x47504B47  # "GPKG"
    assert user_version == 10200  # 1.2: GDAL 3.6 knows it (1.4, GDAL 3.7+'s default, it warns on)
    assert ("街道社区覆盖", "玄武区 · 街道社区覆盖", 4490) in contents
    assert ("覆盖曲线", "玄武区 · 覆盖曲线", 0) in contents  # an attribute table
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        back = pyogrio.read_dataframe(path, layer="街道社区覆盖")
        table = pyogrio.read_dataframe(path, layer="覆盖曲线", read_geometry=False)
    assert _epsg(back) == 4490
    assert back["人口"].tolist() == [1234, 100, 0]
    assert table["覆盖率（%）"].tolist() == [50.0, 75.0]


def test_geojson_outside_wgs84_names_its_crs(tmp_path: Path, units: gpd.GeoDataFrame) -> None:
    path = export_layer(units, tmp_path / "units.geojson", crs="gk:40")
    text = path.read_text(encoding="utf-8")
    assert '"crs"' in text and "EPSG::4528" in text
    wgs84 = export_layer(units, tmp_path / "wgs84.geojson").read_text(encoding="utf-8")
    assert '"crs"' not in wgs84  # RFC 7946: no crs member in WGS-84


def test_shapefile_carries_the_crs_and_a_field_table(
    tmp_path: Path, gaps: gpd.GeoDataFrame
) -> None:
    path = export_layer(gaps, tmp_path / "gaps.shp.zip", layer="gaps", crs="gk", fields="zh")
    with zipfile.ZipFile(path) as archive:
        prj = archive.read("gaps.prj").decode()
        table = pd.read_csv(io.BytesIO(archive.read("gaps_fields.csv")), encoding="utf-8-sig")
    assert "120" in prj and "Gauss" in prj.replace("_", " ")
    assert list(table.columns) == [
        "Shapefile 字段名",
        "原字段名",
        "中文名",
        "英文名",
        "单位",
        "含义",
    ]
    assert table.set_index("原字段名").loc["people", "单位"] == "人"
    assert _epsg(gpd.read_file(f"zip://{path}")) == 4549


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("gcj02", "偏移"),
        ("百度", "偏移"),
        ("gk:50", "25–45"),
        ("gk:118", "75–135"),
        ("nowhere", ""),
    ],
)
def test_output_crs_refuses_what_no_gis_holds(spec: str, message: str) -> None:
    with pytest.raises(InputDataError) as caught:
        output_crs(spec, (118.7, 32.0, 118.9, 32.1))
    assert message in say(caught.value, "zh")


def test_gauss_kruger_of_a_place_outside_china_is_refused() -> None:
    with pytest.raises(InputDataError, match="Gauss-Kruger"):
        output_crs("gk", (24.9, 60.1, 25.0, 60.2))
    assert output_crs("EPSG:3067").to_epsg() == 3067


def test_codes_are_said_in_words_in_zh(tmp_path: Path) -> None:
    demand = gpd.GeoDataFrame(
        {
            "class": ["residential", "relocation"],
            "source": ["building", "area"],
            "covered_15": [True, False],
            "minutes_to_nearest": [3.0, np.nan],
        },
        geometry=[shapely.Point(118.80, 32.05), shapely.Point(118.81, 32.06)],
        crs="EPSG:4326",
    )
    path = export_layer(demand, tmp_path / "demand.csv", layer="demand", fields="zh")
    table = pd.read_csv(path, encoding="utf-8-sig")
    assert table["区域类型"].tolist() == ["居住区", "易地扶贫搬迁安置区"]
    assert table["数据来源"].tolist() == ["建筑", "区域（按面积估算）"]
    assert table["15 分钟内可达"].tolist() == ["是", "否"]
    gpkg = export_layer(demand, tmp_path / "demand.gpkg", layer="demand", fields="zh")
    back = gpd.read_file(gpkg, layer="需求点")
    assert back["15 分钟内可达"].tolist() == [True, False]  # a yes/no field in a GIS file
