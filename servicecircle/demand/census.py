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

from servicecircle._progress import Said
from servicecircle.demand.census_headers import (
    HEADER_SEARCH_ROWS,
    area_labels,
    header_key,
    population_columns,
)
from servicecircle.demand.census_rows import totals_from_rows
from servicecircle.demand.census_types import CensusTotals
from servicecircle.demand.counts import people_counts
from servicecircle.demand.file_places import at_row, sheet_source
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
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
        raise InputDataError(msg("msg.demand.census.workbook_as_csv", file=path.name))
    check_feature_count(max(data.count(b"\n") - 1, 0), limits, path.name)
    text, _ = decode_text(data, path.name)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_sniff(text)))
    except csv.Error as error:
        raise InputDataError(
            msg("msg.demand.census.unreadable_csv", file=path.name, detail=str(error))
        ) from error
    return totals_from_rows([r[:_MAX_COLUMNS] for r in rows], source=path.name)


# --------------------------------------------------------------------------- XLSX

_XML_DECLARATIONS: Final = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def check_workbook(path: Path, limits: Limits) -> None:
    """A zip whose parts unpack within the limit and declare no XML entities."""
    if not zipfile.is_zipfile(path):
        head = path.read_bytes()[:8]
        old = head.startswith(b"\xd0\xcf\x11\xe0")
        key = "msg.demand.census.old_xls_renamed" if old else "msg.demand.census.not_xlsx"
        raise InputDataError(msg(key, file=path.name))
    budget = int(limits.inflated_mb * 2**20)
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        if total > budget:
            raise limits.exceeded(
                "inflated_mb", msg("msg.demand.census.unpacks_to", file=path.name, mb=total / 2**20)
            )
        for member in members:
            if member.filename.lower().endswith((".xml", ".rels", ".vml")):
                with archive.open(member) as part:
                    if _XML_DECLARATIONS.search(part.read()):
                        raise InputDataError(
                            msg(
                                "msg.demand.census.xml_entities",
                                file=path.name,
                                part=member.filename,
                            )
                        )


def read_census_workbook(path: Path, limits: Limits, sheet: str | None = None) -> CensusTotals:
    """Census totals from an ``.xlsx`` workbook: its saved values, read-only.

    The sheet ``sheet``, else the first sheet that holds a census header.
    """
    import openpyxl

    check_workbook(path, limits)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl reports damaged files with many types
        raise InputDataError(
            msg("msg.demand.census.unreadable_xlsx", file=path.name, detail=type(error).__name__)
        ) from error
    try:
        names = list(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise InputDataError(
                msg(
                    "msg.demand.census.no_sheet",
                    file=path.name,
                    sheet=sheet,
                    sheets=[repr(n) for n in names],
                )
            )
        failures: list[str] = []
        for name in [sheet] if sheet is not None else names:
            rows: list[tuple[Any, ...]] = []
            for row in book[name].iter_rows(max_col=_MAX_COLUMNS, values_only=True):
                rows.append(row)
                if len(rows) > limits.features + 1:
                    check_feature_count(len(rows), limits, sheet_source(path.name, name))
            shown = path.name if len(names) == 1 else sheet_source(path.name, name)
            try:
                totals = totals_from_rows(rows, source=shown)
            except InputDataError as error:
                said = error.args[0] if error.args else None
                if sheet is not None or getattr(said, "key", "") != "msg.demand.census.no_header":
                    raise
                failures.append(name)
                continue
            notes = totals.notes
            if failures:
                used = msg(
                    "msg.demand.census.sheet_used", file=path.name, sheet=name, sheets=len(names)
                )
                notes = (used, *notes)
            return CensusTotals(totals.rows, source=shown, column=totals.column, notes=notes)
    finally:
        book.close()
    raise InputDataError(
        msg("msg.demand.census.no_header_sheets", file=path.name, sheets=[repr(n) for n in names])
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
            msg(
                "msg.demand.census.no_population_column",
                file=path.name,
                columns=[repr(c) for c in columns],
            )
        )
    notes: list[Said] = list(loaded.notes)
    if "resident" in populations and "registered" in populations:
        notes.append(
            msg(
                "msg.demand.census.both_columns",
                file=path.name,
                resident=columns[populations["resident"]],
                registered=columns[populations["registered"]],
            )
        )
    column = columns[chosen]
    counts, blank, unreadable = people_counts(frame[column])
    wrong = unreadable | (counts < 0)
    if wrong.any():
        at = np.flatnonzero(wrong)
        shown = [f"{i + 1} ({str(frame[column].iloc[i])[:20]!r})" for i in at[:5]]
        raise InputDataError(
            msg("msg.demand.census.layer_not_counts", file=path.name, column=column, features=shown)
        )
    labels = area_labels(frame, columns)
    keep = ~blank
    if blank.any():
        notes.append(msg("msg.demand.census.blank_areas", file=path.name, count=int(blank.sum())))
    rows = gpd.GeoDataFrame(
        {
            "township": pd.Series([None] * int(keep.sum()), dtype=object),
            "community": pd.Series([None] * int(keep.sum()), dtype=object),
            "name": pd.Series(np.asarray(labels, dtype=object)[keep], dtype=object),
            "population": counts[keep],
            "where": [at_row(path.name, int(i) + 1, "feature") for i in np.flatnonzero(keep)],
        },
        geometry=frame.geometry.to_numpy()[keep],
        crs=frame.crs,
    )
    return CensusTotals(rows=rows, source=path.name, column=column, notes=tuple(notes))


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
        raise InputDataError(msg("msg.demand.file_not_found", file=str(path)))
    if suffix in OLD_WORKBOOK_SUFFIXES:
        raise InputDataError(msg("msg.demand.census.old_workbook", file=path.name, suffix=suffix))
    if suffix not in TABLE_SUFFIXES | WORKBOOK_SUFFIXES:
        kind: Said = repr(suffix) if suffix else msg("msg.demand.census.no_extension")
        raise InputDataError(msg("msg.demand.census.wrong_kind", file=path.name, kind=kind))
    check_file_size(path, limits, path.name)
    if suffix in WORKBOOK_SUFFIXES:
        return read_census_workbook(path, limits, sheet=layer)
    return read_census_csv(path, limits)


__all__ = [
    "read_census",
]
