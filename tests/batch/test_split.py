"""The extract cut per region: complete ways, whole multipolygons and boundaries, no routes.

A hand-made OSM file: a road from inside the halo to far outside it, a road
wholly outside, a multipolygon with one member way inside and one outside, a
bus route over the roads, a tagged node (a premise) inside and one outside.
"""

from __future__ import annotations

import osmium
import pytest
from shapely.geometry import box

from servicecircle.batch.split import cut_counts, split_extract

# nodes: id -> (lon, lat); the halo is the box 0..1 x 0..1
NODES = {
    1: (0.5, 0.5),  # inside
    2: (3.0, 0.5),  # outside: the far end of road 10
    3: (5.0, 5.0),  # outside: road 11
    4: (6.0, 5.0),
    5: (0.2, 0.2),  # ring of way 20 (inside)
    6: (0.3, 0.2),
    7: (0.3, 0.3),
    8: (4.0, 4.0),  # ring of way 21 (outside), the multipolygon's second outer ring
    9: (4.1, 4.0),
    12: (4.1, 4.1),
    13: (0.6, 0.6),  # a premise inside
    14: (7.0, 7.0),  # a premise outside
}
WAYS = {
    10: ([1, 2], {"highway": "residential"}),
    11: ([3, 4], {"highway": "residential"}),
    20: ([5, 6, 7, 5], {}),
    21: ([8, 9, 12, 8], {}),
}
RELATIONS = {
    30: (
        [("w", 20, "outer"), ("w", 21, "outer")],
        {"type": "multipolygon", "landuse": "residential"},
    ),
    31: ([("w", 10, ""), ("w", 11, "")], {"type": "route", "route": "bus"}),
    # a far township (ring 21's way) is a subarea of a county touching the halo (ring 20)
    40: ([("w", 21, "outer")], {"type": "boundary", "boundary": "administrative"}),
    41: (
        [("w", 20, "outer"), ("r", 40, "subarea")],
        {"type": "boundary", "boundary": "administrative"},
    ),
}


KINDS = {"n": "node", "w": "way", "r": "relation"}


def _osm_file(path):
    lines = ["<?xml version='1.0' encoding='UTF-8'?>", "<osm version='0.6'>"]
    for node_id, (lon, lat) in NODES.items():
        tag = "<tag k='amenity' v='community_centre'/>" if node_id in (13, 14) else ""
        lines.append(f"<node id='{node_id}' version='1' lat='{lat}' lon='{lon}'>{tag}</node>")
    for way_id, (refs, tags) in WAYS.items():
        body = "".join(f"<nd ref='{r}'/>" for r in refs)
        body += "".join(f"<tag k='{k}' v='{v}'/>" for k, v in tags.items())
        lines.append(f"<way id='{way_id}' version='1'>{body}</way>")
    for rel_id, (members, tags) in RELATIONS.items():
        body = "".join(
            f"<member type='{KINDS[t]}' ref='{r}' role='{role}'/>" for t, r, role in members
        )
        body += "".join(f"<tag k='{k}' v='{v}'/>" for k, v in tags.items())
        lines.append(f"<relation id='{rel_id}' version='1'>{body}</relation>")
    lines.append("</osm>")
    path.write_text("\n".join(lines), "utf-8")
    return path


def _ids(path):
    found = {"n": set(), "w": set(), "r": set()}
    for obj in osmium.FileProcessor(str(path)):
        kind = (
            "n"
            if isinstance(obj, osmium.osm.Node)
            else "w"
            if isinstance(obj, osmium.osm.Way)
            else "r"
        )
        found[kind].add(obj.id)
    return found


@pytest.fixture
def extract(tmp_path):
    return _osm_file(tmp_path / "province.osm")


def test_a_cut_holds_complete_ways_and_whole_multipolygons(extract, tmp_path):
    cuts = split_extract(extract, {"甲": box(0, 0, 1, 1)}, tmp_path / "cuts")
    assert cuts["甲"].name == "甲.osm.pbf"
    found = _ids(cuts["甲"])
    assert found["w"] == {10, 20, 21}  # the road touching the halo, whole; both rings
    # the multipolygon and the county; the bus route and the far township (incomplete) left out
    assert found["r"] == {30, 41}
    # the road's far node and the outside ring's nodes come along; road 11 and premise 14 do not
    assert found["n"] == {1, 2, 5, 6, 7, 8, 9, 12, 13}
    assert cut_counts(cuts["甲"]) == {"nodes": 9, "ways": 3, "relations": 2}


def test_each_region_gets_its_own_cut_in_one_pass(extract, tmp_path):
    halos = {"west": box(0, 0, 1, 1), "east": box(4.5, 4.5, 7.5, 7.5), "empty": box(10, 10, 11, 11)}
    cuts = split_extract(extract, halos, tmp_path / "cuts")
    assert _ids(cuts["east"]) == {"n": {3, 4, 14}, "w": {11}, "r": set()}
    assert cut_counts(cuts["empty"]) == {"nodes": 0, "ways": 0, "relations": 0}
    assert 10 in _ids(cuts["west"])["w"]
    assert sorted(p.name for p in (tmp_path / "cuts").iterdir()) == [
        "east.osm.pbf",
        "empty.osm.pbf",
        "west.osm.pbf",
    ]  # no partial file left behind
