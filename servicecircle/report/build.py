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
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
from jinja2 import Environment, PackageLoader, select_autoescape

from servicecircle._io import atomic_path
from servicecircle.errors import InputDataError
from servicecircle.report.context import (
    area_rows,
    assumptions_context,
    breaks_of,
    class_rows,
    coverage_rows,
    gap_rows,
    must_cover_rows,
    siting_context,
    unit_tables,
)
from servicecircle.report.demand_context import (
    census_audit_rows,
    demand_quality_context,
    off_network_context,
)
from servicecircle.report.formatting import by_break, fmt_people, fmt_share
from servicecircle.report.strings import check_lang, text
from servicecircle.results_io import read_layers, read_siting_summary, read_summary
from servicecircle.staticmaps import (
    coverage_curve_chart,
    coverage_map,
    figure_png,
    gaps_map,
)

logger = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("html", "pdf")
Progress = Callable[[float, str], None]


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
    """Read the report's inputs from an ``analyze`` / ``site`` output folder.

    Raises
    ------
    InputDataError
        When the folder is missing, has no ``summary.json``, or a file in it
        is damaged (the message says which command writes it again).
    """
    folder = Path(out_dir)
    summary = read_summary(folder)
    layers: dict[str, gpd.GeoDataFrame] = {}
    for gpkg in (folder / "analysis.gpkg", folder / "siting.gpkg"):
        if gpkg.is_file():
            found = read_layers(gpkg, maps_only=True)
            layers.update(
                {
                    name: frame
                    for name, frame in found.items()
                    if isinstance(frame, gpd.GeoDataFrame)
                }
            )
    return ReportInputs(summary=summary, layers=layers, siting=read_siting_summary(folder))


def _png_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


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
    curve = (inputs.siting or {}).get("curve") or []
    if siting is not None and curve:
        fig = coverage_curve_chart(curve, lang=lang)
        figures["curve"] = _png_uri(figure_png(fig))
    return figures


def report_context(inputs: ReportInputs, *, lang: str = "zh") -> dict[str, Any]:
    """Everything the report template shows, as plain (unescaped) values."""
    check_lang(lang)
    summary = inputs.summary
    breaks = breaks_of(summary)
    main = breaks[-1]
    area = summary.get("study_area") or {}
    total = summary.get("population_total")
    covered = by_break(summary.get("population_covered"), main)
    share = by_break(summary.get("coverage_share"), main)
    siting = siting_context(inputs.siting, summary, lang)
    standard = summary.get("standard") if isinstance(summary.get("standard"), Mapping) else {}
    gaps, more_gaps = gap_rows(summary, lang)
    must, more_must = must_cover_rows(summary, lang)
    key_figures = [
        (text("key.population", lang), fmt_people(total)),
        (text("key.coverage", lang, minutes=f"{main:g}"), fmt_share(share)),
    ]
    if standard:
        key_figures.append((text("key.standard", lang), fmt_share(standard.get("share"))))
    key_figures.append((text("key.gaps", lang), fmt_people(len(summary.get("gaps") or []))))
    if inputs.siting and siting is not None:
        key_figures.append((text("key.new_sites", lang), fmt_people(len(siting["chosen"]))))
        key_figures.append((text("key.after", lang), fmt_share(inputs.siting.get("share_after"))))
    return {
        "lang": lang,
        "title": text("report.title", lang),
        "area_name": str(area.get("name", "")),
        "generated": text(
            "report.generated", lang, date=dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        ),
        "key_figures": key_figures,
        "area_rows": area_rows(summary, lang),
        "assumptions": assumptions_context(summary, lang),
        "quality": demand_quality_context(summary, lang),
        "census_audit": census_audit_rows(summary, lang),
        "off_network": off_network_context(summary, lang),
        "breaks": [f"{m:g}" for m in breaks],
        "main_minutes": f"{main:g}",
        "headline": text(
            "coverage.headline",
            lang,
            minutes=f"{main:g}",
            covered=fmt_people(covered),
            share=fmt_share(share),
            total=fmt_people(total),
        ),
        "standard_line": (
            text(
                "coverage.standard",
                lang,
                covered=fmt_people(standard.get("covered")),
                share=fmt_share(standard.get("share")),
                unreachable=fmt_people(summary.get("unreachable_people")),
            )
            if standard
            else ""
        ),
        "coverage_rows": coverage_rows(summary, breaks),
        "class_rows": class_rows(summary, breaks, lang),
        "must_cover": must,
        "more_must_cover": more_must,
        "units": unit_tables(summary, inputs.layers.get("demand"), breaks, lang),
        "gaps": gaps,
        "more_gaps": more_gaps,
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
    with atomic_path(target) as tmp:
        weasyprint.HTML(string=html, base_url=str(target.parent)).write_pdf(tmp)
    return target


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
    try:
        html = render_html(inputs, lang=lang)
    except (TypeError, KeyError, ValueError, AttributeError, IndexError) as error:
        if isinstance(error, InputDataError):
            raise
        logger.debug("the report could not be drawn", exc_info=True)
        raise InputDataError(
            f"The results in {folder} hold values the report cannot read "
            f"({type(error).__name__}: {error}); they may have been edited or damaged. Run "
            f"`servicecircle analyze ... --out {folder}` (and `site`) again to write them afresh."
        ) from error
    written: list[Path] = []
    for i, fmt in enumerate(wanted):
        target = folder / f"report_{lang}.{fmt}"
        if progress is not None:
            progress(0.6 + 0.4 * i / len(wanted), f"writing {target.name}")
        if fmt == "html":
            with atomic_path(target) as tmp:
                tmp.write_text(html, encoding="utf-8")
        else:
            html_to_pdf(html, target)
        written.append(target)
    if progress is not None:
        progress(1.0, "report written")
    logger.info("wrote report (%s): %s", lang, ", ".join(p.name for p in written))
    return written
