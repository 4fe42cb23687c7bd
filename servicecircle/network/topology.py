"""The graph side of a network: nodes from edge ends, adjacency, pieces of the network.

:func:`node_positions` numbers the nodes of the open roads and places them (the
nodes layer where it has them, else the edge ends), in Morton order so that
neighbours sit close in memory; :func:`adjacency` is the directed CSR of
travel times; :func:`by_size` and :func:`connected_edges` label the
disconnected pieces.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix

from servicecircle.network.ground import SnapRules
from servicecircle.network.lines import index_dtype

__all__ = ["adjacency", "by_size", "connected_edges", "node_positions"]

_CHUNK = 1 << 18  #: segments per step where a step makes temporaries


def node_positions(
    known: tuple[np.ndarray, np.ndarray],
    u_ids: np.ndarray,
    v_ids: np.ndarray,
    ends: tuple[np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Number and place the nodes of the segments ``u_ids -> v_ids``.

    Parameters
    ----------
    known
        ``(ids, xy)``: the nodes whose place is known (the nodes layer's
        present points; may be empty or incomplete) and their ``(k, 2)``
        coordinates in the network's metric CRS.
    u_ids, v_ids
        OSM node ids of each segment's ends.
    ends
        ``(first, last)``: the first and last vertex of each segment's line
        as digitised, in the network's CRS.

    Returns
    -------
    tuple
        ``(node_ids, node_xy, edge_u, edge_v, reverse)``: node ids and
        positions (metres, in ``crs``) in Morton (Z-curve) order, each
        segment's end nodes as positions in them (int32 while the nodes
        fit: :func:`~servicecircle.network.lines.index_dtype`), and which
        lines were digitised ``v -> u`` (to be turned round).
    """
    first, last = ends
    # the sorted distinct ids, each end found in them (no sort of both ends at once)
    node_ids = _distinct(np.concatenate([_distinct(u_ids), _distinct(v_ids)]))
    edge_u, edge_v = np.searchsorted(node_ids, u_ids), np.searchsorted(node_ids, v_ids)
    node_xy = np.full((node_ids.size, 2), np.nan)
    node_xy[edge_v] = last
    node_xy[edge_u] = first
    known_ids, known_xy = known
    if known_ids.size:
        positions = pd.Index(known_ids).get_indexer(node_ids)
        placed = np.flatnonzero(positions >= 0)
        node_xy[placed] = known_xy[positions[placed]]
    # nodes in Morton (Z-curve) order: neighbours sit close in memory (faster searches)
    order = np.argsort(morton_order_key(node_xy), kind="stable")
    rank = np.empty(order.size, dtype=index_dtype(order.size))
    rank[order] = np.arange(order.size)
    node_ids, node_xy = node_ids[order], node_xy[order]
    edge_u, edge_v = rank[edge_u], rank[edge_v]  # int32 positions (while they fit)
    del rank, order
    # lines digitised against u -> v are turned round
    reverse = np.empty(edge_u.size, dtype=bool)
    for lo in range(0, edge_u.size, _CHUNK):  # in chunks: no whole-array temporaries
        at = slice(lo, lo + _CHUNK)
        to_v = np.hypot(*(first[at] - node_xy[edge_v[at]]).T)
        reverse[at] = to_v < np.hypot(*(first[at] - node_xy[edge_u[at]]).T)
    return node_ids, node_xy, edge_u, edge_v, reverse


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sorting: numpy's hash-based ``unique`` is slower here)."""
    ordered = np.sort(values)
    keep = np.ones(ordered.size, dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def connected_edges(
    component: np.ndarray, edge_u: np.ndarray, length_m: np.ndarray, rules: SnapRules
) -> np.ndarray:
    """Bool per segment: on the largest piece, the longest, or one of ``connected_piece_m``.

    Parameters
    ----------
    component
        Weak component of each node (0 = the most nodes).
    edge_u
        Start node of each segment.
    length_m
        Length of each segment.
    rules
        The snapping rules (``connected_piece_m``).
    """
    if edge_u.size == 0:
        return np.zeros(0, dtype=bool)
    piece = component[edge_u]
    piece_m = np.bincount(piece, weights=length_m, minlength=int(component.max()) + 1)
    connected = piece_m >= rules.connected_piece_m
    connected[0] = True
    connected[int(np.argmax(piece_m))] = True
    return np.asarray(connected[piece], dtype=bool)


def adjacency(
    n: int, edge_u: np.ndarray, edge_v: np.ndarray, forward_s: np.ndarray, backward_s: np.ndarray
) -> csr_matrix:
    """Directed CSR of travel times: the fastest of parallel ways, no self-loops, read-only."""
    rows = np.concatenate([edge_u, edge_v])
    cols = np.concatenate([edge_v, edge_u])
    times = np.concatenate([forward_s, backward_s])
    keep = np.isfinite(times) & (rows != cols)
    rows, cols, times = rows[keep], cols[keep], times[keep]
    del keep
    link = rows.astype(np.int64) * n + cols  # one sort key per (row, col): faster than lexsort
    order = np.argsort(link, kind="stable")
    link, times = link[order], times[order]
    del order, rows, cols
    first = np.ones(link.size, dtype=bool)
    first[1:] = link[1:] != link[:-1]
    starts = np.flatnonzero(first)
    del first
    times = np.minimum.reduceat(times, starts) if starts.size else times  # the fastest way
    link = link[starts]
    rows, cols = link // n, link % n
    del link
    indptr = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    del rows
    graph = csr_matrix(
        (times.astype(np.float64, copy=False), cols.astype(np.int32, copy=False), indptr),
        shape=(n, n),
        copy=False,
    )
    graph.has_sorted_indices = True
    for array in (graph.data, graph.indices, graph.indptr):
        array.flags.writeable = False
    return graph


def morton_order_key(xy: np.ndarray, bits: int = 16) -> np.ndarray:
    """Z-curve code of each point (interleaved bits of its grid cell)."""
    lo = xy.min(axis=0)
    span = np.maximum(xy.max(axis=0) - lo, 1e-9)
    cells = ((xy - lo) / span * (2**bits - 1)).astype(np.uint64)
    code = np.zeros(xy.shape[0], dtype=np.uint64)
    for bit in range(bits):
        one = np.uint64(1)
        code |= ((cells[:, 0] >> np.uint64(bit)) & one) << np.uint64(2 * bit)
        code |= ((cells[:, 1] >> np.uint64(bit)) & one) << np.uint64(2 * bit + 1)
    return code


def by_size(labels: np.ndarray) -> np.ndarray:
    """Relabel components so that 0 is the largest, 1 the next, ... (ties by first node)."""
    labels = labels.astype(np.int64)
    counts = np.bincount(labels)
    order = np.argsort(-counts, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return np.asarray(rank[labels], dtype=np.int32)
