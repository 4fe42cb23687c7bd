"""Walk every page of the app in one language and collect every text a planner sees.

A reusable helper for the "all Chinese in the Chinese UI" check
(``tests/app/test_zh_only.py``) and for looking at the UI by hand::

    .venv/bin/python -m tests.app.zh_walk            # prints the Latin words found

:func:`walk` loads the embedded sample, visits the pages in the order of the
pipeline (study area, demand, outlets, coverage, siting with a run done, each
section of the report page) and returns what each shows as :class:`Seen`
texts: element values, labels, help texts, widget options, data-frame column
names and cells, metric labels and values, expander and tab labels, and the
words of the folium maps (layer names, tooltip field names and values, legend
rows, popups, drawing tool texts, attribution).

:func:`latin_words` finds the Latin-script words a text holds outside
:data:`ALLOWED` (identifiers, units, format names) and outside the names the
data itself carries (:func:`data_names`: OpenStreetMap street, building and
place names are data, not UI, and are removed whole before looking).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, shown

WALK_TIMEOUT = 300

# --------------------------------------------------------------------------- the allow-list

ALLOWED: frozenset[str] = frozenset(
    {
        # data sources, licences and software a planner names as they are
        "OSM",
        "OpenStreetMap",
        "ODbL",
        "QGIS",
        "ArcGIS",
        "Excel",
        "WPS",
        "HiGHS",
        "servicecircle",  # this tool, by the name its command and files carry
        "CartoDB",
        "Geofabrik",
        "CARTO",
        "Tianditu",
        "WorldPop",
        "GHSL",
        "Leaflet",
        # coordinate systems and identifiers
        "WGS",
        "GPS",
        "GCJ",
        "BD",
        "CGCS",
        "EPSG",
        "CRS",
        "ID",
        "WKT",
        "UTF",
        "BOM",
        "GBK",
        # file formats
        "PDF",
        "CSV",
        "XLSX",
        "XLS",
        "GeoJSON",
        "GeoPackage",
        "GPKG",
        "Shapefile",
        "HTML",
        "PNG",
        "ZIP",
        "PBF",
        "XML",
        "TIFF",
        "GeoTIFF",
        "JSON",
        "GIS",
        "zip",
        # units
        "km",
        "m",
        "min",
        "h",
        "px",
        "MB",
        "GB",
        # model names planners meet in the literature, next to their Chinese names
        "MCLP",
    }
)
"""Latin words allowed in the Chinese UI: ids, units, format, data-source and software
names. Single letters (``网点 A``, ``P 中值``) are allowed too."""

LANGUAGE_NAMES: frozenset[str] = frozenset({"Language", "English"})
"""A language choice names each language in itself, so an English reader finds it
(``语言 / Language``, ``英文（English）``); these words are allowed on radio buttons only."""

_CODE = re.compile(r"`[^`]*`")  # a column name or command written as code is an identifier
_FILE_NAME = re.compile(
    r"[\w.\-]*\.(?:csv|xlsx|gpkg|geojson|json|zip|shp|tif|tiff|osm|pbf|xml|bz2|gz|html|pdf|png|prj|shx|dbf|cpg|txt)\b",
    re.IGNORECASE,
)
_OSM_TAG = re.compile(r"\b[a-z_:]+=[a-z_;:.0-9]+\b")  # building=apartments: an OSM tag as id
_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['\u2019][A-Za-z\u00c0-\u024f]+)?")


def data_names(area: Any) -> list[str]:
    """The names the OpenStreetMap data of ``area`` (a StudyArea) carries, longest first.

    Street, building, premise, land-use and boundary names from OSM are data.
    The sample's invented boundaries (negative ``osm_id``) are not: the app
    must show their Chinese names.
    """
    names: set[str] = set()
    for layer in ("edges", "buildings", "premises", "landuse", "boundaries", "grounds"):
        frame = getattr(area, layer, None)
        if frame is None or "name" not in frame.columns:
            continue
        if layer == "boundaries" and "osm_id" in frame.columns:
            frame = frame[frame["osm_id"] >= 0]
        values = frame["name"].dropna().astype(str)
        names.update(v.strip() for v in values if v.strip())
    return sorted(names, key=len, reverse=True)


def _names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern matching any of ``names`` whole (longest first)."""
    names = [n for n in names if re.search(r"[A-Za-z\u00c0-\u024f]", n)]
    if not names:
        return None
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


def latin_words(
    text: str, *, names: re.Pattern[str] | None = None, allowed: frozenset[str] = ALLOWED
) -> list[str]:
    """The Latin-script words in ``text`` a Chinese planner should not meet.

    Removed first: names of the data (``names``), code in backticks (column
    names a file may carry, commands), file names and extensions, URLs and
    OSM tags written ``key=value``; then every Latin word not in ``allowed`` and longer
    than one letter is returned (in order, repeated as often as it occurs).

    >>> latin_words("新增网点 3（花径路）auto site 17，距离 1.5 km，见 coverage.gpkg")
    ['auto', 'site']
    >>> latin_words("Mannerheimintie 旁", names=re.compile("Mannerheimintie"))
    []
    """
    if names is not None:
        text = names.sub(" ", text)
    for pattern in (_CODE, _URL, _FILE_NAME, _OSM_TAG):
        text = pattern.sub(" ", text)
    return [w for w in _LATIN.findall(text) if len(w) > 1 and w not in allowed]


# --------------------------------------------------------------------------- what a page shows


@dataclass(frozen=True)
class Seen:
    """One text shown on a page: where (page, element kind) and what."""

    page: str
    kind: str
    text: str


_TEXT_ATTRIBUTES = ("label", "help", "placeholder", "body", "caption", "options", "delta")
_VALUE_SHOWN = {
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "text",
    "code",
    "latex",
    "alert",
    "error",
    "warning",
    "info",
    "success",
    "exception",
    "metric",
    "json",
    "toast",
    "text_input",
    "text_area",
    "dataframe",
    "arrow_data_frame",
    "table",
}  # element kinds whose value is what the planner reads (a selectbox's value is a key)


def _strings(value: Any, *, editable: bool = False) -> Iterator[str]:
    """The texts of a value; an editable table's missing numbers are blank cells, not words."""
    if value is None or callable(value):
        return
    if isinstance(value, pd.DataFrame):
        yield from (str(c) for c in value.columns)
        if value.index.name is not None or not isinstance(value.index, pd.RangeIndex):
            yield from (str(i) for i in value.index)
        for column in value.columns:
            yield from (str(v) for v in value[column].tolist() if not isinstance(v, int | float))
            if editable:  # st.data_editor shows a missing number as an empty cell to fill
                continue
            yield from ("None" for v in value[column].tolist() if v is None)
            yield from ("nan" for v in value[column].tolist() if isinstance(v, float) and v != v)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str | int | float):
        yield str(value)


def _node_texts(node: Any) -> Iterator[tuple[str, str]]:
    kind = str(getattr(node, "type", type(node).__name__))
    editable = bool(getattr(getattr(node, "proto", None), "editing_mode", 0))
    for attribute in (*_TEXT_ATTRIBUTES, "value"):
        if attribute == "value" and kind not in _VALUE_SHOWN:
            continue
        try:
            value = getattr(node, attribute)
        except Exception:  # noqa: BLE001 - AppTest elements raise for attributes they lack
            continue
        for text in _strings(value, editable=editable):
            if text.strip():
                yield kind, shown(text) if kind in {"markdown", "caption"} else text


def page_texts(at: AppTest, page: str) -> list[Seen]:
    """Every text the page shows now (element tree, then its maps)."""
    seen: list[Seen] = []

    def visit(node: Any) -> None:
        seen.extend(Seen(page, kind, text) for kind, text in _node_texts(node))
        for child in (getattr(node, "children", None) or {}).values():
            visit(child)

    visit(at._tree)  # noqa: SLF001 - AppTest offers no public walk over every element
    for node in [*at.get("arrow_vega_lite_chart"), *at.get("vega_lite_chart")]:
        seen.extend(
            Seen(page, f"chart:{kind}", text) for kind, text in chart_texts(node.proto.spec)
        )
    for node in at.get("component_instance"):
        seen.extend(
            Seen(page, f"map:{kind}", text) for kind, text in map_texts(node.proto.json_args)
        )
    for node in at.get("iframe"):  # the maps drawn without folium (the study-area page's)
        seen.extend(
            Seen(page, f"map:{kind}", text) for kind, text in leaflet_texts(node.proto.srcdoc)
        )
    return seen


def chart_texts(spec_json: str) -> Iterator[tuple[str, str]]:
    """The words a Vega-Lite chart shows: titles, and a field's name where it has no title.

    Vega-Lite writes a field's own name on an axis, legend or tooltip without a title.
    """

    def visit(node: Any) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            title = node.get("title")
            if isinstance(title, str):
                yield "title", title
            elif isinstance(title, list | dict):
                yield from (("title", str(t)) for t in _leaves(title) if t)
            if "field" in node and "title" not in node and isinstance(node["field"], str):
                yield "field", node["field"]
            for key, value in node.items():
                if key not in ("title", "data", "datasets", "$schema"):
                    yield from visit(value)
        elif isinstance(node, list):
            for item in node:
                yield from visit(item)

    yield from visit(json.loads(spec_json))


# --------------------------------------------------------------------------- what a map shows

_LAYER_NAMES = re.compile(r"(?:base_layers|overlays)\s*:\s*\{(.*?)\}", re.DOTALL)
_JS_STRING = r'"(?:[^"\\]|\\.)*"'
_TOOLTIP_ALIASES = re.compile(r"let aliases = (\[.*?\]);")
_PROPERTIES = re.compile(r'"properties":\s*\{(.*?)\}, "type": "Feature"')
_LEGEND = re.compile(r"div\.innerHTML = (" + _JS_STRING + ");")
_POPUP = re.compile(r"\.setContent\((" + _JS_STRING + r")\)|html = \$\(`(.*?)`\)", re.DOTALL)
_ATTRIBUTION = re.compile(r"addAttribution\((" + _JS_STRING + r")\)")
_TAGS = re.compile(r"<[^>]+>")


def _visible(markup: str) -> str:
    return html.unescape(_TAGS.sub(" ", markup))


def _leaves(tree: Any) -> Iterator[str]:
    if isinstance(tree, dict | list):
        for value in tree.values() if isinstance(tree, dict) else tree:
            yield from _leaves(value)
    else:
        yield str(tree)


def leaflet_texts(page: str) -> Iterator[tuple[str, str]]:
    """The words a map page of :mod:`servicecircle.maps.web.leaflet` shows, as (what, text).

    ``what`` as in :func:`map_texts`: the layer control, the tooltips (field
    names and values), the legend and the attribution.
    """
    from servicecircle.maps.web.leaflet import SPEC_ID, page_spec

    if SPEC_ID not in page:
        return
    spec = page_spec(page)
    for tile in spec["tiles"]:
        if tile["control"]:
            yield "layer", _visible(tile["name"])
    for layer in spec["layers"]:
        yield "layer", _visible(layer["name"])
        yield from (("tooltip", _visible(alias)) for alias in layer["aliases"])
        for feature in layer["data"]["features"]:
            properties = feature["properties"]
            yield from (("tooltip", _visible(str(properties[key]))) for key in layer["fields"])
    if spec["legend"]:
        yield "legend", _visible(spec["legend"])
    yield "attribution", _visible(spec["attribution"])


def map_texts(json_args: str) -> Iterator[tuple[str, str]]:
    """The words a streamlit-folium map shows, as (what, text).

    ``what`` is ``layer`` (layer control), ``tooltip`` (field names and the
    values of the fields shown), ``legend``, ``popup``, ``attribution``,
    ``draw`` (the Leaflet.draw texts the map sets) and two checks written as
    texts: ``draw-locale`` when a drawing toolbar comes without its texts set
    (Leaflet.draw's own are English) and ``scale`` when the scale bar shows
    feet and miles.
    """
    script = json.loads(json_args).get("script", "")
    for block in _LAYER_NAMES.findall(script):
        for name in re.findall(r"(" + _JS_STRING + r")\s*:", block):
            yield "layer", _visible(json.loads(name))
    for aliases in _TOOLTIP_ALIASES.findall(script):
        yield from (("tooltip", str(a)) for a in json.loads(aliases))
    for properties in _PROPERTIES.findall(script):
        for value in re.findall(r'"t\d+":\s*(' + _JS_STRING + ")", properties):
            yield "tooltip", _visible(json.loads(value))
    for legend in _LEGEND.findall(script):
        yield "legend", _visible(json.loads(legend))
    for content, template in _POPUP.findall(script):
        yield "popup", _visible(json.loads(content) if content else template)
    for attribution in _ATTRIBUTION.findall(script):
        yield "attribution", _visible(json.loads(attribution))
    if "L.Control.Draw(" in script:
        texts = re.search(r"L\.drawLocal\s*=\s*(\{.*?\});\s*$", script, re.DOTALL | re.MULTILINE)
        if texts is None:
            yield "draw-locale", "Leaflet.draw tool texts left in English (L.drawLocal not set)"
        else:
            yield from (("draw", _visible(s)) for s in _leaves(json.loads(texts.group(1))))
    for options in re.findall(r"L\.control\.scale\((.*?)\)", script, re.DOTALL):
        if not re.search(r'"?imperial"?\s*:\s*false', options):
            yield "scale", "scale bar in feet and miles (imperial not turned off)"


# --------------------------------------------------------------------------- the walk


def _visit(at: AppTest, page: str, seen: list[Seen]) -> None:
    if at.exception:
        raise AssertionError(f"{page}: {[e.value for e in at.exception]}")
    seen.extend(page_texts(at, page))


COVERAGE_VIEWS = ("hexagons", "units")
"""The coverage map's views besides the first (isochrones)."""
SITING_MODELS = ("pmedian", "min", "mclp")
"""The siting models run in turn; the last run's plan is the report page's."""


def walk(lang: str = "zh") -> tuple[list[Seen], list[str]]:
    """Walk every page in ``lang`` on the sample; the texts seen and the data's names.

    The analysis and a siting run are done so that the result pages show
    their content: the coverage map in each of its views, a run of each
    siting model (the report is made of the last, :data:`SITING_MODELS`),
    the report page in each of its sections.
    """
    from app_pages._state import LANG_KEY
    from app_pages.report import SECTIONS

    seen: list[Seen] = []
    at = AppTest.from_file(str(APP), default_timeout=WALK_TIMEOUT)
    at.run()
    if at.session_state[LANG_KEY] != lang:
        at.radio(key=LANG_KEY).set_value(lang).run()
    _visit(at, "study_area (first visit)", seen)
    at.button(key="study.load").click().run()
    _visit(at, "study_area", seen)
    for page in ("demand", "outlets", "coverage"):
        at.switch_page(f"app_pages/{page}.py").run()
        _visit(at, page, seen)
        if page == "outlets":
            _outlet_uploads(at, seen)
    for view in COVERAGE_VIEWS:
        at.radio(key="coverage.view").set_value(view).run()
        _visit(at, f"coverage:{view}", seen)
    _key_groups(at, seen)
    at.switch_page("app_pages/siting.py").run()
    _visit(at, "siting (before a run)", seen)
    _staff_run(at, seen)
    for model in SITING_MODELS:
        if model == "mclp":  # first a request no plan can meet: the planner's error message
            at.radio(key="siting.model").set_value(model).run()
            at.checkbox(key="siting.capacity_on").check().run()
            at.number_input(key="siting.capacity").set_value(10.0).run()
            at.button(key="siting.run").click().run()
            _visit(at, "siting:impossible", seen)
            at.checkbox(key="siting.capacity_on").uncheck().run()
        at.radio(key="siting.model").set_value(model).run()
        at.button(key="siting.run").click().run()
        _visit(at, "siting" if model == "mclp" else f"siting:{model}", seen)
    at.switch_page("app_pages/report.py").run()
    for section in SECTIONS:
        at.radio(key="report.section").set_value(section).run()
        _visit(at, f"report:{section}", seen)
    seen.extend(_report_texts(at, lang))
    return seen, data_names(at.session_state["area"])


KEY_GROUPS_CSV = (
    "街道,社区,60岁及以上人数,登记失业人员,高校毕业生占比（%）\n"
    "示例街道东,东北社区,600,40,3\n"
    "示例街道西,西南社区,900,60,4\n"
)
"""A planner's key-groups table of two of the sample's communities."""


def _key_groups(at: AppTest, seen: list[Seen]) -> None:
    """The coverage page with a key-groups table: per-group tables and the equity summary."""
    upload = at.file_uploader(key="staffing.groups_upload")
    upload.upload("重点群体.csv", KEY_GROUPS_CSV.encode("gbk")).run()
    _visit(at, "coverage:groups", seen)


def _staff_run(at: AppTest, seen: list[Seen]) -> None:
    """A siting run with a staff budget: the staff posted and the staffing after the plan."""
    at.radio(key="siting.model").set_value("mclp").run()
    at.checkbox(key="siting.staff_on").check().run()
    at.button(key="siting.run").click().run()
    _visit(at, "siting:staff", seen)
    at.checkbox(key="siting.staff_on").uncheck().run()


OUTLETS_CSV = (
    "网点名称,网点类型,地址,经度,纬度\n"
    "东区驿站,就业驿站,东路1号,24.945,60.170\n"
    "南区零工市场,零工市场,南路4号,24.943,60.166\n"
)
"""A planner's outlet table: Chinese headers and type values, GBK-encoded when uploaded."""


def _outlet_uploads(at: AppTest, seen: list[Seen]) -> None:
    """The outlets page with a planner's file, then with a type no table knows, then the sample."""
    at.radio(key="outlets.source").set_value("upload").run()
    at.file_uploader(key="outlets.upload").upload("网点.csv", OUTLETS_CSV.encode("gbk")).run()
    _visit(at, "outlets:uploaded", seen)
    unknown = OUTLETS_CSV.replace("零工市场,南路", "培训学校,南路")
    at.file_uploader(key="outlets.upload").upload("网点2.csv", unknown.encode("gbk")).run()
    _visit(at, "outlets:upload error", seen)
    at.radio(key="outlets.source").set_value("sample").run()


def _report_texts(at: AppTest, lang: str) -> list[Seen]:
    """The words of the HTML report the report page builds in ``lang`` (scripts left out)."""
    from unittest import mock

    from streamlit.runtime.media_file_manager import MediaFileManager

    served: dict[str, bytes] = {}
    add = MediaFileManager.add

    def recording_add(self, data, mimetype, coordinates, file_name=None, **kwargs):  # type: ignore[no-untyped-def]
        if file_name and isinstance(data, bytes):
            served[file_name] = data
        return add(self, data, mimetype, coordinates, file_name=file_name, **kwargs)

    at.radio(key="report.section").set_value("report").run()
    at.radio(key="report.lang").set_value(lang).run()
    at.multiselect(key="report.report_formats").set_value(["html"]).run()
    with mock.patch.object(MediaFileManager, "add", recording_add):
        at.button(key="report.report_build").click().run()
    built: list[Seen] = []
    _visit(at, "report:report (built)", built)
    pages = [data for name, data in served.items() if name.endswith(f"_report_{lang}.html")]
    if len(pages) != 1:
        raise AssertionError(f"the {lang} report was not served: {sorted(served)}")
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", pages[0].decode("utf-8"))
    page = re.sub(r"(?i)<img\b[^>]*>", " ", page)
    return built + [
        Seen("report (HTML)", "report", line.strip())
        for line in _visible(page).splitlines()
        if line.strip()
    ]


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Finding:
    """A Latin word (or a map check) on a page, with one text that shows it."""

    page: str
    word: str
    kind: str
    example: str

    def line(self) -> str:
        """How the finding is written in the known-failures file: ``page | word``."""
        return f"{self.page} | {self.word}"


_MISSING = re.compile(r"(?<![\w.])(None|nan|NaN|NaT|<NA>)(?![\w.])")


def findings(seen: Iterable[Seen], names: Iterable[str]) -> list[Finding]:
    """Every (page, word) outside the allow-list, once, with the first text showing it."""
    pattern = _names_pattern(names)
    found: dict[tuple[str, str], Finding] = {}
    for item in seen:
        if item.kind in ("map:draw-locale", "map:scale"):
            words = [item.kind.removeprefix("map:")]
        else:
            allowed = ALLOWED | LANGUAGE_NAMES if item.kind == "radio" else ALLOWED
            words = latin_words(item.text, names=pattern, allowed=allowed)
            if _MISSING.search(item.text):
                words = [w for w in words if w not in {"None", "nan", "NaN", "NaT", "NA"}]
                words.append("None/nan")
        for word in words:
            found.setdefault(
                (item.page, word), Finding(item.page, word, item.kind, item.text[:160])
            )
    return sorted(found.values(), key=lambda f: (f.page, f.word))


def read_known(path: Path) -> dict[str, str]:
    """The known failures: ``page | word`` lines (``#`` comments and blank lines skipped)."""
    known: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line, _, comment = raw.partition("#")
        if line.strip():
            page, _, word = line.partition("|")
            known[f"{page.strip()} | {word.strip()}"] = comment.strip()
    return known


if __name__ == "__main__":
    texts, data = walk()
    for finding in findings(texts, data):
        print(f"{finding.line():45} {finding.kind:18} {finding.example!r}")
