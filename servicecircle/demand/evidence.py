"""Residential evidence: whether each building holds residents, and why.

A building holds residents only when the data says so. The evidence is read
in this order; the first rule that applies decides, and its words are the
building's ``basis``:

1. the planner: OSM ids in ``DemandSettings.residential_ids`` /
   ``non_residential_ids``, then override areas (polygons with a
   ``residential`` column): ``"planner: residential (id)"``,
   ``"planner area 'Campus B': non-residential"``;
2. the building's own use tags (``shop``, ``office``, ``amenity``, ... see
   ``DemandSettings.non_residential_keys``): ``"tag shop=mall"``; so
   ``building=residential`` with ``shop=mall`` is a mall;
3. an industrial type (``building=warehouse``): workers, not residents;
4. any type that is not a home or generic (``building=office``, ``school``,
   ``garage``...): ``"building=office"``;
5. a footprint under ``min_footprint_m2``: a shed or a garage;
6. a home type that holds residents anywhere (``homes_in_grounds``:
   dormitory, apartments, houses): ``"building=dormitory, in university
   grounds"``;
7. the grounds it stands in (the smallest land-use or grounds polygon
   holding it, when listed in ``non_residential_grounds``): ``"in university
   grounds"``, ``"in commercial land"``, unless its name has a residential
   word (``"name contains 宿舍, in university grounds"``);
8. its name: a non-residential word and no residential one
   (``"name contains 医院"``);
9. otherwise a home: ``"building=residential"``, ``"untagged, in
   residential land"``, ``"untagged, no land use"``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle.demand.settings import (
    APARTMENT_TYPES,
    GENERIC_TYPES,
    HOUSE_TYPES,
    INDUSTRIAL_TYPES,
    DemandSettings,
)
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg

RESIDENTIAL: Final = "residential"
NON_RESIDENTIAL: Final = "non-residential"
INDUSTRIAL: Final = "industrial"
DECISIONS: tuple[str, ...] = (RESIDENTIAL, NON_RESIDENTIAL, INDUSTRIAL)
"""The decisions a building can carry."""

EVIDENCE_COLUMNS: tuple[str, ...] = ("decision", "basis", "ground")
"""Columns of :func:`residential_evidence`: the decision, its reason in words, and the
grounds or land use the building stands in (``key=value``, missing when none)."""

OVERRIDE_COLUMN = "residential"
"""Column of an override-area layer saying whether its buildings hold residents."""

_YES = {"yes", "true", "1", "y", "residential", "home", "homes", "是", "居住", "住宅"}
_NO = {"no", "false", "0", "n", "non-residential", "nonresidential", "否", "非居住", "非住宅"}


def context_polygons(landuse: gpd.GeoDataFrame, grounds: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Land use and grounds in one table: ``kind`` (``key=value``), ``name``, geometry.

    Both layers in the same (metric) CRS.
    """
    frames = []
    if len(landuse):
        frames.append(
            gpd.GeoDataFrame(
                {
                    "kind": ("landuse=" + landuse["landuse"].astype(str)).to_numpy(),
                    "name": landuse["name"].to_numpy(),
                },
                geometry=landuse.geometry.to_numpy(),
                crs=landuse.crs,
            )
        )
    if len(grounds):
        frames.append(
            gpd.GeoDataFrame(
                {
                    "kind": (
                        grounds["key"].astype(str) + "=" + grounds["value"].astype(str)
                    ).to_numpy(),
                    "name": grounds["name"].to_numpy(),
                },
                geometry=grounds.geometry.to_numpy(),
                crs=grounds.crs,
            )
        )
    if not frames:
        return gpd.GeoDataFrame({"kind": [], "name": []}, geometry=[], crs=landuse.crs)
    joined = pd.concat(frames, ignore_index=True)
    return gpd.GeoDataFrame(joined, geometry="geometry", crs=landuse.crs)


def smallest_containing(points: np.ndarray, polygons: Any) -> np.ndarray:
    """Index of the smallest polygon holding each point, -1 where none does.

    Parameters
    ----------
    points
        Shapely points.
    polygons
        A sequence of shapely polygons (same CRS).
    """
    result = np.full(len(points), -1, dtype=np.int64)
    geoms = np.asarray(polygons, dtype=object)
    if len(geoms) == 0 or len(points) == 0:
        return result
    areas = shapely.area(geoms)
    point_idx, poly_idx = shapely.STRtree(geoms).query(points, predicate="within")
    order = np.lexsort((areas[poly_idx], point_idx))  # by point, then smallest area first
    point_idx, poly_idx = point_idx[order], poly_idx[order]
    first = np.ones(len(point_idx), dtype=bool)
    first[1:] = point_idx[1:] != point_idx[:-1]
    result[point_idx[first]] = poly_idx[first]
    return result


def _word_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """One pattern for ``words``: CJK words anywhere, Latin words as whole words."""
    parts = []
    for word in sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True):
        escaped = re.escape(word)
        parts.append(rf"\b{escaped}\b" if word.isascii() else escaped)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def name_word(names: Sequence[Any], words: Sequence[str]) -> list[str | None]:
    """The first of ``words`` found in each name (``None`` where none or no name).

    >>> name_word(["江苏省中医院", "汇智楼（学生宿舍）", None, "Kings Mall"], ["医院", "mall"])
    ['医院', None, None, 'Mall']
    """
    pattern = _word_pattern(words)
    found: list[str | None] = []
    for name in names:
        match = pattern.search(name) if pattern is not None and isinstance(name, str) else None
        found.append(match.group(0) if match else None)
    return found


def ground_words(kind: str) -> str:
    """A ground's ``key=value`` in words: ``"in university grounds"``, ``"in commercial land"``.

    >>> ground_words("amenity=university"), ground_words("landuse=commercial")
    ('in university grounds', 'in commercial land')
    """
    key, _, value = kind.partition("=")
    value = value.replace("_", " ")
    return f"in {value} land" if key == "landuse" else f"in {value} grounds"


def _override_flag(value: Any, row: int) -> bool:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | float | np.integer | np.floating) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise InputDataError(
        msg("msg.demand.override.bad_flag", row=row + 1, value=value, column=OVERRIDE_COLUMN)
    )


def override_decisions(
    points: np.ndarray, overrides: gpd.GeoDataFrame | None
) -> tuple[np.ndarray, np.ndarray]:
    """The planner's override areas at ``points``: (residential?, basis) per point.

    ``residential?`` is 1 (home), 0 (no home) or -1 (no override area holds
    the point); the smallest area holding a point decides. ``overrides`` is
    in the points' CRS, with a ``residential`` column (yes/no, true/false,
    是/否) and optionally a ``name``.
    """
    flags = np.full(len(points), -1, dtype=np.int8)
    basis = np.full(len(points), None, dtype=object)
    if overrides is None or len(overrides) == 0:
        return flags, basis
    if OVERRIDE_COLUMN not in overrides.columns:
        raise InputDataError(msg("msg.demand.override.no_column", column=OVERRIDE_COLUMN))
    polygons = overrides.geometry.to_numpy()
    if not np.all(np.isin(shapely.get_type_id(polygons), (3, 6))):
        raise InputDataError(msg("msg.demand.override.not_polygons"))
    wanted = [_override_flag(v, i) for i, v in enumerate(overrides[OVERRIDE_COLUMN])]
    names = (
        overrides["name"].to_numpy()
        if "name" in overrides.columns
        else np.full(len(overrides), None, dtype=object)
    )
    at = smallest_containing(points, polygons)
    for i in np.flatnonzero(at >= 0):
        j = int(at[i])
        flags[i] = 1 if wanted[j] else 0
        label = f"'{names[j]}'" if isinstance(names[j], str) and names[j].strip() else str(j + 1)
        basis[i] = f"planner area {label}: {RESIDENTIAL if wanted[j] else NON_RESIDENTIAL}"
    return flags, basis


def _first_use(use: Any, keys: frozenset[str]) -> str | None:
    if not isinstance(use, str):
        return None
    for pair in use.split("; "):
        if pair.partition("=")[0] in keys:
            return pair
    return None


def _grounds(points: np.ndarray, context: gpd.GeoDataFrame) -> np.ndarray:
    """The kind of the smallest land-use or grounds polygon holding each point (None outside)."""
    at = smallest_containing(points, context.geometry.to_numpy())
    kinds_at = context["kind"].to_numpy(dtype=object)
    ground = np.full(len(points), None, dtype=object)
    ground[at >= 0] = kinds_at[at[at >= 0]]
    return ground


def _residential_basis(kind: str, where: str | None) -> str:
    """The basis of a home decided by its type alone: the tag and the land use it stands on."""
    said = f"building={kind}" if kind not in GENERIC_TYPES else "untagged"
    if where is not None:
        return f"{said}, {ground_words(where)}"
    return f"{said}, no land use" if kind in GENERIC_TYPES else said


def residential_evidence(
    buildings: gpd.GeoDataFrame,
    context: gpd.GeoDataFrame,
    settings: DemandSettings,
    *,
    overrides: gpd.GeoDataFrame | None = None,
) -> pd.DataFrame:
    """Decide for each building whether it holds residents (module docstring for the rules).

    Parameters
    ----------
    buildings
        The ``buildings`` layer in a metric CRS.
    context
        Land use and grounds from :func:`context_polygons`, same CRS.
    settings
        The word lists, keys, grounds, ids and footprint limit used.
    overrides
        The planner's override areas, same CRS (see :func:`override_decisions`).

    Returns
    -------
    pandas.DataFrame
        :data:`EVIDENCE_COLUMNS`, aligned to ``buildings.index``.
    """
    n = len(buildings)
    points = shapely.point_on_surface(buildings.geometry.to_numpy())
    footprint = shapely.area(buildings.geometry.to_numpy())
    ground = _grounds(points, context)
    areas_flag, areas_basis = override_decisions(points, overrides)
    types = buildings["building"].astype(str).to_numpy()
    uses = buildings["use"].to_numpy() if "use" in buildings.columns else np.full(n, None)
    names = buildings["name"].to_numpy()
    ids = buildings["osm_id"].to_numpy()
    keys = frozenset(settings.non_residential_keys)
    grounds_no = frozenset(settings.non_residential_grounds)
    homes_anywhere = frozenset(settings.homes_in_grounds)
    home_word = name_word(names, settings.residential_words)
    other_word = name_word(names, settings.non_residential_words)
    yes_ids = frozenset(settings.residential_ids)
    no_ids = frozenset(settings.non_residential_ids)

    decision = np.empty(n, dtype=object)
    basis = np.empty(n, dtype=object)
    where: Any
    for i in range(n):
        kind, where = str(types[i]), ground[i]
        in_no_ground = where in grounds_no
        use = _first_use(uses[i], keys)
        if ids[i] in yes_ids or ids[i] in no_ids:
            home = ids[i] in yes_ids
            decision[i] = RESIDENTIAL if home else NON_RESIDENTIAL
            basis[i] = f"planner: {decision[i]} (id {ids[i]})"
        elif areas_flag[i] >= 0:
            decision[i] = RESIDENTIAL if areas_flag[i] else NON_RESIDENTIAL
            basis[i] = areas_basis[i]
        elif use is not None:
            decision[i], basis[i] = NON_RESIDENTIAL, f"tag {use}"
        elif kind in INDUSTRIAL_TYPES:
            decision[i], basis[i] = INDUSTRIAL, f"building={kind}"
        elif kind not in HOUSE_TYPES | APARTMENT_TYPES | GENERIC_TYPES:
            decision[i], basis[i] = NON_RESIDENTIAL, f"building={kind}"
        elif footprint[i] < settings.min_footprint_m2:
            decision[i] = NON_RESIDENTIAL
            basis[i] = f"footprint {footprint[i]:,.0f} m² under {settings.min_footprint_m2:g} m²"
        elif kind in homes_anywhere:
            decision[i] = RESIDENTIAL
            basis[i] = f"building={kind}" + (f", {ground_words(where)}" if in_no_ground else "")
        elif in_no_ground:
            if home_word[i] is not None:
                decision[i] = RESIDENTIAL
                basis[i] = f"name contains {home_word[i]}, {ground_words(where)}"
            else:
                decision[i], basis[i] = NON_RESIDENTIAL, ground_words(where)
        elif other_word[i] is not None and home_word[i] is None:
            decision[i], basis[i] = NON_RESIDENTIAL, f"name contains {other_word[i]}"
        else:
            decision[i], basis[i] = RESIDENTIAL, _residential_basis(kind, where)
    return pd.DataFrame(
        {"decision": decision, "basis": basis, "ground": ground}, index=buildings.index
    )
