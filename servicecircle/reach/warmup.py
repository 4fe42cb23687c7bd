"""Compile the numba kernels once, at set-up, into numba's on-disk cache.

The kernels of :mod:`servicecircle.reach._numba` are compiled with
``cache=True``: the first call in a fresh installation compiles them (about
6 s of CPU) and writes the machine code beside the module (or under
``$NUMBA_CACHE_DIR``); every later process loads it in a fraction of a
second. ``bash dev.sh setup`` runs this module, so that the planner's first
analysis does not pause to compile::

    python -m servicecircle.reach.warmup

The warm-up runs the same public calls an analysis makes (snapping, the site x
demand matrix, node-level times) on the embedded sample's walking network, so
the compiled signatures are the ones an analysis asks for.
"""

from __future__ import annotations

import time

import geopandas as gpd
import numpy as np
import shapely

from servicecircle._numba_cache import cache_misses as kernel_misses
from servicecircle._numba_cache import ready_line
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.sample import sample_area
from servicecircle.network import WALK, Network, network_from_area
from servicecircle.reach.matrix import node_times, travel_times

__all__ = ["KERNELS", "cache_misses", "warm_up"]

#: The compiled kernels (names in :mod:`servicecircle.reach._numba`).
KERNELS = ("search_many", "segment_grid", "nearest_segments")


def _points_near_nodes(network: Network, count: int, *, seed: int) -> gpd.GeoSeries:
    """``count`` points 20 m east of random network nodes, in WGS-84."""
    nodes = np.random.default_rng(seed).integers(0, network.n_nodes, count)
    points = shapely.points(network.node_x[nodes] + 20.0, network.node_y[nodes])
    return gpd.GeoSeries(points, crs=network.crs).to_crs(WGS84)


def warm_up(network: Network | None = None) -> float:
    """Run each kernel once (compiling or loading it); return the CPU seconds it took.

    Parameters
    ----------
    network
        The network to run on (default: the embedded sample's walking network).

    Returns
    -------
    float
        CPU seconds of the calls (compiling when the cache is cold).
    """
    network = network if network is not None else network_from_area(sample_area(), WALK)
    sites = _points_near_nodes(network, 5, seed=0)
    demand = _points_near_nodes(network, 50, seed=1)
    start = time.process_time()
    travel_times(network, sites, demand, cutoff_minutes=15.0)
    node_times(network, sites, cutoff_minutes=15.0)
    return time.process_time() - start


def cache_misses() -> dict[str, int]:
    """Compilations per kernel in this process so far (0: loaded from the cache or not called)."""
    from servicecircle.reach import _numba

    return kernel_misses(_numba, KERNELS)


def main() -> None:
    """Warm the cache and say how long it took (``python -m servicecircle.reach.warmup``)."""
    seconds = warm_up()
    print(ready_line("numba kernels", cache_misses(), seconds))  # noqa: T201


if __name__ == "__main__":
    main()
