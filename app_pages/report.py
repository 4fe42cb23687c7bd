"""Page 6, report and export: GIS files, maps, the siting report, projects and scenarios.

Files are handed over with ``st.download_button`` and built from the results in
memory: GIS layers when their download button is clicked (a deferred download,
:func:`~app_pages._downloads.deferred`), the report from the run's
:func:`~servicecircle.workflow.sensitivity.checked_results` into this browser session's
private folder (:func:`~app_pages._state.session_folder`, removed when the
session ends). Nothing a session builds is visible to another, and nothing is
kept on the server (the interactive map, which may hold the planner's Tianditu
key, is built in memory and only downloaded). Projects, scenarios and their
comparison are in :mod:`app_pages.project_view`.
"""

from __future__ import annotations

import streamlit as st

from app_pages import _cache, _state, _widgets
from app_pages._downloads import MIME, built, download_button, file_stem, keep_built
from app_pages._labels import labeller, tr
from app_pages._state import (
    COVERAGE_DEMAND_KEY,
    SITING_COVERAGE_KEY,
    SITING_ID_KEY,
)
from app_pages._uploads import digest
from app_pages.files_view import gis_section, maps_section
from app_pages.handover_view import handover_section
from app_pages.project_view import compare_section, current_project, project_section
from servicecircle.coverage import Coverage
from servicecircle.demand import Demand
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import StudyArea
from servicecircle.memory import within_budget
from servicecircle.planning.plan import SitingPlan
from servicecircle.report import build_report
from servicecircle.workflow.sensitivity import checked_results

REPORT_FORMATS = ("html", "pdf")
SECTIONS = ("files", "report", "project")


# --------------------------------------------------------------------------- session results


def _results(
    current: tuple[Coverage, str],
) -> tuple[Coverage, str, Demand | None, SitingPlan | None]:
    """Today's coverage, its key, its demand and the siting plan made for it (if any)."""
    coverage, key = current
    demand = st.session_state.get(COVERAGE_DEMAND_KEY)
    plan = _state.current_plan()
    if plan is not None and st.session_state.get(SITING_COVERAGE_KEY) != key:
        st.caption(tr("report.plan_outdated"))
        plan = None
    return coverage, key, demand if isinstance(demand, Demand) else None, plan


def _results_key(coverage_key: str, plan: SitingPlan | None) -> str:
    siting_key = str(st.session_state.get(SITING_ID_KEY, "")) if plan is not None else "-"
    return digest(f"{coverage_key}|{siting_key}".encode())


# --------------------------------------------------------------------------- report


def _report_choices() -> tuple[str, list[str], str]:
    """The report's language, formats and the cover's bureau, as the planner chose them."""
    left, right = st.columns(2)
    with left:
        report_lang = _widgets.kept(
            st.radio,
            tr("report.report_lang"),
            default=_state.lang(),
            options=["zh", "en"],
            format_func=labeller("report.lang."),
            key="report.lang",
            horizontal=True,
        )
    with right:
        formats = _widgets.kept(
            st.multiselect,
            tr("report.report_formats"),
            options=list(REPORT_FORMATS),
            default=list(REPORT_FORMATS),
            format_func=labeller("report.format."),
            key="report.report_formats",
        )
    bureau = _widgets.kept(
        st.text_input,
        tr("report.doc.app.bureau"),
        default="",
        key="report.bureau",
        max_chars=80,
        help=tr("report.doc.app.bureau_help"),
    )
    return str(report_lang), [str(f) for f in formats], str(bureau or "").strip()


def _build_report(
    area: StudyArea,
    coverage: Coverage,
    demand: Demand | None,
    plan: SitingPlan | None,
    lang: str,
    formats: list[str],
    bureau: str = "",
) -> dict[str, bytes]:
    """The report's files by download name, built into the session folder."""
    if demand is None:
        raise InputDataError(tr("report.need_rerun"))
    results = checked_results(  # with walking speed ±20% and each must-cover rule's cost
        coverage,
        plan,
        area=area,
        demand=demand,
        mode=coverage.settings.mode,
        networks=_cache.run_networks(area, coverage, plan),  # the cached ones: none rebuilt
    )
    folder = _state.session_folder() / "report"
    folder.mkdir(exist_ok=True)
    bar, progress = _widgets.progress_bar(tr("report.report_building"))
    try:
        paths = within_budget(
            lambda: build_report(
                results,
                folder,
                lang=lang,
                formats=tuple(formats),
                progress=progress,
                bureau=bureau or None,
            ),
            what=msg("work.building_report"),
        )
    finally:
        bar.empty()
    stem = file_stem(area.name)
    return {f"{stem}_{path.name}": path.read_bytes() for path in paths}


def _report(
    area: StudyArea, coverage: Coverage, demand: Demand | None, plan: SitingPlan | None, key: str
) -> None:
    st.subheader(tr("report.report"))
    st.caption(tr("report.report_help"))
    report_lang, formats, bureau = _report_choices()
    built_key = f"{key}|{report_lang}|{area.name}|{bureau}"  # a new title or cover, a new report
    if st.button(
        tr("report.report_build"), key="report.report_build", type="primary", disabled=not formats
    ):
        files = _build_report(area, coverage, demand, plan, report_lang, formats, bureau)
        keep_built("report", built_key, files)
    for i, (name, data) in enumerate(built("report", built_key).items()):
        fmt = name.rsplit(".", 1)[-1]
        download_button(
            tr("report.download_report", format=tr(f"report.format.{fmt}")),
            data=data,
            file_name=name,
            mime=MIME.get(fmt, "application/octet-stream"),
            key=f"report.download_report.{i}",
        )
    handover_section(area, coverage, demand, plan, report_lang)


# --------------------------------------------------------------------------- page


def main() -> None:
    """Draw the page."""
    st.header(tr("report.header"))
    st.write(tr("report.intro"))
    area = _widgets.require_area()
    current = _state.current_coverage()
    if area is not None and current is None:
        st.info(tr("report.need_coverage"))
    # A radio, not st.tabs: its value is a stable key (labels change with the
    # language) and only the chosen section runs.
    section = _widgets.kept(
        st.radio,
        tr("report.section"),
        default=SECTIONS[0],
        options=list(SECTIONS),
        format_func=labeller("report.tab."),
        key="report.section",
        horizontal=True,
        label_visibility="collapsed",
    )
    results: tuple[Coverage, Demand | None, SitingPlan | None] | None = None
    if area is not None and current is not None:
        coverage, coverage_key, demand, plan = _results(current)
        key = _results_key(coverage_key, plan)
        results = (coverage, demand, plan)
        if section == "files":
            with _widgets.planner_errors():
                gis_section(area, coverage, plan)
            with _widgets.planner_errors():
                maps_section(area, coverage, plan, key)
        elif section == "report":
            with _widgets.planner_errors():
                _report(area, coverage, demand, plan, key)
    if section == "project":
        project_section(area, results)
        with _widgets.planner_errors():
            compare_section(current_project())


with _widgets.planner_errors():
    main()
