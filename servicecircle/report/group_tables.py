"""The report's key groups and equity: coverage and staff per 10,000 per group, gap, Gini.

From ``summary.json``'s ``groups``
(:class:`~servicecircle.results.group_records.KeyGroupsSummary`, present when
``analyze``/``site`` ran with ``--groups FILE``): one row per group (all
residents first) with its people, the share covered within the largest
break and by each type's standard, the gap to all residents in percentage
points, staff per 10,000 and the three-way split; then the widest gap and
the Gini of staff per 10,000 across areas, in sentences.
"""

from __future__ import annotations

from servicecircle.coverage.groups import EVERYONE
from servicecircle.i18n.labels import label
from servicecircle.report.formatting import Row, by_break, fmt_people, fmt_share
from servicecircle.report.staffing_states import fmt_per_10k
from servicecircle.report.strings import text
from servicecircle.results.group_records import STANDARD, GroupTotal, KeyGroupsSummary


def group_label(group: str, lang: str) -> str:
    """A key group's name (``aged_60_plus`` -> 60岁及以上老年人); a file's own name as written."""
    return label("key_group.", group, lang)


def fmt_gap(value: float | None) -> str:
    """A gap in percentage points with its sign: ``-0.0678`` -> ``"-0.1"``; missing -> ``"—"``.

    >>> fmt_gap(1.4692), fmt_gap(-0.0678), fmt_gap(None), fmt_gap(0.01)
    ('+1.5', '-0.1', '—', '0.0')
    """
    if value is None:
        return "—"
    shown = f"{value:+.1f}"
    return "0.0" if shown in ("+0.0", "-0.0") else shown


def _share(row: GroupTotal, key: str | float) -> float | None:
    return by_break(row.shares, key) if not isinstance(key, str) else row.shares.get(key)


def group_row(row: GroupTotal, main: float, lang: str) -> Row:
    """One group's people, shares covered, gap, staff per 10,000 and split."""
    people = row.people or None
    return {
        "group": group_label(row.group, lang),
        "people": fmt_people(row.people),
        "share": fmt_share(_share(row, main)),
        "gap": "—" if row.group == EVERYONE else fmt_gap(by_break(row.gap_pp, main)),
        "standard": fmt_share(_share(row, STANDARD)),
        "per10k": fmt_per_10k(row.staff_per_10k),
        "served": fmt_share(row.served / people if people else None),
        "over": fmt_share(row.over_capacity / people if people else None),
        "out": fmt_share(row.out_of_reach / people if people else None),
    }


def _widest(record: KeyGroupsSummary, main: float, lang: str) -> str:
    at = [w for w in record.widest if w.minutes is not None and abs(w.minutes - main) < 1e-9]
    if not at or at[0].highest == at[0].lowest:
        return ""
    shares = {row.group: _share(row, main) for row in record.groups}
    widest = at[0]
    return text(
        "staff.groups.widest",
        lang,
        minutes=f"{main:g}",
        highest=group_label(widest.highest, lang),
        high=fmt_share(shares.get(widest.highest)),
        lowest=group_label(widest.lowest, lang),
        low=fmt_share(shares.get(widest.lowest)),
        pp=f"{abs(widest.gap_pp or 0.0):.1f}",
    )


def _gini(record: KeyGroupsSummary, lang: str) -> str:
    if record.gini_weighted is None:
        return ""
    return text(
        "staff.groups.gini",
        lang,
        areas=fmt_people(record.gini_areas),
        level=text(f"staff.groups.level.{record.gini_level or 'unit'}", lang),
        weighted=f"{record.gini_weighted:.3f}",
        unweighted="—" if record.gini_unweighted is None else f"{record.gini_unweighted:.3f}",
    )


def group_context(record: KeyGroupsSummary | None, main: float, lang: str) -> dict[str, object]:
    """The key groups' table and the equity sentences (empty without key groups)."""
    if record is None or not record.groups:
        return {}
    return {
        "source": record.source,
        "minutes": f"{main:g}",
        "rows": [group_row(row, main, lang) for row in record.groups],
        "widest": _widest(record, main, lang),
        "gini": _gini(record, lang),
    }
