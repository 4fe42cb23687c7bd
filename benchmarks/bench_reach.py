"""Benchmark the travel-time matrix against networkx and pandana.

Data: the shared Liechtenstein extract when present (else a ≈100,000-node
synthetic grid). Sites: every candidate premise plus ``--random-sites``
random points beside the network; demand: every building centroid (or random
points when there are fewer than 1,000 buildings). Mode: walking, cutoff 15
minutes.

* ours: snapping both layers + :func:`servicecircle.reach.travel_times`
  (site × demand, sparse). The one-off numba compile / cache load happens
  in a warm-up call before timing and is printed separately.
* networkx: ``single_source_dijkstra_path_length`` with cutoff, one call per
  site, on the equivalent graph (network + virtual site and demand nodes,
  :mod:`servicecircle.testing.reference`) built before timing. Results must be
  identical (1e-9 s).
* pandana: ``Network`` build (contraction hierarchies) + ``nodes_in_range``
  from each site's nearest node, build included. pandana works on nodes in
  float32, so it is compared at node level with
  :func:`servicecircle.reach.node_times` from the same nodes (1e-3 relative).
  Its time does not include turning node times into demand times, so the
  ratio favours pandana.

Exits non-zero when a check fails: our numba and scipy engines differ, a
networkx pair or time differs, or pandana reaches a node pair we do not (or
the reverse) away from the cutoff, or a time off by more than 0.1%.
``--quick`` runs a 40 × 40 synthetic grid with 100 random sites;
``--wrong-peer`` alters the peers' answers on purpose (one time each), to
check that a disagreement fails the run. ``--scale`` measures peak memory
per million road nodes, CPU and wall time on synthetic grids of 0.3, 1 and 2
million nodes (or the sizes given; with ``--quick`` 0.3 million: below that
the pass's 100,000 points weigh more than the network), each in its own
process (see ``benchmarks/_scale.py``); ``--memory-target GB`` fails a size
above it (``dev.sh bench`` asks for 1.0).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/bench_reach.py
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd

from _common import (  # isort: skip
    Agreement,
    blas_note,
    load_area,
    peak_rss_mb,
    points_on_network,
    ratio_line,
    timed_best,
)
from _scale import print_one, run_scale  # isort: skip
from servicecircle.network import WALK, network_from_area
from servicecircle.reach import node_times, snap_points, travel_times
from servicecircle.testing.reference import reference_graph


def traced_peak_mb(func):  # type: ignore[no-untyped-def]
    """Run ``func`` under tracemalloc; return (result, peak MB of Python/numpy allocations)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak / 2**20


def _alter_networkx(results: list[dict]) -> None:  # type: ignore[type-arg]
    """Make one networkx time 10 s longer (``--wrong-peer``)."""
    for lengths in results:
        for key, value in lengths.items():
            if isinstance(key, tuple) and key[0] == "demand":
                lengths[key] = value + 10.0
                return


def _alter_pandana(ranges: pd.DataFrame, limit_s: float) -> pd.DataFrame:
    """Make pandana's first reached node 10% slower (``--wrong-peer``)."""
    ranges = ranges.copy()
    column = ranges.columns.get_loc("time")
    ranges.iloc[0, column] = ranges.iloc[0, column] * 1.1 + 0.2 * limit_s
    return ranges


# long: one measured story from the network to the last peer, printed as it goes
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pbf", help="OSM extract (default: the shared Liechtenstein file)")
    parser.add_argument("--synthetic", action="store_true", help="use the synthetic grid")
    parser.add_argument("--random-sites", type=int, default=2000)
    parser.add_argument("--minutes", type=float, default=15.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-pandana", action="store_true")
    parser.add_argument("--quick", action="store_true", help="40 x 40 grid, 100 sites, 1 repeat")
    parser.add_argument(
        "--wrong-peer", action="store_true", help="alter the peers' answers (self-check)"
    )
    parser.add_argument(
        "--scale", type=float, nargs="*", help="peak memory on grids of these million nodes"
    )
    parser.add_argument("--memory-target", type=float, help="GB per million nodes (--scale)")
    parser.add_argument("--scale-one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scale_one is not None:
        print_one(args.scale_one)
        return
    if args.scale is not None:
        run_scale(args.scale or ([0.3] if args.quick else [0.3, 1.0, 2.0]), args.memory_target)
        return
    if args.quick:
        args.synthetic, args.random_sites, args.repeats = True, min(args.random_sites, 100), 1
    print(blas_note())
    agreement = Agreement()

    start = time.perf_counter()
    area = load_area(args.pbf, synthetic=args.synthetic, grid=40 if args.quick else 317)
    net = network_from_area(area, WALK)
    print(f"area {area.name}: network {net.summary()} built in {time.perf_counter() - start:.1f} s")

    random_sites = points_on_network(net, args.random_sites, seed=1)
    sites = gpd.GeoSeries(
        np.concatenate([area.premises.geometry.to_numpy(), random_sites.to_numpy()]), crs=4326
    )
    if len(area.buildings) >= 1000 and not args.quick:
        demand = gpd.GeoSeries(
            area.buildings.geometry.to_crs(net.crs).centroid.to_crs(4326).to_numpy(), crs=4326
        )
    else:
        demand = points_on_network(net, 2_000 if args.quick else 20_000, seed=2)
    print(
        f"sites: {len(area.premises)} premises + {args.random_sites} random; "
        f"demand: {len(demand)} points; walking {args.minutes:g} min"
    )
    limit_s = args.minutes * 60.0

    # --- ours -----------------------------------------------------------------
    warm = time.perf_counter()
    travel_times(net, sites.iloc[:5], demand.iloc[:5], cutoff_minutes=args.minutes)
    print(f"ours: numba warm-up (compile or cache load) {time.perf_counter() - warm:.2f} s")

    def ours():  # type: ignore[no-untyped-def]
        s = snap_points(net, sites)
        d = snap_points(net, demand)
        return travel_times(net, s, d, cutoff_minutes=args.minutes)

    t_ours, times = timed_best(args.repeats, ours)
    _, mem_ours = traced_peak_mb(ours)
    site_pts = snap_points(net, sites)
    demand_pts = snap_points(net, demand)
    t_kernel, _ = timed_best(
        args.repeats,
        lambda: travel_times(net, site_pts, demand_pts, cutoff_minutes=args.minutes),
    )
    t_scipy, times_scipy = timed_best(
        args.repeats,
        lambda: travel_times(net, sites, demand, cutoff_minutes=args.minutes, engine="scipy"),
    )
    same_engines = (times.minutes != times_scipy.minutes).nnz == 0
    print(
        f"ours:     {t_ours}  (snapping included; matrix alone {t_kernel})  "
        f"pairs {times.minutes.nnz:,}  peak traced {mem_ours:.0f} MB"
    )
    print(ratio_line("our scipy engine", t_scipy, t_ours))
    agreement.check(same_engines, "the numba and scipy engines give different matrices")

    # --- networkx ---------------------------------------------------------------
    graph = reference_graph(net, site_pts, demand_pts)
    site_nodes = [("site", i) for i in range(len(site_pts)) if ("site", i) in graph]

    def run_networkx():  # type: ignore[no-untyped-def]
        return [
            nx.single_source_dijkstra_path_length(graph, node, cutoff=limit_s, weight="time")
            for node in site_nodes
        ]

    t_nx, nx_result = timed_best(args.repeats, run_networkx)
    if args.wrong_peer:
        _alter_networkx(nx_result)
    mismatches = 0
    compared = 0
    m = times.minutes
    for node, lengths in zip(site_nodes, nx_result, strict=True):
        i = node[1]
        expected = {
            k[1]: v for k, v in lengths.items() if isinstance(k, tuple) and k[0] == "demand"
        }
        row = slice(m.indptr[i], m.indptr[i + 1])
        got = dict(zip(m.indices[row].tolist(), (m.data[row] * 60.0).tolist(), strict=True))
        compared += len(expected)
        if set(got) != set(expected):
            mismatches += len(set(got) ^ set(expected))
        mismatches += sum(abs(got[k] - v) > 1e-9 for k, v in expected.items() if k in got)
    print(ratio_line("networkx (per site)", t_nx, t_ours))
    print(ratio_line("networkx vs our matrix alone", t_nx, t_kernel))
    print(f"networkx: pairs compared {compared:,}, mismatches {mismatches}")
    agreement.check(compared > 0, "networkx compared no pair")
    agreement.check(mismatches == 0, f"networkx: {mismatches} pairs or times differ")

    # --- pandana ------------------------------------------------------------------
    if not args.skip_pandana:
        import pandana

        coo = net.graph.tocoo()
        edge_from, edge_to, weight = coo.row, coo.col, coo.data
        ends = np.where(
            site_pts.fraction <= 0.5,
            net.edge_u[np.maximum(site_pts.edge, 0)],
            net.edge_v[np.maximum(site_pts.edge, 0)],
        )[site_pts.snapped]
        xs, ys = net.node_x, net.node_y

        def run_pandana():  # type: ignore[no-untyped-def]
            pn = pandana.Network(
                pd.Series(xs),
                pd.Series(ys),
                pd.Series(edge_from),
                pd.Series(edge_to),
                pd.DataFrame({"time": weight}),
                twoway=False,
            )
            return pn.nodes_in_range(ends, limit_s)

        t_pd, ranges = timed_best(args.repeats, run_pandana)
        if args.wrong_peer:
            ranges = _alter_pandana(ranges, limit_s)
        node_sites = gpd.GeoSeries(gpd.points_from_xy(xs[ends], ys[ends]), crs=net.crs).to_crs(4326)
        t_nodes, ours_nodes = timed_best(
            args.repeats, lambda: node_times(net, node_sites, cutoff_minutes=args.minutes)
        )
        ours_pairs = pd.DataFrame(
            {
                "row": np.repeat(np.arange(len(ends)), np.diff(ours_nodes.indptr)),
                "node": ours_nodes.indices,
                "ours": ours_nodes.data * 60.0,
            }
        )
        theirs = pd.DataFrame(
            {
                "node": ranges["destination"].to_numpy(),
                "theirs": ranges["time"].to_numpy(),
                "source": ranges["source"].to_numpy(),
            }
        )
        # nodes_in_range answers by source node id; map back to the site rows
        theirs = theirs.drop_duplicates(["source", "node"])
        by_source = pd.DataFrame({"source": ends, "row": np.arange(len(ends))})
        theirs = theirs.merge(by_source, on="source")
        both = ours_pairs.merge(theirs, on=["row", "node"], how="outer")
        tol = 1e-3 * limit_s
        only_one = both["ours"].isna() | both["theirs"].isna()
        edge_cases = only_one & (both["ours"].fillna(both["theirs"]) > limit_s - tol)
        gap = (both["ours"] - both["theirs"]).abs()[~only_one]
        value_bad = gap > 1e-3 * np.maximum(both["ours"][~only_one], 1.0)
        missing = int((only_one & ~edge_cases).sum())
        print(ratio_line("pandana (build included)", t_pd, t_ours) + "  (vs our site x demand)")
        print(ratio_line("pandana, node level", t_pd, t_nodes))
        print(
            f"pandana: node pairs {len(both):,}: in one result only "
            f"{missing} (+{int(edge_cases.sum())} within 0.1% "
            f"of the cutoff); times off by > 0.1%: {int(value_bad.sum())}; largest gap "
            f"{gap.max() if len(gap) else 0.0:.4f} s (pandana sums in float32)"
        )
        agreement.check(missing == 0, f"pandana: {missing} node pairs in one result only")
        agreement.check(
            int(value_bad.sum()) == 0, f"pandana: {int(value_bad.sum())} times off by > 0.1%"
        )
    print(f"peak RSS of the whole run: {peak_rss_mb():.0f} MB")
    agreement.finish()


if __name__ == "__main__":
    main()
