"""People assigned to open outlets within capacity: a transportation LP solved by HiGHS.

Each stored pair (open row, demand group) of the coverage matrix carries a
flow of people; a group gives at most its people, a row serves at most its
capacity, and the flow is worth the group's class weight per person.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from servicecircle.siting.mip.highs import LinearModel, solve_linear

__all__ = ["Assignment", "assign_people", "flow_start"]


@dataclass(frozen=True, eq=False)
class Assignment:
    """The best assignment of people to a set of open rows.

    Attributes
    ----------
    open_rows
        The open rows.
    value
        Class-weighted people served.
    entries
        Positions in the matrix's stored entries of the open rows' pairs (row
        by row, in the order the rows were given).
    flow
        People flowing over each of those pairs.
    served
        People served per demand group.
    """

    open_rows: np.ndarray
    value: float
    entries: np.ndarray
    flow: np.ndarray
    served: np.ndarray


def _flows(
    A: sp.csr_matrix,
    weight: np.ndarray,
    people: np.ndarray,
    capacity: np.ndarray,
    open_rows: np.ndarray,
) -> tuple[float, np.ndarray, np.ndarray]:
    """Value, entries and flows of the transportation LP (see :class:`Assignment`)."""
    m = A.shape[1]
    starts = A.indptr[open_rows].astype(np.int64)
    lens = A.indptr[open_rows + 1] - starts
    ne = int(lens.sum())
    if ne == 0:
        return 0.0, np.zeros(0, dtype=np.int64), np.zeros(0)
    n = open_rows.size
    ei = np.repeat(np.arange(n), lens)
    entries = np.repeat(starts - (np.cumsum(lens) - lens), lens) + np.arange(ne)
    ek = A.indices[entries].astype(np.int64)
    ratio = np.divide(weight, people, out=np.zeros(m), where=people > 0)
    rows = sp.csr_matrix(
        (np.ones(2 * ne), (np.concatenate([ek, m + ei]), np.concatenate([np.arange(ne)] * 2))),
        shape=(m + n, ne),
    )
    model = LinearModel(
        maximize=True,
        cost=ratio[ek],
        col_lower=np.zeros(ne),
        col_upper=people[ek].astype(np.float64),
        integer=np.zeros(ne, np.int32),
        rows=rows,
        row_lower=np.full(m + n, -np.inf),
        row_upper=np.concatenate([people, capacity[open_rows]]),
    )
    out = solve_linear(model, time_limit=600.0, relax=True, solver="simplex")
    if out.x is None:  # pragma: no cover - an LP with x = 0 feasible always solves
        raise RuntimeError("the assignment LP failed; please report this instance")
    return float(out.objective), entries, out.x


def assign_people(
    A: sp.csr_matrix,
    weight: np.ndarray,
    people: np.ndarray,
    capacity: np.ndarray,
    open_rows: np.ndarray,
) -> Assignment:
    """Best assignment of people to ``open_rows`` within the break and their capacity.

    Parameters
    ----------
    A
        CSR 0/1 matrix rows x demand groups (row covers group).
    weight, people
        Class-weighted people and people per group.
    capacity
        People each row can serve.
    open_rows
        Rows that are open.

    Returns
    -------
    Assignment
    """
    open_rows = np.asarray(open_rows, dtype=np.int64)
    value, entries, flow = _flows(A, weight, people, capacity, open_rows)
    served = np.bincount(A.indices[entries], weights=flow, minlength=A.shape[1])
    return Assignment(open_rows, value, entries, flow, np.minimum(served, people))


def flow_start(model: LinearModel, A: sp.csr_matrix, assignment: Assignment) -> np.ndarray:
    """A feasible MIP start for the capacitated model: the open rows and their flows.

    The columns ``x`` of the rows of ``A`` come first in ``model``, then one
    flow per stored pair of ``A``.
    """
    x = np.zeros(model.n_cols)
    x[assignment.open_rows] = 1.0
    x[A.shape[0] + assignment.entries] = assignment.flow
    return x
