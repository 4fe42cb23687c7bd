"""A run made ready: demand, outlets and settings, the networks needed, candidate sites."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.workflow.inputs import (
    Note,
    RunInputs,
    log_note,
    read_user_layer,
    special_areas,
    todays_outlets,
    top_down_inputs,
)

if TYPE_CHECKING:
    import geopandas as gpd

    from servicecircle.coverage import Coverage, CoverageSettings
    from servicecircle.demand import Demand
    from servicecircle.inputs.area import StudyArea
    from servicecircle.network import Network


@dataclass(frozen=True)
class PreparedInputs:
    """Demand, outlets and settings ready for :func:`~servicecircle.coverage.coverage_from`.

    Attributes
    ----------
    demand
        The demand estimate.
    outlets
        Today's outlets, each with its ``outlet_type``.
    settings
        The coverage settings, with the outlets' service standards.
    demand_area
        The area as the demand saw it (with the planner's buildings): its
        notes say what ``buildings`` did, for the summary.
    """

    demand: Demand
    outlets: gpd.GeoDataFrame
    settings: CoverageSettings
    demand_area: StudyArea


def estimate_demand(
    area: StudyArea, inputs: RunInputs, *, note: Note = log_note
) -> tuple[Demand, StudyArea]:
    """The demand estimate with every file the planner gave, and the area it was made on.

    The area is ``area`` with the planner's buildings (:func:`top_down_inputs`).
    """
    from servicecircle.demand import DemandSettings, demand_from_area

    relocation, industrial = special_areas(area, inputs, note=note)
    points = read_user_layer(inputs.demand_points, area, "point", crs=inputs.crs, note=note)
    top_down = top_down_inputs(area, inputs, note=note)
    demand = demand_from_area(
        top_down.area,
        settings=DemandSettings(profile=inputs.profile, m2_per_person=inputs.m2_per_person),
        relocation=relocation,
        industrial=industrial,
        user_points=points,
        user_mode=inputs.demand_mode,
        census=top_down.census,
        population_grid=top_down.grid,
    )
    return demand, top_down.area


def coverage_settings(inputs: RunInputs) -> CoverageSettings:
    """The coverage settings of the mode, the breaks, the speed override and the standards file."""
    from servicecircle.coverage import CoverageSettings

    speeds = {inputs.mode: inputs.speed_kmh} if inputs.speed_kmh is not None else {}
    settings = CoverageSettings(mode=inputs.mode, breaks=inputs.breaks, speeds_kmh=speeds)
    if inputs.standards is None:
        return settings
    from servicecircle.supply.standards import standards_from_file

    return replace(settings, outlet_types=standards_from_file(inputs.standards))


def one_standard_for_all(
    outlets: gpd.GeoDataFrame, settings: CoverageSettings
) -> tuple[gpd.GeoDataFrame, CoverageSettings]:
    """Every outlet of one type ``default``: the settings' mode and largest break.

    For outlets from OSM, or a file without a type column (``outlet_type``, 类型, ...).
    The type takes the rest of its standard (tier, staff, residents per staff
    member, days open) from the settings' community window, which a standards
    file may have set; the settings' other types stay known (a new site's type
    keeps the file's standard).
    """
    from servicecircle.supply.outlets import OutletType

    window = settings.outlet_types.get("community_window")
    minutes = settings.breaks[-1]
    if window is None:
        standard = OutletType("default", settings.mode, minutes)
    else:
        standard = replace(window, name="default", mode=settings.mode, minutes=minutes)
    one_type = replace(settings, outlet_types={**settings.outlet_types, "default": standard})
    return outlets.assign(outlet_type="default"), one_type


def with_new_type(settings: CoverageSettings, new_type: str) -> CoverageSettings:
    """``settings`` knowing the new sites' type (a type of the standards, or a default type).

    Raises
    ------
    InputDataError
        When the type is neither in the settings nor a default type.
    """
    if new_type in settings.outlet_types:
        return settings
    from servicecircle.supply.outlets import DEFAULT_OUTLET_TYPES

    if new_type not in DEFAULT_OUTLET_TYPES:
        raise InputDataError(
            msg("msg.cli.unknown_new_type", new_type=new_type, types=list(DEFAULT_OUTLET_TYPES))
        )
    kinds = {**settings.outlet_types, new_type: DEFAULT_OUTLET_TYPES[new_type]}
    return replace(settings, outlet_types=kinds)


def prepare_inputs(
    area: StudyArea,
    inputs: RunInputs,
    *,
    note: Note = log_note,
    on_demand: Callable[[Demand], None] | None = None,
) -> PreparedInputs:
    """Demand, outlets and settings of a run (what analyze and site share).

    Parameters
    ----------
    area
        The study area, already holding the planner's boundaries
        (:func:`with_user_boundaries`).
    inputs
        The planner's inputs.
    note
        Where the notes on the planner's files go.
    on_demand
        Called with the demand as soon as it is estimated, before the outlets
        are checked (the command line prints the census audit there).

    Returns
    -------
    PreparedInputs
        The demand, the outlets with their standards, the settings, and the
        area as the demand saw it.
    """
    from servicecircle.inputs.fields import field_column
    from servicecircle.supply.outlets import prepare_outlets

    # outlets first: none found in OSM is said before the slow demand estimate
    raw_outlets = todays_outlets(area, inputs, note=note)
    demand, demand_area = estimate_demand(area, inputs, note=note)
    if on_demand is not None:
        on_demand(demand)
    settings = coverage_settings(inputs)
    if inputs.outlets == "osm" or field_column(raw_outlets.columns, "outlet_type") is None:
        raw_outlets, settings = one_standard_for_all(raw_outlets, settings)
    outlets = prepare_outlets(raw_outlets, area=area, types=settings.outlet_types)
    missing = int(outlets["staff"].isna().sum())
    if missing and field_column(raw_outlets.columns, "staff") is not None:
        note(msg("msg.standards.staff_default", count=missing, total=len(outlets)))
    return PreparedInputs(demand, outlets, settings, demand_area)


def modes_needed(settings: CoverageSettings, outlet_types: Iterable[str] | None = None) -> set[str]:
    """The travel modes a coverage needs: the settings' mode and those of the outlet types.

    Parameters
    ----------
    settings
        The coverage settings.
    outlet_types
        The outlet types in use (types the settings do not know are left
        out); ``None`` for every type the settings know.

    Returns
    -------
    set of str
        The mode names.
    """
    known = settings.outlet_types
    names = known if outlet_types is None else [str(t) for t in outlet_types if str(t) in known]
    return {settings.mode} | {known[name].mode for name in names}


def site_candidates(
    area: StudyArea,
    coverage: Coverage,
    networks: dict[str, Network],
    *,
    sources: Sequence[str],
    new_type: str,
    exclude: str | None = None,
    crs: str | None = None,
    note: Note = log_note,
) -> gpd.GeoDataFrame:
    """The candidate sites of a siting run, outside the excluded areas.

    Parameters
    ----------
    area, coverage, networks
        The study area, today's coverage and the networks by mode name.
    sources
        Each ``"osm"`` (premises that could host an outlet), ``"auto"``
        (network nodes around the gaps, on the ``new_type``'s network) or a
        point file.
    new_type
        The type of the new outlets (a type the coverage settings know).
    exclude
        A polygon file of areas where no outlet may go.
    crs, note
        As for :func:`read_user_layer`.

    Raises
    ------
    InputDataError
        When no candidate is left.
    """
    from servicecircle.supply.candidates import (
        candidates_around_gaps,
        candidates_from_osm,
        combine_candidates,
    )

    parts = []
    for source in sources:
        if source == "osm":
            parts.append(candidates_from_osm(area))
        elif source == "auto":
            mode = coverage.settings.outlet_types[new_type].mode
            parts.append(
                candidates_around_gaps(
                    networks[mode], coverage.gaps, edges=area.roads, extent=area.extent
                )
            )
        else:
            parts.append(read_user_layer(source, area, "point", crs=crs, sites=True, note=note))
    exclusions = read_user_layer(exclude, area, "polygon", crs=crs, note=note)
    return combine_candidates(parts, exclusions=exclusions)
