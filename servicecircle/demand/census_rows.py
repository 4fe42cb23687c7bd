"""Census totals from a table's rows or a name -> population mapping.

:func:`totals_from_rows` finds the header (township, community, name and
population columns), reads the body, skips total rows and refuses repeated
units; :func:`census_from_mapping` takes ``{name: population}``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from servicecircle._progress import Said
from servicecircle.demand.census_headers import (
    CensusHeader,
    cell_text,
    find_header,
    is_total_row,
)
from servicecircle.demand.census_types import CensusTotals
from servicecircle.demand.counts import people_counts
from servicecircle.demand.file_places import at_key, at_row
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg


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
            msg("msg.demand.census.no_rows", source=source, column=header.population_name)
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
            msg("msg.demand.census.wide_rows", source=source, width=width, rows=shown)
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
    for kind, wrong in (("text", unreadable), ("negative", negative)):
        if wrong.any():
            at = np.flatnonzero(wrong)
            shown = [f"{numbers[i]} ({str(values.iloc[i])[:20]!r})" for i in at[:5]]
            more = "_more" if len(at) > 5 else ""
            problems.append(msg(f"msg.demand.census.bad_{kind}{more}", rows=shown))
    if problems:
        raise InputDataError(
            msg(
                "msg.demand.census.bad_population",
                source=source,
                column=header.population_name,
                problems=problems,
            )
        )
    return counts, blank


def _records(
    body: list[list[Any]],
    numbers: list[int],
    counts: np.ndarray,
    blank: np.ndarray,
    header: CensusHeader,
    source: str,
) -> tuple[list[dict[str, Any]], list[Said]]:
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
                "where": at_row(source, number),
            }
        )
    notes: list[Said] = []
    if filled_down:
        notes.append(msg("msg.demand.census.filled_down", source=source, count=filled_down))
    if skipped_totals:
        shown = [str(n) for n in skipped_totals[:5]]
        notes.append(msg("msg.demand.census.total_rows", source=source, rows=shown))
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
            rows = [frame["where"].iloc[i] for i in (seen[key], position)]
            shown = "/".join(v for v in key if v)
            raise InputDataError(
                msg("msg.demand.census.repeated", source=source, name=shown, rows=rows)
            )
        seen[key] = position


# --------------------------------------------------------------------------- CSV


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
                "where": at_key(source, str(key)),
            }
        )
    return CensusTotals(rows=_frame(records), source=source)
