"""The batch's jobs: each region with its halo, the extract (or its cut) and the options.

:func:`halo_for` sizes the halo from what the run measures: the largest
break in the run's mode for outlets without a type (``--outlets osm``, a
file without a type column: every outlet gets that standard), every type of
the standards for a file with a type column (a type's own mode and minutes,
up to the county centre's 30 minutes by car), and the new outlets' type when
sites are proposed. :func:`region_jobs` makes one
:class:`~servicecircle.batch.jobs.RegionJob` per region; :func:`with_cuts`
points the jobs still to run at their own cut of the extract
(:func:`~servicecircle.batch.split.split_extract`, read once for all of
them), so no worker reads the whole extract.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely

from servicecircle.batch.halo import halo_distance_m, halo_polygon
from servicecircle.batch.jobs import RegionJob

if TYPE_CHECKING:
    import geopandas as gpd

    from servicecircle.workflow.inputs import RunInputs

#: The folder under the batch's output folder holding the extract's cut per region.
CUTS_FOLDER = "cuts"


def _has_types(outlets: str | None, crs: str | None) -> bool:
    """Whether the outlets file has a type column (OSM outlets never do)."""
    if outlets is None or outlets == "osm":
        return False
    from servicecircle.inputs.fields import field_column
    from servicecircle.inputs.files.read import read_layer
    from servicecircle.workflow.inputs import file_and_part

    path, layer = file_and_part(outlets)
    frame = read_layer(path, layer=layer, crs=crs, geometry="point").frame
    return field_column(frame.columns, "outlet_type") is not None


def halo_for(inputs: RunInputs, site: Mapping[str, Any] | None = None) -> float:
    """The halo distance (metres) of a batch run with ``inputs`` (and ``site`` options).

    Raises
    ------
    InputDataError
        For a standards or outlets file that cannot be read, or an unknown new type.
    """
    from servicecircle.batch.region_siting import DEFAULT_NEW_TYPE
    from servicecircle.workflow.prepare import coverage_settings, with_new_type

    settings = coverage_settings(inputs)
    types: list[str] | None = None if _has_types(inputs.outlets, inputs.crs) else []
    if site is not None:
        new_type = str(site.get("new_type") or DEFAULT_NEW_TYPE)
        settings = with_new_type(settings, new_type)
        types = None if types is None else [new_type]
    return halo_distance_m(settings, types)


def job_inputs(inputs: RunInputs) -> dict[str, Any]:
    """``inputs`` as a job's options: every field but the area, boundary and name."""
    fields = dataclasses.asdict(inputs)
    return {k: v for k, v in fields.items() if k not in ("area", "boundary", "name")}


def region_jobs(
    regions: gpd.GeoDataFrame,
    extract: str | os.PathLike[str],
    *,
    inputs: RunInputs,
    site: Mapping[str, Any] | None = None,
    halo_m: float | None = None,
    groups: str | None = None,
) -> list[RegionJob]:
    """One job per region (``code``, ``name``, polygon in WGS-84), in the regions' order.

    Parameters
    ----------
    regions
        The regions (:func:`~servicecircle.batch.regions.read_regions`).
    extract
        The whole OSM extract.
    inputs
        The planner's options (the area, boundary and name are each region's).
    site
        The siting options, or ``None`` for coverage only.
    halo_m
        The halo distance; ``None`` for :func:`halo_for`.
    groups
        The planner's key-groups file, or ``None``.
    """
    distance = halo_for(inputs, site) if halo_m is None else float(halo_m)
    options = job_inputs(inputs)
    return [
        RegionJob(
            code=str(code),
            name=str(name),
            region_wkb=shapely.to_wkb(geometry),
            halo_wkb=shapely.to_wkb(halo_polygon(geometry, distance)),
            halo_m=distance,
            extract=str(extract),
            inputs=options,
            site=None if site is None else dict(site),
            groups=groups,
        )
        for code, name, geometry in zip(
            regions["code"], regions["name"], regions.geometry, strict=True
        )
    ]


def with_cuts(jobs: Sequence[RegionJob], out_dir: str | os.PathLike[str]) -> list[RegionJob]:
    """``jobs`` each reading its own cut of the extract, cut once for all of them.

    The cuts go to ``out_dir/cuts/<code>.osm.pbf``. Needs pyosmium.
    """
    from servicecircle.batch.split import split_extract

    if not jobs:
        return []
    cuts: dict[str, Path] = {}
    for extract in {job.extract for job in jobs}:
        halos = {j.code: shapely.from_wkb(j.halo_wkb) for j in jobs if j.extract == extract}
        cuts.update(split_extract(extract, halos, Path(out_dir) / CUTS_FOLDER))
    return [
        dataclasses.replace(job, extract=str(cuts[job.code]), extract_is_cut=True) for job in jobs
    ]


def can_split() -> bool:
    """Whether the extract can be cut per region here (pyosmium installed)."""
    import importlib.util

    return importlib.util.find_spec("osmium") is not None
