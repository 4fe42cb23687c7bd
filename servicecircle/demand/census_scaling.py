"""Scale the resident estimate to census totals, and show how far apart they were.

Each census total (:class:`~servicecircle.demand.census.CensusTotals`) is
matched to a township or community of the study area, keyed by
(township, community) as in :mod:`servicecircle.admin_units`, or, for a
boundary layer, applies to the residents inside its polygon. Then the
residents of that unit are scaled so that they add up to it:

- a name is matched as written, else without the words 居民委员会/村民委员会/
  居委会/村委会/办事处, else without a closing 社区/街道/村/镇/乡; a name that
  matches no unit, or several (a 新村 in two townships), is listed in the
  audit and the notes, never guessed;
- a community's total applies to its residents; a township's total to its
  residents outside the communities that have their own total (the township
  total less theirs), and likewise for nested census polygons;
- only residents are scaled (class ``residential``): workers, relocated
  residents and the planner's own points are not in the census figures;
- a unit with a census total but no residents in the estimate is listed
  (add demand points or a population grid for it), as is a township whose
  communities add up to more than its own total.

:func:`scale_to_census` returns the scaled units and the audit table: per
unit its estimate, census, ratio (census ÷ estimate) and what was done, with
the units that have no census total.
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

from servicecircle.demand.census import CensusTotals, census_from_mapping
from servicecircle.errors import InputDataError

RESIDENT_CLASSES: Final = ("residential",)
"""Demand classes the census counts (and so the classes scaled)."""

AUDIT_COLUMNS: Final = (
    "level",
    "township",
    "community",
    "census_name",
    "where",
    "estimate",
    "census",
    "ratio",
    "factor",
    "status",
)
"""Columns of the audit table: the unit (``level`` township, community, area or
outside), the name as the census writes it and where (file and row), the
residents estimated before scaling, the census total, their ratio (census ÷
estimate), the factor applied to the unit's own residents, and the status."""

STATUS_SCALED: Final = "scaled"
STATUS_NO_CENSUS: Final = "no census total"
STATUS_WITH_PARENT: Final = "no census total; scaled with its township"
STATUS_NOT_FOUND: Final = "not found"
STATUS_AMBIGUOUS: Final = "several units match"
STATUS_REPEATED: Final = "unit given twice"
STATUS_NO_RESIDENTS: Final = "no residents estimated"
STATUS_UNDER_PARTS: Final = "smaller than its communities"

_COMMITTEE: Final = re.compile(r"(居民委员会|村民委员会|居委会|村委会|街道办事处|办事处|委员会)$")
_LEVEL_WORD: Final = re.compile(r"(社区|街道|村|镇|乡)$")
_NESTED_SHARE: Final = 0.99
_NO_BOUNDARIES: Final = (
    "none (give township/community boundaries with --boundaries, or the census totals as "
    "polygons with a population column)"
)


@dataclass(frozen=True, eq=False)
class CensusScaling:
    """Demand units scaled to census totals, and the audit of it.

    Attributes
    ----------
    units
        The units, residents scaled.
    audit
        :data:`AUDIT_COLUMNS`, census rows first (in file order), then the
        units without a census total.
    notes
        One summary line and each total that could not be applied.
    applied
        The census names applied, for the report.
    """

    units: gpd.GeoDataFrame
    audit: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)


@dataclass
class _Entry:
    """One census total and the units it applies to."""

    level: str
    township: str | None
    community: str | None
    census_name: str
    where: str
    census: float
    mask: np.ndarray | None = None  # units in the unit (None: not matched)
    scope: np.ndarray | None = None  # units this total alone decides (None: mask less children)
    status: str = STATUS_SCALED
    detail: str = ""
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


_Match = tuple[str, str | None, str | None, str, str]


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
            detail = f"township {township!r} not found"
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
        detail = (
            f"{community!r} is a community in {len(places)} townships: "
            f"{', '.join(repr(p) for p in places)}; name its township too"
        )
    else:
        detail = _several(community, places)
    return "community", township, community, STATUS_AMBIGUOUS, detail


def _several(name: str, found: list[str]) -> str:
    return f"{name!r} matches {len(found)} units: {', '.join(repr(f) for f in found)}"


def _named_entries(totals: CensusTotals, units: pd.DataFrame, admin: pd.DataFrame) -> list[_Entry]:
    entries: list[_Entry] = []
    claimed: dict[tuple[str, Any, Any], int] = {}
    names = _Names.of(admin)
    for record in totals.rows.to_dict("records"):
        level, township, community, status, detail = _match_row(record, names)
        written = [v for v in (record["township"], record["community"], record["name"]) if v]
        entry = _Entry(
            level=level,
            township=township,
            community=community,
            census_name="/".join(str(v) for v in written),
            where=str(record["where"]),
            census=float(record["population"]),
            status=status,
            detail=detail,
        )
        if status == STATUS_SCALED:
            key = (level, township, community)
            if key in claimed:
                entry.status = STATUS_REPEATED
                entry.detail = f"the same unit as {entries[claimed[key]].where}"
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


def _spatial_entries(totals: CensusTotals, units: gpd.GeoDataFrame) -> list[_Entry]:
    rows = totals.rows
    assert isinstance(rows, gpd.GeoDataFrame)
    polygons = rows.to_crs(units.crs).geometry.to_numpy()
    areas = shapely.area(polygons)
    entries = [
        _Entry(
            level="area",
            township=None,
            community=str(name),
            census_name=str(name),
            where=str(where),
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


def _scope(entry: _Entry, entries: list[_Entry]) -> np.ndarray:
    """The units whose residents this total alone decides (not those of its sub-units)."""
    assert entry.mask is not None
    if entry.scope is not None:
        return entry.scope
    scope = entry.mask.copy()
    for child in entry.children:
        child_mask = entries[child].mask
        if child_mask is not None:
            scope &= ~child_mask
    return scope


def _apply(entries: list[_Entry], units: gpd.GeoDataFrame) -> np.ndarray:
    """The people of ``units`` after scaling (each entry's status, estimate and factor set)."""
    people = units["people"].to_numpy(dtype=float).copy()
    before = people.copy()
    residents = units["class"].isin(RESIDENT_CLASSES).to_numpy()
    for entry in entries:
        if entry.mask is None:
            continue
        entry.estimate = float(before[entry.mask & residents].sum())
        target = entry.census - sum(entries[c].census for c in entry.children)
        scope = _scope(entry, entries) & residents
        current = float(before[scope].sum())
        if target < 0:
            entry.status = STATUS_UNDER_PARTS
            parts = entry.census - target
            entry.detail = (
                f"its units with their own totals add up to {parts:,.0f}, more than its "
                f"{entry.census:,.0f}: its other residents are left as estimated"
            )
        elif current > 0:
            entry.factor = target / current
            people[scope] = before[scope] * entry.factor
        elif target > 0:
            entry.status = STATUS_NO_RESIDENTS
            entry.detail = (
                f"the census counts {target:,.0f} people there; add demand points or a "
                "population grid for them"
            )
        else:
            entry.factor = 1.0
    return people


def _unmatched_units(
    entries: list[_Entry], units: gpd.GeoDataFrame, admin: pd.DataFrame, before: np.ndarray
) -> list[dict[str, Any]]:
    """Audit rows for the townships and communities without a census total."""
    residents = units["class"].isin(RESIDENT_CLASSES).to_numpy()
    covered = {(e.level, e.township, e.community) for e in entries if e.mask is not None}
    parents = {e.township for e in entries if e.mask is not None and e.level == "township"}
    rows = []
    for level, name, township in admin[["level", "name", "township"]].to_numpy():
        if level == "township":
            key = ("township", name, None)
            mask = (units["township"] == name).to_numpy()
        else:
            key = ("community", township, name)
            same_town = (
                units["township"].isna() if township is None else units["township"] == township
            )
            mask = (same_town & (units["community"] == name)).to_numpy()
        if key in covered:
            continue
        status = (
            STATUS_WITH_PARENT if level == "community" and township in parents else STATUS_NO_CENSUS
        )
        rows.append(
            {
                "level": level,
                "township": key[1],
                "community": key[2],
                "estimate": float(before[mask & residents].sum()),
                "status": status,
            }
        )
    if entries and all(e.level == "area" for e in entries):
        inside = np.zeros(len(units), dtype=bool)
        for entry in entries:
            if entry.mask is not None:
                inside |= entry.mask
        outside = ~inside & residents
        if outside.any():
            rows.append(
                {
                    "level": "outside",
                    "estimate": float(before[outside].sum()),
                    "status": STATUS_NO_CENSUS,
                }
            )
    return rows


def _audit(entries: list[_Entry], extra: list[dict[str, Any]]) -> pd.DataFrame:
    rows = [
        {
            "level": e.level,
            "township": e.township,
            "community": e.community,
            "census_name": e.census_name,
            "where": e.where,
            "estimate": e.estimate,
            "census": e.census,
            "factor": e.factor,
            "status": e.status + (f": {e.detail}" if e.detail else ""),
        }
        for e in entries
    ]
    audit = pd.DataFrame(rows + extra, columns=[c for c in AUDIT_COLUMNS if c != "ratio"])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = audit["census"].to_numpy(float) / audit["estimate"].to_numpy(float)
    audit.insert(AUDIT_COLUMNS.index("ratio"), "ratio", np.where(np.isfinite(ratio), ratio, np.nan))
    for column in ("level", "township", "community", "census_name", "where", "status"):
        values = audit[column].astype(object)
        audit[column] = values.where(values.notna(), None)
    return audit.astype({"estimate": float, "census": float, "factor": float})


def _nothing_matched(totals: CensusTotals, entries: list[_Entry], admin: pd.DataFrame) -> str:
    known = sorted({str(n) for n in admin["name"]})
    problems = [f"{e.census_name!r} ({e.where}): {e.detail or e.status}" for e in entries[:8]]
    more = f" and {len(entries) - 8} more" if len(entries) > 8 else ""
    return (
        f"None of the census totals of {totals.source} could be applied; they were not found "
        f"among the townships/communities of the study area or name several: "
        f"{'; '.join(problems)}{more}. Known names: "
        f"{', '.join(known[:20]) or _NO_BOUNDARIES}."
    )


def scale_to_census(
    units: gpd.GeoDataFrame,
    census: CensusTotals | Mapping[str, float],
    admin: pd.DataFrame,
) -> CensusScaling:
    """Scale residents so that each census unit totals its census figure.

    Parameters
    ----------
    units
        Demand units with ``class``, ``people``, ``township`` and ``community``
        (see :func:`~servicecircle.admin_units.assign_admin_units`).
    census
        Totals from :func:`~servicecircle.demand.census.read_census`, or a
        mapping ``{name: population}`` ("城关镇/新村" names a community with
        its township).
    admin
        The admin-unit table (:data:`~servicecircle.admin_units.ADMIN_COLUMNS`).

    Returns
    -------
    CensusScaling
        The scaled units, the audit table and notes.

    Raises
    ------
    InputDataError
        When no census total can be applied at all (the message lists why).
    """
    totals = census if isinstance(census, CensusTotals) else census_from_mapping(census)
    units = units.copy()
    before = units["people"].to_numpy(dtype=float).copy()
    if totals.spatial:
        entries = _spatial_entries(totals, units)
    else:
        entries = _named_entries(totals, units, admin)
    if not any(e.mask is not None for e in entries):
        raise InputDataError(_nothing_matched(totals, entries, admin))
    units["people"] = _apply(entries, units)
    audit = _audit(entries, _unmatched_units(entries, units, admin, before))
    return CensusScaling(
        units=units,
        audit=audit,
        notes=_notes(totals, entries, before, units),
        applied=[e.census_name for e in entries if e.status == STATUS_SCALED],
    )


def _notes(
    totals: CensusTotals, entries: list[_Entry], before: np.ndarray, units: gpd.GeoDataFrame
) -> list[str]:
    residents = units["class"].isin(RESIDENT_CLASSES).to_numpy()
    applied = sum(e.status == STATUS_SCALED for e in entries)
    column = f", column {totals.column!r}" if totals.column else ""
    notes = list(totals.notes)
    notes.append(
        f"Census totals ({totals.source}{column}): {applied} of {len(entries)} applied; "
        f"residents {before[residents].sum():,.0f} estimated, "
        f"{units['people'].to_numpy(float)[residents].sum():,.0f} after scaling."
    )
    for entry in entries:
        if entry.status != STATUS_SCALED:
            notes.append(
                f"Census total {entry.census_name!r} ({entry.where}, {entry.census:,.0f}) "
                f"{entry.status}" + (f": {entry.detail}." if entry.detail else ".")
            )
    return notes


__all__ = ["AUDIT_COLUMNS", "CensusScaling", "match_name", "scale_to_census"]
