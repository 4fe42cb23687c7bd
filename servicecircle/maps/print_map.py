"""Print maps: A4 or A3 landscape pages a bureau prints, in PNG or PDF, offline.

Each function takes the :class:`~servicecircle.results.bundle.Results` of a run
(:func:`~servicecircle.results.folder.read_results` of an output folder, or
:func:`~servicecircle.results.summary.results_of` in memory) and returns a
:class:`matplotlib.figure.Figure` of exactly the paper's size (no pyplot):

``overview_map(results, lang="zh", size="A4")``
    townships and communities (labelled), roads, existing and new outlets;
``today_map(results, lang="zh", size="A4")``
    coverage today: covered and uncovered demand, today's service area;
``after_plan_map(results, lang="zh", size="A4")``
    coverage with the recommended new outlets and their service areas;
``gaps_print_map(results, lang="zh", size="A4")``
    the gaps, hatched and ranked, and the uncovered demand;
``site_area_map(results, rank, lang="zh", size="A4")``
    one new outlet (build order ``rank``) and its service area, zoomed in;
``unit_map(results, township, lang="zh", size="A4", portrait=False)``
    one township (street) with its communities, fitted to the parts where its
    people live (a detached alpine pasture does not widen it); ``portrait``
    for the street packs (map above a larger legend).

:func:`map_png` and :func:`map_pdf` render a figure to bytes at the page's
size; :func:`~servicecircle.maps.print_set.write_print_maps` writes the whole
set into a folder (``servicecircle map DIR --print A4 --format png,pdf``).

Every page has a title, a legend beside the map, a scale bar, a north arrow
and the attribution; the base is the study area's own roads (the ``roads``
layer), so nothing is fetched. The symbols read in greyscale
(:mod:`servicecircle.maps.print_layers`).
"""

from __future__ import annotations

import io
from typing import Final

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from servicecircle.errors import InputDataError
from servicecircle.i18n import t
from servicecircle.i18n.message import msg
from servicecircle.inputs.naming import shown_name
from servicecircle.maps import print_layers as draw
from servicecircle.maps.extent import Bounds, frames_bounds, joined, padded, results_bounds
from servicecircle.maps.print_page import Page, base, finish, fit, layer, new_page
from servicecircle.results.bundle import Results


def _area(results: Results, lang: str) -> str:
    return shown_name(results.coverage.study_area.name, lang)


def overview_map(results: Results, lang: str = "zh", size: str = "A4") -> Figure:
    """Townships and communities (labelled), roads, existing and recommended outlets."""
    page = new_page(results, size=size, lang=lang)
    fit(page, results_bounds(results))
    base(page, results)
    page.handles += draw.draw_outlets(page.ax, layer(page, results, "outlets"), lang=lang)
    page.handles += draw.draw_sites(page.ax, layer(page, results, "chosen"), lang=lang)
    return finish(page, t("print.title.overview", lang, area=_area(results, lang)))


def demand_layer(page: Page, results: Results) -> gpd.GeoDataFrame | None:
    """The demand after the plan when there is one, else today's demand."""
    after = layer(page, results, "demand_after")
    return after if after is not None else layer(page, results, "demand")


def _standard_minutes(results: Results) -> float:
    """The standard minutes of most outlets (the largest break without outlets)."""
    outlets = results.layers.get("outlets")
    if outlets is not None and "minutes" in outlets.columns and len(outlets):
        return float(outlets["minutes"].mode().iloc[0])
    return float(results.coverage.breaks[-1])


def today_map(results: Results, lang: str = "zh", size: str = "A4") -> Figure:
    """Coverage today: covered (filled) and uncovered (open) demand, today's service area."""
    page = new_page(results, size=size, lang=lang)
    fit(page, results_bounds(results))
    iso = layer(page, results, "isochrones")
    minutes = _standard_minutes(results)
    if iso is not None and "minutes" in iso.columns:
        iso = iso[iso["minutes"].astype(float) == minutes]
        label = t("print.legend.today_area", lang, minutes=f"{minutes:g}")
        page.handles += draw.draw_areas(page.ax, iso, label=label)
    base(page, results)
    page.handles += draw.draw_demand(page.ax, layer(page, results, "demand"), lang=lang)
    page.handles += draw.draw_outlets(page.ax, layer(page, results, "outlets"), lang=lang)
    page.notes.insert(0, t("print.note.standard", lang))
    return finish(page, t("print.title.today", lang, area=_area(results, lang)))


def _require_siting(results: Results) -> None:
    if results.siting is None or "chosen" not in results.layers:
        raise InputDataError(msg("msg.maps.no_siting"))


def _areas_label(areas: gpd.GeoDataFrame | None, lang: str) -> str:
    minutes = sorted({float(m) for m in areas["minutes"]}) if areas is not None else []
    shown = "/".join(f"{m:g}" for m in minutes) or "?"
    return t("print.legend.area", lang, minutes=shown)


def after_plan_map(results: Results, lang: str = "zh", size: str = "A4") -> Figure:
    """Coverage with the new outlets: demand after the plan, new outlets and their areas."""
    _require_siting(results)
    page = new_page(results, size=size, lang=lang)
    fit(page, results_bounds(results))
    areas = layer(page, results, "chosen_areas")
    page.handles += draw.draw_areas(page.ax, areas, label=_areas_label(areas, lang))
    base(page, results)
    demand = demand_layer(page, results)
    page.handles += draw.draw_demand(page.ax, demand, lang=lang)
    page.handles += draw.draw_outlets(page.ax, layer(page, results, "outlets"), lang=lang)
    page.handles += draw.draw_sites(page.ax, layer(page, results, "chosen"), lang=lang)
    page.notes.insert(0, t("print.note.standard", lang))
    return finish(page, t("print.title.after", lang, area=_area(results, lang)))


def gaps_print_map(results: Results, lang: str = "zh", size: str = "A4") -> Figure:
    """The gaps, hatched and numbered by rank, over the uncovered demand (all gaps in view)."""
    page = new_page(results, size=size, lang=lang)
    fit(page, joined(results_bounds(results), frames_bounds([results.layers.get("gaps")])))
    base(page, results)
    demand = layer(page, results, "demand")
    if demand is not None:
        demand = demand[~draw.covered_flags(demand)]
        if not demand.empty:
            draw.draw_demand(page.ax, demand, lang=lang)
            page.handles.append(draw.demand_handle(covered=False, lang=lang))
    page.handles += draw.draw_gaps(page.ax, layer(page, results, "gaps"), lang=lang)
    page.handles += draw.draw_outlets(page.ax, layer(page, results, "outlets"), lang=lang)
    return finish(page, t("print.title.gaps", lang, area=_area(results, lang)))


def _people(value: object) -> str:
    try:
        number = float(str(value))
    except ValueError:
        return "-"
    return f"{round(number):,}"


def site_area_map(results: Results, rank: int, lang: str = "zh", size: str = "A4") -> Figure:
    """New outlet number ``rank`` (build order) and its service area, zoomed in.

    Raises
    ------
    InputDataError
        When the results hold no siting plan or no new outlet ``rank``.
    """
    _require_siting(results)
    chosen_sites = results.siting.chosen if results.siting is not None else ()
    sites = {int(site.rank): site for site in chosen_sites}
    if int(rank) not in sites:
        raise InputDataError(msg("msg.maps.no_site", rank=rank, count=len(sites)))
    site = sites[int(rank)]
    page = new_page(results, size=size, lang=lang)
    areas = results.layers.get("chosen_areas")
    own = areas[areas["rank"].astype(int) == int(rank)] if areas is not None else None
    chosen = results.layers["chosen"]
    point = chosen[chosen["rank"].astype(int) == int(rank)]
    focus = own if own is not None and not own.is_empty.all() else point
    west, south, east, north = (float(v) for v in focus.to_crs("EPSG:4326").total_bounds)
    fit(page, padded((west, south, east, north), 0.15 if focus is own else 3.0))
    if own is not None:
        projected = own.to_crs(page.crs) if page.crs is not None else own
        page.handles += draw.draw_areas(page.ax, projected, label=_areas_label(own, lang))
    base(page, results, community_labels=True)
    demand = demand_layer(page, results)
    page.handles += draw.draw_demand(page.ax, demand, lang=lang)
    page.handles += draw.draw_outlets(page.ax, layer(page, results, "outlets"), lang=lang)
    page.handles += draw.draw_sites(page.ax, layer(page, results, "chosen"), lang=lang)
    people = own["people"].iloc[0] if own is not None and "people" in own.columns else None
    page.notes.insert(
        0,
        t(
            "print.note.site",
            lang,
            rank=rank,
            people=_people(people),
            newly=_people(site.newly_covered),
        ),
    )
    title = t("print.title.site", lang, area=_area(results, lang), rank=rank, name=site.name)
    return finish(page, title)


def township_names(units: gpd.GeoDataFrame | None) -> list[str]:
    """The townships (streets) of a ``units`` layer with an outline to map, sorted."""
    if units is None or "level" not in units.columns:
        return []
    drawn = units.geometry.notna() & ~units.geometry.is_empty
    names = units.loc[(units["level"].astype(str) == "township") & drawn, "name"]
    return sorted({str(name) for name in names if isinstance(name, str)})


#: Margin around a township on its page (share of its larger side).
UNIT_MARGIN: Final = 0.03

#: A detached part of a township is fitted on its page when it holds this share of its people.
PART_SHARE: Final = 0.05


def township_focus(
    shape: gpd.GeoDataFrame, demand: gpd.GeoDataFrame | None
) -> tuple[Bounds, float]:
    """WGS-84 bounds of the parts of a township's outline where its people live.

    An outline of several parts (exclaves, detached alpine pastures, as in
    Liechtenstein) is fitted to the part with the most people and the parts
    holding at least :data:`PART_SHARE` of them; with no demand, to its
    largest part. :data:`UNIT_MARGIN` is added around. Also returned: the
    people in the parts left out (said in a note on the page).
    """
    outline = shape.to_crs("EPSG:4326").geometry.union_all()
    parts = list(getattr(outline, "geoms", [outline]))
    people = np.zeros(len(parts))
    if demand is not None and len(demand) and len(parts) > 1:
        points = demand.to_crs("EPSG:4326").geometry.representative_point().to_numpy()
        weights = demand["people"].to_numpy(float) if "people" in demand.columns else None
        for i, part in enumerate(parts):
            inside = shapely.intersects(part, points)
            people[i] = weights[inside].sum() if weights is not None else inside.sum()
    main = (
        int(np.argmax(people))
        if people.sum() > 0
        else max(range(len(parts)), key=lambda i: parts[i].area)
    )
    keep = (people >= PART_SHARE * people.sum()) & (people > 0)
    keep[main] = True
    west, south, east, north = shapely.bounds(
        shapely.union_all([parts[i] for i in np.flatnonzero(keep)])
    )
    bounds = padded((float(west), float(south), float(east), float(north)), UNIT_MARGIN)
    return bounds, float(people[~keep].sum())


def unit_map(
    results: Results,
    township: str,
    lang: str = "zh",
    size: str = "A4",
    *,
    portrait: bool = False,
    print_width_mm: float | None = None,
) -> Figure:
    """One township (street) with its communities labelled, outlets, new sites, gaps, demand.

    The map is fitted to :func:`township_focus`. ``portrait``: a portrait page,
    the map above a two-column legend in larger type. ``print_width_mm``: the
    width the page is printed at on a street pack (``map_mm * 297 / 210`` for
    a landscape page held to ``map_mm`` high); legend, labels and notes are
    made larger by the shrink so they print at 7-10 pt.

    Raises
    ------
    InputDataError
        When no township of that name is in the ``units`` layer.
    """
    units = results.layers.get("units")
    names = township_names(units)
    if units is None or township not in names:
        raise InputDataError(msg("msg.maps.no_township", name=township, names=names))
    shape = units[(units["level"].astype(str) == "township") & (units["name"] == township)]
    page = new_page(results, size=size, lang=lang, portrait=portrait, print_width_mm=print_width_mm)
    bounds, left_out = township_focus(shape, results.layers.get("demand"))
    fit(page, bounds)
    draw.draw_focus(page.ax, shape.to_crs(page.crs) if page.crs is not None else shape)
    areas = layer(page, results, "chosen_areas")
    page.handles += draw.draw_areas(page.ax, areas, label=_areas_label(areas, lang))
    base(page, results, community_labels=True)
    page.handles += draw.draw_gaps(page.ax, layer(page, results, "gaps"), lang=lang)
    demand = demand_layer(page, results)
    page.handles += draw.draw_demand(page.ax, demand, lang=lang)
    page.handles += draw.draw_outlets(page.ax, layer(page, results, "outlets"), lang=lang)
    page.handles += draw.draw_sites(page.ax, layer(page, results, "chosen"), lang=lang)
    page.notes.insert(0, t("print.note.standard", lang))
    if left_out >= 0.5:
        page.notes.insert(1, t("print.note.parts_outside", lang, people=_people(left_out)))
    return finish(page, t("print.title.unit", lang, unit=township))


def _rendered(fig: Figure, kind: str, dpi: int) -> bytes:
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=kind, dpi=dpi, facecolor="white")
    return buffer.getvalue()


def map_png(fig: Figure, *, dpi: int = 200) -> bytes:
    """PNG bytes of a print map at the paper's size (A4 at 200 dpi: 2339 x 1654 pixels)."""
    return _rendered(fig, "png", dpi)


def map_pdf(fig: Figure) -> bytes:
    """PDF bytes of a print map: one page of the paper's size, vector lines and text."""
    return _rendered(fig, "pdf", 300)
