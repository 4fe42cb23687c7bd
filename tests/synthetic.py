"""Small synthetic study areas built in code, for tests that need exact numbers."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from servicecircle.sources.area import LAYER_COLUMNS, WGS84, StudyArea, empty_layer

ORIGIN = (500_000.0, 5_540_000.0)  # UTM 32N metres, near 9°E 50°N
UTM = pyproj.CRS.from_epsg(32632)


def to_wgs(geoms: list) -> gpd.GeoSeries:
    """Metric geometries (offsets from ORIGIN) -> WGS-84 GeoSeries."""
    shifted = [shapely.affinity.translate(g, *ORIGIN) for g in geoms]
    return gpd.GeoSeries(shifted, crs=UTM).to_crs(WGS84)


def grid_area(
    n: int = 6,
    spacing: float = 100.0,
    *,
    buildings: list | None = None,
    building_tags: list[dict] | None = None,
    landuse: list[tuple[str, object]] | None = None,
    boundaries: list[tuple[int, str, object]] | None = None,
    island: bool = False,
) -> StudyArea:
    """An ``n × n`` street grid (two-way residential streets) with optional layers.

    Coordinates of the extra layers are metres from the grid's south-west
    corner. ``island`` adds a separate two-node street far away.
    """
    ids = np.arange(n * n).reshape(n, n) + 1
    xy = {int(ids[i, j]): (j * spacing, i * spacing) for i in range(n) for j in range(n)}
    pairs = [(int(ids[i, j]), int(ids[i, j + 1])) for i in range(n) for j in range(n - 1)]
    pairs += [(int(ids[i, j]), int(ids[i + 1, j])) for i in range(n - 1) for j in range(n)]
    if island:
        far = n * spacing + 2_000.0
        xy[10_001], xy[10_002] = (far, 0.0), (far + spacing, 0.0)
        pairs.append((10_001, 10_002))
    lines = [shapely.LineString([xy[u], xy[v]]) for u, v in pairs]
    edges = gpd.GeoDataFrame(
        {
            "u": [u for u, _ in pairs],
            "v": [v for _, v in pairs],
            "osm_id": np.arange(len(pairs)) + 1,
            "length": [line.length for line in lines],
            "highway": "residential",
            "oneway": None,
            "maxspeed": None,
            "access": None,
            "foot": None,
            "bicycle": None,
            "motor_vehicle": None,
            "junction": None,
            "name": None,
        },
        geometry=to_wgs(lines).to_numpy(),
        crs=WGS84,
    )
    node_ids = sorted(xy)
    nodes = gpd.GeoDataFrame(
        geometry=gpd.GeoSeries(
            to_wgs([shapely.Point(xy[i]) for i in node_ids]).to_numpy(),
            index=pd.Index(node_ids, name="id"),
            crs=WGS84,
        )
    )
    layer_b = empty_layer("buildings")
    if buildings:
        tags = building_tags or [{} for _ in buildings]
        layer_b = gpd.GeoDataFrame(
            {
                "osm_id": np.arange(len(buildings)) + 1,
                "building": [t.get("building", "apartments") for t in tags],
                "levels": [float(t.get("levels", np.nan)) for t in tags],
                "height": [float(t.get("height", np.nan)) for t in tags],
                "use": [t.get("use") for t in tags],
                "name": [t.get("name") for t in tags],
            },
            geometry=to_wgs(buildings).to_numpy(),
            crs=WGS84,
        )
    layer_l = empty_layer("landuse")
    if landuse:
        layer_l = gpd.GeoDataFrame(
            {
                "osm_id": np.arange(len(landuse)) + 1,
                "landuse": [c for c, _ in landuse],
                "name": None,
            },
            geometry=to_wgs([g for _, g in landuse]).to_numpy(),
            crs=WGS84,
        )
    layer_a = empty_layer("boundaries")
    if boundaries:
        layer_a = gpd.GeoDataFrame(
            {
                "osm_id": -np.arange(len(boundaries)) - 1,
                "admin_level": [a for a, _, _ in boundaries],
                "name": [b for _, b, _ in boundaries],
                "name_zh": None,
            },
            geometry=to_wgs([g for _, _, g in boundaries]).to_numpy(),
            crs=WGS84,
        )
    for name, frame in (("buildings", layer_b), ("landuse", layer_l), ("boundaries", layer_a)):
        assert list(frame.columns) == list(LAYER_COLUMNS[name])
    return StudyArea(
        name="synthetic grid",
        source="synthetic",
        nodes=nodes,
        edges=edges,
        buildings=layer_b,
        landuse=layer_l,
        premises=empty_layer("premises"),
        boundaries=layer_a,
    )


def points_at(xys: list[tuple[float, float]], **columns) -> gpd.GeoDataFrame:
    """A WGS-84 point layer at metric offsets from the grid's corner."""
    return gpd.GeoDataFrame(
        dict(columns),
        geometry=to_wgs([shapely.Point(x, y) for x, y in xys]).to_numpy(),
        crs=WGS84,
    )
