"""The command line's parser, value types and option mapping (servicecircle.cli)."""

from __future__ import annotations

import argparse
import doctest
from typing import Any

import pytest

import servicecircle.cli
from servicecircle.cli import commands, options, pipeline, printing
from servicecircle.cli.options import minutes_list, number_in, parse_breaks
from servicecircle.cli.parser import build_parser
from servicecircle.cli.pipeline import run_inputs, siting_request
from servicecircle.coverage import CoverageSettings
from servicecircle.errors import InputDataError
from servicecircle.supply.outlets import DEFAULT_OUTLET_TYPES
from servicecircle.workflow.inputs import RunInputs
from servicecircle.workflow.prepare import with_new_type


@pytest.mark.parametrize("module", [servicecircle.cli, options, printing])
def test_doctests(module: Any) -> None:
    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize(
    ("argv", "handler"),
    [
        (["info", "sample"], commands.command_info),
        (["analyze", "sample"], pipeline.command_analyze),
        (["site", "sample", "--new", "2"], pipeline.command_site),
        (["report", "out"], commands.command_report),
        (["map", "out"], commands.command_map),
        (["app"], commands.command_app),
    ],
)
def test_each_command_has_its_handler(argv: list[str], handler: Any) -> None:
    assert build_parser().parse_args(argv).handler is handler


def test_options_become_the_run_inputs() -> None:
    argv = [
        "site",
        "sample",
        "--new",
        "2",
        "--demand",
        "p.csv",
        "--speed",
        "5",
        "--minutes",
        "5,20",
    ]
    argv += ["--census", "c.xlsx::2020", "--buildings-mode", "replace", "--profile", "china_town"]
    inputs = run_inputs(build_parser().parse_args(argv))
    assert inputs == RunInputs(
        area="sample",
        demand_points="p.csv",
        speed_kmh=5.0,
        breaks=(5.0, 20.0),
        census="c.xlsx::2020",
        buildings_mode="replace",
        profile="china_town",
    )


def test_a_target_asks_for_the_fewest_outlets() -> None:
    args = build_parser().parse_args(
        ["site", "sample", "--target", "0.9", "--must-cover", "relocation, industrial"]
    )
    request = siting_request(args)
    assert (request.model, request.target, request.new) == ("min", 0.9, None)
    assert request.must_cover == ("relocation", "industrial")
    with pytest.raises(InputDataError, match="--new P"):
        siting_request(build_parser().parse_args(["site", "sample"]))


def test_a_new_type_is_added_from_the_defaults_or_refused() -> None:
    settings = CoverageSettings(outlet_types={})
    name = next(iter(DEFAULT_OUTLET_TYPES))
    assert dict(with_new_type(settings, name).outlet_types) == {name: DEFAULT_OUTLET_TYPES[name]}
    with pytest.raises(InputDataError, match="Unknown --new-type 'kiosk'"):
        with_new_type(settings, "kiosk")


def test_breaks_that_are_not_numbers_are_said() -> None:
    with pytest.raises(InputDataError, match="--minutes '5,ten' is not a list of numbers"):
        parse_breaks("5,ten")
    with pytest.raises(argparse.ArgumentTypeError, match="ascending order"):
        minutes_list("10,5")
    with pytest.raises(argparse.ArgumentTypeError, match="at most 240 minutes, not 300"):
        minutes_list("5,300")


def test_numbers_out_of_range_say_the_range() -> None:
    port = number_in(1, 65_535, low_included=True, whole=True)
    assert port("8080") == 8080 and isinstance(port("8080"), int)
    with pytest.raises(
        argparse.ArgumentTypeError,
        match="give a whole number at least 1 and at most 65535, not 1.5",
    ):
        port("1.5")
    share = number_in(0, 1, kind="a share")
    with pytest.raises(
        argparse.ArgumentTypeError, match="'x' is not a share; give a share more than 0"
    ):
        share("x")
    with pytest.raises(argparse.ArgumentTypeError, match="more than 0 and at most 1, not nan"):
        share("nan")
