"""The report's chapter on staffing and capacity: staff per 10,000, load, the split, tiers.

Built from ``summary.json``'s ``accessibility``
(:class:`~servicecircle.results.access_records.AccessSummary`: staff per
10,000 residents within reach, the people served within capacity, over
capacity and out of reach, each outlet's load) and ``tiers``
(:class:`~servicecircle.results.tier_records.TierCoverageSummary`: coverage
by tier and the A-E grade of each township/street), as rows of formatted
text in the report's language (today's records, and after the plan when
``siting.json`` measured them: :mod:`~servicecircle.report.staffing_states`;
a cell then reads ``before → after``), and the key groups with their equity
(:mod:`~servicecircle.report.group_tables`). Results without any of them
give ``None`` and the chapter is left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from servicecircle.i18n import t
from servicecircle.i18n.labels import label, outlet_type_label
from servicecircle.planning.naming import site_label
from servicecircle.report.formatting import (
    Row,
    fmt_people,
    fmt_share,
    is_blank,
    joined,
    name_text,
)
from servicecircle.report.group_tables import group_context
from servicecircle.report.staffing_states import (
    StaffingState,
    fmt_per_10k,
    pair,
    share_of,
    staffing_after,
    staffing_today,
)
from servicecircle.report.strings import text
from servicecircle.results.access_records import AccessSummary, AccessUnit, OutletLoad
from servicecircle.results.bundle import Results
from servicecircle.results.tier_records import TierCoverageSummary, TierShare, TownshipGrade

#: Most outlets listed in the report (all of them are in the workbook).
MAX_OUTLETS = 30


def fmt_band(floor: float) -> str:
    """A grade's floor as a percentage without needless decimals: ``0.95`` -> ``"95%"``.

    >>> fmt_band(0.95), fmt_band(0.875)
    ('95%', '87.5%')
    """
    return f"{round(floor * 100, 2):g}%"


def tier_label(tier: object, lang: str) -> str:
    """A tier's name (``township`` -> 街道（乡镇）级); unknown tiers as written."""
    return label("tier.", tier, lang)


def _township_name(name: object, lang: str) -> str:
    """A township's name; no name -> the people outside every township."""
    return text("units.outside", lang) if is_blank(name) else str(name)


# --------------------------------------------------------------------------- the whole area


def _lead(access: AccessSummary, outlets: int, lang: str) -> str:
    return text(
        "staff.lead",
        lang,
        outlets=fmt_people(outlets),
        staff=fmt_people(access.staff),
        capacity=fmt_people(access.capacity),
        people=fmt_people(access.people),
        per10k=fmt_per_10k(access.staff_per_10k),
        e2sfca=fmt_per_10k(access.staff_per_10k_e2sfca),
    )


def _lead_after(after: StaffingState, lang: str) -> str:
    access = after.access
    if access is None:
        return ""
    return text(
        "staff.lead_after",
        lang,
        new=fmt_people(sum(o.new_rank is not None for o in after.outlets)),
        staff=fmt_people(access.staff),
        capacity=fmt_people(access.capacity),
        per10k=fmt_per_10k(access.staff_per_10k),
        e2sfca=fmt_per_10k(access.staff_per_10k_e2sfca),
        served=fmt_people(access.served),
        share=fmt_share(share_of(access.served, access.people)),
    )


def _split_values(access: AccessSummary) -> list[tuple[str, str, str]]:
    parts = (
        ("served", access.served),
        ("over_capacity", access.over_capacity),
        ("out_of_reach", access.out_of_reach),
        ("total", access.people),
    )
    return [
        (key, fmt_people(value), fmt_share(share_of(value, access.people))) for key, value in parts
    ]


def split_rows(access: AccessSummary, after: AccessSummary | None, lang: str) -> list[Row]:
    """Served within capacity, over capacity, out of reach and the total: people and share.

    ``people_after`` and ``share_after`` are set when ``after`` is given.
    """
    later = _split_values(after) if after is not None else None
    rows: list[Row] = []
    for i, (key, people, share) in enumerate(_split_values(access)):
        row: Row = {"label": text(f"staff.split.{key}", lang), "people": people, "share": share}
        if later is not None:
            row |= {"people_after": later[i][1], "share_after": later[i][2]}
        rows.append(row)
    return rows


def _method(access: AccessSummary, lang: str) -> str:
    weights = joined((f"{w:g}" for w in access.band_weights), lang) or "—"
    return text("staff.method", lang, weights=weights)


# --------------------------------------------------------------------------- townships


def _grades(tiers: TierCoverageSummary | None) -> dict[str, TownshipGrade]:
    return {} if tiers is None else {g.township: g for g in tiers.townships}


def _townships(access: AccessSummary | None) -> dict[str, AccessUnit]:
    return {} if access is None else {u.unit: u for u in access.units if u.level == "township"}


def _grade_text(grade: TownshipGrade | None, lang: str) -> str:
    return "—" if grade is None else text("staff.grade_value", lang, grade=grade.grade)


def _street_cells(unit: AccessUnit | None, grade: TownshipGrade | None, lang: str) -> Row:
    if unit is None:
        return dict.fromkeys(("per10k", "e2sfca", "served", "over", "out"), "—") | {
            "grade": _grade_text(grade, lang)
        }
    return {
        "per10k": fmt_per_10k(unit.staff_per_10k),
        "e2sfca": fmt_per_10k(unit.staff_per_10k_e2sfca),
        "served": fmt_people(unit.served),
        "over": fmt_people(unit.over_capacity),
        "out": fmt_people(unit.out_of_reach),
        "grade": _grade_text(grade, lang),
    }


def street_rows(today: StaffingState, after: StaffingState | None, lang: str) -> list[Row]:
    """Each township/street's people, staff per 10,000, split and grade (before → after).

    None without township boundaries; the people outside every township come last.
    """
    units = _townships(today.access)
    if all(is_blank(name) for name in units):
        return []
    grades = _grades(today.tiers)
    later = _townships(after.access) if after is not None else {}
    later_grades = _grades(after.tiers) if after is not None else {}
    rows = []
    for name in sorted(units, key=is_blank):
        cells = _street_cells(units[name], grades.get(name), lang)
        if after is not None:
            then = _street_cells(later.get(name), later_grades.get(name), lang)
            cells = {key: pair(value, then[key]) for key, value in cells.items()}
        rows.append(
            {"township": _township_name(name, lang), "people": fmt_people(units[name].people)}
            | cells
        )
    return rows


# --------------------------------------------------------------------------- outlets


def _source(source: str | None, lang: str) -> str:
    return "—" if source is None else t(f"export.value.staff_source.{source}", lang)


def _outlet_name(outlet: OutletLoad, lang: str) -> str:
    if outlet.new_rank is not None:
        return site_label(outlet.new_rank, outlet.name or None, lang)
    return name_text(outlet.name, lang)


def outlet_row(outlet: OutletLoad, lang: str, *, before: OutletLoad | None = None) -> Row:
    """One outlet's type, tier, staff, catchment, load, capacity, served and utilisation.

    With ``before`` (the same outlet today), staff, load, served and
    utilisation read ``before → after``; a new outlet's ``before`` reads —.
    """
    row: Row = {
        "name": _outlet_name(outlet, lang),
        "type": "—" if outlet.outlet_type is None else outlet_type_label(outlet.outlet_type, lang),
        "tier": "—" if outlet.tier is None else tier_label(outlet.tier, lang),
        "staff": fmt_people(outlet.staff),
        "source": _source(outlet.staff_source, lang),
        "catchment": fmt_people(outlet.catchment_people),
        "load": fmt_people(outlet.load),
        "capacity": fmt_people(outlet.capacity),
        "served": fmt_people(outlet.served),
        "utilisation": fmt_share(outlet.utilisation),
    }
    if before is None and outlet.new_rank is None:
        return row
    today = outlet_row(before, lang) if before is not None else {}
    for key in ("staff", "load", "served", "utilisation"):
        row[key] = pair(str(today.get(key, "—")), str(row[key]))
    return row


def _outlet_key(outlet: OutletLoad) -> tuple[object, ...]:
    """What names one of today's outlets in both records (its catchment does not change)."""
    return (outlet.name, outlet.outlet_type, outlet.catchment_minutes, outlet.catchment_people)


def _today_of(today: tuple[OutletLoad, ...]) -> dict[tuple[object, ...], OutletLoad]:
    """Today's outlets by :func:`_outlet_key`, where the key names one outlet only."""
    keys = [_outlet_key(o) for o in today]
    return {key: o for key, o in zip(keys, today, strict=True) if keys.count(key) == 1}


def outlet_rows(
    today: StaffingState, after: StaffingState | None, n_outlets: int, lang: str
) -> tuple[list[Row], int]:
    """Outlets heaviest-loaded first (at most :data:`MAX_OUTLETS`) and how many were left out.

    After a plan, the outlets after it (new ones by their build order), each
    of today's with its numbers before → after. A file written before every
    outlet was kept lists its heaviest outlets only (``n_outlets`` counts all).
    """
    if after is not None and after.access is not None and after.outlets:
        matched = _today_of(today.outlets)
        rows = [
            outlet_row(o, lang, before=matched.get(_outlet_key(o)))
            for o in after.outlets[:MAX_OUTLETS]
        ]
        return rows, len(after.outlets) - len(rows)
    outlets = today.outlets
    total = len(outlets) if today.access and today.access.outlets else max(n_outlets, len(outlets))
    shown = outlets[:MAX_OUTLETS]
    return [outlet_row(o, lang) for o in shown], total - len(shown)


# --------------------------------------------------------------------------- tiers and grades


def grade_rule(tiers: TierCoverageSummary, lang: str) -> str:
    """The grading rule in one sentence, from the bands stored with the grades."""
    bands = list(tiers.bands.items())
    if not bands:
        return ""
    said = [text("staff.grade_band", lang, grade=g, share=fmt_band(f)) for g, f in bands[:-1]]
    return text(
        "staff.grade_rule",
        lang,
        tiers=joined((tier_label(tier, lang) for tier in tiers.graded_tiers), lang),
        bands=joined(said, lang),
        last=bands[-1][0],
    )


def _tier_row(share: TierShare, then: TierShare | None, later: bool, lang: str) -> Row:
    def after(value: str) -> str | None:
        return (value if then is not None else "—") if later else None

    return {
        "tier": tier_label(share.tier, lang),
        "outlets": pair(fmt_people(share.outlets), after(fmt_people(then and then.outlets))),
        "covered": pair(fmt_people(share.covered), after(fmt_people(then and then.covered))),
        "share": pair(fmt_share(share.share), after(fmt_share(then and then.share))),
    }


def _grade_row(
    grade: TownshipGrade, then: TownshipGrade | None, graded: Sequence[str], later: bool, lang: str
) -> Row:
    def after(value: str) -> str | None:
        return (value if then is not None else "—") if later else None

    return {
        "township": _township_name(grade.township, lang),
        "people": fmt_people(grade.people),
        "shares": [
            pair(
                fmt_share(grade.shares.get(tier)),
                after(fmt_share(then.shares.get(tier) if then is not None else None)),
            )
            for tier in graded
        ],
        "grade": pair(_grade_text(grade, lang), after(_grade_text(then, lang))),
    }


def tier_context(
    tiers: TierCoverageSummary, lang: str, *, after: TierCoverageSummary | None = None
) -> dict[str, object]:
    """Coverage by tier, the tiers without outlets, the grading rule and each township's grade.

    With ``after``, every number reads ``before → after``.
    """
    missing = [s.tier for s in tiers.tiers if s.tier in tiers.graded_tiers and not s.outlets]
    if after is not None:  # a tier the plan gives outlets is not missing any more
        opened = {s.tier for s in after.tiers if s.outlets}
        missing = [tier for tier in missing if tier not in opened]
    missing_said = joined((tier_label(m, lang) for m in missing), lang)
    later = after is not None
    shares_after = {s.tier: s for s in after.tiers} if after is not None else {}
    grades_after = _grades(after)
    townships = sorted(tiers.townships, key=lambda g: is_blank(g.township))
    if all(is_blank(g.township) for g in townships):
        townships = []  # no township boundaries: nothing to grade street by street
    return {
        "rows": [_tier_row(s, shares_after.get(s.tier), later, lang) for s in tiers.tiers],
        "missing": text("staff.tier_missing", lang, tiers=missing_said) if missing else "",
        "rule": grade_rule(tiers, lang),
        "graded": [
            text("staff.col.tier_share", lang, tier=tier_label(tier, lang))
            for tier in tiers.graded_tiers
        ],
        "grades": [
            _grade_row(g, grades_after.get(g.township), tiers.graded_tiers, later, lang)
            for g in townships
        ],
    }


# --------------------------------------------------------------------------- the chapter


def staffing_context(results: Results, lang: str) -> dict[str, object] | None:
    """Everything the chapter shows; ``None`` when neither staffing nor tiers were measured."""
    today, after = staffing_today(results), staffing_after(results)
    groups = group_context(results.coverage.groups, results.coverage.breaks[-1], lang)
    if today.empty and not groups:
        return None
    access = today.access
    context: dict[str, object] = {
        "access": access is not None,
        "tiers": None,
        "after": after is not None,
        "split_after": False,
        "groups": groups,
    }
    if access is not None:
        later = after.access if after is not None else None
        outlets, more = outlet_rows(today, after, results.coverage.n_outlets, lang)
        context |= {
            "split_after": later is not None,
            "lead": _lead(access, len(access.outlets) or results.coverage.n_outlets, lang),
            "lead_after": _lead_after(after, lang) if after is not None else "",
            "method": _method(access, lang),
            "split_rows": split_rows(access, later, lang),
            "streets": street_rows(today, after, lang),
            "outlets": outlets,
            "more_outlets": more,
        }
    if today.tiers is not None:
        context["tiers"] = tier_context(
            today.tiers, lang, after=after.tiers if after is not None else None
        )
    return context
