"""Build the siting report (HTML, PDF) from the folder ``analyze`` / ``site`` wrote.

Reads ``summary.json`` and ``analysis.gpkg`` and, when present,
``siting.json`` and ``siting.gpkg``; renders one self-contained HTML page
(maps and charts embedded as PNG) with Jinja2 (autoescape on, so names from
uploads and OSM are shown as text, never as markup), and prints it to PDF with
WeasyPrint. Unknown extra keys in the JSON files are ignored; unknown
assumption keys are listed as they are.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import math
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
from jinja2 import Environment, PackageLoader, select_autoescape

from servicecircle.errors import InputDataError
from servicecircle.project import coverage_table
from servicecircle.report.strings import (
    assumption_label,
    check_lang,
    class_label,
    mode_label,
    status_label,
    text,
)
from servicecircle.staticmaps import (
    ATTRIBUTION,
    coverage_curve_chart,
    coverage_map,
    figure_png,
    gaps_map,
)

logger = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("html", "pdf")
Progress = Callable[[float, str], None]

#: Most rows shown in the gaps table (the map numbers the first ten).
MAX_GAP_ROWS = 30


@dataclass(frozen=True, eq=False)
class ReportInputs:
    """What the report is built from.

    Attributes
    ----------
    summary
        ``summary.json``.
    layers
        Layers of ``analysis.gpkg`` (``demand``, ``outlets``, ``isochrones``,
        ``gaps``, ``units``) and of ``siting.gpkg`` (``chosen``,
        ``candidates``), those present.
    siting
        ``siting.json``, or ``None`` when no siting was run.
    """

    summary: Mapping[str, Any]
    layers: Mapping[str, gpd.GeoDataFrame] = field(default_factory=dict)
    siting: Mapping[str, Any] | None = None


def load_outputs(out_dir: str | os.PathLike[str]) -> ReportInputs:
    """Read the report's inputs from an ``analyze`` / ``site`` output folder."""
    folder = Path(out_dir)
    summary_path = folder / "summary.json"
    if not summary_path.is_file():
        raise InputDataError(
            f"{folder} has no summary.json; run `servicecircle analyze ... --out {folder}` "
            "before building the report."
        )
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    layers: dict[str, gpd.GeoDataFrame] = {}
    for gpkg in (folder / "analysis.gpkg", folder / "siting.gpkg"):
        if not gpkg.is_file():
            continue
        for name, geom_type in pyogrio.list_layers(gpkg):
            if geom_type is not None:
                layers[str(name)] = pyogrio.read_dataframe(gpkg, layer=str(name))
    siting_path = folder / "siting.json"
    siting = json.loads(siting_path.read_text(encoding="utf-8")) if siting_path.is_file() else None
    return ReportInputs(summary=summary, layers=layers, siting=siting)


# --------------------------------------------------------------------------- formatting


def fmt_people(value: Any) -> str:
    """``12345.4`` -> ``"12,345"``; missing -> ``"—"``."""
    number = _number(value)
    return "—" if number is None else f"{number:,.0f}"


def fmt_share(value: Any, *, digits: int = 1) -> str:
    """``0.8734`` -> ``"87.3%"``; missing -> ``"—"``."""
    number = _number(value)
    return "—" if number is None else f"{100.0 * number:.{digits}f}%"


def fmt_minutes(value: Any, lang: str = "zh") -> str:
    """``7.25`` -> ``"7.3"``; missing (unreachable) -> the language's word for it."""
    number = _number(value)
    return text("value.unreachable", lang) if number is None else f"{number:.1f}"


def fmt_coord(value: Any) -> str:
    """Longitude / latitude with 5 decimals (about 1 m)."""
    number = _number(value)
    return "—" if number is None else f"{number:.5f}"


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _by_break(mapping: Any, minutes: float) -> Any:
    """Value of a mapping keyed by break (``"15"``, ``15``, ``"15.0"``)."""
    if not isinstance(mapping, Mapping):
        return mapping
    for key in (
        f"{minutes:g}",
        str(minutes),
        int(minutes) if float(minutes).is_integer() else None,
        float(minutes),
    ):
        if key is not None and key in mapping:
            return mapping[key]
    return None


def _fmt_value(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Mapping):
        return "; ".join(
            f"{assumption_label(k, lang)}: {_fmt_value(v, lang)}" for k, v in value.items()
        )
    if isinstance(value, (list, tuple)):
        return ", ".join(_fmt_value(v, lang) for v in value)
    return "" if value is None else str(value)


def _fmt_speed(value: Any, lang: str) -> str:
    number = _number(value)
    return f"{number:g} km/h" if number is not None else _fmt_value(value, lang)


def _png_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


# --------------------------------------------------------------------------- context


def _breaks(summary: Mapping[str, Any]) -> list[float]:
    minutes = summary.get("minutes") or (summary.get("assumptions") or {}).get("breaks") or [15]
    return sorted(float(m) for m in minutes)


def _area_rows(inputs: ReportInputs, lang: str) -> list[tuple[str, str]]:
    s = inputs.summary
    area = s.get("study_area") or {}
    rows = [(text("area.name", lang), str(area.get("name", "")))]
    bounds = area.get("bounds")
    if isinstance(bounds, Mapping):
        bounds = [bounds.get(k) for k in ("west", "south", "east", "north")]
    if isinstance(bounds, Sequence) and len(bounds) == 4:
        rows.append((text("area.bounds", lang), ", ".join(fmt_coord(b) for b in bounds)))
    network = s.get("network") or {}
    if network:
        rows.append(
            (
                text("area.network", lang),
                text(
                    "area.network_value",
                    lang,
                    nodes=fmt_people(network.get("nodes")),
                    edges=fmt_people(network.get("edges")),
                ),
            )
        )
    if "mode" in s:
        rows.append((text("area.mode", lang), mode_label(s["mode"], lang)))
    rows.append(
        (
            text("area.breaks", lang),
            ", ".join(f"{m:g}" for m in _breaks(s)) + (" 分钟" if lang == "zh" else " min"),
        )
    )
    if "n_outlets" in s:
        rows.append((text("area.outlets", lang), fmt_people(s["n_outlets"])))
    if "population_total" in s:
        rows.append((text("area.population", lang), fmt_people(s["population_total"])))
    return rows


def _assumptions(summary: Mapping[str, Any], lang: str) -> dict[str, Any]:
    raw = dict(summary.get("assumptions") or {})
    speeds = raw.pop("speeds", None)
    population = raw.pop("population", None)
    sources = raw.pop("data_sources", None) or raw.pop("sources", None) or []
    notes = list(raw.pop("notes", None) or []) + list(summary.get("notes") or [])
    raw.pop("breaks", None)
    if isinstance(sources, (str, Mapping)):
        sources = [sources]
    source_lines = [_fmt_value(src, lang) for src in sources]
    if not any("OpenStreetMap" in line for line in source_lines):
        source_lines.append(ATTRIBUTION)
    speed_rows = (
        [(mode_label(k, lang), _fmt_speed(v, lang)) for k, v in speeds.items()]
        if isinstance(speeds, Mapping)
        else ([("", _fmt_value(speeds, lang))] if speeds else [])
    )
    population_rows = (
        [(assumption_label(k, lang), _fmt_value(v, lang)) for k, v in population.items()]
        if isinstance(population, Mapping)
        else []
    )
    other_rows = [(assumption_label(k, lang), _fmt_value(v, lang)) for k, v in raw.items()]
    return {
        "speeds": speed_rows,
        "population": population_rows,
        "sources": source_lines,
        "notes": [_fmt_value(n, lang) for n in notes],
        "other": other_rows,
    }


def _coverage_rows(summary: Mapping[str, Any], breaks: Iterable[float]) -> list[dict[str, str]]:
    total = _number(summary.get("population_total"))
    rows = []
    for m in breaks:
        covered = _number(_by_break(summary.get("population_covered"), m))
        share = _by_break(summary.get("coverage_share"), m)
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


def _class_rows(
    summary: Mapping[str, Any], breaks: Sequence[float], lang: str
) -> list[dict[str, Any]]:
    rows = []
    main = breaks[-1]
    for name, entry in (summary.get("by_class") or {}).items():
        if not isinstance(entry, Mapping):
            continue
        total = _number(_by_break(entry.get("total"), main))
        shares = []
        for m in breaks:
            covered = _number(_by_break(entry.get("covered"), m))
            t = _number(_by_break(entry.get("total"), m))
            shares.append(fmt_share(covered / t if covered is not None and t else None))
        covered_main = _number(_by_break(entry.get("covered"), main))
        rows.append(
            {
                "label": class_label(name, lang),
                "people": fmt_people(total),
                "covered": fmt_people(covered_main),
                "shares": shares,
            }
        )
    return rows


def _unit_tables(inputs: ReportInputs, minutes: float, lang: str) -> dict[str, list[Any]]:
    demand = inputs.layers.get("demand")
    if (
        demand is None
        or "people" not in demand.columns
        or ("minutes_to_nearest" not in demand.columns)
    ):
        return {"township": [], "community": []}
    table = coverage_table(demand, minutes=[minutes])
    out: dict[str, list[Any]] = {}
    for level in ("township", "community"):
        part = table[table["level"] == level]
        out[level] = [
            {
                "township": str(r["township"]) or text("value.unnamed", lang),
                "unit": str(r["unit"]) or text("value.unnamed", lang),
                "people": fmt_people(r["people"]),
                "covered": fmt_people(r["covered"]),
                "uncovered": fmt_people(float(r["people"]) - float(r["covered"])),
                "share": fmt_share(r["share"]),
            }
            for r in part.to_dict("records")
        ]
    return out


def _gap_rows(summary: Mapping[str, Any], lang: str) -> list[dict[str, str]]:
    rows = []
    for i, gap in enumerate(summary.get("gaps") or [], start=1):
        if not isinstance(gap, Mapping):
            continue
        where_parts = [str(gap[k]) for k in ("name", "township", "community") if gap.get(k)]
        rows.append(
            {
                "rank": str(gap.get("rank", i)),
                "where": " / ".join(where_parts) or text("value.none", lang),
                "people": fmt_people(gap.get("people")),
                "nearest": fmt_minutes(gap.get("nearest_minutes"), lang),
            }
        )
    return rows[:MAX_GAP_ROWS]


def _must_cover_rows(summary: Mapping[str, Any], lang: str) -> list[dict[str, str]]:
    rows = []
    for area in summary.get("must_cover_uncovered") or []:
        if isinstance(area, Mapping):
            rows.append(
                {
                    "name": str(area.get("name") or text("value.unnamed", lang)),
                    "class": class_label(area.get("class", ""), lang),
                    "people": fmt_people(area.get("people")),
                }
            )
    return rows


def _reasons(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "；".join(str(v) for v in value)
    return "" if value is None else str(value)


def _class_coverage(entry: Any, minutes: float) -> tuple[float | None, float | None]:
    """(covered, total) of one class in coverage_before / coverage_after, any known shape."""
    if isinstance(entry, Mapping):
        covered = entry.get("covered")
        total = entry.get("total", entry.get("people"))
        if isinstance(covered, Mapping) or isinstance(total, Mapping):
            covered, total = _by_break(covered, minutes), _by_break(total, minutes)
        if covered is None and "share" in entry and _number(total) is not None:
            covered = float(entry["share"]) * float(total)
        return _number(covered), _number(total)
    return None, None


def _siting_context(inputs: ReportInputs, minutes: float, lang: str) -> dict[str, Any] | None:
    siting = inputs.siting
    if not siting:
        return None
    chosen = sorted(
        (c for c in siting.get("chosen") or [] if isinstance(c, Mapping)),
        key=lambda c: _number(c.get("rank")) or 0.0,
    )
    chosen_rows = [
        {
            "rank": str(c.get("rank", i)),
            "name": str(c.get("name") or text("value.unnamed", lang)),
            "lon": fmt_coord(c.get("lon")),
            "lat": fmt_coord(c.get("lat")),
            "newly_covered": fmt_people(c.get("newly_covered")),
            "reasons": _reasons(c.get("reasons")),
        }
        for i, c in enumerate(chosen, start=1)
    ]
    newly = sum(_number(c.get("newly_covered")) or 0.0 for c in chosen)
    site_minutes = _number(siting.get("minutes")) or minutes
    before = siting.get("coverage_before") or {}
    after = siting.get("coverage_after") or {}
    before_after = []
    for name in dict.fromkeys([*before, *after]):
        cb, tb = _class_coverage(before.get(name), site_minutes)
        ca, ta = _class_coverage(after.get(name), site_minutes)
        total = tb if tb is not None else ta
        before_after.append(
            {
                "label": class_label(name, lang),
                "people": fmt_people(total),
                "before": fmt_people(cb),
                "after": fmt_people(ca),
                "gain": fmt_people(None if ca is None or cb is None else ca - cb),
                "share_before": fmt_share(cb / total if cb is not None and total else None),
                "share_after": fmt_share(ca / total if ca is not None and total else None),
            }
        )
    gap = _number(siting.get("gap"))
    method = [
        (text("method.model", lang), str(siting.get("model", ""))),
        (text("method.status", lang), status_label(siting.get("status"), lang)),
        (text("method.objective", lang), fmt_people(siting.get("objective"))),
        (text("method.bound", lang), fmt_people(siting.get("bound"))),
        (text("method.gap", lang), fmt_share(gap, digits=2)),
    ]
    return {
        "chosen": chosen_rows,
        "summary": text("sites.summary", lang, n=len(chosen_rows), people=fmt_people(newly)),
        "before_after": before_after,
        "before_after_title": text("sites.before_after", lang, minutes=f"{site_minutes:g}"),
        "method": method,
        "curve": siting.get("curve") or [],
    }


def _figures(
    inputs: ReportInputs, minutes: float, lang: str, siting: Mapping[str, Any] | None
) -> dict[str, str]:
    layers = inputs.layers
    demand = layers.get("demand")
    figures: dict[str, str] = {}
    units = layers.get("units")
    if demand is not None and len(demand):
        fig = coverage_map(
            demand,
            isochrones=layers.get("isochrones"),
            outlets=layers.get("outlets"),
            units=units,
            minutes=minutes,
            lang=lang,
            title=text("coverage.map", lang, minutes=f"{minutes:g}"),
        )
        figures["coverage"] = _png_uri(figure_png(fig))
    gaps = layers.get("gaps")
    if gaps is not None and len(gaps):
        fig = gaps_map(
            gaps,
            demand=demand,
            outlets=layers.get("outlets"),
            units=units,
            minutes=minutes,
            lang=lang,
        )
        figures["gaps"] = _png_uri(figure_png(fig))
    chosen = layers.get("chosen")
    if siting is not None and demand is not None and chosen is not None and len(chosen):
        fig = coverage_map(
            demand,
            isochrones=layers.get("isochrones"),
            outlets=layers.get("outlets"),
            chosen=chosen,
            units=units,
            minutes=minutes,
            lang=lang,
            title=text("sites.map", lang),
        )
        figures["sites"] = _png_uri(figure_png(fig))
    if siting is not None and siting["curve"]:
        fig = coverage_curve_chart(siting["curve"], lang=lang)
        figures["curve"] = _png_uri(figure_png(fig))
    return figures


def report_context(inputs: ReportInputs, *, lang: str = "zh") -> dict[str, Any]:
    """Everything the report template shows, as plain (unescaped) values."""
    check_lang(lang)
    summary = inputs.summary
    breaks = _breaks(summary)
    main = breaks[-1]
    area = summary.get("study_area") or {}
    covered = _by_break(summary.get("population_covered"), main)
    share = _by_break(summary.get("coverage_share"), main)
    siting = _siting_context(inputs, main, lang)
    return {
        "lang": lang,
        "title": text("report.title", lang),
        "area_name": str(area.get("name", "")),
        "generated": text(
            "report.generated", lang, date=dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        ),
        "area_rows": _area_rows(inputs, lang),
        "assumptions": _assumptions(summary, lang),
        "breaks": [f"{m:g}" for m in breaks],
        "main_minutes": f"{main:g}",
        "headline": text(
            "coverage.headline",
            lang,
            minutes=f"{main:g}",
            covered=fmt_people(covered),
            share=fmt_share(share),
            total=fmt_people(summary.get("population_total")),
        ),
        "coverage_rows": _coverage_rows(summary, breaks),
        "class_rows": _class_rows(summary, breaks, lang),
        "must_cover": _must_cover_rows(summary, lang),
        "units": _unit_tables(inputs, main, lang),
        "gaps": _gap_rows(summary, lang),
        "n_gaps": len(summary.get("gaps") or []),
        "siting": siting,
        "figures": _figures(inputs, main, lang, siting),
        "attribution": text("footer.attribution", lang),
        "t": lambda key, **kw: text(key, lang, **kw),
    }


# --------------------------------------------------------------------------- render


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("servicecircle.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(inputs: ReportInputs, *, lang: str = "zh") -> str:
    """The report as one self-contained HTML page (maps embedded)."""
    template = _environment().get_template("report.html.j2")
    return template.render(**report_context(inputs, lang=lang))


def html_to_pdf(html: str, path: str | os.PathLike[str]) -> Path:
    """Print an HTML page to PDF with WeasyPrint (needs the pango library)."""
    try:
        import weasyprint
    except OSError as exc:  # pragma: no cover - missing system library
        raise RuntimeError(
            "WeasyPrint cannot load the pango library needed for PDF output; install the "
            "system packages libpango-1.0-0 and libpangoft2-1.0-0, or export HTML only."
        ) from exc
    target = Path(path)
    with _atomic_path(target) as tmp:
        weasyprint.HTML(string=html, base_url=str(target.parent)).write_pdf(tmp)
    return target


@contextmanager
def _atomic_path(target: Path) -> Iterator[Path]:
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def build_report(
    out_dir: str | os.PathLike[str],
    *,
    lang: str = "zh",
    formats: Iterable[str] = FORMATS,
    progress: Progress | None = None,
) -> list[Path]:
    """Write the siting report into ``out_dir`` as ``report_<lang>.html`` / ``.pdf``.

    Parameters
    ----------
    out_dir
        The folder ``servicecircle analyze`` (and optionally ``site``) wrote.
    lang
        ``"zh"`` (Chinese) or ``"en"`` (English).
    formats
        Any of ``"html"`` and ``"pdf"``.
    progress
        Optional callback ``(fraction, message)``.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``formats``.
    """
    check_lang(lang)
    wanted = [f.strip().lower() for f in formats if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise InputDataError(
            f"Unknown report format {', '.join(unknown) or '(none)'}; choose html and/or pdf."
        )
    folder = Path(out_dir)
    if progress is not None:
        progress(0.0, "reading results")
    inputs = load_outputs(folder)
    if progress is not None:
        progress(0.2, "drawing maps and tables")
    html = render_html(inputs, lang=lang)
    written: list[Path] = []
    for i, fmt in enumerate(wanted):
        target = folder / f"report_{lang}.{fmt}"
        if progress is not None:
            progress(0.6 + 0.4 * i / len(wanted), f"writing {target.name}")
        if fmt == "html":
            with _atomic_path(target) as tmp:
                tmp.write_text(html, encoding="utf-8")
        else:
            html_to_pdf(html, target)
        written.append(target)
    if progress is not None:
        progress(1.0, "report written")
    logger.info("wrote report (%s): %s", lang, ", ".join(p.name for p in written))
    return written
