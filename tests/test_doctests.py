"""The examples in the library's docstrings run, module by module.

Doctests document edge cases next to the code (speed tags, thinning, the
GCJ-02/BD-09 converters with published coordinate pairs, Gauss-Kruger zones,
break keys, FrozenMap, the progress protocol, the siting reasons); the
modules listed in ``WITH_EXAMPLES`` must keep theirs.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

#: Modules whose doctests are the documented examples: losing them fails the test.
WITH_EXAMPLES = {
    "servicecircle.network.speeds",
    "servicecircle.supply.candidates",
    "servicecircle.inputs.crs",
    "servicecircle.inputs.china_offsets",
    "servicecircle.inputs.gauss_kruger",
    "servicecircle.inputs.files.tabular",
    "servicecircle._frozen",
    "servicecircle._progress",
    "servicecircle.coverage.settings",
    "servicecircle.coverage.tables",
    "servicecircle.planning.explain",
}


def _module_names() -> list[str]:
    """Every module of the library (the CLI's ``__main__`` runs the CLI, so not that one)."""
    import servicecircle

    names = [
        info.name
        for info in pkgutil.walk_packages(servicecircle.__path__, prefix="servicecircle.")
        if not info.name.endswith("__main__")
    ]
    return sorted(["servicecircle", *names])


def test_the_listed_modules_exist():
    assert set(_module_names()) >= WITH_EXAMPLES


@pytest.mark.parametrize("name", _module_names())
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    if name in WITH_EXAMPLES:
        assert result.attempted > 0
