"""Demand units: who needs to be within reach, and how many people each stands for.

Residents come from residential buildings (footprint × levels × usable share ÷
m² per person), or from residential land use without mapped buildings (area ×
density); industrial workers from industrial land use and buildings (area ×
jobs per hectare); relocated residents from the planner's relocation layer
(people from an attribute when present, else estimated like residential);
the planner's own points (with a people column) replace or add to the
estimate. Large areas are not reduced to one centroid: each is represented by
access points on a regular grid inside it, sharing its people, so its
coverage is the share of it within reach.

People columns are read as planners write them ("1,200", "１２００", " 800 ",
decimals); a cell that is not a count, or is negative, is refused with the row
number the planner sees in Excel (:func:`checked_people`).

Every unit carries its class, people and, when boundaries exist, its
township/street and community. A community is known by its township and its
name together, so two 新村 in different townships stay apart; two boundaries of
the same name in the same township (or in none) are kept apart as "新村" and
"新村 (2)", and the demand's notes say so
(:func:`servicecircle.admin_units.admin_units`).
"""

from __future__ import annotations

import logging
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from servicecircle.admin_units import admin_units, assign_admin_units, scale_to_census
from servicecircle.demand.areas import (
    area_units,
    landuse_class_at,
    planner_areas,
    populated_parts,
)
from servicecircle.demand.buildings import levels_for
from servicecircle.demand.counts import PEOPLE_COLUMNS, checked_people, people_column
from servicecircle.demand.settings import (
    APARTMENT_TYPES,
    HOUSE_TYPES,
    INDUSTRIAL_TYPES,
    NON_RESIDENTIAL_LANDUSE,
    DemandSettings,
)
from servicecircle.demand.units import AREA_COLUMNS, UNIT_COLUMNS, Demand, empty_units, make_units
from servicecircle.errors import InputDataError
from servicecircle.sources.area import WGS84, StudyArea

logger = logging.getLogger(__name__)


def _metric(frame: gpd.GeoDataFrame, crs: pyproj.CRS) -> gpd.GeoDataFrame:
    return frame.to_crs(crs)


def demand_from_area(
    area: StudyArea,
    *,
    settings: DemandSettings | None = None,
    relocation: gpd.GeoDataFrame | None = None,
    industrial: gpd.GeoDataFrame | None = None,
    user_points: gpd.GeoDataFrame | None = None,
    user_mode: Literal["add", "replace"] = "add",
    boundaries: gpd.GeoDataFrame | None = None,
    census: dict[str, float] | None = None,
) -> Demand:
    """Estimate the demand units of a study area.

    Parameters
    ----------
    area
        The study area.
    settings
        Population and employment assumptions (the defaults when ``None``).
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
        Optional unit name -> population, to scale residents.

    Returns
    -------
    Demand
        Units in WGS-84, areas in WGS-84, assumptions.
    """
    settings = settings or DemandSettings()
    crs = area.local_crs()
    spacing = settings.access_spacing_m
    pieces: list[gpd.GeoDataFrame] = []
    area_tables: list[gpd.GeoDataFrame] = []
    landuse = _metric(area.landuse, crs)
    other_levels = settings.levels_other or settings.levels_house
    notes: list[str] = []

    if user_mode == "replace" and (user_points is None or len(user_points) == 0):
        raise InputDataError(
            "Demand points were chosen to replace the estimate, but none were given. "
            "Upload a point layer with a people column, or choose 'add'."
        )
    if user_mode not in ("add", "replace"):
        raise InputDataError(f"user_mode must be 'add' or 'replace', not {user_mode!r}")

    if user_mode == "add":
        buildings = _metric(area.buildings, crs)
        footprint = buildings.geometry.area.to_numpy()
        inside = shapely.point_on_surface(buildings.geometry.to_numpy())
        landuse_at = landuse_class_at(inside, landuse)
        kinds = buildings["building"].to_numpy()
        is_industrial = np.isin(kinds, list(INDUSTRIAL_TYPES))
        typed_residential = np.isin(kinds, list(HOUSE_TYPES | APARTMENT_TYPES))
        generic = kinds == "yes"
        in_nonres = np.isin(landuse_at.astype(str), list(NON_RESIDENTIAL_LANDUSE))
        is_residential = (typed_residential | (generic & ~in_nonres)) & (
            footprint >= settings.min_footprint_m2
        )
        levels, other_levels = levels_for(buildings, settings)
        people = footprint * levels * settings.usable_share / settings.m2_per_person
        res = is_residential
        pieces.append(
            make_units(
                inside[res],
                cls="residential",
                source="building",
                people=people[res],
                area_id=np.full(int(res.sum()), -1),
                name=buildings["name"].to_numpy()[res],
                crs=crs,
            )
        )
        # residential land use with no residential building inside: area × density
        residential_landuse = landuse[landuse["landuse"] == "residential"].reset_index(drop=True)
        if len(residential_landuse):
            tree = shapely.STRtree(residential_landuse.geometry.to_numpy())
            _, hit = tree.query(inside[res], predicate="within")
            empty = np.setdiff1d(np.arange(len(residential_landuse)), hit)
            bare, trimmed_ha = populated_parts(
                residential_landuse.iloc[empty],
                area.edges.to_crs(crs),
                settings.populated_within_m,
                settings.access_spacing_m,
            )
            if trimmed_ha > 0:
                notes.append(
                    f"{trimmed_ha:,.1f} ha of residential land use without buildings lie more "
                    f"than {settings.populated_within_m:g} m from any road and were not counted"
                )
            if len(bare):
                bare_areas = gpd.GeoDataFrame(
                    {
                        "area_id": np.arange(len(bare), dtype="int64"),
                        "class": "residential",
                        "name": bare["name"].to_numpy(),
                        "people": bare.geometry.area.to_numpy()
                        / 10_000.0
                        * settings.residential_density_per_ha,
                        "must_cover": False,
                    },
                    geometry=bare.geometry.to_numpy(),
                    crs=crs,
                )
                area_tables.append(bare_areas)
        # industrial land use and industrial buildings outside it
        osm_industrial = landuse[landuse["landuse"] == "industrial"]
        standalone = buildings[is_industrial & (landuse_at != "industrial")]
        industrial_polygons = pd.concat(
            [osm_industrial[["name", "geometry"]], standalone[["name", "geometry"]]],
            ignore_index=True,
        )
        if len(industrial_polygons):
            first = sum(len(t) for t in area_tables)
            area_tables.append(
                gpd.GeoDataFrame(
                    {
                        "area_id": np.arange(first, first + len(industrial_polygons)),
                        "class": "industrial",
                        "name": industrial_polygons["name"].to_numpy(),
                        "people": industrial_polygons.geometry.area.to_numpy()
                        / 10_000.0
                        * settings.industrial_jobs_per_ha,
                        "must_cover": True,
                    },
                    geometry=industrial_polygons.geometry.to_numpy(),
                    crs=crs,
                )
            )

    first = sum(len(t) for t in area_tables)
    planner_industrial = industrial
    if (
        planner_industrial is not None
        and "workers" in planner_industrial.columns
        and "people" not in planner_industrial.columns
    ):  # a file with both keeps its 'people' column
        planner_industrial = planner_industrial.rename(columns={"workers": "people"})
    extra_industrial = planner_areas(
        planner_industrial,
        cls="industrial",
        per_ha=settings.industrial_jobs_per_ha,
        crs=crs,
        first_id=first,
        what="industrial area",
    )
    area_tables.append(extra_industrial)
    first += len(extra_industrial)
    relocation_areas = planner_areas(
        relocation,
        cls="relocation",
        per_ha=settings.residential_density_per_ha,
        crs=crs,
        first_id=first,
        what="relocation area",
    )
    area_tables.append(relocation_areas)
    areas = (
        pd.concat([t for t in area_tables if len(t)], ignore_index=True)
        if any(len(t) for t in area_tables)
        else relocation_areas
    )
    areas = gpd.GeoDataFrame(areas, geometry="geometry", crs=crs)
    unnamed = areas["name"].isna() | (areas["name"].astype(str).str.strip() == "")
    areas.loc[unnamed, "name"] = [
        f"{cls} area {aid}"
        for cls, aid in zip(areas.loc[unnamed, "class"], areas.loc[unnamed, "area_id"], strict=True)
    ]
    access_units, _ = area_units(areas, spacing, source="area")
    pieces.append(access_units)

    if user_points is not None and len(user_points):
        pieces.append(_user_units(user_points, crs))

    units = (
        pd.concat([p for p in pieces if len(p)], ignore_index=True)
        if any(len(p) for p in pieces)
        else empty_units(crs)
    )
    units = gpd.GeoDataFrame(units, geometry="geometry", crs=crs).to_crs(WGS84)
    admin, admin_notes = admin_units(area.boundaries if boundaries is None else boundaries)
    notes.extend(admin_notes)
    units = assign_admin_units(units, admin)
    if census:
        units = scale_to_census(units, census)
    units.index.name = "unit_id"
    units = units[list(UNIT_COLUMNS)]
    areas_wgs = areas.to_crs(WGS84)
    if len(areas_wgs):
        area_people = units[units["area_id"] >= 0].groupby("area_id")["people"].sum()
        areas_wgs["people"] = areas_wgs["area_id"].map(area_people).fillna(0.0).to_numpy()
    assumptions = {
        "m2_per_person": settings.m2_per_person,
        "usable_share": settings.usable_share,
        "levels_house": settings.levels_house,
        "levels_apartment": settings.levels_apartment,
        "levels_other": other_levels,
        "min_footprint_m2": settings.min_footprint_m2,
        "residential_density_per_ha": settings.residential_density_per_ha,
        "industrial_jobs_per_ha": settings.industrial_jobs_per_ha,
        "access_spacing_m": spacing,
        "formula": "people = footprint × levels × usable share ÷ m² per person",
        "user_mode": user_mode,
        "census_scaled": sorted(census) if census else [],
        "populated_within_m": settings.populated_within_m,
        "notes": notes,
    }
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
    )


def _user_units(points: gpd.GeoDataFrame, crs: pyproj.CRS) -> gpd.GeoDataFrame:
    if points.crs is None:
        raise InputDataError("The demand points have no coordinate system; state it when loading.")
    if not points.geom_type.eq("Point").all():
        bad = int((~points.geom_type.eq("Point")).sum())
        raise InputDataError(
            f"Demand points must be points; {bad} features are not. Use a point layer "
            "(or upload areas as relocation/industrial layers)."
        )
    column = people_column(points)
    if column is None:
        raise InputDataError(
            "The demand points have no people column. Add a column named people "
            f"(or one of: {', '.join(PEOPLE_COLUMNS)})."
        )
    people = checked_people(points, column, what="demand points", blank_allowed=False)
    metric = points.to_crs(crs)
    names = points["name"].astype(object).to_numpy() if "name" in points.columns else None
    return make_units(
        metric.geometry.to_numpy(),
        cls="user",
        source="upload",
        people=people,
        area_id=np.full(len(points), -1),
        name=names,
        crs=crs,
    )
