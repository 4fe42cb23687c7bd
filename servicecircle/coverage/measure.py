"""Coverage today: who is inside the circle, measured on the road networks.

:func:`coverage_from` takes the study area, the demand, the existing outlets
and the settings, and returns a :class:`Coverage` holding every table the app,
the CLI and the report show: demand units with minutes to the nearest outlet,
coverage by class and by township/community for every break
(:mod:`.tables`), ranked gap areas, the must-cover check (:mod:`.gaps`) and
the isochrones.

Each outlet is measured with its own type's travel mode. At break ``b`` a
demand unit is covered when some outlet reaches it within ``b`` minutes; the
*standard* coverage uses each type's own minutes (15 minutes on foot for a
community window, 30 by e-bike for a gig market).

Demand farther than ``max_snap_m`` from every road a mode's points may be
attached to (see :mod:`servicecircle.network.ground`) is *off the road
network*: it is flagged (``off_network``), listed apart
(:attr:`Coverage.off_network`, ``summary.json`` ``off_network``) and never
ranked as a gap, so siting spends no outlet on it. Gaps are also drawn only
from demand inside the study extent (:attr:`StudyArea.extent`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from servicecircle._progress import Progress, null_progress
from servicecircle.coverage.gaps import gap_areas, must_cover_check, off_network_table
from servicecircle.coverage.settings import CoverageSettings, break_key
from servicecircle.coverage.staffing import outlets_with_staff
from servicecircle.coverage.tables import class_coverage, coverage_table, unit_coverage, within
from servicecircle.demand import Demand
from servicecircle.demand.admin import admin_units
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.isochrones import IsochroneSettings, isochrones_from_sites
from servicecircle.network import Network, mode_from_name, network_from_area
from servicecircle.reach import Snapped, nearest_sites, snap_points
from servicecircle.reach.snap import within_snap_distance

logger = logging.getLogger(__name__)

#: The settings :func:`coverage_from` uses when given none.
DEFAULT_SETTINGS = CoverageSettings()


@dataclass(frozen=True, eq=False)
class Coverage:
    """Coverage of the demand by the existing outlets.

    Attributes
    ----------
    demand
        Demand units with ``minutes_to_nearest`` (NaN where unreachable),
        ``nearest_outlet``, ``reachable``, ``off_network`` (farther than
        ``max_snap_m`` from every road), ``road_m`` (metres to the nearest
        road a point may be attached to), ``in_extent`` (inside the study
        extent), ``covered_<b>`` per break and ``covered`` (by each type's
        standard).
    outlets
        The outlets (WGS-84) with ``mode`` and ``minutes`` of their type,
        ``tier``, ``staff`` (people: the file's count, else the type's
        standard) and ``staff_source`` (``"file"`` or ``"standard"``), see
        :mod:`servicecircle.coverage.staffing`.
    by_class
        People total and covered per class and break.
    units
        Admin units (polygons) with people total, covered and share per break.
    gaps
        Gap areas (polygons), ranked by people uncovered: demand on the road
        network and inside the study extent only.
    must_cover
        Industrial and relocation areas with the share of them covered.
    isochrones
        Service-area polygons per break (dissolved), with ``people``.
    settings
        The settings used.
    networks
        The network of each mode used (``mode -> summary``).
    off_network
        Demand units off the road network (points), most people first:
        ``people``, ``class``, ``road_m``, ``township``, ``community``.
        Listed apart from the gaps, never ranked as one.
    """

    demand: gpd.GeoDataFrame
    outlets: gpd.GeoDataFrame
    by_class: pd.DataFrame
    units: gpd.GeoDataFrame
    gaps: gpd.GeoDataFrame
    must_cover: gpd.GeoDataFrame
    isochrones: gpd.GeoDataFrame
    settings: CoverageSettings
    networks: dict[str, dict[str, Any]]
    off_network: gpd.GeoDataFrame = field(default_factory=lambda: off_network_table(None))

    @property
    def total(self) -> float:
        """All people."""
        return float(self.demand["people"].sum())

    def covered(self, minutes: float) -> float:
        """People covered within ``minutes`` (one of the breaks)."""
        return float(self.demand.loc[self.demand[f"covered_{break_key(minutes)}"], "people"].sum())

    def share(self, minutes: float) -> float:
        """Share of people covered within ``minutes`` (0 when there is no demand)."""
        return self.covered(minutes) / self.total if self.total > 0 else 0.0


def networks_for(
    area: StudyArea,
    modes: set[str],
    networks: Mapping[str, Network] | None = None,
    *,
    settings: CoverageSettings | None = None,
) -> dict[str, Network]:
    """Return the network of every mode, reusing those given.

    With ``settings``, its speed overrides apply to the networks built here.
    """
    built = dict(networks or {})
    rules = settings.snap_rules() if settings is not None else None
    for name in sorted(modes - set(built)):
        mode = settings.travel_mode(name) if settings is not None else mode_from_name(name)
        built[name] = network_from_area(area, mode, snap_rules=rules)
    return built


def road_distances(
    networks: Mapping[str, Network],
    units: gpd.GeoDataFrame,
    *,
    snapped: Mapping[str, Snapped] | None = None,
) -> npt.NDArray[np.float64]:
    """Metres from each unit to the nearest road any of ``networks`` attaches points to.

    ``snapped``: the units already snapped without a limit, by mode (not snapped again).

    Returns
    -------
    numpy.ndarray
        float, aligned to ``units``; ``inf`` for a unit without a location.
    """
    distance = np.full(len(units), np.inf)
    for name, network in networks.items():
        points = snapped[name] if snapped is not None else units
        distance = np.minimum(distance, snap_points(network, points).distance_m)
    return distance


def snapped_units(
    networks: Mapping[str, Network], units: gpd.GeoDataFrame, settings: CoverageSettings
) -> tuple[dict[str, Snapped], dict[str, Snapped]]:
    """The units snapped once per mode: without a limit and within ``settings.max_snap_m``.

    The first serves :func:`road_distances`, the second the searches and the
    isochrones (each would otherwise snap the units again).
    """
    free = {name: snap_points(network, units) for name, network in networks.items()}
    limited = {
        name: within_snap_distance(networks[name], points, settings.max_snap_m)
        for name, points in free.items()
    }
    return free, limited


def outlet_modes(outlets: gpd.GeoDataFrame, settings: CoverageSettings) -> pd.DataFrame:
    """The travel ``mode`` and standard ``minutes`` of each outlet's type (indexed like it).

    An outlet of no known type travels by ``settings.mode`` within the largest break.
    """
    types = outlets["outlet_type"] if "outlet_type" in outlets.columns else None
    modes, minutes = [], []
    largest = settings.breaks[-1]
    for value in types if types is not None else [None] * len(outlets):
        kind = settings.outlet_types.get(str(value)) if value is not None else None
        modes.append(kind.mode if kind else settings.mode)
        minutes.append(kind.minutes if kind else largest)
    return pd.DataFrame({"mode": modes, "minutes": minutes}, index=outlets.index)


def nearest_outlets(
    networks: Mapping[str, Network],
    outlets: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    *,
    settings: CoverageSettings,
    snapped: Mapping[str, Snapped] | None = None,
) -> pd.DataFrame:
    """Minutes to the nearest outlet for every unit, per mode and overall.

    ``snapped``: the units already snapped within ``settings.max_snap_m``, by mode.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``units``: ``minutes`` (inf where unreachable),
        ``outlet`` (label), ``standard`` (True where some outlet reaches the
        unit within its own type's minutes).
    """
    plan = outlet_modes(outlets, settings)
    best = pd.Series(np.inf, index=units.index)
    best_outlet = pd.Series([None] * len(units), index=units.index, dtype=object)
    standard = pd.Series(False, index=units.index)
    for (mode, minutes), group in plan.groupby(["mode", "minutes"]):
        nearest = nearest_sites(
            networks[str(mode)],
            outlets.loc[group.index],
            snapped[str(mode)] if snapped is not None else units,
            max_snap_m=settings.max_snap_m,
        )
        closer = nearest["minutes"] < best
        best = best.where(~closer, nearest["minutes"])
        best_outlet = best_outlet.where(~closer, nearest["site"])
        standard |= within(nearest["minutes"], float(str(minutes)))
    return pd.DataFrame({"minutes": best, "outlet": best_outlet, "standard": standard})


def _check_inputs(demand: Demand, outlets: gpd.GeoDataFrame) -> None:
    """Raise the planner's error when there are no outlets or no demand."""
    if len(outlets) == 0:
        raise InputDataError(msg("msg.coverage.no_outlets"))
    if len(demand.units) == 0:
        raise InputDataError(msg("msg.coverage.no_demand"))


def _units_covered(
    area: StudyArea,
    units: gpd.GeoDataFrame,
    outlets: gpd.GeoDataFrame,
    networks: Mapping[str, Network],
    settings: CoverageSettings,
    snapped: tuple[dict[str, Snapped], dict[str, Snapped]],
) -> gpd.GeoDataFrame:
    """``units`` with minutes to the nearest outlet, road distance and the coverage flags.

    ``snapped``: :func:`snapped_units` of ``units``.
    """
    # search up to the largest break or standard, whichever is longer
    nearest = nearest_outlets(networks, outlets, units, settings=settings, snapped=snapped[1])
    road_m = road_distances({m: networks[m] for m in sorted(networks)}, units, snapped=snapped[0])
    return flag_units(units, nearest, road_m, area.inside(units), settings)


def flag_units(
    units: gpd.GeoDataFrame,
    nearest: pd.DataFrame,
    road_m: npt.NDArray[np.float64],
    in_extent: npt.ArrayLike,
    settings: CoverageSettings,
) -> gpd.GeoDataFrame:
    """A copy of ``units`` with the columns of :attr:`Coverage.demand`.

    ``nearest`` is :func:`nearest_outlets`'s table, ``road_m`` the metres to
    the nearest road (:func:`road_distances`), ``in_extent`` True inside the
    study extent.
    """
    units = units.copy()
    minutes = nearest["minutes"].to_numpy(float)
    units["minutes_to_nearest"] = np.where(np.isfinite(minutes), minutes, np.nan)
    units["nearest_outlet"] = nearest["outlet"].to_numpy()
    units["reachable"] = np.isfinite(minutes)
    units["road_m"] = np.where(np.isfinite(road_m), road_m, np.nan)
    units["off_network"] = ~(road_m <= settings.max_snap_m)
    units["in_extent"] = np.asarray(in_extent, dtype=bool)
    for b in settings.breaks:
        units[f"covered_{break_key(b)}"] = within(minutes, b)
    units["covered"] = nearest["standard"].to_numpy(bool)
    return units


def coverage_from(
    area: StudyArea,
    demand: Demand,
    outlets: gpd.GeoDataFrame,
    *,
    settings: CoverageSettings = DEFAULT_SETTINGS,
    networks: Mapping[str, Network] | None = None,
    with_isochrones: bool = True,
    progress: Progress | None = None,
) -> Coverage:
    """Measure today's coverage of ``demand`` by ``outlets``.

    Parameters
    ----------
    area
        The study area (roads and boundaries).
    demand
        Demand units and areas from :func:`servicecircle.demand.demand_from_area`.
    outlets
        Existing outlets (points, WGS-84) with an optional ``outlet_type``.
    settings
        Breaks, modes, outlet types and thresholds.
    networks
        Networks already built, by mode name (the app caches them).
    with_isochrones
        Also build the dissolved isochrone polygons (skip for speed).
    progress
        Optional ``progress(fraction, message)``.

    Raises
    ------
    InputDataError
        When there are no outlets or no demand.
    """
    report = progress or null_progress
    _check_inputs(demand, outlets)
    outlets = outlets.to_crs(WGS84)
    plan = outlet_modes(outlets, settings)
    modes = set(plan["mode"]) | {settings.mode}
    report(0.05, msg("msg.coverage.step.networks"))
    built = networks_for(area, modes, networks, settings=settings)
    report(0.3, msg("msg.coverage.step.travel_times"))
    used = {m: built[m] for m in modes}
    snapped = snapped_units(used, demand.units, settings)
    units = _units_covered(area, demand.units, outlets, used, settings, snapped)
    report(0.6, msg("msg.coverage.step.tables"))
    tables = coverage_tables(area, demand, units, settings)
    outlet_table = outlets_with_staff(
        outlets.assign(mode=plan["mode"].to_numpy(), minutes=plan["minutes"].to_numpy()),
        demand.units,
        built,
        settings,
    )
    isochrones = gpd.GeoDataFrame({"minutes": [], "people": []}, geometry=[], crs=WGS84)
    if with_isochrones:
        report(0.7, msg("msg.coverage.step.isochrones"))
        isochrones = service_areas(
            built, outlet_table, units, settings=settings, snapped=snapped[1]
        )
    report(1.0, msg("msg.coverage.step.done"))
    coverage = Coverage(
        demand=units,
        outlets=outlet_table,
        isochrones=isochrones,
        settings=settings,
        networks={name: net.summary() for name, net in built.items()},
        **tables,
    )
    _log(coverage)
    return coverage


def _log(coverage: Coverage) -> None:
    largest = coverage.settings.breaks[-1]
    logger.info(
        "coverage: %d outlets, %.0f of %.0f people within %g minutes",
        len(coverage.outlets),
        coverage.covered(largest),
        coverage.total,
        largest,
    )


def coverage_tables(
    area: StudyArea, demand: Demand, units: gpd.GeoDataFrame, settings: CoverageSettings
) -> dict[str, Any]:
    """The tables of :class:`Coverage` drawn from the covered ``units``."""
    table = coverage_table(units, settings.breaks)
    admin = demand.admin_units if len(demand.admin_units) else admin_units(area.boundaries)[0]
    gap_units = units[units["in_extent"].to_numpy(bool) & ~units["off_network"].to_numpy(bool)]
    return {
        "by_class": class_coverage(table),
        "units": unit_coverage(table, admin, settings.breaks),
        "gaps": gap_areas(
            gap_units, crs=area.local_crs(), join_m=settings.gap_join_m, roads=area.roads
        ),
        "must_cover": must_cover_check(units, demand.areas, share_needed=settings.must_cover_share),
        "off_network": off_network_table(units),
    }


def service_areas(
    networks: Mapping[str, Network],
    outlets: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    *,
    settings: CoverageSettings,
    snapped: Mapping[str, Snapped] | None = None,
) -> gpd.GeoDataFrame:
    """Dissolved isochrones of all outlets for every break, with the people inside.

    Outlets of each mode get that mode's isochrones; the pieces of one break
    are unioned. ``people`` counts the demand covered within the break (the
    units' own flags, so polygon and tables agree). ``snapped``: the units
    already snapped within ``settings.max_snap_m``, by mode (not snapped again).
    """
    drawing = IsochroneSettings(breaks=settings.breaks, buffer_m=settings.walk_off_m, dissolve=True)
    pieces = []
    for mode, group in outlets.groupby("mode"):
        pieces.append(
            isochrones_from_sites(
                networks[str(mode)],
                group,
                settings=drawing,
                demand=snapped[str(mode)] if snapped is not None else units,
                max_snap_m=settings.max_snap_m,
            )
        )
    joined = pd.concat(pieces, ignore_index=True)
    rows = []
    for b in settings.breaks:
        drawn = joined.loc[joined["minutes"] == b].geometry.to_numpy()
        # one mode: its dissolved polygon already is the union (re-unioning costs ~10%)
        geometry = drawn[0] if drawn.size == 1 else shapely.union_all(drawn)
        people = float(units.loc[units[f"covered_{break_key(b)}"], "people"].sum())
        rows.append({"minutes": b, "people": people, "geometry": geometry})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)
