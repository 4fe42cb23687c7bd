"""Layers as tables a spreadsheet opens: coordinates as columns, never long WKT, no formulas.

:func:`table_of` turns a layer into a plain table: points get two coordinate
columns (longitude/latitude in a geographic CRS, X/Y in metres in a projected
one); polygons and lines get a point inside them (``representative_point``)
and their area (m²) or length (m), computed on the ground whatever the CRS.
Geometry never goes into a cell as WKT: a district's polygon is tens of
thousands of characters, over the 32,767 a cell of Excel holds; the shapes
are in the GeoPackage, Shapefile and GeoJSON. Any other text over the limit
is cut (:data:`EXCEL_CELL_LIMIT`).

:func:`write_csv` writes UTF-8 with a byte-order mark (Excel then reads
Chinese text) and CRLF lines; text a spreadsheet would run as a formula gets
a ``'`` in front (:func:`neutralise_formulas`).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.i18n import t
from servicecircle.results.field_names import Field, Kind

logger = logging.getLogger(__name__)

#: Characters an Excel cell holds.
EXCEL_CELL_LIMIT = 32_767
_POINT_TYPES = {"Point"}
_LINE_TYPES = {"LineString", "MultiLineString", "LinearRing"}

#: Raw names (no language) of the coordinate, area and length columns.
_RAW = {
    "lon": "lon",
    "lat": "lat",
    "x": "x",
    "y": "y",
    "rep_lon": "rep_lon",
    "rep_lat": "rep_lat",
    "rep_x": "rep_x",
    "rep_y": "rep_y",
    "area_m2": "area_m2",
    "length_m": "length_m",
}
_KEYS = {
    "lon": "report.col.lon",
    "lat": "report.col.lat",
    "x": "export.col.x",
    "y": "export.col.y",
    "rep_lon": "export.col.rep_lon",
    "rep_lat": "export.col.rep_lat",
    "rep_x": "export.col.rep_x",
    "rep_y": "export.col.rep_y",
    "area_m2": "export.col.area_m2",
    "length_m": "export.col.length_m",
}
_KINDS: dict[str, Kind] = {"area_m2": "metres", "length_m": "metres"}


def _name(key: str, lang: str | None) -> str:
    return _RAW[key] if lang is None else t(_KEYS[key], lang)


def table_of(
    labelled: pd.DataFrame, fields: list[Field], lang: str | None
) -> tuple[pd.DataFrame, list[Field]]:
    """The layer as a table: its columns, then coordinates (and area or length).

    Parameters
    ----------
    labelled
        A labelled layer (GeoDataFrame, or a DataFrame for an attribute table).
    fields
        Its fields (one per non-geometry column).
    lang
        Language of the added columns' names (``None``: ``lon``, ``lat``, ``area_m2``...).

    Returns
    -------
    tuple
        The table, and the fields of every column (the added ones included).
    """
    if not isinstance(labelled, gpd.GeoDataFrame):
        return pd.DataFrame(labelled), list(fields)
    geometry = labelled.geometry
    table = pd.DataFrame(labelled.drop(columns=geometry.name))
    geographic = geometry.crs is None or geometry.crs.is_geographic
    valid = geometry.notna() & ~geometry.is_empty
    types = set(geometry[valid].geom_type)
    added: dict[str, pd.Series] = {}
    if types <= _POINT_TYPES:
        points = geometry
        keys = ("lon", "lat") if geographic else ("x", "y")
    else:
        points = geometry.representative_point()
        keys = ("rep_lon", "rep_lat") if geographic else ("rep_x", "rep_y")
    decimals = 7 if geographic else 2
    added[keys[0]] = pd.Series(np.where(valid, points.x.where(valid), np.nan), index=table.index)
    added[keys[1]] = pd.Series(np.where(valid, points.y.where(valid), np.nan), index=table.index)
    for key in keys:
        added[key] = added[key].round(decimals)
    if not types <= _POINT_TYPES:
        key = "length_m" if types <= _LINE_TYPES else "area_m2"
        added[key] = _measure(geometry, length=key == "length_m").round(1)
    extra = [
        Field(
            column=key,
            kind=_KINDS.get(key, "number"),
            short=key[:10],
            label="",
            meaning=f"export.meaning.{_meaning(key)}",
        )
        for key in added
    ]
    for key, values in added.items():
        table[_unique(_name(key, lang), table.columns)] = values
    return table, [*fields, *extra]


def _meaning(key: str) -> str:
    return "rep_point" if key.startswith("rep_") else key


def _measure(geometry: gpd.GeoSeries, *, length: bool) -> pd.Series:
    """Area (m²) or length (m) on the ground, measured in the UTM zone of the layer.

    Not in the layer's own CRS: a projected one may be far from its true scale
    (a Gauss-Kruger zone away from its meridian, Web Mercator).
    """
    metric = geometry
    if geometry.crs is not None and len(geometry.dropna()):
        wgs84 = geometry.to_crs("EPSG:4326")
        metric = wgs84.to_crs(wgs84.estimate_utm_crs())
    values = metric.length if length else metric.area
    return pd.Series(values, index=geometry.index).where(geometry.notna())


def _unique(name: str, taken: Any) -> str:
    existing = {str(c).lower() for c in taken}
    candidate, i = name, 2
    while candidate.lower() in existing:
        candidate, i = f"{name}_{i}", i + 1
    return candidate


def cut_long_text(table: pd.DataFrame, limit: int = EXCEL_CELL_LIMIT) -> pd.DataFrame:
    """``table`` with text cells longer than ``limit`` characters cut (ending in ``…``)."""
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_object_dtype(out[column].dtype) or pd.api.types.is_string_dtype(
            out[column].dtype
        ):
            long = out[column].map(lambda v: isinstance(v, str) and len(v) > limit)
            if long.any():
                logger.warning("cut %d cells of %s to %d characters", long.sum(), column, limit)
                out[column] = out[column].map(
                    lambda v: v[: limit - 1] + "…" if isinstance(v, str) and len(v) > limit else v
                )
    return out


#: A text cell a spreadsheet would run as a formula: ``=``, ``+``, ``-`` or ``@`` first
#: (after any spaces), or a tab or carriage return first (OWASP, "CSV injection").
_FORMULA_START = re.compile(r"^(?:[\t\r]|\s*[=+\-@])")


def neutralise_cell(value: Any) -> Any:
    """``value`` with a ``'`` in front when a spreadsheet would run it as a formula.

    Only text is changed (also text such as ``"-5"``, as OWASP advises):
    numbers, dates and empty cells are returned as they are.

    Examples
    --------
    >>> print(neutralise_cell('=HYPERLINK("http://x","y")'))
    '=HYPERLINK("http://x","y")
    >>> neutralise_cell(-2.5), neutralise_cell("城关镇")
    (-2.5, '城关镇')
    """
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of a table that is safe to open in a spreadsheet (CSV or XLSX).

    Every text cell, and column name, that Excel, WPS or LibreOffice would
    run as a formula (``=HYPERLINK(...)``, ``+1``, ``-2+3``, ``@SUM(A1)``, a
    leading tab or carriage return) gets a single quote in front, as OWASP
    recommends; numeric columns are not touched, so a negative number stays
    a number. Use it on every table written for download.

    Parameters
    ----------
    frame
        Any table; not modified.

    Returns
    -------
    pandas.DataFrame
        The same type as ``frame`` (a GeoDataFrame keeps its geometry).
    """
    out = frame.copy()
    geometry = out.geometry.name if isinstance(out, gpd.GeoDataFrame) else None
    for column in out.columns:
        if column == geometry:
            continue
        dtype = out[column].dtype
        if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
            out[column] = out[column].map(neutralise_cell)
        elif isinstance(dtype, pd.CategoricalDtype):
            out[column] = out[column].astype(object).map(neutralise_cell)
    renamed = {c: neutralise_cell(c) for c in out.columns if c != geometry}
    if any(str(k) != str(v) for k, v in renamed.items()):
        out = out.rename(columns=renamed)
    return out


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write a table (see :func:`table_of`) as UTF-8 CSV with a BOM, safe for spreadsheets."""
    # CRLF lines (RFC 4180): a cell holding a lone CR is then quoted, not cut in two
    neutralise_formulas(cut_long_text(table)).to_csv(
        path, index=False, encoding="utf-8-sig", lineterminator="\r\n"
    )
