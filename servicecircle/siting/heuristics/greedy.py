"""Lazy greedy selection for coverage (priority queue of marginal gains).

Coverage is submodular: a row's marginal gain only shrinks as others are
chosen, so a stale gain in the queue is an upper bound and only the top of
the queue needs re-evaluating (Minoux's lazy greedy).
"""

from __future__ import annotations

import heapq

import numpy as np
import scipy.sparse as sp

from servicecircle.siting.budget import RowRules
from servicecircle.siting.reduce import column_counts

__all__ = ["lazy_greedy_cover", "tie_ranks"]


def tie_ranks(n: int, seed: int) -> np.ndarray:
    """A seeded random rank per row used to break ties deterministically."""
    return np.random.default_rng(seed).permutation(n)


def lazy_greedy_cover(
    A: sp.csr_matrix,
    weight: np.ndarray,
    rules: RowRules,
    *,
    start: np.ndarray | None = None,
    stop_at: float | None = None,
    people: np.ndarray | None = None,
    must: np.ndarray | None = None,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Choose rows greedily by marginal covered weight until the budget is used.

    Parameters
    ----------
    A
        CSR 0/1 matrix rows x columns.
    weight
        Weight per column (may include a large bonus for must-cover columns).
    rules
        Budget and one-per-site rules.
    start
        Rows already chosen (kept, counted in the budget).
    stop_at
        Stop early once the covered ``people`` reach this total (and every
        ``must`` column is covered).
    people
        People per column, for ``stop_at``.
    must
        Must-cover columns, for ``stop_at``.
    seed
        Seed for breaking ties between equal gains.

    Returns
    -------
    rows, gains
        Rows in the order chosen (after ``start``) and their marginal gains.
    """
    n = A.shape[0]
    chosen = np.asarray(start if start is not None else [], dtype=np.int64)
    cnt = column_counts(A, chosen)
    ip, ix = A.indptr, A.indices
    w_unc = weight * (cnt == 0)
    gains0 = A @ w_unc
    rank = tie_ranks(n, seed)
    eligible = rules.eligible(chosen)
    heap = [(-float(gains0[i]), int(rank[i]), int(i)) for i in np.flatnonzero(eligible)]
    heapq.heapify(heap)
    pt = rules.per_type
    type_counts = np.bincount(rules.type_of[chosen], minlength=rules.n_types)
    site_used: set[int] = set(rules.site_of[chosen].tolist())
    check_sites = not rules.sites_unique
    total = chosen.size
    order: list[int] = []
    gains: list[float] = []
    covered_people = 0.0
    if stop_at is not None and people is not None:
        covered_people = float(people[cnt > 0].sum())
    must_left = int((must & (cnt == 0)).sum()) if must is not None else 0
    while heap and total < rules.budget.total:
        if stop_at is not None and covered_people >= stop_at and must_left == 0:
            break
        neg, rk, i = heapq.heappop(heap)
        t = rules.type_of[i]
        if pt is not None and type_counts[t] >= pt[t]:
            continue
        if check_sites and int(rules.site_of[i]) in site_used:
            continue
        idx = ix[ip[i] : ip[i + 1]]
        fresh = idx[cnt[idx] == 0]
        real = float(weight[fresh].sum())
        if heap and (real, -rk) < (-heap[0][0], -heap[0][1]):
            heapq.heappush(heap, (-real, rk, i))
            continue
        order.append(i)
        gains.append(real)
        cnt[idx] += 1
        total += 1
        type_counts[t] += 1
        if check_sites:
            site_used.add(int(rules.site_of[i]))
        if people is not None:
            covered_people += float(people[fresh].sum())
        if must is not None:
            must_left -= int(must[fresh].sum())
    return np.asarray(order, dtype=np.int64), np.asarray(gains, dtype=np.float64)
