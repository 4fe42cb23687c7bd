"""The report's executive summary and conclusions, in plain words, with the headline numbers.

:func:`headline` gathers the numbers a bureau reads first (people and share
within the service standard today and after the plan, new outlets, people
newly covered, the largest gaps); :func:`executive_summary` says them as one
paragraph and :func:`conclusions` as a short list, both with the staffing
today and after the plan (:mod:`servicecircle.report.staffing_summary`). Every sentence is an
``report.doc.exec.*`` / ``report.doc.conclusion.*`` text of the i18n tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from servicecircle.coverage.gaps import road_place
from servicecircle.i18n.labels import class_label
from servicecircle.inputs.naming import shown_name
from servicecircle.planning.explain import NO_COVERAGE_PEOPLE
from servicecircle.planning.naming import site_label
from servicecircle.report.formatting import fmt_people, fmt_share, is_blank, joined, number
from servicecircle.report.staffing_summary import (
    staffing_after_sentences,
    staffing_today_sentences,
)
from servicecircle.report.strings import text
from servicecircle.results.bundle import Results
from servicecircle.results.schema import ChosenSite, Gap, SitingSummary

#: How many gaps the executive summary names.
GAPS_NAMED = 3


def recommended_sites(siting: SitingSummary | None) -> list[ChosenSite]:
    """The chosen sites that newly cover someone, in build order.

    A site that adds nobody is not recommended.
    """
    if siting is None:
        return []
    chosen = sorted(siting.chosen, key=lambda c: c.rank)
    return [c for c in chosen if (number(c.newly_covered) or 0.0) > NO_COVERAGE_PEOPLE]


def place_text(township: object, community: object, road: object, road_m: object, lang: str) -> str:
    """Where something is: its township and community, else its nearest named road, else "—"."""
    names = [str(v).strip() for v in (township, community) if not is_blank(v)]
    if names:
        return " ".join(names)
    return road_place(road, road_m).text(lang)


def gap_place(gap: Gap, lang: str) -> str:
    """Where a gap is (township and community, else its nearest road)."""
    return place_text(gap.township, gap.community, gap.road, gap.road_m, lang)


def site_place(site: ChosenSite, lang: str) -> str:
    """Where a recommended site is: its township and community, else the road it stands on."""
    road = site.road if not is_blank(site.road) else site.name
    return place_text(site.township, site.community, road, site.road_m, lang)


@dataclass(frozen=True)
class Headline:
    """The numbers of the executive summary (``None`` where not measured)."""

    total: float | None
    covered: float | None
    share: float | None
    outlets: int
    gaps: Sequence[Gap]
    sites: Sequence[ChosenSite]
    gain: float | None
    covered_after: float | None
    share_after: float | None


def covered_after(siting: SitingSummary, total: float | None) -> float | None:
    """People within the standard after the plan: the classes' covered people summed."""
    values = [number(entry.covered) for entry in siting.coverage_after.values()]
    if values and all(v is not None for v in values):
        return sum(v for v in values if v is not None)
    share = number(siting.share_after)
    return None if share is None or total is None else share * total


def headline(results: Results) -> Headline:
    """The headline numbers of ``results`` (today by the service standard; after the plan)."""
    summary, siting = results.coverage, results.siting
    total = number(summary.population_total)
    sites = recommended_sites(siting)
    return Headline(
        total=total,
        covered=number(summary.standard.covered),
        share=number(summary.standard.share),
        outlets=summary.n_outlets,
        gaps=summary.gaps,
        sites=sites,
        gain=sum(number(c.newly_covered) or 0.0 for c in sites) if siting else None,
        covered_after=covered_after(siting, total) if siting else None,
        share_after=number(siting.share_after) if siting else None,
    )


def _today_sentence(results: Results, head: Headline, lang: str) -> str:
    area = results.coverage.study_area.name
    return text(
        "doc.exec.today",
        lang,
        area=shown_name(area, lang) or text("area.name", lang),
        total=fmt_people(head.total),
        outlets=head.outlets,
        covered=fmt_people(head.covered),
        share=fmt_share(head.share),
    )


def _gaps_sentence(head: Headline, lang: str) -> str:
    if not head.gaps:
        return text("doc.exec.no_gaps", lang)
    items = [
        text("doc.exec.gap_item", lang, where=gap_place(g, lang), people=fmt_people(g.people))
        for g in head.gaps[:GAPS_NAMED]
    ]
    uncovered = None if head.total is None or head.covered is None else head.total - head.covered
    return text(
        "doc.exec.gaps",
        lang,
        uncovered=fmt_people(uncovered),
        n=len(head.gaps),
        top=joined(items, lang),
    )


def _plan_sentences(results: Results, head: Headline, lang: str) -> list[str]:
    if results.siting is None:
        return [text("doc.exec.no_plan", lang)]
    if not head.sites:
        return [text("doc.exec.no_new", lang)]
    first = head.sites[0]
    return [
        text(
            "doc.exec.plan",
            lang,
            n=len(head.sites),
            gain=fmt_people(head.gain),
            after=fmt_people(head.covered_after),
            share=fmt_share(head.share_after),
        ),
        text(
            "doc.exec.first",
            lang,
            site=site_label(first.rank, first.name, lang),
            where=site_place(first, lang),
            people=fmt_people(first.newly_covered),
        ),
    ]


def _story(results: Results, head: Headline, lang: str) -> list[str]:
    """Today, the gaps, staffing today, the plan and staffing after it, sentence by sentence."""
    return [
        _today_sentence(results, head, lang),
        _gaps_sentence(head, lang),
        *staffing_today_sentences(results, lang),
        *_plan_sentences(results, head, lang),
        *staffing_after_sentences(results, lang),
    ]


def executive_summary(results: Results, lang: str) -> str:
    """One paragraph: coverage today, the largest gaps, the plan and where to start."""
    head = headline(results)
    summary = results.coverage
    parts = _story(results, head, lang)
    if summary.must_cover_uncovered:
        parts.append(text("doc.exec.must", lang, n=len(summary.must_cover_uncovered)))
    return text("doc.sentence_sep", lang).join(parts)


def _check_sentences(results: Results, lang: str) -> list[str]:
    """What the must-cover rules cost and how coverage moves with walking speed ±20%."""
    out = []
    siting = results.siting
    if siting is not None and siting.sensitivity.measured and siting.sensitivity.must_cover_costs:
        costs = siting.sensitivity.must_cover_costs
        rules = joined((class_label(c.rule, lang) for c in costs), lang)
        people = sum(max(number(c.cost_people) or 0.0, 0.0) for c in costs)
        key = (
            "doc.conclusion.rules_cost"
            if people > NO_COVERAGE_PEOPLE
            else "doc.conclusion.rules_free"
        )
        out.append(text(key, lang, rules=rules, people=fmt_people(people)))
    speeds = results.coverage.sensitivity
    slow = speeds.case(results.coverage.mode, 0.8) if speeds.measured else None
    fast = speeds.case(results.coverage.mode, 1.2) if speeds.measured else None
    if slow is not None and fast is not None:
        out.append(
            text(
                "doc.conclusion.speed",
                lang,
                slow=fmt_share(slow.standard_share),
                fast=fmt_share(fast.standard_share),
                share=fmt_share(results.coverage.standard.share),
            )
        )
    return out


def conclusions(results: Results, lang: str, *, warnings: int = 0) -> list[str]:
    """The conclusions as a short list: today, gaps, staffing, the plan, data warnings, hand-over.

    ``warnings`` is the number of warnings on the population estimate.
    """
    out = _story(results, headline(results), lang)
    out += _check_sentences(results, lang)
    if warnings:
        out.append(text("doc.conclusion.data", lang, n=warnings))
    out.append(text("doc.conclusion.return", lang))
    return out
