"""The report's coverage today: by break, by area type, must-cover areas, units and gaps.

Built from :class:`~servicecircle.results.schema.CoverageSummary` as rows of
formatted text for the template, in the report's language.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import pandas as pd

from servicecircle.coverage import coverage_table
from servicecircle.coverage.gaps import road_place
from servicecircle.i18n.labels import class_label
from servicecircle.report.formatting import (
    Row,
    blank_dash,
    by_break,
    fmt_minutes,
    fmt_people,
    fmt_share,
    is_blank,
    joined,
    name_text,
    number,
)
from servicecircle.report.strings import text
from servicecircle.results.schema import CoverageSummary, UnitCoverage

#: Most rows shown in the gaps and must-cover tables (the rest are in the GeoPackage).
MAX_ROWS = 30


def coverage_rows(summary: CoverageSummary, breaks: Iterable[float]) -> list[Row]:
    """People covered, not covered and the share, by break."""
    total = summary.population_total
    rows = []
    for m in breaks:
        covered = number(by_break(summary.population_covered, m))
        share = by_break(summary.coverage_share, m)
        if share is None and covered is not None and total:
            share = covered / total
        uncovered = None if covered is None or total is None else total - covered
        rows.append(
            {
                "minutes": f"{m:g}",
                "covered": fmt_people(covered),
                "uncovered": fmt_people(uncovered),
                "share": fmt_share(share),
            }
        )
    return rows


def class_rows(summary: CoverageSummary, breaks: Sequence[float], lang: str) -> list[Row]:
    """People by area type with the people covered at the largest break and shares by break."""
    rows = []
    main = breaks[-1]
    for name, entry in summary.by_class.items():
        shares = []
        for m in breaks:
            covered = number(by_break(entry.covered, m))
            total = number(by_break(entry.total, m))
            shares.append(fmt_share(covered / total if covered is not None and total else None))
        rows.append(
            {
                "label": class_label(name, lang),
                "people": fmt_people(by_break(entry.total, main)),
                "covered": fmt_people(by_break(entry.covered, main)),
                "shares": shares,
            }
        )
    return rows


def must_cover_rows(summary: CoverageSummary, lang: str) -> tuple[list[Row], int]:
    """Must-cover areas not yet covered (at most :data:`MAX_ROWS`) and how many were left out."""
    areas = sorted(summary.must_cover_uncovered, key=lambda a: -(a.people or 0.0))
    rows = [
        {
            "name": name_text(a.name, lang),
            "class": class_label(a.class_, lang),
            "people": fmt_people(a.people),
            "share": fmt_share(a.share_covered),
        }
        for a in areas[:MAX_ROWS]
    ]
    return rows, max(len(areas) - MAX_ROWS, 0)


# --------------------------------------------------------------------------- units


def _unit_row(unit: UnitCoverage, breaks: Sequence[float], lang: str) -> Row:
    covered = number(by_break(unit.covered, breaks[-1]))
    return {
        "township": blank_dash(unit.township),
        "unit": name_text(unit.name, lang),
        "people": fmt_people(unit.people),
        "covered": fmt_people(covered),
        "uncovered": fmt_people(
            None if unit.people is None or covered is None else unit.people - covered
        ),
        "shares": [fmt_share(by_break(unit.share, m)) for m in breaks],
    }


def _outside_row(summary: CoverageSummary, breaks: Sequence[float], lang: str) -> Row | None:
    """People outside every township (when the townships do not cover the study area)."""
    townships = [u for u in summary.units if u.level == "township"]
    total = summary.population_total
    if not townships or total is None:
        return None
    outside = total - sum(u.people or 0.0 for u in townships)
    if outside <= 0.5:
        return None
    covered: list[float | None] = []
    for m in breaks:
        inside = sum(number(by_break(u.covered, m)) or 0.0 for u in townships)
        everyone = number(by_break(summary.population_covered, m))
        covered.append(None if everyone is None else max(everyone - inside, 0.0))
    last = covered[-1]
    return {
        "township": "—",
        "unit": text("units.outside", lang),
        "people": fmt_people(outside),
        "covered": fmt_people(last),
        "uncovered": fmt_people(None if last is None else outside - last),
        "shares": [fmt_share(None if c is None else c / outside) for c in covered],
    }


def _unit_rows_from_summary(
    summary: CoverageSummary, breaks: Sequence[float], lang: str
) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {"township": [], "community": []}
    for unit in summary.units:
        if unit.level in out:
            out[unit.level].append(_unit_row(unit, breaks, lang))
    outside = _outside_row(summary, breaks, lang)
    if outside is not None:
        out["township"].append(outside)
    return out


def _unit_rows_from_demand(
    demand: pd.DataFrame | None, breaks: Sequence[float], lang: str
) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {"township": [], "community": []}
    if demand is None or "people" not in demand.columns:
        return out
    if "minutes_to_nearest" not in demand.columns:
        return out
    table = coverage_table(demand, breaks)
    main = breaks[-1]
    for level, rows in out.items():
        part = table[table["level"] == level]
        for (township, unit), group in part.groupby(["township", "unit"], sort=True):
            at = group.set_index("minutes")
            people = float(at["people"].iloc[0])
            covered = float(at["covered"].get(main, 0.0))
            rows.append(
                {
                    "township": str(township) or "—",
                    "unit": name_text(unit, lang),
                    "people": fmt_people(people),
                    "covered": fmt_people(covered),
                    "uncovered": fmt_people(people - covered),
                    "shares": [fmt_share(at["share"].get(m)) for m in breaks],
                }
            )
    return out


def unit_tables(
    summary: CoverageSummary, demand: pd.DataFrame | None, breaks: Sequence[float], lang: str
) -> dict[str, list[Row]]:
    """Coverage by township and by community (``summary.units``, else the demand layer)."""
    if summary.units:
        return _unit_rows_from_summary(summary, breaks, lang)
    return _unit_rows_from_demand(demand, breaks, lang)


# --------------------------------------------------------------------------- gaps


def gap_rows(
    summary: CoverageSummary, lang: str, *, cited: Collection[int] = ()
) -> tuple[list[Row], int]:
    """Gaps in rank order and how many were left out.

    The first :data:`MAX_ROWS` gaps, and every gap of rank in ``cited`` (the
    gaps the recommended sites serve, so no site cites a gap the report
    does not print).
    """
    gaps = summary.gaps
    wanted = set(cited)
    shown = [gap for k, gap in enumerate(gaps) if k < MAX_ROWS or gap.rank in wanted]
    rows = []
    for gap in shown:
        where = [str(w) for w in (gap.township, gap.community) if not is_blank(w)]
        classes = [c for c in gap.classes.split(",") if c.strip()]
        rows.append(
            {
                "rank": str(gap.rank),
                "where": " / ".join(where) or road_place(gap.road, gap.road_m).text(lang),
                "township": blank_dash(gap.township),
                "community": blank_dash(gap.community),
                "road": road_place(gap.road, gap.road_m).text(lang),
                "classes": joined((class_label(c.strip(), lang) for c in classes), lang) or "—",
                "people": fmt_people(gap.people),
                "nearest": fmt_minutes(gap.nearest_minutes, lang),
            }
        )
    return rows, len(gaps) - len(shown)
