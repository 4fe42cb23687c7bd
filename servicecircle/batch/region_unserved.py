"""A region that no outlet reaches today: everybody out of reach, every populated unit a gap.

:func:`~servicecircle.coverage.coverage_from` refuses a run without outlets:
for one study area that is a planner's mistake. In a batch it is a region
that needs siting most: no outlet stands within its halo, so no outlet on
either side of its border serves anyone in it. :func:`unserved_coverage`
measures it as such: the same columns and tables as a run with outlets, every
unit unreachable and uncovered at every break and by every standard, the gaps
all its populated units, no outlet and no service area. New sites are then
chosen for it as for any other region
(:func:`~servicecircle.batch.region_siting.site_region`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.inputs.crs import WGS84

if TYPE_CHECKING:
    from servicecircle.coverage import Coverage, CoverageSettings
    from servicecircle.demand import Demand
    from servicecircle.inputs.area import StudyArea
    from servicecircle.network import Network


def nobody_reached(units: gpd.GeoDataFrame) -> pd.DataFrame:
    """The nearest-outlet table of ``units`` when there is no outlet: none within any minutes."""
    return pd.DataFrame(
        {
            "minutes": np.full(len(units), np.inf),
            "outlet": pd.Series([None] * len(units), index=units.index, dtype=object),
            "standard": np.zeros(len(units), dtype=bool),
        },
        index=units.index,
    )


def unserved_coverage(
    area: StudyArea,
    demand: Demand,
    outlets: gpd.GeoDataFrame,
    *,
    settings: CoverageSettings,
    networks: Mapping[str, Network],
) -> Coverage:
    """The coverage of ``demand`` when no outlet reaches it (``outlets`` is empty).

    Parameters
    ----------
    area
        The region's halo area.
    demand
        The region's demand (at least one unit).
    outlets
        The halo's outlets as prepared (empty, with the prepared columns).
    settings
        The coverage settings.
    networks
        The networks of the halo by mode (the run's mode is measured for the
        units' distance to the roads).

    Returns
    -------
    Coverage
        Every unit ``reachable`` False and uncovered; gaps, tables and the
        outlets table as :func:`~servicecircle.coverage.coverage_from` gives
        them; no service areas.
    """
    from servicecircle.coverage import Coverage
    from servicecircle.coverage.measure import (
        coverage_tables,
        flag_units,
        networks_for,
        road_distances,
    )
    from servicecircle.coverage.staffing import outlets_with_staff

    built = networks_for(area, {settings.mode}, networks, settings=settings)
    road_m = road_distances({settings.mode: built[settings.mode]}, demand.units)
    units = flag_units(
        demand.units, nobody_reached(demand.units), road_m, area.inside(demand.units), settings
    )
    outlet_table = outlets_with_staff(
        outlets.to_crs(WGS84).assign(mode=pd.Series(dtype=object), minutes=pd.Series(dtype=float)),
        demand.units,
        built,
        settings,
    )
    isochrones = gpd.GeoDataFrame({"minutes": [], "people": []}, geometry=[], crs=WGS84)
    return Coverage(
        demand=units,
        outlets=outlet_table,
        isochrones=isochrones,
        settings=settings,
        networks={name: net.summary() for name, net in built.items()},
        **coverage_tables(area, demand, units, settings),
    )
