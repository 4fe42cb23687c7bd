"""Set-cover reductions: shrink "cover every column with the fewest rows".

When every remaining demand group must be covered (a full-coverage target,
or only must-cover units asked for), the fewest new outlets is a pure set
covering problem. The classic reductions shrink it before HiGHS sees it:

* an *essential* row is the only one covering some column: it is opened;
* a column whose covering rows include all rows of another column is
  covered whenever that column is: it is dropped (column dominance);
* a row whose columns all lie in another row's columns is never needed
  (row dominance; only when no two rows share a site, since the
  one-outlet-per-site rule could forbid the dominating row).

The reductions repeat until nothing changes. Any cover of the reduced
matrix plus the forced rows covers the original, and an optimal one stays
optimal.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

__all__ = ["SetCoverReduction", "reduce_set_cover"]

logger = logging.getLogger(__name__)

#: Skip a dominance test when its pairwise product would hold more entries.
_PAIR_LIMIT = 40_000_000


@dataclass(frozen=True, eq=False)
class SetCoverReduction:
    """What the reductions left.

    Attributes
    ----------
    forced
        Rows that every solution opens (essential rows).
    rows
        Rows kept for the reduced problem (not forced).
    cols
        Columns still to cover.
    A
        The reduced matrix ``A[rows][:, cols]`` (CSR).
    uncoverable
        Columns no allowed row covers (essential rows competing for one site).
    """

    forced: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    A: sp.csr_matrix
    uncoverable: np.ndarray


def _dominated(M: sp.csr_matrix, *, drop_superset: bool) -> np.ndarray:
    """Lines (rows of ``M``) made redundant by another line's support.

    With ``drop_superset`` a line whose support contains another line's
    support is flagged (a column covered whenever the other is); otherwise a
    line whose support lies inside another's (a row another row outdoes).
    Of two lines with equal supports the later one is flagged. Empty lines
    are never flagged here.
    """
    n = M.shape[0]
    if n == 0:
        return np.zeros(0, dtype=bool)
    size = np.diff(M.indptr)
    work = int((np.diff(sp.csc_matrix(M).indptr).astype(np.int64) ** 2).sum())
    if work > _PAIR_LIMIT:
        return np.zeros(n, dtype=bool)
    pattern = sp.csr_matrix((np.ones(M.nnz), M.indices, M.indptr), shape=M.shape)
    overlap = sp.coo_matrix(pattern @ pattern.T)
    a, b, common = overlap.row, overlap.col, overlap.data
    if drop_superset:
        # b's support lies in a's: |a & b| == |b|; a is the redundant line
        inside = (a != b) & (np.abs(common - size[b]) < 0.5)
        flag = inside & ((size[b] < size[a]) | ((size[b] == size[a]) & (b < a)))
    else:
        # a's support lies in b's: |a & b| == |a|; a is the redundant line
        inside = (a != b) & (np.abs(common - size[a]) < 0.5)
        flag = inside & ((size[a] < size[b]) | ((size[a] == size[b]) & (b < a)))
    out = np.zeros(n, dtype=bool)
    out[a[flag]] = True
    return out


@dataclass(eq=False)
class _Reduction:
    """The matrix left, the original rows and columns it holds, and what was decided."""

    sub: sp.csr_matrix
    rows: np.ndarray
    cols: np.ndarray
    forced: list[np.ndarray] = field(default_factory=list)
    lost: list[np.ndarray] = field(default_factory=list)


def _open_essential(r: _Reduction, site_of: np.ndarray | None) -> bool:
    """Open the rows that alone cover a column; ``site_of`` when sites are shared."""
    csc = sp.csc_matrix(r.sub)
    single = np.flatnonzero(np.diff(csc.indptr) == 1)
    if not single.size:
        return False
    ess = np.unique(csc.indices[csc.indptr[single]])
    if site_of is not None:
        # one outlet per site: the first essential row of a site wins
        _, first = np.unique(site_of[r.rows[ess]], return_index=True)
        ess = ess[np.sort(first)]
    r.forced.append(r.rows[ess])
    hit = np.zeros(r.cols.size, dtype=bool)
    hit[sp.csr_matrix(r.sub[ess]).indices] = True
    drop = np.zeros(r.rows.size, dtype=bool)
    drop[ess] = True
    if site_of is not None:
        drop |= np.isin(site_of[r.rows], site_of[r.rows[ess]])
    keep_r = np.flatnonzero(~drop)
    left = sp.csc_matrix(r.sub[keep_r])
    orphan = (np.diff(left.indptr) == 0) & ~hit
    r.lost.append(r.cols[orphan])
    keep_c = np.flatnonzero(~hit & ~orphan)
    r.rows, r.cols = r.rows[keep_r], r.cols[keep_c]
    r.sub = sp.csr_matrix(r.sub[keep_r][:, keep_c])
    return True


def _drop_dominated_columns(r: _Reduction) -> bool:
    dom_c = _dominated(sp.csr_matrix(r.sub.T), drop_superset=True)
    if not dom_c.any():
        return False
    keep_c = np.flatnonzero(~dom_c)
    r.cols = r.cols[keep_c]
    r.sub = sp.csr_matrix(r.sub[:, keep_c])
    return True


def _drop_dominated_rows(r: _Reduction, *, row_dominance: bool) -> bool:
    """Drop empty rows, and dominated ones when ``row_dominance``."""
    empty = np.diff(r.sub.indptr) == 0
    dominated = (
        _dominated(r.sub, drop_superset=False) if row_dominance else np.zeros(r.rows.size, bool)
    )
    dom_r = dominated | empty
    if not dom_r.any():
        return False
    keep_r = np.flatnonzero(~dom_r)
    r.rows = r.rows[keep_r]
    r.sub = sp.csr_matrix(r.sub[keep_r])
    return True


def reduce_set_cover(
    A: sp.csr_matrix, *, site_of: np.ndarray | None = None, max_rounds: int = 20
) -> SetCoverReduction:
    """Apply essential-row, column-dominance and row-dominance reductions.

    Parameters
    ----------
    A
        CSR 0/1 matrix rows x columns; every column has at least one row.
    site_of
        Site per row when rows may share a site (one outlet per site): rows
        on a forced row's site are dropped and row dominance is not used.
    max_rounds
        Most rounds of the three reductions.

    Returns
    -------
    SetCoverReduction
        ``uncoverable`` lists columns that no row may cover any more because
        two essential rows share a site.
    """
    shared_sites = site_of is not None and np.unique(site_of).size < site_of.size
    state = _Reduction(sp.csr_matrix(A), np.arange(A.shape[0]), np.arange(A.shape[1]))
    for _ in range(max_rounds):
        changed = _open_essential(state, site_of if shared_sites else None)
        changed |= _drop_dominated_columns(state)
        changed |= _drop_dominated_rows(state, row_dominance=not shared_sites)
        if not changed or state.cols.size == 0:
            break
    sub, rows, cols, forced, lost = state.sub, state.rows, state.cols, state.forced, state.lost
    sub.sort_indices()
    forced_rows = np.concatenate(forced) if forced else np.zeros(0, dtype=np.int64)
    logger.info(
        "set cover reduced from %d rows x %d columns to %d x %d (%d rows forced)",
        A.shape[0],
        A.shape[1],
        rows.size,
        cols.size,
        forced_rows.size,
    )
    return SetCoverReduction(
        forced=np.sort(forced_rows).astype(np.int64),
        rows=rows.astype(np.int64),
        cols=cols.astype(np.int64),
        A=sub,
        uncoverable=np.sort(np.concatenate(lost)).astype(np.int64)
        if lost
        else np.zeros(0, dtype=np.int64),
    )
