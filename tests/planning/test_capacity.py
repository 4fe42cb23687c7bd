"""Capacity per site: new outlets from the request, existing outlets from their file or default."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import say
from servicecircle.planning.capacity import existing_capacity, site_capacity
from servicecircle.planning.request import SitingRequest


def test_new_capacity_does_not_cap_existing_outlets():
    outlets = pd.DataFrame({"name": ["a", "b"]})
    caps = site_capacity(outlets, 3, SitingRequest(capacity=200.0))
    assert caps is not None
    assert caps.tolist() == [np.inf, np.inf, 200.0, 200.0, 200.0]


def test_existing_capacity_default_and_per_outlet_column():
    outlets = pd.DataFrame({"容量": [800, None, "1,200"]})
    # a blank cell takes the request's existing capacity; "1,200" is not a number
    with pytest.raises(InputDataError) as info:
        existing_capacity(outlets, 500.0)
    zh = say(info.value.args[0], "zh")
    assert "第 3 个要素的“服务能力”不是正数" in zh and "第 1 个" not in zh
    outlets = pd.DataFrame({"服务能力": [800, None, 1200]})
    assert existing_capacity(outlets, 500.0).tolist() == [800.0, 500.0, 1200.0]
    assert existing_capacity(outlets, None).tolist() == [800.0, np.inf, 1200.0]
    caps = site_capacity(outlets, 1, SitingRequest(existing_capacity=500.0))
    assert caps is not None and caps.tolist() == [800.0, 500.0, 1200.0, np.inf]


def test_no_capacity_anywhere_is_none():
    assert site_capacity(pd.DataFrame({"name": ["a"]}), 2, SitingRequest()) is None
    assert existing_capacity(pd.DataFrame({"capacity": [None, None]}), None) is None


@pytest.mark.parametrize("bad", [0, -5, "many"])
def test_a_bad_capacity_cell_names_its_row(bad):
    with pytest.raises(InputDataError, match="capacity"):
        existing_capacity(pd.DataFrame({"capacity": [100, bad]}), None)


def test_request_checks_both_capacities():
    with pytest.raises(InputDataError):
        SitingRequest(existing_capacity=0.0)
    request = SitingRequest(capacity=100.0, existing_capacity=2000.0)
    assert (request.capacity, request.existing_capacity) == (100.0, 2000.0)


def test_siting_record_reads_back_each_existing_outlets_capacity(tmp_path):
    """siting.json keeps the capacity each existing outlet had, and reads it back."""
    from servicecircle.results.schema import SitingRequestSummary

    record = SitingRequestSummary(
        new=1,
        target=None,
        new_types=("community_window",),
        must_cover=(),
        capacity=300.0,
        class_weights={},
        time_limit=10.0,
        seed=0,
        existing_capacity=500.0,
        existing_capacity_by_outlet=(800.0, None, 1200.0),
    )
    back = SitingRequestSummary.from_json(json.loads(json.dumps(record.to_json())))
    assert back == record
    old = record.to_json()
    del old["existing_capacity"], old["existing_capacity_by_outlet"]
    before = SitingRequestSummary.from_json(old)  # a file written before: unlimited
    assert before.existing_capacity is None and before.existing_capacity_by_outlet == ()
