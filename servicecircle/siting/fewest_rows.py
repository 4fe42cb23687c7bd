"""Fewest rows of a reduced instance that cover a number of people and every must column.

The search behind the fewest-outlets model: greedy until the request is met,
drop redundant rows, a lower bound (submodular, or the rounded-up LP
relaxation by HiGHS with a MIP on the LP's support), bisection on the number
of rows with the maximal covering search of
:func:`~servicecircle.siting.cover_plan.mclp_plan`, and the covering MIP
warm-started with the best plan when the instance is small enough.
"""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass

import numpy as np

from servicecircle._progress import Progress, null_progress
from servicecircle.errors import InfeasibleRequestError
from servicecircle.i18n.message import msg
from servicecircle.siting.budget import Budget, RowRules
from servicecircle.siting.columns import column_counts, merge_identical_columns
from servicecircle.siting.cover_plan import LP_NNZ, mclp_plan
from servicecircle.siting.heuristics.greedy import lazy_greedy_cover
from servicecircle.siting.mip.formulations import pscp_model
from servicecircle.siting.mip.highs import solve_linear
from servicecircle.siting.options import Method
from servicecircle.siting.reduce import CoverInstance
from servicecircle.siting.results import Status, UsedMethod

__all__ = ["Count", "fewest_rows", "meets"]


@dataclass(eq=False)
class Count:
    """The fewest rows found, a proven lower bound on their number, and how far the search got."""

    rows: np.ndarray
    lower: int
    status: Status = "heuristic"
    method: UsedMethod = "heuristic"


def meets(inst: CoverInstance, rows: np.ndarray, required: float) -> bool:
    """Whether ``rows`` cover ``required`` people and every must-cover unit."""
    cnt = column_counts(inst.A, rows)
    ok_people = float(inst.people[cnt > 0].sum()) >= required - 1e-9 * max(required, 1.0)
    return ok_people and bool(np.all(cnt[inst.must] > 0))


def _drop_redundant(inst: CoverInstance, rows: np.ndarray, required: float) -> np.ndarray:
    """Remove outlets, last chosen first, while the request stays met."""
    A, ppl, must = inst.A, inst.people, inst.must
    ip, ix = A.indptr, A.indices
    cnt = column_counts(A, rows)
    covered = float(ppl[cnt > 0].sum())
    keep = list(rows.tolist())
    for r in list(reversed(keep)):
        idx = ix[ip[r] : ip[r + 1]]
        solo = idx[cnt[idx] == 1]
        if must[solo].any():
            continue
        loss = float(ppl[solo].sum())
        if covered - loss >= required - 1e-9 * max(required, 1.0):
            covered -= loss
            cnt[idx] -= 1
            keep.remove(r)
    return np.asarray(keep, dtype=np.int64)


def _pscp_kernel(
    inst: CoverInstance,
    rows: np.ndarray,
    support: np.ndarray,
    required: float,
    *,
    time_limit: float,
    mip_gap: float,
    seed: int,
) -> np.ndarray:
    """Solve the covering MIP restricted to the plan plus the LP support."""
    pool = np.union1d(rows, support)
    subA, (ppl, must_count), _ = merge_identical_columns(inst.A[pool], inst.people, inst.must)
    model = pscp_model(subA, ppl, must_count > 0, required, inst.site_of[pool])
    start = np.zeros(model.n_cols)
    local = np.searchsorted(pool, rows)
    start[local] = 1
    start[pool.size :] = column_counts(subA, local) > 0
    out = solve_linear(
        model, time_limit=max(time_limit, 0.1), mip_rel_gap=mip_gap, start=start, seed=seed
    )
    if out.x is None:
        return rows
    cand = pool[out.x[: pool.size] > 0.5]
    if cand.size < rows.size and meets(inst, cand, required):
        return _drop_redundant(inst, cand, required)
    return rows


def _count_lower_bound(inst: CoverInstance, prefixes: list[np.ndarray], required: float) -> int:
    """Smallest k that the submodular bound does not rule out, over several sets S."""
    A, ppl = inst.A, inst.people
    lb = 1 if required > 0 else 0
    for S in prefixes:
        cnt = column_counts(A, S)
        base = float(ppl[cnt > 0].sum())
        gains = np.sort(np.asarray(A @ (ppl * (cnt == 0))).ravel())[::-1]
        reach = base + np.concatenate([[0.0], np.cumsum(gains)])
        ok = np.flatnonzero(reach >= required - 1e-9 * max(required, 1.0))
        k = int(ok[0]) if ok.size else A.shape[0]
        lb = max(lb, k)
    must_cols = int(inst.must.sum())
    if must_cols:
        per_row = np.asarray(A[:, inst.must].sum(axis=1)).ravel()
        top = np.cumsum(np.sort(per_row)[::-1])
        lb = max(lb, int(np.searchsorted(top, must_cols - 0.5)) + 1)
    return lb


def _start(inst: CoverInstance, required: float, seed: int) -> Count:
    """Greedy until the request is met, a submodular lower bound, redundant rows dropped."""
    rules = RowRules(inst.type_of, inst.site_of, Budget(total=inst.n_rows), inst.n_types)
    big = float(inst.people.sum()) + 1.0
    work = inst.people + big * inst.must
    rows, _ = lazy_greedy_cover(
        inst.A, work, rules, stop_at=required, people=inst.people, must=inst.must, seed=seed
    )
    if not meets(inst, rows, required):  # pragma: no cover - guarded by the reach check
        raise InfeasibleRequestError(msg("msg.siting.target_not_met"))
    prefixes = [rows[:k] for k in range(0, rows.size + 1, max(1, rows.size // 8))]
    lower = _count_lower_bound(inst, prefixes, required)
    return Count(_drop_redundant(inst, rows, required), lower)


def _lp_bound_and_kernel(
    inst: CoverInstance, count: Count, required: float, deadline: float, mip_gap: float, seed: int
) -> None:
    """Raise the bound to the rounded-up LP value; solve the MIP on the LP's support."""
    lp = solve_linear(
        pscp_model(inst.A, inst.people, inst.must, required, inst.site_of),
        time_limit=max(0.3 * (deadline - time.perf_counter()), 0.1),
        relax=True,
        seed=seed,
    )
    if lp.status == "optimal" and lp.x is not None:
        count.lower = max(count.lower, math.ceil(lp.bound - 1e-6))
        if count.rows.size > count.lower:
            count.rows = _pscp_kernel(
                inst,
                count.rows,
                np.flatnonzero(lp.x[: inst.n_rows] > 1e-6),
                required,
                time_limit=0.4 * (deadline - time.perf_counter()),
                mip_gap=mip_gap,
                seed=seed,
            )


def _covering_mip(
    inst: CoverInstance,
    count: Count,
    required: float,
    share: float,
    deadline: float,
    mip_gap: float,
    seed: int,
) -> None:
    """The covering MIP warm-started with ``count.rows``, for a share of the time left."""
    n_rows = inst.n_rows
    model = pscp_model(inst.A, inst.people, inst.must, required, inst.site_of)
    start = np.zeros(model.n_cols)
    start[count.rows] = 1
    start[n_rows:] = column_counts(inst.A, count.rows) > 0
    out = solve_linear(
        model,
        time_limit=max(share * (deadline - time.perf_counter()), 0.1),
        mip_rel_gap=mip_gap,
        start=start,
        seed=seed,
    )
    count.method = "exact"
    if out.x is not None:
        cand = np.flatnonzero(out.x[:n_rows] > 0.5)
        if cand.size <= count.rows.size and meets(inst, cand, required):
            count.rows = cand
    if np.isfinite(out.bound):
        count.lower = max(count.lower, math.ceil(out.bound - 1e-6))
    count.status = "optimal" if out.status == "optimal" else "time_limit"


def _bisect(
    inst: CoverInstance, count: Count, required: float, exact: bool, deadline: float, seed: int
) -> None:
    """Search the number of rows between the lower bound and the best count found."""
    by_people = dataclasses.replace(inst, weight=inst.people.astype(np.float64))
    lo = max(count.lower, 1)
    while lo < count.rows.size and deadline - time.perf_counter() > 0.5:
        k = (lo + count.rows.size) // 2
        share = 0.25 if exact else 0.4
        try:
            plan = mclp_plan(
                by_people,
                RowRules(inst.type_of, inst.site_of, Budget(total=k), inst.n_types),
                method="heuristic",
                deadline=time.perf_counter() + share * (deadline - time.perf_counter()),
                mip_gap=0.0,
                seed=seed,
            )
        except InfeasibleRequestError:
            lo = k + 1
            continue
        if meets(inst, plan.rows, required):
            count.rows = _drop_redundant(inst, plan.rows, required)
        else:
            lo = k + 1


def fewest_rows(
    inst: CoverInstance,
    required: float,
    *,
    method: Method,
    deadline: float,
    mip_gap: float,
    seed: int,
    progress: Progress | None,
) -> Count:
    """Fewest rows of ``inst`` covering ``required`` people and every must column.

    Parameters
    ----------
    inst
        The reduced instance.
    required
        People to cover (beyond those existing outlets cover).
    method : {"auto", "exact", "heuristic"}
        ``"exact"``, and ``"auto"`` up to :data:`~servicecircle.siting.cover_plan.LP_NNZ`
        nonzeros, run the covering MIP.
    deadline
        ``time.perf_counter()`` value by which to stop.
    mip_gap, seed, progress
        As in :class:`~servicecircle.siting.options.SolveOptions`.

    Returns
    -------
    Count
    """
    count = _start(inst, required, seed)
    model_nnz = 2 * inst.A.nnz + inst.n_rows + inst.n_cols
    if count.rows.size > count.lower and model_nnz <= LP_NNZ:
        _lp_bound_and_kernel(inst, count, required, deadline, mip_gap, seed)
    exact = method == "exact" or (method == "auto" and model_nnz <= LP_NNZ)
    if count.rows.size > count.lower and exact and time.perf_counter() < deadline:
        # small enough: HiGHS often proves the count at once
        _covering_mip(inst, count, required, 0.3, deadline, mip_gap, seed)
    _bisect(inst, count, required, exact, deadline, seed)
    (progress or null_progress)(
        0.5, f"heuristic: {count.rows.size} new outlets (lower bound {count.lower})"
    )
    if count.rows.size > count.lower and exact and time.perf_counter() < deadline:
        _covering_mip(inst, count, required, 0.8, deadline, mip_gap, seed)
    if count.rows.size <= count.lower:
        count.status = "optimal"
    count.lower = int(count.lower)
    return count
