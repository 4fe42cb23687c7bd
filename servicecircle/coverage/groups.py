"""Coverage, staff per 10,000 and equity for key groups (60+, unemployed, migrants, graduates).

Public API (the app, the report and the CLI call these)::

    groups = key_groups_of(coverage, "重点群体.xlsx")          # read + match to units
    result = group_coverage(coverage, accessibility, groups)   # -> GroupCoverage
    result.totals()          # one row per group (and everyone): people, shares, staff/10k, split
    result.equity            # GroupEquity: gaps in percentage points, Gini of staff per 10,000

Rules:

* a group's people per demand unit come from
  :func:`servicecircle.demand.key_group_units.key_groups_for_units`;
* *coverage* of a group at a break is the share of its people living in units
  covered within the break (:func:`~.tables.coverage_table` with the group's
  people in place of the residents), also at the service standard
  (``minutes`` NaN);
* *staff per 10,000* of a group is the group-weighted mean of its units'
  2SFCA (and E2SFCA) values, ``sum g_i A_i / sum g_i``
  (:attr:`~.access_run.Accessibility.units`), so a group living where staff
  are scarce scores low;
* the three-way *split* of a group gives each unit's group people the
  unit's shares (served within capacity, over capacity, out of reach), so the
  three add up to the group's people;
* the *coverage gap* of a group is its share covered minus everyone's, in
  percentage points; the *widest gap* at a break is between the groups with
  the highest and lowest share;
* the *Gini coefficient* of staff per 10,000 is taken across communities
  (townships when the units name no community; demand units when they name
  neither), weighted by their residents (:func:`gini`), and unweighted.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicecircle._progress import Said
from servicecircle.coverage.access_run import SPLIT_COLUMNS, Accessibility, access_by_unit
from servicecircle.coverage.measure import Coverage
from servicecircle.coverage.tables import coverage_table
from servicecircle.demand.key_group_files import read_key_groups
from servicecircle.demand.key_group_units import KeyGroups, key_groups_for_units
from servicecircle.demand.key_groups import Kind

#: The pseudo-group of all residents in :attr:`GroupCoverage.coverage` and ``access``.
EVERYONE: Final = "everyone"
#: Levels of the group tables.
GROUP_LEVELS: Final = ("total", "township", "community")

FloatArray = npt.NDArray[np.float64]


def gini(values: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> float:
    """Gini coefficient of ``values`` (each counted ``weights`` times; unweighted: once).

    ``G = sum_i sum_j w_i w_j |x_i - x_j| / (2 W^2 mu)`` with ``W = sum w`` and
    ``mu = sum w x / W``; computed in ``O(n log n)`` on the sorted values.
    0 when every value is equal (also when all are 0); NaN without values or
    weight.

    >>> gini([1.0, 1.0, 1.0]), round(gini([0.0, 0.0, 3.0]), 6)
    (0.0, 0.666667)
    """
    x = np.asarray(values, dtype=float)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    keep = w > 0
    x, w = x[keep], w[keep]
    total = float(w.sum())
    if x.size == 0 or total <= 0:
        return math.nan
    mean = float((w * x).sum()) / total
    if mean <= 0:
        return 0.0
    order = np.argsort(x, kind="stable")
    x, w = x[order], w[order]
    below = np.cumsum(w) - w
    above = total - below - w
    pairs = 2.0 * float((w * x * (below - above)).sum())
    return max(pairs / (2.0 * total * total * mean), 0.0)


@dataclass(frozen=True, eq=False)
class GroupEquity:
    """How evenly coverage and staff reach the key groups and the communities.

    Attributes
    ----------
    gaps
        ``group``, ``minutes`` (NaN: the service standard), ``share`` (of the
        group covered), ``everyone_share`` and ``gap_pp`` (share minus
        everyone's, in percentage points), per group and break.
    widest
        Per break (and the standard): ``minutes``, ``highest``, ``lowest``
        (groups) and ``gap_pp`` between them (0 with one group).
    gini_weighted, gini_unweighted
        Gini coefficient of staff per 10,000 (2SFCA) across the areas of
        ``gini_level``, weighted by residents and unweighted (NaN without areas).
    gini_level
        ``community``, ``township`` or ``unit`` (see the module docstring).
    gini_areas
        Areas with residents the Gini was taken over.
    """

    gaps: pd.DataFrame
    widest: pd.DataFrame
    gini_weighted: float
    gini_unweighted: float
    gini_level: str
    gini_areas: int


@dataclass(frozen=True, eq=False)
class GroupCoverage:
    """Coverage, staff per 10,000 and the three-way split of each key group, and equity.

    Attributes
    ----------
    groups
        The groups given, in :data:`~servicecircle.demand.key_groups.GROUP_KEYS` order.
    kinds
        Group -> how its file gave it (``count``, ``share``, ``percent``).
    people
        Per demand unit (indexed like ``Coverage.demand``): people of each group.
    coverage
        Long table: ``group`` (:data:`EVERYONE` first, then the groups),
        ``level`` (:data:`GROUP_LEVELS`), ``township``, ``unit``, ``minutes``
        (each break, then NaN for the service standard), ``people``,
        ``covered``, ``share`` (NaN where the group has nobody).
    access
        Long table: ``group``, ``level``, ``township``, ``unit``, ``people``,
        ``staff_per_10k``, ``staff_per_10k_e2sfca`` (group-weighted means),
        ``served``, ``over_capacity``, ``out_of_reach`` (people of the group).
    equity
        :class:`GroupEquity`.
    breaks
        The breaks, ascending.
    source
        The groups file's name.
    notes
        What was read and assumed.
    """

    groups: tuple[str, ...]
    kinds: Mapping[str, Kind]
    people: pd.DataFrame
    coverage: pd.DataFrame
    access: pd.DataFrame
    equity: GroupEquity
    breaks: tuple[float, ...]
    source: str = ""
    notes: tuple[Said, ...] = field(default_factory=tuple)

    def totals(self) -> pd.DataFrame:
        """One row per group (:data:`EVERYONE` first) for the whole area.

        Columns ``group``, ``people``, ``share_<b>`` per break and
        ``share_standard``, ``gap_<b>``/``gap_standard`` (percentage points),
        ``staff_per_10k``, ``staff_per_10k_e2sfca``, ``served``,
        ``over_capacity``, ``out_of_reach``.
        """
        cover = self.coverage[self.coverage["level"] == "total"]
        access = self.access[self.access["level"] == "total"]
        measures = ("people", "staff_per_10k", "staff_per_10k_e2sfca", *SPLIT_COLUMNS)
        value = {
            column: dict(zip(access["group"], access[column].to_numpy(float), strict=True))
            for column in measures
        }
        gaps = self.equity.gaps
        rows: list[dict[str, Any]] = []
        for group in (EVERYONE, *self.groups):
            mine = cover[cover["group"] == group]
            row: dict[str, Any] = {"group": group, "people": value["people"][group]}
            for minutes, share in zip(mine["minutes"], mine["share"], strict=True):
                row[f"share_{_key(minutes)}"] = float(share)
                gap = gaps[(gaps["group"] == group) & _same(gaps["minutes"], minutes)]
                row[f"gap_{_key(minutes)}"] = float(gap["gap_pp"].iloc[0]) if len(gap) else 0.0
            row |= {column: value[column][group] for column in measures[1:]}
            rows.append(row)
        return pd.DataFrame(rows)


def _key(minutes: float) -> str:
    from servicecircle.coverage.settings import break_key

    return "standard" if math.isnan(minutes) else break_key(minutes)


def _same(column: pd.Series, minutes: float) -> pd.Series:
    if math.isnan(minutes):
        return column.isna()
    return column == minutes


def _group_coverage_rows(
    demand: pd.DataFrame, people: Mapping[str, FloatArray], breaks: Sequence[float]
) -> pd.DataFrame:
    frames = []
    for group, counts in people.items():
        weighted = demand.assign(people=counts)
        for chosen in (breaks, None):
            table = coverage_table(weighted, chosen)
            frames.append(table[table["level"].isin(GROUP_LEVELS)].assign(group=group))
    table = pd.concat(frames, ignore_index=True)
    return table[["group", "level", "township", "unit", "minutes", "people", "covered", "share"]]


def _group_access_rows(
    accessibility: Accessibility, people: Mapping[str, FloatArray]
) -> pd.DataFrame:
    units = accessibility.units
    residents = units["people"].to_numpy(float)
    frames = []
    for group, counts in people.items():
        scaled = units.assign(people=counts)
        for column in SPLIT_COLUMNS:
            part = np.divide(
                units[column].to_numpy(float),
                residents,
                out=np.zeros(residents.size),
                where=residents > 0,
            )
            scaled[column] = part * counts
        if SPLIT_COLUMNS[-1] in scaled:  # whatever a unit without residents holds is out of reach
            inside = scaled[list(SPLIT_COLUMNS[:-1])].sum(axis=1).to_numpy(float)
            scaled[SPLIT_COLUMNS[-1]] = counts - inside
        frames.append(access_by_unit(scaled).assign(group=group))
    table = pd.concat(frames, ignore_index=True)
    columns = ["group", "level", "township", "unit", "people", "staff_per_10k"]
    return table[[*columns, "staff_per_10k_e2sfca", *SPLIT_COLUMNS]]


def _gaps(coverage: pd.DataFrame, groups: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    total = coverage[coverage["level"] == "total"]
    everyone = total[total["group"] == EVERYONE]
    rows, widest = [], []
    for minutes, base in zip(everyone["minutes"], everyone["share"].fillna(0.0), strict=True):
        at = total[_same(total["minutes"], minutes)]
        by_group = dict(zip(at["group"], at["share"].to_numpy(float), strict=True))
        shares = {g: by_group[g] for g in groups}
        for group, share in shares.items():
            gap = (share - base) * 100.0 if not math.isnan(share) else math.nan
            rows.append(
                {
                    "group": group,
                    "minutes": minutes,
                    "share": share,
                    "everyone_share": base,
                    "gap_pp": gap,
                }
            )
        known = {g: s for g, s in shares.items() if not math.isnan(s)}
        if known:
            high, low = max(known, key=known.__getitem__), min(known, key=known.__getitem__)
            widest.append(
                {
                    "minutes": minutes,
                    "highest": high,
                    "lowest": low,
                    "gap_pp": (known[high] - known[low]) * 100.0,
                }
            )
    gap_columns = ["group", "minutes", "share", "everyone_share", "gap_pp"]
    return (
        pd.DataFrame(rows, columns=gap_columns),
        pd.DataFrame(widest, columns=["minutes", "highest", "lowest", "gap_pp"]),
    )


def _gini_areas(accessibility: Accessibility) -> tuple[str, pd.DataFrame]:
    """The areas the Gini is taken over: communities, else townships, else demand units."""
    table = accessibility.by_unit
    for level in ("community", "township"):
        areas = table[(table["level"] == level) & (table["unit"] != "") & (table["people"] > 0)]
        if len(areas):
            return level, areas
    units = accessibility.units
    return "unit", units[units["people"] > 0]


def group_equity(
    coverage_rows: pd.DataFrame, groups: Sequence[str], accessibility: Accessibility
) -> GroupEquity:
    """Coverage gaps of ``groups`` (from :attr:`GroupCoverage.coverage`) and the Gini."""
    gaps, widest = _gaps(coverage_rows, groups)
    level, areas = _gini_areas(accessibility)
    values = areas["staff_per_10k"].to_numpy(float)
    return GroupEquity(
        gaps=gaps,
        widest=widest,
        gini_weighted=gini(values, areas["people"].to_numpy(float)),
        gini_unweighted=gini(values),
        gini_level=level,
        gini_areas=len(areas),
    )


def group_coverage(
    coverage: Coverage, accessibility: Accessibility, groups: KeyGroups
) -> GroupCoverage:
    """Coverage, staff per 10,000, split and equity of the key groups (module rules).

    Parameters
    ----------
    coverage
        Today's coverage (:func:`~.measure.coverage_from`).
    accessibility
        Its accessibility (:func:`~.access_run.accessibility_from` on ``coverage``).
    groups
        People of each group per demand unit (:func:`key_groups_of`, or
        :func:`~servicecircle.demand.key_group_units.key_groups_for_units`),
        indexed like ``coverage.demand`` (ValueError when some unit is missing).
    """
    demand = coverage.demand
    residents = pd.to_numeric(demand["people"], errors="coerce").fillna(0.0).to_numpy(float)
    people: dict[str, FloatArray] = {EVERYONE: residents}
    if not demand.index.isin(groups.people.index).all():
        raise ValueError("the key groups were matched to other demand units than the coverage's")
    aligned = groups.people.reindex(demand.index).fillna(0.0)
    people |= {g: aligned[g].to_numpy(float) for g in groups.groups}
    breaks = tuple(sorted(float(b) for b in coverage.settings.breaks))
    rows = _group_coverage_rows(demand, people, breaks)
    return GroupCoverage(
        groups=groups.groups,
        kinds=dict(groups.kinds),
        people=aligned[list(groups.groups)],
        coverage=rows,
        access=_group_access_rows(accessibility, people),
        equity=group_equity(rows, groups.groups, accessibility),
        breaks=breaks,
        source=groups.source,
        notes=groups.notes,
    )


def key_groups_of(
    coverage: Coverage,
    path: str | Path,
    *,
    layer: str | None = None,
    crs: Any = None,
) -> KeyGroups:
    """Read a key-groups file and give each demand unit of ``coverage`` its people of each group.

    See :mod:`servicecircle.demand.key_groups` (the file) and
    :mod:`servicecircle.demand.key_group_units` (the rules).

    Raises
    ------
    InputDataError
        For a file that cannot be used, or areas the study area does not have.
    """
    bounds = tuple(float(v) for v in coverage.demand.total_bounds)
    table = read_key_groups(path, layer=layer, crs=crs, study_bounds=bounds)  # type: ignore[arg-type]
    return key_groups_for_units(table, coverage.demand)


__all__ = [
    "EVERYONE",
    "GroupCoverage",
    "GroupEquity",
    "gini",
    "group_coverage",
    "group_equity",
    "key_groups_of",
]
