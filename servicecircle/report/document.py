"""The report as a document: its cover, its chapters in order and their numbers.

A chapter is shown only when its data exist (an ``analyze`` folder has no
plan, an older folder no sensitivity records), so the chapters are numbered
as they come: 一、二、三 in Chinese, 1. 2. 3. in English. The table of
contents lists the same chapters; WeasyPrint fills in their page numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from servicecircle.report.strings import text

#: Every chapter the report may hold, in the order it shows them.
CHAPTERS: tuple[str, ...] = (
    "summary",
    "policy",
    "area",
    "coverage",
    "outlets",
    "units",
    "gaps",
    "plan",
    "after",
    "staffing",
    "must_cost",
    "sensitivity",
    "method",
    "conclusions",
)


_MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Chapter:
    """One chapter: its anchor (``id``), its numbered title and its plain title."""

    id: str
    title: str
    plain: str


def chapters(present: Iterable[str], lang: str) -> list[Chapter]:
    """The chapters of ``present`` in report order, numbered in ``lang``.

    >>> [c.title for c in chapters(["policy", "summary"], "zh")]
    ['一、摘要', '二、政策依据']
    >>> chapters(["area"], "en")[0].title
    '1. Study area'
    """
    wanted = set(present)
    unknown = wanted - set(CHAPTERS)
    if unknown:
        raise ValueError(f"unknown report chapters: {sorted(unknown)}")
    numerals: Sequence[str] = text("doc.numerals", lang).split(",")
    out: list[Chapter] = []
    for name in (c for c in CHAPTERS if c in wanted):
        plain = text(f"doc.section.{name}", lang)
        n = numerals[len(out)] if len(out) < len(numerals) else str(len(out) + 1)
        out.append(Chapter(name, text("doc.numbered", lang, n=n, title=plain), plain))
    return out


def date_text(day: dt.date, lang: str) -> str:
    """A date as the report writes it: ``2026年11月28日`` / ``28 November 2026``.

    >>> date_text(dt.date(2026, 3, 5), "zh"), date_text(dt.date(2026, 3, 5), "en")
    ('2026年3月5日', '5 March 2026')
    """
    return text(
        "doc.date",
        lang,
        year=day.year,
        month=day.month,
        day=day.day,
        month_name=_MONTHS[day.month - 1],
    )


def cover_context(area: str, bureau: str | None, lang: str, *, today: dt.date) -> dict[str, str]:
    """The cover's lines: study area, bureau (a blank line to fill in when not given), date."""
    name = bureau.strip() if bureau else ""
    return {
        "area": text("doc.cover.area", lang, area=area) if area else "",
        "kind": text("doc.cover.kind", lang),
        "bureau": (
            text("doc.cover.bureau", lang, bureau=name)
            if name
            else text("doc.cover.bureau_blank", lang)
        ),
        "date": text("doc.cover.date", lang, date=date_text(today, lang)),
    }
