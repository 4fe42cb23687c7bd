"""Staffing and tier coverage today and after the plan, as the report and workbook show them.

Today's records are ``summary.json``'s ``accessibility`` and ``tiers`` (an
``analyze`` run), else the ``before`` records of ``siting.json``'s
``after_plan`` (a ``site`` run measures them there); after the plan, the
``after`` records of ``after_plan`` when it was measured (``None`` without
a plan or in older files).
"""

from __future__ import annotations

from dataclasses import dataclass

from servicecircle.results.access_records import AccessSummary, OutletLoad
from servicecircle.results.bundle import Results
from servicecircle.results.tier_records import TierCoverageSummary


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
