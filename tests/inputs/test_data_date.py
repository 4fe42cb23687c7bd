"""The map data's date, read with the data: XML root or meta, newest edit, PBF header, download."""

from __future__ import annotations

import re
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from servicecircle.inputs import study_area_from
from servicecircle.inputs.data_date import (
    DataDate,
    downloaded_today,
    pbf_data_date,
    xml_data_date,
)
from tests.conftest import SHARED_DATA, TEST_DATA
from tests.inputs.osm_files import OSM_XML_HEADER, TEST_PBF, pbf_block, pbf_blocks
from tests.inputs.overpass_replay import replay_server

NANJING = SHARED_DATA / "nanjing-xuanwu.osm.xml"
VADUZ_XML = TEST_DATA / "vaduz.osm"

#: Two crossing residential roads: the least an OSM file needs to be read as a study area.
_ROADS = b"""  <node id="1" lat="47.1400" lon="9.5200" timestamp="2019-03-01T10:00:00Z"/>
  <node id="2" lat="47.1410" lon="9.5200" timestamp="2023-11-30T23:30:00-02:00"/>
  <node id="3" lat="47.1405" lon="9.5190" timestamp="2020-01-01T00:00:00Z"/>
  <node id="4" lat="47.1405" lon="9.5210"/>
  <node id="5" lat="47.1405" lon="9.5200"/>
  <way id="10" timestamp="2022-07-07T07:07:07Z">
    <nd ref="1"/><nd ref="5"/><nd ref="2"/><tag k="highway" v="residential"/>
  </way>
  <way id="11" timestamp="2021-02-02T02:02:02Z">
    <nd ref="3"/><nd ref="5"/><nd ref="4"/><tag k="highway" v="residential"/>
  </way>
</osm>
"""


def _xml(path: Path, *, before_data: bytes = b"", root: bytes | None = None) -> Path:
    head = OSM_XML_HEADER if root is None else b'<?xml version="1.0"?>\n' + root + b"\n"
    path.write_bytes(head + before_data + _ROADS)
    return path


def test_overpass_meta_gives_the_day_the_data_is_as_of(tmp_path):
    meta = b'  <meta osm_base="2024-05-01T12:34:56Z"/>\n'
    assert xml_data_date(_xml(tmp_path / "a.osm", before_data=meta)) == DataDate(
        "2024-05-01", "as_of"
    )


def test_a_timestamp_on_the_root_gives_the_day_the_data_is_as_of(tmp_path):
    root = b'<osm version="0.6" timestamp="2018-09-09T00:00:00Z">'
    assert xml_data_date(_xml(tmp_path / "a.osm", root=root)) == DataDate("2018-09-09", "as_of")


def test_without_one_the_newest_edit_of_any_element_in_utc(tmp_path):
    # node 2 was edited 2023-11-30 23:30 at UTC-2, which is 2023-12-01 in UTC
    assert xml_data_date(_xml(tmp_path / "a.osm")) == DataDate("2023-12-01", "newest_edit")


def test_no_timestamps_no_date(tmp_path):
    path = tmp_path / "a.osm"
    path.write_bytes(re.sub(rb' timestamp="[^"]*"', b"", OSM_XML_HEADER + _ROADS))
    assert xml_data_date(path) is None


def test_the_vaduz_export_gives_its_newest_edit():
    text = VADUZ_XML.read_text(encoding="utf-8")
    newest = max(re.findall(r'<(?:node|way|relation)\b[^>]*timestamp="(\d{4}-\d\d-\d\d)T', text))
    assert xml_data_date(VADUZ_XML) == DataDate(newest, "newest_edit")


def test_reading_an_osm_file_records_its_date_in_the_study_area(tmp_path):
    meta = b'  <meta osm_base="2024-05-01T12:34:56Z"/>\n'
    area = study_area_from(str(_xml(tmp_path / "roads.osm", before_data=meta)))
    assert area.data_date == DataDate("2024-05-01", "as_of")
    assert area.summary()["data_date"] == {"day": "2024-05-01", "basis": "as_of"}
    assert study_area_from("sample").data_date is None


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _text_field(number: int, value: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(value)) + value


def _with_replication_timestamp(source: Path, target: Path, seconds: int | None) -> Path:
    """``source``'s data blocks behind a new header block, stamped ``seconds`` (field 32)."""
    _, *data_blocks = pbf_blocks(source)
    header = _text_field(4, b"OsmSchema-V0.6") + _text_field(4, b"DenseNodes")
    if seconds is not None:
        header += _varint(32 << 3) + _varint(seconds)
    block = pbf_block(b"OSMHeader", raw_size=len(header), zlib_data=zlib.compress(header))
    target.write_bytes(block + b"".join(data_blocks))
    return target


def test_a_pbf_header_replication_timestamp_gives_the_day(tmp_path):
    assert pbf_data_date(TEST_PBF) is None  # pyrosm's test extract states none
    plain = _with_replication_timestamp(TEST_PBF, tmp_path / "plain.osm.pbf", None)
    assert pbf_data_date(plain) is None
    seconds = int(datetime(2024, 5, 1, 23, 59, tzinfo=UTC).timestamp())
    stamped = _with_replication_timestamp(TEST_PBF, tmp_path / "stamped.osm.pbf", seconds)
    assert pbf_data_date(stamped) == DataDate("2024-05-01", "as_of")


def test_a_damaged_pbf_header_gives_no_date(tmp_path):
    path = tmp_path / "bad.osm.pbf"
    path.write_bytes(TEST_PBF.read_bytes()[:40])
    assert pbf_data_date(path) is None


def test_downloaded_today():
    before = datetime.now(UTC).date().isoformat()
    today = downloaded_today()
    assert today.basis == "downloaded"
    assert today.day in {before, datetime.now(UTC).date().isoformat()}
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        DataDate("2024-5-1", "as_of")
    with pytest.raises(ValueError, match="basis"):
        DataDate("2024-05-01", "edited")  # type: ignore[arg-type]


@pytest.mark.online
def test_a_download_records_the_day_it_was_downloaded(osmnx_against):
    with replay_server(VADUZ_XML) as url:
        osmnx_against(url)
        area = study_area_from("bbox:9.515,47.133,9.530,47.145")
    assert area.data_date == DataDate(datetime.now(UTC).date().isoformat(), "downloaded")


@pytest.mark.shared_data
def test_the_nanjing_overpass_export_is_dated_by_its_meta():
    if not NANJING.is_file():
        pytest.skip(f"shared data not present: {NANJING}")
    assert xml_data_date(NANJING) == DataDate("2021-06-12", "as_of")


@pytest.mark.shared_data
def test_the_liechtenstein_extract_is_dated_by_its_header(liechtenstein_pbf):
    # the file's name says 2013-08-03; its header's replication timestamp 2013-08-03 19:00:02 UTC
    assert pbf_data_date(liechtenstein_pbf) == DataDate("2013-08-03", "as_of")


def test_reading_a_pbf_records_its_date_in_the_study_area(tmp_path):
    seconds = int(datetime(2013, 8, 3, 19, 0, 2, tzinfo=UTC).timestamp())
    stamped = _with_replication_timestamp(TEST_PBF, tmp_path / "stamped.osm.pbf", seconds)
    assert study_area_from(str(stamped)).data_date == DataDate("2013-08-03", "as_of")
