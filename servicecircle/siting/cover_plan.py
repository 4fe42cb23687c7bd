"""Maximal covering on a reduced instance: the search shared by the covering models.

The maximal covering model solves its whole problem with :func:`mclp_plan`;
the capacitated model starts from its uncapacitated plan and bound, and the
fewest-outlets model searches the number of outlets with it.

Recipe:

1. lazy greedy, then tabu search over swaps and a best-improvement swap
   local search (:mod:`~servicecircle.siting.cover_local`);
2. a bound and guidance: the LP relaxation by HiGHS on instances of moderate
   size, otherwise the LP approached by smoothed steps
   (:mod:`~servicecircle.siting.bounds.smooth_lp`; the Lagrangian dual by
   subgradient steps with must-cover units); plus the submodular online bound;
3. kernel search: HiGHS solves the MIP restricted to the incumbent plus the
   candidates the relaxation favours, warm-started with the incumbent; the
   result is polished by local search, with larger kernels while time lasts
   (``"auto"`` stops once a kernel is solved to optimality without a better
   plan; time left then goes to the bound: the LP when it fits, else more
   smoothed steps and the band LP, or more subgradient steps; with counted
   work the smoothed steps and the band LP come before the kernels, and the
   units left at the end go to tabu moves from the plan);
4. ``"exact"``, ``"auto"`` on small instances, and any instance whose
   must-cover units the heuristic left uncovered run the full MIP,
   warm-started when the heuristic plan is feasible.

Must-cover columns are hard constraints: a large weight in the heuristics,
fixed ``y = 1`` in the MIP.
"""

from __future__ import annotations

import math
import time

import numpy as np

from servicecircle._progress import Progress
from servicecircle.i18n.message import msg
from servicecircle.siting.bounds.cover import (
    LagrangianBound,
    coverable_cap,
    lagrangian_cover_bound,
    online_cover_bound,
)
from servicecircle.siting.bounds.smooth_lp import SmoothLP, band_lp_bound, smooth_lp_bound
from servicecircle.siting.budget import RowRules
from servicecircle.siting.cover_infeasible import must_cover_error
from servicecircle.siting.cover_kernel import solve_kernel, x_start
from servicecircle.siting.cover_local import local_search, tabu_with_units_left
from servicecircle.siting.cover_search import (
    CoverPlan,
    Search,
    covered_weight,
    keep_if_better,
    must_ok,
    say,
)
from servicecircle.siting.effort import effort_from
from servicecircle.siting.heuristics.greedy import lazy_greedy_cover
from servicecircle.siting.heuristics.local_search import swap_cover
from servicecircle.siting.mip.formulations import mclp_model
from servicecircle.siting.mip.highs import relative_gap, solve_linear
from servicecircle.siting.options import Method
from servicecircle.siting.reduce import CoverInstance

__all__ = ["EXACT_NNZ", "LP_NNZ", "CoverPlan", "covered_weight", "mclp_plan", "say"]

#: "auto" runs the full MIP when the reduced model has at most this many nonzeros.
EXACT_NNZ = 60_000
#: The LP relaxation (HiGHS) gives bound and guidance up to this many nonzeros;
#: above it the Lagrangian dual does.
LP_NNZ = 400_000
#: Seconds of HiGHS's interior point per nonzero of the relaxed covering model (measured).
LP_SECONDS_PER_NNZ = 2e-5
#: Most smoothed-LP steps in the guidance phase (each about two passes over the matrix).
SMOOTH_STEPS = 400
#: Share of the time limit kept after the kernels for the band LP (smoothed-LP instances),
#: which follows :data:`BAND_AFTER` smoothed steps (its band is narrow only then).
BAND_SHARE = 0.15
BAND_AFTER = 350
#: With counted work the band LP follows this many steps (at 50,000 x 5,000, seeds 0-2,
#: its bound is then within 0.005 points of the bound after 350; the units saved go to
#: the tabu search).
BAND_AFTER_COUNTED = 300
#: With counted work and too few units for :data:`BAND_AFTER_COUNTED` steps, the band LP
#: still follows this many (its bound then ~0.05 points above; without it ~0.2 points).
BAND_MIN_COUNTED = 250
#: Work units the band LP costs with counted work (about its CPU at 50,000 x 5,000).
BAND_UNITS = 150


def _lagrangian(
    s: Search, plan: CoverPlan, share: float, deadline: float, start: LagrangianBound | None
) -> LagrangianBound:
    """Subgradient steps until ``deadline`` (or ``share`` of the work units); tightens ``plan``."""
    steps = s.effort.share(share)
    lag = lagrangian_cover_bound(
        *(s.inst.A, s.inst.weight, s.inst.must, s.rules),
        incumbent=plan.value,
        deadline=deadline,
        start=start,
        max_iter=2000 if steps is None else steps,
    )
    if steps is not None:
        s.effort.refund(steps - lag.iterations)
    plan.bound = min(plan.bound, lag.bound)
    return lag


def _lp_bound(s: Search, plan: CoverPlan, model_nnz: int) -> bool:
    """The LP relaxation's bound when its estimated time fits what is left; whether it ran."""
    left = s.effort.seconds_left() - 0.2
    if s.effort.counted or model_nnz * LP_SECONDS_PER_NNZ > 0.8 * left:
        return False
    A, W, must = s.inst.A, s.inst.weight, s.inst.must
    lp = solve_linear(
        mclp_model(A, W, must, s.rules), time_limit=left, relax=True, seed=s.seed, solver="ipm"
    )
    if lp.status == "optimal":
        plan.bound = min(plan.bound, lp.bound)
    return True


def _smooth(
    s: Search,
    plan: CoverPlan,
    share: float,
    deadline: float,
    start: SmoothLP | None,
    most: int = SMOOTH_STEPS,
) -> SmoothLP:
    """Smoothed-LP steps until ``deadline`` (or ``share`` of the work units); tightens ``plan``."""
    steps = s.effort.share(share)
    before = 0 if start is None else start.iterations
    state = smooth_lp_bound(
        *(s.inst.A, s.inst.weight, s.rules),
        deadline=deadline,
        max_iter=most if steps is None else min(steps, most),
        start=start,
    )
    if steps is not None:
        s.effort.refund(steps - (state.iterations - before))
    plan.bound = min(plan.bound, state.bound)
    return state


def _guide(
    s: Search, plan: CoverPlan, model_nnz: int
) -> tuple[np.ndarray, LagrangianBound | SmoothLP | None]:
    """Guidance for the kernels (and a tighter ``plan.bound``): LP, smoothed LP or Lagrangian."""
    A, W, must = s.inst.A, s.inst.weight, s.inst.must
    remaining = s.effort.deadline - time.perf_counter()
    if model_nnz > LP_NNZ and not must.any():
        state = _smooth(s, plan, 0.3, time.perf_counter() + 0.3 * remaining, None)
        return state.opened + 1e-9 * np.asarray(A @ state.multipliers).ravel(), state
    if model_nnz <= LP_NNZ:
        lp = solve_linear(
            mclp_model(A, W, must, s.rules),
            time_limit=0.4 * remaining,
            relax=True,
            seed=s.seed,
            solver="ipm",
        )
        if lp.status == "optimal" and lp.x is not None:
            plan.bound = min(plan.bound, lp.bound)
            return lp.x[: A.shape[0]], None
    lag = _lagrangian(s, plan, 0.3, time.perf_counter() + 0.25 * remaining, None)
    return lag.row_frequency + 1e-9 * np.asarray(A @ lag.multipliers).ravel(), lag


def _kernel_search(
    s: Search, plan: CoverPlan, method: Method, model_nnz: int, swap_pass: float, t_start: float
) -> None:
    """Improve ``plan`` by kernels of growing size while time lasts (see the module).

    ``swap_pass`` is the time of one swap pass, left free after each HiGHS
    call for the polish; ``t_start`` is when the search began.
    """
    A, must = s.inst.A, s.inst.must
    n = A.shape[0]
    guide, lag = _guide(s, plan, model_nnz)
    say(s.progress, 0.5, msg("msg.siting.step.bound", bound=plan.bound, value=plan.value))
    # with counted work the band LP comes before the kernels: they cannot take its units
    banded = isinstance(lag, SmoothLP) and _band_counted(s, plan, lag)
    size = max(2 * s.rules.budget.total + 20, 40)
    # with the smoothed LP, time is kept for the band LP that sharpens its bound
    band = isinstance(lag, SmoothLP) and not s.effort.counted
    keep = BAND_SHARE * (s.effort.deadline - t_start) if band else 0.0
    while (
        s.effort.deadline - time.perf_counter() > 1.0 + keep
        and s.effort.left > 0
        and plan.value < plan.bound * (1 - s.mip_gap)
    ):
        remaining = s.effort.deadline - time.perf_counter()
        new, kernel_bound, solved = solve_kernel(
            s.inst,
            s.rules,
            plan.rows,
            guide,
            size,
            time_limit=min(0.6 * remaining, remaining - 0.5 - 3 * swap_pass - keep),
            mip_gap=s.mip_gap,
            seed=s.seed,
            effort=s.effort,
        )
        plan.bound = min(plan.bound, kernel_bound)
        improved = False
        if new is not None and must_ok(A, must, new):
            new, _ = swap_cover(A, s.work, new, s.rules, deadline=s.effort.deadline - 0.2)
            improved = keep_if_better(s, plan, new)
        say(s.progress, 0.8, msg("msg.siting.step.kernel", size=size, value=plan.value))
        if size >= n:
            break
        if solved and not improved and method == "auto":
            # the incumbent is optimal on a kernel larger than the one that
            # found it: further kernels rarely pay, so stop early
            stop = time.perf_counter() - t_start
            plan.notes.append(msg("msg.siting.search_stopped", seconds=stop, size=size))
            break
        size = int(size * 1.6)
    # time left: the LP bound when it fits, else tighten the relaxation from where it stopped
    more = lag is not None and s.effort.seconds_left() > 0.5 and s.effort.left > 0
    if isinstance(lag, SmoothLP):
        _sharpen(s, plan, lag, model_nnz, keep, banded=banded)
    elif more and lag is not None and not _lp_bound(s, plan, model_nnz):
        _lagrangian(s, plan, 1.0, s.effort.deadline - 0.2, lag)


def _band_counted(s: Search, plan: CoverPlan, state: SmoothLP) -> bool:
    """With counted work, smoothed steps and the band LP when the units allow; whether it ran.

    Steps up to :data:`BAND_AFTER_COUNTED` (as many as the units allow, at
    least :data:`BAND_MIN_COUNTED`), then the band LP (no time limit:
    deterministic; it costs :data:`BAND_UNITS`).
    """
    least = max(BAND_MIN_COUNTED - state.iterations, 0) + BAND_UNITS
    if not s.effort.counted or s.effort.left < least:
        return False
    more = min(max(BAND_AFTER_COUNTED - state.iterations, 0), s.effort.left - BAND_UNITS)
    _smooth(s, plan, 1.0, math.inf, state, most=more)
    s.effort.spend(BAND_UNITS)
    A, W = s.inst.A, s.inst.weight
    plan.bound = min(plan.bound, band_lp_bound(A, W, s.rules, state, time_limit=math.inf))
    return True


def _sharpen(
    s: Search, plan: CoverPlan, state: SmoothLP, model_nnz: int, keep: float, *, banded: bool
) -> None:
    """After the kernels: the LP if it fits, else smoothed steps and the band LP.

    Steps up to :data:`BAND_AFTER` (no later than ``keep`` seconds before the
    deadline), the band LP on the time left, and steps again if some is left.
    With counted work the band LP ran before the kernels when it fitted
    (``banded``, :func:`_band_counted`): the units left then go to tabu moves
    from the plan (further steps seldom beat the band LP's bound), else to steps.
    """
    if s.effort.counted:
        if banded:
            A = s.inst.A
            rows = tabu_with_units_left(A, s.work, plan.rows, s.rules, s.effort, seed=s.seed)
            keep_if_better(s, plan, rows)
        if s.effort.left > 0:
            _smooth(s, plan, 1.0, math.inf, state)
        return
    if s.effort.seconds_left() > 0.4 and not _lp_bound(s, plan, model_nnz):
        more = BAND_AFTER - state.iterations
        if more > 0 and s.effort.seconds_left() - keep > 0.3:
            _smooth(s, plan, 1.0, s.effort.deadline - keep, state, most=more)
        A, W, left = s.inst.A, s.inst.weight, s.effort.seconds_left() - 0.1
        plan.bound = min(plan.bound, band_lp_bound(A, W, s.rules, state, time_limit=left))
    if s.effort.seconds_left() > 0.08:  # short limits: steps to the end
        _smooth(s, plan, 1.0, s.effort.deadline - 0.08, state, most=10 * SMOOTH_STEPS)


def _full_mip(s: Search, plan: CoverPlan) -> None:
    """Solve the whole MIP (warm-started when ``plan`` is feasible) and keep the better plan."""
    A, W, must = s.inst.A, s.inst.weight, s.inst.must
    n = A.shape[0]
    remaining = max(s.effort.deadline - time.perf_counter(), 0.0 if plan.feasible else 5.0)
    out = solve_linear(
        mclp_model(A, W, must, s.rules),
        time_limit=remaining,
        mip_rel_gap=s.mip_gap,
        start=x_start(n, A, plan.rows) if plan.feasible else None,
        seed=s.seed,
        presolve=False,
        node_limit=None if not s.effort.counted else max(s.effort.left, 1),
    )
    if out.status == "infeasible" or (out.x is None and not plan.feasible):
        raise must_cover_error(s.inst, s.rules.budget, 5.0, s.seed)
    plan.method = "exact"
    if out.x is not None:
        cand = np.flatnonzero(out.x[:n] > 0.5)
        cand_value = covered_weight(A, W, cand)
        if not plan.feasible or cand_value >= plan.value:
            plan.rows, plan.value, plan.feasible = cand, cand_value, True
    if np.isfinite(out.bound):
        plan.bound = min(plan.bound, out.bound) if plan.feasible else out.bound
    plan.status = "optimal" if out.status == "optimal" else "time_limit"


def mclp_plan(
    inst: CoverInstance,
    rules: RowRules,
    *,
    method: Method,
    deadline: float,
    mip_gap: float,
    seed: int,
    progress: Progress | None = None,
    work_limit: int | None = None,
) -> CoverPlan:
    """Solve maximal covering on a reduced instance (values exclude existing outlets).

    Parameters
    ----------
    inst
        The reduced instance (free rows only).
    rules
        Budget and one-outlet-per-site rules over its rows.
    method : {"auto", "exact", "heuristic"}
        As in :class:`~servicecircle.siting.options.SolveOptions`.
    deadline
        ``time.perf_counter()`` value by which to stop.
    mip_gap
        Relative gap at which the plan counts as optimal.
    seed
        Seed for tie-breaking.
    progress
        Optional callback ``(fraction, message)``.
    work_limit
        Work units instead of the deadline (see
        :mod:`~servicecircle.siting.effort`): the plan and bound then do not
        depend on the machine's load.

    Returns
    -------
    CoverPlan
        Its bound is never above :func:`~servicecircle.siting.bounds.cover.coverable_cap`.
    """
    A, W, must = inst.A, inst.weight, inst.must
    t_start = time.perf_counter()
    effort = effort_from(t_start, deadline - t_start, work_limit)
    deadline = effort.deadline
    budget_s = max(deadline - t_start, 0.0)
    big = float(W.sum()) + 1.0 if must.any() else 0.0
    work = W + big * must
    rows, _ = lazy_greedy_cover(A, work, rules, seed=seed)
    if A.shape[1] == 0:
        return CoverPlan(rows, 0.0, 0.0, "optimal", "heuristic")
    greedy = covered_weight(A, W, rows)
    say(progress, 0.1, msg("msg.siting.step.greedy", outlets=int(rows.size), value=greedy))
    rows, swaps, swap_pass = local_search(A, work, rows, rules, effort, budget_s, seed=seed)
    value = covered_weight(A, W, rows)
    say(progress, 0.3, msg("msg.siting.step.local_search", swaps=swaps, value=value))
    cap = coverable_cap(A, W, rules)
    plan = CoverPlan(
        rows,
        value,
        min(online_cover_bound(A, W, rows, rules), cap),
        "heuristic",
        "heuristic",
        feasible=must_ok(A, must, rows),
    )
    search = Search(inst, rules, work, effort, mip_gap, seed, progress)
    model_nnz = 2 * A.nnz + A.shape[0] + A.shape[1]
    run_exact = (
        method == "exact"
        or not plan.feasible
        # with counted work the kernels (node-limited) stand in for the full MIP's root
        or (method == "auto" and model_nnz <= EXACT_NNZ and not effort.counted)
    )
    if not run_exact and time.perf_counter() < deadline:
        _kernel_search(search, plan, method, model_nnz, swap_pass, t_start)
    if (run_exact and time.perf_counter() < deadline) or not plan.feasible:
        _full_mip(search, plan)
    if relative_gap(plan.value, plan.bound, maximize=True) <= mip_gap:
        plan.status = "optimal"
    say(progress, 0.9, msg("msg.siting.step.plan", value=plan.value, bound=plan.bound))
    plan.bound = max(min(plan.bound, cap), plan.value)
    return plan
