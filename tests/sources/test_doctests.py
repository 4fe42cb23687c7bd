"""The examples in the docstrings of the input, network, demand, supply and reach modules run.

Doctests document edge cases next to the code (speed tags, thinning, the
GCJ-02/BD-09 converters with published coordinate pairs, Gauss-Kruger zones);
this runs them as tests, module by module.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("sources", "demand", "network", "reach", "isochrones", "testing")
MODULES = ("candidates", "outlets", "admin_units", "limits", "memory")

#: Modules whose doctests are the documented examples: losing them fails the test.
WITH_EXAMPLES = {
    "servicecircle.network.speeds",
    "servicecircle.candidates",
    "servicecircle.sources.crs",
    "servicecircle.sources.china_offsets",
    "servicecircle.sources.gauss_kruger",
    "servicecircle.sources.files.tabular",
}


def _module_names() -> list[str]:
    names = [f"servicecircle.{name}" for name in MODULES]
    for package in PACKAGES:
        module = importlib.import_module(f"servicecircle.{package}")
        names.append(module.__name__)
        names += [
            info.name
            for info in pkgutil.walk_packages(module.__path__, prefix=f"{module.__name__}.")
        ]
    return sorted(names)


def test_the_listed_modules_exist():
    assert set(_module_names()) >= WITH_EXAMPLES


@pytest.mark.parametrize("name", _module_names())
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    if name in WITH_EXAMPLES:
        assert result.attempted > 0
