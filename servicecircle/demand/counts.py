"""People counts as planners write them in their layers' people columns."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from servicecircle._progress import Said
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.fields import FIELDS, field_column
from servicecircle.inputs.files.raw import SOURCE_ROWS_ATTR, describe_rows

PEOPLE_COLUMNS = FIELDS["people"]
"""Headers of a people column (people, 人口, 常住人口, ...: the shared
:data:`~servicecircle.inputs.fields.FIELDS`)."""


def people_column(frame: pd.DataFrame) -> str | None:
    """Name of the column holding people counts (``people``, ``人口``, ...), if any.

    Headers are compared as :func:`~servicecircle.inputs.fields.field_column`
    does: ``常住人口（人）``, ``Population`` and ``人　口`` are found.
    """
    return field_column(frame.columns, "people")


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?P<sep>[, '])\d{3}((?P=sep)\d{3})*(\.\d+)?$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _count_from(value: Any) -> float | None:
    """A people count from a cell: a number, or text like ``"1,200"``, ``"１２００"``, ``" 800 "``.

    Full-width characters are read as their ASCII forms; thousands separated by
    commas, spaces or apostrophes (``"1,200"``, ``"1 200"``) and a decimal point
    are accepted. Returns NaN for a blank cell and None for anything else
    (``"约800"``, ``"n/a"``, ``"1,5"``).
    """
    if isinstance(value, bool | np.bool_):
        return None
    if value is None or value is pd.NA or value is pd.NaT:
        return float("nan")
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        return None if np.isinf(number) else number
    text = unicodedata.normalize("NFKC", str(value)).replace("\u2212", "-").strip()
    if not text:
        return float("nan")
    if _THOUSANDS.match(text):
        text = re.sub(r"[, ']", "", text)
    return float(text) if _DECIMAL.match(text) else None


def people_counts(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Read a people column cell by cell (see :func:`_count_from`).

    Returns
    -------
    tuple of numpy.ndarray
        The counts (NaN where blank or unreadable), the blank cells and the
        unreadable ones.
    """
    parsed = [_count_from(v) for v in values.to_numpy(dtype=object)]
    unreadable = np.array([p is None for p in parsed], dtype=bool)
    counts = np.array([np.nan if p is None else p for p in parsed], dtype=float)
    blank = np.isnan(counts) & ~unreadable
    return counts, blank, unreadable


def _cells(values: pd.Series, at: np.ndarray) -> str:
    """Up to three of the cells at ``at``, quoted, for a message."""
    shown = [repr(str(v)[:20]) for v in values.to_numpy(dtype=object)[at[:3]]]
    return ", ".join(shown) + (", ..." if len(at) > 3 else "")


_LAYER_KEYS: dict[str, str] = {
    "demand points": "msg.demand.layer.demand_points",
    "relocation areas": "msg.demand.layer.relocation",
    "industrial areas": "msg.demand.layer.industrial",
}
"""Message keys of the layer names callers pass as text (the app's uploads)."""


def checked_people(
    frame: pd.DataFrame, column: str, *, what: Said, blank_allowed: bool
) -> np.ndarray:
    """The people counts of ``frame[column]``, or a message naming every bad row.

    Parameters
    ----------
    frame
        A planner's layer (from :func:`~servicecircle.inputs.files.read.read_layer`,
        which keeps the spreadsheet row numbers the messages give).
    column
        Its people column.
    what
        The layer as named in messages, e.g. ``"demand points"``.
    blank_allowed
        Whether an empty cell is allowed (it stays NaN).

    Raises
    ------
    InputDataError
        When a cell is not a number, is negative, or is empty while that is
        not allowed.
    """
    values = frame[column]
    counts, blank, unreadable = people_counts(values)
    negative = counts < 0
    problems: list[Said] = []
    for kind, wrong, quoted in (
        ("text", unreadable, True),
        ("negative", negative, True),
        ("blank", blank & (not blank_allowed), False),
    ):
        if wrong.any():
            at = np.flatnonzero(wrong)
            where = describe_rows(frame, at, hint=not problems)
            cells = _cells(values, at) if quoted else ""
            problems.append(msg(f"msg.demand.counts.{kind}", where=where, cells=cells))
    if problems:
        rows = frame.attrs.get(SOURCE_ROWS_ATTR)
        source = rows.get("source") if isinstance(rows, dict) else None
        key = "msg.demand.counts.bad_in" if source else "msg.demand.counts.bad"
        layer = msg(_LAYER_KEYS[what]) if isinstance(what, str) and what in _LAYER_KEYS else what
        raise InputDataError(msg(key, source=source, column=column, layer=layer, problems=problems))
    return counts
