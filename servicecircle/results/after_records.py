"""The record of staff per 10,000 and tier coverage before and after a plan (``siting.json``).

:attr:`SitingSummary.after_plan <servicecircle.results.siting_records.SitingSummary>`
is a :class:`PlanEffectSummary`: the capacity-aware accessibility
(:class:`~servicecircle.results.access_records.AccessSummary`: staff per
10,000, the three-way split, the outlets' load) and the coverage by tier with
the township/street grades
(:class:`~servicecircle.results.tier_records.TierCoverageSummary`) of today's
outlets and of the outlets after the plan, and the tier and staff each new
site was measured with (:class:`NewSiteStaff`). In the outlets after the
plan, a new outlet's :class:`~servicecircle.results.access_records.OutletLoad`
carries its ``new_rank``. Files written before read it with ``measured``
False. :func:`plan_effect_record` turns a
:class:`~servicecircle.planning.after_plan.PlanEffect` into it.

>>> PlanEffectSummary.from_json({}).measured
False
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from servicecircle.results._codec import Record
from servicecircle.results.access_records import AccessSummary, access_record
from servicecircle.results.tier_records import TierCoverageSummary, tier_record

if TYPE_CHECKING:  # the records stay light to read: no geometry stack imported
    from servicecircle.planning.after_plan import PlanEffect

__all__ = ["NewSiteStaff", "PlanEffectSummary", "plan_effect_record"]


@dataclass(frozen=True)
class NewSiteStaff(Record):
    """A new outlet as measured after the plan: its type, tier and staff.

    ``staff_source`` is ``"standard"`` (its type's standard) or
    ``"allocation"`` (a staff-budget model's).
    """

    rank: int
    name: str | None
    type: str
    tier: str
    staff: float
    staff_source: str


@dataclass(frozen=True)
class PlanEffectSummary(Record):
    """Staff per 10,000, the split, the load and tier coverage: today and after the plan.

    ``measured`` is False in files written before (and when not measured).
    """

    measured: bool = False
    accessibility_before: AccessSummary = field(default_factory=AccessSummary)
    accessibility_after: AccessSummary = field(default_factory=AccessSummary)
    tiers_before: TierCoverageSummary | None = None
    tiers_after: TierCoverageSummary | None = None
    new_sites: tuple[NewSiteStaff, ...] = ()


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def plan_effect_record(effect: PlanEffect) -> PlanEffectSummary:
    """The ``siting.json`` record of ``effect`` (new outlets named by their ``new_rank``)."""
    after = effect.access_after
    ranked = dataclasses.replace(
        after, outlets=after.outlets.assign(new_rank=effect.outlets["new_rank"].to_numpy())
    )
    sites = effect.new_sites
    return PlanEffectSummary(
        measured=True,
        accessibility_before=access_record(effect.access_before),
        accessibility_after=access_record(ranked),
        tiers_before=tier_record(effect.tiers_before),
        tiers_after=tier_record(effect.tiers_after),
        new_sites=tuple(
            NewSiteStaff(
                rank=int(row["new_rank"]),
                name=_text(row["name"]),
                type=str(row["outlet_type"]),
                tier=str(row["tier"]),
                staff=float(row["staff"]),
                staff_source=str(row["staff_source"]),
            )
            for row in sites.to_dict("records")
        ),
    )
