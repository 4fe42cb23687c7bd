"""Shared fixtures: the embedded sample and the optional shared Liechtenstein extract."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
LIECHTENSTEIN_PBF = SHARED_DATA / "liechtenstein-2013-08-03.osm.pbf"
TEST_DATA = REPO / "tests" / "data"


@pytest.fixture(scope="session")
def sample_area():
    """The embedded sample study area (built once per test session)."""
    from servicecircle.inputs import study_area_from

    return study_area_from("sample")


@pytest.fixture(scope="session")
def liechtenstein_pbf() -> Path:
    """Path of the shared Liechtenstein extract; skips when it is absent."""
    if not LIECHTENSTEIN_PBF.is_file():
        pytest.skip(f"shared data not present: {LIECHTENSTEIN_PBF}")
    return LIECHTENSTEIN_PBF


@pytest.fixture(scope="session")
def liechtenstein_area(liechtenstein_pbf):
    """The Liechtenstein study area (built once per test session)."""
    from servicecircle.inputs import study_area_from

    return study_area_from(liechtenstein_pbf)
