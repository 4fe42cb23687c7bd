"""The PBF file's framing: protobuf fields, block size limits and the header block.

What both :mod:`servicecircle.inputs.osm_pbf` (the size check, the extent) and
:mod:`servicecircle.inputs.data_date` (the replication timestamp) read of a
``.osm.pbf`` file without pyrosm: a 4-byte length, a ``BlobHeader`` and a
``Blob`` holding the ``OSMHeader`` block.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from servicecircle.i18n.message import msg

#: Largest BlobHeader and Blob the PBF format allows (64 KiB and 32 MiB).
MAX_HEADER = 64 * 1024
MAX_BLOB = 32 * 2**20


def _varint(data: bytes, position: int) -> tuple[int, int]:
    """The protobuf varint at ``position`` and the position after it."""
    value = shift = 0
    while True:
        if position >= len(data) or shift > 63:
            raise ValueError(msg("msg.inputs.pbf_varint_end"))
        byte = data[position]
        value |= (byte & 0x7F) << shift
        position += 1
        shift += 7
        if byte < 0x80:
            return value, position


def protobuf_fields(data: bytes) -> dict[int, int | bytes]:
    """The top-level fields of a protobuf message: varints as int, the rest as bytes."""
    fields: dict[int, int | bytes] = {}
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        number, wire = key >> 3, key & 7
        if wire == 0:
            fields[number], position = _varint(data, position)
        elif wire == 2:
            length, position = _varint(data, position)
            if position + length > len(data):
                raise ValueError(msg("msg.inputs.pbf_field_end"))
            fields[number] = data[position : position + length]
            position += length
        elif wire in (1, 5):
            position += 8 if wire == 1 else 4
        else:
            raise ValueError(msg("msg.inputs.pbf_unknown_field", wire=wire))
    return fields


def pbf_header_block(path: Path) -> bytes | None:
    """The unpacked ``OSMHeader`` block of a PBF file, or ``None`` when it cannot be read."""
    with path.open("rb") as handle:
        (length,) = struct.unpack(">I", handle.read(4))
        if not 0 < length <= MAX_HEADER:
            return None
        header = protobuf_fields(handle.read(length))
        size = header.get(3)
        if header.get(1) != b"OSMHeader" or not isinstance(size, int) or size > MAX_BLOB:
            return None
        blob = protobuf_fields(handle.read(size))
    raw, packed = blob.get(1), blob.get(3)
    if isinstance(raw, bytes):
        return raw
    if isinstance(packed, bytes):
        return zlib.decompressobj().decompress(packed, MAX_BLOB)
    return None


__all__ = ["MAX_BLOB", "MAX_HEADER", "pbf_header_block", "protobuf_fields"]
