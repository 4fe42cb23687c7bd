"""Where a census total or a key group's row was read is said in the planner's language.

The place of a row (``demand.file_places``) stays a message from the reader
to the audit, the notes and the errors: "人口.csv 第 4 行" in Chinese,
"人口.csv row 4" in English; unnamed areas of a layer are "#N" in both.
"""

from __future__ import annotations

import re

import geopandas as gpd
import pytest

from servicecircle.demand.census import read_census
from servicecircle.demand.census_headers import area_labels
from servicecircle.demand.census_rows import census_from_mapping
from servicecircle.demand.census_scaling import scale_to_census
from servicecircle.demand.key_group_files import read_key_groups
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import say
from tests.demand.test_census import ADMIN, UNITS, box, write_csv

ENGLISH_PLACE = re.compile(r"\b(rows?|features?|sheet)\b")


def _no_english_place(text: str) -> str:
    assert not ENGLISH_PLACE.search(text), text
    return text


def test_a_repeated_row_is_refused_with_both_rows_in_either_language(tmp_path):
    rows = [["街道", "常住人口"], ["城关街道", "5"], ["东山镇", "7"], ["城关街道", "6"]]
    with pytest.raises(InputDataError) as caught:
        read_census(write_csv(tmp_path / "人口.csv", rows))
    zh = _no_english_place(say(caught.value, "zh"))
    assert "“城关街道”出现了不止一次（人口.csv 第 2 行、人口.csv 第 4 行）" in zh
    assert "(人口.csv row 2, 人口.csv row 4)" in say(caught.value, "en")


def test_an_unmatched_and_a_twice_given_row_in_the_audit_and_the_notes(tmp_path):
    rows = [
        ["街道", "常住人口"],
        ["城关街道", "20000"],
        ["西山乡", "900"],  # no such township
        ["东山镇", "8000"],
        ["东山", "100"],  # 东山镇 again, by a looser rule: the same unit as row 4
    ]
    result = scale_to_census(UNITS, read_census(write_csv(tmp_path / "人口.csv", rows)), ADMIN)
    audit = result.audit.set_index("census_name")
    assert say(audit.loc["西山乡", "where"], "zh") == "人口.csv 第 3 行"
    assert say(audit.loc["西山乡", "where"], "en") == "人口.csv row 3"
    assert audit.loc["东山", "status"] == "unit given twice"
    assert say(audit.loc["东山", "detail"], "zh") == "与 人口.csv 第 4 行 是同一个单元"
    assert say(audit.loc["东山", "detail"], "en") == "the same unit as 人口.csv row 4"
    said = [say(note, "zh") for note in result.notes]
    (lost,) = [n for n in said if "西山乡" in n]
    (twice,) = [n for n in said if "'东山'" in n]
    assert "人口.csv 第 3 行" in lost and "人口.csv 第 5 行" in twice and "第 4 行" in twice
    for note in said:
        _no_english_place(note)
    english = " ".join(str(note) for note in result.notes)
    assert "人口.csv row 3" in english and "the same unit as 人口.csv row 4" in english


def test_nothing_matched_lists_the_rows_in_chinese(tmp_path):
    rows = [["乡镇", "人口"], ["西山乡", "900"], ["北山乡", "100"]]
    with pytest.raises(InputDataError) as caught:
        scale_to_census(UNITS, read_census(write_csv(tmp_path / "人口.csv", rows)), ADMIN)
    zh = _no_english_place(say(caught.value, "zh"))
    assert "人口.csv 第 2 行" in zh and "人口.csv 第 3 行" in zh
    assert "人口.csv row 3" in say(caught.value, "en")


def test_a_mapping_entry_and_a_workbook_sheet_are_said_without_english_words(tmp_path):
    (where,) = census_from_mapping({"城关街道": 5}, source="普查").rows["where"]
    assert say(where, "zh") == "普查 中的“城关街道”"
    assert say(where, "en") == "普查 '城关街道'"
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "说明"
    sheet = book.create_sheet("人口")
    for row in (["乡镇", "人口"], ["东山镇", 8000]):
        sheet.append(row)
    book.save(tmp_path / "c.xlsx")
    (where,) = read_census(tmp_path / "c.xlsx").rows["where"]
    assert _no_english_place(say(where, "zh")) == "c.xlsx [人口] 第 2 行"


def test_a_geopackage_census_says_its_features_and_labels_unnamed_areas(tmp_path):
    path = tmp_path / "普查.gpkg"
    gpd.GeoDataFrame(
        {
            "name": ["Chengguan", None, None],
            "name_zh": ["城关", None, "东山"],
            "人口": [1000, 5, 9],
        },
        geometry=[box(0, 0, 4, 4), box(4, 4, 5, 5), box(5, 5, 7, 7)],
        crs="EPSG:4326",
    ).to_file(path, layer="areas")
    totals = read_census(path)
    # the Chinese name before the English one; an area without a name is its number
    assert totals.rows["name"].tolist() == ["城关", "#2", "东山"]
    assert [say(w, "zh") for w in totals.rows["where"]] == [
        f"普查.gpkg 第 {n} 个要素" for n in (1, 2, 3)
    ]
    assert [say(w, "en") for w in totals.rows["where"]] == [
        f"普查.gpkg feature {n}" for n in (1, 2, 3)
    ]
    result = scale_to_census(UNITS, totals, ADMIN.iloc[:0])
    said = [say(note, "zh") for note in result.notes]
    (empty,) = [n for n in said if "#2" in n]  # no unit inside: listed with its place
    assert "普查.gpkg 第 2 个要素" in _no_english_place(empty)


def test_census_and_key_group_layers_label_areas_alike(tmp_path):
    frame = gpd.GeoDataFrame(
        {
            "社区": ["新村", None, None],
            "name": [None, "Vaduz", None],
            "老年人": [10, 20, 30],
            "人口": [100, 200, 300],
        },
        geometry=[box(0, 0, 1, 1), box(1, 1, 2, 2), box(2, 2, 3, 3)],
        crs="EPSG:4326",
    )
    path = tmp_path / "areas.geojson"
    frame.to_file(path, driver="GeoJSON")
    expected = ["新村", "Vaduz", "#3"]
    assert area_labels(frame, ["社区", "name", "老年人", "人口"]) == expected
    assert read_census(path).rows["name"].tolist() == expected
    groups = read_key_groups(path)
    assert groups.rows["name"].tolist() == expected
    assert say(groups.rows["where"].iloc[2], "zh") == "areas.geojson 第 3 个要素"


def test_the_audit_saved_in_a_project_reads_back_and_is_said_in_either_language(tmp_path):
    import json

    from servicecircle.cli.language import message_lang, set_message_lang
    from servicecircle.cli.printing import _status
    from servicecircle.demand.top_down import audit_records
    from servicecircle.i18n.demand_words import audit_status_text, where_text
    from servicecircle.report.demand_context import census_audit_rows
    from servicecircle.results._codec import json_ready
    from servicecircle.results.demand_records import DemandAssumptions

    rows = [["街道", "常住人口"], ["城关街道", "20000"], ["东山镇", "8000"], ["东山", "100"]]
    result = scale_to_census(UNITS, read_census(write_csv(tmp_path / "人口.csv", rows)), ADMIN)
    saved = json.dumps(json_ready({"census_audit": audit_records(result.audit)}))
    demand = DemandAssumptions.from_json(json.loads(saved), "assumptions.demand")
    assert demand.census_audit is not None
    twice = demand.census_audit[2]
    assert where_text(twice.where, "zh") == "人口.csv 第 4 行"
    assert where_text(twice.where, "en") == "人口.csv row 4"
    assert audit_status_text(twice.status, "zh", twice.detail) == (
        "同一单元重复给出；与 人口.csv 第 3 行 是同一个单元"
    )
    report = census_audit_rows(demand.census_audit, "zh")
    assert report[2]["where"] == "人口.csv 第 4 行"
    assert report[2]["status"].endswith("与 人口.csv 第 3 行 是同一个单元")
    assert report[0]["status"] == "已按普查数调整"
    english = census_audit_rows(demand.census_audit, "en")[2]["status"]
    assert english.endswith("the same unit as 人口.csv row 3")
    assert demand.to_json()["census_audit"][0].get("detail") is None  # left out when none
    before = message_lang()
    set_message_lang("zh")
    try:
        assert _status(twice.status, twice.detail).endswith("与 人口.csv 第 3 行 是同一个单元")
    finally:
        set_message_lang(before)
    # a project saved before: the place as English text, the detail after the status
    old = DemandAssumptions.from_json(
        {
            "census_audit": [
                {
                    **json.loads(saved)["census_audit"][2],
                    "where": "人口.csv row 4",
                    "status": "unit given twice: the same unit as 人口.csv row 3",
                    "detail": None,
                }
            ]
        }
    ).census_audit
    assert old is not None
    assert where_text(old[0].where, "zh") == "人口.csv 第 4 行"
    assert census_audit_rows(old, "zh")[0]["status"].endswith("the same unit as 人口.csv row 3")
