"""p-median: p new outlets minimising the people-weighted mean minutes.

The matrix only holds times up to its cutoff, so a demand unit that no open
outlet reaches within the matrix is counted at ``unreachable_minutes``
(default: twice the largest stored time or break, whichever is larger). The
result's notes say how many people that applied to; ``people_beyond_cutoff``
gives the same after the plan.

Heuristic: lazy greedy, then best-improvement swaps with the fast-interchange
decomposition ``-gain_i + loss_j + E_ij`` (E sparse). Bound: the LP
relaxation (HiGHS) on moderate instances, otherwise the Lagrangian dual of
the assignment constraints, which is valid for every multiplier vector.
"""

from __future__ import annotations

import heapq
import logging
import time
from collections.abc import Callable, Mapping

import numpy as np
import scipy.sparse as sp

from servicecircle.siting.bounds import top_rows
from servicecircle.siting.budget import budget_from
from servicecircle.siting.formulations import pmedian_model
from servicecircle.siting.greedy import RowRules, tie_ranks
from servicecircle.siting.milp import relative_gap, solve_linear
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.reduce import group_identical_columns
from servicecircle.siting.results import (
    SitingResult,
    assemble_result,
    build_order_minutes,
    open_cover,
)
from servicecircle.siting.tiebreak import nearest_two

__all__ = ["solve_pmedian"]

logger = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
METHODS = ("auto", "exact", "heuristic")
EXACT_NNZ = 40_000
LP_NNZ = 300_000


def _cost(D: sp.csr_matrix, w: np.ndarray, rows: np.ndarray, penalty: float) -> float:
    d1, _, _ = nearest_two(D, rows, penalty)
    return float((w * d1).sum())


def _greedy(
    D: sp.csr_matrix,
    w: np.ndarray,
    fixed: np.ndarray,
    free: np.ndarray,
    rules: RowRules,
    penalty: float,
    seed: int,
) -> np.ndarray:
    ip, ix, dx = D.indptr, D.indices, D.data
    d1, _, _ = nearest_two(D, fixed, penalty)
    n = D.shape[0]
    rows_e = np.repeat(np.arange(n), np.diff(ip))
    gain0 = np.bincount(rows_e, weights=w[ix] * np.maximum(d1[ix] - dx, 0.0), minlength=n)
    rank = tie_ranks(n, seed)
    heap = [(-float(gain0[i]), int(rank[i]), int(i)) for i in free]
    heapq.heapify(heap)
    pt = rules.per_type
    counts = np.zeros(rules.n_types, dtype=np.int64)
    used: set[int] = set()
    chosen: list[int] = []
    while heap and len(chosen) < rules.budget.total:
        _, rk, i = heapq.heappop(heap)
        t = rules.type_of[i]
        if pt is not None and counts[t] >= pt[t]:
            continue
        if int(rules.site_of[i]) in used:
            continue
        s, e = ip[i], ip[i + 1]
        real = float((w[ix[s:e]] * np.maximum(d1[ix[s:e]] - dx[s:e], 0.0)).sum())
        if heap and (real, -rk) < (-heap[0][0], -heap[0][1]):
            heapq.heappush(heap, (-real, rk, i))
            continue
        chosen.append(i)
        counts[t] += 1
        used.add(int(rules.site_of[i]))
        d1[ix[s:e]] = np.minimum(d1[ix[s:e]], dx[s:e])
    return np.asarray(chosen, dtype=np.int64)


def _swap(
    D: sp.csr_matrix,
    w: np.ndarray,
    fixed: np.ndarray,
    free_mask: np.ndarray,
    S: np.ndarray,
    rules: RowRules,
    penalty: float,
    deadline: float,
) -> np.ndarray:
    S = S.copy()
    n = D.shape[0]
    ei = np.repeat(np.arange(n), np.diff(D.indptr))
    ek, de = D.indices, D.data
    tol = 1e-9 * max(1.0, float(w.sum()) * penalty)
    per_type = rules.per_type is not None
    for _ in range(100_000):
        if time.perf_counter() > deadline:
            break
        d1, d2, who = nearest_two(D, np.concatenate([fixed, S]), penalty)
        gain = np.bincount(ei, weights=w[ek] * np.maximum(d1[ek] - de, 0.0), minlength=n)
        pos = np.full(n, -1, dtype=np.int64)
        pos[S] = np.arange(S.size)
        owner = np.where(who >= 0, pos[np.maximum(who, 0)], -1)
        has = owner >= 0
        loss = np.bincount(owner[has], weights=(w * (d2 - d1))[has], minlength=S.size)
        sel = (owner[ek] >= 0) & (de < d2[ek])
        E = sp.coo_matrix(
            (
                w[ek[sel]] * (np.maximum(de[sel], d1[ek[sel]]) - d2[ek[sel]]),
                (ei[sel], owner[ek[sel]]),
            ),
            shape=(n, S.size),
        )
        E.sum_duplicates()
        can = free_mask.copy()
        can[S] = False
        if not rules.sites_unique:
            used = np.zeros(int(rules.site_of.max()) + 1, dtype=bool)
            used[rules.site_of[np.concatenate([fixed, S])]] = True
            can &= ~used[rules.site_of]
        g = np.where(can, -gain, np.inf)
        best = (np.inf, -1, -1)
        types = np.unique(rules.type_of[S]) if per_type else np.array([-1])
        for t in types:
            gi = np.where(rules.type_of == t, g, np.inf) if per_type else g
            lj = np.where(rules.type_of[S] == t, loss, np.inf) if per_type else loss
            i, jj = int(np.argmin(gi)), int(np.argmin(lj))
            if gi[i] + lj[jj] < best[0]:
                best = (float(gi[i] + lj[jj]), i, jj)
        if E.nnz:
            vals = g[E.row] + loss[E.col] + E.data
            if per_type:
                vals = np.where(rules.type_of[E.row] == rules.type_of[S[E.col]], vals, np.inf)
            q = int(np.argmin(vals))
            if vals[q] < best[0]:
                best = (float(vals[q]), int(E.row[q]), int(E.col[q]))
        if not best[0] < -tol or best[1] < 0:
            break
        S[best[2]] = best[1]
    return S


def _lagrangian(
    D: sp.csr_matrix,
    w: np.ndarray,
    fixed: np.ndarray,
    free: np.ndarray,
    rules: RowRules,
    penalty: float,
    upper: float,
    S: np.ndarray,
    deadline: float,
    max_iter: int = 3000,
) -> float:
    """Lower bound from relaxing the assignment constraints (valid for any multipliers)."""
    n, m = D.shape
    ei = np.repeat(np.arange(n), np.diff(D.indptr))
    ek = D.indices
    wd = w[ek] * D.data
    d1, _, _ = nearest_two(D, np.concatenate([fixed, S]), penalty)
    mu = w * d1 * 1.05
    best = -np.inf
    theta = 2.0
    stall = 0
    free_rules = rules.subset(free)
    for _ in range(max_iter):
        red = np.minimum(wd - mu[ek], 0.0)
        rho = np.bincount(ei, weights=red, minlength=n)
        value = float(mu.sum() + np.minimum(w * penalty - mu, 0.0).sum() + rho[fixed].sum())
        pick = free[top_rows(-rho[free], free_rules)]
        value += float(rho[pick].sum())
        if value > best * (1 + 1e-12) + 1e-12 or not np.isfinite(best):
            best = value
            stall = 0
        else:
            stall += 1
            if stall >= 30:
                theta *= 0.5
                stall = 0
        if upper - best <= 1e-9 * max(abs(upper), 1.0) or theta < 1e-5:
            break
        if time.perf_counter() > deadline:
            break
        open_mask = np.zeros(n, dtype=bool)
        open_mask[fixed] = True
        open_mask[pick] = True
        assigned = (wd - mu[ek] < 0) & open_mask[ei]
        g = 1.0 - (w * penalty - mu < 0) - np.bincount(ek[assigned], minlength=m)
        norm = float(g @ g)
        if norm <= 0:
            break
        mu = mu + theta * (upper - value) / norm * g
    return best


def solve_pmedian(
    problem: SitingProblem,
    *,
    p: int | Mapping[str, int],
    method: str = "auto",
    time_limit: float = 10.0,
    mip_gap: float = 1e-4,
    seed: int = 0,
    unreachable_minutes: float | None = None,
    progress: Progress | None = None,
) -> SitingResult:
    """Choose ``p`` new outlets minimising people-weighted mean minutes to the nearest outlet.

    Parameters
    ----------
    problem
        The siting problem (class multipliers weight the people).
    p
        New outlets in total, or per outlet type name.
    method
        "auto", "exact" or "heuristic" (as in :func:`solve_mclp`).
    time_limit, mip_gap, seed, progress
        As in :func:`solve_mclp`.
    unreachable_minutes
        Minutes counted for a demand unit no open outlet reaches within the
        matrix (default: twice the largest of the stored times and breaks).

    Returns
    -------
    SitingResult
        Objective and bound are people-weighted mean minutes (lower is better).
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}; got {method!r}")
    t0 = time.perf_counter()
    deadline = t0 + float(time_limit)
    budget = budget_from(problem, p)
    penalty = (
        float(unreachable_minutes)
        if unreachable_minutes is not None
        else 2.0 * max(float(problem.breaks.max()), float(problem.minutes.data.max(initial=0.0)))
    )
    if penalty <= 0:
        penalty = 1.0
    fixed_opts = np.flatnonzero(problem.fixed)
    cand_opts = np.flatnonzero(problem.candidates)
    opts = np.concatenate([fixed_opts, cand_opts])
    weight_all = problem.effective_weights
    keep = np.flatnonzero(weight_all > 0)
    sub = sp.csr_matrix(problem.minutes[opts][:, keep])
    sub.data = np.minimum(sub.data, penalty)
    group, rep = group_identical_columns(sub, compare_values=True)
    D = sp.csr_matrix(sub[:, rep])
    D.sort_indices()
    w = np.bincount(group, weights=weight_all[keep], minlength=rep.size)
    nf = fixed_opts.size
    fixed = np.arange(nf)
    free = nf + np.arange(cand_opts.size)
    free_mask = np.zeros(opts.size, dtype=bool)
    free_mask[free] = True
    rules = RowRules(problem.type_of[opts], problem.site_of[opts], budget, len(problem.type_names))
    total_w = float(weight_all.sum()) or 1.0
    S = _greedy(D, w, fixed, free, rules, penalty, seed)
    S = _swap(D, w, fixed, free_mask, S, rules, penalty, t0 + 0.5 * time_limit)
    cost = _cost(D, w, np.concatenate([fixed, S]), penalty)
    if progress is not None:
        progress(0.4, f"local search: mean {cost / total_w:.3g} minutes")
    nnz = 2 * D.nnz + D.shape[0] + D.shape[1]
    lower = 0.0
    status, used = "heuristic", "heuristic"
    exact = method == "exact" or (method == "auto" and nnz <= EXACT_NNZ)
    if exact:
        model = pmedian_model(D, w, penalty, ~free_mask, rules)
        start = np.zeros(model.n_cols)
        start[fixed] = 1
        start[S] = 1
        d1, _, who = nearest_two(D, np.concatenate([fixed, S]), penalty)
        ei = np.repeat(np.arange(D.shape[0]), np.diff(D.indptr))
        e_hit = (who[D.indices] == ei) & (D.data <= d1[D.indices])
        # one assignment per column: the first matching edge
        first_edge = np.full(D.shape[1], -1)
        hit_idx = np.flatnonzero(e_hit)
        first_edge[D.indices[hit_idx[::-1]]] = hit_idx[::-1]
        start[D.shape[0] + first_edge[first_edge >= 0]] = 1
        start[D.shape[0] + D.nnz + np.flatnonzero(first_edge < 0)] = 1
        out = solve_linear(
            model,
            time_limit=max(deadline - time.perf_counter(), 0.5),
            mip_rel_gap=mip_gap,
            start=start,
            seed=seed,
        )
        used = "exact"
        if out.x is not None and out.objective <= cost + 1e-9 * max(cost, 1.0):
            S = np.flatnonzero(out.x[: D.shape[0]] > 0.5)
            S = S[free_mask[S]]
            cost = _cost(D, w, np.concatenate([fixed, S]), penalty)
        if np.isfinite(out.bound):
            lower = max(lower, out.bound)
        status = "optimal" if out.status == "optimal" else "time_limit"
    else:
        if nnz <= LP_NNZ and time.perf_counter() < deadline:
            lp = solve_linear(
                pmedian_model(D, w, penalty, ~free_mask, rules),
                time_limit=max(deadline - time.perf_counter(), 0.1),
                relax=True,
                seed=seed,
            )
            if lp.status == "optimal":
                lower = max(lower, lp.bound)
        if lower <= 0:
            lower = max(
                lower,
                _lagrangian(
                    D,
                    w,
                    fixed,
                    free,
                    rules,
                    penalty,
                    cost,
                    S,
                    max(deadline, time.perf_counter() + 0.5),
                ),
            )
    lower = min(lower, cost)
    gap = relative_gap(cost, lower, maximize=False)
    if gap <= mip_gap:
        status = "optimal"
    chosen = opts[S]
    order = build_order_minutes(problem, chosen, penalty=penalty)
    before = open_cover(problem, fixed_opts)
    covered = before.copy()
    nw, npl = [], []
    eff = problem.effective_weights
    for r in order:
        now = covered | open_cover(problem, np.array([r]))
        fresh = now & ~covered
        nw.append(float(eff[fresh].sum()))
        npl.append(float(problem.weights[fresh].sum()))
        covered = now
    beyond = int((nearest_two(D, fixed, penalty)[0] >= penalty).sum())
    notes = (
        f"demand beyond the matrix cutoff counts as {penalty:g} minutes "
        f"({beyond} demand groups before the plan)",
    )
    result = assemble_result(
        problem,
        model="pmedian",
        method=used,
        status=status,
        objective=cost / total_w,
        bound=lower / total_w,
        gap=gap,
        maximize=False,
        order=order,
        new_weight=np.asarray(nw),
        new_people=np.asarray(npl),
        served_before=problem.weights * before,
        served_after=problem.weights * covered,
        covered_after=covered,
        uncoverable_must_cover=np.zeros(0, dtype=np.int64),
        seconds=time.perf_counter() - t0,
        notes=notes,
    )
    if progress is not None:
        progress(1.0, f"done: mean {result.objective:.3g} minutes, gap {gap:.2%}")
    return result
