"""Page 6, report and export: GIS files, maps, report, projects and scenario comparison."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from servicecircle.results.project import Project, Scenario, load_project
from tests.app.conftest import APP, TIMEOUT, texts

Downloads = dict[str, Callable[[], bytes]]


def _coverage(app: AppTest) -> AppTest:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/coverage.py").run()
    assert not app.exception, app.exception
    return app


def _report(app: AppTest, section: str = "files") -> AppTest:
    app.switch_page("app_pages/report.py").run()
    if section != "files":
        app.radio(key="report.section").set_value(section).run()
    assert not app.exception, app.exception
    assert not app.error, texts(app.error)
    return app


def _served(downloads: Downloads, suffix: str) -> bytes:
    names = [n for n in downloads if n.endswith(suffix)]
    assert len(names) == 1, (suffix, list(downloads))
    return downloads[names[0]]()


def _reopen(data: bytes, suffix: str, tmp_path: Path) -> gpd.GeoDataFrame:
    path = tmp_path / f"layer{suffix}"
    path.write_bytes(data)
    return gpd.read_file(path)


def test_needs_coverage_but_projects_open(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    _report(app)
    assert t("report.need_coverage", "zh") in texts(app.info)
    assert not app.get("download_button")
    app.radio(key="report.section").set_value("project").run()
    assert app.button(key="report.project_open").disabled  # until a file is chosen


@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "shp", "csv", "xlsx"])
def test_gis_file_reopens_with_the_same_rows(
    app: AppTest, downloads: Downloads, tmp_path: Path, fmt: str
) -> None:
    """The app's files are written as ``servicecircle export`` writes them: Chinese fields."""
    _report(_coverage(app))
    gaps = app.session_state["result.coverage"].gaps
    app.selectbox(key="report.layer").set_value("gaps").run()
    app.radio(key="report.format").set_value(fmt).run()
    assert not app.exception
    assert app.selectbox(key="report.crs").options == [
        t("export.ui.crs.wgs84", "zh"),
        t("export.ui.crs.cgcs2000", "zh"),
    ]  # the sample lies in Helsinki: no Chinese Gauss-Kruger zone
    suffix = {
        "gpkg": "_gaps.gpkg",
        "geojson": "_gaps.geojson",
        "shp": "_gaps.shp.zip",
        "csv": "_gaps.csv",
        "xlsx": "_gaps.xlsx",
    }
    data = _served(downloads, suffix[fmt])
    if fmt in ("csv", "xlsx"):
        if fmt == "csv":
            assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Excel
            table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
        else:
            table = pd.read_excel(io.BytesIO(data), sheet_name=t("export.layer.gaps", "zh"))
        assert len(table) == len(gaps) and "wkt" not in table.columns
        assert {"代表点经度", "代表点纬度", "面积（平方米）"} <= set(table.columns)
        assert list(table["序号"]) == list(gaps["rank"])
        assert list(table["人口"]) == [round(p) for p in gaps["people"]]
        return
    if fmt == "shp":
        assert any(n.endswith(".cpg") for n in zipfile.ZipFile(io.BytesIO(data)).namelist())
    reopened = _reopen(data, suffix[fmt], tmp_path)
    assert len(reopened) == len(gaps)
    assert list(reopened["rank" if fmt == "shp" else "序号"]) == list(gaps["rank"])


def test_all_layers_in_one_geopackage(app: AppTest, downloads: Downloads, tmp_path: Path) -> None:
    _report(_coverage(app))
    path = tmp_path / "all.gpkg"
    path.write_bytes(_served(downloads, "_servicecircle.gpkg"))
    names = set(gpd.list_layers(path)["name"])
    assert {"需求点", "服务范围", "覆盖缺口", "现有网点"} <= names
    demand = gpd.read_file(path, layer="需求点")
    assert len(demand) == len(app.session_state["result.coverage"].demand)


def test_interactive_and_static_maps(app: AppTest, downloads: Downloads) -> None:
    _report(_coverage(app))
    app.button(key="report.map_html_build").click().run()
    assert not app.exception and not app.error, texts(app.error)
    html = _served(downloads, "_map.html")
    assert b"L.map(" in html and b'src="http' not in html  # self-contained: opens offline
    app.button(key="report.map_png_build").click().run()
    assert not app.exception
    assert _served(downloads, "_map.png").startswith(b"\x89PNG")
    assert app.get("image"), "the static map should be shown"


def test_report_in_english(app: AppTest, downloads: Downloads) -> None:
    _report(_coverage(app), "report")
    app.radio(key="report.lang").set_value("en").run()
    app.multiselect(key="report.report_formats").set_value(["html"]).run()
    app.text_input(key="report.bureau").input("<b>Bureau & Co</b>").run()
    app.button(key="report.report_build").click().run()
    assert not app.exception and not app.error, [c.value for e in app.expander for c in e.code]
    html = _served(downloads, "_report_en.html").decode("utf-8")
    area = app.session_state["area"]
    assert "<html" in html and area.name.split(" ")[0] in html
    # the cover's bureau line is the planner's text, shown as text
    assert "Prepared by: &lt;b&gt;Bureau &amp; Co&lt;/b&gt;" in html
    assert "<b>Bureau" not in html


def _save_scenario(app: AppTest, name: str) -> None:
    app.text_input(key="report.scenario_name").input(name).run()
    app.button(key="report.scenario_save").click().run()
    assert not app.exception and not app.error, texts(app.error)


def test_project_saved_and_reopened_in_another_session(app: AppTest, downloads: Downloads) -> None:
    _report(_coverage(app), "project")
    assert app.text_input(key="report.scenario_name").value == t("report.scenario_today", "zh")
    _save_scenario(app, "现状")
    project = app.session_state["project"]
    assert [s.name for s in project.scenarios] == ["现状"]
    assert t("report.project_unsaved_hint", "zh") in texts(app.caption)
    data = _served(downloads, "_project.gpkg")

    other = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    other.run()
    other.switch_page("app_pages/report.py").run()
    other.radio(key="report.section").set_value("project").run()
    other.file_uploader(key="report.project_upload").upload("plan.gpkg", data).run()
    other.button(key="report.project_open").click().run()
    assert not other.exception and not other.error, texts(other.error)
    reopened = other.session_state["project"]
    assert isinstance(reopened, Project) and reopened.equals(project)
    assert other.dataframe[0].value[t("report.scenario", "zh")].tolist() == ["现状"]


def test_bad_project_file_leaves_the_session_untouched(
    app: AppTest, downloads: Downloads, tmp_path: Path
) -> None:
    _report(_coverage(app), "project")
    _save_scenario(app, "现状")
    before = app.session_state["project"]
    app.file_uploader(key="report.project_upload").upload("plan.gpkg", b"not a geopackage").run()
    # unsaved scenarios: opening another project must be confirmed first
    assert t("report.project_unsaved", "zh") in texts(app.warning)
    assert app.button(key="report.project_open").disabled
    app.checkbox(key="report.project_replace").check().run()
    app.button(key="report.project_open").click().run()
    assert not app.exception
    assert texts(app.error) == [t("report.project_bad", "zh", name="plan\\.gpkg")]
    assert app.session_state["project"] is before
    # and the scenario can still be downloaded
    path = tmp_path / "kept.gpkg"
    path.write_bytes(_served(downloads, "_project.gpkg"))
    assert [s.name for s in load_project(path).scenarios] == ["现状"]


def test_compare_today_with_a_plan(app: AppTest) -> None:
    _report(_coverage(app), "project")
    assert texts(app.info)[-1] == t("report.compare_need", "zh")
    _save_scenario(app, "现状")
    app.switch_page("app_pages/siting.py").run()
    app.button(key="siting.run").click().run()
    _report(app, "project")
    added = len(app.session_state["result.siting"].chosen)  # sites that add nobody left out
    assert app.text_input(key="report.scenario_name").value == t(
        "report.scenario_sites", "zh", count=added
    )
    _save_scenario(app, "新增3站")
    assert not app.exception and not app.error, texts(app.error)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics[t("report.sites_added", "zh")] == str(added)
    assert metrics[t("report.sites_removed", "zh")] == "0"
    table = app.dataframe[1].value
    level = t("demand.unit_level", "zh")
    assert t("report.level.total", "zh") in set(table[level])
    changed = app.dataframe[2].value
    assert list(changed[t("report.change", "zh")]) == [t("report.change.added", "zh")] * added
    assert app.get("image"), "the map of what changed should be shown"
    # removing a scenario
    app.selectbox(key="report.remove").set_value("现状").run()
    app.button(key="report.remove_button").click().run()
    assert [s.name for s in app.session_state["project"].scenarios] == ["新增3站"]


def test_a_project_of_another_version_can_still_be_downloaded(
    app: AppTest, downloads: Downloads
) -> None:
    old = Scenario("旧方案", summary={"siting": {"schema_version": 0, "chosen": []}})
    app.session_state["project"] = Project(name="旧项目", scenarios=(old,))
    app.switch_page("app_pages/report.py").run()
    app.radio(key="report.section").set_value("project").run()
    assert not app.exception
    assert app.error, "the summaries that cannot be read are named"
    assert not app.dataframe  # no table of scenarios it cannot read
    assert _served(downloads, "_project.gpkg")  # the project can still be saved
    assert app.selectbox(key="report.remove").options == ["旧方案"]


def test_all_layers_in_one_workbook_as_the_command_line_writes_it(
    app: AppTest, downloads: Downloads
) -> None:
    _report(_coverage(app))
    book = pd.read_excel(io.BytesIO(_served(downloads, "_servicecircle.xlsx")), sheet_name=None)
    assert {"需求点", "服务范围", "覆盖缺口", "现有网点", "字段说明"} <= set(book)
    coverage = app.session_state["result.coverage"]
    assert len(book["需求点"]) == len(coverage.demand)
    assert book["需求点"]["人口"].sum() == pytest.approx(
        coverage.demand["people"].sum(), abs=len(coverage.demand)
    )
    assert list(book["覆盖缺口"]["序号"]) == list(coverage.gaps["rank"])
    assert "wkt" not in book["覆盖缺口"].columns and "geometry" not in book["需求点"].columns


def test_the_report_reuses_the_cached_networks(
    app: AppTest, downloads: Downloads, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Service areas of the new sites and the walking-speed checks: no network built again."""
    import servicecircle.coverage.measure as measure

    built: list[str] = []
    real = measure.network_from_area

    def counted(area, mode, **kwargs):  # type: ignore[no-untyped-def]
        built.append(mode.name)
        return real(area, mode, **kwargs)

    monkeypatch.setattr(measure, "network_from_area", counted)
    _coverage(app)
    app.switch_page("app_pages/siting.py").run()
    app.button(key="siting.run").click().run()
    assert not app.exception and app.session_state["result.siting"] is not None
    _report(app, "report")
    app.multiselect(key="report.report_formats").set_value(["html"]).run()
    built.clear()
    app.button(key="report.report_build").click().run()
    assert not app.exception and not app.error, texts(app.error)
    assert built == []  # the app's cached networks served the whole report
    html = _served(downloads, "_report_zh.html").decode("utf-8")
    assert "±20%" in html or "20%" in html  # the walking-speed check is in it
