"""The records of the demand estimate kept in ``summary.json``: its quality and its assumptions.

:class:`DemandQualitySummary` is ``demand_quality`` (how plausible the
estimate is); :class:`DemandAssumptions` is ``assumptions.demand`` (its
parameters, with the population grid and census audit when those totals were
applied). Part of the schema of :mod:`servicecircle.results.schema`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from servicecircle._progress import Said
from servicecircle.results._codec import JsonObject, JsonValue, Record, SchemaError, encode


@dataclass(frozen=True)
class DemandQualitySummary(Record):
    """:meth:`DemandQuality.to_json <servicecircle.demand.quality.DemandQuality.to_json>`.

    ``map_estimate`` is the measure of the map estimate, on the final measure only.
    """

    measured_on: str
    top_down: tuple[str, ...]
    profile: str
    profile_label: str
    profile_reason: str
    residents: float | None
    study_area_km2: float | None
    residential_land_km2: float | None
    density_study_area: float | None
    density_residential_land: float | None
    band_study_area: tuple[float, float]
    band_residential_land: tuple[float, float]
    share_tagged_levels: float | None
    share_assumed_levels: float | None
    share_from_land: float | None
    share_from_grid: float | None
    people_by_basis: Mapping[str, float | None]
    buildings_by_decision: Mapping[str, int]
    floor_people_excluded: Mapping[str, float | None]
    warning: Said | None
    notes: tuple[Said, ...]
    map_estimate: DemandQualitySummary | None = field(default=None, metadata={"omit_none": True})


@dataclass(frozen=True)
class CensusAuditRecord(Record):
    """One row of the census audit: estimate before scaling against the census total.

    ``where`` is the file and row (a message; text in projects saved before
    it was one), ``status`` a code (``"not found"``; older projects append
    ``": "`` and an English detail), ``detail`` what the status means for
    this row (a message, left out when there is none).
    """

    level: str | None
    township: str | None
    community: str | None
    census_name: str | None
    where: Said | None
    estimate: float | None
    census: float | None
    ratio: float | None
    factor: float | None
    status: str | None
    detail: Said | None = field(default=None, metadata={"omit_none": True})


@dataclass(frozen=True)
class PopulationGridSummary(Record):
    """How a population grid was shared out: to mapped homes and to cells without homes."""

    source: str
    cells: int
    grid_people: float
    to_homes: float
    to_cells: float
    cell_points: int
    kept_units: int
    kept_people: float
    zeroed_units: int
    estimate_before: float | None


#: ``assumptions.demand`` keys read into their own fields (the rest stay ``parameters``).
_DEMAND_OWN = ("formula", "notes", "population_grid", "census_audit")


@dataclass(frozen=True)
class DemandAssumptions(Record):
    """The demand estimate's assumptions (``assumptions.demand``).

    ``parameters`` are the estimate's settings in its own order (free-form:
    a newer estimate may add some); ``formula`` and ``notes`` describe it;
    ``population_grid`` and ``census_audit`` are there when those totals
    were applied.
    """

    parameters: Mapping[str, JsonValue]
    formula: str | None = None
    notes: tuple[Said, ...] | None = None
    population_grid: PopulationGridSummary | None = None
    census_audit: tuple[CensusAuditRecord, ...] | None = None

    def to_json(self) -> JsonObject:
        """The parameters with the estimate's formula, notes and the totals applied."""
        out: JsonObject = dict(self.parameters)
        if self.formula is not None:
            out["formula"] = self.formula
        if self.notes is not None:
            out["notes"] = [encode(note) for note in self.notes]
        if self.population_grid is not None:
            out["population_grid"] = self.population_grid.to_json()
        if self.census_audit is not None:
            out["census_audit"] = [record.to_json() for record in self.census_audit]
        return out

    @classmethod
    def from_json(cls, data: object, where: str = "") -> DemandAssumptions:
        """Read ``assumptions.demand``: the parameters and the estimate's own fields."""
        if not isinstance(data, dict):
            raise SchemaError(f"{where} is not an object")
        own = _DemandOwn.from_json({k: v for k, v in data.items() if k in _DEMAND_OWN}, where)
        return cls(
            parameters={k: v for k, v in data.items() if k not in _DEMAND_OWN},
            formula=own.formula,
            notes=own.notes,
            population_grid=own.population_grid,
            census_audit=own.census_audit,
        )


@dataclass(frozen=True)
class _DemandOwn(Record):
    """The typed part of ``assumptions.demand`` (read by :class:`DemandAssumptions`)."""

    formula: str | None = None
    notes: tuple[Said, ...] | None = None
    population_grid: PopulationGridSummary | None = None
    census_audit: tuple[CensusAuditRecord, ...] | None = None
