"""Key groups as points on the Nanjing Xuanwu extract (no admin boundaries; skips without it)."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from servicecircle.cli import main

NANJING = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "nanjing-xuanwu.osm.xml"

pytestmark = pytest.mark.skipif(not NANJING.is_file(), reason="shared Nanjing extract absent")


def test_points_of_key_groups_on_xuanwu(tmp_path):
    points = gpd.GeoDataFrame(
        {"名称": ["甲", "乙", "丙"], "60岁及以上老年人": [120, 80, 40], "高校毕业生": [9, 0, 3]},
        geometry=[shapely.Point(118.765, 32.035), shapely.Point(118.78, 32.045)]
        + [shapely.Point(118.79, 32.055)],
        crs=4326,
    )
    path = tmp_path / "重点群体.geojson"
    points.to_file(path, driver="GeoJSON")
    out = tmp_path / "out"
    args = ["-q", "--lang", "zh", "analyze", str(NANJING), "--outlets", "osm", "--no-sensitivity"]
    assert main([*args, "--out", str(out), "--groups", str(path)]) == 0
    record = json.loads((out / "summary.json").read_text(encoding="utf-8"))["groups"]
    rows = {row["group"]: row for row in record["groups"]}
    assert rows["aged_60_plus"]["people"] == pytest.approx(240.0, abs=1e-3)
    assert rows["college_graduates"]["people"] == pytest.approx(12.0, abs=1e-3)
    for row in rows.values():
        parts = row["served"] + row["over_capacity"] + row["out_of_reach"]
        assert parts == pytest.approx(row["people"], abs=0.01)
    # no townships or communities in the extract: the Gini is taken across demand units
    assert record["gini_level"] == "unit"
    assert record["gini_areas"] > 100
    assert 0 <= record["gini_unweighted"] <= 1
    assert record["areas"] == []
