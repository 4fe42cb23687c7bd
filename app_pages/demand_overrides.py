"""Demand page: the planner's word on which buildings hold residents.

A planner who knows that a building is a mall, or that a campus block is a
dormitory, says so in one of three ways; each wins over the evidence of the
map (:mod:`servicecircle.demand.evidence`):

* by OSM id, typed (ids the building table shows);
* by areas drawn on the demand map (the page's draw-and-keep flow, as
  "holds residents" / "holds no residents");
* by an uploaded area layer: all its areas marked one way, or each by its
  ``residential`` column (yes/no, 是/否).

Ids go into :class:`~servicecircle.demand.DemandSettings`; areas into
``demand_from_area(overrides=...)``. Both are part of the demand's cache key.
"""

from __future__ import annotations

import re
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import streamlit as st

from app_pages import _coordinates, _state, _widgets
from app_pages._frames import combine, shapes_frame
from app_pages._labels import md_escape, tr
from servicecircle.demand.evidence import OVERRIDE_COLUMN, override_decisions
from servicecircle.inputs.area import StudyArea

LAYER_SUFFIXES = ["geojson", "json", "gpkg", "zip", "csv"]

OVERRIDE_CLASSES: Final = {"homes": "yes", "no_homes": "no"}
"""Classes of drawn shapes that are override areas, and their ``residential`` value."""

MARKS: Final = ("non_residential", "residential", "column")
"""How the areas of an uploaded override layer are marked."""

_SEPARATORS: Final = re.compile(r"[\s,，、;；]+")
_OSM_ID: Final = re.compile(r"(?:(?:way|relation|w|r)/?)?(-?\d+)", re.IGNORECASE)


def parse_osm_ids(text: str) -> tuple[tuple[int, ...], list[str]]:
    """OSM ids typed by a planner, and the pieces that are not ids.

    Ids may be separated by commas (also ``，`` and ``、``), semicolons or
    blanks, and written ``123``, ``w123``, ``way/123``; the buildings of a
    planner's own layer have ids -1, -2, ...

    >>> parse_osm_ids("123, w45、way/6 abc")
    ((123, 45, 6), ['abc'])
    """
    ids: list[int] = []
    bad: list[str] = []
    for piece in _SEPARATORS.split(text.strip()):
        if not piece:
            continue
        found = _OSM_ID.fullmatch(piece)
        if found:
            ids.append(int(found.group(1)))
        else:
            bad.append(piece)
    return tuple(dict.fromkeys(ids)), bad


def _ids_input(label: str, key: str) -> tuple[int, ...]:
    text = _widgets.kept(
        st.text_input,
        tr(label),
        default="",
        key=key,
        help=tr("demand.override.ids_help"),
        placeholder=tr("demand.override.ids_placeholder"),
    )
    ids, bad = parse_osm_ids(str(text or ""))
    if bad:
        shown = tr("common.list_sep").join(md_escape(b) for b in bad[:5])
        st.error(tr("demand.override.bad_ids", pieces=shown))
    return ids


def id_inputs() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """OSM ids the planner declares homes, and ids declared no homes."""
    homes = _ids_input("demand.override.ids_home", "demand.override_ids_home")
    not_homes = _ids_input("demand.override.ids_not_home", "demand.override_ids_not_home")
    both = sorted(set(homes) & set(not_homes))
    if both:
        st.warning(tr("demand.override.ids_both", ids=", ".join(str(i) for i in both[:5])))
        not_homes = tuple(i for i in not_homes if i not in both)
    return homes, not_homes


def _as_yes_no(values: pd.Series) -> list[str]:
    """Checked ``residential`` cells (是, true, 1, ...) as ``"yes"`` or ``"no"``.

    Each distinct value is read once by the library's own rule
    (:func:`~servicecircle.demand.evidence.override_decisions` on a probe square).
    """
    square, inside = shapely.box(0, 0, 1, 1), np.array([shapely.Point(0.5, 0.5)])
    said: dict[Any, str] = {}
    for value in pd.unique(values.to_numpy(dtype=object)):
        probe = gpd.GeoDataFrame({OVERRIDE_COLUMN: [value]}, geometry=[square])
        flags, _ = override_decisions(inside, probe)
        said[value] = "yes" if flags[0] == 1 else "no"
    return [said[v] for v in values]


def _marked(frame: gpd.GeoDataFrame, mark: str) -> gpd.GeoDataFrame:
    """The areas with their ``residential`` value (``yes``/``no``) and name, nothing else.

    Raises
    ------
    InputDataError
        When ``mark`` is ``"column"`` and the column is missing or holds a cell
        that is neither yes nor no (the message names the row).
    """
    if mark == "column":
        override_decisions(np.empty(0, dtype=object), frame)  # names a bad row
        values = _as_yes_no(frame[OVERRIDE_COLUMN])
    else:
        values = ["yes" if mark == "residential" else "no"] * len(frame)
    frame = frame.assign(**{OVERRIDE_COLUMN: values})
    keep = [c for c in ("name", OVERRIDE_COLUMN) if c in frame.columns]
    return frame[[*keep, frame.geometry.name]]


def _uploaded_areas(upload: Any, area: StudyArea, mark: str) -> gpd.GeoDataFrame | None:
    """The uploaded override areas, checked; None (with the reason shown) when unusable."""
    if upload is None:
        return None
    with _widgets.planner_errors():
        loaded = _coordinates.checked_layer(upload, geometry="polygon", study_bounds=area.bounds)
        frame = _marked(loaded.frame, mark)
        st.caption(tr("demand.override.upload_read", count=len(frame)))
        return frame
    return None


def drawn_areas() -> gpd.GeoDataFrame | None:
    """The override areas drawn on the demand map (``residential`` yes/no)."""
    shapes = [d for d in _state.shapes(_state.DRAWN_KEY) if d["class"] in OVERRIDE_CLASSES]
    frame = shapes_frame(shapes)
    if frame is None:
        return None
    return frame.assign(**{OVERRIDE_COLUMN: [OVERRIDE_CLASSES[d["class"]] for d in shapes]})


def area_inputs(area: StudyArea) -> gpd.GeoDataFrame | None:
    """Override areas: the uploaded layer's and those drawn on the map (WGS-84)."""
    upload = _widgets.kept_upload(
        "demand.override_upload",
        LAYER_SUFFIXES,
        help="demand.override.upload_help",
        label="demand.override.upload",
    )
    mark = _widgets.kept_choice(
        st.radio,
        "demand.override_mark",
        list(MARKS),
        default=MARKS[0],
        labels="demand.override.mark.",
        label="demand.override.mark",
    )
    uploaded = _uploaded_areas(upload, area, str(mark))
    drawn = drawn_areas()
    if drawn is not None:
        st.caption(tr("demand.override.drawn", count=len(drawn)))
    return combine(uploaded, drawn)


__all__ = [
    "MARKS",
    "OVERRIDE_CLASSES",
    "area_inputs",
    "drawn_areas",
    "id_inputs",
    "parse_osm_ids",
]
