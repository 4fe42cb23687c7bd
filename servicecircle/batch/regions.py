"""The regions of a batch: a planner's file, a grid, or the extract's admin boundaries.

Each region is a polygon with a ``code`` (unique: it names the region's
output folder) and a ``name``. A planner's file (GeoPackage, GeoJSON, a zipped
Shapefile) is read in any coordinate system the project reads, GCJ-02 and
CGCS2000 included (``crs``, as for every planner's file); its columns may be
named as Chinese tables name them: 名称, 区划名称, 县区, 乡镇 for the name,
代码, 区划代码, 行政区划代码 for the code. Without a file, the regions are the
extract's township-level admin boundaries (:func:`admin_regions`, e.g. the
communes of Liechtenstein, ``admin_level`` 8) or a grid (:func:`grid_regions`).

:func:`checked_regions` refuses what would break the rule that each person is
counted by exactly one region: no polygon, a feature that is not a polygon,
a missing or repeated code, regions that overlap.
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.files.columns import normalise_name

#: The columns of a regions layer.
REGION_COLUMNS = ("code", "name", "geometry")

#: Column names read as a region's name, in order of preference.
NAME_COLUMNS: tuple[str, ...] = (
    "name",
    "名称",
    "区划名称",
    "行政区划名称",
    "行政区名称",
    "县区",
    "区县",
    "县区名称",
    "区县名称",
    "乡镇",
    "乡镇名称",
    "街道",
    "乡镇街道",
    "街道名称",
    "region",
    "NAME",
)

#: Column names read as a region's code, in order of preference.
CODE_COLUMNS: tuple[str, ...] = (
    "code",
    "代码",
    "区划代码",
    "行政区划代码",
    "行政代码",
    "编码",
    "区划编码",
    "adcode",
    "id",
)

#: Overlap (share of the smaller region's area) above which two regions overlap.
OVERLAP_SHARE = 1e-6


def _column(frame: pd.DataFrame, aliases: Sequence[str]) -> str | None:
    """The first column of ``frame`` named as one of ``aliases`` (spaces and case ignored)."""
    by_key = {normalise_name(str(c)): str(c) for c in frame.columns if c != "geometry"}
    for alias in aliases:
        found = by_key.get(normalise_name(alias))
        if found is not None:
            return found
    return None


def _text(value: object) -> str:
    """A cell as text: whole numbers without ``.0`` (a code read as a float), blanks empty.

    >>> _text(320102.0), _text(" 玄武区 "), _text(None), _text(float("nan"))
    ('320102', '玄武区', '', '')
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _shown(values: Sequence[str], limit: int = 10) -> list[str]:
    return list(values[:limit]) + (["…"] if len(values) > limit else [])


def regions_layer(frame: gpd.GeoDataFrame, *, source: str = "") -> gpd.GeoDataFrame:
    """The ``code``, ``name`` and polygon of each feature of a planner's layer (WGS-84).

    The code comes from a code column (代码, 区划代码, ...), else from the
    names when they are all given and distinct; a blank name is the code.

    Raises
    ------
    InputDataError
        When the layer has no code column and its names cannot serve as codes.
    """
    code_column, name_column = _column(frame, CODE_COLUMNS), _column(frame, NAME_COLUMNS)
    names = [_text(v) for v in frame[name_column]] if name_column else [""] * len(frame)
    if code_column is not None:
        codes = [_text(v) for v in frame[code_column]]
    elif names and all(names) and len(set(names)) == len(names):
        codes = names
    else:
        raise InputDataError(
            msg("msg.batch.regions_no_code", file=source, columns=_shown(list(map(str, frame))))
        )
    layer = gpd.GeoDataFrame(
        {"code": codes, "name": [name or code for name, code in zip(names, codes, strict=True)]},
        geometry=frame.geometry.to_numpy(),
        crs=frame.crs,
    )
    return checked_regions(layer.to_crs(WGS84) if layer.crs is not None else layer, source=source)


def _overlapping(layer: gpd.GeoDataFrame) -> list[str]:
    """``code / code`` of every pair of regions that overlap (more than a sliver)."""
    geoms = layer.geometry.to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = left < right
    left, right = left[pairs], right[pairs]
    shared = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    smaller = np.minimum(shapely.area(geoms[left]), shapely.area(geoms[right]))
    over = shared > OVERLAP_SHARE * smaller
    codes = layer["code"].to_numpy()
    return [f"{codes[a]} / {codes[b]}" for a, b in zip(left[over], right[over], strict=True)]


def checked_regions(layer: gpd.GeoDataFrame, *, source: str = "") -> gpd.GeoDataFrame:
    """``layer`` (``code``, ``name``, polygons) checked, with its geometries made valid.

    Raises
    ------
    InputDataError
        When it holds no region, a feature that is not a polygon (or is
        empty), a blank or repeated code, or regions that overlap.
    """
    if len(layer) == 0:
        raise InputDataError(msg("msg.batch.regions_empty", file=source))
    geoms = layer.geometry.to_numpy()
    kinds = shapely.get_type_id(geoms)
    bad = np.flatnonzero(~np.isin(kinds, (3, 6)) | shapely.is_empty(geoms))
    if len(bad):
        rows = _shown([str(i + 1) for i in bad])
        raise InputDataError(msg("msg.batch.regions_not_polygons", file=source, rows=rows))
    codes = layer["code"].astype(str).str.strip()
    blank = np.flatnonzero((codes == "").to_numpy())
    if len(blank):
        rows = _shown([str(i + 1) for i in blank])
        raise InputDataError(msg("msg.batch.regions_blank_code", file=source, rows=rows))
    repeated = sorted(set(codes[codes.duplicated()]))
    if repeated:
        raise InputDataError(
            msg("msg.batch.regions_duplicate_codes", file=source, codes=_shown(repeated))
        )
    layer = layer.assign(code=codes.to_numpy(), geometry=shapely.make_valid(geoms))
    overlaps = _overlapping(layer)
    if overlaps:
        raise InputDataError(msg("msg.batch.regions_overlap", file=source, pairs=_shown(overlaps)))
    return layer[list(REGION_COLUMNS)].reset_index(drop=True)


def read_regions(
    path: str, *, layer: str | None = None, crs: str | None = None
) -> gpd.GeoDataFrame:
    """Read a planner's regions file into ``code``, ``name``, polygon (WGS-84).

    Parameters
    ----------
    path
        A GeoPackage, GeoJSON or zipped Shapefile of polygons.
    layer
        The layer of a GeoPackage or zip holding several.
    crs
        Its coordinate system when the file does not say or says wrongly
        (``"gcj02"``, ``"cgcs2000"``, ``"cgcs2000-gk3:117"``, an EPSG code).

    Raises
    ------
    InputDataError
        For a file that cannot be read, and as :func:`regions_layer`.
    """
    from pathlib import Path

    from servicecircle.inputs.files.read import read_layer

    frame = read_layer(path, layer=layer, crs=crs, geometry="polygon").frame
    return regions_layer(frame, source=Path(path).name)


def grid_regions(
    bounds: tuple[float, float, float, float], rows: int, columns: int
) -> gpd.GeoDataFrame:
    """A ``rows × columns`` grid of regions over ``bounds`` (west, south, east, north).

    Codes are ``r<row>c<column>`` from the south-west corner; names 网格 <row>-<column>.

    >>> grid = grid_regions((0.0, 0.0, 2.0, 1.0), 1, 2)
    >>> grid["code"].tolist(), grid["name"].tolist(), grid.geometry.bounds.maxx.tolist()
    (['r1c1', 'r1c2'], ['网格 1-1', '网格 1-2'], [1.0, 2.0])
    """
    west, south, east, north = bounds
    xs = np.linspace(west, east, columns + 1)
    ys = np.linspace(south, north, rows + 1)
    cells = [
        (
            f"r{i + 1}c{j + 1}",
            f"网格 {i + 1}-{j + 1}",
            shapely.box(xs[j], ys[i], xs[j + 1], ys[i + 1]),
        )
        for i in range(rows)
        for j in range(columns)
    ]
    return gpd.GeoDataFrame(
        {"code": [c for c, _, _ in cells], "name": [n for _, n, _ in cells]},
        geometry=[g for _, _, g in cells],
        crs=WGS84,
    )


def admin_regions(boundaries: gpd.GeoDataFrame, *, level: int | None = None) -> gpd.GeoDataFrame:
    """The regions of an extract's admin boundaries at one level (townships by default).

    Parameters
    ----------
    boundaries
        A study area's ``boundaries`` layer (``osm_id``, ``admin_level``,
        ``name``, ``name_zh``).
    level
        The admin level; ``None`` for the township level
        (:func:`~servicecircle.demand.admin.admin_levels`: the deepest of 7-9).

    Returns
    -------
    geopandas.GeoDataFrame
        ``code`` (the OSM id), ``name`` (the Chinese name where tagged),
        polygons; empty when the level is absent.
    """
    from servicecircle.demand.admin import admin_levels

    if level is None:
        level = admin_levels(boundaries["admin_level"].to_numpy())[0]
    rows = boundaries[boundaries["admin_level"] == level] if level is not None else boundaries[:0]
    names = rows["name_zh"].where(rows["name_zh"].notna(), rows["name"]).map(_text)
    codes = rows["osm_id"].map(_text)
    return gpd.GeoDataFrame(
        {"code": codes.to_numpy(), "name": names.where(names != "", codes).to_numpy()},
        geometry=rows.geometry.to_numpy(),
        crs=WGS84,
    ).reset_index(drop=True)
