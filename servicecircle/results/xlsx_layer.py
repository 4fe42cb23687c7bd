"""Layers as Excel sheets: one sheet per layer, frozen header, widths, numbers formatted.

People are whole numbers with thousands separators, shares are percentages
(the value is the fraction, shown as ``78.26%``, so sums and charts work),
minutes and metres keep their decimals; points are longitude/latitude (or
X/Y) columns, polygons a point inside and their area (see
:func:`servicecircle.results.csv_layer.table_of`); no geometry otherwise.
Text starting with ``=`` is stored as text, never as a formula.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from servicecircle.results.csv_layer import EXCEL_CELL_LIMIT, cut_long_text
from servicecircle.results.field_names import Field

#: Number format of each kind of column.
NUMBER_FORMATS = {
    "people": "#,##0",
    "count": "#,##0",
    "rank": "0",
    "id": "0",
    "share": "0.00%",
    "minutes": "0.00",
    "metres": "#,##0.0",
}
_COORDINATE_FORMAT = "0.0000000"
_MAX_WIDTH = 60
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, its table and the field of each column.

    Attributes
    ----------
    name
        The sheet's name (cut to 31 characters and cleaned when written).
    table
        The table (see :func:`~servicecircle.results.csv_layer.table_of`).
    fields
        One :class:`~servicecircle.results.field_names.Field` per column.
    percent
        True when share columns hold percentages (78.26), False for fractions (0.7826).
    """

    name: str
    table: pd.DataFrame
    fields: Sequence[Field]
    percent: bool = True


def sheet_title(name: str, taken: set[str]) -> str:
    r"""A valid, unique sheet name: no ``[]:*?/\``, at most 31 characters.

    >>> sheet_title("各街道/社区覆盖率", set()), sheet_title("a" * 40, {"a" * 31})
    ('各街道_社区覆盖率', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa_2')
    """
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "Sheet"
    candidate, i = base[:31], 2
    while candidate.lower() in {t.lower() for t in taken}:
        tail = f"_{i}"
        candidate, i = base[: 31 - len(tail)] + tail, i + 1
    taken.add(candidate)
    return candidate


def write_workbook(sheets: Sequence[Sheet], path: Path) -> None:
    """Write ``sheets`` into a new workbook at ``path`` (write-only: large layers fit)."""
    book = Workbook(write_only=True)
    taken: set[str] = set()
    for sheet in sheets:
        sheet_out = book.create_sheet(sheet_title(sheet.name, taken))
        _write_sheet(sheet_out, sheet)
    if not sheets:
        book.create_sheet("Sheet")
    book.save(path)


def _display_width(value: Any) -> int:
    text = str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _formats(sheet: Sheet) -> list[str | None]:
    formats: list[str | None] = []
    for column, field in zip(sheet.table.columns, sheet.fields, strict=True):
        values = sheet.table[column]
        if not pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(
            values.dtype
        ):
            formats.append(None)
        elif field.column in {"lon", "lat", "rep_lon", "rep_lat"}:
            formats.append(_COORDINATE_FORMAT)
        else:
            formats.append(NUMBER_FORMATS.get(field.kind, "General"))
    return formats


def _write_sheet(out: Worksheet, sheet: Sheet) -> None:
    table = cut_long_text(sheet.table, EXCEL_CELL_LIMIT)
    formats = _formats(sheet)
    shares = [f.kind == "share" and sheet.percent for f in sheet.fields]
    widths = [_display_width(c) for c in table.columns]
    sample = table.head(500)
    for i, column in enumerate(table.columns):
        shown = sample[column].dropna().map(_display_width)
        widths[i] = max(widths[i], int(shown.max()) if len(shown) else 0)
        if formats[i] is not None:
            widths[i] = max(widths[i], 10)
        out.column_dimensions[get_column_letter(i + 1)].width = min(widths[i] + 2, _MAX_WIDTH)
    out.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in table.columns:
        cell = WriteOnlyCell(out, value=str(name))
        cell.font = bold
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    out.append(header)
    columns = [table[c].to_numpy(dtype=object) for c in table.columns]
    for row in range(len(table)):
        out.append(
            [_cell(out, columns[i][row], formats[i], shares[i]) for i in range(len(columns))]
        )
    if len(table.columns):
        out.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table) + 1}"


def _cell(out: Worksheet, value: Any, number_format: str | None, share: bool) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (np.integer, np.floating)):
        value = value.item()
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        cell = WriteOnlyCell(out, value=value / 100 if share else value)
        if number_format is not None:
            cell.number_format = number_format
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(out, value=value)
        if value.startswith("="):
            cell.data_type = "s"  # text, not a formula
        return cell
    return str(value)
