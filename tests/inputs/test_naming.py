"""The study area's name (from the boundary, the place or the file; --name) and no server path
in any output: summary.json, the GeoPackages, the report (HTML and PDF), the map, the project."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from servicecircle.cli import main
from servicecircle.inputs import study_area_from
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.naming import (
    SAMPLE_NAME,
    clean_name,
    default_name,
    name_from_boundaries,
    name_of_outline,
    named,
    public_source,
    public_value,
    shown_name,
    stem_name,
)
from servicecircle.results.project import load_project

REPO = Path(__file__).resolve().parents[2]
VADUZ = REPO / "tests" / "data" / "vaduz.osm"
SECRET = "SECRETDIR_q7x"  # a folder name no output may hold

# ----------------------------------------------------------------------------- pure rules


def test_public_source_keeps_the_kind_and_the_base_name_only() -> None:
    assert public_source("pbf:/srv/extracts/xuanwu.osm.pbf") == "pbf:xuanwu.osm.pbf"
    assert public_source("xml:C:\\Users\\王\\map.osm") == "xml:map.osm"
    assert public_source("polygon:/home/u/towns.gpkg") == "polygon:towns.gpkg"
    assert public_source("extract:南京市玄武区") == "extract:南京市玄武区"
    assert public_source("/var/tmp/x/map.osm") == "map.osm"
    for kept in ("sample", "place:Vaduz, Liechtenstein", "bbox:9.5,47.1,9.6,47.2"):
        assert public_source(kept) == kept
    assert public_value("osm,/a/b/sites.csv") == "osm,sites.csv"
    assert public_value("/a/b/units.gpkg::towns") == "units.gpkg::towns"
    assert public_value(15.0) == 15.0


def test_clean_name_is_one_short_line_of_text() -> None:
    assert clean_name("  玄武区\n\t 2024\u202e ") == "玄武区 2024"
    assert len(clean_name("区" * 500)) == 60
    assert clean_name(None) == "" and clean_name(float("nan")) == "nan"
    assert stem_name("pbf:/x/Nanjing.OSM.PBF") == "Nanjing" and stem_name("a.osm.bz2") == "a"


def _boundaries(rows: list[tuple[str | None, shapely.Geometry]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": [r[0] for r in rows], "name_zh": [None] * len(rows), "admin_level": 6},
        geometry=[r[1] for r in rows],
        crs=WGS84,
    )


def test_the_largest_boundary_an_extract_was_cut_around_names_it() -> None:
    extent = shapely.box(0, 0, 10, 10)
    layer = _boundaries(
        [
            ("玄武区", shapely.box(1, 1, 9, 9)),  # the county, inside the extract's box
            ("玄武门街道", shapely.box(1, 1, 4, 4)),  # a street inside it: smaller
            ("南京市", shapely.box(-50, -50, 50, 50)),  # holds the extract, but a county fills it
            (None, shapely.box(0, 0, 10, 10)),  # nameless: never a name
        ]
    )
    assert name_from_boundaries(layer, extent) == "玄武区"


def test_an_extract_cut_inside_one_district_is_named_after_it() -> None:
    extent = shapely.box(0, 0, 1, 1)
    layer = _boundaries(
        [
            ("南京市", shapely.box(-50, -50, 50, 50)),
            ("玄武区", shapely.box(-2, -2, 3, 3)),
            ("小村", shapely.box(0.1, 0.1, 0.2, 0.2)),  # too small a part to name the extract
        ]
    )
    assert name_from_boundaries(layer, extent) == "玄武区"
    assert name_from_boundaries(layer.iloc[[2]], extent) is None
    assert name_from_boundaries(layer.iloc[0:0], extent) is None


def test_an_outline_names_by_its_name_column() -> None:
    none = [None, None]
    assert name_of_outline(gpd.GeoDataFrame({"名称": ["梅园新村街道", ""]}, geometry=none)) == (
        "梅园新村街道"
    )
    two = gpd.GeoDataFrame({"NAME": ["玄武门街道", "梅园新村街道"]}, geometry=none)
    assert name_of_outline(two) == "玄武门街道、梅园新村街道"
    assert name_of_outline(gpd.GeoDataFrame({"id": [1, 2]}, geometry=none)) is None


def test_the_sample_and_files_get_names_a_planner_knows() -> None:
    sample = study_area_from("sample")
    assert sample.name == SAMPLE_NAME and sample.source == "sample"
    assert shown_name(sample.name, "en") == "Central Helsinki (sample)"
    vaduz = study_area_from(VADUZ)  # no admin boundary inside: the file's name
    assert vaduz.name == "vaduz" and vaduz.source == "xml:vaduz.osm"
    assert named(vaduz, "  瓦杜兹\n中心 ").name == "瓦杜兹 中心"
    assert named(vaduz, "  ").name == "vaduz"
    assert named(vaduz, "瓦杜兹").key == vaduz.key  # the name changes no layer
    outline = gpd.GeoDataFrame({"名称": ["瓦杜兹中心"]}, geometry=[shapely.box(0, 0, 1, 1)])
    assert default_name(vaduz, outline=outline) == "瓦杜兹中心"


@pytest.mark.shared_data
def test_a_country_extract_is_named_after_its_country(liechtenstein_pbf: Path) -> None:
    area = study_area_from(liechtenstein_pbf)
    assert area.name == "Liechtenstein"
    assert area.source == f"pbf:{liechtenstein_pbf.name}"


# ----------------------------------------------------------------------------- no server path


def _text_of_gpkg(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return "\n".join(db.iterdump())


def _pdf_text(path: Path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    done = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, timeout=120
    )
    return done.stdout.decode("utf-8")


def _outputs_text(files: list[Path]) -> dict[str, str]:
    """Every output file as text: JSON and HTML as they are, GeoPackages dumped, PDF as text."""
    out: dict[str, str] = {}
    for path in files:
        raw = path.read_bytes()
        out[f"{path.name} (bytes)"] = raw.decode("utf-8", errors="replace")
        if path.suffix == ".gpkg":
            out[path.name] = _text_of_gpkg(path)
        elif path.suffix == ".pdf":
            text = _pdf_text(path)
            if text is not None:
                out[path.name] = text
    return out


def test_no_server_folder_in_any_output_and_the_name_in_every_title(tmp_path: Path) -> None:
    """A run on a file in a distinctive folder: no output holds the folder's name."""
    folder = tmp_path / SECRET
    folder.mkdir()
    extract = folder / "map.osm"
    shutil.copyfile(VADUZ, extract)
    outline = folder / "outline.geojson"
    gpd.GeoDataFrame(
        {"名称": ["瓦杜兹中心"]}, geometry=[shapely.box(9.515, 47.133, 9.530, 47.145)], crs=4326
    ).to_file(outline, driver="GeoJSON")
    out, project = folder / "out", folder / "plan.gpkg"
    common = ["-q", "site", str(extract), "--boundary", str(outline), "--outlets", "osm"]
    assert main([*common, "--new", "1", "--out", str(out), "--project", str(project)]) == 0
    assert main(["-q", "report", str(out), "--format", "html,pdf"]) == 0
    assert main(["-q", "report", str(out), "--format", "html", "--lang", "en"]) == 0
    web_map = folder / "map_zh.html"
    assert main(["-q", "map", str(out), "--out", str(web_map)]) == 0
    files = [*sorted(out.iterdir()), project, web_map]
    assert {p.name for p in files} >= {
        "summary.json",
        "siting.json",
        "analysis.gpkg",
        "siting.gpkg",
        "report_zh.html",
        "report_zh.pdf",
        "report_en.html",
    }
    texts = _outputs_text(files)
    leaks = [name for name, text in texts.items() if SECRET in text or str(tmp_path) in text]
    assert not leaks, leaks
    # the outline's name is the study area's name, everywhere a title is
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["study_area"]["name"] == "瓦杜兹中心"
    assert summary["study_area"]["source"] == "xml:map.osm"
    assert "瓦杜兹中心15分钟就业服务圈" in texts["report_zh.html (bytes)"]
    if "report_zh.pdf" in texts:
        assert "瓦杜兹中心" in texts["report_zh.pdf"]
    assert "<title>瓦杜兹中心" in texts["map_zh.html (bytes)"]
    with sqlite3.connect(out / "analysis.gpkg") as db:
        described = dict(db.execute("SELECT table_name, identifier FROM gpkg_contents"))
    assert described["gaps"] == "瓦杜兹中心 · gaps"
    # the project records the run's files by their names, and the area by its name
    saved = load_project(project)
    assert saved.name == "瓦杜兹中心" and saved.settings["source"] == "xml:map.osm"
    (scenario,) = saved.scenarios
    assert scenario.parameters["area"] == "map.osm"
    assert scenario.parameters["boundary"] == "outline.geojson"
    assert scenario.parameters["out"] == "out"


def test_the_name_option_names_the_run_and_is_text(tmp_path: Path) -> None:
    out, project = tmp_path / "out", tmp_path / "plan.gpkg"
    name = "玄武区 <script>alert(1)</script> 1/2"
    run = ["-q", "analyze", str(VADUZ), "--outlets", "osm", "--name", name, "--out", str(out)]
    assert main([*run, "--project", str(project)]) == 0
    assert main(["-q", "report", str(out), "--format", "html"]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["study_area"]["name"] == name
    html = (out / "report_zh.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert "玄武区 &lt;script&gt;alert(1)&lt;/script&gt; 1/215分钟" in html
    (scenario,) = load_project(project).scenarios
    assert scenario.parameters["name"] == name  # a name is kept whole, even with a slash
