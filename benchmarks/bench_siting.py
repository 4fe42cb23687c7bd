"""Benchmark the siting optimiser against spopt (CBC) and plain HiGHS.

Instances: uniform random demand points and candidate sites in the unit
square; a candidate covers the demand within a radius (found with a KD-tree)
and the radius stands for the 15-minute break. People per demand point are
random integers 1..99.

    python benchmarks/bench_siting.py            # 5,000 x 500 and 50,000 x 5,000
    python benchmarks/bench_siting.py --quick    # small sizes only
    python benchmarks/bench_siting.py --matrix minutes.npz --weights people.npy \
        --break-minutes 15 --p 10                # an engine matrix (sites x demand)

For each instance it prints objective, bound, gap and time of every solver,
the time ratio against spopt/CBC and each objective relative to the best
bound any solver proved. spopt gets a time limit (``--spopt-time``) and is
reported as time-limited when it hits it; model building in pulp is included
in its time. ``--reference-time`` runs plain HiGHS that long as the
reference for instances where nobody closes the bound, and the MCLP LP
relaxation (HiGHS interior point) for the best LP bound: when that bound
lies further than 0.5% above every plan, no LP-based method can close the
gap that far and the target falls back to the best HiGHS solution.

The capacitated model (``capacity``: every outlet serves at most 84% of all
people divided by p, so capacity binds) has no spopt counterpart; it is
compared with HiGHS on the same formulation.

It cannot reward a wrong answer: a time ratio against spopt is printed only
for a plan at least as good as spopt's; for a worse plan the benchmark runs
ours again with growing time limits and prints the time each needs to reach
spopt's value. The run exits non-zero when any plan is better than a bound
some solver proved (a wrong plan or a wrong bound), when two solvers both
prove optimality at different values, or when a proven optimum of ours is
worse than a plan of a peer. ``--tiny`` runs two very small instances (the
tests' self-check); ``--wrong-peer`` makes spopt's answer 5% better than
reported, to check that a disagreement fails the run.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import queue as queue_mod
import resource
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.spatial import cKDTree

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import Agreement  # noqa: E402  # isort: skip
from servicecircle.siting import SolveOptions, problem_from_matrix, solve  # noqa: E402
from servicecircle.siting.budget import Budget, RowRules  # noqa: E402
from servicecircle.siting.mip.formulations import capacitated_model, mclp_model  # noqa: E402
from servicecircle.siting.mip.highs import solve_linear  # noqa: E402
from servicecircle.siting.options import as_method  # noqa: E402
from servicecircle.siting.reduce import cover_instance  # noqa: E402

BREAK = 15.0


@dataclass
class Row:
    instance: str
    model: str
    solver: str
    objective: float
    bound: float
    seconds: float
    status: str
    cpu: float = math.nan
    method: str = field(default="", compare=False)

    @property
    def optimal(self) -> bool:
        """Proven optimal: our or HiGHS's ``optimal``, or CBC's ``Optimal`` within its limit."""
        return self.status in ("optimal", "Optimal")


def instance(n_demand: int, n_cand: int, p: int, seed: int = 0):
    """Random points; minutes = distance scaled so the radius is 15 minutes."""
    rng = np.random.default_rng(seed)
    demand = rng.random((n_demand, 2))
    cand = rng.random((n_cand, 2))
    radius = 0.113 * math.sqrt(20 / p)
    dist = cKDTree(cand).sparse_distance_matrix(
        cKDTree(demand), 1.5 * radius, output_type="coo_matrix"
    )
    minutes = sp.csr_matrix(dist) * (BREAK / radius)
    weights = rng.integers(1, 100, n_demand).astype(float)
    return minutes, weights


def dense_costs(minutes: sp.csr_matrix, fill: float) -> np.ndarray:
    """Demand x candidate dense matrix for spopt (absent pairs = ``fill``)."""
    out = np.full((minutes.shape[1], minutes.shape[0]), fill)
    coo = minutes.tocoo()
    out[coo.col, coo.row] = coo.data
    return out


def run_spopt(kind: str, minutes, weights, p: int, time_limit: float) -> Row | None:
    try:
        import pulp
        from spopt.locate import LSCP, MCLP, PMedian
    except ImportError:
        print("spopt/pulp not installed: skipping spopt")
        return None
    warnings.filterwarnings("ignore")
    t0 = time.perf_counter()
    cpu0 = _cpu_with_children()
    solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=int(time_limit))
    if kind == "mclp":
        costs = dense_costs(minutes, 10 * BREAK)
        model = MCLP.from_cost_matrix(costs, weights, BREAK, p_facilities=p)
    elif kind == "lscp":
        costs = dense_costs(minutes, 10 * BREAK)
        costs = costs[(costs <= BREAK).any(axis=1)]  # LSCP needs every demand coverable
        model = LSCP.from_cost_matrix(costs, BREAK)
    else:
        costs = dense_costs(minutes, 2 * minutes.data.max())
        model = PMedian.from_cost_matrix(costs, weights, p_facilities=p)
    del costs
    model.solve(solver, results=False)
    seconds = time.perf_counter() - t0
    prob = model.problem
    value = pulp.value(prob.objective)
    status = pulp.LpStatus[prob.status]
    if seconds >= time_limit * 0.98:
        status = f"time limit {time_limit:.0f}s ({status})"
    if kind == "pmedian" and value is not None:
        value = value / weights.sum()
    return Row(
        "",
        kind,
        "spopt+CBC",
        float(value) if value is not None else math.nan,
        math.nan,
        seconds,
        status,
        cpu=_cpu_with_children() - cpu0,
    )


def _cpu_with_children() -> float:
    """CPU seconds of this process and of its finished children (CBC runs as one)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _spopt_child(queue, kind, minutes, weights, p, time_limit) -> None:
    try:
        queue.put(run_spopt(kind, minutes, weights, p, time_limit))
    except Exception as exc:  # noqa: BLE001 - report a peer's failure, go on
        queue.put(repr(exc))


def run_spopt_bounded(kind: str, minutes, weights, p: int, time_limit: float) -> Row | None:
    """spopt in a child process, stopped when model building plus solving exceed 1.5 x the limit.

    CBC's time limit does not cover building the dense cost matrix and the
    pulp model, which on large instances can take longer than the solve.
    """
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_spopt_child, args=(queue, kind, minutes, weights, p, time_limit))
    t0 = time.perf_counter()
    child.start()
    wall = 1.5 * time_limit + 30
    try:
        out = queue.get(timeout=wall)
    except queue_mod.Empty:
        out = None
    child.join(timeout=5)
    if child.is_alive():
        child.kill()
        child.join()
    if out is None:
        return Row(
            "",
            kind,
            "spopt+CBC",
            math.nan,
            math.nan,
            time.perf_counter() - t0,
            f"no result within {wall:.0f}s (model building + CBC)",
        )
    if isinstance(out, str):
        print(f"spopt {kind} failed: {out}")
        return None
    return out


def cover_pattern(minutes: sp.csr_matrix) -> sp.csr_matrix:
    """0/1 (sites x demand) of the pairs within the break, for the peers' models."""
    cover = sp.csr_matrix(
        ((minutes.data <= BREAK).astype(np.float64), minutes.indices.copy(), minutes.indptr.copy()),
        minutes.shape,
    )
    cover.eliminate_zeros()
    cover.sort_indices()
    return cover


def run_plain_highs(minutes, weights, p: int, time_limit: float) -> Row:
    """The MCLP MIP on the unreduced matrix, straight into HiGHS."""
    t0, cpu0 = time.perf_counter(), time.process_time()
    A = cover_pattern(minutes)
    rules = RowRules(np.zeros(A.shape[0], int), np.arange(A.shape[0]), Budget(p), 1)
    model = mclp_model(A, weights, np.zeros(A.shape[1], bool), rules)
    out = solve_linear(model, time_limit=time_limit, mip_rel_gap=1e-4)
    return Row(
        "",
        "mclp",
        f"HiGHS MIP {time_limit:.0f}s",
        out.objective,
        out.bound,
        time.perf_counter() - t0,
        out.status,
        cpu=time.process_time() - cpu0,
    )


def capacity_for(weights: np.ndarray, p: int) -> float:
    """People per outlet such that p outlets can serve at most 84% of everyone."""
    return 0.84 * float(weights.sum()) / p


def run_lp_bound(minutes, weights, p: int, time_limit: float) -> Row:
    """The MCLP LP relaxation on the reduced instance (HiGHS interior point): a bound only."""
    t0, cpu0 = time.perf_counter(), time.process_time()
    inst = cover_instance(problem_from_matrix(minutes, weights, minutes_break=BREAK))
    rules = RowRules(inst.type_of, inst.site_of, Budget(p), inst.n_types)
    model = mclp_model(inst.A, inst.weight, inst.must, rules)
    out = solve_linear(model, time_limit=time_limit, relax=True, solver="ipm")
    return Row(
        "",
        "mclp",
        "HiGHS LP relaxation (IPM)",
        math.nan,
        out.bound + inst.base_weight if out.status == "optimal" else math.nan,
        time.perf_counter() - t0,
        f"LP {out.status}",
        cpu=time.process_time() - cpu0,
    )


def run_highs_capacity(minutes, weights, p: int, time_limit: float) -> Row:
    """The capacitated MIP (our formulation, unreduced demand) straight into HiGHS."""
    t0, cpu0 = time.perf_counter(), time.process_time()
    cover = cover_pattern(minutes)
    n = cover.shape[0]
    rules = RowRules(np.zeros(n, int), np.arange(n), Budget(p), 1)
    reach = np.asarray(cover @ weights).ravel()
    cap = np.minimum(np.full(n, capacity_for(weights, p)), reach)
    model = capacitated_model(
        cover, weights, weights, np.zeros(cover.shape[1], bool), cap, np.zeros(n, bool), rules
    )
    out = solve_linear(model, time_limit=time_limit, mip_rel_gap=1e-4)
    return Row(
        "",
        "capacity",
        f"HiGHS MIP {time_limit:.0f}s",
        out.objective,
        out.bound,
        time.perf_counter() - t0,
        out.status,
        cpu=time.process_time() - cpu0,
    )


def run_ours(kind: str, minutes, weights, p: int, time_limit: float, method: str) -> Row:
    capacity = capacity_for(weights, p) if kind == "capacity" else None
    problem = problem_from_matrix(minutes, weights, minutes_break=BREAK, capacity=capacity)
    t0, cpu0 = time.perf_counter(), time.process_time()
    options = SolveOptions(method=as_method(method), time_limit=time_limit)
    if kind in ("mclp", "capacity"):
        res = solve(problem, "mclp", p=p, options=options)
    elif kind == "lscp":
        reach = cover_instance(problem)
        share = 1.0 - weights[reach.uncoverable].sum() / weights.sum()
        res = solve(problem, "min_outlets", target=share, options=options)
    else:
        res = solve(
            problem,
            "pmedian",
            p=p,
            unreachable_minutes=2 * minutes.data.max(),
            options=options,
        )
    obj, bound = res.objective, res.bound
    label = f"servicecircle {method} {time_limit:g}s"
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return Row("", kind, label, obj, bound, seconds, res.status, cpu=cpu, method=method)


#: Relative tolerance of objective and bound comparisons (solvers' own gaps are 1e-4 or tighter).
TOL = 1e-6


def at_least_as_good(a: float, b: float, maximize: bool) -> bool:
    """Is objective ``a`` as good as ``b`` or better (within TOL)?"""
    slack = TOL * max(abs(a), abs(b), 1.0)
    return a >= b - slack if maximize else a <= b + slack


def check_rows(rows: list[Row], maximize: bool, agreement: Agreement) -> None:
    """Plans against proven bounds, proven optima against each other and against plans."""
    plans = [r for r in rows if np.isfinite(r.objective)]
    for r in rows:
        if not np.isfinite(r.bound):
            continue
        for plan in plans:
            agreement.check(
                at_least_as_good(r.bound, plan.objective, maximize),
                f"{r.model}: {plan.solver}'s plan {plan.objective:.6g} beats the bound "
                f"{r.bound:.6g} {r.solver} proved",
            )
    proven = [r for r in plans if r.optimal]
    for a in proven:
        for b in plans:
            agreement.check(
                at_least_as_good(a.objective, b.objective, maximize),
                f"{a.model}: {a.solver} proves {a.objective:.6g} optimal, but {b.solver} "
                f"found {b.objective:.6g}",
            )


def time_to_reach(
    kind: str, minutes, weights, p: int, target: float, maximize: bool, limit: float
) -> Row | None:
    """Our run with growing time limits (x3) until its plan is as good as ``target``."""
    budget = 0.1
    while budget <= limit:
        row = run_ours(kind, minutes, weights, p, budget, "auto")
        if np.isfinite(row.objective) and at_least_as_good(row.objective, target, maximize):
            return row
        budget *= 3
    return None


def _value(objective: float, maximize: bool, total_weight: float) -> str:
    if not np.isfinite(objective):
        return "-"
    return f"{100 * objective / total_weight:11.3f}%" if maximize else f"{objective:12.4f}"


def print_table(rows: list[Row], total_weight: float) -> None:
    """One line per solver: objective, bound, gap, wall and CPU time, and the ratio to spopt.

    The ratio is printed only for a plan at least as good as spopt's.
    """
    by_model: dict[str, list[Row]] = {}
    for r in rows:
        by_model.setdefault(r.model, []).append(r)
    head = (
        f"{'model':8} {'solver':26} {'objective':>12} {'bound':>12} {'gap':>8} "
        f"{'wall s':>9} {'CPU s':>9} {'x spopt':>14} {'obj/best bound':>15}  status"
    )
    print(head)
    print("-" * len(head))
    for model, group in by_model.items():
        maximize = model in ("mclp", "capacity")
        bounds = [r.bound for r in group if np.isfinite(r.bound)]
        best_bound = (min(bounds) if maximize else max(bounds)) if bounds else math.nan
        spopt = next((r for r in group if r.solver.startswith("spopt")), None)
        for r in group:
            if np.isfinite(r.bound) and np.isfinite(r.objective):
                gap = abs(r.bound - r.objective) / max(abs(r.bound), abs(r.objective), 1e-12)
            else:
                gap = math.nan
            ratio = "-"
            if spopt and r is not spopt and np.isfinite(r.objective):
                if np.isfinite(spopt.objective) and not at_least_as_good(
                    r.objective, spopt.objective, maximize
                ):
                    ratio = "worse plan"
                else:
                    by_cpu = spopt.cpu / r.cpu if r.cpu > 0 else math.nan
                    ratio = f"{spopt.seconds / r.seconds:.0f}x/{by_cpu:.0f}x"
            rel = r.objective / best_bound if np.isfinite(best_bound) and best_bound else math.nan
            print(
                f"{model:8} {r.solver:26} {_value(r.objective, maximize, total_weight):>12} "
                f"{_value(r.bound, maximize, total_weight):>12} "
                f"{(f'{100 * gap:.2f}%' if np.isfinite(gap) else '-'):>8} {r.seconds:9.2f} "
                f"{r.cpu:9.2f} {ratio:>14} "
                f"{(f'{rel:.4f}' if np.isfinite(rel) else '-'):>15}  {r.status}"
            )
    print("(x spopt: spopt's time / ours, wall/CPU, only for a plan as good as spopt's)")
    print()


def same_value_times(
    kind: str, minutes, weights, p: int, rows: list[Row], maximize: bool, limit: float
) -> None:
    """For our plans worse than spopt's: the time each needs to reach spopt's value."""
    spopt = next((r for r in rows if r.solver.startswith("spopt")), None)
    if spopt is None or not np.isfinite(spopt.objective):
        return
    worse = [
        r
        for r in rows
        if r.solver.startswith("servicecircle")
        and np.isfinite(r.objective)
        and not at_least_as_good(r.objective, spopt.objective, maximize)
    ]
    if not worse:
        return
    reached = time_to_reach(kind, minutes, weights, p, spopt.objective, maximize, limit)
    if reached is None:
        print(
            f"{kind}: ours did not reach spopt's value {spopt.objective:.6g} within a "
            f"{limit:g} s limit; spopt took {spopt.seconds:.2f} s wall, {spopt.cpu:.2f} s CPU"
        )
    else:
        print(
            f"{kind}: time to reach spopt's value {spopt.objective:.6g}: ours "
            f"{reached.seconds:.2f} s wall {reached.cpu:.2f} s CPU ({reached.solver}), spopt "
            f"{spopt.seconds:.2f} s wall {spopt.cpu:.2f} s CPU: "
            f"{spopt.seconds / reached.seconds:.1f}x wall, "
            f"{spopt.cpu / max(reached.cpu, 1e-9):.1f}x CPU"
        )
    print()


# long: the solvers of one instance, in turn, then the table and the checks
def bench(
    name: str,
    minutes,
    weights,
    p: int,
    *,
    spopt_time: float,
    reference_time: float,
    time_limit: float,
    models: tuple[str, ...],
    agreement: Agreement,
    wrong_peer: bool = False,
) -> None:
    print(
        f"== {name}: {minutes.shape[1]:,} demand x {minutes.shape[0]:,} candidates, p = {p}, "
        f"{minutes.nnz:,} stored pairs",
        flush=True,
    )
    for kind in models:
        rows: list[Row] = [run_ours(kind, minutes, weights, p, time_limit, "auto")]
        if kind == "mclp":
            rows.append(run_ours(kind, minutes, weights, p, time_limit, "heuristic"))
            rows.append(run_ours(kind, minutes, weights, p, 0.1 * time_limit, "heuristic"))
            rows.append(run_plain_highs(minutes, weights, p, time_limit))
            if reference_time > time_limit:
                rows.append(run_plain_highs(minutes, weights, p, reference_time))
                rows.append(run_lp_bound(minutes, weights, p, reference_time))
        if kind == "capacity":
            rows.append(run_highs_capacity(minutes, weights, p, time_limit))
            if reference_time > time_limit:
                rows.append(run_highs_capacity(minutes, weights, p, reference_time))
        if spopt_time > 0 and kind != "capacity":  # spopt has no capacitated MCLP
            r = run_spopt_bounded(kind, minutes, weights, p, spopt_time)
            if r is not None:
                if wrong_peer:
                    better = 1.05 if kind in ("mclp", "capacity") else 0.95
                    r.objective *= better
                rows.append(r)
        for r in rows:
            r.instance = name
        maximize = kind in ("mclp", "capacity")
        print_table(rows, float(weights.sum()))
        same_value_times(kind, minutes, weights, p, rows, maximize, 4 * max(time_limit, 1.0))
        check_rows(rows, maximize, agreement)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only")
    ap.add_argument("--matrix", type=Path, help="scipy.sparse .npz of minutes (sites x demand)")
    ap.add_argument("--weights", type=Path, help=".npy of people per demand unit")
    ap.add_argument("--break-minutes", type=float, default=15.0)
    ap.add_argument("--p", type=int, default=None, help="new outlets (default per instance)")
    ap.add_argument("--time-limit", type=float, default=10.0, help="our budget, seconds")
    ap.add_argument("--spopt-time", type=float, default=None, help="spopt/CBC limit (0 = skip)")
    ap.add_argument("--reference-time", type=float, default=None, help="long HiGHS run, seconds")
    ap.add_argument("--only", choices=["small", "large"], help="run one of the two full sizes")
    ap.add_argument("--tiny", action="store_true", help="two very small instances (self-check)")
    ap.add_argument(
        "--wrong-peer", action="store_true", help="report spopt's value 5%% better (self-check)"
    )
    args = ap.parse_args(argv)
    agreement = Agreement()
    global BREAK
    BREAK = args.break_minutes
    if args.matrix is not None:
        minutes = sp.csr_matrix(sp.load_npz(args.matrix), dtype=np.float64)
        weights = (
            np.load(args.weights) if args.weights is not None else np.ones(minutes.shape[1])
        ).astype(float)
        p = args.p or 10
        bench(
            f"engine {args.matrix.name}",
            minutes,
            weights,
            p,
            spopt_time=args.spopt_time if args.spopt_time is not None else 300,
            reference_time=args.reference_time or 0,
            time_limit=args.time_limit,
            models=("mclp", "lscp", "pmedian"),
            agreement=agreement,
            wrong_peer=args.wrong_peer,
        )
        agreement.finish()
        return
    # (demand, candidates, p, models): spopt's p-median needs a dense assignment
    # variable per pair, so it runs on a smaller instance
    sizes = (
        [(300, 30, 5, ("mclp", "lscp", "capacity")), (100, 15, 3, ("pmedian",))]
        if args.tiny
        else [(2_000, 200, 10, ("mclp", "lscp", "capacity")), (500, 50, 5, ("pmedian",))]
        if args.quick
        else [
            (5_000, 500, 20, ("mclp", "lscp", "capacity")),
            (1_000, 100, 10, ("pmedian",)),
            (50_000, 5_000, 50, ("mclp",)),
        ]
    )
    args.quick = args.quick or args.tiny
    if args.only == "small":
        sizes = sizes[:-1]
    elif args.only == "large":
        sizes = sizes[-1:]
    for nd, nc, p, models in sizes:
        minutes, weights = instance(nd, nc, args.p or p)
        big = nd >= 50_000
        spopt_time = args.spopt_time if args.spopt_time is not None else (60 if args.quick else 600)
        reference = (
            args.reference_time
            if args.reference_time is not None
            else (0 if args.quick or "mclp" not in models else 600)
        )
        bench(
            f"random {nd}x{nc}",
            minutes,
            weights,
            args.p or p,
            spopt_time=spopt_time,
            reference_time=reference,
            time_limit=args.time_limit,
            models=models,
            agreement=agreement,
            wrong_peer=args.wrong_peer,
        )
        if big:
            print(
                "(LSCP and p-median on 50,000 x 5,000 skipped: spopt needs a dense "
                "250-million-entry cost matrix for them)"
            )
    agreement.finish()


if __name__ == "__main__":
    main()
