"""Demand units (points), the areas they stand for, and the :class:`Demand` result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.demand.admin import empty_admin_units
from servicecircle.inputs.crs import WGS84

if TYPE_CHECKING:
    from servicecircle.demand.quality import DemandQuality

UNIT_COLUMNS: tuple[str, ...] = (
    "class",
    "source",
    "basis",
    "area_id",
    "name",
    "people",
    "township",
    "community",
    "geometry",
)
"""Columns of :attr:`Demand.units`. ``basis`` says where the people come from: a
building's residential evidence (``"building=apartments"``, ``"untagged, in residential
land"``), or the area's (``"unmapped residential land at 400 people/ha"``)."""

AREA_COLUMNS: tuple[str, ...] = (
    "area_id",
    "class",
    "name",
    "people",
    "must_cover",
    "basis",
    "geometry",
)
"""Columns of :attr:`Demand.areas`."""

BUILDING_COLUMNS: tuple[str, ...] = (
    "osm_id",
    "building",
    "use",
    "name",
    "decision",
    "basis",
    "ground",
    "footprint_m2",
    "levels",
    "levels_source",
    "people",
    "geometry",
)
"""Columns of :attr:`Demand.buildings`, one row per building of the study area:
``decision`` (residential, non-residential, industrial) and ``basis`` (why, see
:mod:`~servicecircle.demand.evidence`), ``ground`` (the grounds or land use it stands
in), ``levels`` and ``levels_source`` (tagged, height, assumed), ``people`` (0 for
buildings holding none; a footprint counted as land has its land-use people)."""


def empty_buildings(crs: Any = WGS84) -> gpd.GeoDataFrame:
    """A building table with no rows (:data:`BUILDING_COLUMNS`)."""
    columns = [c for c in BUILDING_COLUMNS if c != "geometry"]
    frame = gpd.GeoDataFrame({c: [] for c in columns}, geometry=gpd.GeoSeries([], crs=crs))
    return frame.astype({"people": float, "footprint_m2": float, "levels": float})


@dataclass(frozen=True, eq=False)
class Demand:
    """Demand units (points) and the areas they represent.

    Attributes
    ----------
    units
        Points in WGS-84 with :data:`UNIT_COLUMNS`; index ``unit_id``.
    areas
        Polygons of the areas represented by several access points
        (residential land use, industrial, relocation) with :data:`AREA_COLUMNS`.
    assumptions
        The settings and derived values used, for the report.
    admin_units
        The townships and communities the units were assigned to, with
        :data:`~servicecircle.demand.admin.ADMIN_COLUMNS` (empty without boundaries).
    buildings
        Every building of the study area with its residential decision and
        its basis (:data:`BUILDING_COLUMNS`, WGS-84).
    quality
        Density, level sources, people by basis and a warning when the
        density is implausible for the region (None when not measured).
    """

    units: gpd.GeoDataFrame
    areas: gpd.GeoDataFrame
    assumptions: dict[str, Any] = field(default_factory=dict)
    admin_units: gpd.GeoDataFrame = field(default_factory=empty_admin_units)
    buildings: gpd.GeoDataFrame = field(default_factory=empty_buildings)
    quality: DemandQuality | None = None

    @property
    def total(self) -> float:
        """Total people (residents, workers and relocated residents)."""
        return float(self.units["people"].sum())

    def by_class(self) -> dict[str, float]:
        """Total people by demand class."""
        sums = self.units.groupby("class")["people"].sum()
        return {str(k): float(v) for k, v in sums.items()}


def empty_units(crs: Any = WGS84) -> gpd.GeoDataFrame:
    """A unit table with no rows (:data:`UNIT_COLUMNS`)."""
    columns = [c for c in UNIT_COLUMNS if c != "geometry"]
    frame = gpd.GeoDataFrame({c: [] for c in columns}, geometry=gpd.GeoSeries([], crs=crs))
    return frame.astype({"people": float, "area_id": "int64"})


def make_units(
    points: np.ndarray,
    *,
    cls: str,
    source: str,
    people: np.ndarray,
    area_id: np.ndarray,
    name: np.ndarray | None,
    crs: Any,
    basis: np.ndarray | str | None = None,
) -> gpd.GeoDataFrame:
    """Units at ``points`` (any CRS) of one class and source."""
    n = len(points)
    if basis is None or isinstance(basis, str):
        basis = np.full(n, basis, dtype=object)
    return gpd.GeoDataFrame(
        {
            "class": np.full(n, cls, dtype=object),
            "source": np.full(n, source, dtype=object),
            "basis": np.asarray(basis, dtype=object),
            "area_id": np.asarray(area_id, dtype="int64"),
            "name": name if name is not None else np.full(n, None, dtype=object),
            "people": np.asarray(people, dtype=float),
            "township": np.full(n, None, dtype=object),
            "community": np.full(n, None, dtype=object),
        },
        geometry=gpd.GeoSeries(points, crs=crs),
    )


def empty_areas(crs: Any) -> gpd.GeoDataFrame:
    """An area table with no rows (:data:`AREA_COLUMNS`)."""
    return gpd.GeoDataFrame(
        {c: pd.Series([], dtype=object) for c in AREA_COLUMNS if c != "geometry"},
        geometry=gpd.GeoSeries([], crs=crs),
    )
