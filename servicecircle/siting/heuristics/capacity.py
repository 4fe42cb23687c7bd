"""Lazy greedy for capacitated covering: an outlet's gain is the best fill of its capacity."""

from __future__ import annotations

import numpy as np

from servicecircle.siting.budget import RowRules
from servicecircle.siting.heuristics.greedy import lazy_select, tie_ranks
from servicecircle.siting.reduce import CoverInstance

__all__ = ["capacity_greedy"]


def capacity_greedy(
    inst: CoverInstance,
    cap: np.ndarray,
    rules: RowRules,
    work_ratio: np.ndarray,
    seed: int,
    free: np.ndarray | None = None,
) -> np.ndarray:
    """Lazy greedy on capacity-aware gains over ``free`` rows; fixed rows are filled first.

    A row's gain is the best fill of its capacity ``cap`` with the unserved
    people it reaches: higher ``work_ratio`` (class weight per person, plus a
    bonus for must-cover groups) first, then groups with fewer rows reaching them.

    Returns
    -------
    numpy.ndarray
        The rows chosen, in the order chosen.
    """
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

    def commit(i: int, _: float) -> None:
        fill(i, True)

    rank = tie_ranks(A.shape[0], seed)
    heap = [(-fill(int(r), False), int(rank[r]), int(r)) for r in free]
    chosen = lazy_select(
        heap,
        rules,
        lambda i: fill(i, False),
        commit,
        room=rules.budget.total,
        type_counts=np.zeros(rules.n_types, dtype=np.int64),
        used_sites=set(rules.site_of[inst.is_fixed].tolist()),
    )
    return np.asarray(chosen, dtype=np.int64)
