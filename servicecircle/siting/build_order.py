"""What a plan covers and the order to build it in.

:func:`open_cover` and :func:`nearest_minutes` say what a set of open options
reaches; :func:`build_order_cover` and :func:`build_order_minutes` order the
new outlets greedily (most newly covered people, or the largest drop in
weighted minutes, first) and say what each adds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from servicecircle.siting.problem import SitingProblem

__all__ = [
    "BuildOrder",
    "build_order_cover",
    "build_order_minutes",
    "cover_outcome",
    "nearest_minutes",
    "open_cover",
]


def open_cover(problem: SitingProblem, options: np.ndarray) -> np.ndarray:
    """Demand units covered (within the break) by ``options``."""
    cov = np.zeros(problem.n_demand, dtype=bool)
    if len(options):
        cov[sp.csr_matrix(problem.cover[np.asarray(options)]).indices] = True
    return cov


def cover_outcome(problem: SitingProblem, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Demand units covered by the existing outlets, and by them plus ``chosen``."""
    fixed = np.flatnonzero(problem.fixed)
    before = open_cover(problem, fixed)
    after = open_cover(problem, np.concatenate([fixed, np.asarray(chosen, dtype=np.int64)]))
    return before, after


def nearest_minutes(problem: SitingProblem, options: np.ndarray) -> np.ndarray:
    """Minutes from each demand unit to its nearest open option (``inf`` beyond the cutoff)."""
    near = np.full(problem.n_demand, np.inf)
    if len(options):
        sub = sp.csr_matrix(problem.minutes[np.asarray(options)])
        np.minimum.at(near, sub.indices, sub.data)
    return near


@dataclass(frozen=True, eq=False)
class BuildOrder:
    """New outlets in the order to build them, with what each adds.

    Attributes
    ----------
    options
        Problem rows, first to build first.
    new_weight
        Class-weighted people each newly covers (serves) after the earlier ones.
    new_people
        The same in people.
    """

    options: np.ndarray
    new_weight: np.ndarray
    new_people: np.ndarray


def _greedy_order(
    chosen: np.ndarray,
    gain: Callable[[int], tuple[float, ...]],
    take: Callable[[int], None],
) -> list[int]:
    """Order ``chosen`` by repeatedly taking the row of largest ``gain`` (lowest row on ties)."""
    left = list(np.asarray(chosen, dtype=np.int64).tolist())
    order = []
    while left:
        r = max(left, key=lambda row: (*gain(row), -row))
        take(r)
        order.append(r)
        left.remove(r)
    return order


def build_order_cover(
    problem: SitingProblem, chosen: np.ndarray, *, start_covered: np.ndarray
) -> BuildOrder:
    """Order ``chosen`` greedily by marginal class-weighted people covered."""
    cover = problem.cover
    eff = problem.effective_weights
    ppl = problem.weights
    covered = start_covered.copy()
    ip, ix = cover.indptr, cover.indices
    nw: list[float] = []
    npl: list[float] = []

    def fresh(r: int) -> np.ndarray:
        idx = ix[ip[r] : ip[r + 1]]
        new: np.ndarray = idx[~covered[idx]]
        return new

    def gain(r: int) -> tuple[float, float]:
        new = fresh(r)
        return float(eff[new].sum()), float(ppl[new].sum())

    def take(r: int) -> None:
        new = fresh(r)
        nw.append(float(eff[new].sum()))
        npl.append(float(ppl[new].sum()))
        covered[new] = True

    order = _greedy_order(chosen, gain, take)
    return BuildOrder(np.asarray(order, dtype=np.int64), np.asarray(nw), np.asarray(npl))


def build_order_minutes(
    problem: SitingProblem, chosen: np.ndarray, *, penalty: float
) -> BuildOrder:
    """Order ``chosen`` greedily by the largest drop in people-weighted minutes.

    What each outlet adds is the class-weighted people and people it newly
    covers within its break, in that order.
    """
    near = np.minimum(nearest_minutes(problem, np.flatnonzero(problem.fixed)), penalty)
    w = problem.effective_weights
    mins = problem.minutes
    ip, ix, dx = mins.indptr, mins.indices, mins.data

    def gain(r: int) -> tuple[float]:
        idx = ix[ip[r] : ip[r + 1]]
        return (float((w[idx] * np.maximum(near[idx] - dx[ip[r] : ip[r + 1]], 0.0)).sum()),)

    def take(r: int) -> None:
        idx = ix[ip[r] : ip[r + 1]]
        near[idx] = np.minimum(near[idx], dx[ip[r] : ip[r + 1]])

    order = np.asarray(_greedy_order(chosen, gain, take), dtype=np.int64)
    covered = open_cover(problem, np.flatnonzero(problem.fixed))
    nw, npl = [], []
    for r in order:
        now = covered | open_cover(problem, np.array([r]))
        fresh = now & ~covered
        nw.append(float(w[fresh].sum()))
        npl.append(float(problem.weights[fresh].sum()))
        covered = now
    return BuildOrder(order, np.asarray(nw), np.asarray(npl))
