"""CSV and TXT tables: text encoding, delimiter, rows, and their coordinates.

UTF-8, UTF-8 with BOM, UTF-16 (Excel's "Unicode text") or GBK/GB18030
(detected); comma, tab, semicolon, bar or full-width comma separated. Rows
keep their spreadsheet numbers (header row 1) for messages; blank rows are
skipped. Which columns hold the coordinates is decided in :mod:`.columns`.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

from servicecircle._progress import Said
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.files.columns import (
    COMBINED_NAMES,
    LAT_NAMES,
    LON_NAMES,
    WKT_NAMES,
    X_NAMES,
    Y_NAMES,
    attribute_table,
    coordinates_from_columns,
    coordinates_from_combined,
    find_column,
    geometries_from_wkt,
    list_columns,
    srid_crs,
    user_column,
)
from servicecircle.inputs.files.raw import RawLayer, ReadCaps, name_labels, unit_hint


def _utf16(data: bytes) -> str | None:
    r"""The UTF-16 codec ``data`` is written in (Excel's "Unicode text"), or None.

    With a byte-order mark that decides; without one, text that is mostly
    ASCII or CJK has a zero (or a CJK high) byte at every other position.

    >>> _utf16("名称,lon\n".encode("utf-16"))
    'utf-16'
    >>> _utf16("name,lon,lat\n".encode("utf-16-le"))
    'utf-16-le'
    >>> _utf16(b"name,lon,lat\n") is None
    True
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            data.decode("utf-16")
        except UnicodeDecodeError:
            return None
        return "utf-16"
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for codec, high in (("utf-16-le", odd), ("utf-16-be", even)):
        if high.count(0) >= 0.3 * len(high):
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                continue
            return codec
    return None


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode ``data`` as UTF-8 (BOM or not), UTF-16, else GB18030 (a superset of GBK)."""
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    codec = _utf16(data)
    if codec is not None:
        return data.decode(codec).lstrip("\ufeff"), "UTF-16"
    try:
        return data.decode("gb18030"), "GBK/GB18030"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputDataError(
            msg("msg.files.encoding_unknown", file=name, byte=exc.start + 1, line=line)
        ) from exc


def sniff_delimiter(text: str) -> str:
    r"""The delimiter the header line uses most (comma, tab, semicolon, bar, full-width comma).

    >>> sniff_delimiter("名称;经度;纬度\n")
    ';'
    """
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", "\t", ";", "|", "，")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def table_from_text(text: str, sep: str, name: str) -> pd.DataFrame:
    """All cells as text, one row per spreadsheet row (blank rows kept as empty cells).

    Rows with more filled cells than the header are refused: pandas would either
    shift the columns or drop the extra cells without a word.
    """
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    except csv.Error as exc:
        raise InputDataError(msg("msg.files.not_table", file=name, detail=str(exc))) from exc
    header = [cell.strip().lstrip("\ufeff").strip() for cell in rows[0]] if rows else []
    while header and not header[-1]:
        header.pop()
    if not header:
        raise InputDataError(msg("msg.files.no_header", file=name))
    width = len(header)
    seen: Counter[str] = Counter()
    for i, given in enumerate(header):
        column = given or f"column_{i + 1}"
        seen[column] += 1
        header[i] = column if seen[column] == 1 else f"{column}_{seen[column]}"
    body = rows[1:]
    long_rows = [
        i + 2
        for i, row in enumerate(body)
        if len(row) > width and any(c.strip() for c in row[width:])
    ]
    if long_rows:
        raise InputDataError(
            msg(
                "msg.files.long_rows",
                file=name,
                width=width,
                where=name_labels(long_rows, "row"),
                hint=unit_hint("row"),
            )
        )
    cells = [row[:width] + [""] * (width - len(row)) for row in body]
    if not cells:
        return pd.DataFrame({column: pd.Series([], dtype=object) for column in header})
    return pd.DataFrame(cells, columns=header, dtype=object)


def read_csv(
    path: Path, *, lon_column: str | None, lat_column: str | None, caps: ReadCaps
) -> RawLayer:
    """Read a CSV/TXT table: points from lon/lat or combined columns, or WKT geometries.

    ``lon_column``/``lat_column`` name the coordinate columns when the usual
    names are not used (both or neither).
    """
    name = path.name
    text, notes = _csv_text(path, caps)
    frame, labels = _filled_rows(table_from_text(text, sniff_delimiter(text), name), name)
    columns = list(frame.columns)
    lon_name, lat_name = _lon_lat_columns(columns, lon_column, lat_column, name)
    if lon_name is not None and lat_name is not None:
        lon, lat = coordinates_from_columns(frame, lon_name, lat_name, labels, name, notes)
        if lon_column is None:
            notes.append(
                msg("msg.files.lon_lat_from", file=name, lon=repr(lon_name), lat=repr(lat_name))
            )
        attributes = attribute_table(frame, numeric={lon_name: lon, lat_name: lat})
        raw = _csv_raw(path, attributes, shapely.points(lon, lat), labels, notes)
        raw.columns = (lon_name, lat_name)
        return raw
    combined = find_column(columns, COMBINED_NAMES)
    if combined is not None:
        lon, lat = coordinates_from_combined(frame, combined, labels, name)
        notes.append(msg("msg.files.combined_from", file=name, column=repr(combined)))
        attributes = attribute_table(frame, numeric={})
        return _csv_raw(path, attributes, shapely.points(lon, lat), labels, notes)
    wkt_name = find_column(columns, WKT_NAMES)
    if wkt_name is not None:
        geoms, srid = geometries_from_wkt(frame[wkt_name], labels, name, notes)
        notes.append(msg("msg.files.wkt_from", file=name, column=repr(wkt_name)))
        attributes = attribute_table(frame.drop(columns=[wkt_name]), numeric={})
        raw = _csv_raw(path, attributes, geoms, labels, notes)
        raw.file_crs = srid_crs(srid, name) if srid is not None else None
        return raw
    raise InputDataError(
        msg("msg.files.no_coordinate_columns", file=name, columns=list_columns(columns))
    )


def _csv_text(path: Path, caps: ReadCaps) -> tuple[str, list[Said]]:
    """The file's text, refused when empty, a workbook, over the row limit or undecodable."""
    name = path.name
    data = path.read_bytes()
    caps.check_count(max(data.count(b"\n") - 1, 0), name)
    if not data.strip():
        raise InputDataError(msg("msg.files.csv_empty", file=name, size=len(data)))
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise InputDataError(msg("msg.files.workbook_as_csv", file=name))
    text, encoding = decode_text(data, name)
    notes: list[Said] = (
        [msg("msg.files.encoding_detected", file=name, encoding=encoding)]
        if encoding != "UTF-8"
        else []
    )
    return text, notes


def _filled_rows(frame: pd.DataFrame, name: str) -> tuple[pd.DataFrame, NDArray[np.int64]]:
    """The rows with a filled cell, and their Excel row numbers (header row 1, data from 2)."""
    labels_all = np.arange(2, len(frame) + 2, dtype=np.int64)
    filled = np.array((frame.apply(lambda col: col.str.strip()) != "").any(axis=1), dtype=bool)
    kept = frame.loc[filled].reset_index(drop=True)
    if len(kept) == 0:
        raise InputDataError(
            msg("msg.files.no_rows", file=name, columns=list_columns(list(frame.columns)))
        )
    return kept, labels_all[filled]


def _lon_lat_columns(
    columns: list[str], lon_column: str | None, lat_column: str | None, name: str
) -> tuple[str | None, str | None]:
    """The planner's lon/lat columns, else the first pair found by name; (None, None) if none."""
    if (lon_column is None) != (lat_column is None):
        raise InputDataError(msg("msg.files.both_columns"))
    lon_name: str | None
    lat_name: str | None
    if lon_column is not None and lat_column is not None:
        lon_name, lat_name = (
            user_column(columns, lon_column, name),
            user_column(columns, lat_column, name),
        )
    else:
        lon_name, lat_name = find_column(columns, LON_NAMES), find_column(columns, LAT_NAMES)
        if lon_name is None or lat_name is None:
            lon_name, lat_name = find_column(columns, X_NAMES), find_column(columns, Y_NAMES)
        if lon_name is None or lat_name is None:
            return None, None
    if lon_name == lat_name:
        raise InputDataError(msg("msg.files.same_column", file=name, column=repr(lon_name)))
    return lon_name, lat_name


def _csv_raw(
    path: Path,
    attributes: pd.DataFrame,
    geoms: NDArray[np.object_] | shapely.Geometry,
    labels: NDArray[np.int64],
    notes: list[Said],
) -> RawLayer:
    """A CSV's :class:`RawLayer`, its features named by spreadsheet row."""
    return RawLayer(
        name=path.stem,
        source=path.name,
        attributes=attributes,
        geoms=np.asarray(geoms, dtype=object),
        labels=labels,
        unit="row",
        notes=notes,
    )
