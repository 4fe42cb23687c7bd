"""The layer contracts carry what the evidence needs: use tags on buildings, a grounds layer."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from servicecircle.demand import demand_from_area
from servicecircle.inputs import study_area_from
from servicecircle.inputs.area import LAYER_COLUMNS
from servicecircle.inputs.normalize import buildings_layer, grounds_layer

SQUARE = shapely.box(0, 0, 0.001, 0.001)


def test_buildings_carry_their_use_tags_in_a_fixed_order():
    raw = gpd.GeoDataFrame(
        {
            "building": ["residential", "yes", "apartments"],
            "amenity": [None, "parking", None],
            "shop": ["mall", "no", None],
            "tags": [None, '{"office": "government"}', None],
        },
        geometry=[SQUARE] * 3,
        crs="EPSG:4326",
    )
    layer = buildings_layer(raw)
    assert list(layer.columns) == list(LAYER_COLUMNS["buildings"])
    uses = [u if isinstance(u, str) else None for u in layer["use"]]
    assert uses == ["shop=mall", "office=government; amenity=parking", None]


def test_grounds_keep_areas_with_ground_tags_but_not_buildings_or_points():
    raw = gpd.GeoDataFrame(
        {
            "amenity": ["university", "school", "university", "cafe"],
            "leisure": [None, "park", None, None],
            "building": [None, None, "university", None],
            "name": ["南京大学", None, "教学楼", None],
            "id": [1, 2, 3, 4],
        },
        geometry=[SQUARE, SQUARE, SQUARE, shapely.Point(0, 0)],
        crs="EPSG:4326",
    )
    layer = grounds_layer(raw)
    assert list(layer.columns) == list(LAYER_COLUMNS["grounds"])
    assert layer[["osm_id", "key", "value"]].values.tolist() == [
        [1, "amenity", "university"],
        [2, "amenity", "school"],
    ]
    assert layer["name"].iloc[0] == "南京大学" and pd.isna(layer["name"].iloc[1])
    assert len(grounds_layer(pd.DataFrame({"amenity": []}).pipe(gpd.GeoDataFrame))) == 0


def _way(way_id: int, refs: list[int], **tags: str) -> str:
    nds = "".join(f'<nd ref="{r}"/>' for r in refs)
    tag_xml = "".join(f'<tag k="{k}" v="{v}"/>' for k, v in tags.items())
    return f'<way id="{way_id}">{nds}{tag_xml}</way>'


def _square_way(
    way_id: int, first_node: int, nodes: dict, lon: float, lat: float, size: float, **tags
):
    corners = [(lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size)]
    ids = []
    for k, (x, y) in enumerate(corners):
        nodes[first_node + k] = (x, y)
        ids.append(first_node + k)
    return _way(way_id, [*ids, ids[0]], **tags)


def test_an_osm_file_with_a_campus_a_dormitory_and_a_mall(tmp_path):
    nodes: dict[int, tuple[float, float]] = {}
    lon, lat = 118.78, 32.05
    ways = [
        _square_way(1, 100, nodes, lon, lat, 0.004, amenity="university", name="某大学"),
        _square_way(
            2,
            110,
            nodes,
            lon + 0.001,
            lat + 0.001,
            0.0003,
            building="dormitory",
            **{"building:levels": "6"},
        ),
        _square_way(3, 120, nodes, lon + 0.002, lat + 0.002, 0.0003, building="yes", name="教学楼"),
        _square_way(
            4,
            130,
            nodes,
            lon + 0.006,
            lat + 0.001,
            0.0008,
            building="residential",
            shop="mall",
            name="某商场",
        ),
    ]
    for i, (x, y) in enumerate(
        [(lon - 0.001, lat - 0.0005), (lon + 0.008, lat - 0.0005), (lon + 0.008, lat + 0.005)]
    ):
        nodes[900 + i] = (x, y)
    ways.append(_way(50, [900, 901, 902], highway="residential", name="路"))
    node_xml = "".join(f'<node id="{i}" lat="{y}" lon="{x}"/>' for i, (x, y) in nodes.items())
    south, west, north, east = lat - 0.001, lon - 0.001, lat + 0.006, lon + 0.009
    bounds = f'<bounds minlat="{south}" minlon="{west}" maxlat="{north}" maxlon="{east}"/>'
    path = tmp_path / "campus.osm"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><osm version="0.6">'
        f"{bounds}{node_xml}{''.join(ways)}</osm>",
        encoding="utf-8",
    )
    area = study_area_from(path)
    assert area.grounds[["key", "value", "name"]].values.tolist() == [
        ["amenity", "university", "某大学"]
    ]
    assert area.buildings.set_index("osm_id").loc[4, "use"] == "shop=mall"
    rows = demand_from_area(area).buildings.set_index("osm_id")
    assert rows.loc[2, "basis"] == "building=dormitory, in university grounds"
    assert rows.loc[3, "basis"] == "in university grounds"
    assert rows.loc[4, "basis"] == "tag shop=mall"
    assert rows.loc[[3, 4], "people"].sum() == 0 and rows.loc[2, "people"] > 0
