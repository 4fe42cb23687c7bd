"""A street grid in Nanjing as OSM XML, and outlets beside its streets as Amap would give them.

For the command-line and app tests of the GCJ-02/BD-09 offset check (issue 13):
the grid is written with :class:`tests.network.osm_fixture.OsmFile` (metres
from a corner in Nanjing), the outlets 5 m beside its streets, their true
WGS-84 coordinates kept, and a GBK CSV with Chinese headers (名称, 类型,
经度, 纬度, 地址) holding them in GCJ-02, BD-09 or WGS-84.
"""

from __future__ import annotations

import numpy as np
import pyproj

from servicecircle.inputs.china_offsets import wgs84_to_bd09, wgs84_to_gcj02
from tests.network.osm_fixture import OsmFile, lonlat

N, SPACING = 9, 150.0  # a 9 × 9 grid of streets 150 m apart (1.2 km square)

#: Outlets 5 m north or east of a street, in metres from the corner.
ROADSIDE: tuple[tuple[float, float], ...] = (
    (75.0, 155.0),
    (305.0, 620.0),
    (480.0, 305.0),
    (755.0, 910.0),
    (1040.0, 455.0),
    (605.0, 1100.0),
    (1055.0, 240.0),
    (220.0, 1055.0),
    (905.0, 35.0),
    (455.0, 770.0),
)
TYPES = ("零工驿站", "家门口服务站")


def grid_osm() -> OsmFile:
    """The grid's residential streets and four blocks of six storeys (bounds 100 m around)."""
    reach = (N - 1) * SPACING
    osm = OsmFile(bounds=(-100.0, -100.0, reach + 100.0, reach + 100.0))
    ids = np.arange(N * N).reshape(N, N) + 1
    for i in range(N):
        row = {int(ids[i, j]): (j * SPACING, i * SPACING) for j in range(N)}
        column = {int(ids[j, i]): (i * SPACING, j * SPACING) for j in range(N)}
        osm.way(1 + i, row, highway="residential", name=f"横{i + 1}路")
        osm.way(101 + i, column, highway="residential", name=f"纵{i + 1}路")
    for k, (x, y) in enumerate([(165.0, 165.0), (615.0, 465.0), (915.0, 765.0), (315.0, 915.0)]):
        corners = [(x, y), (x + 40, y), (x + 40, y + 40), (x, y + 40)]
        first = 1001 + 10 * k
        osm.closed_way(
            201 + k,
            {first + c: xy for c, xy in enumerate(corners)},
            building="apartments",
            **{"building:levels": "6"},
        )
    return osm


def truth() -> tuple[np.ndarray, np.ndarray]:
    """The outlets' true WGS-84 longitudes and latitudes."""
    lon, lat = zip(*(lonlat(x, y) for x, y in ROADSIDE), strict=True)
    return np.array(lon), np.array(lat)


def outlets_csv(system: str, *, people: int | None = None) -> bytes:
    """The outlets as a GBK CSV with Chinese headers, coordinates in ``system``.

    ``people`` adds a 人口 column with that count on every row (demand points).
    """
    lon, lat = truth()
    if system == "gcj02":
        lon, lat = wgs84_to_gcj02(lon, lat)
    elif system == "bd09":
        lon, lat = wgs84_to_bd09(lon, lat)
    extra = "" if people is None else f",{people}"
    rows = [
        f"玄武{i + 1}号站,{TYPES[i % 2]},{x:.8f},{y:.8f},南京市玄武区{i + 1}号{extra}"
        for i, (x, y) in enumerate(zip(lon, lat, strict=True))
    ]
    header = "名称,类型,经度,纬度,地址" + ("" if people is None else ",人口")
    return (header + "\r\n" + "\r\n".join(rows) + "\r\n").encode("gbk")


def metres_from_truth(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Each point's distance from its true position (on the ellipsoid, in metres)."""
    true_lon, true_lat = truth()
    return np.asarray(pyproj.Geod(ellps="WGS84").inv(lon, lat, true_lon, true_lat)[2])


#: Buildings (20 m × 12 m) 6 m beside the grid's streets: their south-west corners, in metres.
BUILDING_CORNERS: tuple[tuple[float, float], ...] = (
    (20.0, 6.0),
    (180.0, 156.0),
    (320.0, 306.0),
    (470.0, 456.0),
    (630.0, 606.0),
    (780.0, 756.0),
    (920.0, 906.0),
    (1070.0, 1056.0),
    (6.0, 500.0),
    (456.0, 60.0),
    (906.0, 210.0),
    (606.0, 1010.0),
)

#: Census blocks: the grid's cells bounded by streets (corners on the street crossings).
CENSUS_BLOCKS: tuple[tuple[str, float, float], ...] = (
    ("东一社区", 0.0, 0.0),
    ("东二社区", 450.0, 300.0),
    ("西一社区", 750.0, 900.0),
    ("西二社区", 150.0, 750.0),
)


def _shifted(xys: list[tuple[float, float]], system: str) -> list[tuple[float, float]]:
    lon, lat = (np.array(v) for v in zip(*(lonlat(x, y) for x, y in xys), strict=True))
    if system == "gcj02":
        lon, lat = wgs84_to_gcj02(lon, lat)
    return list(zip(lon.tolist(), lat.tolist(), strict=True))


def _polygons_geojson(rings: list[list[tuple[float, float]]], properties: list[dict]) -> bytes:
    import json

    features = [
        {
            "type": "Feature",
            "properties": props,
            "geometry": {"type": "Polygon", "coordinates": [[list(c) for c in ring]]},
        }
        for ring, props in zip(rings, properties, strict=True)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False).encode()


def buildings_geojson(system: str) -> bytes:
    """:data:`BUILDING_CORNERS` as a GeoJSON of six-storey buildings, coordinates in ``system``."""
    rings = [
        _shifted([(x, y), (x + 20, y), (x + 20, y + 12), (x, y + 12), (x, y)], system)
        for x, y in BUILDING_CORNERS
    ]
    return _polygons_geojson(rings, [{"层数": 6} for _ in rings])


def census_geojson(system: str) -> bytes:
    """:data:`CENSUS_BLOCKS` as census polygons (社区, 常住人口), coordinates in ``system``."""
    rings = [
        _shifted(
            [(x, y), (x + SPACING, y), (x + SPACING, y + SPACING), (x, y + SPACING), (x, y)],
            system,
        )
        for _, x, y in CENSUS_BLOCKS
    ]
    return _polygons_geojson(
        rings, [{"社区": name, "常住人口": 800} for name, _, _ in CENSUS_BLOCKS]
    )
