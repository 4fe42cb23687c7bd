"""The study-area map without folium (servicecircle.maps.web.leaflet, .leaflet_area).

The app's first page draws its map with this page; it must show what the folium
map shows (layers, styles, tooltips, legend, basemap, credit) and hold every
name from OSM or an upload as escaped text that cannot close its script element.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys

import folium
import geopandas as gpd
import pytest
import shapely

from servicecircle.inputs.crs import WGS84
from servicecircle.maps import web as webmap
from servicecircle.maps.extent import area_bounds
from servicecircle.maps.web.leaflet import SPEC_ID, leaflet_page, map_spec, page_spec, script_json
from servicecircle.maps.web.leaflet_area import study_area_layers
from tests.conftest import REPO

HOSTILE = "</script><img src=x onerror=alert(1)>"
ESCAPED = "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
LABELS = {"edges": "道路网", "buildings": "建筑", "name": "名称", "boundaries": "行政边界"}


def _hostile_area(area):  # noqa: ANN001, ANN202 - a StudyArea in, a StudyArea out
    """The sample with the hostile text as a premise's, a building's and a boundary's name."""
    premises = area.premises.copy()
    premises.loc[premises.index[0], "name"] = HOSTILE
    buildings = area.buildings.copy()
    buildings.loc[buildings.index[0], "name"] = HOSTILE
    boundaries = area.boundaries.copy()
    boundaries.loc[boundaries.index[0], "name"] = HOSTILE
    return dataclasses.replace(area, premises=premises, buildings=buildings, boundaries=boundaries)


def _leaves(tree: object) -> list[str]:
    if isinstance(tree, dict):
        return [leaf for value in tree.values() for leaf in _leaves(value)]
    if isinstance(tree, list):
        return [leaf for value in tree for leaf in _leaves(value)]
    return [tree] if isinstance(tree, str) else []


def test_script_json_reads_back_the_same_and_cannot_close_its_element() -> None:
    value = {"a": [HOSTILE, "<!-- x", "a & b", "\u2028", "名称"], "n": 1.5}
    text = script_json(value)
    assert json.loads(text) == value
    assert not set("<>&\u2028") & set(text)


def test_a_hostile_name_stays_escaped_text_in_the_page(sample_area) -> None:
    area = _hostile_area(sample_area)
    layers = study_area_layers(area, labels={**LABELS, "name": HOSTILE})
    page = leaflet_page(
        layers, bounds=area.bounds, asset_base="/app/static/vendor", legend_title=HOSTILE
    )
    assert HOSTILE not in page
    assert "<img" not in page and "onerror=alert(1)>" not in page
    # the page's own scripts only: Leaflet, the map's JSON and the script that draws it
    assert page.count("</script>") == 3
    assert len(re.findall(r"<script", page)) == 3
    spec = page_spec(page)
    texts = _leaves(spec)
    assert HOSTILE not in texts
    assert texts.count(ESCAPED) >= 3  # the premise, the building and the boundary
    aliases = [alias for layer in spec["layers"] for alias in layer["aliases"]]
    assert ESCAPED in aliases  # a label is escaped as well
    assert ESCAPED in spec["legend"] and HOSTILE not in spec["legend"]


def _folium_geojson(layer: webmap.MapLayer) -> folium.GeoJson:
    (geojson,) = [c for c in layer.group._children.values() if isinstance(c, folium.GeoJson)]  # noqa: SLF001
    return geojson


def _folium_tooltip(geojson: folium.GeoJson) -> tuple[list[str], list[str]]:
    tips = [c for c in geojson._children.values() if isinstance(c, folium.GeoJsonTooltip)]  # noqa: SLF001
    return (list(tips[0].fields), list(tips[0].aliases)) if tips else ([], [])


def _styled(layer: dict, feature: dict) -> dict:
    """What the page's script gives a feature as its style (as the JavaScript does)."""
    style = dict(layer["style"])
    color = layer["classColors"].get(feature["properties"].get("c"), layer["otherColor"])
    style.update({key: color for key in layer["classPaint"]})
    return style


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_shows_what_the_folium_map_shows(sample_area, lang: str) -> None:
    """Same layers in the same order, data, styles, tooltips, legend and extent as folium's."""
    area = _hostile_area(sample_area)
    labels = LABELS if lang == "zh" else {}
    premise_labels = {"community_centre": "社区中心"} if lang == "zh" else {}
    outline = gpd.GeoDataFrame(geometry=[shapely.box(24.94, 60.165, 24.95, 60.175)], crs=WGS84)
    ours = study_area_layers(
        area,
        labels=labels,
        premise_labels=premise_labels,
        names_in=lang,
        extra_boundaries={"研究区边界": outline},
    )
    theirs = webmap.study_area_layers(
        area, labels=labels, premise_labels=premise_labels, names_in=lang
    )
    theirs.append(webmap.boundaries_layer(outline, name="研究区边界"))
    spec = map_spec(ours, bounds=area_bounds(area), legend_title="图例", lang=lang)
    folium_map = webmap.study_area_map(
        area,
        labels=labels,
        premise_labels=premise_labels,
        names_in=lang,
        extra_layers=[theirs[-1]],
        legend_title="图例",
        lang=lang,
    )
    assert [layer["name"] for layer in spec["layers"]] == [t.group.layer_name for t in theirs]
    assert len(spec["layers"]) == 6  # land use, buildings, roads, boundaries, premises, outline
    for layer, their in zip(spec["layers"], theirs, strict=True):
        geojson = _folium_geojson(their)
        assert layer["data"] == geojson.data, layer["name"]
        assert (layer["fields"], layer["aliases"]) == _folium_tooltip(geojson)
        assert layer["interactive"] == geojson.options.get("interactive", True)
        for feature in layer["data"]["features"]:
            assert _styled(layer, feature) == geojson.style_function(feature), layer["name"]
    entries = [entry for their in theirs for entry in their.legend]
    assert spec["legend"] == webmap.legend_html("图例", entries)
    (south, west), (north, east) = spec["bounds"]
    assert (west, south, east, north) == area_bounds(area)
    credits = [c.text for c in folium_map._children.values() if hasattr(c, "text")]  # noqa: SLF001
    assert credits == [spec["attribution"]]  # the same credit, in the map's language


@pytest.mark.parametrize("basemap", webmap.BASEMAPS)
def test_the_basemap_tiles_are_folium_s(basemap: str) -> None:
    spec = map_spec([], bounds=None, basemap=basemap, tianditu_key="k&y", basemap_name="底图<b>")
    tiles = webmap.basemap_layers(basemap, tianditu_key="k&y", name="底图<b>")
    assert [t["url"] for t in spec["tiles"]] == [t.tiles for t in tiles]
    assert [t["attribution"] for t in spec["tiles"]] == [t.options["attribution"] for t in tiles]
    assert [t["name"] for t in spec["tiles"]] == [t.layer_name for t in tiles]
    assert [t["maxZoom"] for t in spec["tiles"]] == [t.options["max_zoom"] for t in tiles]
    assert [t["subdomains"] for t in spec["tiles"]] == [t.options["subdomains"] for t in tiles]
    assert [t["overlay"] for t in spec["tiles"]] == [t.overlay for t in tiles]
    assert [t["control"] for t in spec["tiles"]] == [t.control for t in tiles]
    assert all("<b>" not in t["name"] for t in spec["tiles"])
    assert spec["bounds"] is None


def test_leaflet_loads_from_the_local_copy() -> None:
    page = leaflet_page([], bounds=(24.9, 60.1, 25.0, 60.2), asset_base="/base/app/static/vendor/")
    assert '<script src="/base/app/static/vendor/leaflet/leaflet.js"></script>' in page
    assert 'href="/base/app/static/vendor/leaflet/leaflet.css"' in page
    assert "http" not in page.replace('"http', "")  # no CDN, no tile server without a basemap
    assert f'id="{SPEC_ID}"' in page


def test_the_page_modules_do_not_import_folium() -> None:
    code = (
        "import sys\n"
        "from servicecircle.maps.web import leaflet_area, leaflet, BASEMAPS, VENDOR_URL\n"
        "from servicecircle.maps.web import assets_installed, landuse_group, network_feature\n"
        "print([m for m in ('folium', 'branca', 'jinja2') if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("lang", "shown"),
    [("zh", ["鼓楼街道", "城关镇", "—"]), ("en", ["Gulou", "城关镇", "—"])],
)
def test_boundary_tooltips_name_every_unit_in_the_language_shown(
    sample_area, lang: str, shown: list[str]
) -> None:
    """An uploaded unit with only one of name / name_zh keeps its name in either language."""
    boxes = [shapely.box(24.93 + i / 100, 60.16, 24.94 + i / 100, 60.17) for i in range(3)]
    boundaries = gpd.GeoDataFrame(
        {
            "osm_id": [1, 2, 3],
            "admin_level": ["8", "8", "8"],
            "name": ["Gulou", "城关镇", None],
            "name_zh": ["鼓楼街道", None, None],
        },
        geometry=boxes,
        crs=WGS84,
    )
    area = dataclasses.replace(sample_area, boundaries=boundaries)
    (layer,) = [
        layer for layer in study_area_layers(area, names_in=lang) if layer.name == "Boundaries"
    ]
    (name_field,) = [field for field, label in layer.tooltip.items() if label == "Name"]
    names = [f["properties"].get(name_field) for f in layer.data["features"]]
    assert [n if n else "—" for n in names] == shown
    folium_page = webmap.study_area_map(area, names_in=lang).get_root().render()
    written = [json.dumps(name)[1:-1] for name in shown if name != "—"]  # folium writes \\uXXXX
    assert all(name in folium_page for name in written), written
