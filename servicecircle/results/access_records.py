"""The record of capacity-aware accessibility in ``summary.json`` (``accessibility``).

:class:`AccessSummary` holds, for a run whose accessibility was measured
(:mod:`servicecircle.coverage.access_run`): staff per 10,000 residents
reachable (2SFCA and E2SFCA, people-weighted means), the people served within
capacity, within reach but over capacity and out of reach, in total, by
township/street and by community (:class:`AccessUnit`), the outlets with
the most people in reach per staff member and every outlet, heaviest-loaded
first (:class:`OutletLoad`; ``outlets`` is empty in files written before it
was kept, and an outlet's type, tier and staff source are ``None`` there). The field
defaults to a record with ``measured`` False, so files written before it
still read. :func:`access_record` turns an
:class:`~servicecircle.coverage.access_run.Accessibility` into it.

>>> AccessSummary.from_json({}).measured
False
>>> AccessSummary.from_json({"measured": True, "people": 10.0}).units
()
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from servicecircle.results._codec import Record

if TYPE_CHECKING:  # the records stay light to read: no geometry stack imported
    import pandas as pd

    from servicecircle.coverage.access_run import Accessibility

__all__ = ["AccessSummary", "AccessUnit", "OutletLoad", "access_record"]

#: Outlets listed as the heaviest loaded.
HEAVIEST = 10


@dataclass(frozen=True)
class AccessUnit(Record):
    """Staff per 10,000 and the three-way split of one township/street or community.

    ``level`` is ``township`` or ``community`` (a community's ``township``
    names its township); ``served + over_capacity + out_of_reach = people``.
    """

    level: str
    township: str
    unit: str
    people: float
    staff_per_10k: float | None
    staff_per_10k_e2sfca: float | None
    served: float
    over_capacity: float
    out_of_reach: float


@dataclass(frozen=True)
class OutletLoad(Record):
    """One outlet's load: people in its catchment per staff member, and whom it serves.

    ``load`` is ``None`` for an outlet without staff; ``utilisation`` (served
    over capacity) for one without capacity. ``capacity`` is ``staff ×
    people_per_staff``. ``outlet_type``, ``tier`` and ``staff_source``
    (``"file"`` or ``"standard"``) are ``None`` when not known (older files).
    ``new_rank`` is the build order of a new outlet of a siting plan
    (``siting.json`` ``after_plan``; left out for today's outlets).
    """

    name: str
    staff: float
    catchment_minutes: float
    catchment_people: float
    load: float | None
    people_per_staff: float
    capacity: float
    served: float
    utilisation: float | None
    outlet_type: str | None = None
    tier: str | None = None
    staff_source: str | None = None
    new_rank: int | None = field(default=None, metadata={"omit_none": True})


@dataclass(frozen=True)
class AccessSummary(Record):
    """Capacity-aware accessibility of today's outlets (``measured`` False when not run).

    ``people_per_staff`` is the capacity standard of outlets whose type sets
    none (capacity = staff × people per staff; each outlet's in ``heaviest``
    and ``outlets``),
    ``staff`` and ``capacity`` the outlets' sums;
    ``band_weights`` the E2SFCA weights, nearest band first, on
    ``band_minutes`` (empty: each catchment cut into equal bands).
    """

    measured: bool = False
    people_per_staff: float | None = None
    band_weights: tuple[float, ...] = ()
    band_minutes: tuple[float, ...] = ()
    staff: float | None = None
    capacity: float | None = None
    people: float | None = None
    staff_per_10k: float | None = None
    staff_per_10k_e2sfca: float | None = None
    served: float | None = None
    over_capacity: float | None = None
    out_of_reach: float | None = None
    units: tuple[AccessUnit, ...] = ()
    heaviest: tuple[OutletLoad, ...] = ()
    outlets: tuple[OutletLoad, ...] = ()


def _number(value: object, digits: int = 6) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return round(number, digits) if np.isfinite(number) else None


def _unit(row: pd.Series) -> AccessUnit:
    return AccessUnit(
        level=str(row["level"]),
        township=str(row["township"]),
        unit=str(row["unit"]),
        people=round(float(row["people"]), 3),
        staff_per_10k=_number(row["staff_per_10k"]),
        staff_per_10k_e2sfca=_number(row["staff_per_10k_e2sfca"]),
        served=round(float(row["served"]), 3),
        over_capacity=round(float(row["over_capacity"]), 3),
        out_of_reach=round(float(row["out_of_reach"]), 3),
    )


def _text(row: pd.Series, column: str) -> str | None:
    """``row[column]`` as text; ``None`` when missing, empty or NaN."""
    value = row.get(column)
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return None
    return str(value) or None


def _rank(value: object) -> int | None:
    """A new outlet's build order; ``None`` for today's outlets (missing, NA or NaN)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):  # None or pandas' NA
        return None
    return int(number) if np.isfinite(number) else None


def _load(row: pd.Series) -> OutletLoad:
    return OutletLoad(
        name=str(row["name"]),
        staff=float(row["staff"]),
        catchment_minutes=float(row["catchment_minutes"]),
        catchment_people=round(float(row["catchment_people"]), 3),
        load=_number(row["load"], 3),
        people_per_staff=float(row["people_per_staff"]),
        capacity=float(row["capacity"]),
        served=round(float(row["served"]), 3),
        utilisation=_number(row["utilisation"]),
        outlet_type=_text(row, "outlet_type"),
        tier=_text(row, "tier"),
        staff_source=_text(row, "staff_source"),
        new_rank=_rank(row.get("new_rank")),
    )


def access_record(accessibility: Accessibility, *, heaviest: int = HEAVIEST) -> AccessSummary:
    """The ``summary.json`` record of ``accessibility`` (the ``heaviest`` outlets, then all)."""
    table = accessibility.by_unit
    total = table[table["level"] == "total"].iloc[0]
    areas = table[table["level"] != "total"]
    bands = accessibility.bands
    return AccessSummary(
        measured=True,
        people_per_staff=accessibility.people_per_staff,
        band_weights=tuple(float(w) for w in bands.weights),
        band_minutes=tuple(float(m) for m in bands.upper_minutes or ()),
        staff=float(accessibility.outlets["staff"].sum()),
        capacity=float(accessibility.outlets["capacity"].sum()),
        people=round(float(total["people"]), 3),
        staff_per_10k=_number(total["staff_per_10k"]),
        staff_per_10k_e2sfca=_number(total["staff_per_10k_e2sfca"]),
        served=round(float(total["served"]), 3),
        over_capacity=round(float(total["over_capacity"]), 3),
        out_of_reach=round(float(total["out_of_reach"]), 3),
        units=tuple(_unit(row) for _, row in areas.iterrows()),
        heaviest=tuple(_load(row) for _, row in accessibility.heaviest(heaviest).iterrows()),
        outlets=tuple(
            _load(row) for _, row in accessibility.heaviest(len(accessibility.outlets)).iterrows()
        ),
    )
