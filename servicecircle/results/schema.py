"""The one schema of ``summary.json`` (:class:`CoverageSummary`) and ``siting.json``.

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
from dataclasses import dataclass
from typing import Final, Literal, Self

from servicecircle._progress import Said
from servicecircle.results._codec import JsonObject, Record, SchemaError
from servicecircle.results.demand_records import DemandAssumptions, DemandQualitySummary

#: Version of the schema written into both files as ``schema_version``. Version 2
#: stores notes as messages (key and fields, :meth:`Message.to_json
#: <servicecircle.i18n.message.Message.to_json>`) where version 1 stored English text.
SCHEMA_VERSION: Final = 2

#: The versions this version reads: version 1's notes are read as the text they hold.
READABLE_VERSIONS: Final = (1, 2)

#: A value per time break, keyed ``"5"``, ``"7.5"``, ``"15"``.
ByBreak = Mapping[str, float | None]

#: The siting models, as ``siting.json`` names them.
ModelName = Literal["mclp", "min_outlets", "pmedian"]


class SchemaVersionError(SchemaError):
    """A results file written by another version of servicecircle.

    Attributes
    ----------
    found
        The file's ``schema_version`` (``None`` when it has none: written
        before versions were written).
    """

    def __init__(self, found: object) -> None:
        self.found = found
        written = "an older" if found is None or _older(found) else "another"
        super().__init__(
            f"it was written by {written} version of servicecircle (results schema "
            f"{found if found is not None else 'unversioned'}; this version reads "
            f"{' and '.join(str(v) for v in READABLE_VERSIONS)})"
        )


def _older(found: object) -> bool:
    return isinstance(found, int) and not isinstance(found, bool) and found < min(READABLE_VERSIONS)


def check_version(data: object) -> None:
    """Refuse a parsed results file whose ``schema_version`` is not readable here.

    Raises
    ------
    SchemaError
        When ``data`` is not a JSON object.
    SchemaVersionError
        When its version is missing or another.
    """
    if not isinstance(data, dict):
        raise SchemaError(f"it holds a JSON {type(data).__name__}, not an object")
    found = data.get("schema_version")
    if found not in READABLE_VERSIONS or isinstance(found, bool):
        raise SchemaVersionError(found)


# --------------------------------------------------------------------------- both files


class ResultsFile(Record):
    """The record of a whole results file: versioned when written and when read."""

    def to_json(self) -> JsonObject:
        """The file's JSON object, with ``schema_version`` first."""
        return {"schema_version": SCHEMA_VERSION, **super().to_json()}

    @classmethod
    def from_json(cls, data: object, where: str = "") -> Self:
        """Read the file's parsed JSON.

        Raises
        ------
        SchemaVersionError
            When it was written by another version.
        SchemaError
            When a value is missing or of the wrong kind.
        """
        check_version(data)
        if not isinstance(data, dict):  # refused by check_version; narrows the type
            raise SchemaError(f"it holds a JSON {type(data).__name__}, not an object")
        cls._check_values(data)
        return super().from_json(data, where)

    @classmethod
    def _check_values(cls, data: dict[str, object]) -> None:
        """Checks beyond the fields' types (none unless a file adds some)."""


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
    """An outlet type's service standard: travel mode and minutes."""

    mode: str
    minutes: float


@dataclass(frozen=True)
class Assumptions(Record):
    """Every assumption of a coverage run (the report's section 1)."""

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
    ``None`` when the demand was not measured.
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


# --------------------------------------------------------------------------- siting.json


@dataclass(frozen=True)
class SitingRequestSummary(Record):
    """What was asked: new outlets (a number or per type), target share, types, limits."""

    new: int | Mapping[str, int] | None
    target: float | None
    new_types: tuple[str, ...]
    must_cover: tuple[str, ...]
    capacity: float | None
    class_weights: Mapping[str, float]
    time_limit: float | None
    seed: int | None


@dataclass(frozen=True)
class ChosenSite(Record):
    """A new outlet in build order, with why it was chosen.

    ``gaps`` are the ranks of the gaps it serves, ``must_cover`` the
    must-cover areas it serves, ``reasons`` the English sentence.
    """

    rank: int
    name: str | None
    type: str
    source: str | None
    lon: float
    lat: float
    newly_covered: float | None
    cumulative_share: float | None
    gaps: tuple[int, ...]
    must_cover: tuple[str, ...]
    reasons: str


@dataclass(frozen=True)
class CurvePoint(Record):
    """People and share covered with ``n_new`` new outlets."""

    n_new: int
    covered: float | None
    share: float | None


@dataclass(frozen=True)
class ClassBeforeAfter(Record):
    """People of a class and people covered (before or after the plan)."""

    total: float | None
    covered: float | None
    share: float | None


@dataclass(frozen=True)
class UnitBeforeAfter(Record):
    """A township or community covered before and after the plan."""

    level: str
    name: str | None
    township: str | None
    people: float | None
    covered_before: float | None
    covered_after: float | None
    share_before: float | None
    share_after: float | None


@dataclass(frozen=True)
class SitingSummary(ResultsFile):
    """``siting.json``: the plan, the solver's status and coverage before and after.

    ``model`` is the request's model, ``solver_model`` the model solved
    (capacitated when a capacity was given); ``status`` is the solver's.
    """

    model: ModelName
    solver_model: str
    method: str
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    sense: str
    seconds: float | None
    request: SitingRequestSummary
    chosen: tuple[ChosenSite, ...]
    curve: tuple[CurvePoint, ...]
    coverage_before: Mapping[str, ClassBeforeAfter]
    coverage_after: Mapping[str, ClassBeforeAfter]
    share_before: float | None
    share_after: float | None
    mean_minutes: float | None
    people_beyond_cutoff: float | None
    uncoverable_must_cover: int
    by_unit: tuple[UnitBeforeAfter, ...]
    notes: tuple[Said, ...]
