"""The demand the map gives: residents of buildings and residential land, workers of industry.

:func:`osm_estimate` reads the study area's buildings, land use and grounds
(in a metric CRS): every building gets its residential decision, levels and
residents (:func:`~servicecircle.demand.buildings.building_table`); footprints
too large to be one building, residential land use without mapped buildings
and industrial land use (and industrial buildings outside it) become areas
(:mod:`~servicecircle.demand.areas`) whose people are shared among access
points later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pyproj
import shapely

from servicecircle._progress import Said
from servicecircle.demand.areas import UnmappedLand, make_areas, unmapped_residential_land
from servicecircle.demand.buildings import building_table
from servicecircle.demand.evidence import INDUSTRIAL, RESIDENTIAL, context_polygons
from servicecircle.demand.profiles import ProfileChoice
from servicecircle.demand.quality import LEVELS_ASSUMED, LEVELS_TAGGED, UnitOrigins
from servicecircle.demand.settings import DemandSettings
from servicecircle.demand.units import empty_buildings, empty_units, make_units
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.crs import WGS84

__all__ = ["OsmEstimate", "osm_estimate"]


def _no_origins() -> UnitOrigins:
    return UnitOrigins(levels=np.zeros(0, dtype=object), residential_land=np.zeros(0, dtype=bool))


@dataclass
class OsmEstimate:
    """What the OSM layers give (metric CRS): building units, areas, the building table.

    ``origins`` are those of the building units; ``areas_in_land`` says, per
    table of ``areas``, which areas lie in residential land use.
    """

    units: gpd.GeoDataFrame
    areas: list[gpd.GeoDataFrame]
    buildings: gpd.GeoDataFrame
    floor_people: np.ndarray
    floor_area: np.ndarray
    residential_km2: float = 0.0
    levels_other: str = ""
    notes: list[Said] = field(default_factory=list)
    origins: UnitOrigins = field(default_factory=_no_origins)
    areas_in_land: list[np.ndarray] = field(default_factory=list)

    @classmethod
    def empty(cls, crs: pyproj.CRS) -> OsmEstimate:
        """No estimate from the map (the planner's points replace it)."""
        return cls(
            units=empty_units(crs),
            areas=[],
            buildings=empty_buildings(crs),
            floor_people=np.zeros(0),
            floor_area=np.zeros(0),
        )


def _building_units(
    table: gpd.GeoDataFrame, settings: DemandSettings
) -> tuple[Any, np.ndarray, UnitOrigins]:
    """Units of the residential buildings counted by floor area, their floor area (m²), origins."""
    counted = ((table["decision"] == RESIDENTIAL) & (table["levels_source"] != "land")).to_numpy()
    chosen = table[counted]
    units = make_units(
        shapely.point_on_surface(chosen.geometry.to_numpy()),
        cls="residential",
        source="building",
        people=chosen["people"].to_numpy(),
        area_id=np.full(len(chosen), -1),
        name=chosen["name"].to_numpy(),
        basis=chosen["basis"].to_numpy(),
        crs=table.crs,
    )
    floor = chosen["footprint_m2"].to_numpy() * chosen["levels"].to_numpy() * settings.usable_share
    tagged = chosen["levels_source"].isin(("tagged", "height")).to_numpy()
    origins = UnitOrigins(
        levels=np.where(tagged, LEVELS_TAGGED, LEVELS_ASSUMED).astype(object),
        residential_land=(chosen["ground"] == "landuse=residential").to_numpy(bool),
    )
    return units, floor, origins


def _industrial_areas(
    context: gpd.GeoDataFrame, table: gpd.GeoDataFrame, settings: DemandSettings
) -> gpd.GeoDataFrame:
    """Industrial land use, and industrial buildings outside it: workers at jobs per hectare."""
    land = context[context["kind"] == "landuse=industrial"]
    alone = table[(table["decision"] == INDUSTRIAL) & (table["ground"] != "landuse=industrial")]
    geoms = np.concatenate([land.geometry.to_numpy(), alone.geometry.to_numpy()])
    names = np.concatenate([land["name"].to_numpy(), alone["name"].to_numpy()])
    per_ha = settings.industrial_jobs_per_ha
    return make_areas(
        geoms,
        cls="industrial",
        names=names,
        people=shapely.area(geoms) / 10_000.0 * per_ha,
        basis=np.array(
            [f"industrial land at {per_ha:g} jobs/ha"] * len(land)
            + [f"{b} at {per_ha:g} jobs/ha" for b in alone["basis"]],
            dtype=object,
        ),
        crs=context.crs,
    )


def osm_estimate(
    area: StudyArea,
    settings: DemandSettings,
    choice: ProfileChoice,
    crs: pyproj.CRS,
    overrides: gpd.GeoDataFrame | None,
) -> OsmEstimate:
    """Residents of buildings and residential land, workers of industrial land (metric CRS)."""
    stated = area.extent_basis != "data"  # a guessed extent cuts nothing
    inside = area.inside(area.buildings) if stated else np.ones(len(area.buildings), dtype=bool)
    buildings = area.buildings[inside].to_crs(crs)
    context = _context(area, crs, cut_to_extent=stated)
    override_areas = overrides.to_crs(crs) if overrides is not None and len(overrides) else None
    table, floor_people, levels_other = building_table(
        buildings,
        context,
        settings,
        fallback_generic=choice.profile.levels_generic,
        overrides=override_areas,
    )
    units, floor_area, origins = _building_units(table, settings)
    as_land = table[(table["decision"] == RESIDENTIAL) & (table["levels_source"] == "land")]
    oversized = make_areas(
        as_land.geometry.to_numpy(),
        cls="residential",
        names=as_land["name"].to_numpy(),
        people=as_land["people"].to_numpy(),
        basis=as_land["basis"].to_numpy(),
        crs=crs,
    )
    unmapped = unmapped_residential_land(context, buildings, area.edges.to_crs(crs), settings)
    industrial = _industrial_areas(context, table, settings)
    return OsmEstimate(
        units=units,
        areas=[oversized, unmapped.areas, industrial],
        buildings=table,
        floor_people=floor_people,
        floor_area=floor_area,
        residential_km2=unmapped.residential_ha / 100.0,
        levels_other=levels_other,
        notes=_estimate_notes(unmapped, len(as_land), int((~inside).sum()), settings),
        origins=origins,
        areas_in_land=[
            (as_land["ground"] == "landuse=residential").to_numpy(bool),
            np.ones(len(unmapped.areas), dtype=bool),
            np.zeros(len(industrial), dtype=bool),
        ],
    )


def _context(area: StudyArea, crs: pyproj.CRS, *, cut_to_extent: bool) -> gpd.GeoDataFrame:
    """Land use and grounds as context polygons (metric CRS), cut to the stated extent."""
    context = context_polygons(area.landuse.to_crs(crs), area.grounds.to_crs(crs))
    if not cut_to_extent:
        return context
    extent = gpd.GeoSeries([area.extent], crs=WGS84).to_crs(crs).iloc[0]
    cut = shapely.intersection(context.geometry.to_numpy(), extent)
    context = context.assign(geometry=cut)
    context = context[context.geom_type.isin(("Polygon", "MultiPolygon"))]
    return context.reset_index(drop=True)


def _estimate_notes(
    unmapped: UnmappedLand, footprints_as_land: int, outside: int, settings: DemandSettings
) -> list[Said]:
    """What the map estimate left out or counted as land, for the report."""
    notes: list[Said] = []
    if unmapped.far_ha > 0:
        notes.append(
            msg(
                "msg.demand.estimate.far_land",
                hectares=unmapped.far_ha,
                metres=settings.populated_within_m,
            )
        )
    if unmapped.unmapped_ha > 0:
        notes.append(
            msg(
                "msg.demand.estimate.unmapped_land",
                unmapped=unmapped.unmapped_ha,
                residential=unmapped.residential_ha,
                density=settings.residential_density_per_ha,
            )
        )
    if footprints_as_land:
        notes.append(
            msg(
                "msg.demand.estimate.footprints_as_land",
                count=footprints_as_land,
                largest=settings.max_footprint_m2,
            )
        )
    if outside:
        notes.append(msg("msg.demand.estimate.outside", count=outside))
    return notes
