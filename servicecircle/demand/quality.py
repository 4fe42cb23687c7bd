"""Demand quality, stated: density, where the levels came from, people by basis, a warning.

It is measured twice: on the estimate from the map (buildings and land use,
before any census totals or population grid), which says how far that
estimate can be trusted alone, and on the final estimate, after them. The
final measure is the one a run states (:attr:`Demand.quality
<servicecircle.demand.units.Demand.quality>`, ``summary.json``'s
``demand_quality``); it carries the map estimate's as ``map_estimate``.

An estimate from OpenStreetMap is as good as the mapping: a district with
few mapped homes comes out too thin.
:func:`~servicecircle.demand.quality_measure.demand_quality` measures the
estimate against the regional profile's plausible bands
(:class:`~servicecircle.demand.profiles.RegionProfile`) and warns, with what
to do about it ("supply census totals or a population grid"). Once census
totals or a grid were applied
(:func:`~servicecircle.demand.quality_measure.final_quality`), that advice is
moot: the final measure carries no such warning, and a density still outside
the band becomes a note that points at the census audit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from servicecircle._progress import Said
from servicecircle.i18n.message import Message, msg

RESIDENT_CLASSES: tuple[str, ...] = ("residential", "relocation", "user")
"""Classes whose people live where they are counted (workers do not)."""

TOO_LOW = "likely too low: supply census totals or a population grid"
"""The English verdict of a density below its band (``msg.demand.quality.too_low``)."""
TOO_HIGH = (
    "likely too high: check the buildings counted as homes (the building table's basis), "
    "or supply census totals"
)
"""The English verdict of a density above its band (``msg.demand.quality.too_high``)."""

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

#: The message key naming each top-down total in a sentence.
TOP_DOWN_KEYS: dict[str, str] = {
    CENSUS_TOTALS: "msg.demand.quality.census_totals",
    POPULATION_GRID: "msg.demand.quality.population_grid",
}


def _said_json(said: Said | None) -> Any:
    """A message as its key and fields (:meth:`Message.to_json`), text as it is."""
    return said.to_json() if isinstance(said, Message) else said


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
    warnings: tuple[Said, ...] = ()
    measured_on: str = MAP_ESTIMATE
    top_down: tuple[str, ...] = ()
    notes: tuple[Said, ...] = ()
    map_estimate: DemandQuality | None = None

    @property
    def warning(self) -> Said | None:
        """The warnings as one message (at most two: study area, residential land), or ``None``."""
        if len(self.warnings) > 1:
            return msg("msg.demand.quality.both", first=self.warnings[0], second=self.warnings[1])
        return self.warnings[0] if self.warnings else None

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
            "warning": _said_json(self.warning),
            "notes": [_said_json(note) for note in self.notes],
        }
        if self.map_estimate is not None:
            values["map_estimate"] = self.map_estimate.to_json()
        return values
