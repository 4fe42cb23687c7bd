"""Gaps in a real Chinese extract without admin boundaries are placed by their nearest road.

The Nanjing Xuanwu extract (``../shared/data``, skipped when absent) has no
township or community boundaries, like most Chinese OSM data: the by-unit
table is empty and every gap is located by the nearest named road, checked
here against a brute-force distance to every named road.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from servicecircle.coverage import coverage_from
from servicecircle.coverage.gaps import road_place
from servicecircle.demand import demand_from_area

NANJING = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "nanjing-xuanwu.osm.xml"


@pytest.fixture(scope="module")
def xuanwu_coverage():
    if not NANJING.exists():
        pytest.skip("the Nanjing OSM extract is not in ../shared/data")
    from servicecircle.inputs import study_area_from

    area = study_area_from(str(NANJING))
    demand = demand_from_area(area)
    outlets = area.nodes.iloc[[len(area.nodes) // 3, 2 * len(area.nodes) // 3]]
    outlets = outlets.reset_index(drop=True).assign(name=["甲", "乙"])
    return area, coverage_from(area, demand, outlets[["name", "geometry"]], with_isochrones=False)


def test_no_units_and_every_gap_has_its_nearest_named_road(xuanwu_coverage) -> None:
    area, coverage = xuanwu_coverage
    assert len(area.boundaries) == 0
    assert len(coverage.units) == 0
    gaps = coverage.gaps
    assert len(gaps) > 0
    crs = area.local_crs()
    names = area.edges["name"]
    named = area.edges[names.notna() & (names.astype(str).str.strip() != "")].to_crs(crs)
    for _, gap in gaps.to_crs(crs).iterrows():
        point = gap.geometry.representative_point()
        distances = named.geometry.distance(point).to_numpy()
        nearest = int(np.argmin(distances))
        assert gap["road_m"] == pytest.approx(distances[nearest], abs=0.5)
        ties = set(named["name"].to_numpy()[np.isclose(distances, distances[nearest], atol=0.5)])
        assert gap["road"] in ties
        assert any(ch >= "\u4e00" for ch in gap["road"])  # a Chinese street name
        place = road_place(gap["road"], gap["road_m"]).text("zh")
        assert place.endswith("附近") or place.startswith("距")
