"""Coordinate systems: GCJ-02/BD-09 inverses, resolve_crs, Gauss-Kruger zones."""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pyproj
import pytest
import shapely
from shapely.geometry import Point, Polygon

from servicecircle.errors import InputDataError
from servicecircle.inputs.china_offsets import (
    CHINA_BOX,
    bd09_to_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    out_of_china,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)
from servicecircle.inputs.crs import (
    CoordinateSystem,
    geometries_to_wgs84,
    resolve_crs,
    resolve_gauss_kruger,
)
from servicecircle.inputs.gauss_kruger import gauss_kruger_epsg
from tests.data.make_corpus import BAIDU_DOC_PAIR, GCJ02_PAIRS


def metres_between(lon1, lat1, lon2, lat2):
    """Great-circle distance in metres (vectorised)."""
    geod = pyproj.Geod(ellps="WGS84")
    _, _, dist = geod.inv(lon1, lat1, lon2, lat2)
    return np.asarray(dist)


@pytest.fixture(scope="module")
def china_grid():
    """About 10,000 points over mainland China and its seas (100 x 100 grid)."""
    lon, lat = np.meshgrid(np.linspace(73.7, 134.9, 100), np.linspace(18.2, 53.4, 100))
    return lon.ravel(), lat.ravel()


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize(
    ("forward", "inverse"),
    [(wgs84_to_gcj02, gcj02_to_wgs84), (wgs84_to_bd09, bd09_to_wgs84)],
    ids=["gcj02", "bd09"],
)
def test_forward_then_inverse_returns_within_half_a_metre(china_grid, forward, inverse):
    lon, lat = china_grid
    assert lon.size == 10_000
    flon, flat = forward(lon, lat)
    # the offset is real (hundreds of metres), so the test would see an identity inverse
    assert np.median(metres_between(lon, lat, flon, flat)) > 100
    blon, blat = inverse(flon, flat)
    error = metres_between(lon, lat, blon, blat)
    assert error.max() < 0.5
    assert error.max() < 0.001  # in fact the iteration reaches sub-millimetre


@pytest.mark.parametrize(
    ("forward", "inverse"),
    [(wgs84_to_gcj02, gcj02_to_wgs84), (wgs84_to_bd09, bd09_to_wgs84)],
    ids=["gcj02", "bd09"],
)
def test_inverse_then_forward_returns_the_input(china_grid, forward, inverse):
    lon, lat = china_grid
    wlon, wlat = inverse(lon, lat)
    flon, flat = forward(wlon, wlat)
    assert metres_between(lon, lat, flon, flat).max() < 0.001


@pytest.mark.parametrize("city", list(GCJ02_PAIRS))
def test_published_gcj02_pairs(city):
    (wlon, wlat), (glon, glat) = GCJ02_PAIRS[city]
    flon, flat = wgs84_to_gcj02(wlon, wlat)
    assert float(flon) == pytest.approx(glon, abs=1e-9)
    assert float(flat) == pytest.approx(glat, abs=1e-9)
    ilon, ilat = gcj02_to_wgs84(glon, glat)
    assert metres_between(wlon, wlat, float(ilon), float(ilat)) < 0.5


def test_published_gcj02_to_bd09_example():
    # wandergis/coordtransform README: gcj02tobd09(116.404, 39.915)
    blon, blat = gcj02_to_bd09(116.404, 39.915)
    assert float(blon) == pytest.approx(116.41036949371029, abs=1e-8)
    assert float(blat) == pytest.approx(39.92133699351021, abs=1e-8)
    # the same pair through WGS-84 (the inverse, then the WGS-84 -> BD-09 formula)
    wlon, wlat = gcj02_to_wgs84(116.404, 39.915)
    blon, blat = wgs84_to_bd09(wlon, wlat)
    assert float(blon) == pytest.approx(116.41036949371029, abs=1e-8)
    assert float(blat) == pytest.approx(39.92133699351021, abs=1e-8)


def test_baidu_documentation_example_within_a_metre():
    # Baidu's own service uses tables; the public formula agrees with it to about 0.6 m here
    (wlon, wlat), (blon, blat) = BAIDU_DOC_PAIR
    flon, flat = wgs84_to_bd09(wlon, wlat)
    assert metres_between(blon, blat, float(flon), float(flat)) < 1.0
    ilon, ilat = bd09_to_wgs84(blon, blat)
    assert metres_between(wlon, wlat, float(ilon), float(ilat)) < 1.0


def test_points_outside_china_pass_unchanged():
    lon = np.array([-0.1276, 139.6917, 151.2093, -74.006, 8.5417, 137.9, 100.0])
    lat = np.array([51.5072, 35.6895, -33.8688, 40.7128, 47.3769, 35.0, 56.0])
    assert out_of_china(lon, lat).all()
    for func in (wgs84_to_gcj02, gcj02_to_wgs84, wgs84_to_bd09, bd09_to_wgs84):
        out_lon, out_lat = func(lon, lat)
        np.testing.assert_array_equal(out_lon, lon)
        np.testing.assert_array_equal(out_lat, lat)


def test_box_edges_and_mixed_arrays():
    west, south, east, north = CHINA_BOX
    lon = np.array([west - 0.01, 116.4, east + 0.01])
    lat = np.array([30.0, 39.9, 30.0])
    out_lon, out_lat = gcj02_to_wgs84(lon, lat)
    assert out_lon[0] == lon[0] and out_lon[2] == lon[2]
    assert out_lon[1] != lon[1] and out_lat[1] != lat[1]


def test_shapes_scalars_and_missing_values():
    lon = np.array([[116.4, np.nan], [121.47, 113.3]])
    lat = np.array([[39.9, 30.0], [np.nan, 23.1]])
    out_lon, out_lat = gcj02_to_wgs84(lon, lat)
    assert out_lon.shape == (2, 2)
    assert np.isnan(out_lon[0, 1]) and np.isnan(out_lat[1, 0])
    assert np.isfinite(out_lon[1, 1])
    scalar_lon, scalar_lat = bd09_to_wgs84(116.4, 39.9)
    assert np.ndim(scalar_lon) == 0 and np.ndim(scalar_lat) == 0
    # inputs are not modified
    assert lon[0, 0] == 116.4


# --------------------------------------------------------------------------- resolve_crs


@pytest.mark.parametrize(
    ("spec", "kind", "code"),
    [
        ("wgs84", "epsg", "EPSG:4326"),
        ("WGS-84", "epsg", "EPSG:4326"),
        (4326, "epsg", "EPSG:4326"),
        ("CGCS2000", "epsg", "EPSG:4490"),
        ("国家2000", "epsg", "EPSG:4490"),
        ("EPSG:4549", "epsg", "EPSG:4549"),
        ("epsg:4527", "epsg", "EPSG:4527"),
        ("4548", "epsg", "EPSG:4548"),
        ("gcj02", "gcj02", None),
        ("GCJ-02", "gcj02", None),
        ("amap", "gcj02", None),
        ("高德", "gcj02", None),
        ("腾讯", "gcj02", None),
        ("火星坐标系", "gcj02", None),
        ("bd09", "bd09", None),
        ("BD-09", "bd09", None),
        ("Baidu", "bd09", None),
        ("百度", "bd09", None),
        ("cgcs2000-gk3", "gauss_kruger", None),
        ("+proj=utm +zone=50 +datum=WGS84", "epsg", "EPSG:32650"),
    ],
)
def test_resolve_crs_names(spec, kind, code):
    system = resolve_crs(spec)
    assert system.kind == kind
    assert system.crs_text == code


def test_resolve_crs_none_and_passthrough():
    assert resolve_crs(None) is None
    system = resolve_crs("gcj02")
    assert resolve_crs(system) is system
    assert resolve_crs(pyproj.CRS.from_epsg(4549)).crs_text == "EPSG:4549"
    assert resolve_crs("bd09").is_geographic and resolve_crs("wgs84").is_geographic
    assert not resolve_crs(4549).is_geographic


@pytest.mark.parametrize(
    ("spec", "width", "cm"),
    [
        ("cgcs2000-gk3", 3, None),
        ("cgcs2000-gk3:117", 3, 117),
        ("cgcs2000-gk3:117E", 3, 117),
        ("cgcs2000-gk3:zone=39", 3, 117),
        ("cgcs2000-gk3:39", 3, 117),
        ("CGCS2000 GK3 cm=120", 3, 120),
        ("gk6:20", 6, 117),
        ("cgcs2000-gk6:cm=123", 6, 123),
        ("cgcs2000-gk6", 6, None),
    ],
)
def test_resolve_crs_gauss_kruger(spec, width, cm):
    system = resolve_crs(spec)
    assert system.kind == "gauss_kruger"
    assert system.zone_width == width
    assert system.central_meridian == cm


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("EPSG:99999", ["EPSG:99999", "not a known"]),
        ("mars grid", ["not recognised", "GCJ-02", "EPSG"]),
        ("bd09mc", ["Baidu Mercator", "BD-09"]),
        ("cgcs2000-gk3:118", ["118", "central meridian"]),
        ("cgcs2000-gk6:zone=30", ["Zone 30"]),
        (3.5, ["not recognised"]),
    ],
)
def test_resolve_crs_refuses_unknown_systems(spec, words):
    with pytest.raises(InputDataError) as info:
        resolve_crs(spec)
    for word in words:
        assert word in str(info.value)


# --------------------------------------------------------------------------- Gauss-Kruger


def _all_zones():
    for width, zones in ((3, range(25, 46)), (6, range(13, 24))):
        for zone in zones:
            cm = 3 * zone if width == 3 else 6 * zone - 3
            yield width, zone, cm


@pytest.mark.parametrize(("width", "zone", "cm"), list(_all_zones()))
def test_gauss_kruger_epsg_matches_the_registry(width, zone, cm):
    prefixed = pyproj.CRS.from_epsg(gauss_kruger_epsg(width, cm, prefixed=True))
    plain = pyproj.CRS.from_epsg(gauss_kruger_epsg(width, cm, prefixed=False))
    three = "3-degree " if width == 3 else ""
    assert prefixed.name == f"CGCS2000 / {three}Gauss-Kruger zone {zone}"
    assert plain.name == f"CGCS2000 / {three}Gauss-Kruger CM {cm}E"
    assert _false_easting(prefixed) == zone * 1_000_000 + 500_000
    assert _false_easting(plain) == 500_000


def _false_easting(crs):
    params = {p.name: p.value for p in crs.coordinate_operation.params}
    return params["False easting"]


def test_gauss_kruger_code_ranges():
    assert gauss_kruger_epsg(3, 75, prefixed=True) == 4513
    assert gauss_kruger_epsg(3, 135, prefixed=True) == 4533
    assert gauss_kruger_epsg(3, 75, prefixed=False) == 4534
    assert gauss_kruger_epsg(3, 135, prefixed=False) == 4554
    assert gauss_kruger_epsg(6, 75, prefixed=True) == 4491
    assert gauss_kruger_epsg(6, 135, prefixed=True) == 4501
    assert gauss_kruger_epsg(6, 75, prefixed=False) == 4502
    assert gauss_kruger_epsg(6, 135, prefixed=False) == 4512


def _project(epsg, lon, lat):
    transformer = pyproj.Transformer.from_crs(4490, epsg, always_xy=True)
    return transformer.transform(lon, lat)


TIANJIN = (np.array([117.2099, 118.154, 116.7036]), np.array([39.1355, 39.6279, 39.5237]))


@pytest.mark.parametrize(
    ("spec", "epsg"),
    [
        ("cgcs2000-gk3", 4527),  # prefix read from x ~ 39 500 000
        ("cgcs2000-gk3:117", 4527),
        ("cgcs2000-gk3:117", 4548),  # no prefix: central meridian stated
        ("cgcs2000-gk6", 4498),  # 6-degree zone 20, prefixed
        ("cgcs2000-gk6:117", 4509),
    ],
)
def test_gauss_kruger_with_and_without_prefix(spec, epsg):
    lon, lat = TIANJIN
    x, y = _project(epsg, lon, lat)
    system, swapped, note = resolve_gauss_kruger(resolve_crs(spec), x, y)
    assert not swapped
    assert system.crs_text == f"EPSG:{epsg}"
    assert ("prefix" in str(note)) and (str(epsg) in str(note))
    back = geometries_to_wgs84(gpd.GeoSeries(shapely.points(x, y)), system)
    assert metres_between(lon, lat, back.x.to_numpy(), back.y.to_numpy()).max() < 0.01


def test_gauss_kruger_prefix_detected_from_magnitude():
    prefixed, _, _ = resolve_gauss_kruger(resolve_crs("cgcs2000-gk3"), [39500000.0], [4400000.0])
    assert prefixed.crs_text == "EPSG:4527"
    plain, _, _ = resolve_gauss_kruger(resolve_crs("cgcs2000-gk3:117"), [500000.0], [4400000.0])
    assert plain.crs_text == "EPSG:4548"


def test_gauss_kruger_surveying_axes_are_detected():
    lon, lat = TIANJIN
    easting, northing = _project(4527, lon, lat)
    system, swapped, note = resolve_gauss_kruger(resolve_crs("cgcs2000-gk3"), northing, easting)
    assert swapped and "northings" in str(note)
    assert system.crs_text == "EPSG:4527"


@pytest.mark.parametrize(
    ("spec", "x", "words"),
    [
        ("cgcs2000-gk3", [512345.0], ["no zone prefix", "central meridian"]),
        ("cgcs2000-gk3:120", [39512345.0], ["120", "zone prefix 39"]),
        ("cgcs2000-gk3", [39512345.0, 40512345.0], ["several zone prefixes", "39, 40"]),
        ("cgcs2000-gk3", [2512345.0], ["not eastings"]),
        ("cgcs2000-gk3", [50512345.0], ["not eastings"]),
    ],
)
def test_gauss_kruger_refusals(spec, x, words):
    with pytest.raises(InputDataError) as info:
        resolve_gauss_kruger(resolve_crs(spec), x, [4412345.0] * len(x))
    for word in words:
        assert word in str(info.value)


# --------------------------------------------------------------------------- geometries


def test_geometries_to_wgs84_converts_every_vertex_and_keeps_the_input():
    square = Polygon([(116.40, 39.90), (116.41, 39.90), (116.41, 39.91), (116.40, 39.91)])
    series = gpd.GeoSeries([square, Point(121.47, 31.23), None], index=[7, 8, 9], crs=4326)
    before = series.copy()
    out = geometries_to_wgs84(series, resolve_crs("gcj02"))
    assert out.crs == "EPSG:4326"
    assert list(out.index) == [7, 8, 9]
    assert out.iloc[2] is None
    gs = series.geom_equals(before)
    assert gs.iloc[:2].all()  # input untouched
    coords = shapely.get_coordinates(square)
    want_lon, want_lat = gcj02_to_wgs84(coords[:, 0], coords[:, 1])
    np.testing.assert_allclose(
        shapely.get_coordinates(out.iloc[0]), np.column_stack([want_lon, want_lat])
    )


def test_geometries_to_wgs84_projects_epsg_systems():
    x, y = _project(4548, *TIANJIN)
    series = gpd.GeoSeries(shapely.points(x, y))
    out = geometries_to_wgs84(series, CoordinateSystem.from_crs(4548))
    np.testing.assert_allclose(out.x, TIANJIN[0], atol=1e-7)
    np.testing.assert_allclose(out.y, TIANJIN[1], atol=1e-7)


def test_unsettled_gauss_kruger_cannot_be_applied():
    with pytest.raises(ValueError, match=re.escape("unsettled")):
        geometries_to_wgs84(gpd.GeoSeries([Point(1, 2)]), resolve_crs("cgcs2000-gk3"))
