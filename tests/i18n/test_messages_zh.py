"""Messages a planner can meet say Chinese in the Chinese UI (and English in English).

One test per library package, over two or three representative errors, notes or
progress steps: said in ``zh`` they hold Chinese and no English sentence; ``str``
keeps the English.
"""

from __future__ import annotations

import json
import re
import time

import geopandas as gpd
import numpy as np
import pytest
import scipy.sparse as sp
import shapely

from servicecircle.coverage.measure import coverage_from
from servicecircle.coverage.settings import CoverageSettings
from servicecircle.demand import demand_from_area
from servicecircle.demand.census import read_census
from servicecircle.errors import InfeasibleRequestError, InputDataError, ResourceLimitError
from servicecircle.i18n.message import Message, msg, say
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.sample import sample_layer
from servicecircle.isochrones.build import IsochroneSettings, isochrones_from_sites
from servicecircle.limits import Limits
from servicecircle.memory import within_budget
from servicecircle.network.graph import network_from_area
from servicecircle.network.ground import SnapRules
from servicecircle.network.modes import mode_from_name, mode_said
from servicecircle.reach.matrix import travel_times
from servicecircle.report.assumptions import population_context
from servicecircle.results.demand_records import DemandAssumptions
from servicecircle.results.export import export_layer
from servicecircle.results.project import Scenario, load_project
from servicecircle.results.schema import SchemaVersionError, check_version
from servicecircle.siting import SolveOptions, problem_from_matrix, solve
from servicecircle.testing.synthetic import grid_area
from servicecircle.workflow.inputs import RunInputs, todays_outlets
from tests.demand.places import in_china

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b")
"""Three English words in a row: a sentence fragment, not a file name or a unit."""


def assert_chinese(said: object) -> str:
    """``said`` in zh holds Chinese and no English sentence; returns the text."""
    text = say(said, "zh")
    assert CHINESE.search(text), text
    assert not ENGLISH_RUN.search(text), text
    assert say(said, "en") != text
    return text


def message_of(error: BaseException) -> Message:
    """The message an error carries (it must carry one)."""
    assert error.args and isinstance(error.args[0], Message), repr(error)
    return error.args[0]


def _grow() -> list[np.ndarray]:
    kept = []
    for _ in range(20):
        kept.append(np.ones(10 * 2**20 // 8))  # touched, so resident
        time.sleep(0.01)
    return kept


def test_limits_and_memory_say_chinese():
    error = Limits(features=10).exceeded("features", "路网.gpkg 有 12 个要素")
    text = assert_chinese(error)
    assert "SERVICECIRCLE_MAX_FEATURES" in text and "个要素" in text
    assert "over this server's limit of 10 features" in str(error)
    advised = Limits().exceeded("raster_cells", Message("msg.memory.this_step"), found="x")
    assert "x" in say(advised, "zh")
    with pytest.raises(ResourceLimitError) as info:
        within_budget(_grow, limit_mb=20, poll_s=0.005)
    assert "这一步已停止" in assert_chinese(info.value)


def test_demand_errors_and_notes_say_chinese(tmp_path):
    compound = shapely.box(100, 100, 400, 370)
    area = in_china(
        buildings=[shapely.box(110, 110, 140, 130)],
        building_tags=[{"building": "residential", "levels": 6}],
        landuse=[("residential", compound)],
    )
    demand = demand_from_area(area)
    notes = [n for n in demand.assumptions["notes"] if isinstance(n, Message)]
    land = next(n for n in notes if n.key == "msg.demand.estimate.unmapped_land")
    assert "7.8 of 8.1 ha of residential land use hold no mapped building" in str(land)
    assert "8.1 公顷居住用地中有 7.8 公顷没有已绘建筑" in assert_chinese(land)
    old = tmp_path / "人口.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputDataError, match=r"is a \.xls workbook") as info:
        read_census(old)
    assert "人口.xls" in assert_chinese(info.value)
    points = gpd.GeoDataFrame({"名字": ["a"]}, geometry=[shapely.Point(0, 0)], crs=WGS84)
    with pytest.raises(InputDataError, match="no people column") as info:
        demand_from_area(grid_area(), user_points=points)
    assert "人口列" in assert_chinese(info.value)


def test_demand_notes_are_stored_as_messages_and_old_text_notes_still_read():
    note = msg("msg.demand.estimate.outside", count=np.int64(12))
    stored = DemandAssumptions(parameters={}, notes=(note, "an old note")).to_json()
    assert json.loads(json.dumps(stored))["notes"][0] == {
        "key": "msg.demand.estimate.outside",
        "fields": {"count": 12},
    }
    read = DemandAssumptions.from_json(json.loads(json.dumps(stored)))
    assert read.notes == (msg("msg.demand.estimate.outside", count=12), "an old note")
    assert "12 栋建筑未计入" in assert_chinese(read.notes[0])
    assert DemandAssumptions.from_json({"notes": ["written by version 1"]}).notes == (
        "written by version 1",
    )


def test_network_errors_say_chinese():
    with pytest.raises(InputDataError, match="unknown travel mode 'tractor'") as info:
        mode_from_name("tractor")
    assert "未知的出行方式" in assert_chinese(info.value)
    with pytest.raises(InputDataError, match="must be a distance in metres") as caught:
        SnapRules(prefer_connected_m=-1)
    assert assert_chinese(caught.value).startswith("prefer_connected_m 须为")
    closed = msg("msg.network.closed_to_mode", mode=mode_said("walk"))
    assert "“步行”" in assert_chinese(closed)
    assert "mode 'walking'" in str(closed)


def test_reach_errors_and_progress_say_chinese(sample_area):
    area = sample_area
    net = network_from_area(area, mode_from_name("walk"))
    sites = area.buildings.head(8)
    seen: list[object] = []
    times = travel_times(
        net, sites, area.buildings, cutoff_minutes=5, progress=lambda _, said: seen.append(said)
    )
    assert seen and "计算出行时间：已完成" in assert_chinese(seen[-1])
    with pytest.raises(InputDataError, match="computed up to 5 minutes only") as info:
        times.within(10)
    assert "只计算到 5 分钟" in assert_chinese(info.value)
    with pytest.raises(InputDataError, match="time limit") as info:
        travel_times(net, sites, area.buildings, cutoff_minutes=-1)
    assert_chinese(info.value)
    unplaced = gpd.GeoDataFrame(geometry=[shapely.Point(0, 0)])
    with pytest.raises(InputDataError, match="no coordinate system") as info:
        travel_times(net, unplaced, area.buildings)
    assert "坐标系" in assert_chinese(info.value)


def test_isochrone_errors_and_progress_say_chinese():
    with pytest.raises(InputDataError, match="positive numbers of minutes") as info:
        IsochroneSettings(breaks=(0.0,))
    assert "服务圈" in assert_chinese(info.value)
    with pytest.raises(InputDataError, match="more than 0 metres") as info:
        IsochroneSettings(buffer_m=0)
    assert_chinese(info.value)
    area = grid_area()
    net = network_from_area(area, mode_from_name("walk"))
    seen: list[object] = []
    isochrones_from_sites(
        net,
        area.buildings.head(2),
        settings=IsochroneSettings(breaks=(5.0,)),
        progress=lambda _, said: seen.append(said),
    )
    assert "服务圈：5 分钟" in [say(said, "zh") for said in seen]


def test_coverage_errors_and_progress_say_chinese(sample_area):
    area = sample_area
    demand = demand_from_area(area)
    with pytest.raises(InputDataError, match="no existing outlets") as info:
        coverage_from(area, demand, gpd.GeoDataFrame(geometry=[], crs=WGS84))
    assert "没有现有网点" in assert_chinese(info.value)
    with pytest.raises(InputDataError, match="ascending order") as info:
        CoverageSettings(breaks=(15.0, 5.0))
    assert "时间分段" in assert_chinese(info.value)
    seen: list[object] = []
    outlets = sample_layer("outlets").head(2)
    coverage_from(
        area, demand, outlets, with_isochrones=False, progress=lambda _, said: seen.append(said)
    )
    steps = ["构建路网", "计算出行时间", "统计覆盖情况", "完成"]
    assert [say(said, "zh") for said in seen] == steps


def test_siting_requests_notes_and_progress_say_chinese():
    minutes = sp.csr_matrix((np.full(3, 5.0), (np.arange(3), np.arange(3))), shape=(4, 3))
    problem = problem_from_matrix(
        minutes, np.ones(3), minutes_break=10.0, must_cover=np.ones(3, bool)
    )
    quick = SolveOptions(method="heuristic", time_limit=5)
    with pytest.raises(InfeasibleRequestError, match="needs 3 new outlets, but p = 2") as info:
        solve(problem, "mclp", p=2, options=quick)
    assert "需要 3 个新增网点，但新增网点数 p = 2" in assert_chinese(info.value)
    with pytest.raises(InfeasibleRequestError, match="new outlets requested but only") as info:
        solve(problem, "mclp", p=9, options=quick)
    assert "只有 4 个候选点位可用" in assert_chinese(info.value)
    seen: list[object] = []
    solve(problem, "mclp", p=3, options=quick, progress=lambda _, said: seen.append(said))
    assert seen and "完成：覆盖 100.0% 的人口" in assert_chinese(seen[-1])


def test_results_and_project_errors_say_chinese(tmp_path):
    with pytest.raises(InputDataError, match="A scenario needs a name") as info:
        Scenario("")
    assert "方案需要一个名称" in assert_chinese(info.value)
    with pytest.raises(InputDataError, match="Unknown export format") as info:
        export_layer(gpd.GeoDataFrame(geometry=[], crs=WGS84), tmp_path / "x.gpkg", format="kml")
    assert "未知的导出格式" in assert_chinese(info.value)
    with pytest.raises(InputDataError, match="No project file") as info:
        load_project(tmp_path / "项目.gpkg")
    assert "找不到项目文件 项目.gpkg" in assert_chinese(info.value)
    assert_chinese(msg("msg.results.project.saving", name="gaps"))


def test_workflow_errors_say_chinese(sample_area):
    with pytest.raises(InputDataError, match="Say where today's outlets are") as info:
        todays_outlets(sample_area, RunInputs(area="map.osm"))
    assert "现有网点在哪里" in assert_chinese(info.value)
    said = msg("msg.workflow.no_boundaries", file="边界.geojson")
    assert "边界.geojson：没有找到" in assert_chinese(said)


def test_the_chinese_report_says_the_estimate_notes_in_chinese():
    note = msg("msg.demand.estimate.outside", count=3)
    shown = population_context(DemandAssumptions(parameters={}, notes=(note, "old")), "zh")
    assert shown["notes"] == ["研究范围以外的 3 栋建筑未计入", "old"]


def test_a_project_keeps_a_message_as_its_key_and_fields():
    note = msg("msg.demand.estimate.outside", count=np.int64(3))
    scenario = Scenario("今天", parameters={"notes": [note]})
    assert scenario.parameters["notes"] == [{"key": note.key, "fields": {"count": 3}}]


@pytest.mark.parametrize("version", [1, 2])
def test_summaries_of_version_1_text_notes_and_2_messages_are_both_read(version):
    check_version({"schema_version": version})  # version 1's text notes read as text
    with pytest.raises(SchemaVersionError, match="this version reads 1 and 2"):
        check_version({"schema_version": 3})
