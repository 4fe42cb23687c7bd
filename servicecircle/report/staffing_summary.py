"""Staffing in the report's executive summary and conclusions, in plain words.

From the same records as the chapter 服务能力与人员配置
(:func:`~servicecircle.report.staffing_states.staffing_today` and
:func:`~servicecircle.report.staffing_states.staffing_after`): the staff and
staff per 10,000 residents within reach, the people served within capacity,
over capacity and out of reach (shares of all residents), how many
townships/streets got each grade, and after a plan each of them before →
after with the townships whose grade rose. Every sentence is a
``report.doc.exec.staff*`` text of the i18n tables; numbers are written as the
chapter writes them (:func:`~servicecircle.report.staffing_states.fmt_per_10k`,
:func:`~servicecircle.report.staffing_states.pair`).
"""

from __future__ import annotations

from servicecircle.report.formatting import fmt_people, fmt_share, is_blank, joined
from servicecircle.report.staffing_states import (
    StaffingState,
    fmt_per_10k,
    pair,
    share_of,
    staffing_after,
    staffing_today,
)
from servicecircle.report.strings import text
from servicecircle.results.access_records import AccessSummary
from servicecircle.results.bundle import Results
from servicecircle.results.tier_records import TierCoverageSummary


def grade_counts(tiers: TierCoverageSummary | None) -> dict[str, int]:
    """Townships/streets per grade, in the grades' order (best first); named townships only.

    >>> from servicecircle.results.tier_records import TownshipGrade as G
    >>> bands = {"A": 0.95, "B": 0.85, "E": 0.0}
    >>> towns = (G("甲", 1.0, {}, "E"), G("乙", 1.0, {}, "A"), G("", 1.0, {}, "E"))
    >>> grade_counts(TierCoverageSummary((), towns, ("community",), bands))
    {'A': 1, 'B': 0, 'E': 1}
    """
    if tiers is None:
        return {}
    named = [g.grade for g in tiers.townships if not is_blank(g.township)]
    if not named:
        return {}
    order = list(tiers.bands) + sorted(set(named) - set(tiers.bands))
    return {grade: named.count(grade) for grade in order}


def grades_raised(today: TierCoverageSummary | None, after: TierCoverageSummary | None) -> int:
    """Townships/streets whose grade is better after the plan than today."""
    if today is None or after is None:
        return 0
    rank = {grade: i for i, grade in enumerate(today.bands)}
    later = {g.township: g.grade for g in after.townships}
    return sum(
        1
        for g in today.townships
        if not is_blank(g.township)
        and g.township in later
        and rank.get(later[g.township], len(rank)) < rank.get(g.grade, len(rank))
    )


def _counts_text(counts: dict[str, int], lang: str) -> str:
    said = [
        text("doc.exec.staff_grade_count", lang, grade=grade, n=n)
        for grade, n in counts.items()
        if n
    ]
    return joined(said, lang)


def _split(access: AccessSummary) -> dict[str, str]:
    people = access.people
    return {
        "served": fmt_people(access.served),
        "served_share": fmt_share(share_of(access.served, people)),
        "over": fmt_people(access.over_capacity),
        "over_share": fmt_share(share_of(access.over_capacity, people)),
        "out": fmt_people(access.out_of_reach),
        "out_share": fmt_share(share_of(access.out_of_reach, people)),
    }


def _today(state: StaffingState, lang: str) -> list[str]:
    out = []
    if state.access is not None:
        access = state.access
        out.append(
            text(
                "doc.exec.staff",
                lang,
                staff=fmt_people(access.staff),
                per10k=fmt_per_10k(access.staff_per_10k),
                **_split(access),
            )
        )
    counts = grade_counts(state.tiers)
    if counts:
        out.append(
            text(
                "doc.exec.staff_grades",
                lang,
                n=sum(counts.values()),
                counts=_counts_text(counts, lang),
            )
        )
    return out


def _after(today: StaffingState, after: StaffingState, lang: str) -> list[str]:
    out = []
    before, later = today.access, after.access
    if before is not None and later is not None:
        now, then = _split(before), _split(later)
        out.append(
            text(
                "doc.exec.staff_after",
                lang,
                staff=pair(fmt_people(before.staff), fmt_people(later.staff)),
                per10k=pair(fmt_per_10k(before.staff_per_10k), fmt_per_10k(later.staff_per_10k)),
                served=pair(now["served"], then["served"]),
                served_share=pair(now["served_share"], then["served_share"]),
                out=pair(now["out"], then["out"]),
            )
        )
    counts = grade_counts(after.tiers)
    if counts and grade_counts(today.tiers):
        raised = grades_raised(today.tiers, after.tiers)
        key = "doc.exec.staff_grades_after" if raised else "doc.exec.staff_grades_same"
        out.append(text(key, lang, counts=_counts_text(counts, lang), raised=raised))
    return out


def staffing_today_sentences(results: Results, lang: str) -> list[str]:
    """Staffing today: staff, staff per 10,000, the split and the grades (empty: not measured)."""
    return _today(staffing_today(results), lang)


def staffing_after_sentences(results: Results, lang: str) -> list[str]:
    """Staffing after the plan, each number before → after (empty: no plan or not measured)."""
    after = staffing_after(results)
    return [] if after is None else _after(staffing_today(results), after, lang)


__all__ = [
    "grade_counts",
    "grades_raised",
    "staffing_after_sentences",
    "staffing_today_sentences",
]
