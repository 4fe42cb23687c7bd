"""Travel-time matrices equal networkx Dijkstra on the same model."""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicecircle.errors import InputDataError
from servicecircle.network import BIKE, DRIVE, WALK, network_from_area
from servicecircle.reach import (
    TravelTimes,
    minutes_to_nearest,
    nearest_sites,
    node_times,
    snap_points,
    travel_times,
)
from servicecircle.testing.reference import reference_graph, reference_travel_seconds
from servicecircle.testing.synthetic import grid_area, grid_layers
from tests.reach.points import dense_minutes, points_near_network

MODES = {"walk": WALK, "bike": BIKE, "drive": DRIVE}


def _case(seed: int, mode_name: str, n_sites: int = 12, n_demand: int = 60):
    streets = grid_layers(
        7, 7, seed=seed, spacing_m=120, oneway_share=0.35, drop_share=0.15, islands=1
    )
    area = grid_area(streets=streets)
    net = network_from_area(area, MODES[mode_name])
    rng = np.random.default_rng(seed)
    sites = snap_points(net, points_near_network(net, n_sites, rng=rng, label="s"))
    # half the demand on the sites' own segments, to exercise the same-segment routes
    on_site_edges = rng.choice(sites.edge, n_demand // 2)
    demand = snap_points(
        net,
        gpd.GeoDataFrame(
            geometry=np.concatenate(
                [
                    points_near_network(net, n_demand // 2, rng=rng).geometry.to_numpy(),
                    points_near_network(
                        net, 0, rng=rng, on_edges=on_site_edges
                    ).geometry.to_numpy(),
                ]
            ),
            crs=4326,
        ),
    )
    return net, sites, demand


def _expected_seconds(net, sites, demand, limit_s, direction):
    """networkx times, site x demand; "to_sites" searches from the demand points."""
    if direction == "from_sites":
        graph = reference_graph(net, sites, demand)
        return reference_travel_seconds(graph, len(sites), len(demand), limit_s=limit_s)
    graph = reference_graph(net, demand, sites)  # the roles swapped: demand as sources
    return reference_travel_seconds(graph, len(demand), len(sites), limit_s=limit_s).T


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10_000),
    mode_name=st.sampled_from(sorted(MODES)),
    cutoff=st.sampled_from([2.0, 5.0, 15.0]),
    engine=st.sampled_from(["numba", "scipy"]),
    direction=st.sampled_from(["to_sites", "from_sites"]),
)
def test_matrix_equals_networkx_dijkstra(seed, mode_name, cutoff, engine, direction):
    net, sites, demand = _case(seed, mode_name)
    times = travel_times(
        net, sites, demand, cutoff_minutes=cutoff, engine=engine, direction=direction
    )
    expected = _expected_seconds(net, sites, demand, cutoff * 60, direction)
    got = dense_minutes(times) * 60.0
    np.testing.assert_array_equal(np.isfinite(got), np.isfinite(expected))
    finite = np.isfinite(expected)
    np.testing.assert_allclose(got[finite], expected[finite], rtol=1e-12, atol=1e-9)
    assert np.all(times.minutes.data <= cutoff)

    nearest = nearest_sites(net, sites, demand, cutoff_minutes=cutoff, direction=direction)
    best = expected.min(axis=0)
    np.testing.assert_allclose(nearest["minutes"].to_numpy() * 60, best, rtol=1e-12, atol=1e-9)
    reached = np.isfinite(best)
    site_labels = np.asarray(sites.index)
    chosen = nearest["site"].to_numpy()
    for j in np.flatnonzero(reached):
        i = int(np.flatnonzero(site_labels == chosen[j])[0])
        assert expected[i, j] == pytest.approx(best[j], abs=1e-9)
    assert nearest["site"][~reached].isna().all()


@pytest.mark.parametrize("engine", ["numba", "scipy"])
def test_node_times_equal_networkx(engine):
    net, sites, _ = _case(7, "drive")
    minutes = node_times(net, sites, cutoff_minutes=3.0, engine=engine, direction="from_sites")
    graph = reference_graph(net, sites, None)
    got = minutes.toarray()
    stored = np.zeros(got.shape, dtype=bool)
    coo = minutes.tocoo()
    stored[coo.row, coo.col] = True
    for i in range(len(sites)):
        lengths = nx.single_source_dijkstra_path_length(
            graph, ("site", i), cutoff=180.0, weight="time"
        )
        expected = {k: v for k, v in lengths.items() if isinstance(k, int)}
        assert set(np.flatnonzero(stored[i]).tolist()) == set(expected)
        for node, seconds in expected.items():
            assert got[i, node] * 60 == pytest.approx(seconds, abs=1e-9)


def test_engines_agree_exactly_on_the_sample(sample_area):
    net = network_from_area(sample_area, WALK)
    rng = np.random.default_rng(5)
    sites = points_near_network(net, 40, rng=rng, label="s")
    demand = sample_area.buildings
    a = travel_times(net, sites, demand, cutoff_minutes=10, engine="numba")
    b = travel_times(net, sites, demand, cutoff_minutes=10, engine="scipy")
    assert (a.minutes.indptr == b.minutes.indptr).all()
    assert (a.minutes.indices == b.minutes.indices).all()
    np.testing.assert_allclose(a.minutes.data, b.minutes.data, rtol=0, atol=1e-12)


@pytest.mark.parametrize("mode_name", ["walk", "drive"])
def test_sample_matrix_equals_networkx(sample_area, mode_name):
    net = network_from_area(sample_area, MODES[mode_name])
    rng = np.random.default_rng(11)
    sites = snap_points(
        net,
        gpd.GeoDataFrame(
            geometry=np.concatenate(
                [
                    sample_area.premises.geometry.to_numpy(),
                    points_near_network(net, 10, rng=rng).geometry.to_numpy(),
                ]
            ),
            crs=4326,
        ),
    )
    demand = snap_points(net, sample_area.buildings)
    times = travel_times(net, sites, demand, cutoff_minutes=10)
    expected = _expected_seconds(net, sites, demand, 600, "to_sites")
    got = dense_minutes(times) * 60
    np.testing.assert_array_equal(np.isfinite(got), np.isfinite(expected))
    finite = np.isfinite(expected)
    assert finite.sum() > 100
    np.testing.assert_allclose(got[finite], expected[finite], rtol=1e-12, atol=1e-9)


@pytest.mark.shared_data
def test_liechtenstein_matrix_equals_networkx(liechtenstein_area):
    net = network_from_area(liechtenstein_area, WALK)
    rng = np.random.default_rng(3)
    sites = snap_points(net, points_near_network(net, 25, rng=rng))
    demand = snap_points(net, liechtenstein_area.buildings)
    times = travel_times(net, sites, demand, cutoff_minutes=15, direction="from_sites")
    expected = _expected_seconds(net, sites, demand, 900, "from_sites")
    got = dense_minutes(times) * 60
    np.testing.assert_array_equal(np.isfinite(got), np.isfinite(expected))
    finite = np.isfinite(expected)
    np.testing.assert_allclose(got[finite], expected[finite], rtol=1e-12, atol=1e-9)


def _straight_road():
    """One 1,000 m road (two segments) plus a separate 100 m road far away."""
    from tests.network.test_graph import _line_layers

    return _line_layers(
        [
            (1, 2, [(0, 0), (500, 0)], {}),
            (2, 3, [(500, 0), (1000, 0)], {}),
            (7, 8, [(5000, 0), (5100, 0)], {}),
        ]
    )


def test_true_zeros_are_stored_and_counted_as_reached():
    from servicecircle.network import network_from_layers
    from tests.network.test_graph import UTM50

    nodes, edges = _straight_road()
    net = network_from_layers(nodes, edges, WALK, crs=UTM50)
    spot = gpd.GeoSeries([shapely.Point(447_100.0, 4_417_000.0)], crs=UTM50, index=["here"]).to_crs(
        4326
    )
    times = travel_times(net, spot, spot, cutoff_minutes=5)
    assert isinstance(times, TravelTimes)
    assert times.minutes.nnz == 1 and times.minutes.data[0] == pytest.approx(0.0, abs=1e-6)
    assert times.within(0.0001).nnz == 1
    frame = times.to_frame()
    assert frame.loc[0, "site"] == "here" and frame.loc[0, "demand"] == "here"


def test_walking_times_along_a_straight_road_and_islands_stay_unreached():
    from servicecircle.network import network_from_layers
    from tests.network.test_graph import UTM50

    nodes, edges = _straight_road()
    net = network_from_layers(nodes, edges, WALK, crs=UTM50)
    x0, y0 = 447_000.0, 4_417_000.0
    sites = gpd.GeoSeries([shapely.Point(x0, y0)], crs=UTM50, index=["start"]).to_crs(4326)
    demand = gpd.GeoSeries(
        [
            shapely.Point(x0 + 250, y0 + 30),  # 250 m along + 30 m access leg
            shapely.Point(x0 + 750, y0),
            shapely.Point(x0 + 1000, y0),
            shapely.Point(x0 + 5050, y0),  # on the island
        ],
        crs=UTM50,
    ).to_crs(4326)
    speed = 4.0 / 3.6
    times = travel_times(net, sites, demand, cutoff_minutes=15)
    got = dense_minutes(times)[0] * 60
    np.testing.assert_allclose(got[:3], [280 / speed, 750 / speed, 1000 / speed], rtol=1e-6)
    assert np.isinf(got[3])
    # 1,000 m at 4 km/h is exactly 15 minutes: the bound is inclusive
    assert times.within(15.0).nnz == 3
    assert times.within(10.0).nnz == 1
    with pytest.raises(InputDataError, match="recompute"):
        times.within(20.0)
    nearest = minutes_to_nearest(net, sites, demand)
    assert np.isinf(nearest.iloc[3]) and nearest.iloc[2] == pytest.approx(15.0, rel=1e-6)
    slower = dataclasses.replace(WALK, speed_kmh=3.2)
    slow_net = network_from_layers(nodes, edges, slower, crs=UTM50)
    assert travel_times(slow_net, sites, demand, cutoff_minutes=15).minutes.nnz == 2


def test_errors_and_empty_inputs(sample_area):
    net = network_from_area(sample_area, WALK)
    with pytest.raises(InputDataError, match="minutes"):
        travel_times(net, sample_area.premises, sample_area.buildings, cutoff_minutes=-1)
    empty = travel_times(net, sample_area.premises.iloc[:0], sample_area.buildings)
    assert empty.shape == (0, len(sample_area.buildings))
    none_reached = nearest_sites(net, sample_area.premises.iloc[:0], sample_area.buildings)
    assert np.isinf(none_reached["minutes"]).all()


def test_direction_matters_on_one_way_streets():
    from servicecircle.network import network_from_layers
    from tests.network.test_graph import UTM50, _line_layers

    nodes, edges = _line_layers(
        [(1, 2, [(0, 0), (500, 0)], {"oneway": "yes"}), (2, 3, [(500, 0), (1000, 0)], {})]
    )
    net = network_from_layers(nodes, edges, DRIVE, crs=UTM50)
    x0, y0 = 447_000.0, 4_417_000.0
    outlet = gpd.GeoSeries([shapely.Point(x0 + 600, y0)], crs=UTM50).to_crs(4326)
    home = gpd.GeoSeries([shapely.Point(x0 + 100, y0)], crs=UTM50).to_crs(4326)
    # the home can drive to the outlet (with the one-way), the outlet not to the home
    to_outlet = travel_times(net, outlet, home, cutoff_minutes=10)
    from_outlet = travel_times(net, outlet, home, cutoff_minutes=10, direction="from_sites")
    assert to_outlet.minutes.nnz == 1 and from_outlet.minutes.nnz == 0
    assert to_outlet.minutes.data[0] == pytest.approx(500 / (30 / 3.6) / 60)
    assert np.isfinite(minutes_to_nearest(net, outlet, home).iloc[0])
    assert np.isinf(minutes_to_nearest(net, outlet, home, direction="from_sites").iloc[0])
    with pytest.raises(InputDataError, match="direction"):
        travel_times(net, outlet, home, direction="sideways")  # type: ignore[arg-type]


def test_results_are_read_only_and_usable_with_scipy(sample_area):
    net = network_from_area(sample_area, WALK)
    rng = np.random.default_rng(2)
    sites = points_near_network(net, 8, rng=rng, label="s")
    seen: list[float] = []
    times = travel_times(
        net, sites, sample_area.buildings, cutoff_minutes=5, progress=lambda f, _: seen.append(f)
    )
    assert seen and seen[-1] == pytest.approx(1.0)
    m = times.minutes
    assert not m.data.flags.writeable and not m.indices.flags.writeable
    with pytest.raises(ValueError):
        m.eliminate_zeros()  # would drop true zeros: refused
    weights = np.ones(m.shape[1])
    np.testing.assert_allclose(times.within(5.0) @ weights, np.diff(m.indptr))
    assert times.within(5.0).tocsc().nnz == m.nnz
    assert (m.T.tocsr() != m.tocsc().T.tocsr()).nnz == 0


def test_network_reversed_turns_every_direction_round(sample_area):
    net = network_from_area(sample_area, DRIVE)
    back = net.reversed()
    assert (back.graph != net.graph.T).nnz == 0
    np.testing.assert_array_equal(back.edge_forward_s, net.edge_backward_s)
    np.testing.assert_array_equal(back.edge_backward_s, net.edge_forward_s)
    assert not back.graph.data.flags.writeable
    assert back.reversed().graph.nnz == net.graph.nnz
