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
import shapely

from servicecircle.sources.area import StudyArea

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

_CHINA_OUTLINE: tuple[tuple[float, ...], ...] = (
    (
        109.48,
        18.2,
        108.66,
        18.51,
        108.63,
        19.37,
        109.12,
        19.82,
        110.21,
        20.1,
        110.79,
        20.08,
        111.01,
        19.7,
        110.57,
        19.26,
        110.34,
        18.68,
        109.48,
        18.2,
    ),
    (
        80.26,
        42.35,
        80.18,
        42.92,
        80.87,
        43.18,
        79.97,
        44.92,
        81.95,
        45.32,
        82.46,
        45.54,
        83.18,
        47.33,
        85.16,
        47,
        85.72,
        47.45,
        85.77,
        48.46,
        86.6,
        48.55,
        87.36,
        49.21,
        87.75,
        49.3,
        88.01,
        48.6,
        88.85,
        48.07,
        90.28,
        47.69,
        90.97,
        46.89,
        90.59,
        45.72,
        90.95,
        45.29,
        92.13,
        45.12,
        93.48,
        44.98,
        94.69,
        44.35,
        95.31,
        44.24,
        95.76,
        43.32,
        96.35,
        42.73,
        97.45,
        42.75,
        99.52,
        42.52,
        100.85,
        42.66,
        101.83,
        42.51,
        103.31,
        41.91,
        104.52,
        41.91,
        104.96,
        41.6,
        106.13,
        42.13,
        107.74,
        42.48,
        109.24,
        42.52,
        110.41,
        42.87,
        111.13,
        43.41,
        111.83,
        43.74,
        111.67,
        44.07,
        111.35,
        44.46,
        111.87,
        45.1,
        112.44,
        45.01,
        113.46,
        44.81,
        114.46,
        45.34,
        115.99,
        45.73,
        116.72,
        46.39,
        117.42,
        46.67,
        118.87,
        46.81,
        119.66,
        46.69,
        119.77,
        47.05,
        118.87,
        47.75,
        118.06,
        48.07,
        117.3,
        47.7,
        116.31,
        47.85,
        115.74,
        47.73,
        115.49,
        48.14,
        116.19,
        49.13,
        116.68,
        49.89,
        117.88,
        49.51,
        119.29,
        50.14,
        119.28,
        50.58,
        120.18,
        51.64,
        120.74,
        51.96,
        120.73,
        52.52,
        120.18,
        52.75,
        121,
        53.25,
        122.25,
        53.43,
        123.57,
        53.46,
        125.07,
        53.16,
        125.95,
        52.79,
        126.56,
        51.78,
        126.94,
        51.35,
        127.29,
        50.74,
        127.66,
        49.76,
        129.4,
        49.44,
        130.58,
        48.73,
        130.99,
        47.79,
        132.51,
        47.79,
        133.37,
        48.18,
        135.03,
        48.48,
        134.5,
        47.58,
        134.11,
        47.21,
        133.77,
        46.12,
        133.1,
        45.14,
        131.88,
        45.32,
        131.03,
        44.97,
        131.29,
        44.11,
        131.14,
        42.93,
        130.63,
        42.9,
        130.64,
        42.4,
        129.99,
        42.99,
        129.6,
        42.42,
        128.05,
        41.99,
        128.21,
        41.47,
        127.34,
        41.5,
        126.87,
        41.82,
        126.18,
        41.11,
        125.08,
        40.57,
        124.27,
        39.93,
        122.87,
        39.64,
        122.13,
        39.17,
        121.05,
        38.9,
        121.59,
        39.36,
        121.38,
        39.75,
        122.17,
        40.42,
        121.64,
        40.95,
        120.77,
        40.59,
        119.64,
        39.9,
        119.02,
        39.25,
        118.04,
        39.2,
        117.53,
        38.74,
        118.06,
        38.06,
        118.88,
        37.9,
        118.91,
        37.45,
        119.7,
        37.16,
        120.82,
        37.87,
        121.71,
        37.48,
        122.36,
        37.45,
        122.52,
        36.93,
        121.1,
        36.65,
        120.64,
        36.11,
        119.66,
        35.61,
        119.15,
        34.91,
        120.23,
        34.36,
        120.62,
        33.38,
        121.23,
        32.46,
        121.91,
        31.69,
        121.89,
        30.95,
        121.26,
        30.68,
        121.5,
        30.14,
        122.09,
        29.83,
        121.94,
        29.02,
        121.68,
        28.23,
        121.13,
        28.14,
        120.4,
        27.05,
        119.59,
        25.74,
        118.66,
        24.55,
        117.28,
        23.62,
        115.89,
        22.78,
        114.76,
        22.67,
        114.15,
        22.22,
        113.81,
        22.55,
        113.24,
        22.05,
        111.84,
        21.55,
        110.79,
        21.4,
        110.44,
        20.34,
        109.89,
        20.28,
        109.63,
        21.01,
        109.86,
        21.4,
        108.52,
        21.72,
        108.05,
        21.55,
        107.04,
        21.81,
        106.57,
        22.22,
        106.73,
        22.79,
        105.81,
        22.98,
        105.33,
        23.35,
        104.48,
        22.82,
        103.5,
        22.7,
        102.71,
        22.71,
        102.17,
        22.46,
        101.65,
        22.32,
        101.8,
        21.17,
        101.27,
        21.2,
        101.18,
        21.44,
        101.15,
        21.85,
        100.42,
        21.56,
        99.98,
        21.74,
        99.24,
        22.12,
        99.53,
        22.95,
        98.9,
        23.14,
        98.66,
        24.06,
        97.6,
        23.9,
        97.72,
        25.08,
        98.67,
        25.92,
        98.71,
        26.74,
        98.68,
        27.51,
        98.25,
        27.75,
        97.91,
        28.34,
        97.33,
        28.26,
        96.25,
        28.41,
        96.59,
        28.83,
        96.12,
        29.45,
        95.4,
        29.03,
        94.57,
        29.28,
        93.41,
        28.64,
        92.5,
        27.9,
        91.7,
        27.77,
        91.26,
        28.04,
        90.73,
        28.06,
        90.02,
        28.3,
        89.48,
        28.04,
        88.81,
        27.3,
        88.73,
        28.09,
        88.12,
        27.88,
        86.95,
        27.97,
        85.82,
        28.2,
        85.01,
        28.64,
        84.23,
        28.84,
        83.9,
        29.32,
        83.34,
        29.46,
        82.33,
        30.12,
        81.53,
        30.42,
        81.11,
        30.18,
        79.72,
        30.88,
        78.74,
        31.52,
        78.46,
        32.62,
        79.18,
        32.48,
        79.21,
        32.99,
        78.81,
        33.51,
        78.91,
        34.32,
        77.84,
        35.49,
        76.19,
        35.9,
        75.9,
        36.67,
        75.16,
        37.13,
        74.98,
        37.42,
        74.83,
        37.99,
        74.86,
        38.38,
        74.26,
        38.61,
        73.93,
        38.51,
        73.68,
        39.43,
        73.96,
        39.66,
        73.82,
        39.89,
        74.78,
        40.37,
        75.47,
        40.56,
        76.53,
        40.43,
        76.9,
        41.07,
        78.19,
        41.19,
        78.54,
        41.58,
        80.12,
        42.12,
        80.26,
        42.35,
    ),
)
"""Mainland China and Hainan, lon/lat pairs (Natural Earth 1:110m, public domain)."""

_CHINA: Any = shapely.MultiPolygon(
    [shapely.Polygon(np.asarray(ring).reshape(-1, 2)) for ring in _CHINA_OUTLINE]
)


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


def in_china(lon: float, lat: float) -> bool:
    """Whether ``(lon, lat)`` lies in the coarse outline of mainland China and Hainan.

    >>> in_china(118.79, 32.05)  # Nanjing
    True
    >>> in_china(9.52, 47.14)  # Vaduz
    False
    """
    return bool(shapely.contains_xy(_CHINA, lon, lat))


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
    return known[np.isfinite(known) & (known >= 1)]


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
