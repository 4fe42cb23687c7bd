"""Fewest new outlets: reach a coverage target, or cover every must-cover unit.

The target is a share of *people* (existing outlets' coverage included).
Heuristic: greedy until the target is met and every must-cover unit is
covered, then try one outlet fewer with swap local search, repeatedly. The
lower bound is the rounded-up LP relaxation (HiGHS) on moderate instances,
else the submodular bound: no k outlets cover more than f(S) plus the k
largest marginal gains with respect to any set S. Among plans with the
fewest outlets, the one covering the most class-weighted people is kept
(maximal covering with that number, warm-started).
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Sequence

import numpy as np

from servicecircle.errors import InfeasibleRequestError
from servicecircle.siting.budget import Budget
from servicecircle.siting.formulations import pscp_model
from servicecircle.siting.greedy import RowRules, column_counts, lazy_greedy_cover
from servicecircle.siting.local_search import swap_cover
from servicecircle.siting.mclp import mclp_plan
from servicecircle.siting.milp import relative_gap, solve_linear
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.reduce import CoverInstance, cover_instance
from servicecircle.siting.results import (
    SitingResult,
    assemble_result,
    build_order_cover,
    open_cover,
)

__all__ = ["solve_min_outlets"]

Progress = Callable[[float, str], None]
METHODS = ("auto", "exact", "heuristic")
EXACT_NNZ = 60_000
LP_NNZ = 400_000


def _covered_people(inst: CoverInstance, rows: np.ndarray) -> float:
    return float(inst.people[column_counts(inst.A, rows) > 0].sum())


def _meets(inst: CoverInstance, rows: np.ndarray, required: float) -> bool:
    cnt = column_counts(inst.A, rows)
    ok_people = float(inst.people[cnt > 0].sum()) >= required - 1e-9 * max(required, 1.0)
    return ok_people and bool(np.all(cnt[inst.must] > 0))


def _count_lower_bound(inst: CoverInstance, prefixes: list[np.ndarray], required: float) -> int:
    """Smallest k that the submodular bound does not rule out, over several sets S."""
    A, ppl = inst.A, inst.people
    lb = 1 if required > 0 else 0
    for S in prefixes:
        cnt = column_counts(A, S)
        base = float(ppl[cnt > 0].sum())
        gains = np.sort(np.asarray(A @ (ppl * (cnt == 0))).ravel())[::-1]
        reach = base + np.concatenate([[0.0], np.cumsum(gains)])
        ok = np.flatnonzero(reach >= required - 1e-9 * max(required, 1.0))
        k = int(ok[0]) if ok.size else A.shape[0]
        lb = max(lb, k)
    must_cols = int(inst.must.sum())
    if must_cols:
        per_row = np.asarray(A[:, inst.must].sum(axis=1)).ravel()
        top = np.cumsum(np.sort(per_row)[::-1])
        lb = max(lb, int(np.searchsorted(top, must_cols - 0.5)) + 1)
    return lb


def solve_min_outlets(
    problem: SitingProblem,
    *,
    target: float | None = None,
    must_cover_classes: Sequence[str] = (),
    method: str = "auto",
    time_limit: float = 10.0,
    mip_gap: float = 1e-4,
    seed: int = 0,
    progress: Progress | None = None,
) -> SitingResult:
    """Find the fewest new outlets that reach ``target`` and cover all must-cover units.

    Parameters
    ----------
    problem
        The siting problem.
    target
        Share of all people to cover, 0..1 (e.g. 0.95), existing outlets
        included; ``None`` asks only for the must-cover units.
    must_cover_classes
        Demand classes to cover in full (added to ``problem.must_cover``).
    method
        "auto", "exact" or "heuristic".
    time_limit, mip_gap, seed, progress
        As in :func:`~servicecircle.siting.mclp.solve_mclp`.

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
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}; got {method!r}")
    t0 = time.perf_counter()
    deadline = t0 + float(time_limit)
    must = problem.must_cover.copy()
    for name in must_cover_classes:
        hit = problem.classes == str(name)
        if not hit.any():
            raise InfeasibleRequestError(
                f"no demand unit has class {name!r}; classes present: {list(problem.class_names)}"
            )
        must |= hit
    if target is None and not must.any():
        raise InfeasibleRequestError(
            "give a coverage target (e.g. target=0.95) or must-cover classes to plan for"
        )
    if target is not None and not 0.0 < float(target) <= 1.0:
        raise InfeasibleRequestError(f"the target is a share of people in (0, 1]; got {target}")
    prob = dataclasses.replace(problem, must_cover=must)
    if not prob.candidates.any():
        raise InfeasibleRequestError(
            "there are no candidate sites to choose from; add candidate sites"
        )
    inst = cover_instance(prob)
    total = float(problem.weights.sum())
    notes: list[str] = []
    uncoverable_must = inst.uncoverable[must[inst.uncoverable]]
    if uncoverable_must.size:
        notes.append(
            f"{uncoverable_must.size} must-cover demand units lie beyond every candidate's "
            "break and cannot be covered; the rest was solved"
        )
    share = float(target) if target is not None else 0.0
    required_total = share * total
    required = max(required_total - inst.base_people, 0.0)
    reachable = inst.base_people + float(inst.people.sum())
    if required_total > reachable + 1e-9 * max(total, 1.0):
        n_cand = int(prob.candidates.sum())
        raise InfeasibleRequestError(
            f"all {n_cand} candidates together reach {reachable / total:.1%} of people; the "
            f"target {share:.1%} cannot be met — lower the target or add candidates"
        )
    before = open_cover(prob, np.flatnonzero(prob.fixed))
    n_rows = inst.n_rows
    rules = RowRules(inst.type_of, inst.site_of, Budget(total=n_rows), inst.n_types)
    big = float(inst.people.sum()) + 1.0
    work = inst.people + big * inst.must
    rows, _ = lazy_greedy_cover(
        inst.A, work, rules, stop_at=required, people=inst.people, must=inst.must, seed=seed
    )
    if not _meets(inst, rows, required):  # pragma: no cover - guarded by the reach check
        raise InfeasibleRequestError("the target cannot be met with the candidates given")
    prefixes = [rows[:k] for k in range(0, rows.size + 1, max(1, rows.size // 8))]
    lower = _count_lower_bound(inst, prefixes, required)
    # try one outlet fewer, repeatedly
    while rows.size > lower and time.perf_counter() < t0 + 0.5 * time_limit:
        k = rows.size - 1
        if k == 0:
            break
        fewer_rules = RowRules(inst.type_of, inst.site_of, Budget(total=k), inst.n_types)
        trial, _ = lazy_greedy_cover(inst.A, work, fewer_rules, seed=seed)
        trial, _ = swap_cover(inst.A, work, trial, fewer_rules, deadline=t0 + 0.5 * time_limit)
        if not _meets(inst, trial, required):
            break
        rows = trial
    if progress is not None:
        progress(0.4, f"heuristic: {rows.size} new outlets (lower bound {lower})")
    status, used = "heuristic", "heuristic"
    model_nnz = 2 * inst.A.nnz + inst.n_rows + inst.n_cols
    if rows.size > lower and (method == "exact" or (method == "auto" and model_nnz <= EXACT_NNZ)):
        model = pscp_model(inst.A, inst.people, inst.must, required, inst.site_of)
        start = np.zeros(model.n_cols)
        start[rows] = 1
        start[n_rows:] = column_counts(inst.A, rows) > 0
        out = solve_linear(
            model,
            time_limit=max(0.6 * (deadline - time.perf_counter()), 0.1),
            mip_rel_gap=mip_gap,
            start=start,
            seed=seed,
        )
        used = "exact"
        if out.x is not None:
            cand = np.flatnonzero(out.x[:n_rows] > 0.5)
            if cand.size <= rows.size and _meets(inst, cand, required):
                rows = cand
        if np.isfinite(out.bound):
            lower = max(lower, math.ceil(out.bound - 1e-6))
        status = "optimal" if out.status == "optimal" else "time_limit"
    elif rows.size > lower and model_nnz <= LP_NNZ and time.perf_counter() < deadline:
        lp = solve_linear(
            pscp_model(inst.A, inst.people, inst.must, required, inst.site_of),
            time_limit=max(0.5 * (deadline - time.perf_counter()), 0.1),
            relax=True,
            seed=seed,
        )
        if lp.status == "optimal":
            lower = max(lower, math.ceil(lp.bound - 1e-6))
    lower = min(lower, rows.size)
    # secondary objective: most class-weighted coverage with this many outlets
    if rows.size and time.perf_counter() < deadline:
        k_rules = RowRules(inst.type_of, inst.site_of, Budget(total=rows.size), inst.n_types)
        plan = mclp_plan(
            inst,
            k_rules,
            method="heuristic",
            deadline=deadline,
            mip_gap=mip_gap,
            seed=seed,
        )
        if _meets(inst, plan.rows, required) and float(
            inst.weight[column_counts(inst.A, plan.rows) > 0].sum()
        ) > float(inst.weight[column_counts(inst.A, rows) > 0].sum()):
            rows = plan.rows
    k = rows.size
    gap = relative_gap(float(k), float(lower), maximize=False)
    if k == lower:
        status = "optimal"
    chosen = inst.options[rows]
    order, nw, npl = build_order_cover(prob, chosen, start_covered=before)
    after = open_cover(prob, np.concatenate([np.flatnonzero(prob.fixed), chosen]))
    if k == 0:
        notes.append("the existing outlets already meet the request; no new outlet is needed")
    result = assemble_result(
        prob,
        model="min_outlets",
        method=used,
        status=status,
        objective=float(k),
        bound=float(lower),
        gap=gap,
        maximize=False,
        order=order,
        new_weight=nw,
        new_people=npl,
        served_before=prob.weights * before,
        served_after=prob.weights * after,
        covered_after=after,
        uncoverable_must_cover=uncoverable_must,
        seconds=time.perf_counter() - t0,
        notes=tuple(notes),
    )
    if progress is not None:
        progress(1.0, f"done: {k} new outlets reach {result.share_after:.1%}")
    return result
