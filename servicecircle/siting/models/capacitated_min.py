r"""Fewest new outlets serving a share of people *within capacity*.

The capacitated form of :mod:`~servicecircle.siting.models.min_outlets`: the
target counts people served (each outlet serves at most its capacity, people
may be split between outlets within the break), existing outlets always open
with their own capacity. With the flows :math:`f_{ik}` and the rest as in
:mod:`~servicecircle.siting.models.capacitated` (:math:`T` the target share
of all people :math:`P`):

.. math::

    \min \sum_{i \notin F} x_i \quad \text{s.t.} \quad
    & \sum_i f_{ik} \le P_k \ \forall k \ (= P_k \text{ for } k \in M), \qquad
      \sum_k f_{ik} \le c_i x_i \ \forall i, \qquad
      f_{ik} \le P_k x_i \ \forall (i,k) \in E, \\
    & \sum_{(i,k) \in E} f_{ik} \ge T P, \qquad
      \sum_{i \in S_s} x_i \le 1 \ \forall s, \qquad
      x_i = 1 \ (i \in F), \quad x_i \in \{0, 1\}, \quad f_{ik} \ge 0.

Heuristic: the capacity greedy order of
:func:`~servicecircle.siting.heuristics.capacity.capacity_greedy`, cut at the
shortest prefix whose best assignment (a HiGHS LP) meets the request.
``"auto"`` and ``"exact"`` then solve the MIP with HiGHS, warm-started with
that prefix; its dual bound (rounded up) is the proven lower bound.
"""

from __future__ import annotations

import math
import time

import numpy as np

from servicecircle._progress import Progress, null_progress
from servicecircle.errors import InfeasibleRequestError
from servicecircle.i18n.message import msg
from servicecircle.siting.budget import Budget, RowRules
from servicecircle.siting.heuristics.capacity import capacity_greedy
from servicecircle.siting.mip.assignment import Assignment, assign_people, flow_start
from servicecircle.siting.mip.formulations import capacitated_min_model
from servicecircle.siting.mip.highs import relative_gap, solve_linear
from servicecircle.siting.models.capacitated import capacity_outcome
from servicecircle.siting.options import SolveOptions
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.reduce import CoverInstance, cover_instance, uncoverable_must_cover
from servicecircle.siting.results import (
    ResultParts,
    SitingResult,
    Status,
    UsedMethod,
    assemble_result,
)

__all__ = ["solve_capacitated_min"]

#: The LP relaxation gives the bound of a heuristic plan up to this many nonzeros.
LP_NNZ = 100_000


class _Served:
    """The reduced instance with capacities: who is served by a set of new rows."""

    def __init__(self, problem: SitingProblem) -> None:
        if problem.capacity is None:
            raise TypeError("the capacitated model needs a problem with a capacity")
        self.inst: CoverInstance = cover_instance(problem, keep_fixed=True, split_by_class=True)
        i = self.inst
        reach = np.asarray(i.A @ i.people).ravel()
        self.cap = np.minimum(problem.capacity[i.options], reach)
        # must-cover people first, then anyone: the assignment serving the most
        self.work = i.people * (1.0 + (float(i.people.sum()) + 1.0) * i.must)
        self.fixed_rows = np.flatnonzero(i.is_fixed)

    def assign(self, new_rows: np.ndarray) -> Assignment:
        rows = np.concatenate([self.fixed_rows, new_rows]).astype(np.int64)
        return assign_people(self.inst.A, self.work, self.inst.people, self.cap, rows)

    def meets(self, served: Assignment, required: float) -> bool:
        P, must = self.inst.people, self.inst.must
        enough = float(served.served.sum()) >= required - 1e-6 * max(required, 1.0)
        return enough and bool(np.all(served.served[must] >= P[must] - 1e-6))


def _check_reachable(s: _Served, problem: SitingProblem, required: float, target: float) -> None:
    """Raise the planner's error when even every candidate open cannot meet the request."""
    most = s.assign(np.flatnonzero(~s.inst.is_fixed))
    P, must = s.inst.people, s.inst.must
    if not np.all(most.served[must] >= P[must] - 1e-6):
        raise InfeasibleRequestError(msg("msg.siting.must_cover_capacity_min"))
    total = float(problem.weights.sum()) or 1.0
    if float(most.served.sum()) < required - 1e-6 * max(required, 1.0):
        raise InfeasibleRequestError(
            msg(
                "msg.siting.target_unreachable_capacity",
                candidates=int(problem.candidates.sum()),
                reach=float(most.served.sum()) / total,
                target=target,
            )
        )


def _greedy_prefix(s: _Served, required: float, seed: int) -> np.ndarray | None:
    """The shortest prefix of the capacity greedy order meeting the request (``None``: none)."""
    i = s.inst
    n_free = int((~i.is_fixed).sum())
    rules = RowRules(i.type_of, i.site_of, Budget(total=max(n_free, 1)), i.n_types)
    ratio = s.work / np.maximum(i.people, 1e-12)
    order = capacity_greedy(i, s.cap, rules, ratio, seed)
    if s.meets(s.assign(order[:0]), required):
        return order[:0]
    if not s.meets(s.assign(order), required):
        return None
    lo, hi = 0, order.size  # lo fails, hi meets
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if s.meets(s.assign(order[:mid]), required):
            hi = mid
        else:
            lo = mid
    return order[:hi]


def _solve_mip(
    s: _Served,
    start: np.ndarray | None,
    required: float,
    options: SolveOptions,
    deadline: float,
    *,
    relax: bool = False,
) -> tuple[np.ndarray | None, float, Status]:
    """The MIP (or its LP relaxation): the new rows found, the lower bound, the status."""
    i = s.inst
    model = capacitated_min_model(i.A, i.people, i.must, s.cap, i.is_fixed, i.site_of, required)
    if relax and model.rows.nnz > LP_NNZ:
        return None, 0.0, "heuristic"
    warm = None if start is None else flow_start(model, i.A, s.assign(start))
    out = solve_linear(
        model,
        time_limit=max(deadline - time.perf_counter(), 1.0),
        mip_rel_gap=options.mip_gap,
        relax=relax,
        start=warm,
        seed=options.seed,
    )
    if out.status == "infeasible":
        raise InfeasibleRequestError(msg("msg.siting.must_cover_capacity_min"))
    lower = math.ceil(out.bound - 1e-6) if np.isfinite(out.bound) else 0.0
    if relax or out.x is None:
        return None, float(lower), "heuristic" if relax else "time_limit"
    rows = np.flatnonzero(out.x[: i.n_rows] > 0.5)
    status: Status = "optimal" if out.status == "optimal" else "time_limit"
    return rows[~i.is_fixed[rows]], float(lower), status


def _capacity_floor(s: _Served, required: float) -> float:
    """New outlets needed at least: the people the existing ones leave over the largest capacity."""
    free = ~s.inst.is_fixed
    largest = float(s.cap[free].max(initial=0.0))
    left = required - float(s.assign(np.zeros(0, dtype=np.int64)).served.sum())
    if left <= 1e-6 * max(required, 1.0) or largest <= 0:
        return 0.0
    return float(math.ceil(left / largest - 1e-9))


def solve_capacitated_min(
    problem: SitingProblem,
    target: float | None,
    options: SolveOptions,
    progress: Progress | None,
    *,
    floor: float = 0.0,
) -> SitingResult:
    """Fewest new outlets serving ``target`` of all people within capacity, must-cover in full.

    ``problem.must_cover`` already holds the must-cover classes; ``floor``
    is a known lower bound on the count (the fewest outlets without
    capacity: capacity only takes away). The bound reported is the largest
    of it, the people left over the largest capacity, and HiGHS's.

    Returns
    -------
    SitingResult
        Objective = number of new outlets, bound = proven lower bound;
        ``served_people`` gives people served within capacity per unit.

    Raises
    ------
    InfeasibleRequestError
        When even every candidate open cannot serve the target or the
        must-cover units within capacity (saying what is achievable).
    """
    report = progress or null_progress
    t0 = time.perf_counter()
    deadline = options.deadline(t0)
    s = _Served(problem)
    uncoverable_must, notes = uncoverable_must_cover(s.inst, problem.must_cover)
    share = float(target) if target is not None else 0.0
    required = share * float(problem.weights.sum())
    _check_reachable(s, problem, required, share)
    rows = _greedy_prefix(s, required, options.seed)
    floor = max(floor, _capacity_floor(s, required))
    lower = 0.0
    status: Status = "heuristic"
    method: UsedMethod = "heuristic"
    if rows is not None:
        report(0.4, msg("msg.siting.step.capacity_min", count=int(rows.size)))
    if rows is not None and rows.size <= floor:
        lower = floor  # the greedy plan meets the bound: proven
    elif options.method != "heuristic" or rows is None:
        found, lower, status = _solve_mip(s, rows, required, options, deadline)
        method = "exact"
        if found is not None and (rows is None or found.size <= rows.size):
            rows = found
    elif rows.size:
        lower = _solve_mip(s, None, required, options, deadline, relax=True)[1]
    lower = max(lower, floor)
    if rows is None:  # pragma: no cover - HiGHS found no plan in its time
        raise InfeasibleRequestError(msg("msg.siting.must_cover_capacity_min"))
    k = int(rows.size)
    lower = min(lower, float(k))
    order, before, after = capacity_outcome(problem, s.inst.options[rows], options.seed)
    if k == 0 and not uncoverable_must.size:
        notes.append(msg("msg.siting.already_met"))
    parts = ResultParts(
        model="min_outlets",
        method=method,
        status="optimal" if k == lower else status,
        objective=float(k),
        bound=lower,
        gap=relative_gap(float(k), lower, maximize=False),
        sense="min",
        order=order,
        served_before=before,
        served_after=after,
        uncoverable_must_cover=uncoverable_must,
        notes=tuple(notes),
    )
    result = assemble_result(problem, parts, seconds=time.perf_counter() - t0)
    report(1.0, msg("msg.siting.step.capacity_min", count=k))
    return result
