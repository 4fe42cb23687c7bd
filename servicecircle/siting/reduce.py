"""Shrink a siting problem before optimising it.

Demand units covered by existing outlets drop out (they stay covered), as do
units that no candidate reaches (nothing can change them). Demand units that
the same set of candidates covers are merged into one column with the summed
weight; on real networks this often shrinks the columns many times over.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from servicecircle._progress import Said
from servicecircle.i18n.message import msg
from servicecircle.siting.budget import Budget, RowRules
from servicecircle.siting.build_order import open_cover
from servicecircle.siting.columns import merge_identical_columns
from servicecircle.siting.problem import SitingProblem

__all__ = [
    "CoverInstance",
    "MedianInstance",
    "cover_instance",
    "median_instance",
    "uncoverable_must_cover",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class CoverInstance:
    """A reduced coverage instance: candidate rows x merged demand columns.

    Attributes
    ----------
    A
        CSR (n_rows, n_cols) of 0/1 floats: row covers column.
    weight
        Class-weighted people per column.
    people
        People per column.
    must
        Column must be covered.
    options
        Problem option index per row (candidates only, or fixed first when
        ``keep_fixed``).
    is_fixed
        Row is an existing outlet (only with ``keep_fixed``).
    type_of, site_of
        Type index and physical site per row.
    column_of
        Column per original demand unit, or -1 when dropped.
    base_weight, base_people
        Covered by existing outlets (dropped columns).
    uncoverable
        Original demand units that no option reaches within its break.
    n_types
        Number of outlet types in the problem.
    """

    A: sp.csr_matrix
    weight: np.ndarray
    people: np.ndarray
    must: np.ndarray
    options: np.ndarray
    is_fixed: np.ndarray
    type_of: np.ndarray
    site_of: np.ndarray
    column_of: np.ndarray
    base_weight: float
    base_people: float
    uncoverable: np.ndarray
    n_types: int

    @property
    def n_rows(self) -> int:
        """Number of outlet options (rows)."""
        return int(self.A.shape[0])

    @property
    def n_cols(self) -> int:
        """Number of merged demand columns."""
        return int(self.A.shape[1])

    @property
    def sites_unique(self) -> bool:
        """Whether every free row sits on its own site (no one-per-site constraint needed)."""
        s = self.site_of[~self.is_fixed]
        return bool(np.unique(s).size == s.size)


def _merged_columns(
    problem: SitingProblem, sub: sp.csr_matrix, act: np.ndarray, split_by_class: bool
) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``sub`` (units ``act``) merged: matrix, weight, people, must-cover, group per unit."""
    eff, people = problem.effective_weights[act], problem.weights[act]
    extra = None
    if split_by_class:
        ratio = np.divide(eff, people, out=np.zeros(act.size), where=people > 0)
        extra = np.unique(ratio, return_inverse=True)[1]
    A, (weight, ppl, must_count), group = merge_identical_columns(
        sub, eff, people, problem.must_cover[act], extra_key=extra
    )
    return A, weight, ppl, must_count > 0, group


def cover_instance(
    problem: SitingProblem,
    *,
    keep_fixed: bool = False,
    aggregate: bool = True,
    split_by_class: bool = False,
) -> CoverInstance:
    """Reduce ``problem`` to candidate rows and merged demand columns.

    Parameters
    ----------
    problem
        The siting problem.
    keep_fixed
        Keep existing outlets as rows (first) instead of dropping the demand
        they cover; needed when outlets have a capacity.
    aggregate
        Merge demand units covered by the same set of rows.
    split_by_class
        Merge only units with the same class multiplier (needed with capacity,
        where people and weight enter separately).

    Returns
    -------
    CoverInstance
    """
    cover = problem.cover
    eff = problem.effective_weights
    people = problem.weights
    fixed_rows = np.flatnonzero(problem.fixed)
    cand_rows = np.flatnonzero(problem.candidates)
    n_demand = problem.n_demand
    fixed_cov = open_cover(problem, fixed_rows)
    cand_cov = open_cover(problem, cand_rows)
    uncoverable = np.flatnonzero(~fixed_cov & ~cand_cov)
    if keep_fixed:
        rows = np.concatenate([fixed_rows, cand_rows])
        is_fixed = np.concatenate([np.ones(fixed_rows.size, bool), np.zeros(cand_rows.size, bool)])
        active = fixed_cov | cand_cov
        base_weight = 0.0
        base_people = 0.0
    else:
        rows = cand_rows
        is_fixed = np.zeros(cand_rows.size, dtype=bool)
        active = ~fixed_cov & cand_cov
        base_weight = float(eff[fixed_cov].sum())
        base_people = float(people[fixed_cov].sum())
    active &= (eff > 0) | problem.must_cover | (people > 0)
    act = np.flatnonzero(active)
    sub = sp.csr_matrix(cover[rows][:, act], dtype=np.float64)
    if aggregate and act.size:
        A, weight, ppl, must, group = _merged_columns(problem, sub, act, split_by_class)
    else:
        group = np.arange(act.size)
        A = sub
        weight = eff[act].astype(np.float64)
        ppl = people[act].astype(np.float64)
        must = problem.must_cover[act].copy()
    A.sort_indices()
    column_of = np.full(n_demand, -1, dtype=np.int64)
    column_of[act] = group
    logger.info(
        "reduced instance: %d rows x %d columns (from %d demand units; %d covered by "
        "existing outlets, %d unreachable)",
        A.shape[0],
        A.shape[1],
        n_demand,
        int(fixed_cov.sum()),
        uncoverable.size,
    )
    return CoverInstance(
        A=A,
        weight=weight,
        people=ppl,
        must=must,
        options=rows,
        is_fixed=is_fixed,
        type_of=problem.type_of[rows],
        site_of=problem.site_of[rows],
        column_of=column_of,
        base_weight=base_weight,
        base_people=base_people,
        uncoverable=uncoverable,
        n_types=len(problem.type_names),
    )


@dataclass(frozen=True, eq=False)
class MedianInstance:
    """A reduced p-median instance: existing outlets then candidates x merged demand columns.

    Attributes
    ----------
    D
        CSR (n_rows, n_cols) of minutes, capped at ``penalty`` (absent: beyond the cutoff).
    weight
        Class-weighted people per column.
    options
        Problem option per row (existing outlets first).
    fixed, free
        Rows of the existing outlets and of the candidates.
    free_mask
        Row is a candidate.
    rules
        Budget and site rules over all rows.
    penalty
        Minutes counted for a column no open row reaches.
    people
        People per column (what an outlet's capacity counts).
    """

    D: sp.csr_matrix
    weight: np.ndarray
    options: np.ndarray
    fixed: np.ndarray
    free: np.ndarray
    free_mask: np.ndarray
    rules: RowRules
    penalty: float
    people: np.ndarray


def median_instance(problem: SitingProblem, budget: Budget, penalty: float) -> MedianInstance:
    """Existing outlets and candidates x demand units with people, identical columns merged."""
    fixed_opts = np.flatnonzero(problem.fixed)
    cand_opts = np.flatnonzero(problem.candidates)
    opts = np.concatenate([fixed_opts, cand_opts])
    weight_all = problem.effective_weights
    keep = np.flatnonzero(weight_all > 0)
    sub = sp.csr_matrix(problem.minutes[opts][:, keep])
    sub.data = np.minimum(sub.data, penalty)
    D, (w, people), _ = merge_identical_columns(
        sub, weight_all[keep], problem.weights[keep], compare_values=True
    )
    D.sort_indices()
    nf = fixed_opts.size
    free = nf + np.arange(cand_opts.size)
    free_mask = np.zeros(opts.size, dtype=bool)
    free_mask[free] = True
    rules = RowRules(problem.type_of[opts], problem.site_of[opts], budget, len(problem.type_names))
    return MedianInstance(D, w, opts, np.arange(nf), free, free_mask, rules, penalty, people)


def uncoverable_must_cover(inst: CoverInstance, must: np.ndarray) -> tuple[np.ndarray, list[Said]]:
    """Must-cover demand units that no option reaches, and the result note saying so.

    Parameters
    ----------
    inst
        The reduced instance.
    must
        Must-cover flag per original demand unit.

    Returns
    -------
    units, notes
        Indices of those demand units, and a one-line note (empty when none).
    """
    units = inst.uncoverable[must[inst.uncoverable]]
    if not units.size:
        return units, []
    return units, [msg("msg.siting.uncoverable_must", units=int(units.size))]
