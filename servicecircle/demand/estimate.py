"""Demand units: who needs to be within reach, and how many people each stands for.

:func:`demand_from_area` composes the steps:

1. the regional profile (:mod:`~servicecircle.demand.profiles`) fills in the
   settings the planner left open;
2. every building of the study extent gets its residential decision and
   basis (:mod:`~servicecircle.demand.evidence`) and its residents
   (:mod:`~servicecircle.demand.buildings`): footprint × levels × usable
   share ÷ m² per person; a footprint too large to be one building counts as
   land;
3. residential land use adds its unmapped part at the land-use density, and
   industrial land use and buildings give workers
   (:mod:`~servicecircle.demand.areas`);
4. the planner's relocation and industrial areas and demand points are
   added (or replace the estimate);
5. large areas become access points on a regular grid inside them, sharing
   their people, so their coverage is the share of them within reach;
6. every unit gets its township/street and community
   (:mod:`servicecircle.demand.admin`), then top-down totals may rescale the
   residents: a population grid, then census totals
   (:func:`~servicecircle.demand.top_down.apply_top_down`);
7. the estimate's quality is measured (:mod:`~servicecircle.demand.quality`) on
   the estimate from the map (before step 6's totals) and on the final one:
   the run states the final measure, with the map estimate's inside it.

People columns are read as planners write them ("1,200", "１２００", " 800 ",
decimals); a cell that is not a count, or is negative, is refused with the row
number the planner sees in Excel (:func:`~servicecircle.demand.counts.checked_people`).

A community is known by its township and its name together, so two 新村 in
different townships stay apart; two boundaries of the same name in the same
township (or in none) are kept apart as "新村" and "新村 (2)", and the
demand's notes say so (:func:`servicecircle.demand.admin.admin_units`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from servicecircle._progress import Said
from servicecircle.demand.admin import admin_units, assign_admin_units
from servicecircle.demand.areas import (
    area_units,
    default_area_name,
    planner_areas,
)
from servicecircle.demand.census_types import CensusTotals
from servicecircle.demand.counts import PEOPLE_COLUMNS, checked_people, people_column
from servicecircle.demand.map_estimate import OsmEstimate, osm_estimate
from servicecircle.demand.profiles import ProfileChoice, choose_profile
from servicecircle.demand.quality import (
    CENSUS_TOTALS,
    FROM_LAND,
    FROM_PLANNER,
    POPULATION_GRID,
    DemandQuality,
    UnitOrigins,
)
from servicecircle.demand.quality_measure import demand_quality, final_quality, study_area_km2
from servicecircle.demand.raster import PopulationGrid
from servicecircle.demand.settings import DemandSettings
from servicecircle.demand.top_down import apply_top_down
from servicecircle.demand.units import (
    AREA_COLUMNS,
    BUILDING_COLUMNS,
    UNIT_COLUMNS,
    Demand,
    empty_areas,
    empty_units,
    make_units,
)
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.fields import field_values

logger = logging.getLogger(__name__)

FORMULA = "people = footprint × levels × usable share ÷ m² per person"


def _access_origins(
    access: gpd.GeoDataFrame, tables: list[gpd.GeoDataFrame], in_land: list[np.ndarray]
) -> UnitOrigins:
    """Origins of the areas' access points: land, in residential land use where their area is.

    ``tables`` are the area tables as given to :func:`_numbered` (which
    numbers their rows in order); ``in_land`` flags the rows of the first ones
    (the estimate's), the rest (the planner's areas) lie in no residential land.
    """
    padded = [*in_land, *(np.zeros(len(t), dtype=bool) for t in tables[len(in_land) :])]
    flags = [np.asarray(f, dtype=bool) for f in padded]
    if [len(f) for f in flags] != [len(t) for t in tables]:
        raise ValueError("one residential-land flag per area is needed")
    by_area = np.concatenate(flags) if flags else np.zeros(0, dtype=bool)
    area_ids = access["area_id"].to_numpy(dtype="int64")
    return UnitOrigins(
        levels=np.full(len(access), FROM_LAND, dtype=object),
        residential_land=by_area[area_ids] if len(access) else np.zeros(0, dtype=bool),
    )


def _measured_extent(area: StudyArea) -> Any:
    """The study extent to measure densities by (WGS-84).

    The stated extent; without one, the box of the buildings and land use
    (the fallback extent, the box of buildings and premises, is too tight
    where only a few buildings are mapped).
    """
    if area.extent_basis != "data":
        return area.extent
    boxes = [f.total_bounds for f in (area.buildings, area.landuse) if len(f)]
    if not boxes:
        return area.extent
    stacked = np.vstack(boxes)
    return shapely.box(*stacked[:, :2].min(axis=0), *stacked[:, 2:].max(axis=0))


def _numbered(tables: list[gpd.GeoDataFrame], crs: pyproj.CRS) -> gpd.GeoDataFrame:
    """The areas in one table, numbered ``area_id`` 0, 1, ... and named where unnamed."""
    kept = [t for t in tables if len(t)]
    if not kept:
        return empty_areas(crs).astype({"area_id": "int64", "people": float})
    areas = gpd.GeoDataFrame(pd.concat(kept, ignore_index=True), geometry="geometry", crs=crs)
    areas["area_id"] = np.arange(len(areas), dtype="int64")
    unnamed = areas["name"].isna() | (areas["name"].astype(str).str.strip() == "")
    areas.loc[unnamed, "name"] = [
        default_area_name(cls, aid)
        for cls, aid in zip(areas.loc[unnamed, "class"], areas.loc[unnamed, "area_id"], strict=True)
    ]
    return areas


def demand_from_area(
    area: StudyArea,
    *,
    settings: DemandSettings | None = None,
    relocation: gpd.GeoDataFrame | None = None,
    industrial: gpd.GeoDataFrame | None = None,
    user_points: gpd.GeoDataFrame | None = None,
    user_mode: Literal["add", "replace"] = "add",
    boundaries: gpd.GeoDataFrame | None = None,
    census: CensusTotals | Mapping[str, float] | None = None,
    population_grid: PopulationGrid | None = None,
    overrides: gpd.GeoDataFrame | None = None,
) -> Demand:
    """Estimate the demand units of a study area (module docstring for the steps).

    Parameters
    ----------
    area
        The study area.
    settings
        Population and employment assumptions (the defaults and the regional
        profile when ``None``).
    relocation
        Relocation/resettlement areas (polygons); people from a ``people``
        (or ``population``, ``人口``) attribute when present, else (also for
        a blank cell) area × residential density.
    industrial
        Extra industrial areas (polygons) besides OSM industrial land use;
        workers from a ``workers``/``people`` attribute when present.
    user_points
        The planner's own demand points with a people column.
    user_mode
        ``"add"`` to add them to the estimate, ``"replace"`` to use only
        them (plus relocation and industrial areas).
    boundaries
        Administrative units; defaults to the study area's boundaries.
    census
        Census totals (:func:`~servicecircle.demand.census.read_census`) or
        ``{name: population}``: the residents are scaled to them
        (:mod:`~servicecircle.demand.top_down`).
    population_grid
        A population grid (:func:`~servicecircle.demand.raster.read_population_grid`):
        each cell's people are shared among the homes in it, before any census scaling.
    overrides
        The planner's areas whose buildings hold residents or not: polygons
        with a ``residential`` column (yes/no), optionally a ``name``; they
        win over every other evidence.

    Returns
    -------
    Demand
        Units, areas and the building table in WGS-84, assumptions, quality.
    """
    settings = settings or DemandSettings()
    _check_user_mode(user_mode, user_points)
    crs = area.local_crs()
    choice = choose_profile(
        area,
        settings.profile,
        metres_per_level=settings.metres_per_level,
        min_footprint_m2=settings.min_footprint_m2,
    )
    resolved = settings.resolved(choice.profile)
    estimate = (
        osm_estimate(area, resolved, choice, crs, overrides)
        if user_mode == "add"
        else OsmEstimate.empty(crs)
    )
    area_tables = [*estimate.areas, *_planner_area_tables(industrial, relocation, resolved, crs)]
    areas = _numbered(area_tables, crs)
    units, floor_area, origins = _units(estimate, areas, area_tables, user_points, resolved, crs)
    admin, admin_notes = admin_units(area.boundaries if boundaries is None else boundaries)
    notes = [*estimate.notes, *admin_notes]
    units = assign_admin_units(units, admin)
    map_quality = demand_quality(
        units,
        estimate.buildings,
        origins=origins,
        profile=choice.profile,
        profile_reason=choice.reason,
        study_area_km2=study_area_km2(_measured_extent(area), crs),
        residential_land_km2=estimate.residential_km2,
        floor_people=estimate.floor_people,
    )
    top_down = apply_top_down(
        units,
        admin=admin,
        extent=area.extent,
        census=census,
        population_grid=population_grid,
        floor_area=floor_area,
    )
    applied = [POPULATION_GRID] if "population_grid" in top_down.assumptions else []
    applied += [CENSUS_TOTALS] if top_down.assumptions.get("census_scaled") else []
    notes.extend(top_down.notes)
    assumptions = {
        **_assumptions(resolved, choice, estimate, user_mode, notes),
        **top_down.assumptions,
    }
    return _demand(
        top_down.units,
        areas,
        estimate,
        admin=admin,
        assumptions=assumptions,
        quality=final_quality(map_quality, top_down.units, origins, top_down=applied),
    )


def _check_user_mode(user_mode: str, user_points: gpd.GeoDataFrame | None) -> None:
    """Refuse an unknown ``user_mode``, or ``"replace"`` with no points to replace with."""
    if user_mode not in ("add", "replace"):
        raise InputDataError(msg("msg.demand.user_mode", mode=user_mode))
    if user_mode == "replace" and (user_points is None or len(user_points) == 0):
        raise InputDataError(msg("msg.demand.replace_without_points"))


def _planner_area_tables(
    industrial: gpd.GeoDataFrame | None,
    relocation: gpd.GeoDataFrame | None,
    settings: DemandSettings,
    crs: pyproj.CRS,
) -> list[gpd.GeoDataFrame]:
    """The planner's industrial areas (workers) and relocation areas (residents), metric CRS."""
    if (
        industrial is not None
        and "workers" in industrial.columns
        and "people" not in industrial.columns
    ):  # a file with both keeps its 'people' column
        industrial = industrial.rename(columns={"workers": "people"})
    per_ha = float(settings.residential_density_per_ha or 0.0)
    return [
        planner_areas(
            industrial,
            cls="industrial",
            per_ha=settings.industrial_jobs_per_ha,
            crs=crs,
            what=msg("msg.demand.layer.industrial"),
        ),
        planner_areas(
            relocation,
            cls="relocation",
            per_ha=per_ha,
            crs=crs,
            what=msg("msg.demand.layer.relocation"),
        ),
    ]


def _units(
    estimate: OsmEstimate,
    areas: gpd.GeoDataFrame,
    area_tables: list[gpd.GeoDataFrame],
    user_points: gpd.GeoDataFrame | None,
    settings: DemandSettings,
    crs: pyproj.CRS,
) -> tuple[gpd.GeoDataFrame, np.ndarray, UnitOrigins]:
    """All units in WGS-84 (buildings, areas' access points, the planner's points).

    Also returns each unit's floor area (NaN where not counted by floor area)
    and origins, in the units' order.
    """
    access = area_units(areas, settings.access_spacing_m, source="area")
    pieces = [estimate.units, access]
    floor_area = [estimate.floor_area, np.full(len(access), np.nan)]
    origins = [estimate.origins, _access_origins(access, area_tables, estimate.areas_in_land)]
    if user_points is not None and len(user_points):
        pieces.append(_user_units(user_points, crs))
        floor_area.append(np.full(len(pieces[-1]), np.nan))
        origins.append(
            UnitOrigins(
                levels=np.full(len(pieces[-1]), FROM_PLANNER, dtype=object),
                residential_land=np.zeros(len(pieces[-1]), dtype=bool),
            )
        )
    kept = [p for p in pieces if len(p)]
    units = pd.concat(kept, ignore_index=True) if kept else empty_units(crs)
    units = gpd.GeoDataFrame(units, geometry="geometry", crs=crs).to_crs(WGS84)
    unit_origins = UnitOrigins(
        levels=np.concatenate([o.levels for o in origins]),
        residential_land=np.concatenate([o.residential_land for o in origins]),
    )
    return units, np.concatenate(floor_area), unit_origins


def _demand(
    units: gpd.GeoDataFrame,
    areas: gpd.GeoDataFrame,
    estimate: OsmEstimate,
    *,
    admin: gpd.GeoDataFrame,
    assumptions: dict[str, Any],
    quality: DemandQuality,
) -> Demand:
    """The :class:`Demand` in WGS-84: unit columns in order, each area's people summed."""
    units.index.name = "unit_id"
    units = units[list(UNIT_COLUMNS)]
    areas_wgs = areas.to_crs(WGS84)
    if len(areas_wgs):
        area_people = units[units["area_id"] >= 0].groupby("area_id")["people"].sum()
        areas_wgs["people"] = areas_wgs["area_id"].map(area_people).fillna(0.0).to_numpy()
    logger.info(
        "demand: %d units, %.0f people (%s)",
        len(units),
        units["people"].sum(),
        ", ".join(f"{k} {v:.0f}" for k, v in units.groupby("class")["people"].sum().items()),
    )
    return Demand(
        units=units,
        areas=areas_wgs[list(AREA_COLUMNS)],
        assumptions=assumptions,
        admin_units=admin,
        buildings=estimate.buildings.to_crs(WGS84)[list(BUILDING_COLUMNS)],
        quality=quality,
    )


def _assumptions(
    settings: DemandSettings,
    choice: ProfileChoice,
    estimate: OsmEstimate,
    user_mode: str,
    notes: list[Said],
) -> dict[str, Any]:
    """The values used, for the report (the notes list is shared, so later notes show too)."""
    return {
        "profile": choice.profile.name,
        "profile_reason": choice.reason,
        "profile_source": choice.profile.source,
        "m2_per_person": settings.m2_per_person,
        "usable_share": settings.usable_share,
        "levels_house": settings.levels_house,
        "levels_apartment": settings.levels_apartment,
        "levels_other": estimate.levels_other or settings.levels_other,
        "metres_per_level": settings.metres_per_level,
        "min_footprint_m2": settings.min_footprint_m2,
        "max_footprint_m2": settings.max_footprint_m2,
        "residential_density_per_ha": settings.residential_density_per_ha,
        "unmapped_cell_m": settings.unmapped_cell_m,
        "industrial_jobs_per_ha": settings.industrial_jobs_per_ha,
        "access_spacing_m": settings.access_spacing_m,
        "formula": FORMULA,
        "user_mode": user_mode,
        "census_scaled": [],
        "populated_within_m": settings.populated_within_m,
        "overrides_by_id": len(settings.residential_ids) + len(settings.non_residential_ids),
        "notes": notes,
    }


def _user_units(points: gpd.GeoDataFrame, crs: pyproj.CRS) -> gpd.GeoDataFrame:
    if points.crs is None:
        raise InputDataError(msg("msg.demand.points_no_crs"))
    if not points.geom_type.eq("Point").all():
        bad = int((~points.geom_type.eq("Point")).sum())
        raise InputDataError(msg("msg.demand.points_not_points", bad=bad))
    column = people_column(points)
    if column is None:
        raise InputDataError(msg("msg.demand.points_no_people", columns=list(PEOPLE_COLUMNS)))
    what = msg("msg.demand.layer.demand_points")
    people = checked_people(points, column, what=what, blank_allowed=False)
    metric = points.to_crs(crs)
    given_names = field_values(points, "name")
    names = None if given_names is None else given_names.to_numpy()
    return make_units(
        metric.geometry.to_numpy(),
        cls="user",
        source="upload",
        people=people,
        area_id=np.full(len(points), -1),
        name=names,
        basis="planner's demand points",
        crs=crs,
    )
