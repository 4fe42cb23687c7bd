"""Static maps: legend, scale bar, north arrow, attribution, CJK glyphs without tofu."""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path

import geopandas as gpd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from servicecircle.i18n import t
from servicecircle.maps.charts import coverage_curve_chart
from servicecircle.maps.static import change_map, coverage_map, figure_png, gaps_map
from servicecircle.maps.static_frame import _nice_length, cjk_fonts
from servicecircle.maps.style import ATTRIBUTION
from servicecircle.results.folder import read_results
from servicecircle.results.project import demand_changes, sites_changed
from tests.results.project.projects_fixture import sample_project

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
PNG = b"\x89PNG\r\n\x1a\n"


def _has_system_cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    return bool(out.strip())


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text)]


def _render_without_missing_glyphs(fig: Figure) -> bytes:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = figure_png(fig)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert not missing, missing
    return png


@pytest.fixture(scope="module")
def layers(outputs_dir: Path) -> dict[str, gpd.GeoDataFrame]:
    return dict(read_results(outputs_dir).layers)


def test_a_cjk_font_is_found_when_the_system_has_one() -> None:
    if not _has_system_cjk_font():
        pytest.skip("no CJK font on this machine (install fonts-noto-cjk)")
    assert cjk_fonts(), "fc-list knows a Chinese font but matplotlib was not given one"


def test_coverage_map_has_all_map_furniture(layers: dict[str, gpd.GeoDataFrame]) -> None:
    fig = coverage_map(
        layers["demand"],
        isochrones=layers["isochrones"],
        outlets=layers["outlets"],
        chosen=layers["chosen"],
        units=layers["units"],
        lang="zh",
    )
    texts = _texts(fig)
    assert (
        t("map.attribution", "zh") in texts and ATTRIBUTION not in texts
    )  # © OpenStreetMap 贡献者
    assert "北" in texts  # north arrow
    assert any(t.endswith(" m") or t.endswith(" km") for t in texts)  # scale bar
    legend = fig.axes[0].get_legend()
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    assert "5 分钟服务圈" in labels and "15 分钟服务圈" in labels
    assert "推荐新增网点" in labels and "现有服务网点" in labels
    assert any("未覆盖" in label for label in labels)
    ranks = {str(int(r)) for r in layers["chosen"]["rank"]}
    assert ranks and ranks <= set(texts)  # chosen sites numbered in build order
    png = _render_without_missing_glyphs(fig) if cjk_fonts() else figure_png(fig)
    assert png.startswith(PNG)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "coverage_map_zh.png").write_bytes(png)


def test_gaps_map_numbers_the_top_gaps(layers: dict[str, gpd.GeoDataFrame]) -> None:
    fig = gaps_map(
        layers["gaps"],
        demand=layers["demand"],
        outlets=layers["outlets"],
        units=layers["units"],
        lang="en",
        label_top=5,
    )
    texts = _texts(fig)
    assert {"1", "2", "3", "4", "5"} <= set(texts)
    assert "6" not in texts
    assert "N" in texts and ATTRIBUTION in texts
    assert figure_png(fig).startswith(PNG)


def test_curve_chart_marks_targets(outputs_dir: Path) -> None:
    siting = read_results(outputs_dir).siting
    assert siting is not None
    shares = [point.share for point in siting.curve]
    assert shares[0] < 0.90 <= shares[1] < 0.99 <= shares[2]  # the sample's real curve
    fig = coverage_curve_chart(
        [point.to_json() for point in siting.curve], lang="zh", targets=(0.90, 0.99)
    )
    texts = _texts(fig)
    assert "目标 90% " in texts and "目标 99% " in texts
    assert "1 个" in texts and "2 个" in texts  # first number of new outlets reaching each
    assert f"{100 * shares[0]:.1f}%" in texts  # every point is labelled with its share
    png = _render_without_missing_glyphs(fig) if cjk_fonts() else figure_png(fig)
    assert png.startswith(PNG)


def test_change_map_between_scenarios(tmp_path: Path) -> None:
    a, b = sample_project().scenarios
    changes = demand_changes(a, b, minutes=10)
    sites = sites_changed(a, b)
    fig = change_map(changes, sites=sites, minutes=10, lang="zh")
    legend = fig.axes[0].get_legend()
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    assert "新增覆盖" in labels and "新增网点" in labels
    out = tmp_path / "change.png"
    figure_png(fig, out)
    assert out.read_bytes().startswith(PNG)


def test_scale_bar_lengths_are_round() -> None:
    assert _nice_length(3000.0) == 500.0
    assert _nice_length(12_000.0) == 2000.0
    assert _nice_length(40_000.0) == 5000.0
    assert _nice_length(0.0) == 0.0
