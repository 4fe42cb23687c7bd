"""The border pass on a synthetic pair of regions: two sites serving the same houses, one moved.

A 4,000 m street grid is cut at x = 2,400 m into a west and an east region.
Two six-storey houses stand 50 m either side of the border, a two-storey
house 2,200 m west of the west one (no single site serves it and the border
houses within 15 minutes' walk, 1,000 m). No outlet is in reach today. The
candidate sites stand by each border house and 850 m east of the far house
(inside the band: within the halo of the border). Each region, sited alone
with one new site, puts it by its border house (more people than the far
house): both sites serve both border houses, the far house stays a gap.
The border pass re-solves the two sites together: one serves both border
houses, the other moves to the far house, and its statement says so.
"""

from __future__ import annotations

import dataclasses
import json

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box

import servicecircle.batch.region_area as region_area
from servicecircle.batch.border_bands import BORDER_FILE, band_jobs, neighbour_pairs
from servicecircle.batch.border_run import run_band
from servicecircle.batch.halo import halo_polygon
from servicecircle.batch.jobs import RegionJob
from servicecircle.batch.markers import run_and_mark
from servicecircle.batch.region_area import halo_cut
from servicecircle.batch.region_run import run_region
from servicecircle.testing.synthetic import grid_area, to_wgs

BORDER_HOUSES = [(2350.0, 2000.0), (2450.0, 2000.0)]
FAR_HOUSE = (150.0, 2000.0)
#: Candidate sites: by each border house, and one 850 m from the far house, inside the band
CANDIDATES = [(2300.0, 2000.0), (2500.0, 2000.0), (1000.0, 2000.0)]
WEST_M = box(-500.0, -500.0, 2400.0, 4500.0)
EAST_M = box(2400.0, -500.0, 4500.0, 4500.0)
HALO_M = 1_600.0


def _house(x: float, y: float) -> shapely.Polygon:
    return box(x - 5.0, y - 5.0 + 12.0, x + 5.0, y + 5.0 + 12.0)


@pytest.fixture(scope="module")
def grid():
    houses = [*BORDER_HOUSES, FAR_HOUSE]
    tags = [{"building": "apartments", "levels": 6}] * 2 + [{"building": "apartments", "levels": 2}]
    area = grid_area(41, 100.0, buildings=[_house(*xy) for xy in houses], building_tags=tags)
    extent = to_wgs([box(0.0, 0.0, 4000.0, 4000.0)]).iloc[0]  # the grid, as an extract's bounds
    return dataclasses.replace(area, extent=extent, extent_basis="osm_bounds")


@pytest.fixture
def halo_from_grid(grid, monkeypatch):
    def load(job: RegionJob):
        return halo_cut(grid, shapely.from_wkb(job.halo_wkb), name=job.name)

    monkeypatch.setattr(region_area, "load_halo_area", load)


@pytest.fixture(scope="module")
def far_outlets(tmp_path_factory):
    return _points_file(tmp_path_factory.mktemp("far") / "outlets.geojson", [(4e4, 4e4)])


def _points_file(path, xys) -> str:
    points = to_wgs([shapely.Point(xy) for xy in xys])
    features = [
        {
            "type": "Feature",
            "properties": {"名称": f"点{i + 1}"},
            "geometry": shapely.geometry.mapping(p),
        }
        for i, p in enumerate(points)
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return str(path)


@pytest.fixture(scope="module")
def candidates(tmp_path_factory):
    return _points_file(tmp_path_factory.mktemp("candidates") / "candidates.geojson", CANDIDATES)


def _job(code: str, metric: shapely.Polygon, outlets: str, candidates: str) -> RegionJob:
    region = to_wgs([metric]).iloc[0]
    return RegionJob(
        code=code,
        name=f"{code} region",
        region_wkb=shapely.to_wkb(region),
        halo_wkb=shapely.to_wkb(halo_polygon(region, HALO_M)),
        halo_m=HALO_M,
        extract="synthetic",
        inputs={"outlets": outlets, "breaks": [5, 10, 15]},
        site={"model": "mclp", "new": 1, "candidates": candidates, "time_limit": 20},
    )


def test_neighbours_share_a_line_not_a_corner():
    a, b, c = box(0, 0, 1, 1), box(1, 0, 2, 1), box(1, 1, 2, 2)
    pairs = neighbour_pairs([a, b, c])
    assert [(i, j) for i, j, _ in pairs] == [(0, 1), (1, 2)]  # a and c touch at a point only
    assert pairs[0][2].length == pytest.approx(1.0, abs=1e-5)


def test_the_border_pass_moves_a_doubled_site_to_people_nobody_served(
    halo_from_grid, far_outlets, candidates, tmp_path
):
    jobs = [_job(c, m, far_outlets, candidates) for c, m in (("W", WEST_M), ("E", EAST_M))]
    outcomes = [run_and_mark(run_region, job, str(tmp_path)) for job in jobs]
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    west, east = outcomes
    assert west.sites_proposed == east.sites_proposed == 1
    assert west.covered["covered_15"] == east.covered["covered_15"] == 0.0  # none in reach today
    # the first pass: each region's site by its border house, the far house still a gap
    west_after, east_after = (
        gpd.read_file(job.folder(tmp_path) / "siting.gpkg", layer="demand_after") for job in jobs
    )
    assert west_after["covered_15"].sum() == 1 and east_after["covered_15"].all()
    far_people = float(west_after.loc[~west_after["covered_15"], "people"].sum())
    assert far_people > 0
    (band,) = band_jobs(jobs, tmp_path)
    assert band.codes == ("W", "E")
    assert sorted(code for _, _, code in band.free) == ["E", "W"] and band.fixed == ()
    outcome = run_band(band, tmp_path)
    assert outcome.ok, outcome.error
    assert outcome.changed
    statement = json.loads((band.folder(tmp_path) / BORDER_FILE).read_text("utf-8"))
    by_code = {record["code"]: record for record in statement["regions"]}
    moved = sum(r["moved_away"] for r in by_code.values())
    assert moved == 1 and sum(r["kept"] for r in by_code.values()) == 1
    assert by_code["W"]["moved_in"] == 1  # the moved site now serves the far house, in the west
    gained = by_code["W"]["covered_after"] - by_code["W"]["covered_before"]
    assert gained == pytest.approx(far_people)
    assert by_code["E"]["covered_after"] == pytest.approx(by_code["E"]["covered_before"])
    assert by_code["E"]["covered_before"] == pytest.approx(east.people)
    far = to_wgs([shapely.Point(FAR_HOUSE)]).iloc[0]
    assert len(statement["sites_after"]) == 2
    nearest = min(shapely.distance(far, shapely.Point(p)) for p in statement["sites_after"])
    expected = to_wgs([shapely.Point(CANDIDATES[2])]).iloc[0]
    assert nearest == pytest.approx(shapely.distance(far, expected), abs=1e-9)
