"""App-layer helpers shared by the pages: language, errors, caching, session state, maps.

Everything Streamlit-specific lives here and in the page files; the library
(``servicecircle``) never imports streamlit. Per-user data is kept only in
``st.session_state`` (one per browser session); caches hold immutable objects
keyed by their inputs (file contents, not file names), so two sessions never
see each other's data.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
import threading
import traceback
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from shapely.geometry.base import BaseGeometry

from app_pages.session_files import SessionFolder, remove_orphans
from servicecircle import webmap
from servicecircle.admin_units import UNIT_KEYS
from servicecircle.coverage import Coverage
from servicecircle.errors import PLANNER_ERRORS, OutputError
from servicecircle.export import neutralise_cell, neutralise_formulas
from servicecircle.i18n import LANG_NAMES, LANGS, t
from servicecircle.limits import current_limits
from servicecircle.memory import within_budget
from servicecircle.planning import SitingPlan
from servicecircle.sources import boundary_polygon, study_area_from
from servicecircle.sources.area import StudyArea
from servicecircle.sources.files.read import list_layers, read_layer

logger = logging.getLogger(__name__)

"""Errors whose message is written for the planner and shown as it is."""

AREA_KEY = "area"
"""Session key of the current :class:`StudyArea`."""

AREA_BOUNDARY_KEY = "area_boundary"
"""Session key of the uploaded study-area boundary polygon (or None)."""

AREA_ID_KEY = "area_id"
"""Session key of the current study area's cache key (identifies its inputs)."""

RESULT_PREFIX = "result."
"""Session keys of inputs and results tied to the study area (drawn shapes, demand,
outlets, coverage) start with this; they are dropped when another area is loaded."""

# Session keys of the steps (all tied to the study area except the outlet types).
DRAWN_KEY = "result.demand.drawn"  # areas drawn on the demand map: {"class", "name", "geometry"}
DEMAND_KEY = "result.demand"  # the current servicecircle.demand.Demand
DEMAND_ID_KEY = "result.demand.key"  # the key of its inputs (for later cache keys)
OUTLETS_KEY = "result.outlets"  # prepared outlets (WGS-84 points with outlet_type)
PLACED_KEY = "result.outlets.placed"  # outlets placed on the map: {"name", "outlet_type", ...}
TYPES_KEY = "outlet_types"  # name -> OutletType; kept across study areas
COVERAGE_KEY = "result.coverage"  # the current servicecircle.coverage.Coverage
COVERAGE_ID_KEY = "result.coverage.key"  # the key of its inputs (for later cache keys)
COVERAGE_DEMAND_KEY = "result.coverage.demand"  # the Demand the coverage was measured for
EXCLUDED_KEY = "result.siting.excluded"  # exclusion areas drawn on the siting map: {"name", ...}
SITING_KEY = "result.siting"  # the last servicecircle.planning.SitingPlan
SITING_ID_KEY = "result.siting.key"  # the key of the inputs of that plan
SITING_INFO_KEY = "result.siting.info"  # how it was made (JSON values, for scenarios)
SITING_COVERAGE_KEY = "result.siting.coverage"  # the coverage key the plan was made for
PROJECT_KEY = "project"  # the session's servicecircle.project.Project; kept across areas

MAP_HEIGHT = 560


# --------------------------------------------------------------------------- language


def lang() -> str:
    """Return the session's language (``"zh"`` or ``"en"``)."""
    value = st.session_state.get("lang", LANGS[0])
    return value if value in LANGS else LANGS[0]


def tr(key: str, **fields: object) -> str:
    """Return the UI string ``key`` in the session's language."""
    return t(key, lang(), **fields)


def labeller(prefix: str) -> Callable[[object], str]:
    """Return ``value -> tr(prefix + value)`` bound to the current language.

    Use it as a widget's ``format_func``: it may be called outside the script
    run (e.g. by AppTest), where the session state cannot be read.
    """
    code = lang()
    return lambda value: t(f"{prefix}{value}", code)


def type_label(name: str) -> str:
    """The translated name of a known outlet type, else the type key itself."""
    label = tr(f"outlet.{name}")
    return name if label == f"outlet.{name}" else label


def type_labeller() -> Callable[[object], str]:
    """:func:`type_label` bound to the current language, for a widget's ``format_func``."""
    code = lang()

    def label(name: object) -> str:
        text = t(f"outlet.{name}", code)
        return str(name) if text == f"outlet.{name}" else text

    return label


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=@])")


def md_escape(text: object) -> str:
    """Escape Markdown in untrusted text (file or place names) shown with st.markdown.

    Every character that starts Markdown, HTML, an entity, an autolink
    (``http:``, ``www.``, ``a@b.c``), a Streamlit directive (``:red[...]``,
    ``:material/...:``) or LaTeX (``$``) is backslash-escaped, so the text is
    shown exactly as it is and never makes the browser fetch anything.
    """
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def as_text(text: object) -> str:
    """Markdown that shows ``text`` (a message, exception or file content) literally.

    Like :func:`md_escape`, and keeps the text's line breaks and indentation
    (Markdown would join lines and turn indented lines into code blocks).
    Use it for every message that may echo what a planner brought: file,
    layer, column and place names, cell values, notes.
    """
    lines = []
    for line in str(text).splitlines():
        body = line.lstrip(" \t")
        indent = len(line[: len(line) - len(body)].expandtabs(4))
        lines.append("\u00a0" * indent + md_escape(body))
    return "  \n".join(lines)


def language_switch() -> str:
    """Draw the language switch in the sidebar and return the chosen language."""
    st.session_state.setdefault("lang", LANGS[0])
    st.sidebar.radio(
        "语言 / Language",
        options=list(LANGS),
        format_func=lambda code: LANG_NAMES[code],
        key="lang",
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


# --------------------------------------------------------------------------- errors


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


# --------------------------------------------------------------------------- uploads


def digest(data: bytes) -> str:
    """Return a short content hash used as a cache key."""
    return hashlib.sha256(data).hexdigest()[:24]


SESSION_FOLDER_KEY = "session.folder"
"""Session key of this session's :class:`~app_pages.session_files.SessionFolder`."""


def session_folder() -> Path:
    """This session's private temporary folder (removed when the session ends).

    Every file the app writes for a session goes here; see
    :mod:`app_pages.session_files`. The first call of a session also removes
    folders left by a server process that was killed.
    """
    holder = st.session_state.get(SESSION_FOLDER_KEY)
    if not isinstance(holder, SessionFolder) or not holder.alive:
        remove_orphans()
        holder = SessionFolder()
        st.session_state[SESSION_FOLDER_KEY] = holder
    return holder.path


def check_upload_size(name: str, size: int) -> None:
    """Refuse a file over the server's ``file_mb`` limit, with the limit named.

    Raises
    ------
    ResourceLimitError
        When ``size`` bytes are over the limit.
    """
    limits = current_limits()
    if size > limits.file_mb * 2**20:
        raise limits.exceeded("file_mb", f"{name} is {size / 2**20:,.1f} MB")


@contextmanager
def saved_bytes(name: str, data: bytes) -> Iterator[Path]:
    """Write ``data`` as ``name`` into a folder of its own in :func:`session_folder`.

    The folder is removed afterwards. A file over the server's size limit is
    refused before it is written (:func:`check_upload_size`).

    Raises
    ------
    ResourceLimitError
        When the file is over the size limit.
    OutputError
        When the server cannot store the file (its disk is full).
    """
    safe = Path(name).name or "upload"
    check_upload_size(safe, len(data))
    scratch: tempfile.TemporaryDirectory[str] | None = None
    try:
        scratch = tempfile.TemporaryDirectory(prefix="upload-", dir=session_folder())
        path = Path(scratch.name) / safe
        path.write_bytes(data)
    except OSError as error:
        if scratch is not None:
            scratch.cleanup()
        raise OutputError(
            f"{safe} could not be stored on the server to be read ({error.strerror or error}). "
            "The server's disk may be full: try again later, or tell the administrator."
        ) from error
    with scratch:
        yield path


@contextmanager
def saved_upload(upload: Any) -> Iterator[Path]:
    """Save an uploaded file to a private temporary folder under its own name."""
    with saved_bytes(str(upload.name), upload.getvalue()) as path:
        yield path


# --------------------------------------------------------------------------- kept widgets

KEPT_PREFIX = "kept."
"""Session keys holding the values of widgets while their page is not shown."""


def kept(widget: Callable[..., Any], label: str, *, key: str, default: Any, **options: Any) -> Any:
    """Draw ``widget`` so that its value survives visits to other pages.

    Streamlit forgets a widget's state when a page without it runs; its value
    is copied to ``kept.<key>`` on every run and handed back when the page
    is shown again. Give the first value as ``default`` (not as the widget's
    ``value``/``default``/``index``). A kept value that is no longer among the
    widget's ``options`` falls back to ``default``.
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
class KeptUpload:
    """An uploaded file, kept while the planner visits other pages.

    Has the ``name`` and ``getvalue()`` of Streamlit's ``UploadedFile``, and
    the ``layer`` the planner chose in a file with several (None when the file
    holds one).
    """

    name: str
    data: bytes
    layer: str | None = None

    def getvalue(self) -> bytes:
        """The file's bytes."""
        return self.data


def _forget_upload(store: str) -> None:
    st.session_state.pop(store, None)


def kept_upload(label: str, *, key: str, **options: Any) -> KeptUpload | None:
    """An ``st.file_uploader`` of a layer file whose file survives visits to other pages.

    Returns the uploaded file, the one kept from an earlier visit (with a
    note and a button to drop it), or None. Removing the file in the widget
    drops it. Kept files belong to the study area (dropped with its results).
    A file with several layers (a GeoPackage, a zip of shapefiles) shows a
    choice of its layers (:func:`layer_choice`); it is returned, with the
    chosen ``layer``, once the planner has chosen one.
    """
    store = f"{RESULT_PREFIX}upload.{key}"
    in_widget = f"{store}.in_widget"  # the widget held a file in the last run
    if key not in st.session_state:  # a fresh widget: the page was not shown just now
        st.session_state[in_widget] = False
    upload = st.file_uploader(label, key=key, **options)
    if upload is not None:
        kept_file = KeptUpload(str(upload.name), upload.getvalue())
        st.session_state[store] = kept_file
        st.session_state[in_widget] = True
    elif st.session_state.get(in_widget):  # the planner removed the file from the widget
        st.session_state.pop(store, None)
        st.session_state[in_widget] = False
        return None
    else:
        earlier = st.session_state.get(store)
        if not isinstance(earlier, KeptUpload):
            return None
        kept_file = earlier
        st.caption(tr("common.upload_kept", name=md_escape(earlier.name)))
        st.button(
            tr("common.upload_forget"), key=f"{key}.forget", on_click=_forget_upload, args=(store,)
        )
    layers = upload_layers(kept_file)
    if len(layers) < 2:
        return kept_file
    layer = layer_choice(kept_file, layers, key=f"{key}.layer")
    return None if layer is None else replace(kept_file, layer=layer)


MULTI_LAYER_SUFFIXES = (".gpkg", ".zip")
"""Files that may hold several layers (GeoPackages, zips of shapefiles)."""


@st.cache_data(max_entries=32, show_spinner=False)
def _layer_names(key: str, name: str, _data: bytes) -> tuple[str, ...]:
    with saved_bytes(name, _data) as path:
        return tuple(list_layers(path))


def upload_layers(upload: Any) -> list[str]:
    """The layers of an uploaded GeoPackage or zip (cached by content).

    Empty for other files and for files whose layers cannot be listed (a
    damaged or refused file): reading it then says what is wrong.
    """
    name = Path(str(upload.name)).name
    if not name.lower().endswith(MULTI_LAYER_SUFFIXES):
        return []
    data = upload.getvalue()
    try:
        return list(_layer_names(digest(data), name, _data=data))
    except PLANNER_ERRORS:
        return []


def layer_choice(upload: Any, layers: Sequence[str], *, key: str) -> str | None:
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


# --------------------------------------------------------------------------- caching


Progress = Callable[[float, str], None]


class AreaCache:
    """Study areas shared between sessions, keyed by a hash of their inputs.

    Entries are immutable :class:`StudyArea` objects; each session keeps its
    own reference in its session state. Loading happens outside any Streamlit
    cache decorator so that the caller's ``st.progress`` bar can be updated;
    one lock per key makes concurrent loads of the same input build it once.
    """

    def __init__(self, max_entries: int = 6) -> None:
        self.max_entries = max_entries
        self._areas: OrderedDict[str, StudyArea] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}

    def get_or_load(self, key: str, load: Callable[[], StudyArea]) -> StudyArea:
        """Return the area cached under ``key``, calling ``load`` if there is none."""
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._areas:
                    self._areas.move_to_end(key)
                    return self._areas[key]
            area = load()
            with self._lock:
                self._areas[key] = area
                while len(self._areas) > self.max_entries:
                    self._areas.popitem(last=False)
            return area


@st.cache_resource(show_spinner=False)
def area_cache() -> AreaCache:
    """The process-wide :class:`AreaCache` (created once, inside this function)."""
    return AreaCache()


def area_key(key: str, boundary_key: str = "") -> str:
    """The cache key of a study area from its input key and boundary key."""
    return f"{key}|{boundary_key}"


def load_study_area(
    key: str,
    spec: str,
    *,
    boundary_key: str = "",
    boundary: BaseGeometry | None = None,
    progress: Progress | None = None,
) -> StudyArea:
    """Load a study area once per distinct input.

    ``key`` identifies the input by content (``"sample"``, ``"file:<sha>"``,
    ``"place:<name>"``), never by a temporary file name. The reading is held
    to the server's per-session memory budget
    (:func:`~servicecircle.memory.within_budget`).
    """
    return area_cache().get_or_load(
        area_key(key, boundary_key),
        lambda: within_budget(
            lambda: study_area_from(spec, boundary=boundary, progress=progress),
            what="Reading the study area",
        ),
    )


def progress_bar(text: str) -> tuple[Any, Progress]:
    """Return an ``st.progress`` bar and a library-style progress callback for it."""
    bar = st.progress(0.0, text=text)

    def update(fraction: float, message: str) -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=f"{text} {message}")

    return bar, update


# --------------------------------------------------------------------------- session


def current_area() -> StudyArea | None:
    """Return this session's study area, if one was loaded."""
    area = st.session_state.get(AREA_KEY)
    return area if isinstance(area, StudyArea) else None


def set_area(area: StudyArea, *, key: str, boundary: BaseGeometry | None = None) -> None:
    """Make ``area`` this session's study area and forget results of the old one.

    ``key`` identifies the area's inputs (see :func:`load_study_area`); later
    steps use it in their cache keys.
    """
    for name in [k for k in st.session_state if str(k).startswith(RESULT_PREFIX)]:
        del st.session_state[name]
    st.session_state[AREA_KEY] = area
    st.session_state[AREA_ID_KEY] = key
    st.session_state[AREA_BOUNDARY_KEY] = boundary


def area_id() -> str:
    """Return the cache key of this session's study area (``""`` if none)."""
    return str(st.session_state.get(AREA_ID_KEY, ""))


def require_area() -> StudyArea | None:
    """Return the study area, or show where to load one and return None."""
    area = current_area()
    if area is None:
        st.info(tr("common.need_area"))
    return area


def load_boundary(upload: Any, layer: str | None = None) -> tuple[str, BaseGeometry]:
    """Read an uploaded boundary file into one polygon; return (cache key, polygon).

    ``layer`` is the layer chosen in a file with several (see :func:`layer_choice`).
    """
    with saved_upload(upload) as path:
        polygon = boundary_polygon(read_layer(path, layer=layer, geometry="polygon").frame)
    return digest(f"{digest(upload.getvalue())}|{layer}".encode()), polygon


# --------------------------------------------------------------------------- tables


NO_FORMULA_PATTERN = r"^(?![\t\r]|\s*[=+\-@]).+$"
"""Text an editable table accepts (``validate=`` of a text column): no formula.

An editor's toolbar downloads its table as CSV too. Its text is what the
planner types (never an upload); this pattern, checked as they type, keeps
out what a spreadsheet would run as a formula (as
:func:`~servicecircle.export.neutralise_formulas` finds it). The editor's
table itself is not neutralised: a ``'`` in front would change the names
being edited."""


def show_table(
    frame: pd.DataFrame, *, column_config: Mapping[str, Any] | None = None, **options: Any
) -> Any:
    """Show ``frame`` with ``st.dataframe`` so that its CSV download is safe to open.

    Streamlit's table toolbar downloads any table as CSV. Text a spreadsheet
    would run as a formula (an outlet name ``=HYPERLINK(...)`` from a planner's
    upload, a scenario name ``+1``) gets a ``'`` in front, as in every export
    (:func:`servicecircle.export.neutralise_formulas`); numbers are untouched.
    Column names are treated the same way, and ``column_config`` follows them.
    Every table of the app goes through here. Defaults: ``hide_index=True``,
    ``width="stretch"``; other options go to ``st.dataframe``.
    """
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    config = {neutralise_cell(name): value for name, value in (column_config or {}).items()}
    return st.dataframe(neutralise_formulas(frame), column_config=config or None, **options)


def township_names(units: pd.DataFrame) -> list[str]:
    """A community's township for each row of a by-unit table ("" for townships and totals).

    Two communities of one name (two 新村) in different townships are two rows;
    this column tells them apart.
    """
    if "township" not in units.columns:
        return [""] * len(units)
    levels = units["level"] if "level" in units.columns else pd.Series("", index=units.index)
    return [
        str(town) if level == "community" and isinstance(town, str) else ""
        for level, town in zip(levels, units["township"], strict=True)
    ]


def demand_by_unit(units: pd.DataFrame) -> pd.DataFrame:
    """People per township and per community of the demand units.

    A community is known by its township and its name together
    (:data:`~servicecircle.admin_units.UNIT_KEYS`): two 新村 in different
    townships are two rows. Units outside every township still count for
    their community (township empty).

    Returns
    -------
    pandas.DataFrame
        ``level``, ``township`` (a community's township, None otherwise),
        ``name`` and ``people``; townships first, each level sorted by name.
    """
    parts = []
    for level, keys in UNIT_KEYS.items():
        if level not in units.columns or not units[level].notna().any():
            continue
        inside = units[units[level].notna()]
        sums = inside.groupby(keys, dropna=False, sort=True)["people"].sum().reset_index()
        parts.append(
            pd.DataFrame(
                {
                    "level": level,
                    "township": sums["township"] if level == "community" else None,
                    "name": sums[level].astype(str),
                    "people": sums["people"].to_numpy(float),
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=["level", "township", "name", "people"])
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------- maps


def asset_base() -> str:
    """URL where Streamlit serves ``static/vendor`` (honours ``server.baseUrlPath``)."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}{webmap.VENDOR_URL}" if base else webmap.VENDOR_URL


def map_options() -> dict[str, Any]:
    """Basemap, legend title and asset URL for :func:`servicecircle.webmap.compose_map`."""
    basemap = st.session_state.get("basemap", "none")
    key = str(st.session_state.get("tianditu_key", "") or "").strip()
    if basemap == "tianditu" and not key:
        st.info(tr("app.tianditu_key_missing"))
        basemap = "none"
    return {
        "basemap": basemap,
        "tianditu_key": key or None,
        "basemap_name": tr(f"basemap.{basemap}"),
        "legend_title": tr("map.legend"),
        "asset_base": asset_base(),
    }


def study_area_labels() -> dict[str, Mapping[str, str]]:
    """Translated labels for :func:`servicecircle.webmap.study_area_layers`."""
    labels = {
        "edges": tr("layer.edges"),
        "buildings": tr("layer.buildings"),
        "landuse": tr("layer.landuse"),
        "premises": tr("layer.premises"),
        "boundaries": tr("layer.boundaries"),
        "name": tr("field.name"),
        "type": tr("field.type"),
        "class": tr("field.class"),
        "levels": tr("field.levels"),
        "kind": tr("field.kind"),
        "admin_level": tr("field.admin_level"),
    }
    landuse = {g: tr(f"landuse.{g}") for g in (*webmap.LANDUSE_GROUPS, "other")}
    premises = {k: tr(f"premise.{k}") for k in webmap.PREMISE_COLORS}
    return {"labels": labels, "landuse_labels": landuse, "premise_labels": premises}


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

    result = st_folium(
        m,
        key=key,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=list(returned_objects),
    )
    return result if isinstance(result, dict) else None


# --------------------------------------------------------------------------- results


def current_plan() -> SitingPlan | None:
    """This session's last siting plan, if any."""
    plan = st.session_state.get(SITING_KEY)
    return plan if isinstance(plan, SitingPlan) else None


def site_layers(
    area: StudyArea,
    coverage: Coverage,
    plan: SitingPlan | None,
    *,
    network: dict[str, Any] | None = None,
    candidates: gpd.GeoDataFrame | None = None,
    exclusions: gpd.GeoDataFrame | None = None,
) -> list[webmap.MapLayer]:
    """Map layers of today's coverage and the plan, with translated labels.

    ``network`` is the road network's GeoJSON when the caller keeps it
    (``compute.network_geojson``); otherwise it is converted from the edges.
    """
    layers = [webmap.network_layer(area.edges, name=tr("layer.edges"), data=network)]
    if len(coverage.isochrones):
        layers.append(
            webmap.isochrones_layer(
                coverage.isochrones.assign(people=coverage.isochrones["people"].round(0)),
                name=tr("layer.isochrones"),
                minutes_label=tr("map.minutes", minutes="{minutes}"),
                tooltip={"minutes": tr("field.minutes"), "people": tr("common.people")},
            )
        )
    if len(coverage.gaps):
        layers.append(
            webmap.gaps_layer(
                coverage.gaps.assign(people=coverage.gaps["people"].round(0)),
                name=tr("layer.gaps"),
                tooltip={"rank": tr("field.rank"), "people": tr("common.people")},
            )
        )
    if exclusions is not None and len(exclusions):
        layers.append(
            webmap.areas_layer(
                exclusions.assign(cls="excluded"),
                name=tr("layer.exclusions"),
                class_column="cls",
                class_colors={"excluded": "#555555"},
                class_labels={"excluded": tr("siting.excluded_label")},
                tooltip={"name": tr("field.name")},
            )
        )
    outlets = coverage.outlets
    if len(outlets):
        labels = {t: type_label(t) for t in set(outlets["outlet_type"])}
        layers.append(
            webmap.outlets_layer(
                outlets.assign(type_shown=[type_label(t) for t in outlets["outlet_type"]]),
                name=tr("layer.outlets"),
                type_labels=labels,
                tooltip={"name": tr("field.name"), "type_shown": tr("outlets.type")},
            )
        )
    if candidates is not None and len(candidates):
        layers.append(
            webmap.points_layer(
                candidates.assign(
                    name=candidates["name"].fillna(""),
                    source_shown=[tr(f"siting.source.{s}") for s in candidates["source"]],
                ),
                name=tr("layer.candidates"),
                color="#7b3294",
                tooltip={"name": tr("field.name"), "source_shown": tr("field.source")},
                radius=3.0,
                show=False,
            )
        )
    if plan is not None and len(plan.chosen):
        chosen = plan.chosen
        layers.append(
            webmap.sites_layer(
                chosen.assign(
                    name=chosen["name"].fillna(tr("siting.unnamed")),
                    people=chosen["newly_covered"].round(0),
                ),
                name=tr("layer.sites"),
                order_column="rank",
                tooltip={
                    "rank": tr("field.rank"),
                    "name": tr("field.name"),
                    "people": tr("siting.newly_covered"),
                },
            )
        )
    return layers
