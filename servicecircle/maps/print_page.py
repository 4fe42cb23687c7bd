"""The page of a print map: paper size, map box, legend column, fitting, base layers.

:func:`new_page` makes an A4 or A3 landscape figure (no pyplot) with the map
on the left and the legend and notes on the right (or, ``portrait=True``, a
portrait page with the map above a larger two-column legend: a township's
page shrunk onto a street pack keeps a readable legend); :func:`fit` shows given
bounds at one scale filling the map box; :func:`base` draws the study area's
roads and labelled townships and communities; :func:`finish` adds the title,
legend, notes, scale bar, north arrow and attribution. The kinds of map are
:mod:`servicecircle.maps.print_map`.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field
from typing import Any, Final

import geopandas as gpd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from pyproj import CRS, Transformer

from servicecircle.errors import InputDataError
from servicecircle.i18n import check_lang, t
from servicecircle.i18n.message import msg
from servicecircle.maps import print_layers as draw
from servicecircle.maps.extent import Bounds
from servicecircle.maps.static_frame import (
    add_attribution,
    add_north_arrow,
    add_scale_bar,
    apply_fonts,
    local_crs,
)
from servicecircle.results.bundle import Results

PAPER_MM: Final[dict[str, tuple[float, float]]] = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}
"""Landscape paper sizes (width, height) in millimetres."""

MAP_BOX: Final = (0.02, 0.04, 0.71, 0.86)
"""The map's place on the page (left, bottom, width, height; page fractions)."""

SIDE_BOX: Final = (0.75, 0.04, 0.235, 0.86)
"""The legend and notes column beside the map."""

SHRUNK_MAP_BOX: Final = (0.02, 0.04, 0.6, 0.86)
"""The map's place on a landscape page printed smaller (a wider legend column)."""

SHRUNK_SIDE_BOX: Final = (0.64, 0.04, 0.345, 0.86)
"""The legend column of a landscape page printed smaller."""

#: Above this text scale a landscape page takes the wider legend column.
SHRUNK_FROM: Final = 1.3

PORTRAIT_MAP_BOX: Final = (0.04, 0.27, 0.92, 0.655)
"""The map's place on a portrait page: the upper two thirds."""

PORTRAIT_SIDE_BOX: Final = (0.04, 0.02, 0.92, 0.225)
"""The legend (two columns) and notes under the map of a portrait page."""

#: Legend, legend title and notes font sizes (points) by paper and layout (portrait?).
LEGEND_POINTS: Final[dict[tuple[str, bool], tuple[float, float, float]]] = {
    ("A4", False): (8, 10, 7),
    ("A3", False): (10, 12, 9),
    ("A4", True): (10.5, 12, 8.5),
    ("A3", True): (13, 15, 11),
}

#: Road names written on a map, by paper size.
ROAD_NAMES: Final[dict[str, int]] = {"A4": 8, "A3": 14}

#: How much larger map labels (units, roads, ranks) are on A3 than on A4.
A3_LABELS: Final = 1.3

#: Above this many communities, only townships are labelled on a whole-area map.
MAX_COMMUNITY_LABELS: Final = 80


def page_inches(size: str, *, portrait: bool = False) -> tuple[float, float]:
    """(width, height) in inches of ``size`` (``"A4"``, ``"A3"``), landscape unless ``portrait``.

    >>> tuple(round(v, 2) for v in page_inches("A4"))
    (11.69, 8.27)
    >>> tuple(round(v, 2) for v in page_inches("A4", portrait=True))
    (8.27, 11.69)
    """
    if size not in PAPER_MM:
        raise InputDataError(msg("msg.maps.bad_size", size=size))
    width, height = PAPER_MM[size]
    if portrait:
        width, height = height, width
    return width / 25.4, height / 25.4


@dataclass
class Page:
    """A print page being drawn: the figure, the map axes, the legend column, the CRS."""

    fig: Figure
    ax: Any
    side: Any
    crs: CRS | None
    size: str
    lang: str
    handles: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    portrait: bool = False
    text_scale: float = 1.0

    @property
    def map_box(self) -> tuple[float, float, float, float]:
        """Where the map sits on this page (page fractions)."""
        if self.portrait:
            return PORTRAIT_MAP_BOX
        return SHRUNK_MAP_BOX if self.text_scale > SHRUNK_FROM else MAP_BOX


def new_page(
    results: Results,
    *,
    size: str,
    lang: str,
    portrait: bool = False,
    print_width_mm: float | None = None,
) -> Page:
    """An empty page of ``size`` for ``results`` (local metric CRS of its layers).

    ``portrait``: the map above, the legend and notes below it in two columns.
    ``print_width_mm``: the width the page is printed at when it is shrunk
    onto another page (a street pack); its texts are made larger by the
    shrink, so they print at their nominal points.
    """
    check_lang(lang)
    fig = Figure(figsize=page_inches(size, portrait=portrait))
    FigureCanvasAgg(fig)
    scale = 1.0
    if print_width_mm is not None and print_width_mm > 0:
        scale = max(1.0, page_inches(size, portrait=portrait)[0] * 25.4 / print_width_mm)
    shrunk = scale > SHRUNK_FROM and not portrait
    ax = fig.add_axes(PORTRAIT_MAP_BOX if portrait else SHRUNK_MAP_BOX if shrunk else MAP_BOX)
    side = fig.add_axes(PORTRAIT_SIDE_BOX if portrait else SHRUNK_SIDE_BOX if shrunk else SIDE_BOX)
    side.axis("off")
    names = ("demand", "units", "outlets", "chosen")
    crs = local_crs(results.layers.get(name) for name in names)
    return Page(
        fig=fig,
        ax=ax,
        side=side,
        crs=crs,
        size=size,
        lang=lang,
        portrait=portrait,
        text_scale=scale,
    )


def layer(page: Page, results: Results, name: str) -> gpd.GeoDataFrame | None:
    """Layer ``name`` of ``results`` in the page's CRS, without empty geometries (or ``None``)."""
    frame = results.layers.get(name)
    if frame is None or frame.empty:
        return None
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if frame.empty:
        return None
    return frame.to_crs(page.crs) if page.crs is not None and frame.crs is not None else frame


def fit(page: Page, bounds: Bounds | None) -> None:
    """Show ``bounds`` (WGS-84) filling the map box, at one scale in x and y."""
    ax = page.ax
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color("#666666")
    if bounds is None or page.crs is None:
        ax.set_aspect("equal")
        return
    to_local = Transformer.from_crs("EPSG:4326", page.crs, always_xy=True)
    xs, ys = to_local.transform(
        [bounds[0], bounds[2], bounds[0], bounds[2]], [bounds[1], bounds[1], bounds[3], bounds[3]]
    )
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    width, height = page_inches(page.size, portrait=page.portrait)
    box = page.map_box
    ratio = (box[2] * width) / (box[3] * height)
    dx, dy = max(x1 - x0, 50.0), max(y1 - y0, 50.0)
    if dx / dy < ratio:
        dx = dy * ratio
    else:
        dy = dx / ratio
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    ax.set_xlim(cx - dx / 2.0, cx + dx / 2.0)
    ax.set_ylim(cy - dy / 2.0, cy + dy / 2.0)
    ax.set_aspect("equal", adjustable="box")


def base(page: Page, results: Results, *, community_labels: bool | None = None) -> None:
    """Roads and labelled townships and communities (call after :func:`fit`)."""
    units = layer(page, results, "units")
    if community_labels is None:
        level = units["level"].astype(str) if units is not None and "level" in units else None
        count = int((level == "community").sum()) if level is not None else 0
        community_labels = count <= MAX_COMMUNITY_LABELS
    roads = layer(page, results, "roads")
    page.handles += draw.draw_roads(page.ax, roads, names=ROAD_NAMES[page.size], lang=page.lang)
    page.handles += draw.draw_units(
        page.ax, units, lang=page.lang, community_labels=community_labels
    )
    if roads is not None:
        page.notes.append(t("print.note.source", page.lang))


_NO_LINE_START = set("，。、；：）」』》！？,.;:)")


def _tokens(text: str) -> list[str]:
    """Words of Latin script (with their trailing space) and single other characters."""
    tokens: list[str] = []
    for char in text:
        latin = char.isascii() and not char.isspace()
        if latin and tokens and tokens[-1][-1].isascii() and not tokens[-1][-1].isspace():
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def wrapped(text: str, width: float) -> str:
    r"""``text`` broken into lines of about ``width`` Chinese characters.

    A Latin letter counts as half a character, Latin words are never split,
    and Chinese punctuation never starts a line.

    >>> wrapped("底图：研究区 OpenStreetMap 路网。", 10)
    '底图：研究区\nOpenStreetMap 路网。'
    """
    lines: list[str] = []
    line, used = "", 0.0
    for token in _tokens(text):
        size = 0.55 * len(token) if token.isascii() else 1.0
        if line and used + size > width and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used = "", 0.0
            if token.isspace():
                continue
        line += token
        used += size
    return "\n".join([*lines, line] if line else lines)


def _wrapped_on(page: Page, label: str, *, legend: bool = True) -> str:
    """``label`` wrapped for the legend or notes of ``page``.

    Wider lines under a portrait map; fewer characters a line in text made
    larger by :attr:`Page.text_scale`.
    """
    if page.portrait:
        latin, chars = (38, 21) if legend else (95, 52)
    elif legend:
        latin, chars = (34, 19) if page.size == "A4" else (44, 25)
    else:
        latin, chars = (44, 26) if page.size == "A4" else (56, 31)
    scale = page.text_scale
    if not page.portrait and scale > SHRUNK_FROM:  # the wider legend column
        scale *= SIDE_BOX[2] / SHRUNK_SIDE_BOX[2]
    if page.lang != "zh":
        return textwrap.fill(label, max(12, int(latin / scale)))
    return wrapped(label, max(6, int(chars / scale)))


def finish(page: Page, title: str) -> Figure:
    """Title, legend and notes beside the map, scale bar, north arrow, attribution, fonts."""
    fig, ax, side = page.fig, page.ax, page.side
    big = page.size == "A3"
    grow = (A3_LABELS if big else 1.0) * page.text_scale
    for text in ax.texts if grow != 1.0 else ():  # labels grow with the page, as the legend does
        text.set_fontsize(text.get_fontsize() * grow)
    top = 0.965 if page.portrait else 0.955
    left = 0.04 if page.portrait else 0.02
    title_size = (20 if big else 15) * page.text_scale
    fig.text(left, top, title, fontsize=title_size, fontweight="bold", va="center")
    points = LEGEND_POINTS[(page.size, page.portrait)]
    legend_pt, title_pt, notes_pt = (size * page.text_scale for size in points)
    for handle in page.handles:
        handle.set_label(_wrapped_on(page, str(handle.get_label())))
    if page.handles:
        side.legend(
            handles=page.handles,
            loc="upper left",
            title=t("map.legend", page.lang),
            frameon=False,
            fontsize=legend_pt,
            title_fontsize=title_pt,
            labelspacing=0.6 if page.portrait or page.text_scale > SHRUNK_FROM else 0.9,
            borderaxespad=0.0,
            alignment="left",
            ncols=2 if page.portrait else 1,
        )
    notes = [
        *page.notes,
        t("print.note.made", page.lang, date=dt.datetime.now(dt.UTC).date().isoformat()),
    ]
    side.text(
        0.0,
        0.0,
        "\n".join(_wrapped_on(page, note, legend=False) for note in notes),
        fontsize=notes_pt,
        color="#333333",
        va="bottom",
        ha="left",
        transform=side.transAxes,
        linespacing=1.4,
    )
    ax.set_xlabel("")
    ax.set_ylabel("")
    add_scale_bar(ax)
    add_north_arrow(ax, lang=page.lang)
    add_attribution(ax, lang=page.lang)
    apply_fonts(fig)
    return fig
