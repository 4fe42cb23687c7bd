"""Staff for the staff models: what is given (:class:`StaffTerms`) and what a plan posts.

:class:`StaffTerms` holds, per option of a :class:`~servicecircle.siting.problem.SitingProblem`,
the people one staff member serves, the staff an existing outlet has today
and the fewest staff a new outlet of the option's type opens with, and the
staff budget to post. :class:`StaffAllocation` is what a plan does with it:
each open outlet's staff before and after and the people it serves.
:func:`staffed_model` is the HiGHS model of
:mod:`~servicecircle.siting.models.staffed` on a reduced instance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.siting.budget import RowRules
from servicecircle.siting.mip.formulations import _rule_rows
from servicecircle.siting.mip.highs import LinearModel
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.reduce import CoverInstance

__all__ = ["StaffAllocation", "StaffRows", "StaffTerms", "staff_rows", "staffed_model"]


@dataclass(frozen=True, eq=False)
class StaffTerms:
    """The staff a plan may post and what one staff member serves, per option.

    Parameters
    ----------
    budget
        Staff to post across existing and new outlets (a new outlet's own
        staff count against it); ``None`` for the fewest-outlets model with
        every outlet staffed by its standard.
    people_per_staff
        People one staff member of the option serves (per option, > 0).
    current
        Staff an existing outlet has today (per option; read for existing
        outlets only).
    minimum
        Fewest staff a new outlet of the option opens with (its type's
        standard; per option, whole numbers >= 1).
    """

    budget: int | None
    people_per_staff: np.ndarray
    current: np.ndarray
    minimum: np.ndarray

    def checked(self, problem: SitingProblem) -> StaffTerms:
        """These terms with float arrays, checked against ``problem``.

        Raises
        ------
        InputDataError
            For a negative or fractional budget, or arrays that do not fit the problem.
        """
        n = problem.n_options
        if self.budget is not None and (self.budget < 0 or int(self.budget) != self.budget):
            raise InputDataError(msg("msg.staffsite.bad_budget", budget=self.budget))
        arrays = [np.asarray(a, dtype=np.float64) for a in (self.people_per_staff, self.current)]
        minimum = np.asarray(self.minimum, dtype=np.float64)
        if any(a.shape != (n,) for a in [*arrays, minimum]):
            raise InputDataError(msg("msg.staffsite.bad_terms", options=n))
        per, now = arrays
        if not (np.all(per > 0) and np.all(np.isfinite(per)) and np.all(now >= 0)):
            raise InputDataError(msg("msg.staffsite.bad_terms", options=n))
        minimum = np.maximum(np.ceil(np.nan_to_num(minimum, nan=1.0) - 1e-9), 1.0)
        budget = None if self.budget is None else int(self.budget)
        return StaffTerms(budget, per, np.where(problem.fixed, now, 0.0), minimum)


@dataclass(frozen=True, eq=False)
class StaffAllocation:
    """The staff of every open outlet after a staff plan, and the people each serves.

    Existing outlets come first (in option order), then the new outlets in
    build order.

    Attributes
    ----------
    options
        Problem option of each open outlet.
    existing
        Whether the outlet exists today.
    staff_before
        Staff today (0 for a new outlet).
    staff_added
        Staff the plan posts to the outlet (a new outlet's whole staff).
    people_per_staff
        People one of its staff members serves.
    served
        People it serves after the plan (within its break and capacity).
    served_today
        People it serves today (0 for a new outlet).
    budget
        Staff the plan could post (``None``: each new outlet at its standard).
    """

    options: np.ndarray
    existing: np.ndarray
    staff_before: np.ndarray
    staff_added: np.ndarray
    people_per_staff: np.ndarray
    served: np.ndarray
    served_today: np.ndarray
    budget: int | None

    @property
    def staff_after(self) -> np.ndarray:
        """Staff of each outlet after the plan."""
        after: np.ndarray = self.staff_before + self.staff_added
        return after

    @property
    def capacity(self) -> np.ndarray:
        """People each outlet can serve after the plan (staff x people per staff)."""
        capacity: np.ndarray = self.staff_after * self.people_per_staff
        return capacity

    @property
    def posted(self) -> int:
        """Staff posted in all."""
        return round(float(self.staff_added.sum()))

    @property
    def unposted(self) -> int:
        """Staff of the budget left unposted (they would serve nobody more)."""
        return 0 if self.budget is None else max(self.budget - self.posted, 0)

    def staff_of(self, option: int) -> float:
        """Staff after the plan of the outlet at ``option`` (0 when it is not open)."""
        hit = np.flatnonzero(self.options == option)
        return float(self.staff_after[hit[0]]) if hit.size else 0.0


@dataclass(frozen=True, eq=False)
class StaffRows:
    """The staff terms on the rows of a reduced instance.

    ``upper`` is the most staff worth posting to a row: the staff that serve
    everyone it reaches, at most the budget (0 for a new row whose minimum
    exceeds the budget).
    """

    per: np.ndarray
    current: np.ndarray
    minimum: np.ndarray
    upper: np.ndarray
    budget: int

    def capacity(self, added: np.ndarray) -> np.ndarray:
        """People each row can serve with ``added`` staff posted to it."""
        capacity: np.ndarray = self.per * (self.current + added)
        return capacity


def staff_rows(inst: CoverInstance, terms: StaffTerms, budget: int) -> StaffRows:
    """The staff terms of ``inst``'s rows with the bounds worth posting."""
    opt = inst.options
    per, current = terms.people_per_staff[opt], terms.current[opt]
    minimum = np.where(inst.is_fixed, 0.0, terms.minimum[opt])
    reach = np.asarray(inst.A @ inst.people).ravel()
    useful = np.ceil(reach / per - 1e-9)
    upper = np.where(inst.is_fixed, np.maximum(useful - current, 0.0), np.maximum(useful, minimum))
    upper = np.minimum(upper, float(budget))
    upper = np.where(~inst.is_fixed & (minimum > budget), 0.0, upper)
    return StaffRows(per, current, minimum, upper, budget)


# long: one block of rows per constraint family of the module's formulation
def staffed_model(
    inst: CoverInstance,
    rows: StaffRows,
    rules: RowRules,
    *,
    required: float | None = None,
) -> LinearModel:
    """The staff model on ``inst``: columns x (rows), s (rows), then one flow per pair.

    Maximise class-weighted people served (or, with ``required``, minimise
    the new rows opened while serving at least ``required`` people). Rows:
    sum_i f_ik <= P_k (= for must-cover), sum_k f_ik - per_i s_i <= per_i
    current_i, f_ik <= P_k x_i, min_i x_i <= s_i <= upper_i x_i (new rows),
    sum s <= budget, at most the budget of new rows (per type) and one per site.
    """
    A, P, W = inst.A, inst.people, inst.weight
    n, m = A.shape
    ne = A.nnz
    n_cols = 2 * n + ne
    ei = np.repeat(np.arange(n), np.diff(A.indptr))
    ek = A.indices.astype(np.int64)
    e_cols = 2 * n + np.arange(ne)
    s_cols = n + np.arange(n)
    demand = sp.csr_matrix((np.ones(ne), (ek, e_cols)), shape=(m, n_cols))
    cap = sp.csr_matrix(
        (
            np.concatenate([np.ones(ne), -rows.per]),
            (np.concatenate([ei, np.arange(n)]), np.concatenate([e_cols, s_cols])),
        ),
        shape=(n, n_cols),
    )
    link = sp.csr_matrix(
        (
            np.concatenate([np.ones(ne), -P[ek]]),
            (np.concatenate([np.arange(ne)] * 2), np.concatenate([e_cols, ei])),
        ),
        shape=(ne, n_cols),
    )
    free = np.flatnonzero(~inst.is_fixed)
    nf = free.size
    k = np.arange(nf)
    staff_hi = sp.csr_matrix(
        (
            np.concatenate([np.ones(nf), -rows.upper[free]]),
            (np.concatenate([k, k]), np.concatenate([n + free, free])),
        ),
        shape=(nf, n_cols),
    )
    staff_lo = sp.csr_matrix(
        (
            np.concatenate([np.ones(nf), -rows.minimum[free]]),
            (np.concatenate([k, k]), np.concatenate([n + free, free])),
        ),
        shape=(nf, n_cols),
    )
    total = sp.csr_matrix((np.ones(n), (np.zeros(n, int), s_cols)), shape=(1, n_cols))
    rule, rlo, rhi = _rule_rows(rules, n_cols, ~inst.is_fixed, exact=False)
    blocks = [demand, cap, link, staff_hi, staff_lo, total, rule]
    lo = [
        np.where(inst.must, P, -np.inf),
        np.full(n + ne + nf, -np.inf),
        np.zeros(nf),
        [-np.inf],
        rlo,
    ]
    hi = [
        P,
        rows.per * rows.current,
        np.zeros(ne + nf),
        np.full(nf, np.inf),
        [float(rows.budget)],
        rhi,
    ]
    ratio = np.divide(W, P, out=np.zeros(m), where=P > 0)
    cost = np.concatenate([np.zeros(2 * n), ratio[ek]])
    if required is not None:
        blocks.append(sp.csr_matrix((np.ones(ne), (np.zeros(ne, int), e_cols)), shape=(1, n_cols)))
        lo.append([required])
        hi.append([np.inf])
        cost = np.concatenate([(~inst.is_fixed).astype(np.float64), np.zeros(n + ne)])
    return LinearModel(
        maximize=required is None,
        cost=cost,
        col_lower=np.concatenate([inst.is_fixed.astype(np.float64), np.zeros(n + ne)]),
        col_upper=np.concatenate(
            [np.where(rows.upper > 0, 1.0, inst.is_fixed * 1.0), rows.upper, P[ek]]
        ),
        integer=np.concatenate([np.ones(2 * n, np.int32), np.zeros(ne, np.int32)]),
        rows=sp.csr_matrix(sp.vstack(blocks)),
        row_lower=np.concatenate([np.asarray(v, dtype=np.float64) for v in lo]),
        row_upper=np.concatenate([np.asarray(v, dtype=np.float64) for v in hi]),
    )


def model_start(
    model: LinearModel,
    inst: CoverInstance,
    open_rows: np.ndarray,
    added: np.ndarray,
    entries: np.ndarray,
    flow: np.ndarray,
) -> np.ndarray:
    """A feasible start of :func:`staffed_model`: open rows, their staff and flows."""
    n = inst.n_rows
    x = np.zeros(model.n_cols)
    x[open_rows] = 1.0
    x[n : 2 * n] = added
    x[2 * n + entries] = flow
    return x


def whole(value: float) -> int:
    """``value`` rounded to a whole number of staff (a solver's 2.9999999 is 3)."""
    return math.floor(value + 0.5)
