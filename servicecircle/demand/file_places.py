"""Where a planner finds a row of a census or key-groups file, said in the planner's language.

A census total or a key group's row keeps *where* it was read as a
:class:`~servicecircle.i18n.message.Message` (the file and the row, feature or
entry number), never as English text, so that a message, the census audit and
the report say "人口.csv 第 5 行" in Chinese and "人口.csv row 5" in English.
A workbook's sheet is named in the source as ``file [sheet]`` in both languages.

>>> from servicecircle.i18n.message import say
>>> say(at_row("人口.csv", 5), "zh"), say(at_row("人口.csv", 5), "en")
('人口.csv 第 5 行', '人口.csv row 5')
>>> say(at_row("areas.gpkg", 2, "feature"), "zh")
'areas.gpkg 第 2 个要素'
>>> sheet_source("人口.xlsx", "2020")
'人口.xlsx [2020]'
"""

from __future__ import annotations

from typing import Final, Literal

from servicecircle.i18n.message import Message, msg

__all__ = ["at_key", "at_row", "number_label", "sheet_source"]

PlaceUnit = Literal["row", "feature"]

_KEYS: Final[dict[str, str]] = {
    "row": "msg.demand.place.row",
    "feature": "msg.demand.place.feature",
}


def at_row(source: str, number: int, unit: PlaceUnit = "row") -> Message:
    """Where row ``number`` of a table (or feature ``number`` of a layer) of ``source`` is.

    Rows are numbered as the spreadsheet shows them, features from 1 in file order.
    """
    return msg(_KEYS[unit], source=source, row=int(number))


def at_key(source: str, key: str) -> Message:
    """Where an entry of a ``{name: population}`` mapping is: its source and its name."""
    return msg("msg.demand.place.key", source=source, key=key)


def sheet_source(file: str, sheet: str) -> str:
    """The source name of one sheet of a workbook, the same in both languages: ``file [sheet]``."""
    return f"{file} [{sheet}]"


def number_label(number: int) -> str:
    """The label of an area its file leaves unnamed: ``#number``, the same in both languages.

    Its place (file and feature) is said beside it, in the planner's language.

    >>> number_label(3)
    '#3'
    """
    return f"#{int(number)}"
