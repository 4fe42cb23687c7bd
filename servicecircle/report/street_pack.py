"""Street packs: one A4 PDF page per township / street, handed back to it.

Each page holds the street's map (:func:`street_map_uri`),
its communities with people and the share covered at each break today and
after the plan, its gaps (rank, people, community, nearest road) and the new
outlets serving it. Rendered from ``street_pack.html.j2`` with WeasyPrint,
like the report; a page that would run over is drawn again with fewer rows
and a smaller map (the rows left out are counted in an "N more" note), so
every pack is exactly one page.
"""

from __future__ import annotations

import base64
import logging
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from servicecircle._io import atomic_path
from servicecircle._progress import Progress, null_progress
from servicecircle.coverage.gaps import road_place
from servicecircle.errors import InputDataError
from servicecircle.i18n import check_lang
from servicecircle.i18n.labels import outlet_type_label
from servicecircle.i18n.message import msg
from servicecircle.inputs.naming import shown_name
from servicecircle.maps.print_map import map_png, unit_map
from servicecircle.maps.static import figure_png
from servicecircle.planning.naming import site_label
from servicecircle.report.build import template_environment
from servicecircle.report.formatting import (
    blank_dash,
    fmt_minutes,
    fmt_people,
    fmt_share,
    name_text,
)
from servicecircle.report.handover_data import (
    Place,
    UnitFigures,
    site_places,
    street_gain,
    street_gaps,
    street_names,
    street_sites,
    unit_figures,
)
from servicecircle.report.siting_tables import site_reasons_text
from servicecircle.report.staffing_states import street_staffing_line
from servicecircle.report.street_map import street_map
from servicecircle.report.strings import text
from servicecircle.report.workbook import written_on
from servicecircle.results.bundle import Results

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """How much one page shows: table rows and the map's height (mm)."""

    communities: int = 14
    gaps: int = 6
    sites: int = 5
    map_mm: int = 112


#: Ever smaller pages tried until the pack fits on one page.
LIMITS: tuple[Limits, ...] = (
    Limits(communities=16, gaps=8, sites=6, map_mm=135),
    Limits(),
    Limits(communities=10, gaps=5, sites=4, map_mm=95),
    Limits(communities=7, gaps=4, sites=3, map_mm=80),
    Limits(communities=4, gaps=3, sites=2, map_mm=65),
    Limits(communities=2, gaps=2, sites=1, map_mm=50),
)


def file_stem(name: str) -> str:
    """A safe file name stem from a street's or an area's name (keeps Chinese text).

    >>> file_stem("玄武区 / 梅园新村街道"), file_stem("***")
    ('玄武区_梅园新村街道', 'servicecircle')
    """
    stem = re.sub(r"[^\w\-]+", "_", str(name), flags=re.UNICODE).strip("_")
    return stem[:60] or "servicecircle"


def _png_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


# --------------------------------------------------------------------------- rows


def _shares(unit: UnitFigures, breaks: Sequence[float], siting: bool) -> list[str]:
    """Share covered at each break: ``78.3%`` today, ``78.3% → 100.0%`` with a plan."""
    cells = []
    for m in breaks:
        before = fmt_share(unit.share(unit.before.get(m)))
        after = unit.after.get(m)
        cells.append(f"{before} → {fmt_share(unit.share(after))}" if siting and after else before)
    return cells


def community_rows(
    units: Sequence[UnitFigures], breaks: Sequence[float], siting: bool, lang: str
) -> list[dict[str, Any]]:
    """One row per community: name, people, covered at the largest break, shares by break."""
    main = breaks[-1]
    return [
        {
            "name": name_text(u.name, lang),
            "people": fmt_people(u.people),
            "covered": fmt_people(u.before.get(main)),
            "after": fmt_people(u.after.get(main)) if siting else "",
            "shares": _shares(u, breaks, siting),
        }
        for u in units
    ]


def gap_rows(results: Results, street: str, lang: str) -> list[dict[str, str]]:
    """The street's gaps: rank, people, community, nearest road, minutes to the nearest outlet."""
    return [
        {
            "rank": str(g.rank),
            "people": fmt_people(g.people),
            "community": blank_dash(g.community),
            "road": road_place(g.road, g.road_m).text(lang),
            "nearest": fmt_minutes(g.nearest_minutes, lang),
        }
        for g in street_gaps(results, street)
    ]


def site_rows(
    results: Results, street: str, places: Mapping[int, Place], lang: str
) -> list[dict[str, str]]:
    """The new outlets serving the street: name, type, where, people newly covered, why.

    ``here`` is the people it newly covers in this street (``—`` when the
    results do not say).
    """
    rows = []
    for site in street_sites(results, street, places):
        place = places.get(site.rank) or Place(None, None)
        where = " / ".join(n for n in (place.township, place.community) if n) or "—"
        if site.road:
            road = road_place(site.road, site.road_m).text(lang)
            where += f"（{road}）" if lang == "zh" else f" ({road})"
        rows.append(
            {
                "name": site_label(site.rank, site.name, lang),
                "type": outlet_type_label(site.type, lang) if site.type else "—",
                "where": where,
                "newly": fmt_people(site.newly_covered),
                "here": fmt_people(street_gain(site, street)),
                "reasons": site_reasons_text(site, lang),
            }
        )
    return rows


def _summary_line(street: UnitFigures, results: Results, lang: str) -> str:
    main = results.coverage.breaks[-1]
    minutes = f"{main:g}"
    covered = street.before.get(main)
    line = text(
        "handover.pack.summary",
        lang,
        people=fmt_people(street.people),
        covered=fmt_people(covered),
        share=fmt_share(street.share(covered)),
        minutes=minutes,
    )
    after = street.after.get(main)
    if results.siting is not None and after is not None:
        line += "" if lang == "zh" else " "
        line += text(
            "handover.pack.summary_after",
            lang,
            after=fmt_people(after),
            share_after=fmt_share(street.share(after)),
            minutes=minutes,
        )
    return line


# --------------------------------------------------------------------------- context


def _limited(rows: list[Any], most: int) -> tuple[list[Any], int]:
    return rows[:most], max(len(rows) - most, 0)


def street_context(
    results: Results, street: str, *, lang: str, map_uri: str | None, limits: Limits
) -> dict[str, Any]:
    """Everything one street's page shows."""
    units = unit_figures(results, outside=False)
    own = next(u for u in units if u.level == "township" and u.name == street)
    breaks = results.coverage.breaks
    siting = results.siting is not None
    communities = [u for u in units if u.level == "community" and u.township == street]
    places = site_places(results)
    community, community_more = _limited(
        community_rows(communities, breaks, siting, lang), limits.communities
    )
    gaps, gaps_more = _limited(gap_rows(results, street, lang), limits.gaps)
    sites, sites_more = _limited(site_rows(results, street, places, lang), limits.sites)
    area = shown_name(results.coverage.study_area.name, lang)
    return {
        "lang": lang,
        "title": text("handover.pack.title", lang, street=street),
        "subtitle": text(
            "handover.pack.subtitle",
            lang,
            area=area,
            level=text("handover.pack.level", lang),
            date=written_on(),
        ),
        "summary": text("doc.sentence_sep", lang).join(
            part
            for part in (
                _summary_line(own, results, lang),
                street_staffing_line(results, street, lang),
            )
            if part
        ),
        "map": map_uri,
        "map_mm": limits.map_mm,
        "breaks": [f"{m:g}" for m in breaks],
        "siting": siting,
        "communities": community,
        "communities_more": community_more,
        "gaps": gaps,
        "gaps_more": gaps_more,
        "sites": sites,
        "sites_more": sites_more,
    }


#: Width the map prints at on the pack's A4 portrait page (210 mm less 12 mm margins), so
#: its legend and labels are sized for print, not for a shrunk landscape page.
MAP_WIDTH_MM = 186.0


def street_map_uri(results: Results, street: str, *, lang: str) -> str | None:
    """The street's map as a PNG data URI (``None`` when there is nothing to draw).

    The print map of the township (:func:`~servicecircle.maps.print_map.unit_map`:
    roads, labelled communities, greyscale-distinct symbols); without the
    township's outline, the street's demand, outlets and sites
    (:func:`~servicecircle.report.street_map.street_map`).
    """
    try:
        page = unit_map(results, street, lang=lang, size="A4", print_width_mm=MAP_WIDTH_MM)
        return _png_uri(map_png(page, dpi=150))
    except InputDataError:  # no outline of this township in the units layer
        sites = street_sites(results, street, site_places(results))
        fig = street_map(results, street, sites, lang=lang)
        return _png_uri(figure_png(fig)) if fig is not None else None


def render_street_html(
    results: Results,
    street: str,
    *,
    lang: str = "zh",
    limits: Limits = LIMITS[0],
    map_uri: str | None = None,
) -> str:
    """One street's page as self-contained HTML (its map embedded)."""
    check_lang(lang)
    if map_uri is None:
        map_uri = street_map_uri(results, street, lang=lang)
    template = template_environment().get_template("street_pack.html.j2")
    context = street_context(results, street, lang=lang, map_uri=map_uri, limits=limits)

    def t(key: str, **fields: object) -> str:
        return text(key, lang, **fields)

    return template.render(**context, t=t)


def write_street_pdf(
    results: Results, street: str, path: str | os.PathLike[str], *, lang: str = "zh"
) -> Path:
    """Write one street's pack as a one-page A4 PDF (fewer rows until it fits)."""
    import weasyprint

    target = Path(path)
    map_uri = street_map_uri(results, street, lang=lang)
    for limits in LIMITS:
        html = render_street_html(results, street, lang=lang, limits=limits, map_uri=map_uri)
        document = weasyprint.HTML(string=html, base_url=str(target.parent)).render()
        if len(document.pages) == 1:
            break
    if len(document.pages) > 1:  # even the smallest page runs over: keep its first page
        logger.warning("street pack of %s cut to one page", street)
    with atomic_path(target) as temporary:
        document.copy(document.pages[:1]).write_pdf(temporary)
    return target


def write_street_packs(
    results: Results,
    out_dir: str | os.PathLike[str],
    *,
    lang: str = "zh",
    progress: Progress | None = None,
) -> list[Path]:
    """Write one PDF per township / street into ``out_dir`` (``<street>.pdf``).

    Raises
    ------
    InputDataError
        When the study area has no township / street units (the message says
        how to give them).
    """
    check_lang(lang)
    streets = street_names(results)
    if not streets:
        raise InputDataError(msg("msg.handover.no_townships"))
    report = progress or null_progress
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    taken: set[str] = set()
    for i, street in enumerate(streets):
        report(i / len(streets), msg("msg.handover.step.pack", street=street))
        stem = file_stem(street)
        while stem in taken:
            stem += "_"
        taken.add(stem)
        written.append(write_street_pdf(results, street, folder / f"{stem}.pdf", lang=lang))
    report(1.0, msg("msg.handover.written", count=len(written), folder=str(folder)))
    return written
