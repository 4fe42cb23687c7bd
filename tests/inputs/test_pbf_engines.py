"""PBF layers read from one decode (pyrosm in-memory engine) equal its default engine's.

The reference is the same read with every pyrosm ``OSM`` forced to the default
(out-of-core) engine, which decodes the file again for each layer.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyrosm
import pytest

from servicecircle.inputs.osm_pbf import area_from_pbf
from tests.inputs.osm_files import TEST_PBF

LIECHTENSTEIN = Path("/work/shared/data/liechtenstein-2013-08-03.osm.pbf")
LAYERS = ("nodes", "edges", "buildings", "landuse", "premises", "boundaries", "grounds")


@pytest.mark.parametrize("path", [TEST_PBF, LIECHTENSTEIN], ids=["pyrosm-test", "liechtenstein"])
def test_layers_as_the_default_engine_reads_them(monkeypatch, path):
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    ours = area_from_pbf(path)
    engines: list[str] = []

    class DefaultEngine(pyrosm.OSM):  # type: ignore[misc]
        def __init__(self, *args: object, **kwargs: object) -> None:
            engines.append(str(kwargs.pop("engine", "default")))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pyrosm, "OSM", DefaultEngine)
    reference = area_from_pbf(path)
    assert "in_memory" in engines
    for name in LAYERS:
        mine, theirs = getattr(ours, name), getattr(reference, name)
        assert len(mine) == len(theirs), name
        pd.testing.assert_frame_equal(
            pd.DataFrame(mine.drop(columns="geometry")),
            pd.DataFrame(theirs.drop(columns="geometry")),
        )
        assert mine.geometry.geom_equals_exact(theirs.geometry, 0).all(), name
