"""The GCJ-02/BD-09 offset check of planners' layers against the study area's roads (issue 13).

A street grid placed in Nanjing (118.8°E, 32.0°N); outlets 5 m beside its
streets, written as they would come from Amap (GCJ-02) or Baidu (BD-09) and
read as WGS-84. The same layout outside China, and real OSM roads of Xuanwu
district (skipped when the file is absent).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pyproj
import pytest
import shapely

from servicecircle.i18n.message import say
from servicecircle.inputs.china_offsets import wgs84_to_bd09, wgs84_to_gcj02
from servicecircle.inputs.files.read import read_layer
from servicecircle.inputs.offset_check import (
    MIN_POINTS,
    find_offset,
    layer_offset,
    representative_coordinates,
)
from servicecircle.testing.placed import place_geometries, placed_area
from servicecircle.testing.synthetic import grid_area, to_wgs

NANJING = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "nanjing-xuanwu.osm.xml"
GEOD = pyproj.Geod(ellps="WGS84")
LON0, LAT0 = 118.8, 32.0

# Outlets 5 m north or east of a street of the 10 x 10 grid (150 m spacing), in metres.
ROADSIDE = [
    (75.0, 155.0),
    (305.0, 620.0),
    (480.0, 305.0),
    (755.0, 910.0),
    (1040.0, 455.0),
    (605.0, 1180.0),
    (1205.0, 240.0),
    (220.0, 1055.0),
    (905.0, 35.0),
    (455.0, 770.0),
    (1130.0, 1205.0),
    (755.0, 555.0),
]


@pytest.fixture(scope="module")
def nanjing_grid():
    return placed_area(grid_area(n=10, spacing=150.0), LON0, LAT0)


def _truth(xys=ROADSIDE) -> tuple[np.ndarray, np.ndarray]:
    """WGS-84 longitudes and latitudes of points ``xys`` metres from the grid's corner."""
    points = place_geometries(to_wgs([shapely.Point(x, y) for x, y in xys]).to_numpy(), LON0, LAT0)
    return shapely.get_x(points), shapely.get_y(points)


def _metres_apart(lon_a, lat_a, lon_b, lat_b) -> np.ndarray:
    return np.asarray(GEOD.inv(lon_a, lat_a, lon_b, lat_b)[2])


def test_the_roadside_points_lie_by_the_streets(nanjing_grid) -> None:
    """The fixture is what it says: every point 5 m from a street of the grid."""
    lon, lat = _truth()
    crs = nanjing_grid.edges.estimate_utm_crs()
    points = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs=4326).to_crs(crs)
    streets = nanjing_grid.edges.to_crs(crs).union_all()
    assert np.allclose(points.distance(streets), 5.0, atol=0.05)


def test_gcj02_points_are_found_and_read_back_within_a_metre(nanjing_grid, tmp_path) -> None:
    lon, lat = _truth()
    gx, gy = wgs84_to_gcj02(lon, lat)
    csv = tmp_path / "outlets.csv"
    rows = [f"站点{i},{x:.8f},{y:.8f}" for i, (x, y) in enumerate(zip(gx, gy, strict=True))]
    csv.write_text("名称,经度,纬度\n" + "\n".join(rows) + "\n", encoding="gbk")

    as_read = read_layer(csv, geometry="point")
    finding = layer_offset(as_read.frame.geometry, nanjing_grid.edges.geometry)
    assert finding is not None and finding.system == "gcj02"
    assert finding.points == len(ROADSIDE)
    assert 530 < finding.shift_m < 550  # the GCJ-02 offset at 118.8°E 32.0°N is about 540 m
    assert finding.after_m == pytest.approx(5.0, abs=0.1)
    assert finding.before_m > 20.0 and finding.share >= 0.9

    converted = read_layer(csv, geometry="point", crs=finding.system).frame.geometry
    assert _metres_apart(converted.x, converted.y, lon, lat).max() < 1.0
    assert layer_offset(converted, nanjing_grid.edges.geometry) is None


def test_wgs84_points_are_not_flagged(nanjing_grid) -> None:
    lon, lat = _truth()
    assert find_offset(lon, lat, nanjing_grid.edges.geometry) is None


def test_bd09_points_are_found_as_bd09(nanjing_grid) -> None:
    lon, lat = _truth()
    finding = find_offset(*wgs84_to_bd09(lon, lat), nanjing_grid.edges.geometry)
    assert finding is not None and finding.system == "bd09"
    assert 1150 < finding.shift_m < 1230  # BD-09 adds about 650 m to GCJ-02's 540 m here
    assert finding.after_m == pytest.approx(5.0, abs=0.1)


def test_compounds_drawn_on_amap_are_found_by_their_outlines(nanjing_grid) -> None:
    """Polygons stand in by their vertices: blocks 5 m inside the streets, in GCJ-02."""
    blocks = [shapely.box(x + 5, y + 5, x + 145, y + 145) for x, y in [(150, 150), (600, 300)]]
    blocks += [shapely.box(x + 5, y + 5, x + 145, y + 145) for x, y in [(900, 1050), (300, 750)]]
    wgs = place_geometries(to_wgs(blocks).to_numpy(), LON0, LAT0)
    gcj = shapely.transform(wgs, lambda c: np.column_stack(wgs84_to_gcj02(c[:, 0], c[:, 1])))
    finding = layer_offset(gpd.GeoSeries(gcj, crs=4326), nanjing_grid.edges.geometry)
    assert finding is not None and finding.system == "gcj02"
    assert layer_offset(gpd.GeoSeries(wgs, crs=4326), nanjing_grid.edges.geometry) is None


def test_outside_china_nothing_is_flagged() -> None:
    """The same grid in Germany, the points moved by the GCJ-02 vector of Nanjing: no finding."""
    area = grid_area(n=10, spacing=150.0)
    shift = (489.0, -229.0)  # metres east and north, about the GCJ-02 offset at 118.8°E 32°N
    moved = to_wgs([shapely.Point(x + shift[0], y + shift[1]) for x, y in ROADSIDE])
    assert find_offset(moved.x, moved.y, area.edges.geometry) is None


def test_too_few_points_say_nothing(nanjing_grid) -> None:
    lon, lat = _truth(ROADSIDE[: MIN_POINTS - 1])
    assert find_offset(*wgs84_to_gcj02(lon, lat), nanjing_grid.edges.geometry) is None
    lon, lat = _truth(ROADSIDE[:MIN_POINTS])
    found = find_offset(*wgs84_to_gcj02(lon, lat), nanjing_grid.edges.geometry)
    assert found is not None and found.system == "gcj02"


def test_no_roads_near_the_points_say_nothing(nanjing_grid) -> None:
    lon, lat = _truth()
    assert find_offset(lon + 1.0, lat, nanjing_grid.edges.geometry) is None
    assert find_offset(lon, lat, nanjing_grid.edges.geometry.iloc[:0]) is None


def test_the_message_says_the_system_and_the_distances(nanjing_grid) -> None:
    lon, lat = _truth()
    finding = find_offset(*wgs84_to_gcj02(lon, lat), nanjing_grid.edges.geometry)
    assert finding is not None
    zh = say(finding.message, "zh")
    assert "GCJ-02（高德/腾讯坐标）" in zh and f"约 {finding.shift_m:,.0f} 米" in zh
    assert "约 5 米" in zh and "请将坐标系选为" in zh
    en = say(finding.cli_message("outlets.csv"), "en")
    assert en.startswith("outlets.csv: ") and "--crs gcj02" in en


def test_representative_coordinates_thin_large_layers_evenly() -> None:
    points = gpd.GeoSeries(gpd.points_from_xy(np.arange(5000) / 1e4 + 118.0, np.full(5000, 32.0)))
    lon, lat = representative_coordinates(points)
    assert len(lon) == 2000 and lon[0] == 118.0 and lon[-1] == pytest.approx(118.4999)


# --------------------------------------------------------------------------- real roads


@pytest.fixture(scope="module")
def xuanwu():
    if not NANJING.exists():
        pytest.skip("the Nanjing OSM extract is not in ../shared/data")
    from servicecircle.inputs import study_area_from

    return study_area_from(str(NANJING))


def _entrances(area, count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``count`` real building entrances: 6 m from the nearest road, toward the building."""
    crs = area.edges.estimate_utm_crs()
    roads = np.asarray(area.edges.to_crs(crs).geometry.values)
    inside = np.asarray(area.buildings.to_crs(crs).geometry.representative_point().values)
    rng = np.random.default_rng(seed)
    inside = inside[rng.choice(len(inside), count, replace=False)]
    nearest = shapely.STRtree(roads).query_nearest(inside, all_matches=False)[1]
    line = roads[nearest]
    kerb = shapely.line_interpolate_point(line, shapely.line_locate_point(line, inside))
    step = shapely.get_coordinates(inside) - shapely.get_coordinates(kerb)
    length = np.linalg.norm(step, axis=1, keepdims=True)
    door = shapely.get_coordinates(kerb) + np.where(length > 6, step / np.maximum(length, 1) * 6, 0)
    wgs = gpd.GeoSeries(shapely.points(door), crs=crs).to_crs(4326)
    return wgs.x.to_numpy(), wgs.y.to_numpy()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_real_roads_of_xuanwu(xuanwu, seed) -> None:
    """20 real building entrances: as WGS-84 not flagged, as GCJ-02 and BD-09 found as such."""
    lon, lat = _entrances(xuanwu, 20, seed)
    roads = xuanwu.edges.geometry
    assert find_offset(lon, lat, roads) is None
    gcj = find_offset(*wgs84_to_gcj02(lon, lat), roads)
    assert gcj is not None and gcj.system == "gcj02" and gcj.after_m < 10.0
    bd = find_offset(*wgs84_to_bd09(lon, lat), roads)
    assert bd is not None and bd.system == "bd09"


def test_real_buildings_as_wgs84_are_not_flagged(xuanwu) -> None:
    """Every building of Xuanwu (its centre, often well off the road) read as it is."""
    points = xuanwu.buildings.geometry.representative_point()
    assert layer_offset(points, xuanwu.edges.geometry) is None
