"""The interactive map of an ``analyze`` / ``site`` output folder, as one offline HTML file.

:func:`map_from_outputs` puts the layers of ``analysis.gpkg`` (and
``siting.gpkg``) on a folium map with the one results-map recipe,
:func:`servicecircle.maps.recipes.coverage_layers`: township and community
boundaries, service areas, demand, gaps, existing outlets and the recommended
sites, labelled in Chinese or English, opened on the people and outlets inside
the study extent (:func:`~servicecircle.maps.extent.results_bounds`), not on
the whole road network. :func:`write_map_html` writes it as a self-contained page
(Leaflet inlined, no CDN), so it opens with no internet; with ``basemap="none"``
it needs no tiles either.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, cast

from servicecircle._io import write_errors, write_text_atomic
from servicecircle.errors import InputDataError
from servicecircle.i18n import check_lang, t
from servicecircle.i18n.message import Message, msg
from servicecircle.inputs.naming import shown_name
from servicecircle.maps.extent import results_bounds
from servicecircle.maps.recipes import LayerFrames, coverage_layers
from servicecircle.report.strings import text
from servicecircle.results.folder import read_results

if TYPE_CHECKING:
    import folium

logger = logging.getLogger(__name__)

#: Default folder for exported maps (relative to the working directory).
MAPS_DIR = Path("maps")


def map_from_outputs(
    out_dir: str | os.PathLike[str],
    *,
    lang: str = "zh",
    basemap: str = "none",
    tianditu_key: str | None = None,
) -> folium.Map:
    """Build the interactive map of the outputs in ``out_dir``.

    Parameters
    ----------
    out_dir
        Folder written by ``servicecircle analyze`` (and optionally ``site``).
    lang
        ``"zh"`` or ``"en"``: layer names, legend and tooltips.
    basemap
        ``"none"`` (works offline), ``"osm"``, ``"cartodb"`` or ``"tianditu"``.
    tianditu_key
        The user's Tianditu key, for ``basemap="tianditu"``.

    Returns
    -------
    folium.Map
    """
    from servicecircle.maps import web as webmap

    check_lang(lang)
    if basemap not in webmap.BASEMAPS:
        raise InputDataError(
            msg("msg.report.unknown_basemap", basemap=basemap, choices=list(webmap.BASEMAPS))
        )
    if basemap == "tianditu" and not (tianditu_key or "").strip():
        raise InputDataError(msg("msg.report.tianditu_key"))
    inputs = read_results(out_dir)
    reasons = None
    if inputs.siting is not None:
        from servicecircle.report.siting_tables import site_reasons_text

        reasons = {site.rank: site_reasons_text(site, lang) for site in inputs.siting.chosen}
    frames = LayerFrames.from_layers(inputs.layers)
    built = coverage_layers(
        frames,
        frames if inputs.siting is not None else None,
        lang=lang,
        minutes=inputs.coverage.breaks[-1],
        reasons=reasons,
    )
    area = shown_name(inputs.coverage.study_area.name, lang)
    m = webmap.compose_map(
        built,
        bounds=results_bounds(inputs) or inputs.coverage.study_area.bounds,
        basemap=basemap,
        tianditu_key=tianditu_key,
        legend_title=text("map_title", lang, area=area, title=t("map.legend", lang)),
        attribution=text("footer.attribution", lang),
    )
    return with_page_title(m, text("titled", lang, area=area, title=text("report.title", lang)))


def with_page_title(m: folium.Map, title: str) -> folium.Map:
    """``m`` with ``title`` (escaped) as its page's ``<title>``, the name a browser tab shows."""
    from branca.element import Element, Figure

    from servicecircle.maps.web import escape_text

    page = cast("Figure", m.get_root())  # a map's root is the page (its <head> is header)
    page.header.add_child(Element(f"<title>{escape_text(title)}</title>"))
    return m


def default_map_path(out_dir: str | os.PathLike[str], *, lang: str = "zh") -> Path:
    """``maps/<folder name>_<lang>.html`` in the working directory."""
    name = Path(out_dir).resolve().name or "outputs"
    return MAPS_DIR / f"{name}_{lang}.html"


def write_map_html(
    out_dir: str | os.PathLike[str],
    path: str | os.PathLike[str] | None = None,
    *,
    lang: str = "zh",
    basemap: str = "none",
    tianditu_key: str | None = None,
) -> Path:
    """Write the interactive map of ``out_dir`` as one self-contained HTML file.

    Parameters
    ----------
    out_dir
        Folder written by ``servicecircle analyze`` / ``site``.
    path
        Target ``.html`` file; default :func:`default_map_path`. Its folder is
        created when missing.
    lang, basemap, tianditu_key
        See :func:`map_from_outputs`.

    Returns
    -------
    pathlib.Path
        The file written (atomically: written aside, then renamed).

    Raises
    ------
    InputDataError
        When the Leaflet files are not installed
        (``bash scripts/install_web_assets.sh``), or the outputs are missing or
        damaged.
    OutputError
        When the file cannot be written (a file where a folder should be, no
        permission, a read-only or full disk).
    """
    from servicecircle.maps import web as webmap

    target = Path(path) if path is not None else default_map_path(out_dir, lang=lang)
    if target.suffix.lower() not in (".html", ".htm"):
        raise InputDataError(msg("msg.report.map_not_html", name=target.name))
    m = map_from_outputs(out_dir, lang=lang, basemap=basemap, tianditu_key=tianditu_key)
    try:
        page = webmap.map_to_standalone_html(m)
    except FileNotFoundError as exc:
        said = exc.args[0] if exc.args and isinstance(exc.args[0], Message) else None
        raise InputDataError(said or msg("msg.report.no_leaflet", error=exc)) from exc
    with write_errors(target):
        target.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(target, page)
    logger.info("wrote the interactive map %s (%d bytes)", target, len(page))
    return target
