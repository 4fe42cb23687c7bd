"""Where a results map opens: the study area, not the whole road network around it.

The road network of a downloaded district runs well past its boundary (roads
beyond the extent still carry routes), so the bounds of the roads
(``summary.json`` ``study_area.bounds``) open a map far too wide.
:func:`results_bounds` fits the map of a run to where the people and the
outlets are, inside the study extent; :func:`area_bounds` fits a map of a
study area to its extent.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import shapely

from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.crs import WGS84

if TYPE_CHECKING:  # the results (and the library under them) load only where a run is mapped
    from servicecircle.results.bundle import Results

Bounds = tuple[float, float, float, float]
"""(west, south, east, north) in degrees."""

#: Layers whose features a results map must show (the people and the outlets).
FOCUS_LAYERS: tuple[str, ...] = ("demand", "outlets", "chosen")


def frames_bounds(frames: Iterable[gpd.GeoDataFrame | None]) -> Bounds | None:
    """The joint (west, south, east, north) of the frames in WGS-84 (``None`` without features)."""
    boxes = []
    for frame in frames:
        if frame is None or frame.empty or frame.crs is None:
            continue
        box = frame.to_crs(WGS84).total_bounds
        if np.isfinite(box).all():
            boxes.append(box)
    if not boxes:
        return None
    arr = np.array(boxes)
    return (
        float(arr[:, 0].min()),
        float(arr[:, 1].min()),
        float(arr[:, 2].max()),
        float(arr[:, 3].max()),
    )


def _finite(bounds: Iterable[float] | None) -> Bounds | None:
    if bounds is None:
        return None
    values = tuple(float(v) for v in bounds)
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        return None
    west, south, east, north = values
    return (west, south, east, north) if west <= east and south <= north else None


def _intersection(a: Bounds, b: Bounds) -> Bounds | None:
    west, south = max(a[0], b[0]), max(a[1], b[1])
    east, north = min(a[2], b[2]), min(a[3], b[3])
    return (west, south, east, north) if west < east and south < north else None


def joined(*boxes: Bounds | None) -> Bounds | None:
    """The bounds holding every box given (``None`` ones left out; ``None`` when none is left).

    >>> joined((0.0, 0.0, 1.0, 1.0), None, (2.0, -1.0, 3.0, 0.5))
    (0.0, -1.0, 3.0, 1.0)
    """
    kept = [box for box in boxes if box is not None]
    if not kept:
        return None
    return (
        min(box[0] for box in kept),
        min(box[1] for box in kept),
        max(box[2] for box in kept),
        max(box[3] for box in kept),
    )


def padded(bounds: Bounds, margin: float) -> Bounds:
    """``bounds`` grown by ``margin`` of its larger side on every side (a point gets ~100 m)."""
    west, south, east, north = bounds
    pad = max(east - west, north - south, 0.001) * margin
    return (west - pad, south - pad, east + pad, north + pad)


def area_bounds(area: StudyArea, *, margin: float = 0.02) -> Bounds | None:
    """Where a map of a study area opens: its extent, grown by ``margin``.

    The road network's bounds when the extent has none; ``None`` for an area
    with neither (no roads).
    """
    extent = None if area.extent.is_empty else _finite(shapely.bounds(area.extent))
    if extent is None and len(area.roads):
        extent = _finite(area.bounds)
    return padded(extent, margin) if extent is not None else None


def results_bounds(results: Results, *, margin: float = 0.03) -> Bounds | None:
    """Where a map of ``results`` opens: (west, south, east, north) in degrees.

    The bounds of the demand, the outlets and the new sites, cut to the study
    extent (``summary.json`` ``study_area.extent``); the extent alone when
    they lie outside it or are missing; the road network's bounds as a last
    resort. Grown by ``margin`` (a share of the larger side).

    Returns
    -------
    tuple of float or None
        ``None`` when nothing has a finite location.
    """
    area = results.coverage.study_area
    extent = _finite(area.extent.bounds)
    focus = frames_bounds(results.layers.get(name) for name in FOCUS_LAYERS)
    chosen = None
    if focus is not None and extent is not None:
        chosen = _intersection(focus, extent) or extent
    else:
        chosen = focus or extent or _finite(area.bounds)
    return padded(chosen, margin) if chosen is not None else None
