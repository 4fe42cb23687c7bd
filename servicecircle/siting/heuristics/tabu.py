"""Tabu search over swaps for coverage, with every swap's gain kept up to date.

For the open rows S (positions a = 0..p-1) and cover counts c, swapping
closed row i in for the row at position a changes the covered weight by

    delta(i, a) = G_i - L_a + B_ia

with G_i the weight i would newly cover, L_a the weight only row a covers and
B_ia the weight only row a covers that i covers too (the fast interchange of
Whitaker, as in Resende and Werneck's p-median local search). The three are
kept up to date as swaps are made: a column whose count moves between 0, 1
and 2 changes them only for the rows covering it, so a swap costs a pass over
the columns of the two rows swapped, and finding the best swap a pass over
the ``n x p`` table B, instead of a pass over the whole matrix.

Each move makes the best swap whose rows are not tabu (a row swapped out may
not come back for ``tenure`` moves, a row swapped in may not leave for half
of that), unless it gives a plan better than any so far; the moves go on
through plans worse than the best, which is what lets the search leave a
local optimum of the swap neighbourhood. The best plan met is returned.
"""

from __future__ import annotations

import functools
import time

import numpy as np
import scipy.sparse as sp
from numba import njit

from servicecircle.siting.budget import Budget, RowRules

__all__ = ["MAX_TABLE", "TabuState", "load_kernels", "tabu_cover"]

#: The search keeps an ``n x p`` table; larger instances use the plain swap search.
MAX_TABLE = 4_000_000
#: Moves per call of the compiled kernel between looks at the clock.
CHUNK = 100


@njit(cache=True, nogil=True)
def _flip(
    k: int,
    up: bool,
    a: int,
    cnt: np.ndarray,
    ownsum: np.ndarray,
    col_ptr: np.ndarray,
    col_rows: np.ndarray,
    weight: np.ndarray,
    G: np.ndarray,
    B: np.ndarray,
    L: np.ndarray,
) -> None:
    """Column ``k`` gains (``up``) or loses the open row at position ``a``; update G, B, L."""
    c = cnt[k]
    w = weight[k]
    if not up:
        if c == 1:  # uncovered now: every row covering k would newly cover it
            for q in range(col_ptr[k], col_ptr[k + 1]):
                G[col_rows[q]] += w
                B[col_rows[q], a] -= w
            L[a] -= w
        elif c == 2:  # the other row, b, now covers k alone
            b = ownsum[k] - a
            for q in range(col_ptr[k], col_ptr[k + 1]):
                B[col_rows[q], b] += w
            L[b] += w
        cnt[k] = c - 1
        ownsum[k] -= a
    else:
        if c == 0:  # covered by a alone now
            for q in range(col_ptr[k], col_ptr[k + 1]):
                G[col_rows[q]] -= w
                B[col_rows[q], a] += w
            L[a] += w
        elif c == 1:  # b no longer covers k alone
            b = ownsum[k]
            for q in range(col_ptr[k], col_ptr[k + 1]):
                B[col_rows[q], b] -= w
            L[b] -= w
        cnt[k] = c + 1
        ownsum[k] += a


@njit(cache=True, nogil=True)
def _tables(
    indptr: np.ndarray,
    indices: np.ndarray,
    col_ptr: np.ndarray,
    col_rows: np.ndarray,
    weight: np.ndarray,
    S: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
    """Counts, owner sums, G, B and L for the open rows ``S``, and the weight they cover."""
    n, m, p = indptr.size - 1, weight.size, S.size
    cnt = np.zeros(m, np.int64)
    ownsum = np.zeros(m, np.int64)
    G = np.zeros(n)
    B = np.zeros((n, p))
    L = np.zeros(p)
    for i in range(n):
        for q in range(indptr[i], indptr[i + 1]):
            G[i] += weight[indices[q]]
    value = 0.0
    for a in range(p):
        for q in range(indptr[S[a]], indptr[S[a] + 1]):
            k = indices[q]
            if cnt[k] == 0:
                value += weight[k]
            _flip(k, True, a, cnt, ownsum, col_ptr, col_rows, weight, G, B, L)
    return cnt, ownsum, G, B, L, value


# long: the move loop of the search (choose the best allowed swap, make it, keep the best)
@njit(cache=True, nogil=True)
def _moves(
    matrix: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    weight: np.ndarray,
    kind: np.ndarray,
    site_of: np.ndarray,
    S: np.ndarray,
    tables: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    tabu: tuple[np.ndarray, np.ndarray],
    rank: np.ndarray,
    span: tuple[int, int, int],
    best_value: float,
) -> tuple[np.ndarray, float]:
    """Make ``moves`` tabu moves from ``S`` (it and ``tables`` changed in place).

    ``span`` is the first move's number, the moves to make and the tenure;
    among equal swaps the entering row of lowest ``rank`` (rotated each move)
    is made. Returns the best plan met and its value (``tables[5][0]`` keeps
    the current plan's value).
    """
    start, moves, tenure = span
    indptr, indices, col_ptr, col_rows = matrix
    tabu_in, tabu_out = tabu
    n, p = indptr.size - 1, S.size
    cnt, ownsum, G, B, L, value_in = tables
    value = value_in[0]
    is_open = np.zeros(n, np.bool_)
    site_used = np.zeros(site_of.max() + 1, np.int64)
    for a in range(p):
        is_open[S[a]] = True
        site_used[site_of[S[a]]] += 1
    best_S = S.copy()
    best_value = max(best_value, value)
    for it in range(start, start + moves):
        best_d, bi, ba, b_rank = -np.inf, -1, -1, n
        for i in range(n):
            if is_open[i]:
                continue
            for a in range(p):
                d = G[i] - L[a] + B[i, a]
                if d < best_d - 1e-9:
                    continue
                j = S[a]
                if kind[j] != kind[i] or (site_used[site_of[i]] > 0 and site_of[j] != site_of[i]):
                    continue
                r = (rank[i] + it * 7919) % n
                if d < best_d + 1e-9 and r >= b_rank:
                    continue  # ties: the lowest rotated rank
                if (tabu_in[i] > it or tabu_out[j] > it) and value + d <= best_value + 1e-9:
                    continue
                best_d, bi, ba, b_rank = d, i, a, r
        if bi < 0:  # every swap tabu: forget the tabu list
            tabu_in[:] = 0
            tabu_out[:] = 0
            continue
        j = S[ba]
        for q in range(indptr[j], indptr[j + 1]):
            _flip(indices[q], False, ba, cnt, ownsum, col_ptr, col_rows, weight, G, B, L)
        for q in range(indptr[bi], indptr[bi + 1]):
            _flip(indices[q], True, ba, cnt, ownsum, col_ptr, col_rows, weight, G, B, L)
        site_used[site_of[j]] -= 1
        site_used[site_of[bi]] += 1
        is_open[j], is_open[bi] = False, True
        S[ba] = bi
        value += best_d
        tabu_in[j] = it + tenure
        tabu_out[bi] = it + tenure // 2
        if value > best_value + 1e-9:
            best_value = value
            best_S = S.copy()
    value_in[0] = value
    return best_S, best_value


class TabuState:
    """The search between calls of the compiled kernel: current plan, tabu lists, moves made."""

    def __init__(self, chosen: np.ndarray, n: int) -> None:
        self.current = np.asarray(chosen, dtype=np.int64).copy()
        self.best = self.current.copy()
        self.best_value = -np.inf
        self.tabu = (np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64))
        self.moves = 0


def tabu_cover(
    A: sp.csr_matrix,
    weight: np.ndarray,
    chosen: np.ndarray,
    rules: RowRules,
    *,
    max_moves: int,
    deadline: float | None = None,
    tenure: int | None = None,
    seed: int = 0,
) -> tuple[np.ndarray, int]:
    """Tabu search over swaps from ``chosen``; the best plan met (never worse than ``chosen``).

    Parameters
    ----------
    A
        CSR 0/1 matrix rows x columns.
    weight
        Weight per column (may include a large bonus for must-cover columns).
    chosen
        Rows open at the start.
    rules
        Per-type budgets (swaps within a type) and one-per-site rules.
    max_moves
        Most moves.
    deadline
        ``time.perf_counter()`` value after which no further chunk of
        moves starts (``None``: only ``max_moves`` counts, and the result
        does not depend on the clock).
    tenure
        Moves a row swapped out stays out (default: the number of open rows, at least 10).
    seed
        Seed for breaking ties between equal swaps.

    Returns
    -------
    rows, moves
        The best plan met and the number of moves made.
    """
    S = np.asarray(chosen, dtype=np.int64)
    n = A.shape[0]
    if S.size == 0 or S.size >= n:
        return S.copy(), 0
    csc = sp.csc_matrix(A)
    matrix = (
        A.indptr.astype(np.int64),
        A.indices.astype(np.int64),
        csc.indptr.astype(np.int64),
        csc.indices.astype(np.int64),
    )
    kind = rules.type_of if rules.per_type is not None else np.zeros(n, dtype=np.int64)
    state = TabuState(S, n)
    tenure = max(S.size, 10) if tenure is None else tenure
    w = np.ascontiguousarray(weight, dtype=np.float64)
    cnt, ownsum, G, B, L, value = _tables(*matrix, w, state.current)
    tables = (cnt, ownsum, G, B, L, np.array([value]))
    kind, site_of = kind.astype(np.int64), rules.site_of.astype(np.int64)
    rank = np.random.default_rng(seed).permutation(n).astype(np.int64)
    while state.moves < max_moves and (deadline is None or time.perf_counter() < deadline):
        chunk = min(CHUNK, max_moves - state.moves)
        span = (state.moves, chunk, tenure)
        best, value = _moves(
            *(matrix, w, kind, site_of, state.current, tables),
            *(state.tabu, rank, span, state.best_value),
        )
        if value > state.best_value:
            state.best, state.best_value = best, value
        state.moves += chunk
    return state.best, state.moves


@functools.cache
def load_kernels() -> None:
    """Load the search's compiled kernels into this process (once): a search on three rows.

    The first call of a numba kernel in a process loads its machine code from
    numba's cache (0.2-0.3 s, or compiles it without the set-up's warm-up);
    a time-limited search calls this before starting its clock, so a short
    limit does not lose its tabu moves to the loading.
    """
    A = sp.csr_matrix(np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 1.0, 0.0]]))
    rules = RowRules(np.zeros(3, dtype=np.int64), np.arange(3), Budget(1), 1)
    tabu_cover(A, np.ones(3), np.array([0]), rules, max_moves=1)
