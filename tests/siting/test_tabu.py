"""Tabu search over swaps for coverage: never worse than its start, the rules kept, brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from servicecircle.siting.budget import Budget, RowRules
from servicecircle.siting.columns import column_counts
from servicecircle.siting.heuristics.greedy import lazy_greedy_cover
from servicecircle.siting.heuristics.tabu import tabu_cover
from servicecircle.siting.reduce import cover_instance
from tests.siting.brute import random_problem


def value(inst, rows) -> float:
    return float(inst.weight[column_counts(inst.A, np.asarray(rows)) > 0].sum())


def brute_rows(inst, rules: RowRules) -> float:
    """The best coverage over every plan the rules allow (per-type counts, one per site)."""
    best = 0.0
    for rows in itertools.combinations(range(inst.n_rows), rules.budget.total):
        r = np.asarray(rows)
        if np.unique(rules.site_of[r]).size < r.size:
            continue
        if rules.per_type is not None:
            counts = np.bincount(rules.type_of[r], minlength=rules.n_types)
            if np.any(counts != rules.per_type):
                continue
        best = max(best, value(inst, r))
    return best


@pytest.mark.parametrize("seed", range(8))
def test_tabu_finds_the_brute_force_optimum_on_tiny_instances(seed: int) -> None:
    problem = random_problem(seed, n_sites=10, n_demand=40, density=0.25)
    inst = cover_instance(problem)
    rules = RowRules(inst.type_of, inst.site_of, Budget(3), inst.n_types)
    start, _ = lazy_greedy_cover(inst.A, inst.weight, rules, seed=seed)
    rows, moves = tabu_cover(inst.A, inst.weight, start, rules, max_moves=200, seed=seed)
    assert moves == 200
    assert rows.size == 3 and np.unique(rows).size == 3
    assert value(inst, rows) >= value(inst, start)
    assert value(inst, rows) == pytest.approx(brute_rows(inst, rules))


@pytest.mark.parametrize("seed", range(6))
def test_tabu_never_worse_than_its_start_and_keeps_the_rules(seed: int) -> None:
    problem = random_problem(seed, n_sites=14, n_demand=60, density=0.2)
    inst = cover_instance(problem)
    n = inst.n_rows
    # two outlet types with their own budgets, and pairs of rows sharing a site
    type_of = np.arange(n) % 2
    site_of = np.arange(n) // 2
    rules = RowRules(type_of, site_of, Budget(3, (1, 2)), 2)
    rng = np.random.default_rng(seed)
    # a start within the rules: one row of type 0 and two of type 1, on three sites
    sites = rng.choice(n // 2, 3, replace=False)
    start = np.array([2 * sites[0], 2 * sites[1] + 1, 2 * sites[2] + 1])
    for moves in (0, 1, 3, 50):
        rows, _ = tabu_cover(inst.A, inst.weight, start, rules, max_moves=moves, seed=seed)
        assert value(inst, rows) >= value(inst, start) - 1e-9
        assert np.bincount(type_of[rows], minlength=2).tolist() == [1, 2]
        assert np.unique(site_of[rows]).size == 3
    rows, _ = tabu_cover(inst.A, inst.weight, start, rules, max_moves=300, seed=seed)
    assert value(inst, rows) == pytest.approx(brute_rows(inst, rules))


def test_tabu_stops_at_its_deadline_and_with_nothing_to_swap() -> None:
    problem = random_problem(2, n_sites=12, n_demand=50, density=0.25)
    inst = cover_instance(problem)
    rules = RowRules(inst.type_of, inst.site_of, Budget(3), inst.n_types)
    start = np.array([0, 1, 2])
    rows, moves = tabu_cover(
        inst.A, inst.weight, start, rules, max_moves=10_000, deadline=0.0, seed=0
    )
    assert moves == 0
    np.testing.assert_array_equal(rows, start)
    every = RowRules(inst.type_of, inst.site_of, Budget(inst.n_rows), inst.n_types)
    rows, moves = tabu_cover(inst.A, inst.weight, np.arange(inst.n_rows), every, max_moves=5)
    assert moves == 0 and rows.size == inst.n_rows


def test_the_kernels_are_loaded_once_a_process_before_a_timed_search_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A short time limit does not lose its tabu moves to loading the kernels (0.2-0.3 s)."""
    from servicecircle.siting import cover_local
    from servicecircle.siting.effort import Effort
    from servicecircle.siting.heuristics import tabu

    tabu.load_kernels()
    assert tabu._tables.signatures and tabu._moves.signatures  # noqa: SLF001 - loaded
    calls: list[str] = []
    clock = itertools.count()
    monkeypatch.setattr(cover_local, "load_kernels", lambda: calls.append("load"))
    monkeypatch.setattr(cover_local.time, "perf_counter", lambda: float(next(clock)))
    deadlines: list[float | None] = []

    def search(*args, deadline=None, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        deadlines.append(deadline)
        return args[2], 0

    monkeypatch.setattr(cover_local, "tabu_cover", search)
    inst = random_problem(1, n_sites=20, n_demand=100, density=0.2)
    reduced = cover_instance(inst)
    rules = RowRules(reduced.type_of, reduced.site_of, Budget(3), reduced.n_types)
    cover_local.local_search(
        reduced.A, reduced.weight, np.arange(3), rules, Effort(500.0), budget_s=10.0, seed=0
    )
    # the clock reads 0 at the start, 1 after loading: the tabu share (20 % of 10 s) from then
    assert calls == ["load"] and deadlines == [1.0 + cover_local.TABU_SHARE * 10.0]
