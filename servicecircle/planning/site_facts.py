"""Facts about each new site of a plan: where it stands and who it newly covers.

:func:`site_places` names the township (街道/乡镇) and community (社区/村)
holding each site, from the analysis's admin units (``Coverage.units``),
and its nearest named road, as the gaps are placed
(:func:`~servicecircle.coverage.gaps.nearest_road_names`);
:func:`with_places` adds them to the plan's table of new sites.
:func:`break_gains` counts the people each site newly covers at every break,
in build order; :func:`without_idle` drops the sites that add nobody within
their standard time (they are not recommended) and says so in a note.
:func:`gain_table` splits each site's people newly covered by demand class
and by community. Every gain is marginal (after today's outlets and the
sites built before it), so the sites' gains add up to the plan's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.coverage import Coverage, break_key, covered_mask, within
from servicecircle.coverage.gaps import nearest_road_names
from servicecircle.demand.admin import assign_admin_units
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.network import Network
from servicecircle.reach import travel_times
from servicecircle.siting import SitingProblem, SitingResult
from servicecircle.siting.idle import NOBODY, drop_sites, minutes_saved

#: Columns :func:`site_places` gives.
PLACE_COLUMNS: Final[tuple[str, ...]] = ("township", "community", "road", "road_m")
#: Columns of :func:`gain_table`: ``kind`` is ``"break"``, ``"class"`` or ``"community"``.
GAIN_COLUMNS: Final[tuple[str, ...]] = ("rank", "kind", "township", "name", "people")


def site_places(points: gpd.GeoSeries, coverage: Coverage, area: StudyArea) -> pd.DataFrame:
    """Township, community, nearest named road and metres to it of each point.

    Parameters
    ----------
    points
        The sites (points with a CRS).
    coverage
        The analysis; its ``units`` layer (townships and communities with
        ``level``, ``name``, ``township``) places the points.
    area
        The study area; its ``edges`` name the roads.

    Returns
    -------
    pandas.DataFrame
        :data:`PLACE_COLUMNS`, one row per point in order (None and NaN where
        no unit holds a point or no road is named).
    """
    frame = gpd.GeoDataFrame(geometry=points.to_crs(WGS84).to_numpy(), crs=WGS84)
    units = coverage.units
    known = len(units) and {"level", "name", "township"} <= set(units.columns)
    located = assign_admin_units(frame, units) if known else frame
    road, road_m = nearest_road_names(points, area.roads, crs=area.local_crs())
    return pd.DataFrame(
        {
            "township": _names(located, "township"),
            "community": _names(located, "community"),
            "road": pd.Series(road, dtype=object),
            "road_m": road_m,
        }
    )


def with_places(
    chosen: gpd.GeoDataFrame,
    coverage: Coverage,
    area: StudyArea,
    gains: np.ndarray,
    *,
    columns: Sequence[str],
) -> gpd.GeoDataFrame:
    """``chosen`` with each site's place (:func:`site_places`) and gains by break.

    ``newly_covered_<b>`` are the people newly covered within each break
    (:func:`break_gains`, one row per site of ``chosen``); the columns are
    ``columns`` (holding :data:`PLACE_COLUMNS`), those, then the geometry.
    """
    places = site_places(chosen.geometry, coverage, area)
    out = chosen.copy()
    for column in PLACE_COLUMNS:
        out[column] = places[column].to_numpy()
    by_break = [f"newly_covered_{break_key(b)}" for b in coverage.settings.breaks]
    table = np.asarray(gains, dtype=float).reshape(len(out), len(by_break))
    for j, column in enumerate(by_break):
        out[column] = table[:, j]
    return out[[*columns, *by_break, out.geometry.name]]


def _names(frame: pd.DataFrame, column: str) -> pd.Series:
    values = frame[column] if column in frame.columns else [None] * len(frame)
    return pd.Series([v if isinstance(v, str) and v else None for v in values], dtype=object)


def break_gains(
    points: gpd.GeoSeries,
    modes: Sequence[str],
    coverage: Coverage,
    networks: Mapping[str, Network],
) -> np.ndarray:
    """People each site newly covers at each break, in the order given (build order).

    Parameters
    ----------
    points
        The new sites, first built first.
    modes
        The travel mode of each site's outlet type.
    coverage
        Today's coverage: its demand units and ``covered_<b>`` flags.
    networks
        The network of every mode in ``modes``.

    Returns
    -------
    numpy.ndarray
        ``len(points) × len(breaks)`` people, breaks ascending as in the settings.
    """
    settings = coverage.settings
    units = coverage.demand
    breaks = [float(b) for b in settings.breaks]
    reach: list[np.ndarray] = [np.zeros(0)] * len(points)
    rows: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * len(points)
    sites = gpd.GeoDataFrame(geometry=points.to_crs(WGS84).to_numpy(), crs=WGS84)
    for mode in sorted(set(modes)):
        mine = [k for k, m in enumerate(modes) if m == mode]
        times = travel_times(
            networks[mode],
            sites.iloc[mine],
            units,
            cutoff_minutes=max(breaks),
            max_snap_m=settings.max_snap_m,
        ).minutes
        for i, k in enumerate(mine):
            start, end = times.indptr[i], times.indptr[i + 1]
            rows[k], reach[k] = times.indices[start:end], times.data[start:end]
    people = units["people"].to_numpy(float)
    gains = np.zeros((len(points), len(breaks)))
    for j, b in enumerate(breaks):
        covered = covered_mask(units, b).to_numpy(bool).copy()
        for k in range(len(points)):
            fresh = rows[k][within(reach[k], b) & ~covered[rows[k]]]
            gains[k, j] = float(people[fresh].sum())
            covered[fresh] = True
    return gains


def without_idle(problem: SitingProblem, result: SitingResult) -> SitingResult:
    """The plan without the sites that newly cover nobody within their standard.

    A site is idle when, in build order, it newly covers nobody within its
    own type's standard time (the coverage every model is asked for); for the
    p-median model only when it also shortens nobody's trip. A site that only
    brings people already inside the circle closer (a smaller break) is not
    recommended: it does not widen the 15-minute circle. The note says how
    many sites were dropped and how many are recommended.
    """
    idle = [site.order for site in result.sites if site.new_people <= NOBODY]
    if result.model == "pmedian" and idle:
        saved = minutes_saved(problem, result)
        idle = [order for order in idle if saved[order - 1] <= NOBODY]
    if not idle:
        return result
    note = msg(
        "msg.planning.idle_dropped",
        count=len(idle),
        chosen=len(result.sites),
        kept=len(result.sites) - len(idle),
    )
    return drop_sites(problem, result, idle, note=note)


def gain_table(
    problem: SitingProblem,
    result: SitingResult,
    coverage: Coverage,
    gains: np.ndarray,
) -> pd.DataFrame:
    """What each site newly covers: by break, by demand class and by community.

    A unit's gain (people served after the plan less before) goes to the
    first site in build order that reaches it within its own standard, so
    without capacities each site's classes (and communities) add up to its
    ``new_people``. ``gains`` are the sites' :func:`break_gains`.

    Returns
    -------
    pandas.DataFrame
        :data:`GAIN_COLUMNS`: ``rank`` (build order), ``kind``, ``township``
        (a community's township), ``name`` (the break key, class or
        community; None for people outside every community) and ``people``.
    """
    units = coverage.demand
    before = result.served_before
    if before is None:
        before = np.zeros(len(units))
    gain = np.maximum(np.asarray(result.served_people, float) - before, 0.0)
    owner = np.full(len(units), -1)
    cover = problem.cover
    for k, site in reversed(list(enumerate(result.sites))):
        owner[cover.indices[cover.indptr[site.option] : cover.indptr[site.option + 1]]] = k
    frame = pd.DataFrame(
        {
            "rank": owner + 1,
            "class": units["class"].astype(str).to_numpy(),
            "township": _names(units, "township").to_numpy(object),
            "community": _names(units, "community").to_numpy(object),
            "people": gain,
        }
    )[(owner >= 0) & (gain > 0)]
    breaks = [break_key(b) for b in coverage.settings.breaks]
    parts = [
        pd.DataFrame(
            {"rank": site.order, "kind": "break", "township": None, "name": breaks, "people": row}
        )
        for site, row in zip(result.sites, gains, strict=True)
    ]
    by_class = frame.groupby(["rank", "class"], as_index=False, sort=True)["people"].sum()
    parts.append(by_class.rename(columns={"class": "name"}).assign(kind="class", township=None))
    by_unit = frame.groupby(["rank", "township", "community"], dropna=False, as_index=False)
    communities = by_unit["people"].sum().rename(columns={"community": "name"})
    parts.append(communities.assign(kind="community"))
    parts = [p[list(GAIN_COLUMNS)] for p in parts if len(p)]
    if not parts:  # no new site, or none covers anybody
        return pd.DataFrame({c: [] for c in GAIN_COLUMNS}).astype({"rank": int, "people": float})
    table = pd.concat(parts, ignore_index=True)
    table = table.astype({"township": object, "name": object})
    return table.where(table.notna(), None).reset_index(drop=True)


__all__ = [
    "GAIN_COLUMNS",
    "PLACE_COLUMNS",
    "break_gains",
    "gain_table",
    "site_places",
    "with_places",
    "without_idle",
]
