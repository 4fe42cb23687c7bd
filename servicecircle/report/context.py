"""Everything the report template shows, put together from ``Results``.

The tables come from :mod:`~servicecircle.report.assumptions` (study area and
assumptions), :mod:`~servicecircle.report.coverage_tables` (coverage today),
:mod:`~servicecircle.report.outlet_tables` (existing outlets and the people
they serve), :mod:`~servicecircle.report.demand_context` (demand quality,
census audit, people off the network), :mod:`~servicecircle.report.siting_tables`
and :mod:`~servicecircle.report.site_sections` (the plan and each new site),
:mod:`~servicecircle.report.quality_method` (data quality, solver result) and
:mod:`~servicecircle.report.sensitivity_tables` (must-cover costs, walking
speed), :mod:`~servicecircle.report.staffing_tables` (staff per 10,000, outlet
load, tiers and grades). The executive summary and conclusions are
:mod:`~servicecircle.report.summary_text`; the chapters and cover
:mod:`~servicecircle.report.document`. The maps and charts are drawn by the
caller (:func:`servicecircle.report.build.render_html`).
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
from servicecircle.report.document import chapters, cover_context
from servicecircle.report.formatting import by_break, fmt_people, fmt_share
from servicecircle.report.outlet_tables import outlet_rows
from servicecircle.report.quality_method import quality_rows, solver_sentence
from servicecircle.report.sensitivity_tables import sensitivity_context
from servicecircle.report.site_sections import site_sections, site_table_rows
from servicecircle.report.siting_tables import siting_context
from servicecircle.report.staffing_tables import staffing_context
from servicecircle.report.strings import text
from servicecircle.report.summary_text import (
    conclusions,
    executive_summary,
    recommended_sites,
)
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
        sites = recommended_sites(results.siting)
        figures.append((text("key.new_sites", lang), fmt_people(len(sites))))
        figures.append((text("key.after", lang), fmt_share(results.siting.share_after)))
    return figures


def _present_chapters(results: Results, extra: dict[str, object]) -> list[str]:
    """The chapters with something to show."""
    present = ["summary", "policy", "area", "coverage", "units", "gaps", "method", "conclusions"]
    if extra["outlets"]:
        present.append("outlets")
    if extra["staffing"] is not None:
        present.append("staffing")
    if results.siting is not None:
        present += ["plan", "after"]
    sensitivity = extra["sensitivity"]
    if isinstance(sensitivity, dict):
        present += [name for name in ("must_cost", "sensitivity") if sensitivity.get(name)]
    return present


def _coverage_lines(results: Results, lang: str) -> dict[str, str]:
    summary = results.coverage
    main = summary.breaks[-1]
    return {
        "headline": text(
            "coverage.headline",
            lang,
            minutes=f"{main:g}",
            covered=fmt_people(by_break(summary.population_covered, main)),
            share=fmt_share(by_break(summary.coverage_share, main)),
            total=fmt_people(summary.population_total),
        ),
        "standard_line": text(
            "doc.coverage.standard",
            lang,
            covered=fmt_people(summary.standard.covered),
            share=fmt_share(summary.standard.share),
            unreachable=fmt_people(summary.unreachable_people),
        ),
    }


def _plan_context(results: Results, lang: str) -> dict[str, object]:
    """The plan's chapters: the recommended sites, their sections and the solver's result."""
    siting = results.siting
    sites = recommended_sites(siting)
    dropped = 0
    if siting is not None:  # left out by the plan (``dropped``) or by the report
        dropped = siting.dropped + len(siting.chosen) - len(sites)
    return {
        "siting": siting_context(siting, lang, sites=sites),
        "site_rows": site_table_rows(sites, lang),
        "site_sections": site_sections(sites, lang),
        "site_ranks": [site.rank for site in sites],
        "dropped_note": text("doc.plan.dropped", lang, n=dropped) if dropped else "",
        "solver_sentence": solver_sentence(siting, lang) if siting is not None else "",
    }


def _today() -> dt.date:
    """Today's date where the report is built."""
    return dt.datetime.now(dt.UTC).astimezone().date()


def report_context(
    results: Results, *, lang: str = "zh", bureau: str | None = None
) -> dict[str, object]:
    """Everything the report template shows, as plain (unescaped) values; no figures.

    ``bureau`` is the cover's "prepared by" line (``None``: a line to fill in).
    """
    check_lang(lang)
    summary = results.coverage
    breaks = summary.breaks
    main = breaks[-1]
    area = shown_name(summary.study_area.name, lang)
    siting = results.siting
    cited = [g for site in recommended_sites(siting) for g in site.gaps] if siting else []
    gaps, more_gaps = gap_rows(summary, lang, cited=cited)
    must, more_must = must_cover_rows(summary, lang)
    quality = demand_quality_context(summary.demand_quality, lang)
    warnings = len(quality["warnings"]) if quality else 0  # type: ignore[arg-type]
    extra: dict[str, object] = {
        "outlets": outlet_rows(
            results.layers.get("outlets"),
            results.layers.get("demand"),
            total=summary.population_total,
            main=main,
            lang=lang,
        ),
        "sensitivity": sensitivity_context(results, lang),
        "staffing": staffing_context(results, lang),
    }
    return {
        "lang": lang,
        "title": text("report.title", lang),
        "area_name": area,
        "full_title": text("titled", lang, area=area, title=text("report.title", lang)),
        "cover": cover_context(area, bureau, lang, today=_today()),
        "chapters": chapters(_present_chapters(results, extra), lang),
        "executive_summary": executive_summary(results, lang),
        "conclusions": conclusions(results, lang, warnings=warnings),
        "key_figures": key_figures(results, lang),
        "area_rows": area_rows(summary, lang),
        "assumptions": assumptions_context(summary, lang),
        "quality": quality,
        "quality_rows": quality_rows(summary, results.siting, lang),
        "census_audit": census_audit_rows(summary.assumptions.demand.census_audit, lang),
        "off_network": off_network_context(summary.off_network, lang),
        "breaks": [f"{m:g}" for m in breaks],
        "main_minutes": f"{main:g}",
        **_coverage_lines(results, lang),
        "coverage_rows": coverage_rows(summary, breaks),
        "class_rows": class_rows(summary, breaks, lang),
        "must_cover": must,
        "more_must_cover": more_must,
        "units": unit_tables(summary, results.layers.get("demand"), breaks, lang),
        "gaps": gaps,
        "more_gaps": more_gaps,
        **extra,
        **_plan_context(results, lang),
        "attribution": text("footer.attribution", lang),
        "t": lambda key, **kw: text(key, lang, **kw),
    }
