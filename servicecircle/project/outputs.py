"""A scenario from the folder that ``servicecircle analyze`` / ``site`` wrote.

The folder holds ``analysis.gpkg`` + ``summary.json`` and, after a siting run,
``siting.gpkg`` + ``siting.json``. Each file is checked before it is read (a
GeoPackage's signature, the JSON's shape): a damaged or cut-off file gives a
message that names it and says which command writes it again.
"""

from __future__ import annotations

import json
import os
import sqlite3
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from servicecircle.errors import InputDataError, error_detail
from servicecircle.project.coverage import coverage_table, plan_coverage_table
from servicecircle.project.model import Scenario
from servicecircle.results.folder import ANALYSIS_LAYERS  # the layers analyze writes
from servicecircle.results.staging import recover_outputs
from servicecircle.sources import gdal_guard
from servicecircle.sources.signatures import check_geopackage

#: Layer names :func:`scenario_from_outputs` reads from ``siting.gpkg``. ``curve`` and
#: ``by_unit`` are attribute tables; ``demand_after`` (the demand units after the new
#: sites, with ``minutes_to_nearest`` and/or ``covered``) is read when a run wrote it.
SITING_LAYERS: tuple[str, ...] = ("chosen", "candidates", "demand_after", "curve", "by_unit")
#: Tables (no geometry) among the layers read from the output GeoPackages.
OUTPUT_TABLES: tuple[str, ...] = ("curve", "by_unit")


def scenario_from_outputs(
    out_dir: str | os.PathLike[str],
    *,
    name: str,
    parameters: Mapping[str, Any] | None = None,
) -> Scenario:
    """Build a scenario from the folder written by ``servicecircle analyze`` / ``site``.

    Reads ``analysis.gpkg`` + ``summary.json`` and, when present,
    ``siting.gpkg`` + ``siting.json``, once a switch of result files that a
    killed run left half done is finished or undone
    (:func:`~servicecircle.results.staging.recover_outputs`), so the scenario
    never mixes two runs. The ``coverage`` table (see
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

    Raises
    ------
    InputDataError
        When a file is missing, damaged or cut off (the message names it and
        the command that writes it again).
    """
    folder = Path(out_dir)
    recover_outputs(folder)  # finish or undo the switch of a run that was killed
    analysis = folder / "analysis.gpkg"
    summary_path = folder / "summary.json"
    if not analysis.is_file() or not summary_path.is_file():
        raise InputDataError(
            f"{folder} has no analysis.gpkg and summary.json; run `servicecircle analyze "
            f"... --out {folder}` first."
        )
    summary: dict[str, Any] = {"analysis": _read_summary(summary_path, "analyze")}
    breaks = _breaks(summary["analysis"], summary_path)
    layers = _read_layers(analysis, ANALYSIS_LAYERS, "analyze")
    siting = folder / "siting.gpkg"
    if siting.is_file():
        layers.update(_read_layers(siting, SITING_LAYERS, "site"))
    siting_json = folder / "siting.json"
    if siting_json.is_file():
        summary["siting"] = _read_summary(siting_json, "site")
    tables: dict[str, pd.DataFrame] = {}
    for table in OUTPUT_TABLES:
        frame = layers.pop(table, None)
        if frame is not None:
            tables[table] = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    if "demand" in layers and breaks:
        tables["coverage"] = coverage_table(layers["demand"], minutes=breaks)
    if "siting" in summary and "demand" in layers:
        try:
            tables["plan_coverage"] = plan_coverage_table(
                summary["siting"], layers.get("demand_after", layers["demand"])
            )
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            problem = f"its coverage figures are unreadable: {exc!r}"
            raise _damaged(siting_json, "site", problem) from exc
    if parameters is None:
        parameters = {
            k: summary["analysis"][k] for k in ("mode", "minutes") if k in summary["analysis"]
        }
    return Scenario(name=name, parameters=parameters, layers=layers, tables=tables, summary=summary)


def _damaged(path: Path, command: str, problem: str) -> InputDataError:
    """The message for a damaged output file: which one, and the command that rewrites it.

    ``command`` is ``"analyze"`` for ``analysis.gpkg`` and ``summary.json``
    (which ``site`` writes too), ``"site"`` for the siting files.
    """
    again = "`servicecircle site`" if command == "site" else "`servicecircle analyze` (or `site`)"
    return InputDataError(
        f"{path.name} in {path.parent} is damaged ({problem}). It may be left by a run that was "
        f"stopped or ran out of disk space: run {again} with `--out {path.parent}` again."
    )


def _read_summary(path: Path, command: str) -> dict[str, Any]:
    """The JSON object in ``path`` (``summary.json`` or ``siting.json``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _damaged(path, command, "it is not UTF-8 text") from exc
    if not text.strip():
        raise _damaged(path, command, "it is empty")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _damaged(path, command, f"not valid JSON: {exc.msg} at line {exc.lineno}") from exc
    if not isinstance(value, dict):
        raise _damaged(path, command, f"it holds {_json_kind(value)} instead of a JSON object")
    if not value:
        raise _damaged(path, command, "it holds no results")
    return value


def _json_kind(value: Any) -> str:
    """What a parsed JSON value is, in JSON's words."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    kinds = {list: "a list", str: "a text", int: "a number", float: "a number"}
    return kinds.get(type(value), type(value).__name__)


def _breaks(analysis: Mapping[str, Any], path: Path) -> list[float]:
    """The time breaks of ``summary.json`` (``minutes``), as numbers."""
    minutes = analysis.get("minutes", [])
    try:
        return [float(m) for m in minutes]
    except (TypeError, ValueError) as exc:
        raise _damaged(path, "analyze", f"'minutes' is {minutes!r}, not a list of numbers") from exc


def _read_layers(path: Path, wanted: Iterable[str], command: str) -> dict[str, gpd.GeoDataFrame]:
    """The layers and tables of ``wanted`` that the GeoPackage ``path`` holds."""
    try:
        check_geopackage(path, path.name)
    except (InputDataError, UnicodeDecodeError, sqlite3.Error) as exc:
        raise _damaged(path, command, str(exc).split(". ")[0][:200]) from exc
    source = gdal_guard.driver_path(path, "GPKG")
    out: dict[str, gpd.GeoDataFrame] = {}
    name = ""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            present = {str(row[0]) for row in pyogrio.list_layers(source)}
            for name in wanted:
                if name in present:
                    frame = pyogrio.read_dataframe(source, layer=name)
                    if not isinstance(frame, gpd.GeoDataFrame):
                        geometry = gpd.GeoSeries([None] * len(frame))
                        frame = gpd.GeoDataFrame(frame, geometry=geometry)
                    out[name] = frame
    except Exception as exc:  # GDAL reports damaged files with many exception types
        where = f"layer {name!r} " if name else ""
        raise _damaged(path, command, f"{where}cannot be read: {error_detail(exc)}") from exc
    return out


__all__ = ["ANALYSIS_LAYERS", "OUTPUT_TABLES", "SITING_LAYERS", "scenario_from_outputs"]
