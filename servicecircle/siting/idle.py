"""New outlets that add nobody: what each shortens, and the plan without them.

A model may pick an outlet whose people are all covered already by today's
outlets and the outlets built before it (a heuristic's leftover, or ``p``
larger than needed). :func:`minutes_saved` says how much each new outlet of
a plan shortens trips in build order (what the p-median model gains from
it); :func:`drop_sites` gives the plan without the outlets the caller found
idle, with its build order, curve, minutes, objective and gap updated.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from typing import Final

import numpy as np

from servicecircle._progress import Said
from servicecircle.siting.build_order import nearest_minutes
from servicecircle.siting.mip.highs import relative_gap
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.results import SitingResult

__all__ = ["NOBODY", "drop_sites", "minutes_saved"]

#: People at most this many are nobody (sums of floats over no unit are exactly 0).
NOBODY: Final = 1e-9


def minutes_saved(problem: SitingProblem, result: SitingResult) -> np.ndarray:
    """People-weighted minutes each new outlet saves, in build order, after the earlier ones.

    Only trips already within the matrix (each type's cutoff) count: people
    an outlet reaches first are among the people it newly covers instead.

    >>> import scipy.sparse as sp
    >>> from servicecircle.siting import problem_from_matrix, solve
    >>> m = sp.csr_matrix(np.array([[8.0, 0.0], [3.0, 0.0], [5.0, 0.0]]))
    >>> problem = problem_from_matrix(
    ...     m, [10.0, 5.0], minutes_break=10.0, fixed=[True, False, False]
    ... )
    >>> result = solve(problem, "pmedian", p=2)
    >>> [s.site for s in result.sites], minutes_saved(problem, result).tolist()
    ([1, 2], [50.0, 0.0])
    """
    near = nearest_minutes(problem, np.flatnonzero(problem.fixed))
    saved = []
    weights = problem.weights
    for site in result.sites:
        reach = nearest_minutes(problem, np.asarray([site.option]))
        better = np.isfinite(near) & (reach < near)
        saved.append(float((weights[better] * (near[better] - reach[better])).sum()))
        near = np.minimum(near, reach)
    return np.asarray(saved, dtype=float)


def drop_sites(
    problem: SitingProblem, result: SitingResult, orders: Collection[int], *, note: Said
) -> SitingResult:
    """``result`` without the new outlets of build order ``orders``, which add nobody.

    The caller has checked that each dropped outlet newly covers nobody (its
    ``new_people`` is 0) so the people covered, by unit and by class, stay as
    they are; the curve loses the dropped outlets' points (flat steps), the
    kept outlets are numbered again in build order, the mean minutes are
    measured again, and the fewest-outlets model's objective (the count) and
    gap follow the shorter plan. ``note`` is added to the plan's notes.

    Raises
    ------
    ValueError
        When an outlet to drop newly covers somebody.
    """
    drop = set(orders)
    if not drop:
        return result
    if any(s.new_people > NOBODY for s in result.sites if s.order in drop):
        raise ValueError("only outlets that newly cover nobody can be dropped")
    kept = [s for s in result.sites if s.order not in drop]
    curve = np.asarray(result.coverage_curve)[[0, *(s.order for s in kept)]]
    sites = tuple(
        dataclasses.replace(s, order=k + 1, cumulative_share=float(curve[k + 1]))
        for k, s in enumerate(kept)
    )
    open_rows = np.concatenate(
        [np.flatnonzero(problem.fixed), np.asarray([s.option for s in sites], dtype=np.int64)]
    )
    near = nearest_minutes(problem, open_rows)
    reach = np.isfinite(near)
    people = problem.weights
    reached = float(people[reach].sum())
    objective, gap, status = result.objective, result.gap, result.status
    if result.model == "min_outlets":
        objective = float(len(sites))
        gap = relative_gap(objective, result.bound, maximize=False)
        status = "optimal" if objective <= result.bound else status
    return dataclasses.replace(
        result,
        sites=sites,
        coverage_curve=curve,
        objective=objective,
        gap=gap,
        status=status,
        mean_minutes=float((people[reach] * near[reach]).sum() / reached) if reached else 0.0,
        people_beyond_cutoff=float(people[~reach].sum()),
        notes=(*result.notes, note),
    )
