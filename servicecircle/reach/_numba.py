"""Compiled bounded Dijkstra (numba): many sources, sparse output, no per-source O(n) work.

One call runs a label-setting search from each source in turn, seeded with
``(node, seconds)`` entries (the virtual source node's out-links), and
reports the best time to every *target* reached within ``limit``. A target
hangs off a node with an offset (a demand point on its segment, or the node
itself with offset 0 for node-level times); targets may also get direct
candidates per source (site and demand on one segment). State arrays are
reset only where touched, so the cost per source follows the size of the
search, not of the network. The functions release the GIL so that threads
can run several slices of sources at once.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True, inline="always")
def _push(keys: np.ndarray, nodes: np.ndarray, size: int, key: float, node: int) -> int:
    i = size
    while i > 0:
        parent = (i - 1) >> 1
        if keys[parent] <= key:
            break
        keys[i] = keys[parent]
        nodes[i] = nodes[parent]
        i = parent
    keys[i] = key
    nodes[i] = node
    return size + 1


@njit(cache=True, nogil=True, inline="always")
def _pop(keys: np.ndarray, nodes: np.ndarray, size: int) -> int:
    """Remove the top entry (read it before calling); return the new size."""
    size -= 1
    key = keys[size]
    node = nodes[size]
    i = 0
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        if child + 1 < size and keys[child + 1] < keys[child]:
            child += 1
        if keys[child] >= key:
            break
        keys[i] = keys[child]
        nodes[i] = nodes[child]
        i = child
    keys[i] = key
    nodes[i] = node
    return size


# The seeding, the relaxations and the output growth stay inline: no call per edge.
# long: one numba kernel, inlined on purpose for speed
@njit(cache=True, nogil=True)
def search_many(
    indptr: np.ndarray,
    indices: np.ndarray,
    weights: np.ndarray,
    seed_ptr: np.ndarray,
    seed_node: np.ndarray,
    seed_time: np.ndarray,
    direct_ptr: np.ndarray,
    direct_target: np.ndarray,
    direct_time: np.ndarray,
    target_ptr: np.ndarray,
    target_id: np.ndarray,
    target_offset: np.ndarray,
    n_targets: int,
    limit: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bounded searches from every source; return (source, target, seconds) sorted by both."""
    n = indptr.shape[0] - 1
    n_sources = seed_ptr.shape[0] - 1
    dist = np.full(n, np.inf)
    touched = np.empty(n, dtype=np.int64)
    best = np.full(n_targets, np.inf)
    hit = np.empty(n_targets, dtype=np.int64)
    max_seeds = 0
    for s in range(n_sources):
        max_seeds = max(max_seeds, seed_ptr[s + 1] - seed_ptr[s])
    capacity = indices.shape[0] + max_seeds + 1
    heap_keys = np.empty(capacity)
    heap_nodes = np.empty(capacity, dtype=np.int64)

    out_cap = 1024
    out_source = np.empty(out_cap, dtype=np.int64)
    out_target = np.empty(out_cap, dtype=np.int64)
    out_time = np.empty(out_cap)
    count = 0

    for s in range(n_sources):
        n_touched = 0
        n_hit = 0
        size = 0
        for k in range(seed_ptr[s], seed_ptr[s + 1]):
            node = seed_node[k]
            t = seed_time[k]
            if t <= limit and t < dist[node]:
                if dist[node] == np.inf:
                    touched[n_touched] = node
                    n_touched += 1
                dist[node] = t
                size = _push(heap_keys, heap_nodes, size, t, node)
        for k in range(direct_ptr[s], direct_ptr[s + 1]):
            target = direct_target[k]
            t = direct_time[k]
            if t <= limit and t < best[target]:
                if best[target] == np.inf:
                    hit[n_hit] = target
                    n_hit += 1
                best[target] = t
        while size > 0:
            d = heap_keys[0]
            x = heap_nodes[0]
            size = _pop(heap_keys, heap_nodes, size)
            if d > dist[x]:
                continue  # stale entry
            for k in range(target_ptr[x], target_ptr[x + 1]):
                target = target_id[k]
                t = d + target_offset[k]
                if t <= limit and t < best[target]:
                    if best[target] == np.inf:
                        hit[n_hit] = target
                        n_hit += 1
                    best[target] = t
            for k in range(indptr[x], indptr[x + 1]):
                y = indices[k]
                t = d + weights[k]
                if t <= limit and t < dist[y]:
                    if dist[y] == np.inf:
                        touched[n_touched] = y
                        n_touched += 1
                    dist[y] = t
                    size = _push(heap_keys, heap_nodes, size, t, y)
        if count + n_hit > out_cap:
            out_cap = max(2 * out_cap, count + n_hit)
            grown_source = np.empty(out_cap, dtype=np.int64)
            grown_target = np.empty(out_cap, dtype=np.int64)
            grown_time = np.empty(out_cap)
            grown_source[:count] = out_source[:count]
            grown_target[:count] = out_target[:count]
            grown_time[:count] = out_time[:count]
            out_source, out_target, out_time = grown_source, grown_target, grown_time
        found = np.sort(hit[:n_hit])
        for k in range(n_hit):
            target = found[k]
            out_source[count] = s
            out_target[count] = target
            out_time[count] = best[target]
            count += 1
            best[target] = np.inf
        for k in range(n_touched):
            dist[touched[k]] = np.inf
    return out_source[:count].copy(), out_target[:count].copy(), out_time[:count].copy()


@njit(cache=True, nogil=True, inline="always")
def _cell_span(
    ax: float,
    ay: float,
    bx: float,
    by: float,
    x0: float,
    y0: float,
    cell: float,
    ncx: int,
    ncy: int,
) -> tuple[int, int, int, int]:
    """First and last grid column and row (clipped to the grid) of a segment's bounding box."""
    i0 = int((min(ax, bx) - x0) / cell)
    i1 = int((max(ax, bx) - x0) / cell)
    j0 = int((min(ay, by) - y0) / cell)
    j1 = int((max(ay, by) - y0) / cell)
    return max(i0, 0), min(i1, ncx - 1), max(j0, 0), min(j1, ncy - 1)


@njit(cache=True, nogil=True)
def segment_grid(
    xy: np.ndarray,
    first: np.ndarray,
    x0: float,
    y0: float,
    cell: float,
    ncx: int,
    ncy: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Bucket segments into the grid cells their bounding boxes overlap (CSR over cells).

    Segment ``k`` runs from vertex ``first[k]`` of ``xy`` to the next vertex.
    ``items`` (the segments of cell ``c``, ascending, are
    ``items[ptr[c]:ptr[c + 1]]``) is int32: fewer than 2**31 segments.
    """
    n = first.shape[0]
    ptr = np.zeros(ncx * ncy + 1, dtype=np.int64)
    for k in range(n):  # count per cell, at the cell's end
        a = first[k]
        i0, i1, j0, j1 = _cell_span(
            xy[a, 0], xy[a, 1], xy[a + 1, 0], xy[a + 1, 1], x0, y0, cell, ncx, ncy
        )
        for j in range(j0, j1 + 1):
            for i in range(i0, i1 + 1):
                ptr[j * ncx + i + 1] += 1
    for c in range(1, ptr.shape[0]):  # cumulative in place: each cell's end
        ptr[c] += ptr[c - 1]
    items = np.empty(ptr[-1], dtype=np.int32)
    for k in range(n - 1, -1, -1):  # filled back from each cell's end: ascending in a cell
        a = first[k]
        i0, i1, j0, j1 = _cell_span(
            xy[a, 0], xy[a, 1], xy[a + 1, 0], xy[a + 1, 1], x0, y0, cell, ncx, ncy
        )
        for j in range(j0, j1 + 1):
            for i in range(i0, i1 + 1):
                c = j * ncx + i + 1
                ptr[c] -= 1
                items[ptr[c]] = k
    for c in range(ptr.shape[0] - 1):  # ptr[c + 1] is now cell c's start: shifted down one
        ptr[c] = ptr[c + 1]
    ptr[-1] = items.shape[0]
    return ptr, items


@njit(cache=True, nogil=True)
def nearest_segments(
    px: np.ndarray,
    py: np.ndarray,
    xy: np.ndarray,
    first: np.ndarray,
    ptr: np.ndarray,
    items: np.ndarray,
    x0: float,
    y0: float,
    cell: float,
    ncx: int,
    ncy: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nearest segment of every point: (segment, distance, position 0..1 along it).

    Segment ``k`` runs from vertex ``first[k]`` of ``xy`` to the next vertex.
    Searches rings of grid cells outwards until no unvisited cell can hold a
    closer segment. Ties go to the lower segment number.
    """
    n = px.shape[0]
    best_seg = np.full(n, -1, dtype=np.int64)
    best_dist = np.full(n, np.inf)
    best_t = np.zeros(n)
    for p in range(n):
        x = px[p]
        y = py[p]
        ci = int(np.floor((x - x0) / cell))
        cj = int(np.floor((y - y0) / cell))
        last = max(abs(ci), abs(ci - ncx), abs(cj), abs(cj - ncy)) + 1
        gap = max(0, -ci, ci - (ncx - 1), -cj, cj - (ncy - 1))
        d_best = np.inf
        s_best = -1
        t_best = 0.0
        for r in range(gap, last + 1):  # rings closer than ``gap`` hold no cell
            for j in range(cj - r, cj + r + 1):
                if j < 0 or j >= ncy:
                    continue
                ring_row = j == cj - r or j == cj + r
                step = 1 if ring_row else 2 * r
                i = ci - r
                while i <= ci + r:
                    if 0 <= i < ncx:
                        c = j * ncx + i
                        for k in range(ptr[c], ptr[c + 1]):
                            s = items[k]
                            a = first[s]
                            ax = xy[a, 0]
                            ay = xy[a, 1]
                            dx = xy[a + 1, 0] - ax
                            dy = xy[a + 1, 1] - ay
                            length2 = dx * dx + dy * dy
                            t = 0.0
                            if length2 > 0.0:
                                t = ((x - ax) * dx + (y - ay) * dy) / length2
                                t = min(max(t, 0.0), 1.0)
                            qx = ax + t * dx - x
                            qy = ay + t * dy - y
                            d = np.sqrt(qx * qx + qy * qy)
                            if d < d_best or (d == d_best and s < s_best):
                                d_best = d
                                s_best = s
                                t_best = t
                    if step == 0:
                        break
                    i += step
            if s_best >= 0 and d_best <= r * cell:
                break
        best_seg[p] = s_best
        best_dist[p] = d_best
        best_t[p] = t_best
    return best_seg, best_dist, best_t
