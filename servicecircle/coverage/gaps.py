"""Where coverage falls short: gap areas, must-cover areas, demand off the road network.

:func:`gap_areas` groups the uncovered demand units into ranked gap areas;
:func:`must_cover_check` gives the share of every industrial or relocation
area within reach; :func:`off_network_table` lists the demand units too far
from every road to be reached (never ranked as a gap).
"""

from __future__ import annotations

import math
from typing import Any, Final

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from servicecircle.i18n.message import Message, msg
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.roads import RoadTable, named_roads

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


#: Columns of :func:`gap_areas` besides the geometry.
GAP_COLUMNS: Final[tuple[str, ...]] = (
    "rank",
    "people",
    "units",
    "nearest_minutes",
    "classes",
    "township",
    "community",
    "road",
    "road_m",
)


def nearest_road_names(
    places: gpd.GeoSeries, edges: gpd.GeoDataFrame | RoadTable | None, *, crs: Any
) -> tuple[list[str | None], npt.NDArray[np.float64]]:
    """The name of the nearest named road to each of ``places``, and its distance in metres.

    Distances are measured in ``crs`` (a local metric CRS). A road made of
    several segments is found by its nearest segment.

    Parameters
    ----------
    places
        Geometries with a CRS (a point on each is measured from).
    edges
        The study area's roads (its :class:`~servicecircle.inputs.roads.RoadTable`
        or ``edges`` layer, ``name`` column); None or no named road gives None
        and NaN.
    crs
        The metric CRS the distances are measured in.

    Returns
    -------
    tuple
        Names (None where there is no named road) and metres (NaN there).
    """
    roads = named_roads(edges)
    names: list[str | None] = [None] * len(places)
    metres = np.full(len(places), np.nan)
    if len(roads) == 0 or len(places) == 0:
        return names, metres
    points = shapely.point_on_surface(places.to_crs(crs).to_numpy())
    lines = roads.to_crs(crs).geometry.to_numpy()
    found = ~(shapely.is_missing(points) | shapely.is_empty(points))
    if not found.any():
        return names, metres
    tree = shapely.STRtree(lines)
    place_idx, road_idx = tree.query_nearest(points[found], all_matches=False)
    where = np.flatnonzero(found)[place_idx]
    road_names = roads["name"].to_numpy()
    for place, road in zip(where, road_idx, strict=True):
        names[int(place)] = str(road_names[road])
    metres[where] = shapely.distance(points[where], lines[road_idx])
    return names, metres


#: A gap this close to its nearest named road is "near" it; farther, the metres are said.
NEAR_ROAD_M: Final = 300.0


def road_place(road: object, metres: object) -> Message:
    """Where a gap is by its nearest named road ("花径路附近"); "—" without a road.

    >>> road_place("花径路", 120.0).text("zh"), road_place("花径路", 840.0).text("zh")
    ('花径路附近', '距花径路约 800 米')
    >>> road_place(None, None).text("en")
    '—'
    """
    if not isinstance(road, str) or not road.strip():
        return msg("msg.admin.no_place")
    if isinstance(metres, int | float) and math.isfinite(metres) and metres > NEAR_ROAD_M:
        hundreds = round(float(metres) / 100.0) * 100
        return msg("msg.admin.far_road", road=road.strip(), metres=f"{hundreds:,}")
    return msg("msg.admin.near_road", road=road.strip())


def gap_areas(
    demand: gpd.GeoDataFrame,
    *,
    crs: Any,
    join_m: float,
    covered_column: str = "covered",
    roads: gpd.GeoDataFrame | RoadTable | None = None,
) -> gpd.GeoDataFrame:
    """Group uncovered demand units into gap areas, ranked by people uncovered.

    Units closer than ``join_m`` fall in one gap; its polygon is the union of
    circles of radius ``join_m / 2`` around them. Each gap is also located by
    the nearest named road of ``roads`` (the road table or ``edges`` layer) to a point in
    it, so a gap outside every township and community still has a place.

    Returns
    -------
    geopandas.GeoDataFrame
        ``rank`` (1 = most people), ``people``, ``units``, ``nearest_minutes``
        (NaN where no outlet is reachable at all), ``classes``, ``township``,
        ``community``, ``road`` (the nearest named road, None without one)
        and ``road_m`` (metres to it); polygons in WGS-84.
    """
    uncovered = demand[~demand[covered_column] & (demand["people"] > 0)]
    columns = list(GAP_COLUMNS)
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
    shapes = gpd.GeoSeries(merged[summary.index.to_numpy()], crs=crs)
    summary["road"], summary["road_m"] = nearest_road_names(shapes, roads, crs=crs)
    shapes = shapes.to_crs(WGS84)
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
