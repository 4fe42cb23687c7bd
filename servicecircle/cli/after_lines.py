"""``site``'s staff per 10,000, three-way split, load and grades before and after the plan.

:func:`~servicecircle.workflow.after_plan.with_plan_effect` measures today's
outlets and the outlets after the plan
(:func:`~servicecircle.workflow.after_plan.effect_of_plan`: each new site
with its type's tier and staff by its standard, or a staff-budget model's
allocation) and puts the record in ``siting.json`` (``after_plan``);
:func:`after_lines` says it in the ``--lang`` language: staff per 10,000
and the split for the whole area and per township/street with its grade,
coverage by tier, the new sites' tier and staff, and the heaviest-loaded
outlets after the plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from servicecircle.cli.language import message_lang, said
from servicecircle.i18n.labels import label_said
from servicecircle.i18n.message import Message, msg

if TYPE_CHECKING:
    from servicecircle.results.access_records import AccessUnit, OutletLoad
    from servicecircle.results.after_records import PlanEffectSummary
    from servicecircle.results.schema import SitingSummary
    from servicecircle.results.tier_records import TierCoverageSummary

#: Townships/streets printed (in summary order); all are in siting.json.
PRINTED_TOWNSHIPS = 15

#: Outlets named in the heaviest-loaded line.
SHOWN_OUTLETS = 3


def _people(value: float | None) -> str:
    return f"{value or 0.0:,.0f}"


def _share(part: float | None, whole: float | None) -> str:
    return f"{(part or 0.0) / whole:.1%}" if whole else "-"


def _per_10k(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _grades(record: TierCoverageSummary | None) -> dict[str, str]:
    return {row.township: row.grade for row in record.townships} if record is not None else {}


def _township_line(
    before: AccessUnit, after: AccessUnit, grades: tuple[dict[str, str], dict[str, str]]
) -> Message:
    """One township/street: staff per 10,000, the split's shares and the grade, before → after."""
    name = after.unit
    graded = name in grades[0] and name in grades[1]
    return msg(
        "msg.after.cli.township",
        township=name or msg("msg.access.cli.no_township"),
        per10k_before=_per_10k(before.staff_per_10k),
        per10k_after=_per_10k(after.staff_per_10k),
        served_before=_share(before.served, before.people),
        served_after=_share(after.served, after.people),
        over_before=_share(before.over_capacity, before.people),
        over_after=_share(after.over_capacity, after.people),
        out_before=_share(before.out_of_reach, before.people),
        out_after=_share(after.out_of_reach, after.people),
        grade=(
            msg("msg.after.cli.grade", before=grades[0][name], after=grades[1][name])
            if graded
            else msg("msg.after.cli.no_grade")
        ),
    )


def _township_lines(record: PlanEffectSummary) -> list[Message]:
    """A line per township/street found before and after (none without township boundaries)."""
    before = {u.unit: u for u in record.accessibility_before.units if u.level == "township"}
    after = [u for u in record.accessibility_after.units if u.level == "township"]
    if all(not unit.unit for unit in after):
        return []  # no township boundaries: the whole area says it all
    grades = (_grades(record.tiers_before), _grades(record.tiers_after))
    pairs = [(before[u.unit], u) for u in after if u.unit in before]
    lines = [_township_line(b, a, grades) for b, a in pairs[:PRINTED_TOWNSHIPS]]
    if len(pairs) > PRINTED_TOWNSHIPS:
        lines.append(msg("msg.after.cli.more", count=len(pairs) - PRINTED_TOWNSHIPS))
    return lines


def _tier_line(record: PlanEffectSummary) -> list[Message]:
    if record.tiers_before is None or record.tiers_after is None:
        return []
    before = {row.tier: row.share for row in record.tiers_before.tiers}
    tiers = [
        msg(
            "msg.after.cli.tier",
            tier=label_said("tier.", row.tier),
            before=_share(before.get(row.tier), 1.0),
            after=_share(row.share, 1.0),
        )
        for row in record.tiers_after.tiers
        if row.outlets or before.get(row.tier)
    ]
    return [msg("msg.after.cli.tiers", tiers=tiers)] if tiers else []


def outlet_name(load: OutletLoad) -> str | Message:
    """An outlet as a planner reads it: a new one as 新增网点 3（花径路）, today's by its name."""
    if load.new_rank is not None:
        from servicecircle.planning.naming import site_label

        return site_label(load.new_rank, load.name, message_lang())
    return load.name or msg("msg.after.cli.unnamed_outlet")


def _site_lines(record: PlanEffectSummary) -> list[Message]:
    from servicecircle.planning.naming import site_label

    sites = [
        msg(
            "msg.after.cli.site",
            name=site_label(site.rank, site.name, message_lang()),
            tier=label_said("tier.", site.tier),
            staff=f"{site.staff:,.0f}",
            source=msg(f"msg.after.cli.source.{site.staff_source}")
            if site.staff_source in ("standard", "allocation")
            else site.staff_source,
        )
        for site in record.new_sites
    ]
    return [msg("msg.after.cli.sites", sites=sites)] if sites else []


def _heaviest(outlets: Sequence[OutletLoad]) -> list[Message]:
    loaded = [
        msg("msg.access.cli.outlet", name=outlet_name(outlet), load=f"{outlet.load:,.0f}")
        for outlet in outlets[:SHOWN_OUTLETS]
        if outlet.load is not None
    ]
    return [msg("msg.after.cli.heaviest", outlets=loaded)] if loaded else []


def after_lines(record: PlanEffectSummary) -> list[Message]:
    """The lines ``site`` prints about ``record`` (none when it was not measured)."""
    if not record.measured:
        return []
    before, after = record.accessibility_before, record.accessibility_after
    lines = [
        msg(
            "msg.after.cli.head",
            existing=len(after.outlets) - len(record.new_sites),
            new=len(record.new_sites),
            staff_before=f"{before.staff or 0:,.0f}",
            staff_after=f"{after.staff or 0:,.0f}",
        ),
        msg(
            "msg.after.cli.total",
            per10k_before=_per_10k(before.staff_per_10k),
            per10k_after=_per_10k(after.staff_per_10k),
            served_before=_people(before.served),
            served_after=_people(after.served),
            served_share_before=_share(before.served, before.people),
            served_share_after=_share(after.served, after.people),
            over_before=_people(before.over_capacity),
            over_after=_people(after.over_capacity),
            out_before=_people(before.out_of_reach),
            out_after=_people(after.out_of_reach),
            people=_people(
                (after.served or 0) + (after.over_capacity or 0) + (after.out_of_reach or 0)
            ),
        ),
    ]
    lines += _township_lines(record)
    lines += _tier_line(record)
    lines += _site_lines(record)
    lines += _heaviest(after.heaviest)
    return lines


def print_plan_effect(siting: SitingSummary) -> None:
    """Print staff per 10,000, the split and the grades before and after the plan."""
    for line in after_lines(siting.after_plan):
        print(said(line))


__all__ = [
    "after_lines",
    "outlet_name",
    "print_plan_effect",
]
