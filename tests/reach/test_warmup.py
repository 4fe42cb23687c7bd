"""The set-up warm-up compiles what an analysis needs: the first analysis after it compiles nothing.

Both steps run in fresh interpreters sharing a private numba cache
(``NUMBA_CACHE_DIR`` in ``tmp_path``), as ``bash dev.sh setup`` and a
planner's first analysis would.
"""

from __future__ import annotations

import json
from pathlib import Path

from servicecircle.reach.warmup import KERNELS
from tests.fresh_numba import printed_counts, run_fresh

ANALYSIS = """
from servicecircle.coverage import CoverageSettings, coverage_from
from servicecircle.demand import demand_from_area
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at

area = grid_area(n=6)
people = points_at([(0, 0), (250, 400), (500, 500)], people=[3, 4, 5])
demand = demand_from_area(area, user_points=people, user_mode="replace")
types = {"w": OutletType("w", "walk", 15.0)}
outlets = prepare_outlets(points_at([(0, 0)], outlet_type=["w"]), area=area, types=types)
coverage_from(area, demand, outlets, settings=CoverageSettings(outlet_types=types))
"""
ANALYSIS += printed_counts("servicecircle.reach._numba", KERNELS)


def test_an_analysis_after_the_warm_up_loads_every_kernel_from_the_cache(tmp_path: Path) -> None:
    said = run_fresh(["-m", "servicecircle.reach.warmup"], tmp_path)
    assert said.startswith(f"numba kernels ready ({len(KERNELS)} compiled now")
    counts = json.loads(run_fresh(["-c", ANALYSIS], tmp_path))
    assert counts == {name: [1, 0] for name in KERNELS}  # one cache load each, no compilation


def test_without_the_warm_up_the_analysis_compiles(tmp_path: Path) -> None:
    """The check above can fail: a cold cache shows as compilations."""
    counts = json.loads(run_fresh(["-c", ANALYSIS], tmp_path))
    assert all(misses >= 1 for _, misses in counts.values()), counts
