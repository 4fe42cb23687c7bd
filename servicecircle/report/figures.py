"""The report's maps and charts, drawn from the results' layers as PNG data URIs.

The maps are the print maps of :mod:`servicecircle.maps.print_map` (title,
legend, scale bar, north arrow, the study area's own roads as base): the
overview, coverage today, the gaps, coverage after the plan and each
recommended site's service area; the coverage curve is
:func:`~servicecircle.maps.static.coverage_curve_chart`. A figure whose
layers are missing is left out (the template shows only the figures it gets).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

from matplotlib.figure import Figure

from servicecircle.maps.print_map import (
    after_plan_map,
    gaps_print_map,
    map_png,
    overview_map,
    site_area_map,
    today_map,
)
from servicecircle.maps.static import coverage_curve_chart, figure_png
from servicecircle.results.bundle import Results


def png_uri(png: bytes) -> str:
    """PNG bytes as a ``data:`` URI for an ``<img>``."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


#: Print maps in the report: A4 landscape at this resolution, shown 180 mm wide.
MAP_DPI = 130


def _map(fig: Figure) -> str:
    """A print map as a PNG data URI."""
    return png_uri(map_png(fig, dpi=MAP_DPI))


def _has(results: Results, name: str) -> bool:
    frame = results.layers.get(name)
    return frame is not None and len(frame) > 0


def today_figures(results: Results, lang: str) -> dict[str, str]:
    """The overview (roads, labelled units, outlets), coverage today and the gaps."""
    out = {"overview": _map(overview_map(results, lang=lang))}
    if _has(results, "demand"):
        out["coverage"] = _map(today_map(results, lang=lang))
    if _has(results, "gaps"):
        out["gaps"] = _map(gaps_print_map(results, lang=lang))
    return out


def plan_figures(results: Results, ranks: Sequence[int], lang: str) -> dict[str, str]:
    """Coverage after the plan, the coverage curve and each recommended site's service area."""
    out: dict[str, str] = {}
    if results.siting is None or not _has(results, "chosen"):
        return out
    if ranks:
        out["after"] = _map(after_plan_map(results, lang=lang))
    if results.siting.curve:
        curve = [point.to_json() for point in results.siting.curve]
        out["curve"] = png_uri(figure_png(coverage_curve_chart(curve, lang=lang)))
    for rank in ranks:
        out[f"site_{rank}"] = _map(site_area_map(results, rank, lang=lang))
    return out


def figures(results: Results, lang: str, ranks: Sequence[int] = ()) -> dict[str, str]:
    """Every figure of the report by name (``ranks``: the recommended sites' build order)."""
    return {**today_figures(results, lang), **plan_figures(results, ranks, lang)}
