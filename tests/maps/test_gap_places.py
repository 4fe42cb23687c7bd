"""The results map places each gap by its nearest named road, in the map's language."""

from __future__ import annotations

import json

import geopandas as gpd
import shapely

from servicecircle.i18n import t
from servicecircle.inputs.crs import WGS84
from servicecircle.maps.recipes import LayerFrames, coverage_layers
from servicecircle.maps.web import compose_map


def _gaps_layer_html(lang: str) -> str:
    empty = gpd.GeoDataFrame(geometry=[], crs=WGS84)
    gaps = gpd.GeoDataFrame(
        {
            "rank": [1, 2],
            "people": [20.0, 5.0],
            "township": [None, "甲街道"],
            "community": [None, None],
            "nearest_minutes": [float("nan"), 21.0],
            "road": ["花径路", None],
            "road_m": [40.0, float("nan")],
        },
        geometry=[shapely.box(24.94, 60.17, 24.95, 60.175), shapely.Point(24.96, 60.17)],
        crs=WGS84,
    )
    frames = LayerFrames(gaps=gaps, demand=empty, outlets=empty, isochrones=empty)
    layers = coverage_layers(frames, None, lang=lang)
    assert [x.group.layer_name for x in layers] == [t("map.gaps", lang)]
    return compose_map(layers, bounds=(24.93, 60.16, 24.97, 60.18)).get_root().render()


def test_a_gap_tooltip_says_the_road_it_is_near() -> None:
    zh = _gaps_layer_html("zh")
    assert json.dumps("花径路附近")[1:-1] in zh or "花径路附近" in zh
    assert json.dumps(t("admin.gap_place", "zh"))[1:-1] in zh or t("admin.gap_place", "zh") in zh
    en = _gaps_layer_html("en")
    assert "near" in en and t("admin.gap_place", "en") in en
