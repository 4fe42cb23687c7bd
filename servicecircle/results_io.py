"""Write and read the files of an analysis run: ``analysis.gpkg`` and ``summary.json``."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np

from servicecircle.analysis import Coverage

ANALYSIS_LAYERS: tuple[str, ...] = (
    "demand",
    "outlets",
    "isochrones",
    "gaps",
    "units",
    "must_cover",
)


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
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(
                _finite(data),
                stream,
                ensure_ascii=False,
                indent=2,
                default=_json_default,
                allow_nan=False,
            )
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return path


def write_layers(layers: dict[str, gpd.GeoDataFrame], path: Path) -> Path:
    """Write layers into one GeoPackage, replacing the file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp.gpkg")
    if temp.exists():
        temp.unlink()
    try:
        for name, frame in layers.items():
            frame = frame.copy()
            for column in frame.columns:
                if column != frame.geometry.name and frame[column].dtype == object:
                    frame[column] = frame[column].map(
                        lambda v: v if v is None or isinstance(v, str) else str(v)
                    )
            frame.to_file(temp, layer=name, driver="GPKG", engine="pyogrio")
        os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()
    return path


def write_analysis(coverage: Coverage, summary: dict[str, Any], out_dir: str | Path) -> list[Path]:
    """Write ``analysis.gpkg`` (layers :data:`ANALYSIS_LAYERS`) and ``summary.json``.

    The ``demand`` layer's ``minutes_to_nearest`` is empty (NULL) where no
    outlet can be reached.
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
    }
    return [
        write_layers(layers, out / "analysis.gpkg"),
        write_json(summary, out / "summary.json"),
    ]


def read_analysis(out_dir: str | Path) -> tuple[dict[str, gpd.GeoDataFrame], dict[str, Any]]:
    """Read back the layers and summary written by :func:`write_analysis`."""
    out = Path(out_dir)
    layers = {
        name: gpd.read_file(out / "analysis.gpkg", layer=name, engine="pyogrio")
        for name in ANALYSIS_LAYERS
    }
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return layers, summary


def write_siting(plan: Any, summary: dict[str, Any], out_dir: str | Path) -> list[Path]:
    """Write ``siting.gpkg`` (layers ``chosen``, ``candidates``, ``curve``) and ``siting.json``.

    ``curve`` is a plain attribute table (no geometry), as QGIS shows tables.
    """
    import pyogrio

    out = Path(out_dir)
    layers = {"chosen": plan.chosen, "candidates": plan.candidates}
    if plan.demand_after is not None:
        layers["demand_after"] = plan.demand_after.reset_index()
    gpkg = write_layers(layers, out / "siting.gpkg")
    pyogrio.write_dataframe(plan.curve, gpkg, layer="curve", driver="GPKG", append=False)
    by_unit = plan.by_unit
    if len(by_unit):
        pyogrio.write_dataframe(by_unit, gpkg, layer="by_unit", driver="GPKG", append=False)
    return [gpkg, write_json(summary, out / "siting.json")]
