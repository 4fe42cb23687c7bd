"""RoadTable: the road layers kept as arrays give back the layers they were made from."""

from __future__ import annotations

import dataclasses
import pickle

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from servicecircle.inputs.area import empty_layer
from servicecircle.inputs.roads import RoadTable
from servicecircle.testing.synthetic import grid_area, grid_layers, plain_grid_layers


def _same_geometries(given: np.ndarray, made: np.ndarray) -> None:
    missing = shapely.is_missing(given)
    np.testing.assert_array_equal(missing, shapely.is_missing(made))
    assert shapely.equals_identical(given[~missing], made[~missing]).all()
    kept = np.flatnonzero(~missing)
    for a, b in zip(given[kept], made[kept], strict=True):  # coordinates to the bit, z included
        assert a.geom_type == b.geom_type
        assert shapely.get_coordinates(a, include_z=True).tobytes() == (
            shapely.get_coordinates(b, include_z=True).tobytes()
        )


def _assert_round_trip(nodes: gpd.GeoDataFrame, edges: gpd.GeoDataFrame) -> RoadTable:
    roads = RoadTable.from_layers(nodes, edges)
    for given, made in ((nodes, roads.nodes_frame()), (edges, roads.edges_frame())):
        pd.testing.assert_frame_equal(made, given, check_exact=True)
        assert list(made.dtypes) == list(given.dtypes)
        assert made.index.name == given.index.name
        assert made.geometry.name == given.geometry.name
        assert made.crs == given.crs
        _same_geometries(given.geometry.to_numpy(), made.geometry.to_numpy())
        for column in given.columns.drop(given.geometry.name):
            values = given[column].to_numpy()
            back = made[column].to_numpy()
            if values.dtype == object:  # None stays None, NaN stays NaN
                assert [v is None for v in values] == [v is None for v in back]
    return roads


def _odd_layers() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    nodes, edges = grid_layers(4, 4, seed=2)
    geoms = edges.geometry.to_numpy().copy()
    geoms[0] = None
    geoms[1] = shapely.LineString()
    geoms[2] = shapely.MultiLineString(
        [[(9.0, 50.0), (9.001, 50.0)], [(9.002, 50.0), (9.003, 50.0)]]
    )
    geoms[3] = shapely.LineString([(9.0, 50.0, 3.0), (9.001, 50.001, 4.0)])
    edges = edges.set_geometry(gpd.GeoSeries(geoms, index=edges.index, crs=edges.crs))
    edges["name"] = pd.Series([None] * len(edges), dtype=object)
    edges.loc[4, "name"] = "长江路"
    edges["junction"] = pd.Series([np.nan] * len(edges), dtype=object)
    edges["oneway"] = pd.Series([None, np.nan] + ["yes"] * (len(edges) - 2), dtype=object)
    points = nodes.geometry.to_numpy().copy()
    points[0] = None
    points[1] = shapely.Point()
    points[2] = shapely.Point(9.0, 50.0, 7.0)
    nodes = nodes.set_geometry(gpd.GeoSeries(points, index=nodes.index, crs=nodes.crs))
    return nodes, edges


def test_grid_layers_round_trip_to_the_bit():
    nodes, edges = plain_grid_layers(6, 100.0)  # the layers themselves, not made by a table
    roads = _assert_round_trip(nodes, edges)
    assert len(roads) == len(edges) == 60 and roads.n_nodes == len(nodes) == 36
    _assert_round_trip(*grid_layers(7, 7, seed=4, oneway_share=0.3, islands=1))
    assert isinstance(roads.columns["highway"].dtype, pd.CategoricalDtype)
    assert "geometry" not in roads.columns.columns


def test_odd_rows_missing_values_and_empty_layers_round_trip():
    nodes, edges = _odd_layers()
    roads = _assert_round_trip(nodes, edges)
    assert roads.columns["oneway"].dtype == object  # None and NaN both: kept as they were
    assert isinstance(roads.columns["name"].dtype, pd.CategoricalDtype)
    assert roads.line_rows()[:5].tolist() == [False, False, False, True, True]
    assert roads.node_present()[:4].tolist() == [False, False, True, True]
    assert roads.node_lon[2] == 9.0 and np.isnan(roads.node_lon[:2]).all()
    _assert_round_trip(empty_layer("nodes"), empty_layer("edges"))


def test_line_coordinates_are_the_layers_vertices():
    nodes, edges = _odd_layers()
    roads = RoadTable.from_layers(nodes, edges)
    rows = np.flatnonzero(roads.line_rows())[::-1]
    xy, ptr = roads.line_coordinates(rows)
    expected = edges.geometry.to_numpy()[rows]
    np.testing.assert_array_equal(np.diff(ptr), shapely.get_num_coordinates(expected))
    assert xy.tobytes() == shapely.get_coordinates(expected).tobytes()


@pytest.mark.parametrize("columns", [None, ["name"], ["oneway", "u"]])
def test_chosen_rows_and_columns_are_those_of_the_layer(columns: list[str] | None) -> None:
    """``edges_frame(rows, columns)`` is the layer's ``iloc[rows]`` (odd rows and repeats too)."""
    nodes, edges = _odd_layers()
    roads = RoadTable.from_layers(nodes, edges)
    rows = np.array([7, 2, 0, 3, 1, 4, 4, len(edges) - 1])
    wanted = list(edges.columns) if columns is None else [*columns, edges.geometry.name]
    expected = edges.iloc[rows][[c for c in edges.columns if c in wanted]]
    made = roads.edges_frame(rows=rows, columns=columns)
    pd.testing.assert_frame_equal(made, expected, check_exact=True)
    assert made.crs == expected.crs
    _same_geometries(expected.geometry.to_numpy(), made.geometry.to_numpy())
    assert len(roads.edges_frame(rows=np.array([], dtype=int), columns=["name"])) == 0


def test_bounds_are_the_layers_bounds():
    nodes, edges = _odd_layers()
    roads = RoadTable.from_layers(nodes, edges)
    assert roads.bounds == tuple(float(v) for v in edges.total_bounds)
    assert np.isnan(RoadTable.from_layers(empty_layer("nodes"), empty_layer("edges")).bounds).all()


def test_the_table_is_read_only_and_frames_are_new_copies():
    area = grid_area(n=4)
    edges = area.edges
    edges.loc[0, "highway"] = "motorway"
    edges.loc[0, "u"] = -1
    assert area.edges.loc[0, "highway"] == "residential" and area.edges.loc[0, "u"] != -1
    with pytest.raises(ValueError):
        area.roads.coords[0, 0] = 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        area.roads.crs = None  # type: ignore[misc]


def test_a_pickled_table_gives_the_same_layers_and_stays_read_only():
    nodes, edges = _odd_layers()
    roads = pickle.loads(pickle.dumps(RoadTable.from_layers(nodes, edges)))
    pd.testing.assert_frame_equal(roads.edges_frame(), edges, check_exact=True)
    pd.testing.assert_frame_equal(roads.nodes_frame(), nodes, check_exact=True)
    assert not roads.coords.flags.writeable and not roads.offsets.flags.writeable


def test_the_study_area_counts_and_bounds_come_from_the_table():
    area = grid_area(n=5)
    summary = area.summary()
    assert summary["nodes"] == 25 and summary["edges"] == len(area.edges) == 40
    assert area.bounds == tuple(float(v) for v in area.edges.total_bounds)
    assert area.layer("edges").equals(area.edges)


def test_projected_bounds_are_the_projected_layers_bounds():
    nodes, edges = _odd_layers()
    roads = RoadTable.from_layers(nodes, edges)
    crs = grid_area(n=2).local_crs()
    expected = edges.to_crs(crs).total_bounds
    assert np.array(roads.bounds_in(crs)).tobytes() == expected.tobytes()
    plain = grid_area(n=5)
    expected = plain.edges.to_crs(crs).total_bounds
    assert np.array(plain.roads.bounds_in(crs)).tobytes() == expected.tobytes()


def test_a_pickled_study_area_keeps_its_roads():
    area = grid_area(n=4)
    back = pickle.loads(pickle.dumps(area))
    pd.testing.assert_frame_equal(back.edges, area.edges, check_exact=True)
    pd.testing.assert_frame_equal(back.nodes, area.nodes, check_exact=True)
    assert back.bounds == area.bounds and back.summary() == area.summary()
