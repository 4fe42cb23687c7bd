"""Sparse-matrix column helpers: merge identical columns, count and restrict coverage.

On real networks many demand units are reached by exactly the same outlets;
merging their columns shrinks an instance many times over without changing
any plan's value.
"""

from __future__ import annotations

import logging

import numpy as np
import scipy.sparse as sp

__all__ = [
    "column_counts",
    "group_identical_columns",
    "merge_identical_columns",
    "rows_and_their_columns",
]

logger = logging.getLogger(__name__)


def _split_collisions(
    csc: sp.csc_matrix, group: np.ndarray, first: np.ndarray, *, compare_values: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Check every column against its group's first, entry by entry; part those that differ.

    Row indices are sorted, so equal columns agree position by position.
    Returns the groups and their first columns.
    """
    indptr, idx = csc.indptr.astype(np.int64), csc.indices
    n_cols = csc.shape[1]
    rep = first[group]
    check = np.flatnonzero(rep != np.arange(n_cols))
    if check.size:
        lens = np.diff(indptr)[check]
        col = np.repeat(check, lens)
        offset = np.arange(col.size) - np.repeat(np.cumsum(lens) - lens, lens)
        pos = indptr[col] + offset
        rep_pos = indptr[rep[col]] + offset
        bad = idx[pos] != idx[rep_pos]
        if compare_values:
            bad |= csc.data[pos] != csc.data[rep_pos]
        if np.any(bad):
            bad_cols = np.unique(col[bad])
            logger.warning("hash collision on %d columns; keeping them apart", bad_cols.size)
            group = group.copy()
            group[bad_cols] = group.max() + 1 + np.arange(bad_cols.size)
            _, first, group = np.unique(group, return_index=True, return_inverse=True)
    return group, first


def group_identical_columns(
    matrix: sp.spmatrix | sp.sparray,
    *,
    extra_key: np.ndarray | None = None,
    compare_values: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Group columns with the same sparsity pattern (and optionally the same values).

    Columns are hashed, then every grouped column is checked entry by entry
    against its group's first column, so the grouping is exact.

    Parameters
    ----------
    matrix
        Sparse matrix whose columns are compared.
    extra_key
        Integer per column that must also match (e.g. a class code).
    compare_values
        Also require identical stored values.

    Returns
    -------
    group, representative
        ``group[j]`` is the group of column ``j``; ``representative[g]`` is the
        first column of group ``g``.
    """
    csc = sp.csc_matrix(matrix)
    if not csc.has_sorted_indices:
        csc = csc.copy()
        csc.sort_indices()
    n_rows, n_cols = csc.shape
    if n_cols == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    indptr = csc.indptr.astype(np.int64)
    idx = csc.indices
    rng = np.random.default_rng(20240611)
    pattern = sp.csc_matrix((np.ones(idx.size), idx, indptr), shape=csc.shape)
    hashes = [pattern.T @ rng.random(n_rows), pattern.T @ rng.random(n_rows)]
    if compare_values:
        mixed = sp.csc_matrix((np.sin(csc.data * 12.9898 + 1.0), idx, indptr), shape=csc.shape)
        hashes.append(mixed.T @ rng.random(n_rows))
    h1 = np.asarray(hashes[0]).view(np.uint64)
    h2 = np.asarray(hashes[1]).view(np.uint64)
    if compare_values:
        h2 = h2 ^ np.asarray(hashes[2]).view(np.uint64)
    nnz = np.diff(indptr).astype(np.uint64)
    extra = (
        np.zeros(n_cols, dtype=np.uint64)
        if extra_key is None
        else np.asarray(extra_key).astype(np.int64).astype(np.uint64)
    )
    order = np.lexsort((extra, nnz, h2, h1))
    keys = np.stack([h1[order], h2[order], nnz[order], extra[order]], axis=1)
    new_group = np.ones(n_cols, dtype=bool)
    new_group[1:] = np.any(keys[1:] != keys[:-1], axis=1)
    gid_sorted = np.cumsum(new_group) - 1
    group = np.empty(n_cols, dtype=np.int64)
    group[order] = gid_sorted
    # renumber groups by their first column so the result does not depend on hashes
    first_col = np.full(int(gid_sorted[-1]) + 1, n_cols, dtype=np.int64)
    np.minimum.at(first_col, group, np.arange(n_cols))
    rank = np.argsort(first_col, kind="stable")
    relabel = np.empty_like(rank)
    relabel[rank] = np.arange(rank.size)
    group = relabel[group]
    first = first_col[rank]
    # exact check of every non-representative column against its representative
    group, first = _split_collisions(csc, group, first, compare_values=compare_values)
    return group.astype(np.int64), first.astype(np.int64)


def merge_identical_columns(
    matrix: sp.spmatrix | sp.sparray,
    *values: np.ndarray,
    extra_key: np.ndarray | None = None,
    compare_values: bool = False,
) -> tuple[sp.csr_matrix, tuple[np.ndarray, ...], np.ndarray]:
    """Merge the identical columns of ``matrix`` (see :func:`group_identical_columns`).

    Returns
    -------
    merged, sums, group
        The CSR matrix of each group's first column, each of ``values`` (one
        entry per column) summed per group, and the group of every column.
    """
    group, rep = group_identical_columns(matrix, extra_key=extra_key, compare_values=compare_values)
    merged = sp.csr_matrix(sp.csr_matrix(matrix)[:, rep])
    sums = tuple(np.bincount(group, weights=v, minlength=rep.size) for v in values)
    return merged, sums, group


def column_counts(A: sp.csr_matrix, rows: np.ndarray) -> np.ndarray:
    """How many of ``rows`` cover each column."""
    if rows.size == 0:
        return np.zeros(A.shape[1], dtype=np.int32)
    ip = A.indptr
    idx = np.concatenate([A.indices[ip[r] : ip[r + 1]] for r in rows])
    return np.bincount(idx, minlength=A.shape[1]).astype(np.int32)


def rows_and_their_columns(A: sp.csr_matrix, rows: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray]:
    """``A`` restricted to ``rows`` and to the columns they reach.

    Returns
    -------
    sub, cols
        The CSR submatrix ``A[rows][:, cols]`` and the columns kept.
    """
    sub = sp.csr_matrix(A[rows])
    cols = np.flatnonzero(np.diff(sp.csc_matrix(sub).indptr) > 0)
    return sp.csr_matrix(sub[:, cols]), cols
