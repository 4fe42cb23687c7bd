"""The workbook's staffing sheets: 人员配置（街道） by township and 网点负荷 by outlet.

From ``summary.json``'s ``accessibility`` and ``tiers`` records (issue 15).
人员配置（街道） has the whole area first, then each township/street (the
people outside every township last): people, staff per 10,000 residents
within reach (two-step and enhanced two-step floating catchment, one
decimal), the people served within capacity, over capacity and out of reach,
the share served, and the share covered at each graded tier with the A-E
grade. 网点负荷 has every outlet, heaviest-loaded first. A sheet is left out
when its record was not measured (older files).
"""

from __future__ import annotations

from openpyxl import Workbook

from servicecircle.i18n import t
from servicecircle.i18n.labels import label, outlet_type_label
from servicecircle.report.formatting import is_blank, number
from servicecircle.report.strings import text
from servicecircle.report.workbook_sheets import Cell, Column, write_sheet
from servicecircle.results.access_records import AccessSummary, AccessUnit, OutletLoad
from servicecircle.results.bundle import Results
from servicecircle.results.tier_records import TierCoverageSummary


def _share(part: float | None, whole: float | None) -> float | None:
    return None if part is None or not whole else part / whole


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
        _share(unit.served, unit.people),
    ]


def _tier_columns(tiers: TierCoverageSummary, lang: str) -> list[Column]:
    shares = [
        Column(text("staff.col.tier_share", lang, tier=label("tier.", tier, lang)), "share")
        for tier in tiers.graded_tiers
    ]
    return [*shares, Column(text("staff.col.grade", lang))]


def _townships(access: AccessSummary | None, tiers: TierCoverageSummary | None) -> list[str]:
    """The townships/streets to list, named ones first; none when no unit has a township."""
    if access is not None:
        names = [u.unit for u in access.units if u.level == "township"]
    else:
        names = [g.township for g in tiers.townships] if tiers is not None else []
    if all(is_blank(name) for name in names):
        return []
    return sorted(names, key=is_blank)


def staff_street_rows(
    access: AccessSummary | None, tiers: TierCoverageSummary | None, lang: str
) -> tuple[list[Column], list[list[Cell]]]:
    """The columns and rows of 人员配置（街道）: the whole area, then each township/street."""
    columns = [Column(text("col.township", lang)), Column(text("col.people", lang), "people")]
    if access is not None:
        columns += _access_columns(lang)
    if tiers is not None:
        columns += _tier_columns(tiers, lang)
    units = {u.unit: u for u in access.units if u.level == "township"} if access else {}
    grades = {g.township: g for g in tiers.townships} if tiers is not None else {}
    shares = {s.tier: s for s in tiers.tiers} if tiers is not None else {}
    whole: list[Cell] = [
        text("handover.staff.level.total", lang),
        access.people if access is not None else (tiers.tiers[0].people if tiers else None),
    ]
    if access is not None:
        whole += _access_cells(access)
    if tiers is not None:
        whole += [getattr(shares.get(tier), "share", None) for tier in tiers.graded_tiers]
        whole.append(None)
    rows = [whole]
    for name in _townships(access, tiers):
        unit, grade = units.get(name), grades.get(name)
        people = unit.people if unit is not None else (grade.people if grade else None)
        row: list[Cell] = [text("units.outside", lang) if is_blank(name) else name, people]
        if access is not None:
            row += _access_cells(unit)
        if tiers is not None:
            row += [None if grade is None else grade.shares.get(t) for t in tiers.graded_tiers]
            row.append(None if grade is None else grade.grade)
        rows.append(row)
    return columns, rows


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
    return [
        outlet.name or None,
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
    """Add 人员配置（街道） and 网点负荷 to ``book`` (each only when its record was measured)."""
    summary = results.coverage
    access = summary.accessibility if summary.accessibility.measured else None
    tiers = summary.tiers if summary.tiers is not None and summary.tiers.tiers else None
    if access is None and tiers is None:
        return
    columns, rows = staff_street_rows(access, tiers, lang)
    write_sheet(book, text("handover.sheet.staff_streets", lang), columns, rows)
    outlets = access.outlets or access.heaviest if access is not None else ()
    if outlets:
        write_sheet(
            book,
            text("handover.sheet.loads", lang),
            _load_columns(lang),
            [_load_cells(outlet, lang) for outlet in outlets],
        )
