"""Dropping new outlets that add nobody: build order, curve, minutes, count and gap follow."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import scipy.sparse as sp

from servicecircle.siting import problem_from_matrix, solve
from servicecircle.siting.idle import drop_sites, minutes_saved


def _problem():
    """Existing outlet 0 reaches unit 0; candidates 1 and 2 both reach unit 1 only."""
    minutes = sp.csr_matrix(
        np.array([[2.0, 0.0, 0.0], [0.0, 3.0, 0.0], [0.0, 4.0, 0.0], [0.0, 0.0, 1.0]])
    )
    return problem_from_matrix(
        minutes, [10.0, 20.0, 5.0], minutes_break=5.0, fixed=[True, False, False, False]
    )


def test_the_plan_without_an_idle_outlet_keeps_its_coverage_and_renumbers():
    problem = _problem()
    # the fewest outlets covering everyone is 2 (candidates 1 or 2, and 3)
    result = solve(problem, "mclp", p=3)
    idle = [s.order for s in result.sites if s.new_people == 0]
    assert len(idle) == 1
    kept = drop_sites(problem, result, idle, note="dropped one")
    assert [s.order for s in kept.sites] == [1, 2]
    assert len(kept.coverage_curve) == 3
    assert kept.share_after == pytest.approx(result.share_after) == pytest.approx(1.0)
    assert kept.sites[-1].cumulative_share == pytest.approx(1.0)
    assert kept.notes[-1] == "dropped one"
    assert kept.objective == result.objective
    assert np.array_equal(kept.served_people, result.served_people)


def test_dropping_from_a_fewest_outlets_plan_lowers_the_count_and_its_gap():
    problem = _problem()
    result = solve(problem, "min_outlets", target=1.0)
    assert (result.objective, result.bound) == (2.0, 2.0)
    # the same plan padded with an outlet that adds nobody, as a heuristic might leave it
    extra = solve(problem, "mclp", p=3)
    padded = dataclasses.replace(
        result,
        sites=extra.sites,
        coverage_curve=extra.coverage_curve,
        objective=3.0,
        gap=1.0 / 3.0,
        status="heuristic",
    )
    idle = [s.order for s in padded.sites if s.new_people == 0]
    kept = drop_sites(problem, padded, idle, note="dropped")
    assert kept.objective == 2.0 and kept.gap == 0.0 and kept.status == "optimal"


def test_an_outlet_that_covers_somebody_is_never_dropped():
    problem = _problem()
    result = solve(problem, "mclp", p=2)
    with pytest.raises(ValueError, match="nobody"):
        drop_sites(problem, result, [1], note="no")


def test_minutes_saved_counts_only_trips_already_within_reach():
    # the existing outlet walks unit 0 in 4 minutes; a candidate does it in 1
    minutes = sp.csr_matrix(np.array([[4.0, 0.0], [1.0, 0.0], [0.0, 2.0]]))
    problem = problem_from_matrix(
        minutes, [10.0, 5.0], minutes_break=5.0, fixed=[True, False, False]
    )
    result = solve(problem, "pmedian", p=2)
    saved = dict(zip((s.site for s in result.sites), minutes_saved(problem, result), strict=True))
    # 10 people 3 minutes sooner; unit 1 is first reached (newly covered), not shortened
    assert saved == {1: pytest.approx(30.0), 2: 0.0}
