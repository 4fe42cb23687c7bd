"""Reading key-groups tables: headers (zh/en), counts vs shares vs percent, bad rows, files."""

from __future__ import annotations

import openpyxl
import pytest

from servicecircle.demand.key_group_files import read_key_groups
from servicecircle.demand.key_groups import group_of_header, table_from_rows
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import say


def _zh(error: pytest.ExceptionInfo[InputDataError]) -> str:
    return say(error.value.args[0], "zh")


@pytest.mark.parametrize(
    ("header", "group"),
    [
        ("60岁及以上人口", "aged_60_plus"),
        ("老年人（人）", "aged_60_plus"),
        ("Residents aged 60+", "aged_60_plus"),
        ("登记失业人员数", "registered_unemployed"),
        ("Registered unemployed", "registered_unemployed"),
        ("外出务工人员", "migrant_workers"),
        ("返乡人员", "migrant_workers"),
        ("农民工", "migrant_workers"),
        ("Migrant workers", "migrant_workers"),
        ("高校毕业生", "college_graduates"),
        ("College graduates", "college_graduates"),
        ("常住人口", None),
        ("社区", None),
    ],
)
def test_group_of_a_header(header, group):
    assert group_of_header(header) == group


def test_counts_shares_and_percent_are_told_apart_and_said():
    rows = [
        ["街道", "60岁及以上", "登记失业人员占比", "外出务工人员", "高校毕业生比例（%）"],
        ["甲街道", "1,200", "0.02", "0.3", "4"],
        ["乙街道", "800", "0.05", "0.25", "2.5"],
    ]
    table = table_from_rows(rows, source="g.csv")
    assert dict(table.kinds) == {
        "aged_60_plus": "count",  # values above 1, no share word
        "registered_unemployed": "share",  # 占比
        "migrant_workers": "share",  # every value at most 1
        "college_graduates": "percent",  # (%) in the header
    }
    assert table.rows["aged_60_plus"].tolist() == [1200.0, 800.0]
    assert table.rows["college_graduates"].tolist() == pytest.approx([0.04, 0.025])
    notes = [say(note, "zh") for note in table.notes]
    assert "60岁及以上老年人：按人数读取“60岁及以上”列。" in notes
    assert "外出务工及返乡人员：按占常住人口的比例（0~1）读取“外出务工人员”列。" in notes
    assert "高校毕业生：按占常住人口的百分比读取“高校毕业生比例（%）”列。" in notes


def test_a_share_column_with_values_above_one_or_percent_signs_is_percent():
    rows = [["社区", "登记失业人员比例", "老年人占比"], ["A", "3", "12%"], ["B", "1.5", "8.5%"]]
    table = table_from_rows(rows, source="g.csv")
    assert table.kinds["registered_unemployed"] == "percent"
    assert table.kinds["aged_60_plus"] == "percent"
    assert table.rows["aged_60_plus"].tolist() == pytest.approx([0.12, 0.085])


def test_a_count_column_is_taken_over_a_share_column_of_the_same_group():
    rows = [["社区", "老年人占比", "60岁及以上人数"], ["A", "0.2", "300"]]
    table = table_from_rows(rows, source="g.csv")
    assert table.kinds["aged_60_plus"] == "count"
    assert table.columns["aged_60_plus"] == "60岁及以上人数"


def test_title_rows_merged_township_cells_and_total_rows():
    rows = [
        ["2024年重点群体统计表", None, None],
        ["街道", "社区", "高校毕业生"],
        ["甲街道", "一社区", 10],
        [None, "二社区", 20],
        ["甲街道", "小计", 30],
        ["合计", None, 30],
    ]
    table = table_from_rows(rows, source="g.xlsx")
    got = table.rows[["township", "community", "college_graduates"]].to_numpy().tolist()
    assert got == [["甲街道", "一社区", 10.0], ["甲街道", "二社区", 20.0], ["甲街道", None, 30.0]]
    assert [say(w, "zh") for w in table.rows["where"]] == [f"g.xlsx 第 {n} 行" for n in (3, 4, 5)]


def test_bad_cells_are_listed_with_their_rows():
    rows = [
        ["社区", "登记失业人员", "老年人比例"],
        ["A", "约30", "0.2"],
        ["B", "-2", "1.2"],
        ["C", "5", "0.1"],
    ]
    with pytest.raises(InputDataError) as error:
        table_from_rows(rows, source="g.csv")
    text = _zh(error)
    assert "g.csv 第 2 行（'约30'）" in text
    assert "g.csv 第 3 行（'-2'）" in text
    # 比例 with a value above 1 is percent: 1.2 % is fine, nothing else is listed
    assert "第 4 行" not in text
    assert "请改正这些格后重试" in text


def test_percent_above_100_and_unnamed_rows_and_repeats_are_refused():
    with pytest.raises(InputDataError) as error:
        table_from_rows([["社区", "老年人占比(%)"], ["A", "120"]], source="g.csv")
    assert "g.csv 第 2 行（'120'）" in _zh(error)
    with pytest.raises(InputDataError) as error:
        table_from_rows([["社区", "老年人"], ["", "120"]], source="g.csv")
    assert "没有街道/乡镇或社区/村名称：g.csv 第 2 行" in _zh(error)
    with pytest.raises(InputDataError) as error:
        table_from_rows([["社区", "老年人"], ["A", "1"], ["A", "2"]], source="g.csv")
    assert "“A”出现了两次" in _zh(error)


def test_a_table_without_group_columns_says_what_it_needs():
    with pytest.raises(InputDataError) as error:
        table_from_rows([["社区", "常住人口"], ["A", "100"]], source="g.csv")
    assert "没有找到重点群体表头" in _zh(error)
    assert "'社区'" in _zh(error)


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_csv_files_in_gbk_and_utf8_with_bom(tmp_path, encoding):
    path = tmp_path / "重点群体.csv"
    text = "街道,社区,60岁及以上老年人,登记失业人员\n甲街道,一社区,120,8\n甲街道,二社区,80,2\n"
    path.write_bytes(text.encode(encoding))
    table = read_key_groups(path)
    assert table.groups == ("aged_60_plus", "registered_unemployed")
    assert table.rows["community"].tolist() == ["一社区", "二社区"]
    assert table.rows["aged_60_plus"].tolist() == [120.0, 80.0]


def test_an_xlsx_workbook_with_english_headers(tmp_path):
    path = tmp_path / "groups.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (
        ["Key groups 2024"],
        ["Township", "Community", "Migrant workers", "College graduates share"],
        ["East", "North", 30, 0.05],
        ["East", "South", 10, 0.02],
    ):
        sheet.append(row)
    book.save(path)
    table = read_key_groups(path)
    assert dict(table.kinds) == {"migrant_workers": "count", "college_graduates": "share"}
    assert table.rows["college_graduates"].tolist() == [0.05, 0.02]
    assert [str(w) for w in table.rows["where"]] == ["groups.xlsx row 3", "groups.xlsx row 4"]


def test_other_files_are_refused_with_a_message(tmp_path):
    path = tmp_path / "groups.doc"
    path.write_bytes(b"x")
    with pytest.raises(InputDataError) as error:
        read_key_groups(path)
    assert "CSV、Excel（.xlsx）" in _zh(error)
    fake = tmp_path / "groups.csv"
    fake.write_bytes(b"PK\x03\x04rest")
    with pytest.raises(InputDataError) as error:
        read_key_groups(fake)
    assert "实际是 Excel 工作簿" in _zh(error)


def test_a_layer_without_group_columns_names_its_columns(tmp_path):
    import geopandas as gpd
    import shapely

    path = tmp_path / "areas.geojson"
    frame = gpd.GeoDataFrame(
        {"名称": ["A"], "人口": [10]}, geometry=[shapely.box(0, 0, 0.01, 0.01)], crs=4326
    )
    frame.to_file(path, driver="GeoJSON")
    with pytest.raises(InputDataError) as error:
        read_key_groups(path)
    assert "'名称'、'人口'" in _zh(error)


def test_a_polygon_layer_with_group_columns_is_read_for_its_areas(tmp_path):
    import geopandas as gpd
    import shapely

    from servicecircle.demand.key_group_units import key_groups_for_units

    path = tmp_path / "areas.geojson"
    layer = gpd.GeoDataFrame(
        {"社区": ["西", "东"], "60岁及以上": [90, 30], "登记失业人员占比": [0.1, None]},
        geometry=[shapely.box(0, 0, 0.01, 0.01), shapely.box(0.01, 0, 0.02, 0.01)],
        crs=4326,
    )
    layer.to_file(path, driver="GeoJSON")
    table = read_key_groups(path, study_bounds=(0.0, 0.0, 0.02, 0.01))
    assert table.spatial
    assert table.rows["name"].tolist() == ["西", "东"]
    assert dict(table.kinds) == {"aged_60_plus": "count", "registered_unemployed": "share"}
    units = gpd.GeoDataFrame(
        {"people": [100.0, 200.0, 400.0]},
        geometry=[shapely.Point(0.002, 0.005), shapely.Point(0.008, 0.005)]
        + [shapely.Point(0.015, 0.005)],
        crs=4326,
    )
    people = key_groups_for_units(table, units).people
    assert people["aged_60_plus"].tolist() == pytest.approx([30.0, 60.0, 30.0])
    # the east polygon's share is blank: its unit has none of the group
    assert people["registered_unemployed"].tolist() == pytest.approx([10.0, 20.0, 0.0])
