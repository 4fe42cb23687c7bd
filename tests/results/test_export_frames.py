"""A candidate's kind and why it is one (``basis``): words in zh/en files, codes for scripts."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from openpyxl import load_workbook

from servicecircle.results.export import export_layer
from servicecircle.results.export_frames import flatten, labelled


def _candidates() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "name": ["阳光社区服务站", None, "河西路"],
            "source": ["osm", "osm", "auto"],
            "kind": ["social_facility", "community_service", "network_point"],
            "basis": [
                "amenity=social_facility",
                "name contains 党群服务; amenity=community_centre",
                "network node within 500 m of a gap",
            ],
        },
        geometry=[shapely.Point(118.80 + i / 100, 32.05) for i in range(3)],
        crs="EPSG:4326",
    )


def test_kinds_and_bases_are_chinese_words_in_a_zh_workbook(tmp_path: Path) -> None:
    path = export_layer(_candidates(), tmp_path / "c.xlsx", layer="candidates", fields="zh")
    sheet = load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    kinds = [row[header.index("场所类别")] for row in rows[1:]]
    bases = [row[header.index("依据")] for row in rows[1:]]
    assert kinds == ["社会服务设施", "社区（党群）服务中心", "缺口周边的路网节点"]
    assert bases == ["社会服务设施", "名称含“党群服务”；社区中心", "距缺口 500 米内的路网节点"]


def test_english_files_say_them_in_english_and_a_demand_basis_too(tmp_path: Path) -> None:
    path = export_layer(_candidates(), tmp_path / "c.csv", layer="candidates", fields="en")
    table = pd.read_csv(path, encoding="utf-8-sig")
    assert table["Premises kind"].tolist() == [
        "Social facility",
        "Community (party-masses) service centre",
        "road network point near a gap",
    ]
    assert table["Basis"].tolist() == [
        "social facility",
        "name contains 党群服务; community centre",
        "road network point within 500 m of a gap",
    ]
    demand = gpd.GeoDataFrame(
        {"basis": ["building=apartments", "building=spaceport"], "people": [120.4, 3.0]},
        geometry=[shapely.Point(118.8, 32.05), shapely.Point(118.81, 32.05)],
        crs="EPSG:4326",
    )
    ready = labelled(flatten(demand), "demand", "zh").frame
    assert ready["依据"].tolist() == ["建筑类型 公寓楼", "建筑类型 building=spaceport"]


def test_without_a_language_the_codes_stay_for_scripts() -> None:
    ready = labelled(flatten(_candidates()), "candidates", None).frame
    assert ready["kind"].tolist() == ["social_facility", "community_service", "network_point"]
    assert ready["basis"].iloc[0] == "amenity=social_facility"
