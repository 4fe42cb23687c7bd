"""Reading OSM ``maxspeed`` tags as km/h."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

MPH = 1.609344
KNOTS = 1.852

# Zone codes ("RU:urban", "DE:rural", "CN:living_street") mapped to typical
# limits; ``None`` means "use the road-class speed".
ZONE_SPEEDS_KMH: dict[str, float | None] = {
    "urban": 50.0,
    "rural": 80.0,
    "living_street": 10.0,
    "walk": 6.0,
    "zone30": 30.0,
    "zone20": 20.0,
    "zone:30": 30.0,
    "zone:20": 20.0,
    "school": 30.0,
    "bicycle_road": 30.0,
    "motorway": None,
    "trunk": None,
    "expressway": None,
}

_NUMBER = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(km/h|kmh|kph|mph|knots)?\s*$")


def parse_maxspeed(value: object) -> float:
    """Return the speed limit of one ``maxspeed`` value in km/h, or NaN.

    Handles plain numbers (``"50"``), units (``"30 mph"``, ``"50 km/h"``),
    several values (``"50;30"``: the lowest), zone codes
    (``"RU:urban"`` -> 50, ``"DE:rural"`` -> 80, ``"DE:zone30"`` -> 30,
    ``"*:living_street"`` -> 10, ``"walk"`` -> 6). ``"none"``, ``"signals"``,
    ``"variable"``, motorway zones and anything unreadable give NaN, meaning
    "use the road-class speed".

    Parameters
    ----------
    value
        The tag value (string, number or missing).

    Returns
    -------
    float
        km/h, or NaN.

    Examples
    --------
    >>> parse_maxspeed("50"), parse_maxspeed("50 km/h"), parse_maxspeed(40)
    (50.0, 50.0, 40.0)
    >>> round(parse_maxspeed("30 mph"), 3)  # 30 × 1.609344
    48.28
    >>> parse_maxspeed("50;30"), parse_maxspeed("7,5")
    (30.0, 7.5)
    >>> parse_maxspeed("RU:urban"), parse_maxspeed("DE:zone30"), parse_maxspeed("walk")
    (50.0, 30.0, 6.0)
    >>> parse_maxspeed("none"), parse_maxspeed("DE:motorway"), parse_maxspeed(None)
    (nan, nan, nan)
    >>> parse_maxspeed(0), parse_maxspeed("")
    (nan, nan)
    """
    if value is None:
        return math.nan
    if isinstance(value, int | float | np.integer | np.floating):
        speed = float(value)
        return speed if math.isfinite(speed) and speed > 0 else math.nan
    text = str(value).strip().lower()
    if not text:
        return math.nan
    if ";" in text or "|" in text:
        parts = [parse_maxspeed(p) for p in re.split(r"[;|]", text)]
        finite = [p for p in parts if not math.isnan(p)]
        return min(finite) if finite else math.nan
    match = _NUMBER.match(text)
    if match:
        speed = float(match.group(1).replace(",", "."))
        unit = match.group(2)
        if unit == "mph":
            speed *= MPH
        elif unit == "knots":
            speed *= KNOTS
        return speed if speed > 0 else math.nan
    zone = text.split(":", 1)[1] if ":" in text and len(text.split(":", 1)[0]) == 2 else text
    mapped = ZONE_SPEEDS_KMH.get(zone)
    return math.nan if mapped is None else mapped


def maxspeeds_kmh(values: pd.Series) -> np.ndarray:
    """Vectorised :func:`parse_maxspeed` over a column (parses each distinct value once)."""
    if len(values) == 0:
        return np.empty(0, dtype=np.float64)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = np.array([parse_maxspeed(u) for u in uniques] + [math.nan], dtype=np.float64)
    return parsed[codes]  # code -1 (missing) picks the trailing NaN
