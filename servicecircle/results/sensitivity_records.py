"""The records of the sensitivity checks: walking speed ±20 % and the cost of each must-cover rule.

``summary.json`` holds today's coverage at each walking speed
(:attr:`CoverageSummary.sensitivity <servicecircle.results.schema.CoverageSummary>`,
a :class:`SpeedSensitivity`); ``siting.json`` holds the same after the plan
and what each must-cover rule costs
(:attr:`SitingSummary.sensitivity
<servicecircle.results.siting_records.SitingSummary>`, a
:class:`SitingSensitivity`). Both fields default to empty records with
``measured`` False, so files written before them (or with
``--no-sensitivity``) still read. :func:`speed_record` and
:func:`rule_cost_records` turn the computed cases
(:mod:`servicecircle.coverage.speed_sensitivity`,
:mod:`servicecircle.planning.rule_cost`) into records.

>>> SpeedSensitivity.from_json({}).measured
False
>>> SitingSensitivity.from_json({"must_cover_costs": []}).speed_after.cases
()
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from servicecircle.results._codec import Record
from servicecircle.results.versioning import ByBreak

if TYPE_CHECKING:  # the records stay light to read: no geometry stack imported
    from servicecircle.coverage.speed_sensitivity import SpeedCase
    from servicecircle.planning.rule_cost import RuleCost

__all__ = [
    "MustCoverCost",
    "SitingSensitivity",
    "SpeedCoverage",
    "SpeedSensitivity",
    "rule_cost_records",
    "speed_record",
]


@dataclass(frozen=True)
class SpeedCoverage(Record):
    """Coverage with one walking mode at one speed, every other mode as set.

    ``covered`` and ``share`` are by break (any outlet within the minutes);
    ``standard_covered`` and ``standard_share`` by each outlet type's own
    minutes. ``factor`` is the speed over the speed as set (0.8, 1.0, 1.2).
    """

    mode: str
    factor: float
    speed_kmh: float
    covered: ByBreak
    share: ByBreak
    standard_covered: float | None
    standard_share: float | None


@dataclass(frozen=True)
class SpeedSensitivity(Record):
    """Coverage at walking speed -20 %, as set and +20 %: one case per walking mode and factor.

    ``measured`` is False when the check was not run (older files,
    ``--no-sensitivity``); measured with no case means no outlet walks.
    ``scaled`` is True when the walking minutes were divided by the factor
    (exact for walking, :mod:`servicecircle.coverage.speed_sensitivity`),
    False when some mode was searched again on a rebuilt network.
    """

    measured: bool = False
    factors: tuple[float, ...] = ()
    scaled: bool = True
    cases: tuple[SpeedCoverage, ...] = ()

    def case(self, mode: str, factor: float) -> SpeedCoverage | None:
        """The case of ``mode`` at ``factor``, or ``None``.

        >>> SpeedSensitivity().case("walk", 1.0) is None
        True
        """
        return next(
            (c for c in self.cases if c.mode == mode and np.isclose(c.factor, factor)), None
        )


@dataclass(frozen=True)
class MustCoverCost(Record):
    """The coverage one must-cover rule costs (:mod:`servicecircle.planning.rule_cost`).

    ``covered_with`` / ``share_with``: people covered at each type's standard
    (capacity respected) and their share of all people with the rule;
    ``*_without``: the same model and number of new outlets without it;
    ``cost_people`` / ``cost_share``: without minus with (0 when the rule is
    free). ``model`` is the model both sides were solved with; ``status`` the
    least proved of the two (``proved_optimal`` only when both were proved),
    ``gap`` the larger gap; ``seconds`` the re-solve's wall time.
    """

    rule: str
    people: float | None
    units: int
    model: str
    new_outlets: int
    covered_with: float | None
    share_with: float | None
    covered_without: float | None
    share_without: float | None
    cost_people: float | None
    cost_share: float | None
    mean_minutes_with: float | None
    mean_minutes_without: float | None
    status: str
    proved_optimal: bool
    gap: float | None
    seconds: float | None


@dataclass(frozen=True)
class SitingSensitivity(Record):
    """``siting.json``'s checks: walking speed after the plan and each must-cover rule's cost.

    ``measured`` is False when the checks were not run; measured with no cost
    means the request had no must-cover rule. The speed cases after the plan
    count who is within reach of today's and the new outlets (no capacity).
    """

    measured: bool = False
    speed_after: SpeedSensitivity = field(default_factory=SpeedSensitivity)
    must_cover_costs: tuple[MustCoverCost, ...] = ()


def _round(value: float, digits: int) -> float | None:
    return round(float(value), digits) if np.isfinite(value) else None


def speed_record(cases: Iterable[SpeedCase], *, digits: int = 3) -> SpeedSensitivity:
    """The record of computed speed cases, people and shares rounded to ``digits``."""
    from servicecircle.coverage.settings import break_key

    cases = tuple(cases)
    return SpeedSensitivity(
        measured=True,
        factors=tuple(dict.fromkeys(c.factor for c in cases)),
        scaled=all(c.scaled for c in cases),
        cases=tuple(
            SpeedCoverage(
                mode=c.mode,
                factor=c.factor,
                speed_kmh=round(c.speed_kmh, 6),
                covered={break_key(b): _round(v, digits) for b, v in c.covered.items()},
                share={break_key(b): _round(c.share(b), digits) for b in c.covered},
                standard_covered=_round(c.standard_covered, digits),
                standard_share=_round(c.standard_share, digits),
            )
            for c in cases
        ),
    )


def rule_cost_records(costs: Iterable[RuleCost], *, digits: int = 6) -> tuple[MustCoverCost, ...]:
    """The records of computed must-cover rule costs, rounded to ``digits``."""
    return tuple(
        MustCoverCost(
            rule=c.rule,
            people=_round(c.people, digits),
            units=c.units,
            model=c.model,
            new_outlets=c.new_outlets,
            covered_with=_round(c.covered_with, digits),
            share_with=_round(c.share_with, digits),
            covered_without=_round(c.covered_without, digits),
            share_without=_round(c.share_without, digits),
            cost_people=_round(c.cost_people, digits),
            cost_share=_round(c.cost_share, digits),
            mean_minutes_with=_round(c.mean_minutes_with, digits),
            mean_minutes_without=_round(c.mean_minutes_without, digits),
            status=c.status,
            proved_optimal=c.proved_optimal,
            gap=_round(c.gap, digits),
            seconds=_round(c.seconds, 3),
        )
        for c in costs
    )
