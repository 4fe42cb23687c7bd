"""A bad study-area file gets a message that says what it is and what to do, never a traceback."""

from __future__ import annotations

import bz2
import gzip
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from servicecircle.cli import main
from servicecircle.errors import InputDataError
from servicecircle.inputs import study_area_from
from tests.conftest import TEST_DATA
from tests.inputs.osm_files import OSM_XML_HEADER, TEST_PBF, pbf_block, pbf_blocks

VADUZ_XML = TEST_DATA / "vaduz.osm"

HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body></body></html>"

#: Entities that expand a few hundred bytes to gigabytes ("billion laughs").
ENTITY_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE osm [\n <!ENTITY a "aaaaaaaaaa">\n'
    + b"".join(
        b' <!ENTITY %s "%s">\n' % (chr(98 + i).encode(), b"&%s;" % chr(97 + i).encode() * 10)
        for i in range(9)
    )
    + b']>\n<osm version="0.6"><node id="1" lat="1" lon="1"><tag k="name" v="&j;"/></node></osm>'
)

#: An external entity that would read a file of the server.
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE osm [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    b'<osm version="0.6"><node id="1" lat="1" lon="1"><tag k="name" v="&secret;"/></node></osm>'
)


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _refused(path: Path | str, *phrases: str) -> str:
    """The message ``study_area_from`` refuses ``path`` with; it must hold every phrase."""
    with pytest.raises(InputDataError) as caught:
        study_area_from(path)
    message = str(caught.value)
    for phrase in phrases:
        assert phrase in message, message
    assert "Traceback" not in message
    return message


# --------------------------------------------------------------------------- OSM XML


def test_empty_osm_file(tmp_path):
    _refused(_write(tmp_path, "area.osm", b""), "area.osm is not OpenStreetMap XML", "empty file")


def test_osm_file_that_is_a_web_page(tmp_path):
    """A download that failed often saves the server's error page under the file's name."""
    _refused(_write(tmp_path, "area.osm", HTML_PAGE), "not OpenStreetMap XML", "web page (HTML)")


def test_pbf_named_osm_says_to_rename_it(tmp_path):
    path = tmp_path / "area.osm"
    shutil.copy(TEST_PBF, path)
    _refused(path, "area.osm is not OpenStreetMap XML", "OpenStreetMap PBF", "Name it .osm.pbf")


def test_other_xml_is_refused(tmp_path):
    kml = b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"></kml>'
    _refused(_write(tmp_path, "area.osm", kml), "not OpenStreetMap XML", "KML")


@pytest.mark.parametrize("name", ["entity_bomb.osm", "entity_bomb.osm.gz"])
def test_entity_expansion_is_refused_before_parsing(tmp_path, name):
    data = gzip.compress(ENTITY_BOMB) if name.endswith(".gz") else ENTITY_BOMB
    _refused(_write(tmp_path, name, data), "was refused", "document type")


def test_external_entity_is_refused(tmp_path):
    _refused(_write(tmp_path, "area.osm", EXTERNAL_ENTITY), "was refused", "read other files")


def test_osm_xml_with_comments_before_the_root_is_read(tmp_path):
    text = VADUZ_XML.read_bytes()
    body = text[text.index(b"<osm") :]
    path = _write(tmp_path, "area.osm", b"\xef\xbb\xbf<!-- exported by JOSM -->\n" + body)
    assert len(study_area_from(path).edges) > 200


def test_ways_without_their_nodes(tmp_path):
    xml = OSM_XML_HEADER + (
        b'<node id="1" lat="47.1" lon="9.5"/><node id="2" lat="47.1001" lon="9.5"/>'
        b'<way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/>'
        b'<tag k="highway" v="residential"/></way></osm>'
    )
    _refused(_write(tmp_path, "cut.osm", xml), "Could not build a road network from cut.osm")


def test_node_with_a_bad_id(tmp_path):
    xml = OSM_XML_HEADER + (
        b'<node id="one" lat="47.1" lon="9.5"/><way id="10"><nd ref="one"/>'
        b'<tag k="highway" v="residential"/></way></osm>'
    )
    _refused(_write(tmp_path, "odd.osm", xml), "Could not read odd.osm as OSM XML")


def test_osm_xml_without_roads(tmp_path):
    xml = OSM_XML_HEADER + b'<node id="1" lat="47.1" lon="9.5"/></osm>'
    _refused(_write(tmp_path, "field.osm", xml), "field.osm contains no roads")


# --------------------------------------------------------------------------- compressed XML


@pytest.mark.parametrize(
    ("name", "compress"),
    [("area.osm.gz", gzip.compress), ("area.osm.xml.bz2", bz2.compress)],
)
def test_compressed_osm_cut_off(tmp_path, name, compress):
    packed = compress(VADUZ_XML.read_bytes())
    _refused(
        _write(tmp_path, name, packed[: len(packed) // 2]),
        f"{name} could not be unpacked",
        "damaged or cut off",
    )


@pytest.mark.parametrize(
    ("name", "compress", "looks"),
    [
        ("area.osm.gz", gzip.compress, "web page (HTML)"),
        ("area.osm.bz2", bz2.compress, "web page (HTML)"),
        ("empty.osm.gz", gzip.compress, "empty file"),
    ],
)
def test_compressed_file_holding_something_else(tmp_path, name, compress, looks):
    data = b"" if name.startswith("empty") else HTML_PAGE
    _refused(_write(tmp_path, name, compress(data)), f"{name} is not OpenStreetMap XML", looks)


def test_gz_that_is_not_gzip_at_all(tmp_path):
    _refused(_write(tmp_path, "area.osm.gz", HTML_PAGE), "is not OpenStreetMap XML", "web page")


def test_plain_osm_named_gz_is_read_as_what_it_holds(tmp_path):
    path = tmp_path / "area.osm.gz"
    shutil.copy(VADUZ_XML, path)
    assert len(study_area_from(path).edges) > 200


def test_gzip_member_with_a_bad_checksum(tmp_path):
    packed = bytearray(gzip.compress(VADUZ_XML.read_bytes()))
    packed[-8] ^= 0xFF  # the CRC-32 of the member
    _refused(_write(tmp_path, "area.osm.gz", bytes(packed)), "could not be unpacked as gzip")


# --------------------------------------------------------------------------- PBF


def test_pbf_cut_off(tmp_path):
    data = TEST_PBF.read_bytes()
    _refused(_write(tmp_path, "area.osm.pbf", data[: len(data) - 1000]), "is cut off")


def test_pbf_cut_inside_its_first_block(tmp_path):
    _refused(_write(tmp_path, "area.osm.pbf", TEST_PBF.read_bytes()[:40]), "is cut off")


def test_empty_pbf(tmp_path):
    _refused(_write(tmp_path, "area.osm.pbf", b""), "not an OpenStreetMap PBF", "empty file")


@pytest.mark.parametrize(
    ("content", "looks"),
    [
        (lambda: VADUZ_XML.read_bytes(), "OpenStreetMap XML"),
        (lambda: gzip.compress(VADUZ_XML.read_bytes()), "gzip-compressed"),
        (lambda: HTML_PAGE, "web page (HTML)"),
    ],
    ids=["xml", "gzip", "html"],
)
def test_pbf_that_is_something_else(tmp_path, content, looks):
    _refused(_write(tmp_path, "area.osm.pbf", content()), "not an OpenStreetMap PBF", looks)


def test_pbf_with_a_garbage_block_header(tmp_path):
    blocks = pbf_blocks(TEST_PBF)
    garbage = struct.pack(">I", 0x7FFFFFFF) + b"\x00" * 64
    path = _write(tmp_path, "area.osm.pbf", blocks[0] + blocks[1] + garbage)
    _refused(path, "area.osm.pbf is damaged", "announces a header")


def test_pbf_block_larger_than_the_format_allows(tmp_path):
    blocks = pbf_blocks(TEST_PBF)
    huge = pbf_block(b"OSMData", raw_size=64 * 2**20, zlib_data=zlib.compress(b"\0" * 1024))
    path = _write(tmp_path, "area.osm.pbf", blocks[0] + huge)
    _refused(path, "area.osm.pbf is damaged", "larger than the format allows")


def test_pbf_with_damaged_data_inside_a_block(tmp_path):
    blocks = pbf_blocks(TEST_PBF)
    damaged = bytearray(blocks[1])
    middle = len(damaged) // 2
    damaged[middle : middle + 64] = b"\xff" * 64
    path = _write(tmp_path, "area.osm.pbf", blocks[0] + bytes(damaged) + b"".join(blocks[2:]))
    message = _refused(path, "Could not read area.osm.pbf as an OSM PBF extract", "damaged")
    assert "servicecircle-pbf-" not in message  # the private link is never shown


# --------------------------------------------------------------------------- other


@pytest.mark.parametrize("name", ["extract.osm.pbf", "area.osm", "downloads"])
def test_a_folder(tmp_path, name):
    (tmp_path / name).mkdir()
    _refused(tmp_path / name, "is a folder, not a file")


def test_cli_answers_bad_osm_files_with_a_message(tmp_path, capsys):
    for name, data in [("page.osm", HTML_PAGE), ("cut.osm.pbf", TEST_PBF.read_bytes()[:5000])]:
        assert main(["-q", "info", str(_write(tmp_path, name, data))]) == 2
        err = capsys.readouterr().err
        assert name in err and "Traceback" not in err
