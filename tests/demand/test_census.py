"""Census totals: read from tables (CSV in any encoding, XLSX) and boundary layers, applied
per township/community, with an audit table of estimate, census and ratio."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from servicecircle.demand.census import read_census
from servicecircle.demand.census_matching import match_name
from servicecircle.demand.census_rows import census_from_mapping
from servicecircle.demand.census_scaling import scale_to_census
from servicecircle.errors import InputDataError, ResourceLimitError
from servicecircle.i18n.message import say
from servicecircle.limits import Limits

TITLE = "2020年第七次全国人口普查 各街道社区常住人口"


def write_csv(path, rows, encoding="gbk"):
    text = "\r\n".join(",".join(str(c) for c in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


GBK_ROWS = [
    [TITLE, "", "", ""],
    ["街道", "社区", "常住人口（人）", "户籍人口"],
    ["城关街道", "新村社区居委会", '"12,345"', "9000"],
    ["", "花园社区", "２０００", "1800"],  # merged township cell, full-width digits
    ["城关街道", "小计", "20000", "15000"],  # the township's total
    ["东山镇", "", "8000", "7000"],
    ["合计", "", "28000", "22000"],
]


def test_a_gbk_table_with_chinese_headers_a_title_row_and_merged_cells(tmp_path):
    totals = read_census(write_csv(tmp_path / "人口.csv", GBK_ROWS))
    rows = totals.rows
    assert totals.column == "常住人口（人）"
    assert list(zip(rows["township"], rows["community"], rows["population"], strict=True)) == [
        ("城关街道", "新村社区居委会", 12345.0),
        ("城关街道", "花园社区", 2000.0),
        ("城关街道", None, 20000.0),
        ("东山镇", None, 8000.0),
    ]
    assert [say(w, "en") for w in rows["where"]] == [f"人口.csv row {n}" for n in (3, 4, 5, 6)]
    assert [say(w, "zh") for w in rows["where"]] == [f"人口.csv 第 {n} 行" for n in (3, 4, 5, 6)]
    notes = " ".join(map(str, totals.notes))
    assert "resident population (常住人口) is used" in notes
    assert "1 rows name a community but no township" in notes
    assert "total rows skipped (row 7)" in notes


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_every_encoding_planners_save_in(tmp_path, encoding):
    rows = [["乡镇", "人口"], ["东山镇", "8000"], ["西山乡", '"1,500"']]
    totals = read_census(write_csv(tmp_path / "c.csv", rows, encoding))
    assert list(totals.rows["township"]) == ["东山镇", "西山乡"]
    assert list(totals.rows["population"]) == [8000.0, 1500.0]


def test_only_the_registered_population_is_used_and_said(tmp_path):
    totals = read_census(write_csv(tmp_path / "c.csv", [["村", "户籍人口"], ["李村", "900"]]))
    assert totals.rows["population"].tolist() == [900.0]
    assert "only the registered population" in " ".join(map(str, totals.notes))


def test_english_headers_and_a_name_column(tmp_path):
    rows = [["name", "total population", "population density"], ["Vaduz", '"5,400"', "310"]]
    totals = read_census(write_csv(tmp_path / "c.csv", rows, "utf-8"))
    assert totals.rows["name"].tolist() == ["Vaduz"]
    assert totals.rows["population"].tolist() == [5400.0]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["街道", "常住人口"], ["城关", "约800"]], r"not a number in row 2 \('约800'\)"),
        ([["街道", "常住人口"], ["城关", "-5"]], r"negative number in row 2"),
        ([["街道", "常住人口"], ["城关", "5"], ["城关", "6"]], r"'城关' is given more than once"),
        ([["地址", "面积"], ["x", "1"]], r"no census header.*'地址', '面积'"),
        ([["街道", "常住人口"], ["城关", ""]], r"no row has both a unit name and a population"),
        ([["街道", "常住人口"], ["城关", "1", "500"]], r"more filled cells than the header.*row 2"),
    ],
)
def test_tables_that_cannot_be_used_say_why(tmp_path, rows, message):
    with pytest.raises(InputDataError, match=message):
        read_census(write_csv(tmp_path / "c.csv", rows))


def make_workbook(path, sheets):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_an_xlsx_workbook_the_sheet_with_the_census(tmp_path):
    path = make_workbook(
        tmp_path / "census.xlsx",
        {
            "说明": [["本表数据来源：七普"]],
            "人口": [
                [TITLE],
                ["乡镇", "村", "人口"],
                ["东山镇", "李村", 1200],
                [None, "王村", 800.0],
            ],
        },
    )
    totals = read_census(path)
    assert list(zip(totals.rows["township"], totals.rows["community"], strict=True)) == [
        ("东山镇", "李村"),
        ("东山镇", "王村"),
    ]
    assert totals.rows["population"].tolist() == [1200.0, 800.0]
    assert [say(w, "zh") for w in totals.rows["where"]] == [
        "census.xlsx [人口] 第 3 行",
        "census.xlsx [人口] 第 4 行",
    ]
    assert "sheet '人口' used" in " ".join(map(str, totals.notes))
    with pytest.raises(InputDataError, match="no sheet 'x'"):
        read_census(path, layer="x")


def test_formulas_without_saved_values_ask_for_a_save_in_excel(tmp_path):
    path = make_workbook(tmp_path / "c.xlsx", {"s": [["街道", "常住人口"], ["城关", "=1+1"]]})
    with pytest.raises(InputDataError, match="formulas.*save it"):
        read_census(path)


def test_old_and_disguised_workbooks_are_refused_with_how_to_save_them(tmp_path):
    old = tmp_path / "c.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(InputDataError, match=r"\.xls workbook.*save it as \.xlsx"):
        read_census(old)
    renamed = tmp_path / "c.xlsx"
    renamed.write_bytes(old.read_bytes())
    with pytest.raises(InputDataError, match="old .xls workbook with a new name"):
        read_census(renamed)
    disguised = tmp_path / "d.csv"
    disguised.write_bytes(make_workbook(tmp_path / "w.xlsx", {"s": [["a"]]}).read_bytes())
    with pytest.raises(InputDataError, match="workbook with a .csv name"):
        read_census(disguised)


def test_a_workbook_declaring_xml_entities_is_refused(tmp_path):
    import zipfile

    path = make_workbook(tmp_path / "c.xlsx", {"s": [["街道", "常住人口"], ["城关", 5]]})
    evil = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(evil, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + data
            target.writestr(item, data)
    with pytest.raises(InputDataError, match="declares XML entities"):
        read_census(evil)


def test_a_workbook_over_the_unpacked_limit_is_refused(tmp_path):
    path = make_workbook(tmp_path / "c.xlsx", {"s": [["街道", "常住人口"]] + [["x", 1]] * 500})
    with pytest.raises(ResourceLimitError, match="SERVICECIRCLE_MAX_INFLATED_MB"):
        read_census(path, limits=Limits(inflated_mb=0.001))


def test_a_table_over_the_row_limit_is_refused(tmp_path):
    rows = [["街道", "常住人口"]] + [[f"t{i}", i] for i in range(20)]
    with pytest.raises(ResourceLimitError, match="SERVICECIRCLE_MAX_FEATURES"):
        read_census(write_csv(tmp_path / "c.csv", rows), limits=Limits(features=10))


def test_other_files_are_refused_with_what_is_read(tmp_path):
    path = tmp_path / "c.docx"
    path.write_bytes(b"PK")
    with pytest.raises(InputDataError, match=r"table \(.csv or .xlsx\) or a boundary layer"):
        read_census(path)


# --------------------------------------------------------------------------- scaling

LON, LAT = 116.40, 39.90


def box(x0, y0, x1, y1):
    """A box in degrees, 1 = 0.01° from (LON, LAT)."""
    return shapely.box(LON + x0 / 100, LAT + y0 / 100, LON + x1 / 100, LAT + y1 / 100)


def units_at(rows):
    """Demand units from (x, y, class, people, township, community)."""
    return gpd.GeoDataFrame(
        {
            "class": [r[2] for r in rows],
            "source": "test",
            "people": [float(r[3]) for r in rows],
            "township": pd.Series([r[4] for r in rows], dtype=object),
            "community": pd.Series([r[5] for r in rows], dtype=object),
        },
        geometry=[shapely.Point(LON + r[0] / 100, LAT + r[1] / 100) for r in rows],
        crs="EPSG:4326",
    )


def admin_table(rows):
    """An admin-unit table from (level, name, township)."""
    return pd.DataFrame(
        {
            "level": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "township": pd.Series([r[2] for r in rows], dtype=object),
        }
    )


ADMIN = admin_table(
    [
        ("township", "城关街道", None),
        ("township", "东山镇", None),
        ("community", "新村社区", "城关街道"),
        ("community", "花园社区", "城关街道"),
        ("community", "新村", "东山镇"),
    ]
)
UNITS = units_at(
    [
        (1, 1, "residential", 100, "城关街道", "新村社区"),
        (1, 2, "residential", 300, "城关街道", "新村社区"),
        (2, 1, "residential", 50, "城关街道", "花园社区"),
        (2, 2, "residential", 40, "城关街道", None),  # in the township, in no community
        (3, 1, "industrial", 500, "城关街道", "新村社区"),
        (5, 5, "residential", 200, "东山镇", "新村"),
        (6, 6, "user", 70, "东山镇", "新村"),
    ]
)


def people_by(units, township, community=None):
    chosen = units["township"] == township
    if community is not None:
        chosen &= units["community"] == community
    return units.loc[chosen & (units["class"] == "residential"), "people"].sum()


def test_communities_take_their_totals_and_the_township_the_rest(tmp_path):
    totals = read_census(write_csv(tmp_path / "人口.csv", GBK_ROWS))
    result = scale_to_census(UNITS, totals, ADMIN)
    units = result.units
    assert people_by(units, "城关街道", "新村社区") == pytest.approx(12345)
    assert people_by(units, "城关街道", "花园社区") == pytest.approx(2000)
    # the township's rest: 20000 - 12345 - 2000 on the one unit outside its communities
    assert people_by(units, "城关街道") == pytest.approx(20000)
    assert people_by(units, "东山镇") == pytest.approx(8000)
    # workers and the planner's own points are not census residents
    assert units.loc[units["class"] != "residential", "people"].tolist() == [500, 70]
    audit = result.audit.assign(where=result.audit["where"].map(str)).set_index("where")
    assert audit.loc["人口.csv row 3", "estimate"] == 400
    assert audit.loc["人口.csv row 3", "ratio"] == pytest.approx(12345 / 400)
    assert audit.loc["人口.csv row 5", "estimate"] == 490
    assert audit.loc["人口.csv row 5", "factor"] == pytest.approx((20000 - 14345) / 40)
    assert audit.loc["人口.csv row 6", "community"] is None
    assert set(result.audit["status"].iloc[:4]) == {"scaled"}
    rest = result.audit.iloc[4:]
    assert rest[["township", "community", "estimate"]].to_numpy().tolist() == [
        ["东山镇", "新村", 200]
    ]
    assert rest["status"].tolist() == ["no census total; scaled with its township"]
    assert result.applied == ["城关街道/新村社区居委会", "城关街道/花园社区", "城关街道", "东山镇"]


def test_units_without_census_and_names_not_found_are_listed_not_guessed():
    census = {"城关街道/新村社区": 1000, "西山乡": 50, "新村": 10}
    result = scale_to_census(UNITS, census, ADMIN)
    audit = result.audit
    by_status = dict(zip(audit["census_name"].fillna(""), audit["status"], strict=True))
    assert by_status["西山乡"] == "not found"
    assert by_status["新村"] == "scaled"  # as written it names one; 新村社区 only by a looser rule
    missing = audit[audit["census"].isna()]
    assert list(zip(missing["level"], missing["township"], missing["community"], strict=True)) == [
        ("township", "城关街道", None),
        ("township", "东山镇", None),
        ("community", "城关街道", "花园社区"),
    ]
    assert missing.set_index("community").loc["花园社区", "estimate"] == 50
    assert result.applied == ["城关街道/新村社区", "新村"]
    assert people_by(result.units, "东山镇") == 10
    assert any("'西山乡' (census '西山乡', 50) not found" in str(n) for n in result.notes)


def test_a_community_named_in_two_townships_needs_its_township():
    admin = admin_table(
        [
            ("township", "West", None),
            ("township", "East", None),
            ("community", "新村", "West"),
            ("community", "新村", "East"),
        ]
    )
    units = units_at(
        [(1, 1, "residential", 10, "West", "新村"), (5, 1, "residential", 30, "East", "新村")]
    )
    with pytest.raises(InputDataError, match=r"in 2 townships: 'West/新村', 'East/新村'"):
        scale_to_census(units, {"新村": 100}, admin)
    result = scale_to_census(units, {"West/新村": 100}, admin)
    assert result.units["people"].tolist() == [100, 30]


def test_nothing_matched_says_so_and_names_the_known_units():
    with pytest.raises(InputDataError, match=r"not found.*Known names: 东山镇, 城关街道"):
        scale_to_census(UNITS, {"Nowhere": 5}, ADMIN)
    with pytest.raises(InputDataError, match="give township/community boundaries"):
        scale_to_census(UNITS, {"Nowhere": 5}, ADMIN.iloc[:0])


def test_totals_that_cannot_be_applied_are_listed():
    census = {"城关街道": 100, "城关街道/新村社区": 300, "城关街道/花园社区": 0}
    admin = pd.concat([ADMIN, admin_table([("community", "空村", "东山镇")])])
    census["东山镇/空村"] = 900  # no residents estimated there
    result = scale_to_census(UNITS, census, admin)
    audit = result.audit.set_index("census_name")
    assert audit.loc["城关街道", "status"] == "smaller than its communities"
    assert say(audit.loc["城关街道", "detail"], "en").startswith("its units with their own")
    assert audit.loc["城关街道/花园社区", "status"] == "scaled"
    assert audit.loc["城关街道/花园社区", "detail"] is None
    assert audit.loc["东山镇/空村", "status"] == "no residents estimated"
    assert say(audit.loc["东山镇/空村", "detail"], "en").startswith("the census counts 900")
    assert people_by(result.units, "城关街道", "花园社区") == 0
    assert people_by(result.units, "城关街道") == pytest.approx(300 + 0 + 40)  # rest as estimated
    assert people_by(result.units, "东山镇") == 200


def test_names_match_without_committee_and_level_words_but_never_by_guess():
    names = ["新村社区", "花园", "城关街道", "东山镇"]
    assert match_name("新村社区居委会", names) == [0]
    assert match_name("花园社区", names) == [1]
    assert match_name("城关", names) == [2]
    assert match_name("东山镇人民政府", names) == []
    assert match_name("新", names) == []


def test_the_old_mapping_form_still_works():
    totals = census_from_mapping({"城关街道/新村社区": 5, "东山镇": 7})
    assert totals.rows[["township", "community", "name"]].to_numpy().tolist() == [
        ["城关街道", "新村社区", None],
        [None, None, "东山镇"],
    ]


def write_geojson(path, features):
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(geom)}
            for props, geom in features
        ],
    }
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_census_boundary_layer_applies_each_total_inside_its_polygon(tmp_path):
    path = write_geojson(
        tmp_path / "普查.geojson",
        [
            ({"名称": "城关", "人口": "1,000"}, box(0, 0, 4, 4)),
            ({"名称": "新村", "人口": 600}, box(0, 0, 1.5, 4)),  # inside 城关
            ({"名称": "东山", "人口": None}, box(4, 4, 7, 7)),  # no total: not used
        ],
    )
    totals = read_census(path)
    assert totals.spatial and totals.column == "人口"
    result = scale_to_census(UNITS, totals, ADMIN.iloc[:0])
    people = result.units["people"].to_numpy()
    assert people[:2].sum() == pytest.approx(600)  # the two units in 新村
    assert people[2:4].sum() == pytest.approx(400)  # 城关 less 新村
    assert people[5] == 200  # outside every census area: as estimated
    audit = result.audit.set_index("census_name", drop=False)
    assert audit.loc["城关", "estimate"] == 490
    assert audit.loc["城关", "factor"] == pytest.approx(400 / 90)
    outside = result.audit[result.audit["level"] == "outside"]
    assert outside["estimate"].tolist() == [200]
    assert "1 areas without a population are not used" in " ".join(map(str, totals.notes))


def test_a_census_layer_without_a_population_column_is_refused(tmp_path):
    path = write_geojson(tmp_path / "b.geojson", [({"名称": "城关"}, box(0, 0, 1, 1))])
    with pytest.raises(InputDataError, match="no population column among '名称'"):
        read_census(path)


def test_units_are_not_changed_in_place():
    before = UNITS["people"].to_numpy().copy()
    scale_to_census(UNITS, {"东山镇": 1}, ADMIN)
    assert np.array_equal(UNITS["people"].to_numpy(), before)
