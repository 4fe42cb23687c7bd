"""How many new outlets a plan may open, and which rows may be chosen together.

A plan opens a total ``p`` or one ``p`` per outlet type (per-type budgets),
at most one outlet per site.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from servicecircle.errors import InfeasibleRequestError
from servicecircle.i18n.labels import label_said
from servicecircle.i18n.message import msg
from servicecircle.siting.problem import SitingProblem

__all__ = ["Budget", "RowRules", "budget_from"]


@dataclass(frozen=True)
class Budget:
    """Number of new outlets: ``total``, and optionally an exact count per type index."""

    total: int
    per_type: tuple[int, ...] | None = None

    def counts_ok(self, type_counts: np.ndarray) -> bool:
        """Whether ``type_counts`` (chosen outlets per type) respects the budget."""
        if int(type_counts.sum()) > self.total:
            return False
        return self.per_type is None or bool(np.all(type_counts <= np.asarray(self.per_type)))


@dataclass(frozen=True, eq=False)
class RowRules:
    """Which rows may be chosen together: per-type budgets and one outlet per site."""

    type_of: np.ndarray
    site_of: np.ndarray
    budget: Budget
    n_types: int

    @property
    def per_type(self) -> np.ndarray | None:
        """The most outlets of each type, as an array (None when types are not capped)."""
        return None if self.budget.per_type is None else np.asarray(self.budget.per_type)

    @property
    def sites_unique(self) -> bool:
        """Whether each row is a different site (no site offered as two types)."""
        return bool(np.unique(self.site_of).size == self.site_of.size)

    def subset(self, rows: np.ndarray) -> RowRules:
        """The same budget over ``rows`` only (renumbered 0..len(rows)-1)."""
        return RowRules(self.type_of[rows], self.site_of[rows], self.budget, self.n_types)

    def eligible(self, chosen: np.ndarray) -> np.ndarray:
        """Rows that may be added to ``chosen`` without breaking a rule."""
        n = self.type_of.size
        ok = np.ones(n, dtype=bool)
        ok[chosen] = False
        if not self.sites_unique:
            used = np.zeros(int(self.site_of.max(initial=-1)) + 1, dtype=bool)
            used[self.site_of[chosen]] = True
            ok &= ~used[self.site_of]
        pt = self.per_type
        if pt is not None:
            counts = np.bincount(self.type_of[chosen], minlength=self.n_types)
            ok &= counts[self.type_of] < pt[self.type_of]
        elif chosen.size >= self.budget.total:
            ok[:] = False
        return ok


def budget_from(problem: SitingProblem, p: int | Mapping[str, int] | None) -> Budget:
    """Check a request for ``p`` new outlets against the candidates of ``problem``.

    Parameters
    ----------
    problem
        The siting problem.
    p
        Total number of new outlets, or a number per outlet type name
        (``None`` is refused: the model needs it).

    Returns
    -------
    Budget

    Raises
    ------
    InfeasibleRequestError
        When ``p`` is below 1, there are no candidates, or ``p`` exceeds the
        candidates available (in total, per type, or in distinct sites).
    """
    cand = problem.candidates
    n_cand = int(cand.sum())
    if n_cand == 0:
        raise InfeasibleRequestError(msg("msg.siting.no_candidates"))
    if p is None:
        raise InfeasibleRequestError(msg("msg.siting.no_p"))
    n_sites = len(np.unique(problem.site_of[cand]))
    per_type: tuple[int, ...] | None = None
    if isinstance(p, Mapping):
        counts = [0] * len(problem.type_names)
        for name, value in p.items():
            counts[problem.type_index(name)] = int(value)
        for name, value in zip(problem.type_names, counts, strict=True):
            if value < 0:
                raise InfeasibleRequestError(
                    msg("msg.siting.p_type_negative", type=label_said("outlet.", name), p=value)
                )
            avail = int((cand & (problem.type_of == problem.type_index(name))).sum())
            if value > avail:
                raise InfeasibleRequestError(
                    msg(
                        "msg.siting.p_type_too_many",
                        p=value,
                        type=label_said("outlet.", name),
                        available=avail,
                    )
                )
        per_type = tuple(counts)
        total = sum(counts)
    else:
        total = int(p)
        if total != p:
            raise InfeasibleRequestError(msg("msg.siting.p_whole", p=p))
    if total < 1:
        raise InfeasibleRequestError(msg("msg.siting.p_zero", p=total))
    if total > n_cand:
        raise InfeasibleRequestError(msg("msg.siting.p_too_many", p=total, candidates=n_cand))
    if total > n_sites:
        raise InfeasibleRequestError(msg("msg.siting.p_too_many_sites", p=total, sites=n_sites))
    return Budget(total=total, per_type=per_type)
