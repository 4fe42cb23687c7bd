"""Where coverage falls short: gap areas, must-cover areas, demand off the road network.

:func:`gap_areas` groups the uncovered demand units into ranked gap areas;
:func:`must_cover_check` gives the share of every industrial or relocation
area within reach; :func:`off_network_table` lists the demand units too far
from every road to be reached (never ranked as a gap).
"""

from __future__ import annotations

from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle.inputs.crs import WGS84

#: Columns of :func:`off_network_table` besides ``unit``.
OFF_NETWORK_COLUMNS: Final[tuple[str, ...]] = ("people", "class", "road_m", "township", "community")


def off_network_table(units: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """The demand units flagged ``off_network``, most people first (WGS-84 points).

    Columns :data:`OFF_NETWORK_COLUMNS` (missing ones left empty) and
    ``unit`` (the unit's label in the demand table).
    """
    columns = ["unit", *OFF_NETWORK_COLUMNS]
    if units is None or len(units) == 0 or "off_network" not in units.columns:
        return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=WGS84)
    off = units[units["off_network"].to_numpy(bool)]
    table = pd.DataFrame(
        {c: off[c].to_numpy() if c in off.columns else None for c in OFF_NETWORK_COLUMNS},
        index=off.index,
    )
    table.insert(0, "unit", off.index.to_numpy())
    points = shapely.point_on_surface(off.to_crs(WGS84).geometry.to_numpy())
    frame = gpd.GeoDataFrame(table, geometry=points, crs=WGS84)
    frame = frame.sort_values(["people", "unit"], ascending=[False, True], kind="stable")
    return frame.reset_index(drop=True)


def gap_areas(
    demand: gpd.GeoDataFrame, *, crs: Any, join_m: float, covered_column: str = "covered"
) -> gpd.GeoDataFrame:
    """Group uncovered demand units into gap areas, ranked by people uncovered.

    Units closer than ``join_m`` fall in one gap; its polygon is the union of
    circles of radius ``join_m / 2`` around them.

    Returns
    -------
    geopandas.GeoDataFrame
        ``rank`` (1 = most people), ``people``, ``units``, ``nearest_minutes``
        (NaN where no outlet is reachable at all), ``classes``, ``township``,
        ``community``; polygons in WGS-84.
    """
    uncovered = demand[~demand[covered_column] & (demand["people"] > 0)]
    columns = ["rank", "people", "units", "nearest_minutes", "classes", "township", "community"]
    if len(uncovered) == 0:
        return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=WGS84)
    metric = uncovered.to_crs(crs)
    circles = shapely.buffer(metric.geometry.to_numpy(), join_m / 2.0, quad_segs=4)
    merged = shapely.get_parts(shapely.union_all(circles))
    tree = shapely.STRtree(merged)
    point_idx, gap_idx = tree.query(metric.geometry.to_numpy(), predicate="within")
    member = np.full(len(metric), -1)
    member[point_idx] = gap_idx
    table = uncovered.assign(gap=member)
    grouped = table.groupby("gap")
    summary = pd.DataFrame(
        {
            "people": grouped["people"].sum(),
            "units": grouped.size(),
            "nearest_minutes": grouped["minutes_to_nearest"].min(),
            "classes": grouped["class"].agg(lambda s: ",".join(sorted(set(s)))),
            "township": grouped["township"].agg(
                lambda s: s.mode().iloc[0] if s.notna().any() else None
            ),
            "community": grouped["community"].agg(
                lambda s: s.mode().iloc[0] if s.notna().any() else None
            ),
        }
    )
    summary = summary.sort_values(["people", "units"], ascending=False)
    summary.insert(0, "rank", np.arange(1, len(summary) + 1))
    shapes = gpd.GeoSeries(merged[summary.index.to_numpy()], crs=crs).to_crs(WGS84)
    return gpd.GeoDataFrame(summary.reset_index(drop=True), geometry=shapes.to_numpy(), crs=WGS84)[
        [*columns, "geometry"]
    ]


def must_cover_check(
    demand: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, *, share_needed: float
) -> gpd.GeoDataFrame:
    """Share of every must-cover area (industrial, relocation) within reach.

    Returns
    -------
    geopandas.GeoDataFrame
        The must-cover areas with ``share_covered`` and ``covered``.
    """
    must = areas[areas["must_cover"].astype(bool)].copy()
    in_areas = demand[demand["area_id"] >= 0]
    total = in_areas.groupby("area_id")["people"].sum()
    covered = in_areas[in_areas["covered"]].groupby("area_id")["people"].sum()
    share = (covered.reindex(total.index).fillna(0.0) / total.where(total > 0)).fillna(0.0)
    must["share_covered"] = must["area_id"].map(share).fillna(0.0).to_numpy(float)
    must["covered"] = must["share_covered"] >= share_needed - 1e-9
    return must
