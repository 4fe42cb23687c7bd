"""Regional profiles: the defaults a region's housing calls for, and how one is chosen.

Three profiles (:data:`PROFILES`):

``china_city``
    Chinese cities (街道, urban districts, county seats): 36.5 m² of housing
    per person, the 2020 census figure for city households (人均住房建筑面积
    36.52 m², 《中国人口普查年鉴—2020》, National Bureau of Statistics, 2022);
    untagged blocks of 6 storeys (the walk-up 多层 stock that dominates
    untagged data; towers are usually tagged), generic buildings of 4;
    400 people per hectare of residential land (a 小区 at a floor-area ratio
    of about 1.5, at 36.5 m² per person).
``china_town``
    Chinese towns and villages (镇, 乡, 村): 44 m² per person, between the
    census figures for towns (about 41.5 m²) and villages (46.80 m²); houses
    of 2-3 storeys (自建房), generic buildings of 2; 150 people per hectare of
    village land (homesteads of 150-250 m² for a household of about three,
    with lanes).
``elsewhere``
    Anywhere else (no national statistic is assumed): 45 m² of dwelling
    space per person (the order of Swiss, Austrian and German averages),
    houses of 2 storeys, apartment blocks of 4, generic buildings of 1.5 (a
    mix of two-storey homes and the one-storey barns, garages and workshops
    that untagged data does not tell apart), and 30 people per hectare of
    residential land (low-rise neighbourhoods, roads and gardens included).
    On the 2013 Liechtenstein extract this gives about 36,800 residents
    (census: 36,838).

Each profile also states a plausible band of residents per km² of residential
land and of the study area; outside it, the demand quality carries a warning
(:mod:`servicecircle.demand.quality`).

How the profile is chosen (``DemandSettings.profile = "auto"``,
:func:`choose_profile`):

1. Inside or outside China: the study area's centre against a coarse
   outline of mainland China and Hainan (Natural Earth 1:110m, public
   domain; borders are right to some 10-20 km, so set the profile by hand
   for an area on the border).
2. City or town and village, by the first rule that has data:

   a. the administrative units' names: most townships named ...街道 (a
      city's subdistricts) make a city; most named ...镇 or ...乡, a town;
   b. at least :data:`MIN_KNOWN_LEVELS` buildings with levels (or a
      height): a median of at least :data:`CITY_MEDIAN_LEVELS` storeys makes
      a city (multi-storey housing);
   c. at least :data:`MIN_BUILDINGS` buildings: a median footprint of at
      least :data:`CITY_MEDIAN_FOOTPRINT_M2` makes a city (apartment blocks,
      not village houses of 80-200 m²);
   d. otherwise a city.

The planner can name the profile instead (``profile="china_town"``), and any
single value in :class:`~servicecircle.demand.settings.DemandSettings` wins
over the profile's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pyproj

from servicecircle.demand.china_outline import in_china
from servicecircle.inputs.area import StudyArea

MIN_KNOWN_LEVELS: Final = 20
"""Buildings with levels or a height needed before their median decides city or town."""

CITY_MEDIAN_LEVELS: Final = 4.0
"""Median storeys (of buildings with levels or a height) from which an area is a city."""

MIN_BUILDINGS: Final = 50
"""Buildings needed before their median footprint decides city or town."""

CITY_MEDIAN_FOOTPRINT_M2: Final = 250.0
"""Median building footprint (m²) from which an area is a city."""


@dataclass(frozen=True)
class RegionProfile:
    """Defaults for one kind of region (see the module docstring).

    Attributes
    ----------
    name
        ``"china_city"``, ``"china_town"`` or ``"elsewhere"``.
    label
        In words, for the report ("Chinese city").
    m2_per_person
        Housing floor area per person (m²).
    levels_house, levels_apartment, levels_generic
        Storeys of untagged houses, apartment blocks and generic buildings
        (``building=yes``) when the area has too few tagged ones for a median.
    residential_density_per_ha
        People per hectare of residential land without mapped homes.
    residential_land_band
        Plausible residents per km² of residential land (low, high).
    study_area_band
        Plausible residents per km² of the study area (low, high).
    source
        Where the numbers come from.
    """

    name: str
    label: str
    m2_per_person: float
    levels_house: float
    levels_apartment: float
    levels_generic: float
    residential_density_per_ha: float
    residential_land_band: tuple[float, float]
    study_area_band: tuple[float, float]
    source: str

    def to_json(self) -> dict[str, Any]:
        """The profile as plain JSON-ready values."""
        values = asdict(self)
        values["residential_land_band"] = list(self.residential_land_band)
        values["study_area_band"] = list(self.study_area_band)
        return values


PROFILES: dict[str, RegionProfile] = {
    "china_city": RegionProfile(
        name="china_city",
        label="Chinese city",
        m2_per_person=36.5,
        levels_house=3.0,
        levels_apartment=6.0,
        levels_generic=4.0,
        residential_density_per_ha=400.0,
        residential_land_band=(15_000.0, 80_000.0),
        study_area_band=(3_000.0, 40_000.0),
        source=(
            "2020 census, city households: 36.52 m² of housing per person "
            "(China Population Census Yearbook 2020, NBS 2022)"
        ),
    ),
    "china_town": RegionProfile(
        name="china_town",
        label="Chinese town and village",
        m2_per_person=44.0,
        levels_house=2.0,
        levels_apartment=5.0,
        levels_generic=2.0,
        residential_density_per_ha=150.0,
        residential_land_band=(5_000.0, 40_000.0),
        study_area_band=(150.0, 15_000.0),
        source=(
            "2020 census: towns about 41.5, village households 46.80 m² of housing per "
            "person (China Population Census Yearbook 2020, NBS 2022)"
        ),
    ),
    "elsewhere": RegionProfile(
        name="elsewhere",
        label="region outside China",
        m2_per_person=45.0,
        levels_house=2.0,
        levels_apartment=4.0,
        levels_generic=1.5,
        residential_density_per_ha=30.0,
        residential_land_band=(1_000.0, 40_000.0),
        study_area_band=(20.0, 30_000.0),
        source=(
            "generic European values: about 45 m² of dwelling space per person, "
            "30 people per hectare of low-rise residential land"
        ),
    ),
}
"""The regional profiles by name."""

PROFILE_NAMES: tuple[str, ...] = ("auto", *PROFILES)
"""Values of ``DemandSettings.profile``: ``"auto"`` chooses from the study area."""


@dataclass(frozen=True)
class ProfileChoice:
    """The profile used and why.

    Attributes
    ----------
    profile
        The regional profile.
    reason
        How it was chosen, in words (listed in the assumptions and the report).
    """

    profile: RegionProfile
    reason: str


def _township_names(area: StudyArea) -> list[str]:
    """Names of the area's township-level units (the most common admin level above 10)."""
    boundaries = area.boundaries
    if len(boundaries) == 0:
        return []
    levels = boundaries["admin_level"].to_numpy()
    upper = levels[(levels >= 7) & (levels <= 9)]
    if len(upper) == 0:
        return []
    level = np.bincount(upper.astype(int)).argmax()
    names = boundaries.loc[levels == level, ["name", "name_zh"]]
    return [
        str(zh if isinstance(zh, str) and zh.strip() else name).strip()
        for name, zh in names.itertuples(index=False)
        if isinstance(zh, str) or isinstance(name, str)
    ]


def _by_names(names: list[str]) -> tuple[str, str] | None:
    city = sum(name.endswith("街道") for name in names)
    town = sum(name.endswith(("镇", "乡")) for name in names)
    if city + town == 0:
        return None
    if city >= town:
        return "china_city", f"{city} of {len(names)} townships are subdistricts (街道)"
    return "china_town", f"{town} of {len(names)} townships are towns (镇/乡)"


def _levels_known(buildings: gpd.GeoDataFrame, metres_per_level: float) -> np.ndarray:
    levels = buildings["levels"].to_numpy(float)
    from_height = np.floor(buildings["height"].to_numpy(float) / metres_per_level)
    known = np.where(np.isfinite(levels) & (levels > 0), levels, from_height)
    return np.asarray(known[np.isfinite(known) & (known >= 1)], dtype=np.float64)


def _by_buildings(
    buildings: gpd.GeoDataFrame, crs: pyproj.CRS, metres_per_level: float, min_footprint: float
) -> tuple[str, str]:
    known = _levels_known(buildings, metres_per_level)
    if len(known) >= MIN_KNOWN_LEVELS:
        median = float(np.median(known))
        kind = "china_city" if median >= CITY_MEDIAN_LEVELS else "china_town"
        return kind, f"median of {len(known)} buildings with levels or a height: {median:g} storeys"
    footprints = buildings.geometry.to_crs(crs).area.to_numpy()
    footprints = footprints[footprints >= min_footprint]
    if len(footprints) >= MIN_BUILDINGS:
        median = float(np.median(footprints))
        kind = "china_city" if median >= CITY_MEDIAN_FOOTPRINT_M2 else "china_town"
        return kind, f"median footprint of {len(footprints)} buildings: {median:,.0f} m²"
    return "china_city", "too few buildings to tell a town from a city"


def choose_profile(
    area: StudyArea,
    profile: str = "auto",
    *,
    metres_per_level: float = 3.0,
    min_footprint_m2: float = 30.0,
) -> ProfileChoice:
    """The regional profile for ``area`` (see the module docstring for the rule).

    Parameters
    ----------
    area
        The study area.
    profile
        ``"auto"`` or the name of a profile in :data:`PROFILES`.
    metres_per_level
        Storey height, to read levels from a ``height``.
    min_footprint_m2
        Smaller buildings do not count towards the median footprint.

    Returns
    -------
    ProfileChoice
        The profile and the reason, in words.
    """
    if profile != "auto":
        return ProfileChoice(PROFILES[profile], "set by the planner")
    lon, lat = area.centre
    if not in_china(lon, lat):
        return ProfileChoice(
            PROFILES["elsewhere"], f"centre {lon:.2f}°E {lat:.2f}°N lies outside China"
        )
    decided = _by_names(_township_names(area))
    if decided is None:
        decided = _by_buildings(
            area.buildings, area.local_crs(), metres_per_level, min_footprint_m2
        )
    name, why = decided
    return ProfileChoice(PROFILES[name], f"in China; {why}")
