"""Planners' layers: every bad file refused with a clear message, good files read right."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely

from servicecircle.errors import InputDataError
from servicecircle.inputs.china_offsets import gcj02_to_wgs84
from servicecircle.inputs.files.read import LoadedLayer, list_layers, read_layer
from tests.data.make_corpus import (
    BAIDU_DOC_PAIR,
    GCJ02_PAIRS,
    GK_POINTS,
    REFERENCE_WGS84,
)

DATA = Path(__file__).resolve().parents[1] / "data"
GOOD = DATA / "good"
BAD = DATA / "bad"

BEIJING = (116.3, 39.8, 116.5, 40.0)
URUMQI = (87.5, 43.7, 87.7, 43.9)

#: file -> (read_layer options, words the message must contain)
CORPUS: dict[str, tuple[dict[str, object], list[str]]] = {
    "empty.csv": ({}, ["empty", "0 bytes"]),
    "header_only.csv": ({}, ["header", "no data rows"]),
    "empty.geojson": ({}, ["empty", "0 bytes"]),
    "empty_collection.geojson": ({}, ["no features"]),
    "missing_coordinates.csv": ({}, ["no coordinates", "rows 3, 5", "header is row 1"]),
    "non_numeric.csv": ({}, ["not numbers", "row 4", "东经113度", "decimal"]),
    "out_of_range.csv": ({}, ["out of range", "rows 3, 6", "±90"]),
    "swapped_columns.csv": ({}, ["columns look swapped", "纬度", "经度"]),
    "swapped_in_study_area.csv": ({"study_bounds": URUMQI}, ["columns look swapped"]),
    "far_from_study_area.csv": (
        {"study_bounds": BEIJING},
        ["outside the study area", "row 3 (94 km)", "50 km"],
    ),
    "undecodable.csv": ({}, ["encoding", "UTF-8", "line 2"]),
    "excel_renamed.csv": ({}, ["workbook", "CSV UTF-8"]),
    "workbook.xlsx": ({}, ["workbook", "CSV UTF-8"]),
    "drawing.dwg": ({}, ["'.dwg'", "not supported", "GeoPackage"]),
    "no_coordinate_columns.csv": ({}, ["no coordinate columns", "'address'", "经度/纬度"]),
    "bad_wkt.csv": ({}, ["not WKT", "row 3"]),
    "zero_zero.csv": ({}, ["0, 0", "row 3", "geocoded"]),
    "projected_without_crs.csv": ({}, ["not longitude/latitude", "metres", "EPSG"]),
    "ragged.csv": ({}, ["could not be read as a table", "more filled cells", "row 3"]),
    "gk_wrong_zone.csv": ({"crs": "cgcs2000-gk3:120"}, ["120", "zone prefix 39"]),
    "gk_plain_no_meridian.csv": ({"crs": "cgcs2000-gk3"}, ["no zone prefix", "central meridian"]),
    "degrees_stated_projected.csv": ({"crs": "EPSG:4549"}, ["look like longitude/latitude"]),
    "mixed_geometry_types.geojson": (
        {"geometry": "polygon"},
        ["must hold areas", "2 Polygon", "1 Point", "feature 3"],
    ),
    "null_geometry.geojson": ({}, ["no geometry", "feature 2"]),
    "collapsed_polygon.geojson": ({}, ["no area left", "feature 2"]),
    "truncated.geojson": ({}, ["could not be read as GeoJSON", "cut off"]),
    "not_geojson.json": ({}, ["could not be read as GeoJSON"]),
    "projected_coordinates.geojson": ({}, ["not longitude/latitude", "WGS 84"]),
    "corrupt.gpkg": ({}, ["could not be opened as a GeoPackage", "not a database"]),
    "zip_slip.zip": ({}, ["refused", "outside its folder", "'../outlets.shp'"]),
    "zip_absolute_path.zip": ({}, ["refused", "outside its folder", "'/tmp/outlets.shp'"]),
    "zip_bomb_declared.zip": ({"max_unzipped_bytes": 500 * 2**20}, ["600 MB", "limit of 500 MB"]),
    "zip_without_shp.zip": ({}, ["no shapefile", "readme.txt"]),
    "shapefile_without_dbf.zip": ({}, ["incomplete", ".dbf"]),
    "shapefile_projected_no_prj.zip": ({}, ["not longitude/latitude", "none is stated"]),
    "two_shapefiles.zip": ({}, ["2 layers", "'more/outlets'", "'outlets'"]),
    "corrupt.zip": ({}, ["not a readable zip"]),
    "damaged_dbf.zip": ({}, ["attribute table outlets.dbf is damaged", "81 bytes", "80"]),
    "junk_prj.zip": ({}, [".prj file does not describe a coordinate system", "'this is not"]),
    "truncated_prj.zip": ({}, [".prj file does not describe", "Choose the coordinate system"]),
    "shp_holding_vrt.zip": ({}, ["outlets.shp is not a shapefile part", "GDAL VRT"]),
    "crs_link.geojson": ({}, ["refused", "'crs' member points to a definition elsewhere"]),
    "virtual_table.gpkg": ({}, ["refused", "table 'secrets'", "other files or web addresses"]),
    "sqlite_not_geopackage.gpkg": ({}, ["SQLite database but not a GeoPackage"]),
    "vrt_named_geojson.geojson": ({}, ["is not GeoJSON", "GDAL VRT document"]),
    "utf16_garbled.csv": ({}, ["encoding could not be recognised", "CSV UTF-8"]),
}


def metres_between(lon1, lat1, lon2, lat2):
    _, _, dist = pyproj.Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)
    return np.asarray(dist)


def assert_refused(path: Path, words: list[str], **options: object) -> str:
    with pytest.raises(InputDataError) as info:
        read_layer(path, **options)
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} not in: {message}"
    assert "\n" not in message
    return message


# --------------------------------------------------------------------------- bad corpus


def test_corpus_is_large_and_every_file_is_listed():
    files = sorted(p.name for p in BAD.iterdir() if p.is_file())
    assert len(files) >= 20
    assert sorted(CORPUS) == files


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_bad_file_is_refused_with_a_clear_message(name):
    options, words = CORPUS[name]
    message = assert_refused(BAD / name, words, **options)
    assert name in message


def test_missing_file_and_folder():
    assert_refused(DATA / "nope.csv", ["not found"])
    assert_refused(DATA, ["is a folder"])


def test_blank_lines_keep_spreadsheet_row_numbers(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("name,lon,lat\na,116.4,39.9\n\n,,\nb,,39.9\n", encoding="utf-8")
    assert_refused(path, ["row 5", "no coordinates"])


def test_trailing_empty_cells_are_fine_but_extra_values_are_not(tmp_path):
    trailing = tmp_path / "trailing.csv"
    trailing.write_text("name,lon,lat\na,116.4,39.9,,\nb,116.5,39.8,\n", encoding="utf-8")
    frame = read_layer(trailing).frame
    assert list(frame["name"]) == ["a", "b"]  # no column shift
    assert list(frame.columns) == ["name", "lon", "lat", "geometry"]
    shifted = tmp_path / "shifted.csv"
    shifted.write_text("name,lon,lat\na,116.4,39.9,x\nb,116.5,39.8,y\n", encoding="utf-8")
    assert_refused(shifted, ["more filled cells", "rows 2, 3"])


def test_quoted_cells_with_commas_and_line_breaks(tmp_path):
    path = tmp_path / "quoted.csv"
    path.write_text(
        'name,address,lon,lat\na,"北京市, 东城区\n二层",116.4,39.9\nb,x,abc,39.9\n',
        encoding="utf-8",
    )
    message = assert_refused(path, ["row 3", "not numbers"])
    assert "row 4" not in message


def test_many_bad_rows_are_summarised(tmp_path):
    rows = ["name,lon,lat"] + [f"p{i},abc,39.9" for i in range(30)]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    message = assert_refused(path, ["rows 2, 3, 4", "and 20 more"])
    assert "row 31" not in message


def test_zip_limit_is_configurable_and_checked_before_unpacking(tmp_path):
    path = tmp_path / "zeros.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.shp", b"\0" * 2_000_000)
    assert path.stat().st_size < 50_000
    assert_refused(path, ["over the limit of 1 MB"], max_unzipped_bytes=1024 * 1024)


def test_swapped_geojson_in_study_area(tmp_path):
    features = [
        {
            "type": "Feature",
            "properties": {"name": n},
            "geometry": {"type": "Point", "coordinates": [lat, lon]},
        }
        for n, (lon, lat) in {"a": (87.61, 43.82), "b": (87.60, 43.80)}.items()
    ]
    path = tmp_path / "swapped.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    assert_refused(path, ["look swapped", "features 1, 2"], study_bounds=URUMQI)


def test_points_required_but_polygons_given():
    assert_refused(
        GOOD / "communities_invalid.geojson",
        ["must hold points", "3 Polygon"],
        geometry="point",
    )


def test_gcj02_refused_for_a_projected_file():
    assert_refused(
        GOOD / "two_layers.gpkg",
        ["projected", "GCJ-02"],
        layer="communities",
        crs="gcj02",
    )


# --------------------------------------------------------------------------- good files


def _check_reference_points(loaded: LoadedLayer, name_column: str, tolerance_m: float) -> None:
    frame = loaded.frame
    assert frame.crs == "EPSG:4326"
    assert isinstance(frame.index, pd.RangeIndex)
    assert list(frame[name_column]) == list(REFERENCE_WGS84)
    want = np.array(list(REFERENCE_WGS84.values()))
    got = np.column_stack([frame.geometry.x, frame.geometry.y])
    assert metres_between(want[:, 0], want[:, 1], got[:, 0], got[:, 1]).max() < tolerance_m


@pytest.mark.parametrize(
    ("name", "name_column", "note"),
    [
        ("points_utf8.csv", "name", "columns 'lon' and 'lat'"),
        ("points_bom.csv", "名称", "columns 'lng' and 'lat'"),
        ("points_gbk.csv", "站点名称", "GBK/GB18030"),
        ("points_wkt.csv", "name", "WKT column 'wkt'"),
        ("points_location.csv", "name", "'location'"),
        ("outlets.geojson", "name", "GeoJSON is WGS-84"),
    ],
)
def test_lon_lat_files_in_every_encoding(name, name_column, note):
    loaded = read_layer(GOOD / name, geometry="point")
    _check_reference_points(loaded, name_column, 0.01)
    assert any(note in str(n) for n in loaded.notes), loaded.notes
    assert loaded.repaired == 0
    if name.endswith(".csv"):
        assert loaded.source_crs == "WGS-84 (EPSG:4326), assumed"
        assert any("CRS not stated; taken as WGS-84" in str(n) for n in loaded.notes)


def test_csv_attribute_types():
    utf8 = read_layer(GOOD / "points_utf8.csv").frame
    assert utf8["staff"].dtype == np.int64
    assert utf8["lon"].dtype == float
    assert all(isinstance(v, str) for v in utf8["name"])
    bom = read_layer(GOOD / "points_bom.csv").frame
    assert list(bom["编码"]) == ["01", "02", "03", "04", "05"]  # codes keep their zeros
    gbk = read_layer(GOOD / "points_gbk.csv").frame
    assert gbk["地址"].iloc[0] == "天安门广场附近"


@pytest.mark.parametrize("spec", ["gcj02", "高德", "tencent"])
def test_gcj02_csv_matches_published_pairs(spec):
    loaded = read_layer(GOOD / "points_gcj02.csv", crs=spec)
    want = np.array([w for w, _ in GCJ02_PAIRS.values()])
    got = np.column_stack([loaded.frame.geometry.x, loaded.frame.geometry.y])
    assert metres_between(want[:, 0], want[:, 1], got[:, 0], got[:, 1]).max() < 0.5
    assert loaded.source_crs == "GCJ-02 (Amap/Tencent)"
    assert any("converted from GCJ-02" in str(n) for n in loaded.notes)
    # the attributes keep the coordinates as given
    assert loaded.frame["gcj_lng"].iloc[0] == pytest.approx(GCJ02_PAIRS["上海"][1][0])


def test_gcj02_csv_without_a_stated_system_is_flagged():
    loaded = read_layer(GOOD / "points_gcj02.csv")
    assert any("names a coordinate system" in str(n) for n in loaded.notes)
    assert loaded.source_crs.endswith("assumed")


def test_bd09_csv_comes_out_at_the_reference_points():
    loaded = read_layer(GOOD / "points_bd09.csv", crs="baidu")
    frame = loaded.frame
    (doc_lon, doc_lat), _ = BAIDU_DOC_PAIR
    first = frame.geometry.iloc[0]
    assert metres_between(doc_lon, doc_lat, first.x, first.y) < 1.0
    want = np.array(list(REFERENCE_WGS84.values()))
    got = np.column_stack([frame.geometry.x[1:], frame.geometry.y[1:]])
    assert metres_between(want[:, 0], want[:, 1], got[:, 0], got[:, 1]).max() < 0.5
    assert loaded.source_crs == "BD-09 (Baidu)"


@pytest.mark.parametrize(
    ("name", "spec", "epsg"),
    [
        ("gk3_zone39_prefixed.csv", "cgcs2000-gk3", 4527),
        ("gk3_zone39_prefixed.csv", "EPSG:4527", 4527),
        ("gk3_cm117_plain.csv", "cgcs2000-gk3:117", 4548),
        ("gk3_cm117_plain.csv", 4548, 4548),
        ("gk3_survey_xy.csv", "cgcs2000-gk3", 4527),
    ],
)
def test_gauss_kruger_csv(name, spec, epsg):
    loaded = read_layer(GOOD / name, crs=spec)
    want = np.array(list(GK_POINTS.values()))
    got = np.column_stack([loaded.frame.geometry.x, loaded.frame.geometry.y])
    assert metres_between(want[:, 0], want[:, 1], got[:, 0], got[:, 1]).max() < 0.01
    assert f"EPSG:{epsg}" in loaded.source_crs
    if "survey" in name:
        assert any("northings" in str(n) for n in loaded.notes)


def test_invalid_polygons_are_repaired_and_counted():
    loaded = read_layer(GOOD / "communities_invalid.geojson", geometry="polygon")
    assert loaded.repaired == 1
    assert any("1 invalid geometry repaired with make_valid" in str(n) for n in loaded.notes)
    geoms = loaded.frame.geometry
    assert geoms.is_valid.all()
    assert set(geoms.geom_type) <= {"Polygon", "MultiPolygon"}
    assert geoms.iloc[1].geom_type == "MultiPolygon"  # the bow-tie becomes two triangles
    assert list(loaded.frame["name"]) == ["正常社区", "自相交社区", "另一社区"]


def test_geopackage_with_two_layers():
    path = GOOD / "two_layers.gpkg"
    assert list_layers(path) == ["outlets", "communities"]
    message = assert_refused(path, ["2 layers", "'outlets (Point)'", "layer="])
    assert "communities" in message
    outlets = read_layer(path, layer="outlets", geometry="point")
    _check_reference_points(outlets, "name", 0.01)
    assert list(outlets.frame["capacity"]) == [10, 20, 30, 40, 50]
    communities = read_layer(path, layer="communities", geometry="polygon")
    assert "EPSG:4548" in communities.source_crs
    centre = communities.frame.geometry.iloc[0].centroid
    lon, lat = GK_POINTS["天津站"]
    assert metres_between(lon, lat, centre.x, centre.y) < 5
    assert_refused(path, ["no layer 'roads'", "outlets"], layer="roads")


@pytest.mark.parametrize(
    ("name", "note"),
    [
        ("shapefile_gbk.zip", None),
        ("shapefile_cp936.zip", None),
        ("shapefile_gbk_no_cpg.zip", "no .cpg file; attribute text read as GBK"),
    ],
)
def test_zipped_shapefile_with_gbk_text(name, note):
    loaded = read_layer(GOOD / name, geometry="point")
    _check_reference_points(loaded, "name", 0.01)  # the names decode as Chinese
    assert "EPSG:4490" in loaded.source_crs
    assert loaded.name == "outlets"
    if note:
        assert any(note in str(n) for n in loaded.notes), loaded.notes


def test_zip_with_gbk_member_names_and_projected_prj():
    path = GOOD / "shapefile_gk_gbk_names.zip"
    assert list_layers(path) == ["社区边界/社区"]
    for layer in (None, "社区", "社区边界/社区"):
        loaded = read_layer(path, layer=layer, geometry="polygon")
        assert loaded.name == "社区"
        assert "EPSG:4548" in loaded.source_crs
        assert list(loaded.frame["population"]) == [1200, 3400]


def test_choosing_a_shapefile_in_a_zip():
    loaded = read_layer(BAD / "two_shapefiles.zip", layer="more/outlets")
    assert len(loaded.frame) == 2
    assert list_layers(BAD / "two_shapefiles.zip") == ["more/outlets", "outlets"]


def test_bare_shapefile_and_stated_crs_for_missing_prj(tmp_path):
    with zipfile.ZipFile(BAD / "shapefile_projected_no_prj.zip") as archive:
        archive.extractall(tmp_path)
    loaded = read_layer(tmp_path / "outlets.shp", crs="cgcs2000-gk3")
    assert "EPSG:4527" in loaded.source_crs
    assert loaded.frame.geometry.x.between(117, 117.2).all()
    assert any("no .prj" in str(n) for n in loaded.notes)


def test_shapefile_without_prj_in_degrees_is_taken_as_wgs84(tmp_path):
    with zipfile.ZipFile(GOOD / "shapefile_gbk.zip") as archive:
        members = {n: archive.read(n) for n in archive.namelist() if not n.endswith(".prj")}
    path = tmp_path / "noprj.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    loaded = read_layer(path)
    assert loaded.source_crs == "WGS-84 (EPSG:4326), assumed"
    assert any("CRS not stated; taken as WGS-84" in str(n) for n in loaded.notes)


def test_stated_system_overrides_the_file_and_says_so():
    loaded = read_layer(GOOD / "outlets.geojson", crs="gcj02")
    want_lon, want_lat = gcj02_to_wgs84(*np.array(list(REFERENCE_WGS84.values())).T)
    np.testing.assert_allclose(loaded.frame.geometry.x, want_lon, atol=1e-9)
    np.testing.assert_allclose(loaded.frame.geometry.y, want_lat, atol=1e-9)
    gk = read_layer(GOOD / "two_layers.gpkg", layer="communities", crs=4548)
    assert not any("the file says" in str(n) for n in gk.notes)
    overridden = read_layer(GOOD / "shapefile_gbk.zip", crs="wgs84")
    assert any("the file says" in str(n) for n in overridden.notes)


def test_study_bounds_accept_nearby_points():
    loaded = read_layer(GOOD / "points_utf8.csv", study_bounds=(73, 18, 135, 54))
    assert len(loaded.frame) == 5


def test_single_part_multipoints_count_as_points(tmp_path):
    frame = gpd.GeoDataFrame(
        {"name": ["a", "b"]},
        geometry=[shapely.MultiPoint([(116.4, 39.9)]), shapely.Point(116.5, 39.9)],
        crs=4326,
    )
    path = tmp_path / "multi.gpkg"
    frame.to_file(path, layer="sites", engine="pyogrio")
    loaded = read_layer(path, geometry="point")
    assert list(loaded.frame.geometry.geom_type) == ["Point", "Point"]


def test_gbk_geojson_is_decoded(tmp_path):
    text = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"name": "就业服务站"},
                    "geometry": {"type": "Point", "coordinates": [116.4, 39.9]},
                }
            ],
        },
        ensure_ascii=False,
    )
    path = tmp_path / "gbk.geojson"
    path.write_bytes(text.encode("gbk"))
    loaded = read_layer(path)
    assert loaded.frame["name"].iloc[0] == "就业服务站"
    assert any("GBK" in str(n) for n in loaded.notes)


def test_unsupported_geometry_option():
    with pytest.raises(ValueError, match="geometry"):
        read_layer(GOOD / "points_utf8.csv", geometry="line")  # type: ignore[arg-type]


def test_reading_leaves_no_files_behind(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    read_layer(GOOD / "shapefile_gbk.zip")
    with pytest.raises(InputDataError):
        read_layer(BAD / "shapefile_without_dbf.zip")
    assert list(tmp_path.iterdir()) == []


def test_written_csv_round_trip_in_gcj02(tmp_path):
    rng = np.random.default_rng(7)
    lon = rng.uniform(100, 122, 500)
    lat = rng.uniform(22, 41, 500)
    from servicecircle.inputs.china_offsets import wgs84_to_gcj02

    glon, glat = wgs84_to_gcj02(lon, lat)
    buffer = io.StringIO()
    pd.DataFrame({"经度": glon, "纬度": glat}).to_csv(buffer, index=False)
    path = tmp_path / "gcj.csv"
    path.write_text(buffer.getvalue(), encoding="gb18030")
    loaded = read_layer(path, crs="gcj02")
    error = metres_between(lon, lat, loaded.frame.geometry.x, loaded.frame.geometry.y)
    assert error.max() < 0.5


# --------------------------------------------------------------------------- files planners make


def _points_csv(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read_with_or_without_byte_order_mark(tmp_path, encoding):
    # Excel's "Unicode text" is UTF-16 with a BOM and tabs; other tools drop the BOM.
    text = "名称\t经度\t纬度\n甲站\t116.4\t39.9\n乙站\t116.41\t39.91\n"
    loaded = read_layer(_points_csv(tmp_path / "outlets.csv", text, encoding))
    assert list(loaded.frame["名称"]) == ["甲站", "乙站"]
    assert shapely.get_coordinates(loaded.frame.geometry).tolist() == [
        [116.4, 39.9],
        [116.41, 39.91],
    ]
    assert any("UTF-16" in str(note) for note in loaded.notes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "名称;经度;纬度\n甲;116,397;39,909\n乙;116,41;39,91\n",
            [[116.397, 39.909], [116.41, 39.91]],
        ),
        ('名称,lon,lat\n甲,"116,5","39,25"\n', [[116.5, 39.25]]),
    ],
)
def test_decimal_commas_in_degree_columns_are_decimal_marks(tmp_path, text, expected):
    loaded = read_layer(_points_csv(tmp_path / "outlets.csv", text, "utf-8"))
    assert shapely.get_coordinates(loaded.frame.geometry).tolist() == expected
    assert any("decimal commas" in str(note) for note in loaded.notes)


def test_thousands_separators_in_projected_columns_stay_thousands(tmp_path):
    text = 'name,x,y\na,"39,512,345.6","4,412,345.6"\nb,"39,513,345.6","4,413,345.6"\n'
    loaded = read_layer(_points_csv(tmp_path / "gk.csv", text, "utf-8"), crs="cgcs2000-gk3")
    # zone 39 (central meridian 117°E), 12,345.6 m east of the false easting: east of 117°E
    lon, lat = shapely.get_coordinates(loaded.frame.geometry)[0]
    assert 117.0 < lon < 117.3 and 39.0 < lat < 40.5


def test_a_mixed_decimal_comma_names_the_decimal_mark(tmp_path):
    text = '名称,经度,纬度\n甲,116.4,39.9\n乙,"116,41",39.91\n'
    message = assert_refused(_points_csv(tmp_path / "mixed.csv", text, "utf-8"), ["row 3"])
    assert "116.41 rather than 116,41" in message


def test_unclosed_outlines_are_closed_with_a_note(tmp_path):
    ring = [[116.4, 39.9], [116.41, 39.9], [116.41, 39.91]]  # last point does not repeat the first
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"名称": "甲"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ],
    }
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    loaded = read_layer(path, geometry="polygon")
    assert loaded.frame.geometry.iloc[0].equals(shapely.Polygon(ring))
    assert any("feature 1 were not closed" in str(note) for note in loaded.notes)

    wkt = tmp_path / "areas.csv"
    wkt.write_text(
        '名称,wkt\n甲,"POLYGON ((116.4 39.9, 116.41 39.9, 116.41 39.91))"\n', encoding="utf-8"
    )
    loaded = read_layer(wkt, geometry="polygon")
    assert loaded.frame.geometry.iloc[0].equals(shapely.Polygon(ring))
    assert any("row 2 were not closed" in str(note) for note in loaded.notes)


def test_a_junk_prj_is_ignored_when_the_planner_names_the_system():
    loaded = read_layer(BAD / "junk_prj.zip", crs="wgs84")
    assert len(loaded.frame) == 2
    assert any(".prj file is not a coordinate system" in str(note) for note in loaded.notes)


def test_an_empty_prj_counts_as_none(tmp_path):
    parts = {p.suffix: p for p in _shapefile(tmp_path)}
    parts[".prj"].write_text("")
    loaded = read_layer(parts[".shp"])
    assert any(".prj is empty" in str(note) for note in loaded.notes)
    assert loaded.source_crs == "WGS-84 (EPSG:4326), assumed"


def _shapefile(folder: Path) -> list[Path]:
    frame = gpd.GeoDataFrame(
        {"名称": ["甲", "乙"]},
        geometry=[shapely.Point(116.4, 39.9), shapely.Point(116.41, 39.91)],
        crs=4326,
    )
    frame.to_file(folder / "outlets.shp", engine="pyogrio", encoding="UTF-8")
    return sorted(folder.glob("outlets.*"))


def test_a_zip_of_many_files_is_refused_unpacked(tmp_path):
    path = tmp_path / "outlets.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(10_001):
            archive.writestr(f"junk/{i}.txt", b"")
    assert_refused(path, ["10,001 files", "Zip only the layer"])


def test_only_the_chosen_shapefile_is_unpacked(tmp_path, monkeypatch):
    written: list[str] = []
    real_open = Path.open

    def spying_open(self: Path, mode: str = "r", *args: object, **kwargs: object):
        if "w" in mode and "servicecircle-zip-" in str(self):
            written.append(self.name)
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spying_open)
    loaded = read_layer(BAD / "two_shapefiles.zip", layer="outlets")
    assert len(loaded.frame) == 2
    # the zip holds outlets.* twice (top level and more/): each part written once
    assert len(written) == len(set(written)) >= 3
    assert {name.split(".")[0] for name in written} == {"outlets"}
