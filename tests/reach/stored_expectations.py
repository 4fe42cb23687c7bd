"""Snaps and travel times computed without the library's snapping and routing, stored once.

``python -m tests.reach.stored_expectations`` writes ``tests/reach/data/stored_reach.npz``:
for the synthetic grid and (when the shared data is present) the Liechtenstein
extract, random points near the network (WGS-84) and, computed independently
of :func:`~servicecircle.reach.snap_points` and
:func:`~servicecircle.reach.travel_times`:

- the snap of each point by GEOS: the nearest ground-level way (an STRtree
  over the network's lines), moved to the nearest way of the connected
  network within ``prefer_connected_m`` when it lies on a cut-off piece; the
  way as its row in the StudyArea ``edges`` layer, the snapped position and
  the access leg's length;
- the minutes from every site to every demand point within the cutoff, by
  networkx's Dijkstra on the plain model of
  :mod:`servicecircle.testing.reference` built from those snaps.

The file was written before the network arrays were made compact (int32
indexes, vertices kept once): ``tests/reach/test_stored_expectations.py``
checks that the library still gives these numbers.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import shapely

from servicecircle.inputs.area import StudyArea
from servicecircle.network import DRIVE, WALK, Network, TravelMode, network_from_area
from servicecircle.testing.reference import reference_graph
from servicecircle.testing.synthetic import grid_area, grid_layers

DATA = Path(__file__).parent / "data" / "stored_reach.npz"
CUTOFF_MINUTES = 15.0
MODES = {"walk": WALK, "drive": DRIVE}


def grid_study_area() -> StudyArea:
    """The synthetic area of the stored expectations."""
    return grid_area(streets=grid_layers(40, 40, seed=3, oneway_share=0.2, drop_share=0.05))


def random_points(
    network: Network, count: int, seed: int, near: np.ndarray | None = None, within_m: float = 0.0
) -> np.ndarray:
    """``(count, 2)`` WGS-84 points about 50 m from random network nodes.

    With ``near`` (node positions): only nodes within ``within_m`` of one of them.
    """
    rng = np.random.default_rng(seed)
    nodes = np.arange(network.n_nodes)
    if near is not None:
        dx = network.node_x[:, None] - network.node_x[near][None, :]
        dy = network.node_y[:, None] - network.node_y[near][None, :]
        nodes = np.flatnonzero((np.hypot(dx, dy) <= within_m).any(axis=1))
    chosen = rng.choice(nodes, count)
    xy = np.c_[network.node_x[chosen], network.node_y[chosen]] + rng.normal(0, 50.0, (count, 2))
    lonlat = gpd.GeoSeries(shapely.points(xy), crs=network.crs).to_crs(4326).to_numpy()
    return shapely.get_coordinates(lonlat)


def _nearest(
    lines: np.ndarray, usable: np.ndarray, points: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nearest of ``lines[usable]`` per point: edge (lowest on a tie), distance, tie flag."""
    tree = shapely.STRtree(lines[usable])
    pairs, dist = tree.query_nearest(points, return_distance=True, all_matches=True)
    edge = np.full(points.size, np.iinfo(np.int64).max)
    np.minimum.at(edge, pairs[0], usable[pairs[1]])
    distance = np.full(points.size, np.inf)
    np.minimum.at(distance, pairs[0], dist)
    ties = np.bincount(pairs[0], minlength=points.size) > 1
    return edge, distance, ties


def independent_snaps(network: Network, lonlat: np.ndarray) -> SimpleNamespace:
    """Snap by GEOS (see the module docstring): edge, fraction, distance, xy, tie."""
    points = gpd.GeoSeries(shapely.points(lonlat), crs=4326).to_crs(network.crs).to_numpy()
    lines = network.edge_geometry
    targets = network.edge_ground if network.edge_ground.any() else np.ones(lines.size, bool)
    edge, distance, tie = _nearest(lines, np.flatnonzero(targets), points)
    connected = np.flatnonzero(targets & network.edge_connected)
    reach = network.snap_rules.prefer_connected_m
    stray = np.flatnonzero(~network.edge_connected[edge])
    if stray.size and connected.size and reach > 0:
        better, better_m, better_tie = _nearest(lines, connected, points[stray])
        near = better_m <= reach
        edge[stray[near]] = better[near]
        distance[stray[near]] = better_m[near]
        tie[stray[near]] = better_tie[near]
    fraction = np.nan_to_num(shapely.line_locate_point(lines[edge], points, normalized=True))
    on_line = shapely.line_interpolate_point(lines[edge], fraction, normalized=True)
    return SimpleNamespace(
        edge=edge,
        fraction=np.clip(fraction, 0.0, 1.0),
        distance_m=distance,
        snapped=np.ones(edge.size, dtype=bool),
        xy=shapely.get_coordinates(on_line),
        tie=tie,
    )


def independent_minutes(
    network: Network, sites: SimpleNamespace, demand: SimpleNamespace
) -> np.ndarray:
    """Minutes site -> demand point within the cutoff (inf beyond) by networkx's Dijkstra."""
    graph = reference_graph(network, sites, demand)  # type: ignore[arg-type]
    out = np.full((sites.edge.size, demand.edge.size), np.inf)
    for i in range(sites.edge.size):
        reached = nx.single_source_dijkstra_path_length(
            graph, ("site", i), cutoff=CUTOFF_MINUTES * 60.0, weight="time"
        )
        for node, seconds in reached.items():
            if isinstance(node, tuple) and node[0] == "demand":
                out[i, node[1]] = seconds / 60.0
    return out


def case(
    name: str, area: StudyArea, mode: TravelMode, sizes: tuple[int, int], within_m: float
) -> dict[str, Any]:
    """The stored arrays of one area and mode, keys prefixed ``name/``.

    Demand points lie near nodes within ``within_m`` of the sites' nodes.
    """
    network = network_from_area(area, mode)
    site_nodes = np.random.default_rng(0).integers(0, network.n_nodes, sizes[0])
    site_ll = random_points(network, sizes[0], seed=1, near=site_nodes, within_m=0.0)
    demand_ll = random_points(network, sizes[1], seed=2, near=site_nodes, within_m=within_m)
    sites = independent_snaps(network, site_ll)
    demand = independent_snaps(network, demand_ll)
    out: dict[str, Any] = {"sites_lonlat": site_ll, "demand_lonlat": demand_ll}
    for label, snaps in (("sites", sites), ("demand", demand)):
        out[f"{label}_row"] = network.edge_source[snaps.edge].astype(np.int64)
        out[f"{label}_xy"] = snaps.xy
        out[f"{label}_distance_m"] = snaps.distance_m
        out[f"{label}_tie"] = snaps.tie
    out["minutes"] = independent_minutes(network, sites, demand)
    return {f"{name}/{key}": value for key, value in out.items()}


def main() -> None:
    """Write :data:`DATA` (the Liechtenstein cases only when the shared data is present)."""
    from tests.conftest import LIECHTENSTEIN_PBF

    arrays = case("grid_walk", grid_study_area(), WALK, (25, 400), 1500.0)
    if LIECHTENSTEIN_PBF.is_file():
        from servicecircle.inputs import study_area_from

        area = study_area_from(LIECHTENSTEIN_PBF)
        arrays |= case("li_walk", area, WALK, (12, 800), 1000.0)
        arrays |= case("li_drive", area, DRIVE, (12, 400), 6000.0)
    DATA.parent.mkdir(exist_ok=True)
    np.savez_compressed(DATA, **arrays)


if __name__ == "__main__":
    main()
