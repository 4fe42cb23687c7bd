"""Random sites and demand points around a network, for reach and isochrone tests."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle.network import Network


def points_near_network(
    network: Network,
    count: int,
    *,
    rng: np.random.Generator,
    offset_m: float = 40.0,
    on_edges: np.ndarray | None = None,
    label: str = "p",
) -> gpd.GeoDataFrame:
    """Points beside random segments (or the given ``on_edges``), in WGS-84, labelled ``p0..``.

    Some points sit exactly on a segment end or on the segment, so that zero
    partial times and zero access legs occur.
    """
    edges = on_edges if on_edges is not None else rng.integers(0, network.n_edges, count)
    fraction = rng.uniform(0.0, 1.0, edges.size)
    fraction[rng.random(edges.size) < 0.1] = 0.0
    fraction[rng.random(edges.size) < 0.1] = 1.0
    on_line = shapely.line_interpolate_point(
        network.edge_geometry[edges], fraction, normalized=True
    )
    xy = shapely.get_coordinates(on_line)
    shift = rng.normal(0.0, offset_m, xy.shape)
    shift[rng.random(edges.size) < 0.15] = 0.0
    points = shapely.points(xy + shift)
    return gpd.GeoDataFrame(
        {"weight": rng.integers(1, 50, edges.size).astype(float)},
        geometry=gpd.GeoSeries(points, crs=network.crs).to_crs(4326).to_numpy(),
        index=pd.Index([f"{label}{i}" for i in range(edges.size)]),
        crs=4326,
    )


def dense_minutes(times) -> np.ndarray:
    """A TravelTimes matrix as dense minutes with inf where nothing is stored."""
    out = np.full(times.minutes.shape, np.inf)
    m = times.minutes.tocoo()
    out[m.row, m.col] = m.data
    return out
