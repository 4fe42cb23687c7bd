"""The one results-map recipe: layers, order, words and symbols from the shared tables."""

from __future__ import annotations

import json

import geopandas as gpd
import shapely

from servicecircle.i18n import t
from servicecircle.inputs.crs import WGS84
from servicecircle.maps.recipes import LayerFrames, coverage_layers
from servicecircle.maps.style import GAP, NEW_SITE, ramp_colors
from servicecircle.maps.web import compose_map, points_layer


def _points(**columns: list[object]) -> gpd.GeoDataFrame:
    n = len(next(iter(columns.values())))
    points = [shapely.Point(24.94 + 0.001 * i, 60.17) for i in range(n)]
    return gpd.GeoDataFrame(columns, geometry=points, crs=WGS84)


def _frames() -> LayerFrames:
    square = shapely.box(24.93, 60.16, 24.96, 60.18)
    return LayerFrames(
        demand=_points(
            people=[10.0, 20.0],
            minutes_to_nearest=[3.0, 30.0],
            **{"class": ["residential", "industrial"]},
        ),
        outlets=_points(name=["A"], outlet_type=["gig_market"]),
        isochrones=gpd.GeoDataFrame(
            {"minutes": [5.0, 15.0], "people": [10.4, 10.6]}, geometry=[square, square], crs=WGS84
        ),
        gaps=_points(rank=[1], people=[20.0]),
        units=gpd.GeoDataFrame(
            {"name": ["U"], "people": [30.0], "share_15": [0.5]}, geometry=[square], crs=WGS84
        ),
        chosen=_points(rank=[1], name=[None], newly_covered=[20.0]),
    )


def test_layers_in_order_with_the_report_words() -> None:
    frames = _frames()
    layers = coverage_layers(frames, frames, lang="zh", reasons={1: "新覆盖 20 人"})
    names = [layer.group.layer_name for layer in layers]
    expected = [
        "map.boundaries",
        "map.isochrones",
        "map.demand",
        "map.gaps",
        "map.outlets",
        "map.chosen",
    ]
    assert names == [t(key, "zh") for key in expected]
    legend = {entry.label: entry.color for layer in layers for entry in layer.legend}
    assert legend["需求（人口）: 居住区"] != legend["需求（人口）: 产业集聚区"]
    assert legend["≤ 5 分钟"] == ramp_colors(2)[0]
    assert legend[t("map.gaps", "zh")] == GAP.color
    assert legend[t("map.chosen", "zh")] == NEW_SITE.color
    assert legend[t("map.outlets", "zh") + ": 零工市场"]


def test_without_plan_network_or_units() -> None:
    frames = _frames()
    layers = coverage_layers(frames, None, lang="en", show_units=False, show_demand=False)
    assert [layer.group.layer_name for layer in layers] == [
        "Service areas",
        "Coverage gaps",
        "existing outlets",
    ]
    empty = coverage_layers(LayerFrames(), None, lang="en")
    assert empty == []


def test_overlays_sit_below_the_gaps_and_hidden_layers_start_off() -> None:
    frames = _frames()
    extra = points_layer(_points(people=[1.0]), name="extra")
    layers = coverage_layers(
        frames, None, lang="en", show_units=False, overlays=[extra], hidden={"isochrones"}
    )
    names = [layer.group.layer_name for layer in layers]
    assert names.index("extra") == names.index("Coverage gaps") - 1
    shown = {layer.group.layer_name: layer.group.show for layer in layers}
    assert shown["Service areas"] is False and shown["Coverage gaps"] is True


def test_unnamed_demand_areas_are_named_as_the_report_names_them() -> None:
    demand = _points(
        people=[300.0, 800.0, 50.0],
        minutes_to_nearest=[3.0, 30.0, 8.0],
        name=["relocation area 2", "industrial area 17", "滨江产业园"],
        **{"class": ["relocation", "industrial", "industrial"]},
    )
    for lang, words in (("zh", ("安置区 2", "工业区 17")), ("en", ("relocation area 2",))):
        layers = coverage_layers(LayerFrames(demand=demand), lang=lang)
        html = compose_map(layers, bounds=(24.93, 60.16, 24.97, 60.18)).get_root().render()
        shown = [json.dumps(word)[1:-1] for word in words]  # tooltips are JSON-escaped
        assert all(word in html for word in shown), lang
        assert json.dumps("滨江产业园")[1:-1] in html  # a name of its own stays
        if lang == "zh":
            assert "relocation area" not in html and "industrial area" not in html
