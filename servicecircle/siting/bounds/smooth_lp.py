"""The LP relaxation of maximal covering approached from its primal side, with valid bounds.

The LP relaxation's value is the largest ``F(x) = sum_k w_k min(1, (A^T x)_k)``
over the capped simplex ``0 <= x <= 1, sum x = p`` (per type when types have
their own budget). With ``min(1, s)`` smoothed over a width ``eps``
(``min_u u s + 1 - u + eps u^2 / 2`` over ``u`` in [0, 1]), ``F`` is smooth
and concave, and accelerated projected gradient steps (FISTA with
backtracking and adaptive restarts, ``eps`` halved every few steps) approach
the LP optimum in a few hundred passes over the matrix, where subgradient
steps on the Lagrangian dual stall well above it (the LP solution spreads over
many rows, all at the dual's threshold).

Each step's smoothing weights ``lambda_k = w_k u_k`` are multipliers of the
covering rows, so the Lagrangian dual at them
(:func:`~servicecircle.siting.bounds.cover.lagrangian_value`) is a valid
bound whatever the accuracy. :func:`band_lp_bound` then sharpens it: the
multipliers of columns clearly under- or over-covered are fixed (``w_k`` and
0, as complementary slackness says), and HiGHS solves the dual LP in the
others (those covered about once), a model many times smaller than the
relaxation; again only the Lagrangian value it reaches is reported.

Must-cover columns are not handled here (the subgradient bound is used for
instances that have them); the one-outlet-per-site rule is relaxed, which
keeps every bound valid.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from servicecircle.siting.bounds.cover import top_rows
from servicecircle.siting.budget import RowRules
from servicecircle.siting.mip.highs import LinearModel, solve_linear

__all__ = ["SmoothLP", "band_lp_bound", "project_budget", "smooth_lp_bound"]

#: Smoothing width at the start, its floor, and the steps between halvings.
EPS_START = 0.2
EPS_FLOOR = 0.002
STEPS_PER_EPS = 50
#: Columns whose coverage ``A^T x`` lies within this of 1 get free multipliers in the band LP,
#: at most ``BAND_COLUMNS`` of them (the closest to 1; the LP's time grows quickly with them).
BAND = 0.01
BAND_COLUMNS = 3_000


@dataclass(eq=False)
class SmoothLP:
    """State of the smoothed-LP search (continued by a later call).

    Attributes
    ----------
    x
        Fractional openings (the LP's primal, approximately): guidance for kernels.
    bound
        Best valid bound found (Lagrangian value at the best multipliers).
    multipliers
        The multipliers giving ``bound``.
    opened
        Times each row was among the best by ``A @ lambda`` (the Lagrangian's
        plan) over the steps: guidance for kernels.
    iterations
        Steps taken so far (over all calls).
    lipschitz
        Current backtracking estimate of the gradient's Lipschitz constant.
    """

    x: np.ndarray
    bound: float
    multipliers: np.ndarray
    opened: np.ndarray
    iterations: int = 0
    lipschitz: float = 1e6
    transposed: sp.csr_matrix | None = None  # A^T, kept for the next call

    @property
    def eps(self) -> float:
        """The smoothing width at the current step."""
        return max(EPS_START * 0.5 ** (self.iterations // STEPS_PER_EPS), EPS_FLOOR)


def _capped_simplex(z: np.ndarray, k: int) -> np.ndarray:
    """Euclidean projection of ``z`` onto ``0 <= x <= 1, sum x = k`` (bisection on the shift)."""
    if k <= 0:
        return np.zeros_like(z)
    if k >= z.size:
        return np.ones_like(z)
    lo, hi = float(z.min()) - 1.0, float(z.max())
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if np.clip(z - mid, 0.0, 1.0).sum() > k:
            lo = mid
        else:
            hi = mid
    return np.clip(z - 0.5 * (lo + hi), 0.0, 1.0)


def project_budget(z: np.ndarray, rules: RowRules) -> np.ndarray:
    """Projection of ``z`` onto fractional plans: ``0 <= x <= 1`` and the budget (per type).

    >>> from servicecircle.siting.budget import Budget
    >>> rules = RowRules(np.zeros(3, int), np.arange(3), Budget(1), 1)
    >>> project_budget(np.array([0.9, 0.5, 0.0]), rules).round(3).tolist()
    [0.7, 0.3, 0.0]
    """
    pt = rules.per_type
    if pt is None:
        return _capped_simplex(z, rules.budget.total)
    out = np.zeros_like(z)
    for t, allowed in enumerate(pt):
        rows = np.flatnonzero(rules.type_of == t)
        out[rows] = _capped_simplex(z[rows], int(allowed))
    return out


def _smoothed(weight: np.ndarray, s: np.ndarray, eps: float) -> tuple[float, np.ndarray]:
    """Smoothed coverage value at column coverage ``s`` and the smoothing weights ``u``."""
    u = np.clip((1.0 - s) / eps, 0.0, 1.0)
    return float((weight * (u * s + 1.0 - u + 0.5 * eps * u * u)).sum()), u


def _start(A: sp.csr_matrix, weight: np.ndarray, rules: RowRules) -> SmoothLP:
    x = project_budget(np.zeros(A.shape[0]), rules)
    return SmoothLP(x=x, bound=np.inf, multipliers=weight.copy(), opened=np.zeros(A.shape[0]))


def _dual(
    weight: np.ndarray, rules: RowRules, lam: np.ndarray, v: np.ndarray
) -> tuple[float, np.ndarray]:
    """The Lagrangian dual at ``lam`` (``v = A @ lam``; no must-cover columns) and its rows."""
    top = top_rows(v, rules)
    return float((weight - lam).sum() + v[top].sum()), top


# long: one accelerated loop whose state (x, y, their coverages, step, restart) is shared
def smooth_lp_bound(
    A: sp.csr_matrix,
    weight: np.ndarray,
    rules: RowRules,
    *,
    deadline: float,
    max_iter: int,
    start: SmoothLP | None = None,
) -> SmoothLP:
    """Approach the LP relaxation by accelerated steps on the smoothed coverage.

    Parameters
    ----------
    A
        CSR 0/1 matrix rows x columns (free rows only; no must-cover columns).
    weight
        Weight per column.
    rules
        Budget rules (the one-per-site rule is relaxed).
    deadline
        ``time.perf_counter()`` value at which to stop.
    max_iter
        Most steps in this call (each about two passes over ``A``).
    start
        An earlier result to continue from.

    Returns
    -------
    SmoothLP
        ``bound`` is a valid upper bound on the best coverage whatever the
        number of steps (the Lagrangian dual at the smoothing weights).
    """
    state = _start(A, weight, rules) if start is None else start
    if state.transposed is None:
        state.transposed = sp.csr_matrix(A.T)
    AT = state.transposed
    x = state.x
    sx = np.asarray(AT @ x).ravel()
    y, sy, t, f_prev = x.copy(), sx.copy(), 1.0, -np.inf
    stage = state.eps
    lip = state.lipschitz
    steps = 0
    while steps < max_iter and time.perf_counter() < deadline:
        eps = state.eps
        if eps != stage:  # a new width: restart the momentum
            y, sy, t, f_prev, stage = x.copy(), sx.copy(), 1.0, -np.inf, eps
        f_y, u = _smoothed(weight, sy, eps)
        lam = weight * u
        grad = np.asarray(A @ lam).ravel()
        value, top = _dual(weight, rules, lam, grad)
        state.opened[top] += 1.0
        if value < state.bound:
            state.bound, state.multipliers = value, lam
        while True:
            x_new = project_budget(y + grad / lip, rules)
            s_new = np.asarray(AT @ x_new).ravel()
            f_new, _ = _smoothed(weight, s_new, eps)
            d = x_new - y
            if f_new >= f_y + float(grad @ d) - 0.5 * lip * float(d @ d) - 1e-12 * abs(f_y):
                break
            lip *= 2.0
        t_new = 0.5 * (1.0 + np.sqrt(1.0 + 4.0 * t * t))
        beta = (t - 1.0) / t_new
        if f_new < f_prev:  # adaptive restart
            beta, t_new = 0.0, 1.0
        y, sy = x_new + beta * (x_new - x), s_new + beta * (s_new - sx)
        x, sx, t, f_prev = x_new, s_new, t_new, f_new
        lip *= 0.95
        steps += 1
        state.iterations += 1
    state.x, state.lipschitz = x, lip
    return state


def band_lp_bound(
    A: sp.csr_matrix, weight: np.ndarray, rules: RowRules, state: SmoothLP, *, time_limit: float
) -> float:
    """A sharper bound from ``state``: HiGHS on the dual LP of the columns covered about once.

    Columns with ``A^T x`` below ``1 - BAND`` keep the multiplier ``w_k``,
    those above ``1 + BAND`` zero (and beyond the closest ``BAND_COLUMNS`` to
    1, by the side they lie on); the others' multipliers, the budget's
    price ``mu`` (one per type) and each row's excess over it are solved for
    exactly. Returns the Lagrangian value at the multipliers found (valid
    whatever HiGHS returns; ``inf`` when it returns none), never above
    ``state.bound`` once the caller keeps the smaller.
    """
    s = np.asarray(A.T @ state.x).ravel()
    off = np.abs(s - 1.0)
    band = np.flatnonzero(off <= BAND)
    if band.size > BAND_COLUMNS:
        band = np.sort(band[np.argsort(off[band], kind="stable")[:BAND_COLUMNS]])
    fixed = np.where(s < 1.0, weight, 0.0)
    fixed[band] = 0.0
    base = np.asarray(A @ fixed).ravel()
    sub = sp.csr_matrix(A[:, band])
    n, nb = A.shape[0], band.size
    type_of = rules.type_of if rules.per_type is not None else np.zeros(n, dtype=np.int64)
    budgets = (
        np.asarray(rules.per_type, dtype=np.float64)
        if rules.per_type is not None
        else np.array([float(rules.budget.total)])
    )
    nt = budgets.size
    # columns: band multipliers, one price per type, each row's excess over its type's price
    price = sp.csr_matrix((np.ones(n), (np.arange(n), type_of)), shape=(n, nt))
    rows = sp.csr_matrix(sp.hstack([-sub, price, sp.identity(n, format="csr")]))
    model = LinearModel(
        maximize=False,
        cost=np.concatenate([-np.ones(nb), budgets, np.ones(n)]),
        col_lower=np.zeros(nb + nt + n),
        col_upper=np.concatenate([weight[band], np.full(nt + n, np.inf)]),
        integer=np.zeros(nb + nt + n, dtype=np.int32),
        rows=rows,
        row_lower=base,
        row_upper=np.full(n, np.inf),
    )
    out = solve_linear(model, time_limit=time_limit, relax=True, presolve=True)
    if out.x is None:
        return float("inf")
    lam = fixed
    lam[band] = np.clip(out.x[:nb], 0.0, weight[band])
    return _dual(weight, rules, lam, np.asarray(A @ lam).ravel())[0]
