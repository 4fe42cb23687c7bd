"""Checks on a layer's coordinates: kind, system, degree range, swapped axes, distance, repair.

Each check refuses the file with one :class:`~servicecircle.errors.InputDataError`
naming the rows or features at fault and what to do, or returns what it found.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray

from servicecircle.errors import InputDataError
from servicecircle.inputs.crs import CoordinateSystem, resolve_gauss_kruger
from servicecircle.inputs.files.raw import (
    MAX_LISTED,
    GeometryKind,
    RawLayer,
    name_labels,
    plural,
    unit_hint,
)

_STUDY_MARGIN_DEG = 3.0  # how far outside a projected CRS's area of use is tolerated


def check_kind(geoms: NDArray[np.object_], raw: RawLayer, geometry: GeometryKind) -> NDArray[Any]:
    """Keep the geometries of the ``geometry`` kind; refuse the layer when others are mixed in."""
    if geometry == "any":
        return geoms
    types = shapely.get_type_id(geoms)
    if geometry == "point":
        single = (types == shapely.GeometryType.MULTIPOINT) & (
            shapely.get_num_geometries(geoms) == 1
        )
        if single.any():
            geoms = geoms.copy()
            geoms[single] = shapely.get_geometry(geoms[single], 0)
            types = shapely.get_type_id(geoms)
        ok = types == shapely.GeometryType.POINT
        wanted = "points (one location per feature)"
    else:
        ok = np.isin(types, [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON])
        wanted = "areas (polygons)"
    if ok.all():
        return geoms
    counts = Counter(int(t) for t in shapely.get_type_id(geoms))
    by_type = ", ".join(
        f"{n} {_TYPE_NAMES.get(t, 'unknown')}"
        for t, n in sorted(counts.items(), key=lambda item: -item[1])
    )
    raise InputDataError(
        f"{raw.source}: this layer must hold {wanted}, but it holds {by_type}. The others are "
        f"{name_labels(raw.labels[~ok], raw.unit)} {unit_hint(raw.unit)}. Choose a layer "
        f"with only {wanted.split(' (')[0]}, or split the file by geometry type."
    )


_TYPE_NAMES = {
    0: "Point",
    1: "LineString",
    2: "LinearRing",
    3: "Polygon",
    4: "MultiPoint",
    5: "MultiLineString",
    6: "MultiPolygon",
    7: "GeometryCollection",
}


def source_system(
    raw: RawLayer,
    stated: CoordinateSystem | None,
    geoms: NDArray[Any],
    notes: list[str],
) -> tuple[CoordinateSystem | None, bool]:
    """The system to read the coordinates in, and whether x/y must be exchanged."""
    file_crs = raw.file_crs
    if raw.unreadable_prj is not None:
        if stated is None:
            raise InputDataError(
                f"{raw.source}: the .prj file does not describe a coordinate system (it "
                f"starts {raw.unreadable_prj!r}). Choose the coordinate system the file is in "
                f"(e.g. CGCS2000, an EPSG code such as 4549, or GCJ-02), or export the layer "
                f"again with its .prj."
            )
        notes.append(
            f"{raw.source}: the .prj file is not a coordinate system "
            f"({raw.unreadable_prj!r}); ignored, read as {stated.label} as you chose."
        )
    if stated is None:
        if file_crs is None:
            return None, False
        system = CoordinateSystem.from_crs(file_crs)
        if raw.geojson_default_crs:
            notes.append(
                f"{raw.source}: GeoJSON is WGS-84 by definition; read as WGS-84. If it came "
                f"from Amap or Tencent (GCJ-02) or Baidu (BD-09), choose that system."
            )
        else:
            notes.append(f"{raw.source}: coordinate system from the file: {system.label}.")
        return system, False
    if stated.kind in ("gcj02", "bd09"):
        if file_crs is not None and not file_crs.is_geographic:
            raise InputDataError(
                f"{raw.source}: the file is in the projected system {file_crs.name}, but you "
                f"chose {stated.label}, which is longitude/latitude only. Leave the "
                f"coordinate system unset to use the file's, or export the file in degrees."
            )
        return stated, False
    swap = False
    system = stated
    if stated.kind == "gauss_kruger":
        coords = shapely.get_coordinates(geoms)
        try:
            system, swap, note = resolve_gauss_kruger(stated, coords[:, 0], coords[:, 1])
        except InputDataError as exc:
            raise InputDataError(f"{raw.source}: {exc}") from exc
        notes.append(f"{raw.source}: {note}")
    system_crs = system.crs
    if (
        file_crs is not None
        and system_crs is not None
        and not file_crs.equals(system_crs, ignore_axis_order=True)
    ):
        notes.append(
            f"{raw.source}: the file says {file_crs.name}; read as {system.label} as you chose."
        )
    return system, swap


def check_degrees(
    raw: RawLayer,
    bounds: NDArray[np.float64],
    system: CoordinateSystem | None,
    stated: CoordinateSystem | None,
) -> None:
    """Refuse coordinates that cannot be longitude/latitude; spot swapped columns."""
    minx, miny, maxx, maxy = bounds.T
    with np.errstate(invalid="ignore"):
        bad = (
            ~np.isfinite(bounds).all(axis=1)
            | (minx < -180)
            | (maxx > 180)
            | (miny < -90)
            | (maxy > 90)
        )
    if bad.any():
        xs = np.concatenate([minx, maxx])
        ys = np.concatenate([miny, maxy])
        fits_swapped = (np.abs(ys) <= 180).all() and (np.abs(xs) <= 90).all()
        if fits_swapped:
            raise InputDataError(_swapped_message(raw, raw.labels[bad]))
        projected_like = (np.abs(xs) > 1000).mean() > 0.5 or (np.abs(ys) > 1000).mean() > 0.5
        if projected_like:
            sample = bounds[np.flatnonzero(bad)[0]]
            said = (
                f"you chose {stated.label}"
                if stated is not None
                else (f"the file says {system.label}" if system is not None else "none is stated")
            )
            raise InputDataError(
                f"{raw.source}: the coordinates are not longitude/latitude in degrees (e.g. "
                f"{sample[0]:,.1f}, {sample[1]:,.1f}), but {said}. They look like metres in "
                f"a projected system: choose it, e.g. an EPSG code such as EPSG:4549, or "
                f"'cgcs2000-gk3:117' for a CGCS2000 3-degree Gauss-Kruger zone with central "
                f"meridian 117°E."
            )
        raise InputDataError(
            f"{raw.source}: coordinates out of range in "
            f"{name_labels(raw.labels[bad], raw.unit)} {unit_hint(raw.unit)}: longitude "
            f"must lie within ±180 and latitude within ±90. Correct or delete them and try "
            f"again."
        )
    points = shapely.get_type_id(raw.geoms) == shapely.GeometryType.POINT
    zero = points & (minx == 0) & (miny == 0)
    if zero.any():
        raise InputDataError(
            f"{raw.source}: coordinates 0, 0 in {name_labels(raw.labels[zero], raw.unit)} "
            f"{unit_hint(raw.unit)}; this usually marks an address that could not be "
            f"geocoded. Give them their real location, or delete them."
        )


def _swapped_message(raw: RawLayer, labels: NDArray[np.int64]) -> str:
    where = f"{name_labels(labels, raw.unit)} {unit_hint(raw.unit)}"
    if raw.columns is not None:
        lon_name, lat_name = raw.columns
        return (
            f"{raw.source}: the columns look swapped: {lat_name!r} holds longitudes and "
            f"{lon_name!r} latitudes; the coordinates in {where} fit only when exchanged. "
            f"Exchange the two column names (or choose lon_column={lat_name!r} and "
            f"lat_column={lon_name!r}) and try again."
        )
    return (
        f"{raw.source}: longitude and latitude look swapped (x holds latitudes, y "
        f"longitudes); the coordinates in {where} fit only when exchanged. Export the file "
        f"again with longitude as x and latitude as y, and try again."
    )


def check_not_degrees(raw: RawLayer, bounds: NDArray[np.float64], system: CoordinateSystem) -> None:
    """Refuse projected coordinates that are missing, or that look like degrees."""
    finite = np.isfinite(bounds).all(axis=1)
    if not finite.all():
        raise InputDataError(
            f"{raw.source}: coordinates that are not numbers in "
            f"{name_labels(raw.labels[~finite], raw.unit)} {unit_hint(raw.unit)}. Correct "
            f"or delete them."
        )
    if (np.abs(bounds[:, [0, 2]]) <= 180).all() and (np.abs(bounds[:, [1, 3]]) <= 90).all():
        raise InputDataError(
            f"{raw.source}: the coordinates look like longitude/latitude in degrees, but the "
            f"coordinate system is {system.label}, which is in metres. Choose WGS-84, "
            f"CGCS2000, GCJ-02 or BD-09 instead."
        )


def check_projected_result(
    raw: RawLayer, bounds: NDArray[np.float64], system: CoordinateSystem
) -> None:
    """Refuse coordinates that fall outside the area of use of their projected system."""
    finite = np.isfinite(bounds).all(axis=1)
    crs = system.crs
    area = crs.area_of_use if crs is not None else None
    outside = ~finite
    if area is not None:
        west, south, east, north = area.bounds
        m = _STUDY_MARGIN_DEG
        with np.errstate(invalid="ignore"):
            outside |= (
                (bounds[:, 2] < west - m)
                | (bounds[:, 0] > east + m)
                | (bounds[:, 3] < south - m)
                | (bounds[:, 1] > north + m)
            )
    if outside.any():
        where = (
            f" (it is meant for {area.west:.1f}-{area.east:.1f}°E, "
            f"{area.south:.1f}-{area.north:.1f}°N)"
            if area is not None
            else ""
        )
        raise InputDataError(
            f"{raw.source}: the coordinates in {name_labels(raw.labels[outside], raw.unit)} "
            f"{unit_hint(raw.unit)} do not fit the coordinate system {system.label}{where}. "
            f"Check the system and zone: Gauss-Kruger x values like 39,500,000 carry the zone "
            f"number in front, values like 500,000 do not."
        )


def _haversine_km(
    lon1: NDArray[np.float64],
    lat1: NDArray[np.float64],
    lon2: NDArray[np.float64],
    lat2: NDArray[np.float64],
) -> NDArray[np.float64]:
    lon1, lat1, lon2, lat2 = (np.radians(a) for a in (lon1, lat1, lon2, lat2))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return np.asarray(2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0, 1))), dtype=float)


def _distance_to_box_km(
    bounds: NDArray[np.float64], box: tuple[float, float, float, float]
) -> NDArray[np.float64]:
    """Approximate distance from each feature's bounding box to ``box``, in km."""
    west, south, east, north = box
    centre_x, centre_y = (west + east) / 2, (south + north) / 2
    fx = np.clip(centre_x, bounds[:, 0], bounds[:, 2])
    fy = np.clip(centre_y, bounds[:, 1], bounds[:, 3])
    bx = np.clip(fx, west, east)
    by = np.clip(fy, south, north)
    return _haversine_km(fx, fy, bx, by)


def check_study_area(
    raw: RawLayer,
    bounds: NDArray[np.float64],
    box: tuple[float, float, float, float],
    max_distance_km: float,
) -> None:
    """Refuse features farther than ``max_distance_km`` from the study area's box."""
    distance = _distance_to_box_km(bounds, box)
    far = distance > max_distance_km
    if not far.any():
        return
    swapped = bounds[:, [1, 0, 3, 2]]
    if (_distance_to_box_km(swapped[far], box) <= max_distance_km).all():
        raise InputDataError(_swapped_message(raw, raw.labels[far]))
    order = np.flatnonzero(far)
    listed = ", ".join(
        f"{int(raw.labels[i])} ({_format_km(float(distance[i]))})" for i in order[:MAX_LISTED]
    )
    more = f" and {order.size - MAX_LISTED} more" if order.size > MAX_LISTED else ""
    count = int(order.size)
    noun = raw.unit + ("s" if count > 1 else "")
    verb = "lie" if count > 1 else "lies"
    raise InputDataError(
        f"{raw.source}: {plural(count, raw.unit)} {verb} more than {max_distance_km:g} km "
        f"outside the study area {unit_hint(raw.unit)}: {noun} {listed}{more}. Check their "
        f"coordinates and the coordinate system chosen, delete them, or widen the study area."
    )


def _format_km(km: float) -> str:
    return f"{km:,.0f} km" if km >= 10 or math.isclose(km, round(km)) else f"{km:.1f} km"


def repair_geometries(out: NDArray[Any], raw: RawLayer) -> tuple[NDArray[Any], int]:
    """Repair invalid polygons with ``make_valid``; return them and how many were repaired."""
    valid = shapely.is_valid(out)
    invalid = np.flatnonzero(~valid)
    if invalid.size == 0:
        return out, 0
    out = out.copy()
    types = shapely.get_type_id(out[invalid])
    polygonal = np.isin(types, [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON])
    if polygonal.any():
        idx = invalid[polygonal]
        out[idx] = shapely.make_valid(out[idx], method="structure", keep_collapsed=False)
        collapsed = idx[shapely.is_empty(out[idx]) | (shapely.area(out[idx]) <= 0)]
        if collapsed.size:
            raise InputDataError(
                f"{raw.source}: the areas in {name_labels(raw.labels[collapsed], raw.unit)} "
                f"{unit_hint(raw.unit)} have no area left once their outline is repaired "
                f"(the outline folds onto itself). Redraw or delete them."
            )
    if (~polygonal).any():
        idx = invalid[~polygonal]
        out[idx] = shapely.make_valid(out[idx])
    return out, int(invalid.size)
