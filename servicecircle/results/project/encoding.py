"""How a project's frames are stored in GeoPackage tables and restored exactly.

Each frame becomes one GeoPackage table that a GIS reads as it is (real column
names, geometry as the layer's geometry); what GeoPackage cannot hold (dtype,
index, categories, JSON cells, ``None`` vs ``NaN``) goes into a *spec*, kept in
the ``sc_project`` table, that :func:`decode_frame` uses to rebuild the frame.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.results.project.model import json_default, json_native

#: ``format`` in ``sc_project``: marks a GeoPackage as a servicecircle project.
FORMAT_NAME = "servicecircle-project"
#: Newest layout this version writes and reads.
FORMAT_VERSION = 1
#: The key/value table with settings, scenarios and the spec of every table.
META_TABLE = "sc_project"
#: One row per scenario with its parameters, for people browsing the file in QGIS.
SCENARIO_TABLE = "sc_scenarios"


def safe_table_name(name: str, taken: set[str]) -> str:
    """A GeoPackage table name for ``name`` not yet in ``taken`` (which it joins)."""
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
        spec["categories"] = json_native(list(dtype.categories), what="category values")
        spec["ordered"] = bool(dtype.ordered)
        codes = values.cat.codes.astype("int64")
        return codes.where(codes >= 0, None).astype("Int64"), spec
    if pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype):
        spec["kind"] = "datetime" if pd.api.types.is_datetime64_any_dtype(dtype) else "timedelta"
        text = values.astype(str).where(values.notna(), None)
        return text.astype(object), spec
    if pd.api.types.is_object_dtype(dtype):
        non_null = [
            v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))
        ]
        if any(_is_json_cell(v) for v in non_null) or any(not isinstance(v, str) for v in non_null):
            spec["kind"] = "json"
            cells = [
                None
                if v is None or (isinstance(v, float) and math.isnan(v))
                else json.dumps(v, default=json_default, ensure_ascii=False)
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
        raw = [
            None if v is None or v != v else v  # noqa: PLR0124 - a NaN test for any cell type
            for v in stored.astype(object)
        ]
        geoms = shapely.from_wkb(np.asarray(raw, dtype=object))
        series: pd.Series = gpd.GeoSeries(geoms, index=stored.index, crs=spec.get("crs"))
        return series
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
        cells = [
            None if v is None or v != v else json.loads(v)  # noqa: PLR0124 - a NaN test for any cell type
            for v in stored.astype(object)
        ]
        return pd.Series(cells, index=stored.index, dtype=object)
    if kind == "object":
        out = stored.astype(object).where(stored.notna(), np.nan)
        for i in spec.get("nulls", []):
            out.iloc[i] = None
        return out
    if dtype in ("str", "string") or dtype.startswith("string"):
        return stored.astype(dtype)
    return stored.astype(dtype)


def encode_frame(frame: pd.DataFrame, *, table: str) -> tuple[pd.DataFrame, dict[str, Any]]:
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
        spec.update(stored=stored_name, name=json_native(name, what="index name"))
        taken.add(stored_name)
        data[stored_name] = encoded
        index.append(spec)
    if not frame.columns.is_unique:
        raise InputDataError(msg("msg.results.project.duplicate_columns", table=table))
    for col in frame.columns:
        if col == active:
            continue
        if not isinstance(col, str):
            raise InputDataError(msg("msg.results.project.column_name", column=col, table=table))
        stored_name = _unique_field(str(col), taken)
        values = frame[col].reset_index(drop=True)
        encoded, spec = _encode_values(values)
        spec.update(stored=stored_name, name=col)
        data[stored_name] = encoded
        columns.append(spec)
    meta: dict[str, Any] = {"table": table, "columns": columns, "index": index}
    if geo:
        gdf: gpd.GeoDataFrame = frame
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


def decode_frame(stored: pd.DataFrame, meta: Mapping[str, Any]) -> pd.DataFrame:
    """Rebuild the frame that :func:`encode_frame` stored as ``stored`` with spec ``meta``."""
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
