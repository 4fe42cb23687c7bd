"""Demand page: top-down inputs (census totals, a population grid, the planner's buildings).

Each file is uploaded with :func:`~app_pages._widgets.kept_upload` (kept while
the planner visits other pages, a layer chosen in a file with several), read
in the session's temporary folder under the server's limits and memory
budget (:mod:`app_pages._cache`), and refused with a message that says what
to do; the rest of the page keeps working without it.

After the estimate, :func:`show_census_audit` shows the census audit (the
estimate, the census total and their ratio per unit) and
:func:`show_notes` what was assumed while reading and applying them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import pandas as pd
import streamlit as st

from app_pages import _cache, _coordinates, _state, _tables, _widgets
from app_pages._labels import as_text, md_escape, tr
from app_pages._state import lang
from servicecircle.demand import Demand
from servicecircle.demand.census_types import CensusTotals
from servicecircle.demand.raster import PopulationGrid
from servicecircle.demand.user_buildings import BUILDINGS_MODES, PlannerBuildings
from servicecircle.i18n import demand_words
from servicecircle.i18n.message import say
from servicecircle.inputs.area import StudyArea

CENSUS_SUFFIXES: Final = ["csv", "txt", "xlsx", "geojson", "json", "gpkg", "zip"]
GRID_SUFFIXES: Final = ["tif", "tiff"]
BUILDING_SUFFIXES: Final = ["geojson", "json", "gpkg", "zip", "csv"]


@dataclass(frozen=True, eq=False)
class TopDown:
    """The top-down inputs read from the planner's files (None where not given).

    Attributes
    ----------
    census
        Census totals.
    grid
        A population grid over the study area.
    area
        The study area with the planner's buildings (the area itself without them).
    buildings
        The planner's buildings as read (None when not given).
    """

    census: CensusTotals | None
    grid: PopulationGrid | None
    area: StudyArea
    buildings: PlannerBuildings | None = None


def _census(area: StudyArea) -> CensusTotals | None:
    upload = _widgets.kept_upload(
        "demand.census_upload", CENSUS_SUFFIXES, help="demand.census_help"
    )
    if upload is None:
        return None
    with _widgets.planner_errors():
        totals = _cache.census_totals(upload, study_bounds=area.bounds)
        if totals.spatial:  # census units as polygons: checked for a GCJ-02/BD-09 offset
            _coordinates.warn_offset(upload, totals.rows)
        column = md_escape(totals.column) if totals.column else "—"
        st.caption(tr("demand.census_read", count=len(totals), column=column))
        return totals
    return None


def _grid(area: StudyArea) -> PopulationGrid | None:
    upload = _widgets.kept_upload("demand.grid_upload", GRID_SUFFIXES, help="demand.grid_help")
    if upload is None:
        return None
    with _widgets.planner_errors():
        grid = _cache.population_grid(upload, area)
        rows, cols = grid.shape
        people = float(pd.Series(grid.people.ravel()).sum(skipna=True))
        st.caption(tr("demand.grid_read", rows=rows, cols=cols, people=people))
        return grid
    return None


def _buildings(area: StudyArea) -> tuple[StudyArea, PlannerBuildings | None]:
    upload = _widgets.kept_upload(
        "demand.buildings_upload", BUILDING_SUFFIXES, help="demand.buildings_help"
    )
    mode = _widgets.kept_choice(
        st.radio,
        "demand.buildings_mode",
        list(BUILDINGS_MODES),
        default="add",
        horizontal=True,
    )
    if upload is None:
        return area, None
    with _widgets.planner_errors():
        found = _cache.planner_buildings(upload, study_bounds=area.bounds)
        _coordinates.warn_offset(upload, found.buildings)
        combined = _cache.area_with_buildings(area, found, str(mode))
        st.caption(tr("demand.buildings_read", count=len(found.buildings)))
        return combined, found
    return area, None


def inputs(area: StudyArea) -> TopDown:
    """Draw the three uploaders and read what was given."""
    st.caption(tr("demand.top_down_help"))
    census = _census(area)
    grid = _grid(area)
    combined, found = _buildings(area)
    return TopDown(census, grid, combined, found)


def _number(value: Any, digits: int = 0) -> float | None:
    number = pd.to_numeric(value, errors="coerce")
    return None if pd.isna(number) else round(float(number), digits)


def show_census_audit(result: Demand) -> None:
    """The census audit: per unit the estimate, the census total, their ratio and status."""
    records = result.assumptions.get("census_audit") or []
    if not records:
        return
    lang = _state.lang()
    audit = pd.DataFrame(records)
    st.subheader(tr("demand.audit"))
    st.caption(tr("demand.audit_help"))

    def column(name: str) -> list[Any]:
        return list(audit[name]) if name in audit.columns else [None] * len(audit)

    def text(values: list[Any]) -> list[str]:
        return [str(v) if isinstance(v, str) else "" for v in values]

    frame = pd.DataFrame(
        {
            tr("demand.audit.level"): [
                demand_words.audit_level_text(v, lang) for v in column("level")
            ],
            tr("demand.level.township"): text(column("township")),
            tr("demand.level.community"): text(column("community")),
            tr("demand.audit.census_name"): text(column("census_name")),
            tr("demand.audit.where"): [demand_words.where_text(v, lang) for v in column("where")],
            tr("demand.audit.estimate"): [_number(v) for v in column("estimate")],
            tr("demand.audit.census"): [_number(v) for v in column("census")],
            tr("demand.audit.ratio"): [_number(v, 3) for v in column("ratio")],
            tr("demand.audit.status"): [
                demand_words.audit_status_text(v, lang, detail)
                for v, detail in zip(column("status"), column("detail"), strict=True)
            ],
        }
    )
    _tables.show_table(
        frame,
        column_config={
            tr("demand.audit.estimate"): st.column_config.NumberColumn(format="localized"),
            tr("demand.audit.census"): st.column_config.NumberColumn(format="localized"),
            tr("demand.audit.ratio"): st.column_config.NumberColumn(format="%.3f"),
        },
    )


def show_grid_summary(result: Demand) -> None:
    """What the population grid did, in the planner's language."""
    summary = result.assumptions.get("population_grid")
    if not isinstance(summary, dict):
        return
    st.info(
        tr(
            "demand.grid_summary",
            source=md_escape(summary.get("source", "")),
            grid_people=float(summary.get("grid_people", 0.0)),
            to_homes=float(summary.get("to_homes", 0.0)),
            to_cells=float(summary.get("to_cells", 0.0)),
            cell_points=int(summary.get("cell_points", 0)),
        )
    )


def show_notes(result: Demand, top_down: TopDown) -> None:
    """The library's notes on the estimate (as written), and the buildings file's."""
    notes = [say(n, lang()) for n in result.assumptions.get("notes") or []]
    if top_down.buildings is not None:
        said = top_down.area.notes[-len(top_down.buildings.notes) - 1 :]
        notes = [*(say(n, lang()) for n in said), *notes]
    if not notes:
        return
    with st.expander(tr("demand.notes", count=len(notes))):
        st.caption(tr("demand.notes_help"))
        for note in notes:
            st.caption(as_text(note))


__all__ = [
    "BUILDING_SUFFIXES",
    "CENSUS_SUFFIXES",
    "GRID_SUFFIXES",
    "TopDown",
    "inputs",
    "show_census_audit",
    "show_grid_summary",
    "show_notes",
]
