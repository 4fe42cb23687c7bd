"""The workbook's staffing sheets: 人员配置（街道） by township and 网点负荷 by outlet.

From ``summary.json``'s ``accessibility`` and ``tiers`` records (issue 15).
人员配置（街道） has the whole area first, then each township/street (the
people outside every township last): people, staff per 10,000 residents
within reach (two-step and enhanced two-step floating catchment, one
decimal), the people served within capacity, over capacity and out of reach,
the share served, and the share covered at each graded tier with the A-E
grade; after a plan (``siting.json`` ``after_plan``), today's columns and
the plan's (新增后…) side by side. 网点负荷 has every outlet today,
heaviest-loaded first, and 网点负荷（规划后） every outlet after the plan
(new ones by their build order). A sheet is left out when its record was
not measured (older files). The 汇总 sheet's staffing totals, today and
after the plan, are :func:`staffing_summary_rows`.
"""

from __future__ import annotations

from openpyxl import Workbook

from servicecircle.i18n import t
from servicecircle.i18n.labels import label, outlet_type_label
from servicecircle.planning.naming import site_label
from servicecircle.report.formatting import is_blank, number
from servicecircle.report.staffing_states import (
    StaffingState,
    share_of,
    staffing_after,
    staffing_today,
)
from servicecircle.report.staffing_summary import grade_counts
from servicecircle.report.strings import text
from servicecircle.report.workbook_sheets import Cell, Column, Kind, write_sheet
from servicecircle.results.access_records import AccessSummary, AccessUnit, OutletLoad
from servicecircle.results.bundle import Results
from servicecircle.results.tier_records import TierCoverageSummary

#: Today and after the plan (``report.handover.when.*``), when both are shown.
WHENS: tuple[str, str] = ("before", "after")


def _access_columns(lang: str) -> list[Column]:
    return [
        Column(text("handover.staff.col.per10k", lang), "decimal"),
        Column(text("handover.staff.col.per10k_e2sfca", lang), "decimal"),
        Column(text("handover.staff.col.served", lang), "people"),
        Column(text("handover.staff.col.over", lang), "people"),
        Column(text("handover.staff.col.out", lang), "people"),
        Column(text("handover.staff.col.served_share", lang), "share"),
    ]


def _access_cells(unit: AccessUnit | AccessSummary | None) -> list[Cell]:
    if unit is None:
        return [None] * 6
    return [
        unit.staff_per_10k,
        unit.staff_per_10k_e2sfca,
        unit.served,
        unit.over_capacity,
        unit.out_of_reach,
        share_of(unit.served, unit.people),
    ]


def _tier_columns(tiers: TierCoverageSummary, lang: str) -> list[Column]:
    shares = [
        Column(text("staff.col.tier_share", lang, tier=label("tier.", tier, lang)), "share")
        for tier in tiers.graded_tiers
    ]
    return [*shares, Column(text("staff.col.grade", lang))]


def _townships(state: StaffingState) -> list[str]:
    """The townships/streets to list, named ones first; none when no unit has a township."""
    if state.access is not None:
        names = [u.unit for u in state.access.units if u.level == "township"]
    else:
        names = [g.township for g in state.tiers.townships] if state.tiers is not None else []
    if all(is_blank(name) for name in names):
        return []
    return sorted(names, key=is_blank)


def _state_columns(state: StaffingState, lang: str, when: str | None) -> list[Column]:
    """The columns of one state; ``when`` (today / after the plan) names them beside another."""
    columns: list[Column] = []
    if state.access is not None:
        columns += _access_columns(lang)
    if state.tiers is not None:
        columns += _tier_columns(state.tiers, lang)
    if when is None:
        return columns
    return [
        Column(text("handover.staff.when", lang, when=when, label=c.header), c.kind)
        for c in columns
    ]


def _whole_cells(state: StaffingState) -> list[Cell]:
    cells: list[Cell] = []
    if state.access is not None:
        cells += _access_cells(state.access)
    if state.tiers is not None:
        shares = {s.tier: s.share for s in state.tiers.tiers}
        cells += [shares.get(tier) for tier in state.tiers.graded_tiers]
        cells.append(None)
    return cells


def _township_cells(state: StaffingState, name: str) -> list[Cell]:
    cells: list[Cell] = []
    if state.access is not None:
        units = {u.unit: u for u in state.access.units if u.level == "township"}
        cells += _access_cells(units.get(name))
    if state.tiers is not None:
        grade = next((g for g in state.tiers.townships if g.township == name), None)
        cells += [None if grade is None else grade.shares.get(t) for t in state.tiers.graded_tiers]
        cells.append(None if grade is None else grade.grade)
    return cells


def _people(state: StaffingState, name: str | None) -> float | None:
    if state.access is not None:
        if name is None:
            return state.access.people
        unit = next(
            (u for u in state.access.units if u.level == "township" and u.unit == name), None
        )
        return None if unit is None else unit.people
    if state.tiers is None:
        return None
    if name is None:
        return state.tiers.tiers[0].people if state.tiers.tiers else None
    grade = next((g for g in state.tiers.townships if g.township == name), None)
    return None if grade is None else grade.people


def staff_street_rows(
    today: StaffingState, after: StaffingState | None, lang: str
) -> tuple[list[Column], list[list[Cell]]]:
    """The columns and rows of 人员配置（街道）: the whole area, then each township/street.

    After a plan, today's columns and the plan's side by side.
    """
    columns = [Column(text("col.township", lang)), Column(text("col.people", lang), "people")]
    states = [today] if after is None else [today, after]
    whens = [None] if after is None else [text(f"handover.when.{w}", lang) for w in WHENS]
    for state, when in zip(states, whens, strict=True):
        columns += _state_columns(state, lang, when)
    whole: list[Cell] = [text("handover.staff.level.total", lang), _people(today, None)]
    rows = [whole + [c for state in states for c in _whole_cells(state)]]
    for name in _townships(today):
        label = text("units.outside", lang) if is_blank(name) else name
        cells = [c for state in states for c in _township_cells(state, name)]
        rows.append([label, _people(today, name), *cells])
    return columns, rows


def _state_summary_rows(state: StaffingState, lang: str) -> list[tuple[str, Cell, Kind]]:
    """One state's totals: staff, capacity, staff per 10,000, the split and the grade counts."""
    rows: list[tuple[str, Cell, Kind]] = []
    if state.access is not None:
        rows += [
            (text("handover.summary.staff", lang), state.access.staff, "people"),
            (text("handover.summary.capacity", lang), state.access.capacity, "people"),
        ]
        columns = _access_columns(lang)
        cells = _access_cells(state.access)
        rows += [(c.header, cell, c.kind) for c, cell in zip(columns, cells, strict=True)]
    for grade, n in grade_counts(state.tiers).items():
        rows.append((text("handover.summary.grade_count", lang, grade=grade), n, "people"))
    return rows


def staffing_summary_rows(results: Results, lang: str) -> list[tuple[str, Cell, Kind]]:
    """The 汇总 sheet's staffing rows: today's totals, then after the plan's (新增后…).

    Empty when neither staffing nor tiers were measured.
    """
    today, after = staffing_today(results), staffing_after(results)
    rows = _state_summary_rows(today, lang)
    if after is None:
        return rows
    when = text("handover.when.after", lang)
    return rows + [
        (text("handover.staff.when", lang, when=when, label=label), value, kind)
        for label, value, kind in _state_summary_rows(after, lang)
    ]


def _load_columns(lang: str) -> list[Column]:
    return [
        Column(text("staff.col.outlet", lang)),
        Column(text("col.outlet_type", lang)),
        Column(text("staff.col.tier", lang)),
        Column(text("staff.col.staff", lang), "people"),
        Column(text("staff.col.source", lang)),
        Column(text("handover.staff.col.catchment_minutes", lang), "decimal"),
        Column(text("staff.col.catchment", lang), "people"),
        Column(text("handover.staff.col.load", lang), "people"),
        Column(text("handover.staff.col.people_per_staff", lang), "people"),
        Column(text("staff.col.capacity", lang), "people"),
        Column(text("handover.staff.col.outlet_served", lang), "people"),
        Column(text("handover.staff.col.utilisation", lang), "share"),
    ]


def _load_cells(outlet: OutletLoad, lang: str) -> list[Cell]:
    source = outlet.staff_source
    name = outlet.name or None
    return [
        name if outlet.new_rank is None else site_label(outlet.new_rank, name, lang),
        None if outlet.outlet_type is None else outlet_type_label(outlet.outlet_type, lang),
        None if outlet.tier is None else label("tier.", outlet.tier, lang),
        outlet.staff,
        None if source is None else t(f"export.value.staff_source.{source}", lang),
        outlet.catchment_minutes,
        outlet.catchment_people,
        outlet.load,
        outlet.people_per_staff,
        outlet.capacity,
        outlet.served,
        number(outlet.utilisation),
    ]


def staffing_sheets(book: Workbook, results: Results, lang: str) -> None:
    """Add 人员配置（街道）, 网点负荷 and 网点负荷（规划后） to ``book`` (each when measured)."""
    today, after = staffing_today(results), staffing_after(results)
    if today.empty:
        return
    columns, rows = staff_street_rows(today, after, lang)
    write_sheet(book, text("handover.sheet.staff_streets", lang), columns, rows)
    for key, state in (("loads", today), ("loads_after", after)):
        if state is not None and state.outlets:
            write_sheet(
                book,
                text(f"handover.sheet.{key}", lang),
                _load_columns(lang),
                [_load_cells(outlet, lang) for outlet in state.outlets],
            )
