"""What a project holds: :class:`Project` (settings, shared layers) and :class:`Scenario`.

Both are frozen; their parameters, settings and summaries are kept as plain
JSON values so that a project equals what :func:`~servicecircle.results.project.load_project`
gives back after a save (:meth:`Project.equals`, :func:`frames_equal`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle._progress import Said
from servicecircle.coverage import Coverage
from servicecircle.demand import Demand
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import Message, msg
from servicecircle.inputs.area import StudyArea
from servicecircle.network import Network
from servicecircle.planning.plan import SitingPlan
from servicecircle.results._codec import json_ready
from servicecircle.results.bundle import Results
from servicecircle.results.folder import siting_layers
from servicecircle.results.project.coverage import scenario_tables
from servicecircle.results.schema import CoverageSummary, SitingSummary
from servicecircle.results.summary import results_of


def json_native(value: Any, *, what: Said) -> Any:
    """Return ``value`` as plain JSON types (tuples -> lists, numpy -> Python)."""
    try:
        text = json.dumps(value, default=json_default, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError) as exc:
        raise InputDataError(
            msg("msg.results.project.not_json", what=what, detail=str(exc))
        ) from exc
    return json.loads(text)


def json_default(value: Any) -> Any:
    """``json.dumps`` fallback: NumPy scalars and arrays, sets, paths, timestamps, messages."""
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return str(pd.Timestamp(value).isoformat())
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _check_frames(frames: Mapping[str, Any], *, what: str, geo: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, frame in frames.items():
        if not isinstance(name, str) or not name:
            raise InputDataError(msg("msg.results.project.frame_name", what=what, name=name))
        if geo and not isinstance(frame, gpd.GeoDataFrame):
            raise InputDataError(
                msg("msg.results.project.not_layer", name=name, kind=type(frame).__name__)
            )
        if not geo and not isinstance(frame, pd.DataFrame):
            raise InputDataError(
                msg("msg.results.project.not_table", name=name, kind=type(frame).__name__)
            )
        out[name] = frame
    return out


def _is_layer(frame: object) -> bool:
    return isinstance(frame, gpd.GeoDataFrame)


def default_parameters(summary: Mapping[str, Any]) -> dict[str, Any]:
    """A scenario's parameters when none are given: ``mode`` and ``minutes`` of ``summary.json``."""
    analysis = summary["analysis"]
    return {k: analysis[k] for k in ("mode", "minutes") if k in analysis}


@dataclass(frozen=True, eq=False)
class Scenario:
    """One planning scenario: its parameters and its results.

    Attributes
    ----------
    name
        Unique within the project, e.g. ``"today"`` or ``"+5 outlets"``.
    parameters
        How the scenario was made (mode, breaks, p, model...), JSON values only.
        Tuples are stored as lists, NumPy scalars as Python numbers, so the
        object equals what :func:`load_project` gives back.
    layers
        Result layers (``demand`` with ``minutes_to_nearest``, ``outlets``,
        ``chosen``, ``isochrones``, ``gaps``...), GeoDataFrames.
    tables
        Result tables without geometry (``coverage``, ``curve``...).
    summary
        The JSON summaries of the run (``analysis`` -> summary.json,
        ``siting`` -> siting.json), JSON values only.
    """

    name: str
    parameters: Mapping[str, Any] = field(default_factory=dict)
    layers: Mapping[str, gpd.GeoDataFrame] = field(default_factory=dict)
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    summary: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InputDataError(msg("msg.results.project.scenario_name"))
        object.__setattr__(
            self,
            "parameters",
            json_native(
                dict(self.parameters),
                what=msg("msg.results.project.what_parameters", scenario=self.name),
            ),
        )
        object.__setattr__(
            self,
            "summary",
            json_native(
                dict(self.summary), what=msg("msg.results.project.what_summary", scenario=self.name)
            ),
        )
        object.__setattr__(self, "layers", _check_frames(self.layers, what="layer", geo=True))
        object.__setattr__(self, "tables", _check_frames(self.tables, what="table", geo=False))

    @classmethod
    def of_run(
        cls,
        name: str,
        summary: Mapping[str, Any],
        layers: Mapping[str, gpd.GeoDataFrame],
        tables: Mapping[str, pd.DataFrame],
        parameters: Mapping[str, Any] | None = None,
    ) -> Scenario:
        """A run's scenario; ``parameters`` default to the mode and breaks of its summary."""
        return cls(
            name=name,
            parameters=default_parameters(summary) if parameters is None else parameters,
            layers=layers,
            tables=tables,
            summary=summary,
        )

    @classmethod
    def from_results(
        cls,
        name: str,
        coverage: Coverage,
        plan: SitingPlan | None = None,
        *,
        area: StudyArea,
        demand: Demand,
        parameters: Mapping[str, Any] | None = None,
        checked: Results | None = None,
        networks: Mapping[str, Network] | None = None,
    ) -> Scenario:
        """The scenario of a run, from its results: no output folder is written.

        It holds what :func:`~servicecircle.results.project.scenario_from_outputs` reads
        from the folder ``analyze`` / ``site`` would write for the same run:
        the summaries (with the sensitivity checks when ``checked`` holds
        them), the layers and tables of the output GeoPackages (``roads`` and
        the new sites' ``chosen_areas`` too) and the coverage tables
        (:func:`~servicecircle.results.project.coverage.scenario_tables`), so
        a report built from the saved scenario is the report of the folder.

        Parameters
        ----------
        name
            The scenario's name.
        coverage
            Today's coverage.
        plan
            The siting plan made for it, if any.
        area, demand
            The study area and the demand estimate the coverage was measured on
            (for ``summary.json``).
        parameters
            How the scenario was made; defaults to the mode and breaks.
        checked
            The run's :class:`~servicecircle.results.bundle.Results` with the
            sensitivity checks
            (:func:`~servicecircle.workflow.sensitivity.checked_results`);
            without it they are made here by
            :func:`~servicecircle.results.summary.results_of` (no checks).
        networks
            Networks already built, by mode, for the new sites' service areas
            when ``checked`` is not given.
        """
        mode = coverage.settings.mode
        results = checked or results_of(
            coverage, plan, area=area, demand=demand, mode=mode, networks=networks
        )
        summary: dict[str, Any] = {"analysis": json_ready(results.coverage.to_json())}
        layers = dict(results.layers)
        frames: dict[str, pd.DataFrame] = {}
        if plan is not None and results.siting is not None:
            summary["siting"] = json_ready(results.siting.to_json())
            frames = {k: v for k, v in siting_layers(plan).items() if k not in layers}
        tables = {k: pd.DataFrame(v) for k, v in frames.items() if not _is_layer(v)}
        tables.update(scenario_tables(summary, layers))
        return cls.of_run(name, summary, layers, tables, parameters)

    def results(self) -> Results:
        """The run as :func:`~servicecircle.results.folder.read_results` reads its folder.

        Its summaries (sensitivity checks included when they were saved) and
        map layers, for the report, the print maps and the street packs of a
        saved project.

        Raises
        ------
        InputDataError
            When the scenario holds no coverage summary (``summary.json``).
        """
        analysis = self.summary.get("analysis")
        if not isinstance(analysis, Mapping):
            raise InputDataError(msg("msg.results.project.no_analysis", scenario=self.name))
        siting = self.summary.get("siting")
        return Results(
            coverage=CoverageSummary.from_json(dict(analysis)),
            siting=SitingSummary.from_json(dict(siting)) if isinstance(siting, Mapping) else None,
            layers=dict(self.layers),
        )

    def equals(self, other: Scenario) -> bool:
        """True when name, parameters, summary and every layer and table are equal."""
        return (
            self.name == other.name
            and self.parameters == other.parameters
            and self.summary == other.summary
            and _frame_maps_equal(self.layers, other.layers)
            and _frame_maps_equal(self.tables, other.tables)
        )


@dataclass(frozen=True, eq=False)
class Project:
    """A planning project: settings, shared layers and scenarios.

    Attributes
    ----------
    name
        Shown in the app and the report.
    settings
        Study-area settings (source, mode, speeds, breaks...), JSON values only.
    layers
        Layers shared by every scenario (``demand``, ``outlets``,
        ``boundaries``...), GeoDataFrames.
    scenarios
        Scenarios with unique names, in the order they were added.
    """

    name: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    layers: Mapping[str, gpd.GeoDataFrame] = field(default_factory=dict)
    scenarios: tuple[Scenario, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InputDataError(msg("msg.results.project.project_name"))
        object.__setattr__(
            self,
            "settings",
            json_native(dict(self.settings), what=msg("msg.results.project.what_settings")),
        )
        object.__setattr__(self, "layers", _check_frames(self.layers, what="layer", geo=True))
        scenarios = tuple(self.scenarios)
        names = [s.name for s in scenarios]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise InputDataError(
                msg("msg.results.project.duplicates", names=[repr(n) for n in duplicates])
            )
        object.__setattr__(self, "scenarios", scenarios)

    def scenario(self, name: str) -> Scenario:
        """Return the scenario called ``name``."""
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        known = ", ".join(repr(s.name) for s in self.scenarios) or "none"
        raise KeyError(f"no scenario {name!r} in project {self.name!r}; scenarios: {known}")

    def with_scenario(self, scenario: Scenario) -> Project:
        """Return a copy with ``scenario`` added, or replacing the one of the same name."""
        kept = [s for s in self.scenarios if s.name != scenario.name]
        if len(kept) == len(self.scenarios):
            return replace(self, scenarios=(*self.scenarios, scenario))
        return replace(
            self,
            scenarios=tuple(scenario if s.name == scenario.name else s for s in self.scenarios),
        )

    def without_scenario(self, name: str) -> Project:
        """Return a copy without the scenario called ``name``."""
        self.scenario(name)
        return replace(self, scenarios=tuple(s for s in self.scenarios if s.name != name))

    def with_layers(self, layers: Mapping[str, gpd.GeoDataFrame]) -> Project:
        """Return a copy with ``layers`` added or replaced."""
        return replace(self, layers={**self.layers, **layers})

    def equals(self, other: Project) -> bool:
        """True when settings, layers and scenarios (in order) are all equal."""
        return (
            self.name == other.name
            and self.settings == other.settings
            and _frame_maps_equal(self.layers, other.layers)
            and len(self.scenarios) == len(other.scenarios)
            and all(a.equals(b) for a, b in zip(self.scenarios, other.scenarios, strict=True))
        )


def _frame_maps_equal(a: Mapping[str, pd.DataFrame], b: Mapping[str, pd.DataFrame]) -> bool:
    return list(a) == list(b) and all(frames_equal(a[k], b[k]) for k in a)


def frames_equal(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """True when two (Geo)DataFrames have equal columns, dtypes, index, values and CRS.

    Missing values compare equal to each other; geometries must be exactly
    equal (same coordinates, same type).
    """
    if type(a) is not type(b) or list(a.columns) != list(b.columns):
        return False
    if not a.index.equals(b.index) or list(a.index.names) != list(b.index.names):
        return False
    if a.index.dtype != b.index.dtype or list(a.dtypes) != list(b.dtypes):
        return False
    geo_cols = [c for c in a.columns if isinstance(a[c].dtype, gpd.array.GeometryDtype)]
    for col in geo_cols:
        ga, gb = a[col], b[col]
        if ga.crs != gb.crs:
            return False
        geoms_a = np.asarray(ga.values, dtype=object)
        geoms_b = np.asarray(gb.values, dtype=object)
        same = shapely.equals_exact(geoms_a, geoms_b, tolerance=0.0) | (
            ga.isna().to_numpy() & gb.isna().to_numpy()
        )
        if not bool(np.all(same)):
            return False
    if isinstance(a, gpd.GeoDataFrame) and a.active_geometry_name != b.active_geometry_name:
        return False
    rest_a = pd.DataFrame(a.drop(columns=geo_cols))
    rest_b = pd.DataFrame(b.drop(columns=geo_cols))
    return bool(rest_a.equals(rest_b))
