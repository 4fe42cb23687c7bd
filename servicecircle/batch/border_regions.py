"""Each region's own files restated with its final sites after the border pass.

The border pass (:mod:`servicecircle.batch.border_run`) moves some of the
first pass's sites; the gathered GeoPackage and summary state the final
sites. A county's own folder (``regions/<code>/``: ``siting.gpkg``,
``siting.json``, its handover workbook, what the report reads) is what a
planner hands on to the county, so it must state the same sites: not the
first pass's list with a note, and not the final list beside first-pass
numbers (people covered after the new sites, each site's people and staff),
which would contradict each other. So a region whose sites the border pass
changed is run again (:func:`run_final`) with its final sites as its only
candidates and as many new sites as it has (one task each on the cluster, as
the regions): its coverage, its new sites' facts and its workbook then all
state the final sites. Its first-pass sites stay in
:data:`~servicecircle.batch.border_bands.FIRST_PASS_FILE`, and the border
table says what moved.

A final run is a :class:`FinalJob`, marked done in
``borders/final/<code>/`` with a fingerprint of the region's marker and of
its final sites: it runs again when either changes, also to put back the
first pass's sites when a later border pass no longer moves them. The
region's own marker is left alone, so its bands keep their fingerprints.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely

from servicecircle.batch.border_bands import BORDERS_FOLDER, BandJob, first_pass_sites
from servicecircle.batch.border_final import RegionChange, border_changes, same_sites
from servicecircle.batch.jobs import RegionJob, RegionOutcome, safe_folder_name
from servicecircle.batch.markers import is_done, marker_path, marker_stamp, read_marker

if TYPE_CHECKING:
    from servicecircle.batch.cluster import ClusterSettings
    from servicecircle.batch.driver import BatchRun, OnRegion

#: The folder (under the borders folder) of the final runs' markers and site files.
FINAL_FOLDER = "final"
#: The final sites as the final run reads them (its only candidates).
SITES_FILE = "final_sites.gpkg"

Point = tuple[float, float]


@dataclass(frozen=True)
class FinalJob:
    """One region run again with its final sites: plain data only, so that it pickles.

    Attributes
    ----------
    region
        The region's job (its siting options as the batch gave them).
    sites
        Its final sites (WGS-84 lon/lat): the first pass's less those moved
        away, plus those moved in.
    first
        Its first-pass sites.
    fingerprint
        A hash of the region's marker and of ``sites``.
    lang
        The language of its workbook.
    """

    region: RegionJob
    sites: tuple[Point, ...]
    first: tuple[Point, ...]
    fingerprint: str
    lang: str = "zh"

    @property
    def code(self) -> str:
        """The region's code."""
        return self.region.code

    @property
    def name(self) -> str:
        """The region's name."""
        return self.region.name

    def folder(self, out_dir: str | os.PathLike[str]) -> Path:
        """Where its marker and site file go: ``borders/final/<code>``."""
        return Path(out_dir) / BORDERS_FOLDER / FINAL_FOLDER / safe_folder_name(self.code)


def final_points(first: Sequence[Point], change: RegionChange | None) -> list[Point]:
    """``first`` less the sites moved away, plus those moved in (in that order).

    >>> final_points([(1.0, 1.0), (2.0, 2.0)], RegionChange([(2.0, 2.0)], [(3.0, 3.0)]))
    [(1.0, 1.0), (3.0, 3.0)]
    """
    if change is None:
        return list(first)
    away = same_sites(
        np.asarray(shapely.points(np.asarray(first, dtype=float).reshape(-1, 2))), change.moved_away
    )
    return [p for p, gone in zip(first, away, strict=True) if not gone] + list(change.moved_in)


def final_jobs(
    jobs: Sequence[RegionJob],
    bands: Sequence[BandJob],
    out_dir: str | os.PathLike[str],
    *,
    lang: str = "zh",
) -> list[FinalJob]:
    """The final runs of the sited regions done: those whose sites the bands done changed.

    A region run finally before gets a job too (its sites may be the first
    pass's again: it is then run again to state them).
    """
    changes = border_changes(bands, out_dir)
    out = []
    for job in jobs:
        if job.site is None or not is_done(job, out_dir):
            continue
        first = first_pass_sites(job, out_dir)
        sites = final_points(first, changes.get(job.code))
        final = FinalJob(job, tuple(sites), tuple(first), "", lang)
        if sites == first and not marker_path(final, out_dir).is_file():
            continue  # unchanged and never rewritten: its files state its sites
        record = {"region": marker_stamp(job, out_dir), "sites": sites}
        text = json.dumps(record, sort_keys=True)
        out.append(replace(final, fingerprint=hashlib.sha256(text.encode()).hexdigest()))
    return [job for job in out if job.sites]


def write_sites_file(job: FinalJob, out_dir: str | os.PathLike[str]) -> Path:
    """Write ``job``'s final sites as a candidates file in the system the planner's files use."""
    import geopandas as gpd

    from servicecircle.inputs.crs import WGS84, resolve_crs

    lon, lat = np.asarray([p[0] for p in job.sites]), np.asarray([p[1] for p in job.sites])
    system = resolve_crs(job.region.inputs.get("crs"))
    crs = WGS84
    if system is not None and system.kind in ("gcj02", "bd09"):  # read as given: write it so
        from servicecircle.inputs import china_offsets

        convert = getattr(china_offsets, f"wgs84_to_{system.kind}")
        lon, lat = convert(lon, lat)
    elif system is not None and system.crs_text is not None:
        crs = system.crs_text
    points = gpd.GeoSeries(shapely.points(lon, lat), crs=WGS84)
    if system is not None and system.kind not in ("gcj02", "bd09"):
        points = points.to_crs(crs)
    frame = gpd.GeoDataFrame(
        {"name": [f"{job.code}-{i + 1}" for i in range(len(job.sites))]}, geometry=points, crs=crs
    )
    path = job.folder(out_dir) / SITES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    frame.to_file(path, layer="sites", driver="GPKG")
    return path


def final_region_job(job: FinalJob, sites_file: Path) -> RegionJob:
    """The region's job choosing exactly its final sites: they are its only candidates."""
    site = dict(job.region.site or {})
    site |= {
        "model": "mclp",
        "new": len(job.sites),
        "target": None,
        "must_cover": [],
        "candidates": str(sites_file),
        "exclude": None,
    }
    return replace(job.region, site=site)


def run_final(job: FinalJob, out_dir: str | os.PathLike[str]) -> RegionOutcome:
    """Run ``job``'s region again with its final sites, rewriting its files; never raises.

    Its analysis, ``siting.gpkg``/``siting.json`` and handover workbook are
    written as the region's own run writes them
    (:func:`~servicecircle.batch.region_task.region_with_workbook`).
    """
    from servicecircle.batch.region_task import region_with_workbook

    try:
        path = write_sites_file(job, out_dir)
    except Exception as error:  # noqa: BLE001 - one region's failure must not stop the others
        from servicecircle.batch.region_run import _error_texts

        english, chinese = _error_texts(error)
        return RegionOutcome(job.code, job.name, error=english, error_zh=chinese)
    return region_with_workbook(final_region_job(job, path), out_dir, lang=job.lang)


def run_final_pass(
    finals: Sequence[FinalJob],
    out_dir: str | os.PathLike[str],
    *,
    cluster: ClusterSettings,
    on_region: OnRegion | None = None,
) -> BatchRun[RegionOutcome]:
    """Run every final run not yet done (by its fingerprint) on the cluster, one task each."""
    from servicecircle.batch.driver import run_batch

    return run_batch(finals, out_dir, run=run_final, cluster=cluster, on_region=on_region)


def with_rewritten(
    changes: dict[str, RegionChange], finals: Sequence[FinalJob], out_dir: str | os.PathLike[str]
) -> dict[str, RegionChange]:
    """``changes`` with the regions whose final run is done marked rewritten (their sites)."""
    out = dict(changes)
    for job in finals:
        record = read_marker(job, out_dir)
        if record is not None:
            sites = int(record["outcome"].get("sites_proposed") or 0)
            out[job.code] = replace(out.get(job.code, RegionChange()), rewritten=sites)
    return out


__all__ = [
    "FinalJob",
    "final_jobs",
    "final_points",
    "run_final",
    "run_final_pass",
    "with_rewritten",
]
