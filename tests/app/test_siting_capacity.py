"""The siting page asks the capacity of a new and of an existing outlet apart."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import texts
from tests.app.test_siting_page import _open, _run


def test_existing_capacity_is_asked_apart_and_caps_existing_outlets(app: AppTest) -> None:
    _open(app)
    app.checkbox(key="siting.existing_capacity_on").check().run()
    app.number_input(key="siting.existing_capacity").set_value(1000.0).run()
    _run(app)
    assert not app.error, texts(app.error)
    plan = app.session_state["result.siting"]
    assert plan.request.existing_capacity == 1000.0 and plan.request.capacity is None
    assert plan.result.model == "capacitated_mclp"
    n_existing = int(plan.problem.fixed.sum())
    # each existing outlet serves at most 1,000 people before the plan
    before = sum(c.covered_before for c in plan.result.coverage_by_class)
    assert before <= n_existing * 1000.0 + 1e-6
    assert plan.problem.capacity[plan.problem.fixed].max() == 1000.0
    assert (plan.problem.capacity[plan.problem.candidates] == float("inf")).all()
