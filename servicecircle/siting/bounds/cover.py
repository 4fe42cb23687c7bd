"""Valid upper bounds on the best coverage, cheap enough for large instances.

* :func:`online_cover_bound`: for any open set S, no plan with the same
  budget covers more than f(S) plus the largest marginal gains with respect to
  S (submodularity), per type when types have their own budget.
* :func:`lagrangian_cover_bound`: relax "column k is covered only if an open
  row covers it" with multipliers lambda_k; for every lambda,
  ``sum_k max(0, w_k - lambda_k) + top_p(A @ lambda)`` bounds the optimum
  (must-cover columns contribute ``w_k - lambda_k`` with lambda_k >= 0
  unbounded). Its minimum equals the LP relaxation bound; projected,
  deflected subgradient steps approach it. The one-per-site rule is relaxed,
  which keeps the bound valid.
* :func:`coverable_cap`: the dual at the trivial multipliers lambda = 0 (all
  the weight any row reaches) and lambda = w (the ``p`` largest rows' own
  weight, overlaps counted twice), whichever is smaller: a bound is never
  above the demand some plan could cover.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from servicecircle.siting.bounds.subgradient import StepSize
from servicecircle.siting.budget import RowRules
from servicecircle.siting.columns import column_counts

__all__ = [
    "LagrangianBound",
    "coverable_cap",
    "lagrangian_cover_bound",
    "lagrangian_value",
    "online_cover_bound",
    "top_rows",
]


def top_rows(values: np.ndarray, rules: RowRules) -> np.ndarray:
    """Rows with the largest ``values`` within the budget (per type when set)."""
    pt = rules.per_type
    if pt is None:
        k = min(rules.budget.total, values.size)
        if k >= values.size:
            return np.arange(values.size)
        return np.argpartition(-values, k - 1)[:k]
    out = []
    for t, allowed in enumerate(pt):
        if allowed <= 0:
            continue
        rows = np.flatnonzero(rules.type_of == t)
        k = min(int(allowed), rows.size)
        if k >= rows.size:
            out.append(rows)
        else:
            out.append(rows[np.argpartition(-values[rows], k - 1)[:k]])
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def online_cover_bound(
    A: sp.csr_matrix, weight: np.ndarray, chosen: np.ndarray, rules: RowRules
) -> float:
    """f(S) + sum of the largest marginal gains w.r.t. S: an upper bound on the optimum."""
    cnt = column_counts(A, chosen)
    value = float(weight[cnt > 0].sum())
    gains = np.asarray(A @ (weight * (cnt == 0))).ravel()
    top = top_rows(gains, rules)
    return value + float(gains[top].sum())


def coverable_cap(A: sp.csr_matrix, weight: np.ndarray, rules: RowRules) -> float:
    """The most weight any plan can cover: every column some row reaches, or the best rows' sum.

    >>> from servicecircle.siting.budget import Budget
    >>> A = sp.csr_matrix(np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0], [0.0, 0.0, 1.0]]))
    >>> rules = RowRules(np.zeros(3, int), np.arange(3), Budget(1), 1)
    >>> coverable_cap(A, np.array([5.0, 1.0, 2.0]), rules)  # one row: at most 6
    6.0
    >>> every_row = RowRules(np.zeros(3, int), np.arange(3), Budget(3), 1)
    >>> coverable_cap(A, np.array([5.0, 1.0, 2.0]), every_row)  # all reachable weight
    8.0
    """
    reached = np.diff(A.tocsc().indptr) > 0
    everything = float(weight[reached].sum())
    own = np.asarray(A @ weight).ravel()
    return min(everything, float(own[top_rows(own, rules)].sum()))


@dataclass(frozen=True, eq=False)
class LagrangianBound:
    """Result of the subgradient search: the bound and the guidance it leaves."""

    bound: float
    multipliers: np.ndarray
    row_frequency: np.ndarray
    iterations: int
    step: float


def lagrangian_value(
    weight: np.ndarray, must: np.ndarray, rules: RowRules, lam: np.ndarray, v: np.ndarray
) -> float:
    """The Lagrangian dual at multipliers ``lam`` (``v = A @ lam``): a bound for every ``lam >= 0``.

    >>> from servicecircle.siting.budget import Budget
    >>> A = sp.csr_matrix(np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]]))
    >>> rules = RowRules(np.zeros(2, int), np.arange(2), Budget(1), 1)
    >>> w, lam = np.array([1.0, 1.0, 1.0]), np.array([1.0, 0.0, 1.0])
    >>> lagrangian_value(w, np.zeros(3, bool), rules, lam, A @ lam)  # 1 + max(1, 1)
    2.0
    """
    return _value_at(weight, must, lam, v, top_rows(v, rules))


def _value_at(
    weight: np.ndarray, must: np.ndarray, lam: np.ndarray, v: np.ndarray, top: np.ndarray
) -> float:
    """The Lagrangian dual at ``lam`` (``v = A @ lam``) with the rows ``top`` it opens."""
    value = float(np.where(must, weight - lam, np.maximum(weight - lam, 0.0)).sum())
    return value + float(v[top].sum())


def _dual_value(
    A: sp.csr_matrix, weight: np.ndarray, must: np.ndarray, rules: RowRules, lam: np.ndarray
) -> tuple[float, np.ndarray]:
    """The Lagrangian dual at ``lam`` and the rows it opens (the best ``p`` by ``A @ lam``)."""
    v = np.asarray(A @ lam).ravel()
    top = top_rows(v, rules)
    return _value_at(weight, must, lam, v, top), top


def _subgradient(
    A: sp.csr_matrix, weight: np.ndarray, must: np.ndarray, lam: np.ndarray, top: np.ndarray
) -> np.ndarray:
    """Times each column is covered by ``top`` minus whether the relaxation counts it."""
    ip, ix, m = A.indptr, A.indices, A.shape[1]
    cov = (
        np.bincount(np.concatenate([ix[ip[r] : ip[r + 1]] for r in top]), minlength=m)
        if top.size
        else np.zeros(m)
    )
    y = np.where(must, 1.0, (lam < weight).astype(np.float64))
    g: np.ndarray = cov - y
    return g


def lagrangian_cover_bound(
    A: sp.csr_matrix,
    weight: np.ndarray,
    must: np.ndarray,
    rules: RowRules,
    *,
    incumbent: float,
    deadline: float,
    max_iter: int = 2000,
    tol: float = 1e-6,
    start: LagrangianBound | None = None,
) -> LagrangianBound:
    """Minimise the Lagrangian dual of maximal covering by subgradient steps.

    Parameters
    ----------
    A
        CSR 0/1 matrix rows x columns (free rows only).
    weight
        Weight per column.
    must
        Columns that must be covered.
    rules
        Budget rules.
    incumbent
        Value of a feasible plan (a lower bound on the optimum) for the step size.
    deadline
        ``time.perf_counter()`` value at which to stop.
    max_iter
        Most iterations.
    tol
        Stop when the bound is within this relative distance of the incumbent.
    start
        An earlier result to continue from (its multipliers and step).

    Returns
    -------
    LagrangianBound
        ``bound`` is valid whatever the number of iterations.
    """
    n, m = A.shape
    upper = np.where(must, np.inf, weight)
    lam = np.where(must, weight, 0.5 * weight) if start is None else start.multipliers.copy()
    best = np.inf if start is None else start.bound
    best_lam = lam.copy()
    step_size = StepSize(
        theta=2.0 if start is None else max(start.step, 0.05), patience=10, min_theta=1e-6
    )
    direction = np.zeros(m)
    freq = np.zeros(n)
    n_freq = 0
    it = 0
    target = max(incumbent, 0.0)
    while it < max_iter:
        it += 1
        value, top = _dual_value(A, weight, must, rules, lam)
        improved = value < best * (1 - 1e-12) or not np.isfinite(best)
        if improved:
            best = value
            best_lam = lam.copy()
        step_size.update(improved=improved)
        if it > 5:
            freq[top] += 1
            n_freq += 1
        if step_size.exhausted(
            gap_closed=best - target <= tol * max(abs(best), 1.0), deadline=deadline
        ):
            break
        direction = _subgradient(A, weight, must, lam, top) + 0.5 * direction
        norm = float(direction @ direction)
        if norm <= 0:
            break
        step = step_size.theta * max(value - target, 1e-9 * max(abs(value), 1.0)) / norm
        lam = np.clip(lam - step * direction, 0.0, upper)
    if n_freq:
        freq /= n_freq
    elif start is not None:
        freq = start.row_frequency
    return LagrangianBound(
        bound=best, multipliers=best_lam, row_frequency=freq, iterations=it, step=step_size.theta
    )
