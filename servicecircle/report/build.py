"""Build the siting report (HTML, PDF) from :class:`~servicecircle.results.bundle.Results`.

Renders one self-contained HTML page (maps and charts embedded as PNG) with
Jinja2 (autoescape on, so names from uploads and OSM are shown as text, never
as markup), and prints it to PDF with WeasyPrint. Read an output folder with
:func:`servicecircle.results.folder.read_results`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from servicecircle._io import atomic_path
from servicecircle._progress import Progress, null_progress
from servicecircle.errors import InputDataError
from servicecircle.i18n import check_lang
from servicecircle.i18n.message import msg
from servicecircle.report.context import report_context
from servicecircle.report.figures import figures
from servicecircle.results.bundle import Results

logger = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("html", "pdf")


# --------------------------------------------------------------------------- render


def template_environment() -> Environment:
    """The report's templates, autoescaped (names from the data are shown as text)."""
    return Environment(
        loader=PackageLoader("servicecircle.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(results: Results, *, lang: str = "zh", bureau: str | None = None) -> str:
    """The report as one self-contained HTML page (maps embedded).

    ``bureau`` is the cover's "prepared by" line (a blank line to fill in
    when not given); it is shown as text, never as markup.
    """
    template = template_environment().get_template("report.html.j2")
    context = report_context(results, lang=lang, bureau=bureau)
    ranks = [int(str(rank)) for rank in context["site_ranks"]]  # type: ignore[attr-defined]
    return template.render(**context, figures=figures(results, lang, ranks))


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
    bureau: str | None = None,
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
    bureau
        The organisation preparing the report, for the cover (``None``: a
        blank line to fill in by hand).

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
    report(0.2, msg("msg.report.step.drawing"))
    html = render_html(results, lang=lang, bureau=bureau)
    written: list[Path] = []
    for i, fmt in enumerate(wanted):
        target = folder / f"report_{lang}.{fmt}"
        report(0.6 + 0.4 * i / len(wanted), msg("msg.report.step.writing", name=target.name))
        if fmt == "html":
            with atomic_path(target) as tmp:
                tmp.write_text(html, encoding="utf-8")
        else:
            html_to_pdf(html, target)
        written.append(target)
    report(1.0, msg("msg.report.step.written"))
    logger.info("wrote report (%s): %s", lang, ", ".join(p.name for p in written))
    return written
