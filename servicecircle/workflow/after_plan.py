"""A siting plan's effect on staff per 10,000, the split, load and grades (CLI and app alike).

:func:`effect_of_plan` measures today's outlets and the outlets after a
:class:`~servicecircle.planning.plan.SitingPlan` with
:func:`~servicecircle.planning.after_plan.plan_effect`; when the plan came
from a staff-budget model (``SitingResult.staff``), today's outlets carry the
staff it posts to them and the new sites the staff it allocated
(:func:`~servicecircle.planning.after_plan.allocated_staff`), else each new
site its type's standard. :func:`with_plan_effect` puts its record in a
plan's summary (``siting.json`` ``after_plan``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from servicecircle.coverage import Coverage
from servicecircle.coverage.access_run import Accessibility
from servicecircle.coverage.tiers import TierCoverage
from servicecircle.network import Network
from servicecircle.planning.after_plan import PlanEffect, allocated_staff, plan_effect
from servicecircle.planning.plan import SitingPlan
from servicecircle.results.after_records import plan_effect_record
from servicecircle.results.schema import SitingSummary

__all__ = ["effect_of_plan", "with_plan_effect"]


def effect_of_plan(
    coverage: Coverage,
    plan: SitingPlan,
    networks: Mapping[str, Network],
    *,
    before: tuple[Accessibility, TierCoverage] | None = None,
) -> PlanEffect:
    """Staff per 10,000, load, the three-way split and tier grades today and after ``plan``.

    Parameters
    ----------
    coverage
        Today's coverage the plan was made for.
    plan
        The plan (its chosen sites carry their tier and staff).
    networks
        The network of every mode of today's outlets and the new types.
    before
        Today's accessibility and tier coverage when already measured.
    """
    allocated = allocated_staff(plan.result, plan.problem, len(coverage.outlets))
    return plan_effect(
        coverage,
        plan.chosen,
        networks,
        existing_staff=allocated.existing if allocated is not None else None,
        before=before,
    )


def with_plan_effect(
    siting: SitingSummary,
    coverage: Coverage,
    plan: SitingPlan,
    networks: Mapping[str, Network],
) -> SitingSummary:
    """``siting`` holding staff per 10,000, the split, load and tier coverage before and after."""
    record = plan_effect_record(effect_of_plan(coverage, plan, networks))
    return dataclasses.replace(siting, after_plan=record)
