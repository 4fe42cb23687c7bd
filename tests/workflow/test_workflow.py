"""servicecircle.workflow: the steps the command line and the app share, without printing."""

from __future__ import annotations

import doctest
from typing import Any

import geopandas as gpd
import pytest
from shapely.geometry import Point

from servicecircle.coverage import CoverageSettings
from servicecircle.errors import InputDataError
from servicecircle.supply.outlets import OutletType
from servicecircle.workflow import inputs as workflow_inputs
from servicecircle.workflow import prepare as workflow_prepare
from servicecircle.workflow.inputs import RunInputs, todays_outlets, with_user_boundaries
from servicecircle.workflow.prepare import (
    coverage_settings,
    modes_needed,
    one_standard_for_all,
    prepare_inputs,
)


@pytest.mark.parametrize("module", [workflow_inputs, workflow_prepare])
def test_doctests(module: Any) -> None:
    result = doctest.testmod(module)
    assert result.failed == 0


def test_modes_needed_are_the_main_mode_and_the_types_modes() -> None:
    settings = CoverageSettings(
        mode="walk",
        outlet_types={
            "window": OutletType("window", "bike", 10.0),
            "hall": OutletType("hall", "drive", 15.0),
        },
    )
    assert modes_needed(settings) == {"walk", "bike", "drive"}
    assert modes_needed(settings, ["window", "window"]) == {"walk", "bike"}
    assert modes_needed(settings, ["unknown"]) == {"walk"}


def test_speed_override_applies_to_the_chosen_mode_only() -> None:
    settings = coverage_settings(
        RunInputs(area="sample", mode="bike", speed_kmh=15.0, breaks=(5.0, 20.0))
    )
    assert settings.mode == "bike"
    assert settings.breaks == (5.0, 20.0)
    assert dict(settings.speeds_kmh) == {"bike": 15.0}
    assert dict(coverage_settings(RunInputs(area="sample")).speeds_kmh) == {}


def test_one_standard_for_all_is_the_mode_and_the_largest_break() -> None:
    outlets = gpd.GeoDataFrame(
        {"name": ["a", "b"], "outlet_type": ["x", "y"]},
        geometry=[Point(0, 0), Point(1, 1)],
        crs=4326,
    )
    settings = CoverageSettings(mode="ebike", breaks=(5.0, 10.0, 25.0), speeds_kmh={"ebike": 16.0})
    typed, one = one_standard_for_all(outlets, settings)
    assert list(typed["outlet_type"]) == ["default", "default"]
    assert list(outlets["outlet_type"]) == ["x", "y"]  # the given frame is left alone
    window = settings.outlet_types["community_window"]
    default = one.outlet_types["default"]
    assert (default.name, default.mode, default.minutes) == ("default", "ebike", 25.0)
    # the rest of the standard is the community window's (a standards file may set it)
    assert (default.tier, default.staff, default.residents_per_staff, default.opening_days) == (
        window.tier,
        window.staff,
        window.residents_per_staff,
        window.opening_days,
    )
    assert {k: v for k, v in one.outlet_types.items() if k != "default"} == dict(
        settings.outlet_types
    )
    bare = CoverageSettings(mode="walk", breaks=(15.0,), outlet_types={})
    assert dict(one_standard_for_all(outlets, bare)[1].outlet_types) == {
        "default": OutletType("default", "walk", 15.0)
    }
    assert (one.mode, one.breaks, dict(one.speeds_kmh)) == (
        "ebike",
        (5.0, 10.0, 25.0),
        {"ebike": 16.0},
    )


def test_an_area_other_than_the_sample_needs_outlets() -> None:
    area: Any = object()  # never read: the inputs are refused first
    with pytest.raises(InputDataError, match="--outlets FILE"):
        todays_outlets(area, RunInputs(area="place:Somewhere"))


def test_no_boundaries_leave_the_area_as_it_is() -> None:
    area: Any = object()
    assert with_user_boundaries(area, RunInputs(area="sample")) is area


def test_prepare_inputs_on_the_sample(sample_area) -> None:
    seen: list[float] = []
    inputs = RunInputs(area="sample", mode="walk", breaks=(5.0, 10.0, 15.0))
    prepared = prepare_inputs(
        sample_area, inputs, on_demand=lambda d: seen.append(d.units["people"].sum())
    )
    assert len(seen) == 1 and seen[0] == pytest.approx(prepared.demand.units["people"].sum())
    assert prepared.settings.breaks == (5.0, 10.0, 15.0)
    # the sample's outlets carry their own types, so the default standards stay
    assert set(prepared.outlets["outlet_type"]) <= set(prepared.settings.outlet_types)
    assert len(prepared.outlets) == 3
    kinds = set(prepared.demand.units["class"])
    assert {"relocation", "industrial"} <= kinds  # the sample's areas are taken by default
