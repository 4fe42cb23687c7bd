"""Page 2, demand: estimate shown by class and unit, assumptions editable, uploads, drawing."""

from __future__ import annotations

import shapely
from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from tests.app.conftest import REPO, texts


def _open(app: AppTest) -> AppTest:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/demand.py").run()
    assert not app.exception, app.exception
    return app


def _total(app: AppTest) -> float:
    return float(app.metric[0].value.replace(",", ""))


def test_needs_a_study_area(app_without_area: AppTest) -> None:
    app = app_without_area  # the sample could not be opened
    app.switch_page("app_pages/demand.py").run()
    assert not app.exception
    assert texts(app.info) == [t("common.need_area", "zh")]


def test_sample_demand_by_class(app: AppTest) -> None:
    _open(app)
    assert not app.error
    demand = app.session_state["result.demand"]
    by_class = app.dataframe[0].value
    assert list(by_class.columns) == ["类别", "人数", "比例"]
    assert set(by_class["类别"]) == {"居住区", "产业集聚区", "易地扶贫搬迁安置区"}
    assert abs(by_class["人数"].sum() - demand.total) < 3  # rounded per class
    assert abs(_total(app) - demand.total) < 1
    assert app.get("component_instance"), "the demand map should be on the page"
    assert not any("Session key" in m.value for m in app.markdown)


def _in_buildings(app: AppTest) -> float:
    units = app.session_state["result.demand"].units
    return float(units.loc[units["source"] == "building", "people"].sum())


def test_more_floor_area_per_person_means_fewer_residents(app: AppTest) -> None:
    _open(app)
    # the sample (Helsinki) takes the "elsewhere" profile: 45 m² per person
    assert app.number_input(key="demand.m2_per_person").value == 45.0
    before = _in_buildings(app)
    app.number_input(key="demand.m2_per_person").set_value(54.0).run()
    after = _in_buildings(app)
    assert after < before
    # residents of buildings scale with it (unmapped residential land counts by density)
    assert abs(after - before * 45.0 / 54.0) < 0.01 * before


def test_without_sample_layers_there_is_no_relocation(app: AppTest) -> None:
    _open(app)
    app.checkbox(key="demand.sample_layers").uncheck().run()
    assert "relocation" not in app.session_state["result.demand"].by_class()


def test_uploaded_relocation_area_with_people(app: AppTest) -> None:
    import geopandas as gpd

    _open(app)
    app.checkbox(key="demand.sample_layers").uncheck().run()
    area = gpd.GeoDataFrame(
        {"name": ["安置区"], "people": [500]},
        geometry=[shapely.box(24.944, 60.170, 24.947, 60.172)],
        crs="EPSG:4326",
    )
    data = area.to_json().encode()
    app.file_uploader(key="demand.relocation_upload").upload("relocation.geojson", data).run()
    assert not app.exception and not app.error, texts(app.error)
    assert abs(app.session_state["result.demand"].by_class()["relocation"] - 500) < 1e-6


def test_bad_upload_is_a_message(app: AppTest) -> None:
    _open(app)
    data = (REPO / "tests" / "data" / "bad" / "truncated.geojson").read_bytes()
    app.file_uploader(key="demand.industrial_upload").upload("industry.geojson", data).run()
    assert not app.exception
    assert len(app.error) == 1
    assert "result.demand" in app.session_state  # the rest of the page still works


def test_drawn_area_becomes_relocation_demand(app: AppTest) -> None:
    from app_pages._state import DRAWN_KEY

    _open(app)
    app.checkbox(key="demand.sample_layers").uncheck().run()
    drawn = shapely.box(24.944, 60.170, 24.947, 60.172)
    app.session_state[DRAWN_KEY] = [{"class": "relocation", "name": "画的", "geometry": drawn}]
    app.run()
    assert not app.exception
    assert app.session_state["result.demand"].by_class()["relocation"] > 0
    app.button(key="demand.draw_clear").click().run()
    assert "relocation" not in app.session_state["result.demand"].by_class()


def test_english_labels(app: AppTest) -> None:
    _open(app)
    app.radio(key="lang").set_value("en").run()
    assert [h.value for h in app.header] == ["Demand"]
    assert list(app.dataframe[0].value.columns) == ["Class", "People", "Share"]
    assert app.number_input(key="demand.m2_per_person").label.startswith("Dwelling floor area")


def test_an_unnamed_uploaded_area_is_named_as_the_report_names_it(app: AppTest) -> None:
    import json

    import geopandas as gpd

    _open(app)
    app.checkbox(key="demand.sample_layers").uncheck().run()
    area = gpd.GeoDataFrame(
        {"people": [500]}, geometry=[shapely.box(24.944, 60.170, 24.947, 60.172)], crs="EPSG:4326"
    )
    app.file_uploader(key="demand.relocation_upload").upload("r.geojson", area.to_json().encode())
    app.run()
    assert not app.exception and not app.error, texts(app.error)
    assert list(app.session_state["result.demand"].areas["name"]) == ["relocation area 1"]
    (demand_map,) = app.get("component_instance")
    script = json.loads(demand_map.proto.json_args)["script"]  # the map's tooltips, JSON-escaped
    assert json.dumps("安置区 1")[1:-1] in script
    assert "relocation area 1" not in script
