"""One kernel of the covering search: the MIP on the incumbent plus the rows a relaxation favours.

See :mod:`servicecircle.siting.cover_plan` for the search it serves.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from servicecircle.siting.budget import RowRules
from servicecircle.siting.columns import (
    column_counts,
    merge_identical_columns,
    rows_and_their_columns,
)
from servicecircle.siting.effort import Effort
from servicecircle.siting.mip.formulations import mclp_model
from servicecircle.siting.mip.highs import solve_linear
from servicecircle.siting.reduce import CoverInstance

__all__ = [
    "COUNTED_KERNEL_NNZ",
    "KERNEL_NNZ_PER_ROOT_UNIT",
    "MIN_KERNEL_NODES",
    "NODES_PER_UNIT",
    "root_cost",
    "solve_kernel",
    "x_start",
]

#: With counted work, a kernel is not tried when its share of the units buys fewer nodes.
MIN_KERNEL_NODES = 5
#: With counted work, the most nodes a unit buys on a small kernel (a node costs more
#: than its share of a pass: HiGHS's own work per node).
NODES_PER_UNIT = 10
#: With counted work, kernels whose model has more nonzeros are not tried (their root
#: LP alone would take seconds, and no node limit bounds it).
COUNTED_KERNEL_NNZ = 150_000
#: With counted work, a kernel whose model has ``k`` nonzeros costs at least
#: ``(k / KERNEL_NNZ_PER_ROOT_UNIT) ** 2`` units, whatever its node count: HiGHS's root
#: LP and cuts, which no node limit bounds, grow about with the square of the model
#: (50,000 x 5,000, p = 50: 4,600 nonzeros 0.04 s, 11,000 0.17 s, 44,000 9.6 s,
#: 129,000 over 80 s of CPU; at about 90 units a CPU second the square charges 9, 55,
#: 870 and 7,400 units).
KERNEL_NNZ_PER_ROOT_UNIT = 1_500


def x_start(n: int, A: sp.csr_matrix, rows: np.ndarray) -> np.ndarray:
    """A MIP start: rows ``rows`` of ``n`` open and the columns they cover covered."""
    x = np.zeros(n + A.shape[1])
    x[rows] = 1.0
    x[n:] = column_counts(A, rows) > 0
    return x


def root_cost(nnz: int) -> int:
    """Units a kernel of ``nnz`` nonzeros costs at least with counted work (one or more).

    >>> root_cost(4_600), root_cost(44_000), root_cost(0)
    (10, 861, 1)
    """
    return max(1, -(-(int(nnz) ** 2) // KERNEL_NNZ_PER_ROOT_UNIT**2))


def solve_kernel(
    inst: CoverInstance,
    rules: RowRules,
    S: np.ndarray,
    guide: np.ndarray,
    size: int,
    *,
    time_limit: float,
    mip_gap: float,
    seed: int,
    effort: Effort,
) -> tuple[np.ndarray | None, float, bool]:
    """Solve the MIP on the incumbent ``S`` plus the ``size`` rows ``guide`` favours most.

    Returns the rows found (or ``None``), a bound on the whole instance
    (finite only when the kernel held every row and was solved) and whether
    HiGHS proved the kernel optimal. With counted work the kernel's nodes
    are its share of the units, scaled by how much smaller its matrix is;
    the share of the nodes it did not explore is given back, but never its
    root (:func:`root_cost`), and a kernel whose root costs more than its
    share is not tried.
    """
    A = inst.A
    order = np.lexsort((np.arange(guide.size), -guide))
    pool = np.union1d(S, order[:size])
    sub, cols = rows_and_their_columns(A, pool)
    subA, (w, must_count), _ = merge_identical_columns(sub, inst.weight[cols], inst.must[cols])
    model = mclp_model(subA, w, must_count > 0, rules.subset(pool))
    start = x_start(pool.size, subA, np.searchsorted(pool, S))
    units = effort.share(0.25)
    scaled = None if units is None else units * A.nnz // max(model.rows.nnz, 1)
    nodes = None if units is None or scaled is None else min(scaled, NODES_PER_UNIT * units)
    root_units = root_cost(model.rows.nnz)
    too_big = model.rows.nnz > COUNTED_KERNEL_NNZ or (nodes or 0) < MIN_KERNEL_NODES
    if units is not None and (too_big or root_units > units):
        # too little work left for a kernel this large, or a root LP no node count bounds
        effort.refund(units)
        return None, np.inf, False
    out = solve_linear(
        model,
        time_limit=time_limit,
        mip_rel_gap=mip_gap,
        start=start,
        seed=seed,
        presolve=False,
        node_limit=nodes,
    )
    if units is not None and nodes is not None:
        # the nodes HiGHS did not need go back (a kernel solved at its root costs its root)
        effort.refund(units - max(root_units, -(-units * out.nodes // nodes)))
    whole = pool.size == A.shape[0] and np.isfinite(out.bound)
    bound = out.bound if whole else np.inf
    solved = out.status == "optimal"
    if out.x is None:
        return None, bound, solved
    return pool[out.x[: pool.size] > 0.5], bound, solved
