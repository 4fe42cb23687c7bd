"""Export layers as files a bureau can open: GeoPackage, GeoJSON, Shapefile, CSV, Excel.

:func:`export_layer` writes one layer (the format from the file name),
:func:`export_layers` several into one GeoPackage;
:mod:`servicecircle.results.export_folder` writes a whole output folder
(``servicecircle export``). The app's downloads call the same functions, so
a file has the same field names and rules wherever it is made.

``fields`` chooses the field names: ``"zh"`` / ``"en"`` name every column in
that language (:mod:`servicecircle.results.field_names`) and write values as
a bureau reads them (people as whole persons, shares as percentages, classes
in words; :mod:`servicecircle.results.export_frames`); ``None`` keeps the
run's own names and values, for scripts. ``crs`` is the coordinate system
(:func:`~servicecircle.results.output_crs.output_crs`: ``wgs84`` by default,
``cgcs2000``, ``gk``, ``gk:39``, ``EPSG:4549``...).

``.gpkg``
    GeoPackage **1.2** (``VERSION=1.2``): GDAL 3.7 and later write 1.4 by
    default, which GDAL 3.6 (QGIS 3.28 LTR) and ArcGIS 10.x greet with a
    warning; 1.2 holds everything written here. Field names are the names
    themselves in the chosen language (``人口``, ``15 分钟覆盖率（%）``), not
    English names with aliases in ``gpkg_data_columns``: QGIS, ArcGIS and
    ``ogr2ogr`` show real names in the attribute table, labels, expressions
    and every copy of the layer, whereas aliases are dropped as soon as the
    layer is copied, exported or joined, and many tools never read them.
    The layer (table) is named in the same language (``覆盖缺口``); the
    study area's name leads its identifier and is its description.
``.geojson`` / ``.json``
    In WGS-84 it is RFC 7946 GeoJSON. In any other CRS the file carries the
    2008 ``crs`` member naming it (``urn:ogc:def:crs:EPSG::4548``), which
    QGIS, ArcGIS and GDAL read: a bureau asking for CGCS2000 or a
    Gauss-Kruger zone gets its coordinates in every format, and web maps,
    which read RFC 7946 only, take the WGS-84 export.
``.zip`` / ``.shp.zip``
    A zipped Shapefile with a ``.cpg`` declaring UTF-8, readable ASCII field
    names and a field-name table (:mod:`servicecircle.results.shapefile`).
``.csv``
    UTF-8 with a byte-order mark; coordinates as columns, never WKT
    (:mod:`servicecircle.results.csv_layer`).
``.xlsx``
    One sheet for the layer and one for its fields
    (:mod:`servicecircle.results.xlsx_layer`).

Every file is written under a temporary name and then moved into place, so
a failed export never leaves half a file behind.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pyproj

from servicecircle._io import atomic_path
from servicecircle.errors import InputDataError
from servicecircle.i18n import t
from servicecircle.i18n.message import msg
from servicecircle.inputs import gdal_guard  # noqa: F401  (locks GDAL down before pyogrio use)
from servicecircle.inputs.crs import WGS84
from servicecircle.results.csv_layer import (
    neutralise_cell,
    neutralise_formulas,
    table_of,
    write_csv,
)
from servicecircle.results.export_frames import Labelled, flags_as_words, flatten, labelled
from servicecircle.results.field_names import Field, field_table, layer_name
from servicecircle.results.gpkg_version import GPKG_VERSION, creation_options
from servicecircle.results.output_crs import Bounds, output_crs
from servicecircle.results.shapefile import datetimes_as_text, write_shapefile_zip
from servicecircle.results.xlsx_layer import Sheet, write_workbook

__all__ = [
    "FORMATS",
    "GPKG_VERSION",
    "SUFFIXES",
    "export_layer",
    "export_layers",
    "format_from_path",
    "neutralise_cell",
    "neutralise_formulas",
    "prepared",
]

logger = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("gpkg", "geojson", "shp", "csv", "xlsx")
#: The file suffix each format is written with.
SUFFIXES: dict[str, str] = {
    "gpkg": ".gpkg",
    "geojson": ".geojson",
    "shp": ".shp.zip",
    "csv": ".csv",
    "xlsx": ".xlsx",
}


def format_from_path(path: str | os.PathLike[str]) -> str:
    """Return the export format (one of :data:`FORMATS`) for a file name."""
    name = Path(path).name.lower()
    for fmt, suffixes in (
        ("gpkg", (".gpkg",)),
        ("geojson", (".geojson", ".json")),
        ("csv", (".csv",)),
        ("shp", (".zip",)),
        ("xlsx", (".xlsx",)),
    ):
        if name.endswith(suffixes):
            return fmt
    if name.endswith(".shp"):
        raise InputDataError(
            msg("msg.results.export.bare_shp", file=Path(path).name, stem=Path(path).stem)
        )
    raise InputDataError(msg("msg.results.export.unknown_suffix", file=Path(path).name))


def wgs84_bounds(frames: Mapping[str, pd.DataFrame] | list[pd.DataFrame]) -> Bounds | None:
    """West, south, east, north of every map layer in ``frames`` (``None`` when there is none)."""
    found = [
        f.to_crs(WGS84).total_bounds if f.crs is not None else f.total_bounds
        for f in (frames.values() if isinstance(frames, Mapping) else frames)
        if isinstance(f, gpd.GeoDataFrame) and len(f) and f.geometry.notna().any()
    ]
    if not found:
        return None
    return (
        float(min(b[0] for b in found)),
        float(min(b[1] for b in found)),
        float(max(b[2] for b in found)),
        float(max(b[3] for b in found)),
    )


def prepared(frame: pd.DataFrame, layer: str, crs: pyproj.CRS, fields: str | None) -> Labelled:
    """``frame`` flattened, in ``crs`` and labelled for ``fields`` (see the module docstring)."""
    flat = flatten(frame)
    if isinstance(flat, gpd.GeoDataFrame):
        if flat.crs is None:
            logger.warning("layer %s has no CRS; writing its coordinates as they are", layer)
        elif not flat.crs.equals(crs):
            flat = flat.to_crs(crs)
    return labelled(flat, layer, fields)


def export_layer(
    gdf: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,  # noqa: A002 - the keyword geopandas and pyogrio use
    layer: str | None = None,
    title: str = "",
    crs: str | int | pyproj.CRS | None = None,
    fields: str | None = None,
) -> Path:
    """Write one layer (or attribute table) to a file.

    Parameters
    ----------
    gdf
        The layer (a GeoDataFrame, or a DataFrame for a table); not modified.
    path
        Target file; its folder must exist.
    format
        One of :data:`FORMATS`; inferred from ``path`` when omitted.
    layer
        The layer's name in the run's files (``gaps``), which says what its
        columns mean; defaults to the file name without extension. Named in
        ``fields``' language inside a GeoPackage or workbook.
    title
        The study area's name: a GeoPackage layer's description, and the
        lead of its identifier (``玄武区 · 覆盖缺口``), the names QGIS shows.
    crs
        Coordinate system of the file (default WGS-84; see :func:`output_crs`).
    fields
        ``"zh"`` / ``"en"``: names and values in that language; ``None``: as they are.

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
    name = layer or _stem(target)
    system = output_crs(crs, wgs84_bounds([gdf]))
    ready = prepared(gdf, name, system, fields)
    with atomic_path(target, suffix=_temporary_suffix(target), copy_existing=fmt == "gpkg") as tmp:
        if fmt == "gpkg":
            write_gpkg_layer(ready, tmp, _layer_title(name, fields), title=title)
        elif fmt == "geojson":
            write_geojson(ready, tmp, name)
        elif fmt == "shp":
            write_shapefile_zip(ready.frame, tmp, name, fields=ready.fields, lang=fields or "en")
        elif fmt == "csv":
            write_csv(table_of(flags_as_words(ready, fields), ready.fields, fields)[0], tmp)
        else:
            write_workbook(workbook_sheets({name: ready}, fields), tmp)
    logger.info("exported %d rows to %s (%s)", len(gdf), target, fmt)
    return target


def export_layers(
    layers: Mapping[str, pd.DataFrame],
    path: str | os.PathLike[str],
    *,
    title: str = "",
    crs: str | int | pyproj.CRS | None = None,
    fields: str | None = None,
) -> Path:
    """Write several layers into one GeoPackage or one Excel workbook.

    A ``.gpkg`` path: the layers are added to (or replace theirs in) an
    existing file. A ``.xlsx`` path: one sheet per non-empty layer and the
    field sheet (:func:`write_layers_workbook`, the workbook of
    ``servicecircle export``). ``title``, ``crs`` and ``fields`` as in
    :func:`export_layer`; one Gauss-Kruger zone (``gk``) is chosen for all
    the layers together.
    """
    target = Path(path)
    kind = format_from_path(target)
    if kind not in ("gpkg", "xlsx"):
        raise InputDataError(msg("msg.results.export.several_layers"))
    system = output_crs(crs, wgs84_bounds(layers))
    if kind == "xlsx":
        kept = {name: frame for name, frame in layers.items() if len(frame)}
        sheets = {name: prepared(frame, name, system, fields) for name, frame in kept.items()}
        return write_layers_workbook(sheets, target, fields)
    with atomic_path(target, suffix=".gpkg", copy_existing=True) as tmp:
        for name, frame in layers.items():
            ready = prepared(frame, name, system, fields)
            write_gpkg_layer(ready, tmp, _layer_title(name, fields), title=title)
    logger.info("exported %d layers to %s", len(layers), target)
    return target


def _layer_title(layer: str, fields: str | None) -> str:
    return layer if fields is None else layer_name(layer, fields)


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".shp.zip", ".zip", ".gpkg", ".geojson", ".json", ".csv", ".xlsx"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or "layer"
    return path.stem or "layer"


def _temporary_suffix(target: Path) -> str:
    if target.name.lower().endswith(".shp.zip"):
        return "".join(target.suffixes[-2:])
    return target.suffix


def write_gpkg_layer(ready: Labelled, path: Path, layer: str, *, title: str = "") -> None:
    """Add ``ready`` to the GeoPackage at ``path`` (created as version :data:`GPKG_VERSION`)."""
    options: dict[str, object] = {}
    if title:
        options["layer_options"] = {"IDENTIFIER": f"{title} · {layer}", "DESCRIPTION": title}
    options |= creation_options(path)
    frame = ready.frame
    if isinstance(frame, gpd.GeoDataFrame):
        options |= {"promote_to_multi": False, "geometry_type": _geometry_type(frame)}
    pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG", **options)


def _geometry_type(frame: gpd.GeoDataFrame) -> str:
    types = set(frame.geom_type.dropna())
    return types.pop() if len(types) == 1 else "Unknown"


def write_geojson(ready: Labelled, path: Path, layer: str) -> None:
    """Write ``ready`` as GeoJSON (RFC 7946 in WGS-84; a ``crs`` member in another CRS)."""
    frame = ready.frame
    if isinstance(frame, gpd.GeoDataFrame):
        geographic = frame.crs is None or frame.crs.is_geographic
        # 9 decimals of a degree is about 0.1 mm; 4 decimals of a metre likewise
        options = {"COORDINATE_PRECISION": str(9 if geographic else 4)}
        if frame.crs is not None and frame.crs.equals(WGS84):
            options["RFC7946"] = "YES"  # no crs member; polygons wound as RFC 7946 asks
        pyogrio.write_dataframe(
            datetimes_as_text(frame),
            path,
            layer=layer,
            driver="GeoJSON",
            promote_to_multi=False,
            layer_options=options,
        )
    else:
        pyogrio.write_dataframe(frame, path, layer=layer, driver="GeoJSON")


def write_layers_workbook(layers: Mapping[str, Labelled], path: Path, fields: str | None) -> Path:
    """Write prepared layers as one workbook at ``path``, atomically (:func:`workbook_sheets`)."""
    with atomic_path(path, suffix=".xlsx") as tmp:
        write_workbook(workbook_sheets(layers, fields), tmp)
    logger.info("exported %d layers to %s", len(layers), path)
    return path


def workbook_sheets(layers: Mapping[str, Labelled], fields: str | None) -> list[Sheet]:
    """One sheet per layer (as a table) and a last sheet describing every field."""
    lang = fields or "en"
    sheets: list[Sheet] = []
    described: list[dict[str, str]] = []
    for name, ready in layers.items():
        table, table_fields = table_of(flags_as_words(ready, fields), ready.fields, fields)
        sheets.append(Sheet(_layer_title(name, fields), table, table_fields, fields is not None))
        layer_column = {t("export.table.layer", lang): _layer_title(name, fields)}
        described.extend({**layer_column, **row} for row in field_table(ready.fields, lang))
    listing = pd.DataFrame(described)
    text = [Field(column=str(c), kind="text", short="", label="", meaning="") for c in listing]
    sheets.append(Sheet(t("export.layer.fields", lang), listing, text))
    return sheets
