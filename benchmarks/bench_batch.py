"""The batch on Dask: 1 worker against 2, the cost of a region, and 100 counties on 16 workers.

Runs the same regions (communes of the Liechtenstein extract, each with a
stand-in outlet at its town hall's place: a point file written here, so that
every region has outlets; OSM has employment outlets only in Vaduz) through
:func:`servicecircle.batch.driver.run_batch` on a LocalCluster of 1 worker
process, then of 2, both from the same cuts of the extract. Prints the time
of each run and the speed-up, each region's CPU and wall seconds, its halo's
road nodes and the peak memory of the worker process that ran it, and from
them an estimate for a province of 100 counties on a 16-worker cluster (the
assumptions are printed with it). Exits 1 when the two runs disagree: any
region's outcome, or any demand unit's coverage or minutes.

    .venv/bin/python benchmarks/bench_batch.py [--quick | --regions N] [--pbf FILE]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

LIECHTENSTEIN = REPO.parent / "shared" / "data" / "liechtenstein-2013-08-03.osm.pbf"

#: A county of the estimate: road nodes of its halo (a province of several million
#: nodes over ~100 counties is 30,000-60,000 per county; the halo adds its ring).
COUNTY_NODES = 60_000
COUNTIES, CLUSTER_WORKERS = 100, 16


def regions_and_outlets(pbf: Path, count: int, folder: Path) -> tuple[gpd.GeoDataFrame, Path]:
    """The ``count`` largest communes inside the extract, and a stand-in outlet in each."""
    from servicecircle.batch.regions import admin_regions
    from servicecircle.inputs import study_area_from

    area = study_area_from(pbf)
    regions = admin_regions(area.boundaries)
    inside = regions[regions.geometry.representative_point().within(area.extent)]
    sizes = inside.to_crs(inside.estimate_utm_crs()).area
    chosen = inside.loc[sizes.sort_values(ascending=False).index[:count]].reset_index(drop=True)
    outlets = gpd.GeoDataFrame(
        {"name": [f"{name} stand-in outlet" for name in chosen["name"]]},
        geometry=chosen.geometry.representative_point().to_numpy(),
        crs=chosen.crs,
    )
    path = folder / "outlets.geojson"
    outlets.to_file(path, driver="GeoJSON")
    return chosen, path


def run_once(jobs, out: Path, workers: int, memory_mb: float):
    from servicecircle.batch.cluster import ClusterSettings
    from servicecircle.batch.driver import run_batch
    from servicecircle.batch.region_run import run_region

    settings = ClusterSettings(workers=workers, memory_mb=memory_mb, dashboard=None)
    start = time.perf_counter()
    run = run_batch(jobs, out, run=run_region, cluster=settings)
    return run, time.perf_counter() - start


def outcome_key(outcome) -> tuple:
    by_class = {c: dict(sorted(v.items())) for c, v in sorted(outcome.covered_by_class.items())}
    return (
        outcome.code,
        outcome.units,
        round(outcome.people, 6),
        tuple(sorted((k, round(v, 6)) for k, v in outcome.covered.items())),
        repr(by_class),
        outcome.outlets_in_region,
        outcome.outlets_in_halo,
        outcome.sites_proposed,
    )


def units_disagreeing(jobs, first: Path, second: Path) -> int:
    """Demand units whose coverage flags or minutes differ between the two runs' folders."""
    bad = 0
    for job in jobs:
        a, b = (
            pyogrio.read_dataframe(job.folder(root) / "analysis.gpkg", layer="demand")
            for root in (first, second)
        )
        if len(a) != len(b):
            bad += max(len(a), len(b))
            continue
        columns = [c for c in a.columns if str(c).startswith("covered")]
        flags = (a[columns].to_numpy(bool) != b[columns].to_numpy(bool)).any(axis=1)
        minutes = ~np.isclose(
            a["minutes_to_nearest"].to_numpy(float),
            b["minutes_to_nearest"].to_numpy(float),
            equal_nan=True,
        )
        bad += int((flags | minutes).sum())
    return bad


def halo_nodes(job, out: Path) -> int:
    from servicecircle.results.folder import read_summary

    return int(read_summary(job.folder(out)).network.nodes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pbf", default=str(LIECHTENSTEIN))
    parser.add_argument("--regions", type=int, default=6, help="communes to run (default 6)")
    parser.add_argument("--worker-memory", type=float, default=2000.0, help="MB per worker")
    parser.add_argument("--quick", action="store_true", help="2 communes (as --regions 2)")
    options = parser.parse_args()
    if options.quick:
        options.regions = 2
    pbf = Path(options.pbf)
    if not pbf.is_file():
        print(f"no extract at {pbf}: nothing to measure")
        return 0

    from servicecircle.batch.job_list import can_split, region_jobs, with_cuts
    from servicecircle.workflow.inputs import RunInputs

    work = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    try:
        regions, outlets = regions_and_outlets(pbf, options.regions, work)
        inputs = RunInputs(area=str(pbf), outlets=str(outlets))
        jobs = region_jobs(regions, pbf, inputs=inputs)
        start = time.perf_counter()
        if can_split():
            jobs = with_cuts(jobs, work)
        split_s = time.perf_counter() - start
        print(
            f"{len(jobs)} regions ({', '.join(j.name for j in jobs)}), halo {jobs[0].halo_m:,.0f} m"
        )
        print(f"extract cut once per region in {split_s:.1f} s wall (pyosmium: {can_split()})")

        results = {}
        for workers in (1, 2):
            run, wall = run_once(jobs, work / f"w{workers}", workers, options.worker_memory)
            results[workers] = (run, wall)
            region_cpu = sum(o.cpu_s for o in run.ran)
            load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
            print(
                f"{workers} worker(s): {wall:.1f} s wall incl. cluster start and stop "
                f"({run.wall_s:.1f} s from start to last region), {region_cpu:.1f} s CPU in the "
                f"regions' runs; {len(run.ran)} done, {len(run.failed)} failed; machine load "
                f"average after it {load} (2 cores, shared with other work)"
            )
            for failure in run.failed:
                print(f"  failed: {failure.code} {failure.name}: {failure.error}")
        (one, one_wall), (two, two_wall) = results[1], results[2]
        print(f"speed-up 2 workers vs 1: {one_wall / two_wall:.2f}x (wall, incl. start)")

        print(
            "per region (the 1-worker run: no other region on the machine's CPUs from the batch):"
        )
        print("  code  name              halo nodes  units   CPU s   wall s  peak MB")
        nodes = {
            job.code: halo_nodes(job, work / "w1")
            for job in jobs
            if job.code in {o.code for o in one.ran}
        }
        for o in one.ran:
            print(
                f"  {o.code:<5} {o.name:<17} {nodes[o.code]:>10,} {o.units:>6,} "
                f"{o.cpu_s:>7.1f} {o.wall_s:>8.1f} {o.peak_rss_mb:>8.0f}"
            )
        cpu = np.array([o.cpu_s for o in one.ran])
        node_counts = np.array([nodes[o.code] for o in one.ran], dtype=float)
        peaks = np.array([o.peak_rss_mb for o in [*one.ran, *two.ran]])
        walls = np.array([o.wall_s for o in one.ran])
        cpu_per_node = float(cpu.sum() / node_counts.sum())
        print(
            f"mean per region: {cpu.mean():.1f} s CPU, {walls.mean():.1f} s wall; "
            f"{cpu_per_node * 1000:.2f} ms CPU per halo road node; peak memory per worker "
            f"{peaks.max():.0f} MB (limit {options.worker_memory:.0f} MB)"
        )

        baseline = float(np.min(peaks))
        county_cpu = cpu_per_node * COUNTY_NODES
        waves = math.ceil(COUNTIES / CLUSTER_WORKERS)
        efficiency = min(1.0, (one_wall / two_wall) / 2)
        county_mb = baseline + 3.0 * COUNTY_NODES / 1000  # ~3 GB per million road nodes (issue 16)
        total = waves * county_cpu / max(efficiency, 1e-9)
        print(
            f"estimate, {COUNTIES} counties on {CLUSTER_WORKERS} workers: ~{county_cpu:.0f} s "
            f"CPU per county, {waves} waves, ~{total / 60:.1f} min wall; "
            f"~{county_mb:,.0f} MB per worker"
        )
        print(
            "  assumptions: a county's halo holds "
            f"{COUNTY_NODES:,} road nodes; cost grows linearly with the halo's nodes (as measured "
            f"here: {cpu_per_node * 1000:.2f} ms CPU per node, coverage only, no siting); one CPU "
            f"per worker; parallel efficiency {efficiency:.2f} as measured from 1 to 2 workers on "
            "this shared 2-core machine (a dedicated cluster does better); memory: the smallest "
            f"worker peak here ({baseline:.0f} MB, mostly the libraries) plus 3 GB per million "
            "nodes; the extract cut beforehand (not timed in the estimate)"
        )

        disagree = 0
        keys_one = sorted(outcome_key(o) for o in one.ran)
        keys_two = sorted(outcome_key(o) for o in two.ran)
        if keys_one != keys_two:
            disagree += 1
            print("DISAGREE: the region outcomes differ between 1 and 2 workers")
        if sorted(f.code for f in one.failed) != sorted(f.code for f in two.failed):
            disagree += 1
            print("DISAGREE: different regions failed")
        done = [job for job in jobs if job.code in {o.code for o in one.ran}]
        units = units_disagreeing(done, work / "w1", work / "w2")
        if units:
            disagree += 1
            print(f"DISAGREE: {units} demand units differ in coverage or minutes")
        people = sum(o.units for o in one.ran)
        print(f"1 and 2 workers agree: {not disagree} ({people:,} demand units compared)")
        return 1 if disagree else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
