"""The coordinate system of every uploaded layer, and the GCJ-02/BD-09 offset warning.

:func:`crs_choice` draws the choice next to an uploader (a selectbox, plus a
number for a Gauss-Kruger zone's central meridian or a projected system's
EPSG code; never free text) and gives the system as a name
:func:`~servicecircle.inputs.crs.resolve_crs` takes, or None for "detect".
:func:`~app_pages._widgets.kept_upload` puts it in the upload, so it is part
of the upload's cache key. :func:`checked_layer` reads an upload and, when
its coordinates were taken as WGS-84 but fit the study area's roads once
converted from GCJ-02 or BD-09
(:func:`~servicecircle.inputs.offset_check.layer_offset`), warns in the
session's language with a button that switches the layer's choice to that
system (the layer is then read again, converted).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

import geopandas as gpd
import streamlit as st

from app_pages import _cache
from app_pages._labels import as_text, tr
from app_pages._state import KEPT_PREFIX, current_area, lang
from app_pages._uploads import KeptUpload
from app_pages._widgets import NumberInput, kept_choice, kept_number
from servicecircle.i18n import t
from servicecircle.inputs.files.read import LoadedLayer

SYSTEMS: Final = ("auto", "wgs84", "gcj02", "bd09", "cgcs2000", "gk3", "gk6", "epsg")
"""The choices, in the order shown (labels ``coords.choice.<name>``)."""

CHECKED: Final = (None, "wgs84")
"""The choices under which an upload is checked for a GCJ-02/BD-09 offset."""

DEFAULT_EPSG: Final = 4549  # CGCS2000 3-degree Gauss-Kruger CM 120E (Nanjing, Shanghai)


_MERIDIAN_INPUT: Final = NumberInput(
    "coords.meridian", 0, 0, 180, 1, help="coords.meridian_help", label="coords.meridian"
)
_EPSG_INPUT: Final = NumberInput(
    "coords.epsg", DEFAULT_EPSG, 1024, 32767, 1, help="coords.epsg_help", label="coords.epsg"
)


def crs_choice(upload_key: str) -> str | None:
    """Draw the coordinate-system choice of the uploader ``upload_key``; its system.

    Returns None for "detect" (the file's own system, else WGS-84, checked for
    an offset), else a :func:`~servicecircle.inputs.crs.resolve_crs` name:
    ``"wgs84"``, ``"gcj02"``, ``"bd09"``, ``"cgcs2000"``,
    ``"cgcs2000-gk3:117"`` (``"cgcs2000-gk3"`` when the zone is read from
    the eastings' prefix) or ``"EPSG:4549"``.
    """
    key = f"{upload_key}.crs"
    choice = kept_choice(
        st.selectbox,
        key,
        SYSTEMS,
        default="auto",
        labels="coords.choice.",
        help="coords.choice_help",
        label="coords.choice",
    )
    if choice in ("gk3", "gk6"):
        kept_number(replace(_MERIDIAN_INPUT, key=f"{key}.meridian"))
    elif choice == "epsg":
        kept_number(replace(_EPSG_INPUT, key=f"{key}.epsg"))
    return chosen_crs(upload_key)


def chosen_crs(upload_key: str) -> str | None:
    """The system chosen with :func:`crs_choice` for ``upload_key`` (None: detect).

    Read from the session, so a button's callback can use it before the page
    is drawn again.
    """
    key = f"{upload_key}.crs"
    choice = st.session_state.get(key, st.session_state.get(KEPT_PREFIX + key, "auto"))
    if choice in ("gk3", "gk6"):
        meridian = int(st.session_state.get(f"{key}.meridian", _MERIDIAN_INPUT.default))
        width = choice[2]
        return f"cgcs2000-gk{width}:{meridian}" if meridian else f"cgcs2000-gk{width}"
    if choice == "epsg":
        return f"EPSG:{int(st.session_state.get(f'{key}.epsg', _EPSG_INPUT.default))}"
    return None if choice not in SYSTEMS or choice == "auto" else str(choice)


def _switch(upload_key: str, system: str) -> None:
    """Set the uploader's choice to ``system`` (a button's callback, before the rerun)."""
    key = f"{upload_key}.crs"
    st.session_state[key] = system
    st.session_state[KEPT_PREFIX + key] = system


def checked_layer(
    upload: KeptUpload,
    *,
    geometry: str,
    study_bounds: tuple[float, float, float, float] | None,
    sites: bool = False,
) -> LoadedLayer:
    """Read an upload (:func:`app_pages._cache.uploaded_layer`) and warn about an offset.

    Same parameters as :func:`app_pages._cache.uploaded_layer`. When the
    upload was read as WGS-84 (the choice is "detect" or WGS-84) and its
    coordinates fit the study area's roads once converted from GCJ-02 or
    BD-09, a warning says so, with a button that switches the uploader's
    choice to that system. A layer converted from GCJ-02 or BD-09 says so.

    Raises
    ------
    InputDataError
        When the file cannot be read (see :func:`~servicecircle.inputs.files.read.read_layer`).
    """
    loaded = _cache.uploaded_layer(
        upload, geometry=geometry, study_bounds=study_bounds, sites=sites
    )
    warn_offset(upload, loaded.frame)
    return loaded


def warn_offset(upload: KeptUpload, frame: gpd.GeoDataFrame) -> None:
    """Say that ``upload`` was converted from GCJ-02/BD-09, or warn that it should be.

    ``frame`` is the upload as read (points, or polygons such as buildings
    and census units, whose outlines are checked). The warning comes with a
    button that switches the uploader's choice to the system it fits.
    """
    if upload.crs in ("gcj02", "bd09"):
        system = t(f"msg.inputs.offset_system.{upload.crs}", lang())
        st.caption(tr("coords.switched", system=system))
    area = current_area()
    if upload.crs not in CHECKED or area is None or not upload.widget or len(frame) == 0:
        return
    finding = _cache.offset_finding(frame, area)
    if finding is not None:
        st.warning(as_text(finding.message))
        st.button(
            tr("coords.switch", system=t(f"msg.inputs.offset_system.{finding.system}", lang())),
            key=f"{upload.widget}.crs_switch",
            on_click=_switch,
            args=(upload.widget, finding.system),
        )
