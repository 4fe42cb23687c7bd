"""Three regions meeting at a corner: no site moved twice, no person counted twice.

An 8,000 m street grid is cut into a west region A (x < 4,000 m), a
north-east region B and a south-east region C (split at y = 4,000 m); the
halo is 1,000 m (15 minutes' walk). Far from the corner, on the A/B border,
the pair of :mod:`tests.batch.test_border_pass`: a site each by two border
houses, a house 1,800 m west that neither serves, and a candidate 850 m from
it in A's band. At the corner, a house in B served by a site of A and a site
of B (whose nearest borders are A/B and B/C), each with a house to lure it
away in its band. Bands side by side could each move its corner site away,
counting on the other's: the corner house would be served by neither.

The first pass is given (markers and first-pass sites written, as a batch
leaves them). The bands run; then one whole run over the grid measures the
people covered by the first-pass sites and by the final ones: the gain is the
sum of the bands' gains (no person counted twice or missed), the corner
sites stay (within three halos of a third region no site moves: the bounded
difference the method allows), the far pair is re-solved as with two regions.
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
import shapely
from shapely.geometry import box

import servicecircle.batch.region_area as region_area
from servicecircle.batch.border_bands import (
    BORDER_FILE,
    CORNER_HALOS,
    FIRST_PASS_FILE,
    band_jobs,
)
from servicecircle.batch.border_final import border_changes
from servicecircle.batch.border_regions import final_points
from servicecircle.batch.border_run import run_band
from servicecircle.batch.halo import halo_polygon
from servicecircle.batch.jobs import RegionOutcome
from servicecircle.batch.markers import marker_stamp, run_and_mark, write_marker
from servicecircle.batch.membership import points_in_region
from servicecircle.batch.region_area import halo_cut
from servicecircle.testing.synthetic import grid_area, to_wgs
from tests.batch._synthetic import synthetic_job
from tests.batch.test_border_pass import _points_file

HALO_M = 1_000.0
REGIONS = {
    "A": box(-500.0, -500.0, 4000.0, 8500.0),
    "B": box(4000.0, 4000.0, 8500.0, 8500.0),
    "C": box(4000.0, -500.0, 8500.0, 4000.0),
}
#: Far from the corner: two border houses, a house nobody serves, and their candidates.
PAIR_HOUSES = [(3950.0, 7600.0), (4050.0, 7600.0)]
PAIR_FAR = (2200.0, 7600.0)
PAIR_SITES = {"A": (3900.0, 7600.0), "B": (4100.0, 7600.0)}
PAIR_MOVE = (3050.0, 7600.0)
#: At the corner: a house in B, a site of A and one of B serving it, a lure for each.
CORNER_HOUSE = (4100.0, 4100.0)
CORNER_SITES = {"A": (3950.0, 4150.0), "B": (4250.0, 4050.0)}
LURES = [(2300.0, 4800.0), (6600.0, 4900.0)]
LURE_CANDIDATES = [(3100.0, 4800.0), (5800.0, 4900.0)]
TALL, LOW = {"building": "apartments", "levels": 6}, {"building": "apartments", "levels": 2}


def _house(x: float, y: float) -> shapely.Polygon:
    return box(x - 5.0, y - 5.0 + 12.0, x + 5.0, y + 5.0 + 12.0)


@pytest.fixture(scope="module")
def grid():
    houses = [*PAIR_HOUSES, PAIR_FAR, CORNER_HOUSE, *LURES]
    tags = [TALL, TALL, LOW, TALL, LOW, LOW]
    area = grid_area(81, 100.0, buildings=[_house(*xy) for xy in houses], building_tags=tags)
    extent = to_wgs([box(0.0, 0.0, 8000.0, 8000.0)]).iloc[0]
    return dataclasses.replace(area, extent=extent, extent_basis="osm_bounds")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corner_files")
    candidates = [*PAIR_SITES.values(), PAIR_MOVE, *CORNER_SITES.values(), *LURE_CANDIDATES]
    return {
        "outlets": _points_file(folder / "outlets.geojson", [(4e4, 4e4)]),
        "corner_outlet": _points_file(folder / "corner.geojson", [(8000.0, 0.0)]),
        "candidates": _points_file(folder / "candidates.geojson", candidates),
    }


def _jobs(files):
    site = {"model": "mclp", "new": 2, "candidates": files["candidates"], "time_limit": 20}
    inputs = {"outlets": files["outlets"], "breaks": [5, 10, 15]}
    jobs = []
    for code, metric in REGIONS.items():
        job = synthetic_job(code, metric, inputs, site=site)
        region = shapely.from_wkb(job.region_wkb)
        halo = shapely.to_wkb(halo_polygon(region, HALO_M))
        jobs.append(dataclasses.replace(job, halo_m=HALO_M, halo_wkb=halo))
    return jobs


def _wgs(xy: tuple[float, float]) -> tuple[float, float]:
    point = to_wgs([shapely.Point(xy)]).iloc[0]
    return (float(point.x), float(point.y))


def _first_pass(jobs, out) -> dict[str, list[tuple[float, float]]]:
    """Mark the regions done with their first-pass sites, as a batch's first pass leaves them."""
    sites = {
        "A": [_wgs(PAIR_SITES["A"]), _wgs(CORNER_SITES["A"])],
        "B": [_wgs(PAIR_SITES["B"]), _wgs(CORNER_SITES["B"])],
        "C": [],
    }
    for job in jobs:
        write_marker(
            job, out, RegionOutcome(job.code, job.name, sites_proposed=len(sites[job.code]))
        )
        record = {"region": marker_stamp(job, out), "sites": sites[job.code]}
        (job.folder(out) / FIRST_PASS_FILE).write_text(json.dumps(record), "utf-8")
    return sites


def _covered(grid, files, sites: list[tuple[float, float]]) -> tuple[float, np.ndarray, object]:
    """One whole run over the grid: people covered with today's outlets and ``sites``."""
    from servicecircle.batch.border_run import _sites_frame, _with_sites
    from servicecircle.coverage import coverage_from
    from servicecircle.workflow.inputs import RunInputs
    from servicecircle.workflow.prepare import prepare_inputs, with_new_type

    # today's one outlet in the grid's far corner serves none of the houses
    prepared = prepare_inputs(grid, RunInputs(area="synthetic", outlets=files["corner_outlet"]))
    settings = with_new_type(prepared.settings, "community_window")
    frame = _sites_frame(sites, "community_window", "site")
    outlets = _with_sites(prepared.outlets, frame, grid, settings)
    coverage = coverage_from(grid, prepared.demand, outlets, settings=settings)
    units = coverage.demand
    covered = units["people"].to_numpy(float) * units["covered"].to_numpy(bool)
    return float(covered.sum()), covered, units.geometry.to_numpy()


def test_three_regions_at_a_corner_gain_what_one_whole_run_gains(
    grid, files, tmp_path, monkeypatch
):
    monkeypatch.setattr(
        region_area,
        "load_halo_area",
        lambda job: halo_cut(grid, shapely.from_wkb(job.halo_wkb), name=job.name),
    )
    jobs = _jobs(files)
    first = _first_pass(jobs, tmp_path)
    bands = band_jobs(jobs, tmp_path)
    assert sorted(band.code for band in bands) == ["A~B", "A~C", "B~C"]
    free = [(x, y) for band in bands for x, y, _ in band.free]
    assert len(free) == len(set(free))  # each site free in one band at most
    corner = {_wgs(CORNER_SITES["A"]), _wgs(CORNER_SITES["B"])}
    assert not corner & set(free)  # within three halos of a third region: fixed
    assert {_wgs(PAIR_SITES["A"]), _wgs(PAIR_SITES["B"])} <= set(free)
    for band in bands:
        assert run_and_mark(run_band, band, str(tmp_path)).ok
    statements = [json.loads((b.folder(tmp_path) / BORDER_FILE).read_text("utf-8")) for b in bands]
    gained = sum(r["covered_after"] - r["covered_before"] for s in statements for r in s["regions"])

    changes = border_changes(bands, tmp_path)
    final = [p for code in REGIONS for p in final_points(first[code], changes.get(code))]
    before, covered_before, units = _covered(grid, files, [p for s in first.values() for p in s])
    after, _, _ = _covered(grid, files, final)
    assert after - before == pytest.approx(gained, abs=1e-6)  # nobody counted twice or missed
    assert gained > 0
    assert corner <= set(final)  # the corner house stays served by the sites at the corner
    moved = shapely.Point(_wgs(PAIR_MOVE))
    assert min(shapely.distance(moved, shapely.Point(p)) for p in final) < 1e-9
    # every unit is counted by one band at most
    counts = np.zeros(len(units), dtype=int)
    for band in bands:
        mine = points_in_region(units, band.counted())
        mine &= points_in_region(units, shapely.union_all(band.regions()))
        counts += mine
    assert counts.max() <= 1
    assert CORNER_HALOS >= 3.0  # the bound the module docstring states


def test_a_two_by_two_split_frees_no_site_near_the_corner_and_counts_nobody_twice(files, tmp_path):
    """Four regions: the diagonal ones touch at a point only, and count as third regions too."""
    quarters = {
        "NW": box(-500.0, 4000.0, 4000.0, 8500.0),
        "NE": box(4000.0, 4000.0, 8500.0, 8500.0),
        "SW": box(-500.0, -500.0, 4000.0, 4000.0),
        "SE": box(4000.0, -500.0, 8500.0, 4000.0),
    }
    site = {"model": "mclp", "new": 1, "candidates": files["candidates"]}
    jobs = []
    for code, metric in quarters.items():
        job = synthetic_job(code, metric, {"outlets": files["outlets"]}, site=site)
        halo = shapely.to_wkb(halo_polygon(shapely.from_wkb(job.region_wkb), HALO_M))
        jobs.append(dataclasses.replace(job, halo_m=HALO_M, halo_wkb=halo))
    # a site by the corner in each quarter, and one far from it on the NW/NE border
    near = {"NW": (3900.0, 4100.0), "NE": (4100.0, 4100.0), "SW": (3900.0, 3900.0)}
    near["SE"] = (4100.0, 3900.0)
    far = (3900.0, 7600.0)
    for job in jobs:
        sites = [_wgs(near[job.code])] + ([_wgs(far)] if job.code == "NW" else [])
        write_marker(job, tmp_path, RegionOutcome(job.code, job.name, sites_proposed=len(sites)))
        record = {"region": marker_stamp(job, tmp_path), "sites": sites}
        (job.folder(tmp_path) / FIRST_PASS_FILE).write_text(json.dumps(record), "utf-8")
    bands = band_jobs(jobs, tmp_path)
    assert sorted(band.code for band in bands) == ["NE~SE", "NW~NE", "NW~SW", "SW~SE"]
    free = [(x, y) for band in bands for x, y, _ in band.free]
    assert free == [_wgs(far)]  # the corner sites stay, the far one is free in one band
    (owner,) = [band for band in bands if band.free]
    assert owner.code == "NW~NE"
    assert {_wgs(near[code]) for code in near} <= set(owner.fixed)  # the diagonal one too
    corner = shapely.Point(_wgs((4000.0, 4000.0)))
    for band in bands:
        assert shapely.distance(band.band(), corner) > 0.02  # 3 km off: 0.027° N-S, 0.042° E-W
    # the people each band counts: no place counted by two bands
    counted = [shapely.intersection(b.counted(), shapely.union_all(b.regions())) for b in bands]
    for i, a in enumerate(counted):
        for b in counted[i + 1 :]:
            assert shapely.intersection(a, b).area < 1e-12
