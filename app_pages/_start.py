"""How a session starts, and the study area's name and title on every page.

A new session opens on the embedded sample, ready to compute (the README's
promise): :func:`open_on_sample` loads it once per session (the area is
cached and shared between sessions, so only the first session of the server
process reads it), and the planner switches source on the study-area page.
:func:`area_title` names the study area at the top of every page and in the
browser's tab.
"""

from __future__ import annotations

import streamlit as st

from app_pages import _cache, _widgets
from app_pages._labels import md_escape, tr
from app_pages._state import current_area, lang, set_area, set_area_name
from app_pages._uploads import KeptUpload, Upload, saved_upload
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.naming import MAX_NAME_CHARS, clean_name, name_of_outline, shown_name

SAMPLE_TRIED_KEY = "area.sample_tried"
"""Session key set once the sample was loaded (or tried) at the session's start."""

SAMPLE_SPEC = "sample"
"""The study-area source of the embedded sample (its content key, too)."""


def open_on_sample() -> None:
    """Load the embedded sample when the session has no study area yet (once per session).

    A failure (the sample missing from the install, the memory budget) is said
    once, and the planner loads an area on the study-area page.
    """
    if current_area() is not None or st.session_state.get(SAMPLE_TRIED_KEY):
        return
    st.session_state[SAMPLE_TRIED_KEY] = True
    with _widgets.planner_errors(), st.spinner(tr("study.loading")):
        set_area(_cache.load_study_area(SAMPLE_SPEC, SAMPLE_SPEC))


def area_name(area: StudyArea) -> str:
    """The study area's name as this session's language says it (escaping is the caller's)."""
    return shown_name(area.name, lang())


NAME_KEY = "study.name"
"""Key of the study-area page's name field."""


def rename_area() -> None:
    """The name field's change: call the study area what the planner typed (cleaned).

    An empty field gives the area its own name back. Only the name changes:
    the area keeps its layers and content key, so every result computed for
    it stays.
    """
    set_area_name(clean_name(st.session_state.get(NAME_KEY)) or None)
    st.session_state.pop(NAME_KEY, None)  # the field shows the name in use next time


def name_field(area: StudyArea) -> None:
    """The study area's name, editable (shown as text, kept in the session and the project)."""
    st.text_input(
        tr("study.name"),
        value=area_name(area),
        key=NAME_KEY,
        max_chars=MAX_NAME_CHARS,
        on_change=rename_area,
        help=tr("study.name_help"),
    )


def outline_name(upload: Upload, layer: str | None) -> str:
    """The name a boundary upload gives the area cut to it (its name column), or ``""``."""
    return _outline_name(str(upload.name), upload.getvalue(), layer)


@st.cache_data(max_entries=16, show_spinner=False)
def _outline_name(file_name: str, data: bytes, layer: str | None) -> str:
    from servicecircle.inputs.files.read import read_layer

    with saved_upload(KeptUpload(name=file_name, data=data)) as path:
        frame = read_layer(path, layer=layer, geometry="polygon").frame
    return name_of_outline(frame) or ""


def area_title(slot: object | None = None) -> None:
    """Name the study area at the top of the page (in ``slot``) and in the browser's tab."""
    area = current_area()
    if area is None:
        return
    name = area_name(area)
    target = slot if slot is not None else st
    target.caption(tr("app.area_title", name=md_escape(name)))  # type: ignore[attr-defined]
    st.set_page_config(page_title=f"{name} · {tr('app.title')}")
