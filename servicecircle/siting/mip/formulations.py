"""Mixed-integer formulations of the location models, built as sparse arrays.

Every builder returns a :class:`~servicecircle.siting.mip.highs.LinearModel` whose
first ``n_rows`` columns are the 0/1 open decisions ``x`` of the instance rows.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from servicecircle.siting.budget import RowRules
from servicecircle.siting.mip.highs import LinearModel

__all__ = [
    "capacitated_min_model",
    "capacitated_model",
    "mclp_model",
    "pmedian_model",
    "pscp_model",
]


def _one_per_site(site_of: np.ndarray, n_cols: int) -> sp.csr_matrix | None:
    """Rows ``sum of x on a shared site <= 1``, one per site with several rows (``None``: none)."""
    n = site_of.size
    sites, inverse, counts = np.unique(site_of, return_inverse=True, return_counts=True)
    shared = np.flatnonzero(counts > 1)
    if not shared.size:
        return None
    row_of_site = np.full(sites.size, -1)
    row_of_site[shared] = np.arange(shared.size)
    r = row_of_site[inverse]
    keep = r >= 0
    return sp.csr_matrix(
        (np.ones(int(keep.sum())), (r[keep], np.arange(n)[keep])), shape=(shared.size, n_cols)
    )


def _rule_rows(
    rules: RowRules, n_cols: int, free: np.ndarray, *, exact: bool
) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Budget rows (sum of free x per type or in total) and one-per-site rows."""
    blocks, lo, hi = [], [], []
    pt = rules.per_type
    groups = (
        [(rules.type_of == t) & free for t in range(rules.n_types)] if pt is not None else [free]
    )
    counts = list(pt) if pt is not None else [rules.budget.total]
    for mask, k in zip(groups, counts, strict=True):
        cols = np.flatnonzero(mask)
        blocks.append(
            sp.csr_matrix((np.ones(cols.size), (np.zeros(cols.size, int), cols)), shape=(1, n_cols))
        )
        lo.append(float(k) if exact else 0.0)
        hi.append(float(k))
    if not rules.sites_unique:
        site_rows = _one_per_site(rules.site_of, n_cols)
        if site_rows is not None:
            blocks.append(site_rows)
            lo.extend([0.0] * site_rows.shape[0])
            hi.extend([1.0] * site_rows.shape[0])
    return sp.csr_matrix(sp.vstack(blocks)), np.asarray(lo), np.asarray(hi)


def mclp_model(
    A: sp.csr_matrix,
    weight: np.ndarray,
    must: np.ndarray,
    rules: RowRules,
    *,
    offset: float = 0.0,
) -> LinearModel:
    """Maximal covering: max sum w_k y_k, y_k <= sum_{i covers k} x_i, budget on x.

    Columns: x (one per row of ``A``), then y (one per column of ``A``).
    """
    n, m = A.shape
    cover_rows = sp.hstack([-sp.csr_matrix(A.T), sp.identity(m, format="csr")], format="csr")
    free = np.ones(n, dtype=bool)
    rule_rows, rlo, rhi = _rule_rows(rules, n + m, free, exact=True)
    rows = sp.csr_matrix(sp.vstack([cover_rows, rule_rows]))
    return LinearModel(
        maximize=True,
        cost=np.concatenate([np.zeros(n), weight]),
        col_lower=np.concatenate([np.zeros(n), must.astype(np.float64)]),
        col_upper=np.ones(n + m),
        integer=np.concatenate([np.ones(n, np.int32), np.zeros(m, np.int32)]),
        rows=rows,
        row_lower=np.concatenate([np.full(m, -np.inf), rlo]),
        row_upper=np.concatenate([np.zeros(m), rhi]),
        offset=offset,
    )


def pscp_model(
    A: sp.csr_matrix,
    people: np.ndarray,
    must: np.ndarray,
    required: float,
    site_of: np.ndarray,
) -> LinearModel:
    """Partial set covering: min sum x, covered people >= ``required``, must-cover hard."""
    n, m = A.shape
    cover_rows = sp.hstack([-sp.csr_matrix(A.T), sp.identity(m, format="csr")], format="csr")
    target = sp.csr_matrix(np.concatenate([np.zeros(n), people])[None, :])
    blocks = [cover_rows, target]
    lo = [np.full(m, -np.inf), np.array([required])]
    hi = [np.zeros(m), np.array([np.inf])]
    site_rows = _one_per_site(site_of, n + m)
    if site_rows is not None:
        blocks.append(site_rows)
        lo.append(np.zeros(site_rows.shape[0]))
        hi.append(np.ones(site_rows.shape[0]))
    return LinearModel(
        maximize=False,
        cost=np.concatenate([np.ones(n), np.zeros(m)]),
        col_lower=np.concatenate([np.zeros(n), must.astype(np.float64)]),
        col_upper=np.ones(n + m),
        integer=np.concatenate([np.ones(n, np.int32), np.zeros(m, np.int32)]),
        rows=sp.csr_matrix(sp.vstack(blocks)),
        row_lower=np.concatenate(lo),
        row_upper=np.concatenate(hi),
    )


def _edges(A: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    row = np.repeat(np.arange(A.shape[0]), np.diff(A.indptr))
    return row, A.indices.astype(np.int64)


def _flow_rows(
    A: sp.csr_matrix, people: np.ndarray, capacity: np.ndarray, n_cols: int
) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Rows of a splittable assignment within capacity; flows f_e are columns n..n+ne-1.

    Rows: sum_i f_ik <= people_k (one per column of ``A``), sum_k f_ik <= cap_i x_i
    (one per row), f_e <= people_k x_i (one per pair). Returns the rows, the
    pair's row and column indices.
    """
    n, m = A.shape
    ei, ek = _edges(A)
    ne = ei.size
    reach = np.bincount(ei, weights=people[ek], minlength=n)
    cap = np.minimum(capacity, reach)
    e_cols = n + np.arange(ne)
    demand_rows = sp.csr_matrix((np.ones(ne), (ek, e_cols)), shape=(m, n_cols))
    cap_rows = sp.csr_matrix(
        (
            np.concatenate([np.ones(ne), -cap]),
            (np.concatenate([ei, np.arange(n)]), np.concatenate([e_cols, np.arange(n)])),
        ),
        shape=(n, n_cols),
    )
    link_rows = sp.csr_matrix(
        (
            np.concatenate([np.ones(ne), -people[ek]]),
            (np.concatenate([np.arange(ne), np.arange(ne)]), np.concatenate([e_cols, ei])),
        ),
        shape=(ne, n_cols),
    )
    return sp.csr_matrix(sp.vstack([demand_rows, cap_rows, link_rows])), ei, ek


def capacitated_model(
    A: sp.csr_matrix,
    weight: np.ndarray,
    people: np.ndarray,
    must: np.ndarray,
    capacity: np.ndarray,
    is_fixed: np.ndarray,
    rules: RowRules,
) -> LinearModel:
    """Capacitated maximal covering with splittable assignment within the break.

    Columns: x (rows), then a flow f_e of people for each covering pair e=(i, k).
    Maximise sum (w_k / people_k) f_e subject to sum_i f_ik <= people_k (= for
    must-cover), sum_k f_ik <= cap_i x_i, f_e <= people_k x_i, and the budget.
    """
    n, m = A.shape
    n_cols = n + A.nnz
    flow_rows, _, ek = _flow_rows(A, people, capacity, n_cols)
    ne = ek.size
    ratio = np.divide(weight, people, out=np.zeros(m), where=people > 0)
    rule_rows, rlo, rhi = _rule_rows(rules, n_cols, ~is_fixed, exact=True)
    rows = sp.csr_matrix(sp.vstack([flow_rows, rule_rows]))
    col_lower = np.concatenate([is_fixed.astype(np.float64), np.zeros(ne)])
    return LinearModel(
        maximize=True,
        cost=np.concatenate([np.zeros(n), ratio[ek]]),
        col_lower=col_lower,
        col_upper=np.concatenate([np.ones(n), people[ek]]),
        integer=np.concatenate([np.ones(n, np.int32), np.zeros(ne, np.int32)]),
        rows=rows,
        row_lower=np.concatenate([np.where(must, people, -np.inf), np.full(n + ne, -np.inf), rlo]),
        row_upper=np.concatenate([people, np.zeros(n + ne), rhi]),
    )


def capacitated_min_model(
    A: sp.csr_matrix,
    people: np.ndarray,
    must: np.ndarray,
    capacity: np.ndarray,
    is_fixed: np.ndarray,
    site_of: np.ndarray,
    required: float,
) -> LinearModel:
    """Fewest new rows serving at least ``required`` people within capacity.

    The flows and rows of :func:`capacitated_model` (must-cover groups served
    in full), with the objective sum of new x and one more row:
    sum_e f_e >= ``required``. Existing rows are open; one row per site.
    """
    n = A.shape[0]
    n_cols = n + A.nnz
    flow_rows, _, ek = _flow_rows(A, people, capacity, n_cols)
    ne = ek.size
    target = sp.csr_matrix(np.concatenate([np.zeros(n), np.ones(ne)])[None, :])
    blocks = [flow_rows, target]
    lo = [np.where(must, people, -np.inf), np.full(n + ne, -np.inf), np.array([required])]
    hi = [people, np.zeros(n + ne), np.array([np.inf])]
    site_rows = _one_per_site(site_of, n_cols)
    if site_rows is not None:
        blocks.append(site_rows)
        lo.append(np.zeros(site_rows.shape[0]))
        hi.append(np.ones(site_rows.shape[0]))
    return LinearModel(
        maximize=False,
        cost=np.concatenate([(~is_fixed).astype(np.float64), np.zeros(ne)]),
        col_lower=np.concatenate([is_fixed.astype(np.float64), np.zeros(ne)]),
        col_upper=np.concatenate([np.ones(n), people[ek]]),
        integer=np.concatenate([np.ones(n, np.int32), np.zeros(ne, np.int32)]),
        rows=sp.csr_matrix(sp.vstack(blocks)),
        row_lower=np.concatenate(lo),
        row_upper=np.concatenate(hi),
    )


def pmedian_model(
    D: sp.csr_matrix,
    weight: np.ndarray,
    penalty: float,
    is_fixed: np.ndarray,
    rules: RowRules,
    *,
    people: np.ndarray | None = None,
    capacity: np.ndarray | None = None,
) -> LinearModel:
    """p-median with a penalty for demand no open row reaches within the matrix.

    Columns: x (rows), z_e per stored pair, u_k per column (unreached).
    Minimise sum w_k d_e z_e + sum w_k penalty u_k subject to
    sum_i z_ik + u_k = 1, z_e <= x_i and the budget. With ``people`` and
    ``capacity`` (the capacitated p-median), also sum_k people_k z_ik <=
    cap_i x_i: people beyond every open outlet's capacity count at the penalty.
    """
    n, m = D.shape
    ei, ek = _edges(D)
    ne = ei.size
    n_cols = n + ne + m
    e_cols = n + np.arange(ne)
    u_cols = n + ne + np.arange(m)
    assign_rows = sp.csr_matrix(
        (np.ones(ne + m), (np.concatenate([ek, np.arange(m)]), np.concatenate([e_cols, u_cols]))),
        shape=(m, n_cols),
    )
    link_rows = sp.csr_matrix(
        (
            np.concatenate([np.ones(ne), -np.ones(ne)]),
            (np.concatenate([np.arange(ne), np.arange(ne)]), np.concatenate([e_cols, ei])),
        ),
        shape=(ne, n_cols),
    )
    rule_rows, rlo, rhi = _rule_rows(rules, n_cols, ~is_fixed, exact=True)
    blocks = [assign_rows, link_rows, rule_rows]
    lo = [np.ones(m), np.full(ne, -np.inf), rlo]
    hi = [np.ones(m), np.zeros(ne), rhi]
    if people is not None and capacity is not None:
        blocks.append(_capacity_rows(ei, ek, people, capacity, n, n_cols))
        lo.append(np.full(n, -np.inf))
        hi.append(np.zeros(n))
    rows = sp.csr_matrix(sp.vstack(blocks))
    return LinearModel(
        maximize=False,
        cost=np.concatenate([np.zeros(n), weight[ek] * D.data, weight * penalty]),
        col_lower=np.concatenate([is_fixed.astype(np.float64), np.zeros(ne + m)]),
        col_upper=np.ones(n_cols),
        integer=np.concatenate([np.ones(n, np.int32), np.zeros(ne + m, np.int32)]),
        rows=rows,
        row_lower=np.concatenate(lo),
        row_upper=np.concatenate(hi),
    )


def _capacity_rows(
    ei: np.ndarray, ek: np.ndarray, people: np.ndarray, capacity: np.ndarray, n: int, n_cols: int
) -> sp.csr_matrix:
    """Rows sum_k people_k z_ik - cap_i x_i <= 0 over pair columns z (after the n x columns)."""
    ne = ei.size
    reach = np.bincount(ei, weights=people[ek], minlength=n)
    cap = np.minimum(capacity, reach)
    return sp.csr_matrix(
        (
            np.concatenate([people[ek], -cap]),
            (np.concatenate([ei, np.arange(n)]), np.concatenate([n + np.arange(ne), np.arange(n)])),
        ),
        shape=(n, n_cols),
    )
