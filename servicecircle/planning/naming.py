"""How new outlets and candidate sites are named to a planner: a number and the place.

A chosen site is kept as data: its build order (``rank``) and the place it
stands at (``name``: the road of a site generated on the network, a premise's
or a file's own name, or nothing). It is worded only when shown, in the
reader's language: 新增网点 3（花径路） / "New outlet 3 (Huajing Rd)", so the
app, the report, the maps and the exports each say it in their language.
Candidate sites likewise: 候选点位 12（花径路）, numbered from their
``candidate_id`` (from 1). A must-cover area keeps its own name; one the
planner left unnamed is said as its class and number (安置区 2 / 工业区 3).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from servicecircle.demand.areas import UNNAMED_AREA
from servicecircle.i18n import check_lang, t


def _place(value: object) -> str:
    """The place's name as text; ``""`` for none (None, NaN, blank)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def site_label(rank: int, place: object, lang: str) -> str:
    """A new outlet's name: its build order and, if known, the place it stands at.

    >>> site_label(3, "花径路", "zh")
    '新增网点 3（花径路）'
    >>> site_label(3, None, "en")
    'New outlet 3'
    """
    name = _place(place)
    key = "site.new_outlet" if name else "site.new_outlet_unnamed"
    return t(key, check_lang(lang), n=int(rank), place=name)


def candidate_label(number: int, place: object, lang: str) -> str:
    """A candidate site's name: its number and, if known, the place it stands at.

    >>> candidate_label(12, "Kaivokatu", "zh")
    '候选点位 12（Kaivokatu）'
    """
    name = _place(place)
    key = "site.candidate" if name else "site.candidate_unnamed"
    return t(key, check_lang(lang), n=int(number), place=name)


def site_labels(ranks: Sequence[object], places: Sequence[object], lang: str) -> list[str]:
    """:func:`site_label` of each chosen site (``rank`` and ``name`` columns)."""
    return [site_label(int(r), p, lang) for r, p in zip(ranks, places, strict=True)]  # type: ignore[call-overload]


def candidate_labels(ids: Sequence[object], places: Sequence[object], lang: str) -> list[str]:
    """:func:`candidate_label` of each candidate (``candidate_id`` from 0, shown from 1)."""
    return [candidate_label(int(i) + 1, p, lang) for i, p in zip(ids, places, strict=True)]  # type: ignore[call-overload]


def area_label(name: object, lang: str) -> str:
    """A relocation or industrial area's name: its own, else its class and number in ``lang``.

    >>> area_label("relocation area 2", "zh"), area_label("industrial area 17", "zh")
    ('安置区 2', '工业区 17')
    >>> area_label("滨江产业园", "en"), area_label("industrial area 3", "en")
    ('滨江产业园', 'industrial area 3')
    """
    text = _place(name)
    unnamed = UNNAMED_AREA.fullmatch(text)
    if unnamed is None:
        return text
    return t(f"area.default.{unnamed['cls']}", check_lang(lang), n=int(unnamed["number"]))
