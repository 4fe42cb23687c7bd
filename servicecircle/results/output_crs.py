"""The coordinate system exported files are written in: WGS-84, CGCS2000 or a Gauss-Kruger zone.

:func:`output_crs` reads what a planner asks for:

``wgs84`` (default)
    EPSG:4326, longitude/latitude; what web maps and GeoJSON (RFC 7946) take.
``cgcs2000``
    EPSG:4490, the national geographic system.
``gk``
    CGCS2000 3-degree Gauss-Kruger, the zone whose central meridian is
    nearest the study area's centre, eastings without the zone prefix
    (``500 000`` m at the meridian; EPSG:4534-4554, "CM 117E").
``gk:ZONE`` (25-45)
    That 3-degree zone with the zone number in front of the eastings
    (``39 500 000`` m; EPSG:4513-4533, "zone 39"), as survey drawings write them.
``gk:CM`` (75-135, a multiple of 3)
    The zone of that central meridian, no prefix (EPSG:4534-4554).
``EPSG:NNNN`` and every other name :func:`servicecircle.inputs.crs.resolve_crs` accepts
    (``国家2000``, ``cgcs2000-gk3:117``, ``cgcs2000-gk6:zone=20``, a WKT string, ...).

GCJ-02 and BD-09 are refused: they are obfuscations for web maps, not
systems a GIS can hold data in.

>>> output_crs("gk:39").to_epsg(), output_crs("gk:117").to_epsg(), output_crs("国家2000").to_epsg()
(4527, 4548, 4490)
>>> output_crs("gk", (118.7, 32.0, 118.9, 32.1)).name
'CGCS2000 / 3-degree Gauss-Kruger CM 120E'
"""

from __future__ import annotations

import re

import pyproj

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.crs import WGS84, resolve_crs
from servicecircle.inputs.gauss_kruger import gauss_kruger_epsg

#: West, south, east, north in degrees (WGS-84).
Bounds = tuple[float, float, float, float]

_GK = re.compile(r"gk(?:3)?(?::(?P<number>\d{1,3}))?|gk:auto")


def output_crs(spec: str | int | pyproj.CRS | None, bounds: Bounds | None = None) -> pyproj.CRS:
    """The CRS to write exported files in (see the module's docstring for the names).

    Parameters
    ----------
    spec
        What the planner asked for; ``None`` or ``""`` gives WGS-84.
    bounds
        The data's bounds in WGS-84, to choose the Gauss-Kruger zone of ``gk``
        (and of a Gauss-Kruger name without a zone).

    Raises
    ------
    InputDataError
        For GCJ-02/BD-09, a Gauss-Kruger zone out of range, a zone to be chosen
        without ``bounds``, or a name no one knows (the message lists the names).
    """
    if spec is None or (isinstance(spec, str) and not spec.strip()):
        return pyproj.CRS.from_user_input(WGS84)
    if isinstance(spec, pyproj.CRS):
        return spec
    text = str(spec).strip()
    gk = _GK.fullmatch(text.lower().replace(" ", ""))
    if gk:
        return _gk_zone(text, gk.group("number"), bounds)
    system = resolve_crs(spec)
    if system.kind in ("gcj02", "bd09"):
        raise InputDataError(msg("msg.export.offset_crs", crs=system.label))
    if system.kind == "gauss_kruger":
        width = system.zone_width or 3
        cm = system.central_meridian
        if cm is None:
            cm = _central_meridian(width, text, bounds)
        prefixed = bool(re.search(r"zone|带号", text.lower()))
        return pyproj.CRS.from_epsg(gauss_kruger_epsg(width, cm, prefixed=prefixed))
    crs = system.crs
    if crs is None:  # pragma: no cover - every other kind carries a CRS
        raise InputDataError(msg("msg.export.bad_gk", spec=text))
    return crs


def _gk_zone(spec: str, number: str | None, bounds: Bounds | None) -> pyproj.CRS:
    if number is None:
        cm = _central_meridian(3, spec, bounds)
        return pyproj.CRS.from_epsg(gauss_kruger_epsg(3, cm, prefixed=False))
    value = int(number)
    if 25 <= value <= 45:
        return pyproj.CRS.from_epsg(gauss_kruger_epsg(3, 3 * value, prefixed=True))
    if 75 <= value <= 135 and value % 3 == 0:
        return pyproj.CRS.from_epsg(gauss_kruger_epsg(3, value, prefixed=False))
    raise InputDataError(msg("msg.export.bad_gk", spec=spec))


def _central_meridian(width: int, spec: str, bounds: Bounds | None) -> int:
    """The central meridian nearest the centre of ``bounds`` (3° or 6° zones, 75-135°E)."""
    if bounds is None:
        raise InputDataError(msg("msg.export.bad_gk", spec=spec))
    centre = (bounds[0] + bounds[2]) / 2
    if not 73.5 <= centre <= 136.5:
        raise InputDataError(msg("msg.export.gk_outside", spec=spec, lon=round(centre, 2)))
    if width == 3:
        return min(max(3 * round(centre / 3), 75), 135)
    return min(max(6 * round((centre + 3) / 6) - 3, 75), 135)
