"""The frame of every static map: fonts, projection, extent, legend, scale bar, north arrow.

Figures are :class:`matplotlib.figure.Figure` objects made without pyplot (no
global figure state, safe in a web app). Chinese labels use a CJK font found on
the system ("Noto Sans CJK SC" from the Debian package ``fonts-noto-cjk``
first). Every map is drawn in the local UTM zone and carries the OpenStreetMap
attribution in the map's language (:data:`servicecircle.maps.style.ATTRIBUTION`
in English).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from pyproj import CRS

from servicecircle.i18n import t
from servicecircle.inputs.area import utm_crs_for
from servicecircle.inputs.crs import WGS84

logger = logging.getLogger(__name__)

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


def apply_fonts(fig: Figure) -> None:
    """Set :func:`font_families` on every text of ``fig``."""
    families = font_families()
    for artist in fig.findobj(Text):
        artist.set_fontfamily(families)


def new_figure(size: tuple[float, float] = (8.0, 7.0)) -> tuple[Figure, Any]:
    """A figure with an Agg canvas and one axes (no pyplot)."""
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    return fig, ax


def local_crs(frames: Iterable[gpd.GeoDataFrame | None]) -> CRS | None:
    """The UTM zone at the centre of the frames' joint extent (``None`` without one)."""
    boxes = [
        frame.to_crs(WGS84).total_bounds
        for frame in frames
        if frame is not None and not frame.empty and frame.crs is not None
    ]
    if not boxes:
        return None
    arr = np.array(boxes)
    arr = arr[np.isfinite(arr).all(axis=1)]
    if not len(arr):
        return None
    lon = (arr[:, 0].min() + arr[:, 2].max()) / 2.0
    lat = (arr[:, 1].min() + arr[:, 3].max()) / 2.0
    return utm_crs_for(float(lon), float(lat))


def projected(frame: gpd.GeoDataFrame | None, crs: CRS | None) -> gpd.GeoDataFrame | None:
    """``frame`` without empty geometries, in ``crs``; ``None`` when nothing is left."""
    if frame is None or frame.empty:
        return None
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if frame.empty:
        return None
    if crs is None or frame.crs is None:
        return frame
    return frame.to_crs(crs)


def _nice_length(span: float) -> float:
    target = span / 5.0
    if target <= 0 or not math.isfinite(target):
        return 0.0
    power = 10.0 ** math.floor(math.log10(target))
    for step in (5.0, 2.0, 1.0):
        if step * power <= target:
            return step * power
    return power


def _length_label(metres: float) -> str:
    return f"{metres / 1000.0:g} km" if metres >= 1000 else f"{metres:g} m"


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


def add_attribution(ax: Any, *, lang: str = "en") -> None:
    """Write the OpenStreetMap attribution (``map.attribution``) in ``lang``, lower right."""
    ax.text(
        0.995,
        0.005,
        t("map.attribution", lang),
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=7,
        color="#333333",
        zorder=10,
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 1.5},
    )


def _fit_extent(ax: Any, frames: Sequence[gpd.GeoDataFrame | None]) -> None:
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


def finish_map(
    fig: Figure,
    ax: Any,
    handles: Sequence[Any],
    *,
    title: str,
    lang: str,
    frames: Sequence[gpd.GeoDataFrame | None],
) -> Figure:
    """Fit the frames, then add the title, legend, scale bar, north arrow and attribution."""
    _fit_extent(ax, frames)
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
    add_attribution(ax, lang=lang)
    apply_fonts(fig)
    return fig
