"""The layers of a print map, each drawn so it reads on a black-and-white printout.

Every function draws one kind of feature on a matplotlib axes in a metric CRS
and returns the legend rows it needs. The symbols differ in shape and fill,
not only in colour (:mod:`servicecircle.maps.style` gives the colours):

* existing outlets: filled dark squares;
* recommended new outlets: light stars with a black outline and their build
  order in a round white badge;
* coverage gaps: hatched areas with their rank in an open triangle;
* covered demand: filled circles; uncovered demand: open circles with a
  heavy outline (both sized by people);
* townships: solid outline, bold label; communities: dashed outline, small
  label; labels carry a white halo;
* roads (the ``roads`` layer): grey lines, main roads thicker, the longest
  named main roads labelled along their course.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from servicecircle.i18n import t
from servicecircle.maps.static_frame import font_families
from servicecircle.maps.style import (
    BOUNDARY,
    COVERED,
    EXISTING_OUTLET,
    GAP,
    NEW_SITE,
    UNCOVERED,
)
from servicecircle.network.roads import road_weight

LineStyle = Literal["-", "--"]

HALO = [patheffects.withStroke(linewidth=3.0, foreground="white")]
"""White outline around map labels, so they read over lines and fills."""

GAP_HATCH = "////"
"""Hatch of a gap area."""

AREA_EDGE = "#1f4e79"
"""Outline of a new outlet's service area (dark blue, reads as dark grey)."""

ROAD_WIDTHS: dict[int, float] = {5: 2.6, 4: 2.3, 3: 1.9, 2: 1.5, 1: 1.1, 0: 0.45}
"""Line width of a road by :func:`~servicecircle.network.roads.road_weight`."""


def _points(frame: gpd.GeoDataFrame) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    pts = frame.geometry.representative_point()
    return pts.x.to_numpy(float), pts.y.to_numpy(float)


def draw_roads(ax: Any, roads: gpd.GeoDataFrame | None, *, names: int, lang: str) -> list[Any]:
    """Roads in grey by importance; the ``names`` longest named main roads labelled."""
    if roads is None or roads.empty:
        return []
    weight = roads["highway"].map(road_weight).fillna(0).astype(int)
    for level in sorted(set(weight)):
        part = roads[weight == level]
        colour = "#9a9a9a" if level >= 2 else "#c4c4c4"
        part.plot(ax=ax, color=colour, linewidth=ROAD_WIDTHS[level], zorder=1)
    _label_roads(ax, roads, weight, names)
    return [
        Line2D([], [], color="#9a9a9a", linewidth=2.2, label=t("print.legend.main_road", lang)),
        Line2D([], [], color="#c4c4c4", linewidth=0.8, label=t("print.legend.road", lang)),
    ]


def _label_roads(ax: Any, roads: gpd.GeoDataFrame, weight: pd.Series, count: int) -> None:
    """Write the names of the ``count`` most important, longest named roads along them."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    view = shapely.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    named = roads[roads["name"].notna() & (roads["name"].astype(str) != "")]
    if named.empty or count <= 0:
        return
    shown = named.geometry.intersection(view)
    table = pd.DataFrame(
        {"name": named["name"].astype(str), "weight": weight[named.index], "line": shown}
    )
    table["length"] = shapely.length(table["line"].to_numpy())
    table = table[table["length"] > 0].sort_values(["weight", "length"], ascending=False)
    done: set[str] = set()
    for name, line in zip(table["name"].astype(str), table["line"].to_numpy(), strict=True):
        if len(done) >= count:
            break
        if name not in done:
            done.add(name)
            _road_label(ax, name, line)


def _road_label(ax: Any, name: str, line: shapely.Geometry) -> None:
    """``name`` at the middle of the longest part of ``line``, turned along it."""
    parts = list(getattr(line, "geoms", [line]))
    longest = max(parts, key=lambda part: part.length)
    if longest.geom_type != "LineString":
        return
    middle = longest.interpolate(0.5, normalized=True)
    before = longest.interpolate(max(0.0, 0.5 - 0.05), normalized=True)
    after = longest.interpolate(min(1.0, 0.5 + 0.05), normalized=True)
    angle = math.degrees(math.atan2(after.y - before.y, after.x - before.x))
    if angle > 90:
        angle -= 180
    elif angle < -90:
        angle += 180
    ax.text(
        middle.x,
        middle.y,
        name,
        fontsize=6.5,
        color="#505050",
        rotation=angle,
        rotation_mode="anchor",
        ha="center",
        va="center",
        zorder=3,
        path_effects=HALO,
        fontfamily=font_families(),
        clip_on=True,
    )


def draw_units(
    ax: Any, units: gpd.GeoDataFrame | None, *, lang: str, community_labels: bool = True
) -> list[Any]:
    """Township and community outlines with their names at a point inside each."""
    if units is None or units.empty:
        return []
    polys = units[units.geom_type.isin(["Polygon", "MultiPolygon"])]
    level = polys["level"].astype(str) if "level" in polys.columns else pd.Series("township")
    handles: list[Any] = []
    styles: tuple[tuple[str, LineStyle, float, float, str, str], ...] = (
        ("community", "--", 0.7, 6.5, "normal", "print.legend.community"),
        ("township", "-", 1.6, 9.0, "bold", "print.legend.township"),
    )
    for kind, style, width, size, weight, key in styles:
        part = polys[(level == kind).to_numpy()]
        if part.empty:
            continue
        part.boundary.plot(ax=ax, color=BOUNDARY.color, linewidth=width, linestyle=style, zorder=2)
        handles.append(
            Line2D(
                [], [], color=BOUNDARY.color, linewidth=width, linestyle=style, label=t(key, lang)
            )
        )
        if kind == "community" and not community_labels:
            continue
        xs, ys = _points(part)
        for x, y, name in zip(xs, ys, part["name"], strict=True):
            if isinstance(name, str) and name:
                ax.text(
                    x,
                    y,
                    name,
                    fontsize=size,
                    fontweight=weight,
                    color="#3f007d" if kind == "township" else "#54278f",
                    ha="center",
                    va="center",
                    zorder=8 if kind == "township" else 7,
                    path_effects=HALO,
                    fontfamily=font_families(),
                    clip_on=True,
                )
    return handles


def people_sizes(people: pd.Series | None, n: int, *, largest: float = 70.0) -> np.ndarray:
    """Marker areas (points²) growing with the square root of the people."""
    if people is None:
        return np.full(n, 12.0)
    values = pd.to_numeric(people, errors="coerce").fillna(0).clip(lower=0).to_numpy(float)
    top = float(values.max()) if len(values) else 0.0
    if top <= 0:
        return np.full(n, 10.0)
    return 6.0 + largest * np.sqrt(values / top)


def covered_flags(demand: gpd.GeoDataFrame) -> npt.NDArray[np.bool_]:
    """The ``covered`` column of a demand layer as booleans (missing is not covered)."""
    if "covered" not in demand.columns:
        return np.zeros(len(demand), dtype=bool)
    values = demand["covered"].map(lambda v: bool(v) if pd.notna(v) else False)
    return np.asarray(values, dtype=bool)


def draw_demand(ax: Any, demand: gpd.GeoDataFrame | None, *, lang: str) -> list[Any]:
    """Covered demand as filled circles, uncovered as open circles, sized by people."""
    if demand is None or demand.empty:
        return []
    covered = covered_flags(demand)
    xs, ys = _points(demand)
    sizes = people_sizes(demand["people"] if "people" in demand.columns else None, len(demand))
    ax.scatter(
        xs[covered],
        ys[covered],
        s=sizes[covered],
        marker="o",
        facecolors=COVERED.color,
        edgecolors="#1b5e20",
        linewidths=0.4,
        zorder=4,
    )
    ax.scatter(
        xs[~covered],
        ys[~covered],
        s=sizes[~covered],
        marker="o",
        facecolors="none",
        edgecolors=UNCOVERED.color,
        linewidths=1.1,
        zorder=4,
    )
    return [demand_handle(covered=True, lang=lang), demand_handle(covered=False, lang=lang)]


def demand_handle(*, covered: bool, lang: str) -> Line2D:
    """The legend row of covered (filled) or uncovered (open) demand."""
    return Line2D(
        [],
        [],
        marker="o",
        linestyle="",
        markersize=8,
        markerfacecolor=COVERED.color if covered else "none",
        markeredgecolor="#1b5e20" if covered else UNCOVERED.color,
        markeredgewidth=0.6 if covered else 1.4,
        label=t("print.legend.covered" if covered else "print.legend.uncovered", lang),
    )


def draw_outlets(ax: Any, outlets: gpd.GeoDataFrame | None, *, lang: str) -> list[Any]:
    """Existing outlets as filled dark squares."""
    if outlets is None or outlets.empty:
        return []
    xs, ys = _points(outlets)
    ax.scatter(xs, ys, marker="s", s=60, c=EXISTING_OUTLET.color, edgecolors="white", zorder=9)
    return [
        Line2D(
            [],
            [],
            marker="s",
            linestyle="",
            markersize=8,
            color=EXISTING_OUTLET.color,
            markeredgecolor="white",
            label=t("print.legend.outlets", lang),
        )
    ]


def _badge(
    ax: Any, x: float, y: float, text: str, *, box: str = "circle", edge: str = "black"
) -> None:
    """A number in a white badge (``"circle"`` or ``"square"``) up and right of a point."""
    ax.annotate(
        text,
        (x, y),
        xytext=(6, 5),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=8,
        fontweight="bold",
        zorder=11,
        bbox={
            "facecolor": "white",
            "edgecolor": edge,
            "boxstyle": f"{box},pad=0.2",
            "linewidth": 0.8,
        },
        annotation_clip=True,
        fontfamily=font_families(),
    )


def draw_sites(ax: Any, chosen: gpd.GeoDataFrame | None, *, lang: str) -> list[Any]:
    """Recommended new outlets as stars, each numbered with its build order."""
    if chosen is None or chosen.empty:
        return []
    xs, ys = _points(chosen)
    ax.scatter(
        xs,
        ys,
        marker="*",
        s=300,
        c=NEW_SITE.color,
        edgecolors="black",
        linewidths=0.9,
        zorder=10,
    )
    ranks = chosen["rank"] if "rank" in chosen.columns else pd.Series(range(1, len(chosen) + 1))
    for x, y, rank in zip(xs, ys, ranks, strict=True):
        _badge(ax, x, y, f"{int(rank)}")
    return [
        Line2D(
            [],
            [],
            marker="*",
            linestyle="",
            markersize=15,
            color=NEW_SITE.color,
            markeredgecolor="black",
            label=t("print.legend.new", lang),
        )
    ]


def draw_gaps(
    ax: Any, gaps: gpd.GeoDataFrame | None, *, lang: str, numbered: int = 15
) -> list[Any]:
    """Gaps hatched, the ``numbered`` worst marked by an open triangle and their rank."""
    if gaps is None or gaps.empty:
        return []
    gaps.plot(
        ax=ax,
        facecolor="none",
        edgecolor=GAP.edge,
        hatch=GAP_HATCH,
        linewidth=0.9,
        zorder=3,
    )
    ranks = pd.to_numeric(gaps.get("rank", pd.Series(range(1, len(gaps) + 1))), errors="coerce")
    shown = gaps[(ranks <= numbered).to_numpy()]
    xs, ys = _points(shown)
    ax.scatter(
        xs, ys, marker="^", s=150, facecolors="white", edgecolors=GAP.edge, linewidths=1.4, zorder=9
    )
    for x, y, rank in zip(xs, ys, ranks[(ranks <= numbered).to_numpy()], strict=True):
        _badge(ax, x, y, f"{int(rank)}", box="square", edge=GAP.edge)
    return [
        Patch(
            facecolor="none",
            edgecolor=GAP.edge,
            hatch=GAP_HATCH,
            label=t("print.legend.gap_area", lang),
        ),
        Line2D(
            [],
            [],
            marker="^",
            linestyle="",
            markersize=10,
            markerfacecolor="white",
            markeredgecolor=GAP.edge,
            markeredgewidth=1.3,
            label=t("print.legend.gap", lang),
        ),
    ]


def draw_areas(
    ax: Any, areas: gpd.GeoDataFrame | None, *, label: str, edge: str = AREA_EDGE
) -> list[Any]:
    """Service areas with a light fill and a dark dashed outline."""
    if areas is None or areas.empty:
        return []
    areas.plot(ax=ax, facecolor="#c6dbef", alpha=0.45, edgecolor="none", zorder=0)
    areas.boundary.plot(ax=ax, color=edge, linewidth=1.2, linestyle=(0, (5, 2)), zorder=2)
    return [Patch(facecolor="#c6dbef", edgecolor=edge, linestyle="--", label=label)]


def draw_focus(ax: Any, shape: gpd.GeoDataFrame) -> None:
    """Fade everything outside ``shape`` (call after the extent is set)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    outside = shapely.box(x0, y0, x1, y1).difference(shapely.union_all(shape.geometry.to_numpy()))
    if not outside.is_empty:
        frame = gpd.GeoDataFrame(geometry=[outside], crs=shape.crs)
        frame.plot(ax=ax, facecolor="white", alpha=0.6, edgecolor="none", zorder=5)


def legend_markers(handles: Sequence[Any]) -> list[tuple[str, bool]]:
    """(marker, filled) of each point row of a legend: what a greyscale print keeps.

    A marker with no face colour or a white one is open (``False``).
    """
    rows = []
    for handle in handles:
        if isinstance(handle, Line2D) and handle.get_marker() not in ("", "None", None):
            face = handle.get_markerfacecolor()
            is_open = (isinstance(face, str) and face == "none") or to_rgba(face)[:3] == (1, 1, 1)
            rows.append((str(handle.get_marker()), not is_open))
    return rows
