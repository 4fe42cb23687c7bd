"""Print maps: paper size, greyscale-distinct symbols, labelled units, roads, one page per site.

The PNG renderings are kept in ``test-artifacts/print_maps/`` (git-ignored) for
a person to look at.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

import geopandas as gpd
import pyproj
import pytest
import shapely
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.text import Text

from servicecircle.cli import main
from servicecircle.errors import InputDataError
from servicecircle.i18n import t
from servicecircle.i18n.message import say
from servicecircle.maps.print_layers import legend_markers
from servicecircle.maps.print_map import (
    UNIT_MARGIN,
    after_plan_map,
    gaps_print_map,
    map_pdf,
    map_png,
    overview_map,
    site_area_map,
    today_map,
    township_focus,
    township_names,
    unit_map,
)
from servicecircle.maps.print_page import PAPER_MM, page_inches
from servicecircle.maps.print_set import print_formats, write_print_maps
from servicecircle.results.bundle import Results
from servicecircle.results.folder import read_results
from tests.maps.print_run import COMMUNITIES, LANE, MAIN_ROAD, TOWNSHIPS, print_run
from tests.report.real_outputs import SAMPLE_SITE, cli_outputs

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "print_maps"
NANJING = REPO.parent / "shared" / "data" / "nanjing-xuanwu.osm.xml"

FILLED_SQUARE = ("s", True)
STAR = ("*", True)
OPEN_TRIANGLE = ("^", False)
FILLED_CIRCLE = ("o", True)
OPEN_CIRCLE = ("o", False)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _map_texts(fig: Figure) -> list[str]:
    return [text.get_text() for text in fig.axes[0].findobj(Text)]


def _legend(fig: Figure) -> list[object]:
    legend = fig.axes[1].get_legend()
    assert legend is not None
    return list(legend.legend_handles)


def _keep(fig: Figure, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.png").write_bytes(map_png(fig, dpi=110))


@pytest.mark.parametrize(("size", "dpi"), [("A4", 100), ("A3", 60)])
def test_a_page_has_the_landscape_paper_size_at_the_dpi(size: str, dpi: int) -> None:
    fig = overview_map(print_run().results, "zh", size)
    width_mm, height_mm = PAPER_MM[size]
    assert width_mm > height_mm  # landscape
    width, height = _png_size(map_png(fig, dpi=dpi))
    assert abs(width - width_mm / 25.4 * dpi) <= 1
    assert abs(height - height_mm / 25.4 * dpi) <= 1
    pdf = map_pdf(fig)
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box is not None
    inches = page_inches(size)
    assert float(box.group(1)) == pytest.approx(inches[0] * 72, abs=0.5)
    assert float(box.group(2)) == pytest.approx(inches[1] * 72, abs=0.5)


def test_labels_grow_with_the_paper() -> None:
    def size_of(fig: Figure, label: str) -> float:
        return next(x.get_fontsize() for x in fig.axes[0].texts if x.get_text() == label)

    run = print_run().results
    a4, a3 = overview_map(run, "zh", "A4"), overview_map(run, "zh", "A3")
    for label in (MAIN_ROAD, "东街道", "东北社区"):
        assert size_of(a3, label) > 1.2 * size_of(a4, label)


def test_symbols_differ_in_shape_or_fill_not_only_colour() -> None:
    run = print_run().results
    rows: dict[str, tuple[str, bool]] = {}
    for fig in (after_plan_map(run, "zh"), gaps_print_map(run, "zh")):
        handles = [h for h in _legend(fig) if legend_markers([h])]
        rows.update(zip((h.get_label() for h in handles), legend_markers(handles), strict=True))
    shapes = list(rows.values())
    assert {FILLED_SQUARE, STAR, OPEN_TRIANGLE, FILLED_CIRCLE, OPEN_CIRCLE} <= set(shapes)
    assert len(shapes) == len(set(shapes)), f"two legend rows share a shape and fill: {rows}"


def test_the_gaps_page_shows_every_gap_whole() -> None:
    run = print_run()
    fig = gaps_print_map(run.results, "zh")
    x0, y0, x1, y1 = run.results.layers["gaps"].to_crs(run.area.local_crs()).total_bounds
    (left, right), (bottom, top) = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
    assert left <= x0 and x1 <= right and bottom <= y0 and y1 <= top
    ranks = [text.get_text() for text in fig.axes[0].texts]
    assert {str(rank) for rank in run.results.layers["gaps"]["rank"]} <= set(ranks)
    _keep(fig, "gaps_zh")


def test_units_are_labelled_and_roads_drawn_with_names() -> None:
    run = print_run().results
    fig = overview_map(run, "zh")
    texts = _map_texts(fig)
    for name in [*TOWNSHIPS, *COMMUNITIES]:
        assert name in texts, f"unit {name} is not labelled"
    assert MAIN_ROAD in texts and LANE in texts
    widths = {
        float(width)
        for collection in fig.axes[0].findobj(LineCollection)
        for width in collection.get_linewidths()
    }
    assert max(widths) >= 2 * min(widths)  # main roads drawn thicker than local streets
    assert t("map.north", "zh") in texts
    area = run.coverage.study_area.name
    assert t("print.title.overview", "zh", area=area) in [text.get_text() for text in fig.texts]
    _keep(fig, "overview_zh")


def test_a_site_page_shows_its_service_area_and_its_name() -> None:
    run = print_run()
    chosen = run.results.layers["chosen_areas"]
    site = run.plan.chosen.iloc[0]
    fig = site_area_map(run.results, int(site["rank"]), "zh")
    title = " ".join(text.get_text() for text in fig.texts)
    assert str(site["name"]) in title and f"新增网点 {int(site['rank'])}" in title
    ax = fig.axes[0]
    area = chosen[chosen["rank"] == site["rank"]].to_crs(run.area.local_crs())
    x0, y0, x1, y1 = area.total_bounds
    (left, right), (bottom, top) = ax.get_xlim(), ax.get_ylim()
    assert left <= x0 and x1 <= right and bottom <= y0 and y1 <= top
    assert (right - left) < 2.5 * max(x1 - x0, y1 - y0) * (297 / 210)  # zoomed in, not the area
    _keep(fig, "site_1_zh")
    with pytest.raises(InputDataError) as error:
        site_area_map(run.results, 99, "zh")
    assert "99" in say(error.value, "zh") and "2" in say(error.value, "zh")


def test_older_outputs_without_the_new_layers_still_map() -> None:
    """A folder written before ``roads`` and ``chosen_areas``: the site page centres on the site."""
    run = print_run()
    old = {k: v for k, v in run.results.layers.items() if k not in ("roads", "chosen_areas")}
    results = Results(coverage=run.results.coverage, siting=run.results.siting, layers=old)
    fig = site_area_map(results, 2, "en")
    site = run.plan.chosen[run.plan.chosen["rank"] == 2].to_crs(run.area.local_crs())
    x, y = site.geometry.iloc[0].x, site.geometry.iloc[0].y
    (left, right), (bottom, top) = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
    assert left < x < right and bottom < y < top
    assert abs((left + right) / 2 - x) < 1.0 and abs((bottom + top) / 2 - y) < 1.0
    notes = " ".join(text.get_text() for text in fig.axes[1].texts).replace("\n", " ")
    assert "OpenStreetMap roads" not in notes  # no roads drawn, none claimed
    assert "OpenStreetMap roads" in " ".join(
        text.get_text() for text in site_area_map(run.results, 2, "en").axes[1].texts
    ).replace("\n", " ")


def test_a_township_page_labels_its_communities() -> None:
    run = print_run().results
    fig = unit_map(run, "东街道", "zh")
    texts = _map_texts(fig)
    assert "东北社区" in texts and "东南社区" in texts
    _keep(fig, "unit_east_zh")
    with pytest.raises(InputDataError) as error:
        unit_map(run, "南街道", "zh")
    said = say(error.value, "zh")
    assert "南街道" in said and "东街道" in said and "西街道" in said


def test_maps_without_a_plan_refuse_the_after_plan_page() -> None:
    run = print_run().results
    without = Results(coverage=run.coverage, siting=None, layers=dict(run.layers))
    with pytest.raises(InputDataError):
        after_plan_map(without, "en")
    today = today_map(without, "en")
    assert legend_markers(_legend(today)).count(FILLED_SQUARE) == 1


def test_the_set_of_print_maps_is_written_in_both_formats(tmp_path: Path) -> None:
    run = print_run()
    paths = write_print_maps(run.results, tmp_path, lang="en", size="A4", formats=("png",), dpi=40)
    names = [path.name for path in paths]
    assert names[0] == "01_overview.png"
    sites = [name for name in names if "new_outlet" in name]
    assert len(sites) == len(run.plan.chosen)
    assert all(path.read_bytes().startswith(b"\x89PNG") for path in paths)
    assert print_formats("PNG, pdf") == ("png", "pdf")
    with pytest.raises(InputDataError):
        print_formats("svg")
    with pytest.raises(InputDataError):
        overview_map(run.results, "zh", "A5")


def test_the_command_line_writes_the_print_maps_of_a_folder(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    folder = cli_outputs(tmp_path_factory, SAMPLE_SITE)
    target = tmp_path / "print"
    argv = ["-q", "map", str(folder), "--print", "A3", "--format", "pdf", "--out", str(target)]
    assert main([*argv, "--lang", "zh"]) == 0
    siting = read_results(folder).siting
    assert siting is not None
    files = sorted(path.name for path in target.iterdir())
    townships = township_names(read_results(folder).layers.get("units"))
    assert townships  # the sample has streets: one page each
    assert len(files) == 4 + len(siting.chosen) + len(townships)
    assert all(name.endswith(".pdf") for name in files)
    assert files[0] == f"01_{t('print.file.overview', 'zh')}.pdf"
    a3 = [f"{v * 72 / 25.4:.0f}" for v in PAPER_MM["A3"]]
    for name in files:
        box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)", (target / name).read_bytes())
        assert box is not None and [f"{float(v):.0f}" for v in box.groups()] == a3
    assert main([*argv, "--format", "svg"]) != 0


@pytest.mark.skipif(not NANJING.is_file(), reason="the shared Nanjing extract is absent")
def test_a_real_district_gets_roads_names_and_site_pages(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Part of Xuanwu district, Nanjing (OSM, no admin boundaries): roads carry the map."""
    folder = cli_outputs(tmp_path_factory, ("site", str(NANJING), "--outlets", "osm", "--new", "3"))
    results = read_results(folder)
    roads = results.layers["roads"]
    assert len(roads) < 400  # about 800 segments in, one row per named road
    assert {"中山路", "汉中路"} <= set(roads["name"].dropna())
    overview = overview_map(results, "zh")
    texts = _map_texts(overview)
    assert sum(name in texts for name in roads["name"].dropna().unique()) >= 5
    _keep(overview, "nanjing_overview_zh")
    _keep(after_plan_map(results, "zh"), "nanjing_after_zh")
    _keep(site_area_map(results, 1, "zh"), "nanjing_site_1_zh")
    _keep(gaps_print_map(results, "en", "A3"), "nanjing_gaps_en_a3")


def _township_with_exclave(people_there: float) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """A 1 km township with a detached part 8 km east, and demand in both (metres, UTM 32N)."""
    main_part = shapely.box(0, 0, 1000, 1000)
    exclave = shapely.box(8000, 4000, 8500, 4500)
    shape = gpd.GeoDataFrame(
        {"name": ["Schaan"], "level": ["township"]},
        geometry=[shapely.MultiPolygon([main_part, exclave])],
        crs="EPSG:32632",
    )
    demand = gpd.GeoDataFrame(
        {"people": [1000.0, people_there]},
        geometry=[shapely.Point(500, 500), shapely.Point(8200, 4200)],
        crs="EPSG:32632",
    )
    return shape.to_crs(4326), demand.to_crs(4326)


def _width_m(bounds: tuple[float, float, float, float]) -> float:
    west, south, east, north = bounds
    to_m = pyproj.Transformer.from_crs(4326, 32632, always_xy=True)
    (x0, x1), _ = to_m.transform([west, east], [south, south])
    return float(x1 - x0)


def test_a_township_is_fitted_to_where_its_people_live() -> None:
    shape, demand = _township_with_exclave(people_there=2.0)
    bounds, left_out = township_focus(shape, demand)
    assert 1000 < _width_m(bounds) < 1000 * (1 + 2 * UNIT_MARGIN) + 5  # not both parts' 8.5 km
    assert left_out == 2.0
    shape, demand = _township_with_exclave(people_there=200.0)  # 200 of 1,200: on the map
    bounds, left_out = township_focus(shape, demand)
    assert _width_m(bounds) > 8500 and left_out == 0.0
    bounds, left_out = township_focus(shape, None)  # no demand: the largest part
    assert 1000 < _width_m(bounds) < 1100 and left_out == 0.0


def _legend_points(fig: Figure) -> list[float]:
    legend = fig.axes[1].get_legend()
    return [text.get_fontsize() for text in legend.get_texts()]


def test_a_township_page_shrunk_onto_a_street_pack_prints_its_legend_at_8_points() -> None:
    run = print_run().results
    # a street pack holds the landscape A4 map 112 mm high: 158 mm wide, a 0.53 shrink
    printed_mm = 112 * 297 / 210
    shrink = printed_mm / 297
    plain = unit_map(run, "东街道", "zh")
    assert max(_legend_points(plain)) * shrink < 5.5  # what the planner saw on the pack
    fig = unit_map(run, "东街道", "zh", print_width_mm=printed_mm)
    assert min(_legend_points(fig)) * shrink == pytest.approx(8.0)
    labels = {t.get_text(): t.get_fontsize() for t in fig.axes[0].texts}
    before = {t.get_text(): t.get_fontsize() for t in plain.axes[0].texts}
    assert labels["东北社区"] * shrink == pytest.approx(before["东北社区"])
    assert "东北社区" in _map_texts(fig)
    _keep(fig, "unit_east_for_street_pack_zh")


def test_a_portrait_township_page_has_the_legend_under_the_map() -> None:
    run = print_run().results
    fig = unit_map(run, "东街道", "zh", portrait=True)
    width, height = fig.get_size_inches()
    assert (round(width * 25.4), round(height * 25.4)) == (210, 297)
    map_box, legend_box = (axes.get_position() for axes in fig.axes[:2])
    assert legend_box.y1 < map_box.y0  # under the map, two columns
    assert min(_legend_points(fig)) >= 10.0
    assert "东北社区" in _map_texts(fig)
    _keep(fig, "unit_east_portrait_zh")
