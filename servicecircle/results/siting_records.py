"""The records of ``siting.json``: the plan, each chosen site and coverage before and after.

Re-exported by :mod:`servicecircle.results.schema`, the one schema of the
results files; see there for how records are written and read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from servicecircle._progress import Said
from servicecircle.results._codec import Record
from servicecircle.results.after_records import PlanEffectSummary
from servicecircle.results.sensitivity_records import SitingSensitivity
from servicecircle.results.staff_records import StaffPlanRecord
from servicecircle.results.versioning import ByBreak, ResultsFile

#: The siting models, as ``siting.json`` names them.
ModelName = Literal["mclp", "min_outlets", "pmedian"]


@dataclass(frozen=True)
class SitingRequestSummary(Record):
    """What was asked: new outlets (a number or per type), target share, types, limits.

    ``capacity`` is the people one new outlet can serve, ``existing_capacity``
    the people one existing outlet can serve (an outlet's own capacity from
    the outlets file comes first; None: unlimited, or a file written before).
    ``existing_capacity_by_outlet`` is the capacity each existing outlet had,
    in the outlets' order (None: unlimited; empty when none was limited).
    """

    new: int | Mapping[str, int] | None
    target: float | None
    new_types: tuple[str, ...]
    must_cover: tuple[str, ...]
    capacity: float | None
    class_weights: Mapping[str, float]
    time_limit: float | None
    seed: int | None
    existing_capacity: float | None = None
    existing_capacity_by_outlet: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class CommunityGain(Record):
    """People a new site newly covers in one community (``community`` None: in none)."""

    township: str | None
    community: str | None
    people: float | None


@dataclass(frozen=True)
class ChosenSite(Record):
    """A new outlet in build order, with where it stands and why it was chosen.

    ``gaps`` are the ranks of the gaps it serves, ``must_cover`` the
    must-cover areas it serves, ``reasons`` the English sentence.
    ``township`` and ``community`` are the admin units holding the site,
    ``road`` its nearest named road and ``road_m`` the metres to it.
    ``newly_by_break`` (people newly covered at each break),
    ``newly_by_class`` and ``newly_by_community`` (at the site's own
    standard) count only people no earlier site or today's outlet covers, so
    the sites' gains add up to the plan's. With a capacity, ``newly_by_break``
    counts the people newly within reach (capacity not applied) while the
    classes and communities split the people newly served. Files written
    before these facts read them as None and empty.
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
    township: str | None = None
    community: str | None = None
    road: str | None = None
    road_m: float | None = None
    newly_by_break: ByBreak = field(default_factory=dict)
    newly_by_class: Mapping[str, float | None] = field(default_factory=dict)
    newly_by_community: tuple[CommunityGain, ...] = ()


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
    ``sensitivity`` holds coverage after the plan at walking speed ±20 % and
    what each must-cover rule costs (not measured in older files and with
    ``--no-sensitivity``).
    ``n_candidates`` is the number of candidate sites compared and
    ``dropped`` the number of sites the solver chose that newly cover nobody
    at any break, left out of ``chosen`` (None and 0 in older files).
    ``staff`` is the staff a ``--staff`` plan posts, per outlet before and
    after with the people each serves (empty without staff and in older files).
    ``after_plan`` holds staff per 10,000, the three-way split, the outlets'
    load and tier coverage with the grades, today and after the plan (not
    measured in older files).
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
    n_candidates: int | None = None
    dropped: int = 0
    sensitivity: SitingSensitivity = field(default_factory=SitingSensitivity)
    staff: StaffPlanRecord = field(default_factory=StaffPlanRecord)
    after_plan: PlanEffectSummary = field(default_factory=PlanEffectSummary)
