"""The pieces of road an isochrone covers, and their buffered union per site.

:func:`edge_pieces` cuts every segment reached within a break where the time
runs out (from either end, following the segment's open directions; the
site's own segment from the site); :func:`group_buffers` merges each site's
(or all sites') lines into chains and buffers them; :func:`union_groups`
unions them per site with the previous break's polygons, and
:class:`UnionChain` runs those unions break after break on a thread of their
own. Chains are buffered one by one and then unioned per group: much faster
with GEOS than buffering a whole MultiLineString or every short segment.

Work is split over ``workers`` threads (buffers in chunks, groups in slices,
one big group in spatial strips whose count depends only on the number of
buffers): every number of workers gives the same polygons.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

import numpy as np
import shapely

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.network import Network
from servicecircle.reach import Snapped

__all__ = [
    "UnionChain",
    "edge_pieces",
    "group_buffers",
    "isochrone_workers",
    "union_groups",
]

T = TypeVar("T")


def node_edge_csr(network: Network) -> tuple[np.ndarray, np.ndarray]:
    """For every node, the segments that end there (both ends)."""
    ends = np.concatenate([network.edge_u, network.edge_v])
    edges = np.tile(np.arange(network.n_edges), 2)
    order = np.argsort(ends, kind="stable")
    ptr = np.zeros(network.n_nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(ends, minlength=network.n_nodes), out=ptr[1:])
    return ptr, edges[order]


def distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sorting: faster than numpy's hash-based unique here)."""
    ordered = np.sort(values)
    keep = np.ones(ordered.size, dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def reached_share(remaining: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """Part of a segment (0..1) travelled in ``remaining`` seconds; -1 where not started."""
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(seconds > 0, remaining / seconds, np.where(np.isinf(seconds), 0.0, 1.0))
    return np.where(np.isfinite(remaining) & (remaining >= 0), np.clip(share, 0.0, 1.0), -1.0)


def edge_pieces(
    network: Network,
    site_pts: Snapped,
    pair_site: np.ndarray,
    pair_node: np.ndarray,
    pair_s: np.ndarray,
    limit_s: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(site, edge, start, end) of every reached piece of segment within ``limit_s``."""
    n = network.n_nodes
    within = pair_s <= limit_s
    p_site, p_node, p_s = pair_site[within], pair_node[within], pair_s[within]
    key = p_site * n + p_node  # sorted: pairs come sorted by site, then node
    ptr, node_edges = node_edge_csr(network)
    counts = np.diff(ptr)[p_node]
    total = int(counts.sum())
    offsets = np.repeat(ptr[p_node] - np.cumsum(counts) + counts, counts) + np.arange(total)
    se = distinct(np.repeat(p_site, counts) * network.n_edges + node_edges[offsets])
    site = se // network.n_edges
    edge = se % network.n_edges

    def lookup(node: np.ndarray) -> np.ndarray:
        want = site * n + node
        at = np.minimum(np.searchsorted(key, want), max(key.size - 1, 0))
        found = key.size > 0
        return (
            np.where(found & (key[at] == want), p_s[at], np.inf)
            if found
            else np.full(want.size, np.inf)
        )

    from_u = reached_share(limit_s - lookup(network.edge_u[edge]), network.edge_forward_s[edge])
    from_v = reached_share(limit_s - lookup(network.edge_v[edge]), network.edge_backward_s[edge])
    full = (
        (from_u >= 1.0)
        | (from_v >= 1.0)
        | ((from_u >= 0) & (from_v >= 0) & (from_u + from_v >= 1.0))
    )
    head = ~full & (from_u > 0)
    tail = ~full & (from_v > 0)

    # the stretch of each site's own segment reached directly from the site
    own = np.flatnonzero(site_pts.snapped & (site_pts.access_s <= limit_s))
    own_edge = site_pts.edge[own]
    rest = limit_s - site_pts.access_s[own]
    ahead = reached_share(rest, network.edge_forward_s[own_edge])
    back = reached_share(rest, network.edge_backward_s[own_edge])
    f = site_pts.fraction[own]
    own_start = np.maximum(f - back, 0.0)
    own_end = np.minimum(f + ahead, 1.0)

    sites_out = np.concatenate([site[full], site[head], site[tail], own])
    edges_out = np.concatenate([edge[full], edge[head], edge[tail], own_edge])
    starts = np.concatenate(
        [np.zeros(int(full.sum())), np.zeros(int(head.sum())), 1.0 - from_v[tail], own_start]
    )
    ends = np.concatenate(
        [np.ones(int(full.sum())), from_u[head], np.ones(int(tail.sum())), own_end]
    )
    return sites_out, edges_out, starts, ends


MAX_WORKERS = 8
"""Most threads an isochrone build uses by default (more seldom helps GEOS)."""

STRIP_BUFFERS = 1000
"""Buffers per spatial strip when one group's polygon is unioned strip by strip.

Strips cost CPU (about 7% more for 600-1,400 buffers on Liechtenstein): only
from 2,000 buffers up, where the threads gain more than that.
"""

MAX_STRIPS = 8
"""Most strips of one group's union (their count follows the size, never the threads)."""

BUFFER_CHUNK = 256
"""Fewest chains per thread when buffering."""


def isochrone_workers(workers: int | None) -> int:
    """Threads for an isochrone build: ``workers``, or every core up to :data:`MAX_WORKERS`."""
    if workers is None:
        return max(1, min(os.cpu_count() or 1, MAX_WORKERS))
    if workers < 1:
        raise InputDataError(msg("msg.isochrones.bad_workers", workers=workers))
    return int(workers)


def threaded_map(
    func: Callable[[np.ndarray], T], chunks: Sequence[np.ndarray], workers: int
) -> list[T]:
    """``func`` of every chunk, in order, on up to ``workers`` threads (shapely frees the GIL)."""
    if workers <= 1 or len(chunks) <= 1:
        return [func(chunk) for chunk in chunks]
    with ThreadPoolExecutor(max_workers=min(workers, len(chunks))) as pool:
        return list(pool.map(func, chunks))


Buffered = tuple[np.ndarray, np.ndarray, np.ndarray]
"""(groups present, owner position of each buffer, buffers) of :func:`group_buffers`."""


def group_buffers(
    group: np.ndarray, lines: np.ndarray, buffer_m: float, quad_segs: int, workers: int
) -> Buffered:
    """The lines of each group merged into chains (``line_merge``, no noding) and buffered."""
    order = np.argsort(group, kind="stable")
    group, lines = group[order], lines[order]
    present = distinct(group)
    multi = shapely.multilinestrings(lines, indices=np.searchsorted(present, group))
    chains, owner = shapely.get_parts(shapely.line_merge(multi), return_index=True)
    buffers = np.concatenate(
        threaded_map(
            lambda part: shapely.buffer(part, buffer_m, quad_segs=quad_segs),
            np.array_split(chains, max(1, min(workers, chains.size // BUFFER_CHUNK))),
            workers,
        )
    )
    return present, owner, buffers


def union_groups(
    buffered: Buffered, n_groups: int, workers: int, *, base: np.ndarray | None = None
) -> np.ndarray:
    """The buffers of each group unioned (with ``base``, the previous polygons, if given)."""
    out = np.full(n_groups, shapely.Polygon(), dtype=object) if base is None else base.copy()
    present, owner, buffers = buffered
    if present.size == 0:
        return out
    n_strips = min(MAX_STRIPS, buffers.size // STRIP_BUFFERS)
    if present.size == 1 and n_strips > 1:
        # one big group (dissolved): union spatial strips on threads, then the strips
        strips = np.array_split(np.argsort(shapely.bounds(buffers)[:, 0], kind="stable"), n_strips)
        parts = threaded_map(lambda idx: shapely.union_all(buffers[idx]), strips, workers)
        strip_union = shapely.union_all(np.array(parts, dtype=object))
        # the strips first, then the previous break: cheaper than all at once
        out[present[0]] = (
            strip_union if base is None else shapely.union(base[present[0]], strip_union)
        )
        return out
    counts = np.bincount(owner, minlength=present.size)
    column = np.arange(owner.size) - np.repeat(np.cumsum(counts) - counts, counts)
    table = np.full((present.size, int(counts.max()) + 1), None, dtype=object)
    table[owner, column + 1] = buffers
    if base is not None:
        table[:, 0] = base[present]
    slices = np.array_split(np.arange(present.size), max(1, min(workers, present.size)))
    merged = threaded_map(
        lambda rows: np.asarray(shapely.union_all(table[rows], axis=1), dtype=object),
        slices,
        workers,
    )
    out[present] = np.concatenate(merged)
    return out


class UnionChain:
    """Each break's buffers unioned into the previous break's polygons, in break order.

    With more than one worker the unions run on a thread of their own while
    the caller cuts and buffers the next break's pieces (the same operations
    in the same order: the same polygons as on one thread).
    """

    def __init__(self, n_groups: int, workers: int) -> None:
        self.n_groups = n_groups
        self.workers = workers
        self.pool = ThreadPoolExecutor(max_workers=1) if workers > 1 else None
        self.done: list[Future[np.ndarray]] = []
        self.polygons: list[np.ndarray] = []

    def add(self, buffered: Buffered) -> None:
        """Union ``buffered`` into the last polygons (now, or queued on the union thread)."""
        if self.pool is None:
            base = self.polygons[-1] if self.polygons else None
            self.polygons.append(union_groups(buffered, self.n_groups, self.workers, base=base))
            return
        previous = self.done[-1] if self.done else None

        def union() -> np.ndarray:  # one thread: the previous union has finished
            base = previous.result() if previous is not None else None
            return union_groups(buffered, self.n_groups, self.workers, base=base)

        self.done.append(self.pool.submit(union))

    def results(self) -> list[np.ndarray]:
        """The polygons of every break, in order."""
        if self.pool is not None:
            self.polygons = [future.result() for future in self.done]
            self.pool.shutdown()
        return self.polygons
