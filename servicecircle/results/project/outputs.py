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
from servicecircle.i18n.message import msg
from servicecircle.inputs import gdal_guard
from servicecircle.inputs.signatures import check_geopackage
from servicecircle.results.folder import ANALYSIS_LAYERS, SITING_LAYERS
from servicecircle.results.project.coverage import plan_coverage, today_coverage
from servicecircle.results.project.model import Scenario
from servicecircle.results.staging import recover_outputs


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
    never mixes two runs. Its tables are those of the run (``curve``,
    ``by_unit``) and the coverage tables of
    :func:`~servicecircle.results.project.coverage.scenario_tables`.
    :meth:`Scenario.from_results <servicecircle.results.project.Scenario.from_results>`
    builds the same scenario from the run's objects, without the folder.

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
    summary, layers, tables = _read_run(folder)
    today = today_coverage(summary, layers)
    if today is not None:
        tables["coverage"] = today
    try:
        plan = plan_coverage(summary, layers)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        problem = f"its coverage figures are unreadable: {exc!r}"
        raise _damaged(folder / "siting.json", "site", problem) from exc
    if plan is not None:
        tables["plan_coverage"] = plan
    return Scenario.of_run(name, summary, layers, tables, parameters)


def _read_run(
    folder: Path,
) -> tuple[dict[str, Any], dict[str, gpd.GeoDataFrame], dict[str, pd.DataFrame]]:
    """The summaries, map layers and tables of the run in ``folder``, each file checked."""
    analysis = folder / "analysis.gpkg"
    summary_path = folder / "summary.json"
    if not analysis.is_file() or not summary_path.is_file():
        raise InputDataError(msg("msg.results.project.no_outputs", folder=str(folder)))
    summary: dict[str, Any] = {"analysis": _read_summary(summary_path, "analyze")}
    _breaks(summary["analysis"], summary_path)  # checked before the layers are read
    layers, tables = _read_layers(analysis, ANALYSIS_LAYERS, "analyze")
    siting = folder / "siting.gpkg"
    if siting.is_file():
        siting_layers, siting_tables = _read_layers(siting, SITING_LAYERS, "site")
        layers.update(siting_layers)
        tables.update(siting_tables)
    siting_json = folder / "siting.json"
    if siting_json.is_file():
        summary["siting"] = _read_summary(siting_json, "site")
    return summary, layers, tables


def _damaged(path: Path, command: str, problem: str) -> InputDataError:
    """The message for a damaged output file: which one, and the command that rewrites it.

    ``command`` is ``"analyze"`` for ``analysis.gpkg`` and ``summary.json``
    (which ``site`` writes too), ``"site"`` for the siting files.
    """
    key = (
        "msg.results.project.output_damaged_site"
        if command == "site"
        else ("msg.results.project.output_damaged")
    )
    return InputDataError(msg(key, file=path.name, folder=str(path.parent), problem=problem))


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


def _read_layers(
    path: Path, wanted: Iterable[str], command: str
) -> tuple[dict[str, gpd.GeoDataFrame], dict[str, pd.DataFrame]]:
    """The layers of ``wanted`` that the GeoPackage ``path`` holds: map layers and tables."""
    try:
        check_geopackage(path, path.name)
    except (InputDataError, UnicodeDecodeError, sqlite3.Error) as exc:
        raise _damaged(path, command, str(exc).split(". ")[0][:200]) from exc
    source = gdal_guard.driver_path(path, "GPKG")
    layers: dict[str, gpd.GeoDataFrame] = {}
    tables: dict[str, pd.DataFrame] = {}
    name = ""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            present = {str(row[0]) for row in pyogrio.list_layers(source)}
            for name in wanted:
                if name in present:
                    frame = pyogrio.read_dataframe(source, layer=name)
                    if isinstance(frame, gpd.GeoDataFrame):
                        layers[name] = frame
                    else:  # an attribute table (no geometry), such as the curve
                        tables[name] = pd.DataFrame(frame)
    except Exception as exc:  # GDAL reports damaged files with many exception types
        where = f"layer {name!r} " if name else ""
        raise _damaged(path, command, f"{where}cannot be read: {error_detail(exc)}") from exc
    return layers, tables


__all__ = ["scenario_from_outputs"]
