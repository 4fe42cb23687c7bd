"""The set of print maps of a run, written into one folder (``servicecircle map DIR --print A4``).

:func:`print_set` lists the pages of a run: the overview, coverage today and
the gaps; with a siting plan also coverage after the plan and one page per new
outlet with its service area; then one page per township (street) with its
communities (:func:`~servicecircle.maps.print_map.unit_map`).
:func:`write_print_maps` renders them as PNG and/or PDF files named in the
map's language (``01_区域概况.png``, ``05_新增网点1服务范围.pdf``,
``08_东街道覆盖.png``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Final

from matplotlib.figure import Figure

from servicecircle._io import write_errors
from servicecircle.errors import InputDataError
from servicecircle.i18n import check_lang, t
from servicecircle.i18n.message import msg
from servicecircle.maps.print_map import (
    after_plan_map,
    gaps_print_map,
    map_pdf,
    map_png,
    overview_map,
    site_area_map,
    today_map,
    township_names,
    unit_map,
)
from servicecircle.maps.print_page import PAPER_MM
from servicecircle.results.bundle import Results

FORMATS: Final[tuple[str, ...]] = ("png", "pdf")
"""File formats of the print maps."""

Draw = Callable[[], Figure]


def print_formats(text: str) -> tuple[str, ...]:
    """The formats of a ``--format`` value (``"png,pdf"``), in the order given.

    >>> print_formats("PDF, png")
    ('pdf', 'png')

    Raises
    ------
    InputDataError
        For a format other than png and pdf, or none at all.
    """
    formats = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    for kind in formats or (text,):
        if kind not in FORMATS:
            raise InputDataError(msg("msg.maps.bad_format", format=kind))
    return formats


def default_print_folder(out_dir: str | os.PathLike[str], *, size: str, lang: str) -> Path:
    """``maps/<folder name>_<size>_<lang>`` in the working directory (``maps/out_A4_zh``)."""
    name = Path(out_dir).resolve().name or "outputs"
    return Path("maps") / f"{name}_{size}_{lang}"


def print_set(results: Results, *, lang: str = "zh", size: str = "A4") -> list[tuple[str, Draw]]:
    """The pages of ``results``: (file name without suffix, function drawing the page)."""
    check_lang(lang)
    if size not in PAPER_MM:
        raise InputDataError(msg("msg.maps.bad_size", size=size))
    pages: list[tuple[str, Draw]] = [
        (t("print.file.overview", lang), partial(overview_map, results, lang, size)),
        (t("print.file.today", lang), partial(today_map, results, lang, size)),
        (t("print.file.gaps", lang), partial(gaps_print_map, results, lang, size)),
    ]
    if results.siting is not None and "chosen" in results.layers:
        pages.append((t("print.file.after", lang), partial(after_plan_map, results, lang, size)))
        for site in results.siting.chosen:
            rank = int(site.rank)
            draw = partial(site_area_map, results, rank, lang, size)
            pages.append((t("print.file.site", lang, rank=rank), draw))
    for township in township_names(results.layers.get("units")):
        draw = partial(unit_map, results, township, lang, size)
        pages.append((_file_safe(t("print.file.unit", lang, unit=township)), draw))
    return [(f"{n:02d}_{name}", draw) for n, (name, draw) in enumerate(pages, start=1)]


_NOT_IN_FILE_NAMES: Final = str.maketrans(dict.fromkeys('/\\:*?"<>|', "_"))


def _file_safe(name: str) -> str:
    """``name`` without the characters a file name cannot hold (``/``, ``:``, ...).

    >>> _file_safe("A/B: 街道")
    'A_B_ 街道'
    """
    return name.translate(_NOT_IN_FILE_NAMES).strip() or "_"


def write_print_maps(
    results: Results,
    folder: str | os.PathLike[str],
    *,
    lang: str = "zh",
    size: str = "A4",
    formats: Sequence[str] = FORMATS,
    dpi: int = 200,
) -> list[Path]:
    """Write the print maps of ``results`` into ``folder`` (created when missing).

    Parameters
    ----------
    results
        The run (:func:`~servicecircle.results.folder.read_results`).
    folder
        Where the files go.
    lang, size
        The maps' language (``"zh"``, ``"en"``) and paper (``"A4"``, ``"A3"``, landscape).
    formats
        Any of ``"png"`` and ``"pdf"``.
    dpi
        Resolution of the PNG files (A4 at 200 dpi is 2339 x 1654 pixels).

    Returns
    -------
    list of pathlib.Path
        The files written, page by page.

    Raises
    ------
    OutputError
        When the folder or a file cannot be written.
    """
    target = Path(folder)
    with write_errors(target):
        target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in print_set(results, lang=lang, size=size):
        fig = draw()
        for kind in formats:
            path = target / f"{name}.{kind}"
            data = map_png(fig, dpi=dpi) if kind == "png" else map_pdf(fig)
            with write_errors(path):
                path.write_bytes(data)
            written.append(path)
    return written
