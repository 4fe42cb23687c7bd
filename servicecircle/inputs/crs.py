"""Coordinate systems planners' files come in, and their conversion to WGS-84.

:data:`WGS84` is the one name of the CRS every layer of the pipeline is held in.

Chinese data come in five families:

* WGS-84 (EPSG:4326, GPS) and CGCS2000 (EPSG:4490, the national datum; it
  differs from WGS-84 by centimetres, so it is used as is);
* GCJ-02, the obfuscated system of Amap (高德) and Tencent (腾讯) maps, and
  BD-09, Baidu's (百度) further offset of GCJ-02: converted by
  :mod:`~servicecircle.inputs.china_offsets`;
* projected systems named by an EPSG code or a ``.prj`` file, above all the
  CGCS2000 Gauss-Kruger zones (:mod:`~servicecircle.inputs.gauss_kruger`).

A planner states the system with :func:`resolve_crs` (``"gcj02"``, ``"百度"``,
``"EPSG:4549"``, ``"cgcs2000-gk3:117"``, ...). A Gauss-Kruger system whose zone
prefix is not known yet is settled from the eastings with
:func:`resolve_gauss_kruger`.

>>> resolve_crs("高德").label
'GCJ-02 (Amap/Tencent)'
>>> resolve_crs("cgcs2000-gk3:117").label
'CGCS2000 3-degree Gauss-Kruger, central meridian 117°E'
>>> resolve_crs(4326) == WGS84_SYSTEM
True
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
from servicecircle.i18n.message import Message, msg
from servicecircle.inputs.china_offsets import bd09_to_wgs84, gcj02_to_wgs84
from servicecircle.inputs.gauss_kruger import (
    central_meridian_from,
    settle_gauss_kruger,
)

__all__ = [
    "WGS84",
    "WGS84_SYSTEM",
    "CoordinateSystem",
    "geometries_to_wgs84",
    "resolve_crs",
    "resolve_gauss_kruger",
]

FloatArray = NDArray[np.float64]

WGS84 = "EPSG:4326"  #: longitude/latitude on WGS-84, the CRS of GeoJSON and web maps

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
    def said(self) -> Message:
        """The system's name as a message: :attr:`label` in English, Chinese words in zh.

        >>> from servicecircle.i18n.message import say
        >>> say(GCJ02_SYSTEM.said, "zh"), str(GCJ02_SYSTEM.said) == GCJ02_SYSTEM.label
        ('GCJ-02（高德/腾讯坐标）', True)
        >>> say(CoordinateSystem.from_crs(4548).said, "zh")
        'CGCS2000 3 度带高斯-克吕格投影，中央经线 117°E（EPSG:4548）'
        """
        return system_name(self)

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


#: An EPSG name of a CGCS2000 Gauss-Kruger zone: 6-degree unless it says 3-degree.
_GK_NAME = re.compile(
    r"CGCS2000 / (?:(?P<three>3)-degree )?Gauss-Kruger (?:zone (?P<zone>\d+)|CM (?P<cm>\d+)E)"
)


def system_name(system: CoordinateSystem) -> Message:
    """``system``'s name as a message (see :attr:`CoordinateSystem.said`).

    Its English text is always :attr:`~CoordinateSystem.label`; its Chinese
    text names GCJ-02, BD-09 and the Gauss-Kruger zones in Chinese words and
    other systems by their EPSG name and code.
    """
    label = system.label
    if system.kind in ("gcj02", "bd09"):
        return msg(f"msg.crs.{system.kind}", label=label)
    if system.kind == "gauss_kruger":
        cm = system.central_meridian
        key = "msg.crs.gauss_kruger_cm" if cm else "msg.crs.gauss_kruger"
        return msg(key, label=label, width=system.zone_width, cm=cm)
    crs = system.crs
    epsg = crs.to_epsg() if crs is not None else None
    if crs is None or epsg is None:
        return msg("msg.crs.as_written", label=label)
    if epsg == 4326:
        return msg("msg.crs.wgs84", label=label)
    if epsg == 4490:
        return msg("msg.crs.cgcs2000", label=label)
    found = _GK_NAME.fullmatch(crs.name)
    if found is None:
        return msg("msg.crs.named", label=label, name=crs.name, epsg=epsg)
    width = 3 if found["three"] else 6
    if found["zone"]:
        return msg("msg.crs.gk_zone", label=label, width=width, zone=found["zone"], epsg=epsg)
    return msg("msg.crs.gk_zone_cm", label=label, width=width, cm=found["cm"], epsg=epsg)


WGS84_SYSTEM = CoordinateSystem(kind="epsg", label="WGS-84 (EPSG:4326)", crs_text=WGS84)
GCJ02_SYSTEM = CoordinateSystem(kind="gcj02", label="GCJ-02 (Amap/Tencent)")
BD09_SYSTEM = CoordinateSystem(kind="bd09", label="BD-09 (Baidu)")


def resolve_gauss_kruger(
    system: CoordinateSystem, x: ArrayLike, y: ArrayLike | None = None
) -> tuple[CoordinateSystem, bool, Message]:
    """Settle a ``"gauss_kruger"`` system from the data: zone prefix and axes.

    See :func:`~servicecircle.inputs.gauss_kruger.settle_gauss_kruger`.

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
    epsg, swapped, note = settle_gauss_kruger(system.zone_width, system.central_meridian, x, y)
    return CoordinateSystem.from_crs(epsg), swapped, note


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

_ACCEPTED = msg("msg.inputs.crs_accepted")


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
        raise InputDataError(msg("msg.inputs.crs_unknown", spec=spec, accepted=_ACCEPTED))
    if isinstance(spec, int):
        return _from_epsg(spec, str(spec))
    compact = _compact(spec)
    if not compact:
        return None
    if compact in _ALIASES:
        return _ALIASES[compact]
    if compact in ("bd09mc", "baidumercator", "百度墨卡托"):
        raise InputDataError(msg("msg.inputs.crs_bd09mc"))
    epsg_match = re.fullmatch(r"(?:epsg:?)?(\d{4,6})", compact)
    if epsg_match:
        return _from_epsg(int(epsg_match.group(1)), spec)
    gk = _GK_PATTERN.fullmatch(compact)
    if gk and ("gk" in compact or "gauss" in compact or "高斯" in compact or "度带" in compact):
        return _gauss_kruger_from_match(gk, spec)
    try:
        crs = pyproj.CRS.from_user_input(spec)
    except pyproj.exceptions.CRSError as exc:
        raise InputDataError(msg("msg.inputs.crs_unknown", spec=spec, accepted=_ACCEPTED)) from exc
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
            msg("msg.inputs.crs_bad_epsg", code=code, spec=spec, accepted=_ACCEPTED)
        ) from exc
    return CoordinateSystem.from_crs(crs)


def _gauss_kruger_from_match(match: re.Match[str], spec: str) -> CoordinateSystem:
    width = int(match.group("width"))
    number_text = match.group("number")
    cm: int | None = None
    if number_text is not None:
        cm = central_meridian_from(width, int(number_text), match.group("kind") or "", spec)
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
        return gpd.GeoSeries(values, index=geoms.index, crs=WGS84)
    if system.kind == "bd09":
        values = shapely.transform(np.asarray(geoms.values), _vertex_func(bd09_to_wgs84))
        return gpd.GeoSeries(values, index=geoms.index, crs=WGS84)
    crs = system.crs
    if system.kind != "epsg" or crs is None:
        raise ValueError(f"cannot convert from an unsettled system {system.label!r}")
    flat = gpd.GeoSeries(shapely.force_2d(np.asarray(geoms.values)), index=geoms.index)
    return flat.set_crs(crs, allow_override=True).to_crs(WGS84)
