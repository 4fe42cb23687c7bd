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
#: Longest PBF BlobHeader the format allows.
_PBF_MAX_HEADER: Final = 64 * 1024
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


def what_it_looks_like(head: bytes) -> str:
    """A planner's name for the format ``head`` starts like."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        return "an empty file"
    if text.startswith(b"<"):
        if b"ogrvrtdatasource" in text or b"vrtdataset" in text:
            return "a GDAL VRT document (which points at other files)"
        if b"<kml" in text:
            return "KML"
        if b"<osm" in text:
            return "OpenStreetMap XML"
        if b"<html" in text or b"<!doctype html" in text:
            return "a web page (HTML)"
        return "XML or HTML"
    if looks_like_osm_pbf(head):
        return "an OpenStreetMap PBF extract"
    if head.startswith(b"\x1f\x8b"):
        return "a gzip-compressed file"
    if head.startswith(b"BZh"):
        return "a bzip2-compressed file"
    if head.startswith(SQLITE_MAGIC):
        return "an SQLite database"
    if head.startswith(b"PK\x03\x04"):
        return "a zip archive (or an Excel/WPS workbook)"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Excel/WPS workbook"
    if head[:4] == struct.pack(">i", _SHAPE_FILE_CODE):
        return "a shapefile's .shp part"
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "UTF-16 text"
    if text.startswith(b"/vsi") or b"://" in text[:200]:
        return "a path or web address"
    return "something else"


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
            f"{shown} is not GeoJSON: it looks like {what_it_looks_like(data[:512])}. "
            f"Choose a GeoJSON file (it starts with '{{' and holds a FeatureCollection), or "
            f"export the layer as GeoJSON from QGIS or ArcGIS."
        )
    if not inspect_crs or (b"crs" not in data and b"\\u" not in data):
        return
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputDataError(
            f"{shown} is not valid GeoJSON ({str(exc)[:120]}). The file may be cut off or "
            f"damaged: export it again."
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
    raise InputDataError(
        f"{shown} was refused: its 'crs' member points to a definition elsewhere "
        f"({str(kind)!r}); files are read as data only and never make the server open a web "
        f"address or another file. Remove the 'crs' member (GeoJSON is WGS-84 by definition) "
        f'or name the system, e.g. "EPSG:4549", and choose the coordinate system when '
        f"loading."
    )


# --------------------------------------------------------------------------- GeoPackage


def check_geopackage(path: Path, shown: str) -> None:
    """Refuse ``path`` unless it is a GeoPackage that reaches nothing outside itself."""
    with path.open("rb") as handle:
        head = handle.read(100)
    if not head.startswith(SQLITE_MAGIC) or len(head) < 100:
        raise InputDataError(
            f"{shown} is not a GeoPackage: it looks like {what_it_looks_like(head)}. "
            f"Choose a .gpkg file saved by QGIS, ArcGIS or servicecircle."
        )
    application_id = struct.unpack(">I", head[68:72])[0]
    try:
        objects = _schema(path)
    except sqlite3.DatabaseError as exc:
        raise InputDataError(
            f"{shown} could not be opened as a GeoPackage ({exc}). The file may be damaged or "
            f"cut off: save it again from QGIS or ArcGIS."
        ) from exc
    names = {name for _, name, _ in objects}
    if application_id not in _GPKG_IDS and "gpkg_contents" not in names:
        raise InputDataError(
            f"{shown} is an SQLite database but not a GeoPackage (no gpkg_contents table). "
            f"Save the layer as a GeoPackage from QGIS or ArcGIS."
        )
    unsafe = [f"{kind} {name!r}" for kind, name, sql in objects if _reaches_out(kind, sql)]
    if unsafe:
        raise InputDataError(
            f"{shown} was refused: it holds {', '.join(unsafe[:5])}, which would read other "
            f"files or web addresses when opened. Files are read as data only: export the "
            f"layers you need into a new GeoPackage from QGIS (Export > Save Features As)."
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
                f"{shown}: {part.name} is not a shapefile part (it looks like "
                f"{what_it_looks_like(head)}). Export the layer again as a shapefile and zip "
                f"the .shp, .shx, .dbf, .prj and .cpg files together."
            )
    problem = dbf_problem(dbf)
    if problem is not None:
        raise InputDataError(
            f"{shown}: the attribute table {dbf.name} is damaged ({problem}); reading it would "
            f"lose the names and types of the features. Export the layer again from QGIS or "
            f"ArcGIS, or open the .dbf in WPS/Excel to repair it."
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
    return 0 < length <= _PBF_MAX_HEADER and b"\x0a\x09OSMHeader" in head[4 : 4 + length]


def check_osm_pbf(head: bytes, shown: str) -> None:
    """Refuse a file whose first bytes ``head`` are not the start of an OSM PBF extract."""
    if looks_like_osm_pbf(head):
        return
    looks = what_it_looks_like(head)
    rename = (
        " If it is an OpenStreetMap XML file, name it .osm (or .osm.gz / .osm.bz2 when compressed)."
        if looks in ("OpenStreetMap XML", "a gzip-compressed file", "a bzip2-compressed file")
        else ""
    )
    raise InputDataError(
        f"{shown} is not an OpenStreetMap PBF extract: it looks like {looks}.{rename} "
        f"Download a .osm.pbf extract of the region (e.g. from Geofabrik) and try again."
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
        raise InputDataError(
            f"{shown} was refused: it declares a document type (<!DOCTYPE ...>), which "
            f"OpenStreetMap files never do; such declarations can make a small file expand to "
            f"gigabytes or read other files. Export the area again from OpenStreetMap (JOSM, "
            f"Overpass or osmium) or use a .osm.pbf extract."
        )
    looks = what_it_looks_like(head)
    rename = " Name it .osm.pbf and try again." if looks == "an OpenStreetMap PBF extract" else ""
    raise InputDataError(
        f"{shown} is not OpenStreetMap XML: it looks like {looks}.{rename} An OSM XML file "
        f"starts with <osm (after an optional <?xml ...?> line); export the area again from "
        f"OpenStreetMap (JOSM, Overpass or osmium), or use a .osm.pbf extract (e.g. from "
        f"Geofabrik)."
    )


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
