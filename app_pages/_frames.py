"""The planner's layers as frames: shapes kept from maps, counts checked, layers joined.

And :class:`DemandInputs`, everything the demand estimate takes besides the area.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd

from servicecircle.demand import DemandSettings, checked_people, people_column
from servicecircle.demand.census_types import CensusTotals
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.fields import field_columns

if TYPE_CHECKING:  # the raster reader loads with a grid upload, not on the first page
    from servicecircle.demand.raster import PopulationGrid


def shapes_frame(
    shapes: Sequence[Mapping[str, Any]], *, columns: Sequence[str] = ()
) -> gpd.GeoDataFrame | None:
    """A WGS-84 layer of shapes kept from a map (None when there are none).

    Each shape is ``{"name", "geometry", ...}`` (see
    :class:`~app_pages._widgets.DrawingTool`); ``columns`` names the other
    fields to keep as columns.
    """
    if not shapes:
        return None
    data = {"name": [s["name"] for s in shapes]}
    data |= {column: [s[column] for s in shapes] for column in columns}
    return gpd.GeoDataFrame(data, geometry=[s["geometry"] for s in shapes], crs=WGS84)


def with_people_counts(
    frame: gpd.GeoDataFrame | None, *, what: str, blank_allowed: bool = True
) -> gpd.GeoDataFrame | None:
    """``frame`` with its people column (``people``, ``人口``, ``workers``, ...) as numbers.

    Call it on each layer before layers are joined (:func:`combine`): a cell
    that is not a count is reported with the row number of the planner's file
    (:func:`~servicecircle.demand.checked_people`; the joined layer's rows are
    not the file's), and the counts of layers whose columns are named
    differently end up in one column.

    Parameters
    ----------
    frame
        A layer from :func:`~app_pages._cache.uploaded_layer`, a sample layer, or None.
    what
        The layer as named in messages, e.g. ``"relocation areas"``.
    blank_allowed
        Whether an empty cell is allowed (it stays NaN: the demand estimates it).

    Returns
    -------
    GeoDataFrame or None
        A copy whose counts are in a float column ``people`` (other people-like
        columns dropped: the demand would not read them); ``frame`` itself when
        it has no people column.

    Raises
    ------
    InputDataError
        When a cell is not a count (the message names the file's rows).
    """
    if frame is None or len(frame) == 0:
        return frame
    column = people_column(frame)
    if column is None:
        return frame
    counts = checked_people(frame, column, what=what, blank_allowed=blank_allowed)
    others = field_columns(frame.columns, "people")
    return frame.drop(columns=others).assign(people=counts)


def combine(*frames: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    """Concatenate the given layers (WGS-84); None when all are empty.

    The result's rows are not those of any file: check each layer's cells
    first (:func:`with_people_counts`).
    """
    parts = [f.to_crs(WGS84) for f in frames if f is not None and len(f)]
    if not parts:
        return None
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=WGS84)


@dataclass(frozen=True, eq=False)
class DemandInputs:
    """Everything the demand estimate takes besides the study area.

    Attributes
    ----------
    settings
        The assumptions (profile, values changed from it, OSM ids overridden).
    relocation, industrial, points
        The planner's layers (each checked with
        :func:`~app_pages._frames.with_people_counts`).
    mode
        ``"add"`` or ``"replace"`` (the planner's points and the estimate).
    overrides
        Areas whose buildings hold residents or not (``residential`` column).
    census
        Census totals (:func:`census_totals`).
    grid
        A population grid (:func:`population_grid`).
    """

    settings: DemandSettings
    relocation: gpd.GeoDataFrame | None = None
    industrial: gpd.GeoDataFrame | None = None
    points: gpd.GeoDataFrame | None = None
    mode: str = "add"
    overrides: gpd.GeoDataFrame | None = None
    census: CensusTotals | None = None
    grid: PopulationGrid | None = None

    @property
    def top_down(self) -> bool:
        """Whether census totals or a population grid are given."""
        return self.census is not None or self.grid is not None

    def without_census(self) -> DemandInputs:
        """The same inputs without census totals."""
        return replace(self, census=None)
