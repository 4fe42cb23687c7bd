"""Exports: every format reopens with geopandas with the same rows and values."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from servicecircle.errors import InputDataError
from servicecircle.results.export import (
    export_layer,
    export_layers,
    format_from_path,
)
from servicecircle.results.shapefile import shapefile_field_names

LONG_ZH = "乡镇街道名称全称"  # 24 bytes in UTF-8


@pytest.fixture()
def sites() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "name": ["城关镇就业服务站", "新华街道零工市场 & <b>站</b>", None],
            "people": [1234.5, np.nan, 0.0],
            "rank": [1, 2, 3],
            "is_new": [True, False, True],
            "reasons": [["覆盖缺口第 1 名", "公共建筑"], [], ["x"]],
            LONG_ZH: ["城关镇", "新华街道", "幸福村"],
            "newly_covered_5": [1.0, 2.0, 3.0],
            "newly_covered_15": [4.0, 5.0, 6.0],
        },
        geometry=[
            shapely.Point(106.61, 26.65),
            shapely.Point(106.62, 26.66),
            shapely.Point(106.63, 26.67),
        ],
        crs="EPSG:4326",
    )


def _same_values(original: gpd.GeoDataFrame, back: pd.DataFrame, columns: list[str]) -> None:
    for col in columns:
        a = original[col].reset_index(drop=True)
        b = back[col].reset_index(drop=True)
        if pd.api.types.is_numeric_dtype(a.dtype) and not pd.api.types.is_bool_dtype(a.dtype):
            np.testing.assert_allclose(
                a.to_numpy(dtype=float), b.to_numpy(dtype=float), rtol=0, atol=1e-12
            )
        else:
            assert [None if pd.isna(v) else v for v in a] == [
                None if pd.isna(v) else v for v in b
            ], col


def test_format_is_inferred_from_the_name() -> None:
    assert format_from_path("a.GPKG") == "gpkg"
    assert format_from_path("a.geojson") == "geojson"
    assert format_from_path("a.csv") == "csv"
    assert format_from_path("a.shp.zip") == "shp"
    with pytest.raises(InputDataError, match=r"\.shp\.zip"):
        format_from_path("a.shp")
    assert format_from_path("a.xlsx") == "xlsx"
    with pytest.raises(InputDataError, match="format"):
        format_from_path("a.kml")


def test_geopackage_round_trip_and_second_layer(tmp_path: Path, sites: gpd.GeoDataFrame) -> None:
    path = export_layer(sites, tmp_path / "sites.gpkg")
    back = gpd.read_file(path, layer="sites")
    assert len(back) == 3
    _same_values(sites, back, ["name", "people", "rank", "is_new", LONG_ZH])
    assert back["reasons"].iloc[0] == "覆盖缺口第 1 名; 公共建筑"
    assert back.geometry.geom_equals_exact(sites.geometry, tolerance=0).all()
    export_layer(sites.iloc[:1], path, layer="chosen")
    export_layers({"outlets": sites.iloc[1:]}, path)
    layers = {row[0] for row in gpd.list_layers(path).itertuples(index=False)}
    assert layers == {"sites", "chosen", "outlets"}
    assert len(gpd.read_file(path, layer="sites")) == 3
    assert sites["reasons"].iloc[0] == ["覆盖缺口第 1 名", "公共建筑"]  # input untouched


def test_geojson_is_wgs84(tmp_path: Path, sites: gpd.GeoDataFrame) -> None:
    projected = sites.to_crs("EPSG:32648")
    path = export_layer(projected, tmp_path / "sites.geojson")
    back = gpd.read_file(path)
    assert back.crs.to_epsg() == 4326
    assert back.geometry.geom_equals_exact(sites.geometry, tolerance=1e-9).all()
    _same_values(sites, back, ["name", "people", "rank", LONG_ZH])


def test_csv_opens_in_excel_with_lon_lat(tmp_path: Path, sites: gpd.GeoDataFrame) -> None:
    path = export_layer(sites.to_crs("EPSG:4547"), tmp_path / "sites.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel"
    assert "城关镇就业服务站".encode() in raw
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert list(back.columns[-2:]) == ["lon", "lat"]
    np.testing.assert_allclose(back["lon"], sites.geometry.x, atol=1e-9)
    np.testing.assert_allclose(back["lat"], sites.geometry.y, atol=1e-9)
    _same_values(sites, back, ["name", "people", "rank", LONG_ZH])
    assert raw[3:].startswith(b"name,"), "one BOM, then the header"
    assert back.columns[0] == "name"


def test_csv_of_polygons_has_a_point_inside_and_the_area_not_wkt(tmp_path: Path) -> None:
    polys = gpd.GeoDataFrame(
        {"rank": [1, 2]},
        geometry=[
            shapely.box(106.6, 26.6, 106.61, 26.61),
            shapely.MultiPolygon([shapely.box(106.7, 26.7, 106.71, 26.71)]),
        ],
        crs="EPSG:4326",
    )
    back = pd.read_csv(export_layer(polys, tmp_path / "gaps.csv"), encoding="utf-8-sig")
    assert list(back.columns) == ["rank", "rep_lon", "rep_lat", "area_m2"]
    points = shapely.points(back["rep_lon"], back["rep_lat"])
    assert shapely.contains(polys.geometry.to_numpy(), points).all()
    # a 0.01-degree square at 26.6 N: 1113.2 m x 995.3 m on the ground (UTM 48N, ~0.1%)
    true_area = polys.to_crs("EPSG:32648").area.to_numpy()
    np.testing.assert_allclose(back["area_m2"], true_area, rtol=1e-6)
    assert 1.0e6 < back["area_m2"].iloc[0] < 1.2e6


def test_zipped_shapefile_with_utf8_and_short_unique_names(
    tmp_path: Path, sites: gpd.GeoDataFrame
) -> None:
    path = export_layer(sites, tmp_path / "选址 sites.shp.zip")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        base = next(n[:-4] for n in names if n.endswith(".shp"))
        assert {f"{base}.{ext}" for ext in ("shp", "shx", "dbf", "prj", "cpg")} <= names
        assert archive.read(f"{base}.cpg").decode().strip().upper() in {"UTF-8", "UTF8"}
        readme = archive.read("README.txt").decode("utf-8")
        table = pd.read_csv(
            io.BytesIO(archive.read(f"{base}_fields.csv")), encoding="utf-8-sig", dtype=str
        )
    assert f"{base}_fields.csv" in readme
    mapping = dict(zip(table["Column"], table["Shapefile field"], strict=True))
    assert mapping["newly_covered_5"] == "new_cov_5"
    assert mapping["newly_covered_15"] == "new_cov_15"
    assert mapping[LONG_ZH].isascii()
    assert all(len(v) <= 10 and v.isascii() for v in mapping.values())
    assert len(set(mapping.values())) == len(mapping)
    back = gpd.read_file(path).rename(columns={v: k for k, v in mapping.items()})
    assert len(back) == 3
    _same_values(
        sites, back, ["name", "people", "rank", LONG_ZH, "newly_covered_5", "newly_covered_15"]
    )
    assert back.geometry.geom_equals_exact(sites.geometry, tolerance=0).all()
    assert list(tmp_path.iterdir()) == [path], "no temporary files left"


def test_shapefile_refuses_mixed_geometry_and_leaves_nothing(tmp_path: Path) -> None:
    mixed = gpd.GeoDataFrame(
        {"a": [1, 2]}, geometry=[shapely.Point(0, 0), shapely.box(0, 0, 1, 1)], crs="EPSG:4326"
    )
    target = tmp_path / "mixed.shp.zip"
    target.write_bytes(b"previous export")
    with pytest.raises(InputDataError, match="GeoPackage"):
        export_layer(mixed, target)
    assert target.read_bytes() == b"previous export"
    assert list(tmp_path.iterdir()) == [target]


def test_shapefile_field_names_examples() -> None:
    names = shapefile_field_names(
        ["people", "newly_covered_5", "newly_covered_15", "NEWLY_COVE", LONG_ZH, "人口"]
    )
    assert names["people"] == "people"
    assert names["NEWLY_COVE"] == "NEWLY_COVE"  # fits already: keeps its name
    assert names["人口"] == "人口"
    assert names[LONG_ZH] == "乡镇街"  # 9 bytes: a character is never cut in half
    assert len({v.lower() for v in names.values()}) == len(names)


@given(
    st.lists(
        st.text(alphabet="abcdefghij_ABC乡镇街道名称0123456789", min_size=1, max_size=20),
        min_size=1,
        max_size=15,
        unique=True,
    )
)
def test_shapefile_field_names_are_short_and_unique(columns: list[str]) -> None:
    names = shapefile_field_names(columns)
    assert list(names) == columns
    assert all(0 < len(v.encode("utf-8")) <= 10 for v in names.values())
    assert len({v.lower() for v in names.values()}) == len(columns)
    for original, short in names.items():
        if len(original.encode("utf-8")) <= 10 and original.lower() not in {
            c.lower() for c in columns if c != original
        }:
            assert short == original


def test_bad_targets(tmp_path: Path, sites: gpd.GeoDataFrame) -> None:
    with pytest.raises(InputDataError, match="does not exist"):
        export_layer(sites, tmp_path / "nowhere" / "a.gpkg")
    with pytest.raises(InputDataError, match="format"):
        export_layer(sites, tmp_path / "a.gpkg", format="kml")


def test_several_layers_in_one_workbook_and_nothing_else(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from servicecircle.results.export import export_layers

    points = gpd.GeoDataFrame(
        {"people": [12.4, 30.6], "class": ["residential", "industrial"]},
        geometry=[shapely.Point(118.80, 32.05), shapely.Point(118.81, 32.06)],
        crs="EPSG:4326",
    )
    empty = points.iloc[:0]
    curve = pd.DataFrame({"n_new": [0, 1], "share": [0.5, 0.75]})
    layers = {"demand": points, "gaps": empty, "curve": curve}
    path = export_layers(layers, tmp_path / "all.xlsx", fields="zh", crs="cgcs2000")
    book = load_workbook(path)
    assert book.sheetnames == ["需求点", "覆盖曲线", "字段说明"]  # the empty layer left out
    rows = list(book["需求点"].iter_rows(values_only=True))
    header = list(rows[0])
    assert [row[header.index("人口")] for row in rows[1:]] == [12, 31]
    assert [row[header.index("区域类型")] for row in rows[1:]] == ["居住区", "产业集聚区"]
    shares = [row[1] for row in book["覆盖曲线"].iter_rows(min_row=2)]
    assert [cell.value for cell in shares] == [0.5, 0.75]  # a share, shown as a percentage
    assert all("%" in cell.number_format for cell in shares)
    with pytest.raises(InputDataError, match=r"\.gpkg or \.xlsx"):
        export_layers(layers, tmp_path / "all.csv")
