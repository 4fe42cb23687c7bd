"""Bounded multi-source shortest paths on a :class:`~servicecircle.network.Network`.

Each snapped site becomes a *virtual source node* linked to the two ends of
its segment with the partial-segment times plus its access leg (only in the
directions the segment is open). Two engines compute the same times:

``numba`` (default when numba is installed)
    :func:`bounded_search`: a compiled label-setting search per site whose
    cost follows the size of the search (not of the network), reporting
    only targets within the limit; slices of sites run on several threads.
``scipy``
    :func:`node_time_batches`: :func:`scipy.sparse.csgraph.dijkstra` with
    ``limit`` on the graph plus a batch of virtual nodes; batches keep
    memory bounded (the distance block of a batch is ``batch × nodes``
    float64).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from servicecircle.network import Network
from servicecircle.reach.snap import Snapped

DEFAULT_BLOCK_BYTES = 16 * 1024 * 1024


def default_batch_size(
    n_nodes: int, n_sites: int, *, block_bytes: int = DEFAULT_BLOCK_BYTES
) -> int:
    """Sites per Dijkstra batch so that one distance block stays under ``block_bytes``."""
    per_site = 8 * max(n_nodes, 1)
    return int(max(1, min(max(n_sites, 1), block_bytes // per_site)))


def virtual_links(
    network: Network, sites: Snapped, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Links from the virtual nodes of sites ``rows`` into the network.

    Returns
    -------
    source, target, seconds
        ``source`` is the position in ``rows`` (0..len(rows)-1), ``target`` a
        node position; ordered by source. A site on a self-loop gets one link
        (the faster way round); closed directions give no link.
    """
    edge = sites.edge[rows]
    u = network.edge_u[edge]
    v = network.edge_v[edge]
    to_u = sites.out_u_s[rows]
    to_v = sites.out_v_s[rows].copy()
    loop = u == v
    to_u = np.where(loop, np.minimum(to_u, to_v), to_u)
    to_v[loop] = np.inf
    targets = np.stack([u, v], axis=1)
    seconds = np.stack([to_u, to_v], axis=1)
    keep = np.isfinite(seconds)
    source = np.repeat(np.arange(rows.size), 2).reshape(-1, 2)
    return source[keep], targets[keep], seconds[keep]


def augmented_graph(network: Network, sites: Snapped, rows: np.ndarray) -> csr_matrix:
    """The network's graph plus one virtual source node per site in ``rows``.

    Virtual node ``network.n_nodes + i`` stands for site ``rows[i]``; it has
    out-links only, so it never shortcuts paths between other nodes.
    """
    graph = network.graph
    n = network.n_nodes
    b = rows.size
    source, target, seconds = virtual_links(network, sites, rows)
    counts = np.bincount(source, minlength=b)
    indptr = np.concatenate([graph.indptr, graph.indptr[-1] + np.cumsum(counts)])
    indices = np.concatenate([graph.indices, target.astype(graph.indices.dtype)])
    data = np.concatenate([graph.data, seconds])
    return csr_matrix((data, indices, indptr.astype(indices.dtype)), shape=(n + b, n + b))


def node_time_batches(
    network: Network,
    sites: Snapped,
    *,
    limit_s: float,
    batch_size: int | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(site_rows, seconds)`` for batches of the snapped sites.

    ``seconds`` is a ``len(site_rows) × n_nodes`` array of travel times from
    each site to each node; ``inf`` beyond ``limit_s`` or where unreachable.
    Sites that are not snapped are skipped (they reach nothing).
    """
    rows = np.flatnonzero(sites.snapped)
    if rows.size == 0:
        return
    n = network.n_nodes
    size = batch_size or default_batch_size(n, rows.size)
    for start in range(0, rows.size, size):
        chunk = rows[start : start + size]
        graph = augmented_graph(network, sites, chunk)
        dist = dijkstra(graph, directed=True, indices=np.arange(n, n + chunk.size), limit=limit_s)
        yield chunk, dist[:, :n]


def same_edge_seconds(
    network: Network, sites: Snapped, demand: Snapped
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Direct times along a shared segment, for every site and demand point on the same segment.

    Returns
    -------
    site, demand, seconds
        Positions into ``sites`` and ``demand`` and the time site -> point
        straight along the segment (access legs included); only finite
        times.
    """
    s_rows = np.flatnonzero(sites.snapped)
    d_rows = np.flatnonzero(demand.snapped)
    empty = np.empty(0, dtype=np.int64)
    if s_rows.size == 0 or d_rows.size == 0:
        return empty, empty, np.empty(0)
    d_order = d_rows[np.argsort(demand.edge[d_rows], kind="stable")]
    d_edges = demand.edge[d_order]
    s_edges = sites.edge[s_rows]
    lo = np.searchsorted(d_edges, s_edges, side="left")
    hi = np.searchsorted(d_edges, s_edges, side="right")
    counts = hi - lo
    total = int(counts.sum())
    if total == 0:
        return empty, empty, np.empty(0)
    site = np.repeat(s_rows, counts)
    offsets = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(total)
    dem = d_order[offsets]
    edge = sites.edge[site]
    f = sites.fraction[site]
    g = demand.fraction[dem]
    ahead = g >= f
    share = np.abs(g - f)
    speed_s = np.where(ahead, network.edge_forward_s[edge], network.edge_backward_s[edge])
    with np.errstate(invalid="ignore"):
        along = np.where(share == 0.0, 0.0, share * speed_s)
    seconds = sites.access_s[site] + along + demand.access_s[dem]
    keep = np.isfinite(seconds)
    return site[keep], dem[keep], seconds[keep]


Engine = Literal["auto", "numba", "scipy"]


def resolve_engine(engine: Engine) -> Literal["numba", "scipy"]:
    """Return the engine to use: ``auto`` means numba when it can be imported."""
    if engine == "scipy":
        return "scipy"
    try:
        from servicecircle.reach import _numba  # noqa: F401
    except ImportError:
        if engine == "numba":
            raise
        return "scipy"
    return "numba"


@dataclass(frozen=True)
class Targets:
    """What a search reports: targets hanging off nodes with a time offset (CSR over nodes)."""

    ptr: np.ndarray
    target: np.ndarray
    offset: np.ndarray
    count: int


def node_targets(network: Network) -> Targets:
    """Every node is its own target (offset 0): node-level times."""
    n = network.n_nodes
    return Targets(
        ptr=np.arange(n + 1, dtype=np.int64),
        target=np.arange(n, dtype=np.int64),
        offset=np.zeros(n),
        count=n,
    )


def demand_targets(network: Network, demand: Snapped) -> Targets:
    """Demand points hanging off both ends of their segment (open directions only)."""
    rows = np.flatnonzero(demand.snapped)
    edge = demand.edge[rows]
    nodes = np.concatenate([network.edge_u[edge], network.edge_v[edge]])
    points = np.concatenate([rows, rows])
    seconds = np.concatenate([demand.in_u_s[rows], demand.in_v_s[rows]])
    keep = np.isfinite(seconds)
    nodes, points, seconds = nodes[keep], points[keep], seconds[keep]
    order = np.argsort(nodes, kind="stable")
    ptr = np.zeros(network.n_nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(nodes, minlength=network.n_nodes), out=ptr[1:])
    return Targets(
        ptr=ptr,
        target=points[order].astype(np.int64),
        offset=seconds[order],
        count=len(demand),
    )


def _csr_by(keys: np.ndarray, size: int) -> np.ndarray:
    ptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=size), out=ptr[1:])
    return ptr


def bounded_search(
    network: Network,
    sites: Snapped,
    rows: np.ndarray,
    *,
    limit_s: float,
    targets: Targets,
    direct: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    workers: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Times from sites ``rows`` to every target within ``limit_s`` (numba engine).

    Parameters
    ----------
    network, sites
        The network and the snapped sites.
    rows
        Sorted positions of snapped sites to search from.
    limit_s
        Largest time reported (seconds, inclusive).
    targets
        What to report (:func:`demand_targets` or :func:`node_targets`).
    direct
        Extra candidates ``(site position, target, seconds)`` that do not
        pass through a node (site and demand on one segment).
    workers
        Threads; default: the number of CPUs.

    Returns
    -------
    site, target, seconds
        Site positions (from ``rows``), targets and times, sorted by site
        then target; the best time per pair.
    """
    from servicecircle.reach._numba import search_many

    empty = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0))
    if rows.size == 0:
        return empty
    graph = network.graph
    indptr, indices = graph.indptr, graph.indices  # as scipy keeps them (int32): no copy
    weights = np.asarray(graph.data, dtype=np.float64)
    source, seed_node, seed_time = virtual_links(network, sites, rows)
    seed_ptr = _csr_by(source, rows.size)
    if direct is not None and direct[0].size:
        d_pos = np.searchsorted(rows, direct[0])
        d_pos = np.minimum(d_pos, rows.size - 1)
        inside = rows[d_pos] == direct[0]
        order = np.argsort(d_pos[inside], kind="stable")
        d_pos = d_pos[inside][order]
        d_target = direct[1][inside][order].astype(np.int64)
        d_time = direct[2][inside][order].astype(np.float64)
    else:
        d_pos = np.empty(0, dtype=np.int64)
        d_target = np.empty(0, dtype=np.int64)
        d_time = np.empty(0)
    direct_ptr = _csr_by(d_pos, rows.size)

    def run(lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        s_ptr = seed_ptr[lo : hi + 1]
        dp = direct_ptr[lo : hi + 1]
        src, tgt, sec = search_many(
            indptr,
            indices,
            weights,
            s_ptr - s_ptr[0],
            seed_node[s_ptr[0] : s_ptr[-1]].astype(np.int64),
            seed_time[s_ptr[0] : s_ptr[-1]].astype(np.float64),
            dp - dp[0],
            d_target[dp[0] : dp[-1]],
            d_time[dp[0] : dp[-1]],
            targets.ptr,
            targets.target,
            targets.offset,
            int(targets.count),
            float(limit_s),
        )
        return src + lo, tgt, sec

    n_workers = max(1, min(workers or os.cpu_count() or 1, rows.size // 16 or 1))
    bounds = np.linspace(0, rows.size, n_workers + 1).astype(int)
    if n_workers == 1:
        parts = [run(0, rows.size)]
    else:
        with ThreadPoolExecutor(max_workers=n_workers) as pool:
            parts = list(pool.map(run, bounds[:-1], bounds[1:]))
    pos = np.concatenate([p[0] for p in parts])
    return rows[pos], np.concatenate([p[1] for p in parts]), np.concatenate([p[2] for p in parts])


def expand_to_targets(
    targets: Targets, batch_pos: np.ndarray, node: np.ndarray, node_s: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate (batch position, target, seconds) for reached (position, node, seconds)."""
    degree = np.diff(targets.ptr)
    counts = degree[node]
    total = int(counts.sum())
    starts = targets.ptr[node]
    offsets = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(total)
    return (
        np.repeat(batch_pos, counts),
        targets.target[offsets],
        np.repeat(node_s, counts) + targets.offset[offsets],
    )
