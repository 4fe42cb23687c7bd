"""Building blocks: HiGHS wrapper, swap local search, bounds."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.sparse as sp

from servicecircle.siting.bounds.cover import lagrangian_cover_bound, online_cover_bound
from servicecircle.siting.budget import Budget, RowRules
from servicecircle.siting.columns import column_counts
from servicecircle.siting.heuristics.greedy import lazy_greedy_cover
from servicecircle.siting.heuristics.local_search import swap_cover
from servicecircle.siting.mip.highs import LinearModel, solve_linear
from servicecircle.siting.reduce import cover_instance
from tests.siting.brute import brute_mclp, random_problem


def _knapsack(capacity: float) -> LinearModel:
    # max 5a + 4b + 3c, 2a + 3b + c <= capacity, binary
    return LinearModel(
        maximize=True,
        cost=np.array([5.0, 4.0, 3.0]),
        col_lower=np.zeros(3),
        col_upper=np.ones(3),
        integer=np.ones(3, np.int32),
        rows=sp.csr_matrix(np.array([[2.0, 3.0, 1.0]])),
        row_lower=np.array([-np.inf]),
        row_upper=np.array([capacity]),
    )


def test_highs_mip_lp_and_infeasible() -> None:
    out = solve_linear(_knapsack(4.0), time_limit=5)
    assert out.status == "optimal"
    assert out.objective == pytest.approx(8.0)
    assert out.bound >= out.objective - 1e-9 and out.gap <= 1e-4
    np.testing.assert_allclose(out.x, [1, 0, 1])
    lp = solve_linear(_knapsack(4.0), time_limit=5, relax=True)
    assert lp.bound == pytest.approx(5 + 3 + 4 / 3)
    bad = LinearModel(
        maximize=False,
        cost=np.ones(1),
        col_lower=np.zeros(1),
        col_upper=np.ones(1),
        integer=np.ones(1, np.int32),
        rows=sp.csr_matrix(np.array([[1.0]])),
        row_lower=np.array([2.0]),
        row_upper=np.array([np.inf]),
    )
    assert solve_linear(bad, time_limit=5).status == "infeasible"


@pytest.mark.parametrize("seed", range(5))
def test_swap_reaches_local_optimum_and_bounds_hold(seed: int) -> None:
    problem = random_problem(seed, n_sites=12, n_demand=40, density=0.25)
    inst = cover_instance(problem)
    p = 3
    rules = RowRules(inst.type_of, inst.site_of, Budget(p), inst.n_types)
    greedy, gains = lazy_greedy_cover(inst.A, inst.weight, rules)
    assert np.all(np.diff(gains) <= 1e-9)
    rows, _ = swap_cover(inst.A, inst.weight, greedy, rules)

    def value(r):
        return inst.weight[column_counts(inst.A, np.asarray(r)) > 0].sum()

    v = value(rows)
    assert v >= value(greedy)
    for j, i in itertools.product(range(p), range(inst.n_rows)):
        if i in rows:
            continue
        trial = rows.copy()
        trial[j] = i
        assert value(trial) <= v + 1e-9
    best = brute_mclp(problem, p)
    assert online_cover_bound(inst.A, inst.weight, rows, rules) >= best - 1e-9
    lag = lagrangian_cover_bound(
        inst.A, inst.weight, inst.must, rules, incumbent=v, deadline=float("inf"), max_iter=200
    )
    assert lag.bound >= best - 1e-6
