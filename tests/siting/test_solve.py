"""The one entry point: model registry, options, arguments each model takes."""

from __future__ import annotations

import pytest

from servicecircle.errors import InfeasibleRequestError
from servicecircle.siting import SolveOptions, solve
from servicecircle.siting.options import METHODS, MODELS, as_method
from servicecircle.siting.solve import MODEL_REGISTRY
from tests.siting.brute import brute_capacitated, brute_mclp, random_problem


def test_every_model_is_registered() -> None:
    assert set(MODEL_REGISTRY) == set(MODELS)


def test_mclp_on_a_capacitated_problem_solves_the_capacitated_model() -> None:
    problem = random_problem(1, n_sites=8, n_demand=25, capacity=40.0)
    options = SolveOptions(method="exact", time_limit=5)
    via_mclp = solve(problem, "mclp", p=2, options=options)
    explicit = solve(problem, "capacitated_mclp", p=2, options=options)
    assert via_mclp.model == explicit.model == "capacitated_mclp"
    assert via_mclp.objective == pytest.approx(brute_capacitated(problem, 2), rel=1e-6)
    assert explicit.objective == pytest.approx(via_mclp.objective)


def test_mclp_without_capacity_stays_mclp() -> None:
    problem = random_problem(2, n_sites=8, n_demand=25)
    result = solve(problem, p=2, options=SolveOptions(method="exact", time_limit=5))
    assert result.model == "mclp"
    assert result.objective == pytest.approx(brute_mclp(problem, 2))


@pytest.mark.parametrize(
    ("model", "kwargs", "match"),
    [
        ("mclp", {"p": 1, "target": 0.5}, "takes no target"),
        ("min_outlets", {"p": 1, "target": 0.5}, "takes no p"),
        ("pmedian", {"p": 1, "must_cover_classes": ["relocation"]}, "takes no must_cover"),
        ("mclp", {"p": 1, "unreachable_minutes": 30.0}, "takes no unreachable_minutes"),
        ("kmeans", {"p": 1}, "model must be one of"),
    ],
)
def test_arguments_a_model_does_not_take_raise(model, kwargs, match) -> None:
    with pytest.raises(ValueError, match=match):
        solve(random_problem(0), model, **kwargs)


@pytest.mark.parametrize("model", ["mclp", "capacitated_mclp", "pmedian"])
def test_models_with_p_need_p(model: str) -> None:
    problem = random_problem(0, capacity=50.0)
    with pytest.raises(InfeasibleRequestError, match="p"):
        solve(problem, model)


def test_options_check_the_method() -> None:
    assert SolveOptions().method == "auto"
    assert [as_method(m) for m in METHODS] == ["auto", "exact", "heuristic"]
    with pytest.raises(ValueError, match="method must be one of"):
        as_method("fast")
    assert SolveOptions(time_limit=4.0).deadline(100.0) == 104.0
