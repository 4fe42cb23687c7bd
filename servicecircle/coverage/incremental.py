"""Coverage measured again after an edit, searching only from the outlets that changed.

A planner moving, adding, deleting or re-typing one outlet changes the travel
times from that outlet only. :class:`CoverageEditor` keeps, for one study
area, demand, settings and set of networks, the minutes from every outlet
position it has seen (one single-source search per outlet position and travel
mode) and each outlet's own service-area polygons; :meth:`CoverageEditor.coverage`
combines the kept ones with searches from the new positions only, and returns
the same :class:`~servicecircle.coverage.measure.Coverage` as
:func:`~servicecircle.coverage.measure.coverage_from` (same minutes, same
flags, same tables; the dissolved isochrones are the union of the outlets' own
polygons). Where two outlets are exactly equally near a demand unit, its
``nearest_outlet`` may name the other one of them.

:meth:`CoverageEditor.preview` says what a new outlet at a point would reach:
its service area within its type's minutes and the people it would newly
cover beyond a given coverage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from servicecircle.coverage.measure import (
    Coverage,
    _check_inputs,
    coverage_tables,
    flag_units,
    networks_for,
    outlet_modes,
)
from servicecircle.coverage.settings import CoverageSettings, break_key
from servicecircle.coverage.staffing import outlets_with_staff
from servicecircle.coverage.tables import within
from servicecircle.demand import Demand
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.isochrones import IsochroneSettings, isochrones_from_sites
from servicecircle.network import Network
from servicecircle.reach import Snapped, nearest_sites, snap_points

Place = tuple[str, float, float]
"""A travel mode and a WGS-84 position (lon, lat): what the times from an outlet depend on."""


@dataclass(frozen=True)
class Preview:
    """What a new outlet at one point would reach.

    Attributes
    ----------
    outlet_type, mode, minutes
        The outlet's type, its travel mode and standard minutes.
    area
        Its service area within ``minutes`` (WGS-84 polygon, empty when it
        reaches nothing).
    reached
        People it would reach within ``minutes``.
    newly_covered
        People among them not covered by the coverage given (its ``covered``
        flag: each type's own standard).
    newly_covered_units
        Row positions (in the demand units) of the newly covered people.
    """

    outlet_type: str
    mode: str
    minutes: float
    area: shapely.Geometry
    reached: float
    newly_covered: float
    newly_covered_units: npt.NDArray[np.int64]


class CoverageEditor:
    """Coverage of one demand under edits of the outlets, with per-outlet caches.

    Parameters
    ----------
    area
        The study area.
    demand
        The demand measured (its units are snapped once per travel mode).
    settings
        Breaks, outlet types and thresholds (a change needs a new editor).
    networks
        Networks already built, by mode name; those missing are built when
        first needed.

    Attributes
    ----------
    searches
        How many single-outlet searches ran (a cached position costs none).
    drawings
        How many single-outlet service areas were drawn.
    """

    def __init__(
        self,
        area: StudyArea,
        demand: Demand,
        *,
        settings: CoverageSettings,
        networks: Mapping[str, Network] | None = None,
    ) -> None:
        self.area = area
        self.demand = demand
        self.settings = settings
        self.networks: dict[str, Network] = dict(networks or {})
        self.searches = 0
        self.drawings = 0
        self._in_extent = area.inside(demand.units)
        self._snapped: dict[str, Snapped] = {}
        self._road_m: dict[str, npt.NDArray[np.float64]] = {}
        self._minutes: dict[Place, npt.NDArray[np.float64]] = {}
        self._shapes: dict[Place, dict[float, shapely.Geometry]] = {}

    # ------------------------------------------------------------------ caches

    def _network(self, mode: str) -> Network:
        if mode not in self.networks:
            self.networks = networks_for(self.area, {mode}, self.networks, settings=self.settings)
        return self.networks[mode]

    def _demand_on(self, mode: str) -> Snapped:
        """The demand units snapped to ``mode``'s network (within the snapping limit)."""
        if mode not in self._snapped:
            network = self._network(mode)
            units = self.demand.units
            self._snapped[mode] = snap_points(
                network, units, max_distance_m=self.settings.max_snap_m
            )
            self._road_m[mode] = np.asarray(snap_points(network, units).distance_m, dtype=float)
        return self._snapped[mode]

    def minutes_from(self, place: Place) -> npt.NDArray[np.float64]:
        """Minutes from each demand unit to an outlet at ``place`` (``inf``: unreachable).

        One single-source search the first time a place is asked for; kept after.
        """
        if place not in self._minutes:
            mode, lon, lat = place
            site = gpd.GeoDataFrame(geometry=[shapely.Point(lon, lat)], crs=WGS84)
            nearest = nearest_sites(
                self._network(mode),
                site,
                self._demand_on(mode),
                max_snap_m=self.settings.max_snap_m,
            )
            minutes = nearest["minutes"].to_numpy(float)
            minutes.flags.writeable = False
            self._minutes[place] = minutes
            self.searches += 1
        return self._minutes[place]

    def service_area(self, place: Place) -> dict[float, shapely.Geometry]:
        """The service area of an outlet at ``place`` per break (drawn once, then kept)."""
        if place not in self._shapes:
            mode, lon, lat = place
            drawing = IsochroneSettings(
                breaks=self.settings.breaks, buffer_m=self.settings.walk_off_m, dissolve=True
            )
            site = gpd.GeoDataFrame(geometry=[shapely.Point(lon, lat)], crs=WGS84)
            polygons = isochrones_from_sites(
                self._network(mode),
                site,
                settings=drawing,
                demand=self._demand_on(mode),
                max_snap_m=self.settings.max_snap_m,
            )
            self._shapes[place] = {
                float(m): g for m, g in zip(polygons["minutes"], polygons.geometry, strict=True)
            }
            self.drawings += 1
        return self._shapes[place]

    @property
    def kept(self) -> int:
        """How many outlet positions have their times kept."""
        return len(self._minutes)

    def forget_except(self, outlets: gpd.GeoDataFrame) -> None:
        """Drop the kept times and polygons of places no outlet of ``outlets`` stands on."""
        keep = set(self._places(outlets.to_crs(WGS84), outlet_modes(outlets, self.settings)))
        for store in (self._minutes, self._shapes):
            for place in [p for p in store if p not in keep]:
                del store[place]

    # ------------------------------------------------------------------ results

    @staticmethod
    def _places(outlets: gpd.GeoDataFrame, plan: pd.DataFrame) -> list[Place]:
        return [
            (str(mode), float(point.x), float(point.y))
            for mode, point in zip(plan["mode"], outlets.geometry, strict=True)
        ]

    def nearest(self, outlets: gpd.GeoDataFrame) -> pd.DataFrame:
        """What :func:`~servicecircle.coverage.measure.nearest_outlets` gives, from the caches.

        Outlets are taken by group of (mode, minutes) as there: within a
        group the nearest is the lowest time (of equally near ones the first),
        across groups a later group wins only when strictly nearer.
        """
        outlets = outlets.to_crs(WGS84)
        plan = outlet_modes(outlets, self.settings)
        places = self._places(outlets, plan)
        units = self.demand.units
        best = np.full(len(units), np.inf)
        best_outlet = np.full(len(units), None, dtype=object)
        standard = np.zeros(len(units), dtype=bool)
        labels = outlets.index.to_numpy()
        for (_, minutes), group in plan.groupby(["mode", "minutes"]):
            rows = outlets.index.get_indexer(group.index)
            times = np.vstack([self.minutes_from(places[r]) for r in rows])
            first = np.argmin(times, axis=0)
            group_best = times[first, np.arange(times.shape[1])]
            closer = group_best < best
            best = np.where(closer, group_best, best)
            best_outlet[closer] = labels[rows[first[closer]]]
            standard |= within(group_best, float(str(minutes)))
        return pd.DataFrame(
            {"minutes": best, "outlet": best_outlet, "standard": standard}, index=units.index
        )

    def coverage(self, outlets: gpd.GeoDataFrame, *, with_isochrones: bool = True) -> Coverage:
        """Coverage of the demand by ``outlets``, as :func:`coverage_from` measures it.

        Raises
        ------
        InputDataError
            When there are no outlets or no demand.
        """
        _check_inputs(self.demand, outlets)
        outlets = outlets.to_crs(WGS84)
        plan = outlet_modes(outlets, self.settings)
        modes = sorted(set(plan["mode"]) | {self.settings.mode})
        for mode in modes:
            self._demand_on(mode)
        road_m = np.minimum.reduce([self._road_m[m] for m in modes])
        units = flag_units(
            self.demand.units, self.nearest(outlets), road_m, self._in_extent, self.settings
        )
        tables = coverage_tables(self.area, self.demand, units, self.settings)
        table = outlets_with_staff(
            outlets.assign(mode=plan["mode"].to_numpy(), minutes=plan["minutes"].to_numpy()),
            self.demand.units,
            self.networks,
            self.settings,
        )
        isochrones = gpd.GeoDataFrame({"minutes": [], "people": []}, geometry=[], crs=WGS84)
        if with_isochrones:
            isochrones = self._isochrones(self._places(outlets, plan), units)
        return Coverage(
            demand=units,
            outlets=table,
            isochrones=isochrones,
            settings=self.settings,
            networks={name: net.summary() for name, net in self.networks.items()},
            **tables,
        )

    def _isochrones(self, places: list[Place], units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """One polygon per break: the union of the outlets' own, with the people covered."""
        rows = []
        for b in self.settings.breaks:
            pieces = [self.service_area(p).get(float(b), shapely.Polygon()) for p in places]
            people = float(units.loc[units[f"covered_{break_key(b)}"], "people"].sum())
            rows.append({"minutes": b, "people": people, "geometry": shapely.union_all(pieces)})
        return gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)

    def preview(self, lon: float, lat: float, outlet_type: str, today: Coverage) -> Preview:
        """What a new outlet of ``outlet_type`` at (``lon``, ``lat``) would reach.

        Raises
        ------
        InputDataError
            When ``outlet_type`` is not one of the settings' types.
        """
        kind = self.settings.outlet_types.get(outlet_type)
        if kind is None:
            raise InputDataError(
                msg(
                    "msg.editing.unknown_type",
                    type=outlet_type,
                    known=sorted(self.settings.outlet_types),
                )
            )
        minutes = self.minutes_from((kind.mode, float(lon), float(lat)))
        reach = within(minutes, kind.minutes)
        people = self.demand.units["people"].to_numpy(float)
        fresh = reach & ~today.demand["covered"].to_numpy(bool)
        drawing = IsochroneSettings(
            breaks=(kind.minutes,), buffer_m=self.settings.walk_off_m, dissolve=True
        )
        site = gpd.GeoDataFrame(geometry=[shapely.Point(lon, lat)], crs=WGS84)
        polygon = isochrones_from_sites(
            self._network(kind.mode),
            site,
            settings=drawing,
            demand=self._demand_on(kind.mode),
            max_snap_m=self.settings.max_snap_m,
        ).geometry.iloc[0]
        return Preview(
            outlet_type=outlet_type,
            mode=kind.mode,
            minutes=float(kind.minutes),
            area=polygon,
            reached=float(people[reach].sum()),
            newly_covered=float(people[fresh].sum()),
            newly_covered_units=np.flatnonzero(fresh),
        )
