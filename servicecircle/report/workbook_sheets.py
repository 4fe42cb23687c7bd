"""One sheet of the handover workbook: typed cells, a bold frozen header, column widths.

People are whole numbers (``#,##0``), shares 0-1 values shown as ``0.0%``,
coordinates with 6 decimals; a column is as wide as its widest cell (CJK
characters count twice), up to :data:`MAX_WIDTH`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from servicecircle.report.formatting import is_blank, number

#: How a cell's value is shown: text, whole people, a 0-1 share, a decimal, a coordinate,
#: an index between 0 and 1 with three decimals (a Gini coefficient).
Kind = Literal["text", "people", "share", "decimal", "coord", "index"]

NUMBER_FORMATS: dict[Kind, str] = {
    "text": "@",
    "people": "#,##0",
    "share": "0.0%",
    "decimal": "0.0",
    "coord": "0.000000",
    "index": "0.000",
}

#: Widest column, in characters.
MAX_WIDTH = 60

_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its header and how its cells are shown."""

    header: str
    kind: Kind = "text"


Cell = str | float | int | None


def display_width(value: object) -> int:
    """Characters a cell needs: wide (CJK) characters count twice.

    >>> display_width("覆盖率"), display_width("Share")
    (6, 5)
    """
    shown = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in shown)


def _cell_value(value: Cell, kind: Kind) -> Cell:
    if kind == "text":
        return None if value is None or is_blank(value) else str(value)
    x = number(value)
    if x is None:
        return None
    return round(x) if kind == "people" else x


def _shown(value: Cell, kind: Kind) -> str:
    """About what Excel shows for a cell (to size its column)."""
    if value is None:
        return ""
    if kind == "people" and isinstance(value, int | float):
        return f"{value:,.0f}"
    if kind == "share" and isinstance(value, int | float):
        return f"{value:.1%}"
    return str(value)


def write_sheet(
    book: Workbook,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    *,
    kinds: Sequence[Sequence[Kind]] | None = None,
) -> Worksheet:
    """Add a sheet: bold frozen header row, typed cells, set column widths.

    ``kinds`` gives each cell's kind when a column mixes kinds (the summary);
    else each column's kind is used.
    """
    sheet = book.create_sheet(title=title[:31])
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    widths = [display_width(c.header) for c in columns]
    for r, row in enumerate(rows):
        cell_kinds = kinds[r] if kinds is not None else [c.kind for c in columns]
        values = [_cell_value(v, k) for v, k in zip(row, cell_kinds, strict=True)]
        sheet.append(values)
        for i, (value, kind) in enumerate(zip(values, cell_kinds, strict=True)):
            cell = sheet.cell(row=r + 2, column=i + 1)
            cell.number_format = NUMBER_FORMATS[kind]
            widths[i] = max(widths[i], display_width(_shown(value, kind)))
    for i, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(i + 1)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    return sheet
