"""Which township, community or polygon of the study area each census total belongs to.

A name is matched as written, else without the words 居民委员会/村民委员会/
居委会/村委会/办事处, else without a closing 社区/街道/村/镇/乡 (:func:`match_name`);
a name that matches no unit, or several, gets a status saying so, never a
guess. Census polygons apply to the units inside them, nested polygons
(a community inside its township) to what their children leave
(:func:`spatial_entries`). :mod:`~servicecircle.demand.census_scaling` applies
the matched totals.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle._progress import Said
from servicecircle.demand.census_types import CensusTotals
from servicecircle.i18n.message import msg

__all__ = ["STATUS_KEYS", "CensusEntry", "match_name", "named_entries", "spatial_entries"]

STATUS_SCALED: Final = "scaled"


STATUS_NO_CENSUS: Final = "no census total"


STATUS_WITH_PARENT: Final = "no census total; scaled with its township"


STATUS_NOT_FOUND: Final = "not found"


STATUS_AMBIGUOUS: Final = "several units match"


STATUS_REPEATED: Final = "unit given twice"


STATUS_NO_RESIDENTS: Final = "no residents estimated"


STATUS_UNDER_PARTS: Final = "smaller than its communities"

STATUS_KEYS: Final = {
    STATUS_SCALED: "msg.demand.census.status.scaled",
    STATUS_NO_CENSUS: "msg.demand.census.status.no_census",
    STATUS_WITH_PARENT: "msg.demand.census.status.with_parent",
    STATUS_NOT_FOUND: "msg.demand.census.status.not_found",
    STATUS_AMBIGUOUS: "msg.demand.census.status.ambiguous",
    STATUS_REPEATED: "msg.demand.census.status.repeated",
    STATUS_NO_RESIDENTS: "msg.demand.census.status.no_residents",
    STATUS_UNDER_PARTS: "msg.demand.census.status.under_parts",
}
"""The message key of each status, for the notes."""


_COMMITTEE: Final = re.compile(r"(居民委员会|村民委员会|居委会|村委会|街道办事处|办事处|委员会)$")


_LEVEL_WORD: Final = re.compile(r"(社区|街道|村|镇|乡)$")


_NESTED_SHARE: Final = 0.99


@dataclass
class CensusEntry:
    """One census total and the units it applies to."""

    level: str
    township: str | None
    community: str | None
    census_name: str
    where: Said  # the file and row, said in the planner's language (demand.file_places)
    census: float
    mask: np.ndarray | None = None  # units in the unit (None: not matched)
    scope: np.ndarray | None = None  # units this total alone decides (None: mask less children)
    status: str = STATUS_SCALED
    detail: Said = ""
    children: list[int] = field(default_factory=list)
    parent: int | None = None
    estimate: float = float("nan")
    factor: float = float("nan")


def _plain(name: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name)))


_TIERS: Final[tuple[Callable[[str], str], ...]] = (
    _plain,
    lambda n: _COMMITTEE.sub("", _plain(n)) or _plain(n),
    lambda n: _LEVEL_WORD.sub("", _COMMITTEE.sub("", _plain(n))) or _plain(n),
)


def match_name(name: str, candidates: list[str]) -> list[int]:
    """Positions in ``candidates`` that ``name`` names, at the strictest tier that finds any.

    Tiers: as written (blanks and full-width forms aside); without a closing
    居委会/村委会/办事处...; also without a closing 社区/街道/村/镇/乡.

    >>> match_name("梅园新村社区居委会", ["梅园新村社区", "梅园"])
    [0]
    >>> match_name("新街口", ["新街口街道"])
    [0]
    """
    for tier in _TIERS:
        wanted = tier(name)
        found = [i for i, c in enumerate(candidates) if tier(c) == wanted]
        if found:
            return found
    return []


@dataclass(frozen=True)
class _Names:
    """The study area's townships, and its communities as (township, name)."""

    townships: list[str]
    communities: list[tuple[str | None, str]]

    @classmethod
    def of(cls, admin: pd.DataFrame) -> _Names:
        levels = admin["level"].to_numpy()
        names = [str(n) for n in admin["name"]]
        towns = [None if pd.isna(t) else str(t) for t in admin["township"]]
        return cls(
            townships=[n for n, lv in zip(names, levels, strict=True) if lv == "township"],
            communities=[
                (t, n) for n, t, lv in zip(names, towns, levels, strict=True) if lv == "community"
            ],
        )


def _quote(township: str | None, community: str) -> str:
    return f"{township}/{community}" if township is not None else community


_Match = tuple[str, str | None, str | None, str, Said]


def _match_row(row: Mapping[Any, Any], names: _Names) -> _Match:
    """(level, township, community, status, detail) of one named census row."""
    towns_all = names.townships
    township, community, name = row["township"], row["community"], row["name"]
    if name is not None:  # a unit named without its level: a township or a community
        towns = match_name(name, towns_all)
        comms = match_name(name, [c for _, c in names.communities])
        if len(towns) == 1 and not comms:
            return "township", towns_all[towns[0]], None, STATUS_SCALED, ""
        if (towns and comms) or len(towns) > 1:
            listed = [towns_all[i] for i in towns]
            listed += [_quote(*names.communities[i]) for i in comms]
            return "unit", None, name, STATUS_AMBIGUOUS, _several(name, listed)
        township, community = None, name
    if community is None:
        towns = match_name(township, towns_all)
        if len(towns) == 1:
            return "township", towns_all[towns[0]], None, STATUS_SCALED, ""
        if towns:
            detail = _several(township, [towns_all[i] for i in towns])
            return "township", township, None, STATUS_AMBIGUOUS, detail
        return "township", township, None, STATUS_NOT_FOUND, ""
    pool = names.communities
    if township is not None and towns_all:
        towns = match_name(township, towns_all)
        if len(towns) != 1:
            if towns:
                detail = _several(township, [towns_all[i] for i in towns])
                return "community", township, community, STATUS_AMBIGUOUS, detail
            detail = msg("msg.demand.census.township_not_found", township=township)
            return "community", township, community, STATUS_NOT_FOUND, detail
        pool = [c for c in pool if c[0] == towns_all[towns[0]]]
    found = match_name(community, [c for _, c in pool])
    if len(found) == 1:
        hit_town, hit_name = pool[found[0]]
        return "community", hit_town, hit_name, STATUS_SCALED, ""
    if not found:
        return "community", township, community, STATUS_NOT_FOUND, ""
    places = [_quote(*pool[i]) for i in found]
    if len({pool[i][0] for i in found}) > 1:
        detail = msg(
            "msg.demand.census.in_several_townships",
            community=community,
            count=len(places),
            places=[repr(p) for p in places],
        )
    else:
        detail = _several(community, places)
    return "community", township, community, STATUS_AMBIGUOUS, detail


def _several(name: str, found: list[str]) -> Said:
    return msg(
        "msg.demand.census.several", name=name, count=len(found), units=[repr(f) for f in found]
    )


def named_entries(
    totals: CensusTotals, units: pd.DataFrame, admin: pd.DataFrame
) -> list[CensusEntry]:
    """Match each census row to a township or community of ``admin`` by its names."""
    entries: list[CensusEntry] = []
    claimed: dict[tuple[str, Any, Any], int] = {}
    names = _Names.of(admin)
    for record in totals.rows.to_dict("records"):
        level, township, community, status, detail = _match_row(record, names)
        written = [v for v in (record["township"], record["community"], record["name"]) if v]
        entry = CensusEntry(
            level=level,
            township=township,
            community=community,
            census_name="/".join(str(v) for v in written),
            where=record["where"],
            census=float(record["population"]),
            status=status,
            detail=detail,
        )
        if status == STATUS_SCALED:
            key = (level, township, community)
            if key in claimed:
                entry.status = STATUS_REPEATED
                entry.detail = msg("msg.demand.census.same_unit", where=entries[claimed[key]].where)
            else:
                claimed[key] = len(entries)
                if level == "township":
                    entry.mask = (units["township"] == township).to_numpy()
                else:
                    same_town = (
                        units["township"].isna()
                        if township is None
                        else units["township"] == township
                    )
                    entry.mask = (same_town & (units["community"] == community)).to_numpy()
        entries.append(entry)
    towns = {
        e.township: i for i, e in enumerate(entries) if e.mask is not None and e.level == "township"
    }
    for i, entry in enumerate(entries):
        if entry.mask is not None and entry.level == "community" and entry.township in towns:
            entry.parent = towns[entry.township]
            entries[entry.parent].children.append(i)
    return entries


def spatial_entries(totals: CensusTotals, units: gpd.GeoDataFrame) -> list[CensusEntry]:
    """Census entries of a boundary layer: each polygon's people over the units it overlaps."""
    rows = totals.rows
    if not isinstance(rows, gpd.GeoDataFrame):
        raise TypeError("spatial census entries need census rows with geometries")
    polygons = rows.to_crs(units.crs).geometry.to_numpy()
    areas = shapely.area(polygons)
    entries = [
        CensusEntry(
            level="area",
            township=None,
            community=str(name),
            census_name=str(name),
            where=where,
            census=float(population),
        )
        for name, where, population in zip(
            rows["name"], rows["where"], rows["population"], strict=True
        )
    ]
    tree = shapely.STRtree(polygons)
    inner, outer = tree.query(polygons, predicate="intersects")
    pairs = (inner != outer) & (areas[inner] < areas[outer])
    inner, outer = inner[pairs], outer[pairs]
    shared = shapely.area(shapely.intersection(polygons[inner], polygons[outer]))
    nested = shared >= _NESTED_SHARE * areas[inner]
    for child in np.unique(inner[nested]):  # the smallest polygon holding it is its parent
        holders = outer[nested & (inner == child)]
        parent = int(holders[np.argmin(areas[holders])])
        entries[int(child)].parent = parent
        entries[parent].children.append(int(child))
    # each unit belongs to the smallest census polygon holding it
    points = units.geometry.to_numpy()
    point_idx, poly_idx = tree.query(points, predicate="within")
    order = np.lexsort((poly_idx, -areas[poly_idx]))  # larger first, smaller overwrite
    smallest = np.full(len(points), -1)
    smallest[point_idx[order]] = poly_idx[order]
    for i, entry in enumerate(entries):
        entry.mask = np.zeros(len(points), dtype=bool)
        entry.mask[point_idx[poly_idx == i]] = True
        entry.scope = smallest == i
    return entries
