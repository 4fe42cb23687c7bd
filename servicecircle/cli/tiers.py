"""Coverage by tier and the township/street grades: measured for summary.json, printed.

:func:`summary_with_tiers` (and :func:`tiered_summary`) add the tier coverage
(:func:`~servicecircle.coverage.tiers.tier_coverage`) to a run's summary;
:func:`tier_lines` are the lines the command line prints about it, in the
``--lang`` language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from servicecircle.cli.language import said
from servicecircle.i18n.labels import label_said
from servicecircle.i18n.message import Message, msg

if TYPE_CHECKING:
    from servicecircle.coverage import Coverage
    from servicecircle.demand import Demand
    from servicecircle.inputs.area import StudyArea
    from servicecircle.network import Network
    from servicecircle.results.schema import CoverageSummary
    from servicecircle.results.tier_records import TierCoverageSummary

#: How many townships/streets are printed (worst grade first); all are in summary.json.
PRINTED_TOWNSHIPS = 15


def tiered_summary(
    coverage: Coverage,
    networks: Mapping[str, Network],
    *,
    area: StudyArea,
    demand: Demand,
    mode: str,
) -> CoverageSummary:
    """The run's summary with the coverage by tier and the grade of each township/street.

    As :func:`~servicecircle.results.summary.coverage_summary`, then :func:`summary_with_tiers`.
    """
    from servicecircle.results.summary import coverage_summary

    summary = coverage_summary(coverage, area=area, demand=demand, mode=mode)
    return summary_with_tiers(coverage, networks, summary)


def summary_with_tiers(
    coverage: Coverage, networks: Mapping[str, Network], summary: CoverageSummary
) -> CoverageSummary:
    """``summary`` holding the coverage by tier and the grade of each township/street."""
    from servicecircle.coverage.tiers import tier_coverage
    from servicecircle.results.tier_records import tier_record

    return replace(summary, tiers=tier_record(tier_coverage(coverage, networks)))


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def tier_lines(record: TierCoverageSummary | None) -> list[Message]:
    """The lines printed about coverage by tier (none when it was not measured).

    Tiers first (outlets, people covered, share), then the bands, then the
    townships from the worst grade down (at most :data:`PRINTED_TOWNSHIPS`).
    """
    if record is None:
        return []
    lines = [msg("msg.standards.cli.head")]
    lines += [
        msg(
            "msg.standards.cli.tier",
            tier=label_said("tier.", row.tier),
            outlets=row.outlets,
            people=f"{row.covered or 0.0:,.0f}",
            share=_share(row.share),
        )
        for row in record.tiers
    ]
    missing = [
        row.tier for row in record.tiers if row.tier in record.graded_tiers and not row.outlets
    ]
    if missing:
        lines.append(
            msg("msg.standards.cli.tier_missing", tiers=[label_said("tier.", t) for t in missing])
        )
    if not record.townships:
        return [*lines, msg("msg.standards.cli.no_townships")]
    bands = [
        msg("msg.standards.cli.band", grade=grade, share=f"{floor:.0%}")
        for grade, floor in record.bands.items()
        if floor > 0
    ]
    lines.append(
        msg(
            "msg.standards.cli.grades_head",
            tiers=[label_said("tier.", tier) for tier in record.graded_tiers],
            bands=bands,
        )
    )
    by_name = sorted(record.townships, key=lambda row: row.township)
    worst_first = sorted(by_name, key=lambda row: row.grade, reverse=True)
    for row in worst_first[:PRINTED_TOWNSHIPS]:
        shares = [
            msg("msg.standards.cli.share", tier=label_said("tier.", tier), share=_share(share))
            for tier, share in row.shares.items()
        ]
        lines.append(
            msg(
                "msg.standards.cli.township",
                township=row.township or msg("msg.access.cli.no_township"),
                grade=row.grade,
                people=f"{row.people or 0.0:,.0f}",
                shares=shares,
            )
        )
    if len(worst_first) > PRINTED_TOWNSHIPS:
        lines.append(msg("msg.standards.cli.more", count=len(worst_first) - PRINTED_TOWNSHIPS))
    return lines


def print_tier_coverage(summary: CoverageSummary) -> None:
    """Print the coverage by tier and the township grades of ``summary``."""
    for line in tier_lines(summary.tiers):
        print(said(line))


__all__ = [
    "PRINTED_TOWNSHIPS",
    "print_tier_coverage",
    "summary_with_tiers",
    "tier_lines",
    "tiered_summary",
]
