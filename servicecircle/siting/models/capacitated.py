r"""Capacitated maximal covering: p new outlets serving the most people within capacity.

People are assigned to open outlets within the break; a demand group's
people may be split between outlets. Existing outlets keep their capacity and
are always open. With :math:`f_{ik}` the people of group :math:`k` (people
:math:`P_k`, class weight per person :math:`r_k`) served by outlet :math:`i`
(capacity :math:`c_i`), :math:`E` the pairs within the break, :math:`F` the
existing outlets and the rest as in :mod:`~servicecircle.siting.models.mclp`:

.. math::

    \max \sum_{(i,k) \in E} r_k f_{ik} \quad \text{s.t.} \quad
    & \sum_i f_{ik} \le P_k \ \forall k \ (= P_k \text{ for } k \in M), \qquad
      \sum_k f_{ik} \le c_i x_i \ \forall i, \\
    & f_{ik} \le P_k x_i \ \forall (i,k) \in E, \qquad
      \sum_{i \notin F} x_i = p, \qquad
      \sum_{i \in S_s} x_i \le 1 \ \forall s, \\
    & x_i = 1 \ (i \in F), \quad x_i \in \{0, 1\}, \quad f_{ik} \ge 0.

Heuristic: the capacity greedy of
:func:`~servicecircle.siting.heuristics.capacity.capacity_greedy`, then the
exact assignment of the chosen set by a HiGHS LP (a transportation problem);
the best uncapacitated covering plan, served within capacity, replaces it
when better; then kernel search: HiGHS solves the MIP on the chosen outlets
plus the candidates that could serve the most people left unserved, with
larger kernels while time lasts (interchanges solved exactly). ``"exact"``
(and ``"auto"`` on small instances) solves the full MIP warm-started with the
greedy plan. Bounds: the LP relaxation when affordable, else the Lagrangian
bound of :mod:`~servicecircle.siting.bounds.capacity`; the uncapacitated
covering bound; and the sum of the largest capacities.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import numpy as np

from servicecircle._progress import Progress, Said, null_progress
from servicecircle.errors import InfeasibleRequestError
from servicecircle.i18n.message import msg
from servicecircle.siting.bounds.capacity import capacity_lagrangian_bound
from servicecircle.siting.bounds.cover import top_rows
from servicecircle.siting.budget import Budget, RowRules, budget_from
from servicecircle.siting.build_order import BuildOrder
from servicecircle.siting.columns import rows_and_their_columns
from servicecircle.siting.cover_plan import mclp_plan
from servicecircle.siting.heuristics.capacity import capacity_greedy
from servicecircle.siting.mip.assignment import Assignment, assign_people, flow_start
from servicecircle.siting.mip.formulations import capacitated_model
from servicecircle.siting.mip.highs import LinearModel, relative_gap, solve_linear
from servicecircle.siting.options import ModelArgs, SolveOptions
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.reduce import (
    CoverInstance,
    cover_instance,
    uncoverable_must_cover,
)
from servicecircle.siting.results import (
    ResultParts,
    SitingResult,
    Status,
    UsedMethod,
    assemble_result,
)

__all__ = ["capacity_outcome", "solve_capacitated"]

logger = logging.getLogger(__name__)

#: "auto" runs the full MIP when the model has at most this many nonzeros.
EXACT_NNZ = 30_000
#: The LP relaxation gives the bound up to this many nonzeros; above it the Lagrangian dual.
LP_NNZ = 100_000


@dataclass(frozen=True, eq=False)
class _Capacitated:
    """The reduced instance (existing outlets kept as rows) with capacities and rules."""

    inst: CoverInstance
    rules: RowRules
    cap: np.ndarray  # capacity per row, at most the people it reaches
    ratio: np.ndarray  # class weight per person, per column
    work_ratio: np.ndarray  # the same plus a bonus for must-cover columns

    @property
    def fixed_rows(self) -> np.ndarray:
        return np.flatnonzero(self.inst.is_fixed)

    def assign(self, new_rows: np.ndarray) -> Assignment:
        """Best assignment to the existing outlets plus ``new_rows``."""
        i = self.inst
        return assign_people(
            i.A, i.weight, i.people, self.cap, np.concatenate([self.fixed_rows, new_rows])
        )

    def must_served(self, served: np.ndarray) -> bool:
        """Whether every must-cover column is served in full."""
        P, must = self.inst.people, self.inst.must
        return bool(np.all(served[must] >= P[must] - 1e-6))

    def model(self) -> LinearModel:
        i = self.inst
        return capacitated_model(i.A, i.weight, i.people, i.must, self.cap, i.is_fixed, self.rules)


@dataclass(eq=False)
class _Plan:
    """The incumbent: new rows, their assignment, the bound and how it was found."""

    rows: np.ndarray
    served: Assignment
    bound: float
    status: Status = "heuristic"
    method: UsedMethod = "heuristic"

    @property
    def value(self) -> float:
        return self.served.value


def _instance(problem: SitingProblem, budget: Budget) -> _Capacitated:
    if problem.capacity is None:
        raise TypeError("the capacitated model needs a problem with a capacity")
    inst = cover_instance(problem, keep_fixed=True, split_by_class=True)
    W, P = inst.weight, inst.people
    reach = np.asarray(inst.A @ P).ravel()
    ratio = np.divide(W, P, out=np.zeros_like(W), where=P > 0)
    big = float(ratio.max(initial=0.0)) + 1.0
    return _Capacitated(
        inst,
        RowRules(inst.type_of, inst.site_of, budget, inst.n_types),
        np.minimum(problem.capacity[inst.options], reach),
        ratio,
        ratio + big * inst.must,
    )


def _uncapacitated_start(
    problem: SitingProblem, c: _Capacitated, deadline: float, options: SolveOptions
) -> tuple[np.ndarray, float]:
    """The best uncapacitated covering plan (as rows of ``c``) and its bound, valid here too."""
    plain = cover_instance(problem)
    uncap = mclp_plan(
        plain,
        RowRules(plain.type_of, plain.site_of, c.rules.budget, plain.n_types),
        method="heuristic",
        deadline=time.perf_counter() + 0.25 * max(deadline - time.perf_counter(), 0.0),
        mip_gap=options.mip_gap,
        seed=options.seed,
    )
    row_of_option = np.full(problem.n_options, -1, dtype=np.int64)
    row_of_option[c.inst.options] = np.arange(c.inst.n_rows)
    return row_of_option[plain.options[uncap.rows]], plain.base_weight + uncap.bound


def _exact(
    c: _Capacitated,
    plan: _Plan,
    model: LinearModel,
    greedy: Assignment,
    deadline: float,
    options: SolveOptions,
) -> None:
    """The full MIP, warm-started with the greedy plan's assignment when it serves must-cover."""
    must_ok = c.must_served(plan.served.served)
    out = solve_linear(
        model,
        time_limit=max(deadline - time.perf_counter(), 0.0 if must_ok else 5.0),
        mip_rel_gap=options.mip_gap,
        start=flow_start(model, c.inst.A, greedy) if must_ok else None,
        seed=options.seed,
    )
    if out.status == "infeasible" or (out.x is None and not must_ok):
        raise InfeasibleRequestError(msg("msg.siting.must_cover_capacity"))
    plan.method = "exact"
    if out.x is not None:
        cand = np.flatnonzero(out.x[: c.inst.n_rows] > 0.5)
        cand = cand[~c.inst.is_fixed[cand]]
        found = c.assign(cand)
        if found.value >= plan.value or not must_ok:
            plan.rows, plan.served = cand, found
    if np.isfinite(out.bound):
        plan.bound = min(plan.bound, out.bound)
    plan.status = "optimal" if out.status == "optimal" else "time_limit"


def _kernel_search(
    c: _Capacitated, plan: _Plan, *, deadline: float, mip_gap: float, seed: int
) -> list[Said]:
    """Improve ``plan`` by solving the MIP on it plus the most promising other rows.

    The kernel holds the existing outlets, the chosen rows and the free rows
    that could serve the most people left unserved (capped by their
    capacity); it grows while time lasts and stops once HiGHS proves a kernel
    optimal without a better plan (an interchange neighbourhood solved
    exactly). Returns the notes for the result.
    """
    inst, cap, ratio = c.inst, c.cap, c.ratio
    A, W, P, must = inst.A, inst.weight, inst.people, inst.must
    fixed_rows = c.fixed_rows
    free = np.flatnonzero(~inst.is_fixed)
    notes: list[Said] = []
    size = max(2 * c.rules.budget.total + 20, 40)
    while deadline - time.perf_counter() > 0.5:
        remaining = deadline - time.perf_counter()
        left = np.asarray(A @ ((P - plan.served.served) * ratio)).ravel()
        score = np.minimum(cap * ratio.max(initial=0.0), left) + 1e-9 * np.asarray(A @ W).ravel()
        order = free[np.lexsort((free, -score[free]))]
        pool = np.union1d(fixed_rows, np.union1d(plan.rows, order[:size]))
        subA, cols = rows_and_their_columns(A, pool)
        model = capacitated_model(
            subA, W[cols], P[cols], must[cols], cap[pool], inst.is_fixed[pool], c.rules.subset(pool)
        )
        local_open = np.searchsorted(pool, np.concatenate([fixed_rows, plan.rows]))
        local = assign_people(subA, W[cols], P[cols], cap[pool], local_open)
        out = solve_linear(
            model,
            time_limit=min(0.6 * remaining, remaining - 0.3),
            mip_rel_gap=mip_gap,
            start=flow_start(model, subA, local),
            seed=seed,
        )
        improved = False
        if out.x is not None:
            cand = pool[out.x[: pool.size] > 0.5]
            cand = cand[~inst.is_fixed[cand]]
            found = c.assign(cand)
            if found.value > plan.value + 1e-9 * max(abs(plan.value), 1.0) and c.must_served(
                found.served
            ):
                plan.rows, plan.served, improved = cand, found, True
        logger.info("capacity kernel of %d rows: %.6g served", pool.size, plan.value)
        if pool.size >= A.shape[0]:
            break
        if out.status == "optimal" and not improved:
            notes.append(msg("msg.siting.kernel_optimal", size=size))
            break
        size = int(size * 1.6)
    return notes


def _bound_then_kernels(
    c: _Capacitated,
    plan: _Plan,
    model: LinearModel,
    *,
    started: float,
    deadline: float,
    options: SolveOptions,
) -> list[Said]:
    """Tighten the bound (LP relaxation or Lagrangian), then kernel search while it is open."""
    inst, mip_gap = c.inst, options.mip_gap
    lp_solved = False
    if model.rows.nnz <= LP_NNZ and time.perf_counter() < deadline:
        lp = solve_linear(
            model, time_limit=0.3 * (deadline - time.perf_counter()), relax=True, seed=options.seed
        )
        if lp.status == "optimal":
            plan.bound = min(plan.bound, lp.bound)
            lp_solved = True
    if not lp_solved and plan.value < plan.bound * (1 - mip_gap):
        lagrangian = capacity_lagrangian_bound(
            inst.A,
            inst.weight,
            inst.people,
            inst.must,
            c.cap,
            inst.is_fixed,
            c.rules,
            incumbent=plan.value,
            deadline=time.perf_counter() + 0.25 * max(deadline - time.perf_counter(), 0.0),
        )
        plan.bound = min(plan.bound, lagrangian)
    if plan.value < plan.bound * (1 - mip_gap):
        return _kernel_search(
            c,
            plan,
            deadline=deadline - 0.1 * (deadline - started),
            mip_gap=mip_gap,
            seed=options.seed,
        )
    return []


def _build_order(c: _Capacitated, rows: np.ndarray, seed: int) -> tuple[BuildOrder, Assignment]:
    """Order ``rows`` by the capacity greedy; what each adds; the existing outlets' assignment."""
    order_rows = capacity_greedy(c.inst, c.cap, c.rules, c.work_ratio, seed, free=rows)
    order_rows = np.concatenate([order_rows, np.setdiff1d(rows, order_rows)]).astype(np.int64)
    before = c.assign(np.zeros(0, dtype=np.int64))
    prev_v = float((before.served * c.ratio).sum())
    prev_p = float(before.served.sum())
    new_weight, new_people = [], []
    for k in range(1, order_rows.size + 1):
        now = c.assign(order_rows[:k])
        new_weight.append(now.value - prev_v)
        new_people.append(float(now.served.sum()) - prev_p)
        prev_v, prev_p = now.value, float(now.served.sum())
    order = BuildOrder(c.inst.options[order_rows], np.asarray(new_weight), np.asarray(new_people))
    return order, before


def _people_served(problem: SitingProblem, c: _Capacitated, served: np.ndarray) -> np.ndarray:
    """People served per demand unit, from people served per merged column."""
    P, col = c.inst.people, c.inst.column_of
    if P.size == 0:  # no demand unit within any break: nobody can be served
        return np.zeros(problem.n_demand)
    share = np.divide(served, P, out=np.zeros_like(P), where=P > 0)
    return np.where(col >= 0, problem.weights * share[np.maximum(col, 0)], 0.0)


def capacity_outcome(
    problem: SitingProblem, chosen: np.ndarray, seed: int
) -> tuple[BuildOrder, np.ndarray, np.ndarray]:
    """The new outlets ``chosen`` (options) in build order, and people served before and after.

    People are served within the break and within each outlet's capacity
    (the best assignment, existing outlets always open).
    """
    c = _instance(problem, Budget(total=max(int(chosen.size), 1)))
    row_of_option = np.full(problem.n_options, -1, dtype=np.int64)
    row_of_option[c.inst.options] = np.arange(c.inst.n_rows)
    rows = row_of_option[np.asarray(chosen, dtype=np.int64)]
    order, before = _build_order(c, rows[rows >= 0], seed)
    after = c.assign(rows[rows >= 0]).served
    return order, _people_served(problem, c, before.served), _people_served(problem, c, after)


def solve_capacitated(
    problem: SitingProblem,
    args: ModelArgs,
    options: SolveOptions,
    progress: Progress | None,
) -> SitingResult:
    """Choose ``args.p`` new outlets serving the most class-weighted people within capacity.

    Returns
    -------
    SitingResult
        Objective = class-weighted people served (existing outlets included);
        ``served_people`` gives people served per demand unit.

    Raises
    ------
    InfeasibleRequestError
        When the problem has no capacity, for an impossible ``p``, or when the
        must-cover units cannot all be served.
    """
    report = progress or null_progress
    if problem.capacity is None:
        raise InfeasibleRequestError(msg("msg.siting.no_capacity"))
    t0 = time.perf_counter()
    deadline = options.deadline(t0)
    c = _instance(problem, budget_from(problem, args.p))
    inst = c.inst
    uncoverable_must, notes = uncoverable_must_cover(inst, problem.must_cover)
    greedy_rows = capacity_greedy(inst, c.cap, c.rules, c.work_ratio, options.seed)
    greedy = c.assign(greedy_rows)
    report(0.4, msg("msg.siting.step.greedy_capacity", value=greedy.value))
    # the best uncapacitated plan, served within capacity, often beats the
    # capacity-aware greedy; its bound holds here too (capacity only takes away)
    plain_rows, bound = _uncapacitated_start(problem, c, deadline, options)
    plan = _Plan(greedy_rows, greedy, bound)
    plain = c.assign(plain_rows)
    if plain.value > plan.value and c.must_served(plain.served):
        plan.rows, plan.served = plain_rows, plain
        report(0.45, msg("msg.siting.step.plan_capacity", value=plan.value))
    free = np.flatnonzero(~inst.is_fixed)
    top = free[top_rows(c.cap[free], c.rules.subset(free))]
    most = float(c.ratio.max(initial=0.0)) * float(c.cap[c.fixed_rows].sum() + c.cap[top].sum())
    plan.bound = min(plan.bound, most)
    model = c.model()
    exact = options.method == "exact" or (options.method == "auto" and model.rows.nnz <= EXACT_NNZ)
    if exact or not c.must_served(plan.served.served):
        _exact(c, plan, model, greedy, deadline, options)
    else:
        notes.extend(
            _bound_then_kernels(c, plan, model, started=t0, deadline=deadline, options=options)
        )
    bound = max(plan.bound, plan.value)
    gap = relative_gap(plan.value, bound, maximize=True)
    order, before = _build_order(c, plan.rows, options.seed)
    parts = ResultParts(
        model="capacitated_mclp",
        method=plan.method,
        status="optimal" if gap <= options.mip_gap else plan.status,
        objective=plan.value,
        bound=bound,
        gap=gap,
        sense="max",
        order=order,
        served_before=_people_served(problem, c, before.served),
        served_after=_people_served(problem, c, plan.served.served),
        uncoverable_must_cover=uncoverable_must,
        notes=tuple(notes),
    )
    result = assemble_result(problem, parts, seconds=time.perf_counter() - t0)
    report(1.0, msg("msg.siting.step.done_served", share=result.share_after, gap=gap))
    return result
