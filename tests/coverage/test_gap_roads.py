"""Gaps located by the nearest named road (for gaps outside every township and community)."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
import shapely

from servicecircle.coverage.gaps import GAP_COLUMNS, gap_areas, nearest_road_names
from servicecircle.inputs.area import empty_layer
from servicecircle.inputs.roads import RoadTable
from servicecircle.testing.synthetic import UTM, plain_grid_layers, points_at

# The plain grid: 6 × 6 nodes 100 m apart from the origin. Row i of the
# east-west streets runs along y = 100 i; column j of the north-south streets
# along x = 100 j.


def _named_grid() -> gpd.GeoDataFrame:
    """Edges of the plain grid; y = 0 is 花径路, x = 500 is 环城路, the rest unnamed."""
    _, edges = plain_grid_layers(6, 100.0)
    metric = edges.to_crs(UTM).geometry
    minx, miny = metric.bounds["minx"].min(), metric.bounds["miny"].min()
    names = []
    for line in metric:
        (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
        if abs(y0 - miny) < 1 and abs(y1 - miny) < 1:
            names.append("花径路")
        elif abs(x0 - minx - 500) < 1 and abs(x1 - minx - 500) < 1:
            names.append("环城路")
        else:
            names.append(None)
    return edges.assign(name=names)


def _as(edges: gpd.GeoDataFrame, kind: str) -> gpd.GeoDataFrame | RoadTable:
    """The roads as the edges layer or as a study area keeps them (its road table)."""
    return edges if kind == "layer" else RoadTable.from_layers(empty_layer("nodes"), edges)


@pytest.mark.parametrize("kind", ["layer", "table"])
def test_each_place_takes_the_name_of_the_nearest_named_road(kind: str) -> None:
    edges = _as(_named_grid(), kind)
    places = points_at([(150.0, 30.0), (470.0, 350.0), (250.0, 260.0), (490.0, -40.0)]).geometry
    names, metres = nearest_road_names(places, edges, crs=UTM)
    # (250, 260) is 240 m east of nothing named but 250 m west of 环城路 and 260 m north of 花径路
    assert names == ["花径路", "环城路", "环城路", "花径路"]
    assert np.allclose(metres, [30.0, 30.0, 250.0, 40.0], atol=0.5)


@pytest.mark.parametrize("kind", ["layer", "table"])
def test_unnamed_or_missing_roads_give_no_name(kind: str) -> None:
    edges = _as(_named_grid().assign(name=["  ", *[None] * 59]), kind)
    places = points_at([(150.0, 30.0)]).geometry
    names, metres = nearest_road_names(places, edges, crs=UTM)
    assert names == [None]
    assert math.isnan(metres[0])
    assert nearest_road_names(places, None, crs=UTM)[0] == [None]


@pytest.mark.parametrize("kind", ["layer", "table"])
def test_gaps_outside_every_unit_are_named_by_their_road(kind: str) -> None:
    demand = points_at(
        [(120.0, 20.0), (140.0, 25.0), (480.0, 400.0)],
        people=[50.0, 30.0, 10.0],
        covered=[False, False, False],
        minutes_to_nearest=[np.nan, np.nan, 22.0],
        township=[None, None, None],
        community=[None, None, None],
        **{"class": ["residential"] * 3},
    )
    gaps = gap_areas(demand, crs=UTM, join_m=100.0, roads=_as(_named_grid(), kind))
    assert list(gaps.columns) == [*GAP_COLUMNS, "geometry"]
    assert list(gaps["rank"]) == [1, 2]
    assert list(gaps["road"]) == ["花径路", "环城路"]
    assert (gaps["road_m"] < 60.0).all()


def test_a_gap_without_roads_keeps_its_columns() -> None:
    demand = points_at(
        [(120.0, 20.0)],
        people=[5.0],
        covered=[False],
        minutes_to_nearest=[np.nan],
        township=["甲街道"],
        community=[None],
        **{"class": ["residential"]},
    )
    gaps = gap_areas(demand, crs=UTM, join_m=100.0)
    assert gaps.loc[0, "township"] == "甲街道"
    assert gaps.loc[0, "road"] is None
    assert shapely.get_type_id(gaps.geometry.iloc[0]) == 3  # a polygon
