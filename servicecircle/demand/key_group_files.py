"""Key-groups files: CSV/XLSX tables and point/polygon layers, read into a :class:`KeyGroupTable`.

What the files hold and how their columns are read: :mod:`servicecircle.demand.key_groups`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Final

import pandas as pd

from servicecircle.demand.census_headers import (
    COMMUNITY_HEADERS,
    HEADER_SEARCH_ROWS,
    NAME_HEADERS,
    TOWNSHIP_HEADERS,
    area_labels,
    column_of,
    header_key,
)
from servicecircle.demand.file_places import at_row, sheet_source
from servicecircle.demand.key_groups import (
    KeyGroupTable,
    finished_table,
    group_columns,
    table_from_rows,
)
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.limits import Limits, current_limits

TABLE_SUFFIXES: Final = frozenset({".csv", ".txt", ".tsv"})
WORKBOOK_SUFFIXES: Final = frozenset({".xlsx", ".xlsm"})
LAYER_SUFFIXES: Final = frozenset({".geojson", ".json", ".gpkg", ".zip", ".shp"})
_MAX_COLUMNS: Final = 200


def _csv_rows(path: Path) -> list[list[str]]:
    from servicecircle.inputs.files.tabular import decode_text, sniff_delimiter

    data = path.read_bytes()
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise InputDataError(msg("msg.groups.workbook_as_csv", file=path.name))
    text, _ = decode_text(data, path.name)
    lines = text.splitlines()
    sep = max(
        (sniff_delimiter(line) for line in lines[:HEADER_SEARCH_ROWS] if line.strip()),
        key=lambda s: sum(line.count(s) for line in lines[:HEADER_SEARCH_ROWS]),
        default=",",
    )
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    except csv.Error as error:
        raise InputDataError(
            msg("msg.groups.unreadable", file=path.name, detail=str(error))
        ) from error
    return [row[:_MAX_COLUMNS] for row in rows]


def _workbook_table(path: Path, limits: Limits, sheet: str | None) -> KeyGroupTable:
    """The first sheet (or ``sheet``) of an ``.xlsx`` workbook with a key-groups header."""
    import openpyxl

    from servicecircle.demand.census import check_workbook

    check_workbook(path, limits)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl reports damaged files with many types
        raise InputDataError(
            msg("msg.groups.unreadable", file=path.name, detail=type(error).__name__)
        ) from error
    try:
        if sheet is not None and sheet not in book.sheetnames:
            sheets = [repr(name) for name in book.sheetnames]
            raise InputDataError(
                msg("msg.groups.no_sheet", file=path.name, sheet=sheet, sheets=sheets)
            )
        names = [sheet] if sheet is not None else book.sheetnames
        first_error: InputDataError | None = None
        for name in names:
            rows = list(book[name].iter_rows(max_col=_MAX_COLUMNS, values_only=True))
            shown = path.name if len(book.sheetnames) == 1 else sheet_source(path.name, name)
            try:
                return table_from_rows(rows, source=shown)
            except InputDataError as error:
                if getattr(error.args[0], "key", "") != "msg.groups.no_header":
                    raise
                first_error = first_error or error
    finally:
        book.close()
    raise first_error or InputDataError(msg("msg.groups.no_rows", source=path.name))


def _layer_table(
    path: Path,
    *,
    layer: str | None,
    crs: Any,
    study_bounds: tuple[float, float, float, float] | None,
    limits: Limits,
) -> KeyGroupTable:
    """Key groups of a point or polygon layer (its features' group columns)."""
    import geopandas as gpd

    from servicecircle.inputs.files.read import read_layer

    loaded = read_layer(path, layer=layer, crs=crs, study_bounds=study_bounds, limits=limits)
    frame = loaded.frame
    headers = [str(c) for c in frame.columns if c != "geometry"]
    keys = [header_key(c) for c in headers]
    taken = {
        i
        for i in (column_of(keys, w) for w in (TOWNSHIP_HEADERS, COMMUNITY_HEADERS, NAME_HEADERS))
        if i is not None
    }
    groups = group_columns(headers, taken)
    if not groups:
        raise InputDataError(
            msg("msg.groups.no_group_column", file=path.name, columns=[repr(c) for c in headers])
        )
    labels = area_labels(frame, headers)
    rows = gpd.GeoDataFrame(
        {
            "township": pd.Series([None] * len(frame), dtype=object),
            "community": pd.Series([None] * len(frame), dtype=object),
            "name": pd.Series(labels, dtype=object),
            "where": [at_row(path.name, i + 1, "feature") for i in range(len(frame))],
        },
        geometry=frame.geometry.to_numpy(),
        crs=frame.crs,
    )
    return finished_table(
        rows,
        {g: frame[headers[at]].tolist() for g, at in groups.items()},
        {g: headers[at] for g, at in groups.items()},
        path.name,
        list(loaded.notes),
    )


def read_key_groups(
    path: str | Path,
    *,
    layer: str | None = None,
    crs: Any = None,
    study_bounds: tuple[float, float, float, float] | None = None,
    limits: Limits | None = None,
) -> KeyGroupTable:
    """Read key groups from a table or a layer (see the module docstring).

    Parameters
    ----------
    path
        A ``.csv``/``.txt``/``.tsv`` or ``.xlsx`` table, or a layer
        (``.geojson``, ``.gpkg``, ``.zip``, ``.shp``) with group columns.
    layer
        The sheet of a workbook, or the layer of a GeoPackage or zip.
    crs, study_bounds
        For a layer, as in :func:`~servicecircle.inputs.files.read.read_layer`.
    limits
        The server's limits; defaults to :func:`~servicecircle.limits.current_limits`.

    Raises
    ------
    InputDataError
        For a file that cannot be used as it is; the message says what to do.
    """
    from servicecircle.inputs.size_checks import check_file_size

    limits = limits or current_limits()
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in LAYER_SUFFIXES:
        return _layer_table(path, layer=layer, crs=crs, study_bounds=study_bounds, limits=limits)
    if not path.is_file():
        raise InputDataError(msg("msg.demand.file_not_found", file=str(path)))
    if suffix not in TABLE_SUFFIXES | WORKBOOK_SUFFIXES:
        raise InputDataError(msg("msg.groups.wrong_kind", file=path.name, kind=suffix or "-"))
    check_file_size(path, limits, path.name)
    if suffix in WORKBOOK_SUFFIXES:
        return _workbook_table(path, limits, layer)
    return table_from_rows(_csv_rows(path), source=path.name)


__all__ = ["LAYER_SUFFIXES", "TABLE_SUFFIXES", "WORKBOOK_SUFFIXES", "read_key_groups"]
