"""The key groups' record of a run: coverage, staff per 10,000 and equity per group.

``analyze --groups``, ``site --groups`` and each region of ``batch --groups``
measure the key groups the same way: :func:`key_groups_record` measures
(:func:`servicecircle.coverage.groups.group_coverage`, on the accessibility
the run measured, else measured here as ``analyze`` measures it) and gives
the ``summary.json`` record (:func:`servicecircle.results.group_records.group_record`)
and the notes for the planner.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from servicecircle._progress import Said
    from servicecircle.coverage import Accessibility, Coverage
    from servicecircle.demand.key_group_units import KeyGroups
    from servicecircle.network import Network
    from servicecircle.results.group_records import KeyGroupsSummary


def key_groups_record(
    coverage: Coverage,
    networks: Mapping[str, Network],
    groups: KeyGroups,
    accessibility: Accessibility | None = None,
) -> tuple[KeyGroupsSummary, tuple[Said, ...]]:
    """The key groups' ``summary.json`` record of ``coverage`` and the notes said while measuring.

    Parameters
    ----------
    coverage
        Today's coverage (its demand units indexed like ``groups.people``).
    networks
        The networks the coverage used.
    groups
        People of each group per demand unit
        (:func:`~servicecircle.demand.key_group_units.key_groups_for_units`).
    accessibility
        That of ``coverage`` when already measured; ``None`` measures it
        (:func:`~servicecircle.coverage.access_run.accessibility_from`).
    """
    from servicecircle.coverage.access_run import accessibility_from
    from servicecircle.coverage.groups import group_coverage
    from servicecircle.results.group_records import group_record

    if accessibility is None:
        accessibility = accessibility_from(coverage, networks)
    result = group_coverage(coverage, accessibility, groups)
    return group_record(result), tuple(result.notes)


__all__ = ["key_groups_record"]
