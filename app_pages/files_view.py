"""The report page's files section: GIS layers and maps to download.

GIS layers are written only when their download button is clicked (a deferred
download); the interactive map, which may hold the planner's Tianditu key, is
built in memory and only downloaded.
"""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from app_pages import _state, _widgets
from app_pages._downloads import MIME, built, deferred, download_button, file_stem, keep_built
from app_pages._labels import labeller, tr
from app_pages._maps import map_options, site_layers
from app_pages._start import area_name
from servicecircle.coverage import Coverage
from servicecircle.errors import InputDataError
from servicecircle.i18n import t
from servicecircle.inputs.area import StudyArea
from servicecircle.maps import static as staticmaps
from servicecircle.maps import web as webmap
from servicecircle.planning.plan import SitingPlan
from servicecircle.report.outputs_map import with_page_title
from servicecircle.results.export import SUFFIXES, export_layer, export_layers
from servicecircle.results.folder import analysis_layers, siting_layers
from servicecircle.results.output_crs import output_crs

# The map layers of ANALYSIS_LAYERS and SITING_LAYERS offered for download, in the order shown.
EXPORTED = (
    "demand",
    "isochrones",
    "gaps",
    "units",
    "must_cover",
    "outlets",
    "chosen",
    "chosen_areas",
    "candidates",
)
FORMATS = ("gpkg", "geojson", "csv", "xlsx", "shp")
SUFFIX = SUFFIXES
#: Coordinate systems offered (``gk`` only where a Chinese Gauss-Kruger zone fits the area).
SYSTEMS = ("wgs84", "cgcs2000", "gk")


# --------------------------------------------------------------------------- GIS files


#: The all-layer downloads: format, help and button texts, widget key.
_ALL_LAYER_FILES = (
    ("gpkg", "report.all_layers_help", "report.download_all", "report.download_all"),
    ("xlsx", "export.ui.all_xlsx_help", "export.ui.download_all_xlsx", "report.download_all_xlsx"),
)


def result_layers(coverage: Coverage, plan: SitingPlan | None) -> dict[str, gpd.GeoDataFrame]:
    """The result layers that can be exported, by name (only those present).

    They are the map layers of :data:`~servicecircle.results.folder.ANALYSIS_LAYERS`
    and :data:`~servicecircle.results.folder.SITING_LAYERS` that the page offers,
    in the order of :data:`EXPORTED`, as ``analyze`` / ``site`` write them.
    """
    frames = analysis_layers(coverage) | (siting_layers(plan) if plan is not None else {})
    layers = {name: frames.get(name) for name in EXPORTED}
    return {
        name: frame
        for name, frame in layers.items()
        if isinstance(frame, gpd.GeoDataFrame) and len(frame)
    }


def _systems(area: StudyArea) -> list[str]:
    """The coordinate systems offered for ``area`` (no Gauss-Kruger zone outside China)."""
    offered = []
    for system in SYSTEMS:
        try:
            output_crs(system, area.bounds)
        except InputDataError:
            continue
        offered.append(system)
    return offered


def _layer_download(
    layers: dict[str, gpd.GeoDataFrame], *, stem: str, title: str, system: str, lang: str
) -> None:
    """The chosen layer in the chosen format, written when its button is clicked."""
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
    download_button(
        tr("report.download_layer"),
        data=deferred(
            f"{name}{SUFFIX[str(fmt)]}",
            lambda path: export_layer(
                layers[name],
                path,
                format=str(fmt),
                layer=name,
                title=title,
                crs=system,
                fields=lang,
            ),
        ),
        file_name=f"{stem}_{name}{SUFFIX[str(fmt)]}",
        mime=MIME[str(fmt)],
        key="report.download_layer",
    )


def gis_section(area: StudyArea, coverage: Coverage, plan: SitingPlan | None) -> None:
    """One result layer in the format chosen, or every layer in one GeoPackage or workbook.

    The files are written by :mod:`servicecircle.results.export`, as
    ``servicecircle export`` writes them: field names and values in the
    session's language, in the coordinate system chosen.
    """
    st.subheader(tr("report.gis"))
    st.caption(tr("report.gis_help"))
    layers = result_layers(coverage, plan)
    stem = file_stem(area.name)
    title = area_name(area)  # each GeoPackage layer is described by the study area's name
    lang = _state.lang()
    system = str(
        _widgets.kept(
            st.selectbox,
            tr("export.ui.crs"),
            default=SYSTEMS[0],
            options=_systems(area),
            format_func=labeller("export.ui.crs."),
            key="report.crs",
        )
    )
    left, right = st.columns(2)
    with left:
        _layer_download(layers, stem=stem, title=title, system=system, lang=lang)
    with right:
        # every layer in one file: the GeoPackage, and the workbook of `servicecircle export`
        # (a sheet per layer and the fields)
        for fmt, help_key, label_key, key in _ALL_LAYER_FILES:
            st.caption(tr(help_key, count=len(layers)))
            download_button(
                tr(label_key),
                data=deferred(
                    f"servicecircle.{fmt}",
                    lambda path: export_layers(layers, path, title=title, crs=system, fields=lang),
                ),
                file_name=f"{stem}_servicecircle.{fmt}",
                mime=MIME[fmt],
                key=key,
            )


# --------------------------------------------------------------------------- maps


def maps_section(area: StudyArea, coverage: Coverage, plan: SitingPlan | None, key: str) -> None:
    """The interactive map (HTML) and the static map (PNG), each built on request."""
    st.subheader(tr("report.maps"))
    stem = file_stem(area.name)
    lang = _state.lang()
    name = area_name(area)  # leads every map's title
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{tr('report.map_html')}**")
        st.caption(tr("report.map_html_help"))
        built_key = f"{key}|{lang}|{st.session_state.get('basemap', 'none')}|{name}"
        if st.button(tr("report.map_html_build"), key="report.map_html_build"):
            # Built in memory and only downloaded: with a Tianditu basemap the
            # page holds the planner's key, which must not stay on the server.
            layers = site_layers(area, coverage, plan)
            m = webmap.compose_map(layers, bounds=area.bounds, **map_options())
            report_title = t("report.report.title", lang)
            with_page_title(m, t("report.titled", lang, area=name, title=report_title))
            html = webmap.map_to_standalone_html(m)
            keep_built("map_html", built_key, {f"{stem}_map.html": html.encode("utf-8")})
        for file_name, data in built("map_html", built_key).items():
            download_button(
                tr("report.download_map_html"),
                data=data,
                file_name=file_name,
                mime=MIME["html"],
                key="report.download_map_html",
            )
    with right:
        st.markdown(f"**{tr('report.map_png')}**")
        st.caption(tr("report.map_png_help"))
        png_key = f"{key}|{lang}|{name}"
        if st.button(tr("report.map_png_build"), key="report.map_png_build"):
            figure = staticmaps.coverage_map(
                coverage.demand,
                isochrones=coverage.isochrones,
                outlets=coverage.outlets,
                chosen=plan.chosen if plan is not None and len(plan.chosen) else None,
                units=coverage.units,
                lang=lang,
                title=t("report.map_title", lang, area=name, title=_coverage_title(coverage, lang)),
            )
            keep_built("map_png", png_key, {f"{stem}_map.png": staticmaps.figure_png(figure)})
        for file_name, data in built("map_png", png_key).items():
            st.image(data)
            download_button(
                tr("report.download_map_png"),
                data=data,
                file_name=file_name,
                mime=MIME["png"],
                key="report.download_map_png",
            )


def _coverage_title(coverage: Coverage, lang: str) -> str:
    """The static map's own title: coverage within the longest time measured."""
    return t("map.coverage_title", lang, minutes=f"{max(coverage.settings.breaks):g}")
