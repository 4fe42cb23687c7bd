"""The workbook's 计算假设 (assumptions) sheet: the report's section 1 and method rows.

Each row is (section, parameter, value) as text, from the report's own row
builders (:mod:`servicecircle.report.assumptions`,
:func:`servicecircle.report.siting_tables.method_rows`), so the workbook and
the report say the same.
"""

from __future__ import annotations

from servicecircle.report.assumptions import (
    analysis_rows,
    area_rows,
    outlet_type_rows,
    population_context,
    source_lines,
    speed_rows,
)
from servicecircle.report.formatting import fmt_value
from servicecircle.report.siting_tables import method_rows
from servicecircle.report.strings import text
from servicecircle.results.bundle import Results

#: A row of the sheet: section, parameter, value.
AssumptionRow = list[str | float | int | None]


def _section(title: str, pairs: list[tuple[str, str]]) -> list[AssumptionRow]:
    return [[title, label, value] for label, value in pairs]


def assumption_rows(results: Results, lang: str) -> list[AssumptionRow]:
    """Study area, speeds, outlet types, population, analysis, sources, notes, siting."""
    summary = results.coverage
    assumptions = summary.assumptions
    main = summary.breaks[-1]
    distance = text("col.distance", lang, minutes=f"{main:g}")
    speeds = [
        (row["mode"], f"{row['speed']} {text('col.speed', lang)}; {distance} {row['distance']}")
        for row in speed_rows(assumptions, main, lang)
    ]
    types = [
        (
            row["type"],
            f"{text('col.mode', lang)} {row['mode']}; {text('col.standard', lang)} "
            f"{row['minutes']}; {text('col.distance_standard', lang)} {row['distance']}",
        )
        for row in outlet_type_rows(assumptions, lang)
    ]
    population = population_context(assumptions.demand, lang)
    listed = population["rows"]
    population_rows = [(str(a), str(b)) for a, b in listed] if isinstance(listed, list) else []
    sources = text("assumptions.sources", lang)
    notes = text("assumptions.notes", lang)
    rows: list[AssumptionRow] = [
        *_section(text("assumptions.title", lang), area_rows(summary, lang)),
        *_section(text("assumptions.speeds", lang), speeds),
        *_section(text("assumptions.outlet_types", lang), types),
        *_section(text("assumptions.population", lang), population_rows),
        *_section(text("assumptions.analysis", lang), analysis_rows(assumptions, lang)),
        *_section(sources, [("", line) for line in source_lines(assumptions, lang)]),
        *_section(notes, [("", fmt_value(note, lang)) for note in assumptions.notes]),
    ]
    if results.siting is not None:
        rows += _section(text("method.siting", lang), method_rows(results.siting, lang))
    return rows
