"""People each site of a siting run can serve: existing outlets and new outlets apart.

The sites of a run are today's outlets followed by the candidates. A new
outlet serves at most the request's ``capacity``; an existing outlet serves
at most its own capacity from the outlets file (a column 服务能力, 容量,
``capacity``; see :data:`~servicecircle.inputs.fields.FIELDS`), else the
request's ``existing_capacity``, else without limit.

>>> import pandas as pd
>>> from servicecircle.planning.request import SitingRequest
>>> outlets = pd.DataFrame({"服务能力": [500, None]})
>>> site_capacity(outlets, 2, SitingRequest(capacity=300.0)).tolist()
[500.0, inf, 300.0, 300.0]
>>> site_capacity(outlets.iloc[:, :0], 1, SitingRequest()) is None
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.fields import field_values, rows_said
from servicecircle.planning.request import SitingRequest
from servicecircle.siting import SitingProblem

__all__ = ["applied_existing_capacity", "existing_capacity", "site_capacity"]


def existing_capacity(outlets: pd.DataFrame, default: float | None) -> np.ndarray | None:
    """People each existing outlet can serve (``inf``: unlimited); ``None`` when none is limited.

    Raises
    ------
    InputDataError
        For a capacity cell that is not a positive number (its rows named).
    """
    values = field_values(outlets, "capacity")
    fill = np.inf if default is None else float(default)
    if values is None:
        return None if default is None else np.full(len(outlets), fill)
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=np.float64)
    bad = np.flatnonzero(values.notna().to_numpy() & ~(numbers > 0))
    if bad.size:
        raise InputDataError(
            msg("msg.planning.bad_existing_capacity", rows=rows_said(outlets, bad[:10]))
        )
    caps = np.where(np.isnan(numbers), fill, numbers)
    return None if not np.any(np.isfinite(caps)) else caps


def site_capacity(
    outlets: pd.DataFrame, n_candidates: int, request: SitingRequest
) -> np.ndarray | None:
    """Capacity per site (existing outlets, then candidates); ``None`` when all are unlimited."""
    existing = existing_capacity(outlets, request.existing_capacity)
    if existing is None and request.capacity is None:
        return None
    new = np.inf if request.capacity is None else float(request.capacity)
    head = np.full(len(outlets), np.inf) if existing is None else existing
    return np.concatenate([head, np.full(n_candidates, new)])


def applied_existing_capacity(problem: SitingProblem | None) -> tuple[float | None, ...]:
    """The capacity each existing outlet had in a run, in the outlets' order (None: unlimited).

    Empty when no outlet had a capacity (or the problem is unknown).

    >>> import numpy as np, scipy.sparse as sp
    >>> from servicecircle.siting import problem_from_matrix
    >>> p = problem_from_matrix(sp.csr_matrix(np.ones((3, 1))), [5.0], minutes_break=1,
    ...     fixed=[True, True, False], capacity=np.array([800.0, np.inf, 300.0]))
    >>> applied_existing_capacity(p)
    (800.0, None)
    """
    if problem is None or problem.capacity is None:
        return ()
    fixed = np.flatnonzero(problem.fixed)
    fixed = fixed[np.argsort(problem.site_of[fixed], kind="stable")]
    caps = problem.capacity[fixed]
    if not np.any(np.isfinite(caps)):
        return ()
    return tuple(float(c) if np.isfinite(c) else None for c in caps)
