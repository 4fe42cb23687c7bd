"""Demand page: buildings and census polygons from Amap (GCJ-02) are caught too (issue 13).

The Nanjing street grid of :mod:`tests.china_grid` is the study area; the
planner's buildings (6 m beside its streets) and census blocks (bounded by
its streets) are uploaded with coordinates moved by the WGS-84 -> GCJ-02
transform. Each upload warns in the session's language with a button that
reads the file again as GCJ-02; then the warning is gone. The same files in
WGS-84 raise no warning.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from tests.app.conftest import shown, texts
from tests.china_grid import buildings_geojson, census_geojson, grid_osm

UPLOADS = {
    "demand.buildings_upload": ("建筑.geojson", buildings_geojson),
    "demand.census_upload": ("普查.geojson", census_geojson),
}


def _nanjing_demand_page(app: AppTest) -> AppTest:
    app.radio(key="study.source").set_value("upload").run()
    app.file_uploader(key="study.upload").upload("grid.osm", grid_osm().text().encode()).run()
    app.button(key="study.load").click().run()
    assert not app.exception and not app.error, texts(app.error)
    app.switch_page("app_pages/demand.py").run()
    assert not app.exception, app.exception
    return app


def _offset_warnings(app: AppTest) -> list[str]:
    return [shown(text) for text in texts(app.warning) if "GCJ-02" in shown(text)]


@pytest.mark.parametrize("key", list(UPLOADS))
def test_gcj02_polygons_warn_and_the_button_reads_them_again(app: AppTest, key: str) -> None:
    name, layer = UPLOADS[key]
    _nanjing_demand_page(app)
    app.file_uploader(key=key).upload(name, layer("gcj02")).run()
    assert not app.exception and not app.error, texts(app.error)
    (warning,) = _offset_warnings(app)
    assert warning.startswith("这些位置整体偏离道路约 5")
    assert warning.endswith("请将坐标系选为 GCJ-02（高德/腾讯坐标）。")

    app.button(key=f"{key}.crs_switch").click().run()
    assert not app.exception and not app.error, texts(app.error)
    assert app.selectbox(key=f"{key}.crs").value == "gcj02"
    assert not _offset_warnings(app)
    assert t("coords.switched", "zh", system="GCJ-02（高德/腾讯坐标）") in texts(app.caption)


def test_wgs84_polygons_raise_no_warning(app: AppTest) -> None:
    _nanjing_demand_page(app)
    for key, (name, layer) in UPLOADS.items():
        app.file_uploader(key=key).upload(name, layer("wgs84")).run()
        assert not app.exception and not app.error, texts(app.error)
    assert not _offset_warnings(app)
