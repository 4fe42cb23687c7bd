"""GCJ-02 (Amap, Tencent) and BD-09 (Baidu) to and from WGS-84.

GCJ-02 and BD-09 are defined by public forward formulas (WGS-84 -> GCJ-02 ->
BD-09); the way back has no closed form, so :func:`gcj02_to_wgs84` and
:func:`bd09_to_wgs84` invert the forward formulas by fixed-point iteration,
vectorised with NumPy, to about 0.01 mm. Both offsets apply only inside the
usual "in China" box (:data:`CHINA_BOX`); points outside it pass unchanged.

Every converter takes ``lon, lat`` in degrees (scalars or arrays of the same
shape) and returns ``(lon, lat)`` as float arrays of that shape.

The examples are published pairs: Tiananmen from the wandergis/coordtransform
README (``wgs84togcj02(116.404, 39.915)`` and ``gcj02tobd09(116.404, 39.915)``)
and the Baidu geoconv documentation example (WGS-84 -> BD-09; Baidu's service
uses tables and agrees with the public formula to about 0.6 m there, hence
four decimals).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "CHINA_BOX",
    "bd09_to_wgs84",
    "gcj02_to_bd09",
    "gcj02_to_wgs84",
    "out_of_china",
    "wgs84_to_bd09",
    "wgs84_to_gcj02",
]

FloatArray = NDArray[np.float64]

#: (west, south, east, north) of the box inside which GCJ-02 and BD-09 apply.
CHINA_BOX: tuple[float, float, float, float] = (72.004, 0.8293, 137.8347, 55.8271)

# Krasovsky 1940 ellipsoid, as the GCJ-02 formula uses it.
_GCJ_A = 6378245.0
_GCJ_EE = 0.00669342162296594323
_BD_X_PI = np.pi * 3000.0 / 180.0

_TOLERANCE_DEG = 1e-10  # about 0.01 mm
_MAX_ITERATIONS = 40


def _as_arrays(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    x = np.asarray(lon, dtype=np.float64)
    y = np.asarray(lat, dtype=np.float64)
    x, y = np.broadcast_arrays(x, y)
    return x, y


def out_of_china(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """Return True where a point lies outside :data:`CHINA_BOX` (or is not finite).

    >>> out_of_china([116.404, -0.1276, np.nan], [39.915, 51.5072, 39.9])
    array([False,  True,  True])
    """
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
    """WGS-84 longitude/latitude to GCJ-02 (Amap, Tencent).

    >>> lon, lat = wgs84_to_gcj02(116.404, 39.915)
    >>> print(f"{float(lon):.8f} {float(lat):.8f}")
    116.41024450 39.91640428
    >>> wgs84_to_gcj02(-0.1276, 51.5072)  # London: outside China, unchanged
    (array(-0.1276), array(51.5072))
    """
    return _apply_in_china(_gcj_forward, lon, lat)


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """GCJ-02 (Amap, Tencent) longitude/latitude to WGS-84, inverting :func:`wgs84_to_gcj02`.

    >>> lon, lat = gcj02_to_wgs84(116.41024449916938, 39.91640428150164)
    >>> print(f"{float(lon):.8f} {float(lat):.8f}")
    116.40400000 39.91500000
    """
    return _apply_in_china(lambda x, y: _invert(_gcj_forward, x, y), lon, lat)


def gcj02_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """GCJ-02 longitude/latitude to BD-09 (Baidu).

    >>> lon, lat = gcj02_to_bd09(116.404, 39.915)
    >>> print(f"{float(lon):.8f} {float(lat):.8f}")
    116.41036949 39.92133699
    """
    return _apply_in_china(_bd_forward, lon, lat)


def wgs84_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """WGS-84 longitude/latitude to BD-09 (Baidu), via GCJ-02.

    >>> lon, lat = wgs84_to_bd09(114.21892734521, 29.575429778924)
    >>> print(f"{float(lon):.4f} {float(lat):.4f}")
    114.2307 29.5791
    """
    return _apply_in_china(_wgs_to_bd_forward, lon, lat)


def bd09_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """BD-09 (Baidu) longitude/latitude to WGS-84, inverting :func:`wgs84_to_bd09`.

    >>> lon, lat = bd09_to_wgs84(114.23074871003, 29.579084787993)
    >>> print(f"{float(lon):.4f} {float(lat):.4f}")
    114.2189 29.5754
    """
    return _apply_in_china(lambda x, y: _invert(_wgs_to_bd_forward, x, y), lon, lat)
