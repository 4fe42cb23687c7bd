"""Why a covering request is impossible: the must-cover units need more outlets than ``p``."""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from servicecircle.errors import InfeasibleRequestError
from servicecircle.i18n.message import msg
from servicecircle.siting.budget import Budget
from servicecircle.siting.mip.formulations import pscp_model
from servicecircle.siting.mip.highs import solve_linear
from servicecircle.siting.reduce import CoverInstance

__all__ = ["must_cover_error"]


def must_cover_error(
    inst: CoverInstance, budget: Budget, time_limit: float, seed: int
) -> InfeasibleRequestError:
    """Explain that the must-cover units need more outlets than ``p``."""
    must_cols = np.flatnonzero(inst.must)
    A = sp.csr_matrix(inst.A[:, must_cols])
    model = pscp_model(
        A, np.zeros(must_cols.size), np.ones(must_cols.size, bool), 0.0, inst.site_of
    )
    out = solve_linear(model, time_limit=max(time_limit, 2.0), seed=seed)
    n_units = int(np.isin(inst.column_of, must_cols).sum())
    if out.status == "optimal":
        need = msg("msg.siting.need_exactly", count=round(out.objective))
    elif np.isfinite(out.bound):
        need = msg("msg.siting.need_at_least", count=math.ceil(out.bound - 1e-6))
    else:
        need = msg("msg.siting.need_more")
    key = "msg.siting.must_cover_p" if budget.per_type is None else "msg.siting.must_cover_p_types"
    return InfeasibleRequestError(msg(key, units=n_units, need=need, p=budget.total))
