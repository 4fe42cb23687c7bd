"""How the report writes numbers: people, shares, minutes, coordinates, parameters.

One place, so that tests can format a value from ``summary.json`` exactly as
the report prints it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from servicecircle.i18n import t
from servicecircle.i18n.message import Message
from servicecircle.planning.naming import area_label
from servicecircle.report.strings import text


def number(value: Any) -> float | None:
    """``value`` as a finite float, else ``None`` (missing, NaN, text, booleans)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def fmt_people(value: Any) -> str:
    """``12345.4`` -> ``"12,345"``; missing -> ``"—"``."""
    x = number(value)
    return "—" if x is None else f"{x:,.0f}"


def fmt_share(value: Any, *, digits: int = 1) -> str:
    """``0.8734`` -> ``"87.3%"``; missing -> ``"—"``."""
    x = number(value)
    return "—" if x is None else f"{x:.{digits}%}"


def fmt_minutes(value: Any, lang: str = "zh") -> str:
    """``7.25`` -> ``"7.3"``; missing (unreachable) -> the language's word for it."""
    x = number(value)
    return text("value.unreachable", lang) if x is None else f"{x:.1f}"


def fmt_coord(value: Any) -> str:
    """Longitude / latitude with 5 decimals (about 1 m)."""
    x = number(value)
    return "—" if x is None else f"{x:.5f}"


def fmt_objective(value: Any, model: str | None) -> str:
    """Objective or bound: whole outlets for the fewest-outlets model, else one decimal."""
    x = number(value)
    if x is None:
        return "—"
    if model == "min_outlets":
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"
    return f"{x:,.1f}"


def fmt_parameter(value: Any) -> str:
    """A parameter value: ``33.0`` -> ``"33"``, ``0.8`` -> ``"0.8"``, ``28178`` -> ``"28,178"``."""
    x = number(value)
    if x is None:
        return "—" if value is None else str(value)
    if abs(x) >= 1000:
        return f"{x:,.0f}" if x.is_integer() else f"{x:,.1f}"
    return f"{round(x, 4):g}"


def fmt_minutes_key(value: float) -> str:
    """A break as written in labels: ``15.0`` -> ``"15"``, ``7.5`` -> ``"7.5"``."""
    return f"{value:g}"


def fmt_value(value: Any, lang: str) -> str:
    """Any JSON value as short text (a fallback for keys the report does not know)."""
    from servicecircle.report.strings import assumption_label

    if isinstance(value, bool):
        return text("value.yes" if value else "value.no", lang)
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, (int, float)):
        return fmt_parameter(value)
    if isinstance(value, Mapping):
        return "; ".join(
            f"{assumption_label(k, lang)}: {fmt_value(v, lang)}" for k, v in value.items()
        )
    if isinstance(value, (list, tuple)):
        return ", ".join(fmt_value(v, lang) for v in value) or "—"
    return "—" if value is None else str(value)


def is_blank(value: Any) -> bool:
    """True for ``None``, NaN and empty or whitespace-only text."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and (not value.strip() or value.strip().lower() == "nan")


def by_break(mapping: Any, minutes: float) -> Any:
    """Value of a mapping keyed by break (``"15"``, ``15``, ``"15.0"``); else ``None``."""
    if not isinstance(mapping, Mapping):
        return None
    candidates: list[Any] = [f"{minutes:g}", str(minutes), float(minutes)]
    if float(minutes).is_integer():
        candidates.append(int(minutes))
    for key in candidates:
        if key in mapping:
            return mapping[key]
    return None


#: A row of a report table: column name -> formatted text (or a list of texts, by break).
Row = dict[str, Any]


def name_text(value: object, lang: str) -> str:
    """A name as shown; blank -> the language's word for "unnamed".

    An area the planner left unnamed is said as its class and number (安置区 2;
    :func:`~servicecircle.planning.naming.area_label`).
    """
    return text("value.unnamed", lang) if is_blank(value) else area_label(value, lang)


def joined(values: Iterable[str], lang: str) -> str:
    """Texts joined with the language's list separator (``、`` or ``, ``)."""
    return t("list_sep", lang).join(values)


def blank_dash(value: object) -> str:
    """``value`` as text; blank -> ``"—"``."""
    return "—" if is_blank(value) else str(value)
