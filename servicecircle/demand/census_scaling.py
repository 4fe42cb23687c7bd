"""Scale the resident estimate to census totals, and show how far apart they were.

Each census total (:class:`~servicecircle.demand.census_types.CensusTotals`) is
matched to a township or community of the study area, keyed by
(township, community) as in :mod:`servicecircle.demand.admin`, or, for a
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

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle._progress import Said
from servicecircle.demand.census_matching import (
    STATUS_KEYS,
    STATUS_NO_CENSUS,
    STATUS_NO_RESIDENTS,
    STATUS_SCALED,
    STATUS_UNDER_PARTS,
    STATUS_WITH_PARENT,
    CensusEntry,
    named_entries,
    spatial_entries,
)
from servicecircle.demand.census_rows import census_from_mapping
from servicecircle.demand.census_types import CensusTotals
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg

__all__ = ["AUDIT_COLUMNS", "CensusScaling", "scale_to_census"]

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
    "detail",
)
"""Columns of the audit table: the unit (``level`` township, community, area or
outside), the name as the census writes it and where (file and row, a
message said in the planner's language), the residents estimated before
scaling, the census total, their ratio (census ÷ estimate), the factor applied
to the unit's own residents, the status (a code such as ``"not found"``) and
its detail (a message, or None)."""


_NO_BOUNDARIES: Final = "msg.demand.census.no_boundaries"


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
    notes: list[Said] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)


def _scope(entry: CensusEntry, entries: list[CensusEntry]) -> np.ndarray:
    """The units whose residents this total alone decides (not those of its sub-units)."""
    if entry.mask is None:
        raise TypeError("a census entry without units has no scope")
    if entry.scope is not None:
        return entry.scope
    scope = entry.mask.copy()
    for child in entry.children:
        child_mask = entries[child].mask
        if child_mask is not None:
            scope &= ~child_mask
    return scope


def _apply(entries: list[CensusEntry], units: gpd.GeoDataFrame) -> np.ndarray:
    """The people of ``units`` after scaling (each entry's status, estimate and factor set)."""
    people: np.ndarray = units["people"].to_numpy(dtype=float).copy()
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
            entry.detail = msg("msg.demand.census.under_parts", parts=parts, census=entry.census)
        elif current > 0:
            entry.factor = target / current
            people[scope] = before[scope] * entry.factor
        elif target > 0:
            entry.status = STATUS_NO_RESIDENTS
            entry.detail = msg("msg.demand.census.no_residents", people=target)
        else:
            entry.factor = 1.0
    return people


def _unmatched_units(
    entries: list[CensusEntry], units: gpd.GeoDataFrame, admin: pd.DataFrame, before: np.ndarray
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


def _audit(entries: list[CensusEntry], extra: list[dict[str, Any]]) -> pd.DataFrame:
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
            "status": e.status,
            "detail": e.detail or None,
        }
        for e in entries
    ]
    audit = pd.DataFrame(rows + extra, columns=[c for c in AUDIT_COLUMNS if c != "ratio"])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = audit["census"].to_numpy(float) / audit["estimate"].to_numpy(float)
    audit.insert(AUDIT_COLUMNS.index("ratio"), "ratio", np.where(np.isfinite(ratio), ratio, np.nan))
    for column in ("level", "township", "community", "census_name", "where", "status", "detail"):
        values = audit[column].astype(object)
        audit[column] = values.where(values.notna(), None)
    return audit.astype({"estimate": float, "census": float, "factor": float})


def _nothing_matched(totals: CensusTotals, entries: list[CensusEntry], admin: pd.DataFrame) -> Said:
    known = sorted({str(n) for n in admin["name"]})
    problems = [
        msg(
            "msg.demand.census.problem",
            name=e.census_name,
            where=e.where,
            detail=e.detail or msg(STATUS_KEYS[e.status]),
        )
        for e in entries[:8]
    ]
    if len(entries) > 8:
        problems.append(msg("msg.demand.census.more", count=len(entries) - 8))
    return msg(
        "msg.demand.census.nothing_matched",
        source=totals.source,
        problems=problems,
        known=known[:20] or msg(_NO_BOUNDARIES),
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
        (see :func:`~servicecircle.demand.admin.assign_admin_units`).
    census
        Totals from :func:`~servicecircle.demand.census.read_census`, or a
        mapping ``{name: population}`` ("城关镇/新村" names a community with
        its township).
    admin
        The admin-unit table (:data:`~servicecircle.demand.admin.ADMIN_COLUMNS`).

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
        entries = spatial_entries(totals, units)
    else:
        entries = named_entries(totals, units, admin)
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
    totals: CensusTotals, entries: list[CensusEntry], before: np.ndarray, units: gpd.GeoDataFrame
) -> list[Said]:
    residents = units["class"].isin(RESIDENT_CLASSES).to_numpy()
    applied = sum(e.status == STATUS_SCALED for e in entries)
    source: Said = totals.source
    if totals.column:
        source = msg("msg.demand.census.source_column", source=totals.source, column=totals.column)
    notes: list[Said] = list(totals.notes)
    notes.append(
        msg(
            "msg.demand.census.applied",
            source=source,
            applied=applied,
            count=len(entries),
            before=float(before[residents].sum()),
            after=float(units["people"].to_numpy(float)[residents].sum()),
        )
    )
    notes.extend(
        msg(
            "msg.demand.census.entry_detail" if entry.detail else "msg.demand.census.entry",
            name=entry.census_name,
            where=entry.where,
            census=entry.census,
            status=msg(STATUS_KEYS[entry.status]),
            detail=entry.detail,
        )
        for entry in entries
        if entry.status != STATUS_SCALED
    )
    return notes
