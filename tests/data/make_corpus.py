"""Regenerate the planner-layer test files under tests/data/good and tests/data/bad.

The files are committed; run this only to rebuild them after changing it::

    .venv/bin/python tests/data/make_corpus.py

Reference points
----------------
``REFERENCE_WGS84`` are WGS-84 positions of well-known places. The GCJ-02 file
uses published WGS-84 -> GCJ-02 pairs (googollee/eviltransform's test points for
Shanghai, Shenzhen and Beijing; wandergis/coordtransform's Beijing example). The
BD-09 file holds the BD-09 position Baidu's geoconv API documentation gives for
one WGS-84 point in Wuhan, and BD-09 positions computed with the public forward
formula for the reference points. ``tests/inputs/test_layers.py`` imports the
constants from here.
"""

from __future__ import annotations

import io
import json
import struct
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOOD = HERE / "good"
BAD = HERE / "bad"

#: name -> (lon, lat), WGS-84.
REFERENCE_WGS84: dict[str, tuple[float, float]] = {
    "天安门广场": (116.3975, 39.9087),
    "上海人民广场": (121.4737, 31.2304),
    "广州塔": (113.3245, 23.1064),
    "成都天府广场": (104.0657, 30.6574),
    "武汉江汉关": (114.2889, 30.5793),
}

#: Published WGS-84 -> GCJ-02 pairs: name -> ((wgs lon, lat), (gcj lon, lat)).
GCJ02_PAIRS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    # googollee/eviltransform test points
    "上海": ((121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),
    "深圳": ((113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),
    "北京": ((116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),
    # wandergis/coordtransform README example
    "北京天安门": ((116.404, 39.915), (116.41024449916938, 39.91640428150164)),
}

#: Baidu geoconv API documentation example (from=1 WGS-84, to=5 BD-09).
BAIDU_DOC_PAIR: tuple[tuple[float, float], tuple[float, float]] = (
    (114.21892734521, 29.575429778924),
    (114.23074871003, 29.579084787993),
)

#: Points near 117°E (inside CGCS2000 3-degree zone 39) for the Gauss-Kruger files.
GK_POINTS: dict[str, tuple[float, float]] = {
    "天津站": (117.2099, 39.1355),
    "唐山站": (118.1540, 39.6279),
    "廊坊站": (116.7036, 39.5237),
}


def _write(path: Path, data: bytes | str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode(encoding)
    path.write_bytes(data)


def _csv(rows: list[list[object]]) -> str:
    return "".join(",".join(str(v) for v in row) + "\n" for row in rows)


def _feature_collection(features: list[dict[str, object]]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def _point_feature(props: dict[str, object], lon: float, lat: float) -> dict[str, object]:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def _polygon_feature(props: dict[str, object], ring: list[list[float]]) -> dict[str, object]:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _square(lon: float, lat: float, half: float = 0.002) -> list[list[float]]:
    return [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]


def _zip(path: Path, members: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    _write(path, buffer.getvalue())


def _shapefile_parts(frame: object, stem: str, **kwargs: object) -> dict[str, bytes]:
    import tempfile

    import pyogrio

    with tempfile.TemporaryDirectory() as tmp:
        pyogrio.write_dataframe(frame, Path(tmp) / f"{stem}.shp", **kwargs)
        return {p.name: p.read_bytes() for p in sorted(Path(tmp).iterdir())}


class _GbkZipInfo(zipfile.ZipInfo):
    """A member whose name is stored as GBK bytes without the UTF-8 flag (as WinRAR does)."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # noqa: N802 - zipfile's name
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def make_good() -> None:
    import geopandas as gpd
    import pyogrio
    from shapely.geometry import Point, Polygon

    from servicecircle.inputs.china_offsets import wgs84_to_bd09
    from servicecircle.inputs.gauss_kruger import gauss_kruger_epsg

    ref = REFERENCE_WGS84
    rows = [["name", "lon", "lat", "staff"]]
    rows += [[n, lon, lat, i + 1] for i, (n, (lon, lat)) in enumerate(ref.items())]
    _write(GOOD / "points_utf8.csv", _csv(rows))
    rows = [["名称", "lng", "lat", "编码"]]
    rows += [[n, lon, lat, f"0{i + 1}"] for i, (n, (lon, lat)) in enumerate(ref.items())]
    _write(GOOD / "points_bom.csv", "\ufeff" + _csv(rows))
    rows = [["站点名称", "经度", "纬度", "地址"]]
    rows += [[n, lon, lat, f"{n}附近"] for n, (lon, lat) in ref.items()]
    _write(GOOD / "points_gbk.csv", _csv(rows), encoding="gbk")
    rows = [["name", "wkt"]]
    rows += [[n, f'"POINT ({lon} {lat})"'] for n, (lon, lat) in ref.items()]
    _write(GOOD / "points_wkt.csv", _csv(rows))
    rows = [["name", "location"]]
    rows += [[n, f'"{lon},{lat}"'] for n, (lon, lat) in ref.items()]
    _write(GOOD / "points_location.csv", _csv(rows))

    rows = [["名称", "gcj_lng", "gcj_lat"]]
    rows += [[n, g[0], g[1]] for n, (_, g) in GCJ02_PAIRS.items()]
    _write(GOOD / "points_gcj02.csv", _csv(rows))
    rows = [["名称", "bd_lng", "bd_lat"]]
    (_, (bd_lon, bd_lat)) = BAIDU_DOC_PAIR
    rows.append(["百度文档示例", bd_lon, bd_lat])
    for name, (lon, lat) in ref.items():
        blon, blat = wgs84_to_bd09(lon, lat)
        rows.append([name, repr(float(blon)), repr(float(blat))])
    _write(GOOD / "points_bd09.csv", _csv(rows))

    gk = gpd.GeoSeries([Point(p) for p in GK_POINTS.values()], crs=4490)
    prefixed = gk.to_crs(4527)
    plain = gk.to_crs(gauss_kruger_epsg(3, 117, prefixed=False))
    rows = [["name", "x", "y"]]
    rows += [[n, f"{p.x:.3f}", f"{p.y:.3f}"] for n, p in zip(GK_POINTS, prefixed, strict=True)]
    _write(GOOD / "gk3_zone39_prefixed.csv", _csv(rows))
    rows = [["name", "x", "y"]]
    rows += [[n, f"{p.x:.3f}", f"{p.y:.3f}"] for n, p in zip(GK_POINTS, plain, strict=True)]
    _write(GOOD / "gk3_cm117_plain.csv", _csv(rows))
    rows = [["点名", "X", "Y"]]  # surveying convention: X northing, Y easting
    rows += [[n, f"{p.y:.3f}", f"{p.x:.3f}"] for n, p in zip(GK_POINTS, prefixed, strict=True)]
    _write(GOOD / "gk3_survey_xy.csv", _csv(rows))

    features = [_point_feature({"name": n, "kind": "站点"}, *p) for n, p in ref.items()]
    _write(GOOD / "outlets.geojson", _feature_collection(features))
    lon, lat = ref["天安门广场"]
    bowtie = [
        [lon, lat],
        [lon + 0.01, lat + 0.01],
        [lon + 0.01, lat],
        [lon, lat + 0.01],
        [lon, lat],
    ]
    features = [
        _polygon_feature({"name": "正常社区"}, _square(lon + 0.02, lat)),
        _polygon_feature({"name": "自相交社区"}, bowtie),
        _polygon_feature({"name": "另一社区"}, _square(lon - 0.02, lat)),
    ]
    _write(GOOD / "communities_invalid.geojson", _feature_collection(features))

    outlets = gpd.GeoDataFrame(
        {"name": list(ref), "capacity": [10, 20, 30, 40, 50]},
        geometry=[Point(p) for p in ref.values()],
        crs=4326,
    )
    squares = gpd.GeoDataFrame(
        {"name": ["社区甲", "社区乙"], "population": [1200, 3400]},
        geometry=[Polygon(_square(*GK_POINTS["天津站"], 0.01)), Polygon(_square(117.5, 39.3))],
        crs=4490,
    ).to_crs(gauss_kruger_epsg(3, 117, prefixed=False))
    gpkg = GOOD / "two_layers.gpkg"
    gpkg.unlink(missing_ok=True)
    pyogrio.write_dataframe(outlets, gpkg, layer="outlets")
    pyogrio.write_dataframe(squares, gpkg, layer="communities", append=True)

    cgcs = outlets.set_crs(4490, allow_override=True)
    parts = _shapefile_parts(cgcs, "outlets", encoding="GBK")
    assert parts["outlets.cpg"].strip() == b"GBK", parts["outlets.cpg"]
    _zip(GOOD / "shapefile_gbk.zip", parts)
    _zip(GOOD / "shapefile_cp936.zip", {**parts, "outlets.cpg": b"936"})
    _zip(
        GOOD / "shapefile_gbk_no_cpg.zip",
        {k: v for k, v in parts.items() if not k.endswith(".cpg")},
    )
    parts = _shapefile_parts(squares, "communities", encoding="UTF-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = _GbkZipInfo("社区边界/社区" + name[len("communities") :])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    _write(GOOD / "shapefile_gk_gbk_names.zip", buffer.getvalue())


def _forge_sizes(data: bytes, size: int) -> bytes:
    """Patch every local and central header of a zip to declare ``size`` unpacked bytes."""
    out = bytearray(data)
    start = 0
    while (pos := out.find(b"PK\x03\x04", start)) >= 0:
        struct.pack_into("<I", out, pos + 22, size)
        start = pos + 4
    start = 0
    while (pos := out.find(b"PK\x01\x02", start)) >= 0:
        struct.pack_into("<I", out, pos + 24, size)
        start = pos + 4
    return bytes(out)


def make_bad() -> None:
    import geopandas as gpd
    from shapely.geometry import Point

    ref = REFERENCE_WGS84
    names = list(ref)
    _write(BAD / "empty.csv", b"")
    _write(BAD / "header_only.csv", "name,lon,lat\n")
    _write(BAD / "empty.geojson", b"")
    _write(BAD / "empty_collection.geojson", _feature_collection([]))

    rows = [["name", "lon", "lat"]] + [[n, *p] for n, p in ref.items()]
    missing = [r[:] for r in rows]
    missing[2][2] = ""
    missing[4][1] = ""
    _write(BAD / "missing_coordinates.csv", _csv(missing))  # Excel rows 3 and 5
    text = [r[:] for r in rows]
    text[3][1] = "东经113度"
    _write(BAD / "non_numeric.csv", _csv(text))  # Excel row 4
    out_of_range = [r[:] for r in rows]
    out_of_range[2][1] = 250.0
    out_of_range[5][2] = -95.5
    _write(BAD / "out_of_range.csv", _csv(out_of_range))  # Excel rows 3 and 6
    swapped = [["name", "经度", "纬度"]] + [[n, lat, lon] for n, (lon, lat) in ref.items()]
    _write(BAD / "swapped_columns.csv", _csv(swapped))
    urumqi = [(87.6168, 43.8256), (87.58, 43.79), (87.65, 43.86)]
    rows_u = [["name", "lon", "lat"]] + [
        [f"乌鲁木齐{i}", lat, lon] for i, (lon, lat) in enumerate(urumqi)
    ]
    _write(BAD / "swapped_in_study_area.csv", _csv(rows_u))
    far = [
        ["name", "lon", "lat"],
        ["近", 116.40, 39.91],
        ["远", 117.60, 39.91],
        ["近2", 116.42, 39.92],
    ]
    _write(BAD / "far_from_study_area.csv", _csv(far))  # Excel row 3, about 100 km east
    _write(BAD / "undecodable.csv", b"name,lon,lat\nCaf\xe9,116.4,39.9\n")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    _write(BAD / "excel_renamed.csv", zipped.getvalue())
    _write(BAD / "workbook.xlsx", zipped.getvalue())
    _write(BAD / "drawing.dwg", b"AC1032\x00\x00\x00")
    _write(BAD / "no_coordinate_columns.csv", _csv([["name", "address"], ["站点", "北京市东城区"]]))
    _write(
        BAD / "bad_wkt.csv",
        _csv([["name", "wkt"], ["a", '"POINT (116.4 39.9)"'], ["b", '"POINT (116.4"']]),
    )
    _write(BAD / "zero_zero.csv", _csv([["name", "lon", "lat"], ["a", 116.4, 39.9], ["b", 0, 0]]))
    _write(
        BAD / "projected_without_crs.csv",
        _csv([["name", "x", "y"], ["a", 39512345.6, 4412345.6], ["b", 39513345.6, 4413345.6]]),
    )
    _write(
        BAD / "ragged.csv",
        _csv([["name", "lon", "lat"], ["a", 116.4, 39.9], ["b", 116.4, 39.9, "extra", "cells"]]),
    )
    _write(
        BAD / "gk_wrong_zone.csv",  # read with crs="cgcs2000-gk3:120" (zone 40)
        _csv([["name", "x", "y"], ["a", 39512345.6, 4412345.6]]),
    )
    _write(
        BAD / "gk_plain_no_meridian.csv",  # read with crs="cgcs2000-gk3"
        _csv([["name", "x", "y"], ["a", 512345.6, 4412345.6]]),
    )
    _write(
        BAD / "degrees_stated_projected.csv",  # read with crs="EPSG:4549"
        _csv([["name", "lon", "lat"], ["a", 116.4, 39.9]]),
    )

    lon, lat = ref["天安门广场"]
    mixed = [
        _polygon_feature({"name": "社区1"}, _square(lon, lat)),
        _polygon_feature({"name": "社区2"}, _square(lon + 0.01, lat)),
        _point_feature({"name": "站点"}, lon, lat),
    ]
    _write(BAD / "mixed_geometry_types.geojson", _feature_collection(mixed))
    null_geom = [
        _point_feature({"name": "a"}, lon, lat),
        {"type": "Feature", "properties": {"name": "b"}, "geometry": None},
    ]
    _write(BAD / "null_geometry.geojson", _feature_collection(null_geom))
    collapsed = [
        _polygon_feature({"name": "ok"}, _square(lon, lat)),
        _polygon_feature(
            {"name": "flat"}, [[lon, lat], [lon + 0.01, lat], [lon + 0.02, lat], [lon, lat]]
        ),
    ]
    _write(BAD / "collapsed_polygon.geojson", _feature_collection(collapsed))
    full = _feature_collection([_point_feature({"name": "a"}, lon, lat)])
    _write(BAD / "truncated.geojson", full[: len(full) // 2])
    amap_reply = {"status": "1", "count": "1", "pois": [{"name": "站点", "location": "116.4,39.9"}]}
    _write(BAD / "not_geojson.json", json.dumps(amap_reply, ensure_ascii=False))
    projected_geojson = [_point_feature({"name": "a"}, 39512345.6, 4412345.6)]
    _write(BAD / "projected_coordinates.geojson", _feature_collection(projected_geojson))
    _write(BAD / "corrupt.gpkg", b"SQLite format 3\x00" + bytes(range(256)) * 8)

    points = gpd.GeoDataFrame(
        {"name": names[:2]}, geometry=[Point(ref[n]) for n in names[:2]], crs=4326
    )
    parts = _shapefile_parts(points, "outlets", encoding="UTF-8")
    _zip(BAD / "zip_slip.zip", {"../outlets.shp": parts["outlets.shp"], "outlets.dbf": b""})
    _zip(BAD / "zip_absolute_path.zip", {"/tmp/outlets.shp": parts["outlets.shp"]})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("outlets.shp", b"x" * 16)
    _write(BAD / "zip_bomb_declared.zip", _forge_sizes(buffer.getvalue(), 600 * 1024 * 1024))
    _zip(
        BAD / "zip_without_shp.zip", {"readme.txt": b"outlets", "outlets.dbf": parts["outlets.dbf"]}
    )
    _zip(
        BAD / "shapefile_without_dbf.zip",
        {k: v for k, v in parts.items() if not k.endswith(".dbf")},
    )
    metres = gpd.GeoDataFrame(
        {"name": names[:2]},
        geometry=[Point(39512345.6, 4412345.6), Point(39513345.6, 4413345.6)],
    )
    parts_m = _shapefile_parts(metres, "outlets", encoding="UTF-8")
    _zip(
        BAD / "shapefile_projected_no_prj.zip",
        {k: v for k, v in parts_m.items() if not k.endswith(".prj")},
    )
    _zip(BAD / "two_shapefiles.zip", {**parts, **{"more/" + k: v for k, v in parts.items()}})
    _write(BAD / "corrupt.zip", b"PK\x03\x04" + b"\x00" * 40)


def _damage_dbf(dbf: bytes) -> bytes:
    """The .dbf with its record length one byte short: the field list no longer fits."""
    record_length = struct.unpack("<H", dbf[10:12])[0]
    return dbf[:10] + struct.pack("<H", record_length - 1) + dbf[12:]


def make_unsafe() -> None:
    """Files that are not what their names say, or that point elsewhere (issue 10)."""
    import sqlite3
    import tempfile

    import geopandas as gpd
    from shapely.geometry import Point

    ref = REFERENCE_WGS84
    names = list(ref)
    points = gpd.GeoDataFrame(
        {"name": names[:2]}, geometry=[Point(ref[n]) for n in names[:2]], crs=4326
    )
    parts = _shapefile_parts(points, "outlets", encoding="UTF-8")
    _zip(
        BAD / "damaged_dbf.zip",
        {**parts, "outlets.dbf": _damage_dbf(parts["outlets.dbf"])},
    )
    _zip(BAD / "junk_prj.zip", {**parts, "outlets.prj": b"this is not a coordinate system"})
    _zip(BAD / "truncated_prj.zip", {**parts, "outlets.prj": b'PROJCS["CGCS2000 / 3-degree'})
    vrt = (
        b'<OGRVRTDataSource><OGRVRTLayer name="outlets"><SrcDataSource>/etc/hostname'
        b"</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>"
    )
    _zip(BAD / "shp_holding_vrt.zip", {**parts, "outlets.shp": vrt})
    linked = {
        "type": "FeatureCollection",
        "crs": {"type": "link", "properties": {"href": "http://127.0.0.1:9/crs", "type": "proj4"}},
        "features": [_point_feature({"name": names[0]}, *ref[names[0]])],
    }
    _write(BAD / "crs_link.geojson", json.dumps(linked, ensure_ascii=False))
    with tempfile.TemporaryDirectory() as tmp:
        gpkg = Path(tmp) / "outlets.gpkg"
        points.to_file(gpkg, layer="outlets", driver="GPKG", engine="pyogrio")
        connection = sqlite3.connect(gpkg)
        with connection:
            connection.execute("PRAGMA writable_schema = ON")
            connection.execute(
                "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES "
                "('table', 'secrets', 'secrets', 0, "
                "'CREATE VIRTUAL TABLE secrets USING VirtualOGR(''/etc/hostname'')')"
            )
        connection.close()
        _write(BAD / "virtual_table.gpkg", gpkg.read_bytes())
        plain = Path(tmp) / "plain.gpkg"
        connection = sqlite3.connect(plain)
        with connection:
            connection.execute("CREATE TABLE outlets (name TEXT, lon REAL, lat REAL)")
        connection.close()
        _write(BAD / "sqlite_not_geopackage.gpkg", plain.read_bytes())
    _write(BAD / "vrt_named_geojson.geojson", vrt)
    _write(BAD / "utf16_garbled.csv", b"\xff\xfe" + b"\x00\xd8" * 8)


def main() -> int:
    sys.path.insert(0, str(HERE.parents[1]))
    make_good()
    make_bad()
    make_unsafe()
    for folder in (GOOD, BAD):
        files = sorted(p.name for p in folder.iterdir())
        print(f"{folder.relative_to(HERE.parent)}: {len(files)} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
