"""The examples in the docstrings of the coverage stage, the siting reasons and FrozenMap run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = (
    "servicecircle._frozen",
    "servicecircle.coverage.settings",
    "servicecircle.coverage.tables",
    "servicecircle.planning_explain",
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} lost its examples"
    assert result.failed == 0
