"""Is this file what its name says? Checked before GDAL (or any parser) sees it.

GDAL picks a driver from a file's content, so a file named ``outlets.geojson``
that holds a VRT document would be opened as a VRT. Each reader of
servicecircle first checks the signature of the format it expects and refuses
anything else with a message that says what the file really looks like:

* GeoJSON: a JSON object (``{`` after an optional byte-order mark and blanks);
  a ``"crs"`` member may only *name* a coordinate system, never link to one;
* GeoPackage: an SQLite 3 database with a GeoPackage application id, and no
  virtual tables, views or triggers that reach other files or the network;
* Shapefile: ``.shp`` and ``.shx`` with the shapefile file code (9994), a
  ``.dbf`` whose header agrees with its field list and length (a damaged one
  would otherwise lose every attribute without a word).
* OpenStreetMap XML: ``<osm`` after an optional XML declaration and comments,
  with no document type declaration (entities are refused before any parser
  sees them);
* OpenStreetMap PBF: a 4-byte big-endian length, then a BlobHeader of type
  ``OSMHeader``.

Each function raises :class:`~servicecircle.errors.InputDataError` or returns
``None``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import struct
from pathlib import Path
from typing import Any, Final

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import Message, msg
from servicecircle.inputs.pbf_blocks import MAX_HEADER

#: The first 16 bytes of every SQLite database (and so of every GeoPackage).
SQLITE_MAGIC: Final = b"SQLite format 3\x00"
#: ``PRAGMA application_id`` of GeoPackage 1.0 (GP10), 1.1 (GP11) and 1.2+ (GPKG).
_GPKG_IDS: Final = {0x47504B47, 0x47503130, 0x47503131}
_SHAPE_FILE_CODE: Final = 9994
#: Version bytes of dBASE files (III, IV, 5, Visual FoxPro, with or without memo).
_DBF_VERSIONS: Final = {
    0x02,
    0x03,
    0x04,
    0x05,
    0x30,
    0x31,
    0x32,
    0x43,
    0x63,
    0x83,
    0x8B,
    0xCB,
    0xF5,
    0xFB,
}
_DBF_FIELD_TYPES: Final = set(b"CNFLDMBGPYTIV@O+0WQ")
#: Start of an OSM XML document: BOM, blanks, an XML declaration and comments, then ``<osm``.
_OSM_XML_START: Final = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<osm[\s>/]", re.DOTALL
)

#: Names in SQL that let an SQLite database reach other files, the network or code.
_UNSAFE_SQL: Final = re.compile(
    r"virtualogr|virtualspatialindex|\bogr_\w*\s*\(|load_extension|\battach\b|/vsi|"
    r"\breadfile\b|\bwritefile\b|\bfts[345]?\b|\bfileio\b|\bzipfile\b|\bcsv\s*\(",
    re.IGNORECASE,
)


def what_it_looks_like(head: bytes) -> Message:
    """A planner's name for the format ``head`` starts like."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        return msg("msg.inputs.looks.empty")
    if text.startswith(b"<"):
        if b"ogrvrtdatasource" in text or b"vrtdataset" in text:
            return msg("msg.inputs.looks.vrt")
        if b"<kml" in text:
            return msg("msg.inputs.looks.kml")
        if b"<osm" in text:
            return msg("msg.inputs.looks.osm_xml")
        if b"<html" in text or b"<!doctype html" in text:
            return msg("msg.inputs.looks.html")
        return msg("msg.inputs.looks.xml")
    if looks_like_osm_pbf(head):
        return msg("msg.inputs.looks.osm_pbf")
    if head.startswith(b"\x1f\x8b"):
        return msg("msg.inputs.looks.gzip")
    if head.startswith(b"BZh"):
        return msg("msg.inputs.looks.bzip2")
    if head.startswith(SQLITE_MAGIC):
        return msg("msg.inputs.looks.sqlite")
    if head.startswith(b"PK\x03\x04"):
        return msg("msg.inputs.looks.zip")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return msg("msg.inputs.looks.old_excel")
    if head[:4] == struct.pack(">i", _SHAPE_FILE_CODE):
        return msg("msg.inputs.looks.shp")
    if head.startswith(b"%PDF"):
        return msg("msg.inputs.looks.pdf")
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return msg("msg.inputs.looks.utf16")
    if text.startswith(b"/vsi") or b"://" in text[:200]:
        return msg("msg.inputs.looks.address")
    return msg("msg.inputs.looks.other")


# --------------------------------------------------------------------------- GeoJSON


def check_geojson(data: bytes, shown: str, *, inspect_crs: bool = True) -> None:
    """Refuse ``data`` unless it is a JSON object whose ``crs`` only names a system.

    Parameters
    ----------
    data
        The file's bytes (UTF-8, with or without a byte-order mark).
    shown
        The file as named in messages.
    inspect_crs
        Also parse the document and refuse a ``crs`` member that is not of type
        ``"name"`` (a ``"link"`` or ``"url"`` crs makes GDAL fetch it).
    """
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start.startswith(b"{"):
        raise InputDataError(
            msg("msg.inputs.not_geojson", file=shown, looks=what_it_looks_like(data[:512]))
        )
    if not inspect_crs or (b"crs" not in data and b"\\u" not in data):
        return
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputDataError(
            msg("msg.inputs.bad_geojson", file=shown, error=str(exc)[:120])
        ) from exc
    check_geojson_crs(document, shown)


def check_geojson_crs(document: Any, shown: str) -> None:
    """Refuse a parsed GeoJSON whose ``crs`` member links to a definition elsewhere."""
    crs = document.get("crs") if isinstance(document, dict) else None
    if crs is None:
        return
    kind = crs.get("type") if isinstance(crs, dict) else None
    properties = crs.get("properties") if isinstance(crs, dict) else None
    name = properties.get("name") if isinstance(properties, dict) else None
    if kind == "name" and isinstance(name, str) and not re.search(r"://|^/|\\|/vsi", name):
        return
    raise InputDataError(msg("msg.inputs.geojson_crs_link", file=shown, kind=str(kind)))


# --------------------------------------------------------------------------- GeoPackage


def check_geopackage(path: Path, shown: str) -> None:
    """Refuse ``path`` unless it is a GeoPackage that reaches nothing outside itself."""
    with path.open("rb") as handle:
        head = handle.read(100)
    if not head.startswith(SQLITE_MAGIC) or len(head) < 100:
        raise InputDataError(msg("msg.inputs.not_gpkg", file=shown, looks=what_it_looks_like(head)))
    application_id = struct.unpack(">I", head[68:72])[0]
    try:
        objects = _schema(path)
    except sqlite3.DatabaseError as exc:
        raise InputDataError(msg("msg.inputs.gpkg_unopenable", file=shown, error=str(exc))) from exc
    names = {name for _, name, _ in objects}
    if application_id not in _GPKG_IDS and "gpkg_contents" not in names:
        raise InputDataError(msg("msg.inputs.gpkg_plain_sqlite", file=shown))
    unsafe = [f"{kind} {name!r}" for kind, name, sql in objects if _reaches_out(kind, sql)]
    if unsafe:
        raise InputDataError(
            msg("msg.inputs.gpkg_reaches_out", file=shown, objects=", ".join(unsafe[:5]))
        )


def _reaches_out(kind: str, sql: str) -> bool:
    """True when a schema object can read other files, the network or run code when used.

    Virtual tables other than the R*Tree spatial index; views and triggers whose
    SQL names such a function; tables with generated columns that do. A plain
    table's column names (``attach``, ``csv``) are data, not calls.
    """
    if kind == "table" and re.match(r"\s*create\s+virtual\s+table", sql, re.IGNORECASE):
        return not re.search(r"using\s+rtree\b", sql, re.IGNORECASE)
    if kind == "table" and not re.search(r"\bas\s*\(|\bgenerated\b", sql, re.IGNORECASE):
        return False
    return bool(_UNSAFE_SQL.search(sql))


def _schema(path: Path) -> list[tuple[str, str, str]]:
    """(type, name, sql) of every table, view and trigger, read without running any."""
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    connection = sqlite3.connect(uri, uri=True)
    connection.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        rows = connection.execute(
            "SELECT type, name, COALESCE(sql, '') FROM sqlite_master "
            "WHERE type IN ('table', 'view', 'trigger')"
        ).fetchall()
    finally:
        connection.close()
    return [(str(kind), str(name), str(sql)) for kind, name, sql in rows]


# --------------------------------------------------------------------------- Shapefile


def check_shapefile(shp: Path, shx: Path, dbf: Path, shown: str) -> None:
    """Refuse a shapefile whose ``.shp``, ``.shx`` or ``.dbf`` part is not what it says."""
    for part in (shp, shx):
        with part.open("rb") as handle:
            head = handle.read(100)
        if len(head) < 100 or struct.unpack(">i", head[:4])[0] != _SHAPE_FILE_CODE:
            raise InputDataError(
                msg(
                    "msg.inputs.not_shp_part",
                    file=shown,
                    part=part.name,
                    looks=what_it_looks_like(head),
                )
            )
    problem = dbf_problem(dbf)
    if problem is not None:
        raise InputDataError(
            msg("msg.inputs.dbf_damaged", file=shown, dbf=dbf.name, problem=problem)
        )


def dbf_problem(dbf: Path) -> str | None:
    """What is wrong with a dBASE header, or None when it is sound.

    Checks the version byte, the header length against the field descriptors
    and their terminator, the record length against the fields' widths, and
    the file size against the record count.
    """
    size = dbf.stat().st_size
    with dbf.open("rb") as handle:
        header = handle.read(32)
        if len(header) < 32:
            return f"{size} bytes, shorter than a dBASE header"
        version = header[0]
        records, header_length, record_length = struct.unpack("<IHH", header[4:12])
        if version not in _DBF_VERSIONS:
            return f"unknown dBASE version byte 0x{version:02x}"
        if header_length < 33 or header_length > size:
            return f"header length {header_length} does not fit a file of {size} bytes"
        descriptors = handle.read(header_length - 32)
    widths = 0
    fields = 0
    position = 0
    while position + 32 <= len(descriptors) and descriptors[position] != 0x0D:
        descriptor = descriptors[position : position + 32]
        if descriptor[11] not in _DBF_FIELD_TYPES or descriptor[0] == 0:
            return f"field descriptor {fields + 1} is unreadable"
        widths += descriptor[16]
        fields += 1
        position += 32
    if position >= len(descriptors) or descriptors[position] != 0x0D:
        return "the list of fields has no end marker"
    if widths + 1 != record_length:
        return (
            f"the fields add up to {widths + 1} bytes per record but the header says "
            f"{record_length}"
        )
    needed = header_length + records * record_length
    if size < needed:
        return f"the header announces {records:,} records but the file ends after {size:,} bytes"
    return None


# --------------------------------------------------------------------------- OpenStreetMap


def looks_like_osm_pbf(head: bytes) -> bool:
    """Whether ``head`` starts like an OSM PBF file.

    A PBF file starts with the length of its first BlobHeader (4 bytes,
    big-endian), then that BlobHeader, whose ``type`` field is ``OSMHeader``.
    """
    if len(head) < 15:
        return False
    length = struct.unpack(">I", head[:4])[0]
    return 0 < length <= MAX_HEADER and b"\x0a\x09OSMHeader" in head[4 : 4 + length]


def check_osm_pbf(head: bytes, shown: str) -> None:
    """Refuse a file whose first bytes ``head`` are not the start of an OSM PBF extract."""
    if looks_like_osm_pbf(head):
        return
    looks = what_it_looks_like(head)
    xml_like = ("msg.inputs.looks.osm_xml", "msg.inputs.looks.gzip", "msg.inputs.looks.bzip2")
    rename: Message | str = msg("msg.inputs.rename_osm") if looks.key in xml_like else ""
    raise InputDataError(
        msg(
            "msg.inputs.not_pbf",
            file=shown,
            looks=looks,
            rename=rename,
            advice=msg("msg.inputs.advice.fresh_pbf"),
        )
    )


def check_osm_xml(head: bytes, shown: str) -> None:
    """Refuse a document whose first bytes ``head`` do not start OpenStreetMap XML.

    OpenStreetMap XML starts with ``<osm`` after an optional byte-order mark,
    XML declaration and comments. A document type declaration (which may
    declare entities that expand to gigabytes or read other files) is refused.
    """
    if _OSM_XML_START.match(head):
        return
    if re.search(rb"<!doctype|<!entity", head, re.IGNORECASE) and b"<html" not in head.lower():
        raise InputDataError(msg("msg.inputs.xml_doctype", file=shown))
    looks = what_it_looks_like(head)
    is_pbf = looks.key == "msg.inputs.looks.osm_pbf"
    rename: Message | str = msg("msg.inputs.rename_pbf") if is_pbf else ""
    raise InputDataError(msg("msg.inputs.not_osm_xml", file=shown, looks=looks, rename=rename))


__all__ = [
    "SQLITE_MAGIC",
    "check_geojson",
    "check_geojson_crs",
    "check_geopackage",
    "check_osm_pbf",
    "check_osm_xml",
    "check_shapefile",
    "dbf_problem",
    "looks_like_osm_pbf",
    "what_it_looks_like",
]
