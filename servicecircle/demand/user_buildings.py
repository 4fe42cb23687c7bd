"""A planner's own building layer: footprints with floors, instead of or besides OSM's.

Chinese map vendors and survey bureaus deliver buildings as polygons with a
floors column (``Floor``, ``floors``, ``FLOOR``, ``levels``, 层数, 楼层, 地上层数)
or a height in metres (``height``, ``HEIGHT``, 高度, 建筑高度; never 层高, which is
the height of one storey), often with a use column (用途, 类型, 性质, 建筑用途)
holding 住宅, 商业, 办公, 工业, 教育, 医疗 and the like. :func:`read_buildings`
reads such a layer (any format and coordinate system
:func:`~servicecircle.inputs.files.read.read_layer` reads) into the study area's
``buildings`` contract:

- ``levels`` from the floors column (a cell such as "5层", "5F" or "18/-2"
  gives its first number; 0, blank or over :data:`MAX_LEVELS` is unknown);
- ``height`` from the height column (the demand takes levels from it where
  floors are missing);
- ``building`` from the use column, mapped to the OSM building value the
  residential evidence understands
  (:data:`~servicecircle.demand.building_columns.USE_VALUES`: 住宅 -> residential,
  商业 -> commercial, 办公 -> office, ...); without one, ``yes``;
- ``osm_id`` -1, -2, ... in file order (never an OSM id).

:func:`with_buildings` puts them in the study area: ``replace`` drops the OSM
buildings; ``add`` keeps the OSM buildings that no planner's building
overlaps (the planner's outline wins where both have one).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle._progress import Said
from servicecircle.demand.building_columns import (
    HEIGHT_COLUMNS,
    LEVEL_COLUMNS,
    NAME_COLUMNS,
    OSM_BUILDING_VALUES,
    USE_COLUMNS,
    USE_VALUES,
)
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import LAYER_COLUMNS, StudyArea
from servicecircle.inputs.crs import WGS84

BuildingsMode = Literal["replace", "add"]
BUILDINGS_MODES: Final = ("replace", "add")

MAX_LEVELS: Final = 200
MAX_HEIGHT_M: Final = 700.0


@dataclass(frozen=True, eq=False)
class PlannerBuildings:
    """A planner's buildings in the ``buildings`` contract, and how they were read.

    Attributes
    ----------
    buildings
        :data:`~servicecircle.inputs.area.LAYER_COLUMNS` ``["buildings"]``, WGS-84.
    source
        The file's name.
    notes
        Which columns were used, and the cells that were not.
    """

    buildings: gpd.GeoDataFrame
    source: str
    notes: tuple[Said, ...] = field(default_factory=tuple)


def _key(name: Any) -> str:
    text = unicodedata.normalize("NFKC", str(name)).strip().lower()
    text = re.sub(r"\(.*?\)|\[.*?\]", "", text)
    return re.sub(r"[\s_\-.:/]+", "", text)


def _find(columns: list[str], wanted: tuple[str, ...]) -> str | None:
    keys = {_key(c): c for c in reversed(columns)}
    return next((keys[w] for w in wanted if w in keys), None)


_FIRST_NUMBER: Final = re.compile(r"[-+]?\d+(?:\.\d+)?")


def _numbers(values: pd.Series) -> np.ndarray:
    """The first number of each cell ("5层" -> 5, "18/-2" -> 18); NaN where none."""

    def first(value: Any) -> float:
        if value is None or isinstance(value, bool):
            return float("nan")
        if isinstance(value, int | float | np.integer | np.floating):
            return float(value)
        match = _FIRST_NUMBER.search(unicodedata.normalize("NFKC", str(value)))
        return float(match.group()) if match else float("nan")

    return np.array([first(v) for v in values.to_numpy(dtype=object)], dtype=float)


def building_value(cell: Any) -> str:
    """The OSM building value a use cell means (``yes`` when it says nothing known).

    >>> building_value("住宅"), building_value("商业办公"), building_value("Office")
    ('residential', 'commercial', 'office')
    """
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return "yes"
    text = unicodedata.normalize("NFKC", str(cell)).strip()
    lower = text.lower()
    if lower in OSM_BUILDING_VALUES:
        return lower
    hits = [(text.find(word), value) for word, value in USE_VALUES if word in text]
    return min(hits)[1] if hits else "yes"


def _plausible(values: np.ndarray, high: float) -> tuple[np.ndarray, int]:
    """``values`` with 0, negatives and values over ``high`` made unknown; how many were."""
    bad = np.isfinite(values) & ((values <= 0) | (values > high))
    out = values.copy()
    out[bad] = np.nan
    return out, int(bad.sum())


def _plausible_column(
    frame: pd.DataFrame,
    column: str | None,
    most: float,
    notes: list[Said],
    refused: str,
    source: str,
) -> np.ndarray:
    """The plausible numbers of ``column`` (NaN elsewhere, and all NaN without the column).

    ``refused`` is the key of the note added when some values are not plausible.
    """
    if column is None:
        return np.full(len(frame), np.nan)
    values, bad = _plausible(_numbers(frame[column]), most)
    if bad:
        notes.append(msg(refused, source=source, bad=bad, column=column, most=most))
    return values


def _building_types(
    frame: gpd.GeoDataFrame, use_column: str | None, source: str, notes: list[Said]
) -> np.ndarray:
    """The OSM building value of each row from its use cell (``yes`` without one; noted)."""
    n = len(frame)
    if use_column is None:
        return np.full(n, "yes", dtype=object)
    kinds = np.array([building_value(v) for v in frame[use_column]], dtype=object)
    unknown = int((kinds == "yes").sum())
    if unknown:
        notes.append(
            msg(
                "msg.demand.buildings.unknown_use",
                source=source,
                bad=unknown,
                count=n,
                column=use_column,
            )
        )
    return kinds


def _buildings_layer(frame: gpd.GeoDataFrame, data: dict[str, Any]) -> gpd.GeoDataFrame:
    """The ``buildings`` contract from the mapped columns: ids -1, -2, ..., WGS-84."""
    n = len(frame)
    data = {"osm_id": -np.arange(1, n + 1, dtype="int64"), **data}
    columns_out = [c for c in LAYER_COLUMNS["buildings"] if c != "geometry"]
    for column in columns_out:
        data.setdefault(column, np.full(n, None, dtype=object))
    return gpd.GeoDataFrame(
        {c: data[c] for c in columns_out},
        geometry=gpd.GeoSeries(frame.geometry.to_numpy(), crs=frame.crs).to_crs(WGS84),
    )


def buildings_from_frame(frame: gpd.GeoDataFrame, *, source: str) -> PlannerBuildings:
    """The buildings of a planner's polygon layer (WGS-84), see the module docstring.

    Raises
    ------
    InputDataError
        When the layer has neither a floors nor a height column.
    """
    columns = [str(c) for c in frame.columns if c != "geometry"]
    levels_column = _find(columns, LEVEL_COLUMNS)
    height_column = _find(columns, HEIGHT_COLUMNS)
    use_column = _find(columns, USE_COLUMNS)
    name_column = _find(columns, NAME_COLUMNS)
    if levels_column is None and height_column is None:
        shown: Said | list[str] = [repr(c) for c in columns[:20]] or msg(
            "msg.demand.census.nothing"
        )
        raise InputDataError(msg("msg.demand.buildings.no_levels", source=source, columns=shown))
    notes: list[Said] = []
    n = len(frame)
    levels = _plausible_column(
        frame, levels_column, MAX_LEVELS, notes, "msg.demand.buildings.bad_levels", source
    )
    height = _plausible_column(
        frame, height_column, MAX_HEIGHT_M, notes, "msg.demand.buildings.bad_heights", source
    )
    kinds = _building_types(frame, use_column, source, notes)
    used = [
        msg(f"msg.demand.buildings.{what}_from", column=column)
        for what, column in (
            ("floors", levels_column),
            ("height", height_column),
            ("type", use_column),
        )
        if column
    ]
    known = int((np.isfinite(levels) | np.isfinite(height)).sum())
    notes.insert(
        0, msg("msg.demand.buildings.read", source=source, count=n, used=used, known=known)
    )
    names = (
        frame[name_column].astype(object).where(frame[name_column].notna(), None).to_numpy()
        if name_column is not None
        else np.full(n, None, dtype=object)
    )
    data: dict[str, Any] = {"building": kinds, "levels": levels, "height": height, "name": names}
    buildings = _buildings_layer(frame, data)
    return PlannerBuildings(buildings=buildings, source=source, notes=tuple(notes))


def read_buildings(
    path: str | Path,
    *,
    crs: Any = None,
    study_bounds: tuple[float, float, float, float] | None = None,
    layer: str | None = None,
) -> PlannerBuildings:
    """Read a planner's building layer (polygons) with :func:`read_layer` and map its columns."""
    from servicecircle.inputs.files.read import read_layer

    loaded = read_layer(path, layer=layer, crs=crs, study_bounds=study_bounds, geometry="polygon")
    result = buildings_from_frame(loaded.frame, source=Path(path).name)
    return replace(result, notes=(*loaded.notes, *result.notes))


def with_buildings(
    area: StudyArea, planner: PlannerBuildings, mode: BuildingsMode = "add"
) -> StudyArea:
    """The study area with the planner's buildings in place of, or besides, its own.

    Parameters
    ----------
    area
        The study area.
    planner
        From :func:`read_buildings`.
    mode
        ``"replace"``: only the planner's buildings; ``"add"``: also the
        area's buildings that overlap none of the planner's (by a third of
        either's footprint).
    """
    if mode not in BUILDINGS_MODES:
        raise InputDataError(msg("msg.demand.buildings.mode", mode=mode))
    own = area.buildings
    mine = planner.buildings
    if mode == "replace" or len(own) == 0:
        kept = own.iloc[:0]
    else:
        crs = area.local_crs()
        theirs = own.geometry.to_crs(crs).to_numpy()
        ours = mine.geometry.to_crs(crs).to_numpy()
        tree = shapely.STRtree(ours)
        a, b = tree.query(theirs, predicate="intersects")
        shared = shapely.area(shapely.intersection(theirs[a], ours[b]))
        overlaps = (shared >= shapely.area(theirs[a]) / 3) | (shared >= shapely.area(ours[b]) / 3)
        dropped = np.zeros(len(own), dtype=bool)
        dropped[a[overlaps]] = True
        kept = own[~dropped]
    combined = pd.concat([mine, kept.to_crs(WGS84)], ignore_index=True)
    combined = gpd.GeoDataFrame(combined, geometry="geometry", crs=WGS84)
    combined = combined[list(LAYER_COLUMNS["buildings"])]
    if mode == "replace":
        said = msg(
            "msg.demand.buildings.replaced", count=len(mine), source=planner.source, osm=len(own)
        )
    else:
        said = msg(
            "msg.demand.buildings.added",
            count=len(mine),
            source=planner.source,
            kept=len(kept),
            osm=len(own),
        )
    return replace(area, buildings=combined, notes=(*area.notes, *planner.notes, said))


__all__ = [
    "BUILDINGS_MODES",
    "PlannerBuildings",
    "building_value",
    "buildings_from_frame",
    "read_buildings",
    "with_buildings",
]
