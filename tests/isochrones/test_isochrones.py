"""Isochrone polygons: shape, nesting, and reached demand inside."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.ops import substring

from servicecircle.errors import InputDataError
from servicecircle.isochrones import (
    IsochroneSettings,
    LineTable,
    isochrones_from_sites,
    people_in_polygons,
)
from servicecircle.network import DRIVE, WALK, network_from_area, network_from_layers
from servicecircle.reach import snap_points, travel_times
from servicecircle.testing.synthetic import grid_area, grid_layers
from tests.network.test_graph import UTM50, _line_layers
from tests.reach.points import points_near_network

X0, Y0 = 447_000.0, 4_417_000.0
BREAKS = (2.0, 4.0, 7.0)  # the sample is small and dense: short breaks keep the tests quick


def test_line_pieces_match_shapely_substring():
    rng = np.random.default_rng(0)
    lines = np.array(
        [shapely.LineString(rng.uniform(0, 100, (k, 2))) for k in rng.integers(2, 7, 40)]
    )
    table = LineTable(lines)
    which = rng.integers(0, 40, 300)
    a = rng.uniform(0, 1, 300)
    b = rng.uniform(0, 1, 300)
    start, end = np.minimum(a, b), np.maximum(a, b)
    start[:20], end[:20] = 0.0, 1.0
    end[20:30] = start[20:30]
    got = table.pieces(which, start, end)
    for k in range(300):
        expected = substring(lines[which[k]], start[k], end[k], normalized=True)
        assert shapely.length(got[k]) == pytest.approx(expected.length, abs=1e-9)
        assert shapely.hausdorff_distance(got[k], expected) < 1e-9 or expected.length == 0
    assert table.pieces(np.empty(0, int), np.empty(0), np.empty(0)).size == 0


def _road_network(mode, tags=None):
    nodes, edges = _line_layers(
        [
            (1, 2, [(0, 0), (1000, 0)], tags or {}),
            (2, 3, [(1000, 0), (2000, 0)], tags or {}),
        ]
    )
    return network_from_layers(nodes, edges, mode, crs=UTM50)


def test_partly_reached_segments_are_cut_where_time_runs_out():
    net = _road_network(WALK)
    site = gpd.GeoSeries([shapely.Point(X0 + 1000, Y0)], crs=UTM50, index=["mid"]).to_crs(4326)
    iso = isochrones_from_sites(net, site, settings=IsochroneSettings(buffer_m=20))
    assert list(iso.columns) == ["site", "minutes", "geometry"]
    assert iso.crs == "EPSG:4326"
    assert iso["minutes"].tolist() == [5.0, 10.0, 15.0]
    assert (iso["site"] == "mid").all()
    metric = iso.to_crs(UTM50)
    for minutes, geom in zip(metric["minutes"], metric.geometry, strict=True):
        reach = minutes * 60 * 4 / 3.6  # metres walked each way
        minx, _, maxx, _ = geom.bounds
        assert minx - X0 == pytest.approx(1000 - reach - 20, abs=0.5)
        assert maxx - X0 == pytest.approx(1000 + reach + 20, abs=0.5)


def test_one_way_street_reaches_downstream_only():
    net = _road_network(DRIVE, {"oneway": "yes", "highway": "living_street"})
    site = gpd.GeoSeries([shapely.Point(X0 + 1000, Y0)], crs=UTM50).to_crs(4326)
    config = IsochroneSettings(breaks=(1.0,), buffer_m=10)
    outbound = isochrones_from_sites(net, site, settings=config, direction="from_sites")
    minx, _, maxx, _ = outbound.to_crs(UTM50).geometry.iloc[0].bounds
    # living street at 10 km/h: 166.7 m in one minute, downstream (u -> v) only
    assert minx - X0 == pytest.approx(1000 - 10, abs=0.5)
    assert maxx - X0 == pytest.approx(1000 + 10 * 60 / 3.6 + 10, abs=0.5)
    inbound = isochrones_from_sites(net, site, settings=config)  # who reaches the site
    minx, _, maxx, _ = inbound.to_crs(UTM50).geometry.iloc[0].bounds
    assert minx - X0 == pytest.approx(1000 - 10 * 60 / 3.6 - 10, abs=0.5)
    assert maxx - X0 == pytest.approx(1000 + 10, abs=0.5)


@pytest.fixture(scope="module")
def sample_case(sample_area):
    net = network_from_area(sample_area, WALK)
    rng = np.random.default_rng(4)
    sites = points_near_network(net, 12, rng=rng, label="s")
    return net, sites, sample_area.buildings


def _inside(polygons: gpd.GeoSeries, points: gpd.GeoSeries) -> np.ndarray:
    return shapely.covers(polygons.to_numpy(), points.to_numpy())


def test_every_reached_demand_point_lies_inside_its_break(sample_case):
    net, sites, buildings = sample_case
    centroids = buildings.geometry.to_crs(net.crs).centroid.to_crs(4326)
    demand = gpd.GeoDataFrame(geometry=centroids.to_numpy(), crs=4326)
    # a small buffer, so that long access legs really need to be drawn
    config = IsochroneSettings(breaks=BREAKS, buffer_m=5.0)
    iso = isochrones_from_sites(net, sites, settings=config, demand=demand)
    times = travel_times(net, sites, demand, cutoff_minutes=BREAKS[-1])
    checked = 0
    for row in iso.itertuples():
        i = sites.index.get_loc(row.site)
        reached = times.within(row.minutes)[i].indices
        points = demand.geometry.iloc[reached]
        assert _inside(gpd.GeoSeries([row.geometry] * len(points), crs=4326), points).all()
        checked += len(points)
    assert checked > 50
    dissolved = isochrones_from_sites(
        net,
        sites,
        settings=IsochroneSettings(breaks=BREAKS, buffer_m=5.0, dissolve=True),
        demand=demand,
    )
    assert dissolved["site"].isna().all() and len(dissolved) == 3
    for row in dissolved.itertuples():
        reached = np.unique(times.within(row.minutes).indices)
        points = demand.geometry.iloc[reached]
        assert _inside(gpd.GeoSeries([row.geometry] * len(points), crs=4326), points).all()


def test_breaks_nest_rings_partition_and_dissolve_unions(sample_case):
    net, sites, buildings = sample_case

    def metric(settings: IsochroneSettings) -> gpd.GeoDataFrame:
        iso = isochrones_from_sites(net, sites, settings=settings, demand=buildings)
        assert iso.is_valid.all()
        back = iso.to_crs(net.crs)
        return back.set_geometry(back.make_valid())  # the round trip may pinch thin spots

    nested = metric(IsochroneSettings(breaks=BREAKS))
    rings = metric(IsochroneSettings(breaks=BREAKS, rings=True))
    dissolved = metric(IsochroneSettings(breaks=BREAKS, dissolve=True))
    assert len(nested) == len(rings) == 3 * len(sites)
    for label in sites.index:
        mine = nested[nested["site"] == label].geometry.to_numpy()
        bands = rings[rings["site"] == label].geometry.to_numpy()
        for small, large in zip(mine[:-1], mine[1:], strict=True):
            assert shapely.area(shapely.difference(small, large)) < 1.0
        assert shapely.area(shapely.intersection(bands[0], bands[1])) < 1.0
        assert shapely.area(shapely.intersection(bands[1], bands[2])) < 1.0
        assert shapely.area(bands).sum() == pytest.approx(shapely.area(mine[-1]), rel=1e-6)
    for minutes in BREAKS:
        union = shapely.union_all(nested[nested["minutes"] == minutes].geometry.to_numpy())
        together = dissolved[dissolved["minutes"] == minutes].geometry.iloc[0]
        assert shapely.area(shapely.symmetric_difference(union, together)) < 1e-3 * union.area


def test_people_column_and_function(sample_case):
    net, sites, buildings = sample_case
    people = np.arange(len(buildings), dtype=float)
    iso = isochrones_from_sites(
        net, sites, settings=IsochroneSettings(breaks=BREAKS), demand=buildings, weights=people
    )
    assert "people" in iso.columns
    centroids = buildings.geometry.to_crs(net.crs).centroid
    for row in iso.iloc[:6].itertuples():
        inside = shapely.covers(row.geometry, centroids.to_crs(4326).to_numpy())
        assert row.people == pytest.approx(people[inside].sum())
    named = buildings.assign(pop=people)
    by_name = people_in_polygons(iso, named, "pop")
    np.testing.assert_allclose(by_name.to_numpy(), iso["people"].to_numpy())
    with pytest.raises(InputDataError, match="one each"):
        people_in_polygons(iso, buildings, people[:-1])
    with pytest.raises(InputDataError, match="no column"):
        people_in_polygons(iso, buildings, "nobody")
    with pytest.raises(InputDataError, match="demand points"):
        isochrones_from_sites(net, sites, weights=people)


def test_unreachable_and_unsnapped_sites_get_empty_polygons():
    area = grid_area(streets=grid_layers(4, 4, seed=2))
    net = network_from_area(area, WALK)
    sites = gpd.GeoSeries(
        [shapely.Point(net.node_x[0], net.node_y[0]), shapely.Point(net.node_x[0] + 9e4, 0)],
        crs=net.crs,
    )
    snapped = snap_points(net, sites, max_distance_m=500)
    iso = isochrones_from_sites(net, snapped)
    assert not iso.geometry.iloc[0].is_empty
    assert iso.geometry.iloc[3:].is_empty.all()


def test_settings_are_checked():
    with pytest.raises(InputDataError, match="breaks"):
        IsochroneSettings(breaks=(0.0,))
    with pytest.raises(InputDataError, match="buffer"):
        IsochroneSettings(buffer_m=0.0)
    assert IsochroneSettings(breaks=(15, 5, 10, 5)).sorted_breaks == (5.0, 10.0, 15.0)


@pytest.mark.shared_data
def test_liechtenstein_reached_buildings_inside(liechtenstein_area):
    net = network_from_area(liechtenstein_area, WALK)
    rng = np.random.default_rng(8)
    sites = points_near_network(net, 30, rng=rng, label="s")
    demand = liechtenstein_area.buildings
    iso = isochrones_from_sites(net, sites, demand=demand, settings=IsochroneSettings(buffer_m=10))
    times = travel_times(net, sites, demand, cutoff_minutes=15)
    centroids = snap_points(net, demand)
    points = gpd.GeoSeries(shapely.points(centroids.x, centroids.y), crs=net.crs).to_crs(4326)
    for row in iso.itertuples():
        reached = times.within(row.minutes)[sites.index.get_loc(row.site)].indices
        assert shapely.covers(row.geometry, points.iloc[reached].to_numpy()).all()


def _parallel_case():
    area = grid_area(streets=grid_layers(24, 24, seed=5, oneway_share=0.1, drop_share=0.05))
    net = network_from_area(area, WALK)
    rng = np.random.default_rng(11)
    sites = points_near_network(net, 40, rng=rng, label="s")  # >= 32: the searches split too
    demand = points_near_network(net, 300, rng=rng, offset_m=60.0, label="d")
    return net, sites, demand


@pytest.mark.parametrize(
    "settings",
    [
        IsochroneSettings(breaks=BREAKS, buffer_m=10.0),
        IsochroneSettings(breaks=BREAKS, buffer_m=10.0, rings=True),
        IsochroneSettings(breaks=BREAKS, buffer_m=10.0, dissolve=True),
    ],
    ids=["per_site", "rings", "dissolved"],
)
def test_parallel_build_equals_serial_build(settings, monkeypatch):
    """Threads split buffers, groups and one group's strips: the polygons stay the same."""
    import servicecircle.isochrones.pieces as pieces

    net, sites, demand = _parallel_case()
    # small chunks and strips, so that a small grid takes every threaded path
    monkeypatch.setattr(pieces, "BUFFER_CHUNK", 8)
    monkeypatch.setattr(pieces, "STRIP_BUFFERS", 20)
    split: list[tuple[int, int]] = []
    threaded_map = pieces.threaded_map

    def recorded(func, chunks, workers):  # type: ignore[no-untyped-def]
        split.append((len(chunks), workers))
        return threaded_map(func, chunks, workers)

    monkeypatch.setattr(pieces, "threaded_map", recorded)
    serial = isochrones_from_sites(net, sites, settings=settings, demand=demand, workers=1)
    assert split and all(workers == 1 for _, workers in split)
    chunked_serially = max(chunks for chunks, _ in split)
    for workers in (2, 3):
        split.clear()
        parallel = isochrones_from_sites(
            net, sites, settings=settings, demand=demand, workers=workers
        )
        assert max(chunks for chunks, _ in split) > 1  # really split over threads
        assert parallel["minutes"].tolist() == serial["minutes"].tolist()
        assert parallel["site"].tolist() == serial["site"].tolist()
        mine, theirs = parallel.geometry.to_numpy(), serial.geometry.to_numpy()
        assert shapely.equals_exact(mine, theirs, tolerance=0.0).all()
        assert (shapely.area(shapely.symmetric_difference(mine, theirs)) == 0.0).all()
    assert not serial.geometry.is_empty.all()
    if settings.dissolve:  # one group: strips, as many serially as on threads
        assert chunked_serially > 1


def test_workers_must_be_at_least_one():
    net, sites, _ = _parallel_case()
    with pytest.raises(InputDataError, match="worker"):
        isochrones_from_sites(net, sites.iloc[:2], workers=0)
