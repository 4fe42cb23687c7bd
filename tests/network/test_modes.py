"""Travel modes, maxspeed parsing and per-way road rules."""

from __future__ import annotations

import dataclasses
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from servicecircle.errors import InputDataError
from servicecircle.network import (
    BIKE,
    DRIVE,
    EBIKE,
    WALK,
    WALK_STRICT,
    TravelMode,
    edge_speeds_kmh,
    maxspeeds_kmh,
    mode_from_name,
    modes_by_name,
    parse_maxspeed,
)


def test_presets_follow_the_domain_defaults():
    assert (WALK.speed_kmh, WALK_STRICT.speed_kmh, BIKE.speed_kmh, EBIKE.speed_kmh) == (
        4.0,
        3.2,
        12.0,
        18.0,
    )
    assert DRIVE.class_speed("motorway") == 100.0
    assert DRIVE.class_speed("residential") == 30.0
    assert DRIVE.class_speed("something_else") == DRIVE.speed_kmh


def test_registry_is_a_fresh_dict_and_names_are_checked():
    modes = modes_by_name()
    assert set(modes) == {"walk", "walk_strict", "bike", "ebike", "drive"}
    modes.clear()
    assert "walk" in modes_by_name()
    assert mode_from_name("bike") is BIKE
    with pytest.raises(InputDataError, match="unknown travel mode"):
        mode_from_name("hovercraft")


def test_modes_are_frozen_hashable_and_overridable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        WALK.speed_kmh = 5.0  # type: ignore[misc]
    faster = WALK.with_speed(5.0)
    assert faster.speed_kmh == 5.0 and WALK.speed_kmh == 4.0
    assert hash(faster) != hash(WALK)
    slower_drive = DRIVE.with_speed(15.0)
    assert slower_drive.class_speed("motorway") == pytest.approx(50.0)
    assert dataclasses.replace(WALK, speed_kmh=3.0).speed_kmh == 3.0
    with pytest.raises(InputDataError, match="positive"):
        TravelMode(name="bad", speed_kmh=0.0)
    assert WALK.access_leg_speed_kmh == 4.0
    assert dataclasses.replace(DRIVE, access_speed_kmh=4.0).access_leg_speed_kmh == 4.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("50", 50.0),
        (" 30 ", 30.0),
        ("30 mph", 30 * 1.609344),
        ("50 km/h", 50.0),
        ("50;30", 30.0),
        ("RU:urban", 50.0),
        ("DE:rural", 80.0),
        ("DE:zone30", 30.0),
        ("DE:living_street", 10.0),
        ("walk", 6.0),
        (40, 40.0),
        ("none", math.nan),
        ("signals", math.nan),
        ("DE:motorway", math.nan),
        ("fast", math.nan),
        ("0", math.nan),
        (None, math.nan),
        (float("nan"), math.nan),
    ],
)
def test_parse_maxspeed(value, expected):
    got = parse_maxspeed(value)
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == pytest.approx(expected)


def test_maxspeeds_vectorised_matches_scalar():
    values = pd.Series(["50", None, "30 mph", "50", np.nan, "none"])
    got = maxspeeds_kmh(values)
    expected = np.array([parse_maxspeed(v) for v in values])
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    np.testing.assert_allclose(got[~np.isnan(got)], expected[~np.isnan(expected)])
    assert maxspeeds_kmh(pd.Series([], dtype=object)).shape == (0,)


def _ways(rows: list[dict]) -> gpd.GeoDataFrame:
    line = shapely.LineString([(0, 0), (0.001, 0)])
    return gpd.GeoDataFrame(rows, geometry=[line] * len(rows), crs=4326)


def test_walking_rules():
    ways = _ways(
        [
            {"highway": "residential"},
            {"highway": "motorway"},
            {"highway": "trunk_link"},
            {"highway": "footway", "foot": "no"},
            {"highway": "service", "access": "private"},
            {"highway": "service", "access": "private", "foot": "yes"},
            {"highway": "track", "access": "forestry"},
            {"highway": "residential", "oneway": "yes"},
            {"highway": "construction"},
            {"highway": None},
        ]
    )
    forward, backward = edge_speeds_kmh(ways, WALK)
    np.testing.assert_array_equal(forward, [4, 0, 0, 0, 0, 4, 4, 4, 0, 4])
    np.testing.assert_array_equal(backward, forward)  # walkers ignore one-way tags


def test_cycling_rules():
    ways = _ways(
        [
            {"highway": "residential"},
            {"highway": "footway"},
            {"highway": "footway", "bicycle": "yes"},
            {"highway": "residential", "bicycle": "no"},
            {"highway": "residential", "bicycle": "dismount"},
            {"highway": "motorway"},
            {"highway": "residential", "oneway": "yes"},
            {"highway": "residential", "oneway": "yes", "oneway:bicycle": "no"},
        ]
    )
    forward, backward = edge_speeds_kmh(ways, BIKE)
    np.testing.assert_array_equal(forward, [12, 4, 12, 0, 4, 0, 12, 12])
    np.testing.assert_array_equal(backward, [12, 4, 12, 0, 4, 0, 0, 12])


def test_driving_rules():
    ways = _ways(
        [
            {"highway": "primary"},
            {"highway": "primary", "maxspeed": "80"},
            {"highway": "residential", "maxspeed": "30 mph"},
            {"highway": "footway"},
            {"highway": "track"},
            {"highway": "residential", "oneway": "yes"},
            {"highway": "residential", "oneway": "-1"},
            {"highway": "secondary", "junction": "roundabout"},
            {"highway": "secondary", "junction": "roundabout", "oneway": "no"},
            {"highway": "service", "motor_vehicle": "no"},
            {"highway": "service", "access": "no", "motor_vehicle": "yes"},
            {"highway": "tertiary", "access": "agricultural"},
            {"highway": "primary", "maxspeed": "none"},
        ]
    )
    forward, backward = edge_speeds_kmh(ways, DRIVE)
    np.testing.assert_allclose(forward, [60, 80, 30 * 1.609344, 0, 0, 30, 0, 50, 50, 0, 20, 0, 60])
    np.testing.assert_allclose(backward, [60, 80, 30 * 1.609344, 0, 0, 0, 30, 0, 50, 0, 20, 0, 60])


def test_missing_tag_columns_are_allowed():
    ways = gpd.GeoDataFrame(
        {"u": [1], "v": [2]}, geometry=[shapely.LineString([(0, 0), (1, 1)])], crs=4326
    )
    forward, backward = edge_speeds_kmh(ways, DRIVE)
    assert forward[0] == backward[0] == 30.0  # untagged way: an ordinary road
