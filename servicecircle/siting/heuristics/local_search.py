"""Swap (interchange) local search for coverage, with all swap gains at once.

For the open set S with cover counts c, the change of swapping row i in and
open row j out is

    delta(i, j) = G_i - L_j + B_ij

where G_i is the weight i would newly cover, L_j the weight only j covers,
and B_ij the weight only j covers that i covers too. G and L are one sparse
product each; B is one sparse product over the uniquely covered columns
(``A @ (A_S * w_unique).T``) and is zero for most pairs, so the best swap is
the better of the best sparse entry and ``max G - min L``. One pass costs
about one pass over the matrix, whatever the number of pairs.
"""

from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sp

from servicecircle.siting.budget import RowRules
from servicecircle.siting.columns import column_counts

__all__ = ["best_swap", "swap_cover", "swap_gains"]


def swap_gains(
    A: sp.csr_matrix, weight: np.ndarray, chosen: np.ndarray, cnt: np.ndarray
) -> tuple[np.ndarray, np.ndarray, sp.coo_matrix]:
    """Return G (per row), L (per chosen row) and the sparse correction B (rows x chosen)."""
    unc = weight * (cnt == 0)
    uniq = weight * (cnt == 1)
    G = A @ unc
    AS = sp.csr_matrix(A[chosen])
    L = AS @ uniq
    M = sp.csr_matrix(AS.multiply(uniq[None, :]))
    M.eliminate_zeros()
    B = sp.coo_matrix(A @ M.T)
    return np.asarray(G).ravel(), np.asarray(L).ravel(), B


def best_swap(
    G: np.ndarray,
    L: np.ndarray,
    B: sp.coo_matrix,
    chosen: np.ndarray,
    can_enter: np.ndarray,
    rules: RowRules,
) -> tuple[float, int, int]:
    """Best (delta, i, position of j in chosen) among allowed swaps."""
    best = (-np.inf, -1, -1)
    Gm = np.where(can_enter, G, -np.inf)
    per_type = rules.per_type is not None
    types = np.unique(rules.type_of[chosen]) if per_type else np.array([-1])
    for t in types:
        if per_type:
            gi = np.where(rules.type_of == t, Gm, -np.inf)
            lj = np.where(rules.type_of[chosen] == t, L, np.inf)
        else:
            gi, lj = Gm, L
        i = int(np.argmax(gi))
        jj = int(np.argmin(lj))
        val = float(gi[i] - lj[jj])
        if val > best[0]:
            best = (val, i, jj)
    if B.nnz:
        vals = Gm[B.row] - L[B.col] + B.data
        if per_type:
            vals = np.where(rules.type_of[B.row] == rules.type_of[chosen[B.col]], vals, -np.inf)
        q = int(np.argmax(vals))
        if vals[q] > best[0]:
            best = (float(vals[q]), int(B.row[q]), int(B.col[q]))
    return best


def swap_cover(
    A: sp.csr_matrix,
    weight: np.ndarray,
    chosen: np.ndarray,
    rules: RowRules,
    *,
    deadline: float | None = None,
    max_iter: int = 100_000,
) -> tuple[np.ndarray, int]:
    """Improve ``chosen`` by best-improvement swaps until none gains.

    Parameters
    ----------
    A
        CSR 0/1 matrix rows x columns.
    weight
        Weight per column.
    chosen
        Rows open at the start (kept in their positions; swapped in place).
    rules
        Per-type budgets and one-per-site rules (swaps keep them).
    deadline
        ``time.perf_counter()`` value by which the search stops: a pass is
        not started when the previous one would not fit before it.
    max_iter
        Most swaps to make.

    Returns
    -------
    chosen, n_swaps
        The improved rows and the number of swaps made.
    """
    S = np.asarray(chosen, dtype=np.int64).copy()
    if S.size == 0:
        return S, 0
    cnt = column_counts(A, S)
    ip, ix = A.indptr, A.indices
    tol = 1e-9 * max(1.0, float(np.abs(weight).sum()))
    n = A.shape[0]
    check_sites = not rules.sites_unique
    swaps = 0
    last = 0.0
    while swaps < max_iter:
        started = time.perf_counter()
        if deadline is not None and started + last > deadline:
            break
        G, L, B = swap_gains(A, weight, S, cnt)
        can_enter = np.ones(n, dtype=bool)
        can_enter[S] = False
        if check_sites:
            used = np.zeros(int(rules.site_of.max()) + 1, dtype=bool)
            used[rules.site_of[S]] = True
            can_enter &= ~used[rules.site_of]
        delta, i, jj = best_swap(G, L, B, S, can_enter, rules)
        last = time.perf_counter() - started
        if delta <= tol or i < 0:
            break
        j = S[jj]
        cnt[ix[ip[j] : ip[j + 1]]] -= 1
        cnt[ix[ip[i] : ip[i + 1]]] += 1
        S[jj] = i
        swaps += 1
    return S, swaps
