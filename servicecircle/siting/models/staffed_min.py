r"""Fewest new outlets serving a share of people within the capacity their staff give.

Two forms, both with the target counted in people *served* (existing
outlets included, each with today's staff):

* **each outlet staffed by its type's standard** (``staff.budget`` is
  ``None``): a new outlet's capacity is its standard staff
  (:attr:`~servicecircle.siting.staff.StaffTerms.minimum`) times the people
  one staff member serves, an existing outlet's is today's staff times it;
  this is the capacitated fewest-outlets model of
  :mod:`~servicecircle.siting.models.capacitated_min` on those capacities;
* **with a staff budget** :math:`B`: the staff model's rows of
  :mod:`~servicecircle.siting.models.staffed` (staff :math:`s_i` posted to
  existing and new outlets, :math:`m_i x_i \le s_i \le u_i x_i`,
  :math:`\sum_i s_i \le B`, flows within the break and capacity), no limit
  on the count, the objective :math:`\min \sum_{i \notin F} x_i` and one more
  row :math:`\sum_{(i,k) \in E} f_{ik} \ge T P` (:math:`T` the target share of
  all people :math:`P`; must-cover groups served in full).

Heuristic (budget form): the staff greedy of
:func:`~servicecircle.siting.heuristics.staff.staff_greedy` with at most
:math:`k` new outlets, for the smallest :math:`k` (binary search) whose plan
meets the request. ``"auto"`` and ``"exact"`` then solve the MIP with HiGHS,
warm-started with it; its dual bound, rounded up, is the proven lower bound
(``"heuristic"``: the LP relaxation's, rounded up).
"""

from __future__ import annotations

import dataclasses
import math
import time

import numpy as np

from servicecircle._progress import Progress, null_progress
from servicecircle.errors import InfeasibleRequestError
from servicecircle.i18n.message import msg
from servicecircle.siting.budget import Budget
from servicecircle.siting.mip.highs import relative_gap, solve_linear
from servicecircle.siting.models.capacitated import _Capacitated, _uncapacitated_start
from servicecircle.siting.models.min_outlets import _must_cover, solve_min_outlets
from servicecircle.siting.options import ModelArgs, SolveOptions
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.reduce import uncoverable_must_cover
from servicecircle.siting.results import SitingResult, Status
from servicecircle.siting.staff import StaffTerms, model_start
from servicecircle.siting.staff_instance import (
    Staffed,
    StaffPlan,
    greedy_plan,
    staffed_instance,
    staffed_rows,
)
from servicecircle.siting.staff_result import allocation, pair_minutes, staffed_result, trim

__all__ = ["solve_staffed_min"]


def _standard(
    problem: SitingProblem,
    terms: StaffTerms,
    args: ModelArgs,
    options: SolveOptions,
    progress: Progress | None,
) -> SitingResult:
    """Each outlet at its standard staff: the capacitated fewest-outlets model, staff attached."""
    staff = np.where(problem.fixed, terms.current, terms.minimum)
    staffed = dataclasses.replace(problem, capacity=terms.people_per_staff * staff)
    plain = dataclasses.replace(args, staff=None)
    result = solve_min_outlets(staffed, plain, options, progress)
    everyone = Budget(total=max(int(problem.candidates.sum()), 1))
    budget_terms = dataclasses.replace(terms, budget=int(terms.minimum.sum()))
    c = staffed_instance(staffed, budget_terms, everyone)
    row_of = {int(o): k for k, o in enumerate(c.inst.options)}
    rows = np.asarray([row_of[int(o)] for o in result.options], dtype=np.int64)
    added = np.zeros(c.inst.n_rows)
    added[rows] = c.rows.minimum[rows]
    served = c.assign(rows, added)
    plan = StaffPlan(rows, added, served, c.value(served), 0.0)
    minutes = pair_minutes(staffed, c)
    return dataclasses.replace(result, staff=allocation(c, plan, result.options, None, minutes))


def _meets(c: Staffed, plan: StaffPlan, required: float) -> bool:
    served = float(plan.served.served.sum())
    return c.must_served(plan.served) and served >= required - 1e-6 * max(required, 1.0)


def _attempt(
    problem: SitingProblem,
    terms: StaffTerms,
    k: int,
    required: float,
    options: SolveOptions,
    deadline: float,
) -> StaffPlan | None:
    """A plan with at most ``k`` new outlets meeting the request, or ``None``.

    Tried: the staff greedy, then the best covering plan of ``k`` outlets
    (heuristic) at its minimum staff with the rest of the budget posted
    (not once ``deadline`` has passed).
    """
    c = staffed_instance(problem, terms, Budget(total=max(k, 0)))
    plan = greedy_plan(c, options.seed, math.inf)
    if _meets(c, plan, required) or k <= 0 or time.perf_counter() > deadline:
        return plan if _meets(c, plan, required) else None
    quick = dataclasses.replace(options, time_limit=min(options.time_limit * 0.05, 2.0))
    view = _Capacitated(c.inst, c.rules, c.rows.capacity(plan.added), c.ratio, c.work_ratio)
    rows, _ = _uncapacitated_start(problem, view, quick.deadline(time.perf_counter()), quick)
    new, added = staffed_rows(c, rows, options.seed)
    served = c.assign(new, added)
    covering = StaffPlan(new, added, served, c.value(served), math.inf)
    return covering if _meets(c, covering, required) else None


def _greedy_count(
    problem: SitingProblem,
    terms: StaffTerms,
    required: float,
    options: SolveOptions,
    deadline: float,
) -> tuple[Staffed, StaffPlan | None]:
    """The fewest new outlets (binary search) a heuristic plan meets the request with."""
    n_free = max(int(problem.candidates.sum()), 1)
    full = staffed_instance(problem, terms, Budget(total=n_free))
    best = greedy_plan(full, options.seed, math.inf)
    if not _meets(full, best, required):
        return full, None
    lo, hi = -1, int(best.rows.size)  # lo fails, hi meets
    while hi - lo > 1:
        mid = (lo + hi) // 2
        plan = _attempt(problem, terms, mid, required, options, deadline)
        if plan is not None:
            hi, best = mid, plan
        else:
            lo = mid
    return full, best


def _count_floor(c: Staffed, required: float) -> float:
    """New outlets needed at least, a bound no HiGHS time limit weakens.

    What today's outlets can serve at most (their circle; their staff and
    the whole budget) leaves people over; each new outlet serves at most its
    circle and its most staff's capacity.
    """
    inst, rows = c.inst, c.rows
    fixed, free = c.fixed_rows, np.flatnonzero(~inst.is_fixed)
    circle = np.zeros(inst.n_cols, dtype=bool)
    circle[inst.A[fixed].indices] = True
    staff_cap = float((rows.per[fixed] * rows.current[fixed]).sum())
    staff_cap += float(rows.budget) * float(rows.per[fixed].max(initial=0.0))
    today_most = min(float(inst.people[circle].sum()), staff_cap)
    reach = np.asarray(inst.A @ inst.people).ravel()[free]
    one_most = float(np.minimum(reach, rows.per[free] * rows.upper[free]).max(initial=0.0))
    left = required - today_most
    if left <= 1e-6 * max(required, 1.0):
        return 0.0
    return float(math.ceil(left / one_most - 1e-9)) if one_most > 0 else math.inf


def _reach_check(c: Staffed, required: float, unreachable: InfeasibleRequestError) -> None:
    """Raise ``unreachable`` when even the full MIP's LP relaxation cannot serve the request."""
    out = solve_linear(c.model(required=required), time_limit=30.0, relax=True)
    if out.status == "infeasible":
        raise unreachable


def _mip(
    full: Staffed,
    plan: StaffPlan | None,
    required: float,
    options: SolveOptions,
    deadline: float,
    unreachable: InfeasibleRequestError,
) -> tuple[StaffPlan | None, float, Status]:
    """The MIP warm-started with ``plan`` (or, heuristic, its LP): plan, lower bound, status."""
    model = full.model(required=required)
    if options.method == "heuristic" and plan is not None:
        lp = solve_linear(model, time_limit=max(deadline - time.perf_counter(), 1.0), relax=True)
        return (
            plan,
            float(math.ceil(lp.bound - 1e-6)) if lp.status == "optimal" else 0.0,
            ("heuristic"),
        )
    start = None
    if plan is not None:
        open_rows = np.concatenate([full.fixed_rows, plan.rows])
        served = plan.served
        start = model_start(model, full.inst, open_rows, plan.added, served.entries, served.flow)
    out = solve_linear(
        model,
        time_limit=max(deadline - time.perf_counter(), 1.0),
        mip_rel_gap=options.mip_gap,
        start=start,
        seed=options.seed,
    )
    if out.status == "infeasible":
        raise unreachable
    lower = float(math.ceil(out.bound - 1e-6)) if np.isfinite(out.bound) else 0.0
    if out.x is not None:
        rows, added = full.plan_of(out.x)
        found = full.assign(rows, added)
        if plan is None or rows.size <= plan.rows.size:
            plan = StaffPlan(rows, added, found, full.value(found), 0.0)
    if plan is not None:
        plan.method = "exact"
    return plan, lower, "optimal" if out.status == "optimal" else "time_limit"


def solve_staffed_min(
    problem: SitingProblem,
    args: ModelArgs,
    options: SolveOptions,
    progress: Progress | None,
) -> SitingResult:
    """Fewest new outlets serving ``args.target`` within their staff's capacity, must-cover in full.

    Raises
    ------
    InfeasibleRequestError
        When even every candidate open (with the budget's staff) cannot serve
        the target or the must-cover units.
    """
    if args.staff is None:
        raise InfeasibleRequestError(msg("msg.staffsite.no_budget"))
    terms = args.staff.checked(problem)
    if terms.budget is None:
        return _standard(problem, terms, args, options, progress)
    report = progress or null_progress
    t0 = time.perf_counter()
    deadline = options.deadline(t0)
    must = _must_cover(problem, args.target, args.must_cover_classes)
    prob = dataclasses.replace(problem, must_cover=must)
    target = float(args.target) if args.target is not None else 0.0
    required = target * float(prob.weights.sum())
    unreachable = InfeasibleRequestError(
        msg(
            "msg.staffsite.target_unreachable",
            target=target,
            candidates=int(problem.candidates.sum()),
        )
    )
    full, plan = _greedy_count(prob, terms, required, options, deadline)
    uncoverable, notes = uncoverable_must_cover(full.inst, must)
    if plan is not None:
        report(0.4, msg("msg.siting.step.capacity_min", count=int(plan.rows.size)))
        plan = dataclasses.replace(plan, served=full.assign(plan.rows, plan.added))
    else:
        _reach_check(full, required, unreachable)
    plan, lower, status = _mip(full, plan, required, options, deadline, unreachable)
    if plan is None:  # pragma: no cover - HiGHS found no plan in its time
        raise InfeasibleRequestError(msg("msg.staffsite.no_plan_in_time"))
    trim(full, plan)
    count = float(plan.rows.size)
    lower = min(max(lower, _count_floor(full, required)), count)
    final: Status = "optimal" if count <= lower else status
    gap = relative_gap(count, lower, maximize=False)
    return staffed_result(
        prob,
        full,
        plan,
        model="min_outlets",
        outcome=(final, lower, gap, count),
        uncoverable=uncoverable,
        notes=notes,
        seed=options.seed,
        seconds=time.perf_counter() - t0,
        budget=terms.budget,
    )
