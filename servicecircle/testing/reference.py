"""A slow, plain networkx model of the reach computation, for checks and benchmarks.

The graph has the network's nodes (by position), a node ``("site", i)`` per
snapped site with out-links to the ends of its segment, a node
``("demand", j)`` per snapped demand point with in-links from the ends of its
segment, and direct site -> demand links along a shared segment. Running
:func:`networkx.single_source_dijkstra_path_length` from ``("site", i)`` then
gives the same times as :func:`~servicecircle.reach.travel_times`. It is
built from the network's edge table (not its CSR matrix), so it checks that
too.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from servicecircle.network import Network
from servicecircle.reach.snap import Snapped


def _add_min(graph: nx.DiGraph, a: object, b: object, seconds: float) -> None:
    if not np.isfinite(seconds):
        return
    if graph.has_edge(a, b):
        graph[a][b]["time"] = min(graph[a][b]["time"], seconds)
    else:
        graph.add_edge(a, b, time=seconds)


def _part(share: float, seconds: float) -> float:
    return 0.0 if share == 0.0 else share * seconds


def _access_legs(
    network: Network, points: Snapped, k: int, speed_ms: float, *, leaving: bool
) -> tuple[float, float]:
    """Seconds between point ``k`` and the ``u`` and ``v`` ends of its segment.

    ``leaving``: from the point to the ends (a site), else from the ends to
    the point (a demand point); the along-segment part runs in the direction
    of travel.
    """
    e = int(points.edge[k])
    f = float(points.fraction[k])
    access = float(points.distance_m[k]) / speed_ms
    towards_u = network.edge_backward_s[e] if leaving else network.edge_forward_s[e]
    towards_v = network.edge_forward_s[e] if leaving else network.edge_backward_s[e]
    return access + _part(f, towards_u), access + _part(1 - f, towards_v)


def reference_graph(
    network: Network, sites: Snapped | None = None, demand: Snapped | None = None
) -> nx.DiGraph:
    """Build the networkx graph of the reach model (edge attribute ``time`` in seconds)."""
    graph = nx.DiGraph()
    graph.add_nodes_from(range(network.n_nodes))
    for u, v, fwd, bwd in zip(
        network.edge_u.tolist(),
        network.edge_v.tolist(),
        network.edge_forward_s.tolist(),
        network.edge_backward_s.tolist(),
        strict=True,
    ):
        if u == v:
            continue
        _add_min(graph, u, v, fwd)
        _add_min(graph, v, u, bwd)
    speed = network.mode.access_leg_speed_kmh / 3.6
    if sites is not None:
        for i in np.flatnonzero(sites.snapped).tolist():
            to_u, to_v = _access_legs(network, sites, i, speed, leaving=True)
            node = ("site", i)
            graph.add_node(node)
            _add_min(graph, node, int(network.edge_u[sites.edge[i]]), to_u)
            _add_min(graph, node, int(network.edge_v[sites.edge[i]]), to_v)
    if demand is not None:
        for j in np.flatnonzero(demand.snapped).tolist():
            from_u, from_v = _access_legs(network, demand, j, speed, leaving=False)
            node = ("demand", j)
            graph.add_node(node)
            _add_min(graph, int(network.edge_u[demand.edge[j]]), node, from_u)
            _add_min(graph, int(network.edge_v[demand.edge[j]]), node, from_v)
    if sites is not None and demand is not None:
        for i in np.flatnonzero(sites.snapped).tolist():
            e = int(sites.edge[i])
            f = float(sites.fraction[i])
            for j in np.flatnonzero(demand.edge == e).tolist():
                g = float(demand.fraction[j])
                along = (
                    _part(g - f, network.edge_forward_s[e])
                    if g >= f
                    else _part(f - g, network.edge_backward_s[e])
                )
                seconds = (
                    float(sites.distance_m[i]) / speed + along + float(demand.distance_m[j]) / speed
                )
                _add_min(graph, ("site", i), ("demand", j), seconds)
    return graph


def reference_travel_seconds(
    graph: nx.DiGraph, n_sites: int, n_demand: int, *, limit_s: float
) -> np.ndarray:
    """Dense ``n_sites × n_demand`` seconds by one networkx Dijkstra per site (inf beyond limit)."""
    out = np.full((n_sites, n_demand), np.inf)
    for i in range(n_sites):
        if ("site", i) not in graph:
            continue
        lengths = nx.single_source_dijkstra_path_length(
            graph, ("site", i), cutoff=limit_s, weight="time"
        )
        for node, seconds in lengths.items():
            if isinstance(node, tuple) and node[0] == "demand":
                out[i, node[1]] = seconds
    return out
