"""Demand units: who needs to be within reach, and how many people each stands for.

The package reads as the estimate's steps:

- :mod:`~servicecircle.demand.settings`: :class:`DemandSettings` and the class vocabulary;
- :mod:`~servicecircle.demand.profiles`: regional defaults (Chinese city, town and
  village, elsewhere) and how one is chosen;
- :mod:`~servicecircle.demand.evidence`: whether each building holds residents, and why;
- :mod:`~servicecircle.demand.buildings`: levels and residents of buildings;
- :mod:`~servicecircle.demand.areas`: residential land (its unmapped part), industrial
  land, relocation areas, and the access points that represent them;
- :mod:`~servicecircle.demand.counts`: people columns as planners write them;
- :mod:`~servicecircle.demand.units`: the :class:`Demand` result;
- :mod:`~servicecircle.demand.quality`: density, level sources and warnings;
- :mod:`~servicecircle.demand.estimate`: :func:`demand_from_area`, the composition.

Top-down totals (census tables, population grids, planners' building layers) are in
:mod:`~servicecircle.demand.census`, :mod:`~servicecircle.demand.raster` and
:mod:`~servicecircle.demand.user_buildings`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from servicecircle._lazy import lazy_exports

if TYPE_CHECKING:
    from servicecircle.demand.areas import grid_points_in
    from servicecircle.demand.counts import (
        PEOPLE_COLUMNS,
        checked_people,
        people_column,
        people_counts,
    )
    from servicecircle.demand.estimate import demand_from_area
    from servicecircle.demand.evidence import DECISIONS, residential_evidence
    from servicecircle.demand.profiles import PROFILES, ProfileChoice, RegionProfile, choose_profile
    from servicecircle.demand.quality import DemandQuality
    from servicecircle.demand.settings import (
        APARTMENT_TYPES,
        DEMAND_CLASSES,
        HOUSE_TYPES,
        INDUSTRIAL_TYPES,
        MUST_COVER_CLASSES,
        NON_RESIDENTIAL_LANDUSE,
        DemandClass,
        DemandSettings,
    )
    from servicecircle.demand.units import AREA_COLUMNS, BUILDING_COLUMNS, UNIT_COLUMNS, Demand
else:  # each name loads its module on first use (the Demand type without the estimate)
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "areas": ("grid_points_in",),
            "counts": (
                "PEOPLE_COLUMNS",
                "checked_people",
                "people_column",
                "people_counts",
            ),
            "estimate": ("demand_from_area",),
            "evidence": (
                "DECISIONS",
                "residential_evidence",
            ),
            "profiles": (
                "PROFILES",
                "ProfileChoice",
                "RegionProfile",
                "choose_profile",
            ),
            "quality": ("DemandQuality",),
            "settings": (
                "APARTMENT_TYPES",
                "DEMAND_CLASSES",
                "HOUSE_TYPES",
                "INDUSTRIAL_TYPES",
                "MUST_COVER_CLASSES",
                "NON_RESIDENTIAL_LANDUSE",
                "DemandClass",
                "DemandSettings",
            ),
            "units": (
                "AREA_COLUMNS",
                "BUILDING_COLUMNS",
                "UNIT_COLUMNS",
                "Demand",
            ),
        },
    )

__all__ = [
    "APARTMENT_TYPES",
    "AREA_COLUMNS",
    "BUILDING_COLUMNS",
    "DECISIONS",
    "DEMAND_CLASSES",
    "HOUSE_TYPES",
    "INDUSTRIAL_TYPES",
    "MUST_COVER_CLASSES",
    "NON_RESIDENTIAL_LANDUSE",
    "PEOPLE_COLUMNS",
    "PROFILES",
    "UNIT_COLUMNS",
    "Demand",
    "DemandClass",
    "DemandQuality",
    "DemandSettings",
    "ProfileChoice",
    "RegionProfile",
    "checked_people",
    "choose_profile",
    "demand_from_area",
    "grid_points_in",
    "people_column",
    "people_counts",
    "residential_evidence",
]
