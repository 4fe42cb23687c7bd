"""In a real browser: street boundaries uploaded on the study-area page give the tables by street.

Uses the server and page of :mod:`tests.e2e.test_browser` (Debian's chromium
driven by Playwright, nothing fetched from the internet). The by-unit table
is drawn on a canvas, so what it holds is checked in the GeoPackage the
report page hands to the browser.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from servicecircle.i18n.labels import label
from servicecircle.results.field_names import FIELDS, field_name, layer_name
from tests.app.test_admin_units_page import STREETS, _streets_geojson
from tests.e2e.test_browser import ARTIFACTS, _load_sample, _open_page, app_url, page

__all__ = ["app_url", "page"]  # the fixtures, shared with the other browser tests

pytestmark = pytest.mark.browser


def test_uploaded_streets_reach_the_coverage_by_street(
    page: Any, app_url: str, tmp_path: Path
) -> None:
    import geopandas as gpd

    pg = page
    pg.set_viewport_size({"width": 1400, "height": 1600})
    pg.goto(app_url)
    _load_sample(pg)
    streets = tmp_path / "街道.geojson"
    streets.write_bytes(_streets_geojson())
    uploader = pg.locator('[data-testid="stFileUploader"]', has_text="街道/乡镇边界文件")
    uploader.locator('input[type="file"]').set_input_files(str(streets))
    pg.get_by_text("已读取 街道.geojson：2 个面。").wait_for(timeout=120_000)
    pg.get_by_text("边界已更新", exact=False).first.wait_for(timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "units.png"), full_page=True)

    _open_page(pg, "4 覆盖分析", "覆盖缺口（按未覆盖人数排序）")
    pg.get_by_text("按街道（乡镇）/ 社区的覆盖率", exact=False).first.wait_for(timeout=180_000)
    assert pg.get_by_text("本研究区没有街道/乡镇边界", exact=False).count() == 0

    _open_page(pg, "6 报告与导出", "GIS 文件")
    button = pg.get_by_role("button", name="下载全部图层（GeoPackage）")
    button.wait_for(timeout=120_000)
    with pg.expect_download(timeout=180_000) as info:
        button.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(str(target))
    # layers and fields named in Chinese, as servicecircle export writes them
    units = gpd.read_file(target, layer=layer_name("units", "zh"))
    level, name = field_name(FIELDS["level"], "zh"), field_name(FIELDS["name"], "zh")
    township = label("report.audit_level.", "township", "zh")
    assert set(units.loc[units[level] == township, name]) == set(STREETS)
    gaps = gpd.read_file(target, layer=layer_name("gaps", "zh"))
    assert gaps[field_name(FIELDS["road"], "zh")].notna().all()
    assert pg.blocked == []
    assert pg.errors == []
