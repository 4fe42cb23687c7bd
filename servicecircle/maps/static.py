"""Static PNG maps with matplotlib: coverage, gaps, changes between scenarios.

Every map is drawn in the local UTM zone with a legend, a scale bar, a north
arrow and the attribution "© OpenStreetMap contributors"
(:mod:`servicecircle.maps.static_frame`); no basemap is fetched, so the maps work
offline. Colours and symbols are :mod:`servicecircle.maps.style`, the same as
the web map's. Chinese labels use a CJK font found on the system.

Figures are :class:`matplotlib.figure.Figure` objects made without pyplot (no
global figure state, safe in a web app); :func:`figure_png` turns one into PNG
bytes and closes nothing global.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from numpy.typing import NDArray

from servicecircle.i18n import t
from servicecircle.maps.charts import coverage_curve_chart
from servicecircle.maps.static_frame import finish_map, local_crs, new_figure, projected
from servicecircle.maps.style import (
    ATTRIBUTION,
    BOUNDARY,
    COVERED,
    EXISTING_OUTLET,
    GAP,
    NEW_SITE,
    REMOVED_OUTLET,
    UNCOVERED,
    Symbol,
    ramp_colors,
)

#: Above this many demand polygons, demand is drawn as points (speed).
MAX_POLYGONS = 20_000

#: Marker area (points²) and drawing order of each point symbol.
_POINT_SIZE: dict[Symbol, tuple[float, int]] = {
    EXISTING_OUTLET: (46.0, 6),
    NEW_SITE: (220.0, 7),
    REMOVED_OUTLET: (90.0, 7),
}


def figure_png(fig: Figure, path: str | os.PathLike[str] | None = None, *, dpi: int = 150) -> bytes:
    """Render ``fig`` as PNG; also write it to ``path`` when given.

    Returns
    -------
    bytes
        The PNG file content.
    """
    if fig.canvas is None or not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(
        buffer, format="png", dpi=dpi, facecolor="white", bbox_inches="tight", pad_inches=0.08
    )
    data = buffer.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data


def _covered(demand: pd.DataFrame, minutes: float) -> NDArray[np.bool_]:
    if "minutes_to_nearest" not in demand.columns:
        return np.zeros(len(demand), dtype=bool)
    reach = pd.to_numeric(demand["minutes_to_nearest"], errors="coerce").to_numpy(dtype=float)
    covered: NDArray[np.bool_] = np.nan_to_num(reach, nan=np.inf) <= minutes
    return covered


def _marker_sizes(people: pd.Series | None, n: int) -> np.ndarray:
    if people is None:
        return np.full(n, 12.0)
    values = pd.to_numeric(people, errors="coerce").fillna(0).clip(lower=0).to_numpy(dtype=float)
    top = float(np.nanmax(values)) if len(values) else 0.0
    if top <= 0:
        return np.full(n, 8.0)
    return 4.0 + 60.0 * np.sqrt(values / top)


def _draw_demand(
    ax: Any, demand: gpd.GeoDataFrame, mask: np.ndarray, symbol: Symbol, *, alpha: float = 0.85
) -> None:
    """Demand units in ``mask``: polygons filled, points as circles sized by people."""
    part = demand[mask]
    if part.empty:
        return
    colour = symbol.color
    polys = part.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    rest = part
    if polys.any() and len(part) <= MAX_POLYGONS:
        part[polys].plot(ax=ax, color=colour, alpha=alpha, linewidth=0.2, edgecolor=colour)
        rest = part[~polys]
    if not rest.empty:
        pts = rest.geometry.representative_point()
        sizes = _marker_sizes(rest["people"] if "people" in rest.columns else None, len(rest))
        ax.scatter(
            pts.x,
            pts.y,
            s=sizes,
            c=colour,
            alpha=alpha,
            marker=symbol.marker,
            linewidths=0.3,
            edgecolors="white",
            zorder=4,
        )


def _handle(symbol: Symbol, label: str, *, alpha: float | None = None) -> Line2D:
    """The legend row of a point symbol."""
    return Line2D(
        [],
        [],
        marker=symbol.marker,
        linestyle="",
        color=symbol.color,
        alpha=alpha,
        markeredgecolor=symbol.edge if symbol is NEW_SITE else None,
        markersize=12 if symbol is NEW_SITE else None,
        label=label,
    )


def _draw_points(ax: Any, frame: gpd.GeoDataFrame | None, symbol: Symbol, label: str) -> Line2D:
    """Draw ``frame`` with a point symbol of :data:`_POINT_SIZE`; return its legend row."""
    if frame is not None and not frame.empty:
        size, zorder = _POINT_SIZE[symbol]
        pts = frame.geometry.representative_point()
        ax.scatter(
            pts.x,
            pts.y,
            marker=symbol.marker,
            s=size,
            c=symbol.color,
            edgecolors=symbol.edge,
            linewidths=0.6,
            zorder=zorder,
        )
    return _handle(symbol, label)


def _draw_units(ax: Any, units: gpd.GeoDataFrame | None, handles: list[Any], lang: str) -> None:
    if units is None:
        return
    polys = units[units.geom_type.isin(["Polygon", "MultiPolygon"])]
    if polys.empty:
        return
    polys.boundary.plot(ax=ax, color=BOUNDARY.color, linewidth=0.8, linestyle="--", zorder=2)
    handles.append(Line2D([], [], color=BOUNDARY.color, linestyle="--", label=t("map.units", lang)))


def _label_ranks(ax: Any, frame: gpd.GeoDataFrame, ranks: Sequence[float], symbol: Symbol) -> None:
    """Number features by rank in the symbol's badge: round for new sites, square for gaps."""
    box = "round,pad=0.2" if symbol.badge == "round" else "square,pad=0.25"
    pts = frame.geometry.representative_point()
    for x, y, rank in zip(pts.x, pts.y, ranks, strict=True):
        ax.annotate(
            f"{int(rank)}",
            (x, y),
            xytext=(6, 6) if symbol is NEW_SITE else (0, 0),
            textcoords="offset points",
            ha="left" if symbol is NEW_SITE else "center",
            va="bottom" if symbol is NEW_SITE else "center",
            fontsize=8,
            fontweight="bold",
            zorder=8,
            bbox={"facecolor": "white", "edgecolor": symbol.edge, "boxstyle": box, "alpha": 0.9},
        )


def _minutes_label(value: float) -> str:
    return f"{value:g}"


def _draw_isochrones(ax: Any, iso: gpd.GeoDataFrame, handles: list[Any], lang: str) -> None:
    """Service areas, farthest first, in the ramp's blues (darker is nearer)."""
    minutes = pd.to_numeric(iso["minutes"])
    breaks_up = sorted(minutes.dropna().unique())
    colour_of = dict(zip(breaks_up, ramp_colors(len(breaks_up)), strict=True))
    for value in reversed(breaks_up):
        colour = colour_of[value]
        iso[minutes == value].plot(
            ax=ax, color=colour, alpha=0.28, edgecolor=colour, linewidth=0.8, zorder=1
        )
    handles += [
        Patch(
            facecolor=colour_of[value],
            alpha=0.4,
            edgecolor=colour_of[value],
            label=t("map.isochrone", lang, minutes=_minutes_label(value)),
        )
        for value in breaks_up
    ]


def coverage_map(
    demand: gpd.GeoDataFrame,
    *,
    isochrones: gpd.GeoDataFrame | None = None,
    outlets: gpd.GeoDataFrame | None = None,
    chosen: gpd.GeoDataFrame | None = None,
    units: gpd.GeoDataFrame | None = None,
    minutes: float | None = None,
    lang: str = "zh",
    title: str | None = None,
) -> Figure:
    """Map of who is inside the circle: isochrones, covered/uncovered demand, outlets, sites.

    Parameters
    ----------
    demand
        Demand units with ``minutes_to_nearest`` (missing = unreachable) and
        ``people`` (marker size for points).
    isochrones
        Service areas with a ``minutes`` column (one polygon per break or per
        outlet and break).
    outlets, chosen
        Existing outlets and recommended sites (``rank`` labels the latter).
    units
        Admin-unit polygons drawn as dashed outlines.
    minutes
        Break that decides covered / uncovered; defaults to the largest
        isochrone break, else 15.
    lang
        ``"zh"`` or ``"en"``.
    title
        Overrides the default title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if minutes is None:
        if isochrones is not None and "minutes" in isochrones.columns and len(isochrones):
            minutes = float(pd.to_numeric(isochrones["minutes"]).max())
        else:
            minutes = 15.0
    crs = local_crs([demand, isochrones, outlets, chosen, units])
    d, iso, out, cho, uni = (
        projected(f, crs) for f in (demand, isochrones, outlets, chosen, units)
    )
    fig, ax = new_figure()
    handles: list[Any] = []
    if iso is not None and "minutes" in iso.columns:
        _draw_isochrones(ax, iso, handles, lang)
    _draw_units(ax, uni, handles, lang)
    if d is not None:
        mask = _covered(d, minutes)
        _draw_demand(ax, d, mask, COVERED)
        _draw_demand(ax, d, ~mask, UNCOVERED)
        label_minutes = _minutes_label(minutes)
        handles.append(_handle(COVERED, t("map.covered", lang, minutes=label_minutes)))
        handles.append(_handle(UNCOVERED, t("map.uncovered", lang, minutes=label_minutes)))
    if out is not None:
        handles.append(_draw_points(ax, out, EXISTING_OUTLET, t("map.outlets", lang)))
    if cho is not None:
        handles.append(_draw_points(ax, cho, NEW_SITE, t("map.chosen", lang)))
        if "rank" in cho.columns:
            _label_ranks(ax, cho, list(cho["rank"]), NEW_SITE)
    title = title or t("map.coverage_title", lang, minutes=_minutes_label(minutes))
    return finish_map(fig, ax, handles, title=title, lang=lang, frames=[d, iso, out, cho])


def gaps_map(
    gaps: gpd.GeoDataFrame,
    *,
    demand: gpd.GeoDataFrame | None = None,
    outlets: gpd.GeoDataFrame | None = None,
    units: gpd.GeoDataFrame | None = None,
    minutes: float = 15.0,
    label_top: int = 10,
    lang: str = "zh",
    title: str | None = None,
) -> Figure:
    """Map of the gaps, shaded and numbered by rank (1 = most people uncovered).

    Parameters
    ----------
    gaps
        Gap polygons with ``rank`` (1 first) and ``people``.
    demand
        Demand units; the uncovered ones at ``minutes`` are drawn as context.
    outlets, units
        Context layers.
    label_top
        Number the ``label_top`` highest-ranked gaps.
    """
    crs = local_crs([gaps, demand, outlets, units])
    g, d, out, uni = (projected(f, crs) for f in (gaps, demand, outlets, units))
    fig, ax = new_figure()
    handles: list[Any] = []
    _draw_units(ax, uni, handles, lang)
    if d is not None:
        _draw_demand(ax, d, ~_covered(d, minutes), UNCOVERED, alpha=0.5)
        label = t("map.uncovered", lang, minutes=_minutes_label(minutes))
        handles.append(_handle(UNCOVERED, label, alpha=0.6))
    if g is not None:
        ranks = (
            pd.to_numeric(g["rank"], errors="coerce").fillna(len(g)).to_numpy()
            if "rank" in g.columns
            else np.arange(1, len(g) + 1)
        )
        order = np.argsort(-ranks)
        g, ranks = g.iloc[order], ranks[order]
        top = max(float(ranks.max()), 1.0)
        # one colour, stronger for the worse gaps
        colours = [to_rgba(GAP.color, 0.9 - 0.55 * (r - 1) / max(top - 1, 1)) for r in ranks]
        g.plot(ax=ax, color=colours, edgecolor=GAP.edge, linewidth=0.8, zorder=3)
        shown = ranks <= label_top
        _label_ranks(ax, g[shown], list(ranks[shown]), GAP)
        handles.append(
            Patch(facecolor=GAP.color, edgecolor=GAP.edge, alpha=0.75, label=t("map.gap", lang))
        )
    if out is not None:
        handles.append(_draw_points(ax, out, EXISTING_OUTLET, t("map.outlets", lang)))
    title = title or t("map.gaps_title", lang)
    return finish_map(fig, ax, handles, title=title, lang=lang, frames=[g, d, out])


def change_map(
    changes: gpd.GeoDataFrame,
    *,
    sites: gpd.GeoDataFrame | None = None,
    units: gpd.GeoDataFrame | None = None,
    minutes: float = 15.0,
    lang: str = "zh",
    title: str | None = None,
) -> Figure:
    """Map of what changed between two scenarios.

    Parameters
    ----------
    changes
        From :func:`servicecircle.results.project.demand_changes` (``change`` is
        ``gained`` or ``lost``).
    sites
        From :func:`servicecircle.results.project.sites_changed` (``change`` is
        ``added``, ``removed`` or ``kept``).
    """
    crs = local_crs([changes, sites, units])
    ch, st, uni = (projected(f, crs) for f in (changes, sites, units))
    fig, ax = new_figure()
    handles: list[Any] = []
    _draw_units(ax, uni, handles, lang)
    if ch is not None:
        kinds = ch["change"].astype(str).to_numpy()
        _draw_demand(ax, ch, kinds == "gained", COVERED)
        _draw_demand(ax, ch, kinds == "lost", UNCOVERED)
    handles.append(_handle(COVERED, t("map.gained", lang)))
    handles.append(_handle(UNCOVERED, t("map.lost", lang)))
    if st is not None:
        kind = st["change"].astype(str)
        for change, symbol, key in (
            ("kept", EXISTING_OUTLET, "map.outlets"),
            ("added", NEW_SITE, "map.added"),
            ("removed", REMOVED_OUTLET, "map.removed"),
        ):
            handles.append(_draw_points(ax, st[kind == change], symbol, t(key, lang)))
    title = title or t("map.change_title", lang, minutes=_minutes_label(minutes))
    return finish_map(fig, ax, handles, title=title, lang=lang, frames=[ch, st, uni])


# ATTRIBUTION and coverage_curve_chart: until report/assumptions.py and report/build.py
# import them from servicecircle.maps.style and servicecircle.maps.charts
__all__ = [
    "ATTRIBUTION",
    "change_map",
    "coverage_curve_chart",
    "coverage_map",
    "figure_png",
    "gaps_map",
]
