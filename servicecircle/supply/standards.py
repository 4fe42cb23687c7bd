"""The standards table: each outlet type's tier, travel mode and minutes, staff and days open.

The table extends the outlet types (:class:`~servicecircle.supply.outlets.OutletType`):
a planner gives it as a TOML or CSV file (``--standards FILE``; UTF-8 or GBK,
Chinese headers 类型/层级/出行方式/时间（分钟）/人员/每名人员服务人口/开放天数)
or edits it in the app's outlet-types table. Rows override the defaults
(:data:`~servicecircle.supply.outlets.DEFAULT_OUTLET_TYPES`) of the same
type; types the file does not name keep their defaults; a type that is no
default is a new type under the name written.

Cells are read in the planner's words: a tier as 县级/街道（乡镇）/社区（村）
(or county/township/community), a mode as 步行/自行车/电动自行车/驾车 (or its
key). Blank cells keep the type's default; a row giving 人员 without
每名人员服务人口 makes the staff a fixed number. Every bad cell is listed with
its row and what to write instead (the cells are read by
:mod:`servicecircle.supply.cells`).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Final

import pandas as pd

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import Message, msg
from servicecircle.inputs.fields import outlet_type_of
from servicecircle.inputs.files.columns import normalise_name
from servicecircle.inputs.files.tabular import decode_text, sniff_delimiter, table_from_text
from servicecircle.supply.cells import mode_of, number_of, tier_of
from servicecircle.supply.outlets import DEFAULT_OUTLET_TYPES, OutletType

STANDARD_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {
    "type": ("type", "outlet_type", "name", "类型", "网点类型", "名称"),
    "tier": ("tier", "层级", "级别", "网点层级"),
    "mode": ("mode", "出行方式", "交通方式", "方式"),
    "minutes": ("minutes", "时间（分钟）", "时间", "分钟", "服务时间", "标准时间"),
    "staff": ("staff", "人员", "人员数", "工作人员数", "工作人员"),
    "residents_per_staff": ("residents_per_staff", "每名人员服务人口", "每人服务人口"),
    "opening_days": ("opening_days", "开放天数", "每周开放天数", "开放日"),
}
"""Field of the standards table -> its headers (English keys and Chinese names)."""


def _column(columns: list[str], field: str) -> str | None:
    wanted = {normalise_name(word) for word in STANDARD_COLUMNS[field]}
    for column in columns:
        if normalise_name(column) in wanted:
            return column
    return None


def _row_values(row: Mapping[str, object], base: OutletType) -> tuple[OutletType, list[Message]]:
    """The type of one row (blank cells keep ``base``'s values) and what is wrong in it."""
    problems: list[Message] = []
    changes: dict[str, object] = {}
    if (cell := row.get("tier")) not in (None, ""):
        tier = tier_of(cell)
        if tier is None:
            problems.append(msg("msg.standards.bad_tier_cell", value=str(cell)))
        changes["tier"] = tier or base.tier
    if (cell := row.get("mode")) not in (None, ""):
        mode = mode_of(cell)
        if mode is None:
            problems.append(msg("msg.standards.bad_mode_cell", value=str(cell)))
        changes["mode"] = mode or base.mode
    limits = {
        "minutes": (0.0, 600.0),
        "staff": (0.0, 10_000.0),
        "residents_per_staff": (0.0, 10_000_000.0),
        "opening_days": (0.0, 7.0),
    }
    for field, (low, high) in limits.items():
        number = number_of(row.get(field))
        if number is None:
            continue
        if math.isnan(number) or not low < number <= high:
            problems.append(
                msg(f"msg.standards.bad_{field}_cell", value=str(row.get(field)), high=f"{high:g}")
            )
            continue
        changes[field] = number
    if "staff" in changes and "residents_per_staff" not in changes:
        changes["residents_per_staff"] = None
    if problems:
        return base, problems
    return replace(base, **changes), problems  # type: ignore[arg-type]


def standards_from_rows(
    rows: Sequence[Mapping[str, object]],
    *,
    source: str,
    defaults: Mapping[str, OutletType] = DEFAULT_OUTLET_TYPES,
    first_row: int = 2,
) -> dict[str, OutletType]:
    """The outlet types of a standards table given as rows of field -> cell.

    Parameters
    ----------
    rows
        One mapping per row, keys of :data:`STANDARD_COLUMNS` (``type``, ``tier``, ...).
    source
        The file's name, for the messages.
    defaults
        The types the rows override (kept when the rows do not name them).
    first_row
        The number the planner sees on the first row (2 in a spreadsheet with a header).

    Raises
    ------
    InputDataError
        Listing every bad row with its number and what is wrong.
    """
    types = dict(defaults)
    problems: list[Message] = []
    for number, row in enumerate(rows, start=first_row):
        name = str(row.get("type") or "").strip()
        if not name or name == "nan":
            if any(str(v or "").strip() for v in row.values()):
                problems.append(
                    msg("msg.standards.row", row=number, problem=msg("msg.standards.no_type"))
                )
            continue
        key = outlet_type_of(name, list(defaults)) or name
        base = types.get(key, OutletType(key))
        kind, wrong = _row_values(row, replace(base, name=key))
        problems.extend(msg("msg.standards.row", row=number, problem=p) for p in wrong)
        types[key] = kind
    if problems:
        raise InputDataError(msg("msg.standards.bad_rows", file=source, rows=problems[:10]))
    return types


def _toml_rows(text: str, source: str) -> list[Mapping[str, object]]:
    """Rows of a TOML standards file: ``[[type]]`` tables or ``[types.<key>]`` tables."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputDataError(msg("msg.standards.bad_toml", file=source, detail=str(exc))) from exc
    listed = data.get("type", [])
    keyed = data.get("types", {})
    if not isinstance(listed, list) or not isinstance(keyed, dict) or not (listed or keyed):
        raise InputDataError(msg("msg.standards.toml_shape", file=source))
    rows = [dict(row) for row in listed if isinstance(row, dict)]
    rows += [{"type": key, **value} for key, value in keyed.items() if isinstance(value, dict)]
    return [_renamed(row) for row in rows]


def _renamed(row: Mapping[str, object]) -> dict[str, object]:
    """A row with its keys (English or Chinese) as fields of :data:`STANDARD_COLUMNS`."""
    out: dict[str, object] = {}
    for key, value in row.items():
        field = _column_field(str(key))
        if field is not None:
            out[field] = value
    return out


def _column_field(header: str) -> str | None:
    for field in STANDARD_COLUMNS:
        if _column([header], field) is not None:
            return field
    return None


def standards_from_table(frame: pd.DataFrame, *, source: str) -> dict[str, OutletType]:
    """The outlet types of a standards table with a header row (CSV or the app's editor).

    Raises
    ------
    InputDataError
        When no column names the type (类型), or for bad rows.
    """
    columns = [str(c) for c in frame.columns]
    found = {field: _column(columns, field) for field in STANDARD_COLUMNS}
    if found["type"] is None:
        raise InputDataError(msg("msg.standards.no_type_column", file=source, columns=columns))
    rows = [
        {field: record[column] for field, column in found.items() if column is not None}
        for record in frame.to_dict("records")
    ]
    return standards_from_rows(rows, source=source)


def standards_from_file(path: str | Path) -> dict[str, OutletType]:
    """The outlet types of a standards file: TOML (``.toml``) or CSV (UTF-8 or GBK).

    A TOML file holds one ``[[type]]`` table per type (keys as the CSV headers,
    English or Chinese) or ``[types.<key>]`` tables. The types are the
    defaults with the file's rows applied.

    Raises
    ------
    InputDataError
        When the file cannot be read, or for bad rows (listed with their numbers).
    """
    file = Path(path)
    if not file.is_file():
        raise InputDataError(msg("msg.standards.missing", file=str(path)))
    text, _ = decode_text(file.read_bytes(), file.name)
    if file.suffix.lower() == ".toml":
        return standards_from_rows(_toml_rows(text, file.name), source=file.name, first_row=1)
    frame = table_from_text(text, sniff_delimiter(text), file.name)
    return standards_from_table(frame, source=file.name)


__all__ = [
    "STANDARD_COLUMNS",
    "standards_from_file",
    "standards_from_rows",
    "standards_from_table",
]
