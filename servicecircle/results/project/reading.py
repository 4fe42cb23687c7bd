"""Open a project file, any file a planner may choose, without trusting it.

The file is checked before GDAL sees it (a GeoPackage's signature, no virtual
tables or views that reach other files: :func:`check_geopackage`) and opened
with the GeoPackage driver only. Every part of the ``sc_project`` table is
checked before it is used, so a damaged, cut-off or edited project gives an
:class:`~servicecircle.errors.InputDataError` that says what is wrong and what
to do, never a ``KeyError`` or a GDAL error.

The file is held to the server's limits
(:func:`~servicecircle.limits.current_limits`) as every other file a planner
brings: its size (``file_mb``) before it is opened, the features of each
layer or table (``features``) before it is read, and the vertices of each
layer (``vertices``) once it is read; over a limit is a
:class:`~servicecircle.errors.ResourceLimitError` naming the limit.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from servicecircle._progress import Said
from servicecircle.errors import InputDataError, error_detail
from servicecircle.i18n.message import msg
from servicecircle.inputs import gdal_guard
from servicecircle.inputs.signatures import check_geopackage
from servicecircle.inputs.size_checks import (
    check_feature_count,
    check_file_size,
    check_stated_count,
    check_vertices,
    geopackage_counts,
)
from servicecircle.limits import Limits, current_limits
from servicecircle.results.project.encoding import (
    FORMAT_NAME,
    FORMAT_VERSION,
    META_TABLE,
    decode_frame,
)
from servicecircle.results.project.model import Project, Scenario

logger = logging.getLogger(__name__)

#: Keys of ``sc_project`` and the JSON type each value must have.
_META_TYPES: dict[str, type | tuple[type, ...]] = {
    "format": str,
    "version": int,
    "name": str,
    "settings": dict,
    "scenarios": list,
    "tables": list,
}
#: Keys of each table's spec in ``sc_project["tables"]``.
_SPEC_KEYS = ("table", "scope", "kind", "name", "columns", "index", "geometry", "order")


def load_project(path: str | os.PathLike[str], *, limits: Limits | None = None) -> Project:
    """Open a project saved by :func:`~servicecircle.results.project.save_project`.

    A GeoPackage that is not a servicecircle project (for example
    ``analysis.gpkg``) opens, for viewing, as a project named after the file
    with all its feature layers and no scenarios; saving a project over that
    file is refused (see :func:`~servicecircle.results.project.save_project`).

    Parameters
    ----------
    path
        A ``.gpkg`` file.
    limits
        The server's limits (file size, features per layer, vertices per
        layer); defaults to :func:`~servicecircle.limits.current_limits`.

    Returns
    -------
    Project
        Equal (see :meth:`Project.equals`) to the project that was saved.

    Raises
    ------
    InputDataError
        When the file is missing, not a GeoPackage, refers to other files, or
        is a damaged project (the message says what is wrong and what to do).
    ResourceLimitError
        When the file, or one of its layers, is over one of the server's
        limits (the message names the limit and how to raise it).
    """
    source = Path(path)
    if not source.is_file():
        raise InputDataError(msg("msg.results.project.not_found", file=source.name))
    shown = source.name
    caps = _Caps(limits or current_limits(), shown)
    caps.check_size(source)
    _check_signature(source, shown)
    opened = gdal_guard.driver_path(source, "GPKG")
    listed = _layers(opened, shown)
    names = {name for name, _ in listed}
    if META_TABLE not in names:
        return _plain_geopackage(source, opened, listed, caps)
    caps.advice = (
        "The project was made for a larger study area than this server accepts: open it "
        "where the limit is higher, or make the project again for a smaller area."
    )
    caps.check_features(source, opened, META_TABLE)
    meta = _read_meta(opened, shown)
    _check_format(meta, shown)
    scenarios = _scenario_entries(meta["scenarios"], shown)
    project_layers: dict[str, gpd.GeoDataFrame] = {}
    parts: list[dict[str, dict[str, pd.DataFrame]]] = [
        {"layer": {}, "table": {}} for _ in scenarios
    ]
    for spec in _table_specs(meta["tables"], len(scenarios), names, shown):
        frame = _read_frame(source, opened, spec, caps)
        if spec["scope"] == "project":
            project_layers[spec["name"]] = frame
        else:
            parts[int(spec["scope"])][spec["kind"]][spec["name"]] = frame
    return _assemble(meta, scenarios, project_layers, parts, shown)


def _layers(opened: str, shown: str) -> list[tuple[str, Any]]:
    """The layers and tables of the GeoPackage with their geometry types."""
    try:
        return [(str(name), kind) for name, kind in _gdal(pyogrio.list_layers, opened)]
    except Exception as exc:  # GDAL reports damaged files with many exception types
        raise InputDataError(
            msg("msg.results.project.not_gpkg", file=shown, detail=error_detail(exc))
        ) from exc


def _check_format(meta: dict[str, Any], shown: str) -> None:
    """Refuse an ``sc_project`` table that servicecircle did not write, or a newer format."""
    if meta["format"] != FORMAT_NAME:
        raise InputDataError(msg("msg.results.project.foreign_meta", file=shown, table=META_TABLE))
    if meta["version"] > FORMAT_VERSION:
        raise InputDataError(msg("msg.results.project.newer", file=shown, version=meta["version"]))


def _assemble(
    meta: dict[str, Any],
    scenarios: list[Mapping[str, Any]],
    project_layers: dict[str, gpd.GeoDataFrame],
    parts: list[dict[str, dict[str, pd.DataFrame]]],
    shown: str,
) -> Project:
    """The project of the frames read, its scenarios checked as they are made."""
    try:
        return Project(
            name=meta["name"],
            settings=meta["settings"],
            layers=project_layers,
            scenarios=tuple(
                Scenario(
                    name=entry["name"],
                    parameters=entry["parameters"],
                    layers=part["layer"],
                    tables=part["table"],
                    summary=entry.get("summary") or {},
                )
                for entry, part in zip(scenarios, parts, strict=True)
            ),
        )
    except InputDataError as exc:
        raise damaged(shown, str(exc).rstrip(".")) from exc


def damaged(shown: str, problem: Said) -> InputDataError:
    """The message for a damaged project file: what is wrong, and what to do."""
    return InputDataError(msg("msg.results.project.damaged", file=shown, problem=problem))


def _check_signature(source: Path, shown: str) -> None:
    """:func:`check_geopackage`, with an unreadable schema (e.g. not UTF-8) as a message too."""
    try:
        check_geopackage(source, shown)
    except (UnicodeDecodeError, sqlite3.Error) as exc:
        raise InputDataError(
            msg("msg.results.project.not_gpkg", file=shown, detail=error_detail(exc))
        ) from exc


def _gdal(function: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a pyogrio function without GDAL's warnings on the console."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return function(*args, **kwargs)


class _Caps:
    """The server's limits one project file is held to, with messages naming the file."""

    def __init__(self, limits: Limits, shown: str) -> None:
        self.limits = limits
        self.shown = shown
        #: What to do about too many features: a plain GeoPackage can be split
        #: in QGIS; a project is set to its own advice once it is known to be one.
        self.advice = "Split the layer in QGIS, or keep only the features of the study area."

    def check_size(self, source: Path) -> None:
        """Refuse a file over the ``file_mb`` limit before it is opened."""
        check_file_size(source, self.limits, self.shown)

    def check_features(self, source: Path, opened: str, layer: str) -> None:
        """Refuse a layer or table with more rows than the ``features`` limit, unread.

        SQLite counts the rows; a file whose own count disagrees is refused (see
        :func:`~servicecircle.inputs.size_checks.geopackage_counts`).
        """
        count, stated = geopackage_counts(source, opened, layer, self.shown)
        check_feature_count(
            count, self.limits, f"{self.shown}: layer {layer!r}", advice=self.advice
        )
        check_stated_count(count, stated, layer, self.shown)

    def check_vertices(self, frame: pd.DataFrame, layer: str) -> None:
        """Refuse a layer whose geometries have more coordinates than the ``vertices`` limit."""
        if not isinstance(frame, gpd.GeoDataFrame):  # a table read without geometry
            return
        check_vertices(frame.geometry.to_numpy(), self.limits, f"{self.shown}: layer {layer!r}")


def _plain_geopackage(
    source: Path, opened: str, listed: list[tuple[str, Any]], caps: _Caps
) -> Project:
    """A GeoPackage that is not a project: its feature layers, for viewing."""
    logger.info("%s has no %s table; opening its %d layers", source, META_TABLE, len(listed))
    layers: dict[str, gpd.GeoDataFrame] = {}
    for name, geometry_type in listed:
        if geometry_type is None:
            continue
        caps.check_features(source, opened, name)
        try:
            frame = _gdal(pyogrio.read_dataframe, opened, layer=name)
        except Exception as exc:  # GDAL reports damaged files with many exception types
            raise InputDataError(
                msg(
                    "msg.results.project.layer_unreadable",
                    file=source.name,
                    layer=name,
                    detail=error_detail(exc),
                )
            ) from exc
        caps.check_vertices(frame, name)
        layers[name] = frame
    return Project(name=source.stem, layers=layers)


def _read_meta(opened: str, shown: str) -> dict[str, Any]:
    """The ``sc_project`` table as a dict of JSON values, each of the expected type."""
    try:
        raw = _gdal(pyogrio.read_dataframe, opened, layer=META_TABLE, read_geometry=False)
    except Exception as exc:  # GDAL reports damaged files with many exception types
        raise damaged(
            shown, f"its {META_TABLE} table cannot be read ({error_detail(exc)})"
        ) from exc
    if not {"key", "value"} <= set(raw.columns):
        raise damaged(shown, f"its {META_TABLE} table has no 'key' and 'value' columns")
    meta: dict[str, Any] = {}
    for key, value in zip(raw["key"], raw["value"], strict=True):
        try:
            meta[str(key)] = json.loads(value)
        except (TypeError, ValueError) as exc:
            raise damaged(
                shown, f"the value of {str(key)!r} in its {META_TABLE} table is not valid JSON"
            ) from exc
    if "format" in meta and meta["format"] != FORMAT_NAME:
        return meta  # someone else's table of that name: the caller says so
    missing = [key for key in _META_TYPES if key not in meta]
    if missing:
        raise damaged(shown, f"its {META_TABLE} table lacks {', '.join(map(repr, missing))}")
    wrong = [
        key
        for key, kind in _META_TYPES.items()
        if not isinstance(meta[key], kind) or isinstance(meta[key], bool)
    ]
    if wrong:
        raise damaged(
            shown, f"{', '.join(map(repr, wrong))} in its {META_TABLE} table has the wrong type"
        )
    return meta


def _scenario_entries(entries: list[Any], shown: str) -> list[Mapping[str, Any]]:
    """The scenario list of ``sc_project``, each with a text name and parameters."""
    for i, entry in enumerate(entries, start=1):
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("name"), str)
            or not isinstance(entry.get("parameters"), dict)
            or not isinstance(entry.get("summary") or {}, dict)
        ):
            raise damaged(shown, f"scenario {i} in its {META_TABLE} table is incomplete")
    return entries


def _table_specs(
    specs: list[Any], n_scenarios: int, present: set[str], shown: str
) -> list[Mapping[str, Any]]:
    """The table specs of ``sc_project``, each complete and naming a table of the file."""
    scopes = {"project", *(str(i) for i in range(n_scenarios))}
    for i, spec in enumerate(specs, start=1):
        if not isinstance(spec, dict) or any(key not in spec for key in _SPEC_KEYS):
            raise damaged(shown, f"entry {i} of the table list in its {META_TABLE} is incomplete")
        table = spec["table"]
        if spec["scope"] not in scopes or spec["kind"] not in ("layer", "table"):
            raise damaged(shown, f"table {table!r} belongs to no scenario")
        if table not in present:
            raise damaged(shown, f"table {table!r} (listed in {META_TABLE}) is missing")
    return specs


def _read_frame(source: Path, opened: str, spec: Mapping[str, Any], caps: _Caps) -> pd.DataFrame:
    """Read and restore one stored table, held to the server's limits."""
    table, shown = spec["table"], caps.shown
    caps.check_features(source, opened, table)
    try:
        stored = _gdal(
            pyogrio.read_dataframe,
            opened,
            layer=table,
            read_geometry=spec["geometry"] is not None,
        )
    except Exception as exc:  # GDAL reports damaged files with many exception types
        raise damaged(shown, f"table {table!r} cannot be read ({error_detail(exc)})") from exc
    caps.check_vertices(stored, table)
    try:
        return decode_frame(stored, spec)
    except (AttributeError, IndexError, KeyError, TypeError, ValueError) as exc:
        raise damaged(shown, f"table {table!r} cannot be restored ({error_detail(exc)})") from exc


__all__ = ["damaged", "load_project"]
