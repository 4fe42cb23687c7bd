"""Top-down totals over the bottom-up estimate: a population grid, then census totals.

The estimate from buildings and land use says where people live; a
population grid (:mod:`~servicecircle.demand.population_grid`) and census
totals (:mod:`~servicecircle.demand.census_scaling`) say how many. They are
applied in that order: the grid shares each cell's people among its homes
(and makes points of populated cells without homes); the census then scales
each township's or community's residents to its total, so a planner with both
gets the census totals, spread as the grid spreads them.

:func:`apply_top_down` is the one step :func:`~servicecircle.demand.estimate.demand_from_area`
calls, once the units are in WGS-84 and assigned to their townships and
communities.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry.base import BaseGeometry

from servicecircle._progress import Said
from servicecircle.demand.admin import assign_admin_units
from servicecircle.demand.census_scaling import scale_to_census
from servicecircle.demand.census_types import CensusTotals
from servicecircle.demand.population_grid import share_grid_people
from servicecircle.demand.raster import PopulationGrid


@dataclass(frozen=True, eq=False)
class TopDown:
    """The units after the top-down totals, and what the report says about them.

    Attributes
    ----------
    units
        The demand units (WGS-84, townships and communities assigned).
    notes
        For the demand's notes.
    assumptions
        ``population_grid`` (the grid's numbers), ``census_scaled`` (the
        census names applied) and ``census_audit`` (the audit table as
        records: level, township, community, census_name, where, estimate,
        census, ratio, factor, status, detail; ``where`` and ``detail`` are
        messages, said in the planner's language where shown); only those that
        apply.
    audit
        The census audit table (empty without census totals).
    """

    units: gpd.GeoDataFrame
    notes: list[Said] = field(default_factory=list)
    assumptions: dict[str, Any] = field(default_factory=dict)
    audit: pd.DataFrame = field(default_factory=pd.DataFrame)


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value.item() if hasattr(value, "item") else value


def audit_records(audit: pd.DataFrame) -> list[dict[str, Any]]:
    """The audit table as JSON-ready records (NaN as None)."""
    return [{str(k): _json_value(v) for k, v in row.items()} for row in audit.to_dict("records")]


def apply_top_down(
    units: gpd.GeoDataFrame,
    *,
    admin: gpd.GeoDataFrame,
    extent: BaseGeometry,
    census: CensusTotals | Mapping[str, float] | None = None,
    population_grid: PopulationGrid | None = None,
    floor_area: np.ndarray | None = None,
) -> TopDown:
    """Apply a population grid, then census totals, to the estimated units.

    Parameters
    ----------
    units
        Demand units in WGS-84 with their townships and communities.
    admin
        The admin-unit table they were assigned from.
    extent
        The study extent (WGS-84 polygon).
    census
        Census totals (:func:`~servicecircle.demand.census.read_census`) or
        ``{name: population}``.
    population_grid
        A grid from :func:`~servicecircle.demand.raster.read_population_grid`.
    floor_area
        Residential floor area (m²) of each unit (NaN where it has none), by
        which a grid cell's people are shared
        (:func:`~servicecircle.demand.population_grid.floor_weights`).

    Returns
    -------
    TopDown
        The units (index reset) and what was done.
    """
    notes: list[Said] = []
    assumptions: dict[str, Any] = {}
    audit = pd.DataFrame()
    if population_grid is not None:
        shared = share_grid_people(units, population_grid, extent, floor_area=floor_area)
        units = assign_admin_units(shared.units, admin)
        notes += shared.notes
        assumptions["population_grid"] = shared.summary
    if census is not None and len(census):
        scaled = scale_to_census(units, census, admin)
        units, audit = scaled.units, scaled.audit
        notes += scaled.notes
        assumptions["census_scaled"] = scaled.applied
        assumptions["census_audit"] = audit_records(audit)
    return TopDown(
        units=units.reset_index(drop=True), notes=notes, assumptions=assumptions, audit=audit
    )


__all__ = ["TopDown", "apply_top_down", "audit_records"]
