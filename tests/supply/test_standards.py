"""The standards table: TOML and GBK CSV files, bad rows, outlets' 层级/人员, staff defaults."""

from __future__ import annotations

import numpy as np
import pytest

from servicecircle.coverage import CoverageSettings, coverage_from
from servicecircle.demand import demand_from_area
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import say
from servicecircle.supply.cells import TIERS, tier_of
from servicecircle.supply.outlets import DEFAULT_OUTLET_TYPES, OutletType, prepare_outlets
from servicecircle.supply.standards import standards_from_file
from servicecircle.testing.synthetic import grid_area, points_at

TOML = """
[[type]]
"类型" = "社区就业服务窗口"
"层级" = "社区（村）"
"出行方式" = "步行"
"时间（分钟）" = 10
"人员" = 2
"开放天数" = 6

[[type]]
type = "township_station"
mode = "ebike"
minutes = 20
residents_per_staff = 5000

[types.kiosk]
tier = "community"
mode = "walk"
minutes = 5
staff = 1
"""


def test_every_default_type_has_a_tier_staff_and_days():
    assert {t.tier for t in DEFAULT_OUTLET_TYPES.values()} == set(TIERS)
    for kind in DEFAULT_OUTLET_TYPES.values():
        assert kind.staff > 0 and 0 < kind.opening_days <= 7
    assert DEFAULT_OUTLET_TYPES["township_station"].residents_per_staff == 10_000.0
    assert DEFAULT_OUTLET_TYPES["community_window"] == OutletType("community_window")


def test_a_toml_file_overrides_the_defaults_it_names(tmp_path):
    path = tmp_path / "standards.toml"
    path.write_text(TOML, encoding="utf-8")
    types = standards_from_file(path)
    window = types["community_window"]
    assert (window.tier, window.mode, window.minutes, window.staff, window.opening_days) == (
        "community",
        "walk",
        10.0,
        2.0,
        6.0,
    )
    station = types["township_station"]
    assert (station.mode, station.minutes, station.residents_per_staff, station.tier) == (
        "ebike",
        20.0,
        5000.0,
        "township",
    )
    assert types["kiosk"] == OutletType("kiosk", "walk", 5.0, "community", 1.0)
    assert types["gig_market"] == DEFAULT_OUTLET_TYPES["gig_market"]


def test_a_gbk_csv_with_chinese_headers(tmp_path):
    text = (
        "类型,层级,出行方式,时间（分钟）,人员,每名人员服务人口,开放天数\n"
        "零工市场,县级,电动自行车,25,4人,,7\n"
        "街道（乡镇）就业服务站,街道（乡镇）,自行车,15,,8000,5\n"
        "家门口服务站,社区,步行,12,1,,5天\n"
    )
    path = tmp_path / "标准.csv"
    path.write_bytes(text.encode("gbk"))
    types = standards_from_file(path)
    assert types["gig_market"] == OutletType("gig_market", "ebike", 25.0, "county", 4.0, None, 7.0)
    assert types["township_station"].residents_per_staff == 8000.0
    assert types["doorstep_station"] == OutletType("doorstep_station", "walk", 12.0, "community")


def test_bad_rows_are_listed_with_what_to_write(tmp_path):
    text = (
        "类型,层级,出行方式,时间（分钟）,人员,开放天数\n"
        "社区就业服务窗口,省级,步行,15,1,5\n"
        "零工市场,县级,飞行,-3,三人,9\n"
        ",,步行,15,,\n"
    )
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputDataError) as caught:
        standards_from_file(path)
    zh = say(caught.value, "zh")
    assert "第 2 行的层级“省级”无法识别" in zh
    assert "第 3 行的出行方式“飞行”无法识别" in zh
    assert "第 3 行的时间“-3”无效" in zh and "第 3 行的人员“三人”无效" in zh
    assert "第 3 行的开放天数“9”无效" in zh
    assert "第 4 行没有填写网点类型" in zh
    en = say(caught.value, "en")
    assert "row 2: tier '省级' is not known; write county, township or community" in en


def test_a_file_without_a_type_column_or_missing(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("层级,时间\n县级,30\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="no type column"):
        standards_from_file(path)
    with pytest.raises(InputDataError, match="not found"):
        standards_from_file(tmp_path / "none.toml")
    bad = tmp_path / "b.toml"
    bad.write_text("[[type]\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="not valid TOML"):
        standards_from_file(bad)


def test_tier_words():
    assert [tier_of(w) for w in ("县（区）", "街道", "乡镇", "社区（村）", "村级", "")] == [
        "county",
        "township",
        "township",
        "community",
        "community",
        None,
    ]


def test_outlets_keep_their_tier_and_staff_columns():
    area = grid_area(n=6)
    outlets = points_at(
        [(0, 0), (500, 500), (300, 0)],
        类型=["社区就业服务窗口", "街道（乡镇）就业服务站", "零工市场"],
        层级=["", "街道", "社区"],
        工作人员数=["3", None, "2人"],
    )
    prepared = prepare_outlets(outlets, area=area)
    assert prepared["tier"].tolist() == ["community", "township", "community"]
    assert prepared["staff"].tolist()[0] == 3.0 and np.isnan(prepared["staff"].iloc[1])
    assert prepared["staff"].iloc[2] == 2.0
    wrong = points_at([(0, 0), (100, 0)], 类型=["零工市场"] * 2, 层级=["省级", ""], 人员=["", "x"])
    with pytest.raises(InputDataError) as caught:
        prepare_outlets(wrong, area=area)
    zh = say(caught.value, "zh")
    assert "第 1 个要素的层级无法识别" in zh
    assert "第 2 个要素的人员数不是人数" in zh


def test_missing_staff_takes_the_standard_fixed_or_per_resident():
    """Walk 4 km/h on a 100 m grid: a 5-minute standard reaches 333 m of road."""
    area = grid_area(n=6)
    types = {
        "w": OutletType("w", "walk", 5.0, "community", staff=2.0),
        "t": OutletType("t", "walk", 5.0, "township", residents_per_staff=1000.0),
    }
    # the township station at (0, 0) reaches (0, 0), (100, 0), (200, 100) [300 m]
    # but not (300, 100) [400 m]: 2,500 people within -> 3 staff
    demand = demand_from_area(
        area,
        user_points=points_at(
            [(0, 0), (100, 0), (200, 100), (300, 100)], people=[500, 900, 1100, 7000]
        ),
        user_mode="replace",
    )
    outlets = prepare_outlets(
        points_at(
            [(0, 0), (500, 500), (500, 0)], outlet_type=["t", "w", "w"], staff=[None, None, 4]
        ),
        area=area,
        types=types,
    )
    coverage = coverage_from(
        area, demand, outlets, settings=CoverageSettings(outlet_types=types), with_isochrones=False
    )
    table = coverage.outlets
    assert table["staff"].tolist() == [3.0, 2.0, 4.0]
    assert table["staff_source"].tolist() == ["standard", "standard", "file"]
    assert table["tier"].tolist() == ["township", "community", "community"]
