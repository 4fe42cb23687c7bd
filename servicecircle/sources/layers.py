"""Planners' own layers: CSV, GeoJSON, GeoPackage and zipped Shapefile, read safely.

:func:`read_layer` turns a file a planner brings (outlets, communities,
industrial parks, relocation areas, candidate premises) into a GeoDataFrame in
WGS-84, or raises :class:`~servicecircle.errors.InputDataError` with one message
that says what is wrong, where (spreadsheet row numbers or feature numbers) and
what to do. Nothing is dropped silently: partly bad files are refused with the
bad rows listed. Invalid geometries are repaired with :func:`shapely.make_valid`
and counted in the notes.

Formats
-------
CSV (``.csv``, ``.txt``, ``.tsv``)
    UTF-8, UTF-8 with BOM or GBK/GB18030 (detected); comma, tab, semicolon or
    bar separated. Coordinates from a lon/lat column pair (经度/纬度, lng/lat,
    lon/lat, longitude/latitude, x/y, ...), a combined column ("116.40,39.91"
    under location/经纬度/坐标) or a WKT column (wkt/geometry/geom).
GeoJSON (``.geojson``, ``.json``), GeoPackage (``.gpkg``)
    A GeoPackage with several layers needs ``layer=``; :func:`list_layers`
    names them.
Shapefile (``.zip`` holding ``.shp/.shx/.dbf`` and usually ``.prj``/``.cpg``, or
a bare ``.shp`` beside its parts)
    The zip is checked before anything is unpacked (no paths outside the folder,
    declared size under a limit) and unpacked into a temporary folder.

Coordinate systems are described in :mod:`servicecircle.sources.crs`. The
planner states one (``crs=``); otherwise the file's own (``.prj``, GeoPackage,
GeoJSON) is used; a file with none is taken as WGS-84 when its coordinates are
in degree range, and the notes say so.
"""

from __future__ import annotations

import codecs
import csv
import glob
import io
import logging
import math
import re
import tempfile
import unicodedata
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj
import shapely
from numpy.typing import NDArray

from servicecircle.errors import InputDataError
from servicecircle.limits import Limits, current_limits
from servicecircle.sources import gdal_guard
from servicecircle.sources.crs import (
    WGS84_SYSTEM,
    CoordinateSystem,
    geometries_to_wgs84,
    resolve_crs,
    resolve_gauss_kruger,
)
from servicecircle.sources.signatures import check_geojson, check_geopackage, check_shapefile
from servicecircle.sources.size_checks import (
    check_feature_count,
    check_file_size,
    check_stated_count,
    check_vertices,
    geopackage_counts,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "SOURCE_ROWS_ATTR",
    "LoadedLayer",
    "describe_rows",
    "list_layers",
    "read_layer",
]

logger = logging.getLogger(__name__)

#: File suffixes :func:`read_layer` reads, and the format each is read as.
SUPPORTED_SUFFIXES: dict[str, str] = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".geojson": "geojson",
    ".json": "geojson",
    ".gpkg": "gpkg",
    ".zip": "zip",
    ".shp": "shp",
}

GeometryKind = Literal["any", "point", "polygon"]

_SUPPORTED_TEXT = (
    "CSV (.csv, UTF-8 or GBK, with longitude/latitude columns), GeoJSON (.geojson), "
    "GeoPackage (.gpkg) or a zipped Shapefile (.zip with .shp, .shx, .dbf, .prj)"
)
_MAX_LISTED = 10
_STUDY_MARGIN_DEG = 3.0  # how far outside a projected CRS's area of use is tolerated

_LON_NAMES = ("lon", "lng", "long", "longitude", "经度", "东经")
_LAT_NAMES = ("lat", "latitude", "纬度", "北纬")
_X_NAMES = ("x", "pointx", "xcoord", "coordx", "easting", "东坐标", "横坐标")
_Y_NAMES = ("y", "pointy", "ycoord", "coordy", "northing", "北坐标", "纵坐标")
_COMBINED_NAMES = ("location", "lnglat", "lonlat", "经纬度", "坐标")
_WKT_NAMES = ("wkt", "geometry", "geom", "thegeom", "shape", "几何")
_CRS_TAG = r"(wgs84|wgs|gcj02|gcj|bd09|bd|baidu|gaode|amap|cgcs2000|百度|高德|火星)"
_CRS_TAGS = re.compile(rf"^{_CRS_TAG}|{_CRS_TAG}$")


@dataclass(frozen=True, eq=False)
class LoadedLayer:
    """A planner's layer, validated and in WGS-84.

    Attributes
    ----------
    frame
        GeoDataFrame in EPSG:4326 with the file's attributes (text as ``str``,
        CSV coordinate columns as the numbers read) and a ``geometry`` column;
        index ``0..n-1`` in file order.
    notes
        Assumptions and repairs made while reading, for the report.
    repaired
        Number of invalid geometries repaired with :func:`shapely.make_valid`.
    source_crs
        The coordinate system the file was read in, e.g. ``"GCJ-02
        (Amap/Tencent)"`` or ``"WGS-84 (EPSG:4326), assumed"``.
    name
        The layer's name (GeoPackage layer, shapefile or file stem).
    """

    frame: gpd.GeoDataFrame
    notes: tuple[str, ...]
    repaired: int
    source_crs: str
    name: str


#: Key in ``LoadedLayer.frame.attrs`` saying where each feature is in the file:
#: ``{"source": file name, "unit": "row" | "feature", "runs": [[first, count], ...]}``,
#: the runs of consecutive spreadsheet rows (CSV, header row 1) or feature numbers
#: (from 1) of the features in file order. Plain JSON, so it follows the frame
#: through copies, selections and reprojection (pandas ``attrs``) at little cost;
#: :func:`describe_rows` reads it.
SOURCE_ROWS_ATTR = "source_rows"


def _source_rows(source: str, labels: NDArray[np.int64], unit: str) -> dict[str, Any]:
    """The :data:`SOURCE_ROWS_ATTR` value for ``labels`` (ascending, as read)."""
    values = [int(v) for v in labels]
    runs: list[list[int]] = []
    for value in values:
        if runs and value == runs[-1][0] + runs[-1][1]:
            runs[-1][1] += 1
        else:
            runs.append([value, 1])
    return {"source": source, "unit": unit, "runs": runs}


def describe_rows(
    frame: pd.DataFrame, positions: Sequence[int] | NDArray[np.int64], *, hint: bool = True
) -> str:
    """Name the features at ``positions`` (0-based, in ``frame``'s order) as the file shows them.

    Parameters
    ----------
    frame
        A frame from :func:`read_layer`, or a selection of it that keeps its
        index (the file order), or any other table.
    positions
        Row positions in ``frame``.
    hint
        Add how the numbers count (leave it out after the first mention).

    Returns
    -------
    str
        For a CSV, e.g. ``"rows 3, 7 (row numbers as Excel shows them; the header
        is row 1)"``; for other files the feature numbers. For a frame whose
        features can no longer be traced to the file, their numbers from 1 in
        the frame's order.
    """
    at = np.asarray(positions, dtype=np.int64)
    rows = frame.attrs.get(SOURCE_ROWS_ATTR)
    index = frame.index.to_numpy()
    if isinstance(rows, dict) and index.dtype.kind in "iu" and frame.index.is_unique:
        runs = rows.get("runs") or []
        labels = np.concatenate(
            [np.arange(first, first + count, dtype=np.int64) for first, count in runs]
            or [np.array([], dtype=np.int64)]
        )
        unit = str(rows.get("unit", "feature"))
        if len(index) == 0 or (index.min() >= 0 and index.max() < len(labels)):
            named = _name_labels(labels[index[at]], unit)
            return f"{named} {_unit_hint(unit)}" if hint else named
    named = _name_labels(at + 1, "feature")
    return f"{named} (numbered from 1 in the layer's order)" if hint else named


@dataclass
class _Raw:
    """A file's features before validation: geometry in the source coordinates."""

    name: str
    source: str  # the file (and layer) as named in messages
    attributes: pd.DataFrame
    geoms: NDArray[np.object_]
    labels: NDArray[np.int64]
    unit: str  # "row" (spreadsheet row numbers) or "feature" (1-based)
    file_crs: pyproj.CRS | None = None
    notes: list[str] = field(default_factory=list)
    columns: tuple[str, str] | None = None  # CSV lon/lat column names
    geojson_default_crs: bool = False
    unreadable_prj: str | None = None  # the start of a .prj that is not a coordinate system


# --------------------------------------------------------------------------- public API


def list_layers(path: str | Path) -> list[str]:
    """Name the layers a file holds.

    Parameters
    ----------
    path
        A GeoPackage, a zip with shapefiles, or any other supported file.

    Returns
    -------
    list of str
        GeoPackage: its spatial layers. Zip: its shapefiles (path inside the zip
        without ``.shp``; empty when it holds none). Other files: one name, the
        file stem.

    Raises
    ------
    InputDataError
        When the file is missing, unsupported, unsafe or unreadable.
    """
    path, fmt = _check_path(path, current_limits())
    if fmt == "gpkg":
        return [name for name, _ in _gpkg_layers(path)]
    if fmt == "zip":
        with _open_zip(path) as archive:
            names = _zip_member_names(archive)
        return [stem for stem, _ in _shapefiles_in(names)]
    return [path.stem]


def read_layer(
    path: str | Path,
    *,
    layer: str | None = None,
    crs: str | int | pyproj.CRS | CoordinateSystem | None = None,
    lon_column: str | None = None,
    lat_column: str | None = None,
    study_bounds: tuple[float, float, float, float] | None = None,
    max_distance_km: float = 50.0,
    geometry: GeometryKind = "any",
    max_unzipped_bytes: int | None = None,
    max_features: int | None = None,
    limits: Limits | None = None,
) -> LoadedLayer:
    """Read a planner's layer file into WGS-84, refusing bad data with a clear message.

    Parameters
    ----------
    path
        A ``.csv``/``.txt``/``.tsv``, ``.geojson``/``.json``, ``.gpkg``, ``.zip``
        (Shapefile) or ``.shp`` file.
    layer
        GeoPackage layer or shapefile inside a zip; needed when there are
        several (see :func:`list_layers`).
    crs
        The coordinate system the planner states (see
        :func:`~servicecircle.sources.crs.resolve_crs`): ``"wgs84"``,
        ``"cgcs2000"``, ``"gcj02"`` (Amap/Tencent), ``"bd09"`` (Baidu), an EPSG
        code, or ``"cgcs2000-gk3:117"``. It overrides the file's own.
    lon_column, lat_column
        CSV columns to use, when the usual names are not used.
    study_bounds
        ``(west, south, east, north)`` in WGS-84 degrees; features farther than
        ``max_distance_km`` from this box are refused.
    max_distance_km
        See ``study_bounds``.
    geometry
        ``"point"`` or ``"polygon"`` to require one kind (single-part
        multipoints count as points; polygons include multipolygons).
    max_unzipped_bytes
        Refuse zips whose members add up to more than this when unpacked;
        defaults to the server's ``inflated_mb`` limit.
    max_features
        Refuse files with more features than this (e.g. the server's
        ``outlets`` limit for outlet files); defaults to its ``features`` limit.
    limits
        The server's limits (file size, features, vertices, unpacked size);
        defaults to :func:`~servicecircle.limits.current_limits`.

    Returns
    -------
    LoadedLayer
        The frame in EPSG:4326 with notes.

    Raises
    ------
    InputDataError
        For any file that cannot be used as it is; the message names the rows or
        features and says what to do.
    ResourceLimitError
        For a file over one of the server's limits; the message names the limit.
    """
    limits = limits or current_limits()
    path, fmt = _check_path(path, limits)
    if geometry not in ("any", "point", "polygon"):
        raise ValueError(f"geometry must be 'any', 'point' or 'polygon', not {geometry!r}")
    caps = _Caps(
        limits=limits,
        features=min(max_features or limits.features, limits.features),
        feature_limit="outlets" if max_features is not None else "features",
    )
    stated = resolve_crs(crs)
    if fmt == "csv":
        raw = _read_csv(path, lon_column=lon_column, lat_column=lat_column, caps=caps)
    elif fmt == "geojson":
        raw = _read_geojson(path, caps)
    elif fmt == "gpkg":
        raw = _read_gpkg(path, layer, caps)
    elif fmt == "zip":
        unzipped = max_unzipped_bytes or int(limits.inflated_mb * 2**20)
        raw = _read_zip(path, layer, unzipped, caps)
    else:
        raw = _read_shapefile(path, name=path.stem, shown=path.name, caps=caps)
    caps.check_vertices(raw)
    return _finish(
        raw,
        stated=stated,
        study_bounds=study_bounds,
        max_distance_km=max_distance_km,
        geometry=geometry,
    )


# --------------------------------------------------------------------------- messages


def _name_labels(labels: Sequence[int] | NDArray[np.int64], unit: str) -> str:
    """'rows 3, 5 and 9' / 'feature 4', at most ten listed."""
    values = [int(v) for v in labels]
    shown = values[:_MAX_LISTED]
    noun = unit if len(values) == 1 else unit + "s"
    text = ", ".join(str(v) for v in shown)
    if len(values) > _MAX_LISTED:
        text += f" and {len(values) - _MAX_LISTED} more"
    return f"{noun} {text}"


def _unit_hint(unit: str) -> str:
    if unit == "row":
        return "(row numbers as Excel shows them; the header is row 1)"
    return "(features numbered from 1 in file order)"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


# --------------------------------------------------------------------------- paths


@dataclass(frozen=True)
class _Caps:
    """The size limits one read is held to."""

    limits: Limits
    features: int
    feature_limit: str  # the Limits attribute ``features`` stands for, in messages

    def check_count(self, count: int, shown: str) -> None:
        """Refuse a layer of ``count`` features over the limit."""
        check_feature_count(count, self.limits, shown, limit=self.feature_limit, most=self.features)

    def check_vertices(self, raw: _Raw) -> None:
        """Refuse a layer whose geometries have more coordinates than the limit."""
        check_vertices(raw.geoms, self.limits, raw.source)


def _check_path(path: str | Path, limits: Limits) -> tuple[Path, str]:
    path = Path(path)
    if not path.exists():
        raise InputDataError(f"File {str(path)!r} was not found. Check the name and folder.")
    if path.is_dir():
        raise InputDataError(
            f"{str(path)!r} is a folder, not a file. For a shapefile, zip the .shp, .shx, "
            f".dbf, .prj and .cpg files together and choose the zip."
        )
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls", ".xlsm", ".et"):
        raise InputDataError(
            f"{path.name} is a spreadsheet workbook. In Excel or WPS choose "
            f"'Save as' -> 'CSV UTF-8 (comma delimited)' and choose the .csv file."
        )
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputDataError(
            f"{path.name}: files ending in {suffix or '(no extension)'!r} are not supported. "
            f"Use {_SUPPORTED_TEXT}."
        )
    check_file_size(path, limits, path.name)
    return path, SUPPORTED_SUFFIXES[suffix]


# --------------------------------------------------------------------------- CSV


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


def _decode(data: bytes, name: str) -> tuple[str, str]:
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
            f"{name}: the text encoding could not be recognised (byte {exc.start + 1}, on "
            f"line {line}, is neither UTF-8 nor GBK). Open the file in Excel or WPS and save "
            f"it as 'CSV UTF-8', then try again."
        ) from exc


def _sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", "\t", ";", "|", "，")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def _normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", str(name)).strip().lower()
    text = re.sub(r"\(.*?\)|\[.*?\]", "", text)
    return re.sub(r"[\s_\-.:/]+", "", text)


def _tagless(name: str) -> str:
    stripped = _CRS_TAGS.sub("", _normalise_name(name))
    return stripped or _normalise_name(name)


def _find_column(columns: Sequence[str], wanted: Sequence[str]) -> str | None:
    exact = {_normalise_name(c): c for c in reversed(columns)}
    for candidate in wanted:
        if candidate in exact:
            return exact[candidate]
    tagless = {_tagless(c): c for c in reversed(columns)}
    for candidate in wanted:
        if candidate in tagless:
            return tagless[candidate]
    return None


def _user_column(columns: Sequence[str], wanted: str, name: str) -> str:
    if wanted in columns:
        return wanted
    normalised = {_normalise_name(c): c for c in columns}
    if _normalise_name(wanted) in normalised:
        return normalised[_normalise_name(wanted)]
    raise InputDataError(
        f"{name}: there is no column {wanted!r}. The columns are: {_list_columns(columns)}. "
        f"Choose one of them."
    )


def _list_columns(columns: Sequence[str]) -> str:
    shown = ", ".join(repr(str(c)) for c in columns[:20])
    return shown + (f" and {len(columns) - 20} more" if len(columns) > 20 else "")


_NUMBER_CLEAN = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def _parse_numbers(values: pd.Series) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Numbers from text cells; returns (values, is_blank). Non-numbers become NaN."""
    text = values.map(lambda v: unicodedata.normalize("NFKC", str(v)).strip())
    text = text.str.replace(r"[°度]$", "", regex=True).str.strip()
    text = text.where(~text.str.match(_NUMBER_CLEAN), text.str.replace(",", "", regex=False))
    blank = (text == "").to_numpy()
    numbers = np.array(pd.to_numeric(text.where(~blank, None), errors="coerce"), dtype=float)
    numbers[~np.isfinite(numbers)] = np.nan
    return numbers, blank


def _infer_column(values: pd.Series) -> pd.Series:
    """Numbers where every filled cell is a number (and no code has a leading 0), else text."""
    text = values.map(lambda v: str(v).strip())
    filled = text != ""
    if not filled.any():
        return pd.Series([None] * len(values), index=values.index, dtype=object)
    sample = text[filled]
    if not sample.str.match(r"^0\d").any() and not sample.str.match(r"^\+").any():
        numbers = pd.to_numeric(sample, errors="coerce")
        if numbers.notna().all() and np.isfinite(numbers.to_numpy(dtype=float)).all():
            out = pd.to_numeric(text.where(filled, None), errors="coerce")
            if filled.all() and (out % 1 == 0).all() and out.abs().max() < 2**53:
                return out.astype(np.int64)
            return out.astype(float)
    return text.where(filled, None).astype(object)


def _table_from_text(text: str, sep: str, name: str) -> pd.DataFrame:
    """All cells as text, one row per spreadsheet row (blank rows kept as empty cells).

    Rows with more filled cells than the header are refused: pandas would either
    shift the columns or drop the extra cells without a word.
    """
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    except csv.Error as exc:
        raise InputDataError(
            f"{name} could not be read as a table ({exc}). Open it in Excel or WPS and save "
            f"it again as 'CSV UTF-8'."
        ) from exc
    header = [cell.strip().lstrip("\ufeff").strip() for cell in rows[0]] if rows else []
    while header and not header[-1]:
        header.pop()
    if not header:
        raise InputDataError(f"{name} has no header row. Put the column names in row 1.")
    width = len(header)
    seen: Counter[str] = Counter()
    for i, column in enumerate(header):
        column = column or f"column_{i + 1}"
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
            f"{name} could not be read as a table: more filled cells than the header has "
            f"columns ({width}) in {_name_labels(long_rows, 'row')} {_unit_hint('row')}. Add "
            f"the missing column names, or remove the extra cells (often an "
            f"unquoted comma in a name or address), and try again."
        )
    cells = [row[:width] + [""] * (width - len(row)) for row in body]
    if not cells:
        return pd.DataFrame({column: pd.Series([], dtype=object) for column in header})
    return pd.DataFrame(cells, columns=header, dtype=object)


def _read_csv(path: Path, *, lon_column: str | None, lat_column: str | None, caps: _Caps) -> _Raw:
    name = path.name
    data = path.read_bytes()
    caps.check_count(max(data.count(b"\n") - 1, 0), name)
    if not data.strip():
        raise InputDataError(
            f"{name} is empty ({len(data)} bytes). Choose the file that holds the data."
        )
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputDataError(
            f"{name} is an Excel/WPS workbook with a .csv name, not a CSV text file. Open it "
            f"and choose 'Save as' -> 'CSV UTF-8 (comma delimited)'."
        )
    text, encoding = _decode(data, name)
    notes: list[str] = []
    if encoding != "UTF-8":
        notes.append(f"{name}: text encoding {encoding} detected.")
    sep = _sniff_delimiter(text)
    frame = _table_from_text(text, sep, name)
    columns = list(frame.columns)
    # Excel row numbers: header is row 1, the first data line row 2.
    labels_all = np.arange(2, len(frame) + 2, dtype=np.int64)
    filled = np.array((frame.apply(lambda col: col.str.strip()) != "").any(axis=1), dtype=bool)
    frame = frame.loc[filled].reset_index(drop=True)
    labels = labels_all[filled]
    if len(frame) == 0:
        raise InputDataError(
            f"{name} has a header ({_list_columns(columns)}) but no data rows. "
            f"Add the rows, or choose the file that holds them."
        )

    if (lon_column is None) != (lat_column is None):
        raise InputDataError(
            "Give both the longitude and the latitude column (lon_column and lat_column)."
        )
    lon_name: str | None
    lat_name: str | None
    if lon_column is not None and lat_column is not None:
        lon_name = _user_column(columns, lon_column, name)
        lat_name = _user_column(columns, lat_column, name)
    else:
        lon_name = _find_column(columns, _LON_NAMES)
        lat_name = _find_column(columns, _LAT_NAMES)
        if lon_name is None or lat_name is None:
            lon_name = _find_column(columns, _X_NAMES)
            lat_name = _find_column(columns, _Y_NAMES)
        if lon_name is None or lat_name is None:
            lon_name = lat_name = None

    if lon_name is not None and lat_name is not None:
        if lon_name == lat_name:
            raise InputDataError(
                f"{name}: the same column {lon_name!r} was chosen for longitude and "
                f"latitude. Choose two different columns."
            )
        lon, lat = _coordinates_from_columns(frame, lon_name, lat_name, labels, name, notes)
        attributes = _attributes(frame, numeric={lon_name: lon, lat_name: lat})
        geoms = shapely.points(lon, lat)
        if lon_column is None:
            notes.append(f"{name}: coordinates from columns {lon_name!r} and {lat_name!r}.")
        return _Raw(
            name=path.stem,
            source=name,
            attributes=attributes,
            geoms=np.asarray(geoms, dtype=object),
            labels=labels,
            unit="row",
            notes=notes,
            columns=(lon_name, lat_name),
        )

    combined = _find_column(columns, _COMBINED_NAMES)
    if combined is not None:
        lon, lat = _coordinates_from_combined(frame, combined, labels, name)
        attributes = _attributes(frame, numeric={})
        notes.append(f"{name}: column {combined!r} read as 'longitude,latitude'.")
        return _Raw(
            name=path.stem,
            source=name,
            attributes=attributes,
            geoms=np.asarray(shapely.points(lon, lat), dtype=object),
            labels=labels,
            unit="row",
            notes=notes,
        )

    wkt_name = _find_column(columns, _WKT_NAMES)
    if wkt_name is not None:
        geoms, srid = _geometries_from_wkt(frame[wkt_name], labels, name, notes)
        attributes = _attributes(frame.drop(columns=[wkt_name]), numeric={})
        notes.append(f"{name}: geometry read from the WKT column {wkt_name!r}.")
        return _Raw(
            name=path.stem,
            source=name,
            attributes=attributes,
            geoms=geoms,
            labels=labels,
            unit="row",
            notes=notes,
            file_crs=_srid_crs(srid, name) if srid is not None else None,
        )

    raise InputDataError(
        f"{name}: no coordinate columns found. The columns are: {_list_columns(columns)}. "
        f"Name the coordinate columns 经度/纬度 or lon/lat (or x/y for projected "
        f"coordinates), add a WKT column named 'wkt', or say which columns to use. If the "
        f"file has only addresses, geocode them first."
    )


def _srid_crs(srid: int, name: str) -> pyproj.CRS:
    try:
        return pyproj.CRS.from_epsg(srid)
    except pyproj.exceptions.CRSError as exc:
        raise InputDataError(
            f"{name}: the WKT says SRID={srid}, which is not a known EPSG code. Remove the "
            f"'SRID=...;' prefix and choose the coordinate system."
        ) from exc


def _attributes(frame: pd.DataFrame, numeric: dict[str, NDArray[np.float64]]) -> pd.DataFrame:
    out: dict[str, Any] = {}
    for column in frame.columns:
        if column in numeric:
            out[column] = numeric[column]
        else:
            out[column] = _infer_column(frame[column])
    result = pd.DataFrame(out, index=pd.RangeIndex(len(frame)))
    if "geometry" in result.columns:
        result = result.rename(columns={"geometry": "geometry_text"})
    return result


_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


def _decimal_commas(values: pd.Series, *, degrees: bool) -> bool:
    """True when a coordinate column writes its decimal mark as a comma (116,397).

    Only when no cell has a decimal point and every filled cell is digits,
    one comma, digits; and either the column holds degrees (where "116,397"
    cannot mean 116 thousand) or some cell cannot be a thousands group.
    """
    text = values.map(lambda v: unicodedata.normalize("NFKC", str(v)).strip())
    filled = text[text != ""]
    if filled.empty or not filled.str.match(_DECIMAL_COMMA).all():
        return False
    return degrees or bool((filled.str.split(",").str[1].str.len() != 3).any())


def _coordinates_from_columns(
    frame: pd.DataFrame,
    lon_name: str,
    lat_name: str,
    labels: NDArray[np.int64],
    name: str,
    notes: list[str],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    degrees = _find_column([lon_name], _LON_NAMES) is not None
    columns = {}
    for column in (lon_name, lat_name):
        values = frame[column]
        if _decimal_commas(values, degrees=degrees):
            values = values.str.replace(",", ".", regex=False)
            notes.append(f"{name}: column {column!r} uses decimal commas; read 116,4 as 116.4.")
        columns[column] = values
    lon, lon_blank = _parse_numbers(columns[lon_name])
    lat, lat_blank = _parse_numbers(columns[lat_name])
    problems: list[str] = []
    blank = lon_blank | lat_blank
    if blank.any():
        problems.append(
            f"no coordinates (empty {lon_name!r} or {lat_name!r}) in "
            f"{_name_labels(labels[blank], 'row')}"
        )
    bad = (np.isnan(lon) & ~lon_blank) | (np.isnan(lat) & ~lat_blank)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        example = (
            frame[lon_name].iloc[first]
            if np.isnan(lon[first]) and not lon_blank[first]
            else frame[lat_name].iloc[first]
        )
        where = f" in row {int(labels[first])}" if bad.sum() > 1 else ""
        comma = (
            "; write the decimal mark as a point, 116.41 rather than 116,41"
            if re.search(r"\d,\d", str(example))
            else ""
        )
        problems.append(
            f"coordinates that are not numbers in {_name_labels(labels[bad], 'row')} "
            f"(e.g. {str(example)!r}{where}{comma})"
        )
    if problems:
        raise InputDataError(
            f"{name}: " + "; ".join(problems) + f" {_unit_hint('row')}. Coordinates must be "
            f"decimal numbers such as 116.3975 and 39.9087. Fill in or correct these rows "
            f"(or delete them) and try again."
        )
    return lon, lat


def _coordinates_from_combined(
    frame: pd.DataFrame, column: str, labels: NDArray[np.int64], name: str
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    parts = (
        frame[column]
        .map(lambda v: unicodedata.normalize("NFKC", str(v)).strip())
        .str.split(r"[,;\s]+", regex=True)
    )
    lon_text = parts.map(lambda p: p[0] if len(p) == 2 else "")
    lat_text = parts.map(lambda p: p[1] if len(p) == 2 else "")
    blank_cell = (frame[column].str.strip() == "").to_numpy()
    lon, _ = _parse_numbers(lon_text)
    lat, _ = _parse_numbers(lat_text)
    bad = (np.isnan(lon) | np.isnan(lat)) & ~blank_cell
    problems = []
    if blank_cell.any():
        problems.append(f"no coordinates in {_name_labels(labels[blank_cell], 'row')}")
    if bad.any():
        problems.append(
            f"not 'longitude,latitude' as two numbers in {_name_labels(labels[bad], 'row')}"
        )
    if problems:
        raise InputDataError(
            f"{name}: column {column!r}: " + "; ".join(problems) + f" {_unit_hint('row')}. "
            f"Write them like '116.3975,39.9087', or delete the rows, and try again."
        )
    return lon, lat


def _geometries_from_wkt(
    values: pd.Series, labels: NDArray[np.int64], name: str, notes: list[str]
) -> tuple[NDArray[np.object_], int | None]:
    text = values.map(lambda v: str(v).strip())
    srids = text.str.extract(r"^\s*SRID=(\d+);", flags=re.IGNORECASE)[0]
    text = text.str.replace(r"^\s*SRID=\d+;", "", regex=True, flags=re.IGNORECASE)
    blank = (text == "").to_numpy()
    cells = text.where(~blank, None).to_numpy(dtype=object)
    geoms = shapely.from_wkt(cells, on_invalid="ignore")
    unreadable = ~blank & pd.isna(pd.Series(geoms)).to_numpy()
    if unreadable.any():  # an outline not closed, or too short: closed by shapely's "fix"
        fixed = shapely.from_wkt(cells[unreadable], on_invalid="fix")
        mended = ~pd.isna(pd.Series(fixed)).to_numpy()
        geoms[np.flatnonzero(unreadable)[mended]] = fixed[mended]
        if mended.any():
            notes.append(
                f"{name}: the outlines in {_name_labels(labels[unreadable][mended], 'row')} "
                f"were not closed (the last point must repeat the first); closed them."
            )
        unreadable[np.flatnonzero(unreadable)[mended]] = False
    problems = []
    if blank.any():
        problems.append(f"no geometry in {_name_labels(labels[blank], 'row')}")
    if unreadable.any():
        problems.append(f"text that is not WKT in {_name_labels(labels[unreadable], 'row')}")
    if problems:
        raise InputDataError(
            f"{name}: " + "; ".join(problems) + f" {_unit_hint('row')}. Write geometries as "
            f"WKT such as 'POINT (116.3975 39.9087)', or delete the rows, and try again."
        )
    distinct = sorted({int(s) for s in srids.dropna()})
    if len(distinct) > 1:
        raise InputDataError(
            f"{name}: the WKT column mixes coordinate systems (SRID {distinct}). Use one."
        )
    return np.asarray(geoms, dtype=object), (distinct[0] if distinct else None)


# --------------------------------------------------------------------------- vector files


def _frame_to_raw(
    frame: gpd.GeoDataFrame, name: str, shown: str, notes: list[str] | None = None
) -> _Raw:
    if len(frame) == 0:
        raise InputDataError(
            f"{shown} holds no features. Choose the file (or layer) that holds the data."
        )
    attributes = pd.DataFrame(frame.drop(columns=frame.geometry.name)).reset_index(drop=True)
    geoms = np.asarray(frame.geometry.values, dtype=object)
    closed = frame.attrs.get("closed")
    if closed is not None and len(closed):
        notes = [
            *(notes or []),
            f"{shown}: the outlines of {_name_labels(closed, 'feature')} were not closed (the "
            f"last point must repeat the first); closed them.",
        ]
    return _Raw(
        name=name,
        source=shown,
        attributes=attributes,
        geoms=geoms,
        labels=np.arange(1, len(frame) + 1, dtype=np.int64),
        unit="feature",
        file_crs=pyproj.CRS.from_user_input(frame.crs) if frame.crs is not None else None,
        notes=notes or [],
    )


def _ogr_read(
    source: str | bytes, shown: str, what: str, caps: _Caps, **kwargs: Any
) -> gpd.GeoDataFrame:
    """Read ``source`` (a driver-prefixed path, see :func:`gdal_guard.driver_path`)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            # a property holding numbers and text in one file stays text, as it should
            warnings.filterwarnings("ignore", "Could not parse column", UserWarning)
            layer = kwargs.get("layer")
            info = pyogrio.read_info(source, layer=layer, encoding=kwargs.get("encoding"))
            caps.check_count(int(info["features"]), shown)
            frame = pyogrio.read_dataframe(source, on_invalid="ignore", **kwargs)
            if isinstance(frame, gpd.GeoDataFrame) and frame.geometry.isna().any():
                # outlines not closed or too short: read them again, closed by shapely
                fixed = pyogrio.read_dataframe(source, on_invalid="fix", columns=[], **kwargs)
                mended = frame.geometry.isna() & fixed.geometry.notna()
                frame.loc[mended, frame.geometry.name] = fixed.geometry[mended]
                frame.attrs["closed"] = np.flatnonzero(mended.to_numpy()) + 1
    except InputDataError:
        raise
    except Exception as exc:  # GDAL reports corrupt files with many exception types
        detail = _gdal_detail(exc)
        raise InputDataError(
            f"{shown} could not be read as {what} ({detail}). The file may be damaged or cut "
            f"off, or not really {what}: open it in QGIS to check, or export it again."
        ) from exc
    if not isinstance(frame, gpd.GeoDataFrame):
        raise InputDataError(
            f"{shown} has no geometry column (it is a plain table). Choose a layer with "
            f"points or areas, or a CSV with longitude/latitude columns."
        )
    return frame


def _gdal_detail(exc: BaseException) -> str:
    text = str(exc).strip()
    if not text:
        return type(exc).__name__
    text = re.sub(r"'?/vsimem/[^'\s]*'?", "the file", text.splitlines()[0])
    text = text.split("; It might help")[0].split(": this file is a WAL")[0]
    return text[:200]


def _read_geojson(path: Path, caps: _Caps) -> _Raw:
    data = path.read_bytes()
    if not data.strip():
        raise InputDataError(f"{path.name} is empty ({len(data)} bytes). Choose another file.")
    notes: list[str] = []
    source: str | bytes = gdal_guard.driver_path(path, "GeoJSON")
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text, encoding = _decode(data, path.name)
        source = data = text.encode("utf-8")
        notes.append(f"{path.name}: text encoding {encoding} detected.")
    # GDAL fetches a crs that links elsewhere; refuse it when the fetch is not blocked,
    # or when the member is plainly there (a clear message beats a silent default).
    check_geojson(
        data,
        path.name,
        inspect_crs=b'"crs"' in data or not gdal_guard.STATE.network_blocked,
    )
    frame = _ogr_read(source, path.name, "GeoJSON", caps)
    raw = _frame_to_raw(frame, path.stem, path.name, notes)
    if raw.file_crs is not None and raw.file_crs.to_epsg() == 4326:
        raw.geojson_default_crs = b'"crs"' not in data[:4096]
    return raw


def _gpkg_layers(path: Path) -> list[tuple[str, str]]:
    check_geopackage(path, path.name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            found = pyogrio.list_layers(gdal_guard.driver_path(path, "GPKG"))
    except Exception as exc:
        raise InputDataError(
            f"{path.name} could not be opened as a GeoPackage ({_gdal_detail(exc)}). The file "
            f"may be "
            f"damaged or not a GeoPackage: export it again from QGIS or ArcGIS."
        ) from exc
    return [(str(name), str(kind)) for name, kind in found if kind is not None]


def _read_gpkg(path: Path, layer: str | None, caps: _Caps) -> _Raw:
    layers = _gpkg_layers(path)
    if not layers:
        raise InputDataError(
            f"{path.name} has no layer with geometry. Choose a GeoPackage with points or areas."
        )
    names = [name for name, _ in layers]
    chosen = _choose_layer(names, layer, path.name, [f"{n} ({k})" for n, k in layers])
    shown = f"{path.name} (layer {chosen!r})"
    count, stated = geopackage_counts(path, gdal_guard.driver_path(path, "GPKG"), chosen, shown)
    caps.check_count(count, shown)
    check_stated_count(count, stated, chosen, path.name)
    frame = _ogr_read(
        gdal_guard.driver_path(path, "GPKG"), shown, "a GeoPackage layer", caps, layer=chosen
    )
    return _frame_to_raw(frame, chosen, shown)


def _choose_layer(
    names: list[str], layer: str | None, shown: str, described: list[str] | None = None
) -> str:
    listing = ", ".join(repr(d) for d in (described or names))
    if layer is None:
        if len(names) == 1:
            return names[0]
        raise InputDataError(
            f"{shown} holds {len(names)} layers: {listing}. Choose one of them: in the app "
            f"from the layer list; on the command line as FILE::LAYER (e.g. "
            f"{shown}::{names[0]}); in Python with layer=..."
        )
    if layer in names:
        return layer
    stems = [n for n in names if PurePosixPath(n).name == layer]
    if len(stems) == 1:
        return stems[0]
    raise InputDataError(f"{shown} has no layer {layer!r}. Its layers are: {listing}.")


# --------------------------------------------------------------------------- zip / shapefile


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name, re-decoded as GBK when the zip did not flag UTF-8 names."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def _unsafe(name: str) -> bool:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    return ".." in PurePosixPath(name.replace("\\", "/")).parts


@contextmanager
def _open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputDataError(
            f"{path.name} is not a readable zip file ({exc}). It may be damaged or cut off; "
            f"zip the files again."
        ) from exc
    with archive:
        unsafe = [_member_name(i) for i in archive.infolist() if _unsafe(i.filename)]
        if unsafe:
            raise InputDataError(
                f"{path.name} was refused: it holds paths that point outside its folder "
                f"({', '.join(repr(n) for n in unsafe[:5])}). Zip the files again from inside "
                f"their folder, without absolute paths or '..'."
            )
        yield archive


def _zip_member_names(archive: zipfile.ZipFile) -> list[str]:
    names = []
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = _member_name(info).replace("\\", "/")
        parts = PurePosixPath(name).parts
        if parts and (parts[0] == "__MACOSX" or parts[-1].startswith("._")):
            continue
        names.append(name)
    return names


def _shapefiles_in(names: list[str]) -> list[tuple[str, str]]:
    """(layer name, member) for every .shp member; layer name is the path without .shp."""
    found = []
    for name in names:
        if name.lower().endswith(".shp"):
            found.append((name[:-4], name))
    return sorted(found)


_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
_MAX_ZIP_MEMBERS = 10_000


def _extract(archive: zipfile.ZipFile, target: Path, limit: int, shown: str, layer: str) -> None:
    """Unpack the parts of the shapefile ``layer`` into ``target``, counting the bytes written.

    Only the ``.shp``, ``.shx``, ``.dbf``, ``.prj`` and ``.cpg`` members of that
    layer are written; the rest of the zip stays packed.
    """
    written = 0
    root = target.resolve()
    for info in archive.infolist():
        name = _member_name(info).replace("\\", "/")
        stem, suffix = PurePosixPath(name).with_suffix(""), PurePosixPath(name).suffix.lower()
        if info.is_dir() or str(stem) != layer or suffix not in _SHAPEFILE_PARTS:
            continue
        if info.flag_bits & 0x1:
            raise InputDataError(
                f"{shown} is password-protected. Zip the files again without a password."
            )
        destination = (target / name).resolve()
        if root not in destination.parents:
            raise InputDataError(f"{shown} was refused: member {name!r} points outside.")
        destination.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as source, destination.open("wb") as sink:
            while chunk := source.read(1 << 20):
                written += len(chunk)
                if written > limit:
                    raise InputDataError(
                        f"{shown} unpacks to more than {limit / 2**20:,.0f} MB, over the limit "
                        f"(its listed sizes were wrong). Refused for safety."
                    )
                sink.write(chunk)


def _read_zip(path: Path, layer: str | None, limit: int, caps: _Caps) -> _Raw:
    with _open_zip(path) as archive:
        if len(archive.infolist()) > _MAX_ZIP_MEMBERS:
            raise InputDataError(
                f"{path.name} holds {len(archive.infolist()):,} files, more than a layer needs "
                f"(at most {_MAX_ZIP_MEMBERS:,}). Zip only the layer's .shp, .shx, .dbf, .prj "
                f"and .cpg files."
            )
        declared = sum(info.file_size for info in archive.infolist())
        if declared > limit:
            raise InputDataError(
                f"{path.name} would unpack to {declared / 2**20:,.0f} MB, over the limit of "
                f"{limit / 2**20:,.0f} MB. Refused for safety: zip only the layer you need, "
                f"or raise the limit if you trust the file."
            )
        names = _zip_member_names(archive)
        shapefiles = _shapefiles_in(names)
        if not shapefiles:
            listed = ", ".join(repr(n) for n in names[:10]) or "nothing"
            raise InputDataError(
                f"{path.name} holds no shapefile (.shp); it holds {listed}. Zip the .shp "
                f"together with its .shx, .dbf, .prj and .cpg files."
            )
        layer_names = [stem for stem, _ in shapefiles]
        chosen = _choose_layer(layer_names, layer, path.name)
        member = dict(shapefiles)[chosen]
        with tempfile.TemporaryDirectory(prefix="servicecircle-zip-") as tmp:
            try:
                _extract(archive, Path(tmp), limit, path.name, chosen)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
                raise InputDataError(
                    f"{path.name} could not be unpacked ({exc}). The zip is damaged; zip the "
                    f"files again."
                ) from exc
            shown = f"{path.name} (shapefile {member!r})"
            return _read_shapefile(
                Path(tmp) / member, name=PurePosixPath(chosen).name, shown=shown, caps=caps
            )


def _sibling(shp: Path, suffix: str) -> Path | None:
    for candidate in shp.parent.glob(glob.escape(shp.stem) + ".*"):
        if candidate.suffix.lower() == suffix and candidate.stem == shp.stem:
            return candidate
    return None


def _dbf_encoding(dbf: Path, shown: str) -> tuple[str | None, str | None]:
    """Encoding to pass to GDAL for a .dbf without .cpg, and a note; (None, None) to leave it."""
    with dbf.open("rb") as handle:
        header = handle.read(32)
        if len(header) < 32 or header[29] != 0:
            return None, None
        header_length = int.from_bytes(header[8:10], "little")
        handle.seek(header_length)
        sample = handle.read(4 << 20)
    if all(b < 0x80 for b in sample):
        return None, None
    for encoding, label in (("utf-8", "UTF-8"), ("gb18030", "GBK/GB18030")):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        return (
            "UTF-8" if encoding == "utf-8" else "GB18030",
            f"{shown}: no .cpg file; attribute text read as {label}.",
        )
    return None, (
        f"{shown}: no .cpg file and the text encoding is unknown; names may look garbled. "
        f"Add a .cpg file naming the encoding (e.g. 'GBK')."
    )


def _read_shapefile(shp: Path, *, name: str, shown: str, caps: _Caps) -> _Raw:
    missing = [suffix for suffix in (".shx", ".dbf") if _sibling(shp, suffix) is None]
    if missing:
        raise InputDataError(
            f"{shown} is incomplete: the {' and '.join(missing)} "
            f"{'file is' if len(missing) == 1 else 'files are'} missing. A shapefile is "
            f"several files with the same name; zip the .shp, .shx, .dbf, .prj and .cpg "
            f"together."
        )
    notes: list[str] = []
    kwargs: dict[str, Any] = {}
    dbf = _sibling(shp, ".dbf")
    shx = _sibling(shp, ".shx")
    assert dbf is not None and shx is not None  # checked above
    check_shapefile(shp, shx, dbf, shown)
    if _sibling(shp, ".cpg") is None:
        encoding, note = _dbf_encoding(dbf, shown)
        if encoding is not None:
            kwargs["encoding"] = encoding
        if note is not None:
            notes.append(note)
    prj = _sibling(shp, ".prj")
    unreadable_prj = _unreadable_prj(prj) if prj is not None else None
    with _without_prj(shp, shx, dbf, unreadable_prj is not None) as readable:
        frame = _ogr_read(str(readable), shown, "a shapefile", caps, **kwargs)
    if frame.crs is None:
        notes.append(f"{shown}: no .prj file." if prj is None else f"{shown}: the .prj is empty.")
    raw = _frame_to_raw(frame, name, shown, notes)
    raw.unreadable_prj = unreadable_prj
    return raw


def _unreadable_prj(prj: Path) -> str | None:
    """The start of a ``.prj`` that is not a coordinate system, or None when it is one."""
    text = prj.read_bytes()[:65536].decode("utf-8", "replace").strip()
    if not text:  # an empty .prj says as little as none
        return None
    try:
        pyproj.CRS.from_wkt(text)
    except pyproj.exceptions.CRSError:
        return text[:60]
    return None


@contextmanager
def _without_prj(shp: Path, shx: Path, dbf: Path, needed: bool) -> Iterator[Path]:
    """``shp``, or a copy of the shapefile without its ``.prj`` when ``needed``."""
    if not needed:
        yield shp
        return
    with tempfile.TemporaryDirectory(prefix="servicecircle-shp-") as tmp:
        for part in (shp, shx, dbf, _sibling(shp, ".cpg")):
            if part is not None:
                target = Path(tmp) / (shp.stem + part.suffix.lower())
                try:
                    target.hardlink_to(part)
                except OSError:
                    target.write_bytes(part.read_bytes())
        yield Path(tmp) / (shp.stem + ".shp")


# --------------------------------------------------------------------------- validation


def _finish(
    raw: _Raw,
    *,
    stated: CoordinateSystem | None,
    study_bounds: tuple[float, float, float, float] | None,
    max_distance_km: float,
    geometry: GeometryKind,
) -> LoadedLayer:
    notes = list(raw.notes)
    shown = raw.source
    geoms = np.asarray(raw.geoms, dtype=object)
    missing = np.array(pd.isna(pd.Series(geoms)), dtype=bool)
    present = np.flatnonzero(~missing)
    if present.size:
        missing[present] = shapely.is_empty(geoms[present])
    if missing.any():
        raise InputDataError(
            f"{shown}: no geometry (no coordinates) in "
            f"{_name_labels(raw.labels[missing], raw.unit)} {_unit_hint(raw.unit)}. Give them "
            f"their location, or delete them, and try again."
        )
    geoms = shapely.force_2d(geoms)
    geoms = _check_kind(geoms, raw, geometry)

    system, swap_axes = _source_system(raw, stated, geoms, notes)
    if swap_axes:
        geoms = shapely.transform(geoms, lambda c: c[:, ::-1])

    bounds = shapely.bounds(geoms)
    if system is None or system.is_geographic:
        _check_degrees(raw, bounds, system, stated)
        if system is None:
            system = WGS84_SYSTEM
            if raw.columns is not None and _CRS_TAGS.search(_normalise_name(raw.columns[0])):
                notes.append(
                    f"{shown}: the column name {raw.columns[0]!r} names a coordinate system, "
                    f"but none was chosen."
                )
            notes.append(
                f"{shown}: CRS not stated; taken as WGS-84. If the coordinates came from "
                f"Amap or Tencent (GCJ-02) or Baidu (BD-09), choose that system: they would "
                f"otherwise be off by up to about 500 m."
            )
            source_label = "WGS-84 (EPSG:4326), assumed"
        else:
            source_label = system.label
    else:
        _check_not_degrees(raw, bounds, system)
        source_label = system.label

    series = gpd.GeoSeries(geoms)
    try:
        converted = geometries_to_wgs84(series, system)
    except (pyproj.exceptions.ProjError, pyproj.exceptions.CRSError, ValueError) as exc:
        raise InputDataError(
            f"{shown}: the coordinates could not be converted from {system.label} to WGS-84 "
            f"({exc}). Check the coordinate system."
        ) from exc
    out = np.asarray(converted.values, dtype=object)
    if system.kind in ("gcj02", "bd09"):
        notes.append(f"{shown}: converted from {system.label} to WGS-84.")
    elif not system.is_geographic:
        notes.append(f"{shown}: projected from {system.label} to WGS-84.")
    out_bounds = shapely.bounds(out)
    if not system.is_geographic:
        _check_projected_result(raw, out_bounds, system)
    if study_bounds is not None:
        _check_study_area(raw, out_bounds, study_bounds, max_distance_km)

    out, repaired = _repair(out, raw)
    if repaired:
        noun = "invalid geometry" if repaired == 1 else "invalid geometries"
        notes.append(f"{shown}: {repaired} {noun} repaired with make_valid.")
    frame = gpd.GeoDataFrame(
        raw.attributes.reset_index(drop=True),
        geometry=gpd.GeoSeries(out, crs="EPSG:4326"),
    )
    frame.attrs[SOURCE_ROWS_ATTR] = _source_rows(raw.source, raw.labels, raw.unit)
    logger.info("read %s: %d features from %s", raw.name, len(frame), source_label)
    return LoadedLayer(
        frame=frame,
        notes=tuple(notes),
        repaired=repaired,
        source_crs=source_label,
        name=raw.name,
    )


def _check_kind(geoms: NDArray[np.object_], raw: _Raw, geometry: GeometryKind) -> NDArray[Any]:
    if geometry == "any":
        return geoms
    types = shapely.get_type_id(geoms)
    if geometry == "point":
        single = (types == shapely.GeometryType.MULTIPOINT) & (
            shapely.get_num_geometries(geoms) == 1
        )
        if single.any():
            geoms = geoms.copy()
            geoms[single] = shapely.get_geometry(geoms[single], 0)
            types = shapely.get_type_id(geoms)
        ok = types == shapely.GeometryType.POINT
        wanted = "points (one location per feature)"
    else:
        ok = np.isin(types, [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON])
        wanted = "areas (polygons)"
    if ok.all():
        return geoms
    counts = Counter(int(t) for t in shapely.get_type_id(geoms))
    by_type = ", ".join(
        f"{n} {_TYPE_NAMES.get(t, 'unknown')}"
        for t, n in sorted(counts.items(), key=lambda item: -item[1])
    )
    raise InputDataError(
        f"{raw.source}: this layer must hold {wanted}, but it holds {by_type}. The others are "
        f"{_name_labels(raw.labels[~ok], raw.unit)} {_unit_hint(raw.unit)}. Choose a layer "
        f"with only {wanted.split(' (')[0]}, or split the file by geometry type."
    )


_TYPE_NAMES = {
    0: "Point",
    1: "LineString",
    2: "LinearRing",
    3: "Polygon",
    4: "MultiPoint",
    5: "MultiLineString",
    6: "MultiPolygon",
    7: "GeometryCollection",
}


def _source_system(
    raw: _Raw,
    stated: CoordinateSystem | None,
    geoms: NDArray[Any],
    notes: list[str],
) -> tuple[CoordinateSystem | None, bool]:
    """The system to read the coordinates in, and whether x/y must be exchanged."""
    file_crs = raw.file_crs
    if raw.unreadable_prj is not None:
        if stated is None:
            raise InputDataError(
                f"{raw.source}: the .prj file does not describe a coordinate system (it "
                f"starts {raw.unreadable_prj!r}). Choose the coordinate system the file is in "
                f"(e.g. CGCS2000, an EPSG code such as 4549, or GCJ-02), or export the layer "
                f"again with its .prj."
            )
        notes.append(
            f"{raw.source}: the .prj file is not a coordinate system "
            f"({raw.unreadable_prj!r}); ignored, read as {stated.label} as you chose."
        )
    if stated is None:
        if file_crs is None:
            return None, False
        system = CoordinateSystem.from_crs(file_crs)
        if raw.geojson_default_crs:
            notes.append(
                f"{raw.source}: GeoJSON is WGS-84 by definition; read as WGS-84. If it came "
                f"from Amap or Tencent (GCJ-02) or Baidu (BD-09), choose that system."
            )
        else:
            notes.append(f"{raw.source}: coordinate system from the file: {system.label}.")
        return system, False
    if stated.kind in ("gcj02", "bd09"):
        if file_crs is not None and not file_crs.is_geographic:
            raise InputDataError(
                f"{raw.source}: the file is in the projected system {file_crs.name}, but you "
                f"chose {stated.label}, which is longitude/latitude only. Leave the "
                f"coordinate system unset to use the file's, or export the file in degrees."
            )
        return stated, False
    swap = False
    system = stated
    if stated.kind == "gauss_kruger":
        coords = shapely.get_coordinates(geoms)
        try:
            system, swap, note = resolve_gauss_kruger(stated, coords[:, 0], coords[:, 1])
        except InputDataError as exc:
            raise InputDataError(f"{raw.source}: {exc}") from exc
        notes.append(f"{raw.source}: {note}")
    system_crs = system.crs
    if (
        file_crs is not None
        and system_crs is not None
        and not file_crs.equals(system_crs, ignore_axis_order=True)
    ):
        notes.append(
            f"{raw.source}: the file says {file_crs.name}; read as {system.label} as you chose."
        )
    return system, swap


def _check_degrees(
    raw: _Raw,
    bounds: NDArray[np.float64],
    system: CoordinateSystem | None,
    stated: CoordinateSystem | None,
) -> None:
    """Refuse coordinates that cannot be longitude/latitude; spot swapped columns."""
    minx, miny, maxx, maxy = bounds.T
    with np.errstate(invalid="ignore"):
        bad = (
            ~np.isfinite(bounds).all(axis=1)
            | (minx < -180)
            | (maxx > 180)
            | (miny < -90)
            | (maxy > 90)
        )
    if bad.any():
        xs = np.concatenate([minx, maxx])
        ys = np.concatenate([miny, maxy])
        fits_swapped = (np.abs(ys) <= 180).all() and (np.abs(xs) <= 90).all()
        if fits_swapped:
            raise InputDataError(_swapped_message(raw, raw.labels[bad]))
        projected_like = (np.abs(xs) > 1000).mean() > 0.5 or (np.abs(ys) > 1000).mean() > 0.5
        if projected_like:
            sample = bounds[np.flatnonzero(bad)[0]]
            said = (
                f"you chose {stated.label}"
                if stated is not None
                else (f"the file says {system.label}" if system is not None else "none is stated")
            )
            raise InputDataError(
                f"{raw.source}: the coordinates are not longitude/latitude in degrees (e.g. "
                f"{sample[0]:,.1f}, {sample[1]:,.1f}), but {said}. They look like metres in "
                f"a projected system: choose it, e.g. an EPSG code such as EPSG:4549, or "
                f"'cgcs2000-gk3:117' for a CGCS2000 3-degree Gauss-Kruger zone with central "
                f"meridian 117°E."
            )
        raise InputDataError(
            f"{raw.source}: coordinates out of range in "
            f"{_name_labels(raw.labels[bad], raw.unit)} {_unit_hint(raw.unit)}: longitude "
            f"must lie within ±180 and latitude within ±90. Correct or delete them and try "
            f"again."
        )
    points = shapely.get_type_id(raw.geoms) == shapely.GeometryType.POINT
    zero = points & (minx == 0) & (miny == 0)
    if zero.any():
        raise InputDataError(
            f"{raw.source}: coordinates 0, 0 in {_name_labels(raw.labels[zero], raw.unit)} "
            f"{_unit_hint(raw.unit)}; this usually marks an address that could not be "
            f"geocoded. Give them their real location, or delete them."
        )


def _swapped_message(raw: _Raw, labels: NDArray[np.int64]) -> str:
    where = f"{_name_labels(labels, raw.unit)} {_unit_hint(raw.unit)}"
    if raw.columns is not None:
        lon_name, lat_name = raw.columns
        return (
            f"{raw.source}: the columns look swapped: {lat_name!r} holds longitudes and "
            f"{lon_name!r} latitudes; the coordinates in {where} fit only when exchanged. "
            f"Exchange the two column names (or choose lon_column={lat_name!r} and "
            f"lat_column={lon_name!r}) and try again."
        )
    return (
        f"{raw.source}: longitude and latitude look swapped (x holds latitudes, y "
        f"longitudes); the coordinates in {where} fit only when exchanged. Export the file "
        f"again with longitude as x and latitude as y, and try again."
    )


def _check_not_degrees(raw: _Raw, bounds: NDArray[np.float64], system: CoordinateSystem) -> None:
    finite = np.isfinite(bounds).all(axis=1)
    if not finite.all():
        raise InputDataError(
            f"{raw.source}: coordinates that are not numbers in "
            f"{_name_labels(raw.labels[~finite], raw.unit)} {_unit_hint(raw.unit)}. Correct "
            f"or delete them."
        )
    if (np.abs(bounds[:, [0, 2]]) <= 180).all() and (np.abs(bounds[:, [1, 3]]) <= 90).all():
        raise InputDataError(
            f"{raw.source}: the coordinates look like longitude/latitude in degrees, but the "
            f"coordinate system is {system.label}, which is in metres. Choose WGS-84, "
            f"CGCS2000, GCJ-02 or BD-09 instead."
        )


def _check_projected_result(
    raw: _Raw, bounds: NDArray[np.float64], system: CoordinateSystem
) -> None:
    finite = np.isfinite(bounds).all(axis=1)
    crs = system.crs
    area = crs.area_of_use if crs is not None else None
    outside = ~finite
    if area is not None:
        west, south, east, north = area.bounds
        m = _STUDY_MARGIN_DEG
        with np.errstate(invalid="ignore"):
            outside |= (
                (bounds[:, 2] < west - m)
                | (bounds[:, 0] > east + m)
                | (bounds[:, 3] < south - m)
                | (bounds[:, 1] > north + m)
            )
    if outside.any():
        where = (
            f" (it is meant for {area.west:.1f}-{area.east:.1f}°E, "
            f"{area.south:.1f}-{area.north:.1f}°N)"
            if area is not None
            else ""
        )
        raise InputDataError(
            f"{raw.source}: the coordinates in {_name_labels(raw.labels[outside], raw.unit)} "
            f"{_unit_hint(raw.unit)} do not fit the coordinate system {system.label}{where}. "
            f"Check the system and zone: Gauss-Kruger x values like 39,500,000 carry the zone "
            f"number in front, values like 500,000 do not."
        )


def _haversine_km(
    lon1: NDArray[np.float64],
    lat1: NDArray[np.float64],
    lon2: NDArray[np.float64],
    lat2: NDArray[np.float64],
) -> NDArray[np.float64]:
    lon1, lat1, lon2, lat2 = (np.radians(a) for a in (lon1, lat1, lon2, lat2))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return np.asarray(2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0, 1))), dtype=float)


def _distance_to_box_km(
    bounds: NDArray[np.float64], box: tuple[float, float, float, float]
) -> NDArray[np.float64]:
    """Approximate distance from each feature's bounding box to ``box``, in km."""
    west, south, east, north = box
    centre_x, centre_y = (west + east) / 2, (south + north) / 2
    fx = np.clip(centre_x, bounds[:, 0], bounds[:, 2])
    fy = np.clip(centre_y, bounds[:, 1], bounds[:, 3])
    bx = np.clip(fx, west, east)
    by = np.clip(fy, south, north)
    return _haversine_km(fx, fy, bx, by)


def _check_study_area(
    raw: _Raw,
    bounds: NDArray[np.float64],
    box: tuple[float, float, float, float],
    max_distance_km: float,
) -> None:
    distance = _distance_to_box_km(bounds, box)
    far = distance > max_distance_km
    if not far.any():
        return
    swapped = bounds[:, [1, 0, 3, 2]]
    if (_distance_to_box_km(swapped[far], box) <= max_distance_km).all():
        raise InputDataError(_swapped_message(raw, raw.labels[far]))
    order = np.flatnonzero(far)
    listed = ", ".join(
        f"{int(raw.labels[i])} ({_format_km(float(distance[i]))})" for i in order[:_MAX_LISTED]
    )
    more = f" and {order.size - _MAX_LISTED} more" if order.size > _MAX_LISTED else ""
    count = int(order.size)
    noun = raw.unit + ("s" if count > 1 else "")
    verb = "lie" if count > 1 else "lies"
    raise InputDataError(
        f"{raw.source}: {_plural(count, raw.unit)} {verb} more than {max_distance_km:g} km "
        f"outside the study area {_unit_hint(raw.unit)}: {noun} {listed}{more}. Check their "
        f"coordinates and the coordinate system chosen, delete them, or widen the study area."
    )


def _format_km(km: float) -> str:
    return f"{km:,.0f} km" if km >= 10 or math.isclose(km, round(km)) else f"{km:.1f} km"


def _repair(out: NDArray[Any], raw: _Raw) -> tuple[NDArray[Any], int]:
    valid = shapely.is_valid(out)
    invalid = np.flatnonzero(~valid)
    if invalid.size == 0:
        return out, 0
    out = out.copy()
    types = shapely.get_type_id(out[invalid])
    polygonal = np.isin(types, [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON])
    if polygonal.any():
        idx = invalid[polygonal]
        out[idx] = shapely.make_valid(out[idx], method="structure", keep_collapsed=False)
        collapsed = idx[shapely.is_empty(out[idx]) | (shapely.area(out[idx]) <= 0)]
        if collapsed.size:
            raise InputDataError(
                f"{raw.source}: the areas in {_name_labels(raw.labels[collapsed], raw.unit)} "
                f"{_unit_hint(raw.unit)} have no area left once their outline is repaired "
                f"(the outline folds onto itself). Redraw or delete them."
            )
    if (~polygonal).any():
        idx = invalid[~polygonal]
        out[idx] = shapely.make_valid(out[idx])
    return out, int(invalid.size)
