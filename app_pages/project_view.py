"""The report page's project section: scenarios saved, projects opened and downloaded, compared.

The project lives in the session state under :data:`~app_pages._state.PROJECT_KEY`
and survives loading another study area; opening a project file that cannot be
read leaves it as it was. A scenario is made from the results in memory
(:meth:`~servicecircle.results.project.Scenario.from_results`), no output folder is written.
"""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import _cache, _state, _tables, _widgets
from app_pages._downloads import MIME, deferred, file_stem
from app_pages._labels import as_text, md_escape, tr
from app_pages._state import PROJECT_KEY, SITING_INFO_KEY
from app_pages._uploads import saved_upload
from servicecircle.coverage import Coverage
from servicecircle.demand import Demand
from servicecircle.errors import InputDataError
from servicecircle.i18n import t
from servicecircle.inputs.area import StudyArea
from servicecircle.maps import static as staticmaps
from servicecircle.planning.plan import SitingPlan
from servicecircle.results.project import (
    Project,
    Scenario,
    compare_scenarios,
    demand_changes,
    load_project,
    save_project,
    sites_changed,
)
from servicecircle.results.schema import CoverageSummary, SitingSummary
from servicecircle.workflow.sensitivity import checked_results

logger = logging.getLogger(__name__)

PROJECT_VERSION_KEY = "project.version"  # bumped on every change of the project
PROJECT_SAVED_KEY = "project.saved"  # the version last downloaded


def current_project() -> Project | None:
    """The session's project, if one was started or opened."""
    project = st.session_state.get(PROJECT_KEY)
    return project if isinstance(project, Project) else None


def _set_project(project: Project, *, saved: bool = False) -> None:
    version = int(st.session_state.get(PROJECT_VERSION_KEY, 0)) + 1
    st.session_state[PROJECT_KEY] = project
    st.session_state[PROJECT_VERSION_KEY] = version
    if saved:
        st.session_state[PROJECT_SAVED_KEY] = version


def _unsaved() -> bool:
    project = current_project()
    return (
        project is not None
        and len(project.scenarios) > 0
        and st.session_state.get(PROJECT_SAVED_KEY) != st.session_state.get(PROJECT_VERSION_KEY)
    )


def _mark_saved() -> None:
    st.session_state[PROJECT_SAVED_KEY] = st.session_state.get(PROJECT_VERSION_KEY)


def _analysis(scenario: Scenario) -> CoverageSummary | None:
    """The scenario's ``summary.json``, typed (``None`` without one)."""
    data = scenario.summary.get("analysis")
    return CoverageSummary.from_json(data) if data else None


def _plan(scenario: Scenario) -> SitingSummary | None:
    """The scenario's ``siting.json``, typed (``None`` for a scenario without a plan)."""
    data = scenario.summary.get("siting")
    return SitingSummary.from_json(data) if data else None


# --------------------------------------------------------------------------- scenarios


def _parameters(coverage: Coverage) -> dict[str, Any]:
    settings = coverage.settings
    parameters: dict[str, Any] = {
        "mode": settings.mode,
        "minutes": [float(b) for b in settings.breaks],
        "outlet_types": {
            name: {"mode": kind.mode, "minutes": kind.minutes}
            for name, kind in settings.outlet_types.items()
        },
        "n_outlets": len(coverage.outlets),
    }
    info = st.session_state.get(SITING_INFO_KEY)
    if _state.current_plan() is not None and isinstance(info, dict):
        parameters["siting"] = dict(info)
    return parameters


def _new_project(area: StudyArea, coverage: Coverage) -> Project:
    return Project(
        name=area.name,
        settings={
            "area": area.name,
            "source": area.source,
            "mode": coverage.settings.mode,
            "minutes": [float(b) for b in coverage.settings.breaks],
        },
        layers={"boundaries": area.boundaries} if len(area.boundaries) else {},
    )


def _save_scenario(
    area: StudyArea, coverage: Coverage, demand: Demand | None, plan: SitingPlan | None
) -> None:
    default = (
        tr("report.scenario_sites", count=len(plan.chosen))
        if plan is not None
        else tr("report.scenario_today")
    )
    name = st.text_input(tr("report.scenario_name"), value=default, key="report.scenario_name")
    project = current_project()
    if project is not None and name.strip() in [s.name for s in project.scenarios]:
        st.caption(tr("report.scenario_replaces", name=md_escape(name.strip())))
    if st.button(tr("report.scenario_save"), key="report.scenario_save", type="primary"):
        if not name.strip():
            st.warning(tr("report.scenario_need_name"))
            return
        if demand is None:
            raise InputDataError(tr("report.need_rerun"))
        # the report's records too: roads, new sites' areas, walking speed ±20%, rule costs
        networks = _cache.run_networks(area, coverage, plan)
        checked = checked_results(
            coverage, plan, area=area, demand=demand, mode=coverage.settings.mode, networks=networks
        )
        scenario = Scenario.from_results(
            name.strip(),
            coverage,
            plan,
            area=area,
            demand=demand,
            parameters=_parameters(coverage),
            checked=checked,
        )
        project = project if project is not None else _new_project(area, coverage)
        _set_project(project.with_scenario(scenario))
        st.success(tr("report.scenario_saved", name=md_escape(scenario.name)))


def _scenario_row(scenario: Scenario) -> dict[str, Any]:
    analysis, plan = _analysis(scenario), _plan(scenario)
    shares = analysis.coverage_share if analysis is not None else {}
    largest = list(shares)[-1] if shares else None
    share = shares[largest] if largest is not None else None
    return {
        tr("report.scenario"): scenario.name,
        tr("report.outlets"): analysis.n_outlets if analysis is not None else None,
        tr("report.new_sites"): len(plan.chosen) if plan is not None else 0,
        tr("report.share_today"): (
            f"{share:.1%} ({largest} {tr('field.minutes')})" if share is not None else ""
        ),
        tr("report.share_plan"): (
            f"{plan.share_after:.1%}" if plan is not None and plan.share_after is not None else ""
        ),
    }


def _open_project() -> None:
    upload = st.file_uploader(
        tr("report.project_upload"),
        type=["gpkg"],
        key="report.project_upload",
        help=tr("report.project_upload_help"),
    )
    confirmed = True
    if upload is not None and _unsaved():
        st.warning(tr("report.project_unsaved"))
        confirmed = st.checkbox(tr("report.project_replace"), key="report.project_replace")
    opened = st.button(
        tr("report.project_open"),
        key="report.project_open",
        disabled=upload is None or not confirmed,
    )
    if not opened or upload is None:
        return
    try:
        with saved_upload(upload) as path:
            project = load_project(path)
    except Exception as error:  # noqa: BLE001 - any unreadable file is a message
        logger.info("project %s could not be opened: %s", getattr(upload, "name", ""), error)
        st.error(tr("report.project_bad", name=md_escape(str(upload.name))))
        st.caption(as_text(error))
        return
    _set_project(project, saved=True)
    st.success(
        tr("report.project_opened", name=md_escape(project.name), count=len(project.scenarios))
    )


def _remove_scenario(project: Project) -> None:
    names = [s.name for s in project.scenarios]
    left, right = st.columns([3, 1])
    with left:
        name = st.selectbox(tr("report.scenario_remove_which"), options=names, key="report.remove")
    with right:
        if st.button(tr("report.scenario_remove"), key="report.remove_button"):
            _set_project(project.without_scenario(str(name)))
            st.rerun()


def _project_summary(project: Project) -> None:
    """The project's scenarios, its download button and the removal of a scenario."""
    st.markdown(
        f"**{tr('report.project_name', name=md_escape(project.name))}** · "
        + tr("report.scenario_count", count=len(project.scenarios))
    )
    if project.scenarios:
        # A project file's summaries are read here first (a file of another
        # version says so): the project can still be downloaded or trimmed.
        with _widgets.planner_errors():
            _tables.show_table(pd.DataFrame([_scenario_row(s) for s in project.scenarios]))
    if _unsaved():
        st.caption(tr("report.project_unsaved_hint"))
    st.download_button(
        tr("report.project_download"),
        data=deferred("project.gpkg", lambda path: save_project(project, path)),
        file_name=f"{file_stem(project.name)}_project.gpkg",
        mime=MIME["gpkg"],
        key="report.project_download",
        on_click=_mark_saved,
        icon=":material/save:",
        type="primary",
    )
    if project.scenarios:
        with st.expander(tr("report.scenario_remove_title")):
            _remove_scenario(project)


def project_section(
    area: StudyArea | None,
    results: tuple[Coverage, Demand | None, SitingPlan | None] | None,
) -> None:
    """Save the current run as a scenario, open a project file, download the project."""
    st.subheader(tr("report.project"))
    st.caption(tr("report.project_help"))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{tr('report.scenario_new')}**")
        if area is None or results is None:
            st.caption(tr("report.need_coverage"))
        else:
            with _widgets.planner_errors():
                _save_scenario(area, *results)
    with right:
        st.markdown(f"**{tr('report.project_open_title')}**")
        _open_project()
    project = current_project()
    if project is None:
        st.info(tr("report.no_project"))
        return
    _project_summary(project)


# --------------------------------------------------------------------------- comparison


def _level_label(level: str) -> str:
    return {
        "total": tr("report.level.total"),
        "class": tr("field.class"),
        "township": tr("demand.level.township"),
        "community": tr("demand.level.community"),
    }.get(level, level)


def _compare_table(table: pd.DataFrame, a: str, b: str) -> None:
    percent = st.column_config.NumberColumn(format="percent")
    share_a = tr("report.share_of", name=a)
    share_b = tr("report.share_of", name=b)
    frame = pd.DataFrame(
        {
            tr("demand.unit_level"): [_level_label(v) for v in table["level"]],
            tr("demand.level.township"): _tables.township_names(table),
            tr("field.name"): [
                tr(f"class.{u}") if lv == "class" else (u or tr("common.total"))
                for lv, u in zip(table["level"], table["unit"], strict=True)
            ],
            tr("common.people"): table["people"].round(0).astype(int).to_numpy(),
            tr("report.covered_of", name=a): table["covered_a"].round(0).astype(int).to_numpy(),
            tr("report.covered_of", name=b): table["covered_b"].round(0).astype(int).to_numpy(),
            tr("report.gained"): table["gained"].round(0).astype(int).to_numpy(),
            share_a: table["share_a"].to_numpy(float),
            share_b: table["share_b"].to_numpy(float),
        }
    )
    _tables.show_table(frame, column_config={share_a: percent, share_b: percent})


def _plan_share(scenario: Scenario) -> str:
    plan = _plan(scenario)
    if plan is None or plan.share_before is None or plan.share_after is None:
        return ""
    return tr(
        "report.plan_share",
        before=plan.share_before,
        after=plan.share_after,
        count=len(plan.chosen),
    )


def _choose_pair(project: Project) -> tuple[Scenario, Scenario, float]:
    """The two scenarios to compare and the minutes to compare them at."""
    names = [s.name for s in project.scenarios]
    left, middle, right = st.columns(3)
    with left:
        name_a = _widgets.kept(
            st.selectbox,
            tr("report.scenario_a"),
            options=names,
            default=names[0],
            key="report.cmp_a",
        )
    with middle:
        name_b = _widgets.kept(
            st.selectbox,
            tr("report.scenario_b"),
            options=names,
            default=names[-1],
            key="report.cmp_b",
        )
    a, b = project.scenario(str(name_a)), project.scenario(str(name_b))
    breaks = [float(m) for m in (a.parameters.get("minutes") or [15.0])]
    code = _state.lang()

    def minutes_label(minutes: float) -> str:
        return t("map.minutes", code, minutes=f"{minutes:g}")

    with right:
        minutes = _widgets.kept(
            st.selectbox,
            tr("report.compare_minutes"),
            options=breaks,
            default=breaks[-1],
            format_func=minutes_label,
            key="report.cmp_minutes",
        )
    return a, b, float(minutes)


def _compare_metrics(table: pd.DataFrame, a: Scenario, b: Scenario) -> None:
    total = table[table["level"] == "total"]
    attrs = table.attrs
    columns = st.columns(4)
    if len(total):
        row = total.iloc[0]
        columns[0].metric(tr("report.share_of", name=md_escape(a.name)), f"{row['share_a']:.1%}")
        columns[1].metric(
            tr("report.share_of", name=md_escape(b.name)),
            f"{row['share_b']:.1%}",
            delta=tr("report.gained_delta", people=float(row["gained"])),
        )
    columns[2].metric(tr("report.sites_added"), f"{attrs.get('sites_added', 0)}")
    columns[3].metric(tr("report.sites_removed"), f"{attrs.get('sites_removed', 0)}")
    for scenario in (a, b):
        text = _plan_share(scenario)
        if text:
            st.caption(f"{md_escape(scenario.name)}: {text}")


def _what_changed(a: Scenario, b: Scenario, minutes: float) -> None:
    st.markdown(f"**{tr('report.what_changed')}**")
    changes = sites_changed(a, b)
    moved = changes[changes["change"] != "kept"]
    st.caption(tr("report.sites_kept", count=int((changes["change"] == "kept").sum())))
    if len(moved):
        _tables.show_table(
            pd.DataFrame(
                {
                    tr("report.change"): [tr(f"report.change.{c}") for c in moved["change"]],
                    tr("report.site_layer"): [tr(f"report.site_layer.{v}") for v in moved["layer"]],
                    tr("field.name"): moved["name"].fillna("").astype(str).to_numpy(),
                    tr("field.lon"): moved.geometry.x.round(6).to_numpy(),
                    tr("field.lat"): moved.geometry.y.round(6).to_numpy(),
                }
            )
        )
    with _widgets.planner_errors():
        demand = demand_changes(a, b, minutes=minutes)
        figure = staticmaps.change_map(
            demand, sites=changes, units=a.layers.get("units"), minutes=minutes, lang=_state.lang()
        )
        column, _ = st.columns([3, 2])
        column.image(staticmaps.figure_png(figure), caption=tr("report.change_map"))


def compare_section(project: Project | None) -> None:
    """Two scenarios of the project side by side: coverage, sites and a map of the changes."""
    st.subheader(tr("report.compare"))
    if project is None or len(project.scenarios) < 2:
        st.info(tr("report.compare_need"))
        return
    a, b, minutes = _choose_pair(project)
    table = compare_scenarios(a, b, minutes=[minutes])
    _compare_metrics(table, a, b)
    _compare_table(table, a.name, b.name)
    _what_changed(a, b, minutes)
