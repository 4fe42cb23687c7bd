"""Everything the report template shows, put together from ``Results``.

The tables come from :mod:`~servicecircle.report.assumptions` (study area and
assumptions), :mod:`~servicecircle.report.coverage_tables` (coverage today),
:mod:`~servicecircle.report.demand_context` (demand quality, census audit,
people off the network) and :mod:`~servicecircle.report.siting_tables` (new
sites and method). The maps and charts are drawn by the caller
(:func:`servicecircle.report.build.render_html`).
"""

from __future__ import annotations

import datetime as dt

from servicecircle.i18n import check_lang
from servicecircle.inputs.naming import shown_name
from servicecircle.report.assumptions import area_rows, assumptions_context
from servicecircle.report.coverage_tables import (
    class_rows,
    coverage_rows,
    gap_rows,
    must_cover_rows,
    unit_tables,
)
from servicecircle.report.demand_context import (
    census_audit_rows,
    demand_quality_context,
    off_network_context,
)
from servicecircle.report.formatting import by_break, fmt_people, fmt_share
from servicecircle.report.siting_tables import siting_context
from servicecircle.report.strings import text
from servicecircle.results.bundle import Results


def key_figures(results: Results, lang: str) -> list[tuple[str, str]]:
    """The figures at the top: people, coverage, the standard's coverage, gaps, new sites."""
    summary = results.coverage
    main = summary.breaks[-1]
    share = by_break(summary.coverage_share, main)
    figures = [
        (text("key.population", lang), fmt_people(summary.population_total)),
        (text("key.coverage", lang, minutes=f"{main:g}"), fmt_share(share)),
        (text("key.standard", lang), fmt_share(summary.standard.share)),
        (text("key.gaps", lang), fmt_people(len(summary.gaps))),
    ]
    if results.siting is not None:
        figures.append((text("key.new_sites", lang), fmt_people(len(results.siting.chosen))))
        figures.append((text("key.after", lang), fmt_share(results.siting.share_after)))
    return figures


def report_context(results: Results, *, lang: str = "zh") -> dict[str, object]:
    """Everything the report template shows, as plain (unescaped) values; no figures."""
    check_lang(lang)
    summary = results.coverage
    breaks = summary.breaks
    main = breaks[-1]
    covered = by_break(summary.population_covered, main)
    share = by_break(summary.coverage_share, main)
    gaps, more_gaps = gap_rows(summary, lang)
    must, more_must = must_cover_rows(summary, lang)
    return {
        "lang": lang,
        "title": text("report.title", lang),
        "area_name": shown_name(summary.study_area.name, lang),
        "full_title": text(
            "titled",
            lang,
            area=shown_name(summary.study_area.name, lang),
            title=text("report.title", lang),
        ),
        "generated": text(
            "report.generated",
            lang,
            date=dt.datetime.now(dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M"),
        ),
        "key_figures": key_figures(results, lang),
        "area_rows": area_rows(summary, lang),
        "assumptions": assumptions_context(summary, lang),
        "quality": demand_quality_context(summary.demand_quality, lang),
        "census_audit": census_audit_rows(summary.assumptions.demand.census_audit, lang),
        "off_network": off_network_context(summary.off_network, lang),
        "breaks": [f"{m:g}" for m in breaks],
        "main_minutes": f"{main:g}",
        "headline": text(
            "coverage.headline",
            lang,
            minutes=f"{main:g}",
            covered=fmt_people(covered),
            share=fmt_share(share),
            total=fmt_people(summary.population_total),
        ),
        "standard_line": text(
            "coverage.standard",
            lang,
            covered=fmt_people(summary.standard.covered),
            share=fmt_share(summary.standard.share),
            unreachable=fmt_people(summary.unreachable_people),
        ),
        "coverage_rows": coverage_rows(summary, breaks),
        "class_rows": class_rows(summary, breaks, lang),
        "must_cover": must,
        "more_must_cover": more_must,
        "units": unit_tables(summary, results.layers.get("demand"), breaks, lang),
        "gaps": gaps,
        "more_gaps": more_gaps,
        "siting": siting_context(results.siting, lang),
        "attribution": text("footer.attribution", lang),
        "t": lambda key, **kw: text(key, lang, **kw),
    }
