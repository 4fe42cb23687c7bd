"""How big is this file, layer or table? Checked against the server's limits before reading.

One set of checks for every reader of planners' files (layers, project files):
file size before opening, rows before reading (for a GeoPackage counted by
SQLite, not taken from the count the file states about itself), vertices after
reading. Each raises the :class:`~servicecircle.errors.ResourceLimitError`
of :meth:`Limits.exceeded <servicecircle.limits.Limits.exceeded>`, which names
the limit and how to raise it.
"""

from __future__ import annotations

import sqlite3
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyogrio
import shapely

from servicecircle._progress import Said
from servicecircle.errors import InputDataError, error_detail
from servicecircle.i18n.message import msg
from servicecircle.inputs import gdal_guard  # noqa: F401 - locks GDAL down before reading
from servicecircle.limits import Limits

SPLIT_ADVICE = msg("msg.files.split_advice")
SIMPLIFY_ADVICE = msg("msg.files.simplify_advice")


def check_file_size(path: Path, limits: Limits, shown: Said) -> None:
    """Refuse a file over the ``file_mb`` limit before it is opened."""
    size = path.stat().st_size
    if size > limits.file_mb * 2**20:
        raise limits.exceeded(
            "file_mb", msg("msg.files.file_is_mb", file=shown, mb=f"{size / 2**20:,.1f}")
        )


def check_feature_count(
    count: int,
    limits: Limits,
    shown: Said,
    *,
    limit: str = "features",
    most: int | None = None,
    advice: Said = SPLIT_ADVICE,
) -> None:
    """Refuse ``count`` features over the limit ``limit`` (or ``most``, when lower)."""
    allowed = min(most, getattr(limits, limit)) if most is not None else getattr(limits, limit)
    if count > allowed:
        raise replace(limits, **{limit: allowed}).exceeded(
            limit, msg("msg.files.holds_features", file=shown, count=f"{count:,}"), found=advice
        )


def check_vertices(
    geometries: Any, limits: Limits, shown: Said, *, advice: Said = SIMPLIFY_ADVICE
) -> None:
    """Refuse geometries with more coordinates in all than the ``vertices`` limit."""
    geoms = np.asarray(geometries, dtype=object)
    present = geoms[~pd.isna(pd.Series(geoms, dtype=object)).to_numpy()]
    vertices = int(shapely.get_num_coordinates(present).sum()) if present.size else 0
    if vertices > limits.vertices:
        raise limits.exceeded(
            "vertices",
            msg("msg.files.has_vertices", file=shown, count=f"{vertices:,}"),
            found=advice,
        )


def geopackage_row_count(path: Path, table: str) -> int:
    """The rows of ``table`` in the GeoPackage ``path``, counted by SQLite (read-only).

    Call only after :func:`~servicecircle.inputs.signatures.check_geopackage`:
    the file then holds no virtual table, view or trigger that could read
    anything else when it is queried.
    """
    quoted = '"' + table.replace('"', '""') + '"'
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        (count,) = connection.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()
    finally:
        connection.close()
    return int(count)


def geopackage_counts(path: Path, opened: str, layer: str, shown: Said) -> tuple[int, int]:
    """Rows of ``layer`` counted by SQLite, and the count the file states (-1: none).

    GDAL takes the count a GeoPackage states about itself (``gpkg_ogr_contents``)
    and pyogrio reads that many rows: check both with :func:`check_feature_count`
    and :func:`check_stated_count` before reading.

    Parameters
    ----------
    path
        The GeoPackage, checked with ``check_geopackage``.
    opened
        The path as GDAL opens it (see :func:`gdal_guard.driver_path`).
    layer
        The table.
    shown
        The file as named in messages.
    """
    try:
        count = geopackage_row_count(path, layer)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            stated = int(pyogrio.read_info(opened, layer=layer)["features"])
    except Exception as exc:  # sqlite3 and GDAL report damaged files with many types
        raise InputDataError(
            msg(
                "msg.files.layer_unreadable",
                file=shown,
                layer=repr(layer),
                detail=error_detail(exc),
            )
        ) from exc
    return count, stated


def check_stated_count(count: int, stated: int, layer: str, shown: str) -> None:
    """Refuse a layer whose stated count differs from its rows, unread.

    Fewer stated rows would be lost silently; billions stated would make
    pyogrio reserve memory for them.
    """
    if stated not in (count, -1):  # -1: GDAL does not know (and counts as it reads)
        raise InputDataError(
            msg(
                "msg.files.stated_count",
                file=shown,
                layer=repr(layer),
                count=f"{count:,}",
                stated=f"{stated:,}",
            )
        )


__all__ = [
    "check_feature_count",
    "check_file_size",
    "check_stated_count",
    "check_vertices",
    "geopackage_counts",
    "geopackage_row_count",
]
