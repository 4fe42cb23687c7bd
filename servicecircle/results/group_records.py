"""The record of the key groups and equity in ``summary.json`` (``groups``).

:attr:`CoverageSummary.groups <servicecircle.results.schema.CoverageSummary>`
is a :class:`KeyGroupsSummary`, or ``None`` when no key-groups file was given
(and in files written before key groups were measured; they still read).
:func:`group_record` turns a computed
:class:`~servicecircle.coverage.groups.GroupCoverage` into it. Coverage is
keyed by break (``"15"``) and ``"standard"`` (each outlet type's own
standard); gaps are in percentage points.

>>> KeyGroupsSummary.from_json({"source": "g.csv"}).groups
()
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from servicecircle.results._codec import Record

if TYPE_CHECKING:  # the records stay light to read: no geometry stack imported
    import pandas as pd

    from servicecircle.coverage.groups import GroupCoverage

__all__ = [
    "GroupArea",
    "GroupTotal",
    "KeyGroupsSummary",
    "WidestGap",
    "group_layer",
    "group_record",
]

#: The key of coverage at each outlet type's own standard.
STANDARD = "standard"


@dataclass(frozen=True)
class GroupTotal(Record):
    """One key group (or ``everyone``) in the whole area.

    ``covered``, ``shares`` and ``gap_pp`` are keyed by break and
    ``"standard"``; ``served + over_capacity + out_of_reach = people``.
    """

    group: str
    kind: str
    people: float
    covered: Mapping[str, float | None]
    shares: Mapping[str, float | None]
    gap_pp: Mapping[str, float | None]
    staff_per_10k: float | None
    staff_per_10k_e2sfca: float | None
    served: float
    over_capacity: float
    out_of_reach: float


@dataclass(frozen=True)
class WidestGap(Record):
    """The groups with the highest and lowest share covered at a break (``None``: standard)."""

    minutes: float | None
    highest: str
    lowest: str
    gap_pp: float | None


@dataclass(frozen=True)
class GroupArea(Record):
    """One key group in one township/street or community (``level``)."""

    level: str
    township: str
    unit: str
    group: str
    people: float
    shares: Mapping[str, float | None]
    staff_per_10k: float | None
    served: float
    over_capacity: float
    out_of_reach: float


@dataclass(frozen=True)
class KeyGroupsSummary(Record):
    """Key groups: coverage, staff per 10,000 and the split per group, gaps and the Gini.

    ``kinds`` says how the file gave each group (``count``, ``share``,
    ``percent``). The Gini of staff per 10,000 (2SFCA) is taken across the
    ``gini_areas`` areas of ``gini_level`` (``community``, ``township`` or
    ``unit``) with residents, weighted by residents and unweighted.
    """

    source: str
    kinds: Mapping[str, str] | None = None
    groups: tuple[GroupTotal, ...] = ()
    widest: tuple[WidestGap, ...] = ()
    gini_weighted: float | None = None
    gini_unweighted: float | None = None
    gini_level: str = ""
    gini_areas: int = 0
    areas: tuple[GroupArea, ...] = ()


def _number(value: Any, digits: int = 6) -> float | None:
    number = float(value)
    return round(number, digits) if math.isfinite(number) else None


def _key(minutes: float) -> str:
    from servicecircle.coverage.settings import break_key

    return STANDARD if math.isnan(minutes) else break_key(minutes)


def _by_key(rows: pd.DataFrame, column: str, digits: int) -> dict[str, float | None]:
    return {
        _key(float(m)): _number(v, digits)
        for m, v in zip(rows["minutes"], rows[column], strict=True)
    }


def _totals(result: GroupCoverage) -> tuple[GroupTotal, ...]:
    from servicecircle.coverage.groups import EVERYONE

    cover = result.coverage[result.coverage["level"] == "total"]
    access = result.access[result.access["level"] == "total"]
    gaps = result.equity.gaps
    out = []
    for group in (EVERYONE, *result.groups):
        mine = cover[cover["group"] == group]
        row = access[access["group"] == group].iloc[0]
        gap = _by_key(gaps[gaps["group"] == group], "gap_pp", 4)
        out.append(
            GroupTotal(
                group=group,
                kind=str(result.kinds.get(group, "")),
                people=round(float(row["people"]), 3),
                covered=_by_key(mine, "covered", 3),
                shares=_by_key(mine, "share", 6),
                gap_pp=gap or dict.fromkeys(_by_key(mine, "share", 6), 0.0),
                staff_per_10k=_number(row["staff_per_10k"]),
                staff_per_10k_e2sfca=_number(row["staff_per_10k_e2sfca"]),
                served=round(float(row["served"]), 3),
                over_capacity=round(float(row["over_capacity"]), 3),
                out_of_reach=round(float(row["out_of_reach"]), 3),
            )
        )
    return tuple(out)


def _areas(result: GroupCoverage) -> tuple[GroupArea, ...]:
    cover = result.coverage[(result.coverage["level"] != "total") & (result.coverage["unit"] != "")]
    keys = ["group", "level", "township", "unit"]
    access = {tuple(str(row[k]) for k in keys): row for row in result.access.to_dict("records")}
    out = []
    for (group, level, township, unit), rows in cover.groupby(keys, sort=False):
        row = access[(str(group), str(level), str(township), str(unit))]
        out.append(
            GroupArea(
                level=str(level),
                township=str(township),
                unit=str(unit),
                group=str(group),
                people=round(float(row["people"]), 3),
                shares=_by_key(rows, "share", 6),
                staff_per_10k=_number(row["staff_per_10k"]),
                served=round(float(row["served"]), 3),
                over_capacity=round(float(row["over_capacity"]), 3),
                out_of_reach=round(float(row["out_of_reach"]), 3),
            )
        )
    return tuple(out)


def group_record(result: GroupCoverage) -> KeyGroupsSummary:
    """The ``summary.json`` record of ``result`` (people to 3 decimals, shares to 6)."""
    equity = result.equity
    widest = tuple(
        WidestGap(
            minutes=None if math.isnan(float(row["minutes"])) else float(row["minutes"]),
            highest=str(row["highest"]),
            lowest=str(row["lowest"]),
            gap_pp=_number(row["gap_pp"], 4),
        )
        for row in equity.widest.to_dict("records")
    )
    return KeyGroupsSummary(
        source=result.source,
        kinds={g: str(k) for g, k in result.kinds.items()},
        groups=_totals(result),
        widest=widest,
        gini_weighted=_number(equity.gini_weighted),
        gini_unweighted=_number(equity.gini_unweighted),
        gini_level=equity.gini_level,
        gini_areas=equity.gini_areas,
        areas=_areas(result),
    )


def group_layer(record: KeyGroupsSummary) -> pd.DataFrame:
    """The ``key_groups`` table of ``analysis.gpkg``: one row per township/community and group.

    Columns ``level``, ``township`` (a community's township, else empty),
    ``name``, ``group`` (``everyone`` first), ``people``, ``share_<b>`` per
    break and ``share_standard``, ``staff_per_10k``, ``served_in_capacity``,
    ``over_capacity`` and ``out_of_reach`` (people of the group).
    """
    import pandas as pd

    rows = [
        {
            "level": area.level,
            "township": area.township,
            "name": area.unit,
            "group": area.group,
            "people": area.people,
            **{
                f"share_{key}": share
                for key, share in area.shares.items()
                if key != STANDARD and key.isdigit()
            },
            "share_standard": area.shares.get(STANDARD),
            "staff_per_10k": area.staff_per_10k,
            "served_in_capacity": area.served,
            "over_capacity": area.over_capacity,
            "out_of_reach": area.out_of_reach,
        }
        for area in record.areas
    ]
    if not rows:
        return pd.DataFrame({"level": [], "township": [], "name": [], "group": [], "people": []})
    return pd.DataFrame(rows).astype({"share_standard": float, "staff_per_10k": float})
