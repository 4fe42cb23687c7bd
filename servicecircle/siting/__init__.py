"""Where should the next outlets go? Location models on a travel-time matrix.

Build a :class:`SitingProblem` from a sparse minutes matrix (sites x demand
units) with :func:`problem_from_matrix` (one outlet type) or
:func:`problem_from_types` (several types, each with its own mode and break),
then solve:

* :func:`solve_mclp` -- maximal covering with ``p`` new outlets (capacitated
  when the problem has capacities; must-cover units as hard constraints);
* :func:`solve_min_outlets` -- fewest new outlets reaching a coverage target
  or covering all must-cover units;
* :func:`solve_pmedian` -- lowest people-weighted mean minutes.

Every solver returns a :class:`SitingResult` with ``status``, ``objective``,
``bound`` and ``gap``; impossible requests raise
:class:`~servicecircle.errors.InfeasibleRequestError` saying what is
achievable.
"""

from __future__ import annotations

from servicecircle.siting.capacity import solve_capacitated
from servicecircle.siting.mclp import solve_mclp
from servicecircle.siting.min_outlets import solve_min_outlets
from servicecircle.siting.pmedian import solve_pmedian
from servicecircle.siting.problem import (
    OutletType,
    SitingProblem,
    problem_from_matrix,
    problem_from_types,
)
from servicecircle.siting.results import ChosenSite, ClassCoverage, SitingResult

__all__ = [
    "ChosenSite",
    "ClassCoverage",
    "OutletType",
    "SitingProblem",
    "SitingResult",
    "problem_from_matrix",
    "problem_from_types",
    "solve_capacitated",
    "solve_mclp",
    "solve_min_outlets",
    "solve_pmedian",
]
