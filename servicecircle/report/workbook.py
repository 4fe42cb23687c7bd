"""The whole area's Excel workbook handed to streets and communities.

Sheets (Chinese names in zh): 汇总 summary, 街道（乡镇） streets, 社区（村）
communities, 服务缺口 gaps, 推荐新增网点 recommended sites, 现有网点 existing
outlets, 人员配置（街道） staffing by street and 网点负荷 outlet load (when
measured: :mod:`servicecircle.report.workbook_staffing`), 重点群体 and
群体公平性 key groups (:mod:`servicecircle.report.workbook_groups`), 计算假设
assumptions. People are whole numbers (``#,##0``), shares are 0-1 values
shown as percentages (``0.0%``), every header row is frozen and every column
has a width. Headers are the report's column names
(``report.col.*``); the numbers are those of ``summary.json`` and
``siting.json`` (:mod:`servicecircle.report.handover_data`).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from openpyxl import Workbook

from servicecircle._io import atomic_path
from servicecircle.i18n import check_lang
from servicecircle.i18n.labels import class_label, mode_label, outlet_type_label
from servicecircle.planning.naming import site_label
from servicecircle.report.formatting import by_break, fmt_minutes_key, joined, number
from servicecircle.report.handover_data import (
    UnitFigures,
    after_total,
    outlet_places,
    site_places,
    unit_figures,
)
from servicecircle.report.siting_tables import site_reasons_text
from servicecircle.report.strings import text
from servicecircle.report.workbook_assumptions import assumption_rows
from servicecircle.report.workbook_groups import group_sheets
from servicecircle.report.workbook_sheets import Cell, Column, Kind, write_sheet
from servicecircle.report.workbook_staffing import staffing_sheets, staffing_summary_rows
from servicecircle.results.bundle import Results

#: The columns by each outlet type's standard (``siting.json``'s ``by_unit``).
STANDARD_COLUMNS: tuple[tuple[str, Kind], ...] = (
    ("before", "people"),
    ("after", "people"),
    ("gain", "people"),
    ("share_before", "share"),
    ("share_after", "share"),
)


# --------------------------------------------------------------------------- summary


def written_on() -> str:
    """Today's date where the files are written (``2026-11-28``)."""
    return dt.datetime.now(dt.UTC).astimezone().strftime("%Y-%m-%d")


def _summary_rows(results: Results, lang: str) -> list[tuple[str, Cell, Kind]]:
    summary = results.coverage
    rows: list[tuple[str, Cell, Kind]] = [
        (text("area.name", lang), summary.study_area.name, "text"),
        (text("handover.summary.date", lang), written_on(), "text"),
        (text("area.population", lang), summary.population_total, "people"),
        (text("area.outlets", lang), summary.n_outlets, "people"),
    ]
    total = number(summary.population_total)
    for m in summary.breaks:
        minutes = fmt_minutes_key(m)
        covered = number(by_break(summary.population_covered, m))
        uncovered = None if covered is None or total is None else total - covered
        for key, value, kind in (
            ("col.covered", covered, "people"),
            ("col.uncovered", uncovered, "people"),
            ("col.share", by_break(summary.coverage_share, m), "share"),
        ):
            label = text("col.at_minutes", lang, label=text(key, lang), minutes=minutes)
            rows.append((label, value, kind))  # type: ignore[arg-type]
    if summary.unreachable_people is not None:
        rows.append((text("area.unreachable", lang), summary.unreachable_people, "people"))
    rows.append((text("area.off_network", lang), summary.off_network.people, "people"))
    levels = [u.level for u in summary.units]
    rows.append((text("handover.summary.streets", lang), levels.count("township"), "people"))
    rows.append((text("handover.summary.communities", lang), levels.count("community"), "people"))
    rows.append((text("handover.summary.gaps", lang), len(summary.gaps), "people"))
    return rows + staffing_summary_rows(results, lang) + _siting_summary_rows(results, lang)


def _siting_summary_rows(results: Results, lang: str) -> list[tuple[str, Cell, Kind]]:
    siting = results.siting
    if siting is None:
        return []
    newly = sum(number(c.newly_covered) or 0.0 for c in siting.chosen)
    rows: list[tuple[str, Cell, Kind]] = [
        (text("handover.summary.new_sites", lang), len(siting.chosen), "people"),
        (text("handover.summary.newly_covered", lang), newly, "people"),
        (text("handover.summary.share_before", lang), siting.share_before, "share"),
        (text("handover.summary.share_after", lang), siting.share_after, "share"),
    ]
    after = after_total(results)
    total = number(results.coverage.population_total)
    when = text("handover.when.after", lang)
    for m, covered in sorted(after.items()):
        minutes = fmt_minutes_key(m)
        rows.append(
            (text("handover.col.covered_when", lang, when=when, minutes=minutes), covered, "people")
        )
        share = None if covered is None or not total else covered / total
        rows.append(
            (text("handover.col.share_when", lang, when=when, minutes=minutes), share, "share")
        )
    return rows


def _summary_sheet(book: Workbook, results: Results, lang: str) -> None:
    rows = _summary_rows(results, lang)
    columns = [Column(text("handover.summary.item", lang)), Column(text("col.value", lang))]
    write_sheet(
        book,
        text("handover.sheet.summary", lang),
        columns,
        [(label, value) for label, value, _ in rows],
        kinds=[("text", kind) for _, _, kind in rows],
    )


# --------------------------------------------------------------------------- units


def _unit_columns(results: Results, lang: str) -> list[Column]:
    """People, then covered and share by break today (and after), then by the standard."""
    siting = results.siting is not None
    columns = [Column(text("col.people", lang), "people")]
    phases = ["before", "after"] if siting else ["before"]
    for m in results.coverage.breaks:
        minutes = fmt_minutes_key(m)
        for phase in phases:
            if not siting:
                covered = text(
                    "col.at_minutes", lang, label=text("col.covered", lang), minutes=minutes
                )
                share = text("col.at_minutes", lang, label=text("col.share", lang), minutes=minutes)
            else:
                when = text(f"handover.when.{phase}", lang)
                covered = text("handover.col.covered_when", lang, when=when, minutes=minutes)
                share = text("handover.col.share_when", lang, when=when, minutes=minutes)
            columns += [Column(covered, "people"), Column(share, "share")]
    if siting:
        columns += [
            Column(text(f"handover.col.standard_{key}", lang), kind)
            for key, kind in STANDARD_COLUMNS
        ]
    return columns


def _unit_cells(unit: UnitFigures, results: Results) -> list[Cell]:
    cells: list[Cell] = [unit.people]
    for m in results.coverage.breaks:
        cells += [unit.before.get(m), unit.share(unit.before.get(m))]
        if results.siting is not None:
            cells += [unit.after.get(m), unit.share(unit.after.get(m))]
    if results.siting is not None:
        std = unit.standard
        before = None if std is None else number(std.covered_before)
        after = None if std is None else number(std.covered_after)
        gain = None if before is None or after is None else after - before
        cells += [before, after, gain]
        cells += [
            None if std is None else std.share_before,
            None if std is None else std.share_after,
        ]
    return cells


def _unit_sheets(book: Workbook, results: Results, lang: str) -> None:
    units = unit_figures(results)
    columns = _unit_columns(results, lang)
    streets = [
        [text("units.outside", lang) if u.level == "outside" else u.name, *_unit_cells(u, results)]
        for u in units
        if u.level in ("township", "outside")
    ]
    write_sheet(
        book,
        text("handover.sheet.streets", lang),
        [Column(text("col.township", lang)), *columns],
        streets,
    )
    communities = [
        [u.township, u.name, *_unit_cells(u, results)] for u in units if u.level == "community"
    ]
    write_sheet(
        book,
        text("handover.sheet.communities", lang),
        [Column(text("col.township", lang)), Column(text("col.community", lang)), *columns],
        communities,
    )


# --------------------------------------------------------------------------- gaps, sites, outlets


def _gaps_sheet(book: Workbook, results: Results, lang: str) -> None:
    columns = [
        Column(text("col.rank", lang), "people"),
        Column(text("col.people", lang), "people"),
        Column(text("col.township", lang)),
        Column(text("col.community", lang)),
        Column(text("handover.col.road", lang)),
        Column(text("col.road_m", lang), "people"),
        Column(text("col.nearest", lang), "decimal"),
        Column(text("col.classes", lang)),
        Column(text("handover.col.units", lang), "people"),
        Column(text("col.lon", lang), "coord"),
        Column(text("col.lat", lang), "coord"),
    ]
    rows = [
        [
            g.rank,
            g.people,
            g.township,
            g.community,
            g.road,
            g.road_m,
            g.nearest_minutes,
            joined((class_label(c.strip(), lang) for c in g.classes.split(",") if c.strip()), lang),
            g.units,
            g.lon,
            g.lat,
        ]
        for g in results.coverage.gaps
    ]
    write_sheet(book, text("handover.sheet.gaps", lang), columns, rows)


def _sites_sheet(book: Workbook, results: Results, lang: str) -> None:
    columns = [
        Column(text("col.rank", lang), "people"),
        Column(text("col.name", lang)),
        Column(text("col.type", lang)),
        Column(text("col.township", lang)),
        Column(text("col.community", lang)),
        Column(text("handover.col.road", lang)),
        Column(text("col.road_m", lang), "people"),
        Column(text("col.lon", lang), "coord"),
        Column(text("col.lat", lang), "coord"),
        Column(text("col.newly_covered", lang), "people"),
        *(
            Column(text("handover.col.newly_at", lang, minutes=fmt_minutes_key(m)), "people")
            for m in results.coverage.breaks
        ),
        Column(text("col.cumulative", lang), "share"),
        Column(text("handover.col.gaps_served", lang)),
        Column(text("col.reasons", lang)),
    ]
    chosen = sorted(results.siting.chosen, key=lambda c: c.rank) if results.siting else []
    places = site_places(results)
    rows: list[list[Cell]] = []
    for site in chosen:
        place = places.get(site.rank)
        rows.append(
            [
                site.rank,
                site_label(site.rank, site.name, lang),
                outlet_type_label(site.type, lang) if site.type else None,
                place.township if place else None,
                place.community if place else None,
                site.road,
                site.road_m,
                site.lon,
                site.lat,
                site.newly_covered,
                *(by_break(site.newly_by_break, m) for m in results.coverage.breaks),
                site.cumulative_share,
                joined((str(g) for g in site.gaps), lang),
                site_reasons_text(site, lang),
            ]
        )
    write_sheet(book, text("handover.sheet.sites", lang), columns, rows)


def _outlets_sheet(book: Workbook, results: Results, lang: str) -> None:
    columns = [
        Column(text("col.name", lang)),
        Column(text("col.outlet_type", lang)),
        Column(text("col.mode", lang)),
        Column(text("col.standard", lang), "decimal"),
        Column(text("col.township", lang)),
        Column(text("col.community", lang)),
        Column(text("col.lon", lang), "coord"),
        Column(text("col.lat", lang), "coord"),
    ]
    outlets = results.layers.get("outlets")
    rows: list[list[Cell]] = []
    if outlets is not None and not outlets.empty:
        points = outlets.geometry.to_crs(4326).representative_point()
        for (_, outlet), place, point in zip(
            outlets.iterrows(), outlet_places(results), points, strict=True
        ):
            rows.append(
                [
                    outlet.get("name"),
                    outlet_type_label(outlet.get("outlet_type"), lang),
                    mode_label(outlet.get("mode"), lang) if outlet.get("mode") else None,
                    outlet.get("minutes"),
                    place.township,
                    place.community,
                    point.x,
                    point.y,
                ]
            )
    write_sheet(book, text("handover.sheet.outlets", lang), columns, rows)


def _assumptions_sheet(book: Workbook, results: Results, lang: str) -> None:
    columns = [
        Column(text("handover.col.section", lang)),
        Column(text("col.parameter", lang)),
        Column(text("col.value", lang)),
    ]
    write_sheet(
        book, text("handover.sheet.assumptions", lang), columns, assumption_rows(results, lang)
    )


# --------------------------------------------------------------------------- workbook


def build_workbook(results: Results, *, lang: str = "zh") -> Workbook:
    """The workbook of ``results`` in ``lang``: its sheets, summary first."""
    check_lang(lang)
    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    _summary_sheet(book, results, lang)
    _unit_sheets(book, results, lang)
    _gaps_sheet(book, results, lang)
    _sites_sheet(book, results, lang)
    _outlets_sheet(book, results, lang)
    staffing_sheets(book, results, lang)
    group_sheets(book, results, lang)
    _assumptions_sheet(book, results, lang)
    return book


def write_workbook(results: Results, path: str | os.PathLike[str], *, lang: str = "zh") -> Path:
    """Write the workbook of ``results`` to ``path`` (``.xlsx``, replaced atomically).

    Raises
    ------
    OutputError
        When the file cannot be written.
    """
    target = Path(path)
    book = build_workbook(results, lang=lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target, suffix=".xlsx") as temporary:
        book.save(temporary)
    return target
