"""Study-area inputs over the server's limits are refused with a message before the work starts.

Compressed OSM XML is unpacked in a counted stream that stops at the
``inflated_mb`` limit (a 4 GiB ``.osm.gz`` costs a few MB of memory), PBF
blocks are counted before pyrosm sees them, pyrosm leaves nothing of a read in
the temporary folder, and an online area larger than ``download_km2`` is
refused before Overpass is asked for anything.
"""

from __future__ import annotations

import bz2
import gzip
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely

from servicecircle.errors import InputDataError, ResourceLimitError
from servicecircle.inputs import study_area_from
from tests.conftest import REPO, TEST_DATA
from tests.inputs.osm_files import TEST_PBF, files_under, osm_xml_bomb, pbf_block, pbf_blocks

VADUZ_XML = TEST_DATA / "vaduz.osm"
GIB = 2**30

#: Reads argv[1] as a study area and prints the outcome and the peak memory before and after.
CHILD = textwrap.dedent(
    """
    import json, resource, sys

    import osmnx  # noqa: F401  (imported before the baseline: the read needs it)
    import servicecircle.inputs.osm_xml  # noqa: F401
    from servicecircle.errors import ResourceLimitError
    from servicecircle.inputs import study_area_from

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        study_area_from(sys.argv[1])
        outcome = "read"
    except ResourceLimitError as error:
        outcome = str(error)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"message": outcome, "before_kib": before, "after_kib": after}))
    """
)


def _read_in_child(path: Path, tmp_path: Path, **variables: str) -> dict[str, Any]:
    """Read ``path`` in a fresh Python with the default limits (or ``variables``).

    Returns the child's outcome, its extra peak memory in bytes, and the files
    it left in its private temporary folder.
    """
    temp = tmp_path / "child-temp"
    temp.mkdir()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SERVICECIRCLE_")}
    environment.update(TMPDIR=str(temp), **variables)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["extra_bytes"] = (result["after_kib"] - result["before_kib"]) * 1024
    result["left_in_temp"] = files_under(temp)
    return result


@pytest.fixture
def private_temp(tmp_path, monkeypatch) -> Path:
    """A temporary folder of this test only, used by everything that asks ``tempfile``."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


# --------------------------------------------------------------------------- compressed XML


def test_gzip_bomb_of_4_gib_is_stopped_under_the_default_limit(tmp_path):
    bomb = tmp_path / "bomb.osm.gz"
    unpacked = osm_xml_bomb(bomb, gzip.compress, block_bytes=64 << 20, total_bytes=4 * GIB)
    assert unpacked >= 4 * GIB
    assert bomb.stat().st_size < 200 * 2**20  # under the default file_mb limit

    result = _read_in_child(bomb, tmp_path)

    message = result["message"]
    assert message.startswith("bomb.osm.gz ("), message
    assert "unpacks to more than" in message
    assert "limit of 1,024 MB" in message
    assert "SERVICECIRCLE_MAX_INFLATED_MB" in message
    assert ".osm.pbf" in message
    assert result["extra_bytes"] < GIB
    assert result["left_in_temp"] == set()  # the partial copy is removed


def test_bzip2_bomb_of_4_gib_is_stopped_at_the_limit(tmp_path):
    """bzip2 unpacks ~10x slower than gzip: a 64 MB limit keeps the test short."""
    bomb = tmp_path / "bomb.osm.bz2"
    unpacked = osm_xml_bomb(bomb, bz2.compress, block_bytes=4 << 20, total_bytes=4 * GIB)
    assert unpacked >= 4 * GIB

    result = _read_in_child(bomb, tmp_path, SERVICECIRCLE_MAX_INFLATED_MB="64")

    message = result["message"]
    assert message.startswith("bomb.osm.bz2 ("), message
    assert "limit of 64 MB" in message and "SERVICECIRCLE_MAX_INFLATED_MB" in message
    assert result["extra_bytes"] < GIB
    assert result["left_in_temp"] == set()


@pytest.mark.parametrize(
    ("name", "compress"),
    [
        ("area.osm.gz", gzip.compress),
        ("area.osm.xml.gz", gzip.compress),
        ("area.osm.bz2", bz2.compress),
        ("area.osm.xml.bz2", bz2.compress),
        ("area.osm", gzip.compress),  # compressed data under a plain name is unpacked too
    ],
)
def test_every_compressed_name_is_limited(tmp_path, private_temp, monkeypatch, name, compress):
    monkeypatch.setenv("SERVICECIRCLE_MAX_INFLATED_MB", "4")
    path = tmp_path / name
    osm_xml_bomb(path, compress, block_bytes=1 << 20, total_bytes=16 << 20)
    with pytest.raises(ResourceLimitError, match=r"limit of 4 MB") as caught:
        study_area_from(path)
    assert str(caught.value).startswith(f"{name} (")
    assert files_under(private_temp) == set()


def test_compressed_osm_under_the_limit_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("SERVICECIRCLE_MAX_INFLATED_MB", "1")  # vaduz.osm is 0.38 MB
    path = tmp_path / "vaduz.osm.gz"
    path.write_bytes(gzip.compress(VADUZ_XML.read_bytes()))
    assert len(study_area_from(path).edges) > 200


def test_plain_osm_over_the_file_limit(monkeypatch):
    monkeypatch.setenv("SERVICECIRCLE_MAX_FILE_MB", "0.25")  # vaduz.osm is 0.38 MB
    with pytest.raises(ResourceLimitError) as caught:
        study_area_from(VADUZ_XML)
    message = str(caught.value)
    assert message.startswith("vaduz.osm is 0.4 MB, over this server's limit of 0.25 MB")
    assert "SERVICECIRCLE_MAX_FILE_MB" in message


def test_compressed_osm_over_the_file_limit(tmp_path, monkeypatch):
    path = tmp_path / "vaduz.osm.bz2"
    path.write_bytes(bz2.compress(VADUZ_XML.read_bytes()))
    limit = path.stat().st_size / 2 / 2**20
    monkeypatch.setenv("SERVICECIRCLE_MAX_FILE_MB", str(limit))
    with pytest.raises(ResourceLimitError, match="SERVICECIRCLE_MAX_FILE_MB"):
        study_area_from(path)


# --------------------------------------------------------------------------- PBF


def test_pbf_over_the_file_limit(monkeypatch):
    monkeypatch.setenv("SERVICECIRCLE_MAX_FILE_MB", "0.1")  # test.osm.pbf is 0.13 MB
    with pytest.raises(ResourceLimitError, match="SERVICECIRCLE_MAX_FILE_MB"):
        study_area_from(TEST_PBF)


def test_pbf_whose_blocks_unpack_past_the_default_limit(tmp_path, monkeypatch):
    """40 blocks of 32 MiB of zeros: 1.25 GiB unpacked from a 1.3 MB file, refused unread."""
    import pyrosm

    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("pyrosm was asked to read a file over the limits")

    monkeypatch.setattr(pyrosm, "OSM", never)
    zeros = zlib.compress(b"\0" * (32 * 2**20), 9)
    block = pbf_block(b"OSMData", raw_size=32 * 2**20, zlib_data=zeros)
    path = tmp_path / "bomb.osm.pbf"
    path.write_bytes(pbf_blocks(TEST_PBF)[0] + block * 40)
    with pytest.raises(ResourceLimitError) as caught:
        study_area_from(path)
    message = str(caught.value)
    assert message.startswith("bomb.osm.pbf unpacks to more than 1,0")
    assert "limit of 1,024 MB" in message and "SERVICECIRCLE_MAX_INFLATED_MB" in message


def test_pbf_under_a_small_unpacked_limit(monkeypatch):
    monkeypatch.setenv("SERVICECIRCLE_MAX_INFLATED_MB", "0.25")  # its blocks unpack to 0.31 MB
    with pytest.raises(ResourceLimitError, match="test.osm.pbf unpacks to more than"):
        study_area_from(TEST_PBF)


def test_reading_a_pbf_leaves_nothing_in_the_temporary_folder(tmp_path, private_temp):
    import pyrosm

    upload = tmp_path / "upload" / "area.osm.pbf"
    upload.parent.mkdir()
    shutil.copy(TEST_PBF, upload)
    (private_temp / "pyrosm" / "cache").mkdir(parents=True)
    before = files_under(private_temp)

    area = study_area_from(upload)

    assert len(area.edges) > 1000 and len(area.buildings) > 1000
    assert files_under(private_temp) == before
    assert upload.read_bytes() == TEST_PBF.read_bytes()  # the upload itself is untouched
    # pyrosm on its own does keep the read in its cache folder: what the test guards against
    pyrosm.OSM(str(upload)).get_buildings()
    assert files_under(private_temp) - before


def test_a_pbf_that_cannot_be_linked_is_read_through_a_copy(tmp_path, private_temp, monkeypatch):
    """Another file system, or a file of another user: the private path is a copy instead."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise PermissionError("hard links not allowed here")

    monkeypatch.setattr(os, "link", refuse)
    upload = tmp_path / "area.osm.pbf"
    shutil.copy(TEST_PBF, upload)
    assert len(study_area_from(upload).edges) > 1000
    assert files_under(private_temp) == set()
    assert upload.is_file()


def test_a_failed_pbf_read_leaves_nothing_either(tmp_path, private_temp):
    blocks = pbf_blocks(TEST_PBF)
    damaged = bytearray(blocks[1])
    middle = len(damaged) // 2
    damaged[middle : middle + 64] = b"\xff" * 64
    path = tmp_path / "damaged.osm.pbf"
    path.write_bytes(blocks[0] + bytes(damaged) + b"".join(blocks[2:]))
    with pytest.raises(InputDataError, match="damaged"):
        study_area_from(path)
    assert files_under(private_temp) == set()


# --------------------------------------------------------------------------- online


@contextmanager
def recording_server(place: dict[str, Any] | None = None) -> Iterator[tuple[str, list[str]]]:
    """A stand-in for Nominatim and Overpass that records every request it gets.

    Nominatim searches get ``place``; Overpass queries get an error (a refused
    area must never reach them).
    """
    received: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            received.append(f"GET {self.path.split('?')[0]}")
            body = json.dumps([place] if place else []).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # noqa: N802
            received.append(f"POST {self.path}")
            self.send_response(500)
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


def spherical_km2(west: float, south: float, east: float, north: float) -> float:
    """Area of a lon/lat box on the sphere of the Earth's mean (authalic) radius."""
    radius = 6371.0072
    band = math.sin(math.radians(north)) - math.sin(math.radians(south))
    return radius**2 * math.radians(east - west) * band


def _stated_km2(message: str) -> float:
    found = re.search(r"covers ([\d,]+) km²", message)
    assert found, message
    return float(found.group(1).replace(",", ""))


def _refused_download(spec: Any) -> str:
    with pytest.raises(ResourceLimitError) as caught:
        study_area_from(spec)
    message = str(caught.value)
    assert "limit of" in message and "km²" in message
    assert "SERVICECIRCLE_MAX_DOWNLOAD_KM2" in message
    assert ".osm.pbf" in message and "smaller area" in message
    return message


@pytest.mark.online
def test_large_bbox_is_refused_before_any_request(osmnx_against):
    with recording_server() as (url, received):
        osmnx_against(url)
        message = _refused_download("bbox:100,20,110,30")
    assert received == []
    assert "limit of 2,500 km²" in message
    assert _stated_km2(message) == pytest.approx(spherical_km2(100, 20, 110, 30), rel=0.01)


@pytest.mark.online
def test_large_place_is_refused_after_geocoding_before_overpass(osmnx_against):
    ring = [[115.0, 39.0], [117.0, 39.0], [117.0, 41.0], [115.0, 41.0], [115.0, 39.0]]
    place = {
        "place_id": 1,
        "osm_type": "relation",
        "osm_id": 1,
        "lat": "40.0",
        "lon": "116.0",
        "display_name": "Somewhere large",
        "class": "boundary",
        "type": "administrative",
        "importance": 0.7,
        "boundingbox": ["39.0", "41.0", "115.0", "117.0"],
        "geojson": {"type": "Polygon", "coordinates": [ring]},
    }
    with recording_server(place) as (url, received):
        osmnx_against(url)
        message = _refused_download("place:Somewhere large")
    assert received == ["GET /nominatim/search"]
    assert "place:Somewhere large" in message or "Somewhere large" in message
    assert _stated_km2(message) == pytest.approx(spherical_km2(115, 39, 117, 41), rel=0.01)


@pytest.mark.online
def test_large_boundary_file_is_refused_before_any_request(tmp_path, osmnx_against):
    outline = tmp_path / "county.geojson"
    gpd.GeoDataFrame(
        {"name": ["too large"]}, geometry=[shapely.box(118.0, 31.0, 120.0, 33.0)], crs=4326
    ).to_file(outline, driver="GeoJSON")
    with recording_server() as (url, received):
        osmnx_against(url)
        message = _refused_download(outline)
    assert received == []
    assert _stated_km2(message) == pytest.approx(spherical_km2(118, 31, 120, 33), rel=0.01)


@pytest.mark.online
def test_download_limit_is_set_by_the_administrator(osmnx_against, monkeypatch):
    """The Vaduz box (about 1.5 km²) passes the default limit but not a limit of 1 km²."""
    monkeypatch.setenv("SERVICECIRCLE_MAX_DOWNLOAD_KM2", "1")
    with recording_server() as (url, received):
        osmnx_against(url)
        message = _refused_download("bbox:9.515,47.133,9.530,47.145")
    assert received == []
    assert "limit of 1 km²" in message
    expected = spherical_km2(9.515, 47.133, 9.530, 47.145)
    assert 1 < expected < 2500
    assert _stated_km2(message) == pytest.approx(expected, abs=1)
