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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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
    CensusHeader,
    cell_text,
    column_of,
    find_header,
    header_key,
    is_total_row,
    population_columns,
)
from servicecircle.demand.counts import people_counts
from servicecircle.errors import InputDataError
from servicecircle.limits import Limits, current_limits
from servicecircle.sources.size_checks import check_feature_count, check_file_size

TABLE_SUFFIXES: Final = frozenset({".csv", ".txt", ".tsv"})
WORKBOOK_SUFFIXES: Final = frozenset({".xlsx", ".xlsm"})
OLD_WORKBOOK_SUFFIXES: Final = frozenset({".xls", ".et", ".ods", ".numbers"})
LAYER_SUFFIXES: Final = frozenset({".geojson", ".json", ".gpkg", ".zip", ".shp"})


_MAX_COLUMNS: Final = 200


@dataclass(frozen=True, eq=False)
class CensusTotals:
    """Census totals as read, before they are matched to the study area's units.

    Attributes
    ----------
    rows
        One row per total: ``township``, ``community``, ``name`` (a unit named
        without saying its level), ``population`` (float) and ``where`` (the
        row as the planner finds it: "census.csv row 5"). For a boundary layer
        also ``geometry`` (WGS-84), and the names are labels only.
    source
        The file's name.
    column
        The population column used.
    notes
        What was assumed while reading (column chosen, rows skipped).
    """

    rows: pd.DataFrame
    source: str
    column: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def spatial(self) -> bool:
        """True when the totals come with their polygons (a boundary layer)."""
        return isinstance(self.rows, gpd.GeoDataFrame)

    def __len__(self) -> int:
        return len(self.rows)


def totals_from_rows(
    rows: Sequence[Sequence[Any]], *, source: str, first_row: int = 1
) -> CensusTotals:
    """Census totals from the cells of a table (a header row, then one row per unit).

    Parameters
    ----------
    rows
        The table's rows as read (cells as text or numbers).
    source
        The file's name, for messages.
    first_row
        The spreadsheet row number of ``rows[0]``.

    Raises
    ------
    InputDataError
        When no header is found, a population cell is not a number or is
        negative, or a unit is given twice (the rows are named).
    """
    header = find_header(rows, source)
    body, numbers = _body(rows, header, source, first_row)
    counts, blank = _population_counts(body, numbers, header, source)
    records, notes = _records(body, numbers, counts, blank, header, source)
    frame = _frame(records)
    _refuse_repeats(frame, source)
    if len(frame) == 0:
        raise InputDataError(
            f"{source}: no row has both a unit name and a population. Fill in the "
            f"{header.population_name!r} column (if it holds formulas, open the file in Excel "
            "or WPS and save it, so that their values are stored) and try again."
        )
    return CensusTotals(
        rows=frame,
        source=source,
        column=header.population_name,
        notes=(*header.notes, *notes),
    )


def _cell(row: list[Any], at: int | None) -> Any:
    """The cell of ``row`` in column ``at`` (None for no column or a short row)."""
    return row[at] if at is not None and at < len(row) else None


def _body(
    rows: Sequence[Sequence[Any]], header: CensusHeader, source: str, first_row: int
) -> tuple[list[list[Any]], list[int]]:
    """The rows below the header and their spreadsheet numbers; refuse rows wider than it."""
    body = [list(r) for r in rows[header.row + 1 :]]
    numbers = [header.row + 1 + first_row + i for i in range(len(body))]
    width = max(i + 1 for i, c in enumerate(rows[header.row]) if cell_text(c) is not None)
    long_rows = [
        n for r, n in zip(body, numbers, strict=True) if any(cell_text(c) for c in r[width:])
    ]
    if long_rows:
        shown = ", ".join(str(n) for n in long_rows[:5])
        raise InputDataError(
            f"{source}: more filled cells than the header has columns ({width}) in row "
            f"{shown} (row numbers as Excel shows them). Add the missing column names, or "
            "remove the extra cells (often a number written 1,500 without quotes), and try "
            "again."
        )
    return body, numbers


def _population_counts(
    body: list[list[Any]], numbers: list[int], header: CensusHeader, source: str
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's population and whether it is blank; refuse text and negative numbers."""
    values = pd.Series([_cell(r, header.population) for r in body], dtype=object)
    counts, blank, unreadable = people_counts(values)
    negative = counts < 0
    problems = []
    for kind, wrong in (("text that is not a number", unreadable), ("a negative number", negative)):
        if wrong.any():
            at = np.flatnonzero(wrong)
            shown = ", ".join(f"row {numbers[i]} ({str(values.iloc[i])[:20]!r})" for i in at[:5])
            problems.append(f"{kind} in {shown}" + (" and more" if len(at) > 5 else ""))
    if problems:
        raise InputDataError(
            f"{source}: the population column {header.population_name!r} has "
            + "; ".join(problems)
            + " (row numbers as Excel shows them). Write each total as a number such as "
            "12345 or 12,345, or delete those rows, and try again."
        )
    return counts, blank


def _records(
    body: list[list[Any]],
    numbers: list[int],
    counts: np.ndarray,
    blank: np.ndarray,
    header: CensusHeader,
    source: str,
) -> tuple[list[dict[str, Any]], list[str]]:
    """One record per unit row (merged township cells filled down, total rows skipped), notes."""
    records: list[dict[str, Any]] = []
    skipped_totals: list[int] = []
    filled_down = 0
    last_township: str | None = None
    for row, number, count, empty in zip(body, numbers, counts, blank, strict=True):
        township = cell_text(_cell(row, header.township))
        community = cell_text(_cell(row, header.community))
        name = cell_text(_cell(row, header.name))
        if header.township is not None and header.community is not None:
            if township is None and community is not None and last_township is not None:
                township, filled_down = last_township, filled_down + 1  # merged cells
            if township is not None:
                last_township = township
        if is_total_row(community) and township is not None and not is_total_row(township):
            community = None  # "小计" under a township: the township's total
        if any(is_total_row(v) for v in (township, community, name)):
            skipped_totals.append(number)
            continue
        if (township is None and community is None and name is None) or empty:
            continue
        records.append(
            {
                "township": township,
                "community": community,
                "name": name if township is None and community is None else None,
                "population": float(count),
                "where": f"{source} row {number}",
            }
        )
    notes = []
    if filled_down:
        notes.append(
            f"{source}: {filled_down} rows name a community but no township; each takes the "
            "township of the row above (merged cells)."
        )
    if skipped_totals:
        shown = ", ".join(str(n) for n in skipped_totals[:5])
        notes.append(f"{source}: total rows skipped (row {shown}).")
    return records, notes


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """The rows of :attr:`CensusTotals.rows` (names as text or None, never NaN)."""
    columns: dict[str, Any] = {
        key: pd.Series([r[key] for r in records], dtype=object)
        for key in ("township", "community", "name", "where")
    }
    columns["population"] = np.array([r["population"] for r in records], dtype=float)
    return pd.DataFrame(columns)[["township", "community", "name", "population", "where"]]


def _refuse_repeats(frame: pd.DataFrame, source: str) -> None:
    keys = [
        tuple(v or "" for v in row)
        for row in frame[["township", "community", "name"]].itertuples(index=False)
    ]
    seen: dict[tuple[str, ...], int] = {}
    for position, key in enumerate(keys):
        if key in seen:
            rows = [str(frame["where"].iloc[i]) for i in (seen[key], position)]
            shown = "/".join(v for v in key if v)
            raise InputDataError(
                f"{source}: {shown!r} is given more than once ({', '.join(rows)}). Keep one row "
                "per unit (add the township column when two townships have a community of the "
                "same name) and try again."
            )
        seen[key] = position


# --------------------------------------------------------------------------- CSV


def _sniff(text: str) -> str:
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    counts = {sep: sum(line.count(sep) for line in lines) for sep in (",", "\t", ";", "|", "，")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def read_census_csv(path: Path, limits: Limits) -> CensusTotals:
    """Census totals from a CSV file (UTF-8, BOM, GBK/GB18030 or UTF-16)."""
    # one decoder for every planner's CSV
    from servicecircle.sources.files.tabular import decode_text

    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
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
    from servicecircle.sources.files.read import read_layer

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
        For a boundary layer, as in :func:`~servicecircle.sources.files.read.read_layer`.
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


def census_from_mapping(census: Mapping[str, float], *, source: str = "census") -> CensusTotals:
    """Census totals from ``{name: population}``; ``"城关镇/新村"`` names a community in a township.

    A bare name may be a township or a community (whichever the study area has).
    """
    records = []
    for key, value in census.items():
        township, slash, community = str(key).partition("/")
        records.append(
            {
                "township": township.strip() if slash else None,
                "community": community.strip() if slash else None,
                "name": None if slash else str(key).strip(),
                "population": float(value),
                "where": f"{source} {key!r}",
            }
        )
    return CensusTotals(rows=_frame(records), source=source)


__all__ = [
    "CensusTotals",
    "census_from_mapping",
    "read_census",
    "totals_from_rows",
]
