"""The roads layer: main and named roads kept, unnamed service ways and footways dropped, joined."""

from __future__ import annotations

import geopandas as gpd
import shapely

from servicecircle.inputs.crs import WGS84
from servicecircle.network.roads import ROAD_COLUMNS, map_roads, road_weight
from servicecircle.testing.synthetic import to_wgs


def _edges(rows: list[tuple[str | None, str, list[tuple[float, float]]]]) -> gpd.GeoDataFrame:
    """Edges from (name, highway, metres from the origin) rows."""
    lines = [shapely.LineString(coords) for _, _, coords in rows]
    return gpd.GeoDataFrame(
        {"name": [name for name, _, _ in rows], "highway": [kind for _, kind, _ in rows]},
        geometry=to_wgs(lines).to_numpy(),
        crs=WGS84,
    )


EDGES = _edges(
    [
        (None, "primary", [(0, 0), (500, 0)]),
        ("中山路", "secondary", [(0, 100), (250, 100)]),
        ("中山路", "secondary", [(250, 100), (500, 100)]),  # the same road, a second segment
        (None, "residential", [(0, 200), (500, 200)]),
        (None, "service", [(0, 300), (500, 300)]),
        (None, "footway", [(0, 400), (500, 400)]),
        ("步行街", "footway", [(0, 450), (500, 450)]),
        ("远路", "tertiary", [(5000, 0), (6000, 0)]),  # far beyond the extent
        ("弯路", "residential", [(0, 500), *[(x, 500 + 0.01 * x) for x in range(10, 500, 10)]]),
    ]
)
EXTENT = to_wgs([shapely.box(0, 0, 500, 500)]).iloc[0]


def test_main_and_named_roads_are_kept_unnamed_service_and_footways_dropped() -> None:
    roads = map_roads(EDGES, extent=EXTENT, margin_m=300.0)
    assert tuple(roads.columns) == ROAD_COLUMNS
    assert roads.crs is not None and roads.crs.equals(WGS84)
    kept = set(zip(roads["name"].fillna(""), roads["highway"], strict=True))
    assert kept == {
        ("", "primary"),
        ("中山路", "secondary"),
        ("", "residential"),
        ("步行街", "footway"),
        ("弯路", "residential"),
    }
    assert list(roads["highway"].map(road_weight)) == sorted(
        roads["highway"].map(road_weight), reverse=True
    )  # main roads first


def test_a_road_in_segments_is_one_simplified_row() -> None:
    roads = map_roads(EDGES, extent=EXTENT)
    local = roads.to_crs(roads.estimate_utm_crs())
    zhongshan = local[local["name"] == "中山路"]
    assert len(zhongshan) == 1
    assert abs(zhongshan.geometry.iloc[0].length - 500.0) < 1.0
    bent = local[local["name"] == "弯路"].geometry.iloc[0]
    assert shapely.get_num_coordinates(bent) < 10  # 50 points on a nearly straight line
    assert (roads.geom_type == "MultiLineString").all()


def test_without_extent_every_kept_road_stays_and_no_edges_give_an_empty_layer() -> None:
    assert "远路" in set(map_roads(EDGES)["name"])
    empty = map_roads(EDGES.iloc[0:0])
    assert empty.empty and set(ROAD_COLUMNS) <= {*empty.columns, "geometry"}
