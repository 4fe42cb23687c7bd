"""Demand page: regional profile, demand quality, buildings with decision and basis, overrides."""

from __future__ import annotations

import geopandas as gpd
import shapely
from streamlit.testing.v1 import AppTest

from app_pages._state import DRAWN_KEY
from servicecircle.i18n import t
from tests.app.conftest import shown, texts


def _open(app: AppTest) -> AppTest:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/demand.py").run()
    assert not app.exception, app.exception
    return app


def _demand(app: AppTest):  # noqa: ANN202 - the session's Demand
    return app.session_state["result.demand"]


def _residents_of_buildings(app: AppTest) -> float:
    units = _demand(app).units
    return float(units.loc[units["source"] == "building", "people"].sum())


def _table(app: AppTest, column: str):  # noqa: ANN202 - the first table with this column
    for frame in app.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a column {column!r}")


def test_switching_the_profile_changes_the_values_and_the_numbers(app: AppTest) -> None:
    _open(app)
    assert app.selectbox(key="demand.profile").value == "auto"
    assert _demand(app).quality.profile == "elsewhere"  # Helsinki
    app.number_input(key="demand.m2_per_person").set_value(50.0).run()
    before = _residents_of_buildings(app)
    app.selectbox(key="demand.profile").set_value("china_city").run()
    assert not app.exception and not app.error, texts(app.error)
    # the inputs the profile sets show its values again (the 50 typed before is gone)
    assert app.number_input(key="demand.m2_per_person").value == 36.5
    assert app.number_input(key="demand.levels_apartment").value == 6.0
    assert app.number_input(key="demand.residential_density_per_ha").value == 400.0
    demand = _demand(app)
    assert demand.quality.profile == "china_city"
    assert demand.assumptions["m2_per_person"] == 36.5
    # less floor area per person and taller untagged blocks: more residents in buildings
    assert _residents_of_buildings(app) > before * 50.0 / 36.5
    assert any(t("profile.china_city", "zh") in shown(c) for c in texts(app.caption))
    values = _table(app, "方案默认值")
    assert values.iloc[0].tolist() == ["人均居住建筑面积（平方米）", "36.5", "36.5"]


def test_the_demand_quality_is_stated(app: AppTest) -> None:
    _open(app)
    quality = _demand(app).quality
    labels = {m.label: m.value for m in app.metric}
    assert labels["研究区每平方公里居民"] == f"{quality.density_study_area:,.0f}"
    assert labels["居住用地每平方公里居民"] == f"{quality.density_residential_land:,.0f}"
    assert labels["来自已标注层数的居民"] == f"{quality.share_tagged_levels:.0%}"
    assert labels["来自假定层数的居民"] == f"{quality.share_assumed_levels:.0%}"
    # the sample's residential land holds more than the profile's band allows
    low, high = quality.band_residential_land
    assert quality.density_residential_land > high
    (warning,) = [shown(w) for w in texts(app.warning)]
    assert f"{quality.density_residential_land:,.0f}" in warning
    assert f"{low:,.0f}–{high:,.0f}" in warning and "偏高" in warning
    # buildings by decision: counted from the building table
    decisions = _table(app, "建筑数")
    counts = _demand(app).buildings["decision"].value_counts()
    assert dict(zip(decisions["判定"], decisions["建筑数"], strict=True)) == {
        "居住": counts["residential"],
        "非居住": counts["non-residential"],
    }
    by_basis = _table(app, "依据")
    assert abs(by_basis["人数"].sum() - quality.residents) < len(by_basis)  # rounded per row


def test_a_mall_left_out_is_listed_with_its_reason(app: AppTest) -> None:
    _open(app)
    assert app.radio(key="demand.buildings_decision").value == "non-residential"
    table = _table(app, "OSM 编号")
    mall = table[table["名称"] == "Kauppakeskus Citycenter"]
    assert mall["判定"].tolist() == ["非居住"]
    assert mall["依据"].tolist() == ["商场"]  # the OSM tag shop=mall in words
    assert mall["人数"].tolist() == [0.0]
    assert mall["按建筑面积可容纳人数"].iloc[0] > 100  # what it would have held
    floor = table["建筑面积（平方米）"].to_numpy()
    assert (floor[:-1] >= floor[1:]).all()  # the largest first
    app.radio(key="demand.buildings_decision").set_value("residential").run()
    homes = _table(app, "OSM 编号")
    assert set(homes["判定"]) == {"居住"}
    assert (homes["人数"] > 0).all()


def _largest_home(app: AppTest) -> tuple[int, float, shapely.Point]:
    buildings = _demand(app).buildings
    homes = buildings[buildings["decision"] == "residential"]
    row = homes.loc[homes["people"].idxmax()]
    return int(row["osm_id"]), float(row["people"]), row.geometry.representative_point()


def _building(app: AppTest, osm_id: int):  # noqa: ANN202 - one row of the building table
    buildings = _demand(app).buildings
    (row,) = [r for _, r in buildings[buildings["osm_id"] == osm_id].iterrows()]
    return row


def test_a_drawn_override_area_removes_a_buildings_people(app: AppTest) -> None:
    _open(app)
    osm_id, people, point = _largest_home(app)
    residents = _demand(app).quality.residents
    app.session_state[DRAWN_KEY] = [
        {"class": "no_homes", "name": "商场", "geometry": point.buffer(2e-5)}
    ]
    app.run()
    assert not app.exception and not app.error, texts(app.error)
    row = _building(app, osm_id)
    assert row["decision"] == "non-residential" and row["people"] == 0
    assert row["basis"] == "planner area '商场': non-residential"
    assert _demand(app).quality.residents < residents - 0.5 * people
    assert any("地图上绘制的区域：1 个" in c for c in texts(app.caption))
    app.button(key="demand.draw_clear").click().run()
    assert _building(app, osm_id)["people"] == people


def test_an_uploaded_override_area_and_typed_ids(app: AppTest) -> None:
    _open(app)
    osm_id, people, point = _largest_home(app)
    areas = gpd.GeoDataFrame({"name": ["校园"]}, geometry=[point.buffer(2e-5)], crs=4326)
    upload = app.file_uploader(key="demand.override_upload")
    upload.upload("areas.geojson", areas.to_json().encode()).run()
    assert not app.exception and not app.error, texts(app.error)
    assert app.radio(key="demand.override_mark").value == "non_residential"
    assert _building(app, osm_id)["people"] == 0
    # marked by the file's own column instead: 是 keeps the building a home
    app.file_uploader(key="demand.override_upload").upload(
        "areas.geojson", areas.assign(residential=["是"]).to_json().encode()
    )
    app.radio(key="demand.override_mark").set_value("column").run()
    assert not app.error, texts(app.error)
    row = _building(app, osm_id)
    assert row["decision"] == "residential" and row["people"] > 0
    # a cell that says neither yes nor no: a message naming the row, the rest still works
    app.file_uploader(key="demand.override_upload").upload(
        "areas.geojson", areas.assign(residential=["也许"]).to_json().encode()
    ).run()
    (message,) = [shown(e) for e in texts(app.error)]
    assert "调整区域 1" in message and "也许" in message  # said in Chinese
    assert _building(app, osm_id)["people"] > 0


def test_typed_osm_ids_override_the_evidence(app: AppTest) -> None:
    _open(app)
    osm_id, _, _ = _largest_home(app)
    buildings = _demand(app).buildings
    mall = int(buildings.loc[buildings["name"] == "Kauppakeskus Citycenter", "osm_id"].iloc[0])
    app.text_input(key="demand.override_ids_not_home").input(f"w{osm_id}, 某楼").run()
    assert _building(app, osm_id)["people"] == 0
    assert _building(app, osm_id)["basis"] == f"planner: non-residential (id {osm_id})"
    (message,) = [shown(e) for e in texts(app.error)]
    assert "某楼" in message  # not an id: said, and left out
    app.text_input(key="demand.override_ids_home").input(str(mall)).run()
    row = _building(app, mall)
    assert row["decision"] == "residential" and row["people"] > 0
    table = _table(app, "OSM 编号")  # the non-residential table now shows the overridden home
    assert table.loc[table["OSM 编号"] == str(osm_id), "依据"].tolist() == [
        f"由您指定：非居住（OSM 编号 {osm_id}）"
    ]


def test_english_quality_labels(app: AppTest) -> None:
    _open(app)
    app.radio(key="lang").set_value("en").run()
    labels = [m.label for m in app.metric]
    assert "Residents per km² of residential land" in labels
    table = _table(app, "OSM id")
    mall = table[table["Name"] == "Kauppakeskus Citycenter"]
    assert mall["Basis"].tolist() == ["shopping mall"]
    assert mall["Decision"].tolist() == ["non-residential"]


def _chinese_extract() -> bytes:
    """A tiny OSM extract in Nanjing: a street grid of 200 m and four apartment blocks."""
    lon0, lat0, step = 118.790, 32.050, 0.002
    nodes, ways, node_id = [], [], 0

    def node(lon: float, lat: float) -> int:
        nonlocal node_id
        node_id += 1
        nodes.append(f'<node id="{node_id}" lat="{lat:.6f}" lon="{lon:.6f}"/>')
        return node_id

    grid = [[node(lon0 + i * step, lat0 + j * step) for j in range(3)] for i in range(3)]
    for k in range(3):
        for line in ([grid[k][j] for j in range(3)], [grid[i][k] for i in range(3)]):
            refs = "".join(f'<nd ref="{r}"/>' for r in line)
            ways.append(
                f'<way id="{100 + len(ways)}">{refs}<tag k="highway" v="residential"/></way>'
            )
    for i in range(2):
        for j in range(2):
            west, south = lon0 + i * step + 0.0005, lat0 + j * step + 0.0005
            corners = [
                (west, south),
                (west + 0.0004, south),
                (west + 0.0004, south + 0.0003),
                (west, south + 0.0003),
            ]
            refs = [node(x, y) for x, y in corners]
            nd = "".join(f'<nd ref="{r}"/>' for r in [*refs, refs[0]])
            ways.append(f'<way id="{100 + len(ways)}">{nd}<tag k="building" v="apartments"/></way>')
    bounds = (
        f'<bounds minlat="{lat0}" minlon="{lon0}" maxlat="{lat0 + 2 * step}" '
        f'maxlon="{lon0 + 2 * step}"/>'
    )
    body = "\n".join([bounds, *nodes, *ways])
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6">\n{body}\n</osm>\n'.encode()


def test_another_area_shows_its_own_profiles_values(app: AppTest) -> None:
    _open(app)
    assert app.number_input(key="demand.m2_per_person").value == 45.0  # Helsinki
    app.switch_page("app_pages/study_area.py").run()
    app.radio(key="study.source").set_value("upload").run()
    app.file_uploader(key="study.upload").upload("南京.osm", _chinese_extract()).run()
    app.button(key="study.load").click().run()
    assert not app.exception and not app.error, texts(app.error)
    app.switch_page("app_pages/demand.py").run()
    assert not app.exception and not app.error, texts(app.error)
    demand = _demand(app)
    assert demand.quality.profile == "china_city"
    # the profile's values, not the ones shown for Helsinki taken as the planner's
    assert app.number_input(key="demand.m2_per_person").value == 36.5
    assert demand.assumptions["m2_per_person"] == 36.5
    assert demand.assumptions["levels_apartment"] == 6.0
