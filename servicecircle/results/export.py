"""Export layers as files a bureau can open: GeoPackage, GeoJSON, CSV, zipped Shapefile.

:func:`export_layer` infers the format from the file name:

``.gpkg``
    GeoPackage; the layer is added to (or replaces the same layer in) an
    existing file.
``.geojson`` / ``.json``
    GeoJSON in WGS-84 (reprojected if needed).
``.csv``
    UTF-8 with a byte-order mark so Excel shows Chinese text; WGS-84
    ``lon``/``lat`` columns for points, a ``wkt`` column (9 decimals, about
    0.1 mm) otherwise. Text a spreadsheet would run as a formula gets a
    ``'`` in front (:func:`neutralise_formulas`).
``.zip`` / ``.shp.zip``
    A zipped Shapefile with a ``.cpg`` declaring UTF-8. Field names longer
    than the 10 bytes a Shapefile allows are shortened uniquely and a
    ``README.txt`` in the zip maps them back.

Every file is written under a temporary name and then moved into place, so
a failed export never leaves half a file behind. (The interactive web map is
:mod:`servicecircle.maps.web`.)
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from servicecircle._io import atomic_path
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs import gdal_guard  # noqa: F401  (locks GDAL down before pyogrio use)
from servicecircle.inputs.crs import WGS84
from servicecircle.results.shapefile import datetimes_as_text, write_shapefile_zip

logger = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("gpkg", "geojson", "csv", "shp")
#: Decimals of the WGS-84 coordinates in a CSV's ``wkt`` column.
WKT_DECIMALS = 9

_POINT_TYPES = {"Point"}


def format_from_path(path: str | os.PathLike[str]) -> str:
    """Return the export format (one of :data:`FORMATS`) for a file name."""
    name = Path(path).name.lower()
    if name.endswith(".gpkg"):
        return "gpkg"
    if name.endswith((".geojson", ".json")):
        return "geojson"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".zip"):
        return "shp"
    if name.endswith(".shp"):
        raise InputDataError(
            msg("msg.results.export.bare_shp", file=Path(path).name, stem=Path(path).stem)
        )
    raise InputDataError(msg("msg.results.export.unknown_suffix", file=Path(path).name))


def export_layer(
    gdf: gpd.GeoDataFrame,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,  # noqa: A002 - the keyword geopandas and pyogrio use
    layer: str | None = None,
    title: str = "",
) -> Path:
    """Write one layer to a file.

    Parameters
    ----------
    gdf
        The layer; not modified.
    path
        Target file; its folder must exist.
    format
        One of :data:`FORMATS`; inferred from ``path`` when omitted.
    layer
        Layer name inside a GeoPackage (and the Shapefile's base name inside
        the zip); defaults to the file name without extension.
    title
        The study area's name: a GeoPackage layer's description, and the
        lead of its identifier (``玄武区 · gaps``), the names QGIS shows.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    target = Path(path)
    fmt = (format or format_from_path(target)).lower()
    if fmt not in FORMATS:
        raise InputDataError(
            msg("msg.results.export.unknown_format", format=fmt, formats=list(FORMATS))
        )
    if not target.parent.is_dir():
        raise InputDataError(
            msg("msg.results.export.no_folder", target=str(target), folder=str(target.parent))
        )
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise InputDataError("Only map layers (GeoDataFrames) can be exported this way.")
    name = layer or _stem(target)
    frame = _flatten(gdf)
    writers: dict[str, Callable[[gpd.GeoDataFrame, Path, str], None]] = {
        "gpkg": partial(_write_gpkg, title=title),
        "geojson": _write_geojson,
        "csv": _write_csv,
        "shp": write_shapefile_zip,
    }
    writer = writers[fmt]
    suffix = _temporary_suffix(target)
    with atomic_path(target, suffix=suffix, copy_existing=fmt == "gpkg") as tmp:
        writer(frame, tmp, name)
    logger.info("exported %d features to %s (%s)", len(gdf), target, fmt)
    return target


def export_layers(
    layers: Mapping[str, gpd.GeoDataFrame], path: str | os.PathLike[str], *, title: str = ""
) -> Path:
    """Write several layers into one GeoPackage (added to / replacing in an existing file).

    ``title`` (the study area's name) describes each layer, as in :func:`export_layer`.
    """
    target = Path(path)
    if format_from_path(target) != "gpkg":
        raise InputDataError(msg("msg.results.export.several_layers"))
    with atomic_path(target, suffix=".gpkg", copy_existing=True) as tmp:
        for name, gdf in layers.items():
            _write_gpkg(_flatten(gdf), tmp, name, title=title)
    logger.info("exported %d layers to %s", len(layers), target)
    return target


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".shp.zip", ".zip", ".gpkg", ".geojson", ".json", ".csv"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or "layer"
    return path.stem or "layer"


def _temporary_suffix(target: Path) -> str:
    if target.name.lower().endswith(".shp.zip"):
        return "".join(target.suffixes[-2:])
    return target.suffix


def _cell_text(value: Any) -> Any:
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if isinstance(value, (list, tuple, dict, set)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _flatten(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Copy with a plain index and only columns every format can hold."""
    frame = gdf.copy()
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None:
        names = [n if n is not None else f"index_{i}" for i, n in enumerate(frame.index.names)]
        if frame.index.nlevels == 1 and frame.index.names[0] is None:
            names = ["index"]
        frame.index = frame.index.set_names(names)
        frame = frame.reset_index()
    geometry = frame.geometry.name
    for col in frame.columns:
        if col == geometry:
            continue
        dtype = frame[col].dtype
        if isinstance(dtype, gpd.array.GeometryDtype):
            frame[col] = frame[col].to_wkt(rounding_precision=WKT_DECIMALS)
        elif isinstance(dtype, pd.CategoricalDtype):
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
        elif pd.api.types.is_object_dtype(dtype):
            frame[col] = frame[col].map(_cell_text)
    if not all(isinstance(c, str) for c in frame.columns):
        frame.columns = [str(c) for c in frame.columns]
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=gdf.crs)


def _to_wgs84(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if frame.crs is None:
        logger.warning("layer has no CRS; writing its coordinates as they are")
        return frame
    if frame.crs.equals(WGS84):
        return frame
    return frame.to_crs(WGS84)


def _write_gpkg(frame: gpd.GeoDataFrame, path: Path, layer: str, *, title: str = "") -> None:
    described = (
        {"layer_options": {"IDENTIFIER": f"{title} · {layer}", "DESCRIPTION": title}}
        if title
        else {}
    )
    pyogrio.write_dataframe(
        frame,
        path,
        layer=layer,
        driver="GPKG",
        promote_to_multi=False,
        geometry_type=_geometry_type(frame),
        **described,
    )


def _geometry_type(frame: gpd.GeoDataFrame) -> str:
    types = set(frame.geom_type.dropna())
    return types.pop() if len(types) == 1 else "Unknown"


def _write_geojson(frame: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    frame = datetimes_as_text(_to_wgs84(frame))
    pyogrio.write_dataframe(frame, path, layer=layer, driver="GeoJSON", promote_to_multi=False)


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


def _write_csv(frame: gpd.GeoDataFrame, path: Path, _layer: str) -> None:
    frame = _to_wgs84(frame)
    geometry = frame.geometry
    table = pd.DataFrame(frame.drop(columns=geometry.name))
    types = set(geometry.geom_type.dropna())
    if types <= _POINT_TYPES:
        lon_col = _unique_name("lon", table.columns)
        lat_col = _unique_name("lat", table.columns)
        valid = geometry.notna() & ~geometry.is_empty
        table[lon_col] = np.where(valid, geometry.x.where(valid), np.nan)
        table[lat_col] = np.where(valid, geometry.y.where(valid), np.nan)
    else:
        wkt_col = _unique_name("wkt", table.columns)
        # 9 decimals of a degree is about 0.1 mm (shapely's default of 6 is about 10 cm)
        table[wkt_col] = geometry.to_wkt(rounding_precision=WKT_DECIMALS)
    # CRLF lines (RFC 4180): a cell holding a lone CR is then quoted, not cut in two
    neutralise_formulas(table).to_csv(
        path, index=False, encoding="utf-8-sig", lineterminator="\r\n"
    )


def _unique_name(name: str, taken: Iterable[str]) -> str:
    existing = {str(t).lower() for t in taken}
    candidate, i = name, 2
    while candidate.lower() in existing:
        candidate, i = f"{name}_{i}", i + 1
    return candidate
