"""Existing outlets and outlet types (each with its own travel mode and minutes).

A community service window is judged on 15 minutes on foot, a gig market on
30 minutes by e-bike: each :class:`OutletType` says how its outlets are
measured, so urban and rural areas are measured fairly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle.errors import InputDataError
from servicecircle.inputs.area import PREMISE_KINDS, StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.premise_names import DEFAULT_PREMISE_NAMES, searched_names
from servicecircle.inputs.premises import premises_inside


@dataclass(frozen=True)
class OutletType:
    """How outlets of one type are reached.

    Attributes
    ----------
    name
        Type key, e.g. ``"community_window"``.
    mode
        Travel-mode name (``walk``, ``walk_strict``, ``bike``, ``ebike``, ``drive``).
    minutes
        The service standard: demand within this many minutes is covered.
    """

    name: str
    mode: str = "walk"
    minutes: float = 15.0

    def __post_init__(self) -> None:
        if not self.minutes > 0:
            raise InputDataError(
                f"Outlet type {self.name!r}: minutes must be positive, not {self.minutes}."
            )


DEFAULT_OUTLET_TYPES: Mapping[str, OutletType] = {
    "community_window": OutletType("community_window", "walk", 15.0),
    "doorstep_station": OutletType("doorstep_station", "walk", 15.0),
    "employment_post": OutletType("employment_post", "walk", 15.0),
    "gig_market": OutletType("gig_market", "ebike", 30.0),
}

#: Premise kinds taken as existing outlets by ``--outlets osm``: employment
#: services and gig markets (recognised by name: 人社, 就业, 零工市场, ...), and
#: the community centres and townhalls (by tag) that host service windows.
OSM_OUTLET_KINDS: tuple[str, ...] = (
    *DEFAULT_PREMISE_NAMES.kinds("outlet"),
    "community_centre",
    "townhall",
)


def searched_outlets(kinds: Sequence[str] = OSM_OUTLET_KINDS) -> str:
    """What ``--outlets osm`` looks for, in a planner's words."""
    tags = [
        f"{key}={value}"
        for kind in kinds
        for key, values in PREMISE_KINDS.get(kind, {}).items()
        for value in values
    ]
    return " or ".join([*([", ".join(tags)] if tags else []), searched_names(role="outlet")])


def outlets_from_osm(
    area: StudyArea,
    *,
    kinds: Sequence[str] = OSM_OUTLET_KINDS,
    default_type: str = "community_window",
) -> gpd.GeoDataFrame:
    """Existing outlets from OSM: the area's premises of the outlet ``kinds``.

    Parameters
    ----------
    area
        The study area; only premises inside its extent count.
    kinds
        Premise kinds that are outlets (see :data:`OSM_OUTLET_KINDS`).
    default_type
        Outlet type of premises without a guessed ``outlet_type``.

    Returns
    -------
    geopandas.GeoDataFrame
        Points with ``name``, ``outlet_type`` (guessed from the name or tags:
        零工市场 is a ``gig_market``, 就业驿站 an ``employment_post``),
        ``source`` (``osm:<kind>``) and ``basis`` (why it was recognised).

    Raises
    ------
    InputDataError
        If the area has none; the message says what was searched for and how
        to give the outlets instead. Call it right after loading the area,
        before the slow steps.
    """
    premises = area.premises[area.premises["kind"].isin(kinds).to_numpy() & premises_inside(area)]
    if len(premises) == 0:
        raise InputDataError(
            f"OpenStreetMap has no existing employment service outlets in {area.name}: "
            f"searched for {searched_outlets(kinds)}. Give your outlets as a point file "
            "(with name and outlet_type columns; in the command line: --outlets FILE), "
            "or place them on the map in the app."
        )
    types = premises.get("outlet_type", pd.Series(None, index=premises.index, dtype=object))
    basis = premises.get("basis", pd.Series(None, index=premises.index, dtype=object))
    return gpd.GeoDataFrame(
        {
            "name": premises["name"].to_numpy(),
            "outlet_type": types.fillna(default_type).astype(str).to_numpy(),
            "source": "osm:" + premises["kind"].astype(str).to_numpy(),
            "basis": basis.to_numpy(),
        },
        geometry=premises.geometry.to_numpy(),
        crs=WGS84,
    )


def prepare_outlets(
    outlets: gpd.GeoDataFrame,
    *,
    area: StudyArea,
    types: Mapping[str, OutletType] = DEFAULT_OUTLET_TYPES,
    default_type: str = "community_window",
    max_distance_m: float = 2_000.0,
) -> gpd.GeoDataFrame:
    """Check outlets and give each a known ``outlet_type``; return a WGS-84 copy.

    Parameters
    ----------
    outlets
        Point layer of existing outlets.
    area
        The study area; outlets farther than ``max_distance_m`` from its roads
        are refused (they are usually in the wrong coordinate system).
    types
        Known outlet types.
    default_type
        Type for outlets without an ``outlet_type`` value.
    max_distance_m
        Largest allowed distance from the area's road network bounds.

    Raises
    ------
    InputDataError
        For non-point features, unknown types, or outlets far outside the area.
    """
    if outlets.crs is None:
        raise InputDataError("The outlets layer has no coordinate system; state it when loading.")
    frame = outlets.to_crs(WGS84).reset_index(drop=True)
    not_points = np.flatnonzero(~frame.geom_type.eq("Point").to_numpy())
    if len(not_points):
        rows = ", ".join(str(i + 1) for i in not_points[:10])
        raise InputDataError(
            f"Outlets must be points; features {rows} are not. Use one point per outlet."
        )
    if "outlet_type" not in frame.columns:
        frame["outlet_type"] = default_type
    frame["outlet_type"] = frame["outlet_type"].fillna(default_type).astype(str)
    unknown = sorted(set(frame["outlet_type"]) - set(types))
    if unknown:
        raise InputDataError(
            f"Unknown outlet types: {', '.join(unknown)}. Use one of {', '.join(types)} "
            "or define the type with its mode and minutes."
        )
    if "name" not in frame.columns:
        frame["name"] = [f"outlet {i + 1}" for i in range(len(frame))]
    crs = area.local_crs()
    metric = frame.to_crs(crs)
    region = shapely.box(*area.edges.to_crs(crs).total_bounds)
    distance = shapely.distance(region, metric.geometry.to_numpy())
    far = np.flatnonzero(distance > max_distance_m)
    if len(far):
        rows = ", ".join(f"{i + 1} ({distance[i] / 1000:.1f} km)" for i in far[:10])
        raise InputDataError(
            f"Outlets {rows} lie far outside the study area. Check their coordinate system "
            "(WGS-84, GCJ-02, BD-09?) or remove them."
        )
    return frame
