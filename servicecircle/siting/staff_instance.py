"""The staff models' reduced instance and incumbent plan.

:class:`Staffed` is a reduced instance (existing outlets as fixed rows) with
its staff terms (:class:`~servicecircle.siting.staff.StaffRows`), rules and
class weights; :class:`StaffPlan` a plan on it (new rows, staff per row, the
best assignment) with its bound.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from servicecircle.siting.budget import Budget, RowRules
from servicecircle.siting.heuristics.staff import staff_greedy
from servicecircle.siting.mip.assignment import Assignment, assign_people
from servicecircle.siting.mip.highs import LinearModel
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.reduce import CoverInstance, cover_instance
from servicecircle.siting.results import Status, UsedMethod
from servicecircle.siting.staff import StaffRows, StaffTerms, staff_rows, staffed_model, whole

__all__ = ["StaffPlan", "Staffed", "greedy_plan", "staffed_instance", "staffed_rows"]


@dataclass(frozen=True, eq=False)
class Staffed:
    """The reduced instance (existing outlets as fixed rows) with its staff terms and rules."""

    inst: CoverInstance
    rows: StaffRows
    rules: RowRules
    ratio: np.ndarray  # class weight per person, per column
    work_ratio: np.ndarray  # the same plus a bonus for must-cover columns

    @property
    def fixed_rows(self) -> np.ndarray:
        """Rows of the existing outlets."""
        return np.flatnonzero(self.inst.is_fixed)

    def assign(self, new_rows: np.ndarray, added: np.ndarray) -> Assignment:
        """Best assignment (must-cover first) to the existing outlets plus ``new_rows``."""
        i = self.inst
        open_rows = np.concatenate([self.fixed_rows, np.asarray(new_rows, dtype=np.int64)])
        work = self.work_ratio * i.people
        return assign_people(i.A, work, i.people, self.rows.capacity(added), open_rows)

    def value(self, served: Assignment) -> float:
        """Class-weighted people served."""
        return float((served.served * self.ratio).sum())

    def must_served(self, served: Assignment) -> bool:
        """Whether every must-cover group is served in full."""
        P, must = self.inst.people, self.inst.must
        return bool(np.all(served.served[must] >= P[must] - 1e-6))

    def model(self, required: float | None = None) -> LinearModel:
        """The staff MIP (:func:`~servicecircle.siting.staff.staffed_model`)."""
        return staffed_model(self.inst, self.rows, self.rules, required=required)

    def plan_of(
        self, x: np.ndarray, offset: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """New rows and staff per row of a MIP solution (over rows ``offset`` of a kernel)."""
        n = self.inst.n_rows if offset is None else offset.size
        rows = np.arange(n) if offset is None else offset
        is_open = x[:n] > 0.5
        added = np.zeros(self.inst.n_rows)
        added[rows[is_open]] = [whole(v) for v in x[n : 2 * n][is_open]]
        new = rows[is_open & ~self.inst.is_fixed[rows]]
        return new, added


@dataclass(eq=False)
class StaffPlan:
    """The incumbent: new rows, staff per row, their assignment, the bound and how found."""

    rows: np.ndarray
    added: np.ndarray
    served: Assignment
    value: float
    bound: float
    status: Status = "heuristic"
    method: UsedMethod = "heuristic"

    def take(self, c: Staffed, rows: np.ndarray, added: np.ndarray, *, ties: bool = False) -> bool:
        """Take ``rows`` and ``added`` when they serve must-cover and more; whether taken.

        With ``ties`` a plan serving as many is taken too.
        """
        found = c.assign(rows, added)
        value = c.value(found)
        slack = 1e-9 * max(abs(self.value), 1.0)
        better = value > self.value + slack or (ties and value >= self.value - slack)
        if c.must_served(found) and (better or not c.must_served(self.served)):
            self.rows, self.added, self.served, self.value = rows, added, found, value
            return True
        return False


def staffed_instance(problem: SitingProblem, terms: StaffTerms, budget: Budget) -> Staffed:
    """The staff model's reduced instance of ``problem``."""
    inst = cover_instance(problem, keep_fixed=True, split_by_class=True)
    W, P = inst.weight, inst.people
    ratio = np.divide(W, P, out=np.zeros_like(W), where=P > 0)
    big = float(ratio.max(initial=0.0)) + 1.0
    rows = staff_rows(inst, terms, int(terms.budget or 0))
    rules = RowRules(inst.type_of, inst.site_of, budget, inst.n_types)
    return Staffed(inst, rows, rules, ratio, ratio + big * inst.must)


def greedy_plan(c: Staffed, seed: int, bound: float) -> StaffPlan:
    """The staff greedy's plan with its exact assignment."""
    new, added = staff_greedy(c.inst, c.rows, c.rules, c.work_ratio, seed)
    served = c.assign(new, added)
    return StaffPlan(new, added, served, c.value(served), bound)


def staffed_rows(c: Staffed, new_rows: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """New rows and staff: ``new_rows`` at their minimum staff, the rest posted by the greedy.

    The rows are opened in order while the budget affords their minimum; the
    staff greedy then posts what is left to the open outlets.
    """
    rows = c.rows
    new_rows = np.asarray(new_rows, dtype=np.int64)
    new_rows = new_rows[rows.upper[new_rows] > 0]
    cost = np.cumsum(rows.minimum[new_rows])
    new_rows = new_rows[cost <= rows.budget]
    added = np.zeros(c.inst.n_rows)
    added[new_rows] = rows.minimum[new_rows]
    is_open = c.inst.is_fixed.copy()
    is_open[new_rows] = True
    inst = dataclasses.replace(c.inst, is_fixed=is_open)
    rest = StaffRows(
        rows.per,
        rows.current + added,
        rows.minimum,
        np.where(is_open, np.maximum(rows.upper - added, 0.0), 0.0),
        int(rows.budget - added.sum()),
    )
    rules = dataclasses.replace(c.rules, budget=Budget(total=0))
    _, more = staff_greedy(inst, rest, rules, c.work_ratio, seed)
    return new_rows, added + more
