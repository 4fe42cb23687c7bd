"""A saved planning project: one GeoPackage with settings, layers and scenarios.

A :class:`Project` holds the study-area settings, the layers shared by every
scenario (demand, outlets, boundaries, ...) and any number of
:class:`Scenario` objects (their parameters and results). :func:`save_project`
writes it all to ONE GeoPackage that QGIS opens directly:

* every layer is a standard GeoPackage feature table (scenario layers are
  named ``s01_chosen``, ``s02_demand``, ... and carry the scenario name in
  their GeoPackage identifier, which QGIS shows);
* every table is a standard GeoPackage attribute table;
* ``sc_scenarios`` lists the scenarios with their parameters as JSON;
* ``sc_project`` (key / value, JSON values) holds the settings and what is
  needed to restore every column exactly (dtype, index, original names).

Saving is atomic: the file is written next to the target under a temporary
name, flushed to disk and then moved over the target with :func:`os.replace`,
so a failure or a killed process leaves the previous file intact.

:func:`compare_scenarios`, :func:`demand_changes` and :func:`sites_changed`
put two scenarios side by side.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from servicecircle.errors import InputDataError

logger = logging.getLogger(__name__)

FORMAT_NAME = "servicecircle-project"
FORMAT_VERSION = 1
META_TABLE = "sc_project"
SCENARIO_TABLE = "sc_scenarios"

#: Layer names :func:`scenario_from_outputs` reads from ``analysis.gpkg``.
ANALYSIS_LAYERS: tuple[str, ...] = (
    "demand",
    "outlets",
    "isochrones",
    "gaps",
    "units",
    "must_cover",
)
#: Layer names :func:`scenario_from_outputs` reads from ``siting.gpkg``. ``curve`` and
#: ``by_unit`` are attribute tables; ``demand_after`` (the demand units after the new
#: sites, with ``minutes_to_nearest`` and/or ``covered``) is read when a run wrote it.
SITING_LAYERS: tuple[str, ...] = ("chosen", "candidates", "demand_after", "curve", "by_unit")
#: Tables (no geometry) among the layers read from the output GeoPackages.
OUTPUT_TABLES: tuple[str, ...] = ("curve", "by_unit")
#: Levels of a coverage table, in display order.
LEVELS: tuple[str, ...] = ("total", "class", "township", "community")
#: Admin-unit columns of the demand layer, coarse to fine.
UNIT_COLUMNS: tuple[str, ...] = ("township", "community")

Progress = Callable[[float, str], None]


# --------------------------------------------------------------------------- model


def _json_native(value: Any, *, what: str) -> Any:
    """Return ``value`` as plain JSON types (tuples -> lists, numpy -> Python)."""
    try:
        text = json.dumps(value, default=_json_default, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError) as exc:
        raise InputDataError(
            f"The {what} cannot be saved in a project: {exc}. Use only text, numbers, "
            "true/false, lists and key/value mappings."
        ) from exc
    return json.loads(text)


def _json_default(value: Any) -> Any:
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
            raise InputDataError(f"Every {what} needs a non-empty text name; got {name!r}.")
        if geo and not isinstance(frame, gpd.GeoDataFrame):
            raise InputDataError(
                f"{what.capitalize()} {name!r} is a {type(frame).__name__}, not a GeoDataFrame; "
                "put tables without geometry under 'tables'."
            )
        if not geo and not isinstance(frame, pd.DataFrame):
            raise InputDataError(
                f"Table {name!r} is a {type(frame).__name__}, not a pandas DataFrame."
            )
        out[name] = frame
    return out


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
            raise InputDataError("A scenario needs a name; give it a short text name.")
        object.__setattr__(
            self,
            "parameters",
            _json_native(dict(self.parameters), what=f"parameters of scenario {self.name!r}"),
        )
        object.__setattr__(
            self, "summary", _json_native(dict(self.summary), what=f"summary of {self.name!r}")
        )
        object.__setattr__(self, "layers", _check_frames(self.layers, what="layer", geo=True))
        object.__setattr__(self, "tables", _check_frames(self.tables, what="table", geo=False))

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
            raise InputDataError("A project needs a name; give it a short text name.")
        object.__setattr__(
            self, "settings", _json_native(dict(self.settings), what="project settings")
        )
        object.__setattr__(self, "layers", _check_frames(self.layers, what="layer", geo=True))
        scenarios = tuple(self.scenarios)
        names = [s.name for s in scenarios]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise InputDataError(
                f"Scenario names must be unique; {', '.join(map(repr, duplicates))} "
                "appear more than once. Rename one of them."
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
    if isinstance(a, gpd.GeoDataFrame) and a._geometry_column_name != b._geometry_column_name:
        return False
    rest_a = pd.DataFrame(a.drop(columns=geo_cols))
    rest_b = pd.DataFrame(b.drop(columns=geo_cols))
    return bool(rest_a.equals(rest_b))


# --------------------------------------------------------------------------- encoding


def _safe_table_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^0-9A-Za-z_]+", "_", name).strip("_").lower() or "layer"
    if base[0].isdigit() or base.startswith(("gpkg", "rtree", "sqlite", "sc_")):
        base = f"l_{base}"
    candidate, i = base, 2
    while candidate in taken:
        candidate, i = f"{base}_{i}", i + 1
    taken.add(candidate)
    return candidate


def _is_json_cell(value: Any) -> bool:
    return isinstance(value, (list, tuple, dict, bool, int, float, np.generic)) and not (
        isinstance(value, float) and math.isnan(value)
    )


def _encode_values(values: pd.Series) -> tuple[pd.Series, dict[str, Any]]:
    """Return a GeoPackage-friendly series and the spec that restores ``values``."""
    dtype = values.dtype
    spec: dict[str, Any] = {"dtype": str(dtype), "kind": "plain"}
    if isinstance(dtype, gpd.array.GeometryDtype):
        spec["kind"] = "wkb"
        spec["crs"] = values.crs.to_wkt() if getattr(values, "crs", None) is not None else None
        wkb = shapely.to_wkb(np.asarray(values, dtype=object), hex=True)
        return pd.Series(wkb, index=values.index, dtype=object), spec
    if isinstance(dtype, pd.CategoricalDtype):
        spec["kind"] = "category"
        spec["categories"] = _json_native(list(dtype.categories), what="category values")
        spec["ordered"] = bool(dtype.ordered)
        codes = values.cat.codes.astype("int64")
        return codes.where(codes >= 0, None).astype("Int64"), spec
    if pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype):
        spec["kind"] = "datetime" if pd.api.types.is_datetime64_any_dtype(dtype) else "timedelta"
        text = values.astype(str).where(values.notna(), None)
        return text.astype(object), spec
    if pd.api.types.is_object_dtype(dtype):
        non_null = [v for v in values if v is not None and not (isinstance(v, float) and v != v)]
        if any(_is_json_cell(v) for v in non_null) or any(not isinstance(v, str) for v in non_null):
            spec["kind"] = "json"
            cells = [
                None
                if v is None or (isinstance(v, float) and v != v)
                else json.dumps(v, default=_json_default, ensure_ascii=False)
                for v in values
            ]
            return pd.Series(cells, index=values.index, dtype=object), spec
        spec["kind"] = "object"
        spec["nulls"] = [i for i, v in enumerate(values) if v is None]
        return values, spec
    if pd.api.types.is_bool_dtype(dtype) and isinstance(dtype, pd.BooleanDtype):
        return values.astype("Int8"), spec
    return values, spec


def _decode_values(stored: pd.Series, spec: Mapping[str, Any]) -> pd.Series:
    kind = spec["kind"]
    dtype = spec["dtype"]
    if kind == "wkb":
        raw = [None if v is None or v != v else v for v in stored.astype(object)]
        geoms = shapely.from_wkb(np.asarray(raw, dtype=object))
        return gpd.GeoSeries(geoms, index=stored.index, crs=spec.get("crs"))
    if kind == "category":
        cat = pd.CategoricalDtype(spec["categories"], ordered=spec["ordered"])
        codes = pd.to_numeric(stored).fillna(-1).astype("int64").to_numpy()
        return pd.Series(pd.Categorical.from_codes(codes, dtype=cat), index=stored.index)
    if kind == "datetime":
        parsed = pd.to_datetime(stored.astype(object), format="ISO8601")
        return parsed.astype(dtype)
    if kind == "timedelta":
        return pd.to_timedelta(stored.astype(object)).astype(dtype)
    if kind == "json":
        cells = [None if v is None or v != v else json.loads(v) for v in stored.astype(object)]
        out = pd.Series(cells, index=stored.index, dtype=object)
        return out
    if kind == "object":
        out = stored.astype(object).where(stored.notna(), np.nan)
        for i in spec.get("nulls", []):
            out.iloc[i] = None
        return out
    if dtype in ("str", "string") or dtype.startswith("string"):
        return stored.astype(dtype)
    return stored.astype(dtype)


def _encode_frame(frame: pd.DataFrame, *, table: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Return the frame to write and the spec that restores it exactly."""
    geo = isinstance(frame, gpd.GeoDataFrame)
    active = frame.geometry.name if geo else None
    data: dict[str, pd.Series] = {}
    taken = {"fid", "geom", "geometry"}
    columns: list[dict[str, Any]] = []
    index: list[dict[str, Any]] = []
    if isinstance(frame.index, pd.RangeIndex):
        idx = frame.index
        index.append({"range": [idx.start, idx.stop, idx.step], "name": idx.name})
    for level in range(frame.index.nlevels if not index else 0):
        values = pd.Series(frame.index.get_level_values(level), index=range(len(frame)))
        stored_name = "sc_index" if frame.index.nlevels == 1 else f"sc_index_{level}"
        encoded, spec = _encode_values(values)
        name = frame.index.names[level]
        spec.update(stored=stored_name, name=_json_native(name, what="index name"))
        taken.add(stored_name)
        data[stored_name] = encoded
        index.append(spec)
    if not frame.columns.is_unique:
        raise InputDataError(
            f"{table!r} has duplicate column names; rename them before saving the project."
        )
    for col in frame.columns:
        if col == active:
            continue
        if not isinstance(col, str):
            raise InputDataError(
                f"Column name {col!r} in {table!r} cannot be saved; use text column names."
            )
        stored_name = _unique_field(str(col), taken)
        values = frame[col].reset_index(drop=True)
        encoded, spec = _encode_values(values)
        spec.update(stored=stored_name, name=col)
        data[stored_name] = encoded
        columns.append(spec)
    meta: dict[str, Any] = {"table": table, "columns": columns, "index": index}
    if geo:
        gdf: gpd.GeoDataFrame = frame  # type: ignore[assignment]
        meta["geometry"] = active
        meta["crs"] = gdf.crs.to_wkt() if gdf.crs is not None else None
        out = gpd.GeoDataFrame(
            data, geometry=gdf.geometry.reset_index(drop=True).values, crs=gdf.crs
        )
        if not data:
            out = gpd.GeoDataFrame(geometry=gdf.geometry.reset_index(drop=True).values)
        return out, meta
    meta["geometry"] = None
    return pd.DataFrame(data, index=range(len(frame))), meta


def _unique_field(name: str, taken: set[str]) -> str:
    candidate, i = name, 2
    while candidate.lower() in taken:
        candidate, i = f"{name}_{i}", i + 1
    taken.add(candidate.lower())
    return candidate


def _decode_frame(stored: pd.DataFrame, meta: Mapping[str, Any]) -> pd.DataFrame:
    n = len(stored)
    stored = stored.reset_index(drop=True)
    data: dict[Any, pd.Series] = {}
    for spec in meta["columns"]:
        data[spec["name"]] = _decode_values(stored[spec["stored"]], spec)
    levels = [
        _decode_values(stored[spec["stored"]], spec)
        for spec in meta["index"]
        if "range" not in spec
    ]
    index: pd.Index
    if not levels:
        start, stop, step = meta["index"][0]["range"]
        index = pd.RangeIndex(start, stop, step, name=meta["index"][0]["name"])
    elif len(levels) == 1:
        index = pd.Index(levels[0].array, name=meta["index"][0]["name"])
    else:
        index = pd.MultiIndex.from_arrays(levels, names=[s["name"] for s in meta["index"]])
    frame = pd.DataFrame(data, index=range(n))
    if meta["geometry"] is not None:
        order = list(meta["order"])
        geom = gpd.GeoSeries(stored.geometry.values, index=range(n), crs=meta["crs"])
        frame[meta["geometry"]] = geom
        frame = gpd.GeoDataFrame(frame[order], geometry=meta["geometry"], crs=meta["crs"])
    else:
        frame = frame[list(meta["order"])]
    frame.index = index
    return frame


# --------------------------------------------------------------------------- save / load


def save_project(
    project: Project, path: str | os.PathLike[str], *, progress: Progress | None = None
) -> Path:
    """Write ``project`` to one GeoPackage, atomically.

    The file is written under a temporary name in the same folder, flushed to
    disk, then moved over ``path``. If anything fails (or the process is
    killed) before the move, the previous file at ``path`` is left untouched;
    the next save removes what a killed save left behind.

    Parameters
    ----------
    project
        The project to save.
    path
        Target ``.gpkg`` file; its folder must exist.
    progress
        Optional callback ``(fraction, message)`` called once per table.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise InputDataError(
            f"Cannot save the project to {target}: the folder {target.parent} does not exist. "
            "Create it or choose another place."
        )
    jobs = _plan_tables(project)
    _remove_stale_saves(target)
    tmp = target.with_name(f".{target.stem}.{os.getpid()}-{uuid.uuid4().hex[:8]}.saving.gpkg")
    try:
        _write_tables(tmp, project, jobs, progress=progress)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        for extra in ("", "-journal", "-wal", "-shm"):
            Path(f"{tmp}{extra}").unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)
    logger.info(
        "saved project %r: %d layers, %d scenarios, %d tables in %s",
        project.name,
        len(project.layers),
        len(project.scenarios),
        len(jobs),
        target,
    )
    return target


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _remove_stale_saves(target: Path) -> None:
    """Delete temporary files that a killed save of ``target`` left behind.

    Only files whose writing process no longer runs are removed, so a save in
    progress elsewhere is never disturbed.
    """
    pattern = re.compile(
        rf"^\.{re.escape(target.stem)}\.(\d+)-[0-9a-f]{{8}}\.saving\.gpkg(-journal|-wal|-shm)?$"
    )
    for leftover in target.parent.glob(f".{target.stem}.*.saving.gpkg*"):
        match = pattern.match(leftover.name)
        if match is None:
            continue
        pid = int(match.group(1))
        if pid != os.getpid() and not _pid_alive(pid):
            leftover.unlink(missing_ok=True)
            logger.info("removed %s left by an interrupted save", leftover.name)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True)
class _Job:
    table: str
    frame: pd.DataFrame
    scope: str  # "project" or the scenario's position (as text)
    kind: str  # "layer" or "table"
    name: str
    identifier: str


def _plan_tables(project: Project) -> list[_Job]:
    taken = {META_TABLE, SCENARIO_TABLE}
    jobs = [
        _Job(_safe_table_name(name, taken), frame, "project", "layer", name, name)
        for name, frame in project.layers.items()
    ]
    for i, scenario in enumerate(project.scenarios, start=1):
        for kind, frames in (("layer", scenario.layers), ("table", scenario.tables)):
            for name, frame in frames.items():
                table = _safe_table_name(f"s{i:02d}_{name}", taken)
                jobs.append(_Job(table, frame, str(i - 1), kind, name, f"{scenario.name} · {name}"))
    return jobs


def _write_tables(
    tmp: Path, project: Project, jobs: list[_Job], *, progress: Progress | None
) -> None:
    metas: list[dict[str, Any]] = []
    total = len(jobs) + 2
    for step, job in enumerate(jobs):
        if progress is not None:
            progress(step / total, f"saving {job.identifier}")
        out, meta = _encode_frame(job.frame, table=job.table)
        meta.update(scope=job.scope, kind=job.kind, name=job.name)
        meta["order"] = list(job.frame.columns)
        options = {"IDENTIFIER": job.identifier, "DESCRIPTION": f"servicecircle {job.kind}"}
        kwargs: dict[str, Any] = {"driver": "GPKG", "layer": job.table, "layer_options": options}
        if isinstance(out, gpd.GeoDataFrame):
            kwargs["promote_to_multi"] = False
            types = set(out.geom_type.dropna())
            kwargs["geometry_type"] = types.pop() if len(types) == 1 else "Unknown"
        pyogrio.write_dataframe(out, tmp, **kwargs)
        metas.append(meta)
    if progress is not None:
        progress(len(jobs) / total, "saving scenario list")
    scen = pd.DataFrame(
        {
            "name": [s.name for s in project.scenarios],
            "parameters": [json.dumps(s.parameters, ensure_ascii=False) for s in project.scenarios],
            "layers": [", ".join(s.layers) for s in project.scenarios],
            "tables": [", ".join(s.tables) for s in project.scenarios],
        }
    ).astype(object)
    pyogrio.write_dataframe(
        scen, tmp, driver="GPKG", layer=SCENARIO_TABLE, layer_options={"IDENTIFIER": "scenarios"}
    )
    meta_rows = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "name": project.name,
        "settings": project.settings,
        "scenarios": [
            {"name": s.name, "parameters": s.parameters, "summary": s.summary}
            for s in project.scenarios
        ],
        "tables": metas,
    }
    table = pd.DataFrame(
        {
            "key": list(meta_rows),
            "value": [json.dumps(v, ensure_ascii=False) for v in meta_rows.values()],
        }
    ).astype(object)
    if progress is not None:
        progress((len(jobs) + 1) / total, "saving project settings")
    pyogrio.write_dataframe(
        table,
        tmp,
        driver="GPKG",
        layer=META_TABLE,
        layer_options={"IDENTIFIER": "servicecircle project"},
    )
    if progress is not None:
        progress(1.0, "project written")


def load_project(path: str | os.PathLike[str]) -> Project:
    """Open a project saved by :func:`save_project`.

    A GeoPackage that is not a servicecircle project (for example
    ``analysis.gpkg``) opens as a project named after the file with all its
    feature layers and no scenarios.

    Parameters
    ----------
    path
        A ``.gpkg`` file.

    Returns
    -------
    Project
        Equal (see :meth:`Project.equals`) to the project that was saved.
    """
    source = Path(path)
    if not source.is_file():
        raise InputDataError(f"No project file at {source}; check the path.")
    try:
        listed = pyogrio.list_layers(source)
    except Exception as exc:
        raise InputDataError(
            f"{source} is not a readable GeoPackage ({exc}). Choose a .gpkg project file."
        ) from exc
    names = [str(row[0]) for row in listed]
    if META_TABLE not in names:
        logger.info("%s has no %s table; opening its %d layers", source, META_TABLE, len(names))
        layers = {
            name: pyogrio.read_dataframe(source, layer=name)
            for name, geom_type in listed
            if geom_type is not None
        }
        return Project(name=source.stem, layers=layers)
    raw = pyogrio.read_dataframe(source, layer=META_TABLE, read_geometry=False)
    meta = {str(k): json.loads(v) for k, v in zip(raw["key"], raw["value"], strict=True)}
    if meta.get("format") != FORMAT_NAME:
        raise InputDataError(f"{source} was not written by servicecircle; cannot open it.")
    if int(meta.get("version", 0)) > FORMAT_VERSION:
        raise InputDataError(
            f"{source} was written by a newer servicecircle (format {meta['version']}); "
            "update servicecircle to open it."
        )
    project_layers: dict[str, gpd.GeoDataFrame] = {}
    scen_parts: list[dict[str, dict[str, pd.DataFrame]]] = [
        {"layer": {}, "table": {}} for _ in meta["scenarios"]
    ]
    for spec in meta["tables"]:
        stored = pyogrio.read_dataframe(
            source, layer=spec["table"], read_geometry=spec["geometry"] is not None
        )
        frame = _decode_frame(stored, spec)
        if spec["scope"] == "project":
            project_layers[spec["name"]] = frame  # type: ignore[assignment]
        else:
            scen_parts[int(spec["scope"])][spec["kind"]][spec["name"]] = frame
    scenarios = tuple(
        Scenario(
            name=s["name"],
            parameters=s["parameters"],
            layers=parts["layer"],  # type: ignore[arg-type]
            tables=parts["table"],
            summary=s.get("summary", {}),
        )
        for s, parts in zip(meta["scenarios"], scen_parts, strict=True)
    )
    return Project(
        name=meta["name"], settings=meta["settings"], layers=project_layers, scenarios=scenarios
    )


# --------------------------------------------------------------------------- from CLI outputs


def scenario_from_outputs(
    out_dir: str | os.PathLike[str],
    *,
    name: str,
    parameters: Mapping[str, Any] | None = None,
) -> Scenario:
    """Build a scenario from the folder written by ``servicecircle analyze`` / ``site``.

    Reads ``analysis.gpkg`` + ``summary.json`` and, when present,
    ``siting.gpkg`` + ``siting.json``. The ``coverage`` table (see
    :func:`coverage_table`) is today's coverage from the demand layer; a
    siting run adds ``plan_coverage`` (see :func:`plan_coverage_table`), its
    coverage before and after the new sites at the service standard.

    Parameters
    ----------
    out_dir
        The ``--out`` folder.
    name
        The scenario's name.
    parameters
        How the scenario was made; defaults to the mode and breaks of
        ``summary.json``.
    """
    folder = Path(out_dir)
    analysis = folder / "analysis.gpkg"
    summary_path = folder / "summary.json"
    if not analysis.is_file() or not summary_path.is_file():
        raise InputDataError(
            f"{folder} has no analysis.gpkg and summary.json; run `servicecircle analyze "
            f"... --out {folder}` first."
        )
    summary: dict[str, Any] = {"analysis": json.loads(summary_path.read_text(encoding="utf-8"))}
    layers = _read_layers(analysis, ANALYSIS_LAYERS)
    siting = folder / "siting.gpkg"
    if siting.is_file():
        layers.update(_read_layers(siting, SITING_LAYERS))
    siting_json = folder / "siting.json"
    if siting_json.is_file():
        summary["siting"] = json.loads(siting_json.read_text(encoding="utf-8"))
    tables: dict[str, pd.DataFrame] = {}
    for table in OUTPUT_TABLES:
        frame = layers.pop(table, None)
        if frame is not None:
            tables[table] = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    breaks = [float(m) for m in summary["analysis"].get("minutes", [])]
    if "demand" in layers and breaks:
        tables["coverage"] = coverage_table(layers["demand"], minutes=breaks)
    if "siting" in summary and "demand" in layers:
        tables["plan_coverage"] = plan_coverage_table(
            summary["siting"], layers.get("demand_after", layers["demand"])
        )
    if parameters is None:
        parameters = {
            k: summary["analysis"][k] for k in ("mode", "minutes") if k in summary["analysis"]
        }
    return Scenario(name=name, parameters=parameters, layers=layers, tables=tables, summary=summary)


def _read_layers(path: Path, wanted: Iterable[str]) -> dict[str, gpd.GeoDataFrame]:
    present = {str(row[0]) for row in pyogrio.list_layers(path)}
    out: dict[str, gpd.GeoDataFrame] = {}
    for name in wanted:
        if name in present:
            frame = pyogrio.read_dataframe(path, layer=name)
            if not isinstance(frame, gpd.GeoDataFrame):
                frame = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([None] * len(frame)))
            out[name] = frame
    return out


# --------------------------------------------------------------------------- comparison


def covered_mask(demand: pd.DataFrame, minutes: float) -> pd.Series:
    """True where ``minutes_to_nearest`` is at most ``minutes`` (missing = unreachable)."""
    if "minutes_to_nearest" not in demand.columns:
        raise InputDataError(
            "The demand layer has no 'minutes_to_nearest' column; run the coverage analysis."
        )
    reach = pd.to_numeric(demand["minutes_to_nearest"], errors="coerce")
    return (reach <= float(minutes)).fillna(False).astype(bool)


def _texts(demand: pd.DataFrame, column: str) -> np.ndarray:
    if column not in demand.columns:
        return np.full(len(demand), "", dtype=object)
    values = demand[column].astype(object)
    return values.where(values.notna(), "").astype(str).to_numpy()


def _grouped(
    demand: pd.DataFrame, people: np.ndarray, covered: np.ndarray, minutes: float
) -> pd.DataFrame:
    """People and people covered by total, class, township and community (one basis)."""
    base = pd.DataFrame({"people": people, "covered": covered})
    frames = [base.sum().to_frame().T.assign(level="total", township="", unit="")]
    if "class" in demand.columns:
        g = base.groupby(_texts(demand, "class"), sort=True).sum()
        frames.append(g.rename_axis("unit").reset_index().assign(level="class", township=""))
    if "township" in demand.columns:
        g = base.groupby(_texts(demand, "township"), sort=True).sum()
        frames.append(g.rename_axis("unit").reset_index().assign(level="township", township=""))
    if "community" in demand.columns:
        keys = [_texts(demand, "township"), _texts(demand, "community")]
        part = base.groupby(keys, sort=True).sum()
        part.index = part.index.set_names(["township", "unit"])
        frames.append(part.reset_index().assign(level="community"))
    table = pd.concat(frames, ignore_index=True).assign(minutes=float(minutes))
    table["share"] = table["covered"] / table["people"].where(table["people"] > 0)
    columns = ["level", "township", "unit", "minutes", "people", "covered", "share"]
    return table[columns].astype({"level": str, "township": str, "unit": str})


def coverage_table(demand: pd.DataFrame, *, minutes: Iterable[float]) -> pd.DataFrame:
    """People and people covered, in total, by class, by township and by community.

    Parameters
    ----------
    demand
        Demand units with ``people`` and ``minutes_to_nearest``; optional
        ``class``, ``township`` and ``community`` columns.
    minutes
        Breaks (minutes).

    Returns
    -------
    pandas.DataFrame
        Long table with columns ``level`` (``total``, ``class``,
        ``township``, ``community``), ``township`` (the community's township,
        else empty), ``unit``, ``minutes``, ``people``, ``covered``,
        ``share`` (0..1, NaN where nobody lives).
    """
    people = _people(demand)
    frames = [
        _grouped(demand, people, np.where(covered_mask(demand, m), people, 0.0), m) for m in minutes
    ]
    if not frames:
        return _grouped(demand, people, people * 0.0, math.nan).iloc[0:0]
    return pd.concat(frames, ignore_index=True)


def _people(demand: pd.DataFrame) -> np.ndarray:
    if "people" not in demand.columns:
        raise InputDataError("The demand layer has no 'people' column; estimate demand first.")
    return pd.to_numeric(demand["people"], errors="coerce").fillna(0.0).to_numpy(float)


def standard_coverage_table(demand: pd.DataFrame) -> pd.DataFrame:
    """Coverage at the service standard (each outlet type's own mode and minutes).

    Uses the demand layer's ``covered`` column (written by the coverage
    analysis). Same columns as :func:`coverage_table`, with ``minutes`` NaN.
    """
    if "covered" not in demand.columns:
        raise InputDataError(
            "The demand layer has no 'covered' column (coverage by the service standard); "
            "run the coverage analysis (servicecircle analyze) for this scenario."
        )
    people = _people(demand)
    covered = demand["covered"].astype(object).where(demand["covered"].notna(), False)
    mask = covered.astype(bool).to_numpy()
    return _grouped(demand, people, np.where(mask, people, 0.0), math.nan)


def _community_townships(demand: pd.DataFrame) -> dict[str, str]:
    """Community -> township, where the community lies in exactly one township."""
    if "community" not in demand.columns or "township" not in demand.columns:
        return {}
    pairs = pd.DataFrame(
        {"community": _texts(demand, "community"), "township": _texts(demand, "township")}
    ).drop_duplicates()
    unique = pairs.groupby("community")["township"].nunique()
    pairs = pairs[pairs["community"].map(unique) == 1]
    return dict(zip(pairs["community"], pairs["township"], strict=True))


def plan_coverage_table(siting: Mapping[str, Any], demand: pd.DataFrame) -> pd.DataFrame:
    """Coverage before and after a siting plan at the service standard, from ``siting.json``.

    Parameters
    ----------
    siting
        ``siting.json`` of the run (``coverage_before``, ``coverage_after``,
        ``by_unit``).
    demand
        The run's demand layer (to find each community's township).

    Returns
    -------
    pandas.DataFrame
        Columns ``level``, ``township``, ``unit``, ``people``,
        ``covered_before``, ``covered_after``.
    """
    before = siting.get("coverage_before") or {}
    after = siting.get("coverage_after") or {}
    rows: list[dict[str, Any]] = []
    for name in dict.fromkeys([*before, *after]):
        b, a = before.get(name) or {}, after.get(name) or {}
        rows.append(
            {
                "level": "class",
                "township": "",
                "unit": str(name),
                "people": float(b.get("total", a.get("total")) or 0.0),
                "covered_before": float(b.get("covered") or 0.0),
                "covered_after": float(a.get("covered") or 0.0),
            }
        )
    if rows:
        rows.insert(
            0,
            {
                "level": "total",
                "township": "",
                "unit": "",
                **{
                    key: float(sum(r[key] for r in rows))
                    for key in ("people", "covered_before", "covered_after")
                },
            },
        )
    township_of = _community_townships(demand)
    for unit in siting.get("by_unit") or []:
        level = str(unit.get("level", ""))
        if level not in ("township", "community"):
            continue
        name = "" if unit.get("name") is None else str(unit["name"])
        rows.append(
            {
                "level": level,
                "township": township_of.get(name, "") if level == "community" else "",
                "unit": name,
                "people": float(unit.get("people") or 0.0),
                "covered_before": float(unit.get("covered_before") or 0.0),
                "covered_after": float(unit.get("covered_after") or 0.0),
            }
        )
    columns = ["level", "township", "unit", "people", "covered_before", "covered_after"]
    return pd.DataFrame(rows, columns=columns).astype({"level": str, "township": str, "unit": str})


def has_plan(scenario: Scenario) -> bool:
    """True when the scenario holds a siting plan (new sites on top of today's outlets)."""
    return bool(scenario.summary.get("siting"))


def _plan_demand(scenario: Scenario) -> pd.DataFrame | None:
    """The demand units as they are in the scenario's outcome, when known per unit."""
    if not has_plan(scenario):
        return scenario.layers.get("demand")
    return scenario.layers.get("demand_after")


def scenario_coverage(
    scenario: Scenario, *, minutes: Iterable[float] | None = None
) -> pd.DataFrame:
    """Coverage of a scenario's outcome: today's outlets plus its new sites, if any.

    Parameters
    ----------
    scenario
        An analyze scenario (today's outlets) or a site scenario (today's
        outlets and the recommended new sites).
    minutes
        Breaks to count coverage at; ``None`` for the service standard (each
        outlet type's own mode and minutes, what siting optimises).

    Returns
    -------
    pandas.DataFrame
        Columns of :func:`coverage_table`; ``minutes`` is NaN for the
        service standard.

    Raises
    ------
    InputDataError
        When the scenario has no demand layer, or when coverage at a break is
        asked of a site scenario whose outputs hold the plan's coverage only at
        the service standard.
    """
    demand = _plan_demand(scenario)
    if minutes is not None:
        breaks = [float(m) for m in minutes]
        if demand is not None and "minutes_to_nearest" in demand.columns:
            return coverage_table(demand, minutes=breaks)
        if demand is None and has_plan(scenario):
            raise InputDataError(
                f"Scenario {scenario.name!r} holds its new sites' coverage only at the service "
                "standard (each outlet type's own minutes), not by time break; compare the "
                "scenarios at the service standard instead."
            )
        if "coverage" in scenario.tables and not has_plan(scenario):
            table = scenario.tables["coverage"]
            return table[table["minutes"].isin(breaks)].reset_index(drop=True)
        raise InputDataError(
            f"Scenario {scenario.name!r} has no demand layer with 'minutes_to_nearest'; run "
            "the coverage analysis for it first."
        )
    if demand is not None and "covered" in demand.columns:
        return standard_coverage_table(demand)
    if has_plan(scenario):
        stored = scenario.tables.get("plan_coverage")
        table = (
            stored
            if stored is not None
            else plan_coverage_table(
                scenario.summary["siting"], scenario.layers.get("demand", pd.DataFrame())
            )
        )
        out = table.rename(columns={"covered_after": "covered"}).assign(minutes=math.nan)
        out["share"] = out["covered"] / out["people"].where(out["people"] > 0)
        columns = ["level", "township", "unit", "minutes", "people", "covered", "share"]
        return out[columns].reset_index(drop=True)
    if demand is None:
        raise InputDataError(
            f"Scenario {scenario.name!r} has no demand layer; run the coverage analysis for it."
        )
    return standard_coverage_table(demand)


def _knows_breaks(scenario: Scenario) -> bool:
    """True when the scenario's outcome is known per demand unit in minutes (any break)."""
    demand = _plan_demand(scenario)
    return demand is not None and "minutes_to_nearest" in demand.columns


def _breaks_of(scenario: Scenario) -> list[float]:
    minutes = scenario.parameters.get("minutes") or scenario.summary.get("analysis", {}).get(
        "minutes"
    )
    return [float(m) for m in (minutes or [15])]


def compare_scenarios(
    a: Scenario, b: Scenario, *, minutes: Iterable[float] | None = None
) -> pd.DataFrame:
    """Coverage of two scenarios side by side: total, by class, township and community.

    Each side is the scenario's outcome: today's outlets for an analyze
    scenario, today's outlets plus the new sites for a site scenario.

    Parameters
    ----------
    a, b
        The scenarios; ``b`` is read as the change from ``a`` (e.g. ``today``
        and ``+5 outlets``).
    minutes
        Breaks to compare at; ``None`` (default) compares at the service
        standard, each outlet type's own mode and minutes, which is what a
        siting plan optimises and what every scenario can report. When a site
        scenario's outputs hold its plan's coverage only at the service
        standard (no ``demand_after`` layer with ``minutes_to_nearest``), the
        comparison is made at the service standard and ``attrs["basis"]``
        says so (with a logged warning).

    Returns
    -------
    pandas.DataFrame
        Columns ``level``, ``township``, ``unit``, ``minutes`` (NaN at the
        service standard), ``people``, ``covered_a``, ``covered_b``,
        ``gained`` (people newly covered, negative where coverage was lost),
        ``share_a``, ``share_b``. ``attrs`` holds ``scenario_a``,
        ``scenario_b``, ``basis`` (``"standard"`` or ``"minutes"``),
        ``people_gained`` (in total, at the service standard or the largest
        break compared), ``sites_a``, ``sites_b``, ``sites_added`` and
        ``sites_removed`` (see :func:`sites_changed`).

    Raises
    ------
    InputDataError
        See :func:`scenario_coverage`.
    """
    breaks = None if minutes is None else [float(m) for m in minutes]
    standard_only = [s.name for s in (a, b) if not _knows_breaks(s)]
    if breaks is not None and standard_only:
        logger.warning(
            "scenario %s holds its plan's coverage only at the service standard; comparing "
            "at the service standard instead of at %s minutes",
            ", ".join(map(repr, standard_only)),
            ", ".join(f"{m:g}" for m in breaks),
        )
        breaks = None
    ca = scenario_coverage(a, minutes=breaks)
    cb = scenario_coverage(b, minutes=breaks)
    keys = ["level", "township", "unit", "minutes"]
    merged = ca[[*keys, "people", "covered"]].merge(
        cb[[*keys, "people", "covered"]], on=keys, how="outer", suffixes=("_a", "_b")
    )
    merged["people"] = merged["people_a"].combine_first(merged["people_b"])
    merged["covered_a"] = merged["covered_a"].fillna(0.0)
    merged["covered_b"] = merged["covered_b"].fillna(0.0)
    merged["gained"] = merged["covered_b"] - merged["covered_a"]
    denominator = merged["people"].where(merged["people"] > 0)
    merged["share_a"] = merged["covered_a"] / denominator
    merged["share_b"] = merged["covered_b"] / denominator
    order = {level: i for i, level in enumerate(LEVELS)}
    merged["_order"] = merged["level"].map(order).fillna(len(LEVELS))
    merged = merged.sort_values(
        ["minutes", "_order", "township", "unit"], na_position="first"
    ).reset_index(drop=True)
    result = merged[
        [*keys, "people", "covered_a", "covered_b", "gained", "share_a", "share_b"]
    ].copy()
    total = result[result["level"] == "total"]
    changes = sites_changed(a, b)
    result.attrs = {
        "scenario_a": a.name,
        "scenario_b": b.name,
        "basis": "standard" if breaks is None else "minutes",
        "requested_minutes": None if minutes is None else [float(m) for m in minutes],
        "people_gained": float(total["gained"].iloc[-1]) if len(total) else 0.0,
        "sites_a": int((changes["change"] != "added").sum()),
        "sites_b": int((changes["change"] != "removed").sum()),
        "sites_added": int((changes["change"] == "added").sum()),
        "sites_removed": int((changes["change"] == "removed").sum()),
    }
    return result


def _sites(scenario: Scenario) -> gpd.GeoDataFrame:
    parts = []
    for layer in ("outlets", "chosen"):
        frame = scenario.layers.get(layer)
        if frame is None or frame.empty:
            continue
        pts = frame.to_crs("EPSG:4326") if frame.crs is not None else frame
        name = (
            pts["name"].astype(object)
            if "name" in pts.columns
            else pd.Series([None] * len(pts), index=pts.index)
        )
        parts.append(
            gpd.GeoDataFrame(
                {"layer": layer, "name": name.to_numpy()},
                geometry=pts.geometry.representative_point().to_numpy(),
                crs="EPSG:4326",
            )
        )
    if not parts:
        return gpd.GeoDataFrame({"layer": [], "name": []}, geometry=[], crs="EPSG:4326")
    sites = pd.concat(parts, ignore_index=True)
    return gpd.GeoDataFrame(sites, geometry="geometry", crs="EPSG:4326")


def sites_changed(a: Scenario, b: Scenario) -> gpd.GeoDataFrame:
    """Outlets and chosen sites of both scenarios, marked ``added``/``removed``/``kept``.

    Sites are matched by position (to about 1 cm), in WGS-84.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``change``, ``layer`` (``outlets`` or ``chosen``), ``name``,
        ``geometry`` (Point, EPSG:4326).
    """
    sa, sb = _sites(a), _sites(b)

    def _keys(frame: gpd.GeoDataFrame) -> list[tuple[float, float]]:
        return [(round(p.x, 7), round(p.y, 7)) for p in frame.geometry]

    ka, kb = _keys(sa), _keys(sb)
    set_a, set_b = set(ka), set(kb)
    rows = [
        sa.assign(change=["kept" if k in set_b else "removed" for k in ka]),
        sb[[k not in set_a for k in kb]].assign(change="added"),
    ]
    out = pd.concat(rows, ignore_index=True)
    return gpd.GeoDataFrame(
        out[["change", "layer", "name", "geometry"]], geometry="geometry", crs="EPSG:4326"
    )


def _standard_mask(demand: pd.DataFrame) -> pd.Series:
    if "covered" not in demand.columns:
        raise InputDataError(
            "The demand layer has no 'covered' column (coverage by the service standard); "
            "run the coverage analysis for this scenario."
        )
    return demand["covered"].astype(object).where(demand["covered"].notna(), False).astype(bool)


def _no_changes(demand: pd.DataFrame | None, *, complete: bool) -> gpd.GeoDataFrame:
    crs = demand.crs if isinstance(demand, gpd.GeoDataFrame) else "EPSG:4326"
    columns: dict[str, Any] = {"change": pd.Series([], dtype=object)}
    for column in ("class", "township", "community"):
        columns[column] = pd.Series([], dtype=object)
    columns.update(
        people=pd.Series([], dtype=float),
        minutes_a=pd.Series([], dtype=float),
        minutes_b=pd.Series([], dtype=float),
    )
    out = gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=crs), crs=crs)
    out.attrs["complete"] = complete
    return out


def demand_changes(a: Scenario, b: Scenario, *, minutes: float | None = 15.0) -> gpd.GeoDataFrame:
    """Demand units whose coverage differs between the outcomes of ``a`` and ``b``.

    Both scenarios need their outcome per demand unit with the same units
    (same index): the ``demand`` layer of an analyze scenario, the
    ``demand_after`` layer of a site scenario.

    Parameters
    ----------
    minutes
        Break to compare at; ``None`` for the service standard (the demand
        layer's ``covered`` column).

    Returns
    -------
    geopandas.GeoDataFrame
        The changed units of ``b`` with ``change`` (``gained`` or ``lost``),
        ``people``, ``minutes_a`` and ``minutes_b``. ``attrs["complete"]`` is
        False (and the frame empty) when a site scenario's outputs give its
        plan's coverage only as totals, not per unit.
    """
    da, db = _plan_demand(a), _plan_demand(b)
    unknown = [s for s, d in ((a, da), (b, db)) if d is None and has_plan(s)]
    if unknown:
        logger.warning(
            "scenario %s holds its plan's coverage only as totals by class and unit, not per "
            "demand unit; no demand changes to map",
            ", ".join(repr(s.name) for s in unknown),
        )
        return _no_changes(a.layers.get("demand"), complete=False)
    if da is None or db is None:
        missing = a if da is None else b
        raise InputDataError(
            f"Scenario {missing.name!r} has no demand layer; run the coverage analysis for it."
        )
    if not da.index.equals(db.index):
        raise InputDataError(
            f"Scenarios {a.name!r} and {b.name!r} use different demand units; compare "
            "scenarios built on the same demand layer."
        )
    if minutes is None:
        before, after = _standard_mask(da), _standard_mask(db)
    else:
        before, after = covered_mask(da, minutes), covered_mask(db, minutes)
    changed = before != after
    out = db.loc[changed].copy()
    keep = [c for c in ("class", "township", "community", "people") if c in out.columns]

    def _minutes(frame: pd.DataFrame) -> pd.Series:
        if "minutes_to_nearest" not in frame.columns:
            return pd.Series(np.nan, index=frame.index)
        return pd.to_numeric(frame["minutes_to_nearest"], errors="coerce")

    result = gpd.GeoDataFrame(
        {
            "change": np.where(after[changed], "gained", "lost"),
            **{c: out[c] for c in keep},
            "minutes_a": _minutes(da.loc[changed]),
            "minutes_b": _minutes(out),
        },
        geometry=out.geometry,
        crs=db.crs,
    )
    result.attrs["complete"] = True
    return result
