"""Site × demand travel-time matrices (times to the nearest site: :mod:`.nearest`).

Model (the same for every function here and for the isochrones): a route
from site ``s`` to demand point ``r`` is

    access leg of s + partial segment to an end of s's segment
    + network path + partial segment of r's segment + access leg of r,

or, when both sit on the same segment, the direct way along it (in an open
direction). Partial segments are charged in proportion to the position along
the segment. Times are exact shortest paths under this model: they equal
networkx Dijkstra on the same graph with the same virtual nodes (tested).

Direction: by default (``direction="to_sites"``) times are for travelling
from each demand point *to* the site — residents going to the outlet, the
meaning of a 15-minute service circle. ``"from_sites"`` gives outlet-to-home
times. They differ only where one-way streets apply (cycling, driving).
Matrices are always sites × demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix

from servicecircle._progress import Progress, Said
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.network import Network
from servicecircle.reach.kernel import (
    Engine,
    Targets,
    bounded_search,
    demand_targets,
    expand_to_targets,
    node_targets,
    node_time_batches,
    resolve_engine,
    same_edge_seconds,
)
from servicecircle.reach.snap import Points, Snapped, snap_points

Direction = Literal["to_sites", "from_sites"]


def oriented(
    network: Network, sites: Snapped, demand: Snapped | None, direction: Direction
) -> tuple[Network, Snapped, Snapped | None]:
    """Network and points on which a search *from* the sites gives the wanted direction."""
    if direction == "from_sites":
        return network, sites, demand
    if direction != "to_sites":
        raise InputDataError(msg("msg.reach.bad_direction", direction=direction))
    return (
        network.reversed(),
        sites.reversed(),
        demand.reversed() if demand is not None else None,
    )


def _freeze_csr(matrix: csr_matrix) -> csr_matrix:
    for array in (matrix.data, matrix.indices, matrix.indptr):
        array.flags.writeable = False
    return matrix


@dataclass(frozen=True, eq=False)
class TravelTimes:
    """Sparse site × demand travel times in minutes (immutable).

    Attributes
    ----------
    minutes
        ``n_sites × n_demand`` CSR matrix. Only pairs within
        ``cutoff_minutes`` are stored, **including explicit zeros** (a site
        and a demand point at the same spot). A missing entry means "not
        within the cutoff"; never call ``eliminate_zeros`` on it, and test
        reach with :meth:`within` (which works on the stored structure), not
        with ``minutes > 0`` or ``minutes.toarray()``.
    cutoff_minutes
        The largest time stored.
    site_index, demand_index
        Labels of the rows and columns (the input indexes).
    """

    minutes: csr_matrix
    cutoff_minutes: float
    site_index: pd.Index
    demand_index: pd.Index

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_sites, n_demand)``."""
        rows, cols = self.minutes.shape
        return int(rows), int(cols)

    def within(self, minutes: float | None = None) -> csr_matrix:
        """Boolean CSR: which demand each site reaches within ``minutes`` (default: the cutoff)."""
        limit = self.cutoff_minutes if minutes is None else float(minutes)
        if limit > self.cutoff_minutes + 1e-12:
            raise InputDataError(
                msg("msg.reach.beyond_cutoff", cutoff=self.cutoff_minutes, limit=limit)
            )
        m = self.minutes
        keep = m.data <= limit
        kept_before = np.concatenate([[0], np.cumsum(keep)])
        indptr = kept_before[m.indptr].astype(m.indptr.dtype)
        return csr_matrix(
            (np.ones(int(keep.sum()), dtype=bool), m.indices[keep], indptr), shape=m.shape
        )

    def to_frame(self) -> pd.DataFrame:
        """Long table with columns ``site``, ``demand`` (labels) and ``minutes``."""
        m = self.minutes
        rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
        return pd.DataFrame(
            {
                "site": self.site_index[rows],
                "demand": self.demand_index[m.indices],
                "minutes": m.data,
            }
        )


def _min_by_pair(
    row: np.ndarray, col: np.ndarray, seconds: np.ndarray, n_cols: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keep the smallest time of each (row, col) pair, sorted by row then col."""
    key = row.astype(np.int64) * n_cols + col
    order = np.lexsort((seconds, key))
    key, seconds = key[order], seconds[order]
    first = np.ones(key.size, dtype=bool)
    first[1:] = key[1:] != key[:-1]
    key, seconds = key[first], seconds[first]
    return key // n_cols, key % n_cols, seconds


def _pairs_within(
    network: Network,
    site_pts: Snapped,
    targets: Targets,
    direct: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
    *,
    limit_s: float,
    engine: Engine,
    batch_size: int | None,
    workers: int | None,
    progress: Progress | None,
    label: Said,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(site position, target, seconds) of every pair within ``limit_s``, sorted."""
    rows = np.flatnonzero(site_pts.snapped)
    total = max(rows.size, 1)
    out: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    if resolve_engine(engine) == "numba":
        step = batch_size or 4096
        for start in range(0, rows.size, step):
            chunk = rows[start : start + step]
            out.append(
                bounded_search(
                    network,
                    site_pts,
                    chunk,
                    limit_s=limit_s,
                    targets=targets,
                    direct=direct,
                    workers=workers,
                )
            )
            if progress is not None:
                progress(
                    min(start + step, rows.size) / total,
                    msg("msg.reach.sites_done", step=label, sites=int(chunk[-1]) + 1),
                )
    else:
        if direct is not None:
            order = np.argsort(direct[0], kind="stable")
            direct = (direct[0][order], direct[1][order], direct[2][order])
        done = 0
        for chunk, dist in node_time_batches(
            network, site_pts, limit_s=limit_s, batch_size=batch_size
        ):
            pos, node = np.nonzero(dist <= limit_s)
            b, r, sec = expand_to_targets(targets, pos, node, dist[pos, node])
            if direct is not None:
                lo = int(np.searchsorted(direct[0], chunk[0], side="left"))
                hi = int(np.searchsorted(direct[0], chunk[-1], side="right"))
                if hi > lo:
                    b = np.concatenate([b, np.searchsorted(chunk, direct[0][lo:hi])])
                    r = np.concatenate([r, direct[1][lo:hi]])
                    sec = np.concatenate([sec, direct[2][lo:hi]])
            keep = sec <= limit_s
            b, r, sec = _min_by_pair(b[keep], r[keep], sec[keep], max(targets.count, 1))
            out.append((chunk[b], r, sec))
            done += chunk.size
            if progress is not None:
                progress(
                    done / total, msg("msg.reach.sites_of", step=label, done=done, total=total)
                )
    if not out:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0)
    return (
        np.concatenate([o[0] for o in out]),
        np.concatenate([o[1] for o in out]),
        np.concatenate([o[2] for o in out]),
    )


def _sorted_csr(
    rows: np.ndarray, cols: np.ndarray, values: np.ndarray, shape: tuple[int, int]
) -> csr_matrix:
    """Read-only CSR from (row, col, value) sorted by row then col; zeros kept."""
    indptr = np.zeros(shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=shape[0]), out=indptr[1:])
    index_dtype = np.int32 if max(shape[1], rows.size) < np.iinfo(np.int32).max else np.int64
    matrix = csr_matrix((values, cols.astype(index_dtype), indptr.astype(index_dtype)), shape=shape)
    matrix.has_sorted_indices = True
    return _freeze_csr(matrix)


def travel_times(
    network: Network,
    sites: Points | Snapped,
    demand: Points | Snapped,
    *,
    cutoff_minutes: float = 15.0,
    max_snap_m: float | None = None,
    direction: Direction = "to_sites",
    engine: Engine = "auto",
    batch_size: int | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> TravelTimes:
    """Travel times from every site to every demand point within a cutoff.

    Parameters
    ----------
    network
        The travel-mode network.
    sites, demand
        Point layers (any CRS) or already :func:`snap_points`-ed points.
    cutoff_minutes
        Largest time to keep (use the largest break); pairs farther apart are
        not stored.
    max_snap_m
        Snapping limit for layers given as points (see :func:`snap_points`).
    direction
        ``"to_sites"`` (demand travels to the site, default) or
        ``"from_sites"``.
    engine
        ``"auto"`` (numba when installed), ``"numba"`` or ``"scipy"``; both
        give the same times.
    batch_size
        Sites per kernel call (progress granularity; for scipy also the
        memory block, default near 16 MB).
    workers
        Threads for the numba engine (default: the number of CPUs).
    progress
        Optional callback ``(fraction, message)``.

    Returns
    -------
    TravelTimes
        Sparse ``n_sites × n_demand`` minutes, aligned to the input indexes.
    """
    if not np.isfinite(cutoff_minutes) or cutoff_minutes < 0:
        raise InputDataError(msg("msg.reach.bad_cutoff"))
    site_pts = snap_points(network, sites, max_distance_m=max_snap_m)
    demand_pts = snap_points(network, demand, max_distance_m=max_snap_m)
    net, s_pts, d_pts = oriented(network, site_pts, demand_pts, direction)
    if d_pts is None:  # demand was given, so it was oriented
        raise TypeError("orienting the network lost the demand points")
    rows, cols, seconds = _pairs_within(
        net,
        s_pts,
        demand_targets(net, d_pts),
        same_edge_seconds(net, s_pts, d_pts),
        limit_s=float(cutoff_minutes) * 60.0,
        engine=engine,
        batch_size=batch_size,
        workers=workers,
        progress=progress,
        label=msg("msg.reach.travel_times"),
    )
    return TravelTimes(
        minutes=_sorted_csr(rows, cols, seconds / 60.0, (len(site_pts), len(demand_pts))),
        cutoff_minutes=float(cutoff_minutes),
        site_index=site_pts.index,
        demand_index=demand_pts.index,
    )


def node_times(
    network: Network,
    sites: Points | Snapped,
    *,
    cutoff_minutes: float,
    max_snap_m: float | None = None,
    direction: Direction = "to_sites",
    engine: Engine = "auto",
    batch_size: int | None = None,
    workers: int | None = None,
) -> csr_matrix:
    """Minutes between every site and every network node within the cutoff.

    ``direction="to_sites"`` (default): from the node to the site;
    ``"from_sites"``: from the site to the node.

    Returns
    -------
    scipy.sparse.csr_matrix
        ``n_sites × n_nodes``, read-only; only nodes within the cutoff are
        stored, explicit zeros included (see :class:`TravelTimes`).
    """
    site_pts = snap_points(network, sites, max_distance_m=max_snap_m)
    net, s_pts, _ = oriented(network, site_pts, None, direction)
    rows, cols, seconds = _pairs_within(
        net,
        s_pts,
        node_targets(net),
        None,
        limit_s=float(cutoff_minutes) * 60.0,
        engine=engine,
        batch_size=batch_size,
        workers=workers,
        progress=None,
        label=msg("msg.reach.node_times"),
    )
    return _sorted_csr(rows, cols, seconds / 60.0, (len(site_pts), network.n_nodes))
