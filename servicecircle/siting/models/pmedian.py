r"""p-median: p new outlets minimising the people-weighted mean minutes.

The matrix only holds times up to its cutoff, so a demand unit that no open
outlet reaches within the matrix is counted at ``unreachable_minutes``
(:math:`\pi`; default: twice the largest stored time or break, whichever is
larger). With :math:`z_{ik}` = 1 when group :math:`k` is served by outlet
:math:`i` (pairs :math:`E` stored in the matrix, :math:`d_{ik}` minutes),
:math:`u_k` = 1 when no open outlet reaches it, and the rest as in
:mod:`~servicecircle.siting.models.mclp` and
:mod:`~servicecircle.siting.models.capacitated`:

.. math::

    \min \sum_{(i,k) \in E} w_k d_{ik} z_{ik} + \sum_k w_k \pi u_k
    \quad \text{s.t.} \quad
    & \sum_{i:(i,k) \in E} z_{ik} + u_k = 1 \ \forall k, \qquad
      z_{ik} \le x_i \ \forall (i,k) \in E, \\
    & \sum_{i \notin F} x_i = p, \qquad \sum_{i \in S_s} x_i \le 1 \ \forall s, \qquad
      x_i = 1 \ (i \in F), \\
    & x_i \in \{0, 1\}, \quad z_{ik}, u_k \ge 0.

The result's notes say how many demand groups the penalty applied to before
the plan; ``people_beyond_cutoff`` gives the people after it.

With a capacity on some outlet :math:`c_i` (the capacitated p-median, with
:math:`P_k` people per group), also
:math:`\sum_k P_k z_{ik} \le c_i x_i \ \forall i`: people no open outlet has
room for count at :math:`\pi`. It is solved by the HiGHS MIP (``"auto"`` and
``"exact"``), warm-started with the heuristic plan and its best assignment;
the heuristic alone cannot honour capacity, so ``"heuristic"`` is refused.
People served are then counted within the break and within capacity.

Heuristic: :func:`~servicecircle.siting.heuristics.median.median_greedy`, then
:func:`~servicecircle.siting.heuristics.median.median_swap`. Bound: the LP
relaxation (HiGHS) on moderate instances, otherwise
:func:`~servicecircle.siting.bounds.median.median_lagrangian_bound`.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np

from servicecircle._progress import Progress, null_progress
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.siting.bounds.median import median_lagrangian_bound
from servicecircle.siting.budget import budget_from
from servicecircle.siting.build_order import BuildOrder, build_order_minutes, cover_outcome
from servicecircle.siting.heuristics.median import median_cost, median_greedy, median_swap
from servicecircle.siting.heuristics.tiebreak import nearest_two
from servicecircle.siting.mip.formulations import pmedian_model
from servicecircle.siting.mip.highs import LinearModel, relative_gap, solve_linear
from servicecircle.siting.models.capacitated import capacity_outcome
from servicecircle.siting.options import ModelArgs, SolveOptions
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.reduce import MedianInstance, median_instance
from servicecircle.siting.results import (
    ResultParts,
    SitingResult,
    Status,
    UsedMethod,
    assemble_result,
)

__all__ = ["solve_pmedian"]

#: "auto" runs the full MIP when the model has at most this many nonzeros.
EXACT_NNZ = 40_000
#: The LP relaxation gives the bound up to this many nonzeros; above it the Lagrangian dual.
LP_NNZ = 300_000


@dataclass(eq=False)
class _Plan:
    rows: np.ndarray  # open candidates
    cost: float  # weighted minutes
    lower: float = 0.0
    status: Status = "heuristic"
    method: UsedMethod = "heuristic"


def _penalty(problem: SitingProblem, unreachable_minutes: float | None) -> float:
    if unreachable_minutes is not None:
        penalty = float(unreachable_minutes)
    else:
        stored = float(problem.minutes.data.max(initial=0.0))
        penalty = 2.0 * max(float(problem.breaks.max()), stored)
    return penalty if penalty > 0 else 1.0


def _mip_start(inst: MedianInstance, model: LinearModel, S: np.ndarray) -> np.ndarray:
    """The plan ``S`` as a MIP start: open rows, each column served by its nearest one."""
    D = inst.D
    start = np.zeros(model.n_cols)
    start[inst.fixed] = 1
    start[S] = 1
    d1, _, who = nearest_two(D, np.concatenate([inst.fixed, S]), inst.penalty)
    ei = np.repeat(np.arange(D.shape[0]), np.diff(D.indptr))
    e_hit = (who[D.indices] == ei) & (D.data <= d1[D.indices])
    # one assignment per column: the first matching edge
    first_edge = np.full(D.shape[1], -1)
    hit_idx = np.flatnonzero(e_hit)
    first_edge[D.indices[hit_idx[::-1]]] = hit_idx[::-1]
    start[D.shape[0] + first_edge[first_edge >= 0]] = 1
    start[D.shape[0] + D.nnz + np.flatnonzero(first_edge < 0)] = 1
    return start


def _exact(inst: MedianInstance, plan: _Plan, deadline: float, options: SolveOptions) -> None:
    """The full MIP warm-started with ``plan``; keeps its plan when no worse."""
    model = pmedian_model(inst.D, inst.weight, inst.penalty, ~inst.free_mask, inst.rules)
    out = solve_linear(
        model,
        time_limit=max(deadline - time.perf_counter(), 0.5),
        mip_rel_gap=options.mip_gap,
        start=_mip_start(inst, model, plan.rows),
        seed=options.seed,
    )
    plan.method = "exact"
    if out.x is not None and out.objective <= plan.cost + 1e-9 * max(plan.cost, 1.0):
        S = np.flatnonzero(out.x[: inst.D.shape[0]] > 0.5)
        plan.rows = S[inst.free_mask[S]]
        plan.cost = median_cost(inst, np.concatenate([inst.fixed, plan.rows]))
    if np.isfinite(out.bound):
        plan.lower = max(plan.lower, out.bound)
    plan.status = "optimal" if out.status == "optimal" else "time_limit"


def _with_open(model: LinearModel, n_rows: int, open_rows: np.ndarray) -> LinearModel:
    """``model`` with its first ``n_rows`` columns fixed: 1 on ``open_rows``, else 0."""
    x = np.zeros(n_rows)
    x[open_rows] = 1.0
    return dataclasses.replace(
        model,
        col_lower=np.concatenate([x, model.col_lower[n_rows:]]),
        col_upper=np.concatenate([x, model.col_upper[n_rows:]]),
    )


def _capacitated_exact(
    problem: SitingProblem,
    inst: MedianInstance,
    plan: _Plan,
    deadline: float,
    options: SolveOptions,
) -> None:
    """The capacitated p-median MIP, warm-started with ``plan`` and its best assignment.

    The bound is the larger of HiGHS's and the uncapacitated bound
    (capacity only adds cost).
    """
    D = inst.D
    uncapacitated = _Plan(plan.rows, plan.cost)
    nnz = 2 * D.nnz + D.shape[0] + D.shape[1]
    share = time.perf_counter() + 0.3 * max(deadline - time.perf_counter(), 0.0)
    _bound(inst, uncapacitated, nnz, share, options)
    n = inst.D.shape[0]
    cap = problem.capacity if problem.capacity is not None else np.full(problem.n_options, np.inf)
    model = pmedian_model(
        inst.D,
        inst.weight,
        inst.penalty,
        ~inst.free_mask,
        inst.rules,
        people=inst.people,
        capacity=cap[inst.options],
    )
    start = solve_linear(
        _with_open(model, n, np.concatenate([inst.fixed, plan.rows])), time_limit=60.0, relax=True
    )
    out = solve_linear(
        model,
        time_limit=max(deadline - time.perf_counter(), 1.0),
        mip_rel_gap=options.mip_gap,
        start=start.x,
        seed=options.seed,
    )
    plan.method = "exact"
    plan.cost = float(start.objective)
    if out.x is not None and out.objective <= plan.cost + 1e-9 * max(plan.cost, 1.0):
        S = np.flatnonzero(out.x[:n] > 0.5)
        plan.rows, plan.cost = S[inst.free_mask[S]], float(out.objective)
    plan.lower = max(float(out.bound) if np.isfinite(out.bound) else 0.0, uncapacitated.lower)
    plan.status = "optimal" if out.status == "optimal" else "time_limit"


def _bound(
    inst: MedianInstance, plan: _Plan, nnz: int, deadline: float, options: SolveOptions
) -> None:
    """A lower bound: the LP relaxation when affordable, else the Lagrangian dual."""
    if nnz <= LP_NNZ and time.perf_counter() < deadline:
        lp = solve_linear(
            pmedian_model(inst.D, inst.weight, inst.penalty, ~inst.free_mask, inst.rules),
            time_limit=max(deadline - time.perf_counter(), 0.1),
            relax=True,
            seed=options.seed,
        )
        if lp.status == "optimal":
            plan.lower = max(plan.lower, lp.bound)
    if plan.lower <= 0:
        lagrangian = median_lagrangian_bound(
            inst, plan.cost, plan.rows, max(deadline, time.perf_counter() + 0.5)
        )
        plan.lower = max(plan.lower, lagrangian)


def _outcome(
    problem: SitingProblem, inst: MedianInstance, plan: _Plan, seed: int
) -> tuple[BuildOrder, np.ndarray, np.ndarray, np.ndarray | None]:
    """Build order, people served before and after, and who is covered after (``None``: derive).

    With a capacity, people are served within the break and within capacity.
    """
    chosen = inst.options[plan.rows]
    if problem.has_capacity:
        order, before_p, after_p = capacity_outcome(problem, chosen, seed)
        return order, before_p, after_p, None
    order = build_order_minutes(problem, chosen, penalty=inst.penalty)
    before, after = cover_outcome(problem, order.options)
    return order, problem.weights * before, problem.weights * after, after


def solve_pmedian(
    problem: SitingProblem,
    args: ModelArgs,
    options: SolveOptions,
    progress: Progress | None,
) -> SitingResult:
    r"""Choose ``args.p`` new outlets minimising people-weighted mean minutes to the nearest one.

    Class multipliers weight the people; ``args.unreachable_minutes`` is
    :math:`\pi` above.

    Returns
    -------
    SitingResult
        Objective and bound are people-weighted mean minutes (lower is better).

    Raises
    ------
    InputDataError
        For the ``"heuristic"`` method on a problem with a capacity.
    """
    report = progress or null_progress
    if problem.has_capacity and options.method == "heuristic":
        raise InputDataError(msg("msg.siting.capacity_no_heuristic", model="pmedian"))
    t0 = time.perf_counter()
    deadline = options.deadline(t0)
    budget = budget_from(problem, args.p)
    inst = median_instance(problem, budget, _penalty(problem, args.unreachable_minutes))
    total_w = float(problem.effective_weights.sum()) or 1.0
    S = median_greedy(inst, options.seed)
    S = median_swap(inst, S, t0 + 0.5 * options.time_limit)
    plan = _Plan(S, median_cost(inst, np.concatenate([inst.fixed, S])))
    report(0.4, msg("msg.siting.step.mean_search", minutes=plan.cost / total_w))
    D = inst.D
    nnz = 2 * D.nnz + D.shape[0] + D.shape[1]
    if problem.has_capacity:
        _capacitated_exact(problem, inst, plan, deadline, options)
    elif options.method == "exact" or (options.method == "auto" and nnz <= EXACT_NNZ):
        _exact(inst, plan, deadline, options)
    else:
        _bound(inst, plan, nnz, deadline, options)
    lower = min(plan.lower, plan.cost)
    gap = relative_gap(plan.cost, lower, maximize=False)
    order, served_before, served_after, after = _outcome(problem, inst, plan, options.seed)
    beyond = int((nearest_two(D, inst.fixed, inst.penalty)[0] >= inst.penalty).sum())
    parts = ResultParts(
        model="pmedian",
        method=plan.method,
        status="optimal" if gap <= options.mip_gap else plan.status,
        objective=plan.cost / total_w,
        bound=lower / total_w,
        gap=gap,
        sense="min",
        order=order,
        served_before=served_before,
        served_after=served_after,
        covered_after=after,
        notes=(msg("msg.siting.penalty", minutes=inst.penalty, groups=beyond),),
    )
    result = assemble_result(problem, parts, seconds=time.perf_counter() - t0)
    report(1.0, msg("msg.siting.step.done_mean", minutes=result.objective, gap=gap))
    return result
