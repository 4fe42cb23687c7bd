"""Demand page: names from the planner's census tables and building layers are shown as text."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from tests.app.conftest import shown, texts
from tests.app.test_user_text import PAYLOADS, SCRIPT, _assert_escaped_in_maps, _assert_no_markdown

OPEN_GROUND = shapely.box(24.9365, 60.1785, 24.9369, 60.1788)  # no building or land use


def _open(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/demand.py").run()


def _census(rows: list[str]) -> bytes:
    return ("街道,常住人口\r\n" + "\r\n".join(rows) + "\r\n").encode("gbk", errors="strict")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_census_name_in_the_notes_and_the_audit_is_text(app: AppTest, payload: str) -> None:
    _open(app)
    data = _census(["示例街道东,5000", f"{payload},100"])
    app.file_uploader(key="demand.census_upload").upload("人口.csv", data).run()
    assert not app.error, texts(app.error)
    _assert_no_markdown(app)
    (audit,) = [f.value for f in app.dataframe if "普查表中的名称" in f.value.columns]
    assert payload in audit["普查表中的名称"].tolist()
    assert any(payload in shown(c) for c in texts(app.caption))  # in the notes, as written


@pytest.mark.parametrize("payload", PAYLOADS)
def test_census_names_matching_nothing_are_text_in_the_message(app: AppTest, payload: str) -> None:
    _open(app)
    app.file_uploader(key="demand.census_upload").upload("人口.csv", _census([f"{payload},1"]))
    app.run()
    _assert_no_markdown(app)
    (message,) = texts(app.error)
    assert payload in shown(message)


def test_a_building_name_is_text_in_the_table_and_escaped_on_the_map(app: AppTest) -> None:
    _open(app)
    layer = gpd.GeoDataFrame(
        {"name": [SCRIPT], "层数": [3], "用途": ["商业"]}, geometry=[OPEN_GROUND], crs=4326
    )
    app.radio(key="demand.buildings_mode").set_value("replace").run()
    upload = app.file_uploader(key="demand.buildings_upload")
    upload.upload(f"{SCRIPT}.geojson", layer.to_json().encode()).run()
    assert not app.error, texts(app.error)
    _assert_no_markdown(app)
    _assert_escaped_in_maps(app)
    (table,) = [f.value for f in app.dataframe if "OSM 编号" in f.value.columns]
    assert table["名称"].tolist() == [SCRIPT]


def test_a_drawn_area_name_is_escaped_on_the_map(app: AppTest) -> None:
    from app_pages._state import DRAWN_KEY

    _open(app)
    app.session_state[DRAWN_KEY] = [
        {"class": "no_homes", "name": SCRIPT, "geometry": OPEN_GROUND.buffer(0.001)}
    ]
    app.run()
    _assert_no_markdown(app)
    _assert_escaped_in_maps(app)
