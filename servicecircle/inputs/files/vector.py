"""GeoJSON and GeoPackage files, read through pyogrio with GDAL locked down.

Every file's signature is checked before GDAL sees it
(:mod:`~servicecircle.inputs.signatures`), its feature count before it is
read (:mod:`~servicecircle.inputs.size_checks`), and it is opened with the
driver of its format only (:func:`~servicecircle.inputs.gdal_guard.driver_path`).
Outlines that are not closed are closed by shapely and said in the notes.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj

from servicecircle._progress import Said
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs import gdal_guard
from servicecircle.inputs.files.raw import RawLayer, ReadCaps, geometry_type_name, name_labels
from servicecircle.inputs.files.tabular import decode_text
from servicecircle.inputs.signatures import check_geojson, check_geopackage
from servicecircle.inputs.size_checks import check_stated_count, geopackage_counts


def frame_to_raw(
    frame: gpd.GeoDataFrame, name: str, shown: Said, notes: list[Said] | None = None
) -> RawLayer:
    """A read GeoDataFrame as a :class:`RawLayer` (attributes, geometries and labels)."""
    if len(frame) == 0:
        raise InputDataError(msg("msg.files.no_features", file=shown))
    attributes = pd.DataFrame(frame.drop(columns=frame.geometry.name)).reset_index(drop=True)
    geoms = np.asarray(frame.geometry.values, dtype=object)
    closed = frame.attrs.get("closed")
    if closed is not None and len(closed):
        notes = [
            *(notes or []),
            msg("msg.files.closed_outlines", file=shown, where=name_labels(closed, "feature")),
        ]
    return RawLayer(
        name=name,
        source=shown,
        attributes=attributes,
        geoms=geoms,
        labels=np.arange(1, len(frame) + 1, dtype=np.int64),
        unit="feature",
        file_crs=pyproj.CRS.from_user_input(frame.crs) if frame.crs is not None else None,
        notes=notes or [],
    )


def ogr_read(
    source: str | bytes, shown: Said, what: Said, caps: ReadCaps, **kwargs: Any
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
        detail = gdal_detail(exc)
        raise InputDataError(
            msg("msg.files.not_readable_as", file=shown, what=what, detail=detail)
        ) from exc
    if not isinstance(frame, gpd.GeoDataFrame):
        raise InputDataError(msg("msg.files.plain_table", file=shown))
    return frame


def gdal_detail(exc: BaseException) -> str:
    """GDAL's error in one line, without in-memory paths and advice meant for programmers."""
    text = str(exc).strip()
    if not text:
        return type(exc).__name__
    text = re.sub(r"'?/vsimem/[^'\s]*'?", "the file", text.splitlines()[0])
    text = text.split("; It might help")[0].split(": this file is a WAL")[0]
    return text[:200]


def read_geojson(path: Path, caps: ReadCaps) -> RawLayer:
    """Read a GeoJSON file (UTF-8, or another encoding noted) through the guarded driver."""
    data = path.read_bytes()
    if not data.strip():
        raise InputDataError(msg("msg.files.empty", file=path.name, size=len(data)))
    notes: list[Said] = []
    source: str | bytes = gdal_guard.driver_path(path, "GeoJSON")
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text, encoding = decode_text(data, path.name)
        source = data = text.encode("utf-8")
        notes.append(msg("msg.files.encoding_detected", file=path.name, encoding=encoding))
    # GDAL fetches a crs that links elsewhere; refuse it when the fetch is not blocked,
    # or when the member is plainly there (a clear message beats a silent default).
    check_geojson(
        data,
        path.name,
        inspect_crs=b'"crs"' in data or not gdal_guard.STATE.network_blocked,
    )
    frame = ogr_read(source, path.name, msg("msg.files.what_geojson"), caps)
    raw = frame_to_raw(frame, path.stem, path.name, notes)
    if raw.file_crs is not None and raw.file_crs.to_epsg() == 4326:
        raw.geojson_default_crs = b'"crs"' not in data[:4096]
    return raw


def gpkg_layers(path: Path) -> list[tuple[str, str]]:
    """The names and geometry types of a GeoPackage's layers with geometry."""
    check_geopackage(path, path.name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            found = pyogrio.list_layers(gdal_guard.driver_path(path, "GPKG"))
    except Exception as exc:
        raise InputDataError(
            msg("msg.files.gpkg_unreadable", file=path.name, detail=gdal_detail(exc))
        ) from exc
    return [(str(name), str(kind)) for name, kind in found if kind is not None]


def read_gpkg(path: Path, layer: str | None, caps: ReadCaps) -> RawLayer:
    """Read the chosen layer of a GeoPackage (the only one when it holds one)."""
    layers = gpkg_layers(path)
    if not layers:
        raise InputDataError(msg("msg.files.gpkg_no_layer", file=path.name))
    names = [name for name, _ in layers]
    described: list[Said] = [
        msg("msg.files.layer_and_type", layer=n, type=geometry_type_name(k)) for n, k in layers
    ]
    chosen = choose_layer(names, layer, path.name, described)
    shown = msg("msg.files.layer_of", file=path.name, layer=repr(chosen))
    count, stated = geopackage_counts(path, gdal_guard.driver_path(path, "GPKG"), chosen, shown)
    caps.check_count(count, shown)
    check_stated_count(count, stated, chosen, path.name)
    frame = ogr_read(
        gdal_guard.driver_path(path, "GPKG"),
        shown,
        msg("msg.files.what_gpkg_layer"),
        caps,
        layer=chosen,
    )
    return frame_to_raw(frame, chosen, shown)


def choose_layer(
    names: list[str], layer: str | None, shown: str, described: Sequence[Said] | None = None
) -> str:
    """The layer to read: ``layer`` if given and present, else the only one, else a message.

    ``described`` names the layers in messages (else their names, quoted).
    """
    listing: Sequence[Said] = described or [repr(name) for name in names]
    if layer is None:
        if len(names) == 1:
            return names[0]
        raise InputDataError(
            msg(
                "msg.files.several_layers",
                file=shown,
                count=len(names),
                layers=listing,
                example=f"{shown}::{names[0]}",
            )
        )
    if layer in names:
        return layer
    stems = [n for n in names if PurePosixPath(n).name == layer]
    if len(stems) == 1:
        return stems[0]
    raise InputDataError(msg("msg.files.no_layer", file=shown, layer=repr(layer), layers=listing))
