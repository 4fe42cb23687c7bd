"""Demand settings and the vocabulary of demand classes and building types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from servicecircle.errors import InputDataError

DemandClass = Literal["residential", "industrial", "relocation", "user"]
DEMAND_CLASSES: tuple[str, ...] = ("residential", "industrial", "relocation", "user")
MUST_COVER_CLASSES: tuple[str, ...] = ("industrial", "relocation")

HOUSE_TYPES = frozenset(
    {"house", "detached", "semidetached_house", "terrace", "bungalow", "farm", "cabin"}
)
APARTMENT_TYPES = frozenset({"apartments", "residential", "dormitory", "block"})
INDUSTRIAL_TYPES = frozenset({"industrial", "warehouse", "factory", "manufacture"})
NON_RESIDENTIAL_LANDUSE = frozenset(
    {
        "commercial",
        "retail",
        "industrial",
        "civil",
        "military",
        "railway",
        "cemetery",
        "education",
        "religious",
        "construction",
        "farmyard",
        "quarry",
        "landfill",
        "port",
    }
)


@dataclass(frozen=True)
class DemandSettings:
    """Population and employment assumptions (every one is listed in the report).

    Attributes
    ----------
    m2_per_person
        Dwelling floor area per person (2020 census: urban 36.5, large cities 30–33).
    usable_share
        Share of gross floor area that is dwelling space.
    levels_house, levels_apartment
        Levels assumed for untagged houses and apartment/residential blocks.
    levels_other
        Levels for untagged generic buildings (``building=yes``) counted as
        residential; ``None`` takes the median of the tagged residential
        buildings in the area when at least ten are tagged, else ``levels_house``.
    min_footprint_m2
        Smaller buildings (sheds, garages) hold no residents.
    residential_density_per_ha
        People per hectare of residential land use without mapped buildings.
    industrial_jobs_per_ha
        Workers per hectare of industrial land use or building footprint.
    access_spacing_m
        Spacing of the access points that represent a large area.
    populated_within_m
        Residential land use without mapped buildings counts as populated only
        within this distance of a road (beyond it, usually outside the
        extract's mapped area, nobody can live unreached by any road).
    """

    m2_per_person: float = 33.0
    usable_share: float = 0.8
    levels_house: float = 1.0
    levels_apartment: float = 6.0
    levels_other: float | None = None
    min_footprint_m2: float = 30.0
    residential_density_per_ha: float = 100.0
    industrial_jobs_per_ha: float = 60.0
    access_spacing_m: float = 100.0
    populated_within_m: float = 300.0

    def __post_init__(self) -> None:
        checks = {
            "m2_per_person": self.m2_per_person > 0,
            "usable_share": 0 < self.usable_share <= 1,
            "levels_house": self.levels_house > 0,
            "levels_apartment": self.levels_apartment > 0,
            "access_spacing_m": self.access_spacing_m > 0,
            "residential_density_per_ha": self.residential_density_per_ha >= 0,
            "industrial_jobs_per_ha": self.industrial_jobs_per_ha >= 0,
        }
        wrong = [name for name, ok in checks.items() if not ok]
        if wrong:
            raise InputDataError(
                f"Demand settings out of range: {', '.join(wrong)}. Use positive values "
                "(usable share between 0 and 1)."
            )
