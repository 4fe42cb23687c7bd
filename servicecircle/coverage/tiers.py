"""Coverage by tier of the service, and an A-E grade per township/street.

The outlets of each tier (:data:`~servicecircle.supply.cells.TIERS`; an
outlet's tier is its file's 层级 or its type's) are measured apart: a demand
unit is covered **at the community tier** when some community-tier outlet
(community window, doorstep station, employment post) reaches it within its
own type's standard, and **at the township tier** when some township-tier
outlet (街道（乡镇）服务站) does, within its type's standard. An outlet counts
for its own tier only: a township station nearby does not stand in for the
community window, nor the reverse.

Each township/street gets a grade from the people covered at every graded
tier (:data:`GRADED_TIERS`): the grade is set by the *lowest* of its tiers'
shares of people covered, against :data:`GRADE_BANDS`:

====  ==================================================
A     at least 95 % of the people covered at every tier
B     at least 85 % (and below 95 % at some tier)
C     at least 70 %
D     at least 50 %
E     below 50 % at some tier
====  ==================================================

The bands are a **planning assumption** (95 % echoes the 95 % coverage
preset of DESIGN.md, 50 % marks a street where most people lack a service
tier); edit them with ``bands``. A township with no people is not graded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from servicecircle.coverage.measure import Coverage, nearest_outlets
from servicecircle.coverage.tables import unit_names
from servicecircle.network import Network
from servicecircle.supply.cells import TIERS

#: The tiers a township/street is graded on (the county tier serves the whole county).
GRADED_TIERS: Final[tuple[str, ...]] = ("community", "township")

#: Grade -> the lowest share covered at every graded tier it needs, best first.
GRADE_BANDS: Final[Mapping[str, float]] = {"A": 0.95, "B": 0.85, "C": 0.70, "D": 0.50, "E": 0.0}


def grade_of(shares: Sequence[float], bands: Mapping[str, float] = GRADE_BANDS) -> str:
    """The grade of a township whose graded tiers cover ``shares`` of its people.

    >>> grade_of([0.97, 0.95]), grade_of([0.99, 0.86]), grade_of([0.7, 1.0]), grade_of([0.2, 1])
    ('A', 'B', 'C', 'E')
    """
    lowest = min(shares) if len(shares) else 0.0
    for grade, floor in bands.items():
        if lowest >= floor - 1e-12:
            return grade
    return list(bands)[-1]


@dataclass(frozen=True, eq=False)
class TierCoverage:
    """Coverage by tier, in total and per township/street, with the grades.

    Attributes
    ----------
    covered
        Indexed like the coverage's demand units: one boolean column per tier
        of :data:`~servicecircle.supply.cells.TIERS` (covered at that tier).
    totals
        One row per tier: ``tier``, ``outlets``, ``people``, ``covered``, ``share``.
    townships
        One row per township/street with people: ``township``, ``people``,
        ``share_<tier>`` for each graded tier, ``grade`` (A-E).
    graded_tiers, bands
        The tiers graded and the grade bands used.
    """

    covered: pd.DataFrame
    totals: pd.DataFrame
    townships: pd.DataFrame
    graded_tiers: tuple[str, ...]
    bands: Mapping[str, float]


def tier_coverage(
    coverage: Coverage,
    networks: Mapping[str, Network],
    *,
    graded_tiers: Sequence[str] = GRADED_TIERS,
    bands: Mapping[str, float] = GRADE_BANDS,
) -> TierCoverage:
    """Coverage of ``coverage``'s demand at each tier, and the township grades.

    Parameters
    ----------
    coverage
        Today's coverage; its outlets carry ``tier`` (:func:`coverage_from`).
    networks
        The network of every mode the outlets use (those coverage was measured on).
    graded_tiers
        Tiers a township's grade is drawn from.
    bands
        Grade -> lowest share needed at every graded tier (best grade first).

    Returns
    -------
    TierCoverage
        A tier without outlets covers nobody.
    """
    units = coverage.demand
    outlets = coverage.outlets
    tiers = outlets["tier"].astype(str) if "tier" in outlets.columns else None
    covered = pd.DataFrame(index=units.index)
    counts: dict[str, int] = {}
    for tier in TIERS:
        chosen = outlets[tiers == tier] if tiers is not None else outlets.iloc[:0]
        counts[tier] = len(chosen)
        if len(chosen):
            near = nearest_outlets(networks, chosen, units, settings=coverage.settings)
            covered[tier] = near["standard"].to_numpy(bool)
        else:
            covered[tier] = np.zeros(len(units), dtype=bool)
    people = units["people"].to_numpy(float)
    total = float(people.sum())
    totals = pd.DataFrame(
        [
            {
                "tier": tier,
                "outlets": counts[tier],
                "people": total,
                "covered": float(people[covered[tier].to_numpy()].sum()),
                "share": float(people[covered[tier].to_numpy()].sum()) / total if total else 0.0,
            }
            for tier in TIERS
        ]
    )
    return TierCoverage(
        covered=covered,
        totals=totals,
        townships=_township_grades(units, covered, graded_tiers, bands),
        graded_tiers=tuple(graded_tiers),
        bands=dict(bands),
    )


def _township_grades(
    units: pd.DataFrame,
    covered: pd.DataFrame,
    graded_tiers: Sequence[str],
    bands: Mapping[str, float],
) -> pd.DataFrame:
    """One row per township with people: its people, share covered per graded tier, grade."""
    people = units["people"].to_numpy(float)
    frame = pd.DataFrame({"township": unit_names(units, "township"), "people": people})
    for tier in graded_tiers:
        frame[f"covered_{tier}"] = np.where(covered[tier].to_numpy(bool), people, 0.0)
    grouped = frame.groupby("township", sort=True).sum(numeric_only=True)
    grouped = grouped[grouped["people"] > 0]
    rows = []
    for township, row in grouped.iterrows():
        shares = {tier: float(row[f"covered_{tier}"] / row["people"]) for tier in graded_tiers}
        rows.append(
            {
                "township": str(township),
                "people": float(row["people"]),
                **{f"share_{tier}": share for tier, share in shares.items()},
                "grade": grade_of(list(shares.values()), bands),
            }
        )
    columns = ["township", "people", *(f"share_{t}" for t in graded_tiers), "grade"]
    return pd.DataFrame(rows, columns=columns)


__all__ = ["GRADED_TIERS", "GRADE_BANDS", "TierCoverage", "grade_of", "tier_coverage"]
