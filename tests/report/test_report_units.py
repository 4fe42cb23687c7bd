"""The report without township or community units says so; gaps are placed by their road."""

from __future__ import annotations

import html
import re
from pathlib import Path

from servicecircle.i18n import t
from servicecircle.report import render_html
from servicecircle.results.folder import read_results
from tests.report.real_outputs import copy_outputs, read_json, write_json


def _visible(page: str) -> str:
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_sample_run_names_the_nearest_road_of_every_gap(outputs_dir: Path) -> None:
    gaps = read_json(outputs_dir / "summary.json")["gaps"]
    assert gaps
    assert all(isinstance(g["road"], str) and g["road"].strip() for g in gaps)
    assert all(0.0 <= g["road_m"] < 1000.0 for g in gaps)
    layer = read_results(outputs_dir).layers["gaps"]  # the GeoPackage's gaps layer
    assert list(layer["road"]) == [g["road"] for g in gaps]


def test_a_level_without_units_is_said_and_a_gap_without_units_is_placed_by_its_road(
    outputs_dir: Path, tmp_path: Path
) -> None:
    folder = copy_outputs(outputs_dir, tmp_path / "out")
    summary = read_json(folder / "summary.json")
    assert {u["level"] for u in summary["units"]} == {"township", "community"}
    summary["units"] = [u for u in summary["units"] if u["level"] == "township"]
    first = summary["gaps"][0]
    first.update(township=None, community=None, road="花径路", road_m=120.0)
    write_json(summary, folder / "summary.json")
    zh = _visible(render_html(read_results(folder), lang="zh"))
    assert t("report.units.no_community", "zh") in zh
    assert t("report.units.no_township", "zh") not in zh
    assert t("report.units.township", "zh") in zh
    assert "花径路附近" in zh
    en = _visible(render_html(read_results(folder), lang="en"))
    assert t("report.units.no_community", "en") in en
    assert "near 花径路" in en
