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


def load_area(pbf: str | None, *, synthetic: bool = False) -> StudyArea:
    """The Liechtenstein extract when present, else a 317 × 317 (≈100,000-node) street grid."""
    path = Path(pbf) if pbf else LIECHTENSTEIN
    if not synthetic and path.is_file():
        from servicecircle.inputs import study_area_from

        return study_area_from(path)
    from servicecircle.testing.synthetic import grid_area, grid_layers

    print("no OSM extract found: using a 317 x 317 synthetic street grid")
    return grid_area(streets=grid_layers(317, 317, seed=0, oneway_share=0.05, drop_share=0.05))


def points_on_network(
    network: Network, count: int, *, seed: int, offset_m: float = 30.0
) -> gpd.GeoSeries:
    """Random points beside random segments, in WGS-84."""
    rng = np.random.default_rng(seed)
    edges = rng.integers(0, network.n_edges, count)
    on_line = shapely.line_interpolate_point(
        network.edge_geometry[edges], rng.uniform(0, 1, count), normalized=True
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
    best = np.inf
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result
