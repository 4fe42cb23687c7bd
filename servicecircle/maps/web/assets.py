"""Local copies of the map's web assets: served by Streamlit or inlined into one file.

Maps load Leaflet (and any plugin) from local copies, never from a CDN, so they
render with no internet and no basemap:

* served by Streamlit (``server.enableStaticServing = true``), the asset URLs
  point at ``/app/static/vendor/...`` (:func:`localize_assets`);
* exported, :func:`map_to_standalone_html` inlines every script, style sheet
  and image into one HTML file that opens offline.

The files in ``static/vendor/`` are installed by ``scripts/install_web_assets.sh``
from the npm registry (see :data:`LOCAL_ASSETS`).
"""

from __future__ import annotations

import base64
import logging
import mimetypes
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from servicecircle.i18n.message import msg

if TYPE_CHECKING:  # folium loads where a folium map is made, not with the asset paths
    import branca
    import folium
    import folium.elements

logger = logging.getLogger(__name__)

VENDOR_URL: Final = "/app/static/vendor"
"""Where Streamlit serves ``static/vendor/`` (``server.enableStaticServing``)."""

VENDOR_ENV: Final = "SERVICECIRCLE_VENDOR_DIR"
"""Environment variable that overrides :func:`default_vendor_dir`."""

LOCAL_ASSETS: Final[dict[str, str | None]] = {
    # folium.Map
    "leaflet": "leaflet/leaflet.js",
    "jquery": "jquery/jquery.min.js",
    "bootstrap": "bootstrap/js/bootstrap.bundle.min.js",
    "awesome_markers": "awesome-markers/leaflet.awesome-markers.js",
    "leaflet_css": "leaflet/leaflet.css",
    "bootstrap_css": "bootstrap/css/bootstrap.min.css",
    "glyphicons_css": None,  # Bootstrap 3 icons; our markers use Font Awesome
    "awesome_markers_font_css": "fontawesome/css/all.min.css",
    "awesome_markers_css": "awesome-markers/leaflet.awesome-markers.css",
    "awesome_rotate_css": None,  # only for folium.Icon(angle=...)
    # folium.plugins.Draw
    "leaflet_draw_js": "leaflet-draw/leaflet.draw.js",
    "leaflet_draw_css": "leaflet-draw/leaflet.draw.css",
    # folium.plugins.MarkerCluster
    "markerclusterjs": "markercluster/leaflet.markercluster.js",
    "markerclustercss": "markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "markercluster/MarkerCluster.Default.css",
}
"""folium asset name -> file under ``static/vendor/`` (``None``: not loaded)."""

LEAN_ASSETS: Final[tuple[str, ...]] = ("leaflet", "jquery", "leaflet_css")
"""The assets a map from :func:`new_map` carries unless ``full_assets=True``:
Leaflet, and jQuery for folium popups. Enough for every layer built here."""

_INLINE_SCHEME: Final = "sc-vendor:/"


def default_vendor_dir() -> Path:
    """Return the folder holding the installed web assets.

    ``$SERVICECIRCLE_VENDOR_DIR`` if set, else ``static/vendor`` next to the
    ``servicecircle`` package (the repository checkout).
    """
    env = os.environ.get(VENDOR_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "static" / "vendor"


def assets_installed(vendor_dir: str | Path | None = None) -> bool:
    """Return whether every file in :data:`LOCAL_ASSETS` exists in ``vendor_dir``."""
    base = Path(vendor_dir) if vendor_dir is not None else default_vendor_dir()
    return all((base / rel).is_file() for rel in LOCAL_ASSETS.values() if rel is not None)


def _asset_elements(root: branca.element.Element) -> Iterable[folium.elements.JSCSSMixin]:
    import folium.elements

    stack: list[branca.element.Element] = [root]
    while stack:
        element = stack.pop()
        if isinstance(element, folium.elements.JSCSSMixin):
            yield element
        stack.extend(element._children.values())  # noqa: SLF001 - branca has no public accessor


def _localized(assets: Sequence[tuple[str, str]], base_url: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, _url in assets:
        if name not in LOCAL_ASSETS:
            raise ValueError(
                f"the map uses the web asset {name!r}, which has no local copy; add it to "
                "scripts/install_web_assets.sh and LOCAL_ASSETS in servicecircle/maps/web.py"
            )
        rel = LOCAL_ASSETS[name]
        if rel is not None:
            out.append((name, f"{base_url.rstrip('/')}/{rel}"))
    return out


def localize_assets(m: folium.Map, *, base_url: str = VENDOR_URL) -> folium.Map:
    """Point every script and style sheet of ``m`` at the local copies.

    Rewrites ``default_js``/``default_css`` of the map and of every plugin in
    it (as instance attributes; the folium classes are not touched). It works
    on the map in place, can be repeated with another ``base_url``, and
    returns ``m``. streamlit-folium reads the same attributes, so the
    component loads the local files too.

    Parameters
    ----------
    m
        A map; call this after all plugins have been added.
    base_url
        URL of the vendor folder, e.g. ``"/app/static/vendor"``.

    Returns
    -------
    folium.Map
        ``m``.

    Raises
    ------
    ValueError
        If the map uses an asset that has no entry in :data:`LOCAL_ASSETS`.
    """
    for element in _asset_elements(m):
        original_js = getattr(element, "_sc_original_js", None)
        if original_js is None:
            original_js = list(element.default_js)
            original_css = list(element.default_css)
            # our own marker attributes on folium's element (the unlocalized asset lists)
            element._sc_original_js = original_js  # type: ignore[attr-defined]  # noqa: SLF001
            element._sc_original_css = original_css  # type: ignore[attr-defined]  # noqa: SLF001
        original_css = element._sc_original_css  # type: ignore[attr-defined]  # noqa: SLF001
        element.default_js = _localized(original_js, base_url)
        element.default_css = _localized(original_css, base_url)
    return m


def _asset_lists(m: folium.Map) -> list[tuple[Any, list[tuple[str, str]], list[tuple[str, str]]]]:
    return [(e, list(e.default_js), list(e.default_css)) for e in _asset_elements(m)]


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".woff2":
        mime = "font/woff2"
    payload = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{mime};base64,{payload}"


_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
_TTF_SOURCE = re.compile(r",\s*url\([^)]*\.ttf\)\s*format\([\"']truetype[\"']\)")


def _inline_css(path: Path) -> str:
    text = _TTF_SOURCE.sub("", path.read_text(encoding="utf-8"))

    def replace(match: re.Match[str]) -> str:
        ref = match.group(2).strip()
        if ref.startswith(("data:", "http:", "https:", "#", "/")):
            return match.group(0)
        target = (path.parent / ref.split("?")[0].split("#")[0]).resolve()
        if not target.is_file():
            return match.group(0)
        return f'url("{_data_uri(target)}")'

    return _CSS_URL.sub(replace, text)


def map_to_standalone_html(m: folium.Map, *, vendor_dir: str | Path | None = None) -> str:
    """Render ``m`` as one self-contained HTML page that opens offline.

    Every script and style sheet is inlined from the local copies, and the
    images and fonts they reference become data URIs. Tile basemaps, if the
    map has one, still need internet; everything else works without.

    Parameters
    ----------
    m
        A map, e.g. from :func:`compose_map`. Its asset lists are restored
        afterwards, so it can still be shown in the app.
    vendor_dir
        Folder with the installed assets; default :func:`default_vendor_dir`.

    Returns
    -------
    str
        The HTML document.

    Raises
    ------
    FileNotFoundError
        If the assets are not installed (run ``scripts/install_web_assets.sh``).
    """
    base = Path(vendor_dir) if vendor_dir is not None else default_vendor_dir()
    if not assets_installed(base):
        raise FileNotFoundError(msg("msg.maps.no_assets", folder=str(base)))
    saved = _asset_lists(m)
    try:
        localize_assets(m, base_url=_INLINE_SCHEME)
        page = m.get_root().render()
    finally:
        for element, js, css in saved:
            element.default_js = js
            element.default_css = css

    prefix = re.escape(_INLINE_SCHEME.rstrip("/") + "/")

    def script(match: re.Match[str]) -> str:
        code = (base / match.group(1)).read_text(encoding="utf-8")
        code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
        return f"<script>\n{code}\n</script>"

    def style(match: re.Match[str]) -> str:
        css = _inline_css(base / match.group(1))
        css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
        return f"<style>\n{css}\n</style>"

    page = re.sub(rf'<script src="{prefix}([^"]+)"></script>', script, page)
    page = re.sub(rf'<link rel="stylesheet" href="{prefix}([^"]+)"\s*/?>', style, page)
    if _INLINE_SCHEME in page:
        raise RuntimeError("an asset of the map could not be inlined")
    return page
