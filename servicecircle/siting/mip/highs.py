"""Solve a linear model with HiGHS, passed in one call as sparse arrays.

The model is handed to ``highspy.Highs.passModel`` as a row-wise sparse
matrix, never built row by row in Python. The outcome always carries a
status, the objective, the best bound and the relative gap.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from dataclasses import dataclass
from typing import Literal

import highspy
import numpy as np
import scipy.sparse as sp

__all__ = ["LinearModel", "MilpOutcome", "solve_linear"]

logger = logging.getLogger(__name__)

_ROWWISE = 2
OutcomeStatus = Literal["optimal", "time_limit", "infeasible", "error"]
_INF = highspy.kHighsInf

_FIRST = {"made": False}  # whether this process has made a HiGHS solver yet
_FIRST_LOCK = threading.Lock()


def _new_highs() -> highspy.Highs:
    """A HiGHS solver; the process's first is made with the standard output silenced.

    HiGHS prints its English copyright banner to the C standard output when
    the first solver of a process is made, before ``output_flag`` can be
    turned off; the command line's output (in Chinese) would carry it.
    """
    with _FIRST_LOCK:
        if _FIRST["made"]:
            return highspy.Highs()  # type: ignore[no-untyped-call]  # highspy ships no annotations
        _FIRST["made"] = True
        sys.stdout.flush()
        saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            return highspy.Highs()  # type: ignore[no-untyped-call]
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)


@dataclass(frozen=True, eq=False)
class LinearModel:
    """A (mixed-integer) linear model ``sense * cost @ x`` subject to row bounds.

    Attributes
    ----------
    maximize
        Maximise instead of minimise.
    cost, col_lower, col_upper, integer
        Per column: objective coefficient, bounds, integrality.
    rows
        CSR constraint matrix.
    row_lower, row_upper
        Per row bounds (``-inf``/``inf`` allowed).
    offset
        Constant added to the objective.
    """

    maximize: bool
    cost: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    integer: np.ndarray
    rows: sp.csr_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    offset: float = 0.0

    @property
    def n_cols(self) -> int:
        """Number of variables."""
        return int(self.cost.size)

    @property
    def n_rows(self) -> int:
        """Number of constraint rows."""
        return int(self.rows.shape[0])


@dataclass(frozen=True, eq=False)
class MilpOutcome:
    """What HiGHS returned.

    Attributes
    ----------
    status : {"optimal", "time_limit", "infeasible", "error"}
        How HiGHS ended.
    objective
        Objective of the best solution (``nan`` when none).
    bound
        Best bound on the optimum (the LP value for a relaxation).
    gap
        Relative gap between objective and bound (``inf`` when unknown).
    x
        Column values of the best solution, or ``None``.
    seconds
        Wall time of the solve.
    nodes
        Branch-and-bound nodes HiGHS explored (0 for an LP).
    """

    status: OutcomeStatus
    objective: float
    bound: float
    gap: float
    x: np.ndarray | None
    seconds: float
    nodes: int = 0


def relative_gap(objective: float, bound: float, *, maximize: bool) -> float:
    """Relative gap ``|bound - objective| / max(|bound|, |objective|)``, 0 when equal."""
    if not (np.isfinite(objective) and np.isfinite(bound)):
        return float("inf")
    diff = (bound - objective) if maximize else (objective - bound)
    scale = max(abs(bound), abs(objective), 1e-12)
    return max(float(diff), 0.0) / scale


def _pass_model(h: highspy.Highs, model: LinearModel, *, relax: bool) -> highspy.HighsStatus:
    """Hand ``model`` to HiGHS in one call, row-wise (integrality dropped with ``relax``)."""
    rows = model.rows
    integ = np.zeros(model.n_cols, dtype=np.int32) if relax else model.integer.astype(np.int32)
    lower = np.where(np.isfinite(model.row_lower), model.row_lower, -_INF)
    upper = np.where(np.isfinite(model.row_upper), model.row_upper, _INF)
    return h.passModel(
        model.n_cols,
        model.n_rows,
        int(rows.nnz),
        _ROWWISE,
        int(highspy.ObjSense.kMaximize if model.maximize else highspy.ObjSense.kMinimize),
        float(model.offset),
        np.ascontiguousarray(model.cost, dtype=np.float64),
        np.ascontiguousarray(np.where(np.isfinite(model.col_lower), model.col_lower, -_INF)),
        np.ascontiguousarray(np.where(np.isfinite(model.col_upper), model.col_upper, _INF)),
        np.ascontiguousarray(lower, dtype=np.float64),
        np.ascontiguousarray(upper, dtype=np.float64),
        np.ascontiguousarray(rows.indptr, dtype=np.int32),
        np.ascontiguousarray(rows.indices, dtype=np.int32),
        np.ascontiguousarray(rows.data, dtype=np.float64),
        integ,
    )


_STOPPED = (
    highspy.HighsModelStatus.kTimeLimit,
    highspy.HighsModelStatus.kIterationLimit,
    highspy.HighsModelStatus.kInterrupt,
    highspy.HighsModelStatus.kSolutionLimit,
)
_INFEASIBLE = (
    highspy.HighsModelStatus.kInfeasible,
    highspy.HighsModelStatus.kUnboundedOrInfeasible,
)


def _status_and_bound(
    ms: highspy.HighsModelStatus,
    info: highspy.HighsInfo,
    objective: float,
    inf_bound: float,
    *,
    relax: bool,
) -> tuple[OutcomeStatus, float]:
    """Our status for HiGHS's model status, and the best bound HiGHS proved."""
    if ms == highspy.HighsModelStatus.kOptimal:
        return "optimal", objective if relax else float(info.mip_dual_bound)
    if ms in _INFEASIBLE:
        return "infeasible", inf_bound
    if ms in _STOPPED:
        return "time_limit", inf_bound if relax else float(info.mip_dual_bound)
    return "error", inf_bound


def solve_linear(
    model: LinearModel,
    *,
    time_limit: float,
    mip_rel_gap: float = 1e-4,
    relax: bool = False,
    start: np.ndarray | None = None,
    seed: int = 0,
    solver: str | None = None,
    presolve: bool = True,
    node_limit: int | None = None,
) -> MilpOutcome:
    """Solve ``model`` (or its LP relaxation) with HiGHS.

    Parameters
    ----------
    model
        The linear model.
    time_limit
        Seconds HiGHS may use.
    mip_rel_gap
        Relative gap at which HiGHS stops.
    relax
        Drop integrality (LP relaxation); the bound is then the LP value.
    start
        A feasible column vector to warm-start the MIP with.
    seed
        HiGHS random seed.
    solver
        HiGHS ``solver`` option for LPs ("simplex", "ipm", "pdlp").
    presolve
        Let HiGHS presolve the model; models built on an instance this
        package already reduced often solve faster without it.
    node_limit
        Most branch-and-bound nodes (HiGHS ``mip_max_nodes``); with an
        infinite ``time_limit`` the outcome does not depend on the clock.

    Returns
    -------
    MilpOutcome
    """
    t0 = time.perf_counter()
    h = _new_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(max(time_limit, 0.01)))
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    h.setOptionValue("random_seed", int(seed) % (2**31 - 1))
    if solver is not None:
        h.setOptionValue("solver", solver)
    if not presolve:
        h.setOptionValue("presolve", "off")
    if node_limit is not None:
        h.setOptionValue("mip_max_nodes", int(max(node_limit, 1)))
    status = _pass_model(h, model, relax=relax)
    if status == highspy.HighsStatus.kError:
        return MilpOutcome("error", float("nan"), float("nan"), float("inf"), None, 0.0)
    if start is not None and not relax:
        h.setSolution(
            model.n_cols,
            np.arange(model.n_cols, dtype=np.int32),
            np.ascontiguousarray(start, dtype=np.float64),
        )
    h.run()
    ms = h.getModelStatus()
    info = h.getInfo()
    seconds = time.perf_counter() - t0
    has_sol = info.primal_solution_status == 2  # kSolutionStatusFeasible
    x = np.asarray(h.getSolution().col_value, dtype=np.float64) if has_sol else None
    objective = float(info.objective_function_value) if has_sol else float("nan")
    inf_bound = float("inf") if model.maximize else float("-inf")
    status_s, bound = _status_and_bound(ms, info, objective, inf_bound, relax=relax)
    if not np.isfinite(bound):
        bound = inf_bound
    if relax and status_s != "optimal":
        x = None
        objective = float("nan")
    gap = relative_gap(objective, bound, maximize=model.maximize)
    logger.info(
        "HiGHS %s: %s, objective %.6g, bound %.6g, gap %.3g%% in %.2f s (%d cols, %d rows, %d nnz)",
        "LP" if relax else "MIP",
        status_s,
        objective,
        bound,
        100 * gap,
        seconds,
        model.n_cols,
        model.n_rows,
        model.rows.nnz,
    )
    nodes = 0 if relax else max(int(info.mip_node_count), 0)
    return MilpOutcome(status_s, objective, bound, gap, x, seconds, nodes)
