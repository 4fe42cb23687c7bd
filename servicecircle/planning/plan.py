"""Where the next outlets should go: from coverage and candidates to a siting plan.

:func:`plan_sites` builds the travel-time matrices of existing outlets plus
candidate sites for every outlet type (each with its own mode and minutes),
solves the chosen model with :mod:`servicecircle.siting`, and explains the
answer: each new site in build order with the people it newly covers, the
gaps and must-cover areas it serves, the coverage curve, and coverage by
class and by township/community before and after.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle._progress import Progress, null_progress, scaled
from servicecircle.coverage import Coverage, coverage_from, networks_for
from servicecircle.demand import UNIT_COLUMNS, Demand
from servicecircle.errors import InfeasibleRequestError, InputDataError
from servicecircle.i18n.labels import label_said
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.network import Network
from servicecircle.planning.after_plan import staffed_sites
from servicecircle.planning.capacity import site_capacity
from servicecircle.planning.explain import reasons_text, site_reasons
from servicecircle.planning.plan_tables import candidate_table, curve_table, unit_table
from servicecircle.planning.request import SitingRequest
from servicecircle.planning.site_facts import (
    PLACE_COLUMNS,
    break_gains,
    gain_table,
    with_places,
    without_idle,
)
from servicecircle.planning.staff_plan import solve_request, staff_table, staff_terms
from servicecircle.reach import travel_times
from servicecircle.siting import (
    SiteType,
    SitingProblem,
    SitingResult,
    problem_from_types,
)
from servicecircle.supply.outlets import OutletType

logger = logging.getLogger(__name__)

DEFAULT_REQUEST = SitingRequest()
"""Three community windows by maximal covering (the request when none is given)."""


@dataclass(frozen=True, eq=False)
class SitingPlan:
    """A siting plan with everything needed to explain it.

    Attributes
    ----------
    result
        The solver's result (objective, bound, gap, status, curve).
    chosen
        New outlets in build order (points, WGS-84): ``rank``, ``name``,
        ``type``, ``township`` and ``community`` (the admin units holding
        it), ``road`` and ``road_m`` (nearest named road, metres to it),
        ``newly_covered``, ``cumulative_share``, ``gaps`` (ranks of the gaps
        it serves), ``must_cover`` (areas it serves), ``reasons``, ``tier``,
        ``staff`` and ``staff_source`` (:func:`~.after_plan.with_site_staff`). A site
        that newly covers nobody at any break is not among them (a note of
        the result says how many were dropped).
    candidates
        All candidates with ``chosen`` (bool) and ``rank``.
    curve
        ``n_new``, ``covered`` (people) and ``share`` for 0..p new outlets.
    by_class
        People, covered before and after, by class.
    by_unit
        People, covered before and after, by township and by community
        (``township`` names a community's township; namesakes in different
        townships are separate rows).
    request
        The request solved.
    demand_after
        The demand units with today's outlets plus the new ones: minutes to
        the nearest outlet, ``covered_<b>`` per break, ``covered`` (by the
        plan, capacity respected) and ``served_people``.
    problem
        The problem solved (matrices, must-cover units), for re-solves.
    gains
        What each new outlet newly covers, in build order
        (:func:`~servicecircle.planning.site_facts.gain_table`): by break, by
        demand class and by community.
    dropped
        How many sites the solver chose newly cover nobody at any break and
        were left out of ``chosen`` (a note of ``result`` says so).
    staff
        With staff posted (``request.staff``): every open outlet's staff
        before and after and the people it serves
        (:func:`~servicecircle.planning.staff_plan.staff_table`); else None.
    """

    result: SitingResult
    chosen: gpd.GeoDataFrame
    candidates: gpd.GeoDataFrame
    curve: pd.DataFrame
    by_class: pd.DataFrame
    by_unit: pd.DataFrame
    request: SitingRequest
    demand_after: gpd.GeoDataFrame | None = None
    problem: SitingProblem | None = None
    gains: pd.DataFrame | None = None
    dropped: int = 0
    staff: gpd.GeoDataFrame | None = None


def _matrix_types(
    networks: Mapping[str, Network],
    sites: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    *,
    n_existing: int,
    existing_types: np.ndarray,
    types: Mapping[str, OutletType],
    new_types: Sequence[str],
    capacity: np.ndarray | None,
    max_snap_m: float,
    progress: Progress | None,
) -> dict[str, SiteType]:
    wanted = list(dict.fromkeys([*existing_types.tolist(), *new_types]))
    built: dict[str, SiteType] = {}
    n = len(sites)
    for i, name in enumerate(wanted):
        kind = types[name]
        if progress is not None:
            progress(
                0.1 + 0.5 * i / max(len(wanted), 1),
                msg("msg.planning.step.travel_times", type=label_said("outlet.", name)),
            )
        times = travel_times(
            networks[kind.mode], sites, units, cutoff_minutes=kind.minutes, max_snap_m=max_snap_m
        )
        fixed = np.zeros(n, dtype=bool)
        fixed[:n_existing] = existing_types == name
        allowed = np.zeros(n, dtype=bool)
        if name in new_types:
            allowed[n_existing:] = True
        built[name] = SiteType(
            minutes=times.minutes,
            minutes_break=kind.minutes,
            allowed=allowed,
            fixed=fixed,
            capacity=capacity,
        )
    return built


#: Columns of :attr:`SitingPlan.chosen` besides the geometry.
CHOSEN_COLUMNS: tuple[str, ...] = (
    "rank",
    "candidate_id",
    "name",
    "address",
    "source",
    "type",
    *PLACE_COLUMNS,
    "newly_covered",
    "cumulative_share",
    "gaps",
    "must_cover",
    "reasons",
)


def _explain(
    result: SitingResult,
    problem_types: Mapping[str, SiteType],
    candidates: gpd.GeoDataFrame,
    coverage: Coverage,
    n_existing: int,
) -> gpd.GeoDataFrame:
    """One row per new outlet with the gaps and must-cover areas it newly serves.

    ``reasons`` says them in English (:func:`~servicecircle.planning.explain.reasons_text`).
    """
    rows = []
    for site, why in zip(result.sites, site_reasons(result, problem_types, coverage), strict=True):
        candidate = candidates.iloc[site.site - n_existing]
        rows.append(
            {
                "rank": site.order,
                "candidate_id": int(candidate["candidate_id"]),
                "name": candidate["name"],
                "address": candidate.get("address"),
                "source": candidate["source"],
                "type": site.type,
                "newly_covered": float(site.new_people),
                "cumulative_share": float(site.cumulative_share),
                "gaps": ",".join(str(g) for g in why.gaps),
                "must_cover": "; ".join(why.must_cover),
                "reasons": reasons_text(why, "en"),
                "geometry": candidate.geometry,
            }
        )
    if not rows:
        return gpd.GeoDataFrame({c: [] for c in CHOSEN_COLUMNS}, geometry=[], crs=WGS84)
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)


def _check_request(
    request: SitingRequest, coverage: Coverage, candidates: gpd.GeoDataFrame
) -> None:
    """Raise the planner's error for unknown new types, absent must-cover classes, no candidates."""
    types = coverage.settings.outlet_types
    unknown = [t for t in request.new_types if t not in types]
    if unknown:
        raise InputDataError(
            msg("msg.planning.unknown_new_types", unknown=list(unknown), types=list(types))
        )
    classes = set(coverage.demand["class"])
    missing = [c for c in request.must_cover if c not in classes]
    if missing:
        raise InfeasibleRequestError(msg("msg.planning.no_demand_class", missing=list(missing)))
    if len(candidates) == 0:
        raise InfeasibleRequestError(msg("msg.planning.no_candidates"))


def _site_types(
    area: StudyArea,
    coverage: Coverage,
    candidates: gpd.GeoDataFrame,
    request: SitingRequest,
    networks: Mapping[str, Network] | None,
    progress: Progress,
) -> tuple[dict[str, Network], dict[str, SiteType]]:
    """The networks of the modes used and the travel minutes of each site type.

    Sites are today's outlets (fixed, of their own type) followed by the
    candidates (open to the new types).
    """
    settings = coverage.settings
    types = dict(settings.outlet_types)
    outlets = coverage.outlets
    existing_types = outlets["outlet_type"].astype(str).to_numpy()
    modes = {types[t].mode for t in [*existing_types.tolist(), *request.new_types]}
    built = networks_for(area, modes, networks, settings=settings)
    sites = pd.concat([outlets[["geometry"]], candidates[["geometry"]]], ignore_index=True)
    sites = gpd.GeoDataFrame(sites, geometry="geometry", crs=WGS84)
    problem_types = _matrix_types(
        built,
        sites,
        coverage.demand,
        n_existing=len(outlets),
        existing_types=existing_types,
        types=types,
        new_types=request.new_types,
        capacity=site_capacity(outlets, len(candidates), request),
        max_snap_m=settings.max_snap_m,
        progress=progress,
    )
    return built, problem_types


def _problem(
    problem_types: Mapping[str, SiteType], units: gpd.GeoDataFrame, request: SitingRequest
) -> SitingProblem:
    """The siting problem: people, classes, weights and must-cover units of the request."""
    return problem_from_types(
        problem_types,
        units["people"].to_numpy(float),
        classes=units["class"].astype(str).to_numpy(),
        class_weights=dict(request.class_weights) or None,
        must_cover=units["class"].isin(request.must_cover).to_numpy()
        if request.model != "min"
        else None,
    )


def plan_sites(
    area: StudyArea,
    coverage: Coverage,
    candidates: gpd.GeoDataFrame,
    *,
    request: SitingRequest = DEFAULT_REQUEST,
    networks: Mapping[str, Network] | None = None,
    progress: Progress | None = None,
) -> SitingPlan:
    """Choose new outlet sites among ``candidates`` for the demand of ``coverage``.

    Parameters
    ----------
    area
        The study area.
    coverage
        Today's coverage (its demand units, outlets, gaps and settings).
    candidates
        Candidate sites from :func:`servicecircle.supply.candidates.combine_candidates`.
    request
        Model, number or target, must-cover classes, capacity, solver limits.
    networks
        Networks already built, by mode name.
    progress
        Optional callback ``(fraction, message)``.

    Raises
    ------
    InfeasibleRequestError
        For impossible requests, with the best achievable.
    InputDataError
        For unknown outlet types or demand classes.
    """
    report = progress or null_progress
    _check_request(request, coverage, candidates)
    units = coverage.demand
    outlets = coverage.outlets
    built, problem_types = _site_types(area, coverage, candidates, request, networks, report)
    problem = _problem(problem_types, units, request)
    report(0.65, msg("msg.planning.step.solving"))
    staff = staff_terms(problem, coverage, request.staff)
    result = solve_request(problem, request, scaled(report, 0.65, 0.95), staff)
    report(0.97, msg("msg.planning.step.explaining"))
    solved = len(result.sites)
    result = without_idle(problem, result)
    points = gpd.GeoSeries(
        [candidates.geometry.iloc[s.site - len(outlets)] for s in result.sites], crs=WGS84
    )
    modes = [coverage.settings.outlet_types[s.type].mode for s in result.sites]
    gains = break_gains(points, modes, coverage, built)
    chosen = _explain(result, problem_types, candidates, coverage, len(outlets))
    chosen = with_places(chosen, coverage, area, gains, columns=CHOSEN_COLUMNS)
    chosen = staffed_sites(chosen, coverage, built, result, problem)  # tier and staff
    _log(request, result)
    demand_after = _demand_after(area, coverage, chosen, built, result)
    report(1.0, msg("msg.planning.step.done"))
    return SitingPlan(
        result=result,
        chosen=chosen,
        candidates=candidate_table(candidates, chosen),
        curve=curve_table(result, float(units["people"].to_numpy(float).sum())),
        by_class=result.coverage_table(),
        by_unit=unit_table(units, units["covered"].to_numpy(bool), result.served_people),
        request=request,
        demand_after=demand_after,
        problem=problem,
        gains=gain_table(problem, result, coverage, gains),
        dropped=solved - len(result.sites),
        staff=staff_table(result, problem, outlets, chosen),
    )


def _log(request: SitingRequest, result: SitingResult) -> None:
    logger.info(
        "siting %s: %d new outlets, %.1f%% -> %.1f%% (status %s, gap %.4f)",
        request.model,
        len(result.sites),
        100 * result.share_before,
        100 * result.share_after,
        result.status,
        result.gap,
    )


def _demand_after(
    area: StudyArea,
    coverage: Coverage,
    chosen: gpd.GeoDataFrame,
    networks: Mapping[str, Network],
    result: SitingResult,
) -> gpd.GeoDataFrame:
    """Coverage of the demand by today's outlets plus the chosen ones, for every break."""
    new = gpd.GeoDataFrame(
        {"name": chosen["name"].to_numpy(), "outlet_type": chosen["type"].to_numpy()},
        geometry=chosen.geometry.to_numpy(),
        crs=WGS84,
    )
    keep = [c for c in ("name", "outlet_type", "geometry") if c in coverage.outlets.columns]
    outlets = gpd.GeoDataFrame(
        pd.concat([coverage.outlets[keep], new], ignore_index=True),
        geometry="geometry",
        crs=WGS84,
    )
    units = coverage.demand[[c for c in coverage.demand.columns if c in UNIT_COLUMNS]]
    after = coverage_from(
        area,
        Demand(units=units, areas=coverage.must_cover.iloc[0:0]),
        outlets,
        settings=coverage.settings,
        networks=networks,
        with_isochrones=False,
    ).demand
    after["covered"] = np.asarray(result.covered, dtype=bool)
    after["served_people"] = np.asarray(result.served_people, dtype=float)
    return after
