"""Page 6, report and export: GIS files, maps, the siting report, projects and scenarios.

Files are built in the private temporary folder of this browser session
(:func:`~app_pages._state.session_folder`, removed when the session ends) and
handed over with ``st.download_button``; nothing a session builds is visible to
another, and nothing is kept on the server (the interactive map, which may hold
the planner's Tianditu key, is built in memory and only downloaded). GIS layers
are written only when their download button is clicked (a deferred download).
The project lives in the session state under
:data:`~app_pages._state.PROJECT_KEY` and survives loading another study area;
opening a project file that cannot be read leaves it as it was.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from app_pages import _state, _tables, _widgets
from app_pages._labels import as_text, labeller, md_escape, tr
from app_pages._maps import map_options, site_layers
from app_pages._state import (
    COVERAGE_DEMAND_KEY,
    COVERAGE_ID_KEY,
    COVERAGE_KEY,
    PROJECT_KEY,
    SITING_COVERAGE_KEY,
    SITING_ID_KEY,
    SITING_INFO_KEY,
)
from app_pages._uploads import digest, saved_upload
from servicecircle import staticmaps, webmap
from servicecircle.coverage import Coverage
from servicecircle.demand import Demand
from servicecircle.errors import InputDataError
from servicecircle.export import export_layer, export_layers
from servicecircle.i18n import t
from servicecircle.memory import within_budget
from servicecircle.planning import SitingPlan
from servicecircle.project import (
    Project,
    Scenario,
    compare_scenarios,
    demand_changes,
    load_project,
    save_project,
    scenario_from_outputs,
    sites_changed,
)
from servicecircle.report import build_report
from servicecircle.results.folder import read_results, write_analysis, write_siting
from servicecircle.results.summary import coverage_summary, siting_summary
from servicecircle.sources.area import StudyArea

logger = logging.getLogger(__name__)

OUTPUTS_KEY = "report.outputs"  # (results key, folder) of the written analysis/siting outputs
BUILT_KEY = "report.built"  # {(what, results key, lang): {file name: bytes}}
PROJECT_VERSION_KEY = "project.version"  # bumped on every change of the project
PROJECT_SAVED_KEY = "project.saved"  # the version last downloaded

LAYERS = ("demand", "isochrones", "gaps", "units", "must_cover", "outlets", "chosen", "candidates")
FORMATS = ("gpkg", "geojson", "csv", "shp")
SUFFIX = {"gpkg": ".gpkg", "geojson": ".geojson", "csv": ".csv", "shp": ".shp.zip"}
MIME = {
    "gpkg": "application/geopackage+sqlite3",
    "geojson": "application/geo+json",
    "csv": "text/csv",
    "shp": "application/zip",
    "html": "text/html",
    "pdf": "application/pdf",
    "png": "image/png",
}
REPORT_FORMATS = ("html", "pdf")
SECTIONS = ("files", "report", "project")


# --------------------------------------------------------------------------- session results


def file_stem(text: str) -> str:
    """A safe file-name stem from a study-area or scenario name (keeps Chinese text)."""
    stem = re.sub(r"[^\w\-]+", "_", str(text), flags=re.UNICODE).strip("_")
    return stem[:60] or "servicecircle"


def _workdir() -> Path:
    """Where this session's analysis outputs are written (deleted with the session)."""
    folder = _state.session_folder() / "report"
    folder.mkdir(exist_ok=True)
    return folder


def _scratch(folder: Path, prefix: str) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder inside ``folder`` (a session folder captured earlier).

    Deferred downloads are built outside the script run, where the session
    state cannot be read; when the session has ended meanwhile, the system's
    temporary folder is used (the folder is removed right after either way).
    """
    return tempfile.TemporaryDirectory(prefix=prefix, dir=folder if folder.is_dir() else None)


def _results() -> tuple[Coverage, str, Demand | None, SitingPlan | None]:
    """Today's coverage, its key, its demand and the siting plan made for it (if any)."""
    coverage = st.session_state[COVERAGE_KEY]
    key = str(st.session_state.get(COVERAGE_ID_KEY, ""))
    demand = st.session_state.get(COVERAGE_DEMAND_KEY)
    plan = _state.current_plan()
    if plan is not None and st.session_state.get(SITING_COVERAGE_KEY) != key:
        st.caption(tr("report.plan_outdated"))
        plan = None
    return coverage, key, demand if isinstance(demand, Demand) else None, plan


def _results_key(coverage_key: str, plan: SitingPlan | None) -> str:
    siting_key = str(st.session_state.get(SITING_ID_KEY, "")) if plan is not None else "-"
    return digest(f"{coverage_key}|{siting_key}".encode())


def _outputs(
    area: StudyArea,
    coverage: Coverage,
    demand: Demand | None,
    plan: SitingPlan | None,
    key: str,
) -> Path:
    """The analysis (and siting) output folder of the current results, written once per key."""
    written = st.session_state.get(OUTPUTS_KEY)
    if isinstance(written, tuple) and written[0] == key and (written[1] / "summary.json").is_file():
        return Path(written[1])
    if demand is None:
        raise InputDataError(tr("report.need_rerun"))
    root = _workdir()
    for old in root.glob("run-*"):
        shutil.rmtree(old, ignore_errors=True)
    folder = root / f"run-{key[:12]}"
    folder.mkdir(parents=True, exist_ok=True)
    summary = coverage_summary(coverage, area=area, demand=demand, mode=coverage.settings.mode)
    write_analysis(coverage, summary, folder)
    if plan is not None:
        write_siting(plan, siting_summary(plan), folder)
    st.session_state[OUTPUTS_KEY] = (key, folder)
    return folder


def _built(what: str, key: str) -> dict[str, bytes]:
    cache = st.session_state.get(BUILT_KEY)
    if not isinstance(cache, dict):
        return {}
    found = cache.get((what, key))
    return found if isinstance(found, dict) else {}


def _keep_built(what: str, key: str, files: dict[str, bytes]) -> None:
    cache = st.session_state.get(BUILT_KEY)
    cache = {k: v for k, v in cache.items() if k[0] != what} if isinstance(cache, dict) else {}
    cache[(what, key)] = files
    st.session_state[BUILT_KEY] = cache


# --------------------------------------------------------------------------- GIS files


def result_layers(coverage: Coverage, plan: SitingPlan | None) -> dict[str, gpd.GeoDataFrame]:
    """The result layers that can be exported, by name (only those present)."""
    layers: dict[str, gpd.GeoDataFrame] = {
        "demand": coverage.demand.reset_index(),
        "isochrones": coverage.isochrones,
        "gaps": coverage.gaps,
        "units": coverage.units,
        "must_cover": coverage.must_cover,
        "outlets": coverage.outlets.reset_index(drop=True),
    }
    if plan is not None:
        layers["chosen"] = plan.chosen
        layers["candidates"] = plan.candidates
    return {name: frame for name, frame in layers.items() if frame is not None and len(frame)}


def layer_file(frame: gpd.GeoDataFrame, layer: str, fmt: str) -> Callable[[], bytes]:
    """A deferred download: writes ``frame`` as ``fmt`` when the button is clicked."""
    scratch = _state.session_folder()

    def build() -> bytes:
        with _scratch(scratch, "export-") as folder:
            path = Path(folder) / f"{layer}{SUFFIX[fmt]}"
            export_layer(frame, path, format=fmt, layer=layer)
            return path.read_bytes()

    return build


def layers_file(layers: Mapping[str, gpd.GeoDataFrame]) -> Callable[[], bytes]:
    """A deferred download: every layer in one GeoPackage."""
    scratch = _state.session_folder()

    def build() -> bytes:
        with _scratch(scratch, "export-") as folder:
            path = Path(folder) / "servicecircle.gpkg"
            export_layers(layers, path)
            return path.read_bytes()

    return build


def _gis_files(area: StudyArea, coverage: Coverage, plan: SitingPlan | None) -> None:
    st.subheader(tr("report.gis"))
    st.caption(tr("report.gis_help"))
    layers = result_layers(coverage, plan)
    stem = file_stem(area.name)
    left, right = st.columns(2)
    with left:
        layer = _widgets.kept(
            st.selectbox,
            tr("report.layer"),
            default=next(iter(layers)),
            options=list(layers),
            format_func=labeller("report.layer."),
            key="report.layer",
        )
        fmt = _widgets.kept(
            st.radio,
            tr("report.format"),
            default=FORMATS[0],
            options=list(FORMATS),
            format_func=labeller("report.format."),
            key="report.format",
            horizontal=True,
        )
        name = str(layer)
        st.caption(tr("report.features", count=len(layers[name])))
        st.download_button(
            tr("report.download_layer"),
            data=layer_file(layers[name], name, str(fmt)),
            file_name=f"{stem}_{name}{SUFFIX[str(fmt)]}",
            mime=MIME[str(fmt)],
            key="report.download_layer",
            on_click="ignore",
            icon=":material/download:",
        )
    with right:
        st.caption(tr("report.all_layers_help", count=len(layers)))
        st.download_button(
            tr("report.download_all"),
            data=layers_file(layers),
            file_name=f"{stem}_servicecircle.gpkg",
            mime=MIME["gpkg"],
            key="report.download_all",
            on_click="ignore",
            icon=":material/download:",
        )


# --------------------------------------------------------------------------- maps


def _maps(area: StudyArea, coverage: Coverage, plan: SitingPlan | None, key: str) -> None:
    st.subheader(tr("report.maps"))
    stem = file_stem(area.name)
    lang = _state.lang()
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{tr('report.map_html')}**")
        st.caption(tr("report.map_html_help"))
        built_key = f"{key}|{lang}|{st.session_state.get('basemap', 'none')}"
        if st.button(tr("report.map_html_build"), key="report.map_html_build"):
            # Built in memory and only downloaded: with a Tianditu basemap the
            # page holds the planner's key, which must not stay on the server.
            layers = site_layers(area, coverage, plan)
            m = webmap.compose_map(layers, bounds=area.bounds, **map_options())
            html = webmap.map_to_standalone_html(m)
            _keep_built("map_html", built_key, {f"{stem}_map.html": html.encode("utf-8")})
        for name, data in _built("map_html", built_key).items():
            st.download_button(
                tr("report.download_map_html"),
                data=data,
                file_name=name,
                mime=MIME["html"],
                key="report.download_map_html",
                on_click="ignore",
                icon=":material/download:",
            )
    with right:
        st.markdown(f"**{tr('report.map_png')}**")
        st.caption(tr("report.map_png_help"))
        png_key = f"{key}|{lang}"
        if st.button(tr("report.map_png_build"), key="report.map_png_build"):
            figure = staticmaps.coverage_map(
                coverage.demand,
                isochrones=coverage.isochrones,
                outlets=coverage.outlets,
                chosen=plan.chosen if plan is not None and len(plan.chosen) else None,
                units=coverage.units,
                lang=lang,
            )
            _keep_built("map_png", png_key, {f"{stem}_map.png": staticmaps.figure_png(figure)})
        for name, data in _built("map_png", png_key).items():
            st.image(data)
            st.download_button(
                tr("report.download_map_png"),
                data=data,
                file_name=name,
                mime=MIME["png"],
                key="report.download_map_png",
                on_click="ignore",
                icon=":material/download:",
            )


# --------------------------------------------------------------------------- report


def _report(
    area: StudyArea,
    coverage: Coverage,
    demand: Demand | None,
    plan: SitingPlan | None,
    key: str,
) -> None:
    st.subheader(tr("report.report"))
    st.caption(tr("report.report_help"))
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
    built_key = f"{key}|{report_lang}"
    if st.button(
        tr("report.report_build"), key="report.report_build", type="primary", disabled=not formats
    ):
        folder = _outputs(area, coverage, demand, plan, key)
        bar, progress = _widgets.progress_bar(tr("report.report_building"))
        try:
            paths = within_budget(
                lambda: build_report(
                    read_results(folder),
                    folder,
                    lang=str(report_lang),
                    formats=tuple(formats),
                    progress=progress,
                ),
                what="Building the report",
            )
        finally:
            bar.empty()
        stem = file_stem(area.name)
        _keep_built(
            "report",
            built_key,
            {f"{stem}_{path.name}": path.read_bytes() for path in paths},
        )
    for i, (name, data) in enumerate(_built("report", built_key).items()):
        fmt = name.rsplit(".", 1)[-1]
        st.download_button(
            tr("report.download_report", format=tr(f"report.format.{fmt}")),
            data=data,
            file_name=name,
            mime=MIME.get(fmt, "application/octet-stream"),
            key=f"report.download_report.{i}",
            on_click="ignore",
            icon=":material/download:",
        )


# --------------------------------------------------------------------------- project


def current_project() -> Project | None:
    """This session's project, if one was started or opened."""
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


def project_file(project: Project) -> Callable[[], bytes]:
    """A deferred download: the project as one GeoPackage (saved atomically)."""
    scratch = _state.session_folder()

    def build() -> bytes:
        with _scratch(scratch, "project-") as folder:
            path = Path(folder) / "project.gpkg"
            save_project(project, path)
            return path.read_bytes()

    return build


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


def _save_scenario(
    area: StudyArea,
    coverage: Coverage,
    demand: Demand | None,
    plan: SitingPlan | None,
    key: str,
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
        folder = _outputs(area, coverage, demand, plan, key)
        scenario = scenario_from_outputs(
            folder, name=name.strip(), parameters=_parameters(coverage)
        )
        if project is None:
            project = Project(
                name=area.name,
                settings={
                    "area": area.name,
                    "source": area.source,
                    "mode": coverage.settings.mode,
                    "minutes": [float(b) for b in coverage.settings.breaks],
                },
                layers={"boundaries": area.boundaries} if len(area.boundaries) else {},
            )
        _set_project(project.with_scenario(scenario))
        st.success(tr("report.scenario_saved", name=md_escape(scenario.name)))


def _scenario_table(project: Project) -> None:
    rows = []
    for scenario in project.scenarios:
        analysis = scenario.summary.get("analysis", {}) or {}
        shares = analysis.get("coverage_share", {}) or {}
        largest = list(shares)[-1] if shares else None
        plan = scenario.summary.get("siting", {}) or {}
        rows.append(
            {
                tr("report.scenario"): scenario.name,
                tr("report.outlets"): analysis.get("n_outlets"),
                tr("report.new_sites"): len(plan.get("chosen", []) or []),
                tr("report.share_today"): (
                    f"{shares[largest]:.1%} ({largest} {tr('field.minutes')})"
                    if largest is not None and shares[largest] is not None
                    else ""
                ),
                tr("report.share_plan"): (
                    f"{plan['share_after']:.1%}" if plan.get("share_after") is not None else ""
                ),
            }
        )
    _tables.show_table(pd.DataFrame(rows))


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
    if (
        st.button(
            tr("report.project_open"),
            key="report.project_open",
            disabled=upload is None or not confirmed,
        )
        and upload is not None
    ):
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
            tr(
                "report.project_opened",
                name=md_escape(project.name),
                count=len(project.scenarios),
            )
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


def _project(area: StudyArea | None, results: tuple[Any, ...] | None) -> None:
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
    st.markdown(
        f"**{tr('report.project_name', name=md_escape(project.name))}** · "
        + tr("report.scenario_count", count=len(project.scenarios))
    )
    if project.scenarios:
        _scenario_table(project)
    if _unsaved():
        st.caption(tr("report.project_unsaved_hint"))
    st.download_button(
        tr("report.project_download"),
        data=project_file(project),
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
    plan = scenario.summary.get("siting") or {}
    before, after = plan.get("share_before"), plan.get("share_after")
    if before is None or after is None:
        return ""
    return tr("report.plan_share", before=before, after=after, count=len(plan.get("chosen") or []))


def _compare(project: Project | None) -> None:
    st.subheader(tr("report.compare"))
    if project is None or len(project.scenarios) < 2:
        st.info(tr("report.compare_need"))
        return
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
    table = compare_scenarios(a, b, minutes=[float(minutes)])
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
    _compare_table(table, a.name, b.name)
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
        demand = demand_changes(a, b, minutes=float(minutes))
        figure = staticmaps.change_map(
            demand,
            sites=changes,
            units=a.layers.get("units"),
            minutes=float(minutes),
            lang=_state.lang(),
        )
        column, _ = st.columns([3, 2])
        column.image(staticmaps.figure_png(figure), caption=tr("report.change_map"))


# --------------------------------------------------------------------------- page


def main() -> None:
    """Draw the page."""
    st.header(tr("report.header"))
    st.write(tr("report.intro"))
    area = _widgets.require_area()
    coverage_ready = area is not None and isinstance(st.session_state.get(COVERAGE_KEY), Coverage)
    if area is not None and not coverage_ready:
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
    results: tuple[Any, ...] | None = None
    if area is not None and coverage_ready:
        coverage, coverage_key, demand, plan = _results()
        key = _results_key(coverage_key, plan)
        results = (coverage, demand, plan, key)
        if section == "files":
            with _widgets.planner_errors():
                _gis_files(area, coverage, plan)
            with _widgets.planner_errors():
                _maps(area, coverage, plan, key)
        elif section == "report":
            with _widgets.planner_errors():
                _report(area, coverage, demand, plan, key)
    if section == "project":
        _project(area, results)
        with _widgets.planner_errors():
            _compare(current_project())


with _widgets.planner_errors():
    main()
