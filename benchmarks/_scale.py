"""Peak memory per million road nodes on synthetic street grids (``bench_reach.py --scale``).

Each size runs in its own process (peak RSS only grows within one): a
jittered grid of ``round(sqrt(n))``² nodes (5% of streets dropped, 5% one-way)
as the study area, its walking network, then one travel-time pass: 200
random sites × 100,000 random demand points, 15 minutes, snapping included.

Printed per size: the process's resident memory after imports (baseline),
after the input layers exist, after the network is built, and with only the
network kept (layers dropped); the peak from the start of the network build
to the end of the pass and the peak of the whole process (the reset also
resets ``ru_maxrss``), both per million nodes above the baseline. The peak
from the build on is the larger of the build's (``VmHWM`` reset after the
layers are made, so the grid generator's own transients do not count; the
layers do) and the pass's (``VmHWM`` reset again once the 100,000 random
points are made: the points count, the benchmark's making of them does not).
Also the bytes of the network's own arrays per million nodes, and the CPU and
wall time of the build and of the pass. The run fails when the pass finds no
pair (a pass that did nothing would measure nothing).
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import gc
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import Agreement, peak_rss_mb  # isort: skip

_STATUS = Path("/proc/self/status")


def _status_mb(field: str) -> float:
    """One ``VmRSS``/``VmHWM`` line of /proc/self/status in MB (nan where unreadable)."""
    try:
        found = re.search(rf"{field}:\s+(\d+)", _STATUS.read_text())
    except OSError:  # pragma: no cover - not Linux
        return float("nan")
    return int(found.group(1)) / 1024.0 if found else float("nan")


def _settled_rss_mb() -> float:
    """Resident MB after a garbage collection and giving freed heap back to the system."""
    gc.collect()
    with contextlib.suppress(OSError):  # not glibc: freed heap may stay counted
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return _status_mb("VmRSS")


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark of this process (Linux ``clear_refs`` 5)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:  # pragma: no cover - not permitted
        return False
    return True


def array_bytes(value: Any) -> int:
    """Bytes of the numpy arrays a network holds (fields, its graph's and its segments' arrays)."""
    if hasattr(value, "nbytes") and not dataclasses.is_dataclass(value):
        return int(value.nbytes)
    if hasattr(value, "indptr"):  # a sparse matrix
        return sum(int(a.nbytes) for a in (value.data, value.indices, value.indptr))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(array_bytes(getattr(value, f.name)) for f in dataclasses.fields(value))
    return 0


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> dict[str, float]:
    wall, cpu = _clock()
    return {"wall": wall - start[0], "cpu": cpu - start[1]}


def measure_one(million_nodes: float) -> dict[str, Any]:
    """Build the grid, its network and one travel-time pass; return the memory and times."""
    from _common import points_on_network  # isort: skip
    from servicecircle.network import WALK, network_from_area
    from servicecircle.reach import snap_points, travel_times
    from servicecircle.testing.synthetic import grid_area, grid_layers

    side = round((million_nodes * 1e6) ** 0.5)
    warm_layers = grid_layers(8, 8, seed=0)
    warm_net = network_from_area(grid_area(streets=warm_layers), WALK)
    warm_pts = points_on_network(warm_net, 5, seed=1)
    travel_times(warm_net, warm_pts, warm_pts, cutoff_minutes=15.0)  # numba compiled/loaded
    del warm_layers, warm_net, warm_pts
    out: dict[str, Any] = {"million_nodes": million_nodes, "side": side}
    out["baseline_mb"] = _settled_rss_mb()
    start = _clock()
    area = grid_area(streets=grid_layers(side, side, seed=0, oneway_share=0.05, drop_share=0.05))
    out["layers_time"] = _since(start)
    out["layers_mb"] = _settled_rss_mb()
    out["peak_layers_mb"] = _status_mb("VmHWM")
    out["peak_reset"] = _reset_peak()
    start = _clock()
    net = network_from_area(area, WALK)
    out["build_time"] = _since(start)
    out["nodes"], out["edges"] = net.n_nodes, net.n_edges
    out["network_array_mb"] = array_bytes(net) / 2**20
    out["with_network_mb"] = _settled_rss_mb()
    del area
    out["network_only_mb"] = _settled_rss_mb()
    out["peak_build_mb"] = _status_mb("VmHWM")
    sites = points_on_network(net, 200, seed=1)
    demand = points_on_network(net, 100_000, seed=2)
    out["points_mb"] = _settled_rss_mb()
    out["peak_points_mb"] = _status_mb("VmHWM")
    _reset_peak()  # the points count from here (resident), not the making of them
    start = _clock()
    times = travel_times(
        net, snap_points(net, sites), snap_points(net, demand), cutoff_minutes=15.0
    )
    out["pass_time"] = _since(start)
    out["pairs"] = int(times.minutes.nnz)
    out["peak_pass_mb"] = _status_mb("VmHWM")
    out["peak_from_build_mb"] = max(out["peak_build_mb"], out["peak_pass_mb"])
    out["peak_process_mb"] = max(
        peak_rss_mb(), out["peak_layers_mb"], out["peak_points_mb"], out["peak_from_build_mb"]
    )
    return out


def _line(r: dict[str, Any]) -> str:
    n = r["nodes"] / 1e6
    base = r["baseline_mb"]
    build, run = r["build_time"], r["pass_time"]
    return (
        f"{r['side']}x{r['side']} grid: {r['nodes']:,} nodes {r['edges']:,} segments | "
        f"RSS MB: baseline {base:.0f}, layers {r['layers_mb']:.0f}, +network "
        f"{r['with_network_mb']:.0f}, network only {r['network_only_mb']:.0f} | "
        f"peak build+pass {r['peak_from_build_mb']:.0f} MB (build {r['peak_build_mb']:.0f}, "
        f"pass {r['peak_pass_mb']:.0f}) = "
        f"{(r['peak_from_build_mb'] - base) / n / 1024:.2f} GB per million nodes above "
        f"the baseline; whole process {r['peak_process_mb']:.0f} MB = "
        f"{(r['peak_process_mb'] - base) / n / 1024:.2f} GB/M | network kept "
        f"{(r['network_only_mb'] - base) / n:.0f} MB/M, its arrays "
        f"{r['network_array_mb'] / n:.0f} MB/M | build {build['wall']:.1f} s wall "
        f"{build['cpu']:.1f} s CPU, pass {run['wall']:.1f} s wall {run['cpu']:.1f} s CPU, "
        f"pairs {r['pairs']:,}"
    )


def run_scale(sizes: list[float], target_gb: float | None = None) -> None:
    """Measure each size in a fresh process and print one line each; exit 1 on a failed check."""
    agreement = Agreement()
    for size in sizes:
        done = subprocess.run(
            [sys.executable, sys.argv[0], "--scale-one", str(size)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            print(done.stdout + done.stderr)
            agreement.check(False, f"the {size:g}M-node run failed")
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(_line(result), flush=True)
        agreement.check(result["pairs"] > 0, f"{size:g}M nodes: the pass found no pair")
        if target_gb is not None:
            per_m = (result["peak_from_build_mb"] - result["baseline_mb"]) / 1024
            per_m /= result["nodes"] / 1e6
            agreement.check(
                per_m <= target_gb, f"{size:g}M nodes: {per_m:.2f} GB per million > {target_gb}"
            )
    agreement.finish()


def print_one(size: float) -> None:
    """``--scale-one``: measure one size and print the result as one JSON line."""
    print(json.dumps(measure_one(size)))
