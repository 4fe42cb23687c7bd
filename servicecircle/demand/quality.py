"""Demand quality, stated: density, where the levels came from, people by basis, a warning.

It is measured on the estimate from the map, before any census totals or
population grid rescale it: it says how far that estimate can be trusted
alone (the census audit says the rest).

An estimate from OpenStreetMap is as good as the mapping: a district with
few mapped homes comes out too thin. :func:`demand_quality` measures the
estimate against the regional profile's plausible bands
(:class:`~servicecircle.demand.profiles.RegionProfile`) and says so, with
what to do about it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.demand.evidence import RESIDENTIAL
from servicecircle.demand.profiles import RegionProfile

RESIDENT_CLASSES: tuple[str, ...] = ("residential", "relocation", "user")
"""Classes whose people live where they are counted (workers do not)."""

TOO_LOW = "likely too low: supply census totals or a population grid"
TOO_HIGH = (
    "likely too high: check the buildings counted as homes (the building table's basis), "
    "or supply census totals"
)


def _round(value: float | None, digits: int = 0) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


@dataclass(frozen=True)
class DemandQuality:
    """How far the demand estimate can be trusted (see the module docstring).

    Attributes
    ----------
    profile
        The regional profile's name, and ``profile_label`` its words.
    profile_reason
        Why this profile (:class:`~servicecircle.demand.profiles.ProfileChoice`).
    residents
        People living in the study area (residential, relocation, planner's points).
    study_area_km2, residential_land_km2
        The study extent and the residential land use in it.
    density_study_area
        Residents per km² of the study area.
    density_residential_land
        Residents of residential land use (its buildings and its unmapped
        part) per km² of it (``None`` without residential land use). Residents
        elsewhere do not count: Chinese land use is often mapped in patches.
    band_study_area, band_residential_land
        The profile's plausible (low, high) densities.
    share_tagged_levels, share_assumed_levels, share_from_land
        Shares of the residents: in buildings whose levels are tagged (or
        come from a height), in buildings whose levels are assumed, and from
        land at a density (unmapped residential land, footprints too large to
        be buildings, the planner's areas). The rest are the planner's
        points. ``None`` without residents.
    people_by_basis
        Residents by the basis of their building or area.
    buildings_by_decision
        Number of buildings by decision (residential, non-residential, industrial).
    floor_people_excluded
        The people the floor area of the non-residential buildings would
        have held, by basis (what the evidence took out).
    warnings
        Sentences for the planner when a density is outside its band.
    """

    profile: str
    profile_label: str
    profile_reason: str
    residents: float
    study_area_km2: float
    residential_land_km2: float
    density_study_area: float | None
    density_residential_land: float | None
    band_study_area: tuple[float, float]
    band_residential_land: tuple[float, float]
    share_tagged_levels: float | None
    share_assumed_levels: float | None
    share_from_land: float | None
    people_by_basis: dict[str, float] = field(default_factory=dict)
    buildings_by_decision: dict[str, int] = field(default_factory=dict)
    floor_people_excluded: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def warning(self) -> str | None:
        """The warnings in one text, or ``None``."""
        return " ".join(self.warnings) or None

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready values (rounded), for ``summary.json``'s ``demand_quality``."""
        return {
            "profile": self.profile,
            "profile_label": self.profile_label,
            "profile_reason": self.profile_reason,
            "residents": _round(self.residents),
            "study_area_km2": _round(self.study_area_km2, 3),
            "residential_land_km2": _round(self.residential_land_km2, 3),
            "density_study_area": _round(self.density_study_area),
            "density_residential_land": _round(self.density_residential_land),
            "band_study_area": list(self.band_study_area),
            "band_residential_land": list(self.band_residential_land),
            "share_tagged_levels": _round(self.share_tagged_levels, 4),
            "share_assumed_levels": _round(self.share_assumed_levels, 4),
            "share_from_land": _round(self.share_from_land, 4),
            "people_by_basis": {k: _round(v) for k, v in self.people_by_basis.items()},
            "buildings_by_decision": dict(self.buildings_by_decision),
            "floor_people_excluded": {k: _round(v) for k, v in self.floor_people_excluded.items()},
            "warning": self.warning,
        }


def _basis_kind(basis: str) -> str:
    """A basis without its numbers, to group by: ``"unmapped residential land"``, ``"tag shop"``.

    >>> _basis_kind("unmapped residential land (3.0 of 4.0 ha) at 400 people/ha")
    'unmapped residential land'
    >>> _basis_kind("tag shop=mall; amenity=parking")
    'tag shop=mall'
    >>> _basis_kind("footprint 12 m² under 30 m²")
    'footprint under the smallest'
    """
    if basis.startswith("footprint ") and " under " in basis:
        return "footprint under the smallest"
    if basis.startswith("unmapped residential land"):
        return "unmapped residential land"
    basis = basis.split("; ")[0]
    return basis.split(" (")[0]


def _band_warning(
    what: str, density: float | None, band: tuple[float, float], label: str
) -> str | None:
    if density is None:
        return None
    low, high = band
    if density < low:
        verdict = TOO_LOW
    elif density > high:
        verdict = TOO_HIGH
    else:
        return None
    return (
        f"{density:,.0f} residents per km² of {what}, outside the {low:,.0f}-{high:,.0f} "
        f"expected for a {label}: {verdict}."
    )


def demand_quality(
    units: pd.DataFrame,
    buildings: pd.DataFrame,
    *,
    profile: RegionProfile,
    profile_reason: str,
    study_area_km2: float,
    residential_land_km2: float,
    floor_people: np.ndarray | None = None,
    residents_of_residential_land: float | None = None,
) -> DemandQuality:
    """Measure a demand estimate (see :class:`DemandQuality`).

    Parameters
    ----------
    units
        Demand units (``class``, ``source``, ``basis``, ``people``).
    buildings
        The building table (``decision``, ``basis``, ``levels_source``, ``people``).
    profile, profile_reason
        The regional profile used and why.
    study_area_km2, residential_land_km2
        Sizes of the study extent and of its residential land use.
    floor_people
        The people each building's floor area would hold (aligned to
        ``buildings``), to state what the non-residential ones were not given.
    residents_of_residential_land
        Residents living in residential land use; by default those of the
        buildings standing in it and of its unmapped part.
    """
    residents_mask = units["class"].isin(RESIDENT_CLASSES).to_numpy()
    people = units["people"].to_numpy(float)
    residents = float(people[residents_mask].sum())
    decided_home = (buildings["decision"] == RESIDENTIAL).to_numpy()
    building_people = buildings["people"].to_numpy(float)
    sources = buildings["levels_source"].to_numpy(dtype=object)
    tagged = float(building_people[decided_home & np.isin(sources, ("tagged", "height"))].sum())
    assumed = float(building_people[decided_home & (sources == "assumed")].sum())
    planner_points = float(people[(units["class"] == "user").to_numpy()].sum())
    land = max(residents - tagged - assumed - planner_points, 0.0)

    def share(value: float) -> float | None:
        return value / residents if residents > 0 else None

    by_basis = (
        pd.Series(people[residents_mask], dtype=float)
        .groupby(
            units["basis"].fillna("(none)").astype(str).map(_basis_kind).to_numpy()[residents_mask]
        )
        .sum()
        .sort_values(ascending=False)
    )
    excluded: dict[str, float] = {}
    if floor_people is not None and len(buildings):
        not_home = ~decided_home
        grouped = (
            pd.Series(np.asarray(floor_people, dtype=float)[not_home])
            .groupby(buildings["basis"].astype(str).map(_basis_kind).to_numpy()[not_home])
            .sum()
            .sort_values(ascending=False)
        )
        excluded = {str(k): float(v) for k, v in grouped.items() if v > 0}
    density_area = residents / study_area_km2 if study_area_km2 > 0 else None
    if residents_of_residential_land is None:
        in_land = (buildings["ground"] == "landuse=residential").to_numpy() & decided_home
        unmapped = units["basis"].astype(str).str.startswith("unmapped residential land")
        residents_of_residential_land = float(building_people[in_land].sum()) + float(
            people[unmapped.to_numpy()].sum()
        )
    density_land = (
        residents_of_residential_land / residential_land_km2 if residential_land_km2 > 0 else None
    )
    warnings = tuple(
        w
        for w in (
            _band_warning("the study area", density_area, profile.study_area_band, profile.label),
            _band_warning(
                "residential land", density_land, profile.residential_land_band, profile.label
            ),
        )
        if w is not None
    )
    return DemandQuality(
        profile=profile.name,
        profile_label=profile.label,
        profile_reason=profile_reason,
        residents=residents,
        study_area_km2=study_area_km2,
        residential_land_km2=residential_land_km2,
        density_study_area=density_area,
        density_residential_land=density_land,
        band_study_area=profile.study_area_band,
        band_residential_land=profile.residential_land_band,
        share_tagged_levels=share(tagged),
        share_assumed_levels=share(assumed),
        share_from_land=share(land),
        people_by_basis={str(k): float(v) for k, v in by_basis.items()},
        buildings_by_decision={
            str(k): int(v) for k, v in buildings["decision"].value_counts().sort_index().items()
        },
        floor_people_excluded=excluded,
        warnings=warnings,
    )


def study_area_km2(extent: Any, crs: Any) -> float:
    """Area of the study extent (WGS-84 polygon) in km², measured in ``crs``."""
    return float(gpd.GeoSeries([extent], crs="EPSG:4326").to_crs(crs).area.iloc[0]) / 1e6
