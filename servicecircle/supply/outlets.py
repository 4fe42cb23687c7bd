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
import numpy.typing as npt
import pandas as pd
import shapely

from servicecircle.errors import InputDataError
from servicecircle.i18n.labels import label_said
from servicecircle.i18n.message import Message, msg
from servicecircle.inputs.area import PREMISE_KINDS, StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.fields import (
    field_column,
    outlet_type_of,
    rows_hint,
    rows_said,
    with_fields,
)
from servicecircle.inputs.premise_names import DEFAULT_PREMISE_NAMES, searched_words
from servicecircle.inputs.premises import premises_inside
from servicecircle.supply.cells import TIERS, number_of, tier_of


@dataclass(frozen=True)
class OutletType:
    """How outlets of one type are reached, and the type's standard (tier, staff, days open).

    Attributes
    ----------
    name
        Type key, e.g. ``"community_window"``.
    mode
        Travel-mode name (``walk``, ``walk_strict``, ``bike``, ``ebike``, ``drive``).
    minutes
        The service standard: demand within this many minutes is covered.
    tier
        One of :data:`TIERS`: the level of the service the type belongs to.
    staff
        Staff of an outlet of this type (people), when ``residents_per_staff``
        is not set; the fallback for outlets whose file gives no staff count.
    residents_per_staff
        When set, the standard is one staff member per this many residents in
        the outlet's catchment (people within ``minutes``), at least one.
    opening_days
        Days open per week (1-7).
    """

    name: str
    mode: str = "walk"
    minutes: float = 15.0
    tier: str = "community"
    staff: float = 1.0
    residents_per_staff: float | None = None
    opening_days: float = 5.0

    def __post_init__(self) -> None:
        if not self.minutes > 0:
            raise InputDataError(
                msg("msg.outlets.minutes_positive", name=self.name, minutes=self.minutes)
            )
        if self.tier not in TIERS:
            raise InputDataError(
                msg("msg.standards.bad_tier", name=self.name, tier=self.tier, tiers=list(TIERS))
            )
        per = self.residents_per_staff
        if not self.staff > 0 or (per is not None and not per > 0):
            raise InputDataError(msg("msg.standards.bad_staff", name=self.name))
        if not 0 < self.opening_days <= 7:
            raise InputDataError(
                msg("msg.standards.bad_days", name=self.name, days=self.opening_days)
            )


DEFAULT_OUTLET_TYPES: Mapping[str, OutletType] = {
    "community_window": OutletType("community_window", "walk", 15.0, "community", 1.0),
    "doorstep_station": OutletType("doorstep_station", "walk", 15.0, "community", 1.0),
    "employment_post": OutletType("employment_post", "walk", 15.0, "community", 1.0),
    "gig_market": OutletType("gig_market", "ebike", 30.0, "county", 3.0, None, 7.0),
    "county_centre": OutletType("county_centre", "drive", 30.0, "county", 8.0, None, 5.0),
    "township_station": OutletType("township_station", "bike", 15.0, "township", 1.0, 10_000.0),
}
"""The standards table's defaults (the first is the type of outlets given without one); where
each number comes from:

- travel mode and minutes of the community tier: the 15-minute employment
  service circle on foot (DESIGN.md: 4.0 km/h, 15 min ≈ 1,000 m, GB 50180-2018);
  the gig market 30 minutes by e-bike, as before.
- county centre 30 minutes by car, township/street station 15 minutes by bike
  (about 3 km at 12 km/h), county centre 8 staff, gig market 3 staff and open
  7 days a week, township/street station one staff member per 10,000
  residents, one staff member at each community window, doorstep station and
  employment post, 5 days a week: **planning assumptions** to replace with
  the province's own guiding standards (``--standards FILE`` on the command
  line, the outlet-types table in the app).
"""

#: Premise kinds taken as existing outlets by ``--outlets osm``: employment
#: services and gig markets (recognised by name: 人社, 就业, 零工市场, ...), and
#: the community centres and townhalls (by tag) that host service windows.
OSM_OUTLET_KINDS: tuple[str, ...] = (
    *DEFAULT_PREMISE_NAMES.kinds("outlet"),
    "community_centre",
    "townhall",
)


def searched_outlets(kinds: Sequence[str] = OSM_OUTLET_KINDS) -> Message:
    """What ``--outlets osm`` looks for, in a planner's words (tags, then name words).

    >>> "零工市场" in searched_outlets().text("zh")
    True
    """
    tags = [
        f"{key}={value}"
        for kind in kinds
        for key, values in PREMISE_KINDS.get(kind, {}).items()
        for value in values
    ]
    return msg(
        "msg.outlets.searched",
        tags=tags,
        keys=list(DEFAULT_PREMISE_NAMES.name_keys),
        words=[word for word in searched_words(role="outlet") if not word.isascii()],
    )


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
            msg("msg.outlets.none_in_osm", area=area.name, searched=searched_outlets(kinds))
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


OUTLET_FIELDS: tuple[str, ...] = ("name", "outlet_type", "address", "tier", "staff")
"""The fields of a planner's outlets layer read by :func:`prepare_outlets` (see
:data:`~servicecircle.inputs.fields.FIELDS`: 名称, 类型, 地址, 层级, 人员, ...)."""


def _known_names(types: Mapping[str, OutletType]) -> list[Message | str]:
    """Each type as a planner calls it (its label where the string tables have one)."""
    return [label_said("outlet.", name) for name in types]


def outlet_type_keys(
    frame: pd.DataFrame,
    *,
    types: Mapping[str, OutletType],
    default_type: str,
    column: str | None = None,
) -> list[str]:
    """The type key of each outlet, read from its ``outlet_type`` cell.

    Parameters
    ----------
    frame
        Outlets with their fields under their own names
        (:func:`~servicecircle.inputs.fields.with_fields`).
    types
        Known outlet types.
    default_type
        Type of outlets without a type cell (or without the column).
    column
        The column as the planner's file named it, for the message.

    Raises
    ------
    InputDataError
        Listing the cells that name no known type, with their rows, and the
        known types in the planner's words.
    """
    if "outlet_type" not in frame.columns:
        return [default_type] * len(frame)
    meaning: dict[str, str | None] = {}
    found: list[str] = []
    unknown: dict[str, list[int]] = {}
    for position, cell in enumerate(frame["outlet_type"].to_numpy(dtype=object)):
        text = "" if cell is None or (isinstance(cell, float) and np.isnan(cell)) else str(cell)
        text = text.strip()
        if text not in meaning:
            meaning[text] = outlet_type_of(text, types) if text else default_type
        key = meaning[text]
        if key is None or key not in types:
            unknown.setdefault(text or default_type, []).append(position)
        found.append(key or "")
    if unknown:
        values: list[Message | str] = [
            msg("msg.columns.value_at", value=value, rows=rows_said(frame, at))
            for value, at in list(unknown.items())[:10]
        ]
        if len(unknown) > 10:
            values.append(msg("msg.columns.more_values", count=len(unknown) - 10))
        raise InputDataError(
            msg(
                "msg.outlets.unknown_types",
                column=column or "outlet_type",
                values=values,
                hint=rows_hint(frame),
                known=_known_names(types),
            )
        )
    return found


def outlet_tiers_and_staff(
    frame: pd.DataFrame, types: Mapping[str, OutletType]
) -> tuple[list[str], npt.NDArray[np.float64]]:
    """Each outlet's tier and staff count from its cells (层级, 人员), else its type's tier.

    Parameters
    ----------
    frame
        Outlets with ``outlet_type`` (known keys) and, optionally, ``tier`` and
        ``staff`` under their own names.
    types
        The known outlet types.

    Returns
    -------
    tuple
        The tier of each outlet (its cell, else its type's) and the staff
        count (NaN where the file gives none: the type's standard applies
        once the catchment is known, see
        :func:`servicecircle.coverage.staffing.outlets_with_staff`).

    Raises
    ------
    InputDataError
        Listing the rows whose tier is no known tier or whose staff is not a
        number of people.
    """
    keys = frame["outlet_type"].astype(str).tolist()
    tiers = [types[key].tier if key in types else "community" for key in keys]
    bad_tier: list[int] = []
    if "tier" in frame.columns:
        for position, cell in enumerate(frame["tier"].to_numpy(dtype=object)):
            tier = tier_of(cell)
            blank = cell is None or not str(cell).strip() or str(cell) == "nan"
            if tier is not None:
                tiers[position] = tier
            elif not blank:
                bad_tier.append(position)
    staff = np.full(len(frame), np.nan)
    bad_staff: list[int] = []
    if "staff" in frame.columns:
        for position, cell in enumerate(frame["staff"].to_numpy(dtype=object)):
            number = number_of(cell)
            if number is not None and (np.isnan(number) or number < 0):
                bad_staff.append(position)
            elif number is not None:
                staff[position] = number
    if bad_tier or bad_staff:
        problems = [
            msg("msg.standards.outlet_bad_tier", rows=rows_said(frame, bad_tier))
            if bad_tier
            else None,
            msg("msg.standards.outlet_bad_staff", rows=rows_said(frame, bad_staff))
            if bad_staff
            else None,
        ]
        raise InputDataError(
            msg(
                "msg.standards.outlet_cells",
                problems=[p for p in problems if p is not None],
                hint=rows_hint(frame),
            )
        )
    return tiers, staff


def prepare_outlets(
    outlets: gpd.GeoDataFrame,
    *,
    area: StudyArea,
    types: Mapping[str, OutletType] = DEFAULT_OUTLET_TYPES,
    default_type: str = "community_window",
    max_distance_m: float = 2_000.0,
) -> gpd.GeoDataFrame:
    """Check outlets and give each a known ``outlet_type``; return a WGS-84 copy.

    The planner's columns are read by the names planners give them
    (:data:`OUTLET_FIELDS`): 名称 or 网点名称 is the ``name``, 类型 or 网点类型
    the ``outlet_type``, 地址 the ``address``, 层级 the ``tier`` (else the
    type's) and 人员 or 工作人员数 the ``staff`` (people; NaN where not given,
    see :func:`outlet_tiers_and_staff`). A type cell may hold a type key,
    its Chinese or English name or a word such as 零工驿站
    (:func:`~servicecircle.inputs.fields.outlet_type_of`). Outlets without a
    name are called 网点 1, 网点 2, ... (by row).

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
        For non-point features, unknown types (the cells and their rows, and
        the known types), or outlets far outside the area.
    """
    if outlets.crs is None:
        raise InputDataError(msg("msg.outlets.no_crs"))
    column = field_column(outlets.columns, "outlet_type")
    frame = with_fields(outlets.to_crs(WGS84), OUTLET_FIELDS)
    not_points = np.flatnonzero(~frame.geom_type.eq("Point").to_numpy())
    if len(not_points):
        raise InputDataError(
            msg("msg.outlets.not_points", rows=rows_said(frame, not_points), hint=rows_hint(frame))
        )
    frame["outlet_type"] = outlet_type_keys(
        frame, types=types, default_type=default_type, column=column
    )
    frame["tier"], frame["staff"] = outlet_tiers_and_staff(frame, types)
    crs = area.local_crs()
    metric = frame.to_crs(crs)
    region = shapely.box(*area.roads.bounds_in(crs))
    distance = shapely.distance(region, metric.geometry.to_numpy())
    far = np.flatnonzero(distance > max_distance_m)
    if len(far):
        rows = [
            msg("msg.columns.far_at", rows=rows_said(frame, [i]), km=f"{distance[i] / 1000:.1f}")
            for i in far[:10]
        ]
        raise InputDataError(msg("msg.outlets.far", rows=rows, hint=rows_hint(frame)))
    frame = frame.reset_index(drop=True)
    default_names = pd.Series([f"网点 {i + 1}" for i in range(len(frame))], dtype=object)
    names = frame["name"].astype(object) if "name" in frame.columns else default_names
    blank = names.isna() | names.map(lambda v: not str(v).strip())
    frame["name"] = names.where(~blank, default_names)
    return frame
