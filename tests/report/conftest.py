"""Fixtures: an analyze + site output folder in the fixed schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.report.outputs_fixture import build_outputs


@pytest.fixture(scope="session")
def outputs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with analysis.gpkg, summary.json, siting.gpkg and siting.json."""
    folder = tmp_path_factory.mktemp("outputs")
    build_outputs(folder)
    return folder


@pytest.fixture(scope="session")
def outputs(outputs_dir: Path) -> dict[str, Any]:
    """The summary and siting dicts as written to ``outputs_dir``."""
    import json

    return {
        "summary": json.loads((outputs_dir / "summary.json").read_text(encoding="utf-8")),
        "siting": json.loads((outputs_dir / "siting.json").read_text(encoding="utf-8")),
    }
