"""The features table with bulk way geometries equals osmnx's ``_create_gdf`` table.

osmnx's ``features._create_gdf`` (what ``features_from_xml`` builds) is run on
a copy of the same parsed elements; the tables must be equal: index, columns
and their order, values (ours as Python objects, osmnx's as pandas' str
dtype), and geometries coordinate by coordinate. The
elements cover each rule of osmnx's way geometries (closed or open, area
tags and ``area=no``, too short, absent nodes), feature nodes, multipolygon
and boundary relations (outer and inner rings, a missing member, a repeated
way id), a ``geometry`` tag, random tangles, Vaduz and Nanjing (skipped when
absent).
"""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import shapely

from servicecircle.inputs.osm_graph import FEATURE_TAGS
from servicecircle.inputs.osm_xml_features import features_table
from servicecircle.inputs.osm_xml_parse import overpass_elements

VADUZ = Path(__file__).resolve().parents[1] / "data" / "vaduz.osm"
NANJING = Path("/work/shared/data/nanjing-xuanwu.osm.xml")


def _node(node: int, **tags: str) -> dict[str, Any]:
    lat, lon = 32.0 + 0.001 * (node % 6) + 1e-6 * node, 118.0 + 0.001 * (node // 6)
    return {"type": "node", "tags": tags, "id": node, "lat": lat, "lon": lon, "version": 2}


def _way(way: int, nodes: list[int], **tags: str) -> dict[str, Any]:
    return {"type": "way", "tags": tags, "id": way, "version": 1, "nodes": nodes}


def _relation(relation: int, members: list[tuple[int, str]], **tags: str) -> dict[str, Any]:
    parts = [{"type": "way", "ref": ref, "role": role} for ref, role in members]
    return {"type": "relation", "tags": tags, "members": parts, "id": relation}


def _osmnx_table(read: dict[str, Any]) -> Any:
    from osmnx.features import _create_gdf

    return _create_gdf([copy.deepcopy(read)], shapely.Polygon(), FEATURE_TAGS)


def _assert_same(read: dict[str, Any]) -> Any:
    kept = copy.deepcopy(read)
    expected = _osmnx_table(read)
    found = features_table(read, FEATURE_TAGS)
    assert read == kept  # the parsed elements are read, not changed
    assert found is not None
    assert list(found.columns) == list(expected.columns)
    assert found.index.tolist() == expected.index.tolist()
    assert found.index.names == expected.index.names
    values = pd.DataFrame(found.drop(columns="geometry"))
    assert {str(dtype) for dtype in values.dtypes} == {"object"}  # not pyarrow strings
    pd.testing.assert_frame_equal(  # the same values as osmnx's table
        values.reset_index(drop=True),
        pd.DataFrame(expected.drop(columns="geometry")).astype(object).reset_index(drop=True),
    )
    ours, theirs = found.geometry.to_numpy(), expected.geometry.to_numpy()
    assert (shapely.get_type_id(ours) == shapely.get_type_id(theirs)).all()
    assert (shapely.get_num_coordinates(ours) == shapely.get_num_coordinates(theirs)).all()
    assert np.array_equal(shapely.get_coordinates(ours), shapely.get_coordinates(theirs))
    assert found.crs == expected.crs
    return found


def _every_rule() -> dict[str, Any]:
    nodes = [_node(n) for n in range(1, 37)]
    nodes[3]["tags"] = {"amenity": "townhall", "name": "区政府", "type": "x"}
    nodes[4]["tags"] = {"highway": "bus_stop"}  # no feature tag: not a feature
    ways = [
        _way(100, [1, 2, 8, 7, 1], building="yes", height="12"),  # closed building: Polygon
        _way(101, [2, 3, 9, 2], building="yes"),  # closed, 4 nodes: Polygon
        _way(102, [3, 4, 3], building="yes"),  # closed, 3 nodes: empty (dropped)
        _way(103, [4, 5, 11, 10], building="yes"),  # open: LineString
        _way(104, [5, 6, 12, 5], landuse="grass", area="no"),  # area=no: LineString
        _way(105, [13, 14, 20, 13], highway="pedestrian", name="步行街"),  # highway: its rule
        _way(106, [14, 99, 15], name="缺点"),  # an absent node: empty
        _way(107, [16], name="单点"),  # one node: empty
        _way(108, [19, 20, 26, 25, 19], leisure="park", geometry="x"),  # geometry tag dropped
        _way(109, [21, 22, 28, 27, 21], amenity="school"),
        _way(110, [25, 26], highway="footway"),  # no feature tag, no relation: not built
        # outer ring in two open halves, an inner ring, for a multipolygon
        _way(200, [1, 5, 35]),
        _way(201, [35, 31, 1]),
        _way(202, [14, 16, 22, 20, 14]),
        _way(203, [23, 24, 30, 29, 23]),
        _way(203, [23, 24, 30, 23]),  # a repeated id: the last one counts
    ]
    relations = [
        _relation(
            300,
            [(200, "outer"), (201, "outer"), (202, "inner")],
            type="multipolygon",
            landuse="residential",
            name="小区",
        ),
        _relation(
            301,
            [(203, "outer")],
            type="boundary",
            boundary="administrative",
            admin_level="8",
            name="街道",
        ),
        _relation(302, [(200, "outer"), (404, "outer")], type="multipolygon", building="yes"),
        _relation(303, [(110, "")], type="route", route="bus", name="1路"),  # not handled
    ]
    return {"elements": [*nodes, *ways, *relations]}


def test_every_rule_as_osmnx_builds_it():
    found = _assert_same(_every_rule())
    ids = set(found.index.get_level_values("id"))
    assert {100, 101, 103, 104, 105, 109, 300, 301}.issubset(ids)
    assert not {106, 107, 110, 302, 303} & ids  # empty geometries and route relations
    # a 3-node ring a-b-a is made (a b a a) and made valid: a line
    assert found.geometry.loc[("way", 102)].geom_type == "LineString"
    geoms = found.geometry
    assert geoms.loc[("way", 100)].geom_type == "Polygon"
    assert geoms.loc[("way", 104)].geom_type == "LineString"
    assert len(geoms.loc[("relation", 300)].interiors) == 1


def _tangle(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    nodes = [
        _node(n, **({"amenity": "townhall"} if rng.random() < 0.1 else {})) for n in range(1, 37)
    ]
    ways = []
    for way in range(rng.randint(2, 14)):
        walk = [rng.randint(1, 36) for _ in range(rng.randint(1, 6))]
        if rng.random() < 0.5:
            walk.append(walk[0])
        key, value = rng.choice(
            [
                ("building", "yes"),
                ("landuse", "retail"),
                ("highway", "service"),
                ("name", "甲"),
                ("barrier", "fence"),
                ("area", "no"),
                ("leisure", "park"),
                ("waterway", "river"),
            ]
        )
        extra = {"area": "no"} if rng.random() < 0.1 and key != "area" else {}
        ways.append(_way(400 + rng.randint(0, way + 2), walk, **{key: value}, **extra))
    relations = [
        _relation(
            500 + r,
            [(w["id"], rng.choice(["outer", "inner"])) for w in rng.sample(ways, 2)],
            type=rng.choice(["multipolygon", "boundary"]),
            landuse="farmland",
        )
        for r in range(rng.randint(0, 2))
        if len(ways) >= 2
    ]
    return {"elements": [*nodes, *ways, *relations]}


@pytest.mark.parametrize("seed", range(30))
def test_random_tangles_as_osmnx_builds_them(seed):
    read = _tangle(seed)
    try:
        _osmnx_table(read)
    except Exception as error:  # osmnx's refusals (no feature, rings GEOS cannot join)
        with pytest.raises(type(error)):
            features_table(read, FEATURE_TAGS)
        return
    _assert_same(read)


def test_a_way_without_nodes_is_left_to_osmnx():
    read = _every_rule()
    read["elements"].append(_way(600, [], building="yes"))
    assert features_table(read, FEATURE_TAGS) is None


@pytest.mark.parametrize("path", [VADUZ, NANJING], ids=["vaduz", "nanjing"])
def test_real_extracts_as_osmnx_builds_them(path):
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    found = _assert_same(overpass_elements(path))
    assert len(found) > 100
