"""Coordinate systems planners' files come in, and their conversion to WGS-84.

Chinese data come in five families:

* WGS-84 (EPSG:4326, GPS) and CGCS2000 (EPSG:4490, the national datum; it
  differs from WGS-84 by centimetres, so it is used as is);
* GCJ-02, the obfuscated system of Amap (高德) and Tencent (腾讯) maps;
* BD-09, Baidu's (百度) further offset of GCJ-02;
* projected systems named by an EPSG code or a ``.prj`` file, above all the
  CGCS2000 Gauss-Kruger zones: 3° zones EPSG:4513-4533 (eastings carry the zone
  number as a prefix, e.g. 39 500 000 m) and EPSG:4534-4554 (no prefix,
  500 000 m), 6° zones EPSG:4491-4501 (prefix) and EPSG:4502-4512 (no prefix).

GCJ-02 and BD-09 are defined by public forward formulas (WGS-84 -> GCJ-02 ->
BD-09); the way back has no closed form, so :func:`gcj02_to_wgs84` and
:func:`bd09_to_wgs84` invert the forward formulas by fixed-point iteration,
vectorised with NumPy, to well under a millimetre. Both offsets apply only inside
the usual "in China" box (72.004-137.8347 E, 0.8293-55.8271 N); points outside it
pass unchanged.

A planner states the system with :func:`resolve_crs` (``"gcj02"``, ``"百度"``,
``"EPSG:4549"``, ``"cgcs2000-gk3:117"``, ...). A Gauss-Kruger system whose zone
prefix is not known yet is settled from the eastings with
:func:`resolve_gauss_kruger`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, overload

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from numpy.typing import ArrayLike, NDArray

from servicecircle.errors import InputDataError

__all__ = [
    "CHINA_BOX",
    "CoordinateSystem",
    "WGS84_SYSTEM",
    "bd09_to_wgs84",
    "gauss_kruger_epsg",
    "gcj02_to_wgs84",
    "geometries_to_wgs84",
    "out_of_china",
    "resolve_crs",
    "resolve_gauss_kruger",
    "wgs84_to_bd09",
    "wgs84_to_gcj02",
]

FloatArray = NDArray[np.float64]

WGS84 = "EPSG:4326"  #: longitude/latitude on WGS-84, the CRS of GeoJSON and web maps

#: (west, south, east, north) of the box inside which GCJ-02 and BD-09 apply.
CHINA_BOX: tuple[float, float, float, float] = (72.004, 0.8293, 137.8347, 55.8271)

# Krasovsky 1940 ellipsoid, as the GCJ-02 formula uses it.
_GCJ_A = 6378245.0
_GCJ_EE = 0.00669342162296594323
_BD_X_PI = np.pi * 3000.0 / 180.0

_TOLERANCE_DEG = 1e-10  # about 0.01 mm
_MAX_ITERATIONS = 40

Kind = Literal["epsg", "gcj02", "bd09", "gauss_kruger"]


@dataclass(frozen=True)
class CoordinateSystem:
    """A coordinate system a planner's data are in.

    Attributes
    ----------
    kind
        ``"epsg"`` (any system pyproj knows; :attr:`crs` gives it), ``"gcj02"``
        (Amap, Tencent), ``"bd09"`` (Baidu) or ``"gauss_kruger"`` (a CGCS2000
        Gauss-Kruger system whose zone prefix is settled from the data by
        :func:`resolve_gauss_kruger`).
    label
        A short human-readable name, used in notes and messages.
    crs_text
        For ``"epsg"``: ``"EPSG:NNNN"`` or a WKT string.
    zone_width
        For ``"gauss_kruger"``: 3 or 6 (degrees).
    central_meridian
        For ``"gauss_kruger"``: the central meridian in degrees east, or
        ``None`` when it is to be read from prefixed eastings.
    """

    kind: Kind
    label: str
    crs_text: str | None = None
    zone_width: int | None = None
    central_meridian: int | None = None

    @property
    def crs(self) -> pyproj.CRS | None:
        """The pyproj CRS for ``kind == "epsg"``; ``None`` otherwise."""
        if self.crs_text is None:
            return None
        return pyproj.CRS.from_user_input(self.crs_text)

    @property
    def is_geographic(self) -> bool:
        """True when coordinates are longitude/latitude in degrees."""
        if self.kind in ("gcj02", "bd09"):
            return True
        crs = self.crs
        return bool(crs is not None and crs.is_geographic)

    @classmethod
    def from_crs(cls, crs: pyproj.CRS | str | int) -> CoordinateSystem:
        """Wrap a pyproj CRS (or anything pyproj accepts) as ``kind="epsg"``."""
        crs = pyproj.CRS.from_user_input(crs)
        epsg = crs.to_epsg()
        text = f"EPSG:{epsg}" if epsg is not None else crs.to_wkt()
        if epsg is not None:
            crs = pyproj.CRS.from_epsg(epsg)
            label = f"{crs.name} (EPSG:{epsg})"
        else:
            label = crs.name
        return cls(kind="epsg", label=label, crs_text=text)


WGS84_SYSTEM = CoordinateSystem(kind="epsg", label="WGS-84 (EPSG:4326)", crs_text="EPSG:4326")
GCJ02_SYSTEM = CoordinateSystem(kind="gcj02", label="GCJ-02 (Amap/Tencent)")
BD09_SYSTEM = CoordinateSystem(kind="bd09", label="BD-09 (Baidu)")

# --------------------------------------------------------------------------- GCJ-02 / BD-09


def _as_arrays(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    x = np.asarray(lon, dtype=np.float64)
    y = np.asarray(lat, dtype=np.float64)
    x, y = np.broadcast_arrays(x, y)
    return x, y


def out_of_china(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """Return True where a point lies outside :data:`CHINA_BOX` (or is not finite)."""
    x, y = _as_arrays(lon, lat)
    west, south, east, north = CHINA_BOX
    with np.errstate(invalid="ignore"):
        inside = (x >= west) & (x <= east) & (y >= south) & (y <= north)
    return np.asarray(~inside)


def _gcj_offset(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """GCJ-02 minus WGS-84 in degrees at WGS-84 ``(lon, lat)`` (no box test)."""
    x = lon - 105.0
    y = lat - 35.0
    pi = np.pi
    common = (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    sqrt_abs_x = np.sqrt(np.abs(x))
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt_abs_x
    dlat = dlat + common
    dlat = dlat + (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
    dlat = dlat + (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt_abs_x
    dlon = dlon + common
    dlon = dlon + (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
    dlon = dlon + (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    rad_lat = lat / 180.0 * pi
    magic = 1.0 - _GCJ_EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_GCJ_A * (1.0 - _GCJ_EE)) / (magic * sqrt_magic) * pi)
    dlon = (dlon * 180.0) / (_GCJ_A / sqrt_magic * np.cos(rad_lat) * pi)
    return dlon, dlat


def _gcj_forward(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    dlon, dlat = _gcj_offset(lon, lat)
    return lon + dlon, lat + dlat


def _bd_forward(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """GCJ-02 -> BD-09 (no box test)."""
    z = np.sqrt(lon * lon + lat * lat) + 0.00002 * np.sin(lat * _BD_X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _BD_X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def _wgs_to_bd_forward(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    return _bd_forward(*_gcj_forward(lon, lat))


def _invert(
    forward: Callable[[FloatArray, FloatArray], tuple[FloatArray, FloatArray]],
    lon: FloatArray,
    lat: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Solve ``forward(x, y) == (lon, lat)`` by fixed-point iteration.

    The forward maps are the identity plus an offset of a few hundred metres that
    changes slowly, so ``x <- x - (forward(x) - target)`` contracts fast (about
    six iterations to 1e-10 degrees). Only points not yet converged are iterated.
    """
    x = lon.copy()
    y = lat.copy()
    active = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    for _ in range(_MAX_ITERATIONS):
        if active.size == 0:
            break
        fx, fy = forward(x[active], y[active])
        ex = fx - lon[active]
        ey = fy - lat[active]
        x[active] -= ex
        y[active] -= ey
        done = (np.abs(ex) < _TOLERANCE_DEG) & (np.abs(ey) < _TOLERANCE_DEG)
        active = active[~done]
    return x, y


def _apply_in_china(
    func: Callable[[FloatArray, FloatArray], tuple[FloatArray, FloatArray]],
    lon: ArrayLike,
    lat: ArrayLike,
) -> tuple[FloatArray, FloatArray]:
    x, y = _as_arrays(lon, lat)
    out_x = x.astype(np.float64, copy=True)
    out_y = y.astype(np.float64, copy=True)
    inside = ~out_of_china(x, y)
    if inside.any():
        nx, ny = func(x[inside], y[inside])
        out_x[inside] = nx
        out_y[inside] = ny
    return out_x, out_y


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Convert WGS-84 longitude/latitude to GCJ-02 (Amap, Tencent).

    Parameters
    ----------
    lon, lat
        Degrees; scalars or arrays of the same shape.

    Returns
    -------
    tuple of numpy.ndarray
        ``(lon, lat)`` in GCJ-02; points outside China unchanged.
    """
    return _apply_in_china(_gcj_forward, lon, lat)


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Convert GCJ-02 (Amap, Tencent) longitude/latitude to WGS-84.

    Iterative inverse of :func:`wgs84_to_gcj02`, accurate to about 0.01 mm.

    Parameters
    ----------
    lon, lat
        Degrees; scalars or arrays of the same shape.

    Returns
    -------
    tuple of numpy.ndarray
        ``(lon, lat)`` in WGS-84; points outside China unchanged.
    """
    return _apply_in_china(lambda x, y: _invert(_gcj_forward, x, y), lon, lat)


def wgs84_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Convert WGS-84 longitude/latitude to BD-09 (Baidu), via GCJ-02.

    Parameters
    ----------
    lon, lat
        Degrees; scalars or arrays of the same shape.

    Returns
    -------
    tuple of numpy.ndarray
        ``(lon, lat)`` in BD-09; points outside China unchanged.
    """
    return _apply_in_china(_wgs_to_bd_forward, lon, lat)


def bd09_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Convert BD-09 (Baidu) longitude/latitude to WGS-84.

    Iterative inverse of :func:`wgs84_to_bd09`, accurate to about 0.01 mm.

    Parameters
    ----------
    lon, lat
        Degrees; scalars or arrays of the same shape.

    Returns
    -------
    tuple of numpy.ndarray
        ``(lon, lat)`` in WGS-84; points outside China unchanged.
    """
    return _apply_in_china(lambda x, y: _invert(_wgs_to_bd_forward, x, y), lon, lat)


# --------------------------------------------------------------------------- Gauss-Kruger

_GK_RANGES: dict[int, tuple[int, int]] = {3: (25, 45), 6: (13, 23)}  # zone numbers


def _gk_zone_to_cm(width: int, zone: int) -> int:
    return 3 * zone if width == 3 else 6 * zone - 3


def _gk_cm_to_zone(width: int, cm: int) -> int:
    return cm // 3 if width == 3 else (cm + 3) // 6


def gauss_kruger_epsg(width: int, central_meridian: int, *, prefixed: bool) -> int:
    """Return the EPSG code of a CGCS2000 Gauss-Kruger zone.

    Parameters
    ----------
    width
        Zone width in degrees, 3 or 6.
    central_meridian
        Degrees east: 75-135 in steps of 3 (3° zones) or 6 (6° zones).
    prefixed
        Whether eastings carry the zone number (``39 500 000`` rather than
        ``500 000``).

    Returns
    -------
    int
        4513-4533 / 4534-4554 (3°), 4491-4501 / 4502-4512 (6°).
    """
    if width not in _GK_RANGES:
        raise InputDataError(f"Gauss-Kruger zones are 3 or 6 degrees wide, not {width}.")
    zone = _gk_cm_to_zone(width, central_meridian)
    first, last = _GK_RANGES[width]
    if _gk_zone_to_cm(width, zone) != central_meridian or not first <= zone <= last:
        raise InputDataError(_gk_cm_message(width, central_meridian))
    if width == 3:
        return (4513 if prefixed else 4534) + zone - first
    return (4491 if prefixed else 4502) + zone - first


def _gk_cm_message(width: int, cm: int) -> str:
    first, last = _GK_RANGES.get(width, (0, 0))
    cms = ", ".join(str(_gk_zone_to_cm(width, z)) for z in range(first, last + 1))
    return (
        f"{cm}°E is not the central meridian of a CGCS2000 {width}-degree Gauss-Kruger "
        f"zone. Central meridians are: {cms}. Check the zone or central meridian you gave."
    )


def _looks_like_easting(values: FloatArray, width: int) -> bool:
    if values.size == 0:
        return False
    median = float(np.median(values))
    first, last = _GK_RANGES[width]
    if median >= 1e7:
        return first <= int(median // 1e6) <= last
    return 0.0 < median < 1e6


def resolve_gauss_kruger(
    system: CoordinateSystem, x: ArrayLike, y: ArrayLike | None = None
) -> tuple[CoordinateSystem, bool, str]:
    """Settle a ``"gauss_kruger"`` system from the data: zone prefix and axes.

    The magnitude of the eastings tells whether they carry the zone prefix
    (``39 500 000`` m: zone 39) or not (``500 000`` m; then the central meridian
    must have been stated). Chinese surveying names northing X and easting Y;
    when ``y`` is given and the values show that ``x`` holds northings and ``y``
    eastings, the axes are reported as swapped.

    Parameters
    ----------
    system
        A system with ``kind == "gauss_kruger"``.
    x, y
        The first and second coordinate of every vertex, in metres.

    Returns
    -------
    tuple
        ``(system, swapped, note)``: an ``"epsg"`` system, whether the caller
        must exchange the axes, and a sentence for the notes.

    Raises
    ------
    InputDataError
        When the values fit no zone, the stated zone disagrees with the prefix,
        or there is no prefix and no central meridian was stated.
    """
    if system.kind != "gauss_kruger" or system.zone_width is None:
        raise ValueError("resolve_gauss_kruger needs a gauss_kruger system")
    width = system.zone_width
    xs = np.asarray(x, dtype=np.float64)
    xs = xs[np.isfinite(xs)]
    swapped = False
    if y is not None:
        ys = np.asarray(y, dtype=np.float64)
        ys = ys[np.isfinite(ys)]
        if not _looks_like_easting(xs, width) and _looks_like_easting(ys, width):
            xs, swapped = ys, True
    if xs.size == 0:
        raise InputDataError("There are no coordinates to read.")
    if not _looks_like_easting(xs, width):
        median = float(np.median(xs))
        raise InputDataError(
            f"The x values (median {median:,.0f} m) are not eastings of a CGCS2000 "
            f"{width}-degree Gauss-Kruger zone: eastings are about 500,000 m, or carry the "
            f"zone number in front (e.g. 39,500,000 m for zone 39). Check the coordinate "
            f"system you stated."
        )
    notes = []
    if swapped:
        notes.append(
            "the X column holds northings and Y eastings (surveying convention); read as such"
        )
    median = float(np.median(xs))
    if median >= 1e7:
        zones = np.unique((xs // 1e6).astype(np.int64))
        if zones.size > 1:
            listed = ", ".join(str(int(z)) for z in zones)
            raise InputDataError(
                f"The eastings carry several zone prefixes ({listed}); a file must be in one "
                f"zone. Split it by zone, or convert it to one system first."
            )
        zone = int(zones[0])
        cm = _gk_zone_to_cm(width, zone)
        if system.central_meridian is not None and system.central_meridian != cm:
            raise InputDataError(
                f"You stated central meridian {system.central_meridian}°E, but the eastings "
                f"carry zone prefix {zone} (central meridian {cm}°E). Check the zone you "
                f"stated, or the file."
            )
        epsg = gauss_kruger_epsg(width, cm, prefixed=True)
        notes.append(f"eastings carry zone prefix {zone}; read as EPSG:{epsg}")
    else:
        if system.central_meridian is None:
            raise InputDataError(
                f"The eastings have no zone prefix (about {median:,.0f} m), so the zone "
                f"cannot be read from them. Give the central meridian, e.g. "
                f"'cgcs2000-gk{width}:117' (117°E), or the EPSG code."
            )
        cm = system.central_meridian
        epsg = gauss_kruger_epsg(width, cm, prefixed=False)
        notes.append(f"eastings have no zone prefix; central meridian {cm}°E, EPSG:{epsg}")
    resolved = CoordinateSystem.from_crs(epsg)
    return resolved, swapped, "Gauss-Kruger: " + "; ".join(notes) + "."


# --------------------------------------------------------------------------- resolve_crs

_ALIASES: dict[str, CoordinateSystem] = {}
for _name in ("wgs84", "wgs", "gps", "epsg4326", "4326", "地球坐标", "地球坐标系", "wgs84坐标"):
    _ALIASES[_name] = WGS84_SYSTEM
for _name in (
    "cgcs2000",
    "cgcs",
    "epsg4490",
    "4490",
    "国家2000",
    "2000国家大地坐标系",
    "国家2000坐标系",
    "cgcs2000坐标系",
):
    _ALIASES[_name] = CoordinateSystem(
        kind="epsg", label="CGCS2000 (EPSG:4490)", crs_text="EPSG:4490"
    )
for _name in (
    "gcj02",
    "gcj",
    "amap",
    "gaode",
    "autonavi",
    "tencent",
    "qq",
    "火星",
    "火星坐标",
    "火星坐标系",
    "高德",
    "腾讯",
    "国测局",
    "国测局坐标",
):
    _ALIASES[_name] = GCJ02_SYSTEM
for _name in ("bd09", "bd09ll", "bd", "baidu", "百度", "百度坐标", "百度坐标系", "百度经纬度"):
    _ALIASES[_name] = BD09_SYSTEM

_GK_PATTERN = re.compile(
    r"^(?:cgcs2000|cgcs|国家2000)?(?:gk|gausskruger|高斯克吕格|高斯)?"
    r"(?P<width>3|6)(?:°|度|度带|deg|degree)?(?:zone|带)?"
    r"(?::|,)?(?P<kind>zone|带号|cm|中央经线|中央子午线)?=?(?P<number>\d{2,3})?(?:e|°e|°|度)?$"
)

_ACCEPTED = (
    "WGS-84, CGCS2000, GCJ-02 (Amap/Tencent), BD-09 (Baidu), an EPSG code such as "
    "EPSG:4549, or a CGCS2000 Gauss-Kruger zone such as 'cgcs2000-gk3:117' "
    "(3-degree zone, central meridian 117°E) or 'cgcs2000-gk6:zone=20'"
)


def _compact(spec: str) -> str:
    text = unicodedata.normalize("NFKC", spec).strip().lower()
    return re.sub(r"[\s_\-/()（）]+", "", text)


@overload
def resolve_crs(spec: None) -> None: ...


@overload
def resolve_crs(spec: str | int | pyproj.CRS | CoordinateSystem) -> CoordinateSystem: ...


def resolve_crs(
    spec: str | int | pyproj.CRS | CoordinateSystem | None,
) -> CoordinateSystem | None:
    """Turn what a planner says about a coordinate system into a :class:`CoordinateSystem`.

    Parameters
    ----------
    spec
        ``None`` (not stated), an EPSG code (``4549``, ``"EPSG:4549"``), a name
        (``"wgs84"``, ``"cgcs2000"``, ``"gcj02"``/``"amap"``/``"高德"``/``"腾讯"``,
        ``"bd09"``/``"baidu"``/``"百度"``), a Gauss-Kruger zone
        (``"cgcs2000-gk3"``, ``"cgcs2000-gk3:117"``, ``"cgcs2000-gk3:zone=39"``,
        ``"cgcs2000-gk6:cm=117"``), WKT or a PROJ string, a pyproj CRS, or a
        :class:`CoordinateSystem` (returned as is).

    Returns
    -------
    CoordinateSystem or None
        ``None`` only when ``spec`` is ``None``. Gauss-Kruger names whose zone
        prefix depends on the data give ``kind="gauss_kruger"``; settle them with
        :func:`resolve_gauss_kruger`.

    Raises
    ------
    InputDataError
        When the system is not recognised; the message lists accepted forms.
    """
    if spec is None:
        return None
    if isinstance(spec, CoordinateSystem):
        return spec
    if isinstance(spec, pyproj.CRS):
        return CoordinateSystem.from_crs(spec)
    if isinstance(spec, bool) or not isinstance(spec, int | str):
        raise InputDataError(f"Coordinate system {spec!r} is not recognised. Use {_ACCEPTED}.")
    if isinstance(spec, int):
        return _from_epsg(spec, str(spec))
    compact = _compact(spec)
    if not compact:
        return None
    if compact in _ALIASES:
        return _ALIASES[compact]
    if compact in ("bd09mc", "baidumercator", "百度墨卡托"):
        raise InputDataError(
            "Baidu Mercator (BD-09MC) coordinates are not supported. Convert them to Baidu "
            "longitude/latitude (BD-09) first, then choose BD-09."
        )
    epsg_match = re.fullmatch(r"(?:epsg:?)?(\d{4,6})", compact)
    if epsg_match:
        return _from_epsg(int(epsg_match.group(1)), spec)
    gk = _GK_PATTERN.fullmatch(compact)
    if gk and ("gk" in compact or "gauss" in compact or "高斯" in compact or "度带" in compact):
        return _gauss_kruger_from_match(gk, spec)
    try:
        crs = pyproj.CRS.from_user_input(spec)
    except pyproj.exceptions.CRSError as exc:
        raise InputDataError(
            f"Coordinate system {spec!r} is not recognised. Use {_ACCEPTED}."
        ) from exc
    return CoordinateSystem.from_crs(crs)


def _from_epsg(code: int, spec: str) -> CoordinateSystem:
    if code == 4326:
        return WGS84_SYSTEM
    if code == 4490:
        return _ALIASES["cgcs2000"]
    try:
        crs = pyproj.CRS.from_epsg(code)
    except pyproj.exceptions.CRSError as exc:
        raise InputDataError(
            f"EPSG:{code} (from {spec!r}) is not a known coordinate system. Check the code, "
            f"or use {_ACCEPTED}."
        ) from exc
    return CoordinateSystem.from_crs(crs)


def _gauss_kruger_from_match(match: re.Match[str], spec: str) -> CoordinateSystem:
    width = int(match.group("width"))
    number_text = match.group("number")
    cm: int | None = None
    if number_text is not None:
        number = int(number_text)
        kind = match.group("kind") or ""
        first, last = _GK_RANGES[width]
        if kind in ("zone", "带号") or (not kind and first <= number <= last):
            if not first <= number <= last:
                raise InputDataError(
                    f"Zone {number} is not a CGCS2000 {width}-degree Gauss-Kruger zone "
                    f"({first}-{last}). Check {spec!r}."
                )
            cm = _gk_zone_to_cm(width, number)
        else:
            cm = number
            gauss_kruger_epsg(width, cm, prefixed=False)  # validates the meridian
    label = f"CGCS2000 {width}-degree Gauss-Kruger" + (f", central meridian {cm}°E" if cm else "")
    return CoordinateSystem(kind="gauss_kruger", label=label, zone_width=width, central_meridian=cm)


# --------------------------------------------------------------------------- geometries


def _vertex_func(
    convert: Callable[[ArrayLike, ArrayLike], tuple[FloatArray, FloatArray]],
) -> Callable[[FloatArray], FloatArray]:
    def apply(coords: FloatArray) -> FloatArray:
        lon, lat = convert(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return apply


def geometries_to_wgs84(geoms: gpd.GeoSeries, system: CoordinateSystem) -> gpd.GeoSeries:
    """Return ``geoms`` converted from ``system`` to WGS-84 (EPSG:4326).

    Parameters
    ----------
    geoms
        Geometries whose coordinates are in ``system`` (their ``crs`` attribute
        is ignored for GCJ-02/BD-09 and replaced for ``"epsg"``).
    system
        An ``"epsg"``, ``"gcj02"`` or ``"bd09"`` system (settle a
        ``"gauss_kruger"`` one with :func:`resolve_gauss_kruger` first).

    Returns
    -------
    geopandas.GeoSeries
        Same index, CRS EPSG:4326, Z dropped. The input is not modified.
    """
    if system.kind == "gcj02":
        values = shapely.transform(np.asarray(geoms.values), _vertex_func(gcj02_to_wgs84))
        return gpd.GeoSeries(values, index=geoms.index, crs="EPSG:4326")
    if system.kind == "bd09":
        values = shapely.transform(np.asarray(geoms.values), _vertex_func(bd09_to_wgs84))
        return gpd.GeoSeries(values, index=geoms.index, crs="EPSG:4326")
    crs = system.crs
    if system.kind != "epsg" or crs is None:
        raise ValueError(f"cannot convert from an unsettled system {system.label!r}")
    flat = gpd.GeoSeries(shapely.force_2d(np.asarray(geoms.values)), index=geoms.index)
    return flat.set_crs(crs, allow_override=True).to_crs("EPSG:4326")
