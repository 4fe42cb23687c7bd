"""Fixtures: real ``servicecircle site`` outputs on the embedded sample."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.report.real_outputs import SAMPLE_SITE, cli_outputs, read_json


@pytest.fixture(scope="session")
def outputs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with analysis.gpkg, summary.json, siting.gpkg and siting.json from the CLI."""
    return cli_outputs(tmp_path_factory, SAMPLE_SITE)


@pytest.fixture(scope="session")
def outputs(outputs_dir: Path) -> dict[str, Any]:
    """The summary and siting dicts as written to ``outputs_dir``."""
    return {
        "summary": read_json(outputs_dir / "summary.json"),
        "siting": read_json(outputs_dir / "siting.json"),
    }
