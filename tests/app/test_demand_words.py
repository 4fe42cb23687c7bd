"""The estimate's reasons (basis, profile choice, census audit) in the planner's language."""

from __future__ import annotations

import pytest

from app_pages.demand_overrides import parse_osm_ids
from servicecircle.demand import PROFILES
from servicecircle.i18n.demand_words import (
    assumption_rows,
    audit_level_text,
    audit_status_text,
    basis_text,
    decision_text,
    profile_label,
    profile_reason_text,
    where_text,
)


@pytest.mark.parametrize(
    ("basis", "zh"),
    [
        ("tag shop=mall", "商场"),
        ("tag shop=bakery", "标签 shop=bakery"),  # a tag without a word: as OSM writes it
        ("tag shop=mall; amenity=parking", "商场；停车场"),
        ("building=office", "建筑类型 办公楼"),
        ("amenity=social_facility", "社会服务设施"),  # a premise's tag
        ("network node within 500 m of a gap", "距缺口 500 米内的路网节点"),
        (
            "building=dormitory, in university grounds",
            "建筑类型 宿舍楼，位于大学场地内",
        ),
        ("untagged, in residential land", "未标注类型，位于居住用地内"),
        ("untagged, no land use", "未标注类型，无用地信息"),
        ("in commercial land", "位于商业用地内"),
        ("in sports centre grounds", "位于体育中心场地内"),
        ("name contains 医院", "名称含“医院”"),
        ("name contains 宿舍, in university grounds", "名称含“宿舍”，位于大学场地内"),
        ("footprint 12 m² under 30 m²", "基底面积 12 平方米，小于 30 平方米"),
        ("footprint under the smallest", "基底面积过小（棚屋、车库等）"),
        (
            "building=residential, in mall grounds; footprint 6.6 ha over 1 ha, counted as "
            "land at 400 people/ha",
            "建筑类型 住宅楼，位于商场场地内；基底面积 6.6 公顷，超过 1 公顷，"
            "按用地 400 人/公顷计算",
        ),
        ("planner: non-residential (id 123)", "由您指定：非居住（OSM 编号 123）"),
        ("planner area 'Campus B': residential", "您指定的区域“Campus B”：居住"),
        ("planner area 2: non-residential", "您指定的区域“第 2 个区域”：非居住"),
        (
            "unmapped residential land (3.0 of 4.0 ha) at 400 people/ha",
            "无建筑数据的居住用地（4.0 公顷中的 3.0 公顷），按 400 人/公顷计算",
        ),
        ("industrial land at 60 jobs/ha", "工业用地，按 60 人/公顷计算就业人员"),
        ("relocation area: people given", "搬迁安置区：人数由文件给出"),
        ("industrial area: area at 60 per ha", "工业区：按 60 人/公顷计算"),
        (
            "untagged, no land use; people from the population grid",
            "未标注类型，无用地信息；人数取自人口格网",
        ),
        ("population grid", "人口格网"),
        ("planner's demand points", "您提供的需求点"),
    ],
)
def test_every_basis_of_the_estimate_is_said_in_chinese(basis: str, zh: str) -> None:
    assert basis_text(basis, "zh") == zh


def test_english_says_the_same_and_unknown_words_are_kept() -> None:
    assert basis_text("building=dormitory, in university grounds", "en") == (
        "dormitory, in university grounds"
    )
    assert basis_text("building=spaceport", "zh") == "建筑类型 building=spaceport"
    assert basis_text("in grass land", "en") == "in grass land"
    assert basis_text("a reason not known yet", "zh") == "a reason not known yet"
    assert basis_text("in heath land", "zh") == "位于heath用地内"  # an OSM value without words
    assert basis_text(None, "zh") == basis_text("", "zh") == ""


def test_decisions_profiles_and_reasons() -> None:
    assert [decision_text(d, "zh") for d in ("residential", "non-residential", "industrial")] == [
        "居住",
        "非居住",
        "工业（计就业人员）",
    ]
    assert profile_label("china_town", "zh") == "中国城镇与乡村"
    assert profile_label("no_such_profile", "zh") == "no_such_profile"
    reasons = {
        "set by the planner": "由您指定",
        "centre 24.94°E 60.17°N lies outside China": (
            "研究区中心（东经 24.94°，北纬 60.17°）位于中国境外"
        ),
        "in China; 5 of 7 townships are subdistricts (街道)": (
            "位于中国；7 个街道（乡镇）中有 5 个是街道"
        ),
        "in China; 3 of 4 townships are towns (镇/乡)": (
            "位于中国；4 个街道（乡镇）中有 3 个是镇或乡"
        ),
        "in China; median of 40 buildings with levels or a height: 6 storeys": (
            "位于中国；40 栋有层数或高度的建筑，层数中位数为 6 层"
        ),
        "in China; median footprint of 80 buildings: 1,250 m²": (
            "位于中国；80 栋建筑的基底面积中位数为 1,250 平方米"
        ),
        "in China; too few buildings to tell a town from a city": (
            "位于中国；建筑太少，无法区分城市与城镇，按城市处理"
        ),
    }
    for reason, zh in reasons.items():
        assert profile_reason_text(reason, "zh") == zh
    assert profile_reason_text("a new rule", "zh") == "a new rule"


def test_census_audit_words() -> None:
    assert audit_status_text("scaled", "zh") == "已缩放"
    assert audit_status_text("no census total; scaled with its township", "zh") == (
        "无普查数，随所属街道（乡镇）缩放"
    )
    assert audit_status_text("not found: no unit named '北村'", "zh") == (
        "研究区中未找到；no unit named '北村'"
    )
    assert audit_status_text(None, "zh") == ""
    assert audit_level_text("community", "zh") == "社区（村）"
    assert audit_level_text("outside", "en") == "Outside the census areas"
    assert where_text("人口.csv row 5", "zh") == "人口.csv 第 5 行"
    assert where_text("census.xlsx sheet '人口' row 3", "zh") == "census.xlsx [人口] 第 3 行"
    assert where_text("普查.gpkg feature 4", "zh") == "普查.gpkg 第 4 个要素"
    assert where_text("普查.gpkg feature 4", "en") == "普查.gpkg feature 4"
    assert where_text("a note", "zh") == "a note"


def test_typed_osm_ids() -> None:
    assert parse_osm_ids("123, w45、way/6；-2  r7") == ((123, 45, 6, -2, 7), [])
    assert parse_osm_ids("12, 12, abc, 1.5") == ((12,), ["abc", "1.5"])
    assert parse_osm_ids("  ") == ((), [])


def test_the_assumptions_used_in_chinese() -> None:
    assumptions = {
        "profile": "china_city",
        "profile_reason": "set by the planner",
        "profile_source": PROFILES["china_city"].source,
        "m2_per_person": 36.5,
        "levels_other": "4 (regional profile (3 residential buildings with levels, fewer than 10))",
        "formula": "people = footprint × levels × usable share ÷ m² per person",
        "user_mode": "add",
        "census_scaled": ["城关街道", "东山镇"],
        "something_new": 3,
    }
    assert assumption_rows(assumptions, "zh") == [
        ("地区参数方案", "中国城市"),
        ("方案依据", "由您指定"),
        (
            "取值来源",
            "2020 年人口普查城市家庭户人均住房建筑面积 36.52 平方米"
            "（《中国人口普查年鉴—2020》，国家统计局，2022）",
        ),
        ("人均居住建筑面积（平方米）", "36.5"),
        ("未标注类型建筑的层数", "4（取地区参数方案的值：有层数的居住建筑仅 3 栋，少于 10 栋）"),
        ("计算公式", "人数 = 基底面积 × 层数 × 可用面积比例 ÷ 人均居住建筑面积"),
        ("自有需求点", "与估算结果相加"),
        ("已应用的普查人口", "城关街道，东山镇"),
        ("something_new", "3"),
    ]
    median = "5.5 (median of 42 residential buildings with levels)"
    assert assumption_rows({"levels_other": median}, "zh") == [
        ("未标注类型建筑的层数", "5.5（42 栋有层数的居住建筑的中位数）")
    ]
    assert assumption_rows({"census_scaled": []}, "en") == [("Census totals applied", "None")]
