"""Lazy greedy for the staff model: post one staff member, or open an outlet, at a time.

Each step takes the move serving the most (class-weighted) unserved people
per staff member: one more staff member at an open outlet (its capacity
grows by the people one staff member serves), or a new outlet opened with
its type's minimum staff (its gain shared over those staff), while the
staff budget, the number of new outlets and one outlet per site allow. An
outlet's gain is the best fill of the added capacity with the unserved people
it reaches (higher weight per person first, then people fewer outlets
reach). Gains only fall as people are served, so stale gains are upper
bounds (lazy evaluation).
"""

from __future__ import annotations

import heapq

import numpy as np

from servicecircle.siting.budget import RowRules
from servicecircle.siting.heuristics.greedy import tie_ranks
from servicecircle.siting.reduce import CoverInstance
from servicecircle.siting.staff import StaffRows

__all__ = ["staff_greedy"]

_ADD, _OPEN = 0, 1


class _Opening:
    """Which new rows may still be opened: the count (per type) and one outlet per site."""

    def __init__(self, inst: CoverInstance, rules: RowRules) -> None:
        self.rules = rules
        self.count = 0
        self.per_type = np.zeros(rules.n_types, dtype=np.int64)
        self.sites = set(inst.site_of[inst.is_fixed].tolist())

    def allowed(self, row: int) -> bool:
        r = self.rules
        if self.count >= r.budget.total or int(r.site_of[row]) in self.sites:
            return False
        pt = r.per_type
        return pt is None or bool(self.per_type[r.type_of[row]] < pt[r.type_of[row]])

    def take(self, row: int) -> None:
        self.count += 1
        self.per_type[self.rules.type_of[row]] += 1
        self.sites.add(int(self.rules.site_of[row]))


# long: one lazy-greedy loop with its fill closure; splitting would pass the state around
def staff_greedy(
    inst: CoverInstance,
    rows: StaffRows,
    rules: RowRules,
    work_ratio: np.ndarray,
    seed: int,
) -> tuple[np.ndarray, np.ndarray]:
    """New rows opened (in the order opened) and staff added per row.

    Parameters
    ----------
    inst
        The reduced instance with the existing outlets as fixed rows.
    rows
        The staff terms of its rows.
    rules
        How many new rows (per type) and one per site.
    work_ratio
        Weight per person of each column (with a bonus for must-cover columns).
    seed
        Seed of the tie-breaking ranks.
    """
    A, people = inst.A, inst.people
    ip, ix = A.indptr, A.indices
    degree = np.bincount(ix, minlength=A.shape[1])
    residual = people.astype(np.float64).copy()

    def fill(i: int, amount: float, commit: bool) -> float:
        idx = ix[ip[i] : ip[i + 1]]
        idx = idx[residual[idx] > 0]
        if idx.size == 0 or amount <= 0:
            return 0.0
        idx = idx[np.lexsort((degree[idx], -work_ratio[idx]))]
        amounts = residual[idx]
        taken = np.minimum(amounts, np.maximum(amount - (np.cumsum(amounts) - amounts), 0.0))
        if commit:
            residual[idx] -= taken
        return float((taken * work_ratio[idx]).sum())

    fixed = np.flatnonzero(inst.is_fixed)
    for existing in fixed.tolist():
        fill(existing, float(rows.per[existing] * rows.current[existing]), True)
    added = np.zeros(inst.n_rows)
    rank = tie_ranks(inst.n_rows, seed)
    heap: list[tuple[float, int, int, int]] = [
        (-fill(int(r), float(rows.per[r]), False), int(rank[r]), _ADD, int(r))
        for r in fixed[rows.upper[fixed] > 0]
    ]
    for row in np.flatnonzero(~inst.is_fixed & (rows.upper > 0)).tolist():
        gain = fill(row, float(rows.per[row] * rows.minimum[row]), False) / rows.minimum[row]
        heap.append((-gain, int(rank[row]), _OPEN, row))
    heapq.heapify(heap)
    opening = _Opening(inst, rules)
    opened: list[int] = []
    left = float(rows.budget)
    while heap and left > 0:
        _, tie, kind, r = heapq.heappop(heap)
        if kind == _ADD:
            if added[r] >= rows.upper[r]:
                continue
            cost, amount = 1.0, float(rows.per[r])
        else:
            if rows.minimum[r] > left or not opening.allowed(r):
                continue
            cost = float(rows.minimum[r])
            amount = float(rows.per[r]) * cost
        gain = fill(r, amount, False) / cost
        if heap and gain < -heap[0][0] - 1e-12:
            heapq.heappush(heap, (-gain, tie, kind, r))
            continue
        if gain <= 0:
            break
        fill(r, amount, True)
        added[r] += cost
        left -= cost
        if kind == _OPEN:
            opening.take(r)
            opened.append(r)
        if added[r] < rows.upper[r]:
            heapq.heappush(heap, (-fill(r, float(rows.per[r]), False), tie, _ADD, r))
    return np.asarray(opened, dtype=np.int64), added
