"""Demand page: census totals, a population grid and the planner's buildings, uploaded."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from tests.app.conftest import shown, texts

rasterio = pytest.importorskip("rasterio")
from rasterio.transform import from_origin  # noqa: E402

# A cell of the sample (Kaisaniemi park) holding no mapped home, inside the study extent.
EMPTY_CELL = (24.940, 60.175, 0.002, 0.001)  # west, north, width, height in degrees
# Ground of the sample without buildings, land use or grounds (about 22 m × 33 m).
OPEN_GROUND = shapely.box(24.9365, 60.1785, 24.9369, 60.1788)


def _open(app: AppTest) -> AppTest:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/demand.py").run()
    app.checkbox(key="demand.sample_layers").uncheck().run()
    assert not app.exception, app.exception
    return app


def _demand(app: AppTest):  # noqa: ANN202 - the session's Demand
    return app.session_state["result.demand"]


def _residents(app: AppTest, township: str) -> float:
    units = _demand(app).units
    chosen = (units["class"] == "residential") & (units["township"] == township)
    return float(units.loc[chosen, "people"].sum())


def _gbk_census(rows: list[list[str]]) -> bytes:
    return ("\r\n".join(",".join(row) for row in rows) + "\r\n").encode("gbk")


def test_a_gbk_census_table_scales_the_residents_and_shows_the_audit(app: AppTest) -> None:
    _open(app)
    data = _gbk_census(
        [
            ["2020年第七次全国人口普查 各街道常住人口", ""],
            ["街道", "常住人口（人）"],
            ["示例街道东", '"5,000"'],
            ["示例街道西", "3000"],
            ["合计", "8000"],
        ]
    )
    app.file_uploader(key="demand.census_upload").upload("人口.csv", data).run()
    assert not app.exception and not app.error, texts(app.error)
    assert abs(_residents(app, "示例街道东") - 5000) < 1e-6
    assert abs(_residents(app, "示例街道西") - 3000) < 1e-6
    assert any("已读取 2 条普查人口" in shown(c) for c in texts(app.caption))
    (audit,) = [f.value for f in app.dataframe if "普查表中的名称" in f.value.columns]
    assert list(audit.columns) == [
        "层级",
        "街道（乡镇）",
        "社区",
        "普查表中的名称",
        "出处",
        "估算",
        "普查",
        "比值",
        "状态",
    ]
    towns = audit[audit["层级"] == "街道（乡镇）"].set_index("普查表中的名称")
    assert towns.loc["示例街道东", "普查"] == 5000
    assert towns.loc["示例街道西", "出处"] == "人口.csv 第 4 行"
    assert set(towns["状态"]) == {"已缩放"}
    east = towns.loc["示例街道东"]
    assert abs(east["比值"] - round(5000 / east["估算"], 3)) < 1e-3
    # the quality is measured after the totals: no advice to supply them, the map's figures said
    quality = _demand(app).quality
    assert quality.top_down == ("census totals",) and quality.map_estimate is not None
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["研究区每平方公里居民"] == f"{quality.density_study_area:,.0f}"
    assert not any("每平方公里" in w for w in texts(app.warning))
    # the sample's residential land stays denser than the band: a note, pointing at the audit
    assert quality.density_residential_land > quality.band_residential_land[1]
    (note,) = [shown(i) for i in texts(app.info) if "每平方公里" in i]
    assert f"{quality.density_residential_land:,.0f}" in note
    assert "这由您提供的普查人口决定" in note and "普查人口核对表" in note
    earlier = f"{quality.map_estimate.density_study_area:,.0f}"
    assert any(
        "按您提供的普查人口校正后测算" in c and earlier in shown(c) for c in texts(app.caption)
    )


def test_census_totals_matching_no_unit_are_said_and_left_out(app: AppTest) -> None:
    _open(app)
    before = _demand(app).total
    data = _gbk_census([["乡镇", "人口"], ["东山镇", "8000"]])
    app.file_uploader(key="demand.census_upload").upload("人口.csv", data).run()
    assert not app.exception
    (message,) = [shown(e) for e in texts(app.error)]
    assert "东山镇" in message and "示例街道东" in message  # what was sought, what is known
    assert "以下需求估算未使用普查人口。" in texts(app.info)
    assert abs(_demand(app).total - before) < 1e-6


def test_census_rows_are_placed_in_chinese_in_the_audit_and_the_errors(app: AppTest) -> None:
    _open(app)
    repeated = _gbk_census([["街道", "人口"], ["示例街道东", "5000"], ["示例街道东", "5000"]])
    app.file_uploader(key="demand.census_upload").upload("人口.csv", repeated).run()
    (message,) = [shown(e) for e in texts(app.error)]
    assert "人口.csv 第 2 行、人口.csv 第 3 行" in message and " row" not in message
    data = _gbk_census(
        [
            ["街道", "人口"],
            ["示例街道东", "5000"],
            ["东山镇", "800"],  # no such township
            ["示例街道东街道", "5000"],  # the same township by a looser rule
        ]
    )
    app.file_uploader(key="demand.census_upload").upload("人口.csv", data).run()
    assert not app.exception and not app.error, texts(app.error)
    (audit,) = [f.value for f in app.dataframe if "普查表中的名称" in f.value.columns]
    rows = audit.set_index("普查表中的名称")
    assert rows.loc["东山镇", "出处"] == "人口.csv 第 3 行"
    assert rows.loc["示例街道东街道", "出处"] == "人口.csv 第 4 行"
    assert rows.loc["示例街道东街道", "状态"].endswith("与 人口.csv 第 2 行 是同一个单元")
    table = " ".join(str(v) for v in audit.to_numpy().ravel())
    assert " row " not in table and "feature" not in table and "the same unit" not in table


def _write_grid(path: Path, people: float) -> Path:
    west, north, width, height = EMPTY_CELL
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=1,
        height=1,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=from_origin(west, north, width, height),
        nodata=-1.0,
    ) as target:
        target.write(np.array([[people]], dtype="float32"), 1)
    return path


def test_a_population_grid_cell_without_homes_becomes_a_demand_point(
    app: AppTest, tmp_path: Path
) -> None:
    _open(app)
    assert set(app.file_uploader(key="demand.grid_upload").proto.type) == {".tif", ".tiff"}
    before = _demand(app).total
    data = _write_grid(tmp_path / "pop.tif", 250.0).read_bytes()
    app.file_uploader(key="demand.grid_upload").upload("pop.tif", data).run()
    assert not app.exception and not app.error, texts(app.error)
    units = _demand(app).units
    grid = units[units["source"] == "population grid"]
    assert len(grid) == 1 and abs(float(grid["people"].iloc[0]) - 250.0) < 1e-6
    west, north, width, height = EMPTY_CELL
    cell = shapely.box(west, north - height, west + width, north)
    assert grid.geometry.iloc[0].within(cell)
    assert abs(_demand(app).total - (before + 250.0)) < 1e-6  # no other cell has data
    assert any("1 个没有住宅数据的格子" in shown(i) for i in texts(app.info))
    share = _demand(app).quality.share_from_grid
    assert share is not None and share > 0
    assert any(f"{share:.0%} 的居民位于人口格网中" in shown(c) for c in texts(app.caption))


def test_a_building_layer_with_floors_adds_homes(app: AppTest) -> None:
    _open(app)
    layer = gpd.GeoDataFrame(
        {"Floor": ["6层"], "用途": ["住宅"], "名称": ["新楼"]}, geometry=[OPEN_GROUND], crs=4326
    )
    upload = app.file_uploader(key="demand.buildings_upload")
    upload.upload("楼.geojson", layer.to_json().encode()).run()
    assert not app.exception and not app.error, texts(app.error)
    buildings = _demand(app).buildings
    (mine,) = [row for _, row in buildings[buildings["osm_id"] == -1].iterrows()]
    assert mine["levels"] == 6 and mine["levels_source"] == "tagged"
    assert mine["decision"] == "residential" and mine["people"] > 0
    assert (buildings["osm_id"] > 0).any()  # added to the map's buildings
    captions = [shown(c) for c in texts(app.caption)]  # the library's notes, in Chinese
    assert any("楼.geojson：1 栋建筑；层数取自 'Floor'" in c for c in captions), captions
    app.radio(key="demand.buildings_mode").set_value("replace").run()
    assert _demand(app).buildings["osm_id"].tolist() == [-1]
