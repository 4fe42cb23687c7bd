"""Tests of servicecircle.maps.web: local assets, escaping, layers, basemaps, legend."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pytest
import shapely

from servicecircle.maps import web as webmap
from servicecircle.maps.style import (
    CATEGORY_PALETTE,
    DEMAND_CLASS_COLORS,
    OUTLET_TYPE_COLORS,
    ramp_colors,
)
from servicecircle.maps.web.assets import LOCAL_ASSETS

EVIL = "<script>alert(1)</script>"
EVIL_JS = "`${alert(2)}`</script>"


def _render(m: folium.Map) -> str:
    return m.get_root().render()


def _geojson_payloads(page: str) -> list[dict]:
    """The GeoJSON objects folium embedded in the page (``..._add({...});``)."""
    out = []
    for match in re.finditer(r"_add\((\{.*?\})\);\n", page, flags=re.DOTALL):
        out.append(json.loads(match.group(1)))
    return out


def _asset_urls(page: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"|<link rel="stylesheet" href="([^"]+)"', page)


@pytest.fixture()
def fake_vendor(tmp_path: Path) -> Path:
    """A vendor folder with a small stand-in for every asset file."""
    for name, rel in LOCAL_ASSETS.items():
        if rel is None:
            continue
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".css"):
            path.write_text(
                f"/* {name} */ .x{{background:url(images/pic.png)}}"
                ".y{background:url('https://example.org/a.png')}"
                '@font-face{src:url(f.woff2) format("woff2"),url(f.ttf) format("truetype")}',
                encoding="utf-8",
            )
            (path.parent / "images").mkdir(exist_ok=True)
            (path.parent / "images" / "pic.png").write_bytes(b"\x89PNG fake")
            (path.parent / "f.woff2").write_bytes(b"wOF2")
        else:
            path.write_text(f"/* {name} */ var s = '</script>';", encoding="utf-8")
    return tmp_path


def _points(names: list[str], **columns: list[object]) -> gpd.GeoDataFrame:
    geometry = [shapely.Point(24.94 + 0.001 * i, 60.17) for i in range(len(names))]
    return gpd.GeoDataFrame({"name": names, **columns}, geometry=geometry, crs="EPSG:4326")


# --------------------------------------------------------------------------- assets


def test_localize_assets_points_every_asset_at_base_url() -> None:
    m = webmap.new_map(bounds=(24.9, 60.1, 25.0, 60.2), full_assets=True)
    folium.plugins.Draw().add_to(m)
    folium.plugins.MarkerCluster().add_to(m)
    webmap.localize_assets(m, base_url="/base/vendor")
    urls = [u for pair in _asset_urls(_render(m)) for u in pair if u]
    assert urls, "the map should reference its assets"
    assert all(u.startswith("/base/vendor/") for u in urls), urls
    assert "/base/vendor/leaflet-draw/leaflet.draw.js" in urls
    assert "/base/vendor/markercluster/MarkerCluster.Default.css" in urls
    # the folium classes themselves are untouched
    assert folium.Map.default_js[0][1].startswith("https://")
    # repeatable with another base
    webmap.localize_assets(m, base_url="/other")
    urls = [u for pair in _asset_urls(_render(m)) for u in pair if u]
    assert all(u.startswith("/other/") for u in urls), urls


def test_lean_map_carries_only_leaflet_and_jquery() -> None:
    urls = [u for pair in _asset_urls(_render(webmap.new_map())) for u in pair if u]
    assert sorted(urls) == sorted(
        [
            "/app/static/vendor/leaflet/leaflet.js",
            "/app/static/vendor/jquery/jquery.min.js",
            "/app/static/vendor/leaflet/leaflet.css",
        ]
    )


def test_unknown_asset_is_refused() -> None:
    m = webmap.new_map()
    folium.plugins.Fullscreen().add_to(m)
    with pytest.raises(ValueError, match="no local copy"):
        webmap.localize_assets(m)


def test_streamlit_folium_gets_local_links() -> None:
    """streamlit-folium collects default_js/default_css from the elements: all local."""
    m = webmap.compose_map([webmap.outlets_layer(_points(["a"], outlet_type=["x"]))])
    links = [
        url
        for element in webmap.assets._asset_elements(m)
        for _name, url in [*element.default_js, *element.default_css]
    ]
    assert links and all(url.startswith("/app/static/vendor/") for url in links)


def test_standalone_html_inlines_everything(fake_vendor: Path) -> None:
    m = webmap.new_map(bounds=(24.9, 60.1, 25.0, 60.2), full_assets=True)
    folium.plugins.Draw().add_to(m)
    before = [(list(e.default_js), list(e.default_css)) for e in webmap.assets._asset_elements(m)]
    page = webmap.map_to_standalone_html(m, vendor_dir=fake_vendor)
    assert "<script src=" not in page
    assert '<link rel="stylesheet" href=' not in page
    assert "/* leaflet */" in page and "/* leaflet_draw_js */" in page
    assert "<\\/script>" in page  # a '</script>' inside inlined code cannot end the tag
    assert "data:image/png;base64," in page  # CSS images inlined
    assert "data:font/woff2;base64," in page
    assert ".ttf" not in page  # TrueType fallbacks dropped
    assert "https://example.org/a.png" in page  # absolute URLs left alone
    assert "sc-vendor:" not in page
    after = [(list(e.default_js), list(e.default_css)) for e in webmap.assets._asset_elements(m)]
    assert after == before  # the map can still be shown in the app


def test_standalone_html_needs_assets(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="install_web_assets"):
        webmap.map_to_standalone_html(webmap.new_map(), vendor_dir=tmp_path)


def test_standalone_html_with_installed_assets() -> None:
    if not webmap.assets_installed():
        pytest.skip("static/vendor not installed (scripts/install_web_assets.sh)")
    page = webmap.map_to_standalone_html(webmap.new_map(bounds=(24.9, 60.1, 25.0, 60.2)))
    assert "Leaflet" in page and "jQuery" in page
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", page)


# --------------------------------------------------------------------------- escaping


def test_untrusted_names_are_escaped_everywhere() -> None:
    points = _points([EVIL, EVIL_JS], outlet_type=[EVIL, "gig_market"], rank=[1, 2])
    polygons = points.assign(geometry=points.to_crs(3067).buffer(50).to_crs(4326), minutes=5)
    layers = [
        webmap.outlets_layer(points, tooltip={"name": EVIL, "outlet_type": "Type"}),
        webmap.gaps_layer(polygons, tooltip={"name": "Name"}),
        webmap.sites_layer(points, tooltip={"name": "Name"}),
        webmap.isochrones_layer(polygons, tooltip={"name": "Name"}, name=EVIL),
        webmap.buildings_layer(polygons, tooltip={"name": "Name"}),
    ]
    page = _render(webmap.compose_map(layers, legend_title=EVIL, attribution=EVIL))
    assert EVIL not in page
    assert "alert(1)</script>" not in page
    # text may only appear as JSON string data, never in JavaScript source
    code = re.sub(r"_add\(\{.*?\}\);\n", "", page, flags=re.DOTALL)
    assert "alert(2)" not in code
    names = {
        feature["properties"].get("t0")
        for payload in _geojson_payloads(page)
        for feature in payload["features"]
    }
    assert html.escape(EVIL) in names
    assert html.escape(EVIL_JS) in names


def test_escape_text() -> None:
    assert webmap.escape_text(None) == ""
    assert webmap.escape_text(float("nan")) == ""
    assert webmap.escape_text(3.0) == "3"
    assert webmap.escape_text(2.345) == "2.35"
    assert webmap.escape_text('a<b>&"') == "a&lt;b&gt;&amp;&quot;"


def test_legend_html_escapes_labels() -> None:
    text = webmap.legend_html(EVIL, [webmap.LegendEntry(EVIL, "#fff", "line")])
    assert EVIL not in text
    assert html.escape(EVIL) in text


# --------------------------------------------------------------------------- geojson


def test_features_are_rounded_and_simplified() -> None:
    line = shapely.LineString([(24.0 + i * 1e-7, 60.0 + (i % 2) * 1e-7) for i in range(100)])
    frame = gpd.GeoDataFrame({"name": ["x"]}, geometry=[line], crs="EPSG:4326")
    data = webmap.features_from_frame(frame, {"n": ["x"]}, simplify_m=1.0, precision=5)
    coords = data["features"][0]["geometry"]["coordinates"]
    assert len(coords) < 10
    assert all(round(c, 5) == c for xy in coords for c in xy)
    assert data["features"][0]["properties"] == {"n": "x"}


def test_features_reproject_and_skip_empty() -> None:
    frame = gpd.GeoDataFrame(
        geometry=[shapely.Point(500000, 6650000), shapely.Point()], crs="EPSG:3067"
    )
    data = webmap.features_from_frame(frame)
    assert len(data["features"]) == 1
    lon, lat = data["features"][0]["geometry"]["coordinates"]
    assert 26 < lon < 28 and 59 < lat < 61


def test_merged_feature_is_one_feature() -> None:
    frame = gpd.GeoDataFrame(
        geometry=[shapely.LineString([(0, 0), (1, 1)]), shapely.LineString([(1, 1), (2, 0)])],
        crs="EPSG:4326",
    )
    data = webmap.merged_feature(frame, simplify_m=None, precision=6)
    assert len(data["features"]) == 1
    assert data["features"][0]["geometry"]["type"] == "MultiLineString"


def test_merged_lines_are_the_json_of_their_multilinestring(sample_area) -> None:
    """Lines and multi-lines, simplified and rounded: the JSON shapely's mapping gives."""
    multi = shapely.MultiLineString([[(0, 0), (1, 1)], [(2, 2), (3, 3), (4, 3)]])
    frame = gpd.GeoDataFrame(
        geometry=[shapely.LineString([(0, 0), (1, 1)]), multi, shapely.LineString()],
        crs="EPSG:4326",
    )
    data = webmap.merged_feature(frame, simplify_m=None, precision=6)
    expected = shapely.MultiLineString(
        [[(0, 0), (1, 1)], [(0, 0), (1, 1)], [(2, 2), (3, 3), (4, 3)]]
    )
    assert json.dumps(data["features"][0]["geometry"]) == json.dumps(
        shapely.geometry.mapping(expected)
    )
    roads = webmap.merged_feature(sample_area.edges, simplify_m=2.0, precision=5)
    lines = shapely.get_parts(
        shapely.transform(
            shapely.simplify(
                np.asarray(sample_area.edges.geometry.array, dtype=object),
                2.0 / 111_320.0,
                preserve_topology=True,
            ),
            lambda xy: np.round(xy, 5),
        )
    )
    assert json.dumps(roads["features"][0]["geometry"]) == json.dumps(
        shapely.geometry.mapping(shapely.multilinestrings(lines))
    )


# --------------------------------------------------------------------------- layers


def test_network_layer_from_kept_geojson_draws_the_same(sample_area) -> None:
    edges = sample_area.edges
    data = webmap.network_feature(edges)

    def payloads(layer: webmap.MapLayer) -> list[dict]:
        return _geojson_payloads(_render(webmap.compose_map([layer], bounds=sample_area.bounds)))

    assert payloads(webmap.network_layer(None, data=data)) == payloads(webmap.network_layer(edges))
    with pytest.raises(ValueError, match="edges"):
        webmap.network_layer(None)


def test_study_area_layers_on_sample(sample_area) -> None:
    layers = webmap.study_area_layers(sample_area, labels={"edges": "道路网"})
    names = [layer.group.layer_name for layer in layers]
    assert "道路网" in names
    m = webmap.study_area_map(sample_area, labels={"edges": "道路网"}, legend_title="图例")
    page = _render(m)
    assert "OpenStreetMap contributors" in page
    assert "L.control.layers" in page
    payloads = _geojson_payloads(page)
    counts = sorted(len(p["features"]) for p in payloads)
    assert len(sample_area.buildings) in counts  # one feature per building, with tooltips
    assert 1 in counts  # the network as one feature
    size = sum(len(json.dumps(p)) for p in payloads)
    assert size < 2_000_000


def test_isochrone_colours_darker_when_nearer() -> None:
    polys = gpd.GeoDataFrame(
        {"minutes": [15, 5, 10]},
        geometry=[shapely.Point(24.94, 60.17).buffer(d) for d in (0.03, 0.01, 0.02)],
        crs="EPSG:4326",
    )
    layer = webmap.isochrones_layer(polys, minutes_label="≤ {minutes} 分钟")
    assert [e.label for e in layer.legend] == ["≤ 5 分钟", "≤ 10 分钟", "≤ 15 分钟"]

    def lightness(color: str) -> int:
        return sum(int(color[i : i + 2], 16) for i in (1, 3, 5))

    shades = [lightness(e.color) for e in layer.legend]
    assert shades == sorted(shades) and len(set(shades)) == 3
    page = _render(webmap.compose_map([layer]))
    features = _geojson_payloads(page)[0]["features"]
    assert [f["properties"]["c"] for f in features] == ["15", "10", "5"]  # nearest on top


def test_ramp_colors() -> None:
    assert ramp_colors(0) == []
    assert len(ramp_colors(1)) == 1
    many = ramp_colors(7)
    assert len(many) == 7 and len(set(many)) == 7
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in many)


def test_gaps_are_labelled_by_rank() -> None:
    gaps = _points(["a", "b", "c"], rank=[3, 1, 2])
    layer = webmap.gaps_layer(gaps, max_labels=2)
    page = _render(webmap.compose_map([layer]))
    labels = re.findall(r"\\u003e(\d+)\\u003c/div", page)
    assert labels == ["1", "2"]


def test_sites_numbered_in_order() -> None:
    page = _render(webmap.compose_map([webmap.sites_layer(_points(["a", "b"]))]))
    labels = re.findall(r"\\u003e(\d+)\\u003c/div", page)
    assert labels == ["1", "2"]


def test_outlet_types_get_colours_and_labels() -> None:
    outlets = _points(["a", "b", "c"], outlet_type=["gig_market", "window", "kiosk"])
    layer = webmap.outlets_layer(
        outlets,
        name="站点",
        type_labels={"gig_market": "零工市场"},
        type_colors={"window": "#123456"},
    )
    labels = {e.label: e.color for e in layer.legend}
    assert labels["站点: 零工市场"] == OUTLET_TYPE_COLORS["gig_market"]
    assert labels["站点: window"] == "#123456"
    assert labels["站点: kiosk"] in CATEGORY_PALETTE  # a type without a colour of its own


def test_demand_radius_grows_with_weight() -> None:
    demand = _points(["a", "b"], people=[10, 1000])
    page = _render(webmap.compose_map([webmap.demand_layer(demand)]))
    radii = [f["properties"]["r"] for f in _geojson_payloads(page)[0]["features"]]
    assert radii[0] < radii[1] == 14.0


def test_landuse_groups() -> None:
    assert webmap.landuse_group("residential") == "residential"
    assert webmap.landuse_group("farmland") == "green"
    assert webmap.landuse_group("railway") == "other"
    assert webmap.landuse_group(None) == "other"


# --------------------------------------------------------------------------- basemaps


def test_no_basemap_has_no_tiles_but_attribution() -> None:
    page = _render(webmap.new_map(basemap="none"))
    assert "L.tileLayer" not in page
    assert "OpenStreetMap contributors" in page


@pytest.mark.parametrize("kind", ["osm", "cartodb"])
def test_online_basemaps(kind: str) -> None:
    page = _render(webmap.new_map(basemap=kind))
    assert page.count("L.tileLayer") == 1
    assert "OpenStreetMap" in page


def test_tianditu_needs_key_and_quotes_it() -> None:
    with pytest.raises(ValueError, match="key"):
        webmap.basemap_layers("tianditu")
    layers = webmap.basemap_layers("tianditu", tianditu_key='ab&c"d')
    urls = [layer.tiles for layer in layers]
    assert "vec_w/wmts" in urls[0] and "LAYER=vec" in urls[0]
    assert "cva_w/wmts" in urls[1] and "LAYER=cva" in urls[1]
    assert all(url.endswith("tk=ab%26c%22d") for url in urls)


def test_unknown_basemap_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown basemap"):
        webmap.new_map(basemap="google")


# --------------------------------------------------------------------------- classed maps


def test_hexagons_average_by_weight_and_flag_unreachable() -> None:
    points = gpd.GeoDataFrame(
        {"minutes": [4.0, 8.0, float("nan"), float("nan")], "people": [1.0, 3.0, 5.0, 5.0]},
        geometry=[
            shapely.Point(24.9400, 60.1700),
            shapely.Point(24.94001, 60.17001),  # same cell as the first
            shapely.Point(24.9600, 60.1800),  # far away: its own cell, unreachable
            shapely.Point(24.96001, 60.18001),
        ],
        crs="EPSG:4326",
    )
    hexes = webmap.hexagons_from_points(points, "minutes", weight_column="people", size_m=100)
    assert len(hexes) == 2
    assert sorted(hexes["count"]) == [2, 2]
    by_weight = hexes.set_index("weight")
    assert by_weight.loc[4.0, "value"] == pytest.approx((4 * 1 + 8 * 3) / 4)
    assert np.isnan(by_weight.loc[10.0, "value"]) and by_weight.loc[10.0, "missing_share"] == 1.0
    assert hexes.crs.to_epsg() == 4326
    assert all(len(g.exterior.coords) == 7 for g in hexes.geometry)  # hexagons


def test_hexagons_tile_without_gaps() -> None:
    """Every point falls inside the hexagon it was assigned to."""
    rng = np.random.default_rng(1)
    lon = 24.93 + rng.random(300) * 0.02
    lat = 60.16 + rng.random(300) * 0.01
    points = gpd.GeoDataFrame(
        {"v": np.arange(300.0)}, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326"
    )
    hexes = webmap.hexagons_from_points(points, "v", size_m=80)
    assert int(hexes["count"].sum()) == 300
    joined = gpd.sjoin(points, hexes, predicate="within")
    assert len(joined) == 300


def test_classed_layer_bins_and_missing() -> None:
    cells = gpd.GeoDataFrame(
        {"value": [3.0, 5.0, 12.0, 40.0, float("nan")]},
        geometry=[shapely.Point(24.94 + i * 0.01, 60.17).buffer(0.002) for i in range(5)],
        crs="EPSG:4326",
    )
    bins, colors = webmap.minutes_classes([15, 5, 10])
    assert bins == [5.0, 10.0, 15.0] and len(colors) == 4
    layer = webmap.classed_layer(
        cells,
        "value",
        bins=bins,
        colors=colors,
        labels=["≤5", "≤10", "≤15", ">15"],
        name="minutes",
        missing_label="unreachable",
    )
    assert [e.label for e in layer.legend] == ["≤5", "≤15", ">15", "unreachable"]
    page = _render(webmap.compose_map([layer]))
    classes = [f["properties"]["c"] for f in _geojson_payloads(page)[0]["features"]]
    assert classes == ["0", "0", "2", "3", "missing"]  # 5 is within "≤ 5"
    with pytest.raises(ValueError, match="one entry per bin"):
        webmap.classed_layer(cells, "value", bins=bins, colors=colors[:2], labels=[], name="x")


def test_areas_layer_by_class() -> None:
    areas = gpd.GeoDataFrame(
        {"class": ["relocation", "industrial"], "name": ["a", "b"]},
        geometry=[shapely.box(0, 0, 1, 1), shapely.box(2, 2, 3, 3)],
        crs="EPSG:4326",
    )
    layer = webmap.areas_layer(areas, name="区域", class_labels={"relocation": "安置区"})
    assert [e.label for e in layer.legend] == ["区域: 安置区", "区域: industrial"]
    assert layer.legend[0].color == DEMAND_CLASS_COLORS["relocation"]


def test_draw_control_offers_only_the_given_shapes() -> None:
    m = webmap.compose_map([], draw=("polygon", "rectangle"))
    page = _render(m)
    assert "L.Control.Draw" in page
    assert '"marker": false' in page and '"rectangle": true' in page
    urls = [u for pair in _asset_urls(page) for u in pair if u]
    assert "/app/static/vendor/leaflet-draw/leaflet.draw.js" in urls
    with pytest.raises(ValueError, match="unknown draw shapes"):
        webmap.draw_control(["hexagon"])


def test_a_tooltip_showing_the_category_says_its_label():
    premises = gpd.GeoDataFrame(
        {"name": ["甲", "乙"], "kind": ["gig_market", "community_centre"]},
        geometry=[shapely.Point(24.94, 60.17), shapely.Point(24.95, 60.17)],
        crs=4326,
    )
    layer = webmap.premises_layer(
        premises,
        name="场所",
        kind_labels={"gig_market": "零工市场", "community_centre": "社区中心"},
        tooltip={"name": "名称", "kind": "类别"},
    )
    m = webmap.new_map(bounds=(24.9, 60.1, 25.0, 60.2))
    layer.group.add_to(m)
    (payload,) = [p for p in _geojson_payloads(_render(m)) if len(p.get("features", [])) == 2]
    shown = [f["properties"] for f in payload["features"]]
    assert [p["c"] for p in shown] == ["gig_market", "community_centre"]  # colours by key
    texts = {v for p in shown for k, v in p.items() if k.startswith("t")}
    assert {"零工市场", "社区中心"} <= texts
    assert not {"gig_market", "community_centre"} & texts
