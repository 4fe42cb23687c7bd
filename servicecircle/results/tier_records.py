"""The records of coverage by tier and the township/street grades in ``summary.json``.

:attr:`CoverageSummary.tiers <servicecircle.results.schema.CoverageSummary>`
is a :class:`TierCoverageSummary`, or ``None`` in files written before tiers
were measured (they still read). :func:`tier_record` turns a computed
:class:`~servicecircle.coverage.tiers.TierCoverage` into the record; the
grade bands are stored with it, so a reader knows what A-E meant.

>>> TierCoverageSummary.from_json({"tiers": [], "townships": [], "graded_tiers": [],
...     "bands": {}}).townships
()
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from servicecircle.results._codec import Record

if TYPE_CHECKING:  # the records stay light to read: no geometry stack imported
    from servicecircle.coverage.tiers import TierCoverage


@dataclass(frozen=True)
class TierShare(Record):
    """People covered at one tier (by its outlets' own standards) in the whole area."""

    tier: str
    outlets: int
    people: float | None
    covered: float | None
    share: float | None


@dataclass(frozen=True)
class TownshipGrade(Record):
    """A township/street's share of people covered at each graded tier, and its grade."""

    township: str
    people: float | None
    shares: Mapping[str, float | None]
    grade: str


@dataclass(frozen=True)
class TierCoverageSummary(Record):
    """Coverage by tier and the A-E grade of every township/street with people."""

    tiers: tuple[TierShare, ...]
    townships: tuple[TownshipGrade, ...]
    graded_tiers: tuple[str, ...]
    bands: Mapping[str, float]


def _rounded(value: object, digits: int) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return round(number, digits) if np.isfinite(number) else None


def tier_record(tiers: TierCoverage) -> TierCoverageSummary:
    """The ``summary.json`` record of ``tiers`` (people to 3 decimals, shares to 6)."""
    totals = tuple(
        TierShare(
            tier=str(row["tier"]),
            outlets=int(row["outlets"]),
            people=_rounded(row["people"], 3),
            covered=_rounded(row["covered"], 3),
            share=_rounded(row["share"], 6),
        )
        for row in tiers.totals.to_dict("records")
    )
    townships = tuple(
        TownshipGrade(
            township=str(row["township"]),
            people=_rounded(row["people"], 3),
            shares={tier: _rounded(row[f"share_{tier}"], 6) for tier in tiers.graded_tiers},
            grade=str(row["grade"]),
        )
        for row in tiers.townships.to_dict("records")
    )
    return TierCoverageSummary(
        tiers=totals,
        townships=townships,
        graded_tiers=tiers.graded_tiers,
        bands={grade: float(floor) for grade, floor in tiers.bands.items()},
    )


__all__ = ["TierCoverageSummary", "TierShare", "TownshipGrade", "tier_record"]
