"""analyze and site store the sensitivity checks in their files; --no-sensitivity skips them."""

from __future__ import annotations

import json

import pytest

from servicecircle.cli import main


def test_site_stores_and_prints_the_checks(tmp_path, capsys):
    args = ["site", "sample", "--new", "1", "--must-cover", "industrial", "--out", str(tmp_path)]
    assert main(["-q", *args]) == 0
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    siting = json.loads((tmp_path / "siting.json").read_text(encoding="utf-8"))
    today = summary["sensitivity"]
    assert today["measured"] and today["factors"] == [0.8, 1.0, 1.2]
    as_set = next(c for c in today["cases"] if c["factor"] == 1.0)
    assert as_set["mode"] == "walk"
    assert as_set["covered"] == summary["population_covered"]
    assert as_set["standard_covered"] == pytest.approx(summary["standard"]["covered"])
    slow, _, fast = (c["standard_covered"] for c in today["cases"])
    assert slow <= as_set["standard_covered"] <= fast
    (cost,) = siting["sensitivity"]["must_cover_costs"]
    assert cost["rule"] == "industrial" and cost["model"] == "mclp" and cost["new_outlets"] == 1
    assert cost["share_with"] == pytest.approx(siting["share_after"], abs=1e-6)
    assert cost["cost_people"] == pytest.approx(
        cost["covered_without"] - cost["covered_with"], abs=1e-5
    )
    assert cost["cost_people"] >= 0
    out = capsys.readouterr().out
    assert "Walking speed sensitivity (after the plan" in out
    assert "Must cover industrial agglomeration" in out


def test_no_sensitivity_leaves_the_checks_out(tmp_path, capsys):
    assert main(["-q", "analyze", "sample", "--no-sensitivity", "--out", str(tmp_path)]) == 0
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["sensitivity"]["measured"] is False
    assert summary["sensitivity"]["cases"] == []
    assert "Walking speed sensitivity" not in capsys.readouterr().out
