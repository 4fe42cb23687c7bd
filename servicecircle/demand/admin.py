"""Townships/streets and communities/villages: which one each demand unit is in.

Administrative boundaries (from OSM or a planner's file) name the units that
coverage is reported by. Names repeat: many townships have a 新村, and a
planner's file may hold one name twice. The rules:

- a community is known by its township and its name together
  (:data:`UNIT_KEYS`), so two 新村 in different townships stay apart;
- two boundaries with the same name at the same level in the same township
  (or outside every township) are kept apart as "新村" and "新村 (2)" (in file
  order), and a note says so;
- a boundary without a name is called by its number among the unnamed ones
  of its township ("#1", "#2": the same in both languages), with a note;
  the same boundary given twice (same name, same outline) is counted once,
  with a note. Nothing is dropped silently.

A community's township is the township it overlaps most (slivers aside); a demand unit
inside a community takes that township, so the township totals are the sums
of their communities (plus the units outside every community).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle._progress import Said
from servicecircle.demand.file_places import number_label
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.naming import boundary_names

ADMIN_COLUMNS: tuple[str, ...] = ("level", "name", "township", "admin_level", "geometry")
"""Columns of the admin-unit table: ``level`` (``"township"`` or ``"community"``),
``name`` (distinct within its township), ``township`` (a community's township,
None for townships and for communities outside every township), ``admin_level``
and the polygon (WGS-84)."""

UNIT_KEYS: dict[str, list[str]] = {
    "township": ["township"],
    "community": ["township", "community"],
}
"""The demand-unit columns that identify a township and a community (group by these)."""

PARENT_OVERLAP_SHARE = 0.01
"""A community is in the township it overlaps most, when that is at least this share
of it (touching edges and slivers from redrawn borders do not count)."""

SAME_OUTLINE_SHARE = 0.001
"""Two outlines whose symmetric difference is under this share of the larger are the same."""


def empty_admin_units() -> gpd.GeoDataFrame:
    """An admin-unit table with no rows (:data:`ADMIN_COLUMNS`)."""
    return gpd.GeoDataFrame(
        {
            "level": pd.Series([], dtype=object),
            "name": pd.Series([], dtype=object),
            "township": pd.Series([], dtype=object),
            "admin_level": pd.Series([], dtype="int64"),
        },
        geometry=gpd.GeoSeries([], crs=WGS84),
    )


def admin_levels(levels: Sequence[int] | np.ndarray) -> tuple[int | None, int | None]:
    """The township and community admin levels among ``levels``.

    Townships/streets are the deepest of levels 7–9 present; communities/villages
    the next level present below it (numbers above it; above 8 when there is no
    township level).

    >>> admin_levels([2, 6, 8, 10])
    (8, 10)
    >>> admin_levels([6, 10, 11])
    (None, 10)
    """
    present = {int(v) for v in levels}
    township = max((v for v in present if 7 <= v <= 9), default=None)
    below = sorted(v for v in present if v > (township if township is not None else 8))
    return township, (below[0] if below else None)


def _parent_townships(
    communities: np.ndarray, townships: np.ndarray, names: Sequence[str]
) -> list[str | None]:
    """The township each community overlaps most (None where it overlaps none).

    Overlaps under :data:`PARENT_OVERLAP_SHARE` of the community do not count.
    """
    parents: list[str | None] = [None] * len(communities)
    if len(communities) == 0 or len(townships) == 0:
        return parents
    tree = shapely.STRtree(townships)
    c_idx, t_idx = tree.query(communities, predicate="intersects")
    if len(c_idx) == 0:
        return parents
    overlap = shapely.area(shapely.intersection(communities[c_idx], townships[t_idx]))
    enough = overlap >= PARENT_OVERLAP_SHARE * shapely.area(communities[c_idx])
    for position in np.lexsort((t_idx, -overlap, c_idx)):  # per community, largest first
        community = int(c_idx[position])
        if parents[community] is None and enough[position] and overlap[position] > 0:
            parents[community] = names[int(t_idx[position])]
    return parents


def _same_outline(a: Any, b: Any) -> bool:
    larger = max(shapely.area(a), shapely.area(b))
    return bool(shapely.area(shapely.symmetric_difference(a, b)) <= SAME_OUTLINE_SHARE * larger)


def _where(parent: str | None, kind: str, with_townships: bool) -> Said:
    if kind != "community" or not with_townships:
        return ""
    if parent is None:
        return msg("msg.demand.admin.outside_townships")
    return msg("msg.demand.admin.in_township", township=parent)


def _drop_repeats(
    labels: list[str | None],
    parents: list[str | None],
    geoms: np.ndarray,
    *,
    kind: str,
    with_townships: bool,
) -> tuple[np.ndarray, list[Said]]:
    """Keep one of each boundary given more than once (same name, same outline)."""
    keep = np.ones(len(labels), dtype=bool)
    notes: list[Said] = []
    groups: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    for i, (parent, label) in enumerate(zip(parents, labels, strict=True)):
        if label is not None:
            groups[(parent, label)].append(i)
    for (parent, label), members in groups.items():
        repeats = 0
        for j, later in enumerate(members[1:], start=1):
            if any(keep[m] and _same_outline(geoms[m], geoms[later]) for m in members[:j]):
                keep[later] = False
                repeats += 1
        if repeats:
            notes.append(
                msg(
                    "msg.demand.admin.repeated",
                    kind=msg(f"msg.demand.admin.kind.{kind}"),
                    name=label,
                    where=_where(parent, kind, with_townships),
                    times=repeats + 1,
                )
            )
    return keep, notes


def _distinct_names(labels: Sequence[str], parents: Sequence[str | None]) -> list[str]:
    """``labels`` made distinct within each parent: the second 新村 becomes "新村 (2)"."""
    used = set(zip(parents, labels, strict=True))
    seen: Counter[tuple[str | None, str]] = Counter()
    names = []
    for parent, label in zip(parents, labels, strict=True):
        seen[(parent, label)] += 1
        number, name = seen[(parent, label)], label
        if number > 1:
            name = f"{label} ({number})"
            while (parent, name) in used:
                number += 1
                name = f"{label} ({number})"
            used.add((parent, name))
        names.append(name)
    return names


def _numbered(labels: Sequence[str | None], parents: Sequence[str | None]) -> list[str]:
    """``labels`` with each missing one numbered within its parent: "#1", "#2" (any language).

    >>> _numbered([None, "新村", None, None], ["甲", "甲", "甲", "乙"])
    ['#1', '新村', '#2', '#1']
    """
    unnamed: Counter[str | None] = Counter()
    named = []
    for label, parent in zip(labels, parents, strict=True):
        if label is None:
            unnamed[parent] += 1
        named.append(label if label is not None else number_label(unnamed[parent]))
    return named


def _naming_notes(
    labels: Sequence[str | None],
    names: Sequence[str],
    parents: Sequence[str | None],
    *,
    kind: str,
    with_townships: bool,
) -> list[Said]:
    """Notes on the boundaries renamed: repeated names and missing ones."""
    groups: dict[tuple[str | None, str | None], list[str]] = defaultdict(list)
    for label, name, parent in zip(labels, names, parents, strict=True):
        groups[(parent, label)].append(name)
    notes: list[Said] = []
    for (parent, label), members in groups.items():
        where = _where(parent, kind, with_townships)
        kind_said = msg(f"msg.demand.admin.kind.{kind}")
        count = len(members)
        if label is None:
            key = "msg.demand.admin.unnamed_one" if count == 1 else "msg.demand.admin.unnamed"
            notes.append(
                msg(key, count=count, kind=kind_said, where=where, names=[repr(m) for m in members])
            )
        elif count > 1:
            notes.append(
                msg(
                    "msg.demand.admin.same_name",
                    count=count,
                    kind=kind_said,
                    where=where,
                    name=label,
                    names=[repr(m) for m in members],
                )
            )
    return notes


def _level_rows(
    rows: gpd.GeoDataFrame,
    *,
    kind: str,
    parents: list[str | None],
    with_townships: bool,
) -> tuple[gpd.GeoDataFrame, list[Said]]:
    """One level's admin units with distinct names, and the notes on them."""
    labels = boundary_names(rows, "zh")  # the Chinese name first, else the name
    geoms = rows.geometry.to_numpy()
    keep, notes = _drop_repeats(labels, parents, geoms, kind=kind, with_townships=with_townships)
    labels = [label for label, k in zip(labels, keep, strict=True) if k]
    parents = [parent for parent, k in zip(parents, keep, strict=True) if k]
    names = _distinct_names(_numbered(labels, parents), parents)
    notes += _naming_notes(labels, names, parents, kind=kind, with_townships=with_townships)
    table = gpd.GeoDataFrame(
        {
            "level": kind,
            "name": pd.Series(names, dtype=object),
            "township": pd.Series(parents, dtype=object),
            "admin_level": rows["admin_level"].to_numpy()[keep].astype("int64"),
        },
        geometry=gpd.GeoSeries(geoms[keep], crs=rows.crs),
    )
    return table, notes


def admin_units(boundaries: gpd.GeoDataFrame | None) -> tuple[gpd.GeoDataFrame, list[Said]]:
    """Townships and communities of ``boundaries``, each with a name of its own.

    Parameters
    ----------
    boundaries
        The ``boundaries`` layer (``admin_level``, ``name``, ``name_zh``,
        polygons); see :func:`admin_levels` for the levels used.

    Returns
    -------
    tuple
        The admin-unit table (:data:`ADMIN_COLUMNS`, WGS-84; townships first,
        then communities, in file order) and notes on the boundaries renamed
        or counted once.
    """
    if boundaries is None or len(boundaries) == 0:
        return empty_admin_units(), []
    if boundaries.crs is None:
        raise InputDataError(msg("msg.demand.admin.no_crs"))
    boundaries = boundaries.to_crs(WGS84)
    levels = boundaries["admin_level"].to_numpy()
    township_level, community_level = admin_levels(levels)
    townships = boundaries[levels == township_level]
    communities = boundaries[levels == community_level]
    with_townships = len(townships) > 0
    township_table, notes = _level_rows(
        townships, kind="township", parents=[None] * len(townships), with_townships=False
    )
    parents = _parent_townships(
        communities.geometry.to_numpy(),
        township_table.geometry.to_numpy(),
        list(township_table["name"]),
    )
    community_table, community_notes = _level_rows(
        communities, kind="community", parents=parents, with_townships=with_townships
    )
    tables = [t for t in (township_table, community_table) if len(t)]
    if not tables:
        return empty_admin_units(), notes + community_notes
    table = pd.concat(tables, ignore_index=True)
    return gpd.GeoDataFrame(table, geometry="geometry", crs=WGS84), notes + community_notes


def _containing(points: np.ndarray, polygons: gpd.GeoDataFrame) -> np.ndarray:
    """Row position in ``polygons`` of the first polygon holding each point (-1 where none)."""
    found = np.full(len(points), -1, dtype=np.int64)
    if len(polygons) == 0 or len(points) == 0:
        return found
    tree = shapely.STRtree(polygons.geometry.to_numpy())
    point_idx, poly_idx = tree.query(points, predicate="within")
    order = np.argsort(-poly_idx, kind="stable")  # the first polygon written last wins
    found[point_idx[order]] = poly_idx[order]
    return found


def assign_admin_units(units: gpd.GeoDataFrame, admin: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Fill ``township`` and ``community`` of each unit from the admin units holding it.

    A unit inside a community takes that community's township, so that
    (township, community) names the community (:data:`UNIT_KEYS`); a unit
    outside every community takes the township holding it.

    Parameters
    ----------
    units
        Demand units (points).
    admin
        The admin-unit table from :func:`admin_units`.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy of ``units``.
    """
    units = units.copy()
    if len(admin) == 0 or len(units) == 0:
        return units
    admin = admin.to_crs(units.crs)
    points = units.geometry.to_numpy()
    townships = admin[admin["level"] == "township"]
    communities = admin[admin["level"] == "community"]
    township = np.full(len(units), None, dtype=object)
    community = np.full(len(units), None, dtype=object)
    in_township = _containing(points, townships)
    hit = in_township >= 0
    township[hit] = townships["name"].to_numpy()[in_township[hit]]
    in_community = _containing(points, communities)
    hit = in_community >= 0
    community[hit] = communities["name"].to_numpy()[in_community[hit]]
    township[hit] = communities["township"].to_numpy()[in_community[hit]]
    units["township"] = township
    units["community"] = community
    return units
