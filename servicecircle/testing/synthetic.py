"""Synthetic study areas built in code, for tests and benchmarks.

Two street grids: :func:`plain_grid_layers`, two-way residential streets at
exact metric offsets from :data:`ORIGIN` (for tests that need exact numbers),
and :func:`grid_layers`, a jittered grid with random tags, dropped streets and
islands (for network checks and benchmarks). :func:`grid_area` wraps either in
a :class:`~servicecircle.inputs.area.StudyArea`, with optional buildings,
land use and boundaries drawn in metres from :data:`ORIGIN`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from servicecircle.inputs.area import LAYER_COLUMNS, StudyArea, empty_layer, utm_crs_for
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.roads import RoadTable

ORIGIN = (500_000.0, 5_540_000.0)  #: UTM 32N metres, near 9°E 50°N (the "elsewhere" profile)
UTM = pyproj.CRS.from_epsg(32632)  #: the CRS of :data:`ORIGIN`

#: Edge tags the synthetic streets leave empty (the last columns of the edges layer).
_UNTAGGED: dict[str, None] = dict.fromkeys(
    ("access", "foot", "bicycle", "motor_vehicle", "junction", "name")
)

StreetLayers = tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]
"""The ``nodes`` and ``edges`` layers of a street grid."""


def to_wgs(geoms: Sequence[shapely.Geometry]) -> gpd.GeoSeries:
    """Metric geometries (offsets from :data:`ORIGIN`) -> WGS-84 GeoSeries."""
    shifted = [shapely.affinity.translate(g, *ORIGIN) for g in geoms]
    return gpd.GeoSeries(shifted, crs=UTM).to_crs(WGS84)


def points_at(xys: Sequence[tuple[float, float]], **columns: object) -> gpd.GeoDataFrame:
    """A WGS-84 point layer at metric offsets from :data:`ORIGIN`."""
    return gpd.GeoDataFrame(
        dict(columns),
        geometry=to_wgs([shapely.Point(x, y) for x, y in xys]).to_numpy(),
        crs=WGS84,
    )


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


def _grid_blocks(
    rows: int,
    cols: int,
    islands: int,
    spacing_m: float,
    corner: tuple[float, float],
    jitter: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Jittered node coordinates and the (u, v) street pairs of the main grid and its islands."""
    x0, y0 = corner
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    us: list[np.ndarray] = []
    vs: list[np.ndarray] = []
    offset = 0
    blocks = [(rows, cols, 0.0, 0.0)]
    blocks.extend((3, 3, (cols + 3 + 4 * k) * spacing_m, 0.0) for k in range(islands))
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
    return (
        np.concatenate(xs),
        np.concatenate(ys),
        np.concatenate(us),
        np.concatenate(vs),
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

    x, y, u, v = _grid_blocks(rows, cols, islands, spacing_m, (x0, y0), jitter, rng)
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
            **_UNTAGGED,
        },
        geometry=lines,
    )
    return nodes, edges


def plain_grid_layers(n: int = 6, spacing: float = 100.0, *, island: bool = False) -> StreetLayers:
    """Nodes and edges of an ``n × n`` grid of two-way residential streets, in WGS-84.

    Node ids run from 1, row by row from :data:`ORIGIN` (the south-west
    corner); ``island`` adds a separate two-node street 2 km east of the grid.
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
            **_UNTAGGED,
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
    return nodes, edges


def _buildings_layer(
    buildings: Sequence[shapely.Geometry], tags: Sequence[Mapping[str, object]] | None
) -> gpd.GeoDataFrame:
    """A buildings layer of metric footprints with ``building``/``levels``/``height``/... tags."""
    rows = tags or [{} for _ in buildings]
    return gpd.GeoDataFrame(
        {
            "osm_id": np.arange(len(buildings)) + 1,
            "building": [t.get("building", "apartments") for t in rows],
            "levels": [float(t.get("levels", np.nan)) for t in rows],  # type: ignore[arg-type]
            "height": [float(t.get("height", np.nan)) for t in rows],  # type: ignore[arg-type]
            "use": [t.get("use") for t in rows],
            "name": [t.get("name") for t in rows],
        },
        geometry=to_wgs(buildings).to_numpy(),
        crs=WGS84,
    )


def grid_area(
    n: int = 6,
    spacing: float = 100.0,
    *,
    streets: StreetLayers | None = None,
    buildings: Sequence[shapely.Geometry] | None = None,
    building_tags: Sequence[Mapping[str, object]] | None = None,
    landuse: Sequence[tuple[str, shapely.Geometry]] | None = None,
    boundaries: Sequence[tuple[int, str, shapely.Geometry]] | None = None,
    island: bool = False,
) -> StudyArea:
    """A :class:`StudyArea` on a street grid, with optional buildings, land use and boundaries.

    Parameters
    ----------
    n, spacing, island
        The plain grid (:func:`plain_grid_layers`) used when ``streets`` is
        ``None``.
    streets
        Nodes and edges to use instead, e.g. ``grid_layers(7, 7, seed=1)``.
    buildings, building_tags
        Footprints in metres from :data:`ORIGIN`, and their tags (``building``
        defaults to ``"apartments"``; ``levels``, ``height``, ``use``, ``name``).
    landuse
        ``(landuse class, polygon)`` pairs in metres from :data:`ORIGIN`.
    boundaries
        ``(admin_level, name, polygon)`` triples in metres from :data:`ORIGIN`.
    """
    nodes, edges = streets if streets is not None else plain_grid_layers(n, spacing, island=island)
    layer_b = _buildings_layer(buildings, building_tags) if buildings else empty_layer("buildings")
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
        if list(frame.columns) != list(LAYER_COLUMNS[name]):
            raise TypeError(f"the synthetic {name} layer lost its standard columns")
    return StudyArea(
        name="synthetic grid",
        source="synthetic",
        roads=RoadTable.from_layers(nodes, edges),
        buildings=layer_b,
        landuse=layer_l,
        premises=empty_layer("premises"),
        boundaries=layer_a,
        notes=("Synthetic street grid for tests and benchmarks.",),
    )
