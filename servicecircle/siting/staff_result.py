"""A staff plan as a :class:`~servicecircle.siting.results.SitingResult` with its staff.

New outlets that serve nobody are closed and staff that would serve nobody
more are taken back (the objective is unchanged); the new outlets are put in
build order (:func:`~servicecircle.siting.models.capacitated.capacity_outcome`'s
capacity greedy, each with its staff) and every open outlet's staff before
and after and the people it serves go to :attr:`SitingResult.staff`.

For the staff models the plan's "before" is the existing outlets alone WITH
the staff the plan posts to them, so each new outlet's newly served people
add up to the plan's; what today's outlets serve with today's staff is
:attr:`StaffAllocation.served_today`.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import scipy.sparse as sp

from servicecircle._progress import Said
from servicecircle.siting.mip.assignment import Assignment
from servicecircle.siting.mip.highs import LinearModel, solve_linear
from servicecircle.siting.models.capacitated import _build_order, _Capacitated, _people_served
from servicecircle.siting.options import Model
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.results import ResultParts, SitingResult, Status, assemble_result
from servicecircle.siting.staff import StaffAllocation
from servicecircle.siting.staff_instance import Staffed, StaffPlan

__all__ = [
    "allocation",
    "nearest_by_row",
    "pair_minutes",
    "served_by_row",
    "staffed_result",
    "trim",
]


def served_by_row(c: Staffed, plan: StaffPlan) -> np.ndarray:
    """People each row of the instance serves in ``plan``'s assignment."""
    A, served = c.inst.A, plan.served
    rows = np.searchsorted(A.indptr, served.entries, side="right") - 1
    return np.bincount(rows, weights=served.flow, minlength=c.inst.n_rows)


def trim(c: Staffed, plan: StaffPlan) -> None:
    """Close new rows serving nobody; take back staff beyond what each row's people need."""
    by_row = served_by_row(c, plan)
    r = c.rows
    plan.rows = plan.rows[by_row[plan.rows] > 1e-9]
    keep = np.zeros(c.inst.n_rows, dtype=bool)
    keep[plan.rows] = True
    keep[c.fixed_rows] = True
    need = np.ceil(by_row / r.per - 1e-9)
    need = np.where(c.inst.is_fixed, np.maximum(need - r.current, 0.0), np.maximum(need, r.minimum))
    plan.added = np.where(keep, np.minimum(plan.added, need), 0.0)


def pair_minutes(problem: SitingProblem, c: Staffed) -> np.ndarray:
    """People-weighted mean minutes of each stored pair (row, group) of the instance."""
    inst = c.inst
    units = np.flatnonzero(inst.column_of >= 0)
    if not units.size:
        return np.zeros(inst.A.nnz)
    cover = sp.csr_matrix(problem.cover[inst.options][:, units], dtype=np.float64)
    minutes = sp.csr_matrix(problem.minutes[inst.options][:, units]).multiply(cover)
    groups = sp.csr_matrix(
        (problem.weights[units], (np.arange(units.size), inst.column_of[units])),
        shape=(units.size, inst.n_cols),
    )
    weighted, people = sp.csr_matrix(minutes @ groups), sp.csr_matrix(cover @ groups)
    ei = np.repeat(np.arange(inst.n_rows), np.diff(inst.A.indptr))
    ek = inst.A.indices
    w = np.asarray(weighted[ei, ek]).ravel()
    n = np.asarray(people[ei, ek]).ravel()
    mean: np.ndarray = np.divide(w, n, out=np.zeros_like(w), where=n > 0)
    return mean


def nearest_by_row(
    c: Staffed, minutes: np.ndarray, served: Assignment, added: np.ndarray
) -> np.ndarray:
    """People each row serves when each group's people served go to the nearest outlets.

    The people served per group stay as in ``served``; among the ways to
    serve them within the open outlets' capacity, the one with the fewest
    people-minutes (one optimal assignment is as good as another for the
    objective, but a planner reads each outlet's number).
    """
    A, inst = c.inst.A, c.inst
    rows = np.asarray(served.open_rows, dtype=np.int64)
    starts, lens = A.indptr[rows], A.indptr[rows + 1] - A.indptr[rows]
    entries = np.concatenate([np.arange(s, s + n) for s, n in zip(starts, lens, strict=True)])
    ei = np.repeat(np.arange(rows.size), lens)
    ek = A.indices[entries].astype(np.int64)
    ne, m = entries.size, inst.n_cols
    fallback = np.bincount(
        np.searchsorted(A.indptr, served.entries, side="right") - 1,
        weights=served.flow,
        minlength=inst.n_rows,
    )
    if ne == 0:
        return fallback
    model = LinearModel(
        maximize=False,
        cost=minutes[entries],
        col_lower=np.zeros(ne),
        col_upper=inst.people[ek],
        integer=np.zeros(ne, np.int32),
        rows=sp.csr_matrix(
            (np.ones(2 * ne), (np.concatenate([ek, m + ei]), np.concatenate([np.arange(ne)] * 2))),
            shape=(m + rows.size, ne),
        ),
        row_lower=np.concatenate([served.served, np.full(rows.size, -np.inf)]),
        row_upper=np.concatenate([served.served, c.rows.capacity(added)[rows] + 1e-7]),
    )
    out = solve_linear(model, time_limit=30.0, relax=True)
    if out.x is None:
        return fallback
    return np.bincount(rows[ei], weights=out.x, minlength=inst.n_rows)


def allocation(
    c: Staffed,
    plan: StaffPlan,
    new_options: np.ndarray,
    budget: int | None,
    minutes: np.ndarray | None = None,
) -> StaffAllocation:
    """Each open outlet's staff before and after and the people it serves (existing first).

    With ``minutes`` (:func:`pair_minutes`) each group's people served go
    to their nearest outlets within capacity (:func:`nearest_by_row`).
    """
    inst, r = c.inst, c.rows
    row_of = {int(o): k for k, o in enumerate(inst.options)}
    new_rows = np.asarray([row_of[int(o)] for o in new_options], dtype=np.int64)
    rows = np.concatenate([c.fixed_rows, new_rows])
    today = c.assign(np.zeros(0, dtype=np.int64), np.zeros(inst.n_rows))
    if minutes is not None:
        served_today = nearest_by_row(c, minutes, today, np.zeros(inst.n_rows))
        served_after = nearest_by_row(c, minutes, plan.served, plan.added)
    else:
        served_today = served_by_row(c, dataclasses.replace(plan, served=today))
        served_after = served_by_row(c, plan)
    return StaffAllocation(
        options=inst.options[rows],
        existing=inst.is_fixed[rows],
        staff_before=r.current[rows],
        staff_added=plan.added[rows],
        people_per_staff=r.per[rows],
        served=served_after[rows],
        served_today=np.where(inst.is_fixed[rows], served_today[rows], 0.0),
        budget=budget,
    )


# long: the result's parts put together in one place, as the other models do
def staffed_result(
    problem: SitingProblem,
    c: Staffed,
    plan: StaffPlan,
    *,
    model: Model,
    outcome: tuple[Status, float, float, float],
    uncoverable: np.ndarray,
    notes: list[Said],
    seed: int,
    seconds: float,
    budget: int | None = None,
) -> SitingResult:
    """The result of a staff plan: ``outcome`` is (status, bound, gap, objective).

    The objective is the people served (class-weighted) for the staff model,
    the number of new outlets for the fewest-outlets model (sense "min").
    """
    status, bound, gap, objective = outcome
    trim(c, plan)
    inst = c.inst
    cap = c.rows.capacity(plan.added)
    capacitated = _Capacitated(inst, c.rules, cap, c.ratio, c.work_ratio)
    order, before = _build_order(capacitated, plan.rows, seed)
    staff = allocation(
        c,
        plan,
        order.options,
        budget if budget is not None else c.rows.budget,
        pair_minutes(problem, c),
    )
    parts = ResultParts(
        model=model,
        method=plan.method,
        status=status,
        objective=objective,
        bound=bound,
        gap=gap,
        sense="min" if model == "min_outlets" else "max",
        order=order,
        served_before=_people_served(problem, capacitated, before.served),
        served_after=_people_served(problem, capacitated, plan.served.served),
        uncoverable_must_cover=uncoverable,
        notes=tuple(notes),
    )
    result = assemble_result(problem, parts, seconds=seconds)
    return dataclasses.replace(result, staff=staff)
