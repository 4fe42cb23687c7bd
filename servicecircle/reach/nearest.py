"""Times to the nearest site, in one shortest-path pass (the model of :mod:`.matrix`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse.csgraph import dijkstra

from servicecircle.network import Network
from servicecircle.reach.kernel import (
    augmented_graph,
    demand_targets,
    expand_to_targets,
    same_edge_seconds,
)
from servicecircle.reach.matrix import Direction, oriented
from servicecircle.reach.snap import Points, Snapped, snap_points

__all__ = ["minutes_to_nearest", "nearest_sites"]


def nearest_sites(
    network: Network,
    sites: Points | Snapped,
    demand: Points | Snapped,
    *,
    cutoff_minutes: float | None = None,
    max_snap_m: float | None = None,
    direction: Direction = "to_sites",
) -> pd.DataFrame:
    """Time from each demand point to its nearest site, in one shortest-path pass.

    Parameters
    ----------
    network
        The travel-mode network.
    sites, demand
        Point layers (any CRS) or snapped points.
    cutoff_minutes
        Stop searching beyond this time (faster); ``None`` searches the
        whole network.
    max_snap_m
        Snapping limit (see :func:`snap_points`).
    direction
        ``"to_sites"`` (from the point to the site, default) or
        ``"from_sites"``, as in :func:`travel_times`.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``demand``: ``minutes`` (float, ``inf`` where no site is
        reachable within the cutoff) and ``site`` (label of the nearest site,
        missing where unreachable).
    """
    site_pts = snap_points(network, sites, max_distance_m=max_snap_m)
    demand_pts = snap_points(network, demand, max_distance_m=max_snap_m)
    labels_index = site_pts.index
    demand_index = demand_pts.index
    network, site_pts, oriented_demand = oriented(network, site_pts, demand_pts, direction)
    if oriented_demand is None:  # demand was given, so it was oriented
        raise TypeError("orienting the network lost the demand points")
    demand_pts = oriented_demand
    limit_s = np.inf if cutoff_minutes is None else float(cutoff_minutes) * 60.0
    best, best_site = _nearest_seconds(network, site_pts, demand_pts, limit_s)
    labels = np.full(best_site.size, None, dtype=object)
    found = best_site >= 0
    labels[found] = labels_index.to_numpy()[best_site[found]]
    return pd.DataFrame(
        {"minutes": best / 60.0, "site": labels},
        index=demand_index,
    )


def minutes_to_nearest(
    network: Network,
    sites: Points | Snapped,
    demand: Points | Snapped,
    *,
    cutoff_minutes: float | None = None,
    max_snap_m: float | None = None,
    direction: Direction = "to_sites",
) -> pd.Series:
    """Minutes between each demand point and its nearest site (``inf`` where unreachable).

    See :func:`nearest_sites`, whose ``minutes`` column this returns.
    """
    frame = nearest_sites(
        network,
        sites,
        demand,
        cutoff_minutes=cutoff_minutes,
        max_snap_m=max_snap_m,
        direction=direction,
    )
    return frame["minutes"]


def _nearest_seconds(
    network: Network, site_pts: Snapped, demand_pts: Snapped, limit_s: float
) -> tuple[np.ndarray, np.ndarray]:
    """Seconds to the nearest site of each demand point (inf beyond ``limit_s``), and its row.

    One multi-source Dijkstra from all snapped sites; the site row is -1 where
    none is reached. Ties go to the lower site row.
    """
    n = network.n_nodes
    best = np.full(len(demand_pts), np.inf)
    best_site = np.full(len(demand_pts), -1, dtype=np.int64)
    rows = np.flatnonzero(site_pts.snapped)
    if rows.size:
        graph = augmented_graph(network, site_pts, rows)
        dist, _, sources = dijkstra(
            graph,
            directed=True,
            indices=np.arange(n, n + rows.size),
            limit=limit_s,
            min_only=True,
            return_predecessors=True,
        )
        targets = demand_targets(network, demand_pts)
        node = np.flatnonzero(np.isfinite(dist[:n]))
        _, r, sec = expand_to_targets(
            targets, np.zeros(node.size, dtype=np.int64), node, dist[node]
        )
        origin = rows[sources[np.repeat(node, np.diff(targets.ptr)[node])] - n]
        d_site, d_dem, d_s = same_edge_seconds(network, site_pts, demand_pts)
        r = np.concatenate([r, d_dem])
        sec = np.concatenate([sec, d_s])
        origin = np.concatenate([origin, d_site])
        keep = sec <= limit_s
        r, sec, origin = r[keep], sec[keep], origin[keep]
        order = np.lexsort((origin, sec, r))
        r, sec, origin = r[order], sec[order], origin[order]
        first = np.ones(r.size, dtype=bool)
        first[1:] = r[1:] != r[:-1]
        best[r[first]] = sec[first]
        best_site[r[first]] = origin[first]
    return best, best_site
