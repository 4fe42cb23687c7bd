"""Snaps and travel times still equal the stored independent expectations.

``tests/reach/data/stored_reach.npz`` was written by
:mod:`tests.reach.stored_expectations` (GEOS nearest ways and networkx's
Dijkstra on the plain reach model, not the library's snapping and routing)
before the network arrays were made compact; the library must still give
those snaps and minutes.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from servicecircle.inputs.area import StudyArea
from servicecircle.network import TravelMode, network_from_area
from servicecircle.reach import snap_points, travel_times
from tests.reach.stored_expectations import (
    CUTOFF_MINUTES,
    DATA,
    DRIVE,
    WALK,
    grid_study_area,
)


@pytest.fixture(scope="module")
def stored():
    return dict(np.load(DATA))


@pytest.fixture(scope="module")
def liechtenstein(liechtenstein_pbf):
    from servicecircle.inputs import study_area_from

    return study_area_from(liechtenstein_pbf)


def _check(stored: dict, name: str, area: StudyArea, mode: TravelMode) -> None:
    network = network_from_area(area, mode)
    snapped = {}
    for label in ("sites", "demand"):
        lonlat = stored[f"{name}/{label}_lonlat"]
        points = gpd.GeoSeries(shapely.points(lonlat), crs=4326)
        got = snap_points(network, points)
        tie = stored[f"{name}/{label}_tie"]
        np.testing.assert_allclose(got.distance_m, stored[f"{name}/{label}_distance_m"], atol=1e-6)
        rows = network.edge_source[got.edge]
        np.testing.assert_array_equal(rows[~tie], stored[f"{name}/{label}_row"][~tie])
        xy = np.c_[got.snap_x, got.snap_y][~tie]
        np.testing.assert_allclose(xy, stored[f"{name}/{label}_xy"][~tie], atol=1e-6)
        snapped[label] = got
    minutes = travel_times(
        network,
        snapped["sites"],
        snapped["demand"],
        cutoff_minutes=CUTOFF_MINUTES,
        direction="from_sites",
    ).minutes.toarray()
    expected = stored[f"{name}/minutes"]
    # points on one of several equally near ways may take either: compared apart from them
    rows = ~stored[f"{name}/sites_tie"]
    cols = ~stored[f"{name}/demand_tie"]
    got, want = minutes[np.ix_(rows, cols)], expected[np.ix_(rows, cols)]
    reached = np.isfinite(want)
    assert reached.sum() >= 100
    np.testing.assert_allclose(got[reached], want[reached], rtol=1e-12, atol=1e-9)
    assert np.all(got[~reached] == 0)  # no pair beyond the cutoff (0: not stored)


def test_grid_snaps_and_minutes_equal_the_stored_ones(stored):
    _check(stored, "grid_walk", grid_study_area(), WALK)


@pytest.mark.parametrize(("name", "mode"), [("li_walk", WALK), ("li_drive", DRIVE)])
def test_liechtenstein_snaps_and_minutes_equal_the_stored_ones(stored, liechtenstein, name, mode):
    if f"{name}/minutes" not in stored:
        pytest.skip("stored without the shared data")
    _check(stored, name, liechtenstein, mode)
