"""Page 1, study area: the sample, an extract on the server, an uploaded OSM extract, a place.

The session opens on the sample (:func:`app_pages._start.open_on_sample`); the
extracts the administrator listed (:mod:`servicecircle.inputs.extracts`) are
offered by name only; the study area's name is edited here.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import streamlit as st
from shapely.geometry.base import BaseGeometry

from app_pages import _cache, _coordinates, _maps, _start, _tables, _widgets, units_view
from app_pages._labels import as_text, md_escape, tr
from app_pages._state import current_area, current_boundary, lang, loaded_area, set_area
from app_pages._uploads import Upload, digest, saved_upload
from servicecircle._progress import Progress
from servicecircle.errors import OfflineError
from servicecircle.i18n.message import say
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.extracts import Extract, configured_extracts, extract_named
from servicecircle.inputs.naming import named
from servicecircle.maps import web as webmap

SOURCES = ("sample", "extract", "upload", "place")
EXTRACT_KEY = "study.extract"  # the name of the chosen extract on the server
OSM_SUFFIXES = ["pbf", "osm", "xml", "bz2", "gz"]
BOUNDARY_SUFFIXES = ["geojson", "json", "gpkg", "zip", "csv"]
BOUNDARY_LAYER_KEY = "study.boundary.layer"  # the layer chosen in a boundary file with several


def _load() -> None:
    """Load the chosen study area into this session (on the Load button)."""
    source = st.session_state.get("study.source", "sample")
    upload = st.session_state.get("study.upload")
    place = str(st.session_state.get("study.place", "") or "").strip()
    if source == "upload" and upload is None:
        st.warning(tr("study.need_upload"))
        return
    if source == "place" and not place:
        st.warning(tr("study.need_place"))
        return
    extract = None
    if source == "extract":
        chosen = st.session_state.get(EXTRACT_KEY)
        if not chosen:
            st.warning(tr("study.need_extract"))
            return
        extract = extract_named(str(chosen))  # by a listed name only, never a path

    chosen_boundary = _boundary()
    if chosen_boundary is None:
        return
    boundary_key, boundary, outline_name = chosen_boundary

    bar, progress = _widgets.progress_bar(tr("study.loading"))
    try:
        if upload is not None and source == "upload":
            area = _uploaded_area(upload, boundary_key, boundary, progress)
        elif extract is not None:
            area = _cache.load_study_area(
                _extract_key(extract),
                extract.source,
                boundary_key=boundary_key,
                boundary=boundary,
                progress=progress,
            )
        else:
            key = spec = "sample" if source == "sample" else f"place:{place}"
            try:
                area = _cache.load_study_area(
                    key, spec, boundary_key=boundary_key, boundary=boundary, progress=progress
                )
            except OfflineError as error:
                st.error(tr("study.place_offline"))
                st.caption(as_text(error))
                return
    finally:
        bar.empty()
    if outline_name:  # the boundary's own name (名称) names the area cut to it
        area = dataclasses.replace(area, name=outline_name)
    set_area(area, boundary=boundary)
    st.session_state.pop(_start.NAME_KEY, None)  # the name field shows the new area's name
    st.success(tr("study.loaded", name=md_escape(_start.area_name(area))))


def _boundary() -> tuple[str, BaseGeometry | None, str] | None:
    """The boundary upload's content key, polygon and name (``"", None, ""`` without one).

    None, with a note, while a layer of a file holding several is still to choose.
    """
    upload = st.session_state.get("study.boundary")
    if upload is None:
        return "", None, ""
    layers = _cache.upload_layers(upload)
    layer = st.session_state.get(BOUNDARY_LAYER_KEY) if len(layers) > 1 else None
    if len(layers) > 1 and layer not in layers:
        st.warning(tr("common.upload_layer_needed"))
        return None
    key, polygon = _cache.load_boundary(upload, layer, _coordinates.chosen_crs("study.boundary"))
    return key, polygon, _start.outline_name(upload, layer)


def _uploaded_area(
    upload: Upload, boundary_key: str, boundary: BaseGeometry | None, progress: Progress
) -> StudyArea:
    """The study area of an uploaded OSM file, named after the file (or its boundaries)."""
    # Areas are shared between sessions by content; the file name is part of the
    # key because the area is named after it (another planner's file name is
    # never shown), and the source names the file, not where this session kept
    # it on the server.
    name = Path(str(upload.name)).name
    key = f"file:{digest(upload.getvalue())}:{digest(name.encode())}"
    with saved_upload(upload) as path:
        area = _cache.load_study_area(
            key, str(path), boundary_key=boundary_key, boundary=boundary, progress=progress
        )
    kind = area.source.split(":", 1)[0]
    return named(dataclasses.replace(area, source=f"{kind}:{name}", name=""))


def _extract_key(extract: Extract) -> str:
    """The cache key of a listed extract: its name and its file's size and time (not its path)."""
    stat = extract.path.stat()
    return f"extract:{digest(extract.name.encode())}:{stat.st_size}:{stat.st_mtime_ns}"


def _sources() -> list[str]:
    """The sources offered: the extracts on the server only when the administrator listed some."""
    with _widgets.planner_errors():
        if configured_extracts():
            return list(SOURCES)
    return [source for source in SOURCES if source != "extract"]


def _extract_choice() -> None:
    """The extracts on the server, by name (a choice among the listed names, never a path)."""
    with _widgets.planner_errors():
        names = [extract.name for extract in configured_extracts()]
        if not names:
            st.info(tr("study.no_extracts"))
            return
        _widgets.kept(
            st.selectbox,
            tr("study.extract"),
            default=names[0],
            options=names,
            key=EXTRACT_KEY,
            help=tr("study.extract_help"),
        )


def _counts(area: StudyArea) -> None:
    summary = area.summary()
    st.subheader(tr("study.counts"))
    rows = [
        (tr("layer.nodes"), summary["nodes"]),
        (tr("layer.edges"), summary["edges"]),
        (tr("layer.buildings"), summary["buildings"]),
        (tr("layer.landuse"), summary["landuse"]),
        (tr("layer.premises"), summary["premises"]),
        (tr("layer.boundaries"), summary["boundaries"]),
    ]
    _tables.show_table(pd.DataFrame(rows, columns=[tr("study.layer"), tr("study.count")]))
    landuse = summary["landuse_by_class"]
    if landuse:
        with st.expander(tr("study.landuse_classes")):
            frame = pd.DataFrame(
                [
                    (f"landuse={name}", tr(f"landuse.{webmap.landuse_group(name)}"), count)
                    for name, count in landuse.items()
                ],
                columns=[tr("study.osm_tag"), tr("study.class"), tr("study.count")],
            )
            _tables.show_table(frame)
    premises = summary["premises_by_kind"]
    if premises:
        with st.expander(tr("study.premises_kinds")):
            frame = pd.DataFrame(
                [(tr(f"premise.{kind}"), count) for kind, count in premises.items()],
                columns=[tr("field.kind"), tr("study.count")],
            )
            _tables.show_table(frame)
    if area.notes:  # the area's own notes (messages), not the summary's English text
        with st.expander(tr("study.notes")):
            for note in area.notes:
                st.text(say(note, lang()))


def _map(area: StudyArea) -> None:
    """The study area's map: a Leaflet page without folium (this page opens the app)."""
    st.subheader(tr("study.map"))
    page = _maps.study_area_page(area, current_boundary())
    _widgets.show_leaflet_page(page, title=tr("study.map"))


def main() -> None:
    """Draw the page."""
    st.header(tr("study.header"))
    st.write(tr("study.intro"))
    left, right = st.columns([2, 3])
    with left:
        source = _widgets.kept_choice(st.radio, "study.source", _sources(), default="sample")
        if source == "extract":
            _extract_choice()
        elif source == "upload":
            st.file_uploader(
                tr("study.upload"),
                type=OSM_SUFFIXES,
                key="study.upload",
                help=tr("study.upload_help"),
            )
        elif source == "place":
            _widgets.kept(
                st.text_input,
                tr("study.place"),
                default="",
                key="study.place",
                help=tr("study.place_help"),
            )
        boundary = st.file_uploader(
            tr("study.boundary"),
            type=BOUNDARY_SUFFIXES,
            key="study.boundary",
            help=tr("study.boundary_help"),
        )
        layers = _cache.upload_layers(boundary) if boundary is not None else []
        if boundary is not None and len(layers) > 1:
            _widgets.layer_choice(boundary, layers, key=BOUNDARY_LAYER_KEY)
        if boundary is not None:
            _coordinates.crs_choice("study.boundary")
        if st.button(tr("study.load"), type="primary", key="study.load"):
            with _widgets.planner_errors():
                _load()
    loaded = loaded_area()
    if loaded is None:
        with right:
            st.info(tr("app.no_area"))
        return
    with left:
        _start.name_field(current_area() or loaded)
        if loaded.source == "sample":
            st.caption(tr("study.sample_ready"))
        counts = st.container()  # first on the page, filled once the units are in use
        with _widgets.planner_errors():
            units_view.inputs(loaded)
    area = current_area() or loaded
    with counts:
        _counts(area)
    with right, _widgets.planner_errors():
        _map(area)
    with _widgets.planner_errors():
        units_view.drawing(loaded)


with _widgets.planner_errors():
    main()
