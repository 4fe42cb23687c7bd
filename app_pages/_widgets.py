"""Widgets the pages share: kept values and uploads, errors, progress, maps and drawing.

Streamlit forgets a widget's state when a page without it runs; :func:`kept`
and :func:`kept_upload` keep the planner's values and files while other
pages are visited. :func:`planner_errors` turns every error into a message,
never a traceback. The draw-and-keep flow of the maps is :mod:`app_pages._drawing`.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import streamlit as st

from app_pages._cache import upload_layers
from app_pages._labels import as_text, labeller, md_escape, tr
from app_pages._state import KEPT_PREFIX, LANG_KEY, RESULT_PREFIX, current_area, lang
from app_pages._uploads import KeptUpload, Upload
from servicecircle._progress import Progress
from servicecircle.errors import PLANNER_ERRORS
from servicecircle.i18n import LANG_NAMES, LANGS, t
from servicecircle.i18n.message import say
from servicecircle.inputs.area import StudyArea
from servicecircle.maps import web as webmap

if TYPE_CHECKING:  # folium loads with the pages that draw folium maps, not on the first page
    import folium

logger = logging.getLogger(__name__)

MAP_HEIGHT = 560

RASTER_SUFFIXES = frozenset({"tif", "tiff"})
"""Uploads of these carry their own coordinate system (no choice is shown)."""

# --------------------------------------------------------------------------- sidebar


def language_switch() -> str:
    """Draw the language switch in the sidebar and return the chosen language."""
    st.session_state.setdefault(LANG_KEY, LANGS[0])
    st.sidebar.radio(
        "语言 / Language",
        options=list(LANGS),
        format_func=lambda code: LANG_NAMES[code],
        key=LANG_KEY,
        horizontal=True,
    )
    return lang()


def map_settings() -> None:
    """Draw the basemap choice (and the Tianditu key field) in the sidebar."""
    st.session_state.setdefault("basemap", "none")
    st.sidebar.selectbox(
        tr("app.basemap"),
        options=list(webmap.BASEMAPS),
        format_func=labeller("basemap."),
        key="basemap",
    )
    if st.session_state["basemap"] == "tianditu":
        st.sidebar.text_input(
            tr("app.tianditu_key"),
            key="tianditu_key",
            type="password",
            help=tr("app.tianditu_key_help"),
        )


# --------------------------------------------------------------------------- errors, progress


def show_unexpected(error: BaseException) -> None:
    """Show a generic message in both languages, with the details in an expander."""
    logger.error("unexpected error in the app", exc_info=error)
    st.error(f"{t('error.unexpected', 'zh')}\n\n{t('error.unexpected', 'en')}")
    with st.expander(f"{t('error.details', 'zh')} / {t('error.details', 'en')}"):
        st.code("".join(traceback.format_exception(error)), language="text")


@contextmanager
def planner_errors() -> Iterator[None]:
    """Turn every error raised inside the block into a message, never a traceback.

    Our named errors show their own message (it says what to do); anything
    else shows a generic bilingual message with the details folded away.
    Streamlit's own control flow (``st.stop``, ``st.rerun``) is not caught.
    """
    try:
        yield
    except PLANNER_ERRORS as error:
        st.error(as_text(error))
    except Exception as error:  # noqa: BLE001 - the app must never show a traceback
        show_unexpected(error)


def progress_bar(text: str) -> tuple[Any, Progress]:
    """An ``st.progress`` bar and a library :data:`~servicecircle._progress.Progress` for it."""
    bar = st.progress(0.0, text=text)

    def update(fraction: float, message: str) -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=f"{text} {say(message, lang())}")

    return bar, update


def area_page(page: str) -> StudyArea | None:
    """The ``page``'s header and intro, and the study area (None, with a note, without one)."""
    st.header(tr(f"{page}.header"))
    st.write(tr(f"{page}.intro"))
    return require_area()


def require_area() -> StudyArea | None:
    """The study area, or a note on where to load one and None."""
    area = current_area()
    if area is None:
        st.info(tr("common.need_area"))
    return area


# --------------------------------------------------------------------------- kept widgets


def kept(widget: Callable[..., Any], label: str, *, key: str, default: Any, **options: Any) -> Any:
    """Draw ``widget`` so that its value survives visits to other pages.

    Its value is copied to ``kept.<key>`` on every run and handed back when
    the page is shown again. Give the first value as ``default`` (not as the
    widget's ``value``/``default``/``index``). A kept value that is no longer
    among the widget's ``options`` falls back to ``default``.
    """
    store = KEPT_PREFIX + key
    if key not in st.session_state:
        value = st.session_state.get(store, default)
        choices = options.get("options")
        if choices is not None:
            allowed = list(choices)
            if isinstance(value, list):
                value = [v for v in value if v in allowed]
            elif value not in allowed:
                value = default
        st.session_state[key] = value
    result = widget(label, key=key, **options)
    st.session_state[store] = st.session_state[key]
    return result


@dataclass(frozen=True)
class NumberInput:
    """A kept ``st.number_input``: its key (also its label's key), first value and range.

    Integers give an integer input, floats a float one (as Streamlit does).
    """

    key: str
    default: float
    low: float
    high: float
    step: float
    help: str | None = None
    label: str | None = None


def kept_number(spec: NumberInput, *, default: float | None = None) -> Any:
    """Draw the kept number input ``spec`` (``default`` in place of the spec's first value)."""
    return kept(
        st.number_input,
        tr(spec.label or spec.key),
        key=spec.key,
        default=spec.default if default is None else default,
        min_value=spec.low,
        max_value=spec.high,
        step=spec.step,
        help=tr(spec.help) if spec.help else None,
    )


def kept_choice(
    widget: Callable[..., Any],
    key: str,
    options: Iterable[Any],
    *,
    default: Any,
    labels: str | Callable[[Any], str] | None = None,
    help: str | None = None,  # noqa: A002 - Streamlit's own keyword, kept for the callers
    label: str | None = None,
    **extra: Any,
) -> Any:
    """A kept choice widget (``st.radio``, ``st.selectbox``, ``st.multiselect``).

    ``key`` is the widget's key and its label's string key (``label`` when
    they differ); ``labels`` names each option: a string-key prefix
    (:func:`~app_pages._labels.labeller`; ``"<key>."`` by default) or a
    function; ``help`` is the key of the help text.
    """
    if labels is None:
        labels = f"{key}."
    return kept(
        widget,
        tr(label or key),
        key=key,
        default=default,
        options=list(options),
        format_func=labeller(labels) if isinstance(labels, str) else labels,
        help=tr(help) if help else None,
        **extra,
    )


def forget_kept(*keys: str) -> None:
    """Forget the values of the widgets ``keys`` (they show their defaults again)."""
    for key in keys:
        st.session_state.pop(key, None)
        st.session_state.pop(KEPT_PREFIX + key, None)


def _forget_upload(store: str) -> None:
    st.session_state.pop(store, None)


def _upload_in_widget(label: str, key: str, options: dict[str, Any]) -> KeptUpload | None:
    """The file in the uploader, or the one kept from an earlier visit, or None."""
    store = f"{RESULT_PREFIX}upload.{key}"
    in_widget = f"{store}.in_widget"  # the widget held a file in the last run
    if key not in st.session_state:  # a fresh widget: the page was not shown just now
        st.session_state[in_widget] = False
    upload = st.file_uploader(label, key=key, **options)
    if upload is not None:
        kept_file = KeptUpload(str(upload.name), upload.getvalue())
        st.session_state[store] = kept_file
        st.session_state[in_widget] = True
        return kept_file
    if st.session_state.get(in_widget):  # the planner removed the file from the widget
        st.session_state.pop(store, None)
        st.session_state[in_widget] = False
        return None
    earlier = st.session_state.get(store)
    if not isinstance(earlier, KeptUpload):
        return None
    st.caption(tr("common.upload_kept", name=md_escape(earlier.name)))
    st.button(
        tr("common.upload_forget"), key=f"{key}.forget", on_click=_forget_upload, args=(store,)
    )
    return earlier


def kept_upload(
    key: str,
    suffixes: Sequence[str],
    *,
    help: str | None = None,  # noqa: A002 - Streamlit's own keyword, kept for the callers
    label: str | None = None,
) -> KeptUpload | None:
    """An ``st.file_uploader`` of a layer file whose file survives visits to other pages.

    ``key`` is the widget's key and its label's string key (``label`` when
    they differ), ``help`` the key of its help text. Returns the uploaded
    file, the one kept from an earlier visit (with a note and a button to drop
    it), or None. Removing the file in the widget drops it. Kept files belong
    to the study area (dropped with its results). A file with several layers
    (a GeoPackage, a zip of shapefiles) shows a choice of its layers
    (:func:`layer_choice`); it is returned, with the chosen ``layer``, once
    the planner has chosen one. A vector or table file shows a choice of its
    coordinate system (:func:`~app_pages._coordinates.crs_choice`), returned
    as the upload's ``crs`` (its ``widget`` is ``key``).
    """
    options: dict[str, Any] = {"type": list(suffixes)}
    if help is not None:
        options["help"] = tr(help)
    kept_file = _upload_in_widget(tr(label or key), key, options)
    if kept_file is None:
        return None
    if not set(suffixes) <= RASTER_SUFFIXES:  # a GeoTIFF carries its own system
        from app_pages._coordinates import crs_choice  # it draws with kept_choice from here

        kept_file = replace(kept_file, crs=crs_choice(key), widget=key)
    layers = upload_layers(kept_file)
    if len(layers) < 2:
        return kept_file
    layer = layer_choice(kept_file, layers, key=f"{key}.layer")
    return None if layer is None else replace(kept_file, layer=layer)


def layer_choice(upload: Upload, layers: Sequence[str], *, key: str) -> str | None:
    """Let the planner choose one of the ``layers`` of ``upload``; None until chosen.

    The choice is kept while the planner visits other pages (:func:`kept`)
    and starts empty, so no layer is used without being chosen. The file name
    in the label is escaped; the layer names are options, shown as plain text.
    """
    name = Path(str(upload.name)).name
    choice = kept(
        st.selectbox,
        tr("common.upload_layer", name=md_escape(name), count=len(layers)),
        key=key,
        default=None,
        options=list(layers),
        placeholder=tr("common.upload_layer_placeholder"),
    )
    if choice is None or choice not in layers:
        st.info(tr("common.upload_layer_needed"))
        return None
    return str(choice)


# --------------------------------------------------------------------------- maps


def show_leaflet_page(page: str, *, title: str) -> None:
    """Show a map page of :func:`servicecircle.maps.web.leaflet.leaflet_page` (no folium).

    ``title`` names the map for screen readers (the frame's title). Explains
    instead when the Leaflet files are not installed.
    """
    if not webmap.assets_installed():
        st.warning(tr("app.assets_missing"))
        return
    st.iframe(page, height=MAP_HEIGHT, alt=title)


def show_map(
    m: folium.Map, *, key: str, returned_objects: Sequence[str] = ()
) -> dict[str, Any] | None:
    """Show a folium map; explain instead when the Leaflet files are not installed.

    ``returned_objects`` lists what the map sends back (e.g. ``"all_drawings"``);
    by default nothing, so panning the map does not rerun the page.
    """
    if not webmap.assets_installed():
        st.warning(tr("app.assets_missing"))
        return None
    from streamlit_folium import st_folium

    with _bounds_unless_returned(m, returned_objects):
        result = st_folium(
            m,
            key=key,
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=list(returned_objects),
        )
    return result if isinstance(result, dict) else None


#: What a map answers for its extent when it is not asked for it (folium's empty bounds).
_NO_BOUNDS: Final = ((None, None), (None, None))


@contextmanager
def _bounds_unless_returned(m: folium.Map, returned_objects: Sequence[str]) -> Iterator[None]:
    """Let ``m`` skip its extent while ``st_folium`` shows it, unless the page asks for it.

    ``st_folium`` computes the map's extent for its initial ``"bounds"`` answer
    by walking every coordinate of every layer in Python (0.03-0.1 s on the
    sample's roads, on each rerun), and drops it when ``"bounds"`` is not
    among the ``returned_objects``. The map keeps its own ``get_bounds`` after.
    """
    if "bounds" in returned_objects:
        yield
        return
    m.get_bounds = lambda: [list(corner) for corner in _NO_BOUNDS]  # type: ignore[method-assign]
    try:
        yield
    finally:
        del m.get_bounds
