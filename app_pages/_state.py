"""The session state of the app: its keys, and typed get/set of what each step leaves.

Per-user data is kept only in ``st.session_state`` (one per browser session).
Inputs and results tied to the study area have keys starting with
:data:`RESULT_PREFIX` and are dropped when another area is loaded
(:func:`set_area`); the language, the outlet types and the project are kept
across study areas. Pages read and write the steps' results through the
functions here, never through the raw keys.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import streamlit as st
from shapely.geometry.base import BaseGeometry

from app_pages.session_files import SessionFolder, remove_orphans
from servicecircle.demand import Demand
from servicecircle.demand.admin_sources import UnitSources
from servicecircle.i18n import LANGS
from servicecircle.inputs.area import StudyArea
from servicecircle.supply.outlets import DEFAULT_OUTLET_TYPES, OutletType

if TYPE_CHECKING:  # loaded where a page measures or plans (a kept one is loaded already)
    from servicecircle.coverage import Coverage
    from servicecircle.planning.plan import SitingPlan

LANG_KEY = "lang"
"""Session key of the language (``"zh"`` or ``"en"``), the sidebar radio's key."""

AREA_KEY = "area"
"""Session key of the current :class:`StudyArea`."""

AREA_BOUNDARY_KEY = "area_boundary"
"""Session key of the uploaded study-area boundary polygon (or None)."""

AREA_NAME_KEY = "area.name"
"""Session key of the name the planner gave the study area (absent: the area's own name)."""

RESULT_PREFIX = "result."
"""Session keys of inputs and results tied to the study area (drawn shapes, demand,
outlets, coverage) start with this; they are dropped when another area is loaded."""

KEPT_PREFIX = "kept."
"""Session keys holding the values of widgets while their page is not shown."""

# Session keys of the steps (all tied to the study area except the outlet types).
DRAWN_KEY = "result.demand.drawn"  # areas drawn on the demand map: {"class", "name", "geometry"}
DEMAND_KEY = "result.demand"  # the current servicecircle.demand.Demand
OUTLETS_KEY = "result.outlets"  # prepared outlets (WGS-84 points with outlet_type)
PLACED_KEY = "result.outlets.placed"  # outlets placed on the map: {"outlet_type", "name", ...}
EDITS_KEY = "result.outlets.edits"  # edits of the file's outlets: {"source": key, "rows": {...}}
CLICKED_CANDIDATES_KEY = "result.siting.clicked"  # candidate sites added by clicking the map
EDITED_COVERAGE_KEY = "result.outlets.coverage"  # (Coverage, Demand) of the outlets as edited
UNITS_AREA_KEY = "result.units.area"  # the study area with the planner's townships/communities
UNITS_SOURCES_KEY = "result.units.sources"  # where the units in use come from (UnitSources)
DRAWN_UNITS_KEY = "result.units.drawn"  # units drawn on the study-area map: {"level", "name", ...}
TYPES_KEY = "outlet_types"  # name -> OutletType; kept across study areas
COVERAGE_KEY = "result.coverage"  # the current servicecircle.coverage.Coverage
COVERAGE_ID_KEY = "result.coverage.key"  # the content key of its inputs
COVERAGE_DEMAND_KEY = "result.coverage.demand"  # the Demand the coverage was measured for
EXCLUDED_KEY = "result.siting.excluded"  # exclusion areas drawn on the siting map: {"name", ...}
SITING_KEY = "result.siting"  # the last servicecircle.planning.plan.SitingPlan
SITING_ID_KEY = "result.siting.key"  # the key of the inputs of that plan
SITING_INFO_KEY = "result.siting.info"  # how it was made (JSON values, for scenarios)
SITING_COVERAGE_KEY = "result.siting.coverage"  # the coverage key the plan was made for
PROJECT_KEY = "project"  # the session's servicecircle.results.project.Project; kept across areas
SESSION_FOLDER_KEY = "session.folder"  # this session's app_pages.session_files.SessionFolder


def lang() -> str:
    """The session's language (``"zh"`` or ``"en"``)."""
    value = st.session_state.get(LANG_KEY, LANGS[0])
    return value if value in LANGS else LANGS[0]


# --------------------------------------------------------------------------- study area


def loaded_area() -> StudyArea | None:
    """The study area as loaded, with its own (OSM) boundaries, if one was loaded."""
    area = st.session_state.get(AREA_KEY)
    return _named(area) if isinstance(area, StudyArea) else None


def _named(area: StudyArea) -> StudyArea:
    """``area`` called by the name the planner gave it (:func:`set_area_name`), if any.

    Only the name differs: the layers and the content key are the area's, so
    every result cached for the area serves the renamed one.
    """
    name = st.session_state.get(AREA_NAME_KEY)
    if isinstance(name, str) and name and name != area.name:
        return dataclasses.replace(area, name=name)
    return area


def set_area_name(name: str | None) -> None:
    """Call the study area ``name`` in every title; None or ``""``: its own name again."""
    if name:
        st.session_state[AREA_NAME_KEY] = name
    else:
        st.session_state.pop(AREA_NAME_KEY, None)


def current_area() -> StudyArea | None:
    """The current session's study area, if one was loaded.

    With the township/community boundaries the planner uploaded or drew on the
    study-area page (:func:`set_units`) in place of, or besides, its own: every
    step (demand, coverage, siting, report) works on this area.
    """
    with_units = st.session_state.get(UNITS_AREA_KEY)
    if isinstance(with_units, StudyArea):
        return _named(with_units)
    return loaded_area()


def units_in_use() -> UnitSources | None:
    """Where the township and community units in use come from (None: not yet looked at)."""
    sources = st.session_state.get(UNITS_SOURCES_KEY)
    return sources if isinstance(sources, UnitSources) else None


def set_units(area: StudyArea | None, sources: UnitSources) -> bool:
    """Use ``area``, the loaded area with the planner's units (None: the loaded area as it is).

    Returns whether the units changed; the demand, coverage and siting plan
    measured with the old ones are forgotten then (the pages measure them
    again with the new units).
    """
    old = st.session_state.get(UNITS_AREA_KEY)
    old_key = old.key if isinstance(old, StudyArea) else None
    st.session_state[UNITS_SOURCES_KEY] = sources
    if old_key == (area.key if area is not None else None):
        return False
    if area is None:
        st.session_state.pop(UNITS_AREA_KEY, None)
    else:
        st.session_state[UNITS_AREA_KEY] = area
    for name in (DEMAND_KEY, COVERAGE_KEY, COVERAGE_ID_KEY, COVERAGE_DEMAND_KEY, SITING_KEY):
        st.session_state.pop(name, None)
    for name in (SITING_ID_KEY, SITING_INFO_KEY, SITING_COVERAGE_KEY):
        st.session_state.pop(name, None)
    return True


def current_boundary() -> BaseGeometry | None:
    """The boundary polygon the current study area was cut to (None without one)."""
    boundary = st.session_state.get(AREA_BOUNDARY_KEY)
    return boundary if isinstance(boundary, BaseGeometry) else None


def set_area(area: StudyArea, *, boundary: BaseGeometry | None = None) -> None:
    """Make ``area`` this session's study area and forget the results of the old one."""
    for name in [k for k in st.session_state if str(k).startswith(RESULT_PREFIX)]:
        del st.session_state[name]
    st.session_state[AREA_KEY] = area
    st.session_state[AREA_BOUNDARY_KEY] = boundary
    st.session_state.pop(AREA_NAME_KEY, None)  # a new area goes by its own name


# --------------------------------------------------------------------------- steps


def current_demand() -> Demand | None:
    """The demand estimated on the demand page (None when the page was skipped)."""
    demand = st.session_state.get(DEMAND_KEY)
    return demand if isinstance(demand, Demand) else None


def set_demand(demand: Demand) -> None:
    """Keep the demand the demand page estimated."""
    st.session_state[DEMAND_KEY] = demand


def current_outlets() -> gpd.GeoDataFrame | None:
    """The outlets prepared on the outlets page (None when there are none)."""
    outlets = st.session_state.get(OUTLETS_KEY)
    return outlets if isinstance(outlets, gpd.GeoDataFrame) else None


def set_outlets(outlets: gpd.GeoDataFrame | None) -> None:
    """Keep the prepared outlets; None or an empty layer forgets them."""
    if outlets is None or len(outlets) == 0:
        st.session_state.pop(OUTLETS_KEY, None)
    else:
        st.session_state[OUTLETS_KEY] = outlets


def outlet_types() -> dict[str, OutletType]:
    """The outlet types of the session (the defaults until the planner edits them)."""
    return dict(st.session_state.get(TYPES_KEY) or DEFAULT_OUTLET_TYPES)


def set_outlet_types(types: dict[str, OutletType]) -> None:
    """Keep the outlet types (across study areas)."""
    st.session_state[TYPES_KEY] = types


def current_coverage() -> tuple[Coverage, str] | None:
    """Today's coverage and the content key of its inputs (None when not measured)."""
    coverage = st.session_state.get(COVERAGE_KEY)
    if coverage is None:
        return None
    from servicecircle.coverage import Coverage

    if not isinstance(coverage, Coverage):
        return None
    return coverage, str(st.session_state.get(COVERAGE_ID_KEY, ""))


def set_coverage(coverage: Coverage, *, key: str, demand: Demand) -> None:
    """Keep today's coverage, the key of its inputs and the demand it was measured for."""
    st.session_state[COVERAGE_KEY] = coverage
    st.session_state[COVERAGE_ID_KEY] = key
    st.session_state[COVERAGE_DEMAND_KEY] = demand


def forget_coverage() -> None:
    """Forget the coverage (a run that cannot measure it must leave no stale one)."""
    for name in (COVERAGE_KEY, COVERAGE_ID_KEY, COVERAGE_DEMAND_KEY):
        st.session_state.pop(name, None)


def current_plan() -> SitingPlan | None:
    """The current session's last siting plan, if any."""
    plan = st.session_state.get(SITING_KEY)
    if plan is None:
        return None
    from servicecircle.planning.plan import SitingPlan

    return plan if isinstance(plan, SitingPlan) else None


def plan_key() -> str:
    """The key of the inputs of the last siting plan (``""`` without one)."""
    return str(st.session_state.get(SITING_ID_KEY, ""))


def set_plan(plan: SitingPlan, *, key: str, info: dict[str, Any], coverage_key: str) -> None:
    """Keep a siting plan, the key of its inputs, how it was made and its coverage's key."""
    st.session_state[SITING_KEY] = plan
    st.session_state[SITING_ID_KEY] = key
    st.session_state[SITING_INFO_KEY] = info
    st.session_state[SITING_COVERAGE_KEY] = coverage_key


def outlet_edits(source: str) -> dict[str, dict[str, Any]]:
    """The planner's edits of the outlets of the file (or OSM) keyed ``source``.

    ``outlet_id -> {"lon", "lat", "outlet_type", "deleted"}`` (any of them);
    edits made to another source's outlets are not returned.
    """
    kept = st.session_state.get(EDITS_KEY) or {}
    if kept.get("source") != source:
        return {}
    return {str(k): dict(v) for k, v in dict(kept.get("rows") or {}).items()}


def set_outlet_edit(source: str, outlet_id: str, change: dict[str, Any]) -> None:
    """Keep ``change`` to one outlet of ``source`` over its earlier edits.

    The edits of another source are forgotten (a new file starts unedited).
    """
    rows = outlet_edits(source)
    rows[outlet_id] = rows.get(outlet_id, {}) | change
    st.session_state[EDITS_KEY] = {"source": source, "rows": rows}


def forget_outlet_edits() -> None:
    """Forget every edit of the outlets of a file (back to the file as given)."""
    st.session_state.pop(EDITS_KEY, None)


def edited_coverage() -> tuple[Coverage, Demand] | None:
    """The coverage the Outlets page measured for the outlets as edited, and its demand."""
    kept = st.session_state.get(EDITED_COVERAGE_KEY)
    return kept if isinstance(kept, tuple) else None


def set_edited_coverage(coverage: Coverage, demand: Demand) -> None:
    """Keep the coverage the Outlets page measured after the last edit, and its demand."""
    st.session_state[EDITED_COVERAGE_KEY] = (coverage, demand)


def set_shapes(store: str, kept_shapes: list[dict[str, Any]]) -> None:
    """Keep ``kept_shapes`` under ``store`` (drawn areas, placed outlets, clicked sites)."""
    st.session_state[store] = list(kept_shapes)


def shapes(store: str) -> list[dict[str, Any]]:
    """The shapes kept under ``store`` (drawn areas, placed outlets), oldest first."""
    return list(st.session_state.get(store, []))


# --------------------------------------------------------------------------- files


def session_folder() -> Path:
    """The current session's private temporary folder (removed when the session ends).

    Every file the app writes for a session goes here; see
    :mod:`app_pages.session_files`. The first call of a session also removes
    folders left by a server process that was killed.
    """
    holder = st.session_state.get(SESSION_FOLDER_KEY)
    if not isinstance(holder, SessionFolder) or not holder.alive:
        remove_orphans()
        holder = SessionFolder()
        st.session_state[SESSION_FOLDER_KEY] = holder
    return holder.path
