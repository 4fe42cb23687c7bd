"""``analyze sample --groups FILE``: key groups in summary.json and said in Chinese."""

from __future__ import annotations

import json
import logging

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from servicecircle.cli import main
from servicecircle.cli.language import set_message_lang
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import say
from servicecircle.results.schema import CoverageSummary

GROUPS_CSV = (
    "街道,社区,60岁及以上人数,登记失业人员,外出务工人员占比,高校毕业生比例(%)\n"
    "示例街道东,东北社区,600,40,0.05,3\n"
    ",东南社区,150,10,0.08,2.5\n"
    "示例街道西,西北社区,30,2,0.1,1\n"
    ",西南社区,700,45,0.04,4\n"
    "合计,,1480,97,,\n"
)


@pytest.fixture
def zh():
    set_message_lang("zh")
    yield
    set_message_lang("en")


def test_analyze_with_groups_writes_the_record_and_says_it_in_chinese(tmp_path, capsys, caplog, zh):
    path = tmp_path / "groups.csv"
    path.write_bytes(GROUPS_CSV.encode("gbk"))
    out = tmp_path / "out"
    args = ["--lang", "zh", "-q", "analyze", "sample", "--no-sensitivity", "--out", str(out)]
    with caplog.at_level(logging.WARNING):
        assert main([*args, "--groups", str(path)]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    record = summary["groups"]
    assert record["source"] == "groups.csv"
    assert record["kinds"] == {
        "aged_60_plus": "count",
        "registered_unemployed": "count",
        "migrant_workers": "share",
        "college_graduates": "percent",
    }
    rows = {row["group"]: row for row in record["groups"]}
    assert rows["aged_60_plus"]["people"] == pytest.approx(1480.0, abs=1e-3)
    assert rows["registered_unemployed"]["people"] == pytest.approx(97.0, abs=1e-3)
    for row in rows.values():
        parts = row["served"] + row["over_capacity"] + row["out_of_reach"]
        assert parts == pytest.approx(row["people"], abs=0.01)
    everyone = summary["accessibility"]
    assert rows["everyone"]["staff_per_10k"] == pytest.approx(everyone["staff_per_10k"])
    assert record["gini_level"] == "community"
    assert record["gini_areas"] == 4
    assert 0 < record["gini_weighted"] < 1
    printed = capsys.readouterr().out
    assert "重点群体（groups.csv）：" in printed
    assert "  60岁及以上老年人：1,480 人；15 分钟覆盖" in printed
    assert "  外出务工及返乡人员：" in printed
    assert "每万名居民可达工作人员的基尼系数（4 个社区/村，按常住人口加权）" in printed
    assert "高校毕业生：按占常住人口的百分比读取“高校毕业生比例(%)”列。" in caplog.text
    assert "合计/小计行未计入（第 6 行）" in caplog.text
    # the key_groups table of analysis.gpkg, and its export with Chinese field names and values
    layer = gpd.read_file(out / "analysis.gpkg", layer="key_groups")
    assert set(layer["group"]) == {"everyone", *record["kinds"]}
    assert len(layer) == 5 * (2 + 4)  # everyone and 4 groups × 2 streets and 4 communities
    parts = layer[["served_in_capacity", "over_capacity", "out_of_reach"]].sum(axis=1)
    np.testing.assert_allclose(parts, layer["people"], atol=0.01)
    exported = tmp_path / "export"
    assert main(["--lang", "zh", "-q", "export", str(out), "--out", str(exported)]) == 0
    table = pd.read_csv(exported / "csv" / "key_groups.csv", encoding="utf-8-sig")
    assert {"群体", "人口", "每万人可达工作人员", "能力内可服务", "服务圈外"} <= set(table.columns)
    assert "60岁及以上老年人" in set(table["群体"])
    # a summary.json written before key groups were measured still reads
    del summary["groups"]
    assert CoverageSummary.from_json(summary).groups is None


def test_unknown_areas_stop_the_run_with_the_names_to_use(tmp_path, capsys, zh):
    path = tmp_path / "groups.csv"
    path.write_text("社区,老年人\n东北社区,10\n新街口社区,5\n", encoding="utf-8-sig")
    args = ["--lang", "zh", "-q", "analyze", "sample", "--no-sensitivity"]
    status = main([*args, "--out", str(tmp_path / "out"), "--groups", str(path)])
    assert status == 2
    err = capsys.readouterr().err
    assert "groups.csv 第 3 行：新街口社区" in err
    assert "示例街道东/东北社区" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out" / "summary.json").exists()


def test_site_takes_the_same_groups_file(tmp_path, capsys):
    path = tmp_path / "groups.csv"
    path.write_text("街道,高校毕业生\n示例街道东,40\n示例街道西,60\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["-q", "site", "sample", "--new", "1", "--no-sensitivity", "--out", str(out)]
    assert main([*args, "--groups", str(path)]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    rows = {row["group"]: row for row in summary["groups"]["groups"]}
    assert rows["college_graduates"]["people"] == pytest.approx(100.0, abs=1e-3)
    assert summary["groups"]["kinds"] == {"college_graduates": "count"}
    assert "Key groups (groups.csv):" in capsys.readouterr().out


def test_a_workbook_sheet_is_chosen_with_file_colon_colon_sheet(tmp_path):
    import argparse
    from types import SimpleNamespace

    import openpyxl

    from servicecircle.cli.group_lines import key_groups_option

    path = tmp_path / "groups.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["街道", "高校毕业生"])  # a first sheet that also reads
    book.active.append(["示例街道东", 5])
    sheet = book.create_sheet("2024")
    for row in (["街道", "高校毕业生"], ["示例街道东", 30], ["示例街道西", 10]):
        sheet.append(row)
    book.save(path)
    units = pd.DataFrame(
        {"people": [100.0, 300.0], "township": ["示例街道东", "示例街道西"], "community": None}
    )
    args = argparse.Namespace(groups=f"{path}::2024", crs=None)
    area = SimpleNamespace(bounds=(0.0, 0.0, 1.0, 1.0))
    groups = key_groups_option(args, area, SimpleNamespace(units=units))
    assert groups.people["college_graduates"].tolist() == [30.0, 10.0]
    args.groups = str(path)  # the first sheet with a header
    groups = key_groups_option(args, area, SimpleNamespace(units=units))
    assert groups.people["college_graduates"].tolist() == [5.0, 0.0]
    args.groups = f"{path}::2023"
    with pytest.raises(InputDataError) as error:
        key_groups_option(args, area, SimpleNamespace(units=units))
    assert "没有名为“2023”的工作表；它的工作表有：'说明'、'2024'" in say(error.value.args[0], "zh")
