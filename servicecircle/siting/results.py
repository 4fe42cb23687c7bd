"""Siting results: chosen outlets in build order, coverage curve, class tables.

Every result carries ``status``, ``objective``, ``bound`` and ``gap``.
Status strings:

``"optimal"``     the objective meets the bound (within the requested gap)
``"time_limit"``  the exact solver stopped at the time limit
``"heuristic"``   a heuristic plan; ``bound`` and ``gap`` say how far from
                  the best possible it can at most be
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

import numpy as np
import pandas as pd

from servicecircle._progress import Said
from servicecircle.siting.build_order import BuildOrder, nearest_minutes
from servicecircle.siting.options import Model
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.staff import StaffAllocation

__all__ = [
    "ChosenSite",
    "ClassCoverage",
    "ResultParts",
    "Sense",
    "SitingResult",
    "Status",
    "UsedMethod",
    "assemble_result",
]

Status = Literal["optimal", "time_limit", "heuristic"]
UsedMethod = Literal["exact", "heuristic"]
Sense = Literal["max", "min"]
STATUSES: tuple[Status, ...] = get_args(Status)


@dataclass(frozen=True)
class ChosenSite:
    """One new outlet of a plan.

    Attributes
    ----------
    order
        Build order, 1 = first.
    option
        Row of the problem matrix (a site with an outlet type).
    site
        Site index (row of that type's matrix).
    type
        Outlet type name.
    new_people
        People newly covered (served, with capacity) when this outlet is
        added after the earlier ones.
    new_weight
        The same in class-weighted people.
    cumulative_share
        Share of all people covered once this outlet is built.
    """

    order: int
    option: int
    site: int
    type: str
    new_people: float
    new_weight: float
    cumulative_share: float


@dataclass(frozen=True)
class ClassCoverage:
    """People of one demand class covered before and after the plan."""

    name: str
    people: float
    covered_before: float
    covered_after: float

    @property
    def share_before(self) -> float:
        """Share of the class covered before the plan (1 when it has no people)."""
        return self.covered_before / self.people if self.people > 0 else 1.0

    @property
    def share_after(self) -> float:
        """Share of the class covered after the plan (1 when it has no people)."""
        return self.covered_after / self.people if self.people > 0 else 1.0


@dataclass(frozen=True, eq=False)
class _Outcome:
    """How a model's search ended: the first fields of :class:`SitingResult` and its parts."""

    model: Model
    method: UsedMethod
    status: Status
    objective: float
    bound: float
    gap: float
    sense: Sense


@dataclass(frozen=True, eq=False)
class SitingResult(_Outcome):
    """A siting plan and how good it is.

    Attributes
    ----------
    model : {"mclp", "capacitated_mclp", "min_outlets", "pmedian", "staffed_mclp"}
        The model solved.
    method : {"exact", "heuristic"}
        HiGHS MIP, or greedy, local search and HiGHS-solved kernels, as used.
    status : {"optimal", "time_limit", "heuristic"}
        How far the search got (see the module).
    objective
        The model's objective: class-weighted people covered (mclp, including
        those existing outlets cover), number of new outlets (min_outlets) or
        people-weighted total minutes (pmedian).
    bound
        Best proven bound on the objective (upper for maximising models,
        lower for minimising ones).
    gap
        Relative distance between objective and bound (0 = proven optimal).
    sense : {"max", "min"}
        Whether the objective is maximised or minimised.
    sites
        New outlets in build order.
    coverage_curve
        Share of people covered with the existing outlets and the first k new
        outlets of this plan, k = 0..p.
    coverage_by_class
        People covered by class before and after.
    covered
        Per demand unit: covered after the plan (served in full, with capacity).
    served_people
        Per demand unit: people covered (served, with capacity) after the plan.
    mean_minutes
        People-weighted mean minutes to the nearest open outlet over the
        demand units reached within the matrix cutoff.
    people_beyond_cutoff
        People no open outlet reaches within the matrix cutoff.
    uncoverable_must_cover
        Must-cover demand units that no candidate or existing outlet reaches;
        the plan covers the rest.
    seconds
        Wall time.
    notes
        Remarks for the report (reductions, time limits, penalties).
    served_before
        Per demand unit: people served by the existing outlets alone (None
        in results built without it).
    staff
        The staff models' staff of every open outlet before and after and
        the people each serves (None for the other models).
    """

    sites: tuple[ChosenSite, ...]
    coverage_curve: np.ndarray
    coverage_by_class: tuple[ClassCoverage, ...]
    covered: np.ndarray
    served_people: np.ndarray
    mean_minutes: float
    people_beyond_cutoff: float
    uncoverable_must_cover: np.ndarray
    seconds: float
    notes: tuple[Said, ...] = field(default=())
    served_before: np.ndarray | None = None
    staff: StaffAllocation | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    @property
    def options(self) -> np.ndarray:
        """Problem rows of the new outlets, in build order."""
        return np.asarray([s.option for s in self.sites], dtype=np.int64)

    @property
    def people_total(self) -> float:
        """People of every class together."""
        return float(sum(c.people for c in self.coverage_by_class))

    @property
    def share_before(self) -> float:
        """Share of people covered by existing outlets only."""
        return float(self.coverage_curve[0])

    @property
    def share_after(self) -> float:
        """Share of people covered after the plan."""
        return float(self.coverage_curve[-1])

    def sites_table(self) -> pd.DataFrame:
        """One row per new outlet, in build order."""
        return _table(self.sites, _SITE_COLUMNS)

    def coverage_table(self) -> pd.DataFrame:
        """People covered by class before and after the plan."""
        return _table(self.coverage_by_class, _CLASS_COLUMNS)


#: Column of :meth:`SitingResult.sites_table` -> attribute of :class:`ChosenSite`.
_SITE_COLUMNS: Mapping[str, str] = {
    "order": "order",
    "site": "site",
    "type": "type",
    "new_people": "new_people",
    "new_weighted": "new_weight",
    "cumulative_share": "cumulative_share",
}
#: Column of :meth:`SitingResult.coverage_table` -> attribute of :class:`ClassCoverage`.
_CLASS_COLUMNS: Mapping[str, str] = {
    "class": "name",
    "people": "people",
    "covered_before": "covered_before",
    "covered_after": "covered_after",
    "share_before": "share_before",
    "share_after": "share_after",
}


def _table(items: Iterable[object], columns: Mapping[str, str]) -> pd.DataFrame:
    """One row per item, one column per attribute named in ``columns``."""
    return pd.DataFrame(
        [{column: getattr(item, attr) for column, attr in columns.items()} for item in items],
        columns=list(columns),
    )


def class_table(
    problem: SitingProblem, served_before: np.ndarray, served_after: np.ndarray
) -> tuple[ClassCoverage, ...]:
    """People covered by class before and after, from people served per unit."""
    out = []
    for name in problem.class_names:
        mask = problem.classes == name
        out.append(
            ClassCoverage(
                name=name,
                people=float(problem.weights[mask].sum()),
                covered_before=float(served_before[mask].sum()),
                covered_after=float(served_after[mask].sum()),
            )
        )
    return tuple(out)


@dataclass(frozen=True, eq=False)
class ResultParts(_Outcome):
    """What a model found, before :func:`assemble_result` adds tables and curve.

    ``model``, ``method``, ``status``, ``objective``, ``bound``, ``gap``,
    ``sense``, ``uncoverable_must_cover`` and ``notes`` are as in
    :class:`SitingResult`.

    Attributes
    ----------
    order
        The new outlets in build order with what each adds.
    served_before, served_after
        People served per demand unit by the existing outlets, and after the plan.
    covered_after
        Per demand unit: covered after the plan; ``None`` derives it from
        ``served_after`` (served in full).
    """

    order: BuildOrder
    served_before: np.ndarray
    served_after: np.ndarray
    covered_after: np.ndarray | None = None
    uncoverable_must_cover: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    notes: tuple[Said, ...] = ()


def assemble_result(problem: SitingProblem, parts: ResultParts, *, seconds: float) -> SitingResult:
    """Put a plan together with its coverage tables and curve."""
    total = float(problem.weights.sum())
    base = float(parts.served_before.sum())
    new_people = parts.order.new_people
    cum = base + np.concatenate([[0.0], np.cumsum(new_people)])
    curve = cum / total if total > 0 else np.ones_like(cum)
    sites = tuple(
        ChosenSite(
            order=k + 1,
            option=int(r),
            site=int(problem.site_of[r]),
            type=problem.type_names[int(problem.type_of[r])],
            new_people=float(new_people[k]),
            new_weight=float(parts.order.new_weight[k]),
            cumulative_share=float(curve[k + 1]),
        )
        for k, r in enumerate(parts.order.options)
    )
    open_rows = np.concatenate(
        [np.flatnonzero(problem.fixed), np.asarray(parts.order.options, dtype=np.int64)]
    )
    near = nearest_minutes(problem, open_rows)
    reach = np.isfinite(near)
    ppl = problem.weights
    mean = float((ppl[reach] * near[reach]).sum() / ppl[reach].sum()) if ppl[reach].sum() else 0.0
    served = parts.served_after
    return SitingResult(
        model=parts.model,
        method=parts.method,
        status=parts.status,
        objective=float(parts.objective),
        bound=float(parts.bound),
        gap=float(parts.gap),
        sense=parts.sense,
        sites=sites,
        coverage_curve=curve,
        coverage_by_class=class_table(problem, parts.served_before, served),
        covered=(
            parts.covered_after
            if parts.covered_after is not None
            else served >= ppl - 1e-9 * np.maximum(ppl, 1.0)
        ),
        served_people=served,
        mean_minutes=mean,
        people_beyond_cutoff=float(ppl[~reach].sum()),
        uncoverable_must_cover=np.asarray(parts.uncoverable_must_cover, dtype=np.int64),
        seconds=float(seconds),
        notes=parts.notes,
        served_before=np.asarray(parts.served_before, dtype=float),
    )
