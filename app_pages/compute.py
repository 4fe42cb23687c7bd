"""Cached computations of the app: uploads, demand, networks, coverage, candidates.

Tables go through ``st.cache_data``; networks (graphs) through ``st.cache_resource``,
built completely inside the cached function. Each computation is held to the
server's per-session memory budget (:func:`~servicecircle.memory.within_budget`):
one session's heavy work is stopped with a message before it takes the memory
the other sessions need.

Cache keys are content hashes and settings, never session data, so a cached
result can only be shared by sessions that gave exactly the same inputs.
Objects that Streamlit should not hash are passed as ``_``-prefixed arguments
together with an explicit key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
import streamlit as st
from shapely.geometry.base import BaseGeometry

from app_pages.common import KeptUpload, digest, saved_bytes
from servicecircle.candidates import candidates_around_gaps
from servicecircle.coverage import Coverage, CoverageSettings, coverage_from
from servicecircle.demand import (
    PEOPLE_COLUMNS,
    Demand,
    DemandSettings,
    ProfileChoice,
    checked_people,
    choose_profile,
    demand_from_area,
    people_column,
)
from servicecircle.demand.census import CensusTotals, read_census
from servicecircle.demand.raster import PopulationGrid, read_population_grid
from servicecircle.demand.user_buildings import PlannerBuildings, read_buildings, with_buildings
from servicecircle.limits import current_limits
from servicecircle.memory import within_budget
from servicecircle.network import Network, mode_from_name, network_from_area
from servicecircle.sources.area import WGS84, StudyArea
from servicecircle.sources.files.read import LoadedLayer, read_layer


@st.cache_data(max_entries=32, show_spinner=False)
def _read_upload(
    key: str,
    name: str,
    geometry: str,
    study_bounds: tuple[float, ...] | None,
    max_features: int | None,
    layer: str | None,
    _data: bytes,
) -> LoadedLayer:
    with saved_bytes(name, _data) as path:
        return within_budget(
            lambda: read_layer(
                path,
                layer=layer,
                geometry=geometry,  # type: ignore[arg-type]
                study_bounds=study_bounds,  # type: ignore[arg-type]
                max_features=max_features,
            ),
            what=f"Reading {Path(name).name}",
        )


def uploaded_layer(
    upload: Any,
    *,
    geometry: str,
    study_bounds: tuple[float, float, float, float] | None,
    sites: bool = False,
) -> LoadedLayer:
    """Read an uploaded planner layer (cached by content); raises InputDataError.

    Parameters
    ----------
    upload
        The uploaded file (``name`` and ``getvalue()``); a
        :class:`~app_pages.common.KeptUpload` also names the layer chosen in
        a file with several.
    geometry
        ``"point"``, ``"polygon"`` or ``"any"`` (see :func:`read_layer`).
    study_bounds
        The study area's bounds; features far outside are refused.
    sites
        True for existing outlets and candidate sites: each is the source of
        travel-time searches, so the file may hold at most the server's
        ``outlets`` limit of features (the ``features`` limit otherwise).
    """
    data = upload.getvalue()
    max_features = current_limits().outlets if sites else None
    layer = upload.layer if isinstance(upload, KeptUpload) else None
    return _read_upload(
        digest(data), str(upload.name), geometry, study_bounds, max_features, layer, _data=data
    )


def frame_key(frame: gpd.GeoDataFrame | None) -> str:
    """A content hash of a layer (geometry and attributes), for cache keys."""
    if frame is None or len(frame) == 0:
        return "-"
    wkb = b"".join(shapely.to_wkb(frame.geometry.to_numpy(), hex=False))
    attributes = frame.drop(columns=frame.geometry.name).to_csv().encode()
    return digest(wkb + attributes)


def polygons_frame(
    geometries: Sequence[BaseGeometry], names: Sequence[str]
) -> gpd.GeoDataFrame | None:
    """A WGS-84 polygon layer from drawn shapes (None when there are none)."""
    if not geometries:
        return None
    return gpd.GeoDataFrame({"name": list(names)}, geometry=list(geometries), crs=WGS84)


def with_people_counts(
    frame: gpd.GeoDataFrame | None, *, what: str, blank_allowed: bool = True
) -> gpd.GeoDataFrame | None:
    """``frame`` with its people column (``people``, ``人口``, ``workers``, ...) as numbers.

    Call it on each layer before layers are joined (:func:`combine`): a cell
    that is not a count is reported with the row number of the planner's file
    (:func:`~servicecircle.demand.checked_people`; the joined layer's rows are
    not the file's), and the counts of layers whose columns are named
    differently end up in one column.

    Parameters
    ----------
    frame
        A layer from :func:`uploaded_layer`, a sample layer, or None.
    what
        The layer as named in messages, e.g. ``"relocation areas"``.
    blank_allowed
        Whether an empty cell is allowed (it stays NaN: the demand estimates it).

    Returns
    -------
    GeoDataFrame or None
        A copy whose counts are in a float column ``people`` (other people-like
        columns dropped: the demand would not read them); ``frame`` itself when
        it has no people column.

    Raises
    ------
    InputDataError
        When a cell is not a count (the message names the file's rows).
    """
    if frame is None or len(frame) == 0:
        return frame
    column = people_column(frame)
    if column is None:
        return frame
    counts = checked_people(frame, column, what=what, blank_allowed=blank_allowed)
    others = [c for c in frame.columns if str(c).lower() in PEOPLE_COLUMNS]
    return frame.drop(columns=others).assign(people=counts)


def combine(*frames: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    """Concatenate the given layers (WGS-84); None when all are empty.

    The result's rows are not those of any file: check each layer's cells
    first (:func:`with_people_counts`).
    """
    import pandas as pd

    parts = [f.to_crs(WGS84) for f in frames if f is not None and len(f)]
    if not parts:
        return None
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=WGS84)


@dataclass(frozen=True, eq=False)
class DemandInputs:
    """Everything the demand estimate takes besides the study area, with content keys.

    Attributes
    ----------
    settings
        The assumptions (profile, values changed from it, OSM ids overridden).
    relocation, industrial, points
        The planner's layers (each checked with :func:`with_people_counts`).
    mode
        ``"add"`` or ``"replace"`` (the planner's points and the estimate).
    overrides
        Areas whose buildings hold residents or not (``residential`` column).
    census, census_key
        Census totals (:func:`census_totals`) and the key of their file.
    grid, grid_key
        A population grid (:func:`population_grid`) and the key of its file.
    """

    settings: DemandSettings
    relocation: gpd.GeoDataFrame | None = None
    industrial: gpd.GeoDataFrame | None = None
    points: gpd.GeoDataFrame | None = None
    mode: str = "add"
    overrides: gpd.GeoDataFrame | None = None
    census: CensusTotals | None = None
    census_key: str = "-"
    grid: PopulationGrid | None = None
    grid_key: str = "-"

    def key(self) -> str:
        """The inputs as one text: settings and content hashes."""
        return "|".join(
            [
                repr(self.settings),
                frame_key(self.relocation),
                frame_key(self.industrial),
                frame_key(self.points),
                self.mode,
                frame_key(self.overrides),
                self.census_key if self.census is not None else "-",
                self.grid_key if self.grid is not None else "-",
            ]
        )

    @property
    def top_down(self) -> bool:
        """Whether census totals or a population grid are given."""
        return self.census is not None or self.grid is not None

    def without_census(self) -> DemandInputs:
        """The same inputs without census totals."""
        return replace(self, census=None, census_key="-")


@st.cache_data(max_entries=8, show_spinner=False)
def _demand(key: str, _area: StudyArea, _inputs: DemandInputs) -> Demand:
    return within_budget(
        lambda: demand_from_area(
            _area,
            settings=_inputs.settings,
            relocation=_inputs.relocation,
            industrial=_inputs.industrial,
            user_points=_inputs.points,
            user_mode=_inputs.mode,  # type: ignore[arg-type]
            overrides=_inputs.overrides,
            census=_inputs.census,
            population_grid=_inputs.grid,
        ),
        what="Estimating the demand",
    )


def demand(area: StudyArea, area_key: str, inputs: DemandInputs) -> tuple[str, Demand]:
    """Estimate the demand (cached by the area key and the inputs' contents).

    Returns
    -------
    (key, Demand)
        The key identifies the inputs (for later cache keys).
    """
    key = f"{area_key}|{inputs.key()}"
    return digest(key.encode()), _demand(key, area, inputs)


def default_demand(area: StudyArea, area_key: str) -> tuple[str, Demand]:
    """The demand with default assumptions (and the sample's layers for the sample)."""
    relocation = industrial = None
    if area.source == "sample":
        from servicecircle.sources.sample import sample_layer

        relocation = with_people_counts(sample_layer("relocation"), what="relocation areas")
        industrial = with_people_counts(sample_layer("industrial"), what="industrial areas")
    inputs = DemandInputs(DemandSettings(), relocation=relocation, industrial=industrial)
    return demand(area, area_key, inputs)


@st.cache_data(max_entries=16, show_spinner=False)
def _profile_choice(key: str, profile: str, _area: StudyArea) -> ProfileChoice:
    return choose_profile(_area, profile)


def profile_choice(area: StudyArea, area_key: str, profile: str) -> ProfileChoice:
    """The regional profile ``profile`` (``"auto"``: chosen from the area), cached per area."""
    return _profile_choice(area_key, profile, area)


def _upload_key(upload: Any) -> str:
    layer = upload.layer if isinstance(upload, KeptUpload) else None
    return digest(f"{digest(upload.getvalue())}|{upload.name}|{layer}".encode())


@st.cache_data(max_entries=8, show_spinner=False)
def _read_census(
    key: str,
    name: str,
    layer: str | None,
    study_bounds: tuple[float, ...] | None,
    _data: bytes,
) -> CensusTotals:
    with saved_bytes(name, _data) as path:
        return within_budget(
            lambda: read_census(
                path,
                layer=layer,
                study_bounds=study_bounds,  # type: ignore[arg-type]
            ),
            what=f"Reading {Path(name).name}",
        )


def census_totals(
    upload: Any, *, study_bounds: tuple[float, float, float, float] | None
) -> tuple[str, CensusTotals]:
    """Census totals from an uploaded table or boundary layer (cached by content).

    Returns
    -------
    (key, CensusTotals)
        The key identifies the file (and its chosen layer).

    Raises
    ------
    InputDataError
        When the file cannot be used; the message says what to do.
    """
    key = _upload_key(upload)
    layer = upload.layer if isinstance(upload, KeptUpload) else None
    totals = _read_census(key, str(upload.name), layer, study_bounds, _data=upload.getvalue())
    return key, totals


@st.cache_data(max_entries=4, show_spinner=False)
def _read_grid(key: str, name: str, _extent: BaseGeometry, _data: bytes) -> PopulationGrid:
    with saved_bytes(name, _data) as path:
        return within_budget(
            lambda: read_population_grid(path, _extent), what=f"Reading {Path(name).name}"
        )


def population_grid(upload: Any, area: StudyArea, area_key: str) -> tuple[str, PopulationGrid]:
    """The cells of an uploaded population GeoTIFF over the study area (cached).

    Raises
    ------
    InputDataError
        When the file is not a usable GeoTIFF of the study area.
    """
    key = _upload_key(upload)
    grid = _read_grid(f"{area_key}|{key}", str(upload.name), area.extent, upload.getvalue())
    return key, grid


@st.cache_data(max_entries=4, show_spinner=False)
def _read_buildings(
    key: str,
    name: str,
    layer: str | None,
    study_bounds: tuple[float, ...] | None,
    _data: bytes,
) -> PlannerBuildings:
    with saved_bytes(name, _data) as path:
        return within_budget(
            lambda: read_buildings(
                path,
                layer=layer,
                study_bounds=study_bounds,  # type: ignore[arg-type]
            ),
            what=f"Reading {Path(name).name}",
        )


def planner_buildings(
    upload: Any, *, study_bounds: tuple[float, float, float, float] | None
) -> tuple[str, PlannerBuildings]:
    """A planner's building layer (polygons with floors), cached by content.

    Raises
    ------
    InputDataError
        When the file cannot be read as a building layer.
    """
    key = _upload_key(upload)
    layer = upload.layer if isinstance(upload, KeptUpload) else None
    found = _read_buildings(key, str(upload.name), layer, study_bounds, _data=upload.getvalue())
    return key, found


@st.cache_resource(max_entries=4, show_spinner=False)
def _area_with_buildings(
    key: str, mode: str, _area: StudyArea, _buildings: PlannerBuildings
) -> StudyArea:
    return within_budget(
        lambda: with_buildings(_area, _buildings, mode),  # type: ignore[arg-type]
        what="Adding your buildings",
    )


def area_with_buildings(
    area: StudyArea, area_key: str, buildings_key: str, found: PlannerBuildings, mode: str
) -> tuple[str, StudyArea]:
    """The study area with the planner's buildings added or in place of its own.

    Shared between sessions with the same inputs (never modified).

    Returns
    -------
    (key, StudyArea)
        The key identifies the area with the buildings (for the demand's cache key).
    """
    key = f"{area_key}|buildings:{buildings_key}|{mode}"
    return key, _area_with_buildings(key, mode, area, found)


@st.cache_resource(max_entries=12, show_spinner=False)
def network(area_key: str, mode: str, _area: StudyArea) -> Network:
    """The routable network of one travel mode, built completely inside this call.

    Shared between sessions with the same study area; never modified.
    """
    return within_budget(
        lambda: network_from_area(_area, mode_from_name(mode)), what="Building the road network"
    )


def networks(area: StudyArea, area_key: str, modes: Iterable[str]) -> dict[str, Network]:
    """The networks of ``modes`` (cached per study area and mode)."""
    return {name: network(area_key, name, area) for name in sorted(set(modes))}


@st.cache_data(max_entries=16, show_spinner=False)
def _coverage(
    key: str,
    _area: StudyArea,
    _demand: Demand,
    _outlets: gpd.GeoDataFrame,
    _settings: CoverageSettings,
    _networks: dict[str, Network],
) -> Coverage:
    return within_budget(
        lambda: coverage_from(_area, _demand, _outlets, settings=_settings, networks=_networks),
        what="Computing coverage",
    )


def coverage(
    area: StudyArea,
    area_key: str,
    demand_key: str,
    result: Demand,
    outlets: gpd.GeoDataFrame,
    settings: CoverageSettings,
) -> tuple[str, Coverage]:
    """Today's coverage (cached by area, demand, outlets and settings).

    The networks come from :func:`network` (built once per area and mode).

    Returns
    -------
    (key, Coverage)
        The key identifies the inputs (for later cache keys).
    """
    modes = {settings.mode} | {
        settings.outlet_types[str(t)].mode
        for t in outlets["outlet_type"]
        if str(t) in settings.outlet_types
    }
    built = networks(area, area_key, modes)
    key = "|".join([area_key, demand_key, frame_key(outlets), repr(settings)])
    return digest(key.encode()), _coverage(key, area, result, outlets, settings, built)


@st.cache_data(max_entries=16, show_spinner=False)
def _gap_candidates(
    key: str,
    _network: Network,
    _gaps: gpd.GeoDataFrame,
    reach_m: float,
    spacing_m: float,
    _edges: gpd.GeoDataFrame,
    _extent: BaseGeometry | None = None,
) -> gpd.GeoDataFrame:
    return within_budget(
        lambda: candidates_around_gaps(
            _network, _gaps, reach_m=reach_m, spacing_m=spacing_m, edges=_edges, extent=_extent
        ),
        what="Finding candidate sites around the gaps",
    )


def gap_candidates(
    area: StudyArea,
    area_key: str,
    coverage_key: str,
    result: Coverage,
    *,
    mode: str,
    reach_m: float,
    spacing_m: float,
) -> gpd.GeoDataFrame:
    """Candidate sites generated around the gaps of ``result`` (cached).

    Network nodes of the ``mode`` network in and near the gap areas, thinned
    to ``spacing_m``; see :func:`servicecircle.candidates.candidates_around_gaps`.
    """
    built = network(area_key, mode, area)
    key = "|".join([coverage_key, mode])
    return _gap_candidates(
        key, built, result.gaps, float(reach_m), float(spacing_m), area.edges, area.extent
    )


@st.cache_data(max_entries=8, show_spinner=False)
def network_geojson(area_key: str, _area: StudyArea) -> dict[str, Any]:
    """The road network as map GeoJSON, converted once per study area.

    Streamlit hands each caller its own copy, so folium may change it freely.
    """
    from servicecircle.webmap import network_feature

    return network_feature(_area.edges)
