r"""Maximal covering (MCLP): p new outlets covering the most class-weighted people.

With :math:`x_i` = 1 when candidate :math:`i` opens, :math:`y_k` = 1 when
demand group :math:`k` (weight :math:`w_k`, class-weighted people) is covered,
:math:`N_k` the candidates within the break of :math:`k`, :math:`T_t` the
candidates of outlet type :math:`t`, :math:`S_s` the options on site
:math:`s` and :math:`M` the must-cover groups:

.. math::

    \max \sum_k w_k y_k \quad \text{s.t.} \quad
    & y_k \le \sum_{i \in N_k} x_i \quad \forall k, \\
    & \sum_i x_i = p \ \text{(or } \textstyle\sum_{i \in T_t} x_i = p_t
      \ \forall t \text{)}, \\
    & \sum_{i \in S_s} x_i \le 1 \quad \forall s, \qquad
      y_k = 1 \quad \forall k \in M, \\
    & x_i \in \{0, 1\}, \quad 0 \le y_k \le 1.

Demand covered by existing outlets is left out (it stays covered) and added
to the objective; demand units covered by the same candidates are merged.
The search is :func:`~servicecircle.siting.cover_plan.mclp_plan`; among
equally covering plans, swaps then lower the people-weighted minutes.
"""

from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sp

from servicecircle._progress import Progress
from servicecircle.i18n.message import msg
from servicecircle.siting.budget import RowRules, budget_from
from servicecircle.siting.build_order import build_order_cover, cover_outcome
from servicecircle.siting.cover_plan import covered_weight, mclp_plan, say
from servicecircle.siting.heuristics.tiebreak import tiebreak_minutes
from servicecircle.siting.mip.highs import relative_gap
from servicecircle.siting.options import ModelArgs, SolveOptions
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.reduce import CoverInstance, cover_instance, uncoverable_must_cover
from servicecircle.siting.results import (
    ResultParts,
    SitingResult,
    assemble_result,
)

__all__ = ["solve_mclp"]

#: With a work limit, the swaps towards fewer minutes among equally covering plans.
TIEBREAK_SWAPS_COUNTED = 5


def _fewer_minutes(
    problem: SitingProblem,
    inst: CoverInstance,
    rules: RowRules,
    rows: np.ndarray,
    deadline: float,
    max_swaps: int | None = None,
) -> np.ndarray:
    """Among plans covering as much as ``rows``, swap towards fewer weighted minutes."""
    D = sp.csr_matrix(problem.minutes)
    penalty = 2.0 * max(float(problem.breaks.max()), float(D.data.max(initial=0.0)))
    big = float(inst.weight.sum()) + 1.0 if inst.must.any() else 0.0
    return tiebreak_minutes(
        inst.A,
        inst.weight + big * inst.must,
        D,
        problem.effective_weights,
        rows,
        inst.options,
        np.flatnonzero(problem.fixed),
        rules,
        penalty=penalty,
        deadline=deadline,
        max_iter=max_swaps,
    )


def solve_mclp(
    problem: SitingProblem,
    args: ModelArgs,
    options: SolveOptions,
    progress: Progress | None,
) -> SitingResult:
    """Choose ``args.p`` new outlets covering the most class-weighted people.

    Existing outlets stay open and their coverage counts. Must-cover demand
    units are covered as hard constraints; those no candidate can reach are
    returned in ``uncoverable_must_cover`` and the rest is solved.

    Returns
    -------
    SitingResult
        Objective = class-weighted people covered (existing outlets included).

    Raises
    ------
    InfeasibleRequestError
        For p < 1, no candidates, p above the candidates available, or when
        the must-cover units need more than p new outlets.
    """
    t0 = time.perf_counter()
    # with a work limit no phase looks at the clock (the same plan however busy the machine)
    deadline = options.deadline(t0) if options.work_limit is None else float("inf")
    budget = budget_from(problem, args.p)
    inst = cover_instance(problem)
    rules = RowRules(inst.type_of, inst.site_of, budget, inst.n_types)
    uncoverable_must, notes = uncoverable_must_cover(inst, problem.must_cover)
    reduced = msg("msg.siting.step.reduced", candidates=inst.n_rows, groups=inst.n_cols)
    say(progress, 0.05, reduced)
    plan = mclp_plan(
        inst,
        rules,
        method=options.method,
        deadline=deadline,
        mip_gap=options.mip_gap,
        seed=options.seed,
        progress=progress,
        work_limit=options.work_limit,
    )
    rows = plan.rows
    if time.perf_counter() < deadline and rows.size:
        # with counted work a few swaps (each a pass over the minutes), not the clock
        few = None if options.work_limit is None else TIEBREAK_SWAPS_COUNTED
        rows = _fewer_minutes(problem, inst, rules, rows, deadline, few)
    value = covered_weight(inst.A, inst.weight, rows)
    objective = inst.base_weight + value
    bound = inst.base_weight + max(plan.bound, value)
    gap = relative_gap(objective, bound, maximize=True)
    chosen = inst.options[rows]
    before, after = cover_outcome(problem, chosen)
    parts = ResultParts(
        model="mclp",
        method=plan.method,
        status="optimal" if gap <= options.mip_gap else plan.status,
        objective=objective,
        bound=bound,
        gap=gap,
        sense="max",
        order=build_order_cover(problem, chosen, start_covered=before),
        served_before=problem.weights * before,
        served_after=problem.weights * after,
        covered_after=after,
        uncoverable_must_cover=uncoverable_must,
        notes=tuple(notes + plan.notes),
    )
    result = assemble_result(problem, parts, seconds=time.perf_counter() - t0)
    say(progress, 1.0, msg("msg.siting.step.done_share", share=result.share_after, gap=gap))
    return result
