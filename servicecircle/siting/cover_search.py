"""What the phases of the covering search share: the plan found so far and the search's inputs.

See :mod:`servicecircle.siting.cover_plan` for the search.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from servicecircle._progress import Progress, Said
from servicecircle.siting.bounds.cover import online_cover_bound
from servicecircle.siting.budget import RowRules
from servicecircle.siting.columns import column_counts
from servicecircle.siting.effort import Effort
from servicecircle.siting.reduce import CoverInstance
from servicecircle.siting.results import Status, UsedMethod

__all__ = ["CoverPlan", "Search", "covered_weight", "keep_if_better", "must_ok", "say"]

logger = logging.getLogger(__name__)


@dataclass(eq=False)
class CoverPlan:
    """A plan on a :class:`~servicecircle.siting.reduce.CoverInstance`.

    Attributes
    ----------
    rows
        Chosen free rows.
    value
        Weight they cover (existing outlets' coverage excluded).
    bound
        Upper bound on the best value.
    status : {"optimal", "time_limit", "heuristic"}
        How far the search got.
    method : {"exact", "heuristic"}
        Whether the full MIP ran.
    feasible
        Every must-cover column is covered.
    notes
        Remarks for the result.
    """

    rows: np.ndarray
    value: float
    bound: float
    status: Status
    method: UsedMethod
    feasible: bool = True
    notes: list[Said] = field(default_factory=list)


def covered_weight(A: sp.csr_matrix, weight: np.ndarray, rows: np.ndarray) -> float:
    """Weight of the columns that ``rows`` cover."""
    return float(weight[column_counts(A, rows) > 0].sum())


def must_ok(A: sp.csr_matrix, must: np.ndarray, rows: np.ndarray) -> bool:
    """Whether ``rows`` cover every must-cover column."""
    return bool(np.all(column_counts(A, rows)[must] > 0))


def say(progress: Progress | None, frac: float, said: Said) -> None:
    """Log ``said`` and report it at ``frac`` (clipped to 0..1)."""
    logger.info("%s", said)
    if progress is not None:
        progress(min(max(frac, 0.0), 1.0), said)


@dataclass(frozen=True, eq=False)
class Search:
    """What every phase of :func:`~servicecircle.siting.cover_plan.mclp_plan` works on."""

    inst: CoverInstance
    rules: RowRules
    work: np.ndarray  # column weights with the must-cover bonus
    effort: Effort
    mip_gap: float
    seed: int
    progress: Progress | None


def keep_if_better(s: Search, plan: CoverPlan, rows: np.ndarray) -> bool:
    """Make ``rows`` the plan when they cover more (and every must-cover unit); whether they did."""
    A, W = s.inst.A, s.inst.weight
    value = covered_weight(A, W, rows)
    if value <= plan.value + 1e-9 * max(abs(plan.value), 1.0) or not must_ok(A, s.inst.must, rows):
        return False
    plan.rows, plan.value = rows, value
    plan.bound = min(plan.bound, online_cover_bound(A, W, rows, s.rules))
    return True
