"""Demand page: top-down inputs (census totals, a population grid, the planner's buildings).

Each file is uploaded with :func:`~app_pages.common.kept_upload` (kept while
the planner visits other pages, a layer chosen in a file with several), read
in the session's temporary folder under the server's limits and memory
budget (:mod:`app_pages.compute`), and refused with a message that says what
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

from app_pages import common, compute
from app_pages.common import tr
from servicecircle.demand import Demand
from servicecircle.demand.census import CensusTotals
from servicecircle.demand.raster import PopulationGrid
from servicecircle.demand.user_buildings import BUILDINGS_MODES, PlannerBuildings
from servicecircle.i18n import demand_words
from servicecircle.sources.area import StudyArea

CENSUS_SUFFIXES: Final = ["csv", "txt", "xlsx", "geojson", "json", "gpkg", "zip"]
GRID_SUFFIXES: Final = ["tif", "tiff"]
BUILDING_SUFFIXES: Final = ["geojson", "json", "gpkg", "zip", "csv"]


@dataclass(frozen=True, eq=False)
class TopDown:
    """The top-down inputs read from the planner's files (None where not given).

    Attributes
    ----------
    census, census_key
        Census totals and the key of their file.
    grid, grid_key
        A population grid over the study area and the key of its file.
    area, area_key
        The study area with the planner's buildings (the area itself without
        them) and its cache key.
    buildings
        The planner's buildings as read (None when not given).
    """

    census: CensusTotals | None
    census_key: str
    grid: PopulationGrid | None
    grid_key: str
    area: StudyArea
    area_key: str
    buildings: PlannerBuildings | None = None


def _census(area: StudyArea) -> tuple[str, CensusTotals | None]:
    upload = common.kept_upload(
        tr("demand.census_upload"),
        type=CENSUS_SUFFIXES,
        key="demand.census_upload",
        help=tr("demand.census_help"),
    )
    if upload is None:
        return "-", None
    with common.planner_errors():
        key, totals = compute.census_totals(upload, study_bounds=area.bounds)
        column = common.md_escape(totals.column) if totals.column else "—"
        st.caption(tr("demand.census_read", count=len(totals), column=column))
        return key, totals
    return "-", None


def _grid(area: StudyArea, area_key: str) -> tuple[str, PopulationGrid | None]:
    upload = common.kept_upload(
        tr("demand.grid_upload"),
        type=GRID_SUFFIXES,
        key="demand.grid_upload",
        help=tr("demand.grid_help"),
    )
    if upload is None:
        return "-", None
    with common.planner_errors():
        key, grid = compute.population_grid(upload, area, area_key)
        rows, cols = grid.shape
        people = float(pd.Series(grid.people.ravel()).sum(skipna=True))
        st.caption(tr("demand.grid_read", rows=rows, cols=cols, people=people))
        return key, grid
    return "-", None


def _buildings(area: StudyArea, area_key: str) -> tuple[str, StudyArea, PlannerBuildings | None]:
    upload = common.kept_upload(
        tr("demand.buildings_upload"),
        type=BUILDING_SUFFIXES,
        key="demand.buildings_upload",
        help=tr("demand.buildings_help"),
    )
    mode = common.kept(
        st.radio,
        tr("demand.buildings_mode"),
        default="add",
        options=list(BUILDINGS_MODES),
        format_func=common.labeller("demand.buildings_mode."),
        key="demand.buildings_mode",
        horizontal=True,
    )
    if upload is None:
        return area_key, area, None
    with common.planner_errors():
        key, found = compute.planner_buildings(upload, study_bounds=area.bounds)
        new_key, combined = compute.area_with_buildings(area, area_key, key, found, str(mode))
        st.caption(tr("demand.buildings_read", count=len(found.buildings)))
        return new_key, combined, found
    return area_key, area, None


def inputs(area: StudyArea, area_key: str) -> TopDown:
    """Draw the three uploaders and read what was given."""
    st.caption(tr("demand.top_down_help"))
    census_key, census = _census(area)
    grid_key, grid = _grid(area, area_key)
    new_key, combined, found = _buildings(area, area_key)
    return TopDown(census, census_key, grid, grid_key, combined, new_key, found)


def _number(value: Any, digits: int = 0) -> float | None:
    number = pd.to_numeric(value, errors="coerce")
    return None if pd.isna(number) else round(float(number), digits)


def show_census_audit(result: Demand) -> None:
    """The census audit: per unit the estimate, the census total, their ratio and status."""
    records = result.assumptions.get("census_audit") or []
    if not records:
        return
    lang = common.lang()
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
                demand_words.audit_status_text(v, lang) for v in column("status")
            ],
        }
    )
    common.show_table(
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
            source=common.md_escape(summary.get("source", "")),
            grid_people=float(summary.get("grid_people", 0.0)),
            to_homes=float(summary.get("to_homes", 0.0)),
            to_cells=float(summary.get("to_cells", 0.0)),
            cell_points=int(summary.get("cell_points", 0)),
        )
    )


def show_notes(result: Demand, top_down: TopDown) -> None:
    """The library's notes on the estimate (as written), and the buildings file's."""
    notes = [str(n) for n in result.assumptions.get("notes") or []]
    if top_down.buildings is not None:
        notes = [*top_down.area.notes[-len(top_down.buildings.notes) - 1 :], *notes]
    if not notes:
        return
    with st.expander(tr("demand.notes", count=len(notes))):
        st.caption(tr("demand.notes_help"))
        for note in notes:
            st.caption(common.as_text(note))


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
