r"""Fewest new outlets: reach a coverage target, or cover every must-cover unit.

The target is a share of *people* (existing outlets' coverage included). With
:math:`P_k` the people of demand group :math:`k`, :math:`R` the people still
to cover beyond the existing outlets and the rest as in
:mod:`~servicecircle.siting.models.mclp` (a partial set covering problem):

.. math::

    \min \sum_i x_i \quad \text{s.t.} \quad
    & y_k \le \sum_{i \in N_k} x_i \quad \forall k, \qquad
      \sum_k P_k y_k \ge R, \\
    & \sum_{i \in S_s} x_i \le 1 \quad \forall s, \qquad
      y_k = 1 \quad \forall k \in M, \\
    & x_i \in \{0, 1\}, \quad 0 \le y_k \le 1.

With a capacity on some outlet, the target counts people *served* within
capacity: :mod:`~servicecircle.siting.models.capacitated_min`.

When every reachable group (or only the must-cover ones) must be covered, it
is a pure set covering problem, shrunk by
:func:`~servicecircle.siting.set_cover.reduce_set_cover` first. The count is
searched by :func:`~servicecircle.siting.fewest_rows.fewest_rows`. Among plans
with the fewest outlets, the one covering the most class-weighted people is
kept (maximal covering with that number, warm-started).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from servicecircle._progress import Progress, null_progress
from servicecircle.errors import InfeasibleRequestError
from servicecircle.i18n.message import msg
from servicecircle.siting.budget import Budget, RowRules
from servicecircle.siting.build_order import build_order_cover, cover_outcome
from servicecircle.siting.cover_plan import covered_weight, mclp_plan
from servicecircle.siting.fewest_rows import Count, fewest_rows, meets
from servicecircle.siting.mip.highs import relative_gap
from servicecircle.siting.models.capacitated_min import solve_capacitated_min
from servicecircle.siting.options import ModelArgs, SolveOptions
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.reduce import CoverInstance, cover_instance, uncoverable_must_cover
from servicecircle.siting.results import (
    ResultParts,
    SitingResult,
    assemble_result,
)
from servicecircle.siting.set_cover import reduce_set_cover

__all__ = ["solve_min_outlets"]


def _must_cover(
    problem: SitingProblem, target: float | None, must_cover_classes: Sequence[str]
) -> np.ndarray:
    """The must-cover units with the classes added; checks that something is asked."""
    must = problem.must_cover.copy()
    for name in must_cover_classes:
        hit = problem.classes == str(name)
        if not hit.any():
            raise InfeasibleRequestError(
                msg("msg.siting.no_class", name=name, classes=list(problem.class_names))
            )
        must |= hit
    if target is None and not must.any():
        raise InfeasibleRequestError(msg("msg.siting.no_target"))
    if target is not None and not 0.0 < float(target) <= 1.0:
        raise InfeasibleRequestError(msg("msg.siting.bad_target", target=target))
    if not problem.candidates.any():
        raise InfeasibleRequestError(msg("msg.siting.no_candidates_short"))
    return must


def _required(problem: SitingProblem, inst: CoverInstance, target: float | None) -> float:
    """People the new outlets must cover; raises when all candidates together fall short."""
    total = float(problem.weights.sum())
    share = float(target) if target is not None else 0.0
    required_total = share * total
    reachable = inst.base_people + float(inst.people.sum())
    if required_total > reachable + 1e-9 * max(total, 1.0):
        n_cand = int(problem.candidates.sum())
        raise InfeasibleRequestError(
            msg(
                "msg.siting.target_unreachable",
                candidates=n_cand,
                reach=reachable / total,
                target=share,
            )
        )
    return max(required_total - inst.base_people, 0.0)


def _uncapacitated_floor(
    problem: SitingProblem, target: float | None, options: SolveOptions
) -> float:
    """The proven fewest outlets without capacity: a bound with it (capacity only takes away)."""
    quick = dataclasses.replace(options, time_limit=0.25 * options.time_limit)
    plain = dataclasses.replace(problem, capacity=None)
    try:
        return float(solve_min_outlets(plain, ModelArgs(target=target), quick, None).bound)
    except InfeasibleRequestError:  # pragma: no cover - the capacitated checks say why
        return 0.0


def _check_must_reachable(
    problem: SitingProblem, inst: CoverInstance, uncoverable_must: np.ndarray, target: float | None
) -> None:
    """Raise when only must-cover units are asked and no outlet or candidate reaches any of them."""
    if target is not None or not uncoverable_must.size:
        return
    if uncoverable_must.size < int(problem.must_cover.sum()):
        return
    total = float(problem.weights.sum()) or 1.0
    reach = (inst.base_people + float(inst.people.sum())) / total
    raise InfeasibleRequestError(
        msg("msg.siting.must_cover_unreachable", units=int(uncoverable_must.size), reach=reach)
    )


def _full_cover_instance(
    inst: CoverInstance, cols: np.ndarray
) -> tuple[CoverInstance, np.ndarray, np.ndarray]:
    """The set-cover reduction of ``inst`` restricted to ``cols``, one unit per column.

    Returns the reduced instance (rows renumbered), the row of ``inst`` for
    each of its rows, and the rows of ``inst`` that every cover opens.
    """
    A = sp.csr_matrix(inst.A[:, cols])
    red = reduce_set_cover(A, site_of=inst.site_of)
    if red.uncoverable.size:
        raise InfeasibleRequestError(
            msg("msg.siting.two_types_one_site", groups=int(red.uncoverable.size))
        )
    ones = np.ones(red.cols.size)
    sub = dataclasses.replace(
        inst,
        A=red.A,
        weight=ones,
        people=ones,
        must=np.zeros(red.cols.size, dtype=bool),
        options=inst.options[red.rows],
        is_fixed=inst.is_fixed[red.rows],
        type_of=inst.type_of[red.rows],
        site_of=inst.site_of[red.rows],
    )
    return sub, red.rows, red.forced


def _full_cover(
    inst: CoverInstance,
    cols: np.ndarray,
    options: SolveOptions,
    deadline: float,
    progress: Progress | None,
) -> Count:
    """Fewest rows covering every column in ``cols``: a set cover, reduced before it is solved."""
    sub, sub_rows, forced = _full_cover_instance(inst, cols)
    if sub.n_cols:
        count = fewest_rows(
            sub,
            float(sub.n_cols),
            method=options.method,
            deadline=deadline,
            mip_gap=options.mip_gap,
            seed=options.seed,
            progress=progress,
        )
    else:
        count = Count(np.zeros(0, dtype=np.int64), 0, "optimal", "exact")
    count.rows = np.concatenate([forced, sub_rows[count.rows]]).astype(np.int64)
    count.lower += forced.size
    return count


def _most_weight(
    inst: CoverInstance, rows: np.ndarray, required: float, options: SolveOptions, deadline: float
) -> np.ndarray:
    """Among plans with as many rows as ``rows`` that meet the request, one covering more weight."""
    k_rules = RowRules(inst.type_of, inst.site_of, Budget(total=rows.size), inst.n_types)
    plan = mclp_plan(
        inst,
        k_rules,
        method="heuristic",
        deadline=deadline,
        mip_gap=options.mip_gap,
        seed=options.seed,
    )
    if meets(inst, plan.rows, required) and covered_weight(
        inst.A, inst.weight, plan.rows
    ) > covered_weight(inst.A, inst.weight, rows):
        return plan.rows
    return rows


def solve_min_outlets(
    problem: SitingProblem,
    args: ModelArgs,
    options: SolveOptions,
    progress: Progress | None,
) -> SitingResult:
    """Find the fewest new outlets that reach ``args.target`` and cover all must-cover units.

    ``args.target`` is a share of all people, 0..1, existing outlets
    included (``None`` asks only for the must-cover units);
    ``args.must_cover_classes`` are added to ``problem.must_cover``.

    Returns
    -------
    SitingResult
        Objective = number of new outlets, bound = proven lower bound.

    Raises
    ------
    InfeasibleRequestError
        When the target lies above what all candidates together reach, or
        nothing is asked.
    """
    t0 = time.perf_counter()
    deadline = options.deadline(t0)
    must = _must_cover(problem, args.target, args.must_cover_classes)
    prob = dataclasses.replace(problem, must_cover=must)
    inst = cover_instance(prob)
    uncoverable_must, notes = uncoverable_must_cover(inst, must)
    _check_must_reachable(prob, inst, uncoverable_must, args.target)
    if prob.has_capacity:
        floor = _uncapacitated_floor(prob, args.target, options)
        rest = max(options.time_limit - (time.perf_counter() - t0), 1.0)
        quick = dataclasses.replace(options, time_limit=rest)
        return solve_capacitated_min(prob, args.target, quick, progress, floor=floor)
    required = _required(prob, inst, args.target)
    counted = (inst.people > 0) | inst.must
    full = required >= float(inst.people.sum()) - 1e-9 * max(required, 1.0)
    if full or (required <= 0 and inst.must.any()):
        # every counted column (or every must-cover column) must be covered
        cols = np.flatnonzero(counted if full else inst.must)
        count = _full_cover(inst, cols, options, deadline, progress)
    else:
        count = fewest_rows(
            inst,
            required,
            method=options.method,
            deadline=deadline,
            mip_gap=options.mip_gap,
            seed=options.seed,
            progress=progress,
        )
    rows, lower = count.rows, min(count.lower, count.rows.size)
    # secondary objective: most class-weighted coverage with this many outlets
    # (nothing to gain when every counted unit is covered)
    if rows.size and not full and time.perf_counter() < deadline:
        rows = _most_weight(inst, rows, required, options, deadline)
    k = rows.size
    gap = relative_gap(float(k), float(lower), maximize=False)
    chosen = inst.options[rows]
    before, after = cover_outcome(prob, chosen)
    if k == 0 and not uncoverable_must.size:
        notes.append(msg("msg.siting.already_met"))
    parts = ResultParts(
        model="min_outlets",
        method=count.method,
        status="optimal" if k == lower else count.status,
        objective=float(k),
        bound=float(lower),
        gap=gap,
        sense="min",
        order=build_order_cover(prob, chosen, start_covered=before),
        served_before=prob.weights * before,
        served_after=prob.weights * after,
        covered_after=after,
        uncoverable_must_cover=uncoverable_must,
        notes=tuple(notes),
    )
    result = assemble_result(prob, parts, seconds=time.perf_counter() - t0)
    (progress or null_progress)(1.0, f"done: {k} new outlets reach {result.share_after:.1%}")
    return result
