"""Lazy greedy selection for coverage (priority queue of marginal gains).

Coverage is submodular: a row's marginal gain only shrinks as others are
chosen, so a stale gain in the queue is an upper bound and only the top of
the queue needs re-evaluating (Minoux's lazy greedy).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

from servicecircle.siting.budget import RowRules
from servicecircle.siting.columns import column_counts

__all__ = ["lazy_greedy_cover", "lazy_select", "tie_ranks"]


def tie_ranks(n: int, seed: int) -> np.ndarray:
    """A seeded random rank per row used to break ties deterministically."""
    return np.random.default_rng(seed).permutation(n)


def lazy_select(
    heap: list[tuple[float, int, int]],
    rules: RowRules,
    gain: Callable[[int], float],
    take: Callable[[int, float], None],
    *,
    room: int,
    type_counts: np.ndarray,
    used_sites: set[int],
    check_sites: bool = True,
    done: Callable[[], bool] | None = None,
) -> list[int]:
    """Pick rows by largest current gain, re-evaluating only the top of the queue.

    Parameters
    ----------
    heap
        ``(-gain, tie rank, row)`` per row that may be chosen, gains being
        upper bounds (heapified here).
    rules
        Per-type budgets (counted in ``type_counts``, updated) and sites.
    gain
        The current gain of a row.
    take
        Called with the row and its gain when the row is chosen.
    room
        Most rows to choose.
    type_counts
        Rows already chosen per type (updated).
    used_sites
        Sites already taken (updated when ``check_sites``).
    check_sites
        Enforce one row per site.
    done
        Stop before the next pick once this returns ``True``.

    Returns
    -------
    list of int
        The rows chosen, in order.
    """
    heapq.heapify(heap)
    pt = rules.per_type
    chosen: list[int] = []
    while heap and len(chosen) < room:
        if done is not None and done():
            break
        _, rk, i = heapq.heappop(heap)
        t = rules.type_of[i]
        if pt is not None and type_counts[t] >= pt[t]:
            continue
        if check_sites and int(rules.site_of[i]) in used_sites:
            continue
        real = gain(i)
        if heap and (real, -rk) < (-heap[0][0], -heap[0][1]):
            heapq.heappush(heap, (-real, rk, i))
            continue
        take(i, real)
        chosen.append(i)
        type_counts[t] += 1
        if check_sites:
            used_sites.add(int(rules.site_of[i]))
    return chosen


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
    gains: list[float] = []
    covered_people = 0.0
    if stop_at is not None and people is not None:
        covered_people = float(people[cnt > 0].sum())
    must_left = int((must & (cnt == 0)).sum()) if must is not None else 0

    def fresh(i: int) -> tuple[np.ndarray, np.ndarray]:
        idx = ix[ip[i] : ip[i + 1]]
        return idx, idx[cnt[idx] == 0]

    def gain(i: int) -> float:
        return float(weight[fresh(i)[1]].sum())

    def take(i: int, real: float) -> None:
        nonlocal covered_people, must_left
        idx, new = fresh(i)
        gains.append(real)
        cnt[idx] += 1
        if people is not None:
            covered_people += float(people[new].sum())
        if must is not None:
            must_left -= int(must[new].sum())

    def done() -> bool:
        return stop_at is not None and covered_people >= stop_at and must_left == 0

    order = lazy_select(
        heap,
        rules,
        gain,
        take,
        room=rules.budget.total - chosen.size,
        type_counts=np.bincount(rules.type_of[chosen], minlength=rules.n_types),
        used_sites=set(rules.site_of[chosen].tolist()),
        check_sites=not rules.sites_unique,
        done=done,
    )
    return np.asarray(order, dtype=np.int64), np.asarray(gains, dtype=np.float64)
