"""Capacitated maximal covering: each outlet serves at most its capacity.

People are assigned to open outlets within the break; a demand unit's people
may be split between outlets. Existing outlets keep their capacity and are
always open. The covered objective counts people *served*.

Heuristic: lazy greedy where an outlet's gain is the best fill of its
capacity with unserved people it reaches (higher class weight first, then
people with fewer alternatives), then the exact assignment of the chosen set
by a HiGHS LP (a transportation problem); the best uncapacitated covering
plan, served within capacity, replaces it when better; then kernel search: HiGHS solves
the MIP on the chosen outlets plus the candidates that could serve the most
people left unserved, with larger kernels while time lasts (interchanges
solved exactly). ``"exact"`` (and ``"auto"`` on small instances) solves the
full MIP warm-started with the greedy plan.
Bounds: the LP relaxation when affordable, else the Lagrangian bound of
:mod:`~servicecircle.siting.capacity_bound`; the uncapacitated covering
bound; and the sum of the largest capacities.
"""

from __future__ import annotations

import heapq
import logging
import time
from collections.abc import Callable, Mapping

import numpy as np
import scipy.sparse as sp

from servicecircle.errors import InfeasibleRequestError
from servicecircle.siting.bounds import top_rows
from servicecircle.siting.budget import budget_from
from servicecircle.siting.capacity_bound import capacity_lagrangian_bound
from servicecircle.siting.formulations import capacitated_model
from servicecircle.siting.greedy import RowRules, tie_ranks
from servicecircle.siting.mclp import mclp_plan
from servicecircle.siting.milp import LinearModel, relative_gap, solve_linear
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.reduce import (
    CoverInstance,
    cover_instance,
    rows_and_their_columns,
    uncoverable_must_cover,
)
from servicecircle.siting.results import SitingResult, assemble_result

__all__ = ["assign_people", "solve_capacitated"]

logger = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
METHODS = ("auto", "exact", "heuristic")
EXACT_NNZ = 30_000
LP_NNZ = 100_000


def _assignment_flows(
    A: sp.csr_matrix,
    weight: np.ndarray,
    people: np.ndarray,
    capacity: np.ndarray,
    open_rows: np.ndarray,
) -> tuple[float, np.ndarray, np.ndarray]:
    """Solve the assignment of people to ``open_rows`` within the break (HiGHS LP).

    A transportation problem: each stored pair of an open row carries a flow
    of people, at most the column's people in total and the row's capacity.

    Returns
    -------
    value, entries, flow
        Weighted people served, the positions in ``A``'s stored entries of
        the open rows' pairs (row by row, in ``open_rows`` order) and the
        people flowing over each.
    """
    m = A.shape[1]
    open_rows = np.asarray(open_rows, dtype=np.int64)
    starts = A.indptr[open_rows].astype(np.int64)
    lens = A.indptr[open_rows + 1] - starts
    ne = int(lens.sum())
    if ne == 0:
        return 0.0, np.zeros(0, dtype=np.int64), np.zeros(0)
    n = open_rows.size
    ei = np.repeat(np.arange(n), lens)
    entries = np.repeat(starts - (np.cumsum(lens) - lens), lens) + np.arange(ne)
    ek = A.indices[entries].astype(np.int64)
    ratio = np.divide(weight, people, out=np.zeros(m), where=people > 0)
    rows = sp.csr_matrix(
        (np.ones(2 * ne), (np.concatenate([ek, m + ei]), np.concatenate([np.arange(ne)] * 2))),
        shape=(m + n, ne),
    )
    model = LinearModel(
        maximize=True,
        cost=ratio[ek],
        col_lower=np.zeros(ne),
        col_upper=people[ek].astype(np.float64),
        integer=np.zeros(ne, np.int32),
        rows=rows,
        row_lower=np.full(m + n, -np.inf),
        row_upper=np.concatenate([people, capacity[open_rows]]),
    )
    out = solve_linear(model, time_limit=600.0, relax=True, solver="simplex")
    if out.x is None:  # pragma: no cover - an LP with x = 0 feasible always solves
        raise RuntimeError("the assignment LP failed; please report this instance")
    return float(out.objective), entries, out.x


def assign_people(
    A: sp.csr_matrix,
    weight: np.ndarray,
    people: np.ndarray,
    capacity: np.ndarray,
    open_rows: np.ndarray,
) -> tuple[float, np.ndarray, np.ndarray]:
    """Best assignment of people to ``open_rows`` within the break (HiGHS LP).

    Returns
    -------
    value, served, load
        Weighted people served, people served per column, people per open row.
    """
    m = A.shape[1]
    open_rows = np.asarray(open_rows, dtype=np.int64)
    value, entries, flow = _assignment_flows(A, weight, people, capacity, open_rows)
    lens = A.indptr[open_rows + 1] - A.indptr[open_rows]
    served = np.minimum(np.bincount(A.indices[entries], weights=flow, minlength=m), people)
    load = np.bincount(
        np.repeat(np.arange(open_rows.size), lens), weights=flow, minlength=open_rows.size
    )
    return value, served, load


def _greedy(
    inst: CoverInstance,
    cap: np.ndarray,
    rules: RowRules,
    work_ratio: np.ndarray,
    seed: int,
    free: np.ndarray | None = None,
) -> np.ndarray:
    """Lazy greedy on capacity-aware gains over ``free`` rows; fixed rows are filled first."""
    A, people = inst.A, inst.people
    ip, ix = A.indptr, A.indices
    degree = np.bincount(ix, minlength=A.shape[1])
    residual = people.astype(np.float64).copy()

    def fill(i: int, commit: bool) -> float:
        idx = ix[ip[i] : ip[i + 1]]
        idx = idx[residual[idx] > 0]
        if idx.size == 0:
            return 0.0
        order = np.lexsort((degree[idx], -work_ratio[idx]))
        idx = idx[order]
        amounts = residual[idx]
        taken = np.minimum(amounts, np.maximum(cap[i] - (np.cumsum(amounts) - amounts), 0.0))
        if commit:
            residual[idx] -= taken
        return float((taken * work_ratio[idx]).sum())

    for r in np.flatnonzero(inst.is_fixed):
        fill(int(r), True)
    if free is None:
        free = np.flatnonzero(~inst.is_fixed)
    rank = tie_ranks(A.shape[0], seed)
    heap = [(-fill(int(r), False), int(rank[r]), int(r)) for r in free]
    heapq.heapify(heap)
    pt = rules.per_type
    counts = np.zeros(rules.n_types, dtype=np.int64)
    used: set[int] = set(rules.site_of[inst.is_fixed].tolist())
    chosen: list[int] = []
    while heap and len(chosen) < rules.budget.total:
        _, rk, i = heapq.heappop(heap)
        t = rules.type_of[i]
        if pt is not None and counts[t] >= pt[t]:
            continue
        if int(rules.site_of[i]) in used:
            continue
        real = fill(i, False)
        if heap and (real, -rk) < (-heap[0][0], -heap[0][1]):
            heapq.heappush(heap, (-real, rk, i))
            continue
        fill(i, True)
        chosen.append(i)
        counts[t] += 1
        used.add(int(rules.site_of[i]))
    return np.asarray(chosen, dtype=np.int64)


def _kernel_search(
    inst: CoverInstance,
    cap: np.ndarray,
    rules: RowRules,
    S: np.ndarray,
    value: float,
    served: np.ndarray,
    *,
    deadline: float,
    mip_gap: float,
    seed: int,
) -> tuple[np.ndarray, float, np.ndarray, list[str]]:
    """Improve ``S`` by solving the MIP on it plus the most promising other rows.

    The kernel holds the existing outlets, the chosen rows and the free rows
    that could serve the most people left unserved (capped by their
    capacity); it grows while time lasts and stops once HiGHS proves a kernel
    optimal without a better plan (an interchange neighbourhood solved
    exactly).

    Returns
    -------
    S, value, served, notes
    """
    A, W, P, must = inst.A, inst.weight, inst.people, inst.must
    fixed_rows = np.flatnonzero(inst.is_fixed)
    free = np.flatnonzero(~inst.is_fixed)
    ratio = np.divide(W, P, out=np.zeros_like(W), where=P > 0)
    notes: list[str] = []
    size = max(2 * rules.budget.total + 20, 40)
    while deadline - time.perf_counter() > 0.5:
        remaining = deadline - time.perf_counter()
        left = np.asarray(A @ ((P - served) * ratio)).ravel()
        score = np.minimum(cap * ratio.max(initial=0.0), left) + 1e-9 * np.asarray(A @ W).ravel()
        order = free[np.lexsort((free, -score[free]))]
        pool = np.union1d(fixed_rows, np.union1d(S, order[:size]))
        subA, cols = rows_and_their_columns(A, pool)
        sub_rules = rules.subset(pool)
        model = capacitated_model(
            subA, W[cols], P[cols], must[cols], cap[pool], inst.is_fixed[pool], sub_rules
        )
        local_open = np.searchsorted(pool, np.concatenate([fixed_rows, S]))
        start = _flow_start(model, subA, W[cols], P[cols], cap[pool], local_open)
        out = solve_linear(
            model,
            time_limit=min(0.6 * remaining, remaining - 0.3),
            mip_rel_gap=mip_gap,
            start=start,
            seed=seed,
        )
        improved = False
        if out.x is not None:
            cand = pool[out.x[: pool.size] > 0.5]
            cand = cand[~inst.is_fixed[cand]]
            v2, s2, _ = assign_people(A, W, P, cap, np.concatenate([fixed_rows, cand]))
            if v2 > value + 1e-9 * max(abs(value), 1.0) and np.all(s2[must] >= P[must] - 1e-6):
                S, value, served, improved = cand, v2, s2, True
        logger.info("capacity kernel of %d rows: %.6g served", pool.size, value)
        if pool.size >= A.shape[0]:
            break
        if out.status == "optimal" and not improved:
            notes.append(
                f"the plan is optimal among the {size} most promising candidates (kernel search)"
            )
            break
        size = int(size * 1.6)
    return S, value, served, notes


def solve_capacitated(
    problem: SitingProblem,
    *,
    p: int | Mapping[str, int],
    method: str = "auto",
    time_limit: float = 10.0,
    mip_gap: float = 1e-4,
    seed: int = 0,
    progress: Progress | None = None,
) -> SitingResult:
    """Choose ``p`` new outlets serving the most class-weighted people within capacity.

    Parameters
    ----------
    problem
        A siting problem with ``capacity`` (people per outlet).
    p, method, time_limit, mip_gap, seed, progress
        As in :func:`~servicecircle.siting.mclp.solve_mclp`.

    Returns
    -------
    SitingResult
        Objective = class-weighted people served (existing outlets included);
        ``served_people`` gives people served per demand unit.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}; got {method!r}")
    if problem.capacity is None:
        raise InfeasibleRequestError(
            "this problem has no outlet capacity; set capacity in problem_from_matrix or use "
            "solve_mclp"
        )
    t0 = time.perf_counter()
    deadline = t0 + float(time_limit)
    budget = budget_from(problem, p)
    inst = cover_instance(problem, keep_fixed=True, split_by_class=True)
    rules = RowRules(inst.type_of, inst.site_of, budget, inst.n_types)
    A, W, P, must = inst.A, inst.weight, inst.people, inst.must
    reach = np.asarray(A @ P).ravel()
    cap = np.minimum(problem.capacity[inst.options], reach)
    ratio = np.divide(W, P, out=np.zeros_like(W), where=P > 0)
    big = float(ratio.max(initial=0.0)) + 1.0
    work_ratio = ratio + big * must
    fixed_rows = np.flatnonzero(inst.is_fixed)
    uncoverable_must, notes = uncoverable_must_cover(inst, problem.must_cover)
    S = _greedy(inst, cap, rules, work_ratio, seed)
    open_rows = np.concatenate([fixed_rows, S])
    value, served, _ = assign_people(A, W, P, cap, open_rows)
    if progress is not None:
        progress(0.4, f"greedy with capacity: {value:.6g} served")
    # the best uncapacitated plan, served within capacity, often beats the
    # capacity-aware greedy; its bound holds here too (capacity only takes away)
    plain = cover_instance(problem)
    plain_rules = RowRules(plain.type_of, plain.site_of, budget, plain.n_types)
    uncap = mclp_plan(
        plain,
        plain_rules,
        method="heuristic",
        deadline=time.perf_counter() + 0.25 * max(deadline - time.perf_counter(), 0.0),
        mip_gap=mip_gap,
        seed=seed,
    )
    bound = plain.base_weight + uncap.bound
    row_of_option = np.full(problem.n_options, -1, dtype=np.int64)
    row_of_option[inst.options] = np.arange(inst.n_rows)
    S2 = row_of_option[plain.options[uncap.rows]]
    v2, s2, _ = assign_people(A, W, P, cap, np.concatenate([fixed_rows, S2]))
    if v2 > value and np.all(s2[must] >= P[must] - 1e-6):
        S, value, served = S2, v2, s2
        if progress is not None:
            progress(0.45, f"covering plan within capacity: {value:.6g} served")
    free = np.flatnonzero(~inst.is_fixed)
    cap_rules = rules.subset(free)
    top = free[top_rows(cap[free], cap_rules)]
    bound = min(
        bound, float(ratio.max(initial=0.0)) * float(cap[fixed_rows].sum() + cap[top].sum())
    )
    model = capacitated_model(A, W, P, must, cap, inst.is_fixed, rules)
    size = model.rows.nnz
    status, used = "heuristic", "heuristic"
    must_ok = bool(np.all(served[must] >= P[must] - 1e-6))
    if method == "exact" or (method == "auto" and size <= EXACT_NNZ) or not must_ok:
        start = np.zeros(model.n_cols)
        start[open_rows] = 1.0
        out = solve_linear(
            model,
            time_limit=max(deadline - time.perf_counter(), 0.0 if must_ok else 5.0),
            mip_rel_gap=mip_gap,
            start=None if not must_ok else _flow_start(model, A, W, P, cap, open_rows),
            seed=seed,
        )
        if out.status == "infeasible" or (out.x is None and not must_ok):
            raise InfeasibleRequestError(
                "the must-cover demand units cannot all be served within the break with p new "
                "outlets and these capacities; raise p or the capacity, add candidates near "
                "those units, or lift the must-cover flag"
            )
        used = "exact"
        if out.x is not None:
            cand = np.flatnonzero(out.x[: A.shape[0]] > 0.5)
            cand = cand[~inst.is_fixed[cand]]
            v2, s2, _ = assign_people(A, W, P, cap, np.concatenate([fixed_rows, cand]))
            if v2 >= value or not must_ok:
                S, value, served = cand, v2, s2
        if np.isfinite(out.bound):
            bound = min(bound, out.bound)
        status = "optimal" if out.status == "optimal" else "time_limit"
    else:
        lp_solved = False
        if size <= LP_NNZ and time.perf_counter() < deadline:
            lp = solve_linear(
                model, time_limit=0.3 * (deadline - time.perf_counter()), relax=True, seed=seed
            )
            if lp.status == "optimal":
                bound = min(bound, lp.bound)
                lp_solved = True
        if not lp_solved and value < bound * (1 - mip_gap):
            bound = min(
                bound,
                capacity_lagrangian_bound(
                    A,
                    W,
                    P,
                    must,
                    cap,
                    inst.is_fixed,
                    rules,
                    incumbent=value,
                    deadline=time.perf_counter() + 0.25 * max(deadline - time.perf_counter(), 0.0),
                ),
            )
        if value < bound * (1 - mip_gap):
            S, value, served, more = _kernel_search(
                inst,
                cap,
                rules,
                S,
                value,
                served,
                deadline=deadline - 0.1 * (deadline - t0),
                mip_gap=mip_gap,
                seed=seed,
            )
            notes.extend(more)
    bound = max(bound, value)
    gap = relative_gap(value, bound, maximize=True)
    if gap <= mip_gap:
        status = "optimal"
    # build order: re-run the capacity greedy restricted to the chosen rows
    order_rows = _greedy(inst, cap, rules, work_ratio, seed, free=S)
    order_rows = np.concatenate([order_rows, np.setdiff1d(S, order_rows)]).astype(np.int64)
    prefix_values, prefix_people = [], []
    served_before_cols = assign_people(A, W, P, cap, fixed_rows)[1]
    prev_v = float((served_before_cols * ratio).sum())
    prev_p = float(served_before_cols.sum())
    for k in range(1, order_rows.size + 1):
        vk, sk, _ = assign_people(A, W, P, cap, np.concatenate([fixed_rows, order_rows[:k]]))
        prefix_values.append(vk - prev_v)
        prefix_people.append(float(sk.sum()) - prev_p)
        prev_v, prev_p = vk, float(sk.sum())
    col = inst.column_of
    frac_before = np.divide(served_before_cols, P, out=np.zeros_like(P), where=P > 0)
    frac_after = np.divide(served, P, out=np.zeros_like(P), where=P > 0)
    served_b = np.where(col >= 0, problem.weights * frac_before[np.maximum(col, 0)], 0.0)
    served_a = np.where(col >= 0, problem.weights * frac_after[np.maximum(col, 0)], 0.0)
    result = assemble_result(
        problem,
        model="capacitated_mclp",
        method=used,
        status=status,
        objective=value,
        bound=bound,
        gap=gap,
        maximize=True,
        order=inst.options[order_rows],
        new_weight=np.asarray(prefix_values),
        new_people=np.asarray(prefix_people),
        served_before=served_b,
        served_after=served_a,
        uncoverable_must_cover=uncoverable_must,
        seconds=time.perf_counter() - t0,
        notes=tuple(notes),
    )
    if progress is not None:
        progress(1.0, f"done: {result.share_after:.1%} of people served, gap {gap:.2%}")
    return result


def _flow_start(
    model: LinearModel,
    A: sp.csr_matrix,
    W: np.ndarray,
    P: np.ndarray,
    cap: np.ndarray,
    open_rows: np.ndarray,
) -> np.ndarray:
    """A feasible MIP start: open rows and their best assignment."""
    x = np.zeros(model.n_cols)
    x[open_rows] = 1.0
    _, entries, flow = _assignment_flows(A, W, P, cap, open_rows)
    x[A.shape[0] + entries] = flow
    return x
