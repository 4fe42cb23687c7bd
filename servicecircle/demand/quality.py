"""Demand quality, stated: density, where the levels came from, people by basis, a warning.

It is measured twice: on the estimate from the map (buildings and land use,
before any census totals or population grid), which says how far that
estimate can be trusted alone, and on the final estimate, after them. The
final measure is the one a run states (:attr:`Demand.quality
<servicecircle.demand.units.Demand.quality>`, ``summary.json``'s
``demand_quality``); it carries the map estimate's as ``map_estimate``.

An estimate from OpenStreetMap is as good as the mapping: a district with
few mapped homes comes out too thin. :func:`demand_quality` measures the
estimate against the regional profile's plausible bands
(:class:`~servicecircle.demand.profiles.RegionProfile`) and warns, with what
to do about it ("supply census totals or a population grid"). Once census
totals or a grid were applied (:func:`final_quality`), that advice is moot:
the final measure carries no such warning, and a density still outside the
band becomes a note that points at the census audit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.demand.evidence import RESIDENTIAL
from servicecircle.demand.profiles import RegionProfile
from servicecircle.sources.crs import WGS84

RESIDENT_CLASSES: tuple[str, ...] = ("residential", "relocation", "user")
"""Classes whose people live where they are counted (workers do not)."""

TOO_LOW = "likely too low: supply census totals or a population grid"
TOO_HIGH = (
    "likely too high: check the buildings counted as homes (the building table's basis), "
    "or supply census totals"
)
AFTER_TOTALS = (
    "the {totals} supplied set it; check the census audit for units left without a total, "
    "or choose another regional profile"
)

#: Where a unit's people come from (:attr:`UnitOrigins.levels`).
LEVELS_TAGGED = "tagged"
LEVELS_ASSUMED = "assumed"
FROM_LAND = "land"
FROM_PLANNER = "planner"
FROM_GRID = "grid"

#: :attr:`DemandQuality.measured_on` of the two measures.
MAP_ESTIMATE = "map_estimate"
FINAL = "final"

#: Names of the top-down totals (:attr:`DemandQuality.top_down`).
CENSUS_TOTALS = "census totals"
POPULATION_GRID = "population grid"


def _round(value: float | None, digits: int = 0) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


@dataclass(frozen=True, eq=False)
class UnitOrigins:
    """Where each demand unit's people come from, aligned with the units.

    Attributes
    ----------
    levels
        Per unit: ``"tagged"`` (a building whose levels are tagged or come
        from its height), ``"assumed"`` (a building whose levels are
        assumed), ``"land"`` (an access point of an area counted at a
        density), ``"planner"`` (the planner's points) or ``"grid"`` (a
        populated cell of a population grid without mapped homes).
    residential_land
        Per unit: whether its people live in residential land use (a
        building standing in it, or its unmapped part).
    """

    levels: np.ndarray
    residential_land: np.ndarray

    def __post_init__(self) -> None:
        if len(self.levels) != len(self.residential_land):
            raise ValueError("levels and residential_land must have one value per unit")

    def extended(self, n: int) -> UnitOrigins:
        """The origins of ``n`` units whose first ones are these; the rest are grid cells.

        The top-down totals keep the units in order and append the grid's
        cells without homes (:func:`~servicecircle.demand.top_down.apply_top_down`).
        """
        extra = n - len(self.levels)
        if extra < 0:
            raise ValueError(f"{n} units cannot extend the origins of {len(self.levels)}")
        return UnitOrigins(
            levels=np.concatenate([self.levels, np.full(extra, FROM_GRID, dtype=object)]),
            residential_land=np.concatenate([self.residential_land, np.zeros(extra, dtype=bool)]),
        )


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
    share_tagged_levels, share_assumed_levels, share_from_land, share_from_grid
        Shares of the residents: in buildings whose levels are tagged (or
        come from a height), in buildings whose levels are assumed, from
        land at a density (unmapped residential land, footprints too large to
        be buildings, the planner's areas), and in a population grid's cells
        without mapped homes. The rest are the planner's points. ``None``
        without residents.
    people_by_basis
        Residents by the basis of their building or area.
    buildings_by_decision
        Number of buildings by decision (residential, non-residential, industrial).
    floor_people_excluded
        The people the floor area of the non-residential buildings would
        have held, by basis (what the evidence took out).
    warnings
        Sentences for the planner when a density is outside its band.
    measured_on
        ``"map_estimate"`` (the estimate from buildings and land use) or
        ``"final"`` (after the top-down totals, if any).
    top_down
        The top-down totals applied before this measure: ``"population
        grid"``, ``"census totals"`` (empty for the map estimate).
    notes
        Sentences that are no warning: a density still outside its band
        after the totals supplied.
    map_estimate
        The measure of the map estimate, on the final measure (``None`` on
        the map estimate itself).
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
    share_from_grid: float | None = None
    people_by_basis: dict[str, float] = field(default_factory=dict)
    buildings_by_decision: dict[str, int] = field(default_factory=dict)
    floor_people_excluded: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    measured_on: str = MAP_ESTIMATE
    top_down: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    map_estimate: DemandQuality | None = None

    @property
    def warning(self) -> str | None:
        """The warnings in one text, or ``None``."""
        return " ".join(self.warnings) or None

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready values (rounded), for ``summary.json``'s ``demand_quality``.

        The values are this measure's (``measured_on`` says which); the
        final measure adds ``map_estimate``, the measure of the estimate
        from the map before any top-down totals (the same numbers when none
        were applied).
        """
        values: dict[str, Any] = {
            "measured_on": self.measured_on,
            "top_down": list(self.top_down),
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
            "share_from_grid": _round(self.share_from_grid, 4),
            "people_by_basis": {k: _round(v) for k, v in self.people_by_basis.items()},
            "buildings_by_decision": dict(self.buildings_by_decision),
            "floor_people_excluded": {k: _round(v) for k, v in self.floor_people_excluded.items()},
            "warning": self.warning,
            "notes": list(self.notes),
        }
        if self.map_estimate is not None:
            values["map_estimate"] = self.map_estimate.to_json()
        return values


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


def _outside_band(
    what: str, density: float | None, band: tuple[float, float], label: str, advice: str | None
) -> str | None:
    """A sentence when ``density`` is outside ``band``; ``advice`` replaces the verdict's."""
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
        f"expected for a {label}: {verdict if advice is None else advice}."
    )


@dataclass(frozen=True)
class _Measures:
    """What the units say: residents, densities, shares and people by basis."""

    residents: float
    density_study_area: float | None
    density_residential_land: float | None
    share_tagged_levels: float | None
    share_assumed_levels: float | None
    share_from_land: float | None
    share_from_grid: float | None
    people_by_basis: dict[str, float]

    def fields(self) -> dict[str, Any]:
        """The values as :class:`DemandQuality` fields."""
        return {
            "residents": self.residents,
            "density_study_area": self.density_study_area,
            "density_residential_land": self.density_residential_land,
            "share_tagged_levels": self.share_tagged_levels,
            "share_assumed_levels": self.share_assumed_levels,
            "share_from_land": self.share_from_land,
            "share_from_grid": self.share_from_grid,
            "people_by_basis": self.people_by_basis,
        }


def _measure(
    units: pd.DataFrame, origins: UnitOrigins, study_area_km2: float, residential_land_km2: float
) -> _Measures:
    if len(origins.levels) != len(units):
        raise ValueError(f"{len(origins.levels)} origins for {len(units)} units")
    residents_mask = units["class"].isin(RESIDENT_CLASSES).to_numpy()
    people = units["people"].to_numpy(float)
    resident_people = np.where(residents_mask, people, 0.0)
    residents = float(resident_people.sum())
    levels = np.asarray(origins.levels, dtype=object)

    def share(*kinds: str) -> float | None:
        if residents <= 0:
            return None
        return float(resident_people[np.isin(levels, kinds)].sum()) / residents

    by_basis = (
        pd.Series(people[residents_mask], dtype=float)
        .groupby(
            units["basis"].fillna("(none)").astype(str).map(_basis_kind).to_numpy()[residents_mask]
        )
        .sum()
        .sort_values(ascending=False)
    )
    in_land = float(resident_people[np.asarray(origins.residential_land, dtype=bool)].sum())
    return _Measures(
        residents=residents,
        density_study_area=residents / study_area_km2 if study_area_km2 > 0 else None,
        density_residential_land=(
            in_land / residential_land_km2 if residential_land_km2 > 0 else None
        ),
        share_tagged_levels=share(LEVELS_TAGGED),
        share_assumed_levels=share(LEVELS_ASSUMED),
        share_from_land=share(FROM_LAND),
        share_from_grid=share(FROM_GRID),
        people_by_basis={str(k): float(v) for k, v in by_basis.items()},
    )


def _out_of_band(
    measures: _Measures,
    *,
    bands: tuple[tuple[float, float], tuple[float, float]],
    label: str,
    advice: str | None = None,
) -> tuple[str, ...]:
    sentences = (
        _outside_band("the study area", measures.density_study_area, bands[0], label, advice),
        _outside_band(
            "residential land", measures.density_residential_land, bands[1], label, advice
        ),
    )
    return tuple(s for s in sentences if s is not None)


def demand_quality(
    units: pd.DataFrame,
    buildings: pd.DataFrame,
    *,
    origins: UnitOrigins,
    profile: RegionProfile,
    profile_reason: str,
    study_area_km2: float,
    residential_land_km2: float,
    floor_people: np.ndarray | None = None,
) -> DemandQuality:
    """Measure the estimate from the map (see :class:`DemandQuality`).

    Parameters
    ----------
    units
        Demand units (``class``, ``basis``, ``people``).
    buildings
        The building table (``decision``, ``basis``).
    origins
        Where each unit's people come from (aligned with ``units``).
    profile, profile_reason
        The regional profile used and why.
    study_area_km2, residential_land_km2
        Sizes of the study extent and of its residential land use.
    floor_people
        The people each building's floor area would hold (aligned to
        ``buildings``), to state what the non-residential ones were not given.
    """
    measures = _measure(units, origins, study_area_km2, residential_land_km2)
    decided_home = (buildings["decision"] == RESIDENTIAL).to_numpy()
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
    bands = (profile.study_area_band, profile.residential_land_band)
    return DemandQuality(
        profile=profile.name,
        profile_label=profile.label,
        profile_reason=profile_reason,
        residents=measures.residents,
        study_area_km2=study_area_km2,
        residential_land_km2=residential_land_km2,
        density_study_area=measures.density_study_area,
        density_residential_land=measures.density_residential_land,
        band_study_area=profile.study_area_band,
        band_residential_land=profile.residential_land_band,
        people_by_basis=measures.people_by_basis,
        buildings_by_decision={
            str(k): int(v) for k, v in buildings["decision"].value_counts().sort_index().items()
        },
        floor_people_excluded=excluded,
        warnings=_out_of_band(measures, bands=bands, label=profile.label),
        share_tagged_levels=measures.share_tagged_levels,
        share_assumed_levels=measures.share_assumed_levels,
        share_from_land=measures.share_from_land,
        share_from_grid=measures.share_from_grid,
    )


def final_quality(
    map_estimate: DemandQuality,
    units: pd.DataFrame,
    origins: UnitOrigins,
    *,
    top_down: Sequence[str] = (),
) -> DemandQuality:
    """Measure the final estimate, after the top-down totals ``top_down`` (if any).

    Parameters
    ----------
    map_estimate
        The measure of the estimate from the map (:func:`demand_quality`).
    units
        The final demand units: the map estimate's, in order, then any the
        top-down totals added (a population grid's cells without homes).
    origins
        The map estimate's unit origins (extended here to the added units).
    top_down
        The totals applied (:data:`POPULATION_GRID`, :data:`CENSUS_TOTALS`).

    Returns
    -------
    DemandQuality
        ``measured_on`` ``"final"``, with ``map_estimate``. Without top-down
        totals its numbers are the map estimate's; with them the "supply
        census totals or a population grid" warning is gone, and a density
        still outside its band is a note pointing at the census audit.
    """
    base = replace(map_estimate, map_estimate=None)
    if not top_down:
        return replace(base, measured_on=FINAL, map_estimate=base)
    measures = _measure(
        units,
        origins.extended(len(units)),
        map_estimate.study_area_km2,
        map_estimate.residential_land_km2,
    )
    bands = (map_estimate.band_study_area, map_estimate.band_residential_land)
    return replace(
        base,
        **measures.fields(),
        warnings=(),
        notes=_out_of_band(
            measures,
            bands=bands,
            label=map_estimate.profile_label,
            advice=AFTER_TOTALS.format(totals=" and ".join(top_down)),
        ),
        measured_on=FINAL,
        top_down=tuple(top_down),
        map_estimate=base,
    )


def study_area_km2(extent: Any, crs: Any) -> float:
    """Area of the study extent (WGS-84 polygon) in km², measured in ``crs``."""
    return float(gpd.GeoSeries([extent], crs=WGS84).to_crs(crs).area.iloc[0]) / 1e6
