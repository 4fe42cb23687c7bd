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
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle._progress import Progress
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.crs import WGS84
from servicecircle.isochrones.lines import LineTable
from servicecircle.isochrones.people import people_in_polygons
from servicecircle.isochrones.pieces import (
    UnionChain,
    edge_pieces,
    group_buffers,
    isochrone_workers,
)
from servicecircle.network import Network
from servicecircle.reach import Snapped, snap_points
from servicecircle.reach.kernel import (
    Engine,
    Targets,
    demand_targets,
    node_targets,
    same_edge_seconds,
)
from servicecircle.reach.matrix import Direction, _pairs_within, oriented
from servicecircle.reach.snap import Points

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
            raise InputDataError(msg("msg.isochrones.bad_breaks"))
        if not self.buffer_m > 0:
            raise InputDataError(msg("msg.isochrones.bad_buffer"))

    @property
    def sorted_breaks(self) -> tuple[float, ...]:
        """Distinct breaks, ascending."""
        return tuple(sorted({float(b) for b in self.breaks}))


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
    workers: int | None = None,
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
    workers
        Threads for the searches and the polygons (default: every core, at
        most 8; 1 builds on the calling thread only). The polygons are the
        same for every number of workers.
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
    threads = isochrone_workers(workers)
    site_pts = snap_points(network, sites, max_distance_m=max_snap_m)
    demand_pts = (
        snap_points(network, demand, max_distance_m=max_snap_m) if demand is not None else None
    )
    network, site_pts, demand_pts = oriented(network, site_pts, demand_pts, direction)
    if progress is not None:
        progress(0.0, msg("msg.isochrones.node_times"))
    reached = _reached(
        network,
        site_pts,
        demand_pts,
        settings,
        limit_s=breaks[-1] * 60.0,
        engine=engine,
        workers=threads,
    )
    per_break = _polygons_by_break(
        network, site_pts, demand_pts, reached, settings, threads, progress
    )
    result = _polygon_frame(per_break, breaks, site_pts, network, dissolve=settings.dissolve)
    if weights is not None:
        if demand is None:
            raise InputDataError(msg("msg.isochrones.people_without_demand"))
        result["people"] = people_in_polygons(result, demand, weights).to_numpy()
    logger.info(
        "isochrones: %d sites, breaks %s, %d polygons", len(site_pts), list(breaks), len(result)
    )
    return result


@dataclass(frozen=True)
class _Reached:
    """What the sites reach within the last break.

    ``site``/``node``/``seconds``: every (site, network node) pair;
    ``demand_site``/``demand``/``demand_s``: the (site, demand point) pairs
    whose access leg is too long to lie inside the road's buffer (with
    ``dissolve``, each such demand point once, at the earliest time, site 0).
    """

    site: np.ndarray
    node: np.ndarray
    seconds: np.ndarray
    demand_site: np.ndarray
    demand: np.ndarray
    demand_s: np.ndarray


def _leg_limit(settings: IsochroneSettings) -> float:
    """Access legs shorter than this lie inside the buffer of the road piece they end on.

    The buffer's polygonal circle keeps at least cos(pi / (4 quad_segs)) of the radius.
    """
    return float(0.9 * settings.buffer_m * np.cos(np.pi / (4 * settings.quad_segs)))


def _reached(
    network: Network,
    site_pts: Snapped,
    demand_pts: Snapped | None,
    settings: IsochroneSettings,
    *,
    limit_s: float,
    engine: Engine,
    workers: int,
) -> _Reached:
    """The pairs the polygons are drawn from (see :class:`_Reached`)."""

    def pairs_within(targets: Targets, same_edge: SecondsPairs | None) -> SecondsPairs:
        return _pairs_within(
            network,
            site_pts,
            targets,
            same_edge,
            limit_s=limit_s,
            engine=engine,
            batch_size=None,
            workers=workers,
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
        long_dem = demand_pts.distance_m[reach_dem.astype(np.int64)] > _leg_limit(settings)
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
    return _Reached(pair_site, pair_node, pair_s, reach_site, reach_dem, reach_s)


def _polygons_by_break(
    network: Network,
    site_pts: Snapped,
    demand_pts: Snapped | None,
    reached: _Reached,
    settings: IsochroneSettings,
    workers: int,
    progress: Progress | None,
) -> list[np.ndarray]:
    """Per break, the polygon of every group (site, or all sites when dissolved).

    Each break adds what is newly reached to the previous break's polygons:
    road pieces (a segment drawn whole once is not drawn again), site legs
    and long demand legs reached in between.
    """
    breaks = settings.sorted_breaks
    n_groups = 1 if settings.dissolve else len(site_pts)
    table = LineTable(network.segments)
    site_legs = site_pts.access_lines()
    demand_legs = demand_pts.access_lines() if demand_pts is not None else np.empty(0, object)
    long_site_leg = site_pts.snapped & (site_pts.distance_m > _leg_limit(settings))
    unions = UnionChain(n_groups, workers)
    drawn_full = np.empty(0, dtype=np.int64)  # group * m + edge of whole segments drawn
    previous_s = -np.inf
    for i, minutes in enumerate(breaks):
        b_s = minutes * 60.0
        p_site, p_edge, p_start, p_end, drawn_full = _new_pieces(
            network, site_pts, reached, b_s, drawn_full, dissolve=settings.dissolve
        )
        legs = np.flatnonzero(
            long_site_leg & (site_pts.access_s <= b_s) & (site_pts.access_s > previous_s)
        )
        groups: list[np.ndarray] = [p_site, np.zeros_like(legs) if settings.dissolve else legs]
        parts: list[np.ndarray] = [
            table.pieces(p_edge, p_start, p_end),
            np.asarray(site_legs[legs], dtype=object),
        ]
        if demand_pts is not None:
            hit = (reached.demand_s <= b_s) & (reached.demand_s > previous_s)
            groups.append(reached.demand_site[hit])
            parts.append(demand_legs[reached.demand[hit]])
        buffered = group_buffers(
            np.concatenate(groups).astype(np.int64),
            np.concatenate(parts),
            settings.buffer_m,
            settings.quad_segs,
            workers,
        )
        unions.add(buffered)
        previous_s = b_s
        if progress is not None:
            progress((i + 1) / len(breaks), msg("msg.isochrones.minutes", minutes=minutes))
    per_break = unions.results()
    if settings.rings:
        for i in range(len(per_break) - 1, 0, -1):
            per_break[i] = shapely.difference(per_break[i], per_break[i - 1])
    return per_break


def _new_pieces(
    network: Network,
    site_pts: Snapped,
    reached: _Reached,
    limit_s: float,
    drawn_full: np.ndarray,
    *,
    dissolve: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The road pieces to draw within ``limit_s``, and the segments drawn whole so far.

    Returns (group, edge, start, end) of each piece, and the keys
    (group * edges + edge) of the segments drawn whole.
    Pieces of a segment already drawn whole are covered, and left out.
    """
    m = network.n_edges
    p_site, p_edge, p_start, p_end = edge_pieces(
        network, site_pts, reached.site, reached.node, reached.seconds, limit_s
    )
    if dissolve:
        p_site = np.zeros_like(p_site)
    key = p_site * m + p_edge
    whole = (p_start <= 0.0) & (p_end >= 1.0)
    new_whole = np.flatnonzero(whole & ~np.isin(key, drawn_full))
    new_whole = new_whole[np.unique(key[new_whole], return_index=True)[1]]
    drawn_full = np.union1d(drawn_full, key[new_whole])
    fresh = ~whole & ~np.isin(key, drawn_full)  # parts of segments drawn whole: covered
    fresh[new_whole] = True
    return p_site[fresh], p_edge[fresh], p_start[fresh], p_end[fresh], drawn_full


def _polygon_frame(
    per_break: list[np.ndarray],
    breaks: tuple[float, ...],
    site_pts: Snapped,
    network: Network,
    *,
    dissolve: bool,
) -> gpd.GeoDataFrame:
    """The polygons in WGS-84, group-major then break, with ``site`` and ``minutes``."""
    n_groups = 1 if dissolve else len(site_pts)
    geometry = np.stack(per_break, axis=1).reshape(-1)  # group-major, then break
    minutes_col = np.tile(np.array(breaks), n_groups)
    if dissolve:
        site_col = np.full(len(breaks), None, dtype=object)
    else:
        site_col = np.repeat(site_pts.index.to_numpy(), len(breaks))
    outlines = gpd.GeoSeries(geometry, crs=network.crs).to_crs(WGS84).to_numpy()
    broken = ~shapely.is_valid(outlines)  # reprojection can pinch a thin spot
    if broken.any():
        outlines[broken] = shapely.make_valid(outlines[broken])
    return gpd.GeoDataFrame(
        {"site": site_col, "minutes": minutes_col},
        geometry=gpd.GeoSeries(outlines, crs=WGS84),
    )
