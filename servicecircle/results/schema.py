"""The one schema of ``summary.json`` (:class:`CoverageSummary`) and ``siting.json``.

The records of ``summary.json`` are here; those of ``siting.json`` live in
:mod:`servicecircle.results.siting_records` and the version and file record
in :mod:`servicecircle.results.versioning`, all re-exported from here.

Every record is a frozen dataclass with ``to_json()`` and ``from_json()``;
the JSON keys are the field names (``class_`` is written ``class``) in field
order. The files carry :data:`SCHEMA_VERSION`; a file of another version is
refused with :class:`SchemaVersionError`, whose message tells the planner to
run ``analyze`` / ``site`` again. Numbers are rounded when the summaries are
built (:mod:`servicecircle.results.summary`); a value that could not be
measured is ``None``. Tables keyed by break (:data:`ByBreak`) use the break's
key, ``"15"`` for 15 minutes (:func:`servicecircle.analysis.break_key`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from servicecircle._progress import Said
from servicecircle.results._codec import Record, SchemaError
from servicecircle.results.access_records import AccessSummary
from servicecircle.results.demand_records import DemandAssumptions, DemandQualitySummary
from servicecircle.results.group_records import KeyGroupsSummary
from servicecircle.results.sensitivity_records import SpeedSensitivity
from servicecircle.results.siting_records import (
    ChosenSite,
    ClassBeforeAfter,
    CommunityGain,
    CurvePoint,
    ModelName,
    SitingRequestSummary,
    SitingSummary,
    UnitBeforeAfter,
)
from servicecircle.results.tier_records import TierCoverageSummary
from servicecircle.results.versioning import (
    READABLE_VERSIONS,
    SCHEMA_VERSION,
    ByBreak,
    ResultsFile,
    SchemaVersionError,
    check_version,
)

# --------------------------------------------------------------------------- summary.json


@dataclass(frozen=True)
class NetworkSize(Record):
    """Nodes and edges of the main mode's network."""

    nodes: int
    edges: int


@dataclass(frozen=True)
class NetworkStats(Record):
    """Counts of one mode's routable network (:meth:`Network.summary`)."""

    mode: str
    nodes: int
    edges: int
    links: int
    components: int
    largest_component_nodes: int
    strong_components: int
    snap_target_edges: int
    fragment_edges: int
    crs: str


@dataclass(frozen=True)
class StandardCoverage(Record):
    """People covered by each outlet type's own mode and minutes (what siting optimises)."""

    covered: float | None
    share: float | None


@dataclass(frozen=True)
class OffNetworkPlace(Record):
    """A demand unit farther than the snapping limit from every road."""

    people: float | None
    class_: str | None
    road_m: float | None
    township: str | None
    community: str | None
    lon: float | None
    lat: float | None


@dataclass(frozen=True)
class OffNetwork(Record):
    """People off the road network: totals and the first places, most people first."""

    people: float | None
    units: int
    limit_m: float
    places: tuple[OffNetworkPlace, ...]


@dataclass(frozen=True)
class ClassCoverage(Record):
    """People and people covered of one demand class, by break."""

    total: ByBreak
    covered: ByBreak


@dataclass(frozen=True)
class Gap(Record):
    """A cluster of uncovered demand, ranked by people (1 = most).

    ``road`` is the nearest named road and ``road_m`` the metres to it (None
    when the area has no named road, and in summaries written before roads
    were named), so a gap outside every township and community has a place.
    """

    rank: int
    people: float | None
    nearest_minutes: float | None
    units: int
    classes: str
    township: str | None
    community: str | None
    lon: float | None
    lat: float | None
    road: str | None = None
    road_m: float | None = None


@dataclass(frozen=True)
class MustCoverArea(Record):
    """A must-cover area (industrial park, relocation site) not yet covered."""

    name: str | None
    class_: str
    people: float | None
    share_covered: float | None


@dataclass(frozen=True)
class UnitCoverage(Record):
    """Coverage of a township or community, by break (``township`` names a community's)."""

    level: str
    name: str | None
    township: str | None
    people: float | None
    covered: ByBreak
    share: ByBreak


@dataclass(frozen=True)
class OutletStandardSummary(Record):
    """An outlet type's standard: travel mode and minutes, tier, staff, days open.

    ``tier``, ``staff``, ``residents_per_staff`` (one staff member per that many
    residents in the catchment, else ``None``: ``staff`` is fixed) and
    ``opening_days`` are ``None`` in files written before the standards table.
    """

    mode: str
    minutes: float
    tier: str | None = None
    staff: float | None = None
    residents_per_staff: float | None = None
    opening_days: float | None = None


@dataclass(frozen=True)
class MapDataDate(Record):
    """The day (``YYYY-MM-DD``, UTC) of the map data and what it means.

    ``basis`` is ``"as_of"`` (the data as the database held it that day),
    ``"newest_edit"`` (the newest edit in the data: at least that recent) or
    ``"downloaded"`` (downloaded online that day); see
    :mod:`servicecircle.inputs.data_date`.
    """

    day: str
    basis: Literal["as_of", "newest_edit", "downloaded"]


@dataclass(frozen=True)
class Assumptions(Record):
    """Every assumption of a coverage run (the report's section 1).

    ``data_date`` is the date of the map data (:class:`MapDataDate`), left
    out when the data states none; files written before it read as ``None``.
    """

    demand: DemandAssumptions
    outlet_types: Mapping[str, OutletStandardSummary]
    mode: str
    breaks: tuple[float, ...]
    max_snap_m: float
    prefer_connected_m: float
    connected_piece_m: float
    gap_join_m: float
    must_cover_share: float
    walk_off_m: float
    speeds_kmh: Mapping[str, float]
    data_sources: tuple[str, ...]
    notes: tuple[Said, ...]
    data_date: MapDataDate | None = field(default=None, metadata={"omit_none": True})


@dataclass(frozen=True)
class Extent(Record):
    """The study extent's bounds and where they come from."""

    basis: str
    bounds: tuple[float, float, float, float]


@dataclass(frozen=True)
class StudyAreaSummary(Record):
    """Name, source and bounds (west, south, east, north) of the study area."""

    name: str
    source: str
    bounds: tuple[float, float, float, float]
    extent: Extent


@dataclass(frozen=True)
class CoverageSummary(ResultsFile):
    """``summary.json``: coverage today, gaps, units and assumptions of one run.

    ``population_covered`` and ``coverage_share`` are by break; ``standard``
    is the coverage by each outlet type's own standard; ``unreachable_people``
    are on the road network but reached by no outlet; ``demand_quality`` is
    ``None`` when the demand was not measured. ``sensitivity`` is today's
    coverage at walking speed -20 %, as set and +20 % (not measured in older
    files and with ``--no-sensitivity``). ``accessibility`` is the staff per
    10,000 residents and the people served within capacity
    (:mod:`servicecircle.results.access_records`; not measured in older files).
    ``tiers`` is the coverage by tier and the A-E grade of each
    township/street (:mod:`servicecircle.results.tier_records`; ``None`` in
    older files). ``groups`` is the coverage, staff per 10,000 and equity of
    the key groups (:mod:`servicecircle.results.group_records`; ``None`` without
    a key-groups file and in older files).
    """

    mode: str
    minutes: tuple[float, ...]
    network: NetworkSize
    networks: Mapping[str, NetworkStats]
    n_outlets: int
    population_total: float | None
    population_covered: ByBreak
    coverage_share: ByBreak
    standard: StandardCoverage
    unreachable_people: float | None
    off_network: OffNetwork
    demand_quality: DemandQualitySummary | None
    by_class: Mapping[str, ClassCoverage]
    gaps: tuple[Gap, ...]
    must_cover_uncovered: tuple[MustCoverArea, ...]
    units: tuple[UnitCoverage, ...]
    assumptions: Assumptions
    study_area: StudyAreaSummary
    sensitivity: SpeedSensitivity = field(default_factory=SpeedSensitivity)
    accessibility: AccessSummary = field(default_factory=AccessSummary)
    tiers: TierCoverageSummary | None = None
    groups: KeyGroupsSummary | None = None

    @property
    def breaks(self) -> list[float]:
        """The time breaks, ascending."""
        return sorted(self.minutes)

    @classmethod
    def _check_values(cls, data: dict[str, object]) -> None:
        """``minutes`` must be a list of positive numbers."""
        if "minutes" in data:
            _check_minutes(data["minutes"])


def _positive(value: object) -> bool:
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return is_number and 0 < value < math.inf  # type: ignore[operator]


def _check_minutes(minutes: object) -> None:
    if not isinstance(minutes, list) or not minutes or not all(_positive(m) for m in minutes):
        raise SchemaError(f"minutes is {minutes!r}, not a list of positive numbers")


__all__ = [
    "READABLE_VERSIONS",
    "SCHEMA_VERSION",
    "Assumptions",
    "ByBreak",
    "ChosenSite",
    "ClassBeforeAfter",
    "ClassCoverage",
    "CommunityGain",
    "CoverageSummary",
    "CurvePoint",
    "Extent",
    "Gap",
    "MapDataDate",
    "ModelName",
    "MustCoverArea",
    "NetworkSize",
    "NetworkStats",
    "OffNetwork",
    "OffNetworkPlace",
    "OutletStandardSummary",
    "ResultsFile",
    "SchemaVersionError",
    "SitingRequestSummary",
    "SitingSummary",
    "StandardCoverage",
    "StudyAreaSummary",
    "UnitBeforeAfter",
    "UnitCoverage",
    "check_version",
]
