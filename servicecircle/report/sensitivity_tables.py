"""The report's sensitivity chapters: what each must-cover rule costs, walking speed ±20%.

Read from ``summary.json``'s and ``siting.json``'s sensitivity records
(:mod:`servicecircle.results.sensitivity_records`). A folder written before
them, or with the checks turned off, has records with ``measured`` False,
and the chapters are left out.
"""

from __future__ import annotations

from typing import Any

from servicecircle.i18n.labels import class_label, mode_label
from servicecircle.report.formatting import fmt_people, fmt_share
from servicecircle.report.strings import text
from servicecircle.results.bundle import Results


def _factor_text(factor: float) -> str:
    """``0.8`` -> ``-20%``, ``1.0`` -> ``±0%``, ``1.2`` -> ``+20%``."""
    change = round((factor - 1.0) * 100)
    return "±0%" if change == 0 else f"{change:+d}%"


def speed_rows(results: Results, lang: str) -> list[list[str]]:
    """One row per walking mode and speed: speed, coverage today (and after the plan)."""
    today = results.coverage.sensitivity
    if not today.measured or not today.cases:
        return []
    siting = results.siting.sensitivity if results.siting is not None else None
    after = siting.speed_after if siting is not None and siting.measured else None
    rows = []
    for case in sorted(today.cases, key=lambda c: (c.mode, c.factor)):
        row = [
            text(
                "doc.sens.case",
                lang,
                mode=mode_label(case.mode, lang),
                change=_factor_text(case.factor),
            ),
            f"{case.speed_kmh:.1f}",
            fmt_people(case.standard_covered),
            fmt_share(case.standard_share),
        ]
        if after is not None:
            later = after.case(case.mode, case.factor)
            row += [
                fmt_people(later.standard_covered if later else None),
                fmt_share(later.standard_share if later else None),
            ]
        rows.append(row)
    return rows


def speed_head(results: Results, lang: str) -> list[str]:
    """The speed table's column names (the plan's columns only with a plan measured)."""
    head = [
        text("doc.sens.col.case", lang),
        text("col.speed", lang),
        text("doc.sens.col.today", lang),
        text("doc.sens.col.today_share", lang),
    ]
    siting = results.siting.sensitivity if results.siting is not None else None
    if siting is not None and siting.measured:
        head += [text("doc.sens.col.after", lang), text("doc.sens.col.after_share", lang)]
    return head


def must_cost_rows(results: Results, lang: str) -> list[list[str]]:
    """One row per must-cover rule: people of the class, covered with and without, the cost."""
    siting = results.siting.sensitivity if results.siting is not None else None
    if siting is None or not siting.measured:
        return []
    return [
        [
            class_label(cost.rule, lang),
            fmt_people(cost.people),
            fmt_people(cost.covered_with),
            fmt_people(cost.covered_without),
            fmt_people(cost.cost_people),
            fmt_share(cost.cost_share),
        ]
        for cost in siting.must_cover_costs
    ]


def must_cost_head(lang: str) -> list[str]:
    """The must-cover cost table's column names."""
    keys = ("rule", "people", "with", "without", "cost", "cost_share")
    return [text(f"doc.cost.col.{key}", lang) for key in keys]


def sensitivity_context(results: Results, lang: str) -> dict[str, list[Any]]:
    """The rows and column names of both chapters (no rows: the chapter is left out)."""
    return {
        "must_cost": must_cost_rows(results, lang),
        "must_cost_head": must_cost_head(lang),
        "sensitivity": speed_rows(results, lang),
        "sensitivity_head": speed_head(results, lang),
    }
