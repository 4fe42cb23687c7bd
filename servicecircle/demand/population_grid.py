"""Share a population grid's people among the homes in each cell.

The grid (:class:`~servicecircle.demand.raster.PopulationGrid`) says how
many people live in each cell; the buildings say where in the cell. So:

- each cell's people (the part of the cell inside the study extent) are
  shared among the resident units inside it in proportion to their
  residential floor area (footprint × levels; a land-use access point by the
  floor area its people stand for);
- a cell with people and no resident unit becomes a demand point of its own
  (class ``residential``, source and basis ``population grid``), at the
  centre of its part inside the study extent;
- a resident unit in a cell of 0 people gets 0; one in a cell without data
  (or outside the raster) keeps its estimate, and the notes count them.

Workers, relocated residents and the planner's own points are not touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from servicecircle._progress import Said
from servicecircle.demand.raster import PopulationGrid, extent_in_crs
from servicecircle.i18n.message import msg
from servicecircle.inputs.crs import WGS84

GRID_SOURCE: Final = "population grid"
"""``source`` (and ``basis``) of the demand points made from cells without homes."""

RESIDENT_CLASS: Final = "residential"


@dataclass(frozen=True, eq=False)
class GridSharing:
    """Units with the grid's people, and what was done.

    Attributes
    ----------
    units
        The units given (people of the residents replaced), then one point per
        populated cell without homes (WGS-84).
    summary
        Numbers for the report: ``cells``, ``grid_people``, ``to_homes``,
        ``to_cells``, ``cell_points``, ``kept_units``, ``kept_people``,
        ``zeroed_units``, ``estimate_before``.
    notes
        The same in words.
    """

    units: gpd.GeoDataFrame
    summary: dict[str, Any] = field(default_factory=dict)
    notes: list[Said] = field(default_factory=list)


def _inside_share(grid: PopulationGrid, flat: np.ndarray, extent: BaseGeometry) -> np.ndarray:
    """Share of each cell ``flat`` inside ``extent`` (both in the raster's CRS)."""
    cells = grid.cell_polygons(flat)
    share = np.zeros(len(cells))
    if not len(cells):
        return share
    shapely.prepare(extent)
    whole = shapely.contains(extent, cells)
    share[whole] = 1.0
    edge = ~whole & shapely.intersects(extent, cells)
    if edge.any():
        part = shapely.area(shapely.intersection(cells[edge], extent))
        share[edge] = part / shapely.area(cells[edge])
    return share


def _cell_points(
    grid: PopulationGrid, flat: np.ndarray, share: np.ndarray, extent: BaseGeometry
) -> np.ndarray:
    """A point for each cell: its centre, or (edge cells) a point of its part inside ``extent``."""
    x, y = grid.cell_centres(flat)
    points = np.asarray(shapely.points(x, y))
    edge = share < 1.0
    if edge.any():
        parts = shapely.intersection(grid.cell_polygons(flat[edge]), extent)
        points[edge] = shapely.point_on_surface(parts)
    return points


def floor_weights(
    people: np.ndarray, residents: np.ndarray, floor_area: np.ndarray | None
) -> np.ndarray:
    """The weight of each unit within its cell: its residential floor area.

    A unit without a floor area (a land-use access point) weighs the floor
    area its estimated people stand for, at the estimate's own m² of floor per
    resident (the ratio over the units with both); without floor areas at all,
    every unit weighs its people. Non-residents weigh nothing.
    """
    weights = people.astype(float).copy()
    if floor_area is not None:
        given = np.asarray(floor_area, dtype=float)
        known = residents & np.isfinite(given) & (given > 0) & (people > 0)
        if known.any():
            per_person = given[known].sum() / people[known].sum()
            weights = np.where(np.isfinite(given), given, people * per_person)
    return np.where(residents & (weights > 0), weights, 0.0)


def share_grid_people(
    units: gpd.GeoDataFrame,
    grid: PopulationGrid,
    extent: BaseGeometry,
    *,
    floor_area: np.ndarray | None = None,
) -> GridSharing:
    """Give the residents the grid's people (see the module docstring).

    Parameters
    ----------
    units
        Demand units (``class``, ``people``, points in any CRS).
    grid
        The population grid over the study area.
    extent
        The study extent (WGS-84 polygon): only the people of cells inside it count.
    floor_area
        Residential floor area (m²) of each unit, the weights within a cell
        (see :func:`floor_weights`); omitted: the units' estimated people.

    Returns
    -------
    GridSharing
        The units in WGS-84 and what was done.
    """
    units = units.to_crs(WGS84).reset_index(drop=True)
    people = units["people"].to_numpy(dtype=float).copy()
    residents = (units["class"] == RESIDENT_CLASS).to_numpy()
    weights = floor_weights(people, residents, floor_area)
    study = extent_in_crs(extent, grid.crs)

    in_raster = units.geometry.to_crs(grid.crs)
    cell = grid.cell_of(in_raster.x.to_numpy(), in_raster.y.to_numpy())
    flat_people = grid.people.ravel()
    known = cell >= 0
    known[known] = np.isfinite(flat_people[cell[known]])
    kept = residents & ~known

    populated = np.flatnonzero(np.isfinite(flat_people) & (flat_people > 0))
    share = _inside_share(grid, populated, study)
    counted = share > 0
    populated, share = populated[counted], share[counted]
    cell_people = np.zeros(flat_people.size)
    cell_people[populated] = flat_people[populated] * share

    weight_sum = np.zeros(flat_people.size)
    sharing = residents & known
    np.add.at(weight_sum, cell[sharing], weights[sharing])
    before = float(people[residents].sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        given_people = cell_people[cell[sharing]] * weights[sharing] / weight_sum[cell[sharing]]
    people[sharing] = np.where(np.isfinite(given_people), given_people, 0.0)
    zeroed = sharing & (people == 0) & (units["people"].to_numpy(float) > 0)

    homeless = populated[weight_sum[populated] <= 0]
    homeless_share = share[weight_sum[populated] <= 0]
    points = _cell_points(grid, homeless, homeless_share, study)
    new = _grid_units(units, points, cell_people[homeless], grid)
    scaled = units.assign(people=people)
    if "basis" in scaled.columns:
        basis = np.array(scaled["basis"].to_numpy(dtype=object), dtype=object)
        basis[sharing & ~zeroed] = [
            f"{b}; people from the population grid" if b else GRID_SOURCE
            for b in basis[sharing & ~zeroed]
        ]
        scaled["basis"] = basis
    result = pd.concat([scaled, new], ignore_index=True) if len(new) else scaled
    result = gpd.GeoDataFrame(result, geometry="geometry", crs=WGS84)

    summary = {
        "source": grid.source,
        "cells": int(grid.people.size),
        "grid_people": float(cell_people.sum()),
        "to_homes": float(people[sharing].sum()),
        "to_cells": float(cell_people[homeless].sum()),
        "cell_points": len(homeless),
        "kept_units": int(kept.sum()),
        "kept_people": float(people[kept].sum()),
        "zeroed_units": int(zeroed.sum()),
        "estimate_before": before,
    }
    return GridSharing(units=result, summary=summary, notes=[*grid.notes, *_notes(summary)])


def _grid_units(
    units: gpd.GeoDataFrame, points: np.ndarray, people: np.ndarray, grid: PopulationGrid
) -> gpd.GeoDataFrame:
    """One residential unit per populated cell without homes, with the columns of ``units``."""
    n = len(points)
    columns: dict[str, Any] = {}
    for column in units.columns:
        if column == "geometry":
            continue
        columns[column] = pd.Series([None] * n, dtype=object)
    columns.update(
        {
            "class": np.full(n, RESIDENT_CLASS, dtype=object),
            "source": np.full(n, GRID_SOURCE, dtype=object),
            "people": np.asarray(people, dtype=float),
        }
    )
    if "area_id" in units.columns:
        columns["area_id"] = np.full(n, -1, dtype="int64")
    if "basis" in units.columns:
        columns["basis"] = np.full(n, GRID_SOURCE, dtype=object)
    frame = gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries(points, crs=grid.crs))
    return frame.to_crs(WGS84)[list(units.columns)]


def _notes(summary: dict[str, Any]) -> list[Said]:
    numbers = ("grid_people", "estimate_before", "to_homes", "to_cells", "cell_points")
    notes: list[Said] = [
        msg(
            "msg.demand.grid.shared",
            source=summary["source"],
            **{name: float(summary[name]) for name in numbers},
        )
    ]
    if summary["kept_units"]:
        notes.append(
            msg(
                "msg.demand.grid.kept",
                units=int(summary["kept_units"]),
                people=float(summary["kept_people"]),
            )
        )
    if summary["zeroed_units"]:
        notes.append(msg("msg.demand.grid.zeroed", units=int(summary["zeroed_units"])))
    return notes


__all__ = ["GRID_SOURCE", "GridSharing", "floor_weights", "share_grid_people"]
