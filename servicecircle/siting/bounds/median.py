r"""A Lagrangian lower bound for the p-median model.

Relax "each demand group is assigned once" (:math:`\sum_i z_{ik} + u_k = 1`)
with multipliers :math:`\mu_k`. What is left splits by outlet: outlet
:math:`i` gains :math:`\rho_i = \sum_k \min(w_k d_{ik} - \mu_k, 0)`, and the
:math:`p` candidates with the most negative :math:`\rho_i` open. For every
:math:`\mu`,

.. math::

    L(\mu) = \sum_k \mu_k + \sum_k \min(w_k \pi - \mu_k, 0)
             + \sum_{i \in F} \rho_i + \min_{|P| = p} \sum_{i \in P} \rho_i

(:math:`\pi` the penalty minutes, :math:`F` the existing outlets) bounds the
optimum from below, so the bound is valid however few subgradient steps
were taken.
"""

from __future__ import annotations

import numpy as np

from servicecircle.siting.bounds.cover import top_rows
from servicecircle.siting.bounds.subgradient import StepSize, open_mask
from servicecircle.siting.heuristics.tiebreak import nearest_two
from servicecircle.siting.reduce import MedianInstance

__all__ = ["median_lagrangian_bound"]


def median_lagrangian_bound(
    inst: MedianInstance,
    upper: float,
    S: np.ndarray,
    deadline: float,
    max_iter: int = 3000,
) -> float:
    """Maximise the Lagrangian dual above by subgradient steps.

    Parameters
    ----------
    inst
        The reduced p-median instance.
    upper
        Weighted minutes of a feasible plan, for the step size.
    S
        That plan's open candidates; the multipliers start from its minutes.
    deadline
        ``time.perf_counter()`` value at which to stop.
    max_iter
        Most iterations.

    Returns
    -------
    float
        A lower bound on the weighted minutes of any plan.
    """
    D, w, fixed, free, penalty = inst.D, inst.weight, inst.fixed, inst.free, inst.penalty
    n, m = D.shape
    ei = np.repeat(np.arange(n), np.diff(D.indptr))
    ek = D.indices
    wd = w[ek] * D.data
    d1, _, _ = nearest_two(D, np.concatenate([fixed, S]), penalty)
    mu = w * d1 * 1.05
    best = -np.inf
    step = StepSize(theta=2.0, patience=30)
    free_rules = inst.rules.subset(free)
    for _ in range(max_iter):
        red = np.minimum(wd - mu[ek], 0.0)
        rho = np.bincount(ei, weights=red, minlength=n)
        value = float(mu.sum() + np.minimum(w * penalty - mu, 0.0).sum() + rho[fixed].sum())
        pick = free[top_rows(-rho[free], free_rules)]
        value += float(rho[pick].sum())
        improved = value > best * (1 + 1e-12) + 1e-12 or not np.isfinite(best)
        if improved:
            best = value
        step.update(improved=improved)
        gap_closed = upper - best <= 1e-9 * max(abs(upper), 1.0)
        if step.exhausted(gap_closed=gap_closed, deadline=deadline):
            break
        assigned = (wd - mu[ek] < 0) & open_mask(n, fixed, pick)[ei]
        g = 1.0 - (w * penalty - mu < 0) - np.bincount(ek[assigned], minlength=m)
        norm = float(g @ g)
        if norm <= 0:
            break
        mu = mu + step.theta * (upper - value) / norm * g
    return best
