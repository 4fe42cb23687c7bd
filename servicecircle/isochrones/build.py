"""Service-area polygons (isochrones) of sites on a travel-mode network.

For every site and break, the polygon is the union of

* every network segment reached within the break, including partly reached
  segments cut where the time runs out (from either end, following the
  segment's open directions), and the stretch of the site's own segment
  reached directly from the site;
* the site's access leg (site to its road);
* if ``demand`` is given, the access leg of every demand point the site
  reaches within the break (road to door),

buffered by ``buffer_m`` (default 50 m: the short walk off the road to a
door; the same for every mode, change it in :class:`IsochroneSettings`).
Because the access legs of reached demand are part of the polygon, every
demand point reached within a break lies inside that break's polygon.

Times follow the reach model of :mod:`servicecircle.reach` exactly (same
snapping, same partial-segment times).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .._progress import Progress
from ..errors import InputDataError
from ..network import Network
from ..reach import Snapped, snap_points
from ..reach.kernel import Engine, Targets, demand_targets, node_targets, same_edge_seconds
from ..reach.matrix import Direction, _pairs_within, oriented
from ..reach.snap import Points
from ..sources.crs import WGS84
from .lines import LineTable
from .people import people_in_polygons

SecondsPairs = tuple[np.ndarray, np.ndarray, np.ndarray]
"""(site position, target, seconds) arrays of the pairs within the limit."""

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IsochroneSettings:
    """How isochrone polygons are drawn.

    Attributes
    ----------
    breaks
        Travel-time breaks in minutes (default the 5/10/15-minute tiers).
    buffer_m
        Walk-off buffer around reached roads and access legs, metres
        (must be > 0).
    dissolve
        One polygon per break for all sites together (``site`` is missing)
        instead of one per site and break.
    rings
        Return bands (15 minus 10, 10 minus 5, 5) instead of nested polygons.
    quad_segs
        Segments per quarter circle of the buffer (smoothness vs speed).
    """

    breaks: tuple[float, ...] = (5.0, 10.0, 15.0)
    buffer_m: float = 50.0
    dissolve: bool = False
    rings: bool = False
    quad_segs: int = 3

    def __post_init__(self) -> None:
        if not self.breaks or any(not np.isfinite(b) or b <= 0 for b in self.breaks):
            raise InputDataError(
                "isochrone breaks must be positive numbers of minutes, e.g. 5, 10, 15"
            )
        if not self.buffer_m > 0:
            raise InputDataError("the isochrone buffer must be more than 0 metres, e.g. 50")

    @property
    def sorted_breaks(self) -> tuple[float, ...]:
        """Distinct breaks, ascending."""
        return tuple(sorted({float(b) for b in self.breaks}))


def _node_edge_csr(network: Network) -> tuple[np.ndarray, np.ndarray]:
    """For every node, the segments that end there (both ends)."""
    ends = np.concatenate([network.edge_u, network.edge_v])
    edges = np.tile(np.arange(network.n_edges), 2)
    order = np.argsort(ends, kind="stable")
    ptr = np.zeros(network.n_nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(ends, minlength=network.n_nodes), out=ptr[1:])
    return ptr, edges[order]


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sorting: faster than numpy's hash-based unique here)."""
    ordered = np.sort(values)
    keep = np.ones(ordered.size, dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def _share(remaining: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """Part of a segment (0..1) travelled in ``remaining`` seconds; -1 where not started."""
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(seconds > 0, remaining / seconds, np.where(np.isinf(seconds), 0.0, 1.0))
    share = np.where(np.isfinite(remaining) & (remaining >= 0), np.clip(share, 0.0, 1.0), -1.0)
    return share


def _edge_pieces(
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
    ptr, node_edges = _node_edge_csr(network)
    counts = np.diff(ptr)[p_node]
    total = int(counts.sum())
    offsets = np.repeat(ptr[p_node] - np.cumsum(counts) + counts, counts) + np.arange(total)
    se = _distinct(np.repeat(p_site, counts) * network.n_edges + node_edges[offsets])
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

    from_u = _share(limit_s - lookup(network.edge_u[edge]), network.edge_forward_s[edge])
    from_v = _share(limit_s - lookup(network.edge_v[edge]), network.edge_backward_s[edge])
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
    ahead = _share(rest, network.edge_forward_s[own_edge])
    back = _share(rest, network.edge_backward_s[own_edge])
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


def _group_geometry(
    group: np.ndarray,
    lines: np.ndarray,
    n_groups: int,
    buffer_m: float,
    quad_segs: int,
    workers: int,
    *,
    base: np.ndarray | None = None,
) -> np.ndarray:
    """Buffer the lines of each group together; empty polygon for a group without lines.

    ``base`` (the polygons of the previous break) is unioned in. Lines are
    first merged into chains (``line_merge``, no noding), then
    buffered one by one and unioned per group: much faster with GEOS than
    buffering a whole MultiLineString or buffering every short segment.
    """
    out = np.full(n_groups, shapely.Polygon(), dtype=object) if base is None else base.copy()
    if group.size == 0:
        return out
    order = np.argsort(group, kind="stable")
    group, lines = group[order], lines[order]
    present = _distinct(group)
    multi = shapely.multilinestrings(lines, indices=np.searchsorted(present, group))
    chains, owner = shapely.get_parts(shapely.line_merge(multi), return_index=True)
    n_threads = max(1, min(workers, chains.size // 256))
    with ThreadPoolExecutor(max_workers=n_threads) as pool:  # shapely releases the GIL
        buffers = np.concatenate(
            list(
                pool.map(
                    lambda part: shapely.buffer(part, buffer_m, quad_segs=quad_segs),
                    np.array_split(chains, n_threads),
                )
            )
        )
    if present.size == 1 and workers > 1 and buffers.size > 2000:
        # one big group (dissolved): union spatial strips on threads, then the strips
        strips = np.array_split(np.argsort(shapely.bounds(buffers)[:, 0]), workers)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(lambda idx: shapely.union_all(buffers[idx]), strips))
        extra = [] if base is None else [base[present[0]]]
        out[present[0]] = shapely.union_all(np.array(extra + parts, dtype=object))
        return out
    counts = np.bincount(owner, minlength=present.size)
    column = np.arange(owner.size) - np.repeat(np.cumsum(counts) - counts, counts)
    table = np.full((present.size, int(counts.max()) + 1), None, dtype=object)
    table[owner, column + 1] = buffers
    if base is not None:
        table[:, 0] = base[present]
    slices = np.array_split(np.arange(present.size), max(1, min(workers, present.size)))

    def union_rows(rows: np.ndarray) -> np.ndarray:
        return np.asarray(shapely.union_all(table[rows], axis=1), dtype=object)

    if len(slices) == 1:
        merged = [union_rows(slices[0])]
    else:
        with ThreadPoolExecutor(max_workers=len(slices)) as pool:
            merged = list(pool.map(union_rows, slices))
    out[present] = np.concatenate(merged)
    return out


def isochrones_from_sites(
    network: Network,
    sites: Points | Snapped,
    *,
    settings: IsochroneSettings | None = None,
    demand: Points | Snapped | None = None,
    weights: Sequence[float] | np.ndarray | pd.Series | str | None = None,
    max_snap_m: float | None = None,
    direction: Direction = "to_sites",
    engine: Engine = "auto",
    progress: Progress | None = None,
) -> gpd.GeoDataFrame:
    """Isochrone polygons of every site for every break.

    Parameters
    ----------
    network
        The travel-mode network.
    sites
        Outlet or candidate points (any CRS), or snapped points.
    settings
        Breaks, buffer, dissolve/rings (default :class:`IsochroneSettings`).
    demand
        Demand points: their access legs are drawn for every site that
        reaches them, so that each reached demand point lies inside the
        polygon (recommended).
    weights
        People per demand point (array aligned to ``demand`` or a column
        name of it): adds a ``people`` column (weights of demand points inside
        each polygon, see :func:`people_in_polygons`).
    max_snap_m
        Snapping limit (see :func:`~servicecircle.reach.snap_points`).
    direction
        ``"to_sites"`` (default): the area from which the site is reached
        within each break; ``"from_sites"``: the area the site reaches. As
        in :func:`~servicecircle.reach.travel_times`; they differ only on
        one-way streets.
    engine
        Shortest-path engine (see :func:`~servicecircle.reach.travel_times`).
    progress
        Optional callback ``(fraction, message)``.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326, columns ``site`` (the site's label; missing when
        dissolved), ``minutes`` (the break) and ``geometry``; with
        ``people`` when weights are given. Ordered by site, then break (or
        by break when dissolved). Sites reaching nothing get an empty polygon.
    """
    settings = settings or IsochroneSettings()
    breaks = settings.sorted_breaks
    limit_s = breaks[-1] * 60.0
    site_pts = snap_points(network, sites, max_distance_m=max_snap_m)
    demand_pts = (
        snap_points(network, demand, max_distance_m=max_snap_m) if demand is not None else None
    )
    network, site_pts, demand_pts = oriented(network, site_pts, demand_pts, direction)
    n_sites = len(site_pts)
    if progress is not None:
        progress(0.0, "isochrones: node times")

    def pairs_within(targets: Targets, same_edge: SecondsPairs | None) -> SecondsPairs:
        return _pairs_within(
            network,
            site_pts,
            targets,
            same_edge,
            limit_s=limit_s,
            engine=engine,
            batch_size=None,
            workers=None,
            progress=None,
            label="isochrones",
        )

    pair_site, pair_node, pair_s = pairs_within(node_targets(network), None)
    reach_site = np.empty(0, dtype=np.int64)
    reach_dem = np.empty(0, dtype=np.int64)
    reach_s = np.empty(0)
    if demand_pts is not None:
        reach_site, reach_dem, reach_s = pairs_within(
            demand_targets(network, demand_pts), same_edge_seconds(network, site_pts, demand_pts)
        )
    table = LineTable(network.edge_geometry)
    site_legs = site_pts.access_lines()
    demand_legs = demand_pts.access_lines() if demand_pts is not None else np.empty(0, object)

    n_groups = 1 if settings.dissolve else n_sites
    m = network.n_edges
    # a leg shorter than this lies inside the buffer of the road piece it ends on
    # (the buffer's polygonal circle keeps at least cos(pi / (4 quad_segs)) of the radius)
    leg_limit = 0.9 * settings.buffer_m * np.cos(np.pi / (4 * settings.quad_segs))
    long_site_leg = site_pts.snapped & (site_pts.distance_m > leg_limit)
    if demand_pts is not None:
        long_dem = demand_pts.distance_m[reach_dem.astype(np.int64)] > leg_limit
        reach_site, reach_dem, reach_s = (
            reach_site[long_dem].astype(np.int64),
            reach_dem[long_dem].astype(np.int64),
            reach_s[long_dem],
        )
        if settings.dissolve:  # the earliest time any site reaches each demand point
            first = np.full(len(demand_pts), np.inf)
            np.minimum.at(first, reach_dem, reach_s)
            reach_dem = np.flatnonzero(np.isfinite(first))
            reach_s = first[reach_dem]
            reach_site = np.zeros(reach_dem.size, dtype=np.int64)

    per_break: list[np.ndarray] = []
    drawn_full = np.empty(0, dtype=np.int64)  # group * m + edge of whole segments drawn
    previous_s = -np.inf
    base: np.ndarray | None = None
    for i, minutes in enumerate(breaks):
        b_s = minutes * 60.0
        p_site, p_edge, p_start, p_end = _edge_pieces(
            network, site_pts, pair_site, pair_node, pair_s, b_s
        )
        if settings.dissolve:
            p_site = np.zeros_like(p_site)
        key = p_site * m + p_edge
        whole = (p_start <= 0.0) & (p_end >= 1.0)
        new_whole = np.flatnonzero(whole & ~np.isin(key, drawn_full))
        new_whole = new_whole[np.unique(key[new_whole], return_index=True)[1]]
        drawn_full = np.union1d(drawn_full, key[new_whole])
        fresh = ~whole & ~np.isin(key, drawn_full)  # parts of segments drawn whole: covered
        fresh[new_whole] = True
        p_site, p_edge, p_start, p_end = p_site[fresh], p_edge[fresh], p_start[fresh], p_end[fresh]
        lines = table.pieces(p_edge, p_start, p_end)
        legs = np.flatnonzero(
            long_site_leg & (site_pts.access_s <= b_s) & (site_pts.access_s > previous_s)
        )
        groups: list[np.ndarray] = [p_site, np.zeros_like(legs) if settings.dissolve else legs]
        parts: list[np.ndarray] = [lines, np.asarray(site_legs[legs], dtype=object)]
        if demand_pts is not None:
            hit = (reach_s <= b_s) & (reach_s > previous_s)
            groups.append(reach_site[hit])
            parts.append(demand_legs[reach_dem[hit]])
        base = _group_geometry(
            np.concatenate(groups).astype(np.int64),
            np.concatenate(parts),
            n_groups,
            settings.buffer_m,
            settings.quad_segs,
            os.cpu_count() or 1,
            base=base,
        )
        per_break.append(base)
        previous_s = b_s
        if progress is not None:
            progress((i + 1) / len(breaks), f"isochrones: {minutes:g} minutes")

    if settings.rings:
        for i in range(len(per_break) - 1, 0, -1):
            per_break[i] = shapely.difference(per_break[i], per_break[i - 1])

    geometry = np.stack(per_break, axis=1).reshape(-1)  # group-major, then break
    minutes_col = np.tile(np.array(breaks), n_groups)
    if settings.dissolve:
        site_col = np.full(len(breaks), None, dtype=object)
    else:
        site_col = np.repeat(site_pts.index.to_numpy(), len(breaks))
    outlines = gpd.GeoSeries(geometry, crs=network.crs).to_crs(WGS84).to_numpy()
    broken = ~shapely.is_valid(outlines)  # reprojection can pinch a thin spot
    if broken.any():
        outlines[broken] = shapely.make_valid(outlines[broken])
    result = gpd.GeoDataFrame(
        {"site": site_col, "minutes": minutes_col},
        geometry=gpd.GeoSeries(outlines, crs=WGS84),
    )
    if weights is not None:
        if demand is None:
            raise InputDataError("people per isochrone need the demand points that carry them")
        result["people"] = people_in_polygons(result, demand, weights).to_numpy()
    logger.info("isochrones: %d sites, breaks %s, %d polygons", n_sites, list(breaks), len(result))
    return result
