"""Township/street and community/village units: the OSM ones, uploaded or drawn.

The study-area page's units section: the planner uploads a township/street
and a community/village boundary layer (any format the shared uploader
reads; names under 街道/乡镇/社区/村/名称) or draws units on a map and names
them. They replace or add to the study area's OSM boundaries for every step
(:func:`app_pages._state.set_units`), and the section says which source each
level comes from and how many units it has.

:func:`level_notes` is the sentence every by-unit table of the app shows
when the study area has no units at a level, so the table never vanishes
without a word.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from app_pages import _cache, _coordinates, _tables, _widgets
from app_pages._drawing import DrawChoice, DrawingTool, drawing_map
from app_pages._labels import md_escape, tr
from app_pages._state import (
    DRAWN_UNITS_KEY,
    current_area,
    lang,
    set_units,
    shapes,
)
from app_pages._uploads import KeptUpload
from servicecircle.coverage.gaps import road_place
from servicecircle.demand.admin import admin_levels
from servicecircle.demand.admin_sources import (
    UNIT_LEVELS,
    UnitLevel,
    UnitSources,
    combine_units,
    drawn_units,
    unit_layer,
)
from servicecircle.i18n.message import say
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.naming import boundary_names
from servicecircle.maps import web as webmap

SUFFIXES = ["geojson", "json", "gpkg", "zip", "csv"]
MODES = ("replace", "add")

DRAW_TOOL = DrawingTool(
    store=DRAWN_UNITS_KEY,
    texts="admin.draw",
    kept_text="admin.draw_kept",
    kind="polygon",
    choice=DrawChoice(
        field="level",
        key="admin.draw_level",
        options=UNIT_LEVELS,
        format_func=lambda level: tr(f"admin.level.{level}"),
        default_name=lambda level: tr(f"admin.draw_default_name.{level}"),
        horizontal_radio=True,
    ),
)
"""Units drawn on the study-area map: a polygon, its level and the name typed."""


def _uploaded(upload: KeptUpload | None, level: UnitLevel, area: StudyArea) -> gpd.GeoDataFrame:
    """The units of an uploaded layer (empty without one, or when it cannot be used)."""
    if upload is None:
        return drawn_units([], [], [])
    with _widgets.planner_errors():
        loaded = _coordinates.checked_layer(upload, geometry="polygon", study_bounds=area.bounds)
        name = Path(str(upload.name)).name
        layer = unit_layer(loaded.frame, level, what=name)
        st.caption(tr("admin.read", name=md_escape(name), count=len(layer)))
        return layer
    return drawn_units([], [], [])


def drawn() -> gpd.GeoDataFrame:
    """The units drawn on the study-area map, as a ``boundaries`` layer."""
    kept = shapes(DRAWN_UNITS_KEY)
    return drawn_units(
        [str(shape.get("name") or "") for shape in kept],
        [shape.get("level", "township") for shape in kept],
        [shape["geometry"] for shape in kept],
    )


def _in_use(sources: UnitSources) -> None:
    """Which source each level's units come from, and how many there are."""
    rows = []
    for level in UNIT_LEVELS:
        found = sources.sources(level)
        said = tr("common.list_sep").join(tr(f"admin.source.{s}") for s in found)
        rows.append(
            (tr(f"admin.level.{level}"), said or tr("admin.none_in_use"), sources.count(level))
        )
    st.markdown(f"**{tr('admin.in_use')}**")
    _tables.show_table(
        pd.DataFrame(
            rows, columns=[tr("admin.col.level"), tr("admin.col.source"), tr("admin.col.count")]
        ),
        key="admin.in_use_table",
    )


def inputs(area: StudyArea) -> None:
    """The upload widgets and the mode; put the units in use; say where they come from.

    ``area`` is the study area as loaded (its own OSM boundaries).
    """
    st.subheader(tr("admin.header"))
    st.caption(tr("admin.intro"))
    township = _widgets.kept_upload(
        "admin.township_upload", SUFFIXES, help="admin.township_upload_help"
    )
    community = _widgets.kept_upload(
        "admin.community_upload", SUFFIXES, help="admin.community_upload_help"
    )
    mode = _widgets.kept_choice(
        st.radio, "admin.mode", list(MODES), default=MODES[0], labels="admin.mode."
    )
    parts = [
        layer
        for layer in (
            _uploaded(township, "township", area),
            _uploaded(community, "community", area),
        )
        if len(layer)
    ]
    planner: dict[str, gpd.GeoDataFrame] = {}
    if parts:
        planner["uploaded"] = gpd.GeoDataFrame(
            pd.concat(parts, ignore_index=True), geometry="geometry", crs=WGS84
        )
    if len(drawn_layer := drawn()):
        planner["drawn"] = drawn_layer
    sources = combine_units(area.boundaries, planner, mode=mode)
    with_units = _cache.area_with_units(area, sources.boundaries) if planner else None
    if set_units(with_units, sources):
        st.info(tr("admin.changed"))
    _in_use(sources)


def _shown_names(boundaries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The boundaries with ``shown``: the Chinese name in the Chinese UI when there is one."""
    names = boundary_names(boundaries, lang())
    return boundaries.assign(shown=[n if n is not None else "—" for n in names])


def drawing(area: StudyArea) -> None:
    """The map the planner draws units on, over the units in use (shown when switched on).

    Off at first, so the page holds one map until the planner asks to draw.
    """
    shown = _widgets.kept(st.toggle, tr("admin.draw"), key="admin.draw_show", default=False)
    if not shown:
        return
    in_use = current_area() or area
    layers = []
    if len(in_use.boundaries):
        layers.append(
            webmap.boundaries_layer(
                _shown_names(in_use.boundaries),
                name=tr("admin.map"),
                tooltip={"shown": tr("field.name")},
            )
        )
    drawing_map(layers, bounds=area.bounds, tool=DRAW_TOOL, key="admin_draw_map")


def unit_levels(area: StudyArea) -> set[UnitLevel]:
    """The levels (township, community) ``area`` has units at."""
    if len(area.boundaries) == 0:
        return set()
    township, community = admin_levels(area.boundaries["admin_level"].to_numpy())
    found: set[UnitLevel] = set()
    if township is not None:
        found.add("township")
    if community is not None:
        found.add("community")
    return found


def level_notes(levels_shown: Iterable[object], area: StudyArea | None = None) -> None:
    """Say, above a by-unit table, each level it cannot show and why.

    A level the study area has no units at gets the sentence that says where
    to give them; a level with units but no row (no demand inside them) says
    that instead.
    """
    area = area if area is not None else current_area()
    if area is None:
        return
    present = unit_levels(area)
    shown = {str(level) for level in levels_shown}
    for level in UNIT_LEVELS:
        if level not in present:
            st.info(tr(f"msg.admin.no_{level}_units"))
        elif level not in shown:
            st.caption(tr("msg.admin.no_units_here"))


def names_or_dash(values: Iterable[object]) -> list[str]:
    """Unit names as text, "—" where there is none (never "None" or "nan")."""
    return [str(v).strip() if isinstance(v, str) and v.strip() else "—" for v in values]


def gap_places(gaps: pd.DataFrame) -> list[str]:
    """Where each gap is by its nearest named road ("花径路附近"), "—" without one."""
    roads = gaps["road"] if "road" in gaps.columns else [None] * len(gaps)
    metres = gaps["road_m"] if "road_m" in gaps.columns else [None] * len(gaps)
    return [say(road_place(r, m), lang()) for r, m in zip(roads, metres, strict=True)]
