"""The regions' map layers gathered into one GeoPackage, each feature with its region.

Every region done (its folder marked complete, :mod:`servicecircle.batch.markers`)
adds its demand units, today's outlets inside it, gaps, township/community
coverage and proposed sites to one layer each, with the region's code and
name in the first two columns. The layers are written with the export's
writers (:func:`~servicecircle.results.export.prepared`,
:func:`~servicecircle.results.export.write_gpkg_layer`): field and layer
names and values in the planner's language, as ``servicecircle export``
writes them. A region's ``outlets`` layer holds the outlets of its whole halo
(those across the border serve it too); only the ones inside the region are
gathered, so each outlet is listed once. With key groups (``batch
--groups``) the regions' ``key_groups`` tables are gathered into one table
too (:func:`~servicecircle.batch.group_table.groups_table`).

The GeoPackage is written region by region (:func:`gather_layers`): each
layer is read once to learn its columns, their types and its geometry types
(one region at a time), then each region's part is appended to the layer, so
this process holds one region's layer at a time, never the province's, and
never a network. The file is the same as the one all regions' parts put
together would give; a layer whose columns or types differ between regions
(which one batch's runs do not write) is put together in memory instead.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pyproj
import shapely

from servicecircle._io import fsync_file, write_errors
from servicecircle.batch.border_final import (
    BORDER_STATUS,
    KEPT,
    MOVED_IN,
    REGION_CODE,
    REGION_NAME,
    RegionChange,
)
from servicecircle.batch.group_table import groups_table
from servicecircle.batch.jobs import RegionJob
from servicecircle.batch.markers import is_done
from servicecircle.batch.membership import points_in_region
from servicecircle.i18n import t
from servicecircle.inputs import gdal_guard  # locks GDAL down before any pyogrio use
from servicecircle.inputs.crs import WGS84
from servicecircle.results.export import prepared, write_gpkg_layer
from servicecircle.results.export_frames import Labelled
from servicecircle.results.field_names import layer_name
from servicecircle.results.gpkg_version import creation_options

#: The layers gathered: (the region's file, the layer), in the GeoPackage's order.
GATHERED: tuple[tuple[str, str], ...] = (
    ("analysis.gpkg", "demand"),
    ("analysis.gpkg", "outlets"),
    ("analysis.gpkg", "gaps"),
    ("analysis.gpkg", "units"),
    ("siting.gpkg", "chosen"),
)

#: What the border pass changed per region code (``None``: no border pass).
Border = Mapping[str, RegionChange] | None


def region_layer(
    job: RegionJob,
    out_dir: str | os.PathLike[str],
    file: str,
    layer: str,
    border: Border = None,
) -> gpd.GeoDataFrame | None:
    """One layer of a region's results with its region's code and name; ``None`` if absent.

    ``outlets`` keeps only the outlets inside the region (by the border rule
    of :func:`~servicecircle.batch.membership.points_in_region`). With
    ``border`` (what the border pass changed, per region), ``chosen`` holds
    the final sites with their status
    (:func:`~servicecircle.batch.border_final.final_sites`).
    """
    path = job.folder(out_dir) / file
    if not path.is_file():
        return None
    source = gdal_guard.driver_path(path, "GPKG")
    if layer not in {str(name) for name, _ in pyogrio.list_layers(source)}:
        return None
    frame = pyogrio.read_dataframe(source, layer=layer)
    if not isinstance(frame, gpd.GeoDataFrame):
        return None
    if layer == "outlets" and len(frame):
        region = shapely.from_wkb(job.region_wkb)
        frame = frame[points_in_region(frame.geometry.to_numpy(), region)]
    frame = frame.to_crs(WGS84) if frame.crs is not None else frame.set_crs(WGS84)
    frame.insert(0, REGION_NAME, job.name)
    frame.insert(0, REGION_CODE, job.code)
    if border is not None and layer == "chosen":
        from servicecircle.batch.border_final import final_sites

        return final_sites(frame, border.get(job.code), job.code, job.name)
    return frame.reset_index(drop=True)


def gathered_layer(
    jobs: Sequence[RegionJob],
    out_dir: str | os.PathLike[str],
    file: str,
    layer: str,
    border: Border = None,
) -> gpd.GeoDataFrame | None:
    """``layer`` of every region done, one after the other; ``None`` when no region has it."""
    parts = [
        frame
        for job in jobs
        if is_done(job, out_dir)
        and (frame := region_layer(job, out_dir, file, layer, border)) is not None
        and len(frame)
    ]
    if not parts:
        return None
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=WGS84)


def ready_layer(frame: gpd.GeoDataFrame, layer: str, lang: str) -> Labelled:
    """``frame`` named and valued for ``lang`` as the export writes it, region columns too."""
    ready = prepared(frame, layer, pyproj.CRS.from_user_input(WGS84), lang)
    names = {
        REGION_CODE: t("batch.col.region_code", lang),
        REGION_NAME: t("batch.col.region_name", lang),
    }
    frame = ready.frame
    if BORDER_STATUS in frame.columns:
        words = {value: t(f"batch.border.status.{value}", lang) for value in (KEPT, MOVED_IN)}
        frame = frame.assign(**{BORDER_STATUS: frame[BORDER_STATUS].map(words)})
        names[BORDER_STATUS] = t("batch.border.col.final_status", lang)
    return Labelled(frame.rename(columns=names), ready.fields)


@dataclass(frozen=True)
class LayerPlan:
    """How a layer is gathered: its regions with rows, and whether it can be written in parts.

    Attributes
    ----------
    jobs
        The regions whose part of the layer has rows, in the batch's order.
    rows
        The layer's rows in all.
    geometry_type
        The geometry type of every part (``"Unknown"`` when they differ).
    streamed
        Whether every part has the same columns and types (written part by
        part); otherwise the parts are put together first.
    """

    jobs: tuple[RegionJob, ...]
    rows: int
    geometry_type: str
    streamed: bool


def plan_layer(
    jobs: Sequence[RegionJob],
    out_dir: str | os.PathLike[str],
    file: str,
    layer: str,
    border: Border = None,
) -> LayerPlan:
    """Read each region's part of ``layer`` once, one at a time, to plan its writing."""
    parts: list[RegionJob] = []
    rows = 0
    kinds: set[str] = set()
    schemas: set[tuple[tuple[str, str], ...]] = set()
    for job in jobs:
        if not is_done(job, out_dir):
            continue
        frame = region_layer(job, out_dir, file, layer, border)
        if frame is None or not len(frame):
            continue
        parts.append(job)
        rows += len(frame)
        kinds |= set(frame.geom_type.dropna())
        schemas.add(tuple((str(c), str(frame[c].dtype)) for c in frame.columns))
    kind = kinds.pop() if len(kinds) == 1 else "Unknown"
    return LayerPlan(tuple(parts), rows, kind, len(schemas) <= 1)


def _write_part(ready: Labelled, path: Path, name: str, geometry_type: str, append: bool) -> None:
    """Write (or append) one part of a gathered layer, as the export writes a layer."""
    options: dict[str, object] = dict(creation_options(path))
    options |= {"promote_to_multi": False, "geometry_type": geometry_type}
    pyogrio.write_dataframe(ready.frame, path, layer=name, driver="GPKG", append=append, **options)


def write_gathered_layer(
    plan: LayerPlan,
    out_dir: str | os.PathLike[str],
    file: str,
    layer: str,
    target: Path,
    lang: str,
    border: Border = None,
) -> None:
    """Write ``layer`` of the planned regions into the GeoPackage ``target``, region by region."""
    name = layer_name(layer, lang)
    if not plan.streamed:
        frame = gathered_layer(plan.jobs, out_dir, file, layer, border)
        if frame is not None:
            write_gpkg_layer(ready_layer(frame, layer, lang), target, name)
        return
    for i, job in enumerate(plan.jobs):
        frame = region_layer(job, out_dir, file, layer, border)
        if frame is not None and len(frame):
            ready = ready_layer(frame, layer, lang)
            _write_part(ready, target, name, plan.geometry_type, append=i > 0)


def gather_layers(
    jobs: Sequence[RegionJob],
    out_dir: str | os.PathLike[str],
    *,
    lang: str = "zh",
    border: Border = None,
) -> tuple[Path | None, dict[str, int]]:
    """Write the regions' layers into ``out_dir/<区域结果>.gpkg`` (``regions.gpkg`` in English).

    Parameters
    ----------
    jobs
        The batch's regions; those not done are left out.
    out_dir
        The batch's output folder.
    lang
        Language of the layer and field names and of the values.
    border
        What the border pass changed per region
        (:func:`~servicecircle.batch.border_final.border_changes`), when it
        ran: the proposed sites are then the final ones, with their status.

    Returns
    -------
    tuple
        The GeoPackage's path (``None`` when no region is done) and the rows
        of each layer written (by the layer's name in the run's files).
    """
    target = Path(out_dir) / f"{t('batch.file.layers', lang)}.gpkg"
    counts: dict[str, int] = {}
    temporary = target.with_name(f".{target.stem}.partial.gpkg")
    with write_errors(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.unlink(missing_ok=True)
        try:
            for file, layer in GATHERED:
                plan = plan_layer(jobs, out_dir, file, layer, border)
                if plan.rows:
                    write_gathered_layer(plan, out_dir, file, layer, temporary, lang, border)
                    counts[layer] = plan.rows
            if counts and (groups := groups_table(jobs, out_dir, lang)) is not None:
                write_gpkg_layer(groups, temporary, layer_name("key_groups", lang))
                counts["key_groups"] = len(groups.frame)
            if not counts:
                return None, counts
            fsync_file(temporary)
            temporary.replace(target)
        finally:
            temporary.unlink(missing_ok=True)
    return target, counts
