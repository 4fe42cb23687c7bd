"""A batch's region job and its outcome: plain, picklable data.

A :class:`RegionJob` holds only plain data (polygons as WKB, the planner's
options as a dict of :class:`~servicecircle.workflow.inputs.RunInputs` fields),
so a Dask worker on another machine can run it; a :class:`RegionOutcome` is
the small record that comes back (:func:`~servicecircle.batch.region_run.run_region`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The folder under the batch's output folder that holds one folder per region.
REGIONS_FOLDER = "regions"
#: A region's note: no demand unit in it (done with nobody to serve).
NOTE_NO_DEMAND = "no_demand"
#: A region's note: no outlet in its halo (everybody out of reach today).
NOTE_NO_OUTLETS = "no_outlets"


@dataclass(frozen=True)
class RegionJob:
    """One region to run: plain data only, so that it pickles to any worker.

    Attributes
    ----------
    code, name
        The region's code (unique in the batch; its output folder's name)
        and its name.
    region_wkb
        The region's polygon, WKB in WGS-84.
    halo_wkb
        The region grown by the halo distance (WKB, WGS-84): the area loaded.
    halo_m
        The halo distance in metres (:func:`~servicecircle.batch.halo.halo_distance_m`).
    extract
        The OSM file to load: the region's own cut of the extract
        (:func:`~servicecircle.batch.split.split_extract`, ``extract_is_cut``)
        or the whole extract, clipped to the halo once loaded.
    extract_is_cut
        Whether ``extract`` holds only the halo area (already split).
    inputs
        The planner's options: fields of
        :class:`~servicecircle.workflow.inputs.RunInputs` (``mode``,
        ``breaks``, ``outlets`` and the other files, ...); ``area`` and
        ``boundary`` are set by the run.
    site
        The siting options, or ``None`` for coverage only: fields of
        :class:`~servicecircle.planning.request.SitingRequest` (``model``,
        ``new``, ``target``, ...) plus ``new_type`` (default
        ``"community_window"``), ``candidates`` (default ``"auto"``, several
        comma-separated) and ``exclude`` (a polygon file).
    groups
        The planner's key-groups file (``FILE::SHEET`` or ``FILE::LAYER``),
        or ``None`` (:mod:`servicecircle.batch.region_groups`).
    """

    code: str
    name: str
    region_wkb: bytes
    halo_wkb: bytes
    halo_m: float
    extract: str
    extract_is_cut: bool = False
    inputs: Mapping[str, Any] = field(default_factory=dict)
    site: Mapping[str, Any] | None = None
    groups: str | None = None

    def folder(self, out_dir: str | os.PathLike[str]) -> Path:
        """The region's output folder under ``out_dir``: ``regions/<code>``."""
        return Path(out_dir) / REGIONS_FOLDER / safe_folder_name(self.code)


@dataclass(frozen=True)
class RegionOutcome:
    """What one region's run gave: small, plain and picklable.

    Attributes
    ----------
    code, name
        The region's code and name.
    units, people
        Demand units inside the region and their people.
    covered
        People covered within each break, keyed by the break's column
        (``covered_5``, ..., and ``covered`` by each type's standard).
    covered_by_class
        ``{class: {column: people}}`` as ``covered`` per demand class, with
        ``total`` the class's people.
    outlets_in_region, outlets_in_halo
        Today's outlets inside the region, and inside its halo (those across
        the border included).
    sites_proposed
        New sites chosen inside the region (``None`` without siting).
    staff, staff_per_10k
        Staff of the region's own outlets and per 10,000 of its people
        (``None`` when there is no demand).
    groups
        Per key group (``--groups``): its ``people``, ``covered`` people by
        break and standard, and people ``served``, ``over_capacity`` and
        ``out_of_reach`` (:func:`~servicecircle.batch.region_groups.group_figures`).
    groups_rows, groups_split
        Positions of the key-groups file's rows the region used, and of those
        giving a count for an area the region border cuts through.
    paths
        The files written, as strings.
    cpu_s, wall_s
        CPU and wall-clock seconds of the run (loading included).
    peak_rss_mb
        The worker process's highest resident memory seen during the run (MB,
        sampled every 50 ms).
    error, error_zh
        What went wrong (English and Chinese), or ``None`` when the run worked.
    note
        What is special about a region that worked: :data:`NOTE_NO_DEMAND`
        (no demand unit: done with nobody to serve, no files but its
        marker), :data:`NOTE_NO_OUTLETS` (no outlet in its halo: everybody
        out of reach today), or ``None``.
    """

    code: str
    name: str
    units: int = 0
    people: float = 0.0
    covered: Mapping[str, float] = field(default_factory=dict)
    covered_by_class: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    outlets_in_region: int = 0
    outlets_in_halo: int = 0
    sites_proposed: int | None = None
    staff: float | None = None
    staff_per_10k: float | None = None
    groups: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    groups_rows: tuple[int, ...] = ()
    groups_split: tuple[int, ...] = ()
    paths: tuple[str, ...] = ()
    cpu_s: float = 0.0
    wall_s: float = 0.0
    peak_rss_mb: float = 0.0
    error: str | None = None
    error_zh: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the region ran without error."""
        return self.error is None


def safe_folder_name(code: str) -> str:
    """``code`` as a folder name: path separators and other unsafe characters become ``_``.

    >>> safe_folder_name("320102"), safe_folder_name("a/b:c"), safe_folder_name("..")
    ('320102', 'a_b_c', '_')
    """
    text = "".join("_" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in str(code)).strip()
    return "_" if text in {"", ".", ".."} else text
