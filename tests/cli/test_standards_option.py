"""``analyze --standards FILE`` with an outlets file holding 层级 and 人员: tiers, staff, grades."""

from __future__ import annotations

import json
import logging

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.cli import main
from servicecircle.cli.language import set_message_lang
from servicecircle.inputs.sample import sample_layer


def test_standards_file_and_outlet_tiers_reach_summary_and_outlets(tmp_path, capsys, caplog):
    outlets = sample_layer("outlets")
    # sample types: community_window, employment_post, doorstep_station
    table = outlets.drop(columns="geometry").assign(
        经度=outlets.geometry.x,
        纬度=outlets.geometry.y,
        层级=["街道", "", ""],
        人员=[3, None, 2],
    )
    path = tmp_path / "outlets.csv"
    table.to_csv(path, index=False, encoding="utf-8")
    standards = tmp_path / "标准.csv"
    standards.write_bytes(
        "类型,层级,出行方式,时间（分钟）,人员,开放天数\n就业驿站,社区（村）,步行,15,4,6\n".encode(
            "gbk"
        )
    )
    out = tmp_path / "out"
    args = ["--lang", "zh", "-q", "analyze", "sample", "--outlets", str(path)]
    try:
        with caplog.at_level(logging.WARNING):
            status = main([*args, "--standards", str(standards), "--out", str(out)])
    finally:
        set_message_lang("en")
    assert status == 0
    assert len(table) == 3
    assert "1 个网点的文件中没有人员数，按其网点类型的人员标准计（共 3 个网点）" in caplog.text
    written = gpd.read_file(out / "analysis.gpkg", layer="outlets")
    assert written["tier"].tolist() == ["township", "community", "community"]
    assert written["staff"].tolist() == [3.0, 4.0, 2.0]
    assert written["staff_source"].tolist() == ["file", "standard", "file"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    by_tier = {row["tier"]: row for row in summary["tiers"]["tiers"]}
    assert (by_tier["township"]["outlets"], by_tier["community"]["outlets"]) == (1, 2)
    assert {row["grade"] for row in summary["tiers"]["townships"]} <= set("ABCDE")
    printed = capsys.readouterr().out
    assert "现状按层级覆盖（各层级网点按其类型的服务标准）：" in printed
    assert "街道（乡镇）级：1 个网点" in printed


def test_a_bad_standards_file_is_said_with_its_rows(tmp_path, capsys):
    standards = tmp_path / "s.toml"
    standards.write_text('[[type]]\ntype = "gig_market"\ntier = "province"\n', encoding="utf-8")
    args = ["-q", "analyze", "sample", "--standards", str(standards), "--out", str(tmp_path)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "row 1: tier 'province' is not known" in err


def test_outlets_without_a_type_take_the_files_community_window_standard(tmp_path):
    """Outlets from OSM or a file without a type column: the standards file still counts."""
    outlets = sample_layer("outlets")
    table = pd.DataFrame(
        {"名称": outlets["name"], "经度": outlets.geometry.x, "纬度": outlets.geometry.y}
    )
    path = tmp_path / "outlets.csv"
    table.to_csv(path, index=False, encoding="utf-8")
    standards = tmp_path / "standards.toml"
    standards.write_text(
        '[[type]]\ntype = "community_window"\ntier = "township"\nstaff = 3\n'
        "residents_per_staff = 1500\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["-q", "analyze", "sample", "--outlets", str(path), "--standards", str(standards)]
    assert main([*args, "--out", str(out)]) == 0
    written = gpd.read_file(out / "analysis.gpkg", layer="outlets")
    assert set(written["tier"]) == {"township"}
    assert set(written["staff_source"]) == {"standard"}
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    loads = summary["accessibility"]["outlets"]
    assert len(loads) == len(table)
    assert {row["people_per_staff"] for row in loads} == {1500.0}
    # one staff member per 1,500 residents of its catchment, at least one
    for row in loads:
        assert row["staff"] == max(1.0, np.ceil(row["catchment_people"] / 1500))
