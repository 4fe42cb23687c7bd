"""Areas (residential and industrial land, relocation) and the access points that stand for them.

Residential land use counts its mapped homes (as buildings) plus its
*unmapped part* at the land-use density (:func:`unmapped_residential_land`).
The unmapped part is measured on square cells of ``unmapped_cell_m`` (50 m):

- each residential land-use polygon is cut into cells of a grid from its
  south-west corner (clipped to it, so the cells add up to the polygon);
- a cell belongs to the polygon only when the smallest land-use or grounds
  polygon holding its centre is this one (a park or a school inside a
  residential area is not residential land, and two overlapping residential
  polygons do not both count it);
- a cell that any building touches (a home, a school, a shed) is mapped:
  its people, if any, are the buildings'. At 50 m, a completely mapped
  compound leaves no empty cell (rows of blocks stand 30-45 m apart), while
  a compound with one mapped building leaves all but one or two;
- a cell whose centre lies farther than ``populated_within_m`` from every
  road is not counted (usually land beyond the extract's mapped area);
- the remaining cells are the unmapped part: its area × the residential
  density (people per hectare) gives its people.

So a compound of 8 ha with one mapped building counts the building's
residents plus about 7.5 ha at the land-use density, instead of the
building alone. The price: an open green of more than a cell inside a
completely mapped compound also counts as unmapped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from servicecircle._progress import Said
from servicecircle.demand.counts import checked_people, people_column
from servicecircle.demand.evidence import smallest_containing
from servicecircle.demand.settings import MUST_COVER_CLASSES, DemandSettings
from servicecircle.demand.units import AREA_COLUMNS, empty_areas, empty_units, make_units
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.fields import field_values

RESIDENTIAL_LAND = "landuse=residential"

#: A relocation or industrial area the planner left unnamed is kept under this name.
UNNAMED_AREA = re.compile(r"(?P<cls>relocation|industrial) area (?P<number>\d+)")


def default_area_name(cls: object, number: object) -> str:
    """The name kept for an unnamed area of class ``cls`` (English; see below).

    :func:`servicecircle.planning.naming.area_label` says it in the reader's
    language (安置区 2).

    >>> default_area_name("relocation", 2)
    'relocation area 2'
    >>> bool(UNNAMED_AREA.fullmatch(default_area_name("industrial", 7)))
    True
    """
    return f"{cls} area {number}"


def grid_points_in(polygon: Any, spacing: float) -> np.ndarray:
    """Return points on a regular grid inside ``polygon`` (metric), at least one.

    The grid is offset by half a spacing so that small areas get their
    inside point instead of an empty grid.
    """
    west, south, east, north = polygon.bounds
    xs = np.arange(west + spacing / 2, east, spacing)
    ys = np.arange(south + spacing / 2, north, spacing)
    if len(xs) and len(ys):
        gx, gy = np.meshgrid(xs, ys)
        candidates = np.asarray(shapely.points(gx.ravel(), gy.ravel()))
        inside = candidates[shapely.contains_xy(polygon, gx.ravel(), gy.ravel())]
        if len(inside):
            return np.asarray(inside)
    return np.array([shapely.point_on_surface(polygon)])


def make_areas(
    geometries: Any,
    *,
    cls: str,
    names: Any,
    people: Any,
    basis: Any,
    crs: Any,
) -> gpd.GeoDataFrame:
    """An area table (:data:`AREA_COLUMNS`) without ids yet (``area_id`` -1)."""
    geoms = np.asarray(geometries, dtype=object)
    n = len(geoms)
    if isinstance(basis, str):
        basis = np.full(n, basis, dtype=object)
    return gpd.GeoDataFrame(
        {
            "area_id": np.full(n, -1, dtype="int64"),
            "class": np.full(n, cls, dtype=object),
            "name": np.asarray(names, dtype=object),
            "people": np.asarray(people, dtype=float),
            "must_cover": np.full(n, cls in MUST_COVER_CLASSES, dtype=bool),
            "basis": np.asarray(basis, dtype=object),
        },
        geometry=gpd.GeoSeries(geoms, crs=crs),
    )[list(AREA_COLUMNS)]


def area_units(areas: gpd.GeoDataFrame, spacing: float, *, source: str) -> gpd.GeoDataFrame:
    """Spread each area's people over its access points (metric CRS in and out)."""
    pieces = []
    rows = zip(
        areas.geometry,
        areas["class"],
        areas["people"],
        areas["area_id"],
        areas["name"],
        areas["basis"],
        strict=True,
    )
    for geometry, cls, people, area_id, name, basis in rows:
        points = grid_points_in(geometry, spacing)
        pieces.append(
            make_units(
                points,
                cls=str(cls),
                source=source,
                people=np.full(len(points), float(people) / len(points)),
                area_id=np.full(len(points), area_id),
                name=np.full(len(points), name, dtype=object),
                basis=basis,
                crs=areas.crs,
            )
        )
    units = pd.concat(pieces, ignore_index=True) if pieces else empty_units(areas.crs)
    return gpd.GeoDataFrame(units, geometry="geometry", crs=areas.crs)


@dataclass(frozen=True)
class UnmappedLand:
    """The unmapped part of residential land use and how it was measured.

    Attributes
    ----------
    areas
        One area per residential land-use polygon with an unmapped part
        (:data:`AREA_COLUMNS`, metric CRS, no ids yet).
    residential_ha
        Residential land use (hectares, each cell counted once).
    mapped_ha
        Of it, cells a building touches.
    unmapped_ha
        Of it, the unmapped part counted at the density.
    far_ha
        Unmapped cells not counted: farther than ``populated_within_m`` from any road.
    """

    areas: gpd.GeoDataFrame
    residential_ha: float = 0.0
    mapped_ha: float = 0.0
    unmapped_ha: float = 0.0
    far_ha: float = 0.0


def _cells_of(polygon: Any, side: float) -> tuple[np.ndarray, np.ndarray]:
    """Cells of a square grid over ``polygon`` (from its south-west corner), clipped to it.

    Returns
    -------
    tuple of numpy.ndarray
        A point inside each cell (its centre when that lies in the polygon),
        and the clipped cells; every part of the polygon is in one cell.
    """
    west, south, east, north = polygon.bounds
    xs = np.arange(west, east, side)
    ys = np.arange(south, north, side)
    grid_x, grid_y = np.meshgrid(xs, ys)
    gx, gy = grid_x.ravel(), grid_y.ravel()
    boxes = shapely.box(gx, gy, gx + side, gy + side)
    shapely.prepare(polygon)
    touching = shapely.intersects(polygon, boxes)
    cells = shapely.intersection(boxes[touching], polygon)
    cells = cells[shapely.area(cells) > 0]
    if len(cells) == 0:
        return np.array([shapely.point_on_surface(polygon)]), np.array([polygon])
    centres = shapely.centroid(cells)
    outside = ~shapely.contains(polygon, centres)
    centres[outside] = shapely.point_on_surface(cells[outside])
    return np.asarray(centres), np.asarray(cells)


def unmapped_residential_land(
    context: gpd.GeoDataFrame,
    buildings: gpd.GeoDataFrame,
    edges: gpd.GeoDataFrame,
    settings: DemandSettings,
) -> UnmappedLand:
    """The unmapped part of each residential land-use polygon (see the module docstring).

    Parameters
    ----------
    context
        Land use and grounds (:func:`~servicecircle.demand.evidence.context_polygons`),
        metric CRS.
    buildings
        Every building (any use), same CRS: a cell one touches is mapped.
    edges
        Roads, same CRS.
    settings
        Resolved settings: ``unmapped_cell_m``, ``populated_within_m``,
        ``residential_density_per_ha``.
    """
    crs = context.crs
    residential = np.flatnonzero(context["kind"].to_numpy() == RESIDENTIAL_LAND)
    if len(residential) == 0:
        return UnmappedLand(empty_areas(crs))
    polygons = context.geometry.to_numpy()
    centres, cells, owner = [], [], []
    for j in residential:
        c, cell = _cells_of(polygons[j], settings.unmapped_cell_m)
        centres.append(c)
        cells.append(cell)
        owner.append(np.full(len(c), j))
    centre = np.concatenate(centres)
    cell = np.concatenate(cells)
    belongs = np.concatenate(owner)
    own = smallest_containing(centre, polygons) == belongs
    mapped = np.zeros(len(cell), dtype=bool)
    if len(buildings):
        hit, _ = shapely.STRtree(buildings.geometry.to_numpy()).query(cell, predicate="intersects")
        mapped[hit] = True
    near = np.zeros(len(cell), dtype=bool)
    if len(edges):
        found, _ = shapely.STRtree(edges.geometry.to_numpy()).query_nearest(
            centre, max_distance=settings.populated_within_m, return_distance=True
        )
        near[found[0]] = True
    area_ha = shapely.area(cell) / 10_000.0
    counted = own & ~mapped & near
    density = float(settings.residential_density_per_ha or 0.0)
    names, parts, people, basis = [], [], [], []
    for j in residential:
        mine = belongs == j
        chosen = mine & counted
        if not chosen.any():
            continue
        part = shapely.union_all(cell[chosen])
        part_ha = float(area_ha[chosen].sum())
        total_ha = float(area_ha[mine & own].sum())
        parts.append(part)
        names.append(context["name"].iloc[j])
        people.append(part_ha * density)
        basis.append(
            f"unmapped residential land ({part_ha:,.1f} of {total_ha:,.1f} ha) "
            f"at {density:g} people/ha"
        )
    areas = make_areas(parts, cls="residential", names=names, people=people, basis=basis, crs=crs)
    keep = ~areas.geometry.is_empty & (areas.geometry.area > 1.0)
    return UnmappedLand(
        areas=areas[keep].reset_index(drop=True),
        residential_ha=float(area_ha[own].sum()),
        mapped_ha=float(area_ha[own & mapped].sum()),
        unmapped_ha=float(area_ha[counted].sum()),
        far_ha=float(area_ha[own & ~mapped & ~near].sum()),
    )


def planner_areas(
    layer: gpd.GeoDataFrame | None,
    *,
    cls: str,
    per_ha: float,
    crs: pyproj.CRS,
    what: Said,
) -> gpd.GeoDataFrame:
    """Planner polygons -> areas with people from an attribute, else area × density (no ids yet).

    The name and people columns are found by the names planners give them
    (名称, 安置区名称, 人口, 安置人口, ...: :data:`~servicecircle.inputs.fields.FIELDS`);
    an area without a name is called ``"<what> <n>"`` by its position.
    """
    if layer is None or len(layer) == 0:
        return empty_areas(crs)
    if layer.crs is None:
        raise InputDataError(msg("msg.demand.layer_no_crs", layer=what))
    polygons = layer[layer.geom_type.isin(("Polygon", "MultiPolygon"))]
    if len(polygons) != len(layer):
        raise InputDataError(
            msg(
                "msg.demand.layer_not_polygons",
                layer=what,
                bad=len(layer) - len(polygons),
                count=len(layer),
            )
        )
    metric = polygons.to_crs(crs)
    estimate = metric.geometry.area.to_numpy() / 10_000.0 * per_ha
    column = people_column(polygons)
    people = estimate
    given = np.full(len(polygons), np.nan)
    if column is not None:
        given = checked_people(polygons, column, what=what, blank_allowed=True)
        people = np.where(np.isfinite(given), given, estimate)
    defaults = pd.Series([f"{what} {i + 1}" for i in range(len(polygons))], dtype=object)
    given_names = field_values(polygons.reset_index(drop=True), "name")
    names = (defaults if given_names is None else given_names.fillna(defaults)).to_numpy()
    basis = np.where(
        np.isfinite(given), f"{what}: people given", f"{what}: area at {per_ha:g} per ha"
    ).astype(object)
    return make_areas(
        metric.geometry.to_numpy(), cls=cls, names=names, people=people, basis=basis, crs=crs
    )
