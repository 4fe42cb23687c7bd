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


#: Four key groups per community of the sample (the staffing chapter and workbook tests).
GROUPS_CSV = (
    "街道,社区,60岁及以上人数,登记失业人员,外出务工人员占比,高校毕业生比例(%)\n"
    "示例街道东,东北社区,600,40,0.05,3\n"
    ",东南社区,150,10,0.08,2.5\n"
    "示例街道西,西北社区,30,2,0.1,1\n"
    ",西南社区,700,45,0.04,4\n"
)


@pytest.fixture(scope="session")
def grouped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``analyze sample --groups`` with the four key groups per community."""
    from servicecircle.cli import main

    folder = tmp_path_factory.mktemp("grouped")
    (folder / "groups.csv").write_text(GROUPS_CSV, encoding="utf-8")
    args = ["-q", "analyze", "sample", "--no-sensitivity", "--out", str(folder / "out")]
    assert main([*args, "--groups", str(folder / "groups.csv")]) == 0
    return folder / "out"
