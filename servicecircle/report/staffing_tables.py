"""The report's chapter on staffing and capacity: staff per 10,000, load, the split, tiers.

Built from ``summary.json``'s ``accessibility``
(:class:`~servicecircle.results.access_records.AccessSummary`: staff per
10,000 residents within reach, the people served within capacity, over
capacity and out of reach, each outlet's load) and ``tiers``
(:class:`~servicecircle.results.tier_records.TierCoverageSummary`: coverage
by tier and the A-E grade of each township/street), as rows of formatted
text in the report's language. A summary without either gives ``None`` and
the chapter is left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from servicecircle.i18n import t
from servicecircle.i18n.labels import label, outlet_type_label
from servicecircle.report.formatting import (
    Row,
    fmt_people,
    fmt_share,
    is_blank,
    joined,
    name_text,
    number,
)
from servicecircle.report.strings import text
from servicecircle.results.access_records import AccessSummary, AccessUnit, OutletLoad
from servicecircle.results.schema import CoverageSummary
from servicecircle.results.tier_records import TierCoverageSummary, TownshipGrade

#: Most outlets listed in the report (all of them are in the workbook).
MAX_OUTLETS = 30


def fmt_per_10k(value: object) -> str:
    """Staff per 10,000 residents with one decimal: ``3.456`` -> ``"3.5"``; missing -> ``"—"``.

    >>> fmt_per_10k(3.456), fmt_per_10k(None), fmt_per_10k(1234.0)
    ('3.5', '—', '1,234.0')
    """
    x = number(value)
    return "—" if x is None else f"{x:,.1f}"


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


def _lead(summary: CoverageSummary, access: AccessSummary, lang: str) -> str:
    outlets = len(access.outlets) or summary.n_outlets
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


def _split_rows(access: AccessSummary, lang: str) -> list[Row]:
    """Served within capacity, over capacity, out of reach and the total: people and share."""
    people = number(access.people)
    parts = (
        ("served", access.served),
        ("over_capacity", access.over_capacity),
        ("out_of_reach", access.out_of_reach),
        ("total", access.people),
    )
    return [
        {
            "label": text(f"staff.split.{key}", lang),
            "people": fmt_people(value),
            "share": fmt_share(None if value is None or not people else value / people),
        }
        for key, value in parts
    ]


def _method(access: AccessSummary, lang: str) -> str:
    weights = joined((f"{w:g}" for w in access.band_weights), lang) or "—"
    return text("staff.method", lang, weights=weights)


# --------------------------------------------------------------------------- townships


def _grades(tiers: TierCoverageSummary | None) -> dict[str, str]:
    return {} if tiers is None else {g.township: g.grade for g in tiers.townships}


def _street_row(unit: AccessUnit, grades: Mapping[str, str], lang: str) -> Row:
    grade = grades.get(unit.unit)
    return {
        "township": _township_name(unit.unit, lang),
        "people": fmt_people(unit.people),
        "per10k": fmt_per_10k(unit.staff_per_10k),
        "e2sfca": fmt_per_10k(unit.staff_per_10k_e2sfca),
        "served": fmt_people(unit.served),
        "over": fmt_people(unit.over_capacity),
        "out": fmt_people(unit.out_of_reach),
        "grade": "—" if grade is None else text("staff.grade_value", lang, grade=grade),
    }


def street_rows(access: AccessSummary, tiers: TierCoverageSummary | None, lang: str) -> list[Row]:
    """Each township/street's staff per 10,000, split and grade (none without boundaries).

    The people outside every township come last.
    """
    townships = [u for u in access.units if u.level == "township"]
    if all(is_blank(u.unit) for u in townships):
        return []
    ordered = sorted(townships, key=lambda u: is_blank(u.unit))
    grades = _grades(tiers)
    return [_street_row(unit, grades, lang) for unit in ordered]


# --------------------------------------------------------------------------- outlets


def _source(source: str | None, lang: str) -> str:
    return "—" if source is None else t(f"export.value.staff_source.{source}", lang)


def outlet_row(outlet: OutletLoad, lang: str) -> Row:
    """One outlet's type, tier, staff, catchment, load, capacity, served and utilisation."""
    return {
        "name": name_text(outlet.name, lang),
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


def outlet_rows(summary: CoverageSummary, lang: str) -> tuple[list[Row], int]:
    """The outlets heaviest-loaded first (at most :data:`MAX_OUTLETS`) and how many were left out.

    A file written before every outlet was kept lists its heaviest outlets only.
    """
    access = summary.accessibility
    outlets: Sequence[OutletLoad] = access.outlets or access.heaviest
    total = len(access.outlets) if access.outlets else max(summary.n_outlets, len(outlets))
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


def _grade_row(grade: TownshipGrade, graded: Sequence[str], lang: str) -> Row:
    return {
        "township": _township_name(grade.township, lang),
        "people": fmt_people(grade.people),
        "shares": [fmt_share(grade.shares.get(tier)) for tier in graded],
        "grade": text("staff.grade_value", lang, grade=grade.grade),
    }


def tier_context(tiers: TierCoverageSummary, lang: str) -> dict[str, object]:
    """Coverage by tier, the tiers without outlets, the grading rule and each township's grade."""
    missing = [s.tier for s in tiers.tiers if s.tier in tiers.graded_tiers and not s.outlets]
    missing_said = joined((tier_label(m, lang) for m in missing), lang)
    townships = sorted(tiers.townships, key=lambda g: is_blank(g.township))
    return {
        "rows": [
            {
                "tier": tier_label(share.tier, lang),
                "outlets": fmt_people(share.outlets),
                "covered": fmt_people(share.covered),
                "share": fmt_share(share.share),
            }
            for share in tiers.tiers
        ],
        "missing": text("staff.tier_missing", lang, tiers=missing_said) if missing else "",
        "rule": grade_rule(tiers, lang),
        "graded": [
            text("staff.col.tier_share", lang, tier=tier_label(tier, lang))
            for tier in tiers.graded_tiers
        ],
        "grades": [_grade_row(g, tiers.graded_tiers, lang) for g in townships],
    }


# --------------------------------------------------------------------------- the chapter


def staffing_context(summary: CoverageSummary, lang: str) -> dict[str, object] | None:
    """Everything the chapter shows; ``None`` when neither staffing nor tiers were measured."""
    access = summary.accessibility if summary.accessibility.measured else None
    tiers = summary.tiers if summary.tiers is not None and summary.tiers.tiers else None
    if access is None and tiers is None:
        return None
    context: dict[str, object] = {"access": access is not None, "tiers": None}
    if access is not None:
        outlets, more = outlet_rows(summary, lang)
        context |= {
            "lead": _lead(summary, access, lang),
            "method": _method(access, lang),
            "split_rows": _split_rows(access, lang),
            "streets": street_rows(access, tiers, lang),
            "outlets": outlets,
            "more_outlets": more,
        }
    if tiers is not None:
        context["tiers"] = tier_context(tiers, lang)
    return context
