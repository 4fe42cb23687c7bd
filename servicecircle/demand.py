"""Demand units: who needs to be within reach, and how many people each stands for.

Residents come from residential buildings (footprint × levels × usable share ÷
m² per person), or from residential land use without mapped buildings (area ×
density); industrial workers from industrial land use and buildings (area ×
jobs per hectare); relocated residents from the planner's relocation layer
(people from an attribute when present, else estimated like residential);
the planner's own points (with a people column) replace or add to the
estimate. Large areas are not reduced to one centroid: each is represented by
access points on a regular grid inside it, sharing its people, so its
coverage is the share of it within reach.

People columns are read as planners write them ("1,200", "１２００", " 800 ",
decimals); a cell that is not a count, or is negative, is refused with the row
number the planner sees in Excel (:func:`checked_people`).

Every unit carries its class, people and, when boundaries exist, its
township/street and community. A community is known by its township and its
name together, so two 新村 in different townships stay apart; two boundaries of
the same name in the same township (or in none) are kept apart as "新村" and
"新村 (2)", and the demand's notes say so
(:func:`servicecircle.admin_units.admin_units`).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from servicecircle.admin_units import (
    admin_units,
    assign_admin_units,
    empty_admin_units,
    scale_to_census,
)
from servicecircle.errors import InputDataError
from servicecircle.sources.area import WGS84, StudyArea
from servicecircle.sources.layers import SOURCE_ROWS_ATTR, describe_rows

logger = logging.getLogger(__name__)

DemandClass = Literal["residential", "industrial", "relocation", "user"]
DEMAND_CLASSES: tuple[str, ...] = ("residential", "industrial", "relocation", "user")
MUST_COVER_CLASSES: tuple[str, ...] = ("industrial", "relocation")

HOUSE_TYPES = frozenset(
    {"house", "detached", "semidetached_house", "terrace", "bungalow", "farm", "cabin"}
)
APARTMENT_TYPES = frozenset({"apartments", "residential", "dormitory", "block"})
INDUSTRIAL_TYPES = frozenset({"industrial", "warehouse", "factory", "manufacture"})
NON_RESIDENTIAL_LANDUSE = frozenset(
    {
        "commercial",
        "retail",
        "industrial",
        "civil",
        "military",
        "railway",
        "cemetery",
        "education",
        "religious",
        "construction",
        "farmyard",
        "quarry",
        "landfill",
        "port",
    }
)

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

PEOPLE_COLUMNS = ("people", "population", "persons", "residents", "workers", "人口", "人数")


@dataclass(frozen=True)
class DemandSettings:
    """Population and employment assumptions (every one is listed in the report).

    Attributes
    ----------
    m2_per_person
        Dwelling floor area per person (2020 census: urban 36.5, large cities 30–33).
    usable_share
        Share of gross floor area that is dwelling space.
    levels_house, levels_apartment
        Levels assumed for untagged houses and apartment/residential blocks.
    levels_other
        Levels for untagged generic buildings (``building=yes``) counted as
        residential; ``None`` takes the median of the tagged residential
        buildings in the area when at least ten are tagged, else ``levels_house``.
    min_footprint_m2
        Smaller buildings (sheds, garages) hold no residents.
    residential_density_per_ha
        People per hectare of residential land use without mapped buildings.
    industrial_jobs_per_ha
        Workers per hectare of industrial land use or building footprint.
    access_spacing_m
        Spacing of the access points that represent a large area.
    populated_within_m
        Residential land use without mapped buildings counts as populated only
        within this distance of a road (beyond it, usually outside the
        extract's mapped area, nobody can live unreached by any road).
    """

    m2_per_person: float = 33.0
    usable_share: float = 0.8
    levels_house: float = 1.0
    levels_apartment: float = 6.0
    levels_other: float | None = None
    min_footprint_m2: float = 30.0
    residential_density_per_ha: float = 100.0
    industrial_jobs_per_ha: float = 60.0
    access_spacing_m: float = 100.0
    populated_within_m: float = 300.0

    def __post_init__(self) -> None:
        checks = {
            "m2_per_person": self.m2_per_person > 0,
            "usable_share": 0 < self.usable_share <= 1,
            "levels_house": self.levels_house > 0,
            "levels_apartment": self.levels_apartment > 0,
            "access_spacing_m": self.access_spacing_m > 0,
            "residential_density_per_ha": self.residential_density_per_ha >= 0,
            "industrial_jobs_per_ha": self.industrial_jobs_per_ha >= 0,
        }
        wrong = [name for name, ok in checks.items() if not ok]
        if wrong:
            raise InputDataError(
                f"Demand settings out of range: {', '.join(wrong)}. Use positive values "
                "(usable share between 0 and 1)."
            )


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


def _metric(frame: gpd.GeoDataFrame, crs: pyproj.CRS) -> gpd.GeoDataFrame:
    return frame.to_crs(crs)


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


def _landuse_class_at(points: np.ndarray, landuse: gpd.GeoDataFrame) -> np.ndarray:
    """Land-use class containing each point (``None`` where none; smallest area wins)."""
    result = np.full(len(points), None, dtype=object)
    if len(landuse) == 0 or len(points) == 0:
        return result
    order = np.argsort(-landuse.geometry.area.to_numpy())  # big first, small overwrite
    tree = shapely.STRtree(landuse.geometry.to_numpy())
    point_idx, poly_idx = tree.query(points, predicate="within")
    rank = np.empty(len(order), dtype=int)
    rank[order] = np.arange(len(order))
    sort = np.argsort(rank[poly_idx])
    classes = landuse["landuse"].to_numpy()
    result[point_idx[sort]] = classes[poly_idx[sort]]
    return result


def _levels_for(buildings: gpd.GeoDataFrame, settings: DemandSettings) -> tuple[np.ndarray, float]:
    kinds = buildings["building"].to_numpy()
    tagged = buildings["levels"].to_numpy(float)
    height_levels = np.floor(buildings["height"].to_numpy(float) / 3.0)
    other = settings.levels_other
    if other is None:
        known = tagged[np.isfinite(tagged) & (tagged > 0)]
        other = float(np.median(known)) if len(known) >= 10 else settings.levels_house
    default = np.where(
        np.isin(kinds, list(APARTMENT_TYPES)),
        settings.levels_apartment,
        np.where(np.isin(kinds, list(HOUSE_TYPES)), settings.levels_house, other),
    )
    levels = np.where(np.isfinite(tagged) & (tagged > 0), tagged, np.nan)
    levels = np.where(np.isnan(levels) & (height_levels >= 1), height_levels, levels)
    return np.where(np.isnan(levels), default, levels), float(other)


def _empty_units(crs: Any = WGS84) -> gpd.GeoDataFrame:
    columns = [c for c in UNIT_COLUMNS if c != "geometry"]
    frame = gpd.GeoDataFrame({c: [] for c in columns}, geometry=gpd.GeoSeries([], crs=crs))
    return frame.astype({"people": float, "area_id": "int64"})


def _units(
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


def _area_units(
    areas: gpd.GeoDataFrame, spacing: float, *, source: str
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Spread each area's people over its access points (metric CRS in and out)."""
    pieces = []
    rows = zip(
        areas.geometry,
        areas["class"],
        areas["people"],
        areas["area_id"],
        areas["name"],
        strict=True,
    )
    for geometry, cls, people, area_id, name in rows:
        points = grid_points_in(geometry, spacing)
        pieces.append(
            _units(
                points,
                cls=str(cls),
                source=source,
                people=np.full(len(points), float(people) / len(points)),
                area_id=np.full(len(points), area_id),
                name=np.full(len(points), name, dtype=object),
                crs=areas.crs,
            )
        )
    units = pd.concat(pieces, ignore_index=True) if pieces else _empty_units(areas.crs)
    return gpd.GeoDataFrame(units, geometry="geometry", crs=areas.crs), areas


def _populated_parts(
    polygons: gpd.GeoDataFrame, edges: gpd.GeoDataFrame, distance: float, spacing: float
) -> tuple[gpd.GeoDataFrame, float]:
    """Cut polygons to the grid cells within ``distance`` of a road.

    Each polygon is divided into square cells of side ``spacing``; cells
    whose centre has no road within ``distance`` are removed.

    Returns
    -------
    tuple
        The trimmed polygons (empty ones dropped) and the hectares cut off.
    """
    if len(polygons) == 0:
        return polygons, 0.0
    tree = shapely.STRtree(edges.geometry.to_numpy())
    kept, cut = [], 0.0
    half = spacing / 2.0
    for geometry in polygons.geometry.to_numpy():
        centres = grid_points_in(geometry, spacing)
        near, _ = tree.query_nearest(centres, max_distance=distance, return_distance=True)
        reached = np.zeros(len(centres), dtype=bool)
        reached[near[0]] = True
        if reached.all():
            part = geometry
        elif not reached.any():
            part = shapely.Polygon()
        else:
            xy = shapely.get_coordinates(centres[reached])
            cells = shapely.box(xy[:, 0] - half, xy[:, 1] - half, xy[:, 0] + half, xy[:, 1] + half)
            part = shapely.intersection(geometry, shapely.union_all(cells))
        cut += (geometry.area - part.area) / 10_000.0
        kept.append(part)
    trimmed = polygons.assign(geometry=kept)
    trimmed = trimmed[~trimmed.geometry.is_empty & (trimmed.geometry.area > 1.0)]
    return trimmed, cut


def people_column(frame: pd.DataFrame) -> str | None:
    """Name of the column holding people counts (``people``, ``人口``, ...), if any."""
    lower = {str(c).lower(): c for c in frame.columns}
    for candidate in PEOPLE_COLUMNS:
        if candidate in lower:
            return str(lower[candidate])
    return None


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?P<sep>[, '])\d{3}((?P=sep)\d{3})*(\.\d+)?$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _count_from(value: Any) -> float | None:
    """A people count from a cell: a number, or text like ``"1,200"``, ``"１２００"``, ``" 800 "``.

    Full-width characters are read as their ASCII forms; thousands separated by
    commas, spaces or apostrophes (``"1,200"``, ``"1 200"``) and a decimal point
    are accepted. Returns NaN for a blank cell and None for anything else
    (``"约800"``, ``"n/a"``, ``"1,5"``).
    """
    if isinstance(value, bool | np.bool_):
        return None
    if value is None or value is pd.NA or value is pd.NaT:
        return float("nan")
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        return None if np.isinf(number) else number
    text = unicodedata.normalize("NFKC", str(value)).replace("\u2212", "-").strip()
    if not text:
        return float("nan")
    if _THOUSANDS.match(text):
        text = re.sub(r"[, ']", "", text)
    return float(text) if _DECIMAL.match(text) else None


def people_counts(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Read a people column cell by cell (see :func:`_count_from`).

    Returns
    -------
    tuple of numpy.ndarray
        The counts (NaN where blank or unreadable), the blank cells and the
        unreadable ones.
    """
    parsed = [_count_from(v) for v in values.to_numpy(dtype=object)]
    unreadable = np.array([p is None for p in parsed], dtype=bool)
    counts = np.array([np.nan if p is None else p for p in parsed], dtype=float)
    blank = np.isnan(counts) & ~unreadable
    return counts, blank, unreadable


def _cells(values: pd.Series, at: np.ndarray) -> str:
    """Up to three of the cells at ``at``, quoted, for a message."""
    shown = [repr(str(v)[:20]) for v in values.to_numpy(dtype=object)[at[:3]]]
    return ", ".join(shown) + (", ..." if len(at) > 3 else "")


def checked_people(
    frame: pd.DataFrame, column: str, *, what: str, blank_allowed: bool
) -> np.ndarray:
    """The people counts of ``frame[column]``, or a message naming every bad row.

    Parameters
    ----------
    frame
        A planner's layer (from :func:`~servicecircle.sources.layers.read_layer`,
        which keeps the spreadsheet row numbers the messages give).
    column
        Its people column.
    what
        The layer as named in messages, e.g. ``"demand points"``.
    blank_allowed
        Whether an empty cell is allowed (it stays NaN).

    Raises
    ------
    InputDataError
        When a cell is not a number, is negative, or is empty while that is
        not allowed.
    """
    values = frame[column]
    counts, blank, unreadable = people_counts(values)
    negative = counts < 0
    problems: list[str] = []
    for kind, wrong, quoted in (
        ("text that is not a number", unreadable, True),
        ("negative numbers", negative, True),
        ("no value", blank & (not blank_allowed), False),
    ):
        if wrong.any():
            at = np.flatnonzero(wrong)
            where = describe_rows(frame, at, hint=not problems)
            problems.append(f"{kind} in {where}" + (f": {_cells(values, at)}" if quoted else ""))
    if problems:
        rows = frame.attrs.get(SOURCE_ROWS_ATTR)
        source = rows.get("source") if isinstance(rows, dict) else None
        raise InputDataError(
            (f"{source}: the" if source else "The")
            + f" people column {column!r} of the {what} has "
            + "; ".join(problems)
            + ". Write each count as a number such as 1200 or 1,200 (full-width digits and "
            "decimals are fine), or delete those rows, and try again."
        )
    return counts


def _as_areas(
    layer: gpd.GeoDataFrame | None,
    *,
    cls: str,
    per_ha: float,
    crs: pyproj.CRS,
    first_id: int,
    what: str,
) -> gpd.GeoDataFrame:
    """Planner polygons -> areas with people from an attribute, else area × density."""
    if layer is None or len(layer) == 0:
        return gpd.GeoDataFrame(
            {c: [] for c in AREA_COLUMNS if c != "geometry"}, geometry=[], crs=crs
        )
    if layer.crs is None:
        raise InputDataError(f"The {what} layer has no coordinate system; state it when loading.")
    polygons = layer[layer.geom_type.isin(("Polygon", "MultiPolygon"))]
    if len(polygons) != len(layer):
        raise InputDataError(
            f"The {what} layer must hold areas (polygons); {len(layer) - len(polygons)} of its "
            f"{len(layer)} features are not polygons. Draw or upload the outline of each area."
        )
    metric = polygons.to_crs(crs)
    estimate = metric.geometry.area.to_numpy() / 10_000.0 * per_ha
    column = people_column(polygons)
    people = estimate
    if column is not None:
        given = checked_people(polygons, column, what=f"{what}s", blank_allowed=True)
        people = np.where(np.isfinite(given), given, estimate)
    names = (
        polygons["name"].astype(object).to_numpy()
        if "name" in polygons.columns
        else np.array([f"{what} {i + 1}" for i in range(len(polygons))], dtype=object)
    )
    return gpd.GeoDataFrame(
        {
            "area_id": np.arange(first_id, first_id + len(polygons), dtype="int64"),
            "class": cls,
            "name": names,
            "people": people.astype(float),
            "must_cover": cls in MUST_COVER_CLASSES,
        },
        geometry=metric.geometry.to_numpy(),
        crs=crs,
    )


def demand_from_area(
    area: StudyArea,
    *,
    settings: DemandSettings = DemandSettings(),
    relocation: gpd.GeoDataFrame | None = None,
    industrial: gpd.GeoDataFrame | None = None,
    user_points: gpd.GeoDataFrame | None = None,
    user_mode: Literal["add", "replace"] = "add",
    boundaries: gpd.GeoDataFrame | None = None,
    census: dict[str, float] | None = None,
) -> Demand:
    """Estimate the demand units of a study area.

    Parameters
    ----------
    area
        The study area.
    settings
        Population and employment assumptions.
    relocation
        Relocation/resettlement areas (polygons); people from a ``people``
        (or ``population``, ``人口``) attribute when present, else (also for
        a blank cell) area × residential density.
    industrial
        Extra industrial areas (polygons) besides OSM industrial land use;
        workers from a ``workers``/``people`` attribute when present.
    user_points
        The planner's own demand points with a people column.
    user_mode
        ``"add"`` to add them to the estimate, ``"replace"`` to use only
        them (plus relocation and industrial areas).
    boundaries
        Administrative units; defaults to the study area's boundaries.
    census
        Optional unit name -> population, to scale residents.

    Returns
    -------
    Demand
        Units in WGS-84, areas in WGS-84, assumptions.
    """
    crs = area.local_crs()
    spacing = settings.access_spacing_m
    pieces: list[gpd.GeoDataFrame] = []
    area_tables: list[gpd.GeoDataFrame] = []
    landuse = _metric(area.landuse, crs)
    other_levels = settings.levels_other or settings.levels_house
    notes: list[str] = []

    if user_mode == "replace" and (user_points is None or len(user_points) == 0):
        raise InputDataError(
            "Demand points were chosen to replace the estimate, but none were given. "
            "Upload a point layer with a people column, or choose 'add'."
        )
    if user_mode not in ("add", "replace"):
        raise InputDataError(f"user_mode must be 'add' or 'replace', not {user_mode!r}")

    if user_mode == "add":
        buildings = _metric(area.buildings, crs)
        footprint = buildings.geometry.area.to_numpy()
        inside = shapely.point_on_surface(buildings.geometry.to_numpy())
        landuse_at = _landuse_class_at(inside, landuse)
        kinds = buildings["building"].to_numpy()
        is_industrial = np.isin(kinds, list(INDUSTRIAL_TYPES))
        typed_residential = np.isin(kinds, list(HOUSE_TYPES | APARTMENT_TYPES))
        generic = kinds == "yes"
        in_nonres = np.isin(landuse_at.astype(str), list(NON_RESIDENTIAL_LANDUSE))
        is_residential = (typed_residential | (generic & ~in_nonres)) & (
            footprint >= settings.min_footprint_m2
        )
        levels, other_levels = _levels_for(buildings, settings)
        people = footprint * levels * settings.usable_share / settings.m2_per_person
        res = is_residential
        pieces.append(
            _units(
                inside[res],
                cls="residential",
                source="building",
                people=people[res],
                area_id=np.full(int(res.sum()), -1),
                name=buildings["name"].to_numpy()[res],
                crs=crs,
            )
        )
        # residential land use with no residential building inside: area × density
        residential_landuse = landuse[landuse["landuse"] == "residential"].reset_index(drop=True)
        if len(residential_landuse):
            tree = shapely.STRtree(residential_landuse.geometry.to_numpy())
            _, hit = tree.query(inside[res], predicate="within")
            empty = np.setdiff1d(np.arange(len(residential_landuse)), hit)
            bare, trimmed_ha = _populated_parts(
                residential_landuse.iloc[empty],
                area.edges.to_crs(crs),
                settings.populated_within_m,
                settings.access_spacing_m,
            )
            if trimmed_ha > 0:
                notes.append(
                    f"{trimmed_ha:,.1f} ha of residential land use without buildings lie more "
                    f"than {settings.populated_within_m:g} m from any road and were not counted"
                )
            if len(bare):
                bare_areas = gpd.GeoDataFrame(
                    {
                        "area_id": np.arange(len(bare), dtype="int64"),
                        "class": "residential",
                        "name": bare["name"].to_numpy(),
                        "people": bare.geometry.area.to_numpy()
                        / 10_000.0
                        * settings.residential_density_per_ha,
                        "must_cover": False,
                    },
                    geometry=bare.geometry.to_numpy(),
                    crs=crs,
                )
                area_tables.append(bare_areas)
        # industrial land use and industrial buildings outside it
        osm_industrial = landuse[landuse["landuse"] == "industrial"]
        standalone = buildings[is_industrial & (landuse_at != "industrial")]
        industrial_polygons = pd.concat(
            [osm_industrial[["name", "geometry"]], standalone[["name", "geometry"]]],
            ignore_index=True,
        )
        if len(industrial_polygons):
            first = sum(len(t) for t in area_tables)
            area_tables.append(
                gpd.GeoDataFrame(
                    {
                        "area_id": np.arange(first, first + len(industrial_polygons)),
                        "class": "industrial",
                        "name": industrial_polygons["name"].to_numpy(),
                        "people": industrial_polygons.geometry.area.to_numpy()
                        / 10_000.0
                        * settings.industrial_jobs_per_ha,
                        "must_cover": True,
                    },
                    geometry=industrial_polygons.geometry.to_numpy(),
                    crs=crs,
                )
            )

    first = sum(len(t) for t in area_tables)
    planner_industrial = industrial
    if (
        planner_industrial is not None
        and "workers" in planner_industrial.columns
        and "people" not in planner_industrial.columns
    ):  # a file with both keeps its 'people' column
        planner_industrial = planner_industrial.rename(columns={"workers": "people"})
    extra_industrial = _as_areas(
        planner_industrial,
        cls="industrial",
        per_ha=settings.industrial_jobs_per_ha,
        crs=crs,
        first_id=first,
        what="industrial area",
    )
    area_tables.append(extra_industrial)
    first += len(extra_industrial)
    relocation_areas = _as_areas(
        relocation,
        cls="relocation",
        per_ha=settings.residential_density_per_ha,
        crs=crs,
        first_id=first,
        what="relocation area",
    )
    area_tables.append(relocation_areas)
    areas = (
        pd.concat([t for t in area_tables if len(t)], ignore_index=True)
        if any(len(t) for t in area_tables)
        else relocation_areas
    )
    areas = gpd.GeoDataFrame(areas, geometry="geometry", crs=crs)
    unnamed = areas["name"].isna() | (areas["name"].astype(str).str.strip() == "")
    areas.loc[unnamed, "name"] = [
        f"{cls} area {aid}"
        for cls, aid in zip(areas.loc[unnamed, "class"], areas.loc[unnamed, "area_id"], strict=True)
    ]
    area_units, _ = _area_units(areas, spacing, source="area")
    pieces.append(area_units)

    if user_points is not None and len(user_points):
        pieces.append(_user_units(user_points, crs))

    units = (
        pd.concat([p for p in pieces if len(p)], ignore_index=True)
        if any(len(p) for p in pieces)
        else _empty_units(crs)
    )
    units = gpd.GeoDataFrame(units, geometry="geometry", crs=crs).to_crs(WGS84)
    admin, admin_notes = admin_units(area.boundaries if boundaries is None else boundaries)
    notes.extend(admin_notes)
    units = assign_admin_units(units, admin)
    if census:
        units = scale_to_census(units, census)
    units.index.name = "unit_id"
    units = units[list(UNIT_COLUMNS)]
    areas_wgs = areas.to_crs(WGS84)
    if len(areas_wgs):
        area_people = units[units["area_id"] >= 0].groupby("area_id")["people"].sum()
        areas_wgs["people"] = areas_wgs["area_id"].map(area_people).fillna(0.0).to_numpy()
    assumptions = {
        "m2_per_person": settings.m2_per_person,
        "usable_share": settings.usable_share,
        "levels_house": settings.levels_house,
        "levels_apartment": settings.levels_apartment,
        "levels_other": other_levels,
        "min_footprint_m2": settings.min_footprint_m2,
        "residential_density_per_ha": settings.residential_density_per_ha,
        "industrial_jobs_per_ha": settings.industrial_jobs_per_ha,
        "access_spacing_m": spacing,
        "formula": "people = footprint × levels × usable share ÷ m² per person",
        "user_mode": user_mode,
        "census_scaled": sorted(census) if census else [],
        "populated_within_m": settings.populated_within_m,
        "notes": notes,
    }
    logger.info(
        "demand: %d units, %.0f people (%s)",
        len(units),
        units["people"].sum(),
        ", ".join(f"{k} {v:.0f}" for k, v in units.groupby("class")["people"].sum().items()),
    )
    return Demand(
        units=units,
        areas=areas_wgs[list(AREA_COLUMNS)],
        assumptions=assumptions,
        admin_units=admin,
    )


def _user_units(points: gpd.GeoDataFrame, crs: pyproj.CRS) -> gpd.GeoDataFrame:
    if points.crs is None:
        raise InputDataError("The demand points have no coordinate system; state it when loading.")
    if not points.geom_type.eq("Point").all():
        bad = int((~points.geom_type.eq("Point")).sum())
        raise InputDataError(
            f"Demand points must be points; {bad} features are not. Use a point layer "
            "(or upload areas as relocation/industrial layers)."
        )
    column = people_column(points)
    if column is None:
        raise InputDataError(
            "The demand points have no people column. Add a column named people "
            f"(or one of: {', '.join(PEOPLE_COLUMNS)})."
        )
    people = checked_people(points, column, what="demand points", blank_allowed=False)
    metric = points.to_crs(crs)
    names = points["name"].astype(object).to_numpy() if "name" in points.columns else None
    return _units(
        metric.geometry.to_numpy(),
        cls="user",
        source="upload",
        people=people,
        area_id=np.full(len(points), -1),
        name=names,
        crs=crs,
    )
