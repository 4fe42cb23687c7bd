"""Argparse value types: numbers in a range and the ``--minutes`` breaks, said when wrong."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from servicecircle._progress import Said
from servicecircle.cli.language import said
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import Message, msg

#: The longest break --minutes accepts (a service circle of four hours is no circle).
MAX_MINUTES = 240.0
#: The fastest --speed accepts, in km/h.
MAX_SPEED_KMH = 200.0


def parse_breaks(text: str) -> tuple[float, ...]:
    """The minutes of ``--minutes`` as numbers.

    >>> parse_breaks("5, 10,15,")
    (5.0, 10.0, 15.0)

    Raises
    ------
    InputDataError
        When a part is not a number.
    """
    try:
        return tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError as error:
        raise InputDataError(msg("msg.cli.bad_minutes", text=text)) from error


def _range_text(low: float, high: float | None, *, low_included: bool, unit: Said) -> Message:
    """The allowed range in words (a message).

    >>> str(_range_text(0, 200, low_included=False, unit=msg("msg.cli.unit.kmh")))
    'more than 0 and at most 200 km/h'
    >>> _range_text(1, None, low_included=True, unit="").text("zh")
    '不少于 1'
    """
    lower = msg("msg.cli.range.at_least" if low_included else "msg.cli.range.more_than", low=low)
    upper: Said = msg("msg.cli.range.at_most", high=high) if high is not None else ""
    return msg("msg.cli.range", lower=lower, upper=upper, unit=unit)


def number_in(
    low: float,
    high: float | None = None,
    *,
    low_included: bool = False,
    whole: bool = False,
    unit: Said = "",
    kind: Said | None = None,
) -> Callable[[str], float]:
    """An argparse ``type`` that accepts a finite number in a range and says the range otherwise.

    Parameters
    ----------
    low, high
        The range; ``high=None`` for no upper limit (always included).
    low_included
        Whether ``low`` itself is allowed (else only numbers above it).
    whole
        Only whole numbers (the value is returned as ``int``).
    unit
        Shown after the range, e.g. ``msg("msg.cli.unit.kmh")`` (" km/h").
    kind
        What the value is, for the message (default a number / a whole number).
    """
    allowed = _range_text(low, high, low_included=low_included, unit=unit)
    what = kind or msg("msg.cli.kind.whole" if whole else "msg.cli.kind.number")

    def parse(text: str) -> float:
        wrong = msg("msg.cli.out_of_range", kind=what, allowed=allowed, text=text)
        try:
            value = float(text)
        except ValueError:
            raise _said_type_error(
                msg("msg.cli.not_number", kind=what, allowed=allowed, text=text)
            ) from None
        below = value < low or (value == low and not low_included)
        if not math.isfinite(value) or below or (high is not None and value > high):
            raise _said_type_error(wrong)
        if whole:
            if not value.is_integer():
                raise _said_type_error(wrong)
            return int(value)
        return value

    parse.__name__ = "whole number" if whole else "number"
    return parse


def minutes_list(text: str) -> str:
    """An argparse ``type`` for ``--minutes``: ascending minutes above 0 (kept as written)."""
    try:
        values = parse_breaks(text)
    except InputDataError:
        raise _said_type_error(
            msg("msg.cli.minutes_not_list", text=text, most=MAX_MINUTES)
        ) from None
    if not values:
        raise _said_type_error(msg("msg.cli.minutes_none"))
    wrong = [v for v in values if not (math.isfinite(v) and 0 < v <= MAX_MINUTES)]
    if wrong:
        shown = [f"{v:g}" for v in wrong]
        raise _said_type_error(msg("msg.cli.minutes_out_of_range", most=MAX_MINUTES, wrong=shown))
    if list(values) != sorted(set(values)):
        raise _said_type_error(msg("msg.cli.minutes_not_ascending", text=text))
    return text


def _said_type_error(message: Message) -> argparse.ArgumentTypeError:
    """An argparse error saying ``message`` in the command line's language (set before parsing)."""
    return argparse.ArgumentTypeError(said(message))
