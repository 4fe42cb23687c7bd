"""``--capacity`` (one new outlet) and ``--existing-capacity`` on the sample."""

from __future__ import annotations

import json

import pytest

from servicecircle.cli import main


def _siting(out) -> dict:
    return json.loads((out / "siting.json").read_text(encoding="utf-8"))


def test_fewest_outlets_honour_the_capacity_of_a_new_outlet(tmp_path, capsys):
    free, capped = tmp_path / "free", tmp_path / "capped"
    common = ["-q", "site", "sample", "--model", "min", "--target", "0.95", "--out"]
    assert main([*common, str(free)]) == 0
    assert main([*common, str(capped), "--capacity", "300"]) == 0
    plain, within = _siting(free), _siting(capped)
    assert within["request"]["capacity"] == 300.0
    assert within["request"]["existing_capacity"] is None  # existing outlets not capped
    # each new outlet serves at most 300 people, so more of them are needed
    assert within["objective"] > plain["objective"]
    assert all(site["newly_covered"] <= 300.0 + 1e-6 for site in within["chosen"])
    assert within["share_before"] == pytest.approx(plain["share_before"])
    assert within["share_after"] >= 0.95 - 1e-9


def test_a_capacity_of_one_is_refused_with_the_best_achievable(tmp_path, capsys):
    out = ["--out", str(tmp_path)]
    args = ["-q", "site", "sample", "--model", "min", "--target", "0.99", "--capacity", "1"]
    assert main([*args, *out]) == 2
    err = capsys.readouterr().err
    assert "within the outlets' capacity" in err and "99.0%" in err


def test_existing_capacity_is_stated_and_caps_existing_outlets(tmp_path, capsys):
    args = ["-q", "site", "sample", "--new", "1", "--existing-capacity", "1000"]
    assert main([*args, "--out", str(tmp_path)]) == 0
    siting = _siting(tmp_path)
    assert siting["request"]["existing_capacity"] == 1000.0
    assert siting["request"]["capacity"] is None
    assert siting["solver_model"] == "capacitated_mclp"
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    total = summary["population_total"]
    # the existing outlets serve at most 1,000 people each before the plan
    assert siting["share_before"] * total <= summary["n_outlets"] * 1000.0 + total * 1e-6


def test_an_outlets_capacity_column_caps_each_existing_outlet(tmp_path, capsys):
    """The sample's outlets with a 服务能力 column (one cell blank: unlimited)."""
    from servicecircle.inputs.sample import sample_layer

    outlets = sample_layer("outlets")
    table = outlets.drop(columns="geometry").assign(
        经度=outlets.geometry.x, 纬度=outlets.geometry.y, 服务能力=[800, None, 1200]
    )
    path = tmp_path / "outlets.csv"
    table.to_csv(path, index=False, encoding="utf-8")
    plain, capped = tmp_path / "plain", tmp_path / "capped"
    assert main(["-q", "site", "sample", "--new", "1", "--out", str(plain)]) == 0
    args = ["-q", "site", "sample", "--new", "1", "--outlets", str(path)]
    assert main([*args, "--out", str(capped)]) == 0
    before, after = _siting(plain), _siting(capped)
    assert after["solver_model"] == "capacitated_mclp"
    assert before["solver_model"] == "mclp"
    assert after["share_before"] < before["share_before"]
    assert after["request"]["existing_capacity_by_outlet"] == [800.0, None, 1200.0]
    assert before["request"]["existing_capacity_by_outlet"] == []
    # with --existing-capacity the blank cell is filled, so fewer are served still
    filled = tmp_path / "filled"
    assert main([*args, "--existing-capacity", "500", "--out", str(filled)]) == 0
    total = json.loads((filled / "summary.json").read_text(encoding="utf-8"))["population_total"]
    assert _siting(filled)["request"]["existing_capacity_by_outlet"] == [800.0, 500.0, 1200.0]
    # siting.json rounds shares to 6 decimals
    assert _siting(filled)["share_before"] * total <= 800 + 500 + 1200 + total * 1e-6
