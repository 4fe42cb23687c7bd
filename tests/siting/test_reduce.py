"""Instance reduction: exact grouping of identical demand columns."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from servicecircle.siting.columns import group_identical_columns
from servicecircle.siting.reduce import cover_instance
from tests.siting.brute import random_problem


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.int8, st.tuples(st.integers(1, 6), st.integers(1, 25)), elements=st.integers(0, 2)),
    st.booleans(),
)
def test_groups_are_exactly_identical_columns(dense: np.ndarray, values: bool) -> None:
    mat = sp.csr_matrix(dense.astype(float))
    group, rep = group_identical_columns(mat, compare_values=values)
    key = dense if values else (dense != 0)
    for a in range(dense.shape[1]):
        for b in range(dense.shape[1]):
            assert (group[a] == group[b]) == bool(np.array_equal(key[:, a], key[:, b]))
    np.testing.assert_array_equal(group[rep], np.arange(rep.size))


def test_cover_instance_drops_fixed_and_unreachable_demand() -> None:
    problem = random_problem(4, n_sites=10, n_demand=40, n_fixed=2, density=0.15)
    inst = cover_instance(problem)
    cover = problem.cover.toarray()
    fixed_cov = cover[problem.fixed].any(axis=0)
    cand_cov = cover[problem.candidates].any(axis=0)
    assert inst.base_weight == np.sum(problem.effective_weights[fixed_cov])
    np.testing.assert_array_equal(inst.uncoverable, np.flatnonzero(~fixed_cov & ~cand_cov))
    active = ~fixed_cov & cand_cov
    assert np.all(inst.column_of[active] >= 0) and np.all(inst.column_of[~active] == -1)
    assert inst.weight.sum() == np.sum(problem.effective_weights[active])
    # merged columns carry the same candidate set
    A = inst.A.toarray()
    sub = cover[np.flatnonzero(problem.candidates)]
    for j in np.flatnonzero(active):
        np.testing.assert_array_equal(A[:, inst.column_of[j]] > 0, sub[:, j])
