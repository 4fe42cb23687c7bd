"""Planner errors of planning, report, maps, siting and reach say Chinese in zh, English by str.

One case per message family of ``servicecircle/i18n/tables/planning_report.py``:
the error carries a message whose zh text holds the planner's words and no
English sentence, while ``str`` keeps the English the other tests match.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from servicecircle.errors import InfeasibleRequestError, InputDataError
from servicecircle.i18n.message import Message, say
from servicecircle.maps import web as webmap
from servicecircle.planning.request import SitingRequest
from servicecircle.report.build import build_report
from servicecircle.report.outputs_map import map_from_outputs
from servicecircle.siting.problem import problem_from_matrix
from tests.i18n.test_messages_zh import assert_chinese


def _raised(kind: type[BaseException], call) -> BaseException:
    with pytest.raises(kind) as info:
        call()
    assert info.value.args and isinstance(info.value.args[0], Message), repr(info.value)
    return info.value


@pytest.mark.parametrize(
    ("call", "english", "chinese"),
    [
        (lambda: SitingRequest(model="best", new=1), "Unknown model 'best'", "未知的选址模型"),
        (lambda: SitingRequest(model="min"), "needs a coverage target", "最少网点模型需要覆盖目标"),
        (lambda: SitingRequest(new=1, target=1.5), "not 1.5", "0 到 1 之间的比例"),
        (lambda: SitingRequest(new=1, capacity=0), "positive number of people", "服务能力"),
    ],
)
def test_siting_request_errors(call, english, chinese) -> None:
    error = _raised(InputDataError, call)
    assert english in str(error)
    assert chinese in assert_chinese(error)


def test_report_and_map_errors(tmp_path) -> None:
    error = _raised(InputDataError, lambda: build_report(None, tmp_path, formats=("docx",)))  # type: ignore[arg-type]
    assert str(error) == "Unknown report format docx; choose html and/or pdf."
    assert "未知的报告格式 docx" in assert_chinese(error)
    error = _raised(InputDataError, lambda: map_from_outputs(tmp_path, basemap="google"))
    assert "Unknown basemap 'google'" in str(error)
    assert "未知的底图「google」" in assert_chinese(error)
    error = _raised(ValueError, lambda: webmap.new_map(basemap="google"))
    assert "底图" in assert_chinese(error)


def test_siting_problem_errors_a_planner_can_cause() -> None:
    minutes = sp.csr_matrix(np.ones((2, 2)))
    error = _raised(
        InputDataError,
        lambda: problem_from_matrix(
            minutes, np.ones(2), minutes_break=5, classes=["a", "b"], class_weights={"a": -1}
        ),
    )
    assert str(error) == "class weight for 'a' must be >= 0; got -1"
    assert "类别「a」的权重" in assert_chinese(error)
    error = _raised(
        InputDataError, lambda: problem_from_matrix(minutes, -np.ones(2), minutes_break=5)
    )
    assert "人口" in assert_chinese(error)


def test_no_candidates_is_infeasible_in_both_languages() -> None:
    from servicecircle.i18n.message import msg

    error = InfeasibleRequestError(msg("msg.planning.no_candidates"))
    assert str(error).startswith("There are no candidate sites")
    assert "没有候选点位" in assert_chinese(error)
    assert say(msg("msg.planning.no_demand_class", missing=["industrial", "relocation"]), "en") == (
        "There is no demand of class industrial, relocation to cover in this area; remove it "
        "from the must-cover list or load those areas first."
    )
