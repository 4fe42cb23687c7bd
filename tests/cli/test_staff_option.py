"""``site --staff``: the staff model on the sample, its lines, records and refusals."""

from __future__ import annotations

import dataclasses
import json

import pytest

from servicecircle.cli import main
from servicecircle.cli.staff_lines import staff_lines
from servicecircle.results.staff_records import StaffPlanRecord


def _siting(out) -> dict:
    return json.loads((out / "siting.json").read_text(encoding="utf-8"))


def test_site_with_staff_on_the_sample(tmp_path, capsys):
    out = tmp_path / "staff"
    args = ["--lang", "zh", "site", "sample", "--new", "2", "--staff", "3", "--out", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    siting = _siting(out)
    assert siting["solver_model"] == "staffed_mclp"
    staff = siting["staff"]
    assert staff["asked"] and staff["budget"] == 3
    outlets = staff["outlets"]
    existing = [o for o in outlets if o["existing"]]
    new = [o for o in outlets if not o["existing"]]
    assert len(existing) == 3 and len(new) == len(siting["chosen"]) <= 2
    posted = sum(o["staff_added"] for o in outlets)
    assert posted == staff["posted_existing"] + staff["posted_new"] <= 3
    for o in outlets:
        assert o["staff"] == o["staff_before"] + o["staff_added"]
        assert o["served"] <= o["capacity"] + 1e-6
    # every new outlet opens with at least its type's standard (one staff member)
    assert all(o["staff_added"] >= 1 for o in new)
    assert staff["served_after"] == pytest.approx(sum(o["served"] for o in outlets), rel=1e-6)
    assert "人员调配：可调配 3 人" in printed
    assert "带人员配置的最大服务模型" in printed
    # the new sites' staff reach the GeoPackage's chosen layer
    import geopandas as gpd

    chosen = gpd.read_file(out / "siting.gpkg", layer="chosen")
    assert sorted(chosen["staff"].tolist()) == sorted(o["staff"] for o in new)


def test_fewest_outlets_with_staff_standard(tmp_path, capsys):
    out = tmp_path / "min"
    args = ["-q", "site", "sample", "--model", "min", "--target", "0.95", "--staff", "标准"]
    assert main([*args, "--out", str(out)]) == 0
    siting = _siting(out)
    assert siting["staff"]["standard"] and siting["staff"]["budget"] is None
    assert siting["share_after"] >= 0.95 - 1e-9
    assert siting["status"] == "optimal"


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--model", "pmedian", "--new", "1", "--staff", "2"], "p-median"),
        (["--new", "1", "--staff", "2", "--capacity", "500"], "--capacity"),
        (["--new", "1", "--staff", "standard"], "--model min"),
    ],
)
def test_staff_combinations_that_cannot_work_are_refused(tmp_path, capsys, extra, words):
    assert main(["-q", "--lang", "en", "site", "sample", *extra, "--out", str(tmp_path)]) == 2
    assert words in capsys.readouterr().err


def test_a_staff_budget_that_is_not_a_whole_number_is_refused(tmp_path, capsys):
    args = ["-q", "--lang", "en", "site", "sample", "--new", "1", "--staff", "2.5"]
    assert main([*args, "--out", str(tmp_path)]) == 2
    assert "argument --staff" in capsys.readouterr().err


def test_no_staff_lines_without_staff():
    assert staff_lines(StaffPlanRecord()) == []


def test_the_staff_layer_of_siting_gpkg(tmp_path, capsys):
    import geopandas as gpd

    out = tmp_path / "layer"
    assert main(["-q", "site", "sample", "--new", "1", "--staff", "2", "--out", str(out)]) == 0
    layer = gpd.read_file(out / "siting.gpkg", layer="staff")
    record = _siting(out)["staff"]["outlets"]
    assert len(layer) == len(record)
    assert sorted(layer["staff_added"].tolist()) == sorted(o["staff_added"] for o in record)
    assert (layer.geom_type == "Point").all()


def test_staff_lines_say_the_staff_left_only_when_some_are(capsys):
    from servicecircle.i18n.message import say
    from servicecircle.results.staff_records import OutletStaff

    new = OutletStaff(
        "花径路", False, "community_window", 1, 0.0, 2.0, 2.0, 5000.0, 10000.0, 0.0, 8000.0
    )
    record = StaffPlanRecord(True, 3, False, 0.0, 2.0, 1000.0, 9000.0, (new,))
    lines = [say(line, "zh") for line in staff_lines(record, "zh")]
    assert lines[0].startswith("人员调配：可调配 3 人") and "未调配 1 人" in lines[0]
    assert "新增网点 1（花径路）：工作人员 0 → 2 人" in lines[1]
    full = dataclasses.replace(record, budget=2)
    assert "未调配" not in say(staff_lines(full, "zh")[0], "zh")
