"""Coverage at walking speed -20 %, as set, +20 %: against networkx and a rebuilt network."""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest

from servicecircle.coverage import CoverageSettings, coverage_from, networks_for
from servicecircle.coverage.speed_sensitivity import FACTORS, speed_sensitivity
from servicecircle.demand import demand_from_area
from servicecircle.inputs.crs import WGS84
from servicecircle.network import WALK, network_from_area
from servicecircle.reach import nearest_sites
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, grid_layers

TYPES = {"w": OutletType("w", "walk", 2.0), "e": OutletType("e", "ebike", 0.5)}
BREAKS = (1.0, 2.0, 3.0)
WALK_M_PER_MIN = 4000 / 60


@pytest.fixture(scope="module")
def grid():
    """A jittered 7 x 7 grid with bends; people and outlets on its crossings."""
    nodes, edges = grid_layers(7, 7, seed=3, jitter=0.25, bend_share=0.5)
    area = grid_area(streets=(nodes, edges))
    rng = np.random.default_rng(5)
    ids = nodes.index.to_numpy()
    demand_ids = rng.choice(ids, 30, replace=False)
    people = gpd.GeoDataFrame(
        {"people": rng.integers(5, 60, demand_ids.size).astype(float)},
        geometry=nodes.loc[demand_ids].geometry.to_numpy(),
        crs=WGS84,
    )
    outlet_ids = [ids[0], ids[30], ids[48]]
    raw = gpd.GeoDataFrame(
        {"outlet_type": ["w", "w", "e"]},
        geometry=nodes.loc[outlet_ids].geometry.to_numpy(),
        crs=WGS84,
    )
    demand = demand_from_area(area, user_points=people, user_mode="replace")
    outlets = prepare_outlets(raw, area=area, types=TYPES)
    return area, edges, demand, outlets, list(demand_ids), outlet_ids


def _oracle_walk_minutes(edges, sources, targets, speed_kmh):
    """Minutes from the nearest source to each target by networkx, lengths over the speed."""
    graph = nx.Graph()
    for u, v, length in zip(edges["u"], edges["v"], edges["length"], strict=True):
        seconds = float(length) / (speed_kmh / 3.6)
        if not graph.has_edge(u, v) or graph[u][v]["s"] > seconds:
            graph.add_edge(u, v, s=seconds)
    found = nx.multi_source_dijkstra_path_length(graph, set(sources), weight="s")
    return np.array([found.get(t, np.inf) / 60.0 for t in targets])


def test_walking_speed_cases_match_networkx_with_scaled_weights(grid):
    area, edges, demand, outlets, demand_ids, outlet_ids = grid
    settings = CoverageSettings(breaks=BREAKS, outlet_types=TYPES)
    networks = networks_for(area, {"walk", "ebike"}, settings=settings)
    units = demand.units
    cases = speed_sensitivity(area, networks, outlets, units, settings=settings)
    assert [(c.mode, c.factor) for c in cases] == [("walk", f) for f in FACTORS]
    # the e-bike outlet is measured by the reach stage and stays as set
    ebike = nearest_sites(networks["ebike"], outlets.iloc[[2]], units, max_snap_m=500.0)
    ebike_minutes = ebike["minutes"].to_numpy(float)
    people = units["people"].to_numpy(float)
    for case in cases:
        walk = _oracle_walk_minutes(edges, outlet_ids[:2], demand_ids, 4.0 * case.factor)
        nearest = np.minimum(walk, ebike_minutes)
        for b in BREAKS:  # no unit sits on a break, so rounding cannot flip one
            assert np.abs(nearest - b).min() > 1e-3
            assert case.covered[b] == pytest.approx(people[nearest <= b].sum())
            assert case.share(b) == pytest.approx(people[nearest <= b].sum() / people.sum())
        standard = (walk <= 2.0) | (ebike_minutes <= 0.5)
        assert case.standard_covered == pytest.approx(people[standard].sum())
        assert case.speed_kmh == pytest.approx(4.0 * case.factor)
        assert case.scaled
    slow, _, fast = cases
    assert slow.covered[3.0] < case_as_set(cases).covered[3.0] < fast.covered[3.0]
    assert slow.standard_covered < fast.standard_covered


def case_as_set(cases):
    return next(c for c in cases if c.factor == 1.0)


def test_as_set_is_todays_coverage(grid):
    area, _, demand, outlets, _, _ = grid
    settings = CoverageSettings(breaks=BREAKS, outlet_types=TYPES)
    coverage = coverage_from(area, demand, outlets, settings=settings, with_isochrones=False)
    networks = networks_for(area, {"walk", "ebike"}, settings=settings)
    case = speed_sensitivity(area, networks, outlets, demand.units, settings=settings)[1]
    assert {b: case.covered[b] for b in BREAKS} == pytest.approx(
        {b: coverage.covered(b) for b in BREAKS}
    )
    covered = coverage.demand.loc[coverage.demand["covered"], "people"].sum()
    assert case.standard_covered == pytest.approx(covered)


def test_a_mode_that_does_not_scale_is_searched_again(grid):
    # an access leg at its own speed does not change with the walking speed
    area, edges, demand, outlets, _, _ = grid
    slow_access = dataclasses.replace(WALK, access_speed_kmh=2.0)
    settings = CoverageSettings(breaks=BREAKS, outlet_types=TYPES)
    networks = {
        "walk": network_from_area(area, slow_access, snap_rules=settings.snap_rules()),
        "ebike": networks_for(area, {"ebike"}, settings=settings)["ebike"],
    }
    walkers = outlets.iloc[[0, 1]]
    cases = speed_sensitivity(area, networks, walkers, demand.units, settings=settings)
    assert not any(c.scaled for c in cases)
    fast = network_from_area(
        area, dataclasses.replace(slow_access, speed_kmh=4.8), snap_rules=settings.snap_rules()
    )
    minutes = nearest_sites(fast, walkers, demand.units, max_snap_m=500.0)["minutes"]
    people = demand.units["people"].to_numpy(float)
    assert cases[2].covered[3.0] == pytest.approx(people[minutes.to_numpy() <= 3.0].sum())


def test_no_walking_outlet_no_case(grid):
    area, _, demand, outlets, _, _ = grid
    settings = CoverageSettings(breaks=BREAKS, outlet_types=TYPES)
    networks = networks_for(area, {"walk", "ebike"}, settings=settings)
    bikes = outlets.iloc[[2]]
    assert speed_sensitivity(area, networks, bikes, demand.units, settings=settings) == ()


@pytest.mark.parametrize("factor", [0.8, 1.2])
def test_dividing_the_minutes_equals_a_network_rebuilt_at_the_speed_on_the_sample(factor):
    from servicecircle.workflow.inputs import RunInputs, load_area
    from servicecircle.workflow.prepare import prepare_inputs

    inputs = RunInputs(area="sample")
    area = load_area(inputs)
    prepared = prepare_inputs(area, inputs)
    settings = prepared.settings
    networks = networks_for(area, {"walk"}, settings=settings)
    coverage = coverage_from(
        area, prepared.demand, prepared.outlets, settings=settings, with_isochrones=False
    )
    case = next(
        c
        for c in speed_sensitivity(
            area, networks, coverage.outlets, coverage.demand, settings=settings
        )
        if c.factor == factor
    )
    speed = settings.travel_mode("walk").speed_kmh * factor
    rebuilt = coverage_from(
        area,
        prepared.demand,
        prepared.outlets,
        settings=dataclasses.replace(settings, speeds_kmh={"walk": speed}),
        with_isochrones=False,
    )
    assert case.scaled
    for b in settings.breaks:
        assert case.covered[b] == pytest.approx(rebuilt.covered(b), abs=1e-6)
    standard = rebuilt.demand.loc[rebuilt.demand["covered"], "people"].sum()
    assert case.standard_covered == pytest.approx(standard, abs=1e-6)
    assert case.covered[settings.breaks[-1]] != pytest.approx(coverage.covered(settings.breaks[-1]))


def test_dividing_the_minutes_equals_a_rebuilt_network_on_liechtenstein(liechtenstein_pbf):
    from servicecircle.workflow.inputs import RunInputs, load_area
    from servicecircle.workflow.prepare import prepare_inputs

    inputs = RunInputs(area=str(liechtenstein_pbf), outlets="osm")
    area = load_area(inputs)
    prepared = prepare_inputs(area, inputs)
    settings = prepared.settings
    networks = networks_for(area, {"walk"}, settings=settings)
    coverage = coverage_from(
        area, prepared.demand, prepared.outlets, settings=settings, with_isochrones=False
    )
    cases = speed_sensitivity(area, networks, coverage.outlets, coverage.demand, settings=settings)
    for case in (cases[0], cases[2]):
        rebuilt = coverage_from(
            area,
            prepared.demand,
            prepared.outlets,
            settings=dataclasses.replace(settings, speeds_kmh={"walk": case.speed_kmh}),
            with_isochrones=False,
        )
        for b in settings.breaks:
            assert case.covered[b] == pytest.approx(rebuilt.covered(b), abs=1e-6)
