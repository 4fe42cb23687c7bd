"""Real outputs of the command line, run once per test session and shared by the tests.

``cli_outputs(factory, args)`` runs ``servicecircle <args> --out DIR`` the
first time it is asked for ``args`` and returns the same folder afterwards.
Tests that change files in the folder copy it first (:func:`copy_outputs`).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from servicecircle.cli import main

#: The sample with its illustrative outlets: three new outlets, relocation must be covered.
SAMPLE_SITE: tuple[str, ...] = ("site", "sample", "--new", "3", "--must-cover", "relocation")

_RUNS: dict[tuple[str, ...], Path] = {}


def cli_outputs(factory: pytest.TempPathFactory, args: tuple[str, ...]) -> Path:
    """The ``--out`` folder of ``servicecircle -q <args>`` (run once per session)."""
    if args not in _RUNS:
        label = re.sub(r"[^0-9A-Za-z]+", "_", Path(args[1]).name if len(args) > 1 else "run")
        out = factory.mktemp(f"cli_{args[0]}_{label}"[:40])
        status = main(["-q", *args, "--out", str(out)])
        assert status == 0, f"servicecircle {' '.join(args)} failed with status {status}"
        _RUNS[args] = out
    return _RUNS[args]


def copy_outputs(source: Path, target: Path) -> Path:
    """Copy the analysis and siting files (not reports) of ``source`` into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("analysis.gpkg", "summary.json", "siting.gpkg", "siting.json"):
        if (source / name).is_file():
            shutil.copyfile(source / name, target / name)
    return target


def read_json(path: Path) -> dict[str, Any]:
    """A JSON file written by the command line (``NaN`` allowed, as Python writes it)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def write_json(data: dict[str, Any], path: Path) -> None:
    """Write ``data`` back as UTF-8 JSON."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
