"""Page 3, outlets: sample, OSM, upload, placed on the map; outlet types editable."""

from __future__ import annotations

import shapely
from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from tests.app.conftest import shown, texts


def _open(app: AppTest) -> AppTest:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/outlets.py").run()
    assert not app.exception, app.exception
    return app


def _outlets(app: AppTest):
    return app.session_state["result.outlets"]


def test_needs_a_study_area(app_without_area: AppTest) -> None:
    app = app_without_area  # the sample could not be opened
    app.switch_page("app_pages/outlets.py").run()
    assert texts(app.info) == [t("common.need_area", "zh")]


def test_sample_outlets_with_types(app: AppTest) -> None:
    _open(app)
    outlets = _outlets(app)
    assert len(outlets) == 3
    assert set(outlets["outlet_type"]) == {
        "community_window",
        "employment_post",
        "doorstep_station",
    }
    table = next(d.value for d in app.dataframe if "类型" in d.value.columns)
    assert "就业服务驿站" in set(table["类型"])
    assert app.get("component_instance")


def test_osm_outlets(app: AppTest) -> None:
    _open(app)
    app.radio(key="outlets.source").set_value("osm").run()
    assert not app.error
    assert set(_outlets(app)["outlet_type"]) == {"community_window"}
    assert len(_outlets(app)) > 0


def test_upload_csv_with_chinese_columns(app: AppTest) -> None:
    _open(app)
    app.radio(key="outlets.source").set_value("upload").run()
    csv = "名称,经度,纬度\n东站,24.945,60.170\n西站,24.938,60.168\n".encode("gbk")
    app.file_uploader(key="outlets.upload").upload("outlets.csv", csv).run()
    assert not app.exception and not app.error, texts(app.error)
    assert len(_outlets(app)) == 2
    assert set(_outlets(app)["outlet_type"]) == {"community_window"}


def test_unknown_type_is_a_message(app: AppTest) -> None:
    _open(app)
    app.radio(key="outlets.source").set_value("upload").run()
    csv = b"name,lon,lat,outlet_type\nA,24.945,60.170,bus_stop\n"
    app.file_uploader(key="outlets.upload").upload("outlets.csv", csv).run()
    assert not app.exception
    assert len(app.error) == 1 and "bus_stop" in shown(app.error[0].value)
    assert "result.outlets" not in app.session_state


def test_placed_outlets_are_added(app: AppTest) -> None:
    from app_pages._state import PLACED_KEY

    _open(app)
    app.radio(key="outlets.source").set_value("none").run()
    assert "result.outlets" not in app.session_state
    app.session_state[PLACED_KEY] = [
        {"name": "新站", "outlet_type": "gig_market", "geometry": shapely.Point(24.945, 60.170)}
    ]
    app.run()
    assert list(_outlets(app)["name"]) == ["新站"]
    app.button(key="editing.undo_all").click().run()
    assert "result.outlets" not in app.session_state


def test_types_are_kept_in_session(app: AppTest) -> None:
    _open(app)
    types = app.session_state["outlet_types"]
    assert types["gig_market"].mode == "ebike" and types["gig_market"].minutes == 30


def test_uploaded_file_survives_other_pages(app: AppTest) -> None:
    _open(app)
    app.radio(key="outlets.source").set_value("upload").run()
    csv = b"name,lon,lat\nA,24.945,60.170\nB,24.938,60.168\n"
    app.file_uploader(key="outlets.upload").upload("outlets.csv", csv).run()
    assert len(_outlets(app)) == 2
    app.switch_page("app_pages/coverage.py").run()
    app.switch_page("app_pages/outlets.py").run()
    assert not app.exception and not app.error, texts(app.error)
    assert app.radio(key="outlets.source").value == "upload"
    assert len(_outlets(app)) == 2
    assert t("common.upload_kept", "zh", name="outlets\\.csv") in texts(app.caption)
    app.button(key="outlets.upload.forget").click().run()
    assert "result.outlets" not in app.session_state


def test_removing_the_file_drops_it(app: AppTest) -> None:
    _open(app)
    app.radio(key="outlets.source").set_value("upload").run()
    csv = b"name,lon,lat\nA,24.945,60.170\n"
    app.file_uploader(key="outlets.upload").upload("outlets.csv", csv).run()
    app.switch_page("app_pages/coverage.py").run()
    app.switch_page("app_pages/outlets.py").run()
    app.run()  # a second run with the widget still empty keeps the file
    assert len(_outlets(app)) == 1
    app.file_uploader(key="outlets.upload").upload("other.csv", csv.replace(b"A", b"B")).run()
    assert list(_outlets(app)["name"]) == ["B"]
    app.file_uploader(key="outlets.upload").clear().run()
    assert "result.outlets" not in app.session_state
