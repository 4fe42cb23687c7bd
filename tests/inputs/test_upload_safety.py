"""Uploaded files are data, never instructions: no file makes the server read another
file or request a URL (issue 10).

A test HTTP server on 127.0.0.1 records every request; a "secret" GeoJSON in the
test folder stands for another project's data on the server. GDAL VRT documents
that point at either are offered under every name a reader accepts, and a
GeoJSON whose ``crs`` links to the server; the readers must refuse them, the
server must receive nothing and the secret must appear in no message.
"""

from __future__ import annotations

import contextlib
import http.server
import io
import json
import subprocess
import sys
import threading
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely

from servicecircle.errors import InputDataError, ResourceLimitError
from servicecircle.inputs import gdal_guard
from servicecircle.inputs.files.read import list_layers, read_layer
from servicecircle.limits import Limits, current_limits


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str]

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.requests.append(f"GET {self.path}")
        body = b'{"type": "FeatureCollection", "features": []}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self) -> None:  # noqa: N802
        self.requests.append(f"HEAD {self.path}")
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server; yields its base URL and the list of requests it received."""
    requests: list[str] = []
    handler = type("Handler", (_Recorder,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def secret(tmp_path: Path) -> tuple[Path, str]:
    """A GeoJSON standing for data the uploader must never see, and its secret text."""
    text = f"SECRET-{uuid.uuid4().hex}"
    path = tmp_path / "other_project" / "outlets.geojson"
    path.parent.mkdir()
    frame = gpd.GeoDataFrame({"name": [text]}, geometry=[shapely.Point(116.4, 39.9)], crs=4326)
    frame.to_file(path, driver="GeoJSON", engine="pyogrio")
    return path, text


def vrt(source: str) -> bytes:
    """A GDAL VRT document (about 200 bytes) that reads ``source``."""
    return (
        f'<OGRVRTDataSource><OGRVRTLayer name="outlets"><SrcDataSource>{source}'
        f"</SrcDataSource><SrcLayer>outlets</SrcLayer></OGRVRTLayer></OGRVRTDataSource>"
    ).encode()


def _shapefile_zip(shp: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("outlets.shp", shp)
        archive.writestr("outlets.shx", shp)
        archive.writestr("outlets.dbf", b"\x03" + b"\x00" * 40)
    return buffer.getvalue()


def attacks(folder: Path, secret_path: Path, base_url: str) -> list[Path]:
    """Every way to hand a VRT (local file or URL) to the readers, as files in ``folder``."""
    made = []
    for label, source in (
        ("file", str(secret_path)),
        ("url", f"/vsicurl/{base_url}/outlets.geojson"),
        ("url_plain", f"{base_url}/outlets.geojson"),
    ):
        document = vrt(source)
        target = folder / label
        target.mkdir(parents=True)
        for name in ("outlets.geojson", "outlets.json", "outlets.gpkg", "outlets.csv"):
            (target / name).write_bytes(document)
            made.append(target / name)
        (target / "zipped.zip").write_bytes(_shapefile_zip(document))
        made.append(target / "zipped.zip")
        bare = target / "bare"
        bare.mkdir()
        for suffix in (".shp", ".shx"):
            (bare / f"outlets{suffix}").write_bytes(document)
        (bare / "outlets.dbf").write_bytes(b"\x03" + b"\x00" * 40)
        made.append(bare / "outlets.shp")
    linked = folder / "crs_link.geojson"
    linked.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "crs": {
                    "type": "link",
                    "properties": {"href": f"{base_url}/crs", "type": "ogcwkt"},
                },
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"name": "a"},
                        "geometry": {"type": "Point", "coordinates": [116.4, 39.9]},
                    }
                ],
            }
        )
    )
    made.append(linked)
    return made


def test_gdal_keeps_only_the_drivers_servicecircle_uses():
    state = gdal_guard.guard_gdal()
    assert state.drivers == gdal_guard.ALLOWED_DRIVERS
    assert set(pyogrio.list_drivers()) == set(gdal_guard.ALLOWED_DRIVERS)
    assert state.network_blocked


def test_every_reader_refuses_vrt_files_and_linked_crs(tmp_path, server, secret):
    base_url, requests = server
    secret_path, secret_text = secret
    files = attacks(tmp_path / "uploads", secret_path, base_url)
    assert len(files) >= 19
    for path in files:
        with pytest.raises(InputDataError) as info:
            read_layer(path)
        assert secret_text not in str(info.value), path
        try:
            names = list_layers(path)
        except InputDataError as error:
            assert secret_text not in str(error)
        else:  # listed by file or member name only (csv, geojson, zip): nothing opened
            assert names in ([path.stem], ["outlets"])
    assert requests == []


def test_project_files_refuse_vrt_documents(tmp_path, server, secret):
    from servicecircle.results.project import load_project

    base_url, requests = server
    secret_path, secret_text = secret
    for source in (str(secret_path), f"/vsicurl/{base_url}/outlets.geojson"):
        path = tmp_path / f"project-{uuid.uuid4().hex[:6]}.gpkg"
        path.write_bytes(vrt(source))
        with pytest.raises(InputDataError) as info:
            load_project(path)
        assert secret_text not in str(info.value)
    assert requests == []


def test_gdal_itself_makes_no_request_even_when_a_file_asks(tmp_path, server):
    """Behind the readers' checks: GDAL's own HTTP requests are refused in-process."""
    base_url, requests = server
    path = tmp_path / "linked.geojson"
    document = {
        "type": "FeatureCollection",
        "crs": {"type": "link", "properties": {"href": f"{base_url}/crs.wkt", "type": "ogcwkt"}},
        "features": [],
    }
    path.write_text(json.dumps(document))
    refused_before = len(gdal_guard.refused_urls)
    with contextlib.suppress(Exception):  # refusing may surface as any GDAL error
        pyogrio.read_info(path)  # GDAL fetches a linked crs when it can
    with pytest.raises(Exception, match="not recognized|does not exist|No such file"):
        pyogrio.read_info(f"/vsicurl/{base_url}/outlets.geojson")
    assert requests == []
    assert f"{base_url}/crs.wkt" in gdal_guard.refused_urls[refused_before:]


# --------------------------------------------------------------------------- limits


def _outlets_geojson(path: Path, count: int) -> Path:
    features = ",".join(
        json.dumps(
            {
                "type": "Feature",
                "properties": {"name": f"o{i}"},
                "geometry": {
                    "type": "Point",
                    "coordinates": [116.3 + (i % 1000) * 1e-4, 39.9 + (i // 1000) * 1e-4],
                },
            }
        )
        for i in range(count)
    )
    path.write_text('{"type":"FeatureCollection","features":[' + features + "]}")
    return path


def test_features_over_the_limit_are_refused_with_the_limit_named(tmp_path):
    path = _outlets_geojson(tmp_path / "outlets.geojson", 120)
    limits = Limits(features=100)
    with pytest.raises(ResourceLimitError) as info:
        read_layer(path, limits=limits)
    message = str(info.value)
    assert "120 features" in message and "limit of 100 features" in message
    assert "SERVICECIRCLE_MAX_FEATURES" in message
    with pytest.raises(ResourceLimitError, match="SERVICECIRCLE_MAX_OUTLETS"):
        read_layer(path, max_features=50, limits=limits)
    assert len(read_layer(path, limits=Limits(features=120)).frame) == 120


def test_rows_over_the_limit_are_refused_before_a_csv_is_parsed(tmp_path):
    path = tmp_path / "outlets.csv"
    path.write_text("name,lon,lat\n" + "".join(f"o{i},116.4,39.9\n" for i in range(30)))
    with pytest.raises(ResourceLimitError, match="30 features"):
        read_layer(path, limits=Limits(features=29))


def test_vertices_over_the_limit_are_refused(tmp_path):
    ring = shapely.Point(116.4, 39.9).buffer(0.01, quad_segs=64)  # 257 vertices
    path = tmp_path / "areas.geojson"
    gpd.GeoDataFrame({"n": [1]}, geometry=[ring], crs=4326).to_file(path, engine="pyogrio")
    with pytest.raises(ResourceLimitError, match="257 vertices.*SERVICECIRCLE_MAX_VERTICES"):
        read_layer(path, limits=Limits(vertices=200))


def test_files_over_the_size_limit_are_refused_unread(tmp_path):
    path = tmp_path / "outlets.geojson"
    path.write_bytes(b" " * (2 * 2**20))
    with pytest.raises(ResourceLimitError, match=r"2\.0 MB.*limit of 1 MB"):
        read_layer(path, limits=Limits(file_mb=1))


def test_limits_come_from_the_administrators_environment(monkeypatch, caplog):
    monkeypatch.setenv("SERVICECIRCLE_MAX_OUTLETS", "123")
    monkeypatch.setenv("SERVICECIRCLE_MAX_FILE_MB", "0.5")
    monkeypatch.setenv("SERVICECIRCLE_MAX_FEATURES", "lots")
    limits = current_limits()
    assert limits.outlets == 123 and isinstance(limits.outlets, int)
    assert limits.file_mb == 0.5
    assert limits.features == Limits().features
    assert "SERVICECIRCLE_MAX_FEATURES" in caplog.text


_MEASURE = """
import resource, sys
from servicecircle.limits import current_limits
from servicecircle.inputs.files.read import read_layer
from servicecircle.errors import ResourceLimitError
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    read_layer(sys.argv[1], max_features=current_limits().outlets)
except ResourceLimitError as error:
    print("REFUSED", error)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("EXTRA_MB", (after - before) / 1024)
"""


def test_a_100000_outlet_upload_is_stopped_with_little_memory(tmp_path):
    """The 10 MB GeoJSON with 100,000 outlets that drove the server past 23 GB."""
    path = _outlets_geojson(tmp_path / "outlets.geojson", 100_000)
    assert 5 * 2**20 < path.stat().st_size < 15 * 2**20
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("SERVICECIRCLE_")}
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "REFUSED" in result.stdout and "100,000 features" in result.stdout
    assert "SERVICECIRCLE_MAX_OUTLETS" in result.stdout
    extra = float(result.stdout.split("EXTRA_MB")[1])
    assert extra < 1024, result.stdout


def test_ordinary_column_names_are_not_mistaken_for_calls(tmp_path):
    from servicecircle.inputs.signatures import check_geopackage

    frame = gpd.GeoDataFrame(
        {"attach": [1], "csv": ["x"], "readfile": ["y"], "名称": ["甲"]},
        geometry=[shapely.Point(116.4, 39.9)],
        crs=4326,
    )
    path = tmp_path / "outlets.gpkg"
    frame.to_file(path, engine="pyogrio")
    check_geopackage(path, path.name)
    assert list(read_layer(path).frame.columns[:4]) == ["attach", "csv", "readfile", "名称"]


def test_a_schema_that_is_not_utf8_is_read_without_a_crash(tmp_path):
    import sqlite3

    path = tmp_path / "outlets.gpkg"
    gpd.GeoDataFrame({"n": [1]}, geometry=[shapely.Point(116.4, 39.9)], crs=4326).to_file(
        path, engine="pyogrio"
    )
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute(
            "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES "
            "('view', 'v', 'v', 0, CAST(X'43524541544520564945572076204153205345' || "
            "X'4C4543542027ff27' AS TEXT))"
        )
    connection.close()
    assert len(read_layer(path).frame) == 1  # the view is no layer; the bytes did not crash


def test_every_module_that_opens_files_with_gdal_locks_it_down_first():
    import re

    package = Path(__file__).resolve().parents[2] / "servicecircle"
    opens = re.compile(r"pyogrio\.(read_dataframe|read_info|list_layers|read_arrow)|read_file\(")
    unguarded = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if opens.search(path.read_text(encoding="utf-8"))
        and "gdal_guard" not in path.read_text(encoding="utf-8")
    ]
    assert unguarded == []


@pytest.mark.parametrize("stated", [1, 2_000_000_000])
def test_a_geopackage_stating_a_wrong_count_is_refused_unread(tmp_path, monkeypatch, stated):
    """pyogrio reads as many rows as a GeoPackage states: fewer would be lost silently,
    billions would be allocated from a file of a few kilobytes."""
    import sqlite3

    path = tmp_path / "outlets.gpkg"
    points = [shapely.Point(116.4 + i * 1e-3, 39.9) for i in range(5)]
    gpd.GeoDataFrame({"name": list("abcde")}, geometry=points, crs=4326).to_file(
        path, layer="outlets", engine="pyogrio"
    )
    with sqlite3.connect(path) as db:
        db.execute("UPDATE gpkg_ogr_contents SET feature_count = ?", (stated,))
    db.close()
    assert pyogrio.read_info(path)["features"] == stated  # what GDAL believes
    read = []
    monkeypatch.setattr(pyogrio, "read_dataframe", lambda *a, **k: read.append(a))
    with pytest.raises(InputDataError) as info:
        read_layer(path)
    message = str(info.value)
    assert "holds 5 features" in message and f"says {stated:,}" in message
    assert read == []
    with pytest.raises(ResourceLimitError, match="holds 5 features"):
        read_layer(path, limits=Limits(features=4))
