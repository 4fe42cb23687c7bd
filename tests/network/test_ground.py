"""Reach that follows the ground: which ways points attach to, cut-off pieces, closed ways."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from servicecircle.errors import InputDataError
from servicecircle.inputs import study_area_from
from servicecircle.network import DRIVE, WALK, SnapRules, ground_level, network_from_area
from servicecircle.reach import minutes_to_nearest, snap_points
from tests.network.osm_fixture import OsmFile, main_street, points

WALK_M_PER_MIN = 4000 / 60


def _rows(*tags: dict[str, str]) -> pd.DataFrame:
    columns = ("highway", "sidewalk", "foot", "tunnel", "bridge", "layer")
    return pd.DataFrame([{c: t.get(c) for c in columns} for t in tags])


def test_ground_level_rules():
    cases = [
        ({"highway": "residential"}, True),
        ({"highway": "motorway"}, False),
        ({"highway": "motorway_link"}, False),
        ({"highway": "trunk_link"}, False),
        ({"highway": "trunk"}, False),
        ({"highway": "trunk", "sidewalk": "both"}, True),
        ({"highway": "trunk", "sidewalk": "separate"}, False),
        ({"highway": "trunk", "foot": "designated"}, True),
        ({"highway": "primary", "tunnel": "yes"}, False),
        ({"highway": "footway", "tunnel": "building_passage"}, True),
        ({"highway": "primary", "bridge": "yes", "layer": "1"}, False),
        ({"highway": "footway", "bridge": "yes"}, False),
        ({"highway": "footway", "bridge": "boardwalk"}, True),
        ({"highway": "primary", "bridge": "viaduct"}, False),
        ({"highway": "secondary", "layer": "2"}, False),
        ({"highway": "secondary", "layer": "-1"}, False),
        ({"highway": "secondary", "layer": "0"}, True),
        ({"highway": "secondary", "tunnel": "no", "bridge": "no"}, True),
        ({"highway": "service", "layer": "one"}, True),  # unreadable: ground
    ]
    got = ground_level(_rows(*[tags for tags, _ in cases]))
    assert got.tolist() == [expected for _, expected in cases]


def test_ground_level_without_tag_columns():
    frame = pd.DataFrame({"highway": ["motorway", "residential"]})
    assert ground_level(frame).tolist() == [False, True]


def test_snap_rules_refuse_negative_distances():
    with pytest.raises(InputDataError, match="metres"):
        SnapRules(prefer_connected_m=-1)


def _area(tmp_path, osm: OsmFile):
    return study_area_from(osm.write(tmp_path / "roads.osm"))


def test_a_house_under_a_viaduct_attaches_to_the_street_below(tmp_path):
    osm = OsmFile()
    main_street(osm)  # y = 0
    # an elevated road joined to the street at both ends, 60 m north of it
    osm.way(
        2,
        {1: (0.0, 0.0), 100: (0.0, 60.0), 101: (1000.0, 60.0), 11: (1000.0, 0.0)},
        highway="primary",
        bridge="yes",
        layer="1",
    )
    area = _area(tmp_path, osm)
    net = network_from_area(area, WALK)
    assert net.edge_connected.all()  # one piece: only the ground rule is at work
    house = snap_points(net, points([(500.0, 55.0)]))
    row = net.edge_source[house.edge[0]]
    assert area.edges["highway"].iloc[row] == "residential"
    assert house.distance_m[0] == pytest.approx(55.0, rel=0.01)


def test_a_house_beside_a_motorway_attaches_to_a_road_for_driving(tmp_path):
    osm = OsmFile()
    main_street(osm)
    osm.way(
        2,
        {1: (0.0, 0.0), 100: (0.0, 30.0), 101: (1000.0, 30.0), 11: (1000.0, 0.0)},
        highway="motorway",
    )
    net = network_from_area(_area(tmp_path, osm), DRIVE)
    house = snap_points(net, points([(500.0, 32.0)]))
    assert house.distance_m[0] == pytest.approx(32.0, rel=0.01)


def _street_and_footpath_pieces() -> OsmFile:
    osm = OsmFile()
    main_street(osm)
    # a footpath piece 40 m from the street, joined to nothing
    osm.way(3, {200: (300.0, 40.0), 201: (600.0, 40.0)}, highway="footway")
    # another, 640 m from the street
    osm.way(4, {300: (300.0, 640.0), 301: (600.0, 640.0)}, highway="footway")
    return osm


def test_demand_near_a_cut_off_footpath_attaches_to_the_connected_street(tmp_path):
    area = _area(tmp_path, _street_and_footpath_pieces())
    net = network_from_area(area, WALK)
    assert (~net.edge_connected).sum() == 2  # the two footpath pieces
    demand = points([(450.0, 50.0), (450.0, 650.0)])
    snapped = snap_points(net, demand)
    assert net.edge_connected[snapped.edge].tolist() == [True, False]
    assert snapped.distance_m == pytest.approx([50.0, 10.0], rel=0.01)
    minutes = minutes_to_nearest(net, points([(0.0, 0.0)]), demand, cutoff_minutes=60)
    assert minutes.iloc[0] == pytest.approx((450 + 50) / WALK_M_PER_MIN, rel=0.01)
    assert np.isinf(minutes.iloc[1])  # 640 m from the street: stays on its piece


def test_prefer_connected_distance_is_a_setting(tmp_path):
    area = _area(tmp_path, _street_and_footpath_pieces())
    net = network_from_area(area, WALK, snap_rules=SnapRules(prefer_connected_m=0.0))
    snapped = snap_points(net, points([(450.0, 50.0)]))
    assert not net.edge_connected[snapped.edge[0]]
    assert snapped.distance_m[0] == pytest.approx(10.0, rel=0.01)
    wide = network_from_area(area, WALK, snap_rules=SnapRules(prefer_connected_m=700.0))
    assert wide.edge_connected[snap_points(wide, points([(450.0, 650.0)])).edge[0]]
    narrow = network_from_area(area, WALK, snap_rules=SnapRules(prefer_connected_m=150.0))
    far = snap_points(narrow, points([(450.0, 200.0), (450.0, 100.0)]))
    assert narrow.edge_connected[far.edge].tolist() == [False, True]


def test_a_long_piece_counts_as_connected(tmp_path):
    osm = OsmFile()
    main_street(osm)
    osm.way(5, {400: (0.0, 100.0), 401: (900.0, 100.0)}, highway="residential")
    area = _area(tmp_path, osm)
    assert not network_from_area(area, WALK).edge_connected.all()
    net = network_from_area(area, WALK, snap_rules=SnapRules(connected_piece_m=800.0))
    assert net.edge_connected.all()


def _loop_road() -> OsmFile:
    osm = OsmFile()
    main_street(osm)
    osm.way(6, {6: (500.0, 0.0), 500: (500.0, 100.0)}, highway="service")
    # a loop road meeting the stem at one node
    osm.closed_way(
        7,
        {500: (500.0, 100.0), 501: (600.0, 200.0), 502: (500.0, 300.0), 503: (400.0, 200.0)},
        highway="residential",
        name="环路",
    )
    # a ring that touches nothing else
    osm.closed_way(
        8,
        {600: (800.0, 300.0), 601: (900.0, 300.0), 602: (900.0, 400.0), 603: (800.0, 400.0)},
        highway="service",
    )
    return osm


def test_closed_ways_are_kept(tmp_path):
    area = _area(tmp_path, _loop_road())
    edges = area.edges
    loop = edges[edges["osm_id"] == 7]
    assert len(loop) == 1
    assert (loop["u"] == loop["v"]).all()
    assert loop["length"].iloc[0] == pytest.approx(4 * 100 * np.sqrt(2), rel=0.01)
    ring = edges[edges["osm_id"] == 8]
    assert ring["length"].sum() == pytest.approx(400.0, rel=0.01)
    net = network_from_area(area, WALK)
    assert 7 in set(area.edges["osm_id"].iloc[net.edge_source])


def test_a_house_inside_a_loop_road_is_reached_along_it(tmp_path):
    net = network_from_area(_area(tmp_path, _loop_road()), WALK)
    # 7.07 m from the far corner's two sides: half-way round the loop either way
    house = points([(500.0, 290.0)])
    minutes = minutes_to_nearest(net, points([(0.0, 0.0)]), house, cutoff_minutes=60)
    access = 10 / np.sqrt(2)
    round_the_loop = 2 * 100 * np.sqrt(2) - access
    expected = (500 + 100 + round_the_loop + access) / WALK_M_PER_MIN  # 882.8 m
    assert minutes.iloc[0] == pytest.approx(expected, rel=0.01)
