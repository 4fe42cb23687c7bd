"""Benchmark isochrone polygons against the osmnx ego_graph + buffer recipe.

Data: the shared Liechtenstein extract when present (else a ≈100,000-node
synthetic grid); walking; ``--sites`` random network nodes as sites; breaks
5, 10 and 15 minutes.

* ours: :func:`servicecircle.isochrones.isochrones_from_sites` (per site and
  break, 50 m walk-off buffer, partly reached streets cut where time runs
  out), snapping included.
* osmnx recipe (the osmnx examples notebook "isochrones"): for each site its
  nearest node, then for each trip time ``nx.ego_graph(G, node,
  radius=trip_time, distance="time")``, nodes buffered 50 m, edges buffered
  25 m, ``union_all``. The MultiDiGraph (with edge geometries and times) is
  built before timing.

Checks: the nodes each ego graph reaches are exactly the nodes our search
reaches within the break, and all of them lie inside our polygon; the script
exits non-zero otherwise.

Serial vs parallel: ours with ``workers=1`` against ours on every core (per
site, and dissolved as the app draws its service circles), CPU and wall time
with the load average (the parallel gain in wall time needs idle cores); the
polygons must be exactly the same, in the same order, or the script exits
non-zero. ``--quick``: a 40 × 40 synthetic grid and 20 sites;
``--wrong-peer`` drops one node from each ego graph on purpose, to check that
a disagreement fails the run (and alters the serial build's first polygon).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/bench_isochrones.py
"""

from __future__ import annotations

import argparse
import os
import time

import geopandas as gpd
import networkx as nx
import numpy as np
import osmnx as ox
import shapely
from shapely.geometry import LineString, Point

from _common import Agreement, blas_note, load_area, peak_rss_mb, ratio_line, timed_best  # isort: skip
from servicecircle.isochrones import IsochroneSettings, isochrones_from_sites
from servicecircle.network import WALK, Network, network_from_area
from servicecircle.reach import node_times


def osmnx_graph(net: Network) -> nx.MultiDiGraph:
    """The network as an osmnx-style MultiDiGraph (x, y; edge ``time`` and geometry)."""
    graph = nx.MultiDiGraph(crs=net.crs)
    for i in range(net.n_nodes):
        graph.add_node(i, x=float(net.node_x[i]), y=float(net.node_y[i]))
    lines = net.edge_geometry  # made once (each access makes every line anew)
    for k in range(net.n_edges):
        u, v = int(net.edge_u[k]), int(net.edge_v[k])
        line = lines[k]
        if np.isfinite(net.edge_forward_s[k]):
            graph.add_edge(u, v, time=float(net.edge_forward_s[k]), geometry=line)
        if np.isfinite(net.edge_backward_s[k]):
            graph.add_edge(v, u, time=float(net.edge_backward_s[k]), geometry=shapely.reverse(line))
    return graph


def make_iso_polys(
    graph: nx.MultiDiGraph,
    center_node: int,
    trip_times: list[float],
    edge_buff: float = 25,
    node_buff: float = 50,
) -> list:  # type: ignore[type-arg]
    """The osmnx examples recipe, as published (trip times in the edge weight's unit)."""
    isochrone_polys = []
    for trip_time in sorted(trip_times, reverse=True):
        subgraph = nx.ego_graph(graph, center_node, radius=trip_time, distance="time")
        node_points = [Point((data["x"], data["y"])) for node, data in subgraph.nodes(data=True)]
        nodes_gdf = gpd.GeoDataFrame({"id": list(subgraph.nodes)}, geometry=node_points)
        nodes_gdf = nodes_gdf.set_index("id")
        edge_lines = []
        for n_fr, n_to in subgraph.edges():
            f = nodes_gdf.loc[n_fr].geometry
            t = nodes_gdf.loc[n_to].geometry
            edge_lookup = graph.get_edge_data(n_fr, n_to)[0].get("geometry", LineString([f, t]))
            edge_lines.append(edge_lookup)
        n = nodes_gdf.buffer(node_buff).geometry
        e = gpd.GeoSeries(edge_lines).buffer(edge_buff).geometry
        all_gs = list(n) + list(e)
        new_iso = gpd.GeoSeries(all_gs).union_all()
        isochrone_polys.append(new_iso)
    return isochrone_polys


def serial_vs_parallel(
    net: Network,
    sites: gpd.GeoSeries,
    settings: IsochroneSettings,
    *,
    repeats: int,
    agreement: Agreement,
    wrong: bool,
) -> None:
    """Ours on one thread and on every core: times side by side, the same polygons or a failure."""
    label = "dissolved" if settings.dissolve else "per site"
    runs = {}
    for workers in (1, None):
        isochrones_from_sites(net, sites.iloc[:3], settings=settings, workers=workers)
        runs[workers] = timed_best(
            repeats,
            lambda w=workers: isochrones_from_sites(net, sites, settings=settings, workers=w),
        )
    (t_serial, serial), (t_parallel, parallel) = runs[1], runs[None]
    print(
        f"{label}, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: "
        + ratio_line("serial (workers=1)", t_serial, t_parallel).replace("ours", "parallel")
    )
    mine, theirs = parallel.geometry.to_numpy(), serial.geometry.to_numpy().copy()
    if wrong:
        theirs[0] = shapely.buffer(theirs[0], 1.0)
    same_order = (parallel["minutes"].tolist() == serial["minutes"].tolist()) and (
        parallel["site"].tolist() == serial["site"].tolist()
    )
    differ = int((~shapely.equals_exact(mine, theirs, tolerance=0.0)).sum())
    agreement.check(same_order, f"{label}: serial and parallel polygons in another order")
    agreement.check(differ == 0, f"{label}: {differ} parallel polygons differ from the serial ones")


# long: one measured story, ours then the recipe then the agreement, printed as it goes
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pbf", help="OSM extract (default: the shared Liechtenstein file)")
    parser.add_argument("--synthetic", action="store_true", help="use the synthetic grid")
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--breaks", type=float, nargs="+", default=[5.0, 10.0, 15.0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="40 x 40 grid, 20 sites")
    parser.add_argument(
        "--wrong-peer", action="store_true", help="alter the recipe's answers (self-check)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.synthetic, args.sites = True, min(args.sites, 20)
    print(blas_note())
    agreement = Agreement()

    area = load_area(args.pbf, synthetic=args.synthetic, grid=40 if args.quick else 317)
    net = network_from_area(area, WALK)
    rng = np.random.default_rng(0)
    main_piece = np.flatnonzero(net.component == 0)
    nodes = rng.choice(main_piece, args.sites, replace=False)
    sites = gpd.GeoSeries(shapely.points(net.node_x[nodes], net.node_y[nodes]), crs=net.crs).to_crs(
        4326
    )
    breaks = tuple(sorted(args.breaks))
    settings = IsochroneSettings(breaks=breaks, buffer_m=50.0)
    print(f"{area.name}: {net.n_nodes} nodes; {args.sites} sites; walking, breaks {breaks} min")

    isochrones_from_sites(net, sites.iloc[:3], settings=settings)  # numba warm-up
    t_ours, ours = timed_best(
        args.repeats, lambda: isochrones_from_sites(net, sites, settings=settings)
    )
    print(f"ours:   {t_ours}  ({len(ours)} polygons)")
    for drawing in (settings, IsochroneSettings(breaks=breaks, buffer_m=50.0, dissolve=True)):
        serial_vs_parallel(
            net,
            sites,
            drawing,
            repeats=args.repeats,
            agreement=agreement,
            wrong=args.wrong_peer,
        )

    graph = osmnx_graph(net)
    xs, ys = net.node_x[nodes], net.node_y[nodes]

    def recipe():  # type: ignore[no-untyped-def]
        centers = ox.distance.nearest_nodes(graph, xs, ys)
        return [make_iso_polys(graph, int(c), [b * 60.0 for b in breaks]) for c in centers]

    t_osmnx, theirs = timed_best(args.repeats, recipe)
    print(ratio_line("osmnx ego_graph recipe", t_osmnx, t_ours))

    # --- agreement ----------------------------------------------------------------
    reach = node_times(net, sites, cutoff_minutes=breaks[-1])
    metric = ours.to_crs(net.crs)
    set_mismatch = outside = checked = 0
    area_ratio = []
    for k, node in enumerate(nodes.tolist()):
        row = slice(reach.indptr[k], reach.indptr[k + 1])
        for b_index, minutes in enumerate(breaks):
            ego = nx.ego_graph(graph, node, radius=minutes * 60.0, distance="time")
            if args.wrong_peer:
                ego = ego.subgraph(list(ego.nodes)[:-1])
            mine = set(reach.indices[row][reach.data[row] <= minutes].tolist())
            set_mismatch += len(mine ^ set(ego.nodes))
            polygon = metric.geometry.iloc[k * len(breaks) + b_index]
            members = np.fromiter(ego.nodes, dtype=np.int64)
            inside = shapely.covers(
                polygon, shapely.points(net.node_x[members], net.node_y[members])
            )
            outside += int((~inside).sum())
            checked += members.size
            their = theirs[k][len(breaks) - 1 - b_index]  # the recipe goes largest first
            area_ratio.append(polygon.area / max(their.area, 1e-9))
    print(
        f"agreement: reached-node sets differ in {set_mismatch} nodes; "
        f"{outside} of {checked:,} reached nodes outside our polygons; "
        f"area ours / recipe: median {np.median(area_ratio):.2f} "
        f"(ours cut partly reached streets, the recipe adds 50 m discs at nodes)"
    )
    agreement.check(checked > 0, "no reached node was compared")
    agreement.check(set_mismatch == 0, f"reached-node sets differ in {set_mismatch} nodes")
    agreement.check(outside == 0, f"{outside} reached nodes lie outside our polygons")
    print(f"peak RSS of the whole run: {peak_rss_mb():.0f} MB")
    print(f"finished {time.strftime('%H:%M:%S')}")
    agreement.finish()


if __name__ == "__main__":
    main()
