"""Running code in a fresh interpreter with a private numba cache (the warm-up tests).

``bash dev.sh setup`` warms numba's on-disk cache in one process and a
planner's first run loads it in another; the tests do the same with
``NUMBA_CACHE_DIR`` pointing into ``tmp_path``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_fresh(args: Sequence[str], cache: Path) -> str:
    """Run ``python *args`` from the repository with ``cache`` as numba's cache; its last line."""
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=True,
        cwd=REPO,
    )
    return done.stdout.strip().splitlines()[-1]


def printed_counts(module: str, kernels: Sequence[str]) -> str:
    """Code printing ``{kernel: [cache hits, cache misses]}`` of ``module``'s kernels as JSON."""
    return (
        f"import json, importlib\nmodule = importlib.import_module({module!r})\n"
        "print(json.dumps({name: [sum(getattr(module, name).stats.cache_hits.values()), "
        "sum(getattr(module, name).stats.cache_misses.values())] "
        f"for name in {list(kernels)!r}}}))\n"
    )
