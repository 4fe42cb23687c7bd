"""Fewest new outlets: reach a coverage target, or cover every must-cover unit.

The target is a share of *people* (existing outlets' coverage included).
Heuristic: greedy until the target is met and every must-cover unit is
covered, drop redundant outlets, then bisect on the number of outlets with
the maximal covering heuristic (local search and kernel search). The
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
import scipy.sparse as sp

from servicecircle.errors import InfeasibleRequestError
from servicecircle.siting.budget import Budget
from servicecircle.siting.formulations import pscp_model
from servicecircle.siting.greedy import RowRules, column_counts, lazy_greedy_cover
from servicecircle.siting.mclp import mclp_plan
from servicecircle.siting.milp import relative_gap, solve_linear
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.reduce import (
    CoverInstance,
    cover_instance,
    group_identical_columns,
    uncoverable_must_cover,
)
from servicecircle.siting.results import (
    SitingResult,
    assemble_result,
    build_order_cover,
    open_cover,
)
from servicecircle.siting.set_cover import reduce_set_cover

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


def _drop_redundant(inst: CoverInstance, rows: np.ndarray, required: float) -> np.ndarray:
    """Remove outlets, last chosen first, while the request stays met."""
    A, ppl, must = inst.A, inst.people, inst.must
    ip, ix = A.indptr, A.indices
    cnt = column_counts(A, rows)
    covered = float(ppl[cnt > 0].sum())
    keep = list(rows.tolist())
    for r in list(reversed(keep)):
        idx = ix[ip[r] : ip[r + 1]]
        solo = idx[cnt[idx] == 1]
        if must[solo].any():
            continue
        loss = float(ppl[solo].sum())
        if covered - loss >= required - 1e-9 * max(required, 1.0):
            covered -= loss
            cnt[idx] -= 1
            keep.remove(r)
    return np.asarray(keep, dtype=np.int64)


def _pscp_kernel(
    inst: CoverInstance,
    rows: np.ndarray,
    support: np.ndarray,
    required: float,
    *,
    time_limit: float,
    mip_gap: float,
    seed: int,
) -> np.ndarray:
    """Solve the covering MIP restricted to the plan plus the LP support."""
    pool = np.union1d(rows, support)
    sub = sp.csr_matrix(inst.A[pool])
    group, rep = group_identical_columns(sub)
    subA = sp.csr_matrix(sub[:, rep])
    ppl = np.bincount(group, weights=inst.people, minlength=rep.size)
    must = np.bincount(group, weights=inst.must, minlength=rep.size) > 0
    model = pscp_model(subA, ppl, must, required, inst.site_of[pool])
    start = np.zeros(model.n_cols)
    local = np.searchsorted(pool, rows)
    start[local] = 1
    start[pool.size :] = column_counts(subA, local) > 0
    out = solve_linear(
        model, time_limit=max(time_limit, 0.1), mip_rel_gap=mip_gap, start=start, seed=seed
    )
    if out.x is None:
        return rows
    cand = pool[out.x[: pool.size] > 0.5]
    if cand.size < rows.size and _meets(inst, cand, required):
        return _drop_redundant(inst, cand, required)
    return rows


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


def _fewest_rows(
    inst: CoverInstance,
    required: float,
    *,
    method: str,
    deadline: float,
    mip_gap: float,
    seed: int,
    progress: Progress | None,
) -> tuple[np.ndarray, int, str, str]:
    """Fewest rows of ``inst`` covering ``required`` people and every must column.

    Returns
    -------
    rows, lower, status, method
        The rows, a proven lower bound on their number, the status and the
        method that produced them.
    """
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
    rows = _drop_redundant(inst, rows, required)
    status, used = "heuristic", "heuristic"
    model_nnz = 2 * inst.A.nnz + inst.n_rows + inst.n_cols
    if rows.size > lower and model_nnz <= LP_NNZ:
        lp = solve_linear(
            pscp_model(inst.A, inst.people, inst.must, required, inst.site_of),
            time_limit=max(0.3 * (deadline - time.perf_counter()), 0.1),
            relax=True,
            seed=seed,
        )
        if lp.status == "optimal" and lp.x is not None:
            lower = max(lower, math.ceil(lp.bound - 1e-6))
            if rows.size > lower:
                rows = _pscp_kernel(
                    inst,
                    rows,
                    np.flatnonzero(lp.x[:n_rows] > 1e-6),
                    required,
                    time_limit=0.4 * (deadline - time.perf_counter()),
                    mip_gap=mip_gap,
                    seed=seed,
                )
    exact = method == "exact" or (method == "auto" and model_nnz <= LP_NNZ)

    def run_mip(share: float) -> None:
        """The covering MIP warm-started with ``rows``, for a share of the time left."""
        nonlocal rows, lower, status, used
        model = pscp_model(inst.A, inst.people, inst.must, required, inst.site_of)
        start = np.zeros(model.n_cols)
        start[rows] = 1
        start[n_rows:] = column_counts(inst.A, rows) > 0
        out = solve_linear(
            model,
            time_limit=max(share * (deadline - time.perf_counter()), 0.1),
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

    if rows.size > lower and exact and time.perf_counter() < deadline:
        # small enough: HiGHS often proves the count at once
        run_mip(0.3)
    # search the number of outlets with the covering heuristic (bisection
    # between the lower bound and the best count found)
    by_people = dataclasses.replace(inst, weight=inst.people.astype(np.float64))
    lo = max(lower, 1)
    while lo < rows.size and deadline - time.perf_counter() > 0.5:
        k = (lo + rows.size) // 2
        share = 0.25 if exact else 0.4
        try:
            plan = mclp_plan(
                by_people,
                RowRules(inst.type_of, inst.site_of, Budget(total=k), inst.n_types),
                method="heuristic",
                deadline=time.perf_counter() + share * (deadline - time.perf_counter()),
                mip_gap=0.0,
                seed=seed,
            )
        except InfeasibleRequestError:
            lo = k + 1
            continue
        if _meets(inst, plan.rows, required):
            rows = _drop_redundant(inst, plan.rows, required)
        else:
            lo = k + 1
    if progress is not None:
        progress(0.5, f"heuristic: {rows.size} new outlets (lower bound {lower})")
    if rows.size > lower and exact and time.perf_counter() < deadline:
        run_mip(0.8)
    if rows.size <= lower:
        status = "optimal"
    return rows, int(lower), status, used


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
            f"{red.uncoverable.size} demand groups can only be covered by two outlet types at "
            "the same site, but a site takes one outlet; lower the target or add candidate sites"
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
    uncoverable_must, notes = uncoverable_must_cover(inst, must)
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
    counted = (inst.people > 0) | inst.must
    full = required >= float(inst.people.sum()) - 1e-9 * max(required, 1.0)
    if full or (required <= 0 and inst.must.any()):
        # every counted column (or every must-cover column) must be covered:
        # a pure set cover, reduced before it is solved
        cols = np.flatnonzero(counted if full else inst.must)
        sub, sub_rows, forced = _full_cover_instance(inst, cols)
        rows, lower, status, used = (
            _fewest_rows(
                sub,
                float(sub.n_cols),
                method=method,
                deadline=deadline,
                mip_gap=mip_gap,
                seed=seed,
                progress=progress,
            )
            if sub.n_cols
            else (np.zeros(0, dtype=np.int64), 0, "optimal", "exact")
        )
        rows = np.concatenate([forced, sub_rows[rows]]).astype(np.int64)
        lower += forced.size
    else:
        rows, lower, status, used = _fewest_rows(
            inst,
            required,
            method=method,
            deadline=deadline,
            mip_gap=mip_gap,
            seed=seed,
            progress=progress,
        )
    lower = min(lower, rows.size)
    # secondary objective: most class-weighted coverage with this many outlets
    # (nothing to gain when every counted unit is covered)
    if rows.size and not full and time.perf_counter() < deadline:
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
