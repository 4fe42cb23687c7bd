"""Package exports loaded on first use, so that importing one module does not load its siblings.

Importing ``servicecircle.network.modes`` runs ``servicecircle/network/__init__.py``
first; when that file imports every export eagerly, asking for a travel
mode loads the network builder and SciPy's graph routines with it. A package
that uses :func:`lazy_exports` keeps its public names (``from
servicecircle.network import Network`` works as before) but imports the
module holding a name only when the name is first read::

    if TYPE_CHECKING:  # what type checkers and readers see
        from servicecircle.network.graph import Network
    else:
        __getattr__, __dir__ = lazy_exports(__name__, {"graph": ("Network",)})

The module-level ``__getattr__`` (PEP 562) caches each name in the package's
namespace after its first use.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, modules: Mapping[str, Sequence[str]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a package whose exports load on first use.

    Parameters
    ----------
    package
        The package's ``__name__``.
    modules
        Submodule name (relative to the package) -> the names it exports.

    Returns
    -------
    tuple
        ``(__getattr__, __dir__)`` to assign at the package's top level.

    Examples
    --------
    >>> getattr_, dir_ = lazy_exports("servicecircle.network", {"modes": ("WALK",)})
    >>> getattr_("WALK").name
    'walk'
    >>> "WALK" in dir_()
    True
    """
    home = {name: module for module, names in modules.items() for name in names}

    def exported(name: str) -> Any:
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        setattr(sys.modules[package], name, value)  # later reads skip this function
        return value

    def listing() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(home))

    return exported, listing
