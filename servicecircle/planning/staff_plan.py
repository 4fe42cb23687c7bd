"""A siting request solved: the staff terms of the run (people per staff, staff, minimum).

:func:`solve_request` solves a request with its model (the staff models of
:mod:`servicecircle.siting.models.staffed` when it posts staff). The staff
terms, for every option of the run's problem (today's outlets, then the candidates
under each new type):

- **people per staff member**: the option's type's standard of one staff
  member per ``residents_per_staff`` residents where it has one, else
  :data:`~servicecircle.coverage.accessibility.DEFAULT_PEOPLE_PER_STAFF`
  (the rule of :func:`~servicecircle.coverage.access_run.outlet_people_per_staff`);
- **today's staff** of an existing outlet: its ``staff`` (its file's count,
  else its type's standard: :mod:`~servicecircle.coverage.staffing`);
- **the staff a new outlet opens with**: with a staff budget, at least the
  type's fixed number (``staff``, rounded up, at least one; the budget
  decides how many more); staffed by the standard (``budget`` None), the
  type's standard: the fixed number or, for a per-resident standard, one
  per ``residents_per_staff`` people within the option's own break,
  rounded up, at least one.

>>> import numpy as np, scipy.sparse as sp
>>> from servicecircle.siting import problem_from_matrix
>>> from servicecircle.supply.outlets import OutletType
>>> p = problem_from_matrix(sp.csr_matrix(np.array([[5.0, 5.0], [5.0, 9.0]])), [9000.0, 6000.0],
...     minutes_break=10, fixed=[True, False])
>>> kinds = {"outlet": OutletType("outlet", residents_per_staff=4000.0)}
>>> t = option_staff_terms(p, kinds, np.array([2.0]), budget=None)
>>> t.people_per_staff.tolist(), t.current.tolist(), t.minimum.tolist()
([4000.0, 4000.0], [2.0, 0.0], [4.0, 4.0])
>>> option_staff_terms(p, kinds, np.array([2.0]), budget=3).minimum.tolist()
[1.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle._progress import Progress
from servicecircle.coverage.accessibility import DEFAULT_PEOPLE_PER_STAFF
from servicecircle.coverage.measure import Coverage
from servicecircle.inputs.crs import WGS84
from servicecircle.planning.request import SitingRequest
from servicecircle.siting import SitingProblem, SitingResult, SolveOptions, solve
from servicecircle.siting.options import Model, as_method
from servicecircle.siting.staff import StaffTerms
from servicecircle.supply.outlets import OutletType

__all__ = ["STAFF_COLUMNS", "option_staff_terms", "solve_request", "staff_table", "staff_terms"]


def option_staff_terms(
    problem: SitingProblem,
    types: Mapping[str, OutletType],
    existing_staff: np.ndarray,
    *,
    budget: int | None,
) -> StaffTerms:
    """The staff terms of every option of ``problem`` (see the module).

    ``existing_staff`` holds today's staff per existing site (site order);
    an outlet type ``problem`` names that ``types`` lacks counts as a default type.
    """
    kinds = [types.get(name, OutletType(name)) for name in problem.type_names]
    of_type = problem.type_of
    per_type = np.array(
        [k.residents_per_staff or DEFAULT_PEOPLE_PER_STAFF for k in kinds], dtype=np.float64
    )
    per = per_type[of_type]
    reach = np.asarray(problem.cover @ problem.weights, dtype=np.float64).ravel()
    fixed_staff = np.array([float(np.ceil(k.staff - 1e-9)) for k in kinds])[of_type]
    by_residents = np.array([k.residents_per_staff is not None for k in kinds])[of_type]
    minimum = fixed_staff
    if budget is None:
        minimum = np.where(by_residents, np.ceil(reach / per - 1e-9), fixed_staff)
    current = np.zeros(problem.n_options)
    fixed = np.flatnonzero(problem.fixed)
    staff = np.nan_to_num(np.asarray(existing_staff, dtype=np.float64), nan=1.0)
    current[fixed] = staff[problem.site_of[fixed]]
    return StaffTerms(budget, per, current, np.maximum(minimum, 1.0))


def staff_terms(
    problem: SitingProblem, coverage: Coverage, staff: int | Literal["standard"] | None
) -> StaffTerms | None:
    """The staff terms of a run's ``problem`` for the request's ``staff`` (``None``: none asked)."""
    if staff is None:
        return None
    outlets = coverage.outlets
    column = outlets["staff"] if "staff" in outlets.columns else pd.Series(1.0, outlets.index)
    existing = pd.to_numeric(column, errors="coerce").to_numpy(np.float64)
    budget = None if staff == "standard" else int(staff)
    return option_staff_terms(problem, coverage.settings.outlet_types, existing, budget=budget)


def solve_request(
    problem: SitingProblem,
    request: SitingRequest,
    progress: Progress | None,
    staff: StaffTerms | None = None,
) -> SitingResult:
    """Solve ``problem`` with the request's model (the staff models with ``staff`` terms)."""
    options = SolveOptions(
        method=as_method(request.method),
        time_limit=request.time_limit,
        seed=request.seed,
        work_limit=request.work_limit,
    )
    if request.model == "min":
        return solve(
            problem,
            "min_outlets",
            target=request.target,
            must_cover_classes=request.must_cover,
            staff=staff,
            options=options,
            progress=progress,
        )
    model: Model = "staffed_mclp" if staff is not None else request.model
    p = request.new or 0
    return solve(problem, model, p=p, staff=staff, options=options, progress=progress)


#: Columns of :func:`staff_table` besides the geometry.
STAFF_COLUMNS: tuple[str, ...] = (
    "name",
    "existing",
    "outlet_type",
    "rank",
    "staff_before",
    "staff_added",
    "staff",
    "people_per_staff",
    "capacity",
    "served_before",
    "served",
)


def staff_table(
    result: SitingResult,
    problem: SitingProblem,
    outlets: gpd.GeoDataFrame,
    chosen: gpd.GeoDataFrame,
) -> gpd.GeoDataFrame | None:
    """Every open outlet's staff before and after a staff plan and the people it serves.

    Today's outlets first (``rank`` empty), then the new sites in build order
    (``rank`` as in ``chosen``); ``served_before`` is what an existing outlet
    serves today with today's staff. ``None`` for a plan without staff.
    """
    staff = result.staff
    if staff is None:
        return None
    rank_of = {s.option: s.order for s in result.sites}
    rows = []
    for k, option in enumerate(staff.options.tolist()):
        site = int(problem.site_of[option])
        existing = bool(staff.existing[k])
        if existing:
            where, name, rank = outlets.iloc[site], outlets.iloc[site].get("name"), None
        elif option in rank_of:
            rank = rank_of[option]
            where = chosen.iloc[rank - 1]
            name = where.get("name")
        else:  # a new site dropped from the plan (it newly serves nobody)
            continue
        rows.append(
            {
                "name": None if pd.isna(name) else str(name),
                "existing": existing,
                "outlet_type": problem.type_names[int(problem.type_of[option])],
                "rank": rank,
                "staff_before": float(staff.staff_before[k]),
                "staff_added": float(staff.staff_added[k]),
                "staff": float(staff.staff_after[k]),
                "people_per_staff": float(staff.people_per_staff[k]),
                "capacity": float(staff.capacity[k]),
                "served_before": float(staff.served_today[k]),
                "served": float(staff.served[k]),
                "geometry": where.geometry,
            }
        )
    if not rows:
        return gpd.GeoDataFrame({c: [] for c in STAFF_COLUMNS}, geometry=[], crs=WGS84)
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=chosen.crs or WGS84)
