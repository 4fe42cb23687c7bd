"""Small projects with awkward dtypes, shared by the tests and the kill-mid-save child."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from servicecircle.results.project import Project, Scenario


def demand_layer(n: int = 12, *, seed: int = 0) -> gpd.GeoDataFrame:
    """Demand units with every dtype a project must restore exactly."""
    rng = np.random.default_rng(seed)
    lon = 106.6 + rng.random(n) * 0.02
    lat = 26.6 + rng.random(n) * 0.02
    geoms: list[shapely.Geometry | None] = [
        shapely.Point(x, y) for x, y in zip(lon, lat, strict=True)
    ]
    geoms[1] = shapely.box(lon[1], lat[1], lon[1] + 0.001, lat[1] + 0.001)
    geoms[2] = shapely.MultiPolygon([shapely.box(lon[2], lat[2], lon[2] + 1e-3, lat[2] + 1e-3)])
    geoms[3] = None
    minutes = rng.random(n) * 25
    minutes[4] = np.nan
    classes = np.array(["residential", "industrial", "relocation", "user"])[np.arange(n) % 4]
    frame = gpd.GeoDataFrame(
        {
            "class": pd.Categorical(
                classes, categories=["residential", "industrial", "relocation", "user"]
            ),
            "people": rng.random(n) * 300,
            "minutes_to_nearest": minutes,
            "township": pd.Series(["城关镇", "新华街道", "<b>乡</b>"] * (n // 3) + ["x"] * (n % 3)),
            "community": pd.Series(
                ["东门社区", None, "幸福村"] * (n // 3) + [None] * (n % 3), dtype=object
            ),
            "floors": np.arange(n, dtype="int32"),
            "area_m2": rng.random(n).astype("float32"),
            "is_public": np.arange(n) % 2 == 0,
            "census_people": pd.array([10, None] * (n // 2) + [1] * (n % 2), dtype="Int64"),
            "checked": pd.array([True, None] * (n // 2) + [False] * (n % 2), dtype="boolean"),
            "updated": pd.to_datetime(["2024-05-01 08:30:00.123456"] * n).astype("datetime64[us]"),
            "reasons": [["near bus stop", "公共建筑"], [], None] * (n // 3) + [None] * (n % 3),
            "fid": np.arange(n) + 100,
        },
        geometry=geoms,
        crs="EPSG:4326",
    )
    frame.index = pd.Index(np.arange(n) * 7 + 3, name="unit_id")
    return frame


def sample_project(n: int = 12) -> Project:
    """A project with two layers and two scenarios (one with a non-spatial table)."""
    demand = demand_layer(n)
    outlets = gpd.GeoDataFrame(
        {"name": ["就业服务站", "零工市场"], "capacity": [3, 5]},
        geometry=[shapely.Point(106.601, 26.601), shapely.Point(106.615, 26.612)],
        crs="EPSG:4326",
    )
    boundaries = gpd.GeoDataFrame(
        {"name": ["城关镇"], "admin_level": [8]},
        geometry=[shapely.box(106.59, 26.59, 106.63, 26.63)],
        crs="EPSG:4326",
    ).to_crs("EPSG:4547")  # CGCS2000 Gauss-Kruger: a projected CRS must survive too
    today = Scenario(
        "现状 today",
        parameters={"mode": "walk", "minutes": (5, 10, 15), "speed_kmh": np.float64(4.0)},
        layers={"demand": demand, "outlets": outlets},
        tables={"curve": pd.DataFrame({"n_new": [0, 1, 2], "share": [0.6, 0.7, 0.75]})},
    )
    improved = demand.copy()
    improved["minutes_to_nearest"] = improved["minutes_to_nearest"].fillna(30.0) / 2
    chosen = gpd.GeoDataFrame(
        {"rank": [1], "name": ["新增 <i>站</i>"], "reasons": [["gap 1", "公共建筑"]]},
        geometry=[shapely.Point(106.61, 26.605)],
        crs="EPSG:4326",
    )
    plus = Scenario(
        "+1 outlet",
        parameters={"mode": "walk", "minutes": [5, 10, 15], "p": 1, "model": "MCLP"},
        layers={
            "demand": demand,
            "demand_after": improved,
            "outlets": outlets,
            "chosen": chosen,
        },
        summary={"siting": {"gap": 0.0, "status": "optimal"}},
    )
    return Project(
        name="示例县 project",
        settings={"source": "sample", "mode": "walk", "speeds": {"walk": 4.0}},
        layers={"demand": demand, "outlets": outlets, "boundaries": boundaries},
        scenarios=(today, plus),
    )


def points(n: int = 2) -> gpd.GeoDataFrame:
    """``n`` named points in WGS-84."""
    return gpd.GeoDataFrame(
        {"name": [f"p{i}" for i in range(n)]},
        geometry=[shapely.Point(106.6 + i * 0.01, 26.6) for i in range(n)],
        crs="EPSG:4326",
    )


def write_qgis_geopackage(path: Path) -> Path:
    """A planner's own GeoPackage at ``path``: layers ``roads``, ``buildings`` and QGIS styles."""
    pyogrio.write_dataframe(points(), path, layer="roads", driver="GPKG")
    pyogrio.write_dataframe(points(3), path, layer="buildings", driver="GPKG")
    styles = pd.DataFrame({"f_table_name": ["roads"], "styleQML": ["<qgis version='3.34'/>"]})
    pyogrio.write_dataframe(styles, path, layer="layer_styles", driver="GPKG")
    return path
