"""What the command line and the app share: from the planner's inputs to a measurable run.

The steps before coverage is measured, in the order a run takes them:

1. :func:`load_area` loads the study area (clipped to a boundary), and
   :func:`with_user_boundaries` puts the planner's township/community
   boundaries in place of its own;
2. :func:`prepare_inputs` reads today's outlets (first, so that none found
   is said before the slow demand estimate), the relocation and industrial
   areas, the planner's demand points, buildings, census totals and
   population grid, estimates the demand, and sets the coverage settings and
   the outlets' service standard;
3. :func:`modes_needed` names the travel networks the coverage needs, and
   :func:`site_candidates` gathers the candidate sites of a siting run.

Nothing here prints or parses options: the inputs are a frozen
:class:`RunInputs` of plain values, and what a planner should read about
their files (a skipped row, a column taken as floors) goes to a ``note``
callable, by default the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from servicecircle.errors import InputDataError

if TYPE_CHECKING:
    import geopandas as gpd

    from servicecircle._progress import Progress
    from servicecircle.coverage import Coverage, CoverageSettings
    from servicecircle.demand import Demand
    from servicecircle.demand.census import CensusTotals
    from servicecircle.demand.raster import PopulationGrid
    from servicecircle.demand.settings import ProfileName
    from servicecircle.network import Network
    from servicecircle.sources.area import StudyArea
    from servicecircle.sources.files.raw import GeometryKind

logger = logging.getLogger(__name__)

Note = Callable[[str], None]
"""Where a note on a planner's file goes (a log, a printed line, a caption)."""

#: The study-area source naming the embedded sample (outlets, relocation and
#: industrial areas included).
SAMPLE = "sample"


def _log_note(note: str) -> None:
    logger.warning("%s", note)


@dataclass(frozen=True)
class RunInputs:
    """The planner's inputs of one coverage or siting run.

    Files are paths as the planner gave them; ``FILE::LAYER`` picks one layer
    of a GeoPackage or zip (one sheet of a workbook for ``census``). ``None``
    means not given.

    Attributes
    ----------
    area
        The study area: ``"sample"``, an OSM file, ``"place:NAME"``,
        ``"bbox:W,S,E,N"`` or a boundary polygon file.
    boundary
        A polygon file the area is clipped to.
    outlets
        Today's outlets: a point file, ``"osm"``, or ``None`` (the sample's;
        other areas must give one).
    mode, speed_kmh, breaks
        The travel mode, its speed override and the minutes measured.
    relocation, industrial
        Polygon files of relocation/resettlement and industrial areas.
    demand_points, demand_mode
        The planner's demand points and whether they are added to the
        estimate or replace it.
    boundaries
        Township/community boundary polygons.
    crs
        The coordinate system of the planner's files (``None``: from the files).
    m2_per_person, profile
        The demand assumptions (``None``: the regional profile's).
    buildings, buildings_mode
        The planner's building polygons, added to the OSM ones or replacing them.
    census, population_grid
        Census totals the residents are scaled to; a population raster.
    """

    area: str
    boundary: str | None = None
    outlets: str | None = None
    mode: str = "walk"
    speed_kmh: float | None = None
    breaks: tuple[float, ...] = (5.0, 10.0, 15.0)
    relocation: str | None = None
    industrial: str | None = None
    demand_points: str | None = None
    demand_mode: Literal["add", "replace"] = "add"
    boundaries: str | None = None
    crs: str | None = None
    m2_per_person: float | None = None
    profile: ProfileName = "auto"
    buildings: str | None = None
    buildings_mode: Literal["add", "replace"] = "add"
    census: str | None = None
    population_grid: str | None = None

    @property
    def is_sample(self) -> bool:
        """Whether the area is the embedded sample."""
        return is_sample(self.area)


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


@dataclass(frozen=True)
class TopDownInputs:
    """The area with the planner's buildings, and the census totals and population grid."""

    area: StudyArea
    census: CensusTotals | None
    grid: PopulationGrid | None


def is_sample(source: str) -> bool:
    """Whether the study-area source names the embedded sample.

    >>> is_sample(" Sample "), is_sample("sample.osm.pbf")
    (True, False)
    """
    return source.strip().lower() == SAMPLE


def file_and_part(text: str) -> tuple[str, str | None]:
    """``FILE::PART`` (a layer or sheet) split; PART None when not given.

    >>> file_and_part("units.gpkg::towns"), file_and_part("census.csv")
    (('units.gpkg', 'towns'), ('census.csv', None))
    """
    path, _, part = str(text).partition("::")
    return path, part or None


def load_area(inputs: RunInputs, *, progress: Progress | None = None) -> StudyArea:
    """The study area of ``inputs``, clipped to its ``boundary`` when one is given."""
    from servicecircle.sources import study_area_from

    return study_area_from(inputs.area, boundary=inputs.boundary, progress=progress)


def read_user_layer(
    path: str | None,
    area: StudyArea,
    geometry: GeometryKind,
    *,
    crs: str | None = None,
    sites: bool = False,
    note: Note = _log_note,
) -> gpd.GeoDataFrame | None:
    """Read one of the planner's layers into WGS-84 (None when ``path`` is None).

    ``sites`` (outlets, candidate sites) holds the file to the ``outlets``
    limit; ``FILE::LAYER`` picks one layer of a GeoPackage or zip holding
    several. Each note on the file is passed to ``note``, starting with the
    file's name.
    """
    if path is None:
        return None
    from pathlib import Path

    from servicecircle.limits import current_limits
    from servicecircle.sources.files.read import read_layer

    path, layer = file_and_part(path)
    loaded = read_layer(
        path,
        layer=layer,
        crs=crs,
        study_bounds=area.bounds,
        geometry=geometry,
        max_features=current_limits().outlets if sites else None,
    )
    name = Path(path).name
    for text in loaded.notes:
        note(text if text.startswith(name) else f"{path}: {text}")
    return loaded.frame


def with_user_boundaries(
    area: StudyArea, inputs: RunInputs, *, note: Note = _log_note
) -> StudyArea:
    """The study area with the planner's ``boundaries`` in place of its own (if given).

    The boundaries are part of the area, so the demand units are named after
    them and the coverage table by township and community (the ``units``
    layer) takes its polygons from them: one set of boundaries for both.

    Raises
    ------
    InputDataError
        When the file holds no polygon with a usable admin level.
    """
    boundaries = read_user_layer(inputs.boundaries, area, "polygon", crs=inputs.crs, note=note)
    if boundaries is None:
        return area
    from servicecircle.sources.normalize import boundaries_layer

    if "admin_level" not in boundaries.columns:
        boundaries = boundaries.assign(admin_level=8)
    layer = boundaries_layer(boundaries)
    if len(layer) == 0:
        raise InputDataError(
            f"{inputs.boundaries}: no boundary polygon with a usable admin_level was found; "
            "give polygons, with an admin_level column (6 county, 8 township, 10 community) "
            "or none (all are then taken as townships)."
        )
    return replace(area, boundaries=layer)


def top_down_inputs(area: StudyArea, inputs: RunInputs, *, note: Note = _log_note) -> TopDownInputs:
    """The study area with the planner's buildings, the census totals and the population grid.

    Each file is read before the slow demand estimate starts, so a bad one is
    said at once.
    """
    census = grid = None
    if inputs.buildings:
        from servicecircle.demand.user_buildings import read_buildings, with_buildings

        path, layer = file_and_part(inputs.buildings)
        planner = read_buildings(path, crs=inputs.crs, study_bounds=area.bounds, layer=layer)
        for text in planner.notes:
            note(text)
        area = with_buildings(area, planner, inputs.buildings_mode)
    if inputs.census:
        from servicecircle.demand.census import read_census

        path, part = file_and_part(inputs.census)
        census = read_census(path, layer=part, crs=inputs.crs, study_bounds=area.bounds)
    if inputs.population_grid:
        from servicecircle.demand.raster import read_population_grid

        grid = read_population_grid(inputs.population_grid, area.extent)
    return TopDownInputs(area, census, grid)


def todays_outlets(
    area: StudyArea, inputs: RunInputs, *, note: Note = _log_note
) -> gpd.GeoDataFrame:
    """Today's outlets as given: from OSM, the planner's point file, or the sample's.

    Raises
    ------
    InputDataError
        When no outlets are given for an area other than the sample.
    """
    if inputs.outlets == "osm":
        from servicecircle.outlets import outlets_from_osm

        return outlets_from_osm(area)
    if inputs.outlets is None:
        if not inputs.is_sample:
            raise InputDataError(
                "Say where today's outlets are: --outlets FILE (points) or --outlets osm "
                "(employment services, community centres and townhalls found in "
                "OpenStreetMap by their tags or names)."
            )
        from servicecircle.sources.sample import sample_layer

        return sample_layer("outlets")
    outlets = read_user_layer(inputs.outlets, area, "point", crs=inputs.crs, sites=True, note=note)
    assert outlets is not None  # a path was given
    return outlets


def special_areas(
    area: StudyArea, inputs: RunInputs, *, note: Note = _log_note
) -> tuple[gpd.GeoDataFrame | None, gpd.GeoDataFrame | None]:
    """The relocation and industrial areas: the planner's, else the sample's for the sample."""
    relocation = read_user_layer(inputs.relocation, area, "polygon", crs=inputs.crs, note=note)
    industrial = read_user_layer(inputs.industrial, area, "polygon", crs=inputs.crs, note=note)
    if inputs.is_sample:
        from servicecircle.sources.sample import sample_layer

        relocation = sample_layer("relocation") if relocation is None else relocation
        industrial = sample_layer("industrial") if industrial is None else industrial
    return relocation, industrial


def estimate_demand(
    area: StudyArea, inputs: RunInputs, *, note: Note = _log_note
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
    """The coverage settings of the mode, the breaks and the speed override."""
    from servicecircle.coverage import CoverageSettings

    speeds = {inputs.mode: inputs.speed_kmh} if inputs.speed_kmh is not None else {}
    return CoverageSettings(mode=inputs.mode, breaks=inputs.breaks, speeds_kmh=speeds)


def one_standard_for_all(
    outlets: gpd.GeoDataFrame, settings: CoverageSettings
) -> tuple[gpd.GeoDataFrame, CoverageSettings]:
    """Every outlet of one type ``default``: the settings' mode and largest break.

    For outlets from OSM, or a file without an ``outlet_type`` column.
    """
    from servicecircle.outlets import OutletType

    standard = OutletType("default", settings.mode, settings.breaks[-1])
    one_type = replace(settings, outlet_types={"default": standard})
    return outlets.assign(outlet_type="default"), one_type


def prepare_inputs(
    area: StudyArea,
    inputs: RunInputs,
    *,
    note: Note = _log_note,
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
    from servicecircle.outlets import prepare_outlets

    # outlets first: none found in OSM is said before the slow demand estimate
    raw_outlets = todays_outlets(area, inputs, note=note)
    demand, demand_area = estimate_demand(area, inputs, note=note)
    if on_demand is not None:
        on_demand(demand)
    settings = coverage_settings(inputs)
    if inputs.outlets == "osm" or "outlet_type" not in raw_outlets.columns:
        raw_outlets, settings = one_standard_for_all(raw_outlets, settings)
    outlets = prepare_outlets(raw_outlets, area=area, types=settings.outlet_types)
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
    note: Note = _log_note,
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
    from servicecircle.candidates import (
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
                    networks[mode], coverage.gaps, edges=area.edges, extent=area.extent
                )
            )
        else:
            parts.append(read_user_layer(source, area, "point", crs=crs, sites=True, note=note))
    exclusions = read_user_layer(exclude, area, "polygon", crs=crs, note=note)
    return combine_candidates(parts, exclusions=exclusions)
