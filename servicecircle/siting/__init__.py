"""Where should the next outlets go? Location models on a travel-time matrix.

Build a :class:`SitingProblem` from a sparse minutes matrix (sites x demand
units) with :func:`problem_from_matrix` (one site type) or
:func:`problem_from_types` (several types, each with its own mode and break),
then :func:`solve` it with one of the models:

* ``"mclp"`` -- maximal covering with ``p`` new outlets (must-cover units as
  hard constraints);
* ``"capacitated_mclp"`` -- the same within each outlet's capacity (what
  ``"mclp"`` solves when the problem has capacities);
* ``"min_outlets"`` -- fewest new outlets reaching a coverage target or
  covering all must-cover units (with capacities: a target of people
  *served* within capacity);
* ``"pmedian"`` -- lowest people-weighted mean minutes (with capacities:
  the capacitated p-median, solved by HiGHS; the heuristic alone is refused).
* ``"staffed_mclp"`` -- at most ``p`` new outlets AND a budget of staff
  posted across existing and new outlets (capacity = staff x people per
  staff member), serving the most people within capacity; with ``staff``
  terms ``"min_outlets"`` is the fewest new outlets under a staffing
  standard or a staff budget (:mod:`~servicecircle.siting.models.staffed`,
  :mod:`~servicecircle.siting.models.staffed_min`; results carry
  :class:`~servicecircle.siting.staff.StaffAllocation`).

Every model honours the capacity of a problem that has one (each option's
own: existing outlets and new ones may differ).

:class:`SolveOptions` says how (``method``, ``time_limit``, ``mip_gap``,
``seed``). Every model returns a :class:`SitingResult` with ``status``,
``objective``, ``bound`` and ``gap``; impossible requests raise
:class:`~servicecircle.errors.InfeasibleRequestError` saying what is
achievable. The package works on matrices only: no geometry library.
"""

from __future__ import annotations

from servicecircle.siting.options import Method, Model, SolveOptions
from servicecircle.siting.problem import (
    SiteType,
    SitingProblem,
    problem_from_matrix,
    problem_from_types,
)
from servicecircle.siting.results import ChosenSite, ClassCoverage, SitingResult
from servicecircle.siting.solve import solve

__all__ = [
    "ChosenSite",
    "ClassCoverage",
    "Method",
    "Model",
    "SiteType",
    "SitingProblem",
    "SitingResult",
    "SolveOptions",
    "problem_from_matrix",
    "problem_from_types",
    "solve",
]
