"""Residents of buildings: footprint × levels × usable share ÷ m² per person."""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from servicecircle.demand.settings import APARTMENT_TYPES, HOUSE_TYPES, DemandSettings


def levels_for(buildings: gpd.GeoDataFrame, settings: DemandSettings) -> tuple[np.ndarray, float]:
    kinds = buildings["building"].to_numpy()
    tagged = buildings["levels"].to_numpy(float)
    height_levels = np.floor(buildings["height"].to_numpy(float) / 3.0)
    other = settings.levels_other
    if other is None:
        known = tagged[np.isfinite(tagged) & (tagged > 0)]
        other = float(np.median(known)) if len(known) >= 10 else settings.levels_house
    default = np.where(
        np.isin(kinds, list(APARTMENT_TYPES)),
        settings.levels_apartment,
        np.where(np.isin(kinds, list(HOUSE_TYPES)), settings.levels_house, other),
    )
    levels = np.where(np.isfinite(tagged) & (tagged > 0), tagged, np.nan)
    levels = np.where(np.isnan(levels) & (height_levels >= 1), height_levels, levels)
    return np.where(np.isnan(levels), default, levels), float(other)
