"""How coverage changes with the walking speed: each walking mode at -20 %, as set and +20 %.

:func:`speed_sensitivity` measures the coverage of the demand by a set of
outlets (today's, or today's plus a plan's) with the speed of one walking
mode multiplied by each factor, every other mode as set: people covered at
each break and at each type's own standard.

Why the walking minutes may be divided instead of searched again
------------------------------------------------------------------
Let a mode *scale exactly*: every time of its network is a length divided
by one speed ``v`` -- no per-class speeds that ``with_speed`` leaves alone,
no ``maxspeed`` tags, no dismounting, an access leg at ``v``
(:func:`scales_exactly`; the walking presets do). On its network, at speed
``v``:

1. each edge ``e`` takes ``t_e = L_e / v``; the part of an edge between a
   snapped point and an end takes ``s L_e / v``; the straight leg between a
   point and its road takes ``d / v``;
2. where a point snaps and which pieces count as connected depend on
   distances only, not on ``v``;
3. a route's time is the sum of the times of its pieces, so every route
   ``R`` takes ``T_v(R) = L(R) / v`` with ``L(R)`` its length.

At speed ``f v`` (``f > 0``) every route takes ``L(R) / (f v) = T_v(R) / f``.
Dividing by ``f`` keeps the order of routes, so the fastest route from the
nearest outlet is the same and the minutes to the nearest outlet of the mode
become ``m / f``; a demand unit is then within ``b`` minutes exactly when
``m / f <= b``. Searching again on a network built at ``f v`` therefore
gives the same minutes, up to floating-point rounding (the tests check this
against a network rebuilt at each speed, on the sample and on a grid against
networkx). A mode that does not scale exactly is searched again on a network
rebuilt at the changed speed.

The minutes of today's search are not enough for this: they stop at the
nearest outlet of any mode, so each (mode, minutes) group of outlets is
searched once here, without a cutoff (as :func:`~.measure.nearest_outlets`
does), and the walking groups' minutes are then divided by each factor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import numpy.typing as npt

from servicecircle.coverage.measure import outlet_modes
from servicecircle.coverage.settings import CoverageSettings
from servicecircle.coverage.tables import within
from servicecircle.inputs.area import StudyArea
from servicecircle.network import Network, TravelMode, network_from_area
from servicecircle.reach import nearest_sites

__all__ = ["FACTORS", "SpeedCase", "scales_exactly", "speed_sensitivity", "walks"]

#: Walking speed factors: -20 %, as set, +20 %.
FACTORS: tuple[float, ...] = (0.8, 1.0, 1.2)


@dataclass(frozen=True)
class SpeedCase:
    """Coverage with one walking mode at one speed, the other modes as set.

    Attributes
    ----------
    mode
        The walking mode whose speed changed.
    factor
        Its speed over the speed as set (0.8, 1.0, 1.2).
    speed_kmh
        Its speed in this case.
    covered
        People within each break (minutes -> people), any outlet's mode.
    standard_covered
        People within the own minutes of some outlet's type.
    total
        All people.
    scaled
        True when the minutes were divided by ``factor`` (the mode scales
        exactly, module docstring); False when searched on a rebuilt network.
    """

    mode: str
    factor: float
    speed_kmh: float
    covered: Mapping[float, float]
    standard_covered: float
    total: float
    scaled: bool

    def share(self, minutes: float) -> float:
        """Share of all people within ``minutes`` (0 without people)."""
        return self.covered[minutes] / self.total if self.total > 0 else 0.0

    @property
    def standard_share(self) -> float:
        """Share of all people within their outlets' standard minutes."""
        return self.standard_covered / self.total if self.total > 0 else 0.0


def walks(mode: TravelMode) -> bool:
    """Whether ``mode`` is a walking mode (it follows the ``foot`` access tag).

    >>> from servicecircle.network import mode_from_name
    >>> walks(mode_from_name("walk")), walks(mode_from_name("ebike"))
    (True, False)
    """
    return "foot" in mode.access_keys


def scales_exactly(mode: TravelMode) -> bool:
    """Whether every time of ``mode``'s network is a length over its speed (module docstring).

    >>> from servicecircle.network import mode_from_name
    >>> scales_exactly(mode_from_name("walk")), scales_exactly(mode_from_name("bike"))
    (True, False)
    """
    return not mode.use_maxspeed and not mode.dismount_highways and mode.access_speed_kmh is None


def _group_minutes(
    networks: Mapping[str, Network],
    outlets: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    settings: CoverageSettings,
) -> list[tuple[str, float, npt.NDArray[np.float64], gpd.GeoDataFrame]]:
    """(mode, standard minutes, minutes to the nearest outlet, outlets) per group of outlets."""
    plan = outlet_modes(outlets, settings)
    groups = []
    for (mode, minutes), group in plan.groupby(["mode", "minutes"]):
        sites = outlets.loc[group.index]
        found = nearest_sites(networks[str(mode)], sites, units, max_snap_m=settings.max_snap_m)
        groups.append((str(mode), float(str(minutes)), found["minutes"].to_numpy(float), sites))
    return groups


def _case_minutes(
    area: StudyArea,
    network: Network,
    group: tuple[str, float, npt.NDArray[np.float64], gpd.GeoDataFrame],
    units: gpd.GeoDataFrame,
    settings: CoverageSettings,
    factor: float,
) -> npt.NDArray[np.float64]:
    """A walking group's minutes at ``factor`` times its speed (divided, or searched again)."""
    _, _, minutes, sites = group
    if factor == 1.0:
        return minutes
    if scales_exactly(network.mode):
        return minutes / factor
    faster = network.mode.with_speed(network.mode.speed_kmh * factor)
    rebuilt = network_from_area(area, faster, snap_rules=settings.snap_rules())
    found = nearest_sites(rebuilt, sites, units, max_snap_m=settings.max_snap_m)
    return found["minutes"].to_numpy(float)


def speed_sensitivity(
    area: StudyArea,
    networks: Mapping[str, Network],
    outlets: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    *,
    settings: CoverageSettings,
    factors: Sequence[float] = FACTORS,
) -> tuple[SpeedCase, ...]:
    """Coverage of ``units`` by ``outlets`` with each walking mode's speed times each factor.

    Parameters
    ----------
    area
        The study area (to rebuild a network that does not scale exactly).
    networks
        The network of every mode the outlets use, built with ``settings``.
    outlets
        Outlets (points) with an optional ``outlet_type``.
    units
        Demand units with ``people``.
    settings
        Breaks, outlet types and snapping limit.
    factors
        Speed factors (default -20 %, as set, +20 %).

    Returns
    -------
    tuple of SpeedCase
        One case per walking mode of the outlets and factor, in that order;
        ``()`` when no outlet walks.
    """
    groups = _group_minutes(networks, outlets, units, settings)
    people = units["people"].to_numpy(float)
    total = float(people.sum())
    cases = []
    for mode in sorted({g[0] for g in groups if walks(networks[g[0]].mode)}):
        network = networks[mode]
        for factor in factors:
            minutes = [
                _case_minutes(area, network, g, units, settings, float(factor))
                if g[0] == mode
                else g[2]
                for g in groups
            ]
            nearest = np.min(np.vstack(minutes), axis=0)
            standard = np.zeros(len(units), dtype=bool)
            for group, found in zip(groups, minutes, strict=True):
                standard |= within(found, group[1])
            cases.append(
                SpeedCase(
                    mode=mode,
                    factor=float(factor),
                    speed_kmh=network.mode.speed_kmh * float(factor),
                    covered={b: float(people[within(nearest, b)].sum()) for b in settings.breaks},
                    standard_covered=float(people[standard].sum()),
                    total=total,
                    scaled=scales_exactly(network.mode),
                )
            )
    return tuple(cases)
