"""Page 5, siting: where the next outlets should go (model, candidates, run, results)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import geopandas as gpd
import streamlit as st

from app_pages import (
    _cache,
    _coordinates,
    _drawing,
    _maps,
    _state,
    _widgets,
    candidate_clicks,
    plan_staffing,
    siting_results,
)
from app_pages._frames import combine, shapes_frame
from app_pages._hashing import content_key
from app_pages._labels import as_text, tr, type_labeller
from app_pages._widgets import NumberInput, kept_number
from servicecircle.coverage import Coverage
from servicecircle.errors import InfeasibleRequestError
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import StudyArea
from servicecircle.maps.extent import area_bounds
from servicecircle.memory import within_budget
from servicecircle.planning.plan import plan_sites
from servicecircle.planning.request import SitingRequest
from servicecircle.supply.candidates import candidates_from_osm, combine_candidates
from servicecircle.supply.outlets import OutletType

MODELS = ("mclp", "min", "pmedian")
SOURCES = ("osm", "auto", "upload")
MUST_CLASSES = ("relocation", "industrial")
LAYER_SUFFIXES = ["csv", "txt", "geojson", "json", "gpkg", "zip"]
POLYGON_SUFFIXES = ["geojson", "json", "gpkg", "zip", "csv"]

TARGET = NumberInput("siting.target", 95.0, 50.0, 100.0, 1.0, help="siting.target_help")
NEW = NumberInput("siting.new", 3, 1, 500, 1)
CAPACITY = NumberInput(
    "siting.capacity", 5000.0, 1.0, 1_000_000.0, 500.0, help="siting.capacity_help"
)
EXISTING_CAPACITY = NumberInput(
    "siting.existing_capacity",
    5000.0,
    1.0,
    1_000_000.0,
    500.0,
    help="siting.existing_capacity_help",
)
TIME_LIMIT = NumberInput("siting.time_limit", 10.0, 1.0, 600.0, 1.0)
STAFF_BUDGET = NumberInput("siting.staff_budget", 5, 0, 10_000, 1, help="siting.staff_budget_help")
STAFF_WAYS = ("budget", "standard")
AUTO_REACH = NumberInput("siting.auto_reach", 500.0, 0.0, 5000.0, 50.0)
AUTO_SPACING = NumberInput("siting.auto_spacing", 150.0, 20.0, 5000.0, 10.0)


@dataclass(frozen=True)
class Inputs:
    """Everything a siting run needs, gathered from the widgets."""

    request: SitingRequest
    candidates: gpd.GeoDataFrame
    exclusions: gpd.GeoDataFrame | None
    info: dict[str, Any]
    key: str
    coverage_key: str


# --------------------------------------------------------------------------- inputs


def _amount() -> tuple[str, int | None, float | None]:
    """The model, and the number of new sites or the share of people to reach."""
    model = _widgets.kept_choice(
        st.radio,
        "siting.model",
        list(MODELS),
        default="mclp",
        help="siting.model_help",
    )
    if model == "min":
        return str(model), None, float(kept_number(TARGET)) / 100.0
    return str(model), int(kept_number(NEW)), None


def _must_cover(coverage: Coverage) -> list[str]:
    """The classes of demand areas that must be covered (those the demand holds)."""
    present = [c for c in MUST_CLASSES if (coverage.demand["class"] == c).any()]
    if not present:
        st.caption(tr("siting.no_must_classes"))
        return []
    must = _widgets.kept_choice(
        st.multiselect,
        "siting.must_cover",
        present,
        default=present,
        labels="class.",
        help="siting.must_cover_help",
    )
    return [str(c) for c in must]


def _new_type(types: Mapping[str, OutletType]) -> str:
    """The type of the new outlets (and so their travel mode and minutes)."""
    names = list(types)
    default = names.index("community_window") if "community_window" in names else 0
    new_type = str(
        _widgets.kept_choice(
            st.selectbox, "siting.new_type", names, default=names[default], labels=type_labeller()
        )
    )
    kind = types[new_type]
    st.caption(
        tr("siting.new_type_caption", mode=tr(f"mode.{kind.mode}"), minutes=f"{kind.minutes:g}")
    )
    return new_type


def _staff(model: str) -> int | Literal["standard"] | None:
    """Staff to post across today's and new outlets (a budget, or each at its standard)."""
    if model == "pmedian":
        return None
    if not _widgets.kept(
        st.checkbox,
        tr("siting.staff_on"),
        default=False,
        key="siting.staff_on",
        help=tr("siting.staff_on_help"),
    ):
        return None
    if model == "min":
        way = _widgets.kept_choice(
            st.radio, "siting.staff_way", list(STAFF_WAYS), default="budget", horizontal=True
        )
        if way == "standard":
            return "standard"
    return int(kept_number(STAFF_BUDGET))


def _capacities(staff: object) -> tuple[float | None, float | None]:
    """People one new and one existing outlet can serve (none when staff set the capacities)."""
    if staff is not None:
        st.caption(tr("siting.staff_capacity_note"))
        return None, None
    capacity: float | None = None
    if _widgets.kept(
        st.checkbox, tr("siting.capacity_on"), default=False, key="siting.capacity_on"
    ):
        capacity = float(kept_number(CAPACITY))
    existing: float | None = None
    if _widgets.kept(
        st.checkbox,
        tr("siting.existing_capacity_on"),
        default=False,
        key="siting.existing_capacity_on",
    ):
        existing = float(kept_number(EXISTING_CAPACITY))
    return capacity, existing


def _request(coverage: Coverage) -> tuple[SitingRequest, dict[str, Any]]:
    """The model, number or target, must-cover classes, staff, capacity, type, time limit."""
    model, new, target = _amount()
    must = _must_cover(coverage)
    new_type = _new_type(coverage.settings.outlet_types)
    staff = _staff(model)
    capacity, existing = _capacities(staff)
    time_limit = float(kept_number(TIME_LIMIT))
    request = SitingRequest(
        model=model,  # type: ignore[arg-type]
        new=new,
        target=target,
        new_types=(new_type,),
        must_cover=tuple(must),
        capacity=capacity,
        existing_capacity=existing,
        time_limit=time_limit,
        staff=staff,
    )
    info = {
        "model": model,
        "new": new,
        "target": target,
        "must_cover": must,
        "new_type": new_type,
        "capacity": capacity,
        "existing_capacity": existing,
        "time_limit": time_limit,
        "staff": staff,
    }
    return request, info


def _exclusions(area: StudyArea) -> gpd.GeoDataFrame | None:
    """Exclusion areas: an uploaded polygon file and the areas drawn on the map."""
    upload = _widgets.kept_upload(
        "siting.exclusion_upload", POLYGON_SUFFIXES, help="siting.exclusion_help"
    )
    uploaded = None
    if upload is not None:
        uploaded = _coordinates.checked_layer(
            upload, geometry="polygon", study_bounds=area.bounds
        ).frame
    return combine(uploaded, shapes_frame(_state.shapes(_state.EXCLUDED_KEY)))


def _uploaded_candidates(area: StudyArea) -> gpd.GeoDataFrame | None:
    """Candidate sites from the planner's file (None, with a note, without one)."""
    upload = _widgets.kept_upload(
        "siting.candidates_upload", LAYER_SUFFIXES, help="siting.candidates_upload_help"
    )
    if upload is None:
        st.caption(tr("siting.candidates_upload_none"))
        return None
    frame = _coordinates.checked_layer(
        upload, geometry="point", study_bounds=area.bounds, sites=True
    ).frame
    return frame.assign(source="file")


def _candidates(
    area: StudyArea, coverage: Coverage, new_type: str
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame | None, list[str]]:
    """Candidate sites from the chosen sources, without those in exclusion areas."""
    sources = _widgets.kept_choice(
        st.multiselect,
        "siting.sources",
        list(SOURCES),
        default=["osm", "auto"],
        labels="siting.source.",
    )
    parts: list[gpd.GeoDataFrame] = []
    if "auto" in sources:
        reach, spacing = float(kept_number(AUTO_REACH)), float(kept_number(AUTO_SPACING))
    if "upload" in sources and (uploaded := _uploaded_candidates(area)) is not None:
        parts.append(uploaded)
    if "osm" in sources:
        osm = candidates_from_osm(area)
        if len(osm) == 0:
            st.caption(tr("siting.no_osm_candidates"))
        parts.append(osm)
    if "auto" in sources:
        mode = coverage.settings.outlet_types[new_type].mode
        parts.append(_cache.gap_candidates(area, mode, coverage.gaps, reach, spacing))
    if (clicked := candidate_clicks.controls()) is not None:
        parts.append(clicked)
    exclusions = _exclusions(area)
    candidates = combine_candidates(parts, exclusions=exclusions)
    counts = candidates["source"].value_counts()
    parts_text = tr("common.list_sep").join(
        tr("siting.candidates_part", source=tr(f"siting.source.{k}"), count=v)
        for k, v in counts.items()
    )
    st.caption(tr("siting.candidates_count", count=len(candidates), parts=parts_text))
    return candidates, exclusions, [str(s) for s in sources]


def _inputs(area: StudyArea, coverage: Coverage, coverage_key: str) -> Inputs:
    request, info = _request(coverage)
    with st.expander(tr("siting.candidates"), expanded=True):
        candidates, exclusions, sources = _candidates(area, coverage, request.new_types[0])
    info["candidate_sources"] = sources
    info["n_candidates"] = len(candidates)
    key = content_key(coverage_key, request, candidates)
    return Inputs(request, candidates, exclusions, info, key, coverage_key)


# --------------------------------------------------------------------------- run


def _run(area: StudyArea, coverage: Coverage, inputs: Inputs) -> None:
    """Solve the siting model with a progress bar; keep the plan in the session."""
    outlet_types = [*coverage.outlets["outlet_type"], *inputs.request.new_types]
    modes = _cache.coverage_modes(coverage.settings, outlet_types)
    bar, progress = _widgets.progress_bar(tr("siting.running"))
    try:
        networks = _cache.networks(area, modes)
        plan = within_budget(
            lambda: plan_sites(
                area,
                coverage,
                inputs.candidates,
                request=inputs.request,
                networks=networks,
                progress=progress,
            ),
            what=msg("work.choosing_sites"),
        )
    except InfeasibleRequestError as error:
        st.error(f"{tr('siting.infeasible')}\n\n{as_text(error)}")
        return
    finally:
        bar.empty()
    _state.set_plan(plan, key=inputs.key, info=inputs.info, coverage_key=inputs.coverage_key)


# --------------------------------------------------------------------------- page


def _exclusion_tool() -> _drawing.DrawingTool:
    """Exclusion areas drawn on the map (no new site inside)."""
    return _drawing.DrawingTool(
        _state.EXCLUDED_KEY,
        "siting.draw",
        "siting.drawn",
        "polygon",
        default_name=tr("layer.exclusions"),
        say_none=False,
    )


def main() -> None:
    """Draw the page."""
    area = _widgets.area_page("siting")
    if area is None:
        return
    found = _state.current_coverage()
    if found is None:
        st.info(tr("siting.need_coverage"))
        return
    coverage, coverage_key = found
    left, right = st.columns([2, 3])
    inputs: Inputs | None = None
    with left:
        with _widgets.planner_errors():
            inputs = _inputs(area, coverage, coverage_key)
        run = st.button(tr("siting.run"), type="primary", key="siting.run", disabled=inputs is None)
        if run and inputs is not None:
            with _widgets.planner_errors():
                _run(area, coverage, inputs)
    plan = _state.current_plan()
    if plan is not None and (inputs is None or _state.plan_key() != inputs.key):
        with left:
            st.warning(tr("siting.stale"))
    with right, _widgets.planner_errors():
        layers = _maps.site_layers(
            area,
            coverage,
            plan,
            candidates=inputs.candidates if inputs is not None else None,
            exclusions=inputs.exclusions if inputs is not None else None,
        )
        shown = _drawing.drawing_map(
            layers,
            bounds=area_bounds(area) or area.bounds,
            tool=_exclusion_tool(),
            key="siting_map",
            returned=candidate_clicks.returned(),
        )
        candidate_clicks.handle(area, shown)
    if plan is not None:
        siting_results.show_plan(plan)
        with _widgets.planner_errors():
            plan_staffing.section(area, coverage, coverage_key, plan, _state.plan_key())


with _widgets.planner_errors():
    main()
