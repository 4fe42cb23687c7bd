"""Census totals as read: :class:`CensusTotals`, shared by the readers and the scaling.

A leaf module, so that the readers (:mod:`servicecircle.demand.census`), the
rows (:mod:`servicecircle.demand.census_rows`), the matching and the scaling
all name one type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from servicecircle._progress import Said


@dataclass(frozen=True, eq=False)
class CensusTotals:
    """Census totals as read, before they are matched to the study area's units.

    Attributes
    ----------
    rows
        One row per total: ``township``, ``community``, ``name`` (a unit named
        without saying its level), ``population`` (float) and ``where`` (the
        row as the planner finds it, a message: "census.csv 第 5 行", see
        :mod:`servicecircle.demand.file_places`). For a boundary layer
        also ``geometry`` (WGS-84), and the names are labels only.
    source
        The file's name.
    column
        The population column used.
    notes
        What was assumed while reading (column chosen, rows skipped).
    """

    rows: pd.DataFrame
    source: str
    column: str = ""
    notes: tuple[Said, ...] = field(default_factory=tuple)

    @property
    def spatial(self) -> bool:
        """True when the totals come with their polygons (a boundary layer)."""
        return isinstance(self.rows, gpd.GeoDataFrame)

    def __len__(self) -> int:
        return len(self.rows)
