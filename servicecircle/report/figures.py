"""The report's maps and charts, drawn from the results' layers as PNG data URIs.

Coverage today, the gaps, coverage after the plan (the ``demand_after``
layer with the new outlets), the coverage curve; and, when
:mod:`servicecircle.maps.print_map` offers them, the overview map with roads
and labelled units and each new site's service area. A figure whose layers
are missing is left out (the template shows only the figures it gets).
"""

from __future__ import annotations

import base64
import importlib
import logging
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import geopandas as gpd

from servicecircle.i18n import t
from servicecircle.inputs.naming import shown_name
from servicecircle.maps.static import coverage_curve_chart, coverage_map, figure_png, gaps_map
from servicecircle.report.strings import text
from servicecircle.results.bundle import Results

logger = logging.getLogger(__name__)


def png_uri(png: bytes) -> str:
    """PNG bytes as a ``data:`` URI for an ``<img>``."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def titled(results: Results, title: str, lang: str) -> str:
    """A map's title led by the study area's name (``玄武区：现状覆盖图``)."""
    name = shown_name(results.coverage.study_area.name, lang)
    return text("map_title", lang, area=name, title=title) if name else title


def _coverage_png(
    results: Results,
    demand: gpd.GeoDataFrame,
    *,
    title: str,
    lang: str,
    chosen: gpd.GeoDataFrame | None = None,
) -> str:
    """The coverage map at the largest break (with the chosen sites, if given), as a data URI."""
    layers = results.layers
    fig = coverage_map(
        demand,
        isochrones=layers.get("isochrones") if chosen is None else None,
        outlets=layers.get("outlets"),
        chosen=chosen,
        units=layers.get("units"),
        minutes=results.coverage.breaks[-1],
        lang=lang,
        title=titled(results, title, lang),
    )
    return png_uri(figure_png(fig))


def _print_maps() -> ModuleType | None:
    """:mod:`servicecircle.maps.print_map` when this version has it."""
    try:
        return importlib.import_module("servicecircle.maps.print_map")
    except ImportError:
        return None


def _drawn(draw: Callable[..., Any] | None, *args: Any, **kwargs: Any) -> str | None:
    """A print map drawn by ``draw`` as a data URI (``None`` without ``draw``)."""
    if draw is None:
        return None
    return png_uri(figure_png(draw(*args, **kwargs)))


def today_figures(results: Results, lang: str) -> dict[str, str]:
    """Overview (when print maps exist), coverage today and the gaps."""
    layers = results.layers
    minutes = results.coverage.breaks[-1]
    demand = layers.get("demand")
    out: dict[str, str] = {}
    printing = _print_maps()
    overview = _drawn(getattr(printing, "overview_map", None), results, lang=lang)
    if overview is not None:
        out["overview"] = overview
    if demand is not None and len(demand):
        title = text("doc.map.today", lang, minutes=f"{minutes:g}")
        out["coverage"] = _coverage_png(results, demand, title=title, lang=lang)
    gaps = layers.get("gaps")
    if gaps is not None and len(gaps):
        fig = gaps_map(
            gaps,
            demand=demand,
            outlets=layers.get("outlets"),
            units=layers.get("units"),
            minutes=minutes,
            lang=lang,
            title=titled(results, t("map.gaps_title", lang), lang),
        )
        out["gaps"] = png_uri(figure_png(fig))
    return out


def plan_figures(results: Results, ranks: Sequence[int], lang: str) -> dict[str, str]:
    """Coverage after the plan, the coverage curve and each recommended site's service area."""
    out: dict[str, str] = {}
    if results.siting is None:
        return out
    layers = results.layers
    minutes = results.coverage.breaks[-1]
    chosen = layers.get("chosen")
    if chosen is not None and "rank" in chosen.columns:
        chosen = chosen[chosen["rank"].isin(list(ranks))]
    printing = _print_maps()
    after = _drawn(getattr(printing, "after_plan_map", None), results, lang=lang)
    demand_after = layers.get("demand_after")
    if demand_after is None:
        demand_after = layers.get("demand")
    if after is not None:
        out["after"] = after
    elif demand_after is not None and len(demand_after) and chosen is not None and len(chosen):
        title = text("doc.map.after", lang, minutes=f"{minutes:g}")
        out["after"] = _coverage_png(results, demand_after, chosen=chosen, title=title, lang=lang)
    if results.siting.curve:
        curve = [point.to_json() for point in results.siting.curve]
        out["curve"] = png_uri(figure_png(coverage_curve_chart(curve, lang=lang)))
    site_map = getattr(printing, "site_area_map", None)
    for rank in ranks:
        drawn = _drawn(site_map, results, rank, lang=lang)
        if drawn is not None:
            out[f"site_{rank}"] = drawn
    return out


def figures(results: Results, lang: str, ranks: Sequence[int] = ()) -> dict[str, str]:
    """Every figure of the report by name (``ranks``: the recommended sites' build order)."""
    return {**today_figures(results, lang), **plan_figures(results, ranks, lang)}
