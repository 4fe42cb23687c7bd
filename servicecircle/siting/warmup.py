"""Compile the siting's numba kernels once, at set-up, into numba's on-disk cache.

The tabu search of :mod:`servicecircle.siting.heuristics.tabu` is compiled
with ``cache=True``: the first call in a fresh installation compiles it
(about 3-4 s of CPU, which a 10 s siting limit would otherwise lose) and
every later process loads it in a fraction of a second. ``bash dev.sh
setup`` runs this module beside :mod:`servicecircle.reach.warmup`::

    python -m servicecircle.siting.warmup

The search converts its arrays to fixed types before calling the kernels, so
the one signature compiled here is the one every siting run asks for.
"""

from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sp

from servicecircle._numba_cache import cache_misses as kernel_misses
from servicecircle._numba_cache import ready_line
from servicecircle.siting.budget import Budget, RowRules
from servicecircle.siting.heuristics.tabu import tabu_cover

__all__ = ["KERNELS", "cache_misses", "warm_up"]

#: The compiled kernels (names in :mod:`servicecircle.siting.heuristics.tabu`).
KERNELS = ("_tables", "_moves")


def warm_up() -> float:
    """Run the tabu search once on a small random instance; return the CPU seconds it took."""
    rng = np.random.default_rng(0)
    A = sp.csr_matrix((rng.random((12, 40)) < 0.25).astype(np.float64))
    rules = RowRules(np.zeros(12, dtype=np.int64), np.arange(12), Budget(3), 1)
    start = time.process_time()
    tabu_cover(A, rng.random(40), np.arange(3), rules, max_moves=5)
    return time.process_time() - start


def cache_misses() -> dict[str, int]:
    """Compilations per kernel in this process so far (0: loaded from the cache or not called)."""
    from servicecircle.siting.heuristics import tabu

    return kernel_misses(tabu, KERNELS)


def main() -> None:
    """Warm the cache and say how long it took (``python -m servicecircle.siting.warmup``)."""
    seconds = warm_up()
    print(ready_line("siting kernels", cache_misses(), seconds))  # noqa: T201


if __name__ == "__main__":
    main()
