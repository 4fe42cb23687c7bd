"""The set-up warm-up compiles the tabu search: a siting run after it compiles nothing.

Both steps run in fresh interpreters sharing a private numba cache
(``NUMBA_CACHE_DIR`` in ``tmp_path``), as ``bash dev.sh setup`` and a
planner's first siting run would.
"""

from __future__ import annotations

import json
from pathlib import Path

from servicecircle.siting.warmup import KERNELS
from tests.fresh_numba import printed_counts, run_fresh

SITING = """
from servicecircle.siting import SolveOptions, solve
from tests.siting.brute import random_problem

problem = random_problem(3, n_sites=30, n_demand=200, density=0.1)
solve(problem, "mclp", p=4, options=SolveOptions(method="heuristic", time_limit=5.0))
"""
SITING += printed_counts("servicecircle.siting.heuristics.tabu", KERNELS)


def test_a_siting_run_after_the_warm_up_loads_the_search_from_the_cache(tmp_path: Path) -> None:
    said = run_fresh(["-m", "servicecircle.siting.warmup"], tmp_path)
    assert said.startswith(f"siting kernels ready ({len(KERNELS)} compiled now")
    counts = json.loads(run_fresh(["-c", SITING], tmp_path))
    assert counts == {name: [1, 0] for name in KERNELS}  # one cache load each, no compilation


def test_without_the_warm_up_the_siting_run_compiles(tmp_path: Path) -> None:
    """The check above can fail: a cold cache shows as a compilation (the first kernel's
    compiling may use up the search's share of the time before the second runs)."""
    counts = json.loads(run_fresh(["-c", SITING], tmp_path))
    assert counts["_tables"][1] >= 1, counts
