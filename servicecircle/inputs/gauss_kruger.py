"""CGCS2000 Gauss-Kruger zones: EPSG codes, and the zone settled from the eastings.

3° zones are EPSG:4513-4533 (eastings carry the zone number as a prefix, e.g.
39 500 000 m) and EPSG:4534-4554 (no prefix, 500 000 m); 6° zones are
EPSG:4491-4501 (prefix) and EPSG:4502-4512 (no prefix).

>>> gauss_kruger_epsg(3, 117, prefixed=True), gauss_kruger_epsg(3, 117, prefixed=False)
(4527, 4548)
>>> gauss_kruger_epsg(6, 117, prefixed=False)
4509
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import Message, msg

__all__ = ["central_meridian_from", "gauss_kruger_epsg", "settle_gauss_kruger"]

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
        raise InputDataError(msg("msg.inputs.gk_width", width=width))
    zone = _gk_cm_to_zone(width, central_meridian)
    first, last = _GK_RANGES[width]
    if _gk_zone_to_cm(width, zone) != central_meridian or not first <= zone <= last:
        raise InputDataError(_gk_cm_message(width, central_meridian))
    if width == 3:
        return (4513 if prefixed else 4534) + zone - first
    return (4491 if prefixed else 4502) + zone - first


def _gk_cm_message(width: int, cm: int) -> Message:
    first, last = _GK_RANGES.get(width, (0, 0))
    cms = ", ".join(str(_gk_zone_to_cm(width, z)) for z in range(first, last + 1))
    return msg("msg.inputs.gk_bad_cm", cm=cm, width=width, cms=cms)


def _looks_like_easting(values: NDArray[np.float64], width: int) -> bool:
    if values.size == 0:
        return False
    median = float(np.median(values))
    first, last = _GK_RANGES[width]
    if median >= 1e7:
        return first <= int(median // 1e6) <= last
    return 0.0 < median < 1e6


def settle_gauss_kruger(
    width: int, central_meridian: int | None, x: ArrayLike, y: ArrayLike | None = None
) -> tuple[int, bool, Message]:
    """Settle a Gauss-Kruger system from the data: zone prefix and axes.

    The magnitude of the eastings tells whether they carry the zone prefix
    (``39 500 000`` m: zone 39) or not (``500 000`` m; then the central meridian
    must have been stated). Chinese surveying names northing X and easting Y;
    when ``y`` is given and the values show that ``x`` holds northings and ``y``
    eastings, the axes are reported as swapped.

    Parameters
    ----------
    width
        Zone width in degrees, 3 or 6.
    central_meridian
        The stated central meridian in degrees east, or ``None``.
    x, y
        The first and second coordinate of every vertex, in metres.

    Returns
    -------
    tuple
        ``(epsg, swapped, note)``: the EPSG code, whether the caller must
        exchange the axes, and a sentence for the notes.

    Raises
    ------
    InputDataError
        When the values fit no zone, the stated zone disagrees with the prefix,
        or there is no prefix and no central meridian was stated.
    """
    eastings, swapped = _eastings(width, x, y)
    median = float(np.median(eastings))
    if median >= 1e7:
        epsg, note = _prefixed_zone(width, central_meridian, eastings)
    else:
        if central_meridian is None:
            raise InputDataError(msg("msg.inputs.gk_no_prefix", median=median, width=width))
        epsg = gauss_kruger_epsg(width, central_meridian, prefixed=False)
        note = msg("msg.inputs.gk_plain", cm=central_meridian, epsg=epsg)
    key = "msg.inputs.gk_note_swapped" if swapped else "msg.inputs.gk_note"
    return epsg, swapped, msg(key, detail=note)


def _eastings(width: int, x: ArrayLike, y: ArrayLike | None) -> tuple[NDArray[np.float64], bool]:
    """The finite eastings (``y`` when it holds them and ``x`` does not), and whether swapped."""
    xs = np.asarray(x, dtype=np.float64)
    xs = xs[np.isfinite(xs)]
    swapped = False
    if y is not None:
        ys = np.asarray(y, dtype=np.float64)
        ys = ys[np.isfinite(ys)]
        if not _looks_like_easting(xs, width) and _looks_like_easting(ys, width):
            xs, swapped = ys, True
    if xs.size == 0:
        raise InputDataError(msg("msg.inputs.gk_no_coords"))
    if not _looks_like_easting(xs, width):
        median = float(np.median(xs))
        raise InputDataError(msg("msg.inputs.gk_not_eastings", median=median, width=width))
    return xs, swapped


def _prefixed_zone(
    width: int, central_meridian: int | None, eastings: NDArray[np.float64]
) -> tuple[int, Message]:
    """The EPSG code of the one zone the prefixed ``eastings`` name, and a note."""
    zones = np.unique((eastings // 1e6).astype(np.int64))
    if zones.size > 1:
        listed = ", ".join(str(int(z)) for z in zones)
        raise InputDataError(msg("msg.inputs.gk_several_zones", listed=listed))
    zone = int(zones[0])
    cm = _gk_zone_to_cm(width, zone)
    if central_meridian is not None and central_meridian != cm:
        raise InputDataError(
            msg("msg.inputs.gk_zone_mismatch", stated=central_meridian, zone=zone, cm=cm)
        )
    epsg = gauss_kruger_epsg(width, cm, prefixed=True)
    return epsg, msg("msg.inputs.gk_prefixed", zone=zone, epsg=epsg)


def central_meridian_from(width: int, number: int, kind: str, spec: str) -> int:
    """The central meridian a planner's ``number`` names: a zone number or a meridian.

    ``kind`` is what the planner wrote before it (``"zone"``/``"带号"``,
    ``"cm"``/``"中央经线"``/... or ``""``); with none, a number in the zone
    range is a zone.

    >>> central_meridian_from(3, 39, "", "gk3:39"), central_meridian_from(3, 117, "", "gk3:117")
    (117, 117)
    """
    first, last = _GK_RANGES[width]
    if kind in ("zone", "带号") or (not kind and first <= number <= last):
        if not first <= number <= last:
            raise InputDataError(
                msg(
                    "msg.inputs.gk_bad_zone",
                    number=number,
                    width=width,
                    first=first,
                    last=last,
                    spec=spec,
                )
            )
        return _gk_zone_to_cm(width, number)
    gauss_kruger_epsg(width, number, prefixed=False)  # validates the meridian
    return number
