"""Import pyrosm without the graph-export peers it would load for nothing.

On import, pyrosm tries ``pandana`` (and its fork ``pandarm``), ``igraph``
and ``networkx`` for its optional graph export, and pandana imports
scikit-learn and ``scipy.stats``: about one second of CPU on every command
when these benchmark peers are installed beside the runtime
(``pip install -e .[bench]``), and networkx alone about 0.08 s (a runtime
dependency, of osmnx). servicecircle never uses pyrosm's graph export, so the
import below hides them from pyrosm for the moment of its first import; a
later ``import pandana`` or ``import networkx`` elsewhere (osmnx, a
benchmark, a test) still works, as the hiding entries are removed at once.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

#: Optional modules pyrosm tries on import that servicecircle never needs from it.
PYROSM_OPTIONAL_PEERS = ("pandana", "pandarm", "igraph", "networkx")


def import_pyrosm() -> ModuleType:
    """The pyrosm module, imported without its optional graph-export peers.

    Returns
    -------
    types.ModuleType
        ``pyrosm`` (already imported ones are returned as they are).
    """
    if "pyrosm.pyrosm" in sys.modules:  # its peers were tried already
        return sys.modules["pyrosm"]
    hidden = [name for name in PYROSM_OPTIONAL_PEERS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # an import of it raises ImportError
    try:
        importlib.import_module("pyrosm.pyrosm")  # the submodule that tries the peers
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return sys.modules["pyrosm"]
