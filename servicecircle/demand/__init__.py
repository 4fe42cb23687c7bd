"""Demand units: who needs to be within reach, and how many people each stands for.

The package reads as the estimate's steps:

- :mod:`~servicecircle.demand.settings`: :class:`DemandSettings` and the class vocabulary;
- :mod:`~servicecircle.demand.counts`: people columns as planners write them;
- :mod:`~servicecircle.demand.buildings`: residents of buildings;
- :mod:`~servicecircle.demand.areas`: land use, relocation and industrial areas, and the
  access points that represent them;
- :mod:`~servicecircle.demand.units`: the :class:`Demand` result;
- :mod:`~servicecircle.demand.estimate`: :func:`demand_from_area`, the composition.
"""

from servicecircle.demand.areas import grid_points_in
from servicecircle.demand.counts import (
    PEOPLE_COLUMNS,
    checked_people,
    people_column,
    people_counts,
)
from servicecircle.demand.estimate import demand_from_area
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
from servicecircle.demand.units import AREA_COLUMNS, UNIT_COLUMNS, Demand

__all__ = [
    "APARTMENT_TYPES",
    "AREA_COLUMNS",
    "DEMAND_CLASSES",
    "HOUSE_TYPES",
    "INDUSTRIAL_TYPES",
    "MUST_COVER_CLASSES",
    "NON_RESIDENTIAL_LANDUSE",
    "PEOPLE_COLUMNS",
    "UNIT_COLUMNS",
    "Demand",
    "DemandClass",
    "DemandSettings",
    "checked_people",
    "demand_from_area",
    "grid_points_in",
    "people_column",
    "people_counts",
]
