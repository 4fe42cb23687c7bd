"""Demand quality, the census audit and people off the road network, from the command line
to ``summary.json``, ``analysis.gpkg``, the printed lines and the report.

A small OSM file in Nanjing (a 1 km street, two blocks of six storeys beside it),
a township boundary, one outlet and the planner's demand point 800 m from the
street: without census totals the estimate is far too thin for a Chinese city;
a census table brings it to 5,500 residents.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely

from servicecircle.cli import main
from servicecircle.demand.quality import TOO_LOW
from servicecircle.i18n.message import Message
from servicecircle.inputs.area import utm_crs_for
from servicecircle.report import build_report
from servicecircle.report.formatting import fmt_people
from servicecircle.report.strings import assumption_label, text
from servicecircle.results.folder import read_results
from tests.network.osm_fixture import LAT0, LON0, OsmFile, lonlat, main_street, points

TOWNSHIP = "玄武街道"
BLOCK = 400 * 6 * 0.8 / 36.5  # a 20 × 20 m block of six storeys (Chinese city profile)
CENSUS = 5500
FAR_PEOPLE = 7
BOUNDS = (0.0, -100.0, 1000.0, 1000.0)  # metres from the corner: the study extent


def block(osm: OsmFile, way_id: int, first_node: int, x: float, y: float) -> None:
    corners = [(x, y), (x + 20, y), (x + 20, y + 20), (x, y + 20)]
    osm.closed_way(
        way_id,
        {first_node + i: xy for i, xy in enumerate(corners)},
        building="apartments",
        **{"building:levels": "6"},
    )


def study_area_km2() -> float:
    """The OSM bounds (the study extent) measured in metres, independently of the library."""
    west, south = lonlat(BOUNDS[0], BOUNDS[1])
    east, north = lonlat(BOUNDS[2], BOUNDS[3])
    box = gpd.GeoSeries([shapely.box(west, south, east, north)], crs=4326)
    return float(box.to_crs(utm_crs_for(LON0, LAT0)).area.iloc[0]) / 1e6


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("quality_inputs")
    osm = OsmFile(bounds=BOUNDS)
    main_street(osm)  # y = 0, x 0..1,000 m
    block(osm, 2, 101, 100.0, 20.0)
    block(osm, 3, 111, 300.0, 20.0)
    west, south = lonlat(-50.0, -150.0)
    east, north = lonlat(1050.0, 1050.0)
    boundaries = folder / "boundaries.geojson"
    gpd.GeoDataFrame(
        {"name": [TOWNSHIP], "admin_level": [8]},
        geometry=[shapely.box(west, south, east, north)],
        crs=4326,
    ).to_file(boundaries, driver="GeoJSON", engine="pyogrio")
    outlets = folder / "outlets.geojson"
    points([(0.0, 0.0)], name=["就业服务站"]).to_file(outlets, driver="GeoJSON", engine="pyogrio")
    far = folder / "far.geojson"
    points([(500.0, 800.0)], people=[FAR_PEOPLE]).to_file(far, driver="GeoJSON", engine="pyogrio")
    census = folder / "人口.csv"
    census.write_bytes(f"街道,常住人口\r\n{TOWNSHIP},{CENSUS}\r\n".encode("gbk"))
    return {
        "osm": osm.write(folder / "street.osm"),
        "boundaries": boundaries,
        "outlets": outlets,
        "far": far,
        "census": census,
    }


def cli_args(
    inputs: dict[str, Path], out: Path, *extra: str, command: str = "analyze"
) -> list[str]:
    """``servicecircle -q COMMAND`` on the fixture, writing to ``out``."""
    return [
        "-q",
        command,
        str(inputs["osm"]),
        "--outlets",
        str(inputs["outlets"]),
        "--boundaries",
        str(inputs["boundaries"]),
        "--demand",
        str(inputs["far"]),
        "--profile",
        "china_city",
        "--out",
        str(out),
        *extra,
    ]


@pytest.fixture(scope="module")
def runs(
    inputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, Any]]:
    """``analyze`` without and with the census table: the folder, summary and printed lines."""
    from contextlib import redirect_stdout
    from io import StringIO

    out: dict[str, dict[str, Any]] = {}
    for name, extra in (("plain", ()), ("census", ("--census", str(inputs["census"])))):
        folder = tmp_path_factory.mktemp(f"quality_{name}")
        printed = StringIO()
        with redirect_stdout(printed):
            status = main(cli_args(inputs, folder, *extra))
        assert status == 0, printed.getvalue()
        out[name] = {
            "dir": folder,
            "summary": json.loads((folder / "summary.json").read_text(encoding="utf-8")),
            "printed": printed.getvalue(),
        }
    return out


def visible(page: str) -> str:
    """The report page's text: no styles, images or tags; entities decoded; spaces squashed."""
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    page = re.sub(r'src="data:[^"]*"', " ", page)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def table_rows(page: str, css_class: str) -> list[list[str]]:
    """The body rows of the report table with ``css_class``, as cell texts."""
    match = re.search(rf'<table class="[^"]*\b{css_class}\b[^"]*">(.*?)</table>', page, re.S)
    assert match, f"no table {css_class}"
    body = re.search(r"<tbody>(.*?)</tbody>", match.group(1), re.S)
    assert body
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    return [
        [visible(cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in rows
    ]


def report_html(folder: Path, lang: str) -> str:
    (path,) = build_report(read_results(folder), folder, lang=lang, formats=("html",))
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- summary.json


def test_summary_states_both_measures_and_warns_without_census(runs):
    quality = runs["plain"]["summary"]["demand_quality"]
    km2 = study_area_km2()
    residents = 2 * BLOCK + FAR_PEOPLE
    assert quality["measured_on"] == "final" and quality["top_down"] == []
    assert quality["profile"] == "china_city"
    assert quality["residents"] == pytest.approx(residents, abs=1)
    assert quality["study_area_km2"] == pytest.approx(km2, rel=1e-3)
    assert quality["density_study_area"] == pytest.approx(residents / km2, rel=1e-2)
    assert quality["share_tagged_levels"] == pytest.approx(2 * BLOCK / residents, rel=1e-2)
    assert TOO_LOW in str(Message.from_json(quality["warning"]))  # stored as a message
    before = quality["map_estimate"]
    assert before["measured_on"] == "map_estimate"
    assert before["density_study_area"] == quality["density_study_area"]
    assert TOO_LOW in str(Message.from_json(before["warning"]))


def test_census_totals_drop_the_warning_and_keep_the_map_estimate(runs):
    quality = runs["census"]["summary"]["demand_quality"]
    km2 = study_area_km2()
    assert quality["top_down"] == ["census totals"]
    assert quality["residents"] == pytest.approx(CENSUS + FAR_PEOPLE, abs=1)
    assert quality["density_study_area"] == pytest.approx((CENSUS + FAR_PEOPLE) / km2, rel=1e-2)
    assert quality["warning"] is None and quality["notes"] == []
    before = quality["map_estimate"]
    assert before["residents"] == pytest.approx(2 * BLOCK + FAR_PEOPLE, abs=1)
    assert TOO_LOW in str(Message.from_json(before["warning"]))


def test_off_network_people_are_a_layer_of_their_own(runs):
    folder = runs["plain"]["dir"]
    summary = runs["plain"]["summary"]
    assert summary["off_network"]["people"] == pytest.approx(FAR_PEOPLE)
    layer = gpd.read_file(folder / "analysis.gpkg", layer="off_network")
    assert layer["people"].tolist() == [FAR_PEOPLE]
    assert layer["road_m"].iloc[0] == pytest.approx(800, rel=0.02)
    demand = gpd.read_file(folder / "analysis.gpkg", layer="demand")
    assert demand.loc[demand["off_network"].astype(bool), "people"].tolist() == [FAR_PEOPLE]
    assert all(g["people"] != FAR_PEOPLE for g in summary["gaps"])


# --------------------------------------------------------------------------- printed lines


def test_analyze_prints_the_quality_warning_and_the_people_off_the_network(runs):
    printed = runs["plain"]["printed"]
    assert "demand quality: " in printed
    density = runs["plain"]["summary"]["demand_quality"]["density_study_area"]
    assert f"{density:,.0f} per km² of the study area (expected 3,000-40,000)" in printed
    assert "  warning: " in printed and TOO_LOW in printed
    assert f"off the road network: {FAR_PEOPLE} people in 1 place farther than 500 m" in printed


def test_with_census_totals_the_warning_is_not_printed(runs):
    printed = runs["census"]["printed"]
    assert "demand quality, after the census totals: 5,507 residents" in printed
    assert "  the map estimate alone: " in printed
    assert "warning:" not in printed and TOO_LOW not in printed


def test_site_prints_them_too(inputs, tmp_path, capsys):
    candidates = tmp_path / "candidates.geojson"
    points([(600.0, 0.0)], name=["社区服务中心"]).to_file(
        candidates, driver="GeoJSON", engine="pyogrio"
    )
    extra = ("--new", "1", "--candidates", str(candidates))
    assert main(cli_args(inputs, tmp_path / "out", *extra, command="site")) == 0
    printed = capsys.readouterr().out
    assert "demand quality: " in printed and TOO_LOW in printed
    assert f"off the road network: {FAR_PEOPLE} people in 1 place" in printed


# --------------------------------------------------------------------------- the report


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_has_the_quality_section_with_both_measures(runs, lang):
    page = report_html(runs["census"]["dir"], lang)
    words = visible(page)
    assert text("quality.title", lang) in words
    km2 = study_area_km2()
    rows = {row[0]: row[1:] for row in table_rows(page, "quality")}
    density = rows[text("quality.density_study_area", lang)]
    map_density, final_density = (float(v.replace(",", "")) for v in density[:2])
    assert map_density == pytest.approx((2 * BLOCK + FAR_PEOPLE) / km2, rel=1e-2)
    assert final_density == pytest.approx((CENSUS + FAR_PEOPLE) / km2, rel=1e-2)
    assert density[2] == "3,000–40,000"
    residents = rows[text("quality.residents", lang)]
    assert residents[:2] == [fmt_people(2 * BLOCK + FAR_PEOPLE), fmt_people(CENSUS + FAR_PEOPLE)]
    profile = "中国城市" if lang == "zh" else "Chinese city"
    assert profile in words
    assert ("普查人口" if lang == "zh" else "census totals") in words
    assert "--population-grid" not in words  # the totals were applied: no advice to supply them


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_warns_when_the_estimate_is_too_thin(runs, lang):
    page = report_html(runs["plain"]["dir"], lang)
    words = visible(page)
    quality = runs["plain"]["summary"]["demand_quality"]
    expected = text(
        "quality.too_low",
        lang,
        density=fmt_people(quality["density_study_area"]),
        what=text("quality.what_study_area", lang),
        low="3,000",
        high="40,000",
        profile="中国城市" if lang == "zh" else "Chinese city",
    )
    assert expected in words
    (header,) = re.findall(r'<table class="data compact quality">.*?</thead>', page, re.S)
    assert text("quality.map_estimate", lang) not in header  # one measure: no totals applied


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_has_the_census_audit_as_a_table(runs, lang):
    page = report_html(runs["census"]["dir"], lang)
    (row,) = table_rows(page, "census")
    level, township, community, where, estimate, census, ratio, status = row
    assert level == ("乡镇（街道）" if lang == "zh" else "township / street")
    assert (township, community) == (TOWNSHIP, "—")
    assert where == ("人口.csv 第 2 行" if lang == "zh" else "人口.csv row 2")
    assert float(estimate.replace(",", "")) == pytest.approx(2 * BLOCK, abs=1)
    assert census == "5,500"
    assert float(ratio) == pytest.approx(CENSUS / (2 * BLOCK), rel=1e-2)
    assert status == ("已按普查数调整" if lang == "zh" else "scaled")
    # no longer a run of text among the population parameters
    parameters = dict(re.findall(r"<tr><th>(.*?)</th><td>(.*?)</td></tr>", page))
    assert assumption_label("census_audit", lang) not in parameters
    assert "census_name" not in visible(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_lists_people_off_the_network_apart_from_the_gaps(runs, lang):
    page = report_html(runs["plain"]["dir"], lang)
    words = visible(page)
    assert text("offnet.title", lang) in words
    sentence = text("offnet.summary", lang, people=str(FAR_PEOPLE), units=1, limit="500")
    assert sentence in words
    (row,) = table_rows(page, "offnet")
    assert row[0] == str(FAR_PEOPLE)
    assert float(row[2].replace(",", "")) == pytest.approx(800, rel=0.02)
    area_rows = dict(re.findall(r"<tr><th>(.*?)</th><td>(.*?)</td></tr>", page))
    assert area_rows[text("area.off_network", lang)] == str(FAR_PEOPLE)


def test_building_layer_notes_reach_the_report(inputs, tmp_path):
    layer = tmp_path / "楼栋.geojson"
    west, south = lonlat(100.0, 20.0)
    east, north = lonlat(120.0, 40.0)
    gpd.GeoDataFrame(
        {"Floor": [12], "用途": ["住宅"]},
        geometry=[shapely.box(west, south, east, north)],
        crs=4326,
    ).to_file(layer, driver="GeoJSON", engine="pyogrio")
    out = tmp_path / "out"
    extra = ("--buildings", str(layer), "--buildings-mode", "replace")
    assert main(cli_args(inputs, out, *extra)) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    stored = summary["assumptions"]["notes"]  # messages as key and fields, text as text
    notes = [Message.from_json(n) if isinstance(n, dict) else n for n in stored]
    read = "楼栋.geojson: 1 buildings; floors from 'Floor'"
    replaced = "1 buildings from 楼栋.geojson replace the 2 OSM ones."
    assert any(str(n).startswith(read) for n in notes), notes
    assert replaced in [str(n) for n in notes]
    words = visible(report_html(out, "zh"))  # the Chinese report says them in Chinese
    assert "楼栋.geojson：1 栋建筑；层数取自 'Floor'" in words
    assert "用 楼栋.geojson 中的 1 栋建筑替换了 OSM 的 2 栋建筑。" in words
    assert read in visible(report_html(out, "en"))


def test_nobody_off_the_network_is_said_too():
    from servicecircle.cli.printing import off_network_line
    from servicecircle.results.schema import OffNetwork

    nobody = OffNetwork(people=0.0, units=0, limit_m=500.0, places=())
    line = off_network_line(nobody)
    assert line == "off the road network: nobody (every demand unit lies within 500 m of a road)"
