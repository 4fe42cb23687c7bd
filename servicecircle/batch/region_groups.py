"""A region's key groups (``batch --groups FILE``): the planner's file cut to the region.

The key-groups file usually speaks of a whole province. Each region keeps
the rows that speak of its halo, as the other planner files are cut to it
(:mod:`servicecircle.batch.region_files`): a table's rows whose township or
community names an area of the halo's demand units (the others name areas
of other regions), a layer's features touching the halo. The rows kept are
spread over the halo's demand units as ``analyze --groups`` spreads them
(:func:`~servicecircle.demand.key_group_units.key_groups_for_units`), and the
region measures the people of its own units
(:func:`~servicecircle.workflow.key_groups.key_groups_record`).

A count given for an area lying whole inside one region's halo is spread as
in a run over the whole area, so the regions' figures add up to it. A count
given for an area the region border cuts through is spread over the part of
it within each halo: each region's share of it is then an estimate; such rows
are named (:attr:`RegionGroups.split`), and so are rows no region used
(:func:`file_notes`). Shares are exact either way (each unit's own residents).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from servicecircle.batch.membership import points_in_region

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from servicecircle.demand.key_group_units import KeyGroups
    from servicecircle.demand.key_groups import KeyGroupTable
    from servicecircle.i18n.message import Message
    from servicecircle.results.group_records import KeyGroupsSummary

BoolArray = npt.NDArray[np.bool_]
#: Rows named in a note at most.
_SHOWN = 8


@dataclass(frozen=True, eq=False)
class RegionGroups:
    """The key groups of a region's halo units and which rows of the file the region used.

    Attributes
    ----------
    groups
        People of each group per demand unit of the halo (the region's units
        are picked by their index when measured).
    rows
        Positions (0-based, in the file's order) of the rows whose people
        live, at least in part, in the region.
    split
        Positions of the rows giving a count for an area the region border
        cuts through (each region's share of it is an estimate).
    """

    groups: KeyGroups
    rows: tuple[int, ...]
    split: tuple[int, ...]


def read_groups_file(given: str, crs: str | None) -> KeyGroupTable:
    """The planner's key-groups file ``given`` (``FILE::SHEET`` or ``FILE::LAYER``) read whole.

    Raises
    ------
    InputDataError
        For a file that cannot be used as it is (as ``analyze --groups`` says).
    """
    from servicecircle.demand.key_group_files import read_key_groups
    from servicecircle.workflow.inputs import file_and_part

    path, part = file_and_part(given)
    return read_key_groups(path, layer=part, crs=crs)


def _halo_rows(table: KeyGroupTable, units: pd.DataFrame, halo: BaseGeometry) -> list[int]:
    """Positions of the rows that speak of the halo (the others are other regions')."""
    if table.spatial:
        geometry = table.rows.geometry.to_numpy()
        return np.flatnonzero(shapely.intersects(halo, geometry)).tolist()
    from servicecircle.demand.census_matching import STATUS_NOT_FOUND
    from servicecircle.demand.key_group_units import group_entries

    return [i for i, e in enumerate(group_entries(table, units)) if e.status != STATUS_NOT_FOUND]


def _used_and_split(
    table: KeyGroupTable, units: pd.DataFrame, in_region: BoolArray, region: BaseGeometry
) -> tuple[list[int], list[int]]:
    """Positions (in ``table``) of the rows whose people live in the region, and of those split."""
    from servicecircle.demand.key_group_units import group_entries, is_point_layer

    if table.spatial and is_point_layer(table):  # a point's people go to one unit: never split
        points = table.rows.geometry.to_numpy()
        return np.flatnonzero(points_in_region(points, region)).tolist(), []
    counted = any(kind == "count" for kind in table.kinds.values())
    used, split = [], []
    for i, entry in enumerate(group_entries(table, units)):
        if entry.mask is None or not entry.mask.any():
            continue
        inside = bool((entry.mask & in_region).any())
        if inside:
            used.append(i)
        if inside and counted and bool((entry.mask & ~in_region).any()):
            split.append(i)
    return used, split


def region_key_groups(
    table: KeyGroupTable, units: pd.DataFrame, halo: BaseGeometry, region: BaseGeometry
) -> RegionGroups:
    """The key groups of the halo's demand ``units``, from the rows of ``table`` about the halo.

    Parameters
    ----------
    table
        The planner's whole file (:func:`read_groups_file`).
    units
        The demand units of the halo (``people``, ``township``,
        ``community``, ``geometry``), before they are cut to the region.
    halo, region
        The halo and the region (WGS-84).

    Raises
    ------
    InputDataError
        As ``analyze --groups`` does, for a row whose name matches several
        areas of the halo (or the same area as another row).
    """
    from servicecircle.demand.key_group_units import key_groups_for_units

    kept = _halo_rows(table, units, halo)
    cut = dataclasses.replace(table, rows=table.rows.iloc[kept].reset_index(drop=True))
    in_region = points_in_region(units.geometry.to_numpy(), region)
    used, split = _used_and_split(cut, units, in_region, region)
    return RegionGroups(
        groups=key_groups_for_units(cut, units),
        rows=tuple(kept[i] for i in used),
        split=tuple(kept[i] for i in split),
    )


def group_figures(record: KeyGroupsSummary) -> dict[str, dict[str, Any]]:
    """A region's figures per key group for its outcome (plain data; everyone left out).

    ``record`` is the region's
    :class:`~servicecircle.results.group_records.KeyGroupsSummary`: each
    group's ``people``, ``covered`` people at each break and by the standard
    (keyed as the record keys them), and the people ``served`` within
    capacity, ``over_capacity`` and ``out_of_reach``.
    """
    from servicecircle.coverage.groups import EVERYONE

    return {
        row.group: {
            "people": row.people,
            "covered": {k: v for k, v in row.covered.items() if v is not None},
            "served": row.served,
            "over_capacity": row.over_capacity,
            "out_of_reach": row.out_of_reach,
        }
        for row in record.groups
        if row.group != EVERYONE
    }


def file_notes(
    table: KeyGroupTable, outcomes: Sequence[Mapping[str, Any]], *, complete: bool = True
) -> list[Message]:
    """What the planner should know of the file's rows after the regions ran.

    ``outcomes`` are the outcomes of the regions done, as their markers hold
    them (``groups_rows``, ``groups_split``). The notes name the rows no
    region used (only when ``complete``: every region is done) and the rows
    whose count a region border shares out.
    """
    from servicecircle.i18n.message import msg

    where = list(table.rows["where"])
    used = {int(i) for o in outcomes for i in o.get("groups_rows", ())}
    split = sorted({int(i) for o in outcomes for i in o.get("groups_split", ())})
    unused = [where[i] for i in range(len(where)) if i not in used]
    notes = []
    if unused and complete:
        shown = unused[:_SHOWN]
        notes.append(
            msg("msg.batch.groups.unused", source=table.source, count=len(unused), rows=shown)
        )
    if split:
        shown = [where[i] for i in split[:_SHOWN]]
        notes.append(
            msg("msg.batch.groups.split", source=table.source, count=len(split), rows=shown)
        )
    return notes


__all__ = [
    "RegionGroups",
    "file_notes",
    "group_figures",
    "read_groups_file",
    "region_key_groups",
]
