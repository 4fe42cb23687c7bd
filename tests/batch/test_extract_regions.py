"""Regions from the extract itself when the planner gives no regions file."""

from __future__ import annotations

import pytest
import shapely

from servicecircle.batch.extract_regions import default_regions, extract_boundaries, extract_bounds
from servicecircle.batch.regions import admin_regions
from servicecircle.errors import InputDataError
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.shared_data


def test_liechtenstein_communes_read_straight_from_the_extract(
    liechtenstein_pbf, liechtenstein_area
):
    regions = default_regions(liechtenstein_pbf)
    assert len(regions) == 11  # the 11 communes (admin_level 8), each named
    assert {"Vaduz", "Schaan", "Balzers", "Triesenberg"} <= set(regions["name"])
    # the same outlines as the study area's boundaries layer (read by pyrosm)
    loaded = admin_regions(liechtenstein_area.boundaries).set_index("code")
    for code, geometry in zip(regions["code"], regions.geometry, strict=True):
        other = loaded.geometry.loc[code]
        assert shapely.symmetric_difference(geometry, other).area < 1e-6 * other.area
    boundaries = extract_boundaries(liechtenstein_pbf)
    assert {2.0, 6.0, 8.0} <= set(boundaries["admin_level"])
    assert len(default_regions(liechtenstein_pbf, level=6)) == 2  # the two Wahlkreise


def test_a_grid_covers_every_node_of_the_extract(liechtenstein_pbf, liechtenstein_area):
    grid = default_regions(liechtenstein_pbf, grid=(2, 3))
    assert grid["code"].tolist() == ["r1c1", "r1c2", "r1c3", "r2c1", "r2c2", "r2c3"]
    union = shapely.union_all(grid.geometry.to_numpy())
    assert union.covers(shapely.box(*liechtenstein_area.bounds))
    assert union.bounds == pytest.approx(extract_bounds(liechtenstein_pbf))


def test_an_extract_without_township_boundaries_asks_for_a_file_or_a_grid():
    xml = SHARED_DATA / "nanjing-xuanwu.osm.xml"
    if not xml.is_file():
        pytest.skip(f"shared data not present: {xml}")
    with pytest.raises(InputDataError) as error:
        default_regions(xml)
    assert error.value.args[0].key == "msg.batch.no_admin_regions"
    assert len(default_regions(xml, grid=(2, 2))) == 4
