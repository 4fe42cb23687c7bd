"""Coverage today: who is inside the circle, by class and by unit, and where the gaps are.

:func:`coverage_from` takes the study area, the demand, the existing outlets
and the settings, and returns a :class:`Coverage` holding every table the app,
the CLI and the report show: demand units with minutes to the nearest outlet,
coverage by class and by township/community for every break, ranked gap
areas, the must-cover check and the isochrones.

Each outlet is measured with its own type's travel mode. At break ``b`` a
demand unit is covered when some outlet reaches it within ``b`` minutes; the
*standard* coverage uses each type's own minutes (15 minutes on foot for a
community window, 30 by e-bike for a gig market).

Demand farther than ``max_snap_m`` from every road a mode's points may be
attached to (see :mod:`servicecircle.network.ground`) is *off the road
network*: it is flagged (``off_network``), listed apart
(:attr:`Coverage.off_network`, ``summary.json`` ``off_network``) and never
ranked as a gap, so siting spends no outlet on it. Gaps are also drawn only
from demand inside the study extent (:attr:`StudyArea.extent`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle.admin_units import UNIT_KEYS, admin_units
from servicecircle.demand import DEMAND_CLASSES, Demand
from servicecircle.errors import InputDataError
from servicecircle.network import (
    Network,
    SnapRules,
    TravelMode,
    mode_from_name,
    network_from_area,
)
from servicecircle.outlets import DEFAULT_OUTLET_TYPES, OutletType
from servicecircle.reach import nearest_sites, snap_points
from servicecircle.sources.area import WGS84, StudyArea

logger = logging.getLogger(__name__)

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class CoverageSettings:
    """How coverage is measured.

    Attributes
    ----------
    mode
        Travel mode for outlets whose type does not say (and for isochrones
        of untyped outlets).
    breaks
        Minutes of the service-circle tiers, ascending.
    outlet_types
        Known outlet types with their own mode and minutes.
    max_snap_m
        Points farther than this from the mode's network reach nothing;
        demand that far from every network is off the road network.
    gap_join_m
        Uncovered demand units closer than this form one gap area.
    must_cover_share
        An industrial or relocation area counts as covered when at least
        this share of it is within reach.
    walk_off_m
        Isochrone buffer around the reached streets.
    speeds_kmh
        Speed overrides by mode name, e.g. ``{"walk": 3.6}``.
    prefer_connected_m
        A point whose nearest road lies on a cut-off piece of the network
        is attached to the connected network instead when a road of it lies
        within this distance (:class:`~servicecircle.network.SnapRules`).
    connected_piece_m
        Pieces of the network at least this long (metres), and the largest,
        count as connected.
    """

    mode: str = "walk"
    breaks: tuple[float, ...] = (5.0, 10.0, 15.0)
    outlet_types: Mapping[str, OutletType] = field(
        default_factory=lambda: dict(DEFAULT_OUTLET_TYPES)
    )
    max_snap_m: float = 500.0
    gap_join_m: float = 200.0
    must_cover_share: float = 1.0
    walk_off_m: float = 50.0
    speeds_kmh: Mapping[str, float] = field(default_factory=dict)
    prefer_connected_m: float = SnapRules.prefer_connected_m
    connected_piece_m: float = SnapRules.connected_piece_m

    def __post_init__(self) -> None:
        breaks = tuple(float(b) for b in self.breaks)
        if not breaks or any(b <= 0 for b in breaks) or list(breaks) != sorted(set(breaks)):
            raise InputDataError(
                f"Breaks must be positive minutes in ascending order, e.g. 5,10,15; got {breaks}."
            )
        object.__setattr__(self, "breaks", breaks)
        mode_from_name(self.mode)  # raises for an unknown mode
        wrong = {m: v for m, v in self.speeds_kmh.items() if not v > 0}
        if wrong:
            raise InputDataError(f"Speeds must be positive km/h; got {wrong}.")
        if not self.max_snap_m > 0:
            raise InputDataError(
                f"The largest distance to the road network must be more than 0 m; "
                f"got {self.max_snap_m}."
            )
        self.snap_rules()  # raises for a negative distance

    def snap_rules(self) -> SnapRules:
        """How points are attached to the networks built with these settings."""
        return SnapRules(
            prefer_connected_m=self.prefer_connected_m, connected_piece_m=self.connected_piece_m
        )

    def travel_mode(self, name: str) -> TravelMode:
        """The travel mode ``name`` with this settings' speed override, if any."""
        mode = mode_from_name(name)
        speed = self.speeds_kmh.get(name)
        return mode.with_speed(float(speed)) if speed else mode

    def __hash__(self) -> int:
        return hash(
            (
                self.mode,
                self.breaks,
                tuple(sorted(self.outlet_types.items())),
                self.max_snap_m,
                self.gap_join_m,
                self.must_cover_share,
                self.walk_off_m,
                tuple(sorted(self.speeds_kmh.items())),
                self.prefer_connected_m,
                self.connected_piece_m,
            )
        )


def break_key(minutes: float) -> str:
    """JSON key of a break: ``15.0 -> "15"``, ``7.5 -> "7.5"``."""
    return f"{minutes:g}"


@dataclass(frozen=True, eq=False)
class Coverage:
    """Coverage of the demand by the existing outlets.

    Attributes
    ----------
    demand
        Demand units with ``minutes_to_nearest`` (NaN where unreachable),
        ``nearest_outlet``, ``reachable``, ``off_network`` (farther than
        ``max_snap_m`` from every road), ``road_m`` (metres to the nearest
        road a point may be attached to), ``in_extent`` (inside the study
        extent), ``covered_<b>`` per break and ``covered`` (by each type's
        standard).
    outlets
        The outlets (WGS-84) with ``mode`` and ``minutes`` of their type.
    by_class
        People total and covered per class and break.
    units
        Admin units (polygons) with people total, covered and share per break.
    gaps
        Gap areas (polygons), ranked by people uncovered: demand on the road
        network and inside the study extent only.
    must_cover
        Industrial and relocation areas with the share of them covered.
    isochrones
        Service-area polygons per break (dissolved), with ``people``.
    settings
        The settings used.
    networks
        The network of each mode used (``mode -> summary``).
    off_network
        Demand units off the road network (points), most people first:
        ``people``, ``class``, ``road_m``, ``township``, ``community``.
        Listed apart from the gaps, never ranked as one.
    """

    demand: gpd.GeoDataFrame
    outlets: gpd.GeoDataFrame
    by_class: pd.DataFrame
    units: gpd.GeoDataFrame
    gaps: gpd.GeoDataFrame
    must_cover: gpd.GeoDataFrame
    isochrones: gpd.GeoDataFrame
    settings: CoverageSettings
    networks: dict[str, dict[str, Any]]
    off_network: gpd.GeoDataFrame = field(default_factory=lambda: off_network_table(None))

    @property
    def total(self) -> float:
        """All people."""
        return float(self.demand["people"].sum())

    def covered(self, minutes: float) -> float:
        """People covered within ``minutes`` (one of the breaks)."""
        return float(self.demand.loc[self.demand[f"covered_{break_key(minutes)}"], "people"].sum())

    def share(self, minutes: float) -> float:
        """Share of people covered within ``minutes`` (0 when there is no demand)."""
        return self.covered(minutes) / self.total if self.total > 0 else 0.0


def networks_for(
    area: StudyArea,
    modes: set[str],
    networks: Mapping[str, Network] | None = None,
    *,
    settings: CoverageSettings | None = None,
) -> dict[str, Network]:
    """Return the network of every mode, reusing those given.

    With ``settings``, its speed overrides apply to the networks built here.
    """
    built = dict(networks or {})
    rules = settings.snap_rules() if settings is not None else None
    for name in sorted(modes - set(built)):
        mode = settings.travel_mode(name) if settings is not None else mode_from_name(name)
        built[name] = network_from_area(area, mode, snap_rules=rules)
    return built


def road_distances(networks: Mapping[str, Network], units: gpd.GeoDataFrame) -> np.ndarray:
    """Metres from each unit to the nearest road any of ``networks`` attaches points to.

    Returns
    -------
    numpy.ndarray
        float, aligned to ``units``; ``inf`` for a unit without a location.
    """
    distance = np.full(len(units), np.inf)
    for network in networks.values():
        distance = np.minimum(distance, snap_points(network, units).distance_m)
    return distance


OFF_NETWORK_COLUMNS: tuple[str, ...] = ("people", "class", "road_m", "township", "community")


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


def _outlet_modes(outlets: gpd.GeoDataFrame, settings: CoverageSettings) -> pd.DataFrame:
    types = outlets["outlet_type"] if "outlet_type" in outlets.columns else None
    modes, minutes = [], []
    largest = settings.breaks[-1]
    for value in types if types is not None else [None] * len(outlets):
        kind = settings.outlet_types.get(str(value)) if value is not None else None
        modes.append(kind.mode if kind else settings.mode)
        minutes.append(kind.minutes if kind else largest)
    return pd.DataFrame({"mode": modes, "minutes": minutes}, index=outlets.index)


def nearest_outlets(
    networks: Mapping[str, Network],
    outlets: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    *,
    settings: CoverageSettings,
) -> pd.DataFrame:
    """Minutes to the nearest outlet for every unit, per mode and overall.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``units``: ``minutes`` (inf where unreachable),
        ``outlet`` (label), ``standard`` (True where some outlet reaches the
        unit within its own type's minutes).
    """
    plan = _outlet_modes(outlets, settings)
    best = pd.Series(np.inf, index=units.index)
    best_outlet = pd.Series([None] * len(units), index=units.index, dtype=object)
    standard = pd.Series(False, index=units.index)
    for (mode, minutes), group in plan.groupby(["mode", "minutes"]):
        nearest = nearest_sites(
            networks[str(mode)],
            outlets.loc[group.index],
            units,
            max_snap_m=settings.max_snap_m,
        )
        closer = nearest["minutes"] < best
        best = best.where(~closer, nearest["minutes"])
        best_outlet = best_outlet.where(~closer, nearest["site"])
        standard |= nearest["minutes"] <= float(str(minutes)) + 1e-9
    return pd.DataFrame({"minutes": best, "outlet": best_outlet, "standard": standard})


def _by_class(demand: gpd.GeoDataFrame, breaks: tuple[float, ...]) -> pd.DataFrame:
    rows = []
    for cls in [c for c in DEMAND_CLASSES if c in set(demand["class"])]:
        part = demand[demand["class"] == cls]
        total = float(part["people"].sum())
        for b in breaks:
            covered = float(part.loc[part[f"covered_{break_key(b)}"], "people"].sum())
            rows.append(
                {
                    "class": cls,
                    "minutes": b,
                    "total": total,
                    "covered": covered,
                    "share": covered / total if total else 0.0,
                }
            )
    return pd.DataFrame(rows, columns=["class", "minutes", "total", "covered", "share"])


def units_coverage(
    demand: gpd.GeoDataFrame, admin: gpd.GeoDataFrame, breaks: tuple[float, ...]
) -> gpd.GeoDataFrame:
    """People total, covered and share per township and community, for every break.

    Parameters
    ----------
    demand
        Demand units with ``township``, ``community``, ``people`` and
        ``covered_<b>``.
    admin
        The admin units they were assigned to
        (:func:`~servicecircle.admin_units.admin_units`), for the polygons.
    breaks
        Minutes.

    Returns
    -------
    geopandas.GeoDataFrame
        ``level``, ``name``, ``township`` (a community's township), ``people``,
        ``covered_<b>`` and ``share_<b>``; one row per township and per
        (township, community) with people, so two communities of the same name
        in different townships are two rows.
    """
    frames = []
    for level_name, keys in UNIT_KEYS.items():
        part = demand[demand[level_name].notna()]
        if len(part) == 0:
            continue
        grouped = part.groupby(keys, dropna=False, sort=False)
        table = pd.DataFrame({"people": grouped["people"].sum()})
        for b in breaks:
            key = break_key(b)
            covered = part[part[f"covered_{key}"]].groupby(keys, dropna=False)["people"].sum()
            table[f"covered_{key}"] = covered.reindex(table.index).fillna(0.0)
            table[f"share_{key}"] = np.where(
                table["people"] > 0, table[f"covered_{key}"] / table["people"], 0.0
            )
        table = table.reset_index()
        if level_name == "township":
            table = table.rename(columns={"township": "name"})
            table.insert(1, "township", None)
        else:
            table = table.rename(columns={"community": "name"})
            table = table[["name", "township", *table.columns.drop(["name", "township"])]]
        table["township"] = table["township"].map(_text).astype(object)
        table = table.sort_values(["name", "township"], na_position="first", kind="stable")
        table.insert(0, "level", level_name)
        rows = admin[admin["level"] == level_name]
        shapes = dict(
            zip(
                zip(rows["township"].map(_text), rows["name"], strict=True),
                rows.geometry,
                strict=True,
            )
        )
        geometry = [
            shapes.get((t, n)) for t, n in zip(table["township"], table["name"], strict=True)
        ]
        frames.append(gpd.GeoDataFrame(table, geometry=geometry, crs=WGS84))
    if not frames:
        return gpd.GeoDataFrame(
            {"level": [], "name": [], "township": [], "people": []}, geometry=[], crs=WGS84
        )
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=WGS84)


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
        columns + ["geometry"]
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


def coverage_from(
    area: StudyArea,
    demand: Demand,
    outlets: gpd.GeoDataFrame,
    *,
    settings: CoverageSettings = CoverageSettings(),
    networks: Mapping[str, Network] | None = None,
    with_isochrones: bool = True,
    progress: Progress | None = None,
) -> Coverage:
    """Measure today's coverage of ``demand`` by ``outlets``.

    Parameters
    ----------
    area
        The study area (roads and boundaries).
    demand
        Demand units and areas from :func:`servicecircle.demand.demand_from_area`.
    outlets
        Existing outlets (points, WGS-84) with an optional ``outlet_type``.
    settings
        Breaks, modes, outlet types and thresholds.
    networks
        Networks already built, by mode name (the app caches them).
    with_isochrones
        Also build the dissolved isochrone polygons (skip for speed).
    progress
        Optional callback ``(fraction, message)``.

    Raises
    ------
    InputDataError
        When there are no outlets or no demand.
    """
    report = progress or (lambda fraction, message: None)
    if len(outlets) == 0:
        raise InputDataError(
            "There are no existing outlets to measure coverage from. Upload them, take them "
            "from OSM, or place them on the map; with none, everyone is in a gap."
        )
    if len(demand.units) == 0:
        raise InputDataError(
            "No demand was found: the area has no residential buildings, land use, relocation "
            "or industrial areas. Upload demand points or areas."
        )
    outlets = outlets.to_crs(WGS84)
    plan = _outlet_modes(outlets, settings)
    modes = set(plan["mode"]) | {settings.mode}
    report(0.05, "networks")
    built = networks_for(area, modes, networks, settings=settings)
    report(0.3, "travel times")
    largest = settings.breaks[-1]
    # search up to the largest break or standard, whichever is longer
    nearest = nearest_outlets(built, outlets, demand.units, settings=settings)
    units = demand.units.copy()
    minutes = nearest["minutes"].to_numpy(float)
    units["minutes_to_nearest"] = np.where(np.isfinite(minutes), minutes, np.nan)
    units["nearest_outlet"] = nearest["outlet"].to_numpy()
    units["reachable"] = np.isfinite(minutes)
    road_m = road_distances({m: built[m] for m in sorted(modes)}, units)
    units["road_m"] = np.where(np.isfinite(road_m), road_m, np.nan)
    units["off_network"] = ~(road_m <= settings.max_snap_m)
    units["in_extent"] = area.inside(units)
    for b in settings.breaks:
        units[f"covered_{break_key(b)}"] = minutes <= b + 1e-9
    units["covered"] = nearest["standard"].to_numpy(bool)
    report(0.6, "coverage tables")
    by_class = _by_class(units, settings.breaks)
    admin = demand.admin_units if len(demand.admin_units) else admin_units(area.boundaries)[0]
    unit_table = units_coverage(units, admin, settings.breaks)
    gap_units = units[units["in_extent"].to_numpy(bool) & ~units["off_network"].to_numpy(bool)]
    gaps = gap_areas(gap_units, crs=area.local_crs(), join_m=settings.gap_join_m)
    must = must_cover_check(units, demand.areas, share_needed=settings.must_cover_share)
    outlet_table = outlets.assign(mode=plan["mode"].to_numpy(), minutes=plan["minutes"].to_numpy())
    isochrones = gpd.GeoDataFrame({"minutes": [], "people": []}, geometry=[], crs=WGS84)
    if with_isochrones:
        report(0.7, "isochrones")
        isochrones = service_areas(built, outlet_table, units, settings=settings)
    report(1.0, "done")
    logger.info(
        "coverage: %d outlets, %.0f of %.0f people within %g minutes",
        len(outlets),
        units.loc[units[f"covered_{break_key(largest)}"], "people"].sum(),
        units["people"].sum(),
        largest,
    )
    return Coverage(
        demand=units,
        outlets=outlet_table,
        by_class=by_class,
        units=unit_table,
        gaps=gaps,
        must_cover=must,
        isochrones=isochrones,
        settings=settings,
        networks={name: net.summary() for name, net in built.items()},
        off_network=off_network_table(units),
    )


def service_areas(
    networks: Mapping[str, Network],
    outlets: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    *,
    settings: CoverageSettings,
) -> gpd.GeoDataFrame:
    """Dissolved isochrones of all outlets for every break, with the people inside.

    Outlets of each mode get that mode's isochrones; the pieces of one break
    are unioned. ``people`` counts the demand covered within the break (the
    units' own flags, so polygon and tables agree).
    """
    from servicecircle.isochrones import IsochroneSettings, isochrones_from_sites

    drawing = IsochroneSettings(breaks=settings.breaks, buffer_m=settings.walk_off_m, dissolve=True)
    pieces = []
    for mode, group in outlets.groupby("mode"):
        pieces.append(
            isochrones_from_sites(
                networks[str(mode)],
                group,
                settings=drawing,
                demand=units,
                max_snap_m=settings.max_snap_m,
            )
        )
    joined = pd.concat(pieces, ignore_index=True)
    rows = []
    for b in settings.breaks:
        geometry = shapely.union_all(joined.loc[joined["minutes"] == b].geometry.to_numpy())
        people = float(units.loc[units[f"covered_{break_key(b)}"], "people"].sum())
        rows.append({"minutes": b, "people": people, "geometry": geometry})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)


def _text(value: Any) -> str | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
