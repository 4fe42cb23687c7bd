"""Write and read the files of an analysis run: ``analysis.gpkg`` and ``summary.json``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from servicecircle._io import atomic_path, write_errors, write_text_atomic
from servicecircle.coverage import Coverage
from servicecircle.errors import InputDataError
from servicecircle.output_folder import recover_outputs
from servicecircle.sources import gdal_guard  # locks GDAL down before any pyogrio use

ANALYSIS_LAYERS: tuple[str, ...] = (
    "demand",
    "outlets",
    "isochrones",
    "gaps",
    "units",
    "must_cover",
    "off_network",
)
"""Layers of ``analysis.gpkg``. ``off_network`` holds the demand units farther than
the snapping limit from every road (points, most people first: ``unit``,
``people``, ``class``, ``road_m``, ``township``, ``community``); they are also
flagged ``off_network`` in ``demand`` and are never among the ``gaps``."""


def _json_default(value: Any) -> Any:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if not np.isfinite(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _finite(value: Any) -> Any:
    """Replace NaN and infinities (not valid JSON) by ``None``, recursively."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    if isinstance(value, float | np.floating) and not np.isfinite(value):
        return None
    return value


def write_json(data: dict[str, Any], path: Path) -> Path:
    """Write ``data`` as UTF-8 JSON atomically (write aside, then rename).

    NaN and infinite numbers are written as ``null`` so the file is strict JSON.

    Raises
    ------
    OutputError
        When the file cannot be written (no permission, read-only or full disk).
    """
    text = json.dumps(
        _finite(data), ensure_ascii=False, indent=2, default=_json_default, allow_nan=False
    )
    with write_errors(path):
        path.parent.mkdir(parents=True, exist_ok=True)
    return write_text_atomic(path, text)


def _text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy with object columns as text (or empty), which every GeoPackage field can hold."""
    frame = frame.copy()
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    for column in frame.columns:
        if column != geometry and frame[column].dtype == object:
            frame[column] = frame[column].map(
                lambda v: v if v is None or isinstance(v, str) else str(v)
            )
    return frame


def write_layers(layers: Mapping[str, pd.DataFrame], path: Path) -> Path:
    """Write layers into one GeoPackage, replacing the file atomically.

    GeoDataFrames become map layers; plain DataFrames become attribute tables
    (no geometry), as QGIS shows tables.

    Raises
    ------
    OutputError
        When the file cannot be written (no permission, read-only or full disk).
    """
    with write_errors(path):
        path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path, suffix=".gpkg") as temporary:
        for name, frame in layers.items():
            cells = _text_cells(frame)
            if isinstance(cells, gpd.GeoDataFrame):
                cells.to_file(temporary, layer=name, driver="GPKG", engine="pyogrio")
            else:
                pyogrio.write_dataframe(cells, temporary, layer=name, driver="GPKG")
    return path


def write_analysis(coverage: Coverage, summary: dict[str, Any], out_dir: str | Path) -> list[Path]:
    """Write ``analysis.gpkg`` (layers :data:`ANALYSIS_LAYERS`) and ``summary.json``.

    The ``demand`` layer's ``minutes_to_nearest`` is empty (NULL) where no
    outlet can be reached; its ``off_network`` flag marks the units listed in
    the ``off_network`` layer (farther than the snapping limit from every road).
    """
    out = Path(out_dir)
    demand = coverage.demand.reset_index()
    layers = {
        "demand": demand,
        "outlets": coverage.outlets.reset_index(drop=True),
        "isochrones": coverage.isochrones,
        "gaps": coverage.gaps,
        "units": coverage.units,
        "must_cover": coverage.must_cover,
        "off_network": coverage.off_network,
    }
    return [
        write_layers(layers, out / "analysis.gpkg"),
        write_json(summary, out / "summary.json"),
    ]


#: Keys every ``summary.json`` has, and the report and map need.
SUMMARY_KEYS: tuple[str, ...] = (
    "minutes",
    "population_total",
    "population_covered",
    "coverage_share",
)
#: Keys every ``siting.json`` has.
SITING_KEYS: tuple[str, ...] = ("model", "chosen")


def _rerun_hint(folder: Path, command: str) -> str:
    return f"run `servicecircle {command} ... --out {folder}` again to write it afresh"


def _damaged(path: Path, what: str, command: str) -> InputDataError:
    return InputDataError(f"{path} is damaged: {what}; {_rerun_hint(path.parent, command)}.")


def read_results_json(path: Path, *, required: tuple[str, ...], command: str) -> dict[str, Any]:
    """Read a JSON file of a run and check it has the ``required`` keys.

    Raises
    ------
    InputDataError
        When the file is missing, not JSON, not an object, or lacks a key;
        the message says which command writes it again.
    """
    if not path.is_file():
        raise InputDataError(
            f"{path.parent} has no {path.name}; {_rerun_hint(path.parent, command)}."
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise _damaged(path, "it is not UTF-8 text", command) from error
    except ValueError as error:
        raise _damaged(path, f"it is not valid JSON ({error})", command) from error
    except OSError as error:
        raise InputDataError(f"Cannot read {path}: {error.strerror or error}.") from error
    if not isinstance(data, dict):
        raise _damaged(path, f"it holds a JSON {type(data).__name__}, not an object", command)
    missing = [key for key in required if key not in data]
    if missing:
        raise _damaged(path, f"{', '.join(missing)} missing", command)
    return data


def _check_minutes(summary: Mapping[str, Any], path: Path) -> None:
    minutes = summary["minutes"]
    numbers = (
        isinstance(minutes, list)
        and bool(minutes)
        and all(isinstance(m, int | float) and not isinstance(m, bool) for m in minutes)
    )
    if not numbers or not all(np.isfinite(m) and m > 0 for m in minutes):
        raise _damaged(path, f"minutes is {minutes!r}, not a list of positive numbers", "analyze")
    for key in ("population_covered", "coverage_share"):
        if not isinstance(summary[key], dict):
            raise _damaged(path, f"{key} is not a table by minutes", "analyze")


def read_summary(out_dir: str | Path) -> dict[str, Any]:
    """Read and check ``summary.json`` of an ``analyze`` / ``site`` folder.

    Raises
    ------
    InputDataError
        When it is missing or damaged (see :func:`read_results_json`).
    """
    folder = Path(out_dir)
    if not folder.is_dir():
        raise InputDataError(
            f"The folder {folder} does not exist; give the folder that `servicecircle "
            "analyze --out` wrote, or run analyze first."
        )
    recover_outputs(folder)
    path = folder / "summary.json"
    summary = read_results_json(path, required=SUMMARY_KEYS, command="analyze")
    _check_minutes(summary, path)
    return summary


def read_siting_summary(out_dir: str | Path) -> dict[str, Any] | None:
    """Read and check ``siting.json`` of a ``site`` folder (None when there is none)."""
    path = Path(out_dir) / "siting.json"
    if not path.is_file():
        return None
    siting = read_results_json(path, required=SITING_KEYS, command="site")
    if not isinstance(siting["chosen"], list):
        raise _damaged(path, "chosen is not a list of sites", "site")
    return siting


def read_layers(
    path: Path, names: tuple[str, ...] | None = None, *, maps_only: bool = False
) -> dict[str, pd.DataFrame]:
    """Read the layers of a GeoPackage a run wrote (all of them, or ``names``).

    With ``maps_only``, attribute tables (layers without geometry) are left out.

    Raises
    ------
    InputDataError
        When the file is not a GeoPackage or a layer cannot be read.
    """
    command = "site" if path.name.startswith("siting") else "analyze"
    source = gdal_guard.driver_path(path, "GPKG")
    try:
        listed = [
            str(name)
            for name, geometry_type in pyogrio.list_layers(source)
            if geometry_type is not None or not maps_only
        ]
        wanted = listed if names is None else [name for name in names if name in listed]
        return {name: pyogrio.read_dataframe(source, layer=name) for name in wanted}
    except (RuntimeError, OSError) as error:
        raise _damaged(path, f"GDAL cannot read it ({error})", command) from error


def read_analysis(out_dir: str | Path) -> tuple[dict[str, gpd.GeoDataFrame], dict[str, Any]]:
    """Read back the layers and summary written by :func:`write_analysis`."""
    out = Path(out_dir)
    summary = read_summary(out)
    gpkg = out / "analysis.gpkg"
    if not gpkg.is_file():
        raise InputDataError(f"{out} has no analysis.gpkg; {_rerun_hint(out, 'analyze')}.")
    layers = read_layers(gpkg, ANALYSIS_LAYERS)
    return layers, summary


def write_siting(plan: Any, summary: dict[str, Any], out_dir: str | Path) -> list[Path]:
    """Write ``siting.gpkg`` (layers ``chosen``, ``candidates``, ``curve``) and ``siting.json``.

    ``curve`` (and ``by_unit``) are plain attribute tables (no geometry), as
    QGIS shows tables.
    """
    out = Path(out_dir)
    layers: dict[str, pd.DataFrame] = {"chosen": plan.chosen, "candidates": plan.candidates}
    if plan.demand_after is not None:
        layers["demand_after"] = plan.demand_after.reset_index()
    layers["curve"] = pd.DataFrame(plan.curve)
    if len(plan.by_unit):
        layers["by_unit"] = pd.DataFrame(plan.by_unit)
    return [write_layers(layers, out / "siting.gpkg"), write_json(summary, out / "siting.json")]
