"""Residents of buildings: footprint × levels × usable share ÷ m² per person.

Levels come from ``building:levels``; where that is missing, from ``height``
(``floor(height / metres_per_level)``, at least 1); where both are missing,
they are assumed: the settings' (or profile's) levels for houses and for
apartment blocks, and for generic buildings ``levels_other``, or the median
of the known levels of the area's *residential* buildings when at least
:data:`MIN_FOR_MEDIAN` have them, or else the profile's generic levels.
Each building's ``levels_source`` says which (``tagged``, ``height``,
``assumed``; ``land`` for a footprint counted as land, below).

A residential "building" with a footprint over ``max_footprint_m2`` is no
building (a whole compound or a mall drawn as one): it counts as land, its
footprint × the land-use density (:func:`residents`), and is flagged.
"""

from __future__ import annotations

from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.demand.evidence import RESIDENTIAL, residential_evidence
from servicecircle.demand.settings import APARTMENT_TYPES, HOUSE_TYPES, DemandSettings
from servicecircle.demand.units import BUILDING_COLUMNS

MIN_FOR_MEDIAN: Final = 10
"""Residential buildings with known levels needed before their median is used."""

LEVEL_SOURCES: tuple[str, ...] = ("tagged", "height", "assumed", "land")


def known_levels(
    buildings: gpd.GeoDataFrame, metres_per_level: float
) -> tuple[np.ndarray, np.ndarray]:
    """Levels each building states, and where from (``tagged``, ``height`` or ``None``).

    >>> import geopandas as gpd
    >>> frame = gpd.GeoDataFrame({"levels": [5.0, None, None], "height": [None, 9.5, None]})
    >>> levels, source = known_levels(frame, 3.0)
    >>> levels.tolist(), source.tolist()
    ([5.0, 3.0, nan], ['tagged', 'height', None])
    """
    tagged = buildings["levels"].to_numpy(float)
    height = buildings["height"].to_numpy(float)
    has_tag = np.isfinite(tagged) & (tagged > 0)
    has_height = ~has_tag & np.isfinite(height) & (height > 0)
    from_height = np.maximum(np.floor(np.where(has_height, height, 0.0) / metres_per_level), 1.0)
    levels = np.where(has_tag, tagged, np.where(has_height, from_height, np.nan))
    source = np.full(len(levels), None, dtype=object)
    source[has_tag] = "tagged"
    source[has_height] = "height"
    return levels, source


def generic_levels(
    levels: np.ndarray, residential: np.ndarray, settings: DemandSettings, fallback: float
) -> tuple[float, str]:
    """Levels for untagged generic buildings, and how they were found (in words).

    Parameters
    ----------
    levels
        Known levels of every building (NaN where unknown), from :func:`known_levels`.
    residential
        Which buildings hold residents.
    settings
        ``levels_other`` wins when set.
    fallback
        The profile's generic levels, when too few residential buildings have levels.
    """
    if settings.levels_other is not None:
        return float(settings.levels_other), "set by the planner"
    known = levels[residential & np.isfinite(levels)]
    if len(known) >= MIN_FOR_MEDIAN:
        return float(np.median(known)), f"median of {len(known)} residential buildings with levels"
    return float(fallback), (
        f"regional profile ({len(known)} residential buildings with levels, "
        f"fewer than {MIN_FOR_MEDIAN})"
    )


def levels_for(
    buildings: gpd.GeoDataFrame,
    residential: np.ndarray,
    settings: DemandSettings,
    fallback_generic: float,
) -> tuple[np.ndarray, np.ndarray, float, str]:
    """Levels of every building, their source, and the generic levels used (with their reason).

    ``settings`` must be resolved (:meth:`DemandSettings.resolved`).
    """
    levels, source = known_levels(buildings, settings.metres_per_level)
    other, why = generic_levels(levels, residential, settings, fallback_generic)
    kinds = buildings["building"].astype(str).to_numpy()
    assumed = np.where(
        np.isin(kinds, list(APARTMENT_TYPES)),
        float(settings.levels_apartment or 0.0),
        np.where(np.isin(kinds, list(HOUSE_TYPES)), float(settings.levels_house or 0.0), other),
    )
    unknown = ~np.isfinite(levels)
    source = np.where(unknown, "assumed", source).astype(object)
    return np.where(unknown, assumed, levels), source, other, why


def residents(
    buildings: gpd.GeoDataFrame,
    decision: pd.Series,
    levels: np.ndarray,
    settings: DemandSettings,
) -> tuple[pd.Series, pd.Series]:
    """People in each building, and which buildings are counted as land.

    Parameters
    ----------
    buildings
        Buildings in a metric CRS.
    decision
        From :func:`~servicecircle.demand.evidence.residential_evidence`.
    levels
        From :func:`levels_for`.
    settings
        Resolved settings.

    Returns
    -------
    tuple of pandas.Series
        People (0 for buildings that hold none), and ``as_land`` (True for a
        residential footprint over ``max_footprint_m2``, counted at the
        land-use density), both aligned to ``buildings.index``.
    """
    footprint = buildings.geometry.area.to_numpy()
    home = decision.to_numpy() == RESIDENTIAL
    as_land = home & (footprint > settings.max_footprint_m2)
    by_floor = footprint * levels * settings.usable_share / float(settings.m2_per_person or 1.0)
    by_land = footprint / 10_000.0 * float(settings.residential_density_per_ha or 0.0)
    people = np.where(as_land, by_land, np.where(home, by_floor, 0.0))
    index = buildings.index
    return pd.Series(people, index=index, name="people"), pd.Series(as_land, index=index)


def building_table(
    buildings: gpd.GeoDataFrame,
    context: gpd.GeoDataFrame,
    settings: DemandSettings,
    *,
    fallback_generic: float,
    overrides: gpd.GeoDataFrame | None = None,
) -> tuple[gpd.GeoDataFrame, np.ndarray, str]:
    """Every building with its decision, basis, levels and residents (metric CRS).

    Parameters
    ----------
    buildings
        The ``buildings`` layer in a metric CRS.
    context
        Land use and grounds (:func:`~servicecircle.demand.evidence.context_polygons`).
    settings
        Resolved settings.
    fallback_generic
        The profile's levels for generic buildings.
    overrides
        The planner's override areas (metric CRS).

    Returns
    -------
    tuple
        The table (:data:`~servicecircle.demand.units.BUILDING_COLUMNS`), the
        people each building's floor area would hold were it a home (to state
        what the evidence took out), and how the generic levels were found.
    """
    evidence = residential_evidence(buildings, context, settings, overrides=overrides)
    home = (evidence["decision"] == RESIDENTIAL).to_numpy()
    levels, source, other, why = levels_for(buildings, home, settings, fallback_generic)
    people, as_land = residents(buildings, evidence["decision"], levels, settings)
    footprint = buildings.geometry.area.to_numpy()
    floor_people = footprint * levels * settings.usable_share / float(settings.m2_per_person or 1.0)
    land = as_land.to_numpy()
    basis = evidence["basis"].to_numpy(dtype=object).copy()
    for i in np.flatnonzero(land):
        basis[i] = (
            f"{basis[i]}; footprint {footprint[i] / 10_000:,.1f} ha over "
            f"{settings.max_footprint_m2 / 10_000:g} ha, counted as land at "
            f"{settings.residential_density_per_ha:g} people/ha"
        )
    table = gpd.GeoDataFrame(
        {
            "osm_id": buildings["osm_id"].to_numpy(),
            "building": buildings["building"].to_numpy(),
            "use": buildings["use"].to_numpy() if "use" in buildings.columns else None,
            "name": buildings["name"].to_numpy(),
            "decision": evidence["decision"].to_numpy(),
            "basis": basis,
            "ground": evidence["ground"].to_numpy(),
            "footprint_m2": footprint,
            "levels": np.where(land, np.nan, levels),
            "levels_source": np.where(land, "land", source).astype(object),
            "people": people.to_numpy(),
        },
        geometry=buildings.geometry.to_numpy(),
        crs=buildings.crs,
        index=buildings.index,
    )
    return table[list(BUILDING_COLUMNS)], floor_people, f"{other:g} ({why})"
