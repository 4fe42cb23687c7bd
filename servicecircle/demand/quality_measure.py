"""Measuring demand quality: density against the profile's bands, people by basis, a warning.

:func:`demand_quality` measures an estimate (the map estimate, before any
top-down totals); :func:`final_quality` the final one, carrying the map
estimate's measure inside it. The result is a
:class:`~servicecircle.demand.quality.DemandQuality`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle._progress import Said
from servicecircle.demand.evidence import RESIDENTIAL
from servicecircle.demand.profiles import RegionProfile
from servicecircle.demand.quality import (
    FINAL,
    FROM_GRID,
    FROM_LAND,
    LEVELS_ASSUMED,
    LEVELS_TAGGED,
    RESIDENT_CLASSES,
    TOP_DOWN_KEYS,
    DemandQuality,
    UnitOrigins,
)
from servicecircle.i18n.message import msg
from servicecircle.inputs.crs import WGS84

__all__ = ["demand_quality", "final_quality", "study_area_km2"]


def _basis_kind(basis: str) -> str:
    """A basis without its numbers, to group by: ``"unmapped residential land"``, ``"tag shop"``.

    >>> _basis_kind("unmapped residential land (3.0 of 4.0 ha) at 400 people/ha")
    'unmapped residential land'
    >>> _basis_kind("tag shop=mall; amenity=parking")
    'tag shop=mall'
    >>> _basis_kind("footprint 12 m² under 30 m²")
    'footprint under the smallest'
    """
    if basis.startswith("footprint ") and " under " in basis:
        return "footprint under the smallest"
    if basis.startswith("unmapped residential land"):
        return "unmapped residential land"
    basis = basis.split("; ", maxsplit=1)[0]
    return basis.split(" (")[0]


def _outside_band(
    what: str, density: float | None, band: tuple[float, float], label: Said, advice: Said | None
) -> Said | None:
    """A sentence when ``density`` is outside ``band``; ``advice`` replaces the verdict's.

    ``what`` is ``"study_area"`` or ``"residential_land"``.
    """
    if density is None:
        return None
    low, high = band
    if density < low:
        verdict = msg("msg.demand.quality.too_low")
    elif density > high:
        verdict = msg("msg.demand.quality.too_high")
    else:
        return None
    return msg(
        "msg.demand.quality.outside",
        density=float(density),
        where=msg(f"msg.demand.quality.of_{what}"),
        low=float(low),
        high=float(high),
        label=label,
        verdict=verdict if advice is None else advice,
    )


def _profile_said(name: str, label: str) -> Said:
    """A regional profile's label for a message (中国城市 in zh) when it has one."""
    from servicecircle.i18n import keys

    key = f"profile.{name}"
    return msg(key) if key in keys("en") else label


@dataclass(frozen=True)
class _Measures:
    """What the units say: residents, densities, shares and people by basis."""

    residents: float
    density_study_area: float | None
    density_residential_land: float | None
    share_tagged_levels: float | None
    share_assumed_levels: float | None
    share_from_land: float | None
    share_from_grid: float | None
    people_by_basis: dict[str, float]

    def fields(self) -> dict[str, Any]:
        """The values as :class:`DemandQuality` fields."""
        return {
            "residents": self.residents,
            "density_study_area": self.density_study_area,
            "density_residential_land": self.density_residential_land,
            "share_tagged_levels": self.share_tagged_levels,
            "share_assumed_levels": self.share_assumed_levels,
            "share_from_land": self.share_from_land,
            "share_from_grid": self.share_from_grid,
            "people_by_basis": self.people_by_basis,
        }


def _measure(
    units: pd.DataFrame, origins: UnitOrigins, study_area_km2: float, residential_land_km2: float
) -> _Measures:
    if len(origins.levels) != len(units):
        raise ValueError(f"{len(origins.levels)} origins for {len(units)} units")
    residents_mask = units["class"].isin(RESIDENT_CLASSES).to_numpy()
    people = units["people"].to_numpy(float)
    resident_people = np.where(residents_mask, people, 0.0)
    residents = float(resident_people.sum())
    levels = np.asarray(origins.levels, dtype=object)

    def share(*kinds: str) -> float | None:
        if residents <= 0:
            return None
        return float(resident_people[np.isin(levels, kinds)].sum()) / residents

    by_basis = (
        pd.Series(people[residents_mask], dtype=float)
        .groupby(
            units["basis"].fillna("(none)").astype(str).map(_basis_kind).to_numpy()[residents_mask]
        )
        .sum()
        .sort_values(ascending=False)
    )
    in_land = float(resident_people[np.asarray(origins.residential_land, dtype=bool)].sum())
    return _Measures(
        residents=residents,
        density_study_area=residents / study_area_km2 if study_area_km2 > 0 else None,
        density_residential_land=(
            in_land / residential_land_km2 if residential_land_km2 > 0 else None
        ),
        share_tagged_levels=share(LEVELS_TAGGED),
        share_assumed_levels=share(LEVELS_ASSUMED),
        share_from_land=share(FROM_LAND),
        share_from_grid=share(FROM_GRID),
        people_by_basis={str(k): float(v) for k, v in by_basis.items()},
    )


def _out_of_band(
    measures: _Measures,
    *,
    bands: tuple[tuple[float, float], tuple[float, float]],
    label: Said,
    advice: Said | None = None,
) -> tuple[Said, ...]:
    sentences = (
        _outside_band("study_area", measures.density_study_area, bands[0], label, advice),
        _outside_band(
            "residential_land", measures.density_residential_land, bands[1], label, advice
        ),
    )
    return tuple(s for s in sentences if s is not None)


def demand_quality(
    units: pd.DataFrame,
    buildings: pd.DataFrame,
    *,
    origins: UnitOrigins,
    profile: RegionProfile,
    profile_reason: str,
    study_area_km2: float,
    residential_land_km2: float,
    floor_people: np.ndarray | None = None,
) -> DemandQuality:
    """Measure the estimate from the map (see :class:`DemandQuality`).

    Parameters
    ----------
    units
        Demand units (``class``, ``basis``, ``people``).
    buildings
        The building table (``decision``, ``basis``).
    origins
        Where each unit's people come from (aligned with ``units``).
    profile, profile_reason
        The regional profile used and why.
    study_area_km2, residential_land_km2
        Sizes of the study extent and of its residential land use.
    floor_people
        The people each building's floor area would hold (aligned to
        ``buildings``), to state what the non-residential ones were not given.
    """
    measures = _measure(units, origins, study_area_km2, residential_land_km2)
    decided_home = (buildings["decision"] == RESIDENTIAL).to_numpy()
    excluded: dict[str, float] = {}
    if floor_people is not None and len(buildings):
        not_home = ~decided_home
        grouped = (
            pd.Series(np.asarray(floor_people, dtype=float)[not_home])
            .groupby(buildings["basis"].astype(str).map(_basis_kind).to_numpy()[not_home])
            .sum()
            .sort_values(ascending=False)
        )
        excluded = {str(k): float(v) for k, v in grouped.items() if v > 0}
    bands = (profile.study_area_band, profile.residential_land_band)
    return DemandQuality(
        profile=profile.name,
        profile_label=profile.label,
        profile_reason=profile_reason,
        residents=measures.residents,
        study_area_km2=study_area_km2,
        residential_land_km2=residential_land_km2,
        density_study_area=measures.density_study_area,
        density_residential_land=measures.density_residential_land,
        band_study_area=profile.study_area_band,
        band_residential_land=profile.residential_land_band,
        people_by_basis=measures.people_by_basis,
        buildings_by_decision={
            str(k): int(v) for k, v in buildings["decision"].value_counts().sort_index().items()
        },
        floor_people_excluded=excluded,
        warnings=_out_of_band(
            measures, bands=bands, label=_profile_said(profile.name, profile.label)
        ),
        share_tagged_levels=measures.share_tagged_levels,
        share_assumed_levels=measures.share_assumed_levels,
        share_from_land=measures.share_from_land,
        share_from_grid=measures.share_from_grid,
    )


def final_quality(
    map_estimate: DemandQuality,
    units: pd.DataFrame,
    origins: UnitOrigins,
    *,
    top_down: Sequence[str] = (),
) -> DemandQuality:
    """Measure the final estimate, after the top-down totals ``top_down`` (if any).

    Parameters
    ----------
    map_estimate
        The measure of the estimate from the map (:func:`demand_quality`).
    units
        The final demand units: the map estimate's, in order, then any the
        top-down totals added (a population grid's cells without homes).
    origins
        The map estimate's unit origins (extended here to the added units).
    top_down
        The totals applied (:data:`POPULATION_GRID`, :data:`CENSUS_TOTALS`).

    Returns
    -------
    DemandQuality
        ``measured_on`` ``"final"``, with ``map_estimate``. Without top-down
        totals its numbers are the map estimate's; with them the "supply
        census totals or a population grid" warning is gone, and a density
        still outside its band is a note pointing at the census audit.
    """
    base = replace(map_estimate, map_estimate=None)
    if not top_down:
        return replace(base, measured_on=FINAL, map_estimate=base)
    measures = _measure(
        units,
        origins.extended(len(units)),
        map_estimate.study_area_km2,
        map_estimate.residential_land_km2,
    )
    bands = (map_estimate.band_study_area, map_estimate.band_residential_land)
    return replace(
        base,
        **measures.fields(),
        warnings=(),
        notes=_out_of_band(
            measures,
            bands=bands,
            label=_profile_said(map_estimate.profile, map_estimate.profile_label),
            advice=msg(
                "msg.demand.quality.after_totals",
                totals=[msg(TOP_DOWN_KEYS.get(name, name)) for name in top_down],
            ),
        ),
        measured_on=FINAL,
        top_down=tuple(top_down),
        map_estimate=base,
    )


def study_area_km2(extent: Any, crs: Any) -> float:
    """Area of the study extent (WGS-84 polygon) in km², measured in ``crs``."""
    return float(gpd.GeoSeries([extent], crs=WGS84).to_crs(crs).area.iloc[0]) / 1e6
