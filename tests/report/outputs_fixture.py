"""Write a realistic ``analyze`` + ``site`` output folder in the schemas fixed by the issues.

A synthetic county seat (3 km × 2.4 km, UTM 48N) with three townships (one
with a hostile HTML name), residential, industrial and relocation demand,
three outlets, isochrones, gaps, and a siting run that adds three outlets.
Numbers are computed from the layers, so summary.json is consistent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

UTM = "EPSG:32648"
WGS84 = "EPSG:4326"
ORIGIN = (560_000.0, 2_948_000.0)  # near Guiyang
METRES_PER_MINUTE = 4000.0 / 60.0
DETOUR = 1.3
BREAKS = (5, 10, 15)
HOSTILE = "<script>alert('x')</script>乡"
TOWNSHIPS = ("城关镇", "新华街道", HOSTILE)
COMMUNITIES = {
    "城关镇": ("东门社区", "西门社区"),
    "新华街道": ("新华社区", "和平社区"),
    HOSTILE: ("幸福村", "移民安置点社区"),
}


def _demand() -> gpd.GeoDataFrame:
    rng = np.random.default_rng(7)
    xs, ys = np.meshgrid(np.arange(15) * 200.0 + 100.0, np.arange(12) * 200.0 + 100.0)
    x, y = xs.ravel(), ys.ravel()
    n = len(x)
    klass = np.full(n, "residential", dtype=object)
    klass[(x > 2200) & (y < 800)] = "industrial"
    klass[(x > 2400) & (y > 1800)] = "relocation"
    klass[(x < 400) & (y > 2000)] = "user"
    people = rng.integers(20, 400, size=n).astype(float)
    people[klass == "industrial"] *= 0.3
    township_i = np.minimum((x // 1000).astype(int), 2)
    township = np.array([TOWNSHIPS[i] for i in township_i], dtype=object)
    community = np.array(
        [COMMUNITIES[t][int(yy > 1200)] for t, yy in zip(township, y, strict=True)], dtype=object
    )
    geometry = [shapely.Point(ORIGIN[0] + a, ORIGIN[1] + b) for a, b in zip(x, y, strict=True)]
    frame = gpd.GeoDataFrame(
        {
            "class": klass,
            "people": people,
            "township": township,
            "community": community,
        },
        geometry=geometry,
        crs=UTM,
    )
    outlets = _outlets_utm()
    d = np.min(
        [np.hypot(x + ORIGIN[0] - p.x, y + ORIGIN[1] - p.y) for p in outlets.geometry], axis=0
    )
    minutes = d * DETOUR / METRES_PER_MINUTE
    minutes[[5, 77]] = np.nan  # unreachable on the network
    frame["minutes_to_nearest"] = minutes
    return frame


def _outlets_utm() -> gpd.GeoDataFrame:
    pts = [(500.0, 600.0), (1300.0, 1500.0), (1900.0, 500.0)]
    return gpd.GeoDataFrame(
        {
            "name": ["城关镇就业服务站", "新华街道零工市场", "工业园区就业驿站"],
            "kind": ["station", "gig_market", "station"],
        },
        geometry=[shapely.Point(ORIGIN[0] + a, ORIGIN[1] + b) for a, b in pts],
        crs=UTM,
    )


def _covered(demand: gpd.GeoDataFrame, minutes: float) -> np.ndarray:
    reach = demand["minutes_to_nearest"].to_numpy(dtype=float)
    return np.nan_to_num(reach, nan=np.inf) <= minutes


def _key(m: float) -> str:
    return f"{m:g}"


def build_outputs(folder: Path, *, with_siting: bool = True) -> dict[str, Any]:
    """Write analysis.gpkg, summary.json (and siting.gpkg, siting.json) into ``folder``.

    Returns
    -------
    dict
        ``summary`` and ``siting`` dicts as written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    demand = _demand()
    outlets = _outlets_utm()
    people = demand["people"].to_numpy()
    total = float(people.sum())

    iso_rows = []
    for m in BREAKS:
        radius = m * METRES_PER_MINUTE / DETOUR
        area = shapely.union_all([p.buffer(radius) for p in outlets.geometry])
        iso_rows.append(
            {"minutes": m, "people": float(people[_covered(demand, m)].sum()), "geometry": area}
        )
    isochrones = gpd.GeoDataFrame(iso_rows, geometry="geometry", crs=UTM)

    uncovered = demand[~_covered(demand, 15)].copy()
    cells = (uncovered.geometry.x // 700).astype(int) * 100 + (uncovered.geometry.y // 700)
    gap_rows = []
    for _, group in uncovered.groupby(cells.to_numpy()):
        reach = group["minutes_to_nearest"].to_numpy(dtype=float)
        gap_rows.append(
            {
                "people": float(group["people"].sum()),
                "nearest_minutes": float(np.nanmin(reach)) if np.isfinite(reach).any() else None,
                "township": str(group["township"].iloc[0]),
                "community": str(group["community"].iloc[0]),
                "geometry": shapely.MultiPoint(list(group.geometry)).convex_hull.buffer(80),
            }
        )
    gaps = gpd.GeoDataFrame(gap_rows, geometry="geometry", crs=UTM)
    gaps = gaps.sort_values("people", ascending=False).reset_index(drop=True)
    gaps.insert(0, "rank", np.arange(1, len(gaps) + 1))

    units_rows = []
    for i, t in enumerate(TOWNSHIPS):
        box = shapely.box(
            ORIGIN[0] + i * 1000,
            ORIGIN[1],
            ORIGIN[0] + (i + 1) * 1000 + (1000 if i == 2 else 0),
            ORIGIN[1] + 2400,
        )
        mask = (demand["township"] == t).to_numpy()
        row: dict[str, Any] = {
            "name": t,
            "level": "township",
            "people": float(people[mask].sum()),
            "geometry": box,
        }
        for m in BREAKS:
            row[f"covered_{m}"] = float(people[mask & _covered(demand, m)].sum())
        units_rows.append(row)
    units = gpd.GeoDataFrame(units_rows, geometry="geometry", crs=UTM)

    gpkg = folder / "analysis.gpkg"
    for name, layer in (
        ("demand", demand),
        ("outlets", outlets),
        ("isochrones", isochrones),
        ("gaps", gaps),
        ("units", units),
    ):
        layer.to_crs(WGS84).to_file(gpkg, layer=name, driver="GPKG")

    by_class: dict[str, Any] = {}
    for klass in sorted(demand["class"].unique()):
        mask = (demand["class"] == klass).to_numpy()
        by_class[klass] = {
            "total": {_key(m): float(people[mask].sum()) for m in BREAKS},
            "covered": {_key(m): float(people[mask & _covered(demand, m)].sum()) for m in BREAKS},
        }
    covered = {_key(m): float(people[_covered(demand, m)].sum()) for m in BREAKS}
    relocation_uncovered = demand[(demand["class"] == "relocation") & ~_covered(demand, 15)]
    summary = {
        "mode": "walk",
        "minutes": list(BREAKS),
        "network": {"nodes": 1234, "edges": 2871},
        "n_outlets": len(outlets),
        "population_total": total,
        "population_covered": covered,
        "coverage_share": {k: v / total for k, v in covered.items()},
        "by_class": by_class,
        "gaps": [
            {
                "rank": int(r["rank"]),
                "people": r["people"],
                "nearest_minutes": r["nearest_minutes"],
                "township": r["township"],
                "community": r["community"],
            }
            for _, r in gaps.iterrows()
        ],
        "must_cover_uncovered": [
            {
                "name": "移民安置点社区",
                "class": "relocation",
                "people": float(relocation_uncovered["people"].sum()),
            }
        ],
        "assumptions": {
            "speeds": {"walk": 4.0, "walk_strict": 3.2, "bike": 12.0, "ebike": 18.0},
            "breaks": list(BREAKS),
            "population": {
                "m2_per_person": 33.0,
                "usable_share": 0.8,
                "levels_house": 1,
                "levels_apartment": 6,
            },
            "data_sources": ["© OpenStreetMap contributors (ODbL)", "uploaded: 安置区.csv"],
            "notes": ["CRS not stated; taken as WGS-84", "GCJ-02 坐标已转换为 WGS-84"],
            "unknown_future_key": {"a": 1},
        },
        "study_area": {
            "name": "示例县城 <b>Sample</b>",
            "bounds": dict(
                zip(
                    ("west", "south", "east", "north"),
                    map(float, demand.to_crs(WGS84).total_bounds),
                    strict=True,
                )
            ),
        },
        "extra_key_from_the_future": True,
    }
    (folder / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    siting: dict[str, Any] = {}
    if with_siting:
        siting = _write_siting(folder, demand, gaps)
    return {"summary": summary, "siting": siting}


def _write_siting(folder: Path, demand: gpd.GeoDataFrame, gaps: gpd.GeoDataFrame) -> dict:
    people = demand["people"].to_numpy()
    xy = np.column_stack([demand.geometry.x, demand.geometry.y])
    covered = _covered(demand, 15).copy()
    before = covered.copy()
    radius = 15 * METRES_PER_MINUTE / DETOUR
    chosen_rows = []
    curve = [
        {
            "n_new": 0,
            "covered": float(people[covered].sum()),
            "share": float(people[covered].sum() / people.sum()),
        }
    ]
    names = ["幸福村委会", "移民安置点服务中心 & <i>站</i>", "新华街道党群服务中心"]
    for rank, (_, gap) in enumerate(gaps.head(3).iterrows(), start=1):
        site = gap.geometry.representative_point()
        within = np.hypot(xy[:, 0] - site.x, xy[:, 1] - site.y) <= radius
        new = within & ~covered
        covered |= within
        lonlat = gpd.GeoSeries([site], crs=UTM).to_crs(WGS84).iloc[0]
        chosen_rows.append(
            {
                "rank": rank,
                "name": names[rank - 1],
                "lon": round(lonlat.x, 6),
                "lat": round(lonlat.y, 6),
                "newly_covered": float(people[new].sum()),
                "reasons": [f"覆盖缺口第 {rank} 名", "公共建筑，可改造"],
                "geometry": lonlat,
            }
        )
        total_cov = float(people[covered].sum())
        curve.append({"n_new": rank, "covered": total_cov, "share": total_cov / people.sum()})
    by_class_before: dict[str, Any] = {}
    by_class_after: dict[str, Any] = {}
    for klass in sorted(demand["class"].unique()):
        mask = (demand["class"] == klass).to_numpy()
        tot = float(people[mask].sum())
        by_class_before[klass] = {"total": tot, "covered": float(people[mask & before].sum())}
        by_class_after[klass] = {"total": tot, "covered": float(people[mask & covered].sum())}
    objective = float(people[covered].sum())
    siting = {
        "model": "MCLP",
        "objective": objective,
        "bound": objective * 1.0042,
        "gap": 0.0042,
        "status": "time_limit",
        "minutes": 15,
        "p": 3,
        "chosen": [{k: v for k, v in r.items() if k != "geometry"} for r in chosen_rows],
        "curve": curve,
        "coverage_before": by_class_before,
        "coverage_after": by_class_after,
    }
    chosen = gpd.GeoDataFrame(
        [{**r, "reasons": "; ".join(r["reasons"])} for r in chosen_rows],
        geometry="geometry",
        crs=WGS84,
    )
    candidates = gpd.GeoDataFrame(
        {"name": ["候选 A", "候选 B"], "score": [1.0, 0.5]},
        geometry=[shapely.Point(106.6, 26.6), shapely.Point(106.61, 26.61)],
        crs=WGS84,
    )
    gpkg = folder / "siting.gpkg"
    chosen.to_file(gpkg, layer="chosen", driver="GPKG")
    candidates.to_file(gpkg, layer="candidates", driver="GPKG")
    pyogrio.write_dataframe(pd.DataFrame(curve), gpkg, layer="curve", driver="GPKG")
    (folder / "siting.json").write_text(
        json.dumps(siting, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return siting
