"""p-median heuristics: lazy greedy on minutes saved, then fast-interchange swaps.

A swap's change of weighted minutes uses the decomposition
``-gain_i + loss_j + E_ij`` of :func:`~servicecircle.siting.heuristics.tiebreak.interchange`
(``E`` sparse), so one pass prices every pair at about the cost of one pass
over the matrix.
"""

from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sp

from servicecircle.siting.heuristics.greedy import lazy_select, tie_ranks
from servicecircle.siting.heuristics.local_search import best_swap
from servicecircle.siting.heuristics.tiebreak import interchange, nearest_two
from servicecircle.siting.reduce import MedianInstance

__all__ = ["median_cost", "median_greedy", "median_swap"]


def median_cost(inst: MedianInstance, rows: np.ndarray) -> float:
    """Weighted minutes to the nearest of ``rows`` (``penalty`` where none reaches)."""
    d1, _, _ = nearest_two(inst.D, rows, inst.penalty)
    return float((inst.weight * d1).sum())


def median_greedy(inst: MedianInstance, seed: int) -> np.ndarray:
    """Candidates chosen one by one by the most weighted minutes saved (lazy evaluation)."""
    D, w, rules = inst.D, inst.weight, inst.rules
    ip, ix, dx = D.indptr, D.indices, D.data
    d1, _, _ = nearest_two(D, inst.fixed, inst.penalty)
    n = D.shape[0]
    rows_e = np.repeat(np.arange(n), np.diff(ip))
    gain0 = np.bincount(rows_e, weights=w[ix] * np.maximum(d1[ix] - dx, 0.0), minlength=n)
    rank = tie_ranks(n, seed)
    heap = [(-float(gain0[i]), int(rank[i]), int(i)) for i in inst.free]

    def gain(i: int) -> float:
        s, e = ip[i], ip[i + 1]
        return float((w[ix[s:e]] * np.maximum(d1[ix[s:e]] - dx[s:e], 0.0)).sum())

    def take(i: int, _: float) -> None:
        s, e = ip[i], ip[i + 1]
        d1[ix[s:e]] = np.minimum(d1[ix[s:e]], dx[s:e])

    chosen = lazy_select(
        heap,
        rules,
        gain,
        take,
        room=rules.budget.total,
        type_counts=np.zeros(rules.n_types, dtype=np.int64),
        used_sites=set(),
    )
    return np.asarray(chosen, dtype=np.int64)


def _can_enter(inst: MedianInstance, S: np.ndarray) -> np.ndarray:
    """Candidates that may replace an open row of ``S`` (closed, on a free site)."""
    rules = inst.rules
    can = inst.free_mask.copy()
    can[S] = False
    if not rules.sites_unique:
        used = np.zeros(int(rules.site_of.max()) + 1, dtype=bool)
        used[rules.site_of[np.concatenate([inst.fixed, S])]] = True
        can &= ~used[rules.site_of]
    return can


def median_swap(
    inst: MedianInstance, S: np.ndarray, deadline: float, max_iter: int = 100_000
) -> np.ndarray:
    """Best-improvement swaps of ``S`` until none saves minutes or ``deadline`` passes."""
    S = S.copy()
    tol = 1e-9 * max(1.0, float(inst.weight.sum()) * inst.penalty)
    for _ in range(max_iter):
        if time.perf_counter() > deadline:
            break
        terms = interchange(inst.D, inst.weight, S, inst.fixed, inst.penalty)
        E = terms.correction
        E.sum_duplicates()
        saved = sp.coo_matrix((-E.data, (E.row, E.col)), shape=E.shape)
        delta, i, jj = best_swap(terms.gain, terms.loss, saved, S, _can_enter(inst, S), inst.rules)
        if delta <= tol or i < 0:
            break
        S[jj] = i
    return S
