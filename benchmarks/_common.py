"""Shared set-up for the reach and isochrone benchmarks.

Run benchmarks with OpenBLAS tuned for this processor, e.g.::

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/bench_reach.py
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from servicecircle.inputs.area import StudyArea  # noqa: E402
from servicecircle.network import Network  # noqa: E402

LIECHTENSTEIN = REPO.parent / "shared" / "data" / "liechtenstein-2013-08-03.osm.pbf"


def load_area(pbf: str | None, *, synthetic: bool = False, grid: int = 317) -> StudyArea:
    """The Liechtenstein extract when present, else a ``grid`` × ``grid`` street grid.

    The default 317 × 317 grid has about 100,000 nodes; ``--quick`` runs use a smaller one.
    """
    path = Path(pbf) if pbf else LIECHTENSTEIN
    if not synthetic and path.is_file():
        from servicecircle.inputs import study_area_from

        return study_area_from(path)
    from servicecircle.testing.synthetic import grid_area, grid_layers

    print(f"synthetic street grid {grid} x {grid}" + ("" if synthetic else " (no OSM extract)"))
    return grid_area(streets=grid_layers(grid, grid, seed=0, oneway_share=0.05, drop_share=0.05))


def points_on_network(
    network: Network, count: int, *, seed: int, offset_m: float = 30.0
) -> gpd.GeoSeries:
    """Random points beside random segments, in WGS-84."""
    rng = np.random.default_rng(seed)
    edges = rng.integers(0, network.n_edges, count)
    on_line = shapely.line_interpolate_point(
        network.edge_lines(edges), rng.uniform(0, 1, count), normalized=True
    )
    xy = shapely.get_coordinates(on_line) + rng.normal(0, offset_m, (count, 2))
    return gpd.GeoSeries(shapely.points(xy), crs=network.crs).to_crs(4326)


def blas_note() -> str:
    """Which OpenBLAS settings this run has (they slow numpy when set)."""
    names = [n for n in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if n in os.environ]
    try:
        from threadpoolctl import threadpool_info

        kernels = {i.get("internal_api"): i.get("architecture") for i in threadpool_info()}
    except ImportError:  # pragma: no cover - optional
        kernels = {}
    return f"OpenBLAS env set: {names or 'none'}; kernels: {kernels}"


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


@contextmanager
def timed(label: str, into: dict[str, float]) -> Iterator[None]:
    """Record the wall time of a block under ``label``."""
    start = time.perf_counter()
    yield
    into[label] = time.perf_counter() - start


def best_of(repeats: int, func: Callable[[], Any]) -> tuple[float, Any]:
    """Smallest wall time of ``repeats`` runs of ``func`` and its last result."""
    timing, result = timed_best(repeats, func)
    return timing.wall, result


@dataclass(frozen=True)
class Timing:
    """Wall and CPU seconds of one measured block (CPU: this process, all its threads)."""

    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.wall:8.3f} s wall {self.cpu:8.3f} s CPU"


def timed_best(repeats: int, func: Callable[[], Any]) -> tuple[Timing, Any]:
    """Smallest wall and smallest CPU time of ``repeats`` runs of ``func``, and its last result."""
    wall = cpu = np.inf
    result = None
    for _ in range(max(repeats, 1)):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = func()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return Timing(wall, cpu), result


def ratio_line(peer: str, theirs: Timing, ours: Timing) -> str:
    """A side-by-side line: the peer's and our times, and the ratios in wall and in CPU time."""
    by_wall = theirs.wall / max(ours.wall, 1e-9)
    by_cpu = theirs.cpu / max(ours.cpu, 1e-9)
    return (
        f"{peer:<28} {theirs.wall:9.3f} s wall {theirs.cpu:9.3f} s CPU | ours "
        f"{ours.wall:8.3f} s wall {ours.cpu:8.3f} s CPU | ratio "
        f"{by_wall:6.1f}x wall {by_cpu:6.1f}x CPU"
    )


class Agreement:
    """The checks of one benchmark against its peers; :meth:`finish` exits non-zero on any failure.

    A benchmark that reports speed against a peer whose answer differs would
    reward a wrong answer, so every comparison goes through :meth:`check`.
    """

    def __init__(self) -> None:
        self.failed: list[str] = []
        self.passed = 0

    def check(self, ok: bool, what: str) -> bool:
        """Record one comparison; print it when it fails."""
        if ok:
            self.passed += 1
        else:
            self.failed.append(what)
            print(f"DISAGREEMENT: {what}", flush=True)
        return ok

    def finish(self) -> None:
        """Say how the checks went; exit with status 1 when any failed."""
        if self.failed:
            print(f"FAILED: {len(self.failed)} of {len(self.failed) + self.passed} checks disagree")
            for what in self.failed:
                print(f"  - {what}")
            sys.exit(1)
        print(f"agreement: all {self.passed} checks passed")
