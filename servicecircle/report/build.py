"""Build the siting report (HTML, PDF) from :class:`~servicecircle.results.bundle.Results`.

Renders one self-contained HTML page (maps and charts embedded as PNG) with
Jinja2 (autoescape on, so names from uploads and OSM are shown as text, never
as markup), and prints it to PDF with WeasyPrint. Read an output folder with
:func:`servicecircle.results.folder.read_results`.
"""

from __future__ import annotations

import base64
import logging
import os
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
from jinja2 import Environment, PackageLoader, select_autoescape

from servicecircle._io import atomic_path
from servicecircle._progress import Progress, null_progress
from servicecircle.errors import InputDataError
from servicecircle.i18n import check_lang, t
from servicecircle.i18n.message import msg
from servicecircle.inputs.naming import shown_name
from servicecircle.maps.static import (
    coverage_curve_chart,
    coverage_map,
    figure_png,
    gaps_map,
)
from servicecircle.report.context import report_context
from servicecircle.report.strings import text
from servicecircle.results.bundle import Results

logger = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("html", "pdf")


def _png_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _titled(results: Results, title: str, lang: str) -> str:
    """A map's title led by the study area's name (``玄武区：现状覆盖图``)."""
    name = shown_name(results.coverage.study_area.name, lang)
    return text("map_title", lang, area=name, title=title) if name else title


def _coverage_png(
    results: Results,
    demand: gpd.GeoDataFrame,
    *,
    title: str,
    lang: str,
    chosen: gpd.GeoDataFrame | None = None,
) -> str:
    """The coverage map at the largest break (with the chosen sites, if given), as a data URI."""
    layers = results.layers
    fig = coverage_map(
        demand,
        isochrones=layers.get("isochrones"),
        outlets=layers.get("outlets"),
        chosen=chosen,
        units=layers.get("units"),
        minutes=results.coverage.breaks[-1],
        lang=lang,
        title=_titled(results, title, lang),
    )
    return _png_uri(figure_png(fig))


def figures(results: Results, lang: str) -> dict[str, str]:
    """The report's maps and the coverage curve, as PNG data URIs by name."""
    layers = results.layers
    minutes = results.coverage.breaks[-1]
    demand = layers.get("demand")
    units = layers.get("units")
    out: dict[str, str] = {}
    if demand is not None and len(demand):
        title = text("coverage.map", lang, minutes=f"{minutes:g}")
        out["coverage"] = _coverage_png(results, demand, title=title, lang=lang)
    gaps = layers.get("gaps")
    if gaps is not None and len(gaps):
        fig = gaps_map(
            gaps,
            demand=demand,
            outlets=layers.get("outlets"),
            units=units,
            minutes=minutes,
            lang=lang,
            title=_titled(results, t("map.gaps_title", lang), lang),
        )
        out["gaps"] = _png_uri(figure_png(fig))
    if results.siting is None:
        return out
    chosen = layers.get("chosen")
    if demand is not None and chosen is not None and len(chosen):
        title = text("sites.map", lang)
        out["sites"] = _coverage_png(results, demand, chosen=chosen, title=title, lang=lang)
    if results.siting.curve:
        curve = [point.to_json() for point in results.siting.curve]
        out["curve"] = _png_uri(figure_png(coverage_curve_chart(curve, lang=lang)))
    return out


# --------------------------------------------------------------------------- render


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("servicecircle.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(results: Results, *, lang: str = "zh") -> str:
    """The report as one self-contained HTML page (maps embedded)."""
    template = _environment().get_template("report.html.j2")
    context = report_context(results, lang=lang)
    return template.render(**context, figures=figures(results, lang))


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
    results: Results,
    out_dir: str | os.PathLike[str],
    *,
    lang: str = "zh",
    formats: Iterable[str] = FORMATS,
    progress: Progress | None = None,
) -> list[Path]:
    """Write the siting report of ``results`` into ``out_dir`` as ``report_<lang>.html`` / ``.pdf``.

    Parameters
    ----------
    results
        The run's results (:func:`servicecircle.results.folder.read_results`
        reads them from the folder ``analyze`` / ``site`` wrote).
    out_dir
        The folder to write into.
    lang
        {"zh", "en"} Chinese or English.
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
        formats_said = list(unknown) if unknown else msg("msg.report.no_format")
        raise InputDataError(msg("msg.report.unknown_format", formats=formats_said))
    report = progress or null_progress
    folder = Path(out_dir)
    report(0.2, "drawing maps and tables")
    html = render_html(results, lang=lang)
    written: list[Path] = []
    for i, fmt in enumerate(wanted):
        target = folder / f"report_{lang}.{fmt}"
        report(0.6 + 0.4 * i / len(wanted), f"writing {target.name}")
        if fmt == "html":
            with atomic_path(target) as tmp:
                tmp.write_text(html, encoding="utf-8")
        else:
            html_to_pdf(html, target)
        written.append(target)
    report(1.0, "report written")
    logger.info("wrote report (%s): %s", lang, ", ".join(p.name for p in written))
    return written
