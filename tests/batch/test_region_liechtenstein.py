"""Regions cut from the Liechtenstein extract give every demand unit the whole run's coverage.

The whole run is one ``analyze`` over the extract (the workflow's demand,
outlets and coverage); each region is run on its halo only: from its own cut
of the extract (a 2 x 2 grid, :func:`split_extract` + :func:`run_region`, the
results read back from the region's ``analysis.gpkg``), or from the loaded
extract cut to the halo (the communes, admin_level 8). Skipped without the
shared data.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from servicecircle.batch.halo import halo_distance_m, halo_polygon
from servicecircle.batch.jobs import RegionJob
from servicecircle.batch.region_area import halo_cut, region_coverage
from servicecircle.batch.region_run import run_region
from servicecircle.batch.regions import admin_regions, checked_regions, grid_regions
from servicecircle.batch.split import cut_counts, split_extract
from servicecircle.coverage import coverage_from
from servicecircle.workflow.inputs import RunInputs
from servicecircle.workflow.prepare import prepare_inputs

pytestmark = pytest.mark.shared_data

COMPARED = ["minutes_to_nearest", "covered_5", "covered_10", "covered_15", "covered", "people"]


@pytest.fixture(scope="module")
def outlets_file(liechtenstein_area, tmp_path_factory):
    """Twelve outlets on road nodes spread over the country (every n-th node by id)."""
    nodes = liechtenstein_area.nodes.sort_index()
    picked = nodes.iloc[np.linspace(0, len(nodes) - 1, 12).astype(int)]
    path = tmp_path_factory.mktemp("li") / "outlets.geojson"
    frame = gpd.GeoDataFrame(
        {"名称": [f"网点{i + 1}" for i in range(len(picked))]},
        geometry=picked.geometry.to_numpy(),
        crs=4326,
    )
    path.write_text(frame.to_json(), "utf-8")
    return str(path)


@pytest.fixture(scope="module")
def whole(liechtenstein_pbf, liechtenstein_area, outlets_file):
    """The coverage of one run over the whole extract, and its settings."""
    inputs = RunInputs(area=str(liechtenstein_pbf), outlets=outlets_file)
    prepared = prepare_inputs(liechtenstein_area, inputs)
    coverage = coverage_from(
        liechtenstein_area, prepared.demand, prepared.outlets, settings=prepared.settings
    )
    return coverage


def _keyed(units: pd.DataFrame) -> pd.DataFrame:
    keys = [f"{p.x:.7f},{p.y:.7f}" for p in units.geometry]
    return pd.DataFrame({"key": keys, **{c: units[c].to_numpy() for c in COMPARED}})


def _assert_same_coverage(whole_units, region_units, longest=15.0):
    """Same people and coverage at every break; the same minutes wherever an outlet is in reach.

    Beyond the longest minutes the nearest outlet may lie outside the halo: the
    region's minutes are then an upper bound of the whole run's (fewer outlets,
    a part of the roads), and the unit is uncovered in both.
    """
    both = _keyed(whole_units).merge(_keyed(region_units), on="key", suffixes=("_w", "_r"))
    assert len(both) == len(region_units)  # every region unit is a unit of the whole run
    assert np.allclose(both["people_w"].to_numpy(float), both["people_r"].to_numpy(float))
    for column in ("covered_5", "covered_10", "covered_15", "covered"):
        assert (both[f"{column}_w"].astype(bool) == both[f"{column}_r"].astype(bool)).all()
    minutes_w = both["minutes_to_nearest_w"].to_numpy(float)
    minutes_r = both["minutes_to_nearest_r"].to_numpy(float)
    in_reach = minutes_w <= longest
    assert np.allclose(minutes_w[in_reach], minutes_r[in_reach], rtol=0, atol=1e-9)
    beyond_w, beyond_r = minutes_w[~in_reach], minutes_r[~in_reach]
    assert (np.isnan(beyond_r) | (beyond_r > longest)).all()
    known = ~np.isnan(beyond_w) & ~np.isnan(beyond_r)
    assert (beyond_r[known] >= beyond_w[known] - 1e-9).all()
    return int(in_reach.sum())


def _job(code, name, region, halo, halo_m, extract, outlets, *, cut):
    return RegionJob(
        code=code,
        name=name,
        region_wkb=shapely.to_wkb(region),
        halo_wkb=shapely.to_wkb(halo),
        halo_m=halo_m,
        extract=str(extract),
        extract_is_cut=cut,
        inputs={"outlets": outlets},
    )


def test_grid_regions_from_their_own_cuts_equal_the_whole_run(
    liechtenstein_pbf, liechtenstein_area, outlets_file, whole, tmp_path
):
    west, south, east, north = liechtenstein_area.bounds
    grid = checked_regions(
        grid_regions((west - 0.01, south - 0.01, east + 0.01, north + 0.01), 2, 2)
    )
    halo_m = halo_distance_m(whole.settings, whole.outlets["outlet_type"].unique())
    assert halo_m == pytest.approx(3_500.0)  # 15 min on foot + 500 m snapping + 2 km pieces
    halos = {
        code: halo_polygon(g, halo_m) for code, g in zip(grid["code"], grid.geometry, strict=True)
    }
    cuts = split_extract(liechtenstein_pbf, halos, tmp_path / "cuts")
    full = cut_counts(liechtenstein_pbf)
    parts, outcomes = [], []
    for code, name, region in zip(grid["code"], grid["name"], grid.geometry, strict=True):
        assert cut_counts(cuts[code])["nodes"] < full["nodes"]  # a cut, not the whole extract
        job = _job(code, name, region, halos[code], halo_m, cuts[code], outlets_file, cut=True)
        outcome = run_region(job, tmp_path / "out")
        assert outcome.ok, outcome.error
        outcomes.append(outcome)
        folder = job.folder(tmp_path / "out")
        units = gpd.read_file(folder / "analysis.gpkg", layer="demand")
        summary = json.loads((folder / "summary.json").read_text("utf-8"))
        assert summary["study_area"]["name"] == name
        assert len(units) == outcome.units
        parts.append(units)
    # every unit of the whole run is in exactly one region, with the same coverage
    assert sum(len(p) for p in parts) == len(whole.demand)
    assert _assert_same_coverage(whole.demand, pd.concat(parts)) > 500
    # the outcomes add up to the whole run's people and people covered
    assert sum(o.people for o in outcomes) == pytest.approx(whole.total)
    assert sum(o.covered["covered_15"] for o in outcomes) == pytest.approx(whole.covered(15))
    assert sum(o.outlets_in_region for o in outcomes) == len(whole.outlets)


def test_communes_cut_from_the_loaded_extract_equal_the_whole_run(
    liechtenstein_pbf, liechtenstein_area, outlets_file, whole
):
    communes = admin_regions(liechtenstein_area.boundaries)
    assert len(communes) >= 11  # Liechtenstein's 11 communes (and a Swiss neighbour)
    halo_m = halo_distance_m(whole.settings, whole.outlets["outlet_type"].unique())
    seen, in_reach = [], 0
    for code, name, region in zip(
        communes["code"], communes["name"], communes.geometry, strict=True
    ):
        halo = halo_polygon(region, halo_m)
        job = _job(code, name, region, halo, halo_m, liechtenstein_pbf, outlets_file, cut=False)
        try:
            measured = region_coverage(halo_cut(liechtenstein_area, halo, name=name), job)
        except ValueError as error:  # no one in it (the Swiss neighbour)
            assert error.args[0].key == "msg.batch.no_demand"
            continue
        in_reach += _assert_same_coverage(whole.demand, measured.coverage.demand)
        seen.append(measured.coverage.demand)
    assert len(seen) >= 10
    assert in_reach > 500
    keys = pd.concat([_keyed(units)["key"] for units in seen])
    assert not keys.duplicated().any()  # no unit counted by two communes
