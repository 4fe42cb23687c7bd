"""The one coverage table: people and people covered, in total, by class and by unit.

:func:`people_by_unit` sums people and any "people covered" measures in total,
by demand class, by township and by community (a community is the pair
township, community, so namesakes in different townships stay apart).
:func:`coverage_table` is that sum at time breaks (or at the service
standard) in one long table; the coverage stage, the siting plan's
before/after table, the project's scenarios and the report all read it.
:func:`class_coverage` and :func:`unit_coverage` are the coverage stage's
views of it (``Coverage.by_class``, ``Coverage.units``).

A name that is missing (None or NaN) is grouped under the empty text ``""``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Final, Literal

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd

from servicecircle.coverage.settings import break_key
from servicecircle.demand import DEMAND_CLASSES
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import Message, msg
from servicecircle.inputs.crs import WGS84

Level = Literal["total", "class", "township", "community"]
#: Levels of a coverage table, in display order.
LEVELS: Final[tuple[Level, ...]] = ("total", "class", "township", "community")
#: Admin-unit columns of the demand layer, coarse to fine.
UNIT_COLUMNS: Final[tuple[str, ...]] = ("township", "community")
#: Columns of :func:`coverage_table`.
TABLE_COLUMNS: Final[tuple[str, ...]] = (
    "level",
    "township",
    "unit",
    "minutes",
    "people",
    "covered",
    "share",
)
#: Minutes a travel time may exceed a break by and still be within it (rounding).
TOLERANCE_MIN: Final = 1e-9


def within(minutes: npt.ArrayLike, limit: float) -> npt.NDArray[np.bool_]:
    """True where ``minutes`` is at most ``limit`` (NaN and infinity: never).

    >>> within([4.0, 5.0 + 1e-12, 6.0, float("nan")], 5.0).tolist()
    [True, True, False, False]
    """
    return np.asarray(minutes, dtype=float) <= float(limit) + TOLERANCE_MIN


def covered_mask(demand: pd.DataFrame, minutes: float) -> pd.Series:
    """True where a demand unit is covered within ``minutes``.

    Reads the coverage stage's flag ``covered_<minutes>`` when the demand has
    it, else compares ``minutes_to_nearest`` (missing = unreachable).

    Raises
    ------
    InputDataError
        When the demand has neither.
    """
    flag = f"covered_{break_key(minutes)}"
    if flag in demand.columns:
        return _flag(demand[flag])
    minutes_column = _column(demand, "minutes_to_nearest", msg("msg.coverage.no_minutes"))
    reach = pd.to_numeric(minutes_column, errors="coerce")
    return pd.Series(within(reach.to_numpy(float), minutes), index=demand.index)


def standard_mask(demand: pd.DataFrame) -> pd.Series:
    """True where a demand unit is covered at the service standard (``covered``).

    Raises
    ------
    InputDataError
        When the demand has no ``covered`` column.
    """
    return _flag(_column(demand, "covered", msg("msg.coverage.no_covered")))


def people(demand: pd.DataFrame) -> npt.NDArray[np.float64]:
    """The demand's ``people`` as numbers (missing = 0).

    Raises
    ------
    InputDataError
        When the demand has no ``people`` column.
    """
    values = _column(demand, "people", msg("msg.coverage.no_people"))
    return pd.to_numeric(values, errors="coerce").fillna(0.0).to_numpy(float)


def _column(demand: pd.DataFrame, name: str, missing: Message) -> pd.Series:
    """The demand's column ``name``; an InputDataError saying ``missing`` when it has none."""
    if name not in demand.columns:
        raise InputDataError(missing)
    return demand[name]


def _flag(values: pd.Series) -> pd.Series:
    """A yes/no column as booleans (missing = False)."""
    return values.astype(object).where(values.notna(), False).astype(bool)


def unit_names(demand: pd.DataFrame, column: str) -> npt.NDArray[np.object_]:
    """The names in ``column`` as text, ``""`` where missing (or the column absent)."""
    if column not in demand.columns:
        return np.full(len(demand), "", dtype=object)
    values = demand[column].astype(object)
    return values.where(values.notna(), "").astype(str).to_numpy()


def people_by_unit(
    demand: pd.DataFrame,
    measures: Mapping[str, npt.ArrayLike],
    *,
    levels: Sequence[Level] = LEVELS,
) -> pd.DataFrame:
    """Sum ``people`` and every measure in total, by class, by township and by community.

    Parameters
    ----------
    demand
        Demand units with ``people``; optional ``class``, ``township`` and
        ``community`` (a level whose column is missing is left out).
    measures
        Name -> a value per demand unit (aligned to ``demand``): a boolean
        array counts the people of the units it marks (e.g. covered within
        15 minutes), a number array is summed as it is (e.g. people served).
    levels
        The levels wanted, from :data:`LEVELS`.

    Returns
    -------
    pandas.DataFrame
        ``level``, ``township`` (a community's township, else empty),
        ``unit`` (empty for the total), ``people`` and one column per
        measure; rows by level, names sorted (missing names as ``""``).
    """
    everyone = pd.Series(people(demand))
    columns = ["level", "township", "unit", "people", *measures]
    groupings: list[tuple[Level, list[npt.NDArray[np.object_]]]] = []
    if "total" in levels:
        groupings.append(("total", [np.full(len(demand), "", dtype=object)] * 2))
    groupings.extend(
        (level, [np.full(len(demand), "", dtype=object), unit_names(demand, level)])
        for level in ("class", "township")
        if level in levels and level in demand.columns
    )
    if "community" in levels and "community" in demand.columns:
        groupings.append(
            ("community", [unit_names(demand, "township"), unit_names(demand, "community")])
        )
    frames = [_summed(everyone, measures, keys).assign(level=level) for level, keys in groupings]
    if not frames:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    table = pd.concat(frames, ignore_index=True)[columns]
    return table.astype({"level": str, "township": str, "unit": str})


def _summed(
    everyone: pd.Series,
    measures: Mapping[str, npt.ArrayLike],
    keys: list[npt.NDArray[np.object_]],
) -> pd.DataFrame:
    """People and the measures summed by (township, unit) ``keys``, keys sorted."""
    table = pd.DataFrame({"people": everyone.groupby(keys, sort=True).sum()})
    for name, values in measures.items():
        array = np.asarray(values)
        if array.dtype == bool:  # the people of the marked units, summed over those alone
            marked = everyone[array].groupby([k[array] for k in keys], sort=True).sum()
            table[name] = marked.reindex(table.index).fillna(0.0)
        else:
            table[name] = pd.Series(array.astype(float)).groupby(keys, sort=True).sum()
    table.index = table.index.set_names(["township", "unit"])
    return table.reset_index()


def coverage_table(demand: pd.DataFrame, breaks: Sequence[float] | None) -> pd.DataFrame:
    """People and people covered, in total, by class, by township and by community.

    Parameters
    ----------
    demand
        Demand units with ``people`` and their coverage: ``covered_<b>`` or
        ``minutes_to_nearest`` (see :func:`covered_mask`) at breaks, the
        ``covered`` column at the service standard; optional ``class``,
        ``township`` and ``community``.
    breaks
        Minutes to count coverage at, or ``None`` for the service standard
        (each outlet type's own mode and minutes; ``minutes`` is then NaN).

    Returns
    -------
    pandas.DataFrame
        Long table with columns :data:`TABLE_COLUMNS`: ``level``
        (:data:`LEVELS`), ``township`` (the community's township, else
        empty), ``unit``, ``minutes``, ``people``, ``covered``, ``share``
        (0..1, NaN where nobody lives); by break, then level, then name.
    """
    if breaks is None:
        masks = [(math.nan, standard_mask(demand))]
    else:
        masks = [(float(b), covered_mask(demand, b)) for b in breaks]
    measures = {f"covered_{i}": mask.to_numpy(bool) for i, (_, mask) in enumerate(masks)}
    summed = people_by_unit(demand, measures)
    frames = [
        summed[["level", "township", "unit", "people"]].assign(
            minutes=minutes, covered=summed[f"covered_{i}"]
        )
        for i, (minutes, _) in enumerate(masks)
    ]
    if not frames:
        empty = summed[["level", "township", "unit", "people"]].iloc[0:0]
        frames = [empty.assign(minutes=math.nan, covered=empty["people"])]
    table = pd.concat(frames, ignore_index=True)
    table["share"] = table["covered"] / table["people"].where(table["people"] > 0)
    return table[list(TABLE_COLUMNS)]


def class_coverage(table: pd.DataFrame) -> pd.DataFrame:
    """``Coverage.by_class``: people total and covered per demand class and break.

    Parameters
    ----------
    table
        A :func:`coverage_table` at breaks.

    Returns
    -------
    pandas.DataFrame
        ``class``, ``minutes``, ``total``, ``covered``, ``share`` (0 where
        nobody lives), classes in :data:`~servicecircle.demand.DEMAND_CLASSES`
        order.
    """
    part = table[table["level"] == "class"]
    order = {cls: i for i, cls in enumerate(DEMAND_CLASSES)}
    part = part[part["unit"].isin(order)]
    part = part.assign(_order=part["unit"].map(order)).sort_values(
        ["_order", "minutes"], kind="stable"
    )
    out = pd.DataFrame(
        {
            "class": part["unit"].to_numpy(object),
            "minutes": part["minutes"].to_numpy(float),
            "total": part["people"].to_numpy(float),
            "covered": part["covered"].to_numpy(float),
        }
    )
    out["share"] = (out["covered"] / out["total"].where(out["total"] > 0)).fillna(0.0)
    return out


def unit_coverage(
    table: pd.DataFrame, admin: gpd.GeoDataFrame, breaks: Sequence[float]
) -> gpd.GeoDataFrame:
    """``Coverage.units``: people, covered and share per township and community, per break.

    Parameters
    ----------
    table
        A :func:`coverage_table` at ``breaks``.
    admin
        The admin units (:func:`~servicecircle.demand.admin.admin_units`), for
        the polygons.
    breaks
        Minutes, as in ``table``.

    Returns
    -------
    geopandas.GeoDataFrame
        ``level``, ``name``, ``township`` (a community's township, else
        None), ``people``, ``covered_<b>`` and ``share_<b>`` (0 where nobody
        lives) per break; one row per township and per (township, community)
        with a name, each level sorted by name then township.
    """
    frames = []
    for level in UNIT_COLUMNS:
        part = table[(table["level"] == level) & (table["unit"] != "")]
        if len(part) == 0:
            continue
        first = part[part["minutes"] == float(breaks[0])]
        wide = pd.DataFrame(
            {
                "level": level,
                "name": first["unit"].to_numpy(object),
                "township": first["township"].to_numpy(object),
                "people": first["people"].to_numpy(float),
            }
        )
        for b in breaks:
            at = part[part["minutes"] == float(b)]
            covered = at["covered"].to_numpy(float)
            wide[f"covered_{break_key(b)}"] = covered
            wide[f"share_{break_key(b)}"] = np.where(
                wide["people"] > 0, covered / wide["people"], 0.0
            )
        wide["township"] = pd.Series([t or None for t in wide["township"]], dtype=object)

        wide = wide.sort_values(["name", "township"], na_position="first", kind="stable")
        frames.append(gpd.GeoDataFrame(wide, geometry=_shapes(admin, level, wide), crs=WGS84))
    if not frames:
        return gpd.GeoDataFrame(
            {"level": [], "name": [], "township": [], "people": []}, geometry=[], crs=WGS84
        )
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=WGS84)


def _shapes(admin: gpd.GeoDataFrame, level: str, units: pd.DataFrame) -> list[object]:
    """The polygon of every (township, name) of ``units`` at ``level`` (None when unknown)."""
    rows = admin[admin["level"] == level]
    townships = [None if pd.isna(t) else str(t) for t in rows["township"]]
    shapes = dict(zip(zip(townships, rows["name"], strict=True), rows.geometry, strict=True))
    return [shapes.get((t, n)) for t, n in zip(units["township"], units["name"], strict=True)]
