"""Demand units (points) and the :class:`Demand` result that holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np

from servicecircle.admin_units import empty_admin_units
from servicecircle.sources.area import WGS84

UNIT_COLUMNS: tuple[str, ...] = (
    "class",
    "source",
    "area_id",
    "name",
    "people",
    "township",
    "community",
    "geometry",
)
AREA_COLUMNS: tuple[str, ...] = ("area_id", "class", "name", "people", "must_cover", "geometry")


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
        :data:`~servicecircle.admin_units.ADMIN_COLUMNS` (empty without boundaries).
    """

    units: gpd.GeoDataFrame
    areas: gpd.GeoDataFrame
    assumptions: dict[str, Any] = field(default_factory=dict)
    admin_units: gpd.GeoDataFrame = field(default_factory=empty_admin_units)

    @property
    def total(self) -> float:
        """Total people (residents, workers and relocated residents)."""
        return float(self.units["people"].sum())

    def by_class(self) -> dict[str, float]:
        """Total people by demand class."""
        sums = self.units.groupby("class")["people"].sum()
        return {str(k): float(v) for k, v in sums.items()}


def empty_units(crs: Any = WGS84) -> gpd.GeoDataFrame:
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
) -> gpd.GeoDataFrame:
    n = len(points)
    return gpd.GeoDataFrame(
        {
            "class": np.full(n, cls, dtype=object),
            "source": np.full(n, source, dtype=object),
            "area_id": np.asarray(area_id, dtype="int64"),
            "name": name if name is not None else np.full(n, None, dtype=object),
            "people": np.asarray(people, dtype=float),
            "township": np.full(n, None, dtype=object),
            "community": np.full(n, None, dtype=object),
        },
        geometry=gpd.GeoSeries(points, crs=crs),
    )
