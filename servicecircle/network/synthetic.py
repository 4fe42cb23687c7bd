"""Synthetic road layers (a jittered street grid) for tests and benchmarks."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from ..sources.area import WGS84, StudyArea, empty_layer, utm_crs_for

HIGHWAYS: tuple[str, ...] = (
    "residential",
    "residential",
    "residential",
    "tertiary",
    "secondary",
    "footway",
    "service",
    "unclassified",
)


def grid_layers(
    rows: int,
    cols: int,
    *,
    spacing_m: float = 100.0,
    origin: tuple[float, float] = (116.39, 39.90),
    seed: int | None = 0,
    jitter: float = 0.2,
    drop_share: float = 0.0,
    oneway_share: float = 0.0,
    islands: int = 0,
    bend_share: float = 0.3,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Nodes and edges layers of a jittered street grid, in WGS-84.

    Parameters
    ----------
    rows, cols
        Grid size in nodes.
    spacing_m
        Distance between grid lines.
    origin
        (lon, lat) of the south-west corner.
    seed
        Random seed (jitter, dropped streets, tags).
    jitter
        Node displacement as a share of ``spacing_m``.
    drop_share
        Share of streets removed at random (may leave pieces disconnected).
    oneway_share
        Share of streets tagged ``oneway=yes`` (half of them ``-1``).
    islands
        Extra small 3 × 3 grids placed away from the main grid, so that the
        network has pieces with no connection to it.
    bend_share
        Share of streets drawn with a bend (a middle vertex).

    Returns
    -------
    nodes, edges
        Layers following the StudyArea contract (``length`` in metres, in
        the local UTM zone; tags partly missing).
    """
    rng = np.random.default_rng(seed)
    crs = utm_crs_for(*origin)
    to_utm = pyproj.Transformer.from_crs(WGS84, crs, always_xy=True)
    x0, y0 = to_utm.transform(*origin)

    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    us: list[np.ndarray] = []
    vs: list[np.ndarray] = []
    offset = 0
    blocks = [(rows, cols, 0.0, 0.0)]
    for k in range(islands):
        blocks.append((3, 3, (cols + 3 + 4 * k) * spacing_m, 0.0))
    for r, c, dx, dy in blocks:
        gx, gy = np.meshgrid(np.arange(c), np.arange(r))
        x = x0 + dx + gx.ravel() * spacing_m + rng.normal(0, jitter * spacing_m, r * c)
        y = y0 + dy + gy.ravel() * spacing_m + rng.normal(0, jitter * spacing_m, r * c)
        ids = np.arange(r * c).reshape(r, c) + offset
        horizontal = np.stack([ids[:, :-1].ravel(), ids[:, 1:].ravel()], axis=1)
        vertical = np.stack([ids[:-1, :].ravel(), ids[1:, :].ravel()], axis=1)
        pairs = np.concatenate([horizontal, vertical])
        xs.append(x)
        ys.append(y)
        us.append(pairs[:, 0])
        vs.append(pairs[:, 1])
        offset += r * c
    x = np.concatenate(xs)
    y = np.concatenate(ys)
    u = np.concatenate(us)
    v = np.concatenate(vs)
    keep = rng.random(u.size) >= drop_share
    u, v = u[keep], v[keep]
    flip = rng.random(u.size) < 0.5  # digitised in either direction
    u, v = np.where(flip, v, u), np.where(flip, u, v)

    m = u.size
    bend = rng.random(m) < bend_share
    mid_x = (x[u] + x[v]) / 2 + np.where(bend, rng.normal(0, 0.15 * spacing_m, m), 0.0)
    mid_y = (y[u] + y[v]) / 2 + np.where(bend, rng.normal(0, 0.15 * spacing_m, m), 0.0)
    coords = np.stack(
        [np.stack([x[u], y[u]], 1), np.stack([mid_x, mid_y], 1), np.stack([x[v], y[v]], 1)], 1
    )
    lines_utm = shapely.linestrings(coords)
    lines = gpd.GeoSeries(lines_utm, crs=crs).to_crs(WGS84)

    node_ids = np.arange(x.size, dtype=np.int64) + 1_000_000
    lon, lat = pyproj.Transformer.from_crs(crs, WGS84, always_xy=True).transform(x, y)
    index = pd.Index(node_ids, name="id")
    nodes = gpd.GeoDataFrame(
        geometry=gpd.GeoSeries(shapely.points(lon, lat), crs=WGS84, index=index), index=index
    )
    oneway = np.full(m, None, dtype=object)
    tagged = rng.random(m) < oneway_share
    oneway[tagged] = np.array(["yes", "-1"], dtype=object)[
        (rng.random(int(tagged.sum())) < 0.5).astype(int)
    ]
    edges = gpd.GeoDataFrame(
        {
            "u": node_ids[u],
            "v": node_ids[v],
            "osm_id": np.arange(m, dtype=np.int64),
            "length": shapely.length(lines_utm),
            "highway": rng.choice(np.array(HIGHWAYS, dtype=object), m),
            "oneway": oneway,
            "maxspeed": np.array([None, "40"], dtype=object)[(rng.random(m) < 0.2).astype(int)],
            "access": None,
            "foot": None,
            "bicycle": None,
            "motor_vehicle": None,
            "junction": None,
            "name": None,
        },
        geometry=lines,
    )
    return nodes, edges


def grid_area(rows: int, cols: int, **options: object) -> StudyArea:
    """A :class:`StudyArea` with :func:`grid_layers` roads and empty other layers."""
    nodes, edges = grid_layers(rows, cols, **options)  # type: ignore[arg-type]
    return StudyArea(
        name=f"synthetic grid {rows} x {cols}",
        source="synthetic",
        nodes=nodes,
        edges=edges,
        buildings=empty_layer("buildings"),
        landuse=empty_layer("landuse"),
        premises=empty_layer("premises"),
        boundaries=empty_layer("boundaries"),
        notes=("Synthetic street grid for tests and benchmarks.",),
    )
