"""``analyze``'s staff per 10,000 residents and who can be served within capacity.

:func:`with_accessibility` measures the capacity-aware accessibility of
today's outlets (:func:`servicecircle.coverage.access_run.accessibility_from`)
and puts its record in the summary; :func:`access_lines` says it in the
``--lang`` language: one line for the whole area, one per township/street,
and the outlets with the most people in reach per staff member.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING

from servicecircle.cli.language import said
from servicecircle.i18n.message import Message, msg

if TYPE_CHECKING:
    from servicecircle.coverage import Accessibility, Coverage
    from servicecircle.network import Network
    from servicecircle.results.access_records import AccessSummary
    from servicecircle.results.schema import CoverageSummary

#: Outlets named in the heaviest-loaded line.
SHOWN_OUTLETS = 3


def with_accessibility(
    summary: CoverageSummary, coverage: Coverage, networks: Mapping[str, Network]
) -> tuple[CoverageSummary, Accessibility]:
    """``summary`` holding the staff per 10,000 and the three-way split of ``coverage``.

    Returns the summary and the measured accessibility (the key groups use it too).
    """
    from servicecircle.coverage.access_run import accessibility_from
    from servicecircle.results.access_records import access_record

    accessibility = accessibility_from(coverage, networks)
    record = access_record(accessibility)
    return dataclasses.replace(summary, accessibility=record), accessibility


def _share(part: float | None, whole: float | None) -> str:
    return f"{(part or 0.0) / whole:.1%}" if whole else "-"


def _per_10k(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def access_lines(record: AccessSummary) -> list[Message]:
    """The lines ``analyze`` prints about ``record`` (none when it was not measured)."""
    if not record.measured:
        return []
    people = record.people
    lines = [
        msg(
            "msg.access.cli.total",
            per10k=_per_10k(record.staff_per_10k),
            e2sfca=_per_10k(record.staff_per_10k_e2sfca),
            staff=f"{record.staff or 0:,.0f}",
            capacity=f"{record.capacity or 0:,.0f}",
            served=f"{record.served or 0:,.0f}",
            served_share=_share(record.served, people),
            over=f"{record.over_capacity or 0:,.0f}",
            over_share=_share(record.over_capacity, people),
            out=f"{record.out_of_reach or 0:,.0f}",
            out_share=_share(record.out_of_reach, people),
        )
    ]
    townships = [unit for unit in record.units if unit.level == "township"]
    if all(not unit.unit for unit in townships):
        townships = []  # no township boundaries: the total says it all
    lines.extend(
        msg(
            "msg.access.cli.township",
            township=unit.unit or msg("msg.access.cli.no_township"),
            per10k=_per_10k(unit.staff_per_10k),
            served_share=_share(unit.served, unit.people),
            over_share=_share(unit.over_capacity, unit.people),
            out_share=_share(unit.out_of_reach, unit.people),
        )
        for unit in townships
    )
    loaded = [
        msg("msg.access.cli.outlet", name=outlet.name, load=f"{outlet.load:,.0f}")
        for outlet in record.heaviest[:SHOWN_OUTLETS]
        if outlet.load is not None
    ]
    if loaded:
        lines.append(msg("msg.access.cli.heaviest", outlets=loaded))
    return lines


def print_accessibility(summary: CoverageSummary) -> None:
    """Print the staff per 10,000 and the three-way split (nothing when not measured)."""
    for line in access_lines(summary.accessibility):
        print(said(line))
