"""The halo of a region: how far beyond its border the roads and outlets it needs reach.

A person inside a region may be served by an outlet across the border, along
roads that leave the region and come back. Every road and outlet that can
matter lies within the *halo distance* of the region: the farthest any of the
run's travel modes gets within the longest time measured (the largest break,
or an outlet type's own minutes when longer), plus a margin for attaching
points to the roads (``max_snap_m``) and for telling a connected piece of the
network from a fragment (``connected_piece_m``: a piece cut by the halo's edge
still holds at least the margin's length of ways, so it is read as connected
as in the whole network).

A straight line is never longer than the road between two points, and no leg
of a trip (on a road, or the off-road leg to it) is faster than the fastest
speed of its mode, so an outlet farther than ``speed × minutes`` in a straight
line cannot reach anyone in the region within ``minutes``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import geopandas as gpd

from servicecircle.inputs.area import utm_crs_for
from servicecircle.inputs.crs import WGS84

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from servicecircle.coverage import CoverageSettings
    from servicecircle.network.modes import TravelMode
    from servicecircle.supply.outlets import OutletType

MAX_TAGGED_KMH = 130.0
"""The fastest ``maxspeed`` a mode that reads the tag is assumed to travel (km/h).

China's highest legal limit is 120 km/h (motorways); a margin above it keeps
the halo safe where a tag says a little more.
"""


def fastest_kmh(mode: TravelMode) -> float:
    """The fastest speed (km/h) a mode travels on any road or off-road leg.

    Parameters
    ----------
    mode
        The travel mode.

    Returns
    -------
    float
        The highest of its speed, its class speeds, its access speed and,
        for a mode that reads ``maxspeed`` tags, :data:`MAX_TAGGED_KMH`.

    Examples
    --------
    >>> from servicecircle.network.modes import WALK, EBIKE, DRIVE
    >>> fastest_kmh(WALK), fastest_kmh(EBIKE), fastest_kmh(DRIVE)
    (4.0, 18.0, 130.0)
    """
    speeds = [mode.speed_kmh, mode.dismount_speed_kmh]
    speeds += [speed for _, speed in mode.class_speeds_kmh]
    if mode.access_speed_kmh is not None:
        speeds.append(mode.access_speed_kmh)
    if mode.use_maxspeed:
        speeds.append(MAX_TAGGED_KMH)
    return float(max(speeds))


def _types_in_use(settings: CoverageSettings, types: Iterable[str] | None) -> list[OutletType]:
    known = settings.outlet_types
    names = known if types is None else [str(name) for name in types if str(name) in known]
    return [known[name] for name in names]


def longest_minutes(settings: CoverageSettings, types: Iterable[str] | None = None) -> float:
    """The longest time a run measures: its largest break or an outlet type's minutes.

    ``types`` names the outlet types in use (``None``: every type the settings know).
    """
    minutes = [settings.breaks[-1]]
    minutes += [float(kind.minutes) for kind in _types_in_use(settings, types)]
    return float(max(minutes))


def halo_margin_m(settings: CoverageSettings) -> float:
    """The margin added to the travel distance: snapping limit plus connected-piece length.

    >>> from servicecircle.coverage import CoverageSettings
    >>> halo_margin_m(CoverageSettings())
    2500.0
    """
    return float(settings.max_snap_m + settings.connected_piece_m)


def halo_distance_m(
    settings: CoverageSettings,
    types: Iterable[str] | None = None,
    *,
    margin_m: float | None = None,
) -> float:
    """The halo distance (metres) of a run with ``settings``.

    Parameters
    ----------
    settings
        The coverage settings: the mode, the outlet types (each with its own
        mode and minutes), the speed overrides and the breaks.
    margin_m
        Metres added to the travel distance; ``None`` for
        :func:`halo_margin_m`.

    Returns
    -------
    float
        ``fastest speed of the modes in use × longest minutes + margin``.

    Examples
    --------
    Walking at 4 km/h for 15 minutes is 1,000 m, plus the default 2,500 m:

    >>> from servicecircle.coverage import CoverageSettings
    >>> settings = CoverageSettings()
    >>> halo_distance_m(settings, ["community_window"])
    3500.0
    >>> halo_distance_m(settings, [], margin_m=0)  # the largest break, 15 min at 4 km/h
    1000.0

    An e-bike gig market (30 minutes at 18 km/h) reaches 9 km:

    >>> halo_distance_m(settings, ["community_window", "gig_market"], margin_m=0)
    9000.0
    >>> halo_distance_m(CoverageSettings(speeds_kmh={"walk": 6.0}), [], margin_m=0)
    1500.0
    """
    in_use = _types_in_use(settings, types)
    names = {settings.mode} | {kind.mode for kind in in_use}
    fastest = max(fastest_kmh(settings.travel_mode(name)) for name in names)
    margin = halo_margin_m(settings) if margin_m is None else float(margin_m)
    return fastest * longest_minutes(settings, types) * 1000.0 / 60.0 + margin


def outlet_types_in_file(
    path: str, settings: CoverageSettings, *, crs: str | None = None
) -> list[str]:
    """The outlet types a planner's outlets file uses, read as the run reads them.

    For :func:`halo_distance_m`: a file of community windows alone needs a
    halo of a 15-minute walk, not the 30-minute drive of a county centre
    the standards also know.

    Parameters
    ----------
    path
        The outlets file (``FILE::LAYER`` picks a layer).
    settings
        The coverage settings, with the outlet types the run knows.
    crs
        The coordinate system stated for the planner's files.

    Returns
    -------
    list of str
        The distinct type keys, in the order first met (``community_window``
        for rows without a type, as the run reads them).

    Raises
    ------
    InputDataError
        For a file that cannot be read, or type cells naming no known type.
    """
    from servicecircle.inputs.crs import WGS84
    from servicecircle.inputs.fields import field_column, with_fields
    from servicecircle.inputs.files.read import read_layer
    from servicecircle.supply.outlets import OUTLET_FIELDS, outlet_type_keys

    file, _, layer = str(path).partition("::")
    frame = read_layer(file, layer=layer or None, crs=crs, geometry="point").frame
    keys = outlet_type_keys(
        with_fields(frame.to_crs(WGS84), OUTLET_FIELDS),
        types=settings.outlet_types,
        default_type="community_window",  # as prepare_outlets gives rows without a type
        column=field_column(frame.columns, "outlet_type"),
    )
    return list(dict.fromkeys(keys))


def halo_polygon(region: BaseGeometry, distance_m: float) -> BaseGeometry:
    """``region`` (WGS-84) grown by ``distance_m`` metres, measured in its local UTM zone.

    Parameters
    ----------
    region
        The region's polygon in WGS-84.
    distance_m
        The halo distance (:func:`halo_distance_m`).

    Returns
    -------
    shapely geometry
        The halo polygon (the region and its surroundings), in WGS-84.
    """
    centre = region.centroid
    local = utm_crs_for(centre.x, centre.y)
    grown = gpd.GeoSeries([region], crs=WGS84).to_crs(local).buffer(distance_m, resolution=16)
    halo: BaseGeometry = grown.to_crs(WGS84).iloc[0]
    return halo
