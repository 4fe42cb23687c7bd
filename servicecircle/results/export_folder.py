"""Every layer of an ``analyze`` / ``site`` folder in every format: ``servicecircle export``.

:func:`export_results` reads a run's folder
(:func:`~servicecircle.results.folder.read_results`, and the attribute
tables ``curve`` and ``by_unit`` of ``siting.gpkg``) and writes into ``out``::

    <area>.gpkg            every layer, tables too (GeoPackage 1.2)
    <area>.xlsx            one sheet per layer and a sheet describing the fields
    geojson/<layer>.geojson
    shp/<layer>.shp.zip    each with its field-name table
    csv/<layer>.csv
    fields.csv             every layer's fields: Shapefile name, Chinese and
                           English name, unit, meaning

in one coordinate system and with field names in one language (see
:mod:`servicecircle.results.export`). Empty layers are left out and named.
File names inside the folders are the layers' own (ASCII) names, which every
zip tool and operating system keep.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyproj

from servicecircle._io import atomic_path, write_errors
from servicecircle._progress import Said
from servicecircle.errors import InputDataError
from servicecircle.i18n import t
from servicecircle.i18n.message import msg
from servicecircle.inputs.naming import shown_name
from servicecircle.results.csv_layer import table_of, write_csv
from servicecircle.results.export import (
    FORMATS,
    GPKG_VERSION,
    prepared,
    wgs84_bounds,
    write_geojson,
    write_gpkg_layer,
    write_layers_workbook,
)
from servicecircle.results.export_frames import Labelled, flags_as_words
from servicecircle.results.field_names import field_table, layer_name
from servicecircle.results.folder import ANALYSIS_LAYERS, SITING_LAYERS, read_layers, read_results
from servicecircle.results.output_crs import output_crs
from servicecircle.results.shapefile import write_shapefile_zip

logger = logging.getLogger(__name__)

#: Called before each layer is written: ``(fraction done, what is being written)``.
Step = Callable[[float, Said], None]

#: Sub-folder of each one-file-per-layer format.
_FOLDERS = {"geojson": "geojson", "shp": "shp", "csv": "csv"}
_SUFFIX = {"geojson": ".geojson", "shp": ".shp.zip", "csv": ".csv"}

__all__ = ["FORMATS", "GPKG_VERSION", "Exported", "export_results", "parse_formats"]


@dataclass
class Exported:
    """What :func:`export_results` wrote.

    Attributes
    ----------
    paths
        Every file written, in order.
    crs
        The coordinate system of the files.
    skipped
        Layers left out because they are empty.
    layers
        The layers written, in order.
    """

    paths: list[Path] = field(default_factory=list)
    crs: pyproj.CRS | None = None
    skipped: list[str] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)


def parse_formats(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """The formats named in ``"gpkg,csv"``; all of :data:`FORMATS` for ``None``.

    ``shp.zip``, ``zip``, ``json`` and ``excel`` are accepted too.

    >>> parse_formats("csv, XLSX,shp.zip")
    ('csv', 'xlsx', 'shp')
    """
    if text is None:
        return FORMATS
    parts = text.split(",") if isinstance(text, str) else list(text)
    aliases = {"shp.zip": "shp", "zip": "shp", "json": "geojson", "excel": "xlsx", "xls": "xlsx"}
    wanted = [aliases.get(p.strip().lower(), p.strip().lower()) for p in parts if p.strip()]
    unknown = [w for w in wanted if w not in FORMATS]
    if unknown or not wanted:
        raise InputDataError(
            msg("msg.export.unknown_formats", formats=unknown or [str(text)], known=list(FORMATS))
        )
    return tuple(dict.fromkeys(wanted))


def run_layers(folder: Path) -> tuple[str, dict[str, pd.DataFrame]]:
    """The study area's name and every non-empty layer and table of a run's folder, in order.

    Raises
    ------
    InputDataError
        When the folder is not an ``analyze`` / ``site`` folder (see
        :func:`~servicecircle.results.folder.read_results`).
    """
    results = read_results(folder)
    found: dict[str, pd.DataFrame] = dict(results.layers)
    analysis = folder / "analysis.gpkg"  # its attribute tables (key_groups) besides the maps
    missing = tuple(name for name in ANALYSIS_LAYERS if name not in found)
    if missing and analysis.is_file():
        found.update(read_layers(analysis, missing))
    siting = folder / "siting.gpkg"
    if siting.is_file():
        tables = read_layers(siting)
        found.update({k: v for k, v in tables.items() if k not in found})
    order = [*ANALYSIS_LAYERS, *SITING_LAYERS]
    ordered = {name: found[name] for name in order if name in found}
    ordered.update({k: v for k, v in found.items() if k not in ordered})
    return results.coverage.study_area.name, ordered


def export_results(
    run_folder: str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    *,
    formats: Sequence[str] = FORMATS,
    crs: str | int | pyproj.CRS | None = None,
    fields: str = "zh",
    progress: Step | None = None,
) -> Exported:
    """Write every layer of ``run_folder`` in each of ``formats`` into ``out``.

    Parameters
    ----------
    run_folder
        A folder written by ``servicecircle analyze`` or ``site``.
    out
        The folder to write into (default ``<run_folder>/export``); created.
    formats
        Some of :data:`FORMATS`.
    crs
        The coordinate system (see :func:`~servicecircle.results.output_crs.output_crs`).
    fields
        ``"zh"`` or ``"en"``: the language of field and layer names and of values.
    progress
        Told before each layer in each format.

    Raises
    ------
    InputDataError
        For a folder that is not a run's, an unknown format or coordinate system.
    """
    folder = Path(run_folder)
    formats = parse_formats(list(formats))
    name, layers = run_layers(folder)
    title = shown_name(name, fields)
    target = Path(out) if out is not None else folder / "export"
    with write_errors(target):
        target.mkdir(parents=True, exist_ok=True)
    system = output_crs(crs, wgs84_bounds(layers))
    done = Exported(crs=system)
    done.skipped = [name for name, frame in layers.items() if not len(frame)]
    kept = {name: frame for name, frame in layers.items() if len(frame)}
    if not kept:
        raise InputDataError(msg("msg.export.no_layers", folder=str(folder)))
    done.layers = list(kept)
    gis = {name: prepared(frame, name, system, fields) for name, frame in kept.items()}
    steps = len(formats) * len(kept)
    tell = progress or (lambda _fraction, _said: None)
    stem = _file_stem(title)
    for i, fmt in enumerate(formats):
        start = i * len(kept)
        if fmt == "gpkg":
            path = target / f"{stem}.gpkg"
            done.paths.append(_gpkg(gis, path, title, fields, tell, start, steps))
        elif fmt == "xlsx":
            tell(start / steps, msg("msg.export.step.layer", layer="xlsx", format=fmt))
            done.paths.append(write_layers_workbook(gis, target / f"{stem}.xlsx", fields))
        else:
            done.paths += _per_layer(gis, target, fmt, fields, tell, start, steps)
    done.paths.append(_fields_csv(gis, target / "fields.csv", fields))
    tell(1.0, msg("msg.export.bar"))
    return done


def _file_stem(title: str) -> str:
    """A file name from the study area's name (Chinese kept; ``servicecircle`` when empty)."""
    keep = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in title).strip("_")
    return keep[:60] or "servicecircle"


def _gpkg(
    gis: dict[str, Labelled],
    path: Path,
    title: str,
    fields: str,
    tell: Step,
    start: int,
    steps: int,
) -> Path:
    with atomic_path(path, suffix=".gpkg") as tmp:
        for j, (name, ready) in enumerate(gis.items()):
            shown = layer_name(name, fields)
            tell((start + j) / steps, msg("msg.export.step.layer", layer=shown, format="gpkg"))
            write_gpkg_layer(ready, tmp, shown, title=title)
    return path


def _per_layer(
    gis: dict[str, Labelled],
    target: Path,
    fmt: str,
    fields: str,
    tell: Step,
    start: int,
    steps: int,
) -> list[Path]:
    where = target / _FOLDERS[fmt]
    with write_errors(where):
        where.mkdir(exist_ok=True)
    written: list[Path] = []
    for j, (name, ready) in enumerate(gis.items()):
        shown = layer_name(name, fields)
        tell((start + j) / steps, msg("msg.export.step.layer", layer=shown, format=fmt))
        path = where / f"{name}{_SUFFIX[fmt]}"
        suffix = ".shp.zip" if fmt == "shp" else _SUFFIX[fmt]
        with atomic_path(path, suffix=suffix) as tmp:
            if fmt == "geojson":
                write_geojson(ready, tmp, name)
            elif fmt == "shp":
                write_shapefile_zip(ready.frame, tmp, name, fields=ready.fields, lang=fields)
            else:
                write_csv(table_of(flags_as_words(ready, fields), ready.fields, fields)[0], tmp)
        written.append(path)
    return written


def _fields_csv(gis: dict[str, Labelled], path: Path, fields: str) -> Path:
    rows: list[dict[str, str]] = []
    for name, ready in gis.items():
        layer = {t("export.table.layer", fields): layer_name(name, fields)}
        rows.extend({**layer, **row} for row in field_table(ready.fields, fields))
    with atomic_path(path, suffix=".csv") as tmp:
        pd.DataFrame(rows).to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    return path
