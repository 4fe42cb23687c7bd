"""One border band's second pass: its sites re-solved with every other site fixed.

Each region's sites were chosen with its neighbours' existing outlets fixed
but without knowing the sites its neighbours would propose, so two regions
may put a site each beside their shared border, serving the same people.
:func:`run_band` re-solves the sites of one border band
(:class:`~servicecircle.batch.border_bands.BandJob`): the sites the first
pass chose within the halo distance of the border are free, every other site
(today's outlets, the first pass's sites elsewhere) is fixed. Each region
keeps its own number of sites: by block coordinate ascent, one region's band
sites are chosen again (maximal covering, as many as it held, among its own
candidates in the band and its current sites) with the other region's fixed,
then the other's, round after round while people gain (a step is taken only
when it covers more people, so the people covered never decrease), for the
people of both regions the band's sites can reach (its *reach*: the border
grown by twice the halo). The new sites are kept only when they cover more
people than the first pass's within the reach; otherwise the band is left as
it was. The band's statement (``border.json``) says, for each of the two
regions, the sites kept, moved away and moved in, and the people covered in
the reach before and after.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle._io import write_text_atomic
from servicecircle.batch.border_bands import BORDER_FILE, BandJob, BandOutcome
from servicecircle.batch.membership import points_in_region
from servicecircle.inputs.crs import WGS84

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from servicecircle.coverage import Coverage, CoverageSettings
    from servicecircle.demand import Demand
    from servicecircle.inputs.area import StudyArea
    from servicecircle.network import Network

#: Sites closer than this (metres) are the same site.
SAME_SITE_M = 1.0


def _sites_frame(points: list[tuple[float, float]], new_type: str, label: str) -> gpd.GeoDataFrame:
    """Proposed sites as outlets of ``new_type`` (WGS-84 points)."""
    return gpd.GeoDataFrame(
        {
            "name": [f"{label} {i + 1}" for i in range(len(points))],
            "outlet_type": [new_type] * len(points),
        },
        geometry=[shapely.Point(x, y) for x, y in points],
        crs=WGS84,
    )


def _with_sites(
    outlets: gpd.GeoDataFrame, sites: gpd.GeoDataFrame, area: StudyArea, settings: CoverageSettings
) -> gpd.GeoDataFrame:
    """Today's prepared outlets and ``sites`` prepared the same way, in one frame."""
    from servicecircle.supply.outlets import prepare_outlets

    if len(sites) == 0:
        return outlets
    prepared = prepare_outlets(sites, area=area, types=settings.outlet_types)
    return gpd.GeoDataFrame(pd.concat([outlets, prepared], ignore_index=True), crs=WGS84)


def _measure(
    area: StudyArea,
    demand: Demand,
    outlets: gpd.GeoDataFrame,
    settings: CoverageSettings,
    networks: dict[str, Network],
) -> Coverage:
    """The coverage of ``demand`` by ``outlets`` (nobody covered when there is none)."""
    from servicecircle.coverage import coverage_from

    if len(outlets) == 0:
        from servicecircle.batch.region_unserved import unserved_coverage

        return unserved_coverage(area, demand, outlets, settings=settings, networks=networks)
    return coverage_from(
        area, demand, outlets, settings=settings, networks=networks, with_isochrones=False
    )


def _covered_by_region(coverage: Coverage, job: BandJob) -> list[float]:
    """People covered (each outlet type's standard) where the band counts them, per region.

    The band counts the people of its reach but those near a third region
    (:meth:`~servicecircle.batch.border_bands.BandJob.counted`), whom its
    sites cannot reach: so no person is counted by two bands.
    """
    units = coverage.demand
    covered = units["people"].to_numpy(float) * units["covered"].to_numpy(bool)
    points = units.geometry.to_numpy()
    counted = points_in_region(points, job.counted())
    return [float(covered[points_in_region(points, r) & counted].sum()) for r in job.regions()]


def _points(frame: gpd.GeoDataFrame) -> list[tuple[float, float]]:
    return [(float(p.x), float(p.y)) for p in frame.to_crs(WGS84).geometry]


def _band_candidates(
    area: StudyArea,
    base: Coverage,
    networks: dict[str, Network],
    job: BandJob,
    scratch: Path,
) -> gpd.GeoDataFrame:
    """The candidates inside the band: the job's sources, and the first pass's free sites."""
    from servicecircle.batch.region_siting import DEFAULT_NEW_TYPE, _cut_files
    from servicecircle.supply.candidates import combine_candidates
    from servicecircle.workflow.prepare import site_candidates

    site = dict(job.area.site or {})
    new_type = str(site.get("new_type") or DEFAULT_NEW_TYPE)
    sources = [part.strip() for part in str(site.get("candidates") or "auto").split(",")]
    sources, exclude = _cut_files(sources, site.get("exclude"), job.area, scratch)
    parts = []
    if len(base.gaps):
        found = site_candidates(
            area,
            base,
            networks,
            sources=[source for source in sources if source],
            new_type=new_type,
            exclude=exclude,
            crs=job.area.inputs.get("crs"),
        )
        parts.append(found[points_in_region(found.geometry.to_numpy(), job.band())])
    free = _sites_frame([(x, y) for x, y, _ in job.free], new_type, "first pass")
    parts.append(free.assign(source="file"))
    return combine_candidates(parts)


def inside_first(points: list[tuple[float, float]], region: BaseGeometry) -> list[bool]:
    """Whether each point belongs to ``region`` (the first of the band's two)."""
    return [bool(b) for b in points_in_region(np.array([shapely.Point(p) for p in points]), region)]


def _statement(
    job: BandJob,
    before: list[float],
    after: list[float],
    chosen: list[tuple[float, float]],
) -> dict[str, Any]:
    """What the band's pass changed, for each of its two regions."""
    first = [(x, y, code) for x, y, code in job.free]
    local = shapely.from_wkb(job.area.region_wkb).centroid
    from servicecircle.inputs.area import utm_crs_for

    crs = utm_crs_for(local.x, local.y)

    def metric(points: list[tuple[float, float]]) -> np.ndarray:
        if not points:
            return np.empty((0, 2))
        series = gpd.GeoSeries([shapely.Point(p) for p in points], crs=WGS84).to_crs(crs)
        return np.column_stack([series.x.to_numpy(), series.y.to_numpy()])

    old, new = metric([(x, y) for x, y, _ in first]), metric(chosen)
    kept_old = [bool(len(new)) and float(np.hypot(*(new - o).T).min()) < SAME_SITE_M for o in old]
    kept_new = [bool(len(old)) and float(np.hypot(*(old - n).T).min()) < SAME_SITE_M for n in new]
    regions = job.regions()
    records = []
    for i, (code, name) in enumerate(zip(job.codes, job.names, strict=True)):
        mine = [k for k, (_, _, c) in zip(kept_old, first, strict=True) if c == code]
        inside = points_in_region(np.array([shapely.Point(p) for p in chosen]), regions[i])
        moved_in = int(sum(1 for k, m in zip(kept_new, inside, strict=True) if m and not k))
        records.append(
            {
                "code": code,
                "name": name,
                "sites_before": len(mine),
                "kept": int(sum(mine)),
                "moved_away": len(mine) - int(sum(mine)),
                "moved_in": moved_in,
                "sites_after": int(sum(mine)) + moved_in,
                "covered_before": before[i],
                "covered_after": after[i],
            }
        )
    owner = [job.codes[0] if m else job.codes[1] for m in inside_first(chosen, regions[0])]
    sites = [
        {"lon": x, "lat": y, "region": code, "status": "kept" if k else "moved_away"}
        for (x, y, code), k in zip(first, kept_old, strict=True)
    ] + [
        {"lon": x, "lat": y, "region": code, "status": "moved_in"}
        for (x, y), k, code in zip(chosen, kept_new, owner, strict=True)
        if not k
    ]
    return {
        "code": job.code,
        "codes": list(job.codes),
        "changed": any(not k for k in kept_old),
        "regions": records,
        "sites": sites,
        "sites_before": [[x, y, code] for x, y, code in first],
        "sites_after": [list(p) for p in chosen],
    }


@dataclass
class _Band:
    """What one band's re-solve works with: its area, demand, fixed outlets and networks."""

    job: BandJob
    area: StudyArea
    demand: Demand
    fixed: gpd.GeoDataFrame
    settings: CoverageSettings
    networks: dict[str, Network]
    new_type: str
    scratch: Path

    def covered(self, sites: list[list[tuple[float, float]]]) -> list[float]:
        """People covered in the reach, per region, with the ``sites`` of both regions."""
        points = [p for region_sites in sites for p in region_sites]
        frame = _sites_frame(points, self.new_type, "border")
        outlets = _with_sites(self.fixed, frame, self.area, self.settings)
        coverage = _measure(self.area, self.demand, outlets, self.settings, self.networks)
        return _covered_by_region(coverage, self.job)

    def resolve(self, sites: list[list[tuple[float, float]]], i: int) -> list[tuple[float, float]]:
        """Region ``i``'s band sites chosen again (as many, inside it), the other's fixed."""
        from servicecircle.batch.region_siting import siting_request
        from servicecircle.planning.plan import plan_sites

        other = _sites_frame(sites[1 - i], self.new_type, "neighbour")
        outlets = _with_sites(self.fixed, other, self.area, self.settings)
        base = _measure(self.area, self.demand, outlets, self.settings, self.networks)
        scratch = self.scratch / f"candidates{i}"
        found = _band_candidates(self.area, base, self.networks, self.job, scratch)
        found = found[points_in_region(found.geometry.to_numpy(), self.job.regions()[i])]
        own = _sites_frame(sites[i], self.new_type, "current").assign(source="file")
        from servicecircle.supply.candidates import combine_candidates

        candidates = combine_candidates([found, own])
        site = {**(self.job.area.site or {}), "model": "mclp", "new": len(sites[i])}
        plan = plan_sites(
            self.area, base, candidates, request=siting_request(site), networks=self.networks
        )
        return _points(plan.chosen)


#: Rounds of the per-region ascent at most (each round re-solves both regions once).
ASCENT_ROUNDS = 3


def _ascent(band: _Band, first: list[list[tuple[float, float]]]) -> list[list[tuple[float, float]]]:
    """Each region's band sites re-solved in turn, the other's fixed, while people gain.

    Block coordinate ascent: a step is taken only when it covers more people
    in the reach, so the people covered never decrease and each region keeps
    its own number of sites; it stops after a round without gain.
    """
    sites = [list(s) for s in first]
    best = sum(band.covered(sites))
    for _ in range(ASCENT_ROUNDS):
        gained = False
        for i in (0, 1):
            if not sites[i]:
                continue
            trial = [list(s) for s in sites]
            trial[i] = band.resolve(sites, i)
            if len(trial[i]) != len(sites[i]):
                continue
            covered = sum(band.covered(trial))
            if covered > best + 1e-6:
                sites, best, gained = trial, covered, True
        if not gained:
            break
    return sites


def band_statement(job: BandJob, scratch: Path) -> dict[str, Any]:
    """Re-solve ``job``'s band and return its statement (nothing written)."""
    from servicecircle.batch.region_area import (
        _settings_and_outlets,
        load_halo_area,
        region_demand,
        run_inputs,
    )
    from servicecircle.batch.region_files import halo_inputs
    from servicecircle.batch.region_siting import DEFAULT_NEW_TYPE
    from servicecircle.coverage import networks_for
    from servicecircle.workflow.inputs import with_user_boundaries
    from servicecircle.workflow.prepare import estimate_demand, modes_needed, with_new_type

    loaded = shapely.from_wkb(job.area.halo_wkb)
    area = load_halo_area(job.area)
    inputs = halo_inputs(run_inputs(job.area), loaded, scratch / "inputs")
    area = with_user_boundaries(area, inputs)
    outlets, settings = _settings_and_outlets(area, inputs, loaded)
    new_type = str((job.area.site or {}).get("new_type") or DEFAULT_NEW_TYPE)
    settings = with_new_type(settings, new_type)
    in_use = {*outlets["outlet_type"].astype(str), new_type} if len(outlets) else {new_type}
    networks = networks_for(area, modes_needed(settings, in_use), settings=settings)
    demand, _ = estimate_demand(area, inputs)
    demand = region_demand(demand, shapely.from_wkb(job.area.region_wkb))
    first = [[(x, y) for x, y, c in job.free if c == code] for code in job.codes]
    if len(demand.units) == 0 or not any(first):
        return _statement(job, [0.0, 0.0], [0.0, 0.0], first[0] + first[1])
    fixed = _with_sites(outlets, _sites_frame(list(job.fixed), new_type, "fixed"), area, settings)
    band = _Band(job, area, demand, fixed, settings, networks, new_type, scratch)
    old = band.covered(first)
    chosen = _ascent(band, first)
    new = band.covered(chosen)
    if sum(new) <= sum(old) + 1e-6:  # no better: the band stays as the first pass left it
        return _statement(job, old, old, first[0] + first[1])
    return _statement(job, old, new, chosen[0] + chosen[1])


def run_band(job: BandJob, out_dir: str | os.PathLike[str]) -> BandOutcome:
    """Re-solve ``job``'s band and write its statement; never raises for a failing band.

    Its outcome holds its CPU and wall seconds and the worker's peak memory
    during the band (the band loads about what a region does).
    """
    from servicecircle.batch.region_run import _PeakMemory

    wall, cpu = time.perf_counter(), time.process_time()
    try:
        with (
            _PeakMemory() as memory,
            tempfile.TemporaryDirectory(prefix="servicecircle-band-") as scratch,
        ):
            statement = band_statement(job, Path(scratch))
        folder = job.folder(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(statement, ensure_ascii=False, indent=2, allow_nan=False)
        path = write_text_atomic(folder / BORDER_FILE, text)
    except Exception as error:  # noqa: BLE001 - one band's failure must not stop the others
        from servicecircle.batch.region_run import _error_texts

        english, chinese = _error_texts(error)
        return BandOutcome(job.code, job.name, error=english, error_zh=chinese)
    return BandOutcome(
        job.code,
        job.name,
        changed=bool(statement["changed"]),
        path=str(path),
        cpu_s=time.process_time() - cpu,
        wall_s=time.perf_counter() - wall,
        peak_rss_mb=memory.peak,
    )
