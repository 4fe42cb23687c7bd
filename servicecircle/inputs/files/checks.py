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

from servicecircle._progress import Said
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import Message, msg
from servicecircle.inputs.crs import CoordinateSystem, resolve_gauss_kruger
from servicecircle.inputs.files.raw import (
    MAX_LISTED,
    GeometryKind,
    RawLayer,
    count_of,
    name_labels,
    rows_error,
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
    else:
        ok = np.isin(types, [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON])
    if ok.all():
        return geoms
    counts = Counter(int(t) for t in shapely.get_type_id(geoms))
    by_type = [
        msg("msg.files.type_count", count=n, type=msg(_TYPE_NAMES.get(t, "msg.files.geom_unknown")))
        for t, n in sorted(counts.items(), key=lambda item: -item[1])
    ]
    raise rows_error(raw, ~ok, msg(f"msg.files.kind_{geometry}", found=by_type))


_TYPE_NAMES = {
    0: "msg.files.geom_point",
    1: "msg.files.geom_linestring",
    2: "msg.files.geom_linearring",
    3: "msg.files.geom_polygon",
    4: "msg.files.geom_multipoint",
    5: "msg.files.geom_multilinestring",
    6: "msg.files.geom_multipolygon",
    7: "msg.files.geom_geometrycollection",
}


def source_system(
    raw: RawLayer,
    stated: CoordinateSystem | None,
    geoms: NDArray[Any],
    notes: list[Said],
) -> tuple[CoordinateSystem | None, bool]:
    """The system to read the coordinates in, and whether x/y must be exchanged."""
    file_crs = raw.file_crs
    if raw.unreadable_prj is not None:
        if stated is None:
            raise InputDataError(
                msg("msg.files.prj_unreadable", file=raw.source, start=repr(raw.unreadable_prj))
            )
        notes.append(
            msg(
                "msg.files.prj_ignored",
                file=raw.source,
                start=repr(raw.unreadable_prj),
                system=stated.said,
            )
        )
    if stated is None:
        if file_crs is None:
            return None, False
        system = CoordinateSystem.from_crs(file_crs)
        if raw.geojson_default_crs:
            notes.append(msg("msg.files.geojson_wgs84", file=raw.source))
        else:
            notes.append(msg("msg.files.system_from_file", file=raw.source, system=system.said))
        return system, False
    if stated.kind in ("gcj02", "bd09"):
        if file_crs is not None and not file_crs.is_geographic:
            raise InputDataError(
                msg(
                    "msg.files.projected_not_degrees",
                    file=raw.source,
                    crs=file_crs.name,
                    system=stated.said,
                )
            )
        return stated, False
    swap = False
    system = stated
    if stated.kind == "gauss_kruger":
        coords = shapely.get_coordinates(geoms)
        try:
            system, swap, note = resolve_gauss_kruger(stated, coords[:, 0], coords[:, 1])
        except InputDataError as exc:
            raise InputDataError(msg("msg.files.of_file", file=raw.source, said=exc)) from exc
        notes.append(msg("msg.files.of_file", file=raw.source, said=note))
    system_crs = system.crs
    if (
        file_crs is not None
        and system_crs is not None
        and not file_crs.equals(system_crs, ignore_axis_order=True)
    ):
        notes.append(
            msg("msg.files.file_says", file=raw.source, crs=file_crs.name, system=system.said)
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
                msg("msg.files.you_chose", system=stated.said)
                if stated is not None
                else (
                    msg("msg.files.file_states", system=system.said)
                    if system is not None
                    else msg("msg.files.none_stated")
                )
            )
            raise InputDataError(
                msg(
                    "msg.files.not_degrees",
                    file=raw.source,
                    x=f"{sample[0]:,.1f}",
                    y=f"{sample[1]:,.1f}",
                    said=said,
                )
            )
        raise rows_error(raw, bad, msg("msg.files.out_of_range"))
    points = shapely.get_type_id(raw.geoms) == shapely.GeometryType.POINT
    zero = points & (minx == 0) & (miny == 0)
    if zero.any():
        raise rows_error(raw, zero, msg("msg.files.zero_zero"))


def _swapped_message(raw: RawLayer, labels: NDArray[np.int64]) -> Message:
    where = msg(
        "msg.files.with_hint", where=name_labels(labels, raw.unit), hint=unit_hint(raw.unit)
    )
    if raw.columns is not None:
        lon_name, lat_name = raw.columns
        return msg(
            "msg.files.columns_swapped",
            file=raw.source,
            lon=repr(lon_name),
            lat=repr(lat_name),
            where=where,
        )
    return msg("msg.files.axes_swapped", file=raw.source, where=where)


def check_not_degrees(raw: RawLayer, bounds: NDArray[np.float64], system: CoordinateSystem) -> None:
    """Refuse projected coordinates that are missing, or that look like degrees."""
    finite = np.isfinite(bounds).all(axis=1)
    if not finite.all():
        raise rows_error(raw, ~finite, msg("msg.files.not_numbers"))
    if (np.abs(bounds[:, [0, 2]]) <= 180).all() and (np.abs(bounds[:, [1, 3]]) <= 90).all():
        raise InputDataError(
            msg("msg.files.degrees_in_metres", file=raw.source, system=system.said)
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
        meant: Said = (
            msg(
                "msg.files.meant_for",
                west=f"{area.west:.1f}",
                east=f"{area.east:.1f}",
                south=f"{area.south:.1f}",
                north=f"{area.north:.1f}",
            )
            if area is not None
            else ""
        )
        raise rows_error(
            raw, outside, msg("msg.files.outside_system", system=system.said, meant=meant)
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
    count = int(order.size)
    noun = "row" if raw.unit == "row" else "feature"
    listed = [
        msg(
            f"msg.files.far_at_{noun}", number=int(raw.labels[i]), km=_format_km(float(distance[i]))
        )
        for i in order[:MAX_LISTED]
    ]
    named = name_labels([0] * min(count, MAX_LISTED + 1), raw.unit)
    raise InputDataError(
        msg(
            "msg.files.far_one" if count == 1 else "msg.files.far",
            file=raw.source,
            count=count_of(count, raw.unit),
            km=f"{max_distance_km:g}",
            hint=unit_hint(raw.unit),
            where=msg(
                named.key.replace("files.", "files.far_"), items=listed, more=count - MAX_LISTED
            ),
        )
    )


def _format_km(km: float) -> str:
    return f"{km:,.0f}" if km >= 10 or math.isclose(km, round(km)) else f"{km:.1f}"


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
            raise rows_error(raw, collapsed, msg("msg.files.collapsed"))
    if (~polygonal).any():
        idx = invalid[~polygonal]
        out[idx] = shapely.make_valid(out[idx])
    return out, int(invalid.size)
