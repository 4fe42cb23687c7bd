"""People of each key group per demand unit, from a :class:`~.key_groups.KeyGroupTable`.

Rules (tested one by one):

* an area's row is matched to the study area's townships/streets and
  communities/villages by its names as census totals are
  (:func:`servicecircle.demand.census_matching.named_entries`: as written,
  else without 居委会/村委会/办事处, else without a closing 社区/街道/村/镇/乡);
  an area that matches nothing, or several, or twice, is refused with the
  names the study area has;
* a *count* is spread over the area's demand units in proportion to their
  residents; a *share* (or percent) is the share of each unit's residents;
* a township row and rows of its communities: the communities decide their
  own units, the township's count less theirs is spread over its other units
  (its share applies to those units);
* a polygon of a layer applies to the units inside it (nested polygons as
  census polygons: :func:`~servicecircle.demand.census_matching.spatial_entries`);
  a point's numbers go to the nearest demand unit with residents;
* units no row speaks of have none of the group (the notes say how many
  residents that is).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from servicecircle._progress import Said
from servicecircle.demand.census_matching import (
    STATUS_SCALED,
    CensusEntry,
    named_entries,
    spatial_entries,
)
from servicecircle.demand.census_types import CensusTotals
from servicecircle.demand.key_groups import GROUP_KEYS, KeyGroupTable, Kind
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
_SHOWN = 8


@dataclass(frozen=True, eq=False)
class KeyGroups:
    """People of each key group per demand unit.

    Attributes
    ----------
    people
        Indexed like the demand units; one float column per group (people of
        the group living there), in :data:`~.key_groups.GROUP_KEYS` order.
    kinds
        Group -> how the file gave it (``count``, ``share``, ``percent``).
    source
        The file's name.
    notes
        What was read and assumed, for the planner.
    """

    people: pd.DataFrame
    kinds: Mapping[str, Kind]
    source: str = ""
    notes: tuple[Said, ...] = field(default_factory=tuple)

    @property
    def groups(self) -> tuple[str, ...]:
        """The groups given, in :data:`~.key_groups.GROUP_KEYS` order."""
        return tuple(g for g in GROUP_KEYS if g in self.people.columns)


def _names(units: pd.DataFrame, column: str) -> pd.Series:
    if column not in units.columns:
        return pd.Series([None] * len(units), index=units.index, dtype=object)
    values = units[column].astype(object)
    return values.where(values.notna() & (values.astype(str) != ""), None)


def admin_from_units(units: pd.DataFrame) -> pd.DataFrame:
    """The townships and (township, community) pairs the demand units name, as admin rows."""
    township, community = _names(units, "township"), _names(units, "community")
    towns = sorted({str(t) for t in township.dropna()})
    pairs = sorted(
        {(t, str(c)) for t, c in zip(township, community, strict=True) if c is not None},
        key=lambda p: (p[0] or "", p[1]),
    )
    return pd.DataFrame(
        {
            "level": ["township"] * len(towns) + ["community"] * len(pairs),
            "name": towns + [c for _, c in pairs],
            "township": [None] * len(towns) + [t for t, _ in pairs],
        }
    )


def group_entries(table: KeyGroupTable, units: pd.DataFrame) -> list[CensusEntry]:
    """Each row of ``table`` matched to ``units`` as census rows are: by place, else by names.

    A row matching no single area keeps its status (not found, several ...)
    and no mask; :func:`key_groups_for_units` refuses such named rows.
    """
    if table.spatial:
        areas = table.rows.assign(population=0.0)
        return spatial_entries(CensusTotals(rows=areas, source=table.source), units)
    keyed = units.assign(township=_names(units, "township"), community=_names(units, "community"))
    rows = table.rows[["township", "community", "name", "where"]].assign(population=0.0)
    totals = CensusTotals(rows=rows, source=table.source)
    return named_entries(totals, keyed, admin_from_units(units))


def _matched(table: KeyGroupTable, units: pd.DataFrame) -> list[CensusEntry]:
    """One census-style entry per row of the table; refuse names that match no single area."""
    entries = group_entries(table, units)
    admin = admin_from_units(units)
    said = list(table.rows["where"])
    wrong = [i for i, e in enumerate(entries) if e.status != STATUS_SCALED]
    if wrong:
        known = [
            f"{t}/{n}" if t else str(n)
            for t, n in zip(admin["township"], admin["name"], strict=True)
        ]
        raise InputDataError(
            msg(
                "msg.groups.unknown_areas",
                source=table.source,
                count=len(wrong),
                areas=[
                    msg("msg.groups.area", where=said[i], name=entries[i].census_name)
                    for i in wrong[:_SHOWN]
                ],
                known=known[:20] or "-",
            )
        )
    return entries


def _scope(entries: list[CensusEntry], i: int, given: FloatArray) -> BoolArray:
    """The units row ``i`` alone decides for a group (its children with a value excluded)."""
    entry = entries[i]
    if entry.mask is None:  # not matched: decides nothing
        return np.zeros(0 if entry.scope is None else entry.scope.size, dtype=bool)
    kids = [c for c in entry.children if not np.isnan(given[c])]
    if entry.scope is not None:  # a polygon: its own units and those of children without value
        scope = entry.scope.copy()
        for child in set(entry.children) - set(kids):
            child_scope = entries[child].scope
            if child_scope is not None:
                scope |= child_scope
        return scope
    scope = entry.mask.copy()
    for child in kids:
        child_mask = entries[child].mask
        if child_mask is not None:
            scope &= ~child_mask
    return scope


def _spread(
    entries: list[CensusEntry],
    given: FloatArray,
    kind: Kind,
    residents: FloatArray,
    said: list[Said],
) -> tuple[FloatArray, dict[int, Said]]:
    """People of one group per unit from the entries' values; areas whose count found nobody."""
    out = np.zeros(residents.size)
    empty: dict[int, Said] = {}
    for i, entry in enumerate(entries):
        value = given[i]
        if np.isnan(value) or entry.mask is None:
            continue  # blank for this group, or a polygon holding no unit
        scope = _scope(entries, i, given)
        if kind != "count":
            out[scope] = value * residents[scope]
            continue
        kids = [c for c in entry.children if not np.isnan(given[c])]
        left = max(value - float(np.nansum(given[kids])), 0.0)
        weight = residents * scope
        if weight.sum() > 0:
            out += left * weight / weight.sum()
        elif left > 0:
            empty[i] = msg("msg.groups.area", where=said[i], name=entry.census_name)
    return out, empty


def _nearest_units(table: KeyGroupTable, units: pd.DataFrame, residents: FloatArray) -> BoolArray:
    """Units × points: True where the point's nearest unit with residents is the unit."""
    import geopandas as gpd

    where = gpd.GeoSeries(units.geometry, crs=getattr(units, "crs", None) or "EPSG:4326")
    metric = where.estimate_utm_crs()
    lived = np.flatnonzero(residents > 0)
    if lived.size == 0:
        raise InputDataError(msg("msg.groups.no_residents", source=table.source))
    targets = where.iloc[lived].to_crs(metric).to_numpy()
    points = gpd.GeoSeries(table.rows.geometry, crs="EPSG:4326").to_crs(metric).to_numpy()
    _, nearest = shapely.STRtree(targets).query_nearest(points, return_distance=False)
    hits = np.zeros((residents.size, len(points)), dtype=bool)
    hits[lived[nearest], np.arange(len(points))] = True
    return hits


def _from_points(
    table: KeyGroupTable, units: pd.DataFrame, residents: FloatArray
) -> dict[str, FloatArray]:
    hits = _nearest_units(table, units, residents)
    out: dict[str, FloatArray] = {}
    for group in table.groups:
        given = table.rows[group].to_numpy(float)
        filled = ~np.isnan(given)
        if table.kinds[group] == "count":
            out[group] = hits[:, filled] @ given[filled]
        else:  # the mean share of the points at each unit
            count = hits[:, filled].sum(axis=1)
            total = hits[:, filled] @ given[filled]
            share = np.divide(total, count, out=np.zeros(residents.size), where=count > 0)
            out[group] = share * residents
    return out


def is_point_layer(table: KeyGroupTable) -> bool:
    """Whether ``table`` is a layer of points (each point's people go to its nearest unit)."""
    kinds = set(shapely.get_type_id(np.asarray(table.rows.geometry, dtype=object)).tolist())
    return kinds <= {0, 4}  # Point, MultiPoint


def key_groups_for_units(table: KeyGroupTable, units: pd.DataFrame) -> KeyGroups:
    """People of each group per demand unit (see the module's rules).

    Parameters
    ----------
    table
        :func:`~.key_groups.read_key_groups`.
    units
        The demand units (:attr:`Coverage.demand <servicecircle.coverage.Coverage>`):
        ``people``, ``township``, ``community`` and, for a layer, ``geometry``.

    Raises
    ------
    InputDataError
        When an area's name matches no township/community of the study area,
        or several; the message lists them with the names the study area has.
    """
    residents = pd.to_numeric(units["people"], errors="coerce").fillna(0.0).to_numpy(float)
    notes: list[Said] = list(table.notes)
    if table.spatial and is_point_layer(table):
        people = _from_points(table, units, residents)
        spoken = np.ones(residents.size, dtype=bool)
    else:
        entries = group_entries(table, units) if table.spatial else _matched(table, units)
        people, empty = {}, dict[int, Said]()
        said = list(table.rows["where"])
        for group in table.groups:
            given = table.rows[group].to_numpy(float)
            people[group], lost = _spread(entries, given, table.kinds[group], residents, said)
            empty |= lost
        if empty:
            shown = [empty[i] for i in sorted(empty)[:_SHOWN]]
            notes.append(msg("msg.groups.empty_areas", areas=shown))
        spoken = np.zeros(residents.size, dtype=bool)
        for entry in entries:
            if entry.mask is not None:
                spoken |= entry.mask
    unspoken = float(residents[~spoken].sum())
    if unspoken > 0:
        notes.append(
            msg(
                "msg.groups.unspoken",
                people=f"{unspoken:,.0f}",
                share=f"{unspoken / residents.sum():.1%}",
            )
        )
    frame = pd.DataFrame(people, index=units.index)[list(table.groups)]
    return KeyGroups(people=frame, kinds=dict(table.kinds), source=table.source, notes=tuple(notes))


__all__ = [
    "KeyGroups",
    "admin_from_units",
    "group_entries",
    "is_point_layer",
    "key_groups_for_units",
]
