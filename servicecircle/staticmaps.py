"""Static PNG maps and charts with matplotlib: coverage, gaps, changes, coverage curve.

Every map is drawn in the local UTM zone with a legend, a scale bar, a north
arrow and the attribution "© OpenStreetMap contributors"; no basemap is
fetched, so the maps work offline. Chinese labels use a CJK font found on the
system ("Noto Sans CJK SC" from the Debian package ``fonts-noto-cjk`` first).

Figures are :class:`matplotlib.figure.Figure` objects made without pyplot (no
global figure state, safe in a web app); :func:`figure_png` turns one into PNG
bytes and closes nothing global.
"""

from __future__ import annotations

import io
import logging
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib import colormaps, font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from servicecircle.i18n import t
from servicecircle.i18n.labels import class_label
from servicecircle.sources.area import utm_crs_for

logger = logging.getLogger(__name__)

ATTRIBUTION = "© OpenStreetMap contributors"
WGS84 = "EPSG:4326"

#: CJK font families, most preferred first.
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Noto Serif CJK SC",
)
_CJK_FILE_HINTS = ("cjk", "wqy", "sourcehan", "notosanssc", "simhei", "msyh", "pingfang")

COVERED_COLOUR = "#1a9850"
UNCOVERED_COLOUR = "#d73027"
OUTLET_COLOUR = "#1f1f1f"
CHOSEN_COLOUR = "#e6550d"
UNIT_COLOUR = "#6b6b6b"
ISOCHRONE_COLOURS = ("#08519c", "#3182bd", "#6baed6", "#9ecae1", "#c6dbef", "#deebf7")
#: Above this many demand polygons, demand is drawn as points (speed).
MAX_POLYGONS = 20_000


# --------------------------------------------------------------------------- fonts


@lru_cache(maxsize=1)
def cjk_fonts() -> tuple[str, ...]:
    """Register the system's CJK fonts with matplotlib; return usable families, best first.

    Returns
    -------
    tuple of str
        Font family names from :data:`CJK_FAMILIES` that matplotlib can use;
        empty when the machine has none (install ``fonts-noto-cjk``).
    """
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    if not known.intersection(CJK_FAMILIES):
        for path in font_manager.findSystemFonts():
            if any(hint in Path(path).name.lower() for hint in _CJK_FILE_HINTS):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # pragma: no cover - broken file
                    logger.debug("cannot load font %s", path)
        known = {entry.name for entry in font_manager.fontManager.ttflist}
    found = tuple(f for f in CJK_FAMILIES if f in known)
    if not found:
        logger.warning(
            "no CJK font found; Chinese labels in maps will show as boxes. "
            "Install fonts-noto-cjk (Debian/Ubuntu)."
        )
    return found


def font_families() -> list[str]:
    """Font family list for maps: a CJK font first, then DejaVu Sans as fallback."""
    return [*cjk_fonts()[:1], "DejaVu Sans"]


def _apply_fonts(fig: Figure) -> None:
    families = font_families()
    for artist in fig.findobj(Text):
        artist.set_fontfamily(families)


# --------------------------------------------------------------------------- helpers


def _new_figure(size: tuple[float, float] = (8.0, 7.0)) -> tuple[Figure, Any]:
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    return fig, ax


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


def _layers_crs(frames: Iterable[gpd.GeoDataFrame | None]) -> Any:
    boxes = []
    for frame in frames:
        if frame is None or frame.empty:
            continue
        if frame.crs is None:
            continue
        boxes.append(frame.to_crs(WGS84).total_bounds)
    if not boxes:
        return None
    arr = np.array(boxes)
    arr = arr[np.isfinite(arr).all(axis=1)]
    if not len(arr):
        return None
    lon = (arr[:, 0].min() + arr[:, 2].max()) / 2.0
    lat = (arr[:, 1].min() + arr[:, 3].max()) / 2.0
    return utm_crs_for(float(lon), float(lat))


def _project(frame: gpd.GeoDataFrame | None, crs: Any) -> gpd.GeoDataFrame | None:
    if frame is None or frame.empty:
        return None
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if frame.empty:
        return None
    if crs is None or frame.crs is None:
        return frame
    return frame.to_crs(crs)


def _covered(demand: pd.DataFrame, minutes: float) -> np.ndarray:
    if "minutes_to_nearest" not in demand.columns:
        return np.zeros(len(demand), dtype=bool)
    reach = pd.to_numeric(demand["minutes_to_nearest"], errors="coerce").to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        return np.nan_to_num(reach, nan=np.inf) <= minutes


def _marker_sizes(people: pd.Series | None, n: int) -> np.ndarray:
    if people is None:
        return np.full(n, 12.0)
    values = pd.to_numeric(people, errors="coerce").fillna(0).clip(lower=0).to_numpy(dtype=float)
    top = float(np.nanmax(values)) if len(values) else 0.0
    if top <= 0:
        return np.full(n, 8.0)
    return 4.0 + 60.0 * np.sqrt(values / top)


def _draw_demand(
    ax: Any, demand: gpd.GeoDataFrame, mask: np.ndarray, colour: str, *, alpha: float = 0.85
) -> None:
    part = demand[mask]
    if part.empty:
        return
    polys = part.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    if polys.any() and len(part) <= MAX_POLYGONS:
        part[polys].plot(ax=ax, color=colour, alpha=alpha, linewidth=0.2, edgecolor=colour)
        rest = part[~polys]
    else:
        rest = part
    if not rest.empty:
        pts = rest.geometry.representative_point()
        sizes = _marker_sizes(rest["people"] if "people" in rest.columns else None, len(rest))
        ax.scatter(
            pts.x,
            pts.y,
            s=sizes,
            c=colour,
            alpha=alpha,
            linewidths=0.3,
            edgecolors="white",
            zorder=4,
        )


def _draw_outlets(ax: Any, outlets: gpd.GeoDataFrame, lang: str) -> Line2D:
    """Draw existing outlets as white-edged squares; return their legend handle."""
    _draw_points(
        ax, outlets, marker="s", s=46, c=OUTLET_COLOUR, edgecolors="white", linewidths=0.8, zorder=6
    )
    return Line2D(
        [], [], marker="s", linestyle="", color=OUTLET_COLOUR, label=t("map.outlets", lang)
    )


def _draw_points(ax: Any, frame: gpd.GeoDataFrame | None, **style: Any) -> None:
    if frame is None or frame.empty:
        return
    pts = frame.geometry.representative_point()
    ax.scatter(pts.x, pts.y, **style)


def _nice_length(span: float) -> float:
    target = span / 5.0
    if target <= 0 or not math.isfinite(target):
        return 0.0
    power = 10 ** math.floor(math.log10(target))
    for step in (5.0, 2.0, 1.0):
        if step * power <= target:
            return step * power
    return power


def _length_label(metres: float) -> str:
    if metres >= 1000:
        km = metres / 1000.0
        return f"{km:g} km"
    return f"{metres:g} m"


def add_scale_bar(ax: Any) -> None:
    """Draw a two-segment scale bar in the lower left (axes in metres)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = _nice_length(x1 - x0)
    if length <= 0:
        return
    height = (y1 - y0) * 0.012
    left = x0 + (x1 - x0) * 0.04
    bottom = y0 + (y1 - y0) * 0.04
    ax.add_patch(
        Rectangle(
            (left - (x1 - x0) * 0.01, bottom - height * 1.2),
            length + (x1 - x0) * 0.02,
            height * 5.2,
            facecolor="white",
            edgecolor="none",
            alpha=0.75,
            zorder=9,
        )
    )
    for i, colour in enumerate(("black", "white")):
        ax.add_patch(
            Rectangle(
                (left + i * length / 2, bottom),
                length / 2,
                height,
                facecolor=colour,
                edgecolor="black",
                linewidth=0.8,
                zorder=10,
            )
        )
    for pos, label in (
        (0.0, "0"),
        (length / 2, _length_label(length / 2).split()[0]),
        (length, _length_label(length)),
    ):
        ax.text(
            left + pos,
            bottom + height * 1.6,
            label,
            ha="center",
            va="bottom",
            fontsize=7,
            zorder=10,
        )


def add_north_arrow(ax: Any, *, lang: str = "zh") -> None:
    """Draw a north arrow in the upper right (grid north of the map)."""
    ax.annotate(
        t("map.north", lang),
        xy=(0.965, 0.97),
        xytext=(0.965, 0.88),
        xycoords="axes fraction",
        textcoords="axes fraction",
        ha="center",
        va="center",
        fontsize=11,
        fontweight="bold",
        arrowprops={
            "facecolor": "black",
            "edgecolor": "black",
            "width": 3,
            "headwidth": 10,
            "headlength": 10,
        },
        zorder=10,
    )


def add_attribution(ax: Any) -> None:
    """Write "© OpenStreetMap contributors" in the lower right corner."""
    ax.text(
        0.995,
        0.005,
        ATTRIBUTION,
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=7,
        color="#333333",
        zorder=10,
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 1.5},
    )


def _finish_map(
    fig: Figure,
    ax: Any,
    handles: Sequence[Any],
    *,
    title: str,
    lang: str,
    frames: Sequence[gpd.GeoDataFrame | None],
) -> Figure:
    bounds = [f.total_bounds for f in frames if f is not None and not f.empty]
    if bounds:
        arr = np.array(bounds)
        xmin, ymin = arr[:, 0].min(), arr[:, 1].min()
        xmax, ymax = arr[:, 2].max(), arr[:, 3].max()
        pad = max(xmax - xmin, ymax - ymin, 100.0) * 0.05
        # extra room: scale bar below, north arrow on the right
        ax.set_xlim(xmin - pad, xmax + pad * 2.6)
        ax.set_ylim(ymin - pad * 2.0, ymax + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for spine in ax.spines.values():
        spine.set_color("#999999")
    ax.set_title(title, fontsize=12)
    if handles:
        ax.legend(
            handles=list(handles),
            loc="upper center",
            bbox_to_anchor=(0.5, -0.01),
            ncol=3 if len(handles) > 4 else len(handles),
            fontsize=8,
            frameon=False,
        )
    add_scale_bar(ax)
    add_north_arrow(ax, lang=lang)
    add_attribution(ax)
    _apply_fonts(fig)
    return fig


def _draw_units(ax: Any, units: gpd.GeoDataFrame | None, handles: list[Any], lang: str) -> None:
    if units is None:
        return
    polys = units[units.geom_type.isin(["Polygon", "MultiPolygon"])]
    if polys.empty:
        return
    polys.boundary.plot(ax=ax, color=UNIT_COLOUR, linewidth=0.8, linestyle="--", zorder=2)
    handles.append(Line2D([], [], color=UNIT_COLOUR, linestyle="--", label=t("map.units", lang)))


def _minutes_label(value: float) -> str:
    return f"{value:g}"


# --------------------------------------------------------------------------- maps


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
    crs = _layers_crs([demand, isochrones, outlets, chosen, units])
    d = _project(demand, crs)
    iso = _project(isochrones, crs)
    out = _project(outlets, crs)
    cho = _project(chosen, crs)
    uni = _project(units, crs)
    fig, ax = _new_figure()
    handles: list[Any] = []
    if iso is not None and "minutes" in iso.columns:
        breaks = sorted(pd.to_numeric(iso["minutes"]).dropna().unique(), reverse=True)
        breaks_up = sorted(breaks)
        for value in breaks:
            colour = ISOCHRONE_COLOURS[min(breaks_up.index(value), len(ISOCHRONE_COLOURS) - 1)]
            part = iso[pd.to_numeric(iso["minutes"]) == value]
            part.plot(ax=ax, color=colour, alpha=0.28, edgecolor=colour, linewidth=0.8, zorder=1)
        for value in breaks_up:
            colour = ISOCHRONE_COLOURS[min(breaks_up.index(value), len(ISOCHRONE_COLOURS) - 1)]
            handles.append(
                Patch(
                    facecolor=colour,
                    alpha=0.4,
                    edgecolor=colour,
                    label=t("map.isochrone", lang, minutes=_minutes_label(value)),
                )
            )
    _draw_units(ax, uni, handles, lang)
    if d is not None:
        mask = _covered(d, minutes)
        _draw_demand(ax, d, mask, COVERED_COLOUR)
        _draw_demand(ax, d, ~mask, UNCOVERED_COLOUR)
        label_minutes = _minutes_label(minutes)
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                color=COVERED_COLOUR,
                label=t("map.covered", lang, minutes=label_minutes),
            )
        )
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                color=UNCOVERED_COLOUR,
                label=t("map.uncovered", lang, minutes=label_minutes),
            )
        )
    if out is not None:
        handles.append(_draw_outlets(ax, out, lang))
    if cho is not None:
        _draw_points(
            ax,
            cho,
            marker="*",
            s=220,
            c=CHOSEN_COLOUR,
            edgecolors="black",
            linewidths=0.6,
            zorder=7,
        )
        if "rank" in cho.columns:
            pts = cho.geometry.representative_point()
            for x, y, rank in zip(pts.x, pts.y, cho["rank"], strict=True):
                ax.annotate(
                    str(rank),
                    (x, y),
                    xytext=(6, 6),
                    textcoords="offset points",
                    fontsize=8,
                    fontweight="bold",
                    zorder=8,
                    bbox={
                        "facecolor": "white",
                        "edgecolor": CHOSEN_COLOUR,
                        "boxstyle": "round,pad=0.2",
                        "alpha": 0.9,
                    },
                )
        handles.append(
            Line2D(
                [],
                [],
                marker="*",
                markersize=12,
                linestyle="",
                color=CHOSEN_COLOUR,
                markeredgecolor="black",
                label=t("map.chosen", lang),
            )
        )
    title = title or t("map.coverage_title", lang, minutes=_minutes_label(minutes))
    return _finish_map(fig, ax, handles, title=title, lang=lang, frames=[d, iso, out, cho])


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
    crs = _layers_crs([gaps, demand, outlets, units])
    g = _project(gaps, crs)
    d = _project(demand, crs)
    out = _project(outlets, crs)
    uni = _project(units, crs)
    fig, ax = _new_figure()
    handles: list[Any] = []
    _draw_units(ax, uni, handles, lang)
    if d is not None:
        _draw_demand(ax, d, ~_covered(d, minutes), UNCOVERED_COLOUR, alpha=0.5)
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                color=UNCOVERED_COLOUR,
                alpha=0.6,
                label=t("map.uncovered", lang, minutes=_minutes_label(minutes)),
            )
        )
    if g is not None:
        ranks = (
            pd.to_numeric(g["rank"], errors="coerce").fillna(len(g)).to_numpy()
            if "rank" in g.columns
            else np.arange(1, len(g) + 1)
        )
        order = np.argsort(-ranks)
        g = g.iloc[order]
        ranks = ranks[order]
        top = max(float(ranks.max()), 1.0)
        cmap = colormaps["OrRd"]
        colours = [cmap(0.9 - 0.6 * (r - 1) / max(top - 1, 1)) for r in ranks]
        g.plot(ax=ax, color=colours, alpha=0.75, edgecolor="#7f0000", linewidth=0.8, zorder=3)
        pts = g.geometry.representative_point()
        for x, y, rank in zip(pts.x, pts.y, ranks, strict=True):
            if rank <= label_top:
                ax.text(
                    x,
                    y,
                    f"{int(rank)}",
                    ha="center",
                    va="center",
                    fontsize=9,
                    fontweight="bold",
                    zorder=8,
                    bbox={
                        "facecolor": "white",
                        "edgecolor": "#7f0000",
                        "boxstyle": "circle,pad=0.2",
                        "alpha": 0.9,
                    },
                )
        handles.append(
            Patch(facecolor=cmap(0.8), edgecolor="#7f0000", alpha=0.75, label=t("map.gap", lang))
        )
    if out is not None:
        handles.append(_draw_outlets(ax, out, lang))
    return _finish_map(
        fig, ax, handles, title=title or t("map.gaps_title", lang), lang=lang, frames=[g, d, out]
    )


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
        From :func:`servicecircle.project.demand_changes` (``change`` is
        ``gained`` or ``lost``).
    sites
        From :func:`servicecircle.project.sites_changed` (``change`` is
        ``added``, ``removed`` or ``kept``).
    """
    crs = _layers_crs([changes, sites, units])
    ch = _project(changes, crs)
    st = _project(sites, crs)
    uni = _project(units, crs)
    fig, ax = _new_figure()
    handles: list[Any] = []
    _draw_units(ax, uni, handles, lang)
    if ch is not None:
        kinds = ch["change"].astype(str).to_numpy()
        _draw_demand(ax, ch, kinds == "gained", COVERED_COLOUR)
        _draw_demand(ax, ch, kinds == "lost", UNCOVERED_COLOUR)
    handles.append(
        Line2D([], [], marker="o", linestyle="", color=COVERED_COLOUR, label=t("map.gained", lang))
    )
    handles.append(
        Line2D([], [], marker="o", linestyle="", color=UNCOVERED_COLOUR, label=t("map.lost", lang))
    )
    if st is not None:
        kinds = st["change"].astype(str)
        _draw_points(
            ax, st[kinds == "kept"], marker="s", s=40, c=OUTLET_COLOUR, edgecolors="white", zorder=6
        )
        _draw_points(
            ax,
            st[kinds == "added"],
            marker="*",
            s=220,
            c=CHOSEN_COLOUR,
            edgecolors="black",
            linewidths=0.6,
            zorder=7,
        )
        _draw_points(
            ax, st[kinds == "removed"], marker="X", s=90, c="#555555", edgecolors="white", zorder=7
        )
        handles += [
            Line2D(
                [],
                [],
                marker="s",
                linestyle="",
                color=OUTLET_COLOUR,
                label=t("map.outlets", lang),
            ),
            Line2D(
                [],
                [],
                marker="*",
                markersize=12,
                linestyle="",
                color=CHOSEN_COLOUR,
                markeredgecolor="black",
                label=t("map.added", lang),
            ),
            Line2D([], [], marker="X", linestyle="", color="#555555", label=t("map.removed", lang)),
        ]
    title = title or t("map.change_title", lang, minutes=_minutes_label(minutes))
    return _finish_map(fig, ax, handles, title=title, lang=lang, frames=[ch, st, uni])


def coverage_curve_chart(
    curve: pd.DataFrame | Sequence[Mapping[str, Any]],
    *,
    targets: Sequence[float] = (0.85, 0.95, 0.99),
    lang: str = "zh",
    title: str | None = None,
) -> Figure:
    """Chart of the share of people covered against the number of new outlets.

    Parameters
    ----------
    curve
        Rows with ``n_new`` and ``share`` (0..1; values above 1.5 are read as
        percent).
    targets
        Horizontal reference lines (shares); the first ``n_new`` reaching each
        is marked.
    """
    table = pd.DataFrame(list(curve) if not isinstance(curve, pd.DataFrame) else curve)
    fig, ax = _new_figure((7.5, 4.2))
    if not table.empty and {"n_new", "share"} <= set(table.columns):
        table = table.sort_values("n_new")
        n = pd.to_numeric(table["n_new"]).to_numpy(dtype=float)
        share = pd.to_numeric(table["share"]).to_numpy(dtype=float)
        percent = share if np.nanmax(share) > 1.5 else share * 100.0
        ax.plot(n, percent, marker="o", color="#08519c", linewidth=2, markersize=4, zorder=3)
        low = float(np.nanmin(percent))
        bottom = max(0.0, min(low, min(targets) * 100) - 5.0)
        span = 102.0 - bottom
        right = n.max() + max(0.6, 0.12 * (n.max() - n.min()))
        levels = sorted(target * 100.0 for target in targets)
        for k, level in enumerate(levels):
            crowded = k + 1 < len(levels) and levels[k + 1] - level < 0.05 * span
            ax.axhline(level, color="#999999", linestyle=":", linewidth=1, zorder=1)
            ax.text(
                right,
                level,
                t("chart.target", lang, share=f"{level:g}%") + " ",
                va="top" if crowded else "bottom",
                ha="right",
                fontsize=8,
                color="#555555",
            )
            reached = np.nonzero(percent >= level - 1e-9)[0]
            if len(reached) and reached[0] > 0:
                i = int(reached[0])
                ax.annotate(
                    t("chart.reached", lang, n=int(n[i])),
                    (n[i], percent[i]),
                    xytext=(0, 9),
                    textcoords="offset points",
                    ha="center",
                    fontsize=8,
                    fontweight="bold",
                    color="#e6550d",
                )
        if len(n) <= 15:
            for x, y in zip(n, percent, strict=True):
                near_axis = y - bottom < 0.08 * span
                ax.annotate(
                    f"{y:.1f}%",
                    (x, y),
                    xytext=(0, 7) if near_axis else (0, -13),
                    textcoords="offset points",
                    ha="center",
                    fontsize=7.5,
                    color="#08519c",
                )
        ax.set_ylim(bottom, 102.0)
        ax.set_xlim(n.min() - 0.3, right)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(t("chart.x", lang))
    ax.set_ylabel(t("chart.y", lang))
    ax.grid(True, color="#eeeeee")
    ax.set_title(title or t("chart.curve_title", lang), fontsize=12)
    _apply_fonts(fig)
    return fig


def class_bar_chart(
    by_class: Mapping[str, Mapping[str, Mapping[str, float]]],
    *,
    minutes: float,
    lang: str = "zh",
) -> Figure:
    """Horizontal bars of the covered share by area type at ``minutes``."""
    key = _minutes_key(minutes)
    labels, shares = [], []
    for name, row in by_class.items():
        total = float((row.get("total") or {}).get(key, 0) or 0)
        covered = float((row.get("covered") or {}).get(key, 0) or 0)
        labels.append(class_label(name, lang))
        shares.append(100.0 * covered / total if total > 0 else 0.0)
    fig, ax = _new_figure((7.0, 0.5 + 0.45 * max(len(labels), 1)))
    ax.barh(labels, shares, color=COVERED_COLOUR)
    ax.set_xlim(0, 100)
    ax.set_xlabel(t("chart.y", lang))
    _apply_fonts(fig)
    return fig


def _minutes_key(minutes: float) -> str:
    return f"{minutes:g}"
