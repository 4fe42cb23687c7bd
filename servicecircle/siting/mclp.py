"""Maximal covering: p new outlets covering the most (class-weighted) people.

Recipe (``method="heuristic"`` / ``"auto"``):

1. reduce the instance (existing outlets' demand, unreachable demand, merge
   demand units covered by the same candidates);
2. lazy greedy, then best-improvement swap local search;
3. a bound and guidance: the LP relaxation by HiGHS on instances of moderate
   size, otherwise the Lagrangian dual by subgradient steps; plus the
   submodular online bound;
4. kernel search: HiGHS solves the MIP restricted to the incumbent plus the
   candidates the relaxation favours, warm-started with the incumbent; the
   result is polished by local search, with larger kernels while time lasts
   (``"auto"`` stops once a kernel is solved to optimality without a better
   plan; time left then goes to the bound);
5. ``"auto"`` on small instances then runs the full MIP warm-started for the
   rest of the time; ``"exact"`` runs the full MIP right after step 2;
6. among equally covering plans, swaps lower the people-weighted minutes.

Must-cover demand units are hard constraints (a large weight in the
heuristics, fixed ``y = 1`` in the MIP).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Mapping

import numpy as np
import scipy.sparse as sp

from servicecircle.errors import InfeasibleRequestError
from servicecircle.siting.bounds import (
    LagrangianBound,
    lagrangian_cover_bound,
    online_cover_bound,
)
from servicecircle.siting.budget import Budget, budget_from
from servicecircle.siting.formulations import mclp_model, pscp_model
from servicecircle.siting.greedy import RowRules, column_counts, lazy_greedy_cover
from servicecircle.siting.local_search import swap_cover
from servicecircle.siting.milp import relative_gap, solve_linear
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.reduce import (
    CoverInstance,
    cover_instance,
    group_identical_columns,
    rows_and_their_columns,
    uncoverable_must_cover,
)
from servicecircle.siting.results import (
    SitingResult,
    assemble_result,
    build_order_cover,
    open_cover,
)
from servicecircle.siting.tiebreak import tiebreak_minutes

__all__ = ["solve_mclp", "CoverPlan", "mclp_plan"]

logger = logging.getLogger(__name__)

Progress = Callable[[float, str], None]

#: "auto" runs the full MIP when the reduced model has at most this many nonzeros.
EXACT_NNZ = 60_000
#: The LP relaxation (HiGHS) gives bound and guidance up to this many nonzeros;
#: above it the Lagrangian dual does.
LP_NNZ = 400_000
METHODS = ("auto", "exact", "heuristic")


class CoverPlan:
    """A plan on a :class:`CoverInstance`: free rows, value, bound, status."""

    def __init__(
        self, rows: np.ndarray, value: float, bound: float, status: str, method: str
    ) -> None:
        self.rows = rows
        self.value = value
        self.bound = bound
        self.status = status
        self.method = method
        self.notes: list[str] = []


def _value(A: sp.csr_matrix, weight: np.ndarray, rows: np.ndarray) -> float:
    return float(weight[column_counts(A, rows) > 0].sum())


def _must_ok(A: sp.csr_matrix, must: np.ndarray, rows: np.ndarray) -> bool:
    return bool(np.all(column_counts(A, rows)[must] > 0))


def _say(progress: Progress | None, frac: float, msg: str) -> None:
    logger.info(msg)
    if progress is not None:
        progress(min(max(frac, 0.0), 1.0), msg)


def _x_start(n: int, A: sp.csr_matrix, rows: np.ndarray) -> np.ndarray:
    x = np.zeros(n + A.shape[1])
    x[rows] = 1.0
    x[n:] = column_counts(A, rows) > 0
    return x


def _kernel(
    inst: CoverInstance,
    rules: RowRules,
    S: np.ndarray,
    guide: np.ndarray,
    size: int,
    *,
    time_limit: float,
    mip_gap: float,
    seed: int,
) -> tuple[np.ndarray | None, float, bool]:
    """Solve the MIP on the incumbent plus the ``size`` best-guided rows.

    Returns the rows found (or ``None``), a bound on the whole instance
    (finite only when the kernel held every row and was solved) and whether
    HiGHS proved the kernel optimal.
    """
    A = inst.A
    order = np.lexsort((np.arange(guide.size), -guide))
    pool = np.union1d(S, order[:size])
    sub, cols = rows_and_their_columns(A, pool)
    group, rep = group_identical_columns(sub)
    subA = sp.csr_matrix(sub[:, rep])
    w = np.bincount(group, weights=inst.weight[cols], minlength=rep.size)
    must = np.bincount(group, weights=inst.must[cols], minlength=rep.size) > 0
    sub_rules = rules.subset(pool)
    model = mclp_model(subA, w, must, sub_rules)
    start = _x_start(pool.size, subA, np.searchsorted(pool, S))
    out = solve_linear(
        model, time_limit=time_limit, mip_rel_gap=mip_gap, start=start, seed=seed, presolve=False
    )
    whole = pool.size == A.shape[0] and np.isfinite(out.bound)
    bound = out.bound if whole else np.inf
    solved = out.status == "optimal"
    if out.x is None:
        return None, bound, solved
    return pool[out.x[: pool.size] > 0.5], bound, solved


def _must_cover_error(
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
        need = f"needs {int(round(out.objective))} new outlets"
    elif np.isfinite(out.bound):
        need = f"needs at least {math.ceil(out.bound - 1e-6)} new outlets"
    else:
        need = "needs more new outlets than that"
    return InfeasibleRequestError(
        f"covering all {n_units} must-cover demand units {need}, but p = {budget.total}"
        f"{' (with the per-type limits)' if budget.per_type is not None else ''}; raise p, add "
        "candidate sites near those units, or lift the must-cover flag"
    )


def mclp_plan(
    inst: CoverInstance,
    rules: RowRules,
    *,
    method: str,
    deadline: float,
    mip_gap: float,
    seed: int,
    progress: Progress | None = None,
) -> CoverPlan:
    """Solve maximal covering on a reduced instance (values exclude existing outlets)."""
    A, W, must = inst.A, inst.weight, inst.must
    n = A.shape[0]
    t_start = time.perf_counter()
    budget_s = max(deadline - t_start, 0.0)
    big = float(W.sum()) + 1.0 if must.any() else 0.0
    work = W + big * must
    if A.shape[1] == 0:
        rows, _ = lazy_greedy_cover(A, work, rules, seed=seed)
        return CoverPlan(rows, 0.0, 0.0, "optimal", "heuristic")
    rows, _ = lazy_greedy_cover(A, work, rules, seed=seed)
    _say(progress, 0.1, f"greedy: {rows.size} outlets, {_value(A, W, rows):.6g} covered")
    t_ls = time.perf_counter()
    rows, swaps = swap_cover(A, work, rows, rules, deadline=t_start + 0.35 * budget_s)
    # one swap pass: kept free at the end of every HiGHS call for the polish
    swap_pass = (time.perf_counter() - t_ls) / (swaps + 1)
    value = _value(A, W, rows)
    feasible = _must_ok(A, must, rows)
    _say(progress, 0.3, f"local search: {swaps} swaps, {value:.6g} covered")
    bound = online_cover_bound(A, W, rows, rules)
    model_nnz = 2 * A.nnz + A.shape[0] + A.shape[1]
    run_exact = method == "exact" or not feasible or (method == "auto" and model_nnz <= EXACT_NNZ)
    plan_method = "heuristic"
    status = "heuristic"
    plan_notes: list[str] = []
    if not run_exact and time.perf_counter() < deadline:
        guide: np.ndarray | None = None
        lag: LagrangianBound | None = None
        remaining = deadline - time.perf_counter()
        if model_nnz <= LP_NNZ:
            lp = solve_linear(
                mclp_model(A, W, must, rules),
                time_limit=0.4 * remaining,
                relax=True,
                seed=seed,
                solver="ipm",
            )
            if lp.status == "optimal" and lp.x is not None:
                bound = min(bound, lp.bound)
                guide = lp.x[:n]
        if guide is None:
            lag = lagrangian_cover_bound(
                A, W, must, rules, incumbent=value, deadline=time.perf_counter() + 0.25 * remaining
            )
            bound = min(bound, lag.bound)
            guide = lag.row_frequency + 1e-9 * np.asarray(A @ lag.multipliers).ravel()
        _say(progress, 0.5, f"bound {bound:.6g} (incumbent {value:.6g})")
        size = max(2 * rules.budget.total + 20, 40)
        while deadline - time.perf_counter() > 1.0 and value < bound * (1 - mip_gap):
            remaining = deadline - time.perf_counter()
            new, kernel_bound, solved = _kernel(
                inst,
                rules,
                rows,
                guide,
                size,
                time_limit=min(0.6 * remaining, remaining - 0.5 - 3 * swap_pass),
                mip_gap=mip_gap,
                seed=seed,
            )
            bound = min(bound, kernel_bound)
            improved = False
            if new is not None and _must_ok(A, must, new):
                new, _ = swap_cover(A, work, new, rules, deadline=deadline - 0.2)
                new_value = _value(A, W, new)
                if new_value > value + 1e-9 * max(abs(value), 1.0):
                    rows, value, improved = new, new_value, True
                    bound = min(bound, online_cover_bound(A, W, rows, rules))
            _say(progress, 0.8, f"kernel of {size}: {value:.6g} covered")
            if size >= n:
                break
            if solved and not improved and method == "auto":
                # the incumbent is optimal on a kernel larger than the one that
                # found it: further kernels rarely pay, so stop early
                stop = time.perf_counter() - t_start
                note = (
                    f"search stopped after {stop:.1f} s: the best plan is optimal among the "
                    f"{size} most promising candidates"
                )
                plan_notes.append(note)
                break
            size = int(size * 1.6)
        if lag is not None and deadline - time.perf_counter() > 0.5:
            # time left after the search: tighten the Lagrangian bound from where it stopped
            lag = lagrangian_cover_bound(
                A, W, must, rules, incumbent=value, deadline=deadline - 0.2, start=lag
            )
            bound = min(bound, lag.bound)
    if (run_exact and time.perf_counter() < deadline) or not feasible:
        remaining = max(deadline - time.perf_counter(), 0.0 if feasible else 5.0)
        out = solve_linear(
            mclp_model(A, W, must, rules),
            time_limit=remaining,
            mip_rel_gap=mip_gap,
            start=_x_start(n, A, rows) if feasible else None,
            seed=seed,
            presolve=False,
        )
        if out.status == "infeasible" or (out.x is None and not feasible):
            raise _must_cover_error(inst, rules.budget, 5.0, seed)
        plan_method = "exact"
        if out.x is not None:
            cand = np.flatnonzero(out.x[:n] > 0.5)
            cand_value = _value(A, W, cand)
            if not feasible or cand_value >= value:
                rows, value, feasible = cand, cand_value, True
        if np.isfinite(out.bound):
            bound = min(bound, out.bound) if feasible else out.bound
        status = "optimal" if out.status == "optimal" else "time_limit"
    gap = relative_gap(value, bound, maximize=True)
    if gap <= mip_gap:
        status = "optimal"
    _say(progress, 0.9, f"plan: {value:.6g} covered, bound {bound:.6g}")
    plan = CoverPlan(rows, value, max(bound, value), status, plan_method)
    plan.notes.extend(plan_notes)
    return plan


def solve_mclp(
    problem: SitingProblem,
    *,
    p: int | Mapping[str, int],
    method: str = "auto",
    time_limit: float = 10.0,
    mip_gap: float = 1e-4,
    seed: int = 0,
    progress: Progress | None = None,
) -> SitingResult:
    """Choose ``p`` new outlets covering the most class-weighted people.

    Existing outlets stay open and their coverage counts. Must-cover demand
    units are covered as hard constraints; those no candidate can reach are
    returned in ``uncoverable_must_cover`` and the rest is solved. With
    ``problem.capacity`` set, the capacitated model is solved instead (see
    :func:`servicecircle.siting.capacity.solve_capacitated`).

    Parameters
    ----------
    problem
        The siting problem.
    p
        New outlets in total, or a number per outlet type name.
    method
        "auto" (heuristic plus HiGHS; the full MIP on small instances),
        "exact" (HiGHS MIP warm-started with the heuristic) or "heuristic".
    time_limit
        Seconds for the whole solve (the first greedy pass always completes).
    mip_gap
        Relative gap at which a plan counts as optimal.
    seed
        Seed for tie-breaking; the same seed gives the same plan when no time
        limit cuts a phase short.
    progress
        Optional callback ``(fraction, message)``.

    Returns
    -------
    SitingResult
        Objective = class-weighted people covered (existing outlets included).

    Raises
    ------
    InfeasibleRequestError
        For p < 1, no candidates, p above the candidates available, or when
        the must-cover units need more than p new outlets.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}; got {method!r}")
    if problem.capacity is not None and np.any(np.isfinite(problem.capacity)):
        from servicecircle.siting.capacity import solve_capacitated

        return solve_capacitated(
            problem,
            p=p,
            method=method,
            time_limit=time_limit,
            mip_gap=mip_gap,
            seed=seed,
            progress=progress,
        )
    t0 = time.perf_counter()
    deadline = t0 + float(time_limit)
    budget = budget_from(problem, p)
    inst = cover_instance(problem)
    rules = RowRules(inst.type_of, inst.site_of, budget, inst.n_types)
    uncoverable_must, notes = uncoverable_must_cover(inst, problem.must_cover)
    _say(progress, 0.05, f"reduced to {inst.n_rows} candidates x {inst.n_cols} demand groups")
    plan = mclp_plan(
        inst, rules, method=method, deadline=deadline, mip_gap=mip_gap, seed=seed, progress=progress
    )
    rows = plan.rows
    if time.perf_counter() < deadline and rows.size:
        D = sp.csr_matrix(problem.minutes)
        penalty = 2.0 * max(float(problem.breaks.max()), float(D.data.max(initial=0.0)))
        big = float(inst.weight.sum()) + 1.0 if inst.must.any() else 0.0
        rows = tiebreak_minutes(
            inst.A,
            inst.weight + big * inst.must,
            D,
            problem.effective_weights,
            rows,
            inst.options,
            np.flatnonzero(problem.fixed),
            rules,
            penalty=penalty,
            deadline=deadline,
        )
    value = _value(inst.A, inst.weight, rows)
    objective = inst.base_weight + value
    bound = inst.base_weight + max(plan.bound, value)
    gap = relative_gap(objective, bound, maximize=True)
    status = "optimal" if gap <= mip_gap else plan.status
    chosen = inst.options[rows]
    before = open_cover(problem, np.flatnonzero(problem.fixed))
    order, nw, npl = build_order_cover(problem, chosen, start_covered=before)
    after = open_cover(problem, np.concatenate([np.flatnonzero(problem.fixed), chosen]))
    result = assemble_result(
        problem,
        model="mclp",
        method=plan.method,
        status=status,
        objective=objective,
        bound=bound,
        gap=gap,
        maximize=True,
        order=order,
        new_weight=nw,
        new_people=npl,
        served_before=problem.weights * before,
        served_after=problem.weights * after,
        covered_after=after,
        uncoverable_must_cover=uncoverable_must,
        seconds=time.perf_counter() - t0,
        notes=tuple(notes + plan.notes),
    )
    _say(progress, 1.0, f"done: {result.share_after:.1%} of people covered, gap {gap:.2%}")
    return result
