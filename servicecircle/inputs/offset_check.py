"""Is a layer in GCJ-02 or BD-09 though read as WGS-84? A check against the roads.

Coordinates copied from Amap or Tencent (GCJ-02) or Baidu (BD-09) and read as
WGS-84 land a few hundred metres off, a shift that is nearly the same across
a study area. :func:`find_offset` compares the typical (median) distance of
a layer's points to the nearest road of the study area three ways: as read,
after GCJ-02 -> WGS-84 and after BD-09 -> WGS-84. It reports a finding only
when one conversion brings the points clearly closer to the roads than they
are as read (and than the other conversion does), point by point for most of
them. Outlets, candidate sites and compounds lie by the roads; a shifted
layer does not.

The check is conservative: in a dense street network a 500 m shift may
leave points about as near a road as before, and then it stays silent
(the reading note that the system was assumed still stands). It looks only
at points inside China (:func:`~servicecircle.inputs.china_offsets.out_of_china`),
where the offsets apply, and needs at least :data:`MIN_POINTS` of them.

>>> import geopandas as gpd
>>> from shapely import LineString
>>> road = gpd.GeoSeries([LineString([(118.80, 32.0), (118.82, 32.0)])], crs="EPSG:4326")
>>> find_offset([118.805, 118.81, 118.815, 118.818], [32.0] * 4, road) is None
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from numpy.typing import ArrayLike, NDArray

from servicecircle.i18n.message import Message, msg
from servicecircle.inputs.area import utm_crs_for
from servicecircle.inputs.china_offsets import bd09_to_wgs84, gcj02_to_wgs84, out_of_china
from servicecircle.inputs.crs import WGS84

__all__ = [
    "MIN_POINTS",
    "OffsetFinding",
    "find_offset",
    "layer_offset",
    "representative_coordinates",
]

FloatArray = NDArray[np.float64]

MIN_POINTS = 4
"""Fewest points inside China the check needs before it says anything."""

MAX_POINTS = 2000
"""Most points measured (an even sample of larger layers)."""

BETTER_RATIO = 0.4
"""The converted median distance must be at most this share of the as-read one ..."""

MIN_GAIN_M = 15.0
"""... and at least this many metres smaller ..."""

OTHER_RATIO = 0.6
"""... and at most this share of the other conversion's ..."""

MIN_SHARE = 0.6
"""... and at least this share of the points must be closer to a road after it."""

_MARGIN_DEG = 0.02  # roads this far (about 2 km) around the points are searched

System = Literal["gcj02", "bd09"]

_CONVERTERS: dict[System, Callable[[ArrayLike, ArrayLike], tuple[FloatArray, FloatArray]]] = {
    "gcj02": gcj02_to_wgs84,
    "bd09": bd09_to_wgs84,
}


@dataclass(frozen=True)
class OffsetFinding:
    """A layer that fits the roads once converted from GCJ-02 or BD-09.

    Attributes
    ----------
    system
        ``"gcj02"`` (Amap, Tencent) or ``"bd09"`` (Baidu): the system the
        coordinates are in (a name :func:`~servicecircle.inputs.crs.resolve_crs` takes).
    shift_m
        How far the conversion moves the points (median, metres).
    before_m
        Typical (median) distance of the points to the nearest road as read.
    after_m
        The same after the conversion.
    share
        Share of the points closer to a road after the conversion than as read.
    points
        Number of points checked (inside China).
    """

    system: System
    shift_m: float
    before_m: float
    after_m: float
    share: float
    points: int

    def _fields(self) -> dict[str, object]:
        return {
            "system": msg(f"msg.inputs.offset_system.{self.system}"),
            "shift": f"{self.shift_m:,.0f}",
            "before": f"{self.before_m:,.0f}",
            "after": f"{self.after_m:,.0f}",
            "percent": f"{100 * self.share:.0f}",
            "points": self.points,
        }

    @property
    def message(self) -> Message:
        """What to tell the planner: the shift, the fit, and which system to choose."""
        return msg("msg.inputs.offset_found", **self._fields())

    def cli_message(self, source: str) -> Message:
        """The same for the command line: run again with ``--crs gcj02``/``bd09``."""
        return msg("msg.inputs.offset_cli", source=source, option=self.system, **self._fields())


def representative_coordinates(geoms: gpd.GeoSeries) -> tuple[FloatArray, FloatArray]:
    """Longitudes and latitudes that stand for a layer's features.

    Points are their own; lines and polygons give their vertices (a compound's
    outline runs along its roads), evenly thinned to :data:`MAX_POINTS`.
    """
    values = np.asarray(geoms.values, dtype=object)
    coords = shapely.get_coordinates(values[~shapely.is_missing(values)])
    if len(coords) > MAX_POINTS:
        coords = coords[np.linspace(0, len(coords) - 1, MAX_POINTS).astype(np.int64)]
    return coords[:, 0].astype(np.float64), coords[:, 1].astype(np.float64)


def layer_offset(geoms: gpd.GeoSeries, edges: gpd.GeoSeries) -> OffsetFinding | None:
    """:func:`find_offset` for a layer read as WGS-84 (see :func:`representative_coordinates`)."""
    lon, lat = representative_coordinates(geoms)
    return find_offset(lon, lat, edges)


def find_offset(lon: ArrayLike, lat: ArrayLike, edges: gpd.GeoSeries) -> OffsetFinding | None:
    """Whether points read as WGS-84 are GCJ-02 or BD-09 coordinates, judged by the roads.

    Parameters
    ----------
    lon, lat
        The points' coordinates as read, in degrees.
    edges
        The study area's roads (lines in WGS-84), e.g. ``area.edges.geometry``.

    Returns
    -------
    OffsetFinding or None
        The system the points fit once converted, or None when the points fit
        as read, too few lie inside China, there are no roads near them, or
        neither conversion fits clearly better (see the module notes).
    """
    x, y = np.broadcast_arrays(np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64))
    keep = ~out_of_china(x, y)
    x, y = x[keep].ravel(), y[keep].ravel()
    if len(x) > MAX_POINTS:
        pick = np.linspace(0, len(x) - 1, MAX_POINTS).astype(np.int64)
        x, y = x[pick], y[pick]
    if len(x) < MIN_POINTS:
        return None
    candidates = {name: convert(x, y) for name, convert in _CONVERTERS.items()}
    to_metres = pyproj.Transformer.from_crs(
        WGS84, utm_crs_for(float(np.median(x)), float(np.median(y))), always_xy=True
    )
    roads = _roads_near(edges, x, y, to_metres)
    if roads is None:
        return None
    as_read = _metres(to_metres, x, y)
    before = _road_distances(roads, as_read)
    after = {
        name: _road_distances(roads, _metres(to_metres, *xy)) for name, xy in candidates.items()
    }
    best: System = min(after, key=lambda name: float(np.median(after[name])))
    other: System = "bd09" if best == "gcj02" else "gcj02"
    before_m, after_m = float(np.median(before)), float(np.median(after[best]))
    share = float(np.mean(after[best] < before))
    if not (
        after_m <= BETTER_RATIO * before_m
        and before_m - after_m >= MIN_GAIN_M
        and after_m <= OTHER_RATIO * float(np.median(after[other]))
        and share >= MIN_SHARE
    ):
        return None
    moved = shapely.distance(as_read, _metres(to_metres, *candidates[best]))
    return OffsetFinding(
        system=best,
        shift_m=float(np.median(moved)),
        before_m=before_m,
        after_m=after_m,
        share=share,
        points=len(x),
    )


def _metres(to_metres: pyproj.Transformer, x: FloatArray, y: FloatArray) -> NDArray[np.object_]:
    mx, my = to_metres.transform(x, y)
    return np.asarray(shapely.points(np.column_stack([mx, my])), dtype=object)


def _roads_near(
    edges: gpd.GeoSeries, x: FloatArray, y: FloatArray, to_metres: pyproj.Transformer
) -> shapely.STRtree | None:
    """A tree of the roads within :data:`_MARGIN_DEG` of the points, in metres (None: none)."""
    lines = np.asarray(gpd.GeoSeries(edges).values, dtype=object)
    lines = lines[~shapely.is_missing(lines)]
    if len(lines) == 0:
        return None
    window = shapely.box(
        float(np.min(x)) - _MARGIN_DEG,
        float(np.min(y)) - _MARGIN_DEG,
        float(np.max(x)) + _MARGIN_DEG,
        float(np.max(y)) + _MARGIN_DEG,
    )
    near = lines[shapely.STRtree(lines).query(window, predicate="intersects")]
    if len(near) == 0:
        return None
    metric = shapely.transform(
        near, lambda c: np.column_stack(to_metres.transform(c[:, 0], c[:, 1]))
    )
    return shapely.STRtree(metric)


def _road_distances(roads: shapely.STRtree, points: NDArray[np.object_]) -> FloatArray:
    """Each point's distance to its nearest road, in metres."""
    found, distances = roads.query_nearest(points, return_distance=True, all_matches=False)
    out = np.full(len(points), np.inf)
    out[found[0]] = distances
    return out
