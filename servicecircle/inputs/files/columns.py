"""Which columns of a planner's table hold the coordinates, and reading them.

Coordinates come from a lon/lat column pair (经度/纬度, lng/lat, lon/lat,
longitude/latitude, x/y, ...), a combined column ("116.40,39.91" under
location/经纬度/坐标) or a WKT column (wkt/geometry/geom). Column names are
matched after normalising (NFKC, case, brackets, separators) and, failing
that, without a coordinate-system tag (``lng_gcj02``). The other columns are
typed: numbers where every filled cell is one, text otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyproj
import shapely
from numpy.typing import NDArray

from servicecircle._progress import Said
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import Message, msg
from servicecircle.inputs.files.raw import name_labels, unit_hint

LON_NAMES = ("lon", "lng", "long", "longitude", "经度", "东经")


LAT_NAMES = ("lat", "latitude", "纬度", "北纬")


X_NAMES = ("x", "pointx", "xcoord", "coordx", "easting", "东坐标", "横坐标")


Y_NAMES = ("y", "pointy", "ycoord", "coordy", "northing", "北坐标", "纵坐标")


COMBINED_NAMES = ("location", "lnglat", "lonlat", "经纬度", "坐标")


WKT_NAMES = ("wkt", "geometry", "geom", "thegeom", "shape", "几何")


CRS_TAG = r"(wgs84|wgs|gcj02|gcj|bd09|bd|baidu|gaode|amap|cgcs2000|百度|高德|火星)"


CRS_TAGS = re.compile(rf"^{CRS_TAG}|{CRS_TAG}$")


def normalise_name(name: str) -> str:
    """A column name folded for matching (NFKC, lower case, no brackets or separators).

    >>> normalise_name("Lng (GCJ-02)")
    'lng'
    """
    text = unicodedata.normalize("NFKC", str(name)).strip().lower()
    text = re.sub(r"\(.*?\)|\[.*?\]", "", text)
    return re.sub(r"[\s_\-.:/]+", "", text)


def _tagless(name: str) -> str:
    stripped = CRS_TAGS.sub("", normalise_name(name))
    return stripped or normalise_name(name)


def find_column(columns: Sequence[str], wanted: Sequence[str]) -> str | None:
    """The first column of ``columns`` matching one of ``wanted`` (normalised names), or None."""
    exact = {normalise_name(c): c for c in reversed(columns)}
    for candidate in wanted:
        if candidate in exact:
            return exact[candidate]
    tagless = {_tagless(c): c for c in reversed(columns)}
    for candidate in wanted:
        if candidate in tagless:
            return tagless[candidate]
    return None


def user_column(columns: Sequence[str], wanted: str, name: str) -> str:
    """The column a planner named (``wanted``, matched loosely), or a message listing them."""
    if wanted in columns:
        return wanted
    normalised = {normalise_name(c): c for c in columns}
    if normalise_name(wanted) in normalised:
        return normalised[normalise_name(wanted)]
    raise InputDataError(
        msg("msg.files.no_column", file=name, column=repr(wanted), columns=list_columns(columns))
    )


def list_columns(columns: Sequence[str]) -> Message:
    """Up to 20 column names quoted for a message, with how many more there are."""
    shown = [repr(str(c)) for c in columns[:20]]
    if len(columns) > 20:
        return msg("msg.files.columns_more", columns=shown, more=len(columns) - 20)
    return msg("msg.files.columns", columns=shown)


_NUMBER_CLEAN = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def parse_numbers(values: pd.Series) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
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


def attribute_table(frame: pd.DataFrame, numeric: dict[str, NDArray[np.float64]]) -> pd.DataFrame:
    """The attribute columns typed: the numeric ones given, the others inferred."""
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


def coordinates_from_columns(
    frame: pd.DataFrame,
    lon_name: str,
    lat_name: str,
    labels: NDArray[np.int64],
    name: str,
    notes: list[Said],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Longitudes and latitudes (or x and y) read from two columns; bad cells are refused by row."""
    degrees = find_column([lon_name], LON_NAMES) is not None
    columns = {}
    for column in (lon_name, lat_name):
        values = frame[column]
        if _decimal_commas(values, degrees=degrees):
            values = values.str.replace(",", ".", regex=False)
            notes.append(msg("msg.files.decimal_commas", file=name, column=repr(column)))
        columns[column] = values
    lon, lon_blank = parse_numbers(columns[lon_name])
    lat, lat_blank = parse_numbers(columns[lat_name])
    problems: list[Message] = []
    blank = lon_blank | lat_blank
    if blank.any():
        problems.append(
            msg(
                "msg.files.cells_empty",
                lon=repr(lon_name),
                lat=repr(lat_name),
                where=name_labels(labels[blank], "row"),
            )
        )
    bad = (np.isnan(lon) & ~lon_blank) | (np.isnan(lat) & ~lat_blank)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        example = (
            frame[lon_name].iloc[first]
            if np.isnan(lon[first]) and not lon_blank[first]
            else frame[lat_name].iloc[first]
        )
        where: Said = msg("msg.files.in_row", row=int(labels[first])) if bad.sum() > 1 else ""
        comma: Said = msg("msg.files.decimal_point") if re.search(r"\d,\d", str(example)) else ""
        problems.append(
            msg(
                "msg.files.cells_not_numbers",
                where=name_labels(labels[bad], "row"),
                example=repr(str(example)),
                at=where,
                comma=comma,
            )
        )
    if problems:
        raise InputDataError(
            msg("msg.files.bad_coordinates", file=name, problems=_joined(problems))
        )
    return lon, lat


def coordinates_from_combined(
    frame: pd.DataFrame, column: str, labels: NDArray[np.int64], name: str
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Coordinates from one column holding both ("116.40,39.91")."""
    parts = (
        frame[column]
        .map(lambda v: unicodedata.normalize("NFKC", str(v)).strip())
        .str.split(r"[,;\s]+", regex=True)
    )
    lon_text = parts.map(lambda p: p[0] if len(p) == 2 else "")
    lat_text = parts.map(lambda p: p[1] if len(p) == 2 else "")
    blank_cell = (frame[column].str.strip() == "").to_numpy()
    lon, _ = parse_numbers(lon_text)
    lat, _ = parse_numbers(lat_text)
    bad = (np.isnan(lon) | np.isnan(lat)) & ~blank_cell
    problems = []
    if blank_cell.any():
        problems.append(
            msg("msg.files.no_coordinates_in", where=name_labels(labels[blank_cell], "row"))
        )
    if bad.any():
        problems.append(msg("msg.files.not_lon_lat_pair", where=name_labels(labels[bad], "row")))
    if problems:
        raise InputDataError(
            msg(
                "msg.files.bad_combined",
                file=name,
                column=repr(column),
                problems=_joined(problems),
            )
        )
    return lon, lat


def geometries_from_wkt(
    values: pd.Series, labels: NDArray[np.int64], name: str, notes: list[Said]
) -> tuple[NDArray[np.object_], int | None]:
    """Geometries from a WKT (or EWKT) column, and the SRID the cells state, if one."""
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
                msg(
                    "msg.files.closed_outlines_in",
                    file=name,
                    where=name_labels(labels[unreadable][mended], "row"),
                )
            )
        unreadable[np.flatnonzero(unreadable)[mended]] = False
    problems = []
    if blank.any():
        problems.append(msg("msg.files.no_geometry_in", where=name_labels(labels[blank], "row")))
    if unreadable.any():
        problems.append(msg("msg.files.not_wkt_in", where=name_labels(labels[unreadable], "row")))
    if problems:
        raise InputDataError(msg("msg.files.bad_wkt", file=name, problems=_joined(problems)))
    distinct = sorted({int(s) for s in srids.dropna()})
    if len(distinct) > 1:
        raise InputDataError(msg("msg.files.wkt_mixed_srid", file=name, srids=str(distinct)))
    return np.asarray(geoms, dtype=object), (distinct[0] if distinct else None)


def srid_crs(srid: int, name: str) -> pyproj.CRS:
    """The coordinate system of an EWKT ``SRID``, or a message when the code is unknown."""
    try:
        return pyproj.CRS.from_epsg(srid)
    except pyproj.exceptions.CRSError as exc:
        raise InputDataError(msg("msg.files.unknown_srid", file=name, srid=srid)) from exc


def _joined(problems: list[Message]) -> Message:
    """Several problems with the same rows' hint: "a; b (row numbers ...)"."""
    items = (
        problems[0] if len(problems) == 1 else msg("msg.files.two", a=problems[0], b=problems[1])
    )
    return msg("msg.files.with_hint", where=items, hint=unit_hint("row"))
