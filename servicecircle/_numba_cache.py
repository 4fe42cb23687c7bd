"""Counting what numba compiled, for the set-up warm-ups of the compiled kernels.

The kernels of :mod:`servicecircle.reach._numba` and
:mod:`servicecircle.siting.heuristics.tabu` are compiled with ``cache=True``;
``bash dev.sh setup`` runs each package's ``warmup`` module once so a
planner's first analysis loads machine code instead of compiling it. This
module holds what both warm-ups share: how many compilations a kernel made in
this process and the line each prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

__all__ = ["cache_misses", "ready_line"]


def cache_misses(module: ModuleType, kernels: Sequence[str]) -> dict[str, int]:
    """Compilations per kernel of ``module`` in this process so far (0: loaded or not called).

    Parameters
    ----------
    module
        The module defining the numba dispatchers.
    kernels
        Names of the dispatchers in ``module``.

    Returns
    -------
    dict
        Kernel name -> number of signatures compiled (cache misses).
    """
    return {name: sum(getattr(module, name).stats.cache_misses.values()) for name in kernels}


def ready_line(what: str, misses: dict[str, int], seconds: float) -> str:
    """The line a warm-up prints: ``"<what> ready (N compiled now, S s of CPU)"``.

    >>> ready_line("numba kernels", {"a": 1, "b": 0}, 5.94)
    'numba kernels ready (1 compiled now, 5.9 s of CPU)'
    """
    return f"{what} ready ({sum(misses.values())} compiled now, {seconds:.1f} s of CPU)"
