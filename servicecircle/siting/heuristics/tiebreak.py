"""Tie-break between equally covering plans: fewer people-weighted minutes.

After coverage is settled, swaps that keep the covered weight and lower the
people-weighted minutes to the nearest open outlet are made (lexicographic
secondary objective). The minutes change of swapping i in and j out uses
the fast-interchange decomposition ``-gain_i + loss_j + E_ij`` with ``E`` a
sparse correction, all from the nearest and second-nearest open outlet of
each demand unit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from servicecircle.siting.budget import RowRules
from servicecircle.siting.columns import column_counts
from servicecircle.siting.heuristics.local_search import swap_gains

__all__ = ["Interchange", "interchange", "nearest_two", "tiebreak_minutes"]

_DENSE_LIMIT = 20_000_000


def nearest_two(
    D: sp.csr_matrix, open_rows: np.ndarray, penalty: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nearest and second-nearest minutes per column and the nearest row (-1 if none)."""
    m = D.shape[1]
    d1 = np.full(m, penalty)
    d2 = np.full(m, penalty)
    who = np.full(m, -1, dtype=np.int64)
    if len(open_rows) == 0:
        return d1, d2, who
    sub = sp.csr_matrix(D[open_rows])
    rows = np.repeat(np.asarray(open_rows), np.diff(sub.indptr))
    cols, vals = sub.indices, np.minimum(sub.data, penalty)
    order = np.lexsort((rows, vals, cols))
    cols, vals, rows = cols[order], vals[order], rows[order]
    first = np.ones(cols.size, dtype=bool)
    first[1:] = cols[1:] != cols[:-1]
    d1[cols[first]] = vals[first]
    who[cols[first]] = rows[first]
    second = np.zeros(cols.size, dtype=bool)
    second[1:] = first[:-1] & ~first[1:]
    d2[cols[second]] = vals[second]
    return d1, d2, who


@dataclass(frozen=True, eq=False)
class Interchange:
    """The terms of the weighted-minutes change of swapping a row in and an open row out.

    The change of swapping entering row ``e`` in and ``chosen[j]`` out is
    ``-gain[e] + loss[j] + correction[e, j]``.

    Attributes
    ----------
    gain
        Per entering row: weighted minutes saved by opening it.
    loss
        Per chosen row: weighted minutes lost by closing it.
    correction
        Sparse (entering x chosen) correction for demand both rows serve;
        duplicates are not summed.
    """

    gain: np.ndarray
    loss: np.ndarray
    correction: sp.coo_matrix


def interchange(
    D: sp.csr_matrix,
    weight: np.ndarray,
    chosen: np.ndarray,
    fixed_rows: np.ndarray,
    penalty: float,
    *,
    entering: np.ndarray | None = None,
) -> Interchange:
    """Swap terms for every row in ``entering`` and every row of ``chosen``.

    Parameters
    ----------
    D
        Minutes, rows (options) x demand units.
    weight
        Weight per demand unit.
    chosen
        Open rows that may leave.
    fixed_rows
        Rows that stay open.
    penalty
        Minutes counted for demand no open row reaches.
    entering
        Rows that may enter (default: every row of ``D``).

    Returns
    -------
    Interchange
    """
    d1, d2, who = nearest_two(D, np.concatenate([fixed_rows, chosen]), penalty)
    rows = np.arange(D.shape[0]) if entering is None else np.asarray(entering, dtype=np.int64)
    sub = sp.csr_matrix(D[rows]) if entering is not None else D
    n = rows.size
    ei = np.repeat(np.arange(n), np.diff(sub.indptr))
    ek = sub.indices
    de = np.minimum(sub.data, penalty)
    gain = np.bincount(ei, weights=weight[ek] * np.maximum(d1[ek] - de, 0.0), minlength=n)
    pos = np.full(D.shape[0], -1, dtype=np.int64)
    pos[chosen] = np.arange(chosen.size)
    owner = np.where(who >= 0, pos[np.maximum(who, 0)], -1)
    has = owner >= 0
    loss = np.bincount(owner[has], weights=(weight * (d2 - d1))[has], minlength=chosen.size)
    sel = (owner[ek] >= 0) & (de < d2[ek])
    e_vals = weight[ek[sel]] * (np.maximum(de[sel], d1[ek[sel]]) - d2[ek[sel]])
    E = sp.coo_matrix((e_vals, (ei[sel], owner[ek[sel]])), shape=(n, chosen.size))
    return Interchange(gain, loss, E)


def _keeps_coverage(
    A: sp.csr_matrix, weight: np.ndarray, S: np.ndarray, rules: RowRules, tol: float
) -> np.ndarray:
    """(rows x open rows) mask: swapping row i in for ``S[j]`` keeps the covered weight."""
    cnt = column_counts(A, S)
    G, L, B = swap_gains(A, weight, S, cnt)
    dcov = G[:, None] - L[None, :] + B.toarray()
    ok: np.ndarray = dcov >= -tol
    ok[S, :] = False
    if not rules.sites_unique:
        used = np.zeros(int(rules.site_of.max()) + 1, dtype=bool)
        used[rules.site_of[S]] = True
        ok[used[rules.site_of], :] = False
    if rules.per_type is not None:
        ok &= rules.type_of[:, None] == rules.type_of[S][None, :]
    return ok


def tiebreak_minutes(
    A: sp.csr_matrix,
    weight: np.ndarray,
    D: sp.csr_matrix,
    dweight: np.ndarray,
    chosen: np.ndarray,
    row_options: np.ndarray,
    fixed_options: np.ndarray,
    rules: RowRules,
    *,
    penalty: float,
    deadline: float,
    max_iter: int | None = None,
) -> np.ndarray:
    """Swap rows to lower weighted minutes without losing covered weight.

    Only rows whose swap keeps the covered weight are priced in minutes, so a
    pass costs one coverage swap pass plus the minutes of those few rows. A
    pass is not started when the previous one would not fit before
    ``deadline``.

    Parameters
    ----------
    A, weight
        Coverage instance (rows x merged columns) and column weights.
    D, dweight
        Minutes of every option over all demand units, and the weight per
        demand unit.
    chosen
        Open free rows (indices into ``A``).
    row_options
        Row of ``D`` for each row of ``A``.
    fixed_options
        Always-open rows of ``D`` (existing outlets).
    rules
        Budget and site rules.
    penalty
        Minutes counted for demand no open row reaches.
    deadline
        ``time.perf_counter()`` value by which to stop.
    max_iter
        Most swaps (default ``2 * len(chosen) + 10``).

    Returns
    -------
    numpy.ndarray
        The new open rows.
    """
    S = np.asarray(chosen, dtype=np.int64).copy()
    n = A.shape[0]
    if S.size == 0 or n * S.size > _DENSE_LIMIT:
        return S
    tol_c = 1e-9 * max(1.0, float(weight.sum()))
    tol_m = 1e-9 * max(1.0, float(dweight.sum()) * penalty)
    limit = max_iter if max_iter is not None else 2 * S.size + 10
    last = 0.0
    for _ in range(limit):
        started = time.perf_counter()
        if started + last > deadline:
            break
        ok = _keeps_coverage(A, weight, S, rules, tol_c)
        entering = np.flatnonzero(ok.any(axis=1))
        if entering.size == 0:
            break
        terms = interchange(
            D, dweight, row_options[S], fixed_options, penalty, entering=row_options[entering]
        )
        dmin = -terms.gain[:, None] + terms.loss[None, :] + terms.correction.toarray()
        cand = np.where(ok[entering], dmin, np.inf)
        flat = int(np.argmin(cand))
        e, jj = divmod(flat, S.size)
        last = time.perf_counter() - started
        if not cand[e, jj] < -tol_m:
            break
        S[jj] = entering[e]
    return S
