"""Census totals a planner brings: per township/street or community/village.

A bureau has the 七普 (2020 census) or the latest 常住人口 table per 街道/乡镇
and often per 社区/村. :func:`read_census` reads it from

* a table: CSV (UTF-8 with or without BOM, GBK/GB18030, UTF-16) or an Excel
  workbook ``.xlsx`` (read-only, saved values; an old ``.xls`` is refused with
  how to save it), with headers such as 街道, 乡镇, 镇, 社区, 村, 居委会, 村委会,
  名称 and 常住人口, 户籍人口, 人口, 人数, population. Title rows above the
  header, merged township cells (the name only on a block's first row), and
  total rows (合计, 小计, 总计) are understood; numbers may be written
  "12,345" or in full-width digits;
* a boundary layer (GeoJSON, GeoPackage, zipped Shapefile) whose polygons
  carry a population column: each polygon's total applies to the demand
  inside it, so no name needs to match.

When a table has both 常住人口 (resident) and 户籍人口 (registered) columns,
the resident population is used: it counts the people who live there, which
is who an outlet serves; the notes say so.

The totals are applied by :mod:`servicecircle.demand.census_scaling`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.demand.census_headers import (
    COMMUNITY_HEADERS,
    HEADER_SEARCH_ROWS,
    NAME_HEADERS,
    TOWNSHIP_HEADERS,
    cell_text,
    column_of,
    header_key,
    population_columns,
)
from servicecircle.demand.census_rows import totals_from_rows
from servicecircle.demand.census_types import CensusTotals
from servicecircle.demand.counts import people_counts
from servicecircle.errors import InputDataError
from servicecircle.inputs.size_checks import check_feature_count, check_file_size
from servicecircle.limits import Limits, current_limits

TABLE_SUFFIXES: Final = frozenset({".csv", ".txt", ".tsv"})
WORKBOOK_SUFFIXES: Final = frozenset({".xlsx", ".xlsm"})
OLD_WORKBOOK_SUFFIXES: Final = frozenset({".xls", ".et", ".ods", ".numbers"})
LAYER_SUFFIXES: Final = frozenset({".geojson", ".json", ".gpkg", ".zip", ".shp"})


_MAX_COLUMNS: Final = 200


def _sniff(text: str) -> str:
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    counts = {sep: sum(line.count(sep) for line in lines) for sep in (",", "\t", ";", "|", "，")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def read_census_csv(path: Path, limits: Limits) -> CensusTotals:
    """Census totals from a CSV file (UTF-8, BOM, GBK/GB18030 or UTF-16)."""
    # one decoder for every planner's CSV
    from servicecircle.inputs.files.tabular import decode_text

    data = path.read_bytes()
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise InputDataError(
            f"{path.name} is an Excel/WPS workbook with a .csv name, not a CSV text file. "
            "Rename it to .xlsx, or open it and choose 'Save as' -> 'CSV UTF-8'."
        )
    check_feature_count(max(data.count(b"\n") - 1, 0), limits, path.name)
    text, _ = decode_text(data, path.name)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_sniff(text)))
    except csv.Error as error:
        raise InputDataError(
            f"{path.name} could not be read as a table ({error}). Open it in Excel or WPS and "
            "save it again as 'CSV UTF-8'."
        ) from error
    return totals_from_rows([r[:_MAX_COLUMNS] for r in rows], source=path.name)


# --------------------------------------------------------------------------- XLSX

_XML_DECLARATIONS: Final = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _check_workbook(path: Path, limits: Limits) -> None:
    """A zip whose parts unpack within the limit and declare no XML entities."""
    if not zipfile.is_zipfile(path):
        head = path.read_bytes()[:8]
        old = head.startswith(b"\xd0\xcf\x11\xe0")
        raise InputDataError(
            f"{path.name} is not an .xlsx workbook"
            + (" (it is an old .xls workbook with a new name)" if old else "")
            + ". Open it in Excel or WPS and save it as .xlsx or 'CSV UTF-8', then try again."
        )
    budget = int(limits.inflated_mb * 2**20)
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        if total > budget:
            raise limits.exceeded("inflated_mb", f"{path.name} unpacks to {total / 2**20:,.1f} MB")
        for member in members:
            if member.filename.lower().endswith((".xml", ".rels", ".vml")):
                with archive.open(member) as part:
                    if _XML_DECLARATIONS.search(part.read()):
                        raise InputDataError(
                            f"{path.name}: part {member.filename!r} declares XML entities, "
                            "which Excel never writes. Open the file in Excel or WPS, save "
                            "it again, and try again."
                        )


def read_census_workbook(path: Path, limits: Limits, sheet: str | None = None) -> CensusTotals:
    """Census totals from an ``.xlsx`` workbook: its saved values, read-only.

    The sheet ``sheet``, else the first sheet that holds a census header.
    """
    import openpyxl

    _check_workbook(path, limits)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl reports damaged files with many types
        raise InputDataError(
            f"{path.name} could not be read as an .xlsx workbook ({type(error).__name__}). "
            "Open it in Excel or WPS, save it again as .xlsx or 'CSV UTF-8', and try again."
        ) from error
    try:
        names = list(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise InputDataError(
                f"{path.name} has no sheet {sheet!r}; its sheets are "
                f"{', '.join(repr(n) for n in names)}."
            )
        failures: list[str] = []
        for name in [sheet] if sheet is not None else names:
            rows: list[tuple[Any, ...]] = []
            for row in book[name].iter_rows(max_col=_MAX_COLUMNS, values_only=True):
                rows.append(row)
                if len(rows) > limits.features + 1:
                    check_feature_count(len(rows), limits, f"{path.name} sheet {name!r}")
            shown = path.name if len(names) == 1 else f"{path.name} sheet {name!r}"
            try:
                totals = totals_from_rows(rows, source=shown)
            except InputDataError as error:
                if sheet is not None or "no census header" not in str(error):
                    raise
                failures.append(name)
                continue
            notes = totals.notes
            if failures:
                notes = (f"{path.name}: sheet {name!r} used ({len(names)} sheets).", *notes)
            return CensusTotals(totals.rows, source=shown, column=totals.column, notes=notes)
    finally:
        book.close()
    raise InputDataError(
        f"{path.name}: none of its sheets ({', '.join(repr(n) for n in names)}) has a census "
        "header. Give a column naming the units (街道, 乡镇, 社区, 村 or 名称) and a population "
        "column (常住人口, 户籍人口, 人口 or population)."
    )


# --------------------------------------------------------------------------- boundary layers


def read_census_layer(
    path: Path,
    *,
    layer: str | None,
    crs: Any,
    study_bounds: tuple[float, float, float, float] | None,
    limits: Limits,
) -> CensusTotals:
    """Census totals from polygons with a population column (each applies to its inside)."""
    from servicecircle.inputs.files.read import read_layer

    loaded = read_layer(
        path, layer=layer, crs=crs, study_bounds=study_bounds, geometry="polygon", limits=limits
    )
    frame = loaded.frame
    columns = [str(c) for c in frame.columns if c != "geometry"]
    keys = [header_key(c) for c in columns]
    populations = population_columns(keys)
    chosen = populations.get("resident", populations.get("generic", populations.get("registered")))
    if chosen is None:
        raise InputDataError(
            f"{path.name}: no population column among {', '.join(repr(c) for c in columns)}. "
            "Name it 常住人口, 人口 or population and try again."
        )
    notes = list(loaded.notes)
    if "resident" in populations and "registered" in populations:
        notes.append(
            f"{path.name}: both {columns[populations['resident']]!r} and "
            f"{columns[populations['registered']]!r} are given; the resident population "
            "(常住人口) is used."
        )
    column = columns[chosen]
    counts, blank, unreadable = people_counts(frame[column])
    wrong = unreadable | (counts < 0)
    if wrong.any():
        at = np.flatnonzero(wrong)
        shown = ", ".join(f"feature {i + 1} ({str(frame[column].iloc[i])[:20]!r})" for i in at[:5])
        raise InputDataError(
            f"{path.name}: the population column {column!r} holds values that are not counts: "
            f"{shown} (features numbered from 1 in file order). Write each total as a number "
            "and try again."
        )
    labels = [_label(frame, keys, columns, i) for i in range(len(frame))]
    keep = ~blank
    if blank.any():
        notes.append(f"{path.name}: {int(blank.sum())} areas without a population are not used.")
    rows = gpd.GeoDataFrame(
        {
            "township": pd.Series([None] * int(keep.sum()), dtype=object),
            "community": pd.Series([None] * int(keep.sum()), dtype=object),
            "name": pd.Series(np.asarray(labels, dtype=object)[keep], dtype=object),
            "population": counts[keep],
            "where": [f"{path.name} feature {i + 1}" for i in np.flatnonzero(keep)],
        },
        geometry=frame.geometry.to_numpy()[keep],
        crs=frame.crs,
    )
    return CensusTotals(rows=rows, source=path.name, column=column, notes=tuple(notes))


def _label(frame: pd.DataFrame, keys: list[str], columns: list[str], i: int) -> str:
    """A census area's name: community over township over a name column, else its number."""
    for wanted in (COMMUNITY_HEADERS, TOWNSHIP_HEADERS, NAME_HEADERS, ("name_zh",)):
        at = column_of(keys, wanted)
        if at is not None:
            text = cell_text(frame[columns[at]].iloc[i])
            if text is not None:
                return text
    return f"area {i + 1}"


# --------------------------------------------------------------------------- entry points


def read_census(
    path: str | Path,
    *,
    layer: str | None = None,
    crs: Any = None,
    study_bounds: tuple[float, float, float, float] | None = None,
    limits: Limits | None = None,
) -> CensusTotals:
    """Read census totals from a table or a boundary layer (see the module docstring).

    Parameters
    ----------
    path
        A ``.csv``/``.txt``/``.tsv`` or ``.xlsx`` table, or a boundary layer
        (``.geojson``, ``.gpkg``, ``.zip``, ``.shp``) with a population column.
    layer
        The sheet of a workbook, or the layer of a GeoPackage or zip.
    crs, study_bounds
        For a boundary layer, as in :func:`~servicecircle.inputs.files.read.read_layer`.
    limits
        The server's limits; defaults to :func:`~servicecircle.limits.current_limits`.

    Raises
    ------
    InputDataError
        For a file that cannot be used as it is; the message says what to do.
    """
    limits = limits or current_limits()
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in LAYER_SUFFIXES:
        return read_census_layer(
            path, layer=layer, crs=crs, study_bounds=study_bounds, limits=limits
        )
    if not path.is_file():
        raise InputDataError(f"File {str(path)!r} was not found. Check the name and folder.")
    if suffix in OLD_WORKBOOK_SUFFIXES:
        raise InputDataError(
            f"{path.name} is a {suffix} workbook, which is not read. Open it in Excel or WPS "
            "and save it as .xlsx (Excel workbook) or 'CSV UTF-8', then try again."
        )
    if suffix not in TABLE_SUFFIXES | WORKBOOK_SUFFIXES:
        raise InputDataError(
            f"{path.name}: census totals are read from a table (.csv or .xlsx) or a boundary "
            "layer (.geojson, .gpkg, zipped .shp) with a population column, not from "
            f"{suffix or 'a file without extension'!r} files."
        )
    check_file_size(path, limits, path.name)
    if suffix in WORKBOOK_SUFFIXES:
        return read_census_workbook(path, limits, sheet=layer)
    return read_census_csv(path, limits)


__all__ = [
    "read_census",
]
