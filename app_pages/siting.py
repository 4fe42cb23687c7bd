"""Page 5, siting: where the next outlets should go (model, candidates, run, results)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import streamlit as st

from app_pages import common, compute
from app_pages.common import (
    COVERAGE_ID_KEY,
    COVERAGE_KEY,
    EXCLUDED_KEY,
    SITING_COVERAGE_KEY,
    SITING_ID_KEY,
    SITING_INFO_KEY,
    SITING_KEY,
    tr,
)
from servicecircle import webmap
from servicecircle.candidates import candidates_from_osm, combine_candidates
from servicecircle.coverage import Coverage
from servicecircle.errors import InfeasibleRequestError
from servicecircle.memory import within_budget
from servicecircle.planning import SitingPlan, SitingRequest, plan_sites
from servicecircle.sources.area import StudyArea

MODELS = ("mclp", "min", "pmedian")
SOURCES = ("osm", "auto", "upload")
MUST_CLASSES = ("relocation", "industrial")
LAYER_SUFFIXES = ["csv", "txt", "geojson", "json", "gpkg", "zip"]
POLYGON_SUFFIXES = ["geojson", "json", "gpkg", "zip", "csv"]
DEFAULT_CAPACITY = 5000.0


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


def _coverage() -> tuple[Coverage, str] | None:
    """Today's coverage of this session, or None (with where to get it)."""
    result = st.session_state.get(COVERAGE_KEY)
    if not isinstance(result, Coverage):
        st.info(tr("siting.need_coverage"))
        return None
    return result, str(st.session_state.get(COVERAGE_ID_KEY, ""))


def _request(coverage: Coverage) -> tuple[SitingRequest, dict[str, Any]]:
    """The model, number or target, must-cover classes, capacity, type, time limit."""
    types = coverage.settings.outlet_types
    model = common.kept(
        st.radio,
        tr("siting.model"),
        default="mclp",
        options=list(MODELS),
        format_func=common.labeller("siting.model."),
        key="siting.model",
        help=tr("siting.model_help"),
    )
    new: int | None = None
    target: float | None = None
    if model == "min":
        percent = common.kept(
            st.number_input,
            tr("siting.target"),
            min_value=50.0,
            max_value=100.0,
            default=95.0,
            step=1.0,
            key="siting.target",
            help=tr("siting.target_help"),
        )
        target = float(percent) / 100.0
    else:
        new = int(
            common.kept(
                st.number_input,
                tr("siting.new"),
                min_value=1,
                max_value=500,
                default=3,
                step=1,
                key="siting.new",
            )
        )
    present = [c for c in MUST_CLASSES if (coverage.demand["class"] == c).any()]
    if present:
        must = common.kept(
            st.multiselect,
            tr("siting.must_cover"),
            default=present,
            options=present,
            format_func=common.labeller("class."),
            key="siting.must_cover",
            help=tr("siting.must_cover_help"),
        )
    else:
        must = []
        st.caption(tr("siting.no_must_classes"))
    names = list(types)
    default = names.index("community_window") if "community_window" in names else 0
    new_type = common.kept(
        st.selectbox,
        tr("siting.new_type"),
        options=names,
        default=names[default],
        format_func=common.type_labeller(),
        key="siting.new_type",
    )
    kind = types[str(new_type)]
    st.caption(
        tr("siting.new_type_caption", mode=tr(f"mode.{kind.mode}"), minutes=f"{kind.minutes:g}")
    )
    capacity: float | None = None
    if common.kept(st.checkbox, tr("siting.capacity_on"), default=False, key="siting.capacity_on"):
        capacity = float(
            common.kept(
                st.number_input,
                tr("siting.capacity"),
                min_value=1.0,
                max_value=1_000_000.0,
                default=DEFAULT_CAPACITY,
                step=500.0,
                key="siting.capacity",
                help=tr("siting.capacity_help"),
            )
        )
    time_limit = float(
        common.kept(
            st.number_input,
            tr("siting.time_limit"),
            min_value=1.0,
            max_value=600.0,
            default=10.0,
            step=1.0,
            key="siting.time_limit",
        )
    )
    request = SitingRequest(
        model=model,  # type: ignore[arg-type]
        new=new,
        target=target,
        new_types=(str(new_type),),
        must_cover=tuple(str(c) for c in must),
        capacity=capacity,
        time_limit=time_limit,
    )
    info = {
        "model": str(model),
        "new": new,
        "target": target,
        "must_cover": [str(c) for c in must],
        "new_type": str(new_type),
        "capacity": capacity,
        "time_limit": time_limit,
    }
    return request, info


def _exclusions(area: StudyArea) -> gpd.GeoDataFrame | None:
    """Exclusion areas: an uploaded polygon file and the areas drawn on the map."""
    upload = common.kept_upload(
        tr("siting.exclusion_upload"),
        type=POLYGON_SUFFIXES,
        key="siting.exclusion_upload",
        help=tr("siting.exclusion_help"),
    )
    uploaded = None
    if upload is not None:
        uploaded = compute.uploaded_layer(
            upload, geometry="polygon", study_bounds=area.bounds
        ).frame
    drawn = st.session_state.get(EXCLUDED_KEY, [])
    frame = compute.polygons_frame([d["geometry"] for d in drawn], [d["name"] for d in drawn])
    return compute.combine(uploaded, frame)


def _candidates(
    area: StudyArea, coverage: Coverage, coverage_key: str, new_type: str
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame | None, list[str]]:
    """Candidate sites from the chosen sources, without those in exclusion areas."""
    sources = common.kept(
        st.multiselect,
        tr("siting.sources"),
        options=list(SOURCES),
        default=["osm", "auto"],
        format_func=common.labeller("siting.source."),
        key="siting.sources",
    )
    parts: list[gpd.GeoDataFrame] = []
    if "auto" in sources:
        reach = common.kept(
            st.number_input,
            tr("siting.auto_reach"),
            min_value=0.0,
            max_value=5000.0,
            default=500.0,
            step=50.0,
            key="siting.auto_reach",
        )
        spacing = common.kept(
            st.number_input,
            tr("siting.auto_spacing"),
            min_value=20.0,
            max_value=5000.0,
            default=150.0,
            step=10.0,
            key="siting.auto_spacing",
        )
    if "upload" in sources:
        upload = common.kept_upload(
            tr("siting.candidates_upload"),
            type=LAYER_SUFFIXES,
            key="siting.candidates_upload",
            help=tr("siting.candidates_upload_help"),
        )
        if upload is not None:
            frame = compute.uploaded_layer(
                upload, geometry="point", study_bounds=area.bounds, sites=True
            ).frame
            parts.append(frame.assign(source="file"))
        else:
            st.caption(tr("siting.candidates_upload_none"))
    if "osm" in sources:
        osm = candidates_from_osm(area)
        if len(osm) == 0:
            st.caption(tr("siting.no_osm_candidates"))
        parts.append(osm)
    if "auto" in sources:
        mode = coverage.settings.outlet_types[new_type].mode
        parts.append(
            compute.gap_candidates(
                area,
                common.area_id(),
                coverage_key,
                coverage,
                mode=mode,
                reach_m=float(reach),
                spacing_m=float(spacing),
            )
        )
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
        candidates, exclusions, sources = _candidates(
            area, coverage, coverage_key, request.new_types[0]
        )
    info["candidate_sources"] = sources
    info["n_candidates"] = len(candidates)
    key = common.digest(
        "|".join([coverage_key, repr(request), compute.frame_key(candidates)]).encode()
    )
    return Inputs(request, candidates, exclusions, info, key, coverage_key)


# --------------------------------------------------------------------------- run


def _run(area: StudyArea, coverage: Coverage, inputs: Inputs) -> None:
    """Solve the siting model with a progress bar; keep the plan in the session."""
    types = coverage.settings.outlet_types
    outlet_types = [str(t) for t in coverage.outlets["outlet_type"]]
    modes = {coverage.settings.mode} | {
        types[t].mode for t in [*outlet_types, *inputs.request.new_types] if t in types
    }
    bar, progress = common.progress_bar(tr("siting.running"))
    try:
        networks = compute.networks(area, common.area_id(), modes)
        plan = within_budget(
            lambda: plan_sites(
                area,
                coverage,
                inputs.candidates,
                request=inputs.request,
                networks=networks,
                progress=progress,
            ),
            what="Choosing new sites",
        )
    except InfeasibleRequestError as error:
        st.error(f"{tr('siting.infeasible')}\n\n{common.as_text(error)}")
        return
    finally:
        bar.empty()
    st.session_state[SITING_KEY] = plan
    st.session_state[SITING_ID_KEY] = inputs.key
    st.session_state[SITING_INFO_KEY] = inputs.info
    st.session_state[SITING_COVERAGE_KEY] = inputs.coverage_key


# --------------------------------------------------------------------------- results


def _reasons(row: pd.Series) -> str:
    """The reasons for one chosen site, in the session's language."""
    people = float(row["newly_covered"])
    if people <= 0.5:
        return tr("siting.reason.none")
    parts = [tr("siting.reason.covers", people=people)]
    gaps = [g for g in str(row.get("gaps") or "").split(",") if g.strip()]
    if gaps:
        parts.append(tr("siting.reason.gaps", gaps=", ".join(f"#{g}" for g in gaps[:5])))
    must = str(row.get("must_cover") or "").strip()
    if must:
        parts.append(tr("siting.reason.must", names=must))
    return tr("siting.reason.sep").join(parts)


def _label(prefix: str, value: str) -> str:
    """The translated label ``prefix + value``, or the value itself when unknown."""
    label = tr(f"{prefix}{value}")
    return value if label == f"{prefix}{value}" else label


def _metrics(plan: SitingPlan) -> None:
    result = plan.result
    columns = st.columns(6)
    columns[0].metric(tr("siting.n_new"), f"{len(plan.chosen)}")
    columns[1].metric(tr("siting.share_before"), f"{result.share_before:.1%}")
    columns[2].metric(
        tr("siting.share_after"),
        f"{result.share_after:.1%}",
        delta=tr("siting.points", value=f"{100 * (result.share_after - result.share_before):+.1f}"),
    )
    columns[3].metric(
        tr("siting.status"),
        _label("siting.status.", result.status),
        help=tr("siting.status_help"),
    )
    columns[4].metric(
        tr("siting.objective"),
        f"{result.objective:,.2f}",
        help=tr(f"siting.objective_help.{plan.request.model}"),
    )
    columns[5].metric(
        tr("siting.gap"),
        f"{result.gap:.2%}",
        help=tr("siting.bound_caption", bound=f"{result.bound:,.2f}"),
    )
    st.caption(
        tr(
            "siting.solver_caption",
            bound=f"{result.bound:,.2f}",
            method=_label("siting.method.", result.method),
            seconds=f"{result.seconds:.1f}",
        )
    )
    uncoverable = int(np.size(result.uncoverable_must_cover))
    if uncoverable:
        st.warning(tr("siting.uncoverable", count=uncoverable))
    if result.notes:
        with st.expander(tr("siting.notes")):
            for note in result.notes:
                st.text(note)


def _chosen_table(plan: SitingPlan) -> None:
    st.subheader(tr("siting.chosen"))
    chosen = plan.chosen
    if len(chosen) == 0:
        st.info(tr("siting.none_needed"))
        return
    frame = pd.DataFrame(
        {
            tr("field.rank"): chosen["rank"].astype(int).to_numpy(),
            tr("field.name"): chosen["name"].fillna(tr("siting.unnamed")).astype(str).to_numpy(),
            tr("siting.newly_covered"): chosen["newly_covered"].round(0).astype(int).to_numpy(),
            tr("siting.cumulative_share"): chosen["cumulative_share"].to_numpy(float),
            tr("siting.reasons"): [_reasons(row) for _, row in chosen.iterrows()],
            tr("outlets.type"): [common.type_label(str(t)) for t in chosen["type"]],
            tr("field.source"): [tr(f"siting.source.{s}") for s in chosen["source"]],
            tr("field.lon"): chosen.geometry.x.round(6).to_numpy(),
            tr("field.lat"): chosen.geometry.y.round(6).to_numpy(),
        }
    )
    common.show_table(
        frame,
        column_config={
            tr("siting.cumulative_share"): st.column_config.NumberColumn(format="percent")
        },
    )


def _curve(plan: SitingPlan) -> None:
    st.subheader(tr("siting.curve"))
    x_title, y_title = tr("siting.curve_x"), tr("siting.curve_y")
    data = pd.DataFrame(
        {
            "n_new": plan.curve["n_new"].astype(int),
            "share": plan.curve["share"].astype(float),
            "covered": plan.curve["covered"].round(0),
        }
    )
    low = max(0.0, float(data["share"].min()) - 0.02)
    chart = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("n_new:Q", title=x_title, axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y(
                "share:Q",
                title=y_title,
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[low, 1.0]),
            ),
            tooltip=[
                alt.Tooltip("n_new:Q", title=x_title),
                alt.Tooltip("share:Q", title=y_title, format=".1%"),
                alt.Tooltip("covered:Q", title=tr("common.people"), format=",.0f"),
            ],
        )
    )
    st.altair_chart(chart, width="stretch")


def _class_table(plan: SitingPlan) -> None:
    percent = st.column_config.NumberColumn(format="percent")
    by_class = plan.by_class
    st.subheader(tr("siting.by_class"))
    st.caption(tr("siting.standard_note"))
    frame = pd.DataFrame(
        {
            tr("field.class"): [tr(f"class.{c}") for c in by_class["class"]],
            tr("common.people"): by_class["people"].round(0).astype(int).to_numpy(),
            tr("siting.covered_before"): by_class["covered_before"].round(0).astype(int).to_numpy(),
            tr("siting.covered_after"): by_class["covered_after"].round(0).astype(int).to_numpy(),
            tr("siting.share_before"): by_class["share_before"].to_numpy(float),
            tr("siting.share_after"): by_class["share_after"].to_numpy(float),
        }
    )
    common.show_table(
        frame,
        column_config={tr("siting.share_before"): percent, tr("siting.share_after"): percent},
    )


def _unit_table(plan: SitingPlan) -> None:
    percent = st.column_config.NumberColumn(format="percent")
    units = plan.by_unit
    if len(units):
        st.subheader(tr("siting.by_unit"))
        frame = pd.DataFrame(
            {
                tr("demand.unit_level"): [tr(f"demand.level.{v}") for v in units["level"]],
                tr("demand.level.township"): common.township_names(units),
                tr("field.name"): units["name"].astype(str).to_numpy(),
                tr("common.people"): units["people"].round(0).astype(int).to_numpy(),
                tr("siting.covered_before"): units["covered_before"].round(0).astype(int),
                tr("siting.covered_after"): units["covered_after"].round(0).astype(int),
                tr("siting.share_before"): units["share_before"].to_numpy(float),
                tr("siting.share_after"): units["share_after"].to_numpy(float),
            }
        )
        common.show_table(
            frame,
            column_config={tr("siting.share_before"): percent, tr("siting.share_after"): percent},
        )


# --------------------------------------------------------------------------- map


def _add_excluded(features: list[dict[str, Any]], name: str) -> None:
    """Button callback: keep the shapes drawn on the map as exclusion areas."""
    drawn = list(st.session_state.get(EXCLUDED_KEY, []))
    for feature in features:
        label = name if len(features) == 1 else f"{name} {len(drawn) + 1}"
        drawn.append({"name": label, "geometry": shapely.geometry.shape(feature["geometry"])})
    st.session_state[EXCLUDED_KEY] = drawn


def _clear_excluded() -> None:
    st.session_state[EXCLUDED_KEY] = []


def _drawn_polygons(result: dict[str, Any] | None) -> list[dict[str, Any]]:
    features = (result or {}).get("all_drawings") or []
    return [
        f
        for f in features
        if isinstance(f, dict)
        and (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")
    ]


def _map(
    area: StudyArea,
    coverage: Coverage,
    plan: SitingPlan | None,
    candidates: gpd.GeoDataFrame | None,
    exclusions: gpd.GeoDataFrame | None,
) -> None:
    layers = common.site_layers(
        area,
        coverage,
        plan,
        network=compute.network_geojson(common.area_id(), area),
        candidates=candidates,
        exclusions=exclusions,
    )
    m = webmap.compose_map(
        layers, bounds=area.bounds, draw=("polygon", "rectangle"), **common.map_options()
    )
    shown = common.show_map(m, key="siting_map", returned_objects=["all_drawings"])
    st.markdown(f"**{tr('siting.draw')}**")
    st.caption(tr("siting.draw_help"))
    features = _drawn_polygons(shown)
    drawn = st.session_state.get(EXCLUDED_KEY, [])
    if drawn:
        st.caption(tr("siting.drawn", count=len(drawn)))
    if features:
        name = st.text_input(
            tr("siting.draw_name"), value=tr("layer.exclusions"), key="siting.draw_name"
        )
        st.button(
            tr("siting.draw_add", count=len(features)),
            on_click=_add_excluded,
            args=(features, name),
            key="siting.draw_add",
        )
    if drawn:
        st.button(tr("siting.draw_clear"), on_click=_clear_excluded, key="siting.draw_clear")


# --------------------------------------------------------------------------- page


def main() -> None:
    """Draw the page."""
    st.header(tr("siting.header"))
    st.write(tr("siting.intro"))
    area = common.require_area()
    if area is None:
        return
    found = _coverage()
    if found is None:
        return
    coverage, coverage_key = found
    left, right = st.columns([2, 3])
    inputs: Inputs | None = None
    with left:
        with common.planner_errors():
            inputs = _inputs(area, coverage, coverage_key)
        run = st.button(tr("siting.run"), type="primary", key="siting.run", disabled=inputs is None)
        if run and inputs is not None:
            with common.planner_errors():
                _run(area, coverage, inputs)
    plan = common.current_plan()
    if plan is not None and (inputs is None or st.session_state.get(SITING_ID_KEY) != inputs.key):
        with left:
            st.warning(tr("siting.stale"))
    with right, common.planner_errors():
        _map(
            area,
            coverage,
            plan,
            inputs.candidates if inputs is not None else None,
            inputs.exclusions if inputs is not None else None,
        )
    if plan is None:
        return
    st.divider()
    _metrics(plan)
    _chosen_table(plan)
    left, right = st.columns(2)
    with left:
        _curve(plan)
    with right:
        _class_table(plan)
    _unit_table(plan)


with common.planner_errors():
    main()
