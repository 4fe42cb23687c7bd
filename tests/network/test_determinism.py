"""The same input gives the same network and numbers under any hash seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from servicecircle.inputs import study_area_from
from tests.conftest import REPO, SHARED_DATA
from tests.network.osm_fixture import OsmFile, main_street

NANJING_XML = SHARED_DATA / "nanjing-xuanwu.osm.xml"

#: Run in a fresh interpreter: print the edges, the travel times of two modes,
#: the minutes from a few sites to a few points and the coverage of the
#: demand estimate (``estimated``) or of one person at every node, as JSON.
FINGERPRINT = """
import hashlib, json, sys, warnings
warnings.simplefilter("ignore")
import geopandas as gpd
import numpy as np
from servicecircle.network import DRIVE, WALK, network_from_area
from servicecircle.reach import minutes_to_nearest
from servicecircle.inputs import study_area_from

area = study_area_from(sys.argv[1])
edges = area.edges.drop(columns="geometry")
out = {
    "edges": hashlib.sha256(edges.to_json().encode()).hexdigest(),
    "geometry": hashlib.sha256(b"".join(area.edges.geometry.to_wkb())).hexdigest(),
    "highways": sorted(map(str, area.edges["highway"])),
}
for mode in (WALK, DRIVE):
    net = network_from_area(area, mode)
    arrays = (net.node_ids, net.edge_u, net.edge_v, net.edge_forward_s, net.edge_backward_s,
              net.edge_ground, net.edge_connected)
    out[mode.name] = hashlib.sha256(b"".join(np.ascontiguousarray(a).tobytes()
                                             for a in arrays)).hexdigest()
nodes = area.nodes.geometry
sites = nodes.iloc[:: max(len(nodes) // 3, 1)]
demand = nodes.iloc[1 :: max(len(nodes) // 40, 1)]
walk = network_from_area(area, WALK)
minutes = minutes_to_nearest(walk, sites, demand, cutoff_minutes=30)
out["minutes"] = [None if not np.isfinite(m) else float(m) for m in minutes]

from servicecircle.coverage import CoverageSettings, coverage_from
from servicecircle.demand import demand_from_area
from servicecircle.supply.outlets import OutletType, prepare_outlets

if sys.argv[2] == "estimated":
    demand = demand_from_area(area)
else:
    people = gpd.GeoDataFrame(
        {"people": np.ones(len(nodes))}, geometry=nodes.to_numpy(), crs=nodes.crs
    )
    demand = demand_from_area(area, user_points=people, user_mode="replace")
types = {"w": OutletType("w", "walk", 15.0)}
outlets = prepare_outlets(
    gpd.GeoDataFrame(
        {"outlet_type": ["w"] * len(sites)}, geometry=sites.to_numpy(), crs=sites.crs
    ),
    area=area,
    types=types,
)
coverage = coverage_from(
    area, demand, outlets, settings=CoverageSettings(outlet_types=types), with_isochrones=False
)
units = coverage.demand
out["coverage"] = {
    "people": units["people"].round(6).tolist(),
    "minutes": units["minutes_to_nearest"].round(9).fillna(-1).tolist(),
    "covered": units["covered"].tolist(),
    "gaps": coverage.gaps["people"].round(6).tolist(),
}
print(json.dumps(out))
"""


def _fingerprint(path, seed: int, demand: str = "nodes") -> dict:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", FINGERPRINT, str(path), demand],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ways_of_several_kinds(path):
    """A street whose blocks are different ways with different tags, joined end to end."""
    osm = OsmFile()
    main_street(osm)
    chain = [
        ("footway", "甲路"),
        ("path", "乙路"),
        ("cycleway", "丙路"),
        ("residential", "丁路"),
        ("service", "戊路"),
        ("living_street", "己路"),
    ]
    for i, (highway, name) in enumerate(chain):
        start, end = 1000 + i, 1001 + i
        coords = {
            start: (100.0 * i, 300.0),
            2000 + i: (100.0 * i + 50, 300.0),
            end: (100.0 * (i + 1), 300.0),
        }
        osm.way(10 + i, coords, highway=highway, name=name)
    osm.way(30, {1: (0.0, 0.0), 1000: (0.0, 300.0)}, highway="residential")
    return osm.write(path)


def test_ways_joined_end_to_end_keep_their_own_tags(tmp_path):
    area = study_area_from(_ways_of_several_kinds(tmp_path / "chain.osm"))
    chain = area.edges[area.edges["osm_id"].between(10, 15)].sort_values("osm_id")
    assert chain["highway"].tolist() == [
        "footway",
        "path",
        "cycleway",
        "residential",
        "service",
        "living_street",
    ]
    assert chain["name"].tolist() == ["甲路", "乙路", "丙路", "丁路", "戊路", "己路"]


def test_the_network_is_the_same_under_any_hash_seed(tmp_path):
    path = _ways_of_several_kinds(tmp_path / "chain.osm")
    first = _fingerprint(path, 0)
    assert len(first["highways"]) == 8
    assert len(first["coverage"]["covered"]) > 5
    for seed in (1, 2, 3):
        assert _fingerprint(path, seed) == first, f"PYTHONHASHSEED={seed}"


def test_the_nanjing_network_is_the_same_under_any_hash_seed():
    if not NANJING_XML.is_file():
        pytest.skip(f"shared data not present: {NANJING_XML}")
    first = _fingerprint(NANJING_XML, 0, "estimated")
    assert any(m is not None for m in first["minutes"])
    assert sum(first["coverage"]["covered"]) > 0
    for seed in (1, 2):
        assert _fingerprint(NANJING_XML, seed, "estimated") == first, f"PYTHONHASHSEED={seed}"


def test_the_liechtenstein_network_is_the_same_under_two_hash_seeds(liechtenstein_pbf):
    first = _fingerprint(liechtenstein_pbf, 0, "estimated")
    assert _fingerprint(liechtenstein_pbf, 1, "estimated") == first
