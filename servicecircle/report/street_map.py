"""The map of one township / street for its street pack.

Drawn with :func:`servicecircle.maps.static.coverage_map` (demand covered and
uncovered, service areas, existing outlets, new outlets, unit outlines) on the
street's own layers, then the street's outline, its gaps (numbered squares)
and its communities' names are added on the same axes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import pandas as pd
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from servicecircle.maps.static import coverage_map
from servicecircle.maps.static_frame import apply_fonts, local_crs, projected
from servicecircle.maps.style import BOUNDARY, GAP
from servicecircle.report.formatting import is_blank
from servicecircle.report.handover_data import Place, points_places
from servicecircle.report.strings import text
from servicecircle.results.bundle import Results
from servicecircle.results.schema import ChosenSite


def _named(units: gpd.GeoDataFrame, level: str, column: str, value: str) -> gpd.GeoDataFrame:
    if "level" not in units.columns or column not in units.columns:
        return units.iloc[0:0]
    part: gpd.GeoDataFrame = units[(units["level"] == level) & (units[column].astype(str) == value)]
    return part


def street_layers(
    results: Results, street: str, sites: Sequence[ChosenSite]
) -> dict[str, gpd.GeoDataFrame | None]:
    """The layers of one street's map: its outline, communities, demand, gaps, outlets, sites."""
    layers = results.layers
    units = layers.get("units")
    outline = _named(units, "township", "name", street) if units is not None else None
    communities = _named(units, "community", "township", street) if units is not None else None
    demand = layers.get("demand")
    if demand is not None and "township" in demand.columns:
        demand = demand[demand["township"].astype(str) == street]
    gaps = layers.get("gaps")
    if gaps is not None and "township" in gaps.columns:
        gaps = gaps[gaps["township"].astype(str) == street]
    iso = layers.get("isochrones")
    if iso is not None and outline is not None and len(outline):
        iso = gpd.clip(iso.to_crs(outline.crs), outline)
    outlets = layers.get("outlets")
    if outlets is not None and len(outlets):
        places: list[Place] = points_places(outlets, units)
        outlets = outlets[[p.township == street for p in places]]
    chosen = layers.get("chosen")
    if chosen is not None and "rank" in chosen.columns:
        ranks = {s.rank for s in sites}
        chosen = chosen[pd.to_numeric(chosen["rank"]).isin(ranks)]
    return {
        "outline": outline,
        "communities": communities,
        "demand": demand,
        "gaps": gaps,
        "isochrones": iso,
        "outlets": outlets,
        "chosen": chosen,
    }


def _label_communities(ax: Any, communities: gpd.GeoDataFrame) -> None:
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    for name, point in zip(
        communities["name"], communities.geometry.representative_point(), strict=True
    ):
        if is_blank(name):
            continue
        ax.annotate(
            str(name),
            (point.x, point.y),
            ha="center",
            va="center",
            fontsize=9,
            color="#08306b",
            zorder=9,
            path_effects=halo,
        )


def _draw_gaps(ax: Any, gaps: gpd.GeoDataFrame) -> None:
    gaps.plot(ax=ax, color=GAP.color, alpha=0.45, edgecolor=GAP.edge, linewidth=0.8, zorder=3)
    for rank, point in zip(gaps["rank"], gaps.geometry.representative_point(), strict=True):
        ax.annotate(
            f"{int(rank)}",
            (point.x, point.y),
            ha="center",
            va="center",
            fontsize=8,
            fontweight="bold",
            zorder=8,
            bbox={"facecolor": "white", "edgecolor": GAP.edge, "boxstyle": "square,pad=0.25"},
        )


def _add_to_legend(ax: Any, handle: Patch) -> None:
    legend = ax.get_legend()
    if legend is None:
        return
    handles = [*legend.legend_handles, handle]
    ax.legend(
        handles=handles,
        labels=[h.get_label() for h in handles],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncol=3 if len(handles) > 4 else len(handles),
        fontsize=8,
        frameon=False,
    )


def _fit_outline(
    ax: Any,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    outline: gpd.GeoDataFrame | None,
) -> None:
    """Keep the map's extent, widened to the street's whole outline."""
    if outline is not None and len(outline):
        west, south, east, north = outline.total_bounds
        pad = max(east - west, north - south) * 0.03
        xlim = (min(xlim[0], west - pad), max(xlim[1], east + pad))
        ylim = (min(ylim[0], south - pad), max(ylim[1], north + pad))
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_xlabel("")  # geopandas labels projected axes ("Easting [metre]") when it draws
    ax.set_ylabel("")


def street_map(
    results: Results, street: str, sites: Sequence[ChosenSite], *, lang: str
) -> Figure | None:
    """The street's map at the largest break, or ``None`` when it has no outline and no demand."""
    layers = street_layers(results, street, sites)
    outline, demand = layers["outline"], layers["demand"]
    if (outline is None or outline.empty) and (demand is None or demand.empty):
        return None
    units = [f for f in (outline, layers["communities"]) if f is not None and len(f)]
    unit_frame = gpd.GeoDataFrame(pd.concat(units, ignore_index=True)) if units else None
    crs = local_crs([*layers.values()])
    drawn = {name: projected(frame, crs) for name, frame in layers.items()}
    minutes = results.coverage.breaks[-1]
    data = [drawn[k] for k in ("demand", "isochrones", "outlets", "chosen")]
    fig = coverage_map(
        drawn["demand"] if drawn["demand"] is not None else gpd.GeoDataFrame(geometry=[], crs=crs),
        isochrones=drawn["isochrones"],
        outlets=drawn["outlets"],
        chosen=drawn["chosen"],
        units=projected(unit_frame, crs),
        minutes=minutes,
        lang=lang,
        title=text("handover.pack.map", lang, street=street, minutes=f"{minutes:g}"),
    )
    ax = fig.axes[0]
    xlim, ylim = ax.get_xlim(), ax.get_ylim()
    if all(frame is None for frame in data) and drawn["outline"] is not None:
        west, south, east, north = drawn["outline"].total_bounds  # nothing else drawn
        xlim, ylim = (west, east), (south, north)
    if drawn["outline"] is not None:
        drawn["outline"].boundary.plot(ax=ax, color=BOUNDARY.color, linewidth=1.8, zorder=4)
    if drawn["gaps"] is not None:
        _draw_gaps(ax, drawn["gaps"])
        gap = Patch(facecolor=GAP.color, edgecolor=GAP.edge, alpha=0.6)
        gap.set_label(text("handover.pack.legend_gap", lang))
        _add_to_legend(ax, gap)
    if drawn["communities"] is not None:
        _label_communities(ax, drawn["communities"])
    _fit_outline(ax, xlim, ylim, drawn["outline"])
    apply_fonts(fig)
    return fig
