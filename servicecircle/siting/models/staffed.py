r"""Siting with staff: at most p new outlets and a staff budget, serving the most people.

The model chooses new sites AND posts a budget of :math:`B` staff across
existing and new outlets; an outlet serves at most its staff times the people
one staff member serves (its type's standard, :math:`q_i`). With :math:`x_i`
open (1 for existing outlets :math:`F`), :math:`s_i` the whole number of
staff posted to outlet :math:`i` (a new outlet's whole staff), :math:`a_i`
the staff an existing outlet has today (0 for a new one), :math:`m_i` the
fewest staff a new outlet of its type opens with (its standard),
:math:`u_i` the most staff worth posting (enough to serve everyone it
reaches, at most :math:`B`), flows :math:`f_{ik}` of people of group
:math:`k` within the break (pairs :math:`E`), :math:`r_k` the class weight
per person and the rest as in :mod:`~servicecircle.siting.models.capacitated`:

.. math::

    \max \sum_{(i,k) \in E} r_k f_{ik} \quad \text{s.t.} \quad
    & \sum_i f_{ik} \le P_k \ \forall k \ (= P_k \text{ for } k \in M), \qquad
      \sum_k f_{ik} \le q_i (a_i + s_i) \ \forall i, \qquad
      f_{ik} \le P_k x_i \ \forall (i,k) \in E, \\
    & m_i x_i \le s_i \le u_i x_i \ (i \notin F), \qquad
      \sum_i s_i \le B, \qquad
      \sum_{i \notin F} x_i \le p, \qquad
      \sum_{i \in S_s} x_i \le 1 \ \forall s, \\
    & x_i = 1 \ (i \in F), \quad x_i \in \{0, 1\}, \quad s_i \in \mathbb{Z}_{\ge 0},
      \quad f_{ik} \ge 0.

Among plans serving as many, the search keeps the best covering plan's
sites (staffed at their minimum, the rest of the budget posted greedily)
when it is one of them: when every staff member is busy, many site sets
serve the same people and this one reaches the most within the break (a
preference of the search, not a term of the objective; a plan HiGHS or the
kernels find serving more replaces it).

At most :math:`p` new outlets (not exactly :math:`p`): a new outlet takes
staff from the budget, and the staff may serve more people at an existing
outlet. An opened outlet that ends up serving nobody is closed again and its
staff left unposted.

Heuristic: the staff greedy of
:func:`~servicecircle.siting.heuristics.staff.staff_greedy` (one staff member
or one new outlet at a time, the most people per staff member first), then
the exact assignment of its outlets and staff by a HiGHS LP; then kernel
search: HiGHS solves the staff MIP on the existing outlets, the chosen ones
and the candidates that could serve the most people left unserved, with
larger kernels while time lasts. ``"exact"`` (and ``"auto"`` on small
instances) solves the full MIP warm-started with the greedy plan. Bounds:
the LP relaxation when affordable, else the people the existing outlets'
staff and the budget's staff could serve at most (each staff member at the
largest people per staff member); the heuristic never claims a plan optimal
beyond what its bound proves.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from servicecircle._progress import Progress, Said, null_progress
from servicecircle.errors import InfeasibleRequestError
from servicecircle.i18n.message import msg
from servicecircle.siting.budget import budget_from
from servicecircle.siting.columns import rows_and_their_columns
from servicecircle.siting.mip.highs import relative_gap, solve_linear
from servicecircle.siting.models.capacitated import _Capacitated, _uncapacitated_start
from servicecircle.siting.options import ModelArgs, SolveOptions
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.reduce import uncoverable_must_cover
from servicecircle.siting.results import SitingResult, Status
from servicecircle.siting.staff import (
    StaffRows,
    model_start,
)
from servicecircle.siting.staff_instance import (
    Staffed,
    StaffPlan,
    greedy_plan,
    staffed_instance,
    staffed_rows,
)
from servicecircle.siting.staff_result import staffed_result

__all__ = ["solve_staffed"]

#: "auto" runs the full MIP when the model has at most this many nonzeros.
EXACT_NNZ = 30_000
#: The LP relaxation gives the bound up to this many nonzeros (in 0.3 of the time left).
LP_NNZ = 2_000_000


def _simple_bound(c: Staffed) -> float:
    """Most people served: today's staff plus the budget, each at the largest people per staff."""
    inst, rows = c.inst, c.rows
    reach = np.asarray(inst.A @ inst.people).ravel()
    fixed = c.fixed_rows
    today = float(np.minimum(rows.per[fixed] * rows.current[fixed], reach[fixed]).sum())
    most = today + float(rows.budget) * float(rows.per.max(initial=0.0))
    top = float(c.ratio.max(initial=0.0))
    return min(top * most, float((inst.people * c.ratio).sum()))


def _exact(c: Staffed, plan: StaffPlan, deadline: float, options: SolveOptions) -> None:
    """The full MIP, warm-started with ``plan`` when it serves every must-cover group."""
    model = c.model()
    must_ok = c.must_served(plan.served)
    open_rows = np.concatenate([c.fixed_rows, plan.rows])
    start = model_start(model, c.inst, open_rows, plan.added, plan.served.entries, plan.served.flow)
    out = solve_linear(
        model,
        time_limit=max(deadline - time.perf_counter(), 0.0 if must_ok else 5.0),
        mip_rel_gap=options.mip_gap,
        start=start if must_ok else None,
        seed=options.seed,
    )
    if out.status == "infeasible" or (out.x is None and not must_ok):
        raise InfeasibleRequestError(msg("msg.staffsite.must_cover"))
    plan.method = "exact"
    if out.x is not None:
        plan.take(c, *c.plan_of(out.x))
    if np.isfinite(out.bound):
        plan.bound = min(plan.bound, out.bound)
    plan.status = "optimal" if out.status == "optimal" else "time_limit"


def _kernel(c: Staffed, pool: np.ndarray) -> Staffed:
    """``c`` on the rows ``pool`` only (and the columns they reach)."""
    i, r = c.inst, c.rows
    subA, cols = rows_and_their_columns(i.A, pool)
    inst = dataclasses.replace(
        i,
        A=subA,
        weight=i.weight[cols],
        people=i.people[cols],
        must=i.must[cols],
        options=i.options[pool],
        is_fixed=i.is_fixed[pool],
        type_of=i.type_of[pool],
        site_of=i.site_of[pool],
    )
    rows = StaffRows(r.per[pool], r.current[pool], r.minimum[pool], r.upper[pool], r.budget)
    return Staffed(inst, rows, c.rules.subset(pool), c.ratio[cols], c.work_ratio[cols])


def _kernel_search(
    c: Staffed, plan: StaffPlan, *, deadline: float, options: SolveOptions
) -> list[Said]:
    """Improve ``plan`` by the staff MIP on it plus the most promising other rows."""
    inst = c.inst
    free = np.flatnonzero(~inst.is_fixed)
    notes: list[Said] = []
    size = max(2 * c.rules.budget.total + 20, 40)
    while deadline - time.perf_counter() > 0.5:
        remaining = deadline - time.perf_counter()
        left = np.asarray(inst.A @ ((inst.people - plan.served.served) * c.ratio)).ravel()
        score = np.minimum(c.rows.upper * c.rows.per * c.ratio.max(initial=0.0), left)
        order = free[np.lexsort((free, -score[free]))]
        pool = np.union1d(c.fixed_rows, np.union1d(plan.rows, order[:size]))
        k = _kernel(c, pool)
        model = k.model()
        local = np.searchsorted(pool, np.concatenate([c.fixed_rows, plan.rows]))
        served = k.assign(np.searchsorted(pool, plan.rows), plan.added[pool])
        start = model_start(model, k.inst, local, plan.added[pool], served.entries, served.flow)
        out = solve_linear(
            model,
            time_limit=min(0.6 * remaining, remaining - 0.3),
            mip_rel_gap=options.mip_gap,
            start=start,
            seed=options.seed,
        )
        improved = out.x is not None and plan.take(c, *c.plan_of(out.x, pool))
        if pool.size >= inst.n_rows:
            if out.status == "optimal":
                plan.bound = min(plan.bound, out.bound)
            break
        if out.status == "optimal" and not improved:
            notes.append(msg("msg.siting.kernel_optimal", size=size))
            break
        size = int(size * 1.6)
    return notes


def _bound_then_kernels(
    c: Staffed, plan: StaffPlan, *, started: float, deadline: float, options: SolveOptions
) -> list[Said]:
    """The LP relaxation's bound (when affordable), then kernel search while the gap is open."""
    if plan.value >= plan.bound * (1 - options.mip_gap):
        return []  # proven by the covering bound already
    model = c.model()
    if model.rows.nnz <= LP_NNZ:
        lp = solve_linear(
            model, time_limit=0.3 * max(deadline - time.perf_counter(), 0.0), relax=True
        )
        if lp.status == "optimal":
            plan.bound = min(plan.bound, lp.bound)
    if plan.value < plan.bound * (1 - options.mip_gap):
        end = deadline - 0.1 * (deadline - started)
        return _kernel_search(c, plan, deadline=end, options=options)
    return []


def solve_staffed(
    problem: SitingProblem,
    args: ModelArgs,
    options: SolveOptions,
    progress: Progress | None,
) -> SitingResult:
    """At most ``args.p`` new outlets and ``args.staff.budget`` staff posted, serving the most.

    Returns
    -------
    SitingResult
        Objective = class-weighted people served within capacity (existing
        outlets included); ``staff`` holds each open outlet's staff before
        and after and the people it serves.

    Raises
    ------
    InfeasibleRequestError
        Without staff terms or a budget, for an impossible ``p``, or when the
        must-cover units cannot all be served.
    """
    report = progress or null_progress
    if args.staff is None or args.staff.budget is None:
        raise InfeasibleRequestError(msg("msg.staffsite.no_budget"))
    t0 = time.perf_counter()
    deadline = options.deadline(t0)
    terms = args.staff.checked(problem)
    c = staffed_instance(problem, terms, budget_from(problem, args.p))
    uncoverable, notes = uncoverable_must_cover(c.inst, problem.must_cover)
    plan = greedy_plan(c, options.seed, _simple_bound(c))
    report(0.4, msg("msg.staffsite.step.greedy", value=plan.value))
    # the best covering plan bounds the people served (capacity only takes away), and
    # staffed at its minimum plus the rest of the budget it is often a good plan too
    view = _Capacitated(c.inst, c.rules, c.rows.capacity(plan.added), c.ratio, c.work_ratio)
    plain_rows, cover_bound = _uncapacitated_start(problem, view, deadline, options)
    plan.bound = min(plan.bound, cover_bound)
    # on a tie the covering plan's sites stay: as many served, more people within the break
    plan.take(c, *staffed_rows(c, plain_rows, options.seed), ties=True)
    exact = options.method == "exact" or (
        options.method == "auto" and c.inst.A.nnz + 4 * c.inst.n_rows <= EXACT_NNZ
    )
    if exact or not c.must_served(plan.served):
        _exact(c, plan, deadline, options)
    else:
        notes += _bound_then_kernels(c, plan, started=t0, deadline=deadline, options=options)
    bound = max(plan.bound, plan.value)
    gap = relative_gap(plan.value, bound, maximize=True)
    status: Status = "optimal" if gap <= options.mip_gap else plan.status
    result = staffed_result(
        problem,
        c,
        plan,
        model="staffed_mclp",
        outcome=(status, bound, gap, plan.value),
        uncoverable=uncoverable,
        notes=notes,
        seed=options.seed,
        seconds=time.perf_counter() - t0,
    )
    report(1.0, msg("msg.siting.step.done_served", share=result.share_after, gap=gap))
    return result
