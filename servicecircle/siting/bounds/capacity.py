"""A Lagrangian upper bound for capacitated maximal covering.

Relax "a demand group's people are served at most once" (``sum_i f_ik <=
P_k``; ``=`` for must-cover groups) with multipliers ``lambda_k``. What is
left splits by outlet: outlet ``i`` serves up to its capacity, taking people
of group ``k`` at the price ``r_k - lambda_k`` (``r_k`` is the class weight
per person), which a greedy fill solves exactly (a continuous knapsack).
Then the best ``p`` outlets are opened. For every ``lambda``,

    L(lambda) = sum_k lambda_k P_k + sum_fixed V_i + top_p(V_i)

bounds the optimum from above, so the bound is valid however few
subgradient steps were taken. Its minimum equals the LP relaxation bound,
which HiGHS needs far longer to reach on large instances.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from servicecircle.siting.bounds.cover import top_rows
from servicecircle.siting.bounds.subgradient import StepSize, open_mask
from servicecircle.siting.budget import RowRules

__all__ = ["capacity_lagrangian_bound"]


def _fill(
    ei: np.ndarray,
    price: np.ndarray,
    amount: np.ndarray,
    cap: np.ndarray,
    n: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Each row fills its capacity with its best-priced pairs first.

    Returns the value per row and the flow per pair.
    """
    flow = np.zeros(ei.size)
    good = np.flatnonzero(price > 0)
    if good.size == 0:
        return np.zeros(n), flow
    order = good[np.lexsort((-price[good], ei[good]))]
    rows = ei[order]
    amt = amount[order]
    csum = np.cumsum(amt)
    start = np.searchsorted(rows, np.arange(n))
    before_row = np.concatenate([[0.0], csum])[start]
    taken_before = csum - amt - before_row[rows]
    take = np.clip(cap[rows] - taken_before, 0.0, amt)
    flow[order] = take
    value = np.bincount(ei, weights=flow * price, minlength=n)
    return value, flow


def capacity_lagrangian_bound(
    A: sp.csr_matrix,
    weight: np.ndarray,
    people: np.ndarray,
    must: np.ndarray,
    cap: np.ndarray,
    is_fixed: np.ndarray,
    rules: RowRules,
    *,
    incumbent: float,
    deadline: float,
    max_iter: int = 1000,
) -> float:
    """Minimise the Lagrangian dual above by projected subgradient steps.

    Parameters
    ----------
    A
        CSR 0/1 matrix rows (existing outlets and candidates) x demand groups.
    weight, people
        Class-weighted people and people per group.
    must
        Groups that must be served in full.
    cap
        Capacity per row (people).
    is_fixed
        Row is an existing outlet (always open, not counted in ``p``).
    rules
        Budget rules of the free rows' types (indexed like ``A``'s rows).
    incumbent
        Value of a feasible plan, for the step size.
    deadline
        ``time.perf_counter()`` value at which to stop.
    max_iter
        Most iterations.

    Returns
    -------
    float
        An upper bound on the class-weighted people served.
    """
    n, m = A.shape
    ei = np.repeat(np.arange(n), np.diff(A.indptr))
    ek = A.indices.astype(np.int64)
    ratio = np.divide(weight, people, out=np.zeros(m), where=people > 0)
    amount = people[ek].astype(np.float64)
    free = np.flatnonzero(~is_fixed)
    fixed = np.flatnonzero(is_fixed)
    free_rules = rules.subset(free)
    lam = 0.5 * ratio
    best = np.inf
    step_size = StepSize(theta=2.0, patience=8)
    for _ in range(max_iter):
        value, flow = _fill(ei, ratio[ek] - lam[ek], amount, cap, n)
        top = free[top_rows(value[free], free_rules)]
        bound = float(lam @ people) + float(value[fixed].sum()) + float(value[top].sum())
        improved = bound < best * (1 - 1e-12)
        if improved:
            best = bound
        step_size.update(improved=improved)
        gap_closed = best - incumbent <= 1e-6 * max(abs(best), 1.0)
        if step_size.exhausted(gap_closed=gap_closed, deadline=deadline):
            break
        is_open = open_mask(n, fixed, top)
        served = np.bincount(ek, weights=np.where(is_open[ei], flow, 0.0), minlength=m)
        g = people - served
        norm = float(g @ g)
        if norm <= 0:
            break
        step = step_size.theta * max(bound - incumbent, 1e-9 * max(abs(bound), 1.0)) / norm
        lam = lam - step * g
        lam = np.where(must, lam, np.maximum(lam, 0.0))
    return best
