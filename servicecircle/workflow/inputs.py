"""The planner's inputs of a run: the study area, the files, the sample's defaults.

:class:`RunInputs` holds the inputs as plain values; the functions here load
the study area and read each of the planner's files, passing what the planner
should read about a file (a skipped row, a column taken as floors) to a
``note`` callable, by default the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from servicecircle._progress import Said
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg

if TYPE_CHECKING:
    import geopandas as gpd

    from servicecircle._progress import Progress
    from servicecircle.demand.census_types import CensusTotals
    from servicecircle.demand.raster import PopulationGrid
    from servicecircle.demand.settings import ProfileName
    from servicecircle.i18n.message import Message
    from servicecircle.inputs.area import StudyArea
    from servicecircle.inputs.files.raw import GeometryKind

logger = logging.getLogger(__name__)

Note = Callable[[Said], None]
"""Where a note on a planner's file goes (a log, a printed line, a caption)."""

#: The study-area source naming the embedded sample (outlets, relocation and
#: industrial areas included).
SAMPLE = "sample"


def log_note(note: Said) -> None:
    """The default ``note``: a warning (in English) in the log of this module."""
    logger.warning("%s", str(note))


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
    name
        The study area's name (``None``: from the boundary, the place or the
        file, see :func:`servicecircle.inputs.naming.default_name`).
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
    standards
        A standards file (TOML or CSV) of the outlet types: tier, mode,
        minutes, staff, days open
        (:func:`~servicecircle.supply.standards.standards_from_file`).
    """

    area: str
    boundary: str | None = None
    name: str | None = None
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
    standards: str | None = None

    @property
    def is_sample(self) -> bool:
        """Whether the area is the embedded sample."""
        return is_sample(self.area)


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
    from servicecircle.inputs import study_area_from

    return study_area_from(
        inputs.area, boundary=inputs.boundary, progress=progress, name=inputs.name
    )


def read_user_layer(
    path: str | None,
    area: StudyArea,
    geometry: GeometryKind,
    *,
    crs: str | None = None,
    sites: bool = False,
    note: Note = log_note,
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

    from servicecircle.inputs.files.read import read_layer
    from servicecircle.limits import current_limits

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
    for said in loaded.notes:  # text, or a message once the readers say messages
        text = str(said)
        note(said if text.startswith(name) else msg("msg.workflow.file_note", path=path, note=said))
    offset = offset_warning(loaded.frame.geometry, area, crs, name)
    if offset is not None:
        note(offset)
    return loaded.frame


def offset_warning(
    geoms: gpd.GeoSeries, area: StudyArea, crs: str | None, source: str
) -> Message | None:
    """A warning when a layer read as WGS-84 fits the roads once converted from GCJ-02/BD-09.

    Checked only when the planner stated no system or WGS-84 (see
    :mod:`servicecircle.inputs.offset_check`: points, and the outlines of
    polygons such as buildings or census units); the warning names the
    ``--crs`` option to use.
    """
    from servicecircle.inputs.crs import WGS84_SYSTEM, resolve_crs
    from servicecircle.inputs.offset_check import layer_offset

    stated = resolve_crs(crs)
    if stated is not None and stated != WGS84_SYSTEM:
        return None
    finding = layer_offset(geoms, area.edges.geometry)
    return None if finding is None else finding.cli_message(source)


def _note_offset(
    geoms: gpd.GeoSeries | None, area: StudyArea, crs: str | None, path: str, note: Note
) -> None:
    """Pass :func:`offset_warning` of a layer (None: a table without geometry) to ``note``."""
    from pathlib import Path

    if geoms is None or len(geoms) == 0:
        return
    offset = offset_warning(geoms, area, crs, Path(path).name)
    if offset is not None:
        note(offset)


def with_user_boundaries(area: StudyArea, inputs: RunInputs, *, note: Note = log_note) -> StudyArea:
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
    from servicecircle.inputs.normalize import boundaries_layer

    layer = boundaries_layer(boundaries, default_level=8)
    if len(layer) == 0:
        raise InputDataError(msg("msg.workflow.no_boundaries", file=inputs.boundaries))
    return replace(area, boundaries=layer)


def top_down_inputs(area: StudyArea, inputs: RunInputs, *, note: Note = log_note) -> TopDownInputs:
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
        _note_offset(planner.buildings.geometry, area, inputs.crs, path, note)
        area = with_buildings(area, planner, inputs.buildings_mode)
    if inputs.census:
        from servicecircle.demand.census import read_census

        path, part = file_and_part(inputs.census)
        census = read_census(path, layer=part, crs=inputs.crs, study_bounds=area.bounds)
        if census.spatial:  # census units given as polygons
            _note_offset(census.rows.geometry, area, inputs.crs, path, note)
    if inputs.population_grid:
        from servicecircle.demand.raster import read_population_grid

        grid = read_population_grid(inputs.population_grid, area.extent)
    return TopDownInputs(area, census, grid)


def todays_outlets(
    area: StudyArea, inputs: RunInputs, *, note: Note = log_note
) -> gpd.GeoDataFrame:
    """Today's outlets as given: from OSM, the planner's point file, or the sample's.

    Raises
    ------
    InputDataError
        When no outlets are given for an area other than the sample.
    """
    if inputs.outlets == "osm":
        from servicecircle.supply.outlets import outlets_from_osm

        return outlets_from_osm(area)
    if inputs.outlets is None:
        if not inputs.is_sample:
            raise InputDataError(msg("msg.workflow.no_outlets"))
        from servicecircle.inputs.sample import sample_layer

        return sample_layer("outlets")
    outlets = read_user_layer(inputs.outlets, area, "point", crs=inputs.crs, sites=True, note=note)
    if outlets is None:  # a path was given, so a layer was read
        raise TypeError("reading the outlets file gave no layer")
    return outlets


def special_areas(
    area: StudyArea, inputs: RunInputs, *, note: Note = log_note
) -> tuple[gpd.GeoDataFrame | None, gpd.GeoDataFrame | None]:
    """The relocation and industrial areas: the planner's, else the sample's for the sample."""
    relocation = read_user_layer(inputs.relocation, area, "polygon", crs=inputs.crs, note=note)
    industrial = read_user_layer(inputs.industrial, area, "polygon", crs=inputs.crs, note=note)
    if inputs.is_sample:
        from servicecircle.inputs.sample import sample_layer

        relocation = sample_layer("relocation") if relocation is None else relocation
        industrial = sample_layer("industrial") if industrial is None else industrial
    return relocation, industrial
