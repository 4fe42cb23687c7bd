"""Building siting problems from matrices: validation, breaks, types, fixed outlets."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from servicecircle.errors import InputDataError
from servicecircle.siting import SiteType, problem_from_matrix, problem_from_types


def test_cover_uses_break_and_keeps_stored_zeros() -> None:
    minutes = sp.csr_matrix(
        (np.array([0.0, 12.0, 15.0, 16.0]), (np.array([0, 0, 1, 1]), np.array([0, 1, 2, 3]))),
        shape=(2, 4),
    )
    problem = problem_from_matrix(minutes, np.ones(4), minutes_break=15.0)
    assert problem.cover.toarray().tolist() == [
        [True, True, False, False],
        [False, False, True, False],
    ]


def test_input_matrix_is_not_mutated() -> None:
    minutes = sp.csr_matrix(np.array([[1.0, 0.0], [2.0, 3.0]]))
    before = minutes.copy()
    problem_from_matrix(minutes, np.ones(2), minutes_break=5.0)
    assert (minutes != before).nnz == 0


def test_class_weights_multiply_people() -> None:
    minutes = sp.csr_matrix(np.ones((1, 3)))
    problem = problem_from_matrix(
        minutes,
        [10.0, 20.0, 30.0],
        minutes_break=5.0,
        classes=["residential", "relocation", "industrial"],
        class_weights={"relocation": 2.0},
    )
    assert problem.effective_weights.tolist() == [10.0, 40.0, 30.0]
    assert problem.class_names == ("residential", "relocation", "industrial")


def test_types_stack_rows_and_exclude_fixed_sites() -> None:
    walk = sp.csr_matrix(np.array([[5.0, 0.0], [0.0, 5.0], [5.0, 5.0]]))
    bike = sp.csr_matrix(np.array([[9.0, 9.0], [9.0, 0.0], [0.0, 9.0]]))
    problem = problem_from_types(
        {
            "window": SiteType(walk, 15.0, fixed=np.array([True, False, False])),
            "gig_market": SiteType(bike, 30.0, allowed=np.array([True, True, False])),
        },
        np.ones(2),
    )
    assert problem.n_options == 6
    assert problem.type_names == ("window", "gig_market")
    assert problem.site_of.tolist() == [0, 1, 2, 0, 1, 2]
    # site 0 holds an existing window: no new outlet of any type there;
    # gig markets are not allowed at site 2
    assert problem.candidates.tolist() == [False, True, True, False, True, False]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: problem_from_matrix(np.ones((2, 2)), np.ones(2), minutes_break=5), "scipy.sparse"),
        (
            lambda: problem_from_matrix(
                sp.csr_matrix(-np.ones((2, 2))), np.ones(2), minutes_break=5
            ),
            "negative",
        ),
        (
            lambda: problem_from_matrix(
                sp.csr_matrix(np.ones((2, 3))), np.ones(2), minutes_break=5
            ),
            "3 demand columns",
        ),
        (
            lambda: problem_from_matrix(
                sp.csr_matrix(np.ones((2, 2))), -np.ones(2), minutes_break=5
            ),
            "weights",
        ),
        (
            lambda: problem_from_matrix(
                sp.csr_matrix(np.ones((2, 2))), np.ones(2), minutes_break=5, fixed=[True]
            ),
            "fixed",
        ),
        (
            lambda: problem_from_types(
                {
                    "a": SiteType(sp.csr_matrix(np.ones((2, 2))), 5),
                    "b": SiteType(sp.csr_matrix(np.ones((3, 2))), 5),
                },
                np.ones(2),
            ),
            "same sites",
        ),
    ],
)
def test_bad_inputs_raise(call, match) -> None:
    with pytest.raises(InputDataError, match=match):
        call()
