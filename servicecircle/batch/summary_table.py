"""The batch's summary table: one row per region, CSV (UTF-8 with BOM) and Excel.

Each region's row comes from its complete marker
(:mod:`servicecircle.batch.markers`), so regions finished by an earlier run are
counted as the ones run now: people, people covered and the share within
each break and by each outlet type's own standard, people and share by
demand class at the largest break, each key group's people and shares
covered (:mod:`servicecircle.batch.group_table`), today's outlets in the region and in its
halo, new sites proposed (and after the border pass, when it ran), staff,
people per staff member and staff per 10,000 (where outlets have staff), CPU
and wall seconds and the peak memory of the process that ran it. A region
that failed has its error; one not run says so. The last row adds up all
regions done.

The Excel workbook holds the table, then the gathered township and community
coverage of every region (one sheet per level, as the handover workbook's
sheets are named), the regions' key groups per area (with ``--groups``) and
a sheet stating where the batch ran and each worker's memory limit. Headers
are Chinese (``--lang en``: English).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from servicecircle._io import atomic_path
from servicecircle.batch.cluster import ClusterFacts
from servicecircle.batch.driver import RegionFailure
from servicecircle.batch.gather import gathered_layer, ready_layer
from servicecircle.batch.group_table import group_columns, group_totals, groups_sheet, percent_of
from servicecircle.batch.jobs import RegionJob
from servicecircle.batch.markers import read_marker
from servicecircle.i18n import t
from servicecircle.i18n.labels import label
from servicecircle.results.csv_layer import table_of, write_csv
from servicecircle.results.export_frames import flags_as_words
from servicecircle.results.field_names import Field, Kind
from servicecircle.results.xlsx_layer import Sheet, write_workbook

_BREAK = re.compile(r"covered_(\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class RegionRow:
    """A region's numbers for the table (``outcome`` empty when it is not done)."""

    code: str
    name: str
    status: str
    outcome: Mapping[str, Any]
    error: str = ""


def region_rows(
    jobs: Sequence[RegionJob],
    out_dir: str | os.PathLike[str],
    failed: Sequence[RegionFailure] = (),
    *,
    lang: str = "zh",
) -> list[RegionRow]:
    """Each region's row: done (from its marker), failed (with its error) or not run."""
    errors = {f.code: (f.error_zh if lang == "zh" else f.error) for f in failed}
    rows: list[RegionRow] = []
    for job in jobs:
        record = read_marker(job, out_dir)
        if record is not None:
            rows.append(RegionRow(job.code, job.name, "done", record["outcome"]))
        elif job.code in errors:
            rows.append(RegionRow(job.code, job.name, "failed", {}, errors[job.code]))
        else:
            rows.append(RegionRow(job.code, job.name, "pending", {}))
    return rows


def _breaks(rows: Sequence[RegionRow]) -> list[str]:
    """The ``covered_<minutes>`` keys of the rows, by minutes."""
    keys = {key for row in rows for key in row.outcome.get("covered", {}) if _BREAK.fullmatch(key)}
    return sorted(keys, key=lambda key: float(key.split("_")[1]))


def _per_staff(people: object, staff: object) -> float | None:
    if not isinstance(staff, int | float) or not isinstance(people, int | float) or staff <= 0:
        return None
    return round(float(people) / float(staff), 1)


def _columns(rows: Sequence[RegionRow], lang: str) -> list[tuple[str, Kind, Any]]:
    """``(header, kind, cell of an outcome)`` of every column after code, name and status."""
    breaks = _breaks(rows)
    top = breaks[-1] if breaks else None
    classes = sorted({c for row in rows for c in row.outcome.get("covered_by_class", {})})

    def covered(key: str) -> Any:
        return lambda o: o.get("covered", {}).get(key)

    def share(key: str) -> Any:
        return lambda o: percent_of(o.get("covered", {}).get(key), o.get("people"))

    def of_class(cls: str, key: str) -> Any:
        return lambda o: o.get("covered_by_class", {}).get(cls, {}).get(key)

    def classpercent_of(cls: str) -> Any:
        return lambda o: percent_of(of_class(cls, top or "")(o), of_class(cls, "total")(o))

    columns: list[tuple[str, Kind, Any]] = [
        (t("batch.col.units", lang), "count", lambda o: o.get("units")),
        (t("batch.col.people", lang), "people", lambda o: o.get("people")),
    ]
    for key in breaks:
        minutes = key.split("_")[1]
        columns.append((t("batch.col.covered_at", lang, minutes=minutes), "people", covered(key)))
        columns.append((t("batch.col.share_at", lang, minutes=minutes), "share", share(key)))
    if any("covered" in row.outcome.get("covered", {}) for row in rows):
        columns.append((t("batch.col.covered_standard", lang), "people", covered("covered")))
        columns.append((t("batch.col.share_standard", lang), "share", share("covered")))
    for cls in classes:
        said = label("class.", cls, lang)
        columns.append(
            (t("batch.col.class_people", lang, cls=said), "people", of_class(cls, "total"))
        )
        if top is not None:
            header = t("batch.col.class_share", lang, cls=said, minutes=top.split("_")[1])
            columns.append((header, "share", classpercent_of(cls)))
    border = any("sites_after_border" in row.outcome for row in rows)
    groups = group_columns([row.outcome for row in rows], lang)
    return [*columns, *groups, *_supply_columns(lang, border=border)]


def _supply_columns(lang: str, *, border: bool = False) -> list[tuple[str, Kind, Any]]:
    """Outlets, sites (after the border pass too when it ran), staff and the run's cost."""
    after: list[tuple[str, Kind, Any]] = [
        (t("batch.col.sites_after_border", lang), "count", lambda o: o.get("sites_after_border"))
    ]
    return [
        *_site_columns(lang),
        *(after if border else []),
        (t("batch.col.staff", lang), "number", lambda o: _rounded(o.get("staff"), 1)),
        (
            t("batch.col.people_per_staff", lang),
            "number",
            lambda o: _per_staff(o.get("people"), o.get("staff")),
        ),
        (
            t("batch.col.staff_per_10k", lang),
            "number",
            lambda o: _rounded(o.get("staff_per_10k"), 2),
        ),
        (t("batch.col.cpu_s", lang), "number", lambda o: _rounded(o.get("cpu_s"), 2)),
        (t("batch.col.wall_s", lang), "number", lambda o: _rounded(o.get("wall_s"), 2)),
        (t("batch.col.peak_mb", lang), "number", lambda o: _rounded(o.get("peak_rss_mb"), 0)),
    ]


def _site_columns(lang: str) -> list[tuple[str, Kind, Any]]:
    """Today's outlets in the region and its halo, and the first pass's sites."""
    return [
        (t("batch.col.outlets_in_region", lang), "count", lambda o: o.get("outlets_in_region")),
        (t("batch.col.outlets_in_halo", lang), "count", lambda o: o.get("outlets_in_halo")),
        (t("batch.col.sites_proposed", lang), "count", lambda o: o.get("sites_proposed")),
    ]


def with_border_sites(rows: Sequence[RegionRow], sites: Mapping[str, int]) -> list[RegionRow]:
    """``rows`` with each region's sites after the border pass (``sites`` by region code)."""
    return [
        replace(row, outcome={**row.outcome, "sites_after_border": sites[row.code]})
        if row.status == "done" and row.code in sites
        else row
        for row in rows
    ]


def _rounded(value: object, digits: int) -> float | None:
    return round(float(value), digits) if isinstance(value, int | float) else None


def totals(rows: Sequence[RegionRow]) -> dict[str, Any]:
    """The outcome of all regions done together (sums; shares and ratios of the sums)."""
    done = [row.outcome for row in rows if row.status == "done"]
    out: dict[str, Any] = {}
    keys = ("units", "people", "outlets_in_region", "sites_proposed", "sites_after_border")
    for key in (*keys, "staff"):
        values = [o[key] for o in done if isinstance(o.get(key), int | float)]
        out[key] = sum(values) if values else None
    out["covered"] = {k: sum(o.get("covered", {}).get(k, 0.0) for o in done) for k in _keys(done)}
    classes = {c for o in done for c in o.get("covered_by_class", {})}
    out["covered_by_class"] = {
        c: {
            k: sum(o.get("covered_by_class", {}).get(c, {}).get(k, 0.0) for o in done)
            for k in {k for o in done for k in o.get("covered_by_class", {}).get(c, {})}
        }
        for c in classes
    }
    out["groups"] = group_totals(done)
    staff, people = out["staff"], out["people"]
    if isinstance(staff, int | float) and isinstance(people, int | float) and people > 0:
        out["staff_per_10k"] = staff / people * 10_000.0
    for key in ("cpu_s", "wall_s"):
        out[key] = sum(float(o.get(key) or 0.0) for o in done)
    out["peak_rss_mb"] = max((float(o.get("peak_rss_mb") or 0.0) for o in done), default=None)
    return out


def _keys(done: Sequence[Mapping[str, Any]]) -> set[str]:
    return {key for o in done for key in o.get("covered", {})}


def summary_table(rows: Sequence[RegionRow], lang: str = "zh") -> tuple[pd.DataFrame, list[Field]]:
    """The table: a row per region, then the total of the regions done; and its fields."""
    columns = _columns(rows, lang)
    heads: list[tuple[str, Kind]] = [
        (t("batch.col.region_code", lang), "text"),
        (t("batch.col.region_name", lang), "text"),
        (t("batch.col.status", lang), "text"),
    ]
    records: list[list[Any]] = []
    for row in [*rows, RegionRow("", t("batch.total", lang), "done", totals(rows))]:
        status = t(f"batch.status.{row.status}", lang) if row.code else ""
        cells = [cell(row.outcome) if row.outcome else None for _, _, cell in columns]
        note = row.outcome.get("note") if row.code else None
        said = t(f"batch.note.{note}", lang) if note else ""
        records.append([row.code, row.name, status, *cells, said, row.error])
    tail = [t("batch.col.note", lang), t("batch.col.error", lang)]
    names = [h for h, _ in heads] + [h for h, _, _ in columns] + tail
    kinds: list[Kind] = [k for _, k in heads] + [k for _, k, _ in columns] + ["text", "text"]
    table = pd.DataFrame(records, columns=names)
    for name, kind in zip(names, kinds, strict=True):
        if kind in ("people", "count"):  # whole persons and counts, blank where unknown
            table[name] = pd.to_numeric(table[name]).round().astype("Int64")
    fields = [
        Field(column=n, kind=k, short="", label="", meaning="")
        for n, k in zip(names, kinds, strict=True)
    ]
    return table, fields


def _level_sheets(
    jobs: Sequence[RegionJob], out_dir: str | os.PathLike[str], lang: str
) -> list[Sheet]:
    """The gathered township and community coverage, a sheet per level (none without units)."""
    units = gathered_layer(jobs, out_dir, "analysis.gpkg", "units")
    if units is None:
        return []
    sheets: list[Sheet] = []
    for level, key in (("township", "streets"), ("community", "communities")):
        part = units[units["level"] == level]
        if not len(part):
            continue
        ready = ready_layer(part.reset_index(drop=True), "units", lang)
        table, fields = table_of(flags_as_words(ready, lang), ready.fields, lang)
        sheets.append(Sheet(t(f"report.handover.sheet.{key}", lang), table, fields))
    return sheets


def _run_sheet(facts: ClusterFacts | None, total: int, wall_s: float | None, lang: str) -> Sheet:
    """Where the batch ran: scheduler, workers and each one's memory limit."""
    memory = (
        None if facts is None or facts.memory_limit_mb is None else round(facts.memory_limit_mb)
    )
    pairs = [
        (t("batch.run.regions", lang), total),
        (t("batch.run.scheduler", lang), None if facts is None else facts.scheduler),
        (t("batch.run.workers", lang), None if facts is None else facts.workers),
        (t("batch.run.memory", lang), memory),
        (t("batch.run.wall_s", lang), None if wall_s is None else round(wall_s, 1)),
    ]
    item, value = t("batch.run.item", lang), t("batch.run.value", lang)
    table = pd.DataFrame(
        {item: [p[0] for p in pairs], value: pd.Series([p[1] for p in pairs], dtype=object)}
    )
    text = [Field(column=c, kind="text", short="", label="", meaning="") for c in (item, value)]
    return Sheet(t("batch.sheet.run", lang), table, text)


def write_summary(
    jobs: Sequence[RegionJob],
    out_dir: str | os.PathLike[str],
    *,
    failed: Sequence[RegionFailure] = (),
    facts: ClusterFacts | None = None,
    wall_s: float | None = None,
    lang: str = "zh",
    extra: Sequence[Sheet] = (),
    border_sites: Mapping[str, int] | None = None,
) -> list[Path]:
    """Write the summary table as ``<区域汇总>.csv`` and ``.xlsx`` into ``out_dir``.

    ``extra`` sheets (the border pass's table) go after the level sheets;
    ``border_sites`` (each region's sites after the border pass, by code)
    adds a column beside the first pass's sites.

    Returns
    -------
    list of pathlib.Path
        The CSV and the workbook.
    """
    rows = region_rows(jobs, out_dir, failed, lang=lang)
    if border_sites is not None:
        rows = with_border_sites(rows, border_sites)
    table, fields = summary_table(rows, lang)
    stem = Path(out_dir) / t("batch.file.summary", lang)
    csv_path, xlsx_path = stem.with_suffix(".csv"), stem.with_suffix(".xlsx")
    with atomic_path(csv_path) as temporary:
        write_csv(table, temporary)
    sheets = [Sheet(t("batch.sheet.regions", lang), table, fields)]
    sheets += _level_sheets(jobs, out_dir, lang)
    sheets += [sheet for sheet in [groups_sheet(jobs, out_dir, lang)] if sheet is not None]
    sheets += list(extra)
    sheets.append(_run_sheet(facts, len(jobs), wall_s, lang))
    with atomic_path(xlsx_path) as temporary:
        write_workbook(sheets, temporary)
    return [csv_path, xlsx_path]


__all__ = [
    "RegionRow",
    "region_rows",
    "summary_table",
    "totals",
    "with_border_sites",
    "write_summary",
]
