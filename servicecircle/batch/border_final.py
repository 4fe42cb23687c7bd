"""The final sites after the border pass: each region's first-pass sites, moved ones replaced.

The border pass (:mod:`servicecircle.batch.border_run`) states per band the
first-pass sites it moved away and the sites it moved in. :func:`border_changes`
reads them back per region; :func:`final_sites` turns a region's gathered
proposed sites (its ``chosen`` layer) into its final ones: the sites moved
away removed, the sites moved in added, each with its status (kept from the
first pass, or moved in by the border pass); :func:`final_counts` gives each
region's number of sites after the border pass for the summary table.
A region whose files were rewritten with its final sites
(:mod:`servicecircle.batch.border_regions`, :attr:`RegionChange.rewritten`)
is gathered as its files state it, each site's status told by whether the
border pass moved it in.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle.batch.border_bands import BandJob
from servicecircle.inputs.crs import WGS84

#: The status column of the gathered proposed sites after a border pass.
BORDER_STATUS = "border_status"
#: Its values (keys of ``batch.border.status.<value>``).
KEPT, MOVED_IN = "first_pass", "moved_in"
#: The region columns (as :mod:`servicecircle.batch.gather` puts them first).
REGION_CODE, REGION_NAME = "region_code", "region_name"
#: Points closer than this (degrees, about 0.1 m) are the same site.
SAME_SITE_DEG = 1e-6


@dataclass
class RegionChange:
    """The sites the border pass took from a region and gave it (WGS-84 lon/lat)."""

    moved_away: list[tuple[float, float]] = field(default_factory=list)
    moved_in: list[tuple[float, float]] = field(default_factory=list)
    #: The sites the region's files state after its final run (``None``: not rewritten).
    rewritten: int | None = None


def border_changes(
    bands: Sequence[BandJob], out_dir: str | os.PathLike[str]
) -> dict[str, RegionChange]:
    """Per region code, the sites moved away and in by the bands done."""
    from servicecircle.batch.border_step import read_statement

    changes: dict[str, RegionChange] = {}
    for band in bands:
        statement = read_statement(band, out_dir)
        sites = statement.get("sites") if statement is not None else None
        for site in sites if isinstance(sites, list) else []:
            status = str(site["status"])
            if status not in ("moved_away", "moved_in"):
                continue
            change = changes.setdefault(str(site["region"]), RegionChange())
            getattr(change, status).append((float(site["lon"]), float(site["lat"])))
    return changes


def same_sites(points: np.ndarray, sites: list[tuple[float, float]]) -> np.ndarray:
    """Whether each point lies within :data:`SAME_SITE_DEG` of one of ``sites``."""
    if not sites or not len(points):
        return np.zeros(len(points), dtype=bool)
    targets = np.asarray(shapely.points(np.asarray(sites, dtype=float)), dtype=object)
    distance = shapely.distance(points[:, None], targets[None, :])
    return np.asarray((distance < SAME_SITE_DEG).any(axis=1), dtype=bool)


def final_sites(
    frame: gpd.GeoDataFrame | None, change: RegionChange | None, code: str, name: str
) -> gpd.GeoDataFrame | None:
    """A region's proposed sites (WGS-84, region columns first) after the border pass.

    ``frame`` is the region's gathered sites (``None`` or empty when it
    proposed none). When its files were rewritten with its final sites they
    are kept as they are; otherwise they are the first pass's: the rows moved
    away are dropped and one row per moved-in site not there yet is added.
    :data:`BORDER_STATUS` says which site the border pass moved in.
    """
    change = change or RegionChange()
    first = frame if frame is not None else gpd.GeoDataFrame(geometry=[], crs=WGS84)
    if change.rewritten is not None:
        if not len(first):
            return None
        moved = same_sites(first.geometry.to_numpy(), change.moved_in)
        return gpd.GeoDataFrame(
            first.assign(**{BORDER_STATUS: np.where(moved, MOVED_IN, KEPT)}), crs=WGS84
        ).reset_index(drop=True)
    kept = first[~same_sites(first.geometry.to_numpy(), change.moved_away)].copy()
    kept[BORDER_STATUS] = KEPT
    there = same_sites(
        np.asarray(shapely.points(np.asarray(change.moved_in, dtype=float).reshape(-1, 2))),
        [(float(p.x), float(p.y)) for p in kept.geometry],
    )
    new = [p for p, known in zip(change.moved_in, there, strict=True) if not known]
    added = gpd.GeoDataFrame(
        {
            REGION_CODE: [code] * len(new),
            REGION_NAME: [name] * len(new),
            BORDER_STATUS: [MOVED_IN] * len(new),
        },
        geometry=[shapely.Point(p) for p in new],
        crs=WGS84,
    )
    parts = [part for part in (kept, added) if len(part)]
    if not parts:
        return None
    joined = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return gpd.GeoDataFrame(joined.reset_index(drop=True), crs=WGS84)


def final_counts(
    outcomes: Mapping[str, Mapping[str, object]], changes: Mapping[str, RegionChange]
) -> dict[str, int]:
    """Each region's sites after the border pass: first pass, less moved away, plus moved in.

    A region whose files were rewritten counts the sites they state.
    """
    counts: dict[str, int] = {}
    for code, outcome in outcomes.items():
        proposed = outcome.get("sites_proposed")
        if not isinstance(proposed, int | float):
            continue
        change = changes.get(code, RegionChange())
        if change.rewritten is not None:
            counts[code] = change.rewritten
            continue
        counts[code] = int(proposed) - len(change.moved_away) + len(change.moved_in)
    return counts


__all__ = [
    "BORDER_STATUS",
    "RegionChange",
    "border_changes",
    "final_counts",
    "final_sites",
    "same_sites",
]
