"""``--groups FILE``: key groups' coverage, staff per 10,000 and equity, measured and printed.

:func:`key_groups_option` reads the file and matches it to the demand units
as soon as they are known (a bad file or an unknown area fails before the long
steps); :func:`with_key_groups` measures
(:func:`servicecircle.workflow.key_groups.key_groups_record`) and puts the record in
the summary; :func:`group_lines` says it in the
``--lang`` language: one line per group (everyone first) at the widest break
and at the service standard, the widest gap between groups and the Gini
coefficient of staff per 10,000 across communities.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from servicecircle.cli.language import said
from servicecircle.i18n.labels import label_said
from servicecircle.i18n.message import Message, msg

if TYPE_CHECKING:
    import argparse

    from servicecircle.coverage import Accessibility, Coverage
    from servicecircle.demand import Demand
    from servicecircle.demand.key_group_units import KeyGroups
    from servicecircle.inputs.area import StudyArea
    from servicecircle.network import Network
    from servicecircle.results.group_records import GroupTotal, KeyGroupsSummary
    from servicecircle.results.schema import CoverageSummary

logger = logging.getLogger("servicecircle.cli")


def key_groups_option(
    args: argparse.Namespace, area: StudyArea, demand: Demand
) -> KeyGroups | None:
    """The ``--groups`` file read and matched to ``demand``'s units (None without the option).

    Done before the long steps, so a bad file or an unknown area stops the run at once.
    """
    path = getattr(args, "groups", None)
    if not path:
        return None
    from servicecircle.demand.key_group_files import read_key_groups
    from servicecircle.demand.key_group_units import key_groups_for_units
    from servicecircle.workflow.inputs import file_and_part

    file, part = file_and_part(path)  # FILE::LAYER: a GeoPackage layer or a workbook's sheet
    table = read_key_groups(file, layer=part, crs=args.crs, study_bounds=area.bounds)
    return key_groups_for_units(table, demand.units)


def with_key_groups(
    summary: CoverageSummary,
    coverage: Coverage,
    networks: Mapping[str, Network],
    groups: KeyGroups | None,
    accessibility: Accessibility | None = None,
) -> CoverageSummary:
    """``summary`` holding the key groups' record (unchanged without groups); notes logged.

    ``accessibility`` is that of ``coverage`` when already measured (``analyze``),
    else it is measured here as ``analyze`` measures it.
    """
    if groups is None:
        return summary
    from servicecircle.workflow.key_groups import key_groups_record

    record, notes = key_groups_record(coverage, networks, groups, accessibility)
    for note in notes:
        logger.warning("%s", said(note))
    return dataclasses.replace(summary, groups=record)


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _part(part: float, whole: float) -> str:
    return f"{part / whole:.1%}" if whole > 0 else "-"


def _gap(value: float | None) -> Message:
    if value is None or abs(value) < 0.05:
        return msg("msg.groups.cli.gap_none")
    key = "msg.groups.cli.gap_above" if value > 0 else "msg.groups.cli.gap_below"
    return msg(key, pp=f"{abs(value):.1f}")


def _group_line(row: GroupTotal, widest: str) -> Message:
    return msg(
        "msg.groups.cli.group",
        group=label_said("key_group.", row.group),
        people=f"{row.people:,.0f}",
        minutes=widest,
        share=_share(row.shares.get(widest)),
        gap=_gap(row.gap_pp.get(widest)) if row.group != "everyone" else "",
        standard=_share(row.shares.get("standard")),
        per10k="-" if row.staff_per_10k is None else f"{row.staff_per_10k:.2f}",
        served=_part(row.served, row.people),
        over=_part(row.over_capacity, row.people),
        out=_part(row.out_of_reach, row.people),
    )


def group_lines(record: KeyGroupsSummary | None) -> list[Message]:
    """The lines printed about the key groups (none without a record)."""
    if record is None or not record.groups:
        return []
    keys = [k for k in record.groups[0].shares if k != "standard"]
    widest = max(keys, key=float) if keys else "standard"
    lines = [msg("msg.groups.cli.head", source=record.source)]
    lines += [_group_line(row, widest) for row in record.groups]
    from servicecircle.coverage.settings import break_key

    at = [w for w in record.widest if w.minutes is not None and break_key(w.minutes) == widest]
    if at and at[0].highest != at[0].lowest:
        shares = {row.group: row.shares.get(widest) for row in record.groups}
        lines.append(
            msg(
                "msg.groups.cli.widest",
                minutes=widest,
                highest=label_said("key_group.", at[0].highest),
                high=_share(shares.get(at[0].highest)),
                lowest=label_said("key_group.", at[0].lowest),
                low=_share(shares.get(at[0].lowest)),
                pp=f"{at[0].gap_pp or 0.0:.1f}",
            )
        )
    if record.gini_weighted is not None:
        lines.append(
            msg(
                "msg.groups.cli.gini",
                areas=record.gini_areas,
                level=msg(f"msg.groups.cli.level.{record.gini_level}"),
                weighted=f"{record.gini_weighted:.3f}",
                unweighted=f"{record.gini_unweighted or 0.0:.3f}",
            )
        )
    return lines


def print_key_groups(summary: CoverageSummary) -> None:
    """Print the key groups of ``summary`` (nothing without them)."""
    for line in group_lines(summary.groups):
        print(said(line))


__all__ = [
    "group_lines",
    "key_groups_option",
    "print_key_groups",
    "with_key_groups",
]
