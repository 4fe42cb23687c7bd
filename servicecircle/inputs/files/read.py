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
    See :mod:`.tabular` and :mod:`.columns`.
GeoJSON (``.geojson``, ``.json``), GeoPackage (``.gpkg``)
    A GeoPackage with several layers needs ``layer=``; :func:`list_layers`
    names them. See :mod:`.vector`.
Shapefile (``.zip`` holding ``.shp/.shx/.dbf`` and usually ``.prj``/``.cpg``, or
a bare ``.shp`` beside its parts)
    The zip is checked before anything is unpacked (no paths outside the folder,
    declared size under a limit) and unpacked into a temporary folder. See
    :mod:`.archive`.

Coordinate systems are described in :mod:`servicecircle.inputs.crs`. The
planner states one (``crs=``); otherwise the file's own (``.prj``, GeoPackage,
GeoJSON) is used; a file with none is taken as WGS-84 when its coordinates are
in degree range, and the notes say so. The checks are in :mod:`.checks`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from numpy.typing import NDArray

from servicecircle._progress import Said
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import Message, msg
from servicecircle.inputs.crs import (
    WGS84,
    WGS84_SYSTEM,
    CoordinateSystem,
    geometries_to_wgs84,
    resolve_crs,
)
from servicecircle.inputs.files.archive import (
    open_zip,
    read_shapefile,
    read_zip,
    shapefiles_in,
    zip_member_names,
)
from servicecircle.inputs.files.checks import (
    check_degrees,
    check_kind,
    check_not_degrees,
    check_projected_result,
    check_study_area,
    repair_geometries,
    source_system,
)
from servicecircle.inputs.files.columns import CRS_TAGS, normalise_name
from servicecircle.inputs.files.raw import (
    SOURCE_ROWS_ATTR,
    GeometryKind,
    RawLayer,
    ReadCaps,
    rows_error,
    source_rows,
)
from servicecircle.inputs.files.tabular import read_csv
from servicecircle.inputs.files.vector import gpkg_layers, read_geojson, read_gpkg
from servicecircle.inputs.size_checks import check_file_size
from servicecircle.limits import Limits, current_limits

__all__ = ["SUPPORTED_SUFFIXES", "LoadedLayer", "list_layers", "read_layer"]

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
    source_system
        The same as a message, for planners: GCJ-02（高德/腾讯坐标） in zh.
    name
        The layer's name (GeoPackage layer, shapefile or file stem).
    """

    frame: gpd.GeoDataFrame
    notes: tuple[Said, ...]
    repaired: int
    source_crs: str
    name: str
    source_system: Said = ""


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
        return [name for name, _ in gpkg_layers(path)]
    if fmt == "zip":
        with open_zip(path) as archive:
            names = zip_member_names(archive)
        return [stem for stem, _ in shapefiles_in(names)]
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
        :func:`~servicecircle.inputs.crs.resolve_crs`): ``"wgs84"``,
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
    caps = ReadCaps(
        limits=limits,
        features=min(max_features or limits.features, limits.features),
        feature_limit="outlets" if max_features is not None else "features",
    )
    stated = resolve_crs(crs)
    if fmt == "csv":
        raw = read_csv(path, lon_column=lon_column, lat_column=lat_column, caps=caps)
    elif fmt == "geojson":
        raw = read_geojson(path, caps)
    elif fmt == "gpkg":
        raw = read_gpkg(path, layer, caps)
    elif fmt == "zip":
        unzipped = max_unzipped_bytes or int(limits.inflated_mb * 2**20)
        raw = read_zip(path, layer, unzipped, caps)
    else:
        raw = read_shapefile(path, name=path.stem, shown=path.name, caps=caps)
    caps.check_vertices(raw)
    return _finish(
        raw,
        stated=stated,
        study_bounds=study_bounds,
        max_distance_km=max_distance_km,
        geometry=geometry,
    )


def _check_path(path: str | Path, limits: Limits) -> tuple[Path, str]:
    path = Path(path)
    if not path.exists():
        raise InputDataError(msg("msg.files.not_found", path=repr(str(path))))
    if path.is_dir():
        raise InputDataError(msg("msg.files.is_folder", path=repr(str(path))))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls", ".xlsm", ".et"):
        raise InputDataError(msg("msg.files.workbook", file=path.name))
    if suffix not in SUPPORTED_SUFFIXES:
        ending: Said = repr(suffix) if suffix else msg("msg.files.no_extension")
        raise InputDataError(msg("msg.files.unsupported", file=path.name, suffix=ending))
    check_file_size(path, limits, path.name)
    return path, SUPPORTED_SUFFIXES[suffix]


def _finish(
    raw: RawLayer,
    *,
    stated: CoordinateSystem | None,
    study_bounds: tuple[float, float, float, float] | None,
    max_distance_km: float,
    geometry: GeometryKind,
) -> LoadedLayer:
    """Check ``raw``'s geometries, convert them to WGS-84 and repair them."""
    notes = list(raw.notes)
    geoms = check_kind(shapely.force_2d(_present_geometries(raw)), raw, geometry)
    system, swap_axes = source_system(raw, stated, geoms, notes)
    if swap_axes:
        geoms = shapely.transform(geoms, lambda c: c[:, ::-1])
    system, source_said = _checked_system(raw, shapely.bounds(geoms), system, stated, notes)
    source_label = str(source_said)
    out = _to_wgs84(raw, geoms, system, notes)
    out_bounds = shapely.bounds(out)
    if not system.is_geographic:
        check_projected_result(raw, out_bounds, system)
    if study_bounds is not None:
        check_study_area(raw, out_bounds, study_bounds, max_distance_km)

    out, repaired = repair_geometries(out, raw)
    if repaired:
        key = "msg.files.repaired_one" if repaired == 1 else "msg.files.repaired"
        notes.append(msg(key, file=raw.source, count=repaired))
    frame = gpd.GeoDataFrame(
        raw.attributes.reset_index(drop=True),
        geometry=gpd.GeoSeries(out, crs=WGS84),
    )
    frame.attrs[SOURCE_ROWS_ATTR] = source_rows(raw.source, raw.labels, raw.unit)
    logger.info("read %s: %d features from %s", raw.name, len(frame), source_label)
    return LoadedLayer(
        frame=frame,
        notes=tuple(notes),
        repaired=repaired,
        source_crs=source_label,
        name=raw.name,
        source_system=source_said,
    )


def _present_geometries(raw: RawLayer) -> NDArray[np.object_]:
    """``raw``'s geometries, refusing the file when some feature has none (or an empty one)."""
    geoms = np.asarray(raw.geoms, dtype=object)
    missing = np.array(pd.isna(pd.Series(geoms)), dtype=bool)
    present = np.flatnonzero(~missing)
    if present.size:
        missing[present] = shapely.is_empty(geoms[present])
    if missing.any():
        raise rows_error(raw, missing, msg("msg.files.no_geometry"))
    return geoms


def _checked_system(
    raw: RawLayer,
    bounds: NDArray[np.float64],
    system: CoordinateSystem | None,
    stated: CoordinateSystem | None,
    notes: list[Said],
) -> tuple[CoordinateSystem, Message]:
    """The system after the range checks (WGS-84 when none is known), and its name."""
    if system is not None and not system.is_geographic:
        check_not_degrees(raw, bounds, system)
        return system, system.said
    check_degrees(raw, bounds, system, stated)
    if system is not None:
        return system, system.said
    if raw.columns is not None and CRS_TAGS.search(normalise_name(raw.columns[0])):
        notes.append(
            msg("msg.files.column_names_system", file=raw.source, column=repr(raw.columns[0]))
        )
    notes.append(msg("msg.files.assumed_wgs84", file=raw.source))
    return WGS84_SYSTEM, msg("msg.crs.wgs84_assumed", label="WGS-84 (EPSG:4326), assumed")


def _to_wgs84(
    raw: RawLayer, geoms: NDArray[np.object_], system: CoordinateSystem, notes: list[Said]
) -> NDArray[np.object_]:
    """``geoms`` converted from ``system`` to WGS-84, with a note when they moved."""
    try:
        converted = geometries_to_wgs84(gpd.GeoSeries(geoms), system)
    except (pyproj.exceptions.ProjError, pyproj.exceptions.CRSError, ValueError) as exc:
        raise InputDataError(
            msg("msg.files.not_converted", file=raw.source, system=system.said, detail=str(exc))
        ) from exc
    if system.kind in ("gcj02", "bd09"):
        notes.append(msg("msg.files.converted", file=raw.source, system=system.said))
    elif not system.is_geographic:
        notes.append(msg("msg.files.projected", file=raw.source, system=system.said))
    return np.asarray(converted.values, dtype=object)
