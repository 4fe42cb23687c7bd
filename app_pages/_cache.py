"""Every cached computation of the app: study areas, uploads, demand, networks, coverage.

Tables go through ``st.cache_data``; networks (graphs) and areas through
``st.cache_resource`` or :class:`AreaCache`, built completely inside the cached
call. Each computation is held to the server's per-session memory budget
(:func:`~servicecircle.memory.within_budget`): one session's heavy work is
stopped with a message before it takes the memory the other sessions need.

Arguments are hashed by content, never by session data, so a cached result
is shared only by sessions that gave exactly the same inputs. Objects
Streamlit cannot hash well are hashed by :data:`HASH_FUNCS` (a study area by
its :attr:`~servicecircle.inputs.area.StudyArea.key`, a layer by
:func:`frame_key`, ...); :func:`content_key` gives the same keys to the pages
(the coverage key that a siting plan and the report are tied to).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

import geopandas as gpd
import streamlit as st
from shapely.geometry.base import BaseGeometry

from app_pages._frames import DemandInputs, with_people_counts
from app_pages._hashing import HASH_FUNCS, content_key
from app_pages._uploads import KeptUpload, Upload, digest, saved_bytes, saved_upload
from servicecircle._progress import Progress
from servicecircle.coverage.settings import CoverageSettings
from servicecircle.demand import Demand, DemandSettings, ProfileChoice, choose_profile
from servicecircle.demand.census import read_census
from servicecircle.demand.census_types import CensusTotals
from servicecircle.demand.user_buildings import PlannerBuildings, read_buildings, with_buildings
from servicecircle.errors import PLANNER_ERRORS
from servicecircle.i18n.message import msg
from servicecircle.inputs import boundary_polygon, study_area_from
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.files.read import LoadedLayer, list_layers, read_layer
from servicecircle.inputs.offset_check import OffsetFinding, layer_offset
from servicecircle.limits import current_limits
from servicecircle.memory import within_budget

if TYPE_CHECKING:  # the engines load where they run: the first page builds no network
    from servicecircle.coverage.access_run import Accessibility
    from servicecircle.coverage.groups import GroupCoverage
    from servicecircle.coverage.incremental import CoverageEditor
    from servicecircle.coverage.measure import Coverage
    from servicecircle.coverage.tiers import TierCoverage
    from servicecircle.demand.raster import PopulationGrid
    from servicecircle.network.graph import Network
    from servicecircle.planning.after_plan import PlanEffect
    from servicecircle.planning.plan import SitingPlan

# --------------------------------------------------------------------------- study areas


class AreaCache:
    """Study areas shared between sessions, keyed by a hash of their inputs.

    Entries are immutable :class:`StudyArea` objects; each session keeps its
    own reference in its session state. Loading happens outside any Streamlit
    cache decorator so that the caller's ``st.progress`` bar can be updated;
    one lock per key makes concurrent loads of the same input build it once.
    """

    def __init__(self, max_entries: int = 6) -> None:
        self.max_entries = max_entries
        self._areas: OrderedDict[str, StudyArea] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}

    def get_or_load(self, key: str, load: Callable[[], StudyArea]) -> StudyArea:
        """The area cached under ``key``, calling ``load`` if there is none."""
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._areas:
                    self._areas.move_to_end(key)
                    return self._areas[key]
            area = load()
            with self._lock:
                self._areas[key] = area
                while len(self._areas) > self.max_entries:
                    self._areas.popitem(last=False)
            return area


@st.cache_resource(show_spinner=False)
def area_cache() -> AreaCache:
    """The process-wide :class:`AreaCache` (created once, inside this function)."""
    return AreaCache()


def load_study_area(
    source_key: str,
    spec: str,
    *,
    boundary_key: str = "",
    boundary: BaseGeometry | None = None,
    progress: Progress | None = None,
) -> StudyArea:
    """Load a study area once per distinct input; its ``key`` names those inputs.

    ``source_key`` identifies the input by content (``"sample"``,
    ``"file:<sha>"``, ``"place:<name>"``), never by a temporary file name;
    ``boundary_key`` the boundary it is cut to (:func:`load_boundary`). The
    reading is held to the server's per-session memory budget.
    """
    key = f"{source_key}|{boundary_key}"

    def load() -> StudyArea:
        area = within_budget(
            lambda: study_area_from(spec, boundary=boundary, progress=progress),
            what=msg("work.reading_area"),
        )
        return replace(area, key=key)

    return area_cache().get_or_load(key, load)


def load_boundary(
    upload: Upload, layer: str | None = None, crs: str | None = None
) -> tuple[str, BaseGeometry]:
    """Read an uploaded boundary file into one polygon; return (content key, polygon).

    ``layer`` is the layer chosen in a file with several, ``crs`` the
    coordinate system chosen for it (None: the file's own, else WGS-84).
    """
    with saved_upload(upload) as path:
        frame = read_layer(path, layer=layer, crs=crs, geometry="polygon").frame
    polygon = boundary_polygon(frame)
    return digest(f"{digest(upload.getvalue())}|{layer}|{crs}".encode()), polygon


@st.cache_resource(max_entries=4, show_spinner=False, hash_funcs=HASH_FUNCS)
def area_with_buildings(area: StudyArea, buildings: PlannerBuildings, mode: str) -> StudyArea:
    """The study area with the planner's buildings added (``"add"``) or in place of its own.

    Shared between sessions with the same inputs (never modified); its key
    names the area, the buildings and the mode.
    """
    combined = within_budget(
        lambda: with_buildings(area, buildings, mode),  # type: ignore[arg-type]
        what=msg("work.adding_buildings"),
    )
    return replace(combined, key=f"{area.key}|buildings:{content_key(buildings)}|{mode}")


# --------------------------------------------------------------------------- uploads


T = TypeVar("T")


def _read_saved(upload: KeptUpload, read: Callable[[Path], T]) -> T:
    """``read`` the upload saved to a file of its own, under the memory budget."""
    with saved_upload(upload) as path:
        return within_budget(
            lambda: read(path), what=msg("work.reading_file", file=Path(upload.name).name)
        )


def _read_saved_layer(
    upload: KeptUpload,
    read: Callable[..., T],
    study_bounds: tuple[float, float, float, float] | None,
) -> T:
    """``read`` the upload's chosen layer in its chosen coordinate system, near the study area."""
    return _read_saved(
        upload,
        lambda path: read(path, layer=upload.layer, crs=upload.crs, study_bounds=study_bounds),
    )


MULTI_LAYER_SUFFIXES: Final = (".gpkg", ".zip")
"""Files that may hold several layers (GeoPackages, zips of shapefiles)."""


@st.cache_data(max_entries=32, show_spinner=False)
def _layer_names(name: str, data: bytes) -> tuple[str, ...]:
    with saved_bytes(name, data) as path:
        return tuple(list_layers(path))


def upload_layers(upload: Upload) -> list[str]:
    """The layers of an uploaded GeoPackage or zip (cached by content).

    Empty for other files and for files whose layers cannot be listed (a
    damaged or refused file): reading it then says what is wrong.
    """
    name = Path(str(upload.name)).name
    if not name.lower().endswith(MULTI_LAYER_SUFFIXES):
        return []
    try:
        return list(_layer_names(name, upload.getvalue()))
    except PLANNER_ERRORS:
        return []


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=HASH_FUNCS)
def _read_upload(
    upload: KeptUpload,
    geometry: str,
    study_bounds: tuple[float, ...] | None,
    max_features: int | None,
) -> LoadedLayer:
    return _read_saved(
        upload,
        lambda path: read_layer(
            path,
            layer=upload.layer,
            crs=upload.crs,
            geometry=geometry,  # type: ignore[arg-type]
            study_bounds=study_bounds,  # type: ignore[arg-type]
            max_features=max_features,
        ),
    )


def uploaded_layer(
    upload: KeptUpload,
    *,
    geometry: str,
    study_bounds: tuple[float, float, float, float] | None,
    sites: bool = False,
) -> LoadedLayer:
    """Read an uploaded planner layer (cached by content); raises InputDataError.

    Parameters
    ----------
    upload
        The uploaded file, with the layer chosen in a file with several and
        the coordinate system chosen for it (both part of the cache key).
    geometry
        ``"point"``, ``"polygon"`` or ``"any"`` (see :func:`read_layer`).
    study_bounds
        The study area's bounds; features far outside are refused.
    sites
        True for existing outlets and candidate sites: each is the source of
        travel-time searches, so the file may hold at most the server's
        ``outlets`` limit of features (the ``features`` limit otherwise).
    """
    max_features = current_limits().outlets if sites else None
    return _read_upload(upload, geometry, study_bounds, max_features)


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=HASH_FUNCS)
def offset_finding(frame: gpd.GeoDataFrame, area: StudyArea) -> OffsetFinding | None:
    """Whether a layer read as WGS-84 is in GCJ-02 or BD-09, judged by the area's roads (cached).

    See :func:`servicecircle.inputs.offset_check.layer_offset`.
    """
    return layer_offset(frame.geometry, area.edges.geometry)


@st.cache_data(max_entries=8, show_spinner=False, hash_funcs=HASH_FUNCS)
def census_totals(
    upload: KeptUpload, *, study_bounds: tuple[float, float, float, float] | None
) -> CensusTotals:
    """Census totals from an uploaded table or boundary layer (cached by content).

    Raises
    ------
    InputDataError
        When the file cannot be used; the message says what to do.
    """
    return _read_saved_layer(upload, read_census, study_bounds)


@st.cache_data(max_entries=4, show_spinner=False, hash_funcs=HASH_FUNCS)
def population_grid(upload: KeptUpload, area: StudyArea) -> PopulationGrid:
    """The cells of an uploaded population GeoTIFF over the study area (cached).

    Raises
    ------
    InputDataError
        When the file is not a usable GeoTIFF of the study area.
    """
    from servicecircle.demand.raster import read_population_grid

    return _read_saved(upload, lambda path: read_population_grid(path, area.extent))


@st.cache_data(max_entries=4, show_spinner=False, hash_funcs=HASH_FUNCS)
def planner_buildings(
    upload: KeptUpload, *, study_bounds: tuple[float, float, float, float] | None
) -> PlannerBuildings:
    """A planner's building layer (polygons with floors), cached by content.

    Raises
    ------
    InputDataError
        When the file cannot be read as a building layer.
    """
    return _read_saved_layer(upload, read_buildings, study_bounds)


# --------------------------------------------------------------------------- demand


@st.cache_data(max_entries=8, show_spinner=False, hash_funcs=HASH_FUNCS)
def demand(area: StudyArea, inputs: DemandInputs) -> Demand:
    """The demand estimate (cached by the area and the inputs' contents)."""
    from servicecircle.demand.estimate import demand_from_area

    return within_budget(
        lambda: demand_from_area(
            area,
            settings=inputs.settings,
            relocation=inputs.relocation,
            industrial=inputs.industrial,
            user_points=inputs.points,
            user_mode=inputs.mode,  # type: ignore[arg-type]
            overrides=inputs.overrides,
            census=inputs.census,
            population_grid=inputs.grid,
        ),
        what=msg("work.estimating_demand"),
    )


def default_demand(area: StudyArea) -> Demand:
    """The demand with default assumptions (and the sample's layers for the sample)."""
    relocation = industrial = None
    if area.source == "sample":
        from servicecircle.inputs.sample import sample_layer

        relocation = with_people_counts(sample_layer("relocation"), what="relocation areas")
        industrial = with_people_counts(sample_layer("industrial"), what="industrial areas")
    return demand(
        area, DemandInputs(DemandSettings(), relocation=relocation, industrial=industrial)
    )


@st.cache_data(max_entries=16, show_spinner=False, hash_funcs=HASH_FUNCS)
def profile_choice(area: StudyArea, profile: str) -> ProfileChoice:
    """The regional profile ``profile`` (``"auto"``: chosen from the area), cached per area."""
    return choose_profile(area, profile)


# --------------------------------------------------------------------------- networks, coverage


UNITS_MARK: Final = "|units:"
"""Where the key of an area with the planner's units (:func:`area_with_units`) names them."""


def area_with_units(area: StudyArea, boundaries: gpd.GeoDataFrame) -> StudyArea:
    """``area`` with ``boundaries`` (the planner's townships and communities) as its own.

    Its key names the loaded area and the boundaries; its roads are the
    loaded area's, so it shares that area's networks (:func:`roads_key`).
    """
    return replace(
        area, boundaries=boundaries, key=f"{roads_key(area)}{UNITS_MARK}{content_key(boundaries)}"
    )


def roads_key(area: StudyArea) -> str:
    """The key of ``area``'s roads: its key without the planner's units (they hold no road)."""
    return area.key.split(UNITS_MARK, 1)[0]


def network(area: StudyArea, mode: str) -> Network:
    """The routable network of one travel mode, built completely inside this call.

    Shared between sessions with the same roads (an area with other
    township/community units shares the loaded area's); never modified.
    """
    return _network(area, mode, roads_key(area))


@st.cache_resource(max_entries=12, show_spinner=False)
def _network(_area: StudyArea, mode: str, roads: str) -> Network:
    """The network of ``_area``'s roads (cached by ``roads``, the key of the roads, and mode)."""
    from servicecircle.network import mode_from_name, network_from_area

    del roads  # the cache key only
    return within_budget(
        lambda: network_from_area(_area, mode_from_name(mode)), what=msg("work.building_network")
    )


def networks(area: StudyArea, modes: Iterable[str]) -> dict[str, Network]:
    """The networks of ``modes`` (cached per study area and mode)."""
    return {name: network(area, name) for name in sorted(set(modes))}


def coverage_modes(settings: CoverageSettings, outlet_types: Iterable[str]) -> set[str]:
    """The travel modes of the main mode and of the known ``outlet_types``."""
    types = settings.outlet_types
    return {settings.mode} | {types[str(t)].mode for t in outlet_types if str(t) in types}


def run_networks(
    area: StudyArea, coverage: Coverage, plan: SitingPlan | None
) -> dict[str, Network]:
    """The cached networks of every mode today's and the plan's new outlets travel by.

    What the report and a saved scenario are built over (new sites' service
    areas, walking-speed checks), so no network is built again.
    """
    types = [*coverage.outlets.get("outlet_type", [])]
    if plan is not None and "type" in plan.chosen.columns:
        types += [*plan.chosen["type"]]
    return networks(area, coverage_modes(coverage.settings, types))


@st.cache_data(max_entries=16, show_spinner=False, hash_funcs=HASH_FUNCS)
def _coverage(
    area: StudyArea,
    demand: Demand,
    outlets: gpd.GeoDataFrame,
    settings: CoverageSettings,
    _networks: dict[str, Network],
) -> Coverage:
    from servicecircle.coverage.measure import coverage_from

    return within_budget(
        lambda: coverage_from(area, demand, outlets, settings=settings, networks=_networks),
        what=msg("work.computing_coverage"),
    )


def coverage(
    area: StudyArea, demand: Demand, outlets: gpd.GeoDataFrame, settings: CoverageSettings
) -> tuple[str, Coverage]:
    """Today's coverage (cached by area, demand, outlets and settings) and its content key.

    The networks come from :func:`network` (built once per area and mode),
    before the coverage is measured, each under its own memory budget.
    """
    built = networks(area, coverage_modes(settings, outlets["outlet_type"]))
    key = content_key(area, demand, outlets, settings)
    return key, _coverage(area, demand, outlets, settings, built)


@st.cache_data(max_entries=16, show_spinner=False, hash_funcs=HASH_FUNCS)
def gap_candidates(
    area: StudyArea, mode: str, gaps: gpd.GeoDataFrame, reach_m: float, spacing_m: float
) -> gpd.GeoDataFrame:
    """Candidate sites generated around ``gaps`` (cached).

    Network nodes of the ``mode`` network in and near the gap areas, thinned
    to ``spacing_m``; see :func:`servicecircle.supply.candidates.candidates_around_gaps`.
    """
    from servicecircle.supply.candidates import candidates_around_gaps

    built = network(area, mode)
    return within_budget(
        lambda: candidates_around_gaps(
            built,
            gaps,
            reach_m=float(reach_m),
            spacing_m=float(spacing_m),
            edges=area.roads,
            extent=area.extent,
        ),
        what=msg("work.finding_candidates"),
    )


@st.cache_data(max_entries=8, show_spinner=False, hash_funcs=HASH_FUNCS)
def network_geojson(area: StudyArea) -> dict[str, Any]:
    """The road network as map GeoJSON, converted once per study area.

    Streamlit hands each caller its own copy, so folium may change it freely.
    """
    from servicecircle.maps.web import network_feature

    return network_feature(area.edges)


@st.cache_resource(max_entries=4, show_spinner=False, hash_funcs=HASH_FUNCS)
def coverage_editor(area: StudyArea, demand: Demand, settings: CoverageSettings) -> CoverageEditor:
    """The engine that measures coverage again after each edit of the outlets.

    One per study area, demand and settings (kept between reruns and shared
    by sessions with the same inputs); it keeps the times and service areas
    of every outlet position measured, so an edit searches only from the
    outlets that changed. Built over the cached networks of every mode the
    outlet types use.
    """
    from servicecircle.coverage.incremental import CoverageEditor

    built = networks(area, {settings.mode} | {t.mode for t in settings.outlet_types.values()})
    return CoverageEditor(area, demand, settings=settings, networks=built)


# --------------------------------------------------------------------------- staffing, tiers


@st.cache_data(max_entries=16, show_spinner=False)
def _accessibility(
    coverage_key: str,
    weights: tuple[float, ...],
    _coverage: Coverage,
    _networks: dict[str, Network],
) -> Accessibility:
    """Accessibility of the coverage named by ``coverage_key`` with E2SFCA ``weights`` (cached)."""
    from servicecircle.coverage.access_run import accessibility_from
    from servicecircle.coverage.accessibility import DecayBands

    del coverage_key  # the cache key only: it names the coverage's inputs
    return within_budget(
        lambda: accessibility_from(_coverage, _networks, bands=DecayBands(weights)),
        what=msg("work.computing_staffing"),
    )


def accessibility(
    area: StudyArea, coverage: Coverage, coverage_key: str, weights: Iterable[float]
) -> Accessibility:
    """Staff per 10,000 (2SFCA, E2SFCA), loads and the split of today's ``coverage``.

    Computed once per coverage (``coverage_key``, its content key from
    :func:`coverage`) and E2SFCA band ``weights`` (nearest band first, on
    equal parts of each catchment), over the cached networks; see
    :func:`servicecircle.coverage.access_run.accessibility_from`.
    """
    built = run_networks(area, coverage, None)
    return _accessibility(coverage_key, tuple(float(w) for w in weights), coverage, built)


@st.cache_data(max_entries=16, show_spinner=False)
def _tiers(coverage_key: str, _coverage: Coverage, _networks: dict[str, Network]) -> TierCoverage:
    """Coverage by tier of the coverage named by ``coverage_key`` (cached)."""
    from servicecircle.coverage.tiers import tier_coverage

    del coverage_key  # the cache key only
    return within_budget(
        lambda: tier_coverage(_coverage, _networks), what=msg("work.computing_staffing")
    )


def tiers(area: StudyArea, coverage: Coverage, coverage_key: str) -> TierCoverage:
    """Coverage by tier and the township/street grades of today's ``coverage`` (once per coverage).

    See :func:`servicecircle.coverage.tiers.tier_coverage`.
    """
    return _tiers(coverage_key, coverage, run_networks(area, coverage, None))


@st.cache_data(max_entries=8, show_spinner=False)
def _plan_effect(
    plan_key: str,
    _coverage: Coverage,
    _plan: SitingPlan,
    _networks: dict[str, Network],
    _before: tuple[Accessibility, TierCoverage],
) -> PlanEffect:
    """The effect of the plan named by ``plan_key`` (cached)."""
    del plan_key  # the cache key only
    from servicecircle.workflow.after_plan import effect_of_plan

    return within_budget(
        lambda: effect_of_plan(_coverage, _plan, _networks, before=_before),
        what=msg("work.computing_staffing"),
    )


def plan_effect(
    area: StudyArea, coverage: Coverage, coverage_key: str, plan: SitingPlan, plan_key: str
) -> PlanEffect:
    """Staff per 10,000, loads, the split and tier grades before and after ``plan`` (once per plan).

    Today's side is the coverage page's (:func:`accessibility` with the
    library's default band weights, :func:`tiers`); the plan is named by
    ``plan_key`` and its chosen sites' content; a staff-budget model's
    allocation is carried to today's and the new outlets. See
    :func:`servicecircle.workflow.after_plan.effect_of_plan`.
    """
    from servicecircle.coverage.accessibility import DecayBands

    before = (
        accessibility(area, coverage, coverage_key, DecayBands().weights),
        tiers(area, coverage, coverage_key),
    )
    key = content_key(coverage_key, plan_key, plan.chosen)
    return _plan_effect(key, coverage, plan, run_networks(area, coverage, plan), before)


@st.cache_data(max_entries=8, show_spinner=False, hash_funcs=HASH_FUNCS)
def _group_coverage(
    upload: KeptUpload,
    coverage_key: str,
    weights: tuple[float, ...],
    _coverage: Coverage,
    _access: Accessibility,
) -> GroupCoverage:
    """Key groups of ``upload`` on the coverage named by ``coverage_key`` (cached)."""
    from servicecircle.coverage.groups import group_coverage as coverage_of_groups
    from servicecircle.coverage.groups import key_groups_of

    del coverage_key, weights  # the cache key only, with the file
    groups = _read_saved(
        upload,
        lambda path: key_groups_of(_coverage, path, layer=upload.layer, crs=upload.crs),
    )
    return coverage_of_groups(_coverage, _access, groups)


def group_coverage(
    upload: KeptUpload,
    coverage: Coverage,
    coverage_key: str,
    access: Accessibility,
    weights: Iterable[float],
) -> GroupCoverage:
    """Coverage, staff per 10,000, split and equity of the key groups in ``upload`` (cached).

    Once per file (its content, layer and coordinate system), coverage and
    E2SFCA ``weights`` (those ``access`` was computed with); see
    :func:`servicecircle.coverage.groups.group_coverage`.

    Raises
    ------
    InputDataError
        When the file cannot be used; the message says what to do.
    """
    key = tuple(float(w) for w in weights)
    return _group_coverage(upload, coverage_key, key, coverage, access)
