"""Capacitated maximal covering: capacity respected, optimum against brute force."""

from __future__ import annotations

import numpy as np
import pytest

from servicecircle.errors import InfeasibleRequestError
from servicecircle.siting import solve_capacitated, solve_mclp

from .brute import brute_capacitated, random_problem, served_value


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("method", ["heuristic", "exact"])
def test_capacitated_matches_brute_force(seed: int, method: str) -> None:
    problem = random_problem(
        seed, n_sites=8, n_demand=25, capacity=60.0, n_fixed=seed % 2, classes=seed % 3 == 0
    )
    p = 1 + seed % 3
    best = brute_capacitated(problem, p)
    result = solve_mclp(problem, p=p, method=method, time_limit=5)
    assert result.model == "capacitated_mclp"
    assert result.objective == pytest.approx(served_value(problem, result.options), rel=1e-6)
    assert result.objective <= best + 1e-6
    assert result.bound >= best - 1e-6
    if method == "exact":
        assert result.objective == pytest.approx(best, rel=1e-6)
    # capacity respected: no more people served than the open outlets can take
    open_caps = problem.capacity[np.concatenate([np.flatnonzero(problem.fixed), result.options])]
    assert result.served_people.sum() <= open_caps.sum() + 1e-6
    assert np.all(result.served_people <= problem.weights + 1e-9)
    assert sum(s.new_people for s in result.sites) == pytest.approx(
        result.served_people.sum() - sum(c.covered_before for c in result.coverage_by_class),
        abs=1e-6,
    )


def test_capacity_binds() -> None:
    problem = random_problem(2, n_sites=8, n_demand=25, capacity=10.0)
    free = solve_mclp(random_problem(2, n_sites=8, n_demand=25), p=2, method="exact")
    capped = solve_mclp(problem, p=2, method="exact")
    assert capped.served_people.sum() <= 20.0 + 1e-6
    assert capped.objective <= free.objective


def test_needs_capacity() -> None:
    with pytest.raises(InfeasibleRequestError, match="no outlet capacity"):
        solve_capacitated(random_problem(0), p=1)
