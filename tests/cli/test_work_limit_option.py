"""``site --work-limit N``: work units instead of seconds reach the solver's options."""

from __future__ import annotations

import pytest

from servicecircle.cli.parser import build_parser
from servicecircle.cli.pipeline import siting_request
from servicecircle.planning.rule_cost import _options


def test_work_limit_reaches_the_solve_options() -> None:
    args = build_parser().parse_args(["site", "sample", "--new", "3", "--work-limit", "200"])
    request = siting_request(args)
    assert request.work_limit == 200
    options = _options(request)
    assert (options.work_limit, options.time_limit) == (200, 10.0)


def test_without_work_limit_the_seconds_decide() -> None:
    request = siting_request(build_parser().parse_args(["site", "sample", "--new", "3"]))
    assert request.work_limit is None and _options(request).work_limit is None


@pytest.mark.parametrize("text", ["0", "2.5", "-3", "many"])
def test_a_work_limit_that_is_not_a_positive_whole_number_is_refused(text: str) -> None:
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(["site", "sample", "--new", "3", "--work-limit", text])
    assert stop.value.code == 2
