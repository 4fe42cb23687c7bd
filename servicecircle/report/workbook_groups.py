"""The workbook's key-groups sheets: 重点群体 per group and area, 群体公平性 the equity summary.

From ``summary.json``'s ``groups`` record (present with ``--groups FILE``).
重点群体 has each group in the whole area (all residents first), then each
group per township/street and community: people, the share covered within
each break and by each type's standard, the gap to all residents in
percentage points (whole area), staff per 10,000 and the people served
within capacity, over capacity and out of reach. 群体公平性 states, for each
break and the standard, the groups covered most and least and their gap,
and the Gini of staff per 10,000 across areas. Both are left out without
key groups.
"""

from __future__ import annotations

from openpyxl import Workbook

from servicecircle.report.formatting import by_break, fmt_minutes_key
from servicecircle.report.group_tables import group_label
from servicecircle.report.strings import text
from servicecircle.report.workbook_sheets import Cell, Column, Kind, write_sheet
from servicecircle.results.bundle import Results
from servicecircle.results.group_records import STANDARD, GroupArea, GroupTotal, KeyGroupsSummary


def _columns(breaks: list[float], lang: str) -> list[Column]:
    main = fmt_minutes_key(breaks[-1])
    return [
        Column(text("staff.groups.col.group", lang)),
        Column(text("col.township", lang)),
        Column(text("col.community", lang)),
        Column(text("col.people", lang), "people"),
        *(
            Column(text("staff.groups.col.share", lang, minutes=fmt_minutes_key(m)), "share")
            for m in breaks
        ),
        Column(text("staff.groups.col.standard", lang), "share"),
        Column(text("handover.groups.col.gap", lang, minutes=main), "decimal"),
        Column(text("handover.staff.col.per10k", lang), "decimal"),
        Column(text("handover.staff.col.served", lang), "people"),
        Column(text("handover.staff.col.over", lang), "people"),
        Column(text("handover.staff.col.out", lang), "people"),
    ]


def _total_row(row: GroupTotal, breaks: list[float], lang: str) -> list[Cell]:
    gap = None if row.group == "everyone" else by_break(row.gap_pp, breaks[-1])
    return [
        group_label(row.group, lang),
        text("handover.staff.level.total", lang),
        None,
        row.people,
        *(by_break(row.shares, m) for m in breaks),
        row.shares.get(STANDARD),
        gap,
        row.staff_per_10k,
        row.served,
        row.over_capacity,
        row.out_of_reach,
    ]


def _area_row(area: GroupArea, breaks: list[float], lang: str) -> list[Cell]:
    township, community = (
        (area.unit, None) if area.level == "township" else (area.township, area.unit)
    )
    return [
        group_label(area.group, lang),
        township,
        community,
        area.people,
        *(by_break(area.shares, m) for m in breaks),
        area.shares.get(STANDARD),
        None,
        area.staff_per_10k,
        area.served,
        area.over_capacity,
        area.out_of_reach,
    ]


def group_rows(
    record: KeyGroupsSummary, breaks: list[float], lang: str
) -> tuple[list[Column], list[list[Cell]]]:
    """The columns and rows of 重点群体: the whole area per group, then each area per group."""
    order = {row.group: i for i, row in enumerate(record.groups)}
    levels = {"township": 0, "community": 1}
    areas = sorted(
        record.areas,
        key=lambda a: (order.get(a.group, len(order)), levels.get(a.level, 2), a.township, a.unit),
    )
    rows = [_total_row(row, breaks, lang) for row in record.groups]
    rows += [_area_row(area, breaks, lang) for area in areas]
    return _columns(breaks, lang), rows


def equity_rows(record: KeyGroupsSummary, lang: str) -> list[tuple[str, Cell, Kind]]:
    """群体公平性: the widest gap at each break and the standard, and the Gini coefficients."""
    rows: list[tuple[str, Cell, Kind]] = []
    for widest in record.widest:
        when = (
            text("staff.groups.col.standard", lang)
            if widest.minutes is None
            else text("staff.groups.col.share", lang, minutes=fmt_minutes_key(widest.minutes))
        )
        rows += [
            (
                text("handover.groups.highest", lang, when=when),
                group_label(widest.highest, lang),
                "text",
            ),
            (
                text("handover.groups.lowest", lang, when=when),
                group_label(widest.lowest, lang),
                "text",
            ),
            (text("handover.groups.widest", lang, when=when), widest.gap_pp, "decimal"),
        ]
    if record.gini_weighted is not None:
        level = text(f"staff.groups.level.{record.gini_level or 'unit'}", lang)
        rows += [
            (text("handover.groups.gini_areas", lang, level=level), record.gini_areas, "people"),
            (text("handover.groups.gini_weighted", lang), record.gini_weighted, "index"),
            (text("handover.groups.gini_unweighted", lang), record.gini_unweighted, "index"),
        ]
    return rows


def group_sheets(book: Workbook, results: Results, lang: str) -> None:
    """Add 重点群体 and 群体公平性 to ``book`` (nothing without key groups)."""
    record = results.coverage.groups
    if record is None or not record.groups:
        return
    columns, rows = group_rows(record, results.coverage.breaks, lang)
    write_sheet(book, text("handover.sheet.groups", lang), columns, rows)
    equity = equity_rows(record, lang)
    write_sheet(
        book,
        text("handover.sheet.equity", lang),
        [Column(text("handover.summary.item", lang)), Column(text("col.value", lang))],
        [(label, value) for label, value, _ in equity],
        kinds=[("text", kind) for _, _, kind in equity],
    )
