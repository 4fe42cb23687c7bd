"""Every uploaded layer has a coordinate-system choice; GCJ-02 outlets are caught (issue 13).

A 9 × 9 street grid in Nanjing is uploaded as the study area (OSM XML), then
ten outlets 5 m beside its streets as a GBK CSV with Chinese headers (名称,
类型, 经度, 纬度, 地址) and coordinates from Amap (GCJ-02). Read as WGS-84
they lie about 540 m off: the page warns in the session's language, and the
button switches the layer to GCJ-02; the outlets then lie within a metre of
their true places.
"""

from __future__ import annotations

import numpy as np
from streamlit.testing.v1 import AppTest

from app_pages._hashing import upload_key
from app_pages._uploads import KeptUpload
from servicecircle.i18n import t
from tests.app.conftest import shown, texts
from tests.china_grid import ROADSIDE, grid_osm, metres_from_truth, outlets_csv

CHOICE = "outlets.upload.crs"
SWITCH = "outlets.upload.crs_switch"


def _nanjing_outlets_page(app: AppTest, system: str) -> AppTest:
    app.radio(key="study.source").set_value("upload").run()
    app.file_uploader(key="study.upload").upload("grid.osm", grid_osm().text().encode()).run()
    app.button(key="study.load").click().run()
    assert not app.exception and not app.error, texts(app.error)
    app.switch_page("app_pages/outlets.py").run()
    app.radio(key="outlets.source").set_value("upload").run()
    app.file_uploader(key="outlets.upload").upload("网点.csv", outlets_csv(system)).run()
    assert not app.exception, app.exception
    assert not app.error, texts(app.error)
    return app


def _outlets(app: AppTest):
    return app.session_state["result.outlets"]


def _offset_warnings(app: AppTest) -> list[str]:
    return [shown(text) for text in texts(app.warning) if "GCJ-02" in shown(text)]


def test_gcj02_outlets_warn_and_the_button_converts_them(app: AppTest) -> None:
    _nanjing_outlets_page(app, "gcj02")
    assert app.selectbox(key=CHOICE).value == "auto"
    outlets = _outlets(app)
    assert len(outlets) == len(ROADSIDE)
    assert metres_from_truth(outlets.geometry.x, outlets.geometry.y).min() > 500.0
    (warning,) = _offset_warnings(app)
    assert warning.startswith("这些位置整体偏离道路约 5")
    assert "按 GCJ-02（高德/腾讯坐标）换算后与道路吻合（约 5 米）" in warning
    assert warning.endswith("请将坐标系选为 GCJ-02（高德/腾讯坐标）。")

    app.button(key=SWITCH).click().run()
    assert not app.exception and not app.error, texts(app.error)
    assert app.selectbox(key=CHOICE).value == "gcj02"
    assert not _offset_warnings(app)
    assert t("coords.switched", "zh", system="GCJ-02（高德/腾讯坐标）") in texts(app.caption)
    outlets = _outlets(app)
    assert len(outlets) == len(ROADSIDE)
    assert metres_from_truth(outlets.geometry.x, outlets.geometry.y).max() < 1.0
    assert set(outlets["name"]) == {f"玄武{i + 1}号站" for i in range(len(ROADSIDE))}


def test_the_warning_speaks_english_in_an_english_session(app: AppTest) -> None:
    app.sidebar.radio(key="lang").set_value("en").run()
    _nanjing_outlets_page(app, "bd09")
    warnings = [shown(text) for text in texts(app.warning) if "BD-09" in shown(text)]
    assert len(warnings) == 1 and warnings[0].startswith("These locations lie about 1,")
    assert warnings[0].endswith("Choose BD-09 (Baidu coordinates) as the coordinate system.")
    assert app.button(key=SWITCH).label == "Read again as BD-09 (Baidu coordinates)"


def test_wgs84_outlets_are_not_flagged(app: AppTest) -> None:
    _nanjing_outlets_page(app, "wgs84")
    assert not _offset_warnings(app)
    outlets = _outlets(app)
    assert metres_from_truth(outlets.geometry.x, outlets.geometry.y).max() < 1e-3


def test_a_chosen_system_is_read_without_the_check(app: AppTest) -> None:
    """Choosing GCJ-02 by hand converts at once; a Gauss-Kruger zone asks for its meridian."""
    _nanjing_outlets_page(app, "gcj02")
    app.selectbox(key=CHOICE).set_value("gcj02").run()
    assert not _offset_warnings(app)
    outlets = _outlets(app)
    assert metres_from_truth(outlets.geometry.x, outlets.geometry.y).max() < 1.0
    app.selectbox(key=CHOICE).set_value("gk3").run()
    assert app.number_input(key=f"{CHOICE}.meridian").value == 0
    assert len(app.error) == 1  # degrees are not Gauss-Kruger metres: said, not a traceback
    assert not app.exception


def test_demand_points_get_the_choice_and_the_warning_too(app: AppTest) -> None:
    """The demand page's point uploader: the same choice and the same check."""
    _nanjing_outlets_page(app, "wgs84")
    app.switch_page("app_pages/demand.py").run()
    app.file_uploader(key="demand.points_upload").upload(
        "需求点.csv", outlets_csv("gcj02", people=40)
    ).run()
    assert not app.exception and not app.error, texts(app.error)
    assert app.selectbox(key="demand.points_upload.crs").value == "auto"
    assert len(_offset_warnings(app)) == 1
    app.button(key="demand.points_upload.crs_switch").click().run()
    assert app.selectbox(key="demand.points_upload.crs").value == "gcj02"
    assert not _offset_warnings(app)


def test_the_system_is_part_of_the_upload_cache_key() -> None:
    plain = KeptUpload("网点.csv", outlets_csv("gcj02"))
    converted = KeptUpload("网点.csv", outlets_csv("gcj02"), crs="gcj02", widget="outlets.upload")
    assert upload_key(plain) != upload_key(converted)
    assert upload_key(converted) == upload_key(KeptUpload("网点.csv", converted.data, crs="gcj02"))


def test_the_study_area_boundary_has_the_choice_too(app: AppTest) -> None:
    """A boundary drawn on Baidu maps (BD-09, WKT in a CSV) cuts the area where it truly lies."""

    import shapely

    from servicecircle.inputs.china_offsets import wgs84_to_bd09
    from tests.network.osm_fixture import lonlat

    corners = [lonlat(x, y) for x, y in [(-50, -50), (650, -50), (650, 650), (-50, 650)]]
    truth = shapely.Polygon(corners)
    bd = shapely.transform(truth, lambda c: np.column_stack(wgs84_to_bd09(c[:, 0], c[:, 1])))
    app.radio(key="study.source").set_value("upload").run()
    app.file_uploader(key="study.upload").upload("grid.osm", grid_osm().text().encode()).run()
    csv = f'名称,wkt\n玄武街道,"{shapely.to_wkt(bd, rounding_precision=9)}"\n'
    app.file_uploader(key="study.boundary").upload("街道.csv", csv.encode("gbk")).run()
    app.selectbox(key="study.boundary.crs").set_value("bd09").run()
    app.button(key="study.load").click().run()
    assert not app.exception and not app.error, texts(app.error)
    cut = app.session_state["area_boundary"]
    got = shapely.get_coordinates(cut)[:-1]  # the four corners
    want = shapely.get_coordinates(truth)[:-1]
    assert got.shape == want.shape == (4, 2)
    nearest = [metres_apart(np.repeat(corner[None], 4, axis=0), want).min() for corner in got]
    assert max(nearest) < 1.0


def metres_apart(a, b):
    import pyproj

    return np.asarray(pyproj.Geod(ellps="WGS84").inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])[2])
