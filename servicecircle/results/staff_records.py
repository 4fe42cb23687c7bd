"""The staff records of ``siting.json``: the staff a plan posts and who each outlet serves.

Written by ``site --staff`` (the staff models of
:mod:`servicecircle.siting.models.staffed`); a plan without staff, and files
written before, read as an empty :class:`StaffPlanRecord` (``asked`` false).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from servicecircle.planning.plan import SitingPlan
from servicecircle.results._codec import Record

__all__ = ["OutletStaff", "StaffPlanRecord", "staff_record"]


@dataclass(frozen=True)
class OutletStaff(Record):
    """One open outlet after a staff plan.

    ``rank`` is a new site's build order (None for today's outlets);
    ``staff_before`` its staff today (0 for a new site), ``staff_added`` the
    staff the plan posts to it, ``staff`` after; ``capacity`` is staff x
    ``people_per_staff``; ``served_before`` the people it serves today with
    today's staff, ``served`` after the plan (within its break and capacity).
    """

    name: str | None
    existing: bool
    outlet_type: str | None
    rank: int | None
    staff_before: float | None
    staff_added: float | None
    staff: float | None
    people_per_staff: float | None
    capacity: float | None
    served_before: float | None
    served: float | None


@dataclass(frozen=True)
class StaffPlanRecord(Record):
    """The staff a plan posts: the budget, where it goes, the people served before and after.

    ``budget`` is the staff the planner gave to post (None with each outlet
    at its type's standard: ``standard`` true); ``posted_existing`` and
    ``posted_new`` the staff posted to today's outlets and to the new sites;
    ``served_today`` the people today's outlets serve with today's staff and
    ``served_after`` the people all open outlets serve after the plan.
    """

    asked: bool = False
    budget: int | None = None
    standard: bool = False
    posted_existing: float | None = None
    posted_new: float | None = None
    served_today: float | None = None
    served_after: float | None = None
    outlets: tuple[OutletStaff, ...] = ()


def staff_record(plan: SitingPlan) -> StaffPlanRecord:
    """The staff a plan posts (:class:`StaffPlanRecord`; empty for a plan without staff)."""
    table = plan.staff
    if table is None:
        return StaffPlanRecord()
    existing = table["existing"].to_numpy(bool) if len(table) else np.zeros(0, bool)
    added = table["staff_added"].to_numpy(float) if len(table) else np.zeros(0)
    outlets = tuple(
        OutletStaff(
            name=_text_of(row["name"]),
            existing=bool(row["existing"]),
            outlet_type=_text_of(row["outlet_type"]),
            rank=None if pd.isna(row["rank"]) else int(row["rank"]),
            **{c: _number_of(row[c]) for c in _STAFF_NUMBERS},
        )
        for _, row in table.iterrows()
    )
    staff = plan.request.staff
    return StaffPlanRecord(
        asked=True,
        budget=staff if isinstance(staff, int) else None,
        standard=staff == "standard",
        posted_existing=float(added[existing].sum()),
        posted_new=float(added[~existing].sum()),
        served_today=_number_of(table["served_before"].sum()),
        served_after=_number_of(table["served"].sum()),
        outlets=outlets,
    )


_STAFF_NUMBERS = (
    "staff_before",
    "staff_added",
    "staff",
    "people_per_staff",
    "capacity",
    "served_before",
    "served",
)


def _text_of(value: Any) -> str | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _number_of(value: Any) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None
