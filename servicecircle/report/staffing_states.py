"""Staffing and tier coverage today and after the plan, as the report and workbook show them.

Today's records are ``summary.json``'s ``accessibility`` and ``tiers`` (an
``analyze`` run), else the ``before`` records of ``siting.json``'s
``after_plan`` (a ``site`` run measures them there); after the plan, the
``after`` records of ``after_plan`` when it was measured (``None`` without
a plan or in older files). Also how the staffing numbers are written
(:func:`fmt_per_10k`, :func:`pair`) and a street pack's staffing line.
"""

from __future__ import annotations

from dataclasses import dataclass

from servicecircle.report.formatting import fmt_share, number
from servicecircle.report.strings import text
from servicecircle.results.access_records import AccessSummary, AccessUnit, OutletLoad
from servicecircle.results.bundle import Results
from servicecircle.results.tier_records import TierCoverageSummary


def fmt_per_10k(value: object) -> str:
    """Staff per 10,000 residents with one decimal: ``3.456`` -> ``"3.5"``; missing -> ``"—"``.

    >>> fmt_per_10k(3.456), fmt_per_10k(None), fmt_per_10k(1234.0)
    ('3.5', '—', '1,234.0')
    """
    x = number(value)
    return "—" if x is None else f"{x:,.1f}"


def pair(before: str, after: str | None) -> str:
    """A cell before and after the plan: ``"4.1 → 6.5"``; ``before`` alone without a plan.

    >>> pair("4.1", "6.5"), pair("4.1", None)
    ('4.1 → 6.5', '4.1')
    """
    return before if after is None else f"{before} → {after}"


def share_of(part: object, whole: object) -> float | None:
    """``part`` as a share of ``whole`` (people served of all residents); ``None`` if unknown.

    >>> share_of(30.0, 120.0), share_of(None, 120.0), share_of(5.0, 0.0)
    (0.25, None, None)
    """
    x, total = number(part), number(whole)
    return None if x is None or not total else x / total


@dataclass(frozen=True)
class StaffingState:
    """Staff per 10,000, the split and the outlets' load (``access``), and tier coverage."""

    access: AccessSummary | None
    tiers: TierCoverageSummary | None

    @property
    def empty(self) -> bool:
        """Neither was measured."""
        return self.access is None and self.tiers is None

    @property
    def outlets(self) -> tuple[OutletLoad, ...]:
        """Every outlet heaviest-loaded first (older files: the heaviest ones only)."""
        if self.access is None:
            return ()
        return self.access.outlets or self.access.heaviest


def _measured(access: AccessSummary) -> AccessSummary | None:
    return access if access.measured else None


def _graded(tiers: TierCoverageSummary | None) -> TierCoverageSummary | None:
    return tiers if tiers is not None and tiers.tiers else None


def staffing_today(results: Results) -> StaffingState:
    """Today's staffing and tier coverage (``summary.json``, else the plan's ``before``)."""
    summary = results.coverage
    access, tiers = _measured(summary.accessibility), _graded(summary.tiers)
    effect = results.siting.after_plan if results.siting is not None else None
    if effect is not None and effect.measured:
        access = access or _measured(effect.accessibility_before)
        tiers = tiers or _graded(effect.tiers_before)
    return StaffingState(access, tiers)


def staffing_after(results: Results) -> StaffingState | None:
    """Staffing and tier coverage after the plan (``None`` when not measured)."""
    effect = results.siting.after_plan if results.siting is not None else None
    if effect is None or not effect.measured:
        return None
    state = StaffingState(_measured(effect.accessibility_after), _graded(effect.tiers_after))
    return None if state.empty else state


def _township(state: StaffingState | None, street: str) -> AccessUnit | None:
    if state is None or state.access is None:
        return None
    units = [u for u in state.access.units if u.level == "township" and u.unit == street]
    return units[0] if units else None


def _grade(state: StaffingState | None, street: str) -> str | None:
    if state is None or state.tiers is None:
        return None
    grades = [g.grade for g in state.tiers.townships if g.township == street]
    return grades[0] if grades else None


def street_staffing_line(results: Results, street: str, lang: str) -> str:
    """A street pack's line: its staff per 10,000, share served within capacity and grade.

    Today → after the plan when the plan measured them; ``""`` when nothing was measured.
    """
    today, after = staffing_today(results), staffing_after(results)
    unit, later = _township(today, street), _township(after, street)
    parts = []
    if unit is not None:
        share = fmt_share(share_of(unit.served, unit.people))
        share_after = None
        if later is not None:
            share_after = fmt_share(share_of(later.served, later.people))
        parts.append(
            text(
                "handover.pack.staffing",
                lang,
                per10k=pair(
                    fmt_per_10k(unit.staff_per_10k),
                    fmt_per_10k(later.staff_per_10k) if later is not None else None,
                ),
                served_share=pair(share, share_after),
            )
        )
    grade, grade_after = _grade(today, street), _grade(after, street)
    if grade is not None:
        parts.append(text("handover.pack.grade", lang, grade=pair(grade, grade_after)))
    return text("doc.sentence_sep", lang).join(parts)
