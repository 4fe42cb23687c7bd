"""The command line end to end: analyze, site and report on the sample and Liechtenstein."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely

from servicecircle.cli import main
from servicecircle.planning.naming import site_label

ANALYSIS_LAYERS = ("demand", "outlets", "isochrones", "gaps", "units")


def check_analysis(out, *, breaks=("5", "10", "15")):
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    for key in (
        "mode",
        "minutes",
        "network",
        "n_outlets",
        "population_total",
        "population_covered",
        "coverage_share",
        "by_class",
        "gaps",
        "must_cover_uncovered",
    ):
        assert key in summary, key
    assert set(summary["coverage_share"]) == set(breaks)
    assert summary["network"]["nodes"] > 0 and summary["network"]["edges"] > 0
    # classes add up to the total, for every break
    for b in breaks:
        total = sum(c["total"][b] for c in summary["by_class"].values())
        covered = sum(c["covered"][b] for c in summary["by_class"].values())
        assert total == pytest.approx(summary["population_total"], rel=1e-6)
        assert covered == pytest.approx(summary["population_covered"][b], rel=1e-6, abs=0.01)
    shares = [summary["coverage_share"][b] for b in breaks]
    assert shares == sorted(shares)
    layers = {n: gpd.read_file(out / "analysis.gpkg", layer=n) for n in ANALYSIS_LAYERS}
    demand = layers["demand"]
    assert {"class", "people", "minutes_to_nearest"} <= set(demand.columns)
    assert demand["people"].sum() == pytest.approx(summary["population_total"], rel=1e-6)
    assert demand.loc[~demand["reachable"].astype(bool), "minutes_to_nearest"].isna().all()
    iso = layers["isochrones"]
    assert {"minutes", "people"} <= set(iso.columns)
    # every demand unit reached within a break lies inside that break's polygon
    for _, ring in iso.iterrows():
        reached = demand[demand["minutes_to_nearest"] <= ring["minutes"]]
        inside = shapely.covers(ring.geometry, reached.geometry.to_numpy())
        assert inside.all(), f"{(~inside).sum()} units outside the {ring['minutes']} min polygon"
    gaps = [g["people"] for g in summary["gaps"]]
    assert gaps == sorted(gaps, reverse=True)
    return summary, layers


def test_analyze_sample_with_osm_outlets(tmp_path, capsys):
    assert main(["-q", "analyze", "sample", "--outlets", "osm", "--out", str(tmp_path)]) == 0
    summary, layers = check_analysis(tmp_path)
    assert summary["n_outlets"] == len(layers["outlets"]) == 4
    assert "relocation" in summary["by_class"]
    assert "wrote" in capsys.readouterr().out


def test_analyze_with_user_files_and_bad_input(tmp_path, capsys):
    from servicecircle.inputs.sample import sample_dir

    outlets = sample_dir() / "outlets.geojson"
    assert (
        main(
            [
                "-q",
                "analyze",
                "sample",
                "--outlets",
                str(outlets),
                "--minutes",
                "10,20",
                "--mode",
                "bike",
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    summary, _ = check_analysis(tmp_path, breaks=("10", "20"))
    assert summary["mode"] == "bike"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lon,lat\nx,abc,60.17\n", encoding="utf-8")
    assert main(["-q", "analyze", "sample", "--outlets", str(bad), "--out", str(tmp_path)]) == 2
    assert "row" in capsys.readouterr().err
    assert main(["-q", "analyze", "sample", "--minutes", "15,5", "--out", str(tmp_path)]) == 2


def test_site_and_report_on_the_sample(tmp_path, capsys):
    assert (
        main(
            [
                "-q",
                "site",
                "sample",
                "--new",
                "2",
                "--must-cover",
                "relocation",
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    siting = json.loads((tmp_path / "siting.json").read_text(encoding="utf-8"))
    for key in (
        "model",
        "objective",
        "bound",
        "gap",
        "status",
        "chosen",
        "curve",
        "coverage_before",
        "coverage_after",
    ):
        assert key in siting
    assert siting["model"] == "mclp" and len(siting["chosen"]) == 2
    assert siting["bound"] >= siting["objective"] - 1e-6
    assert siting["coverage_after"]["relocation"]["share"] == pytest.approx(1.0)
    for layer in ("chosen", "candidates", "curve"):
        assert len(gpd.read_file(tmp_path / "siting.gpkg", layer=layer)) > 0
    assert main(["-q", "report", str(tmp_path), "--lang", "en", "--format", "html"]) == 0
    html = (tmp_path / "report_en.html").read_text(encoding="utf-8")
    first = siting["chosen"][0]
    assert site_label(first["rank"], first["name"], "en") in html  # New outlet 1 (<street>)
    assert main(["-q", "site", "sample", "--target", "1.5", "--out", str(tmp_path)]) == 2
    assert "more than 0 and at most 1" in capsys.readouterr().err


@pytest.mark.shared_data
def test_analyze_and_site_on_liechtenstein(tmp_path, liechtenstein_pbf):
    path = str(liechtenstein_pbf)
    assert main(["-q", "analyze", path, "--outlets", "osm", "--out", str(tmp_path)]) == 0
    summary, _ = check_analysis(tmp_path)
    assert summary["network"]["nodes"] > 25_000
    assert 20_000 < summary["population_total"] < 60_000
    assert "industrial" in summary["by_class"]
    assert (
        main(
            [
                "-q",
                "site",
                path,
                "--outlets",
                "osm",
                "--new",
                "5",
                "--candidates",
                "osm,auto",
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    siting = json.loads((tmp_path / "siting.json").read_text(encoding="utf-8"))
    assert len(siting["chosen"]) == 5
    assert (
        siting["coverage_after"]["residential"]["covered"]
        > siting["coverage_before"]["residential"]["covered"]
    )


def test_project_collects_scenarios(tmp_path):
    from servicecircle.results.project import compare_scenarios, load_project

    project = tmp_path / "plan.gpkg"
    assert (
        main(
            [
                "-q",
                "analyze",
                "sample",
                "--out",
                str(tmp_path / "a"),
                "--project",
                str(project),
                "--scenario",
                "today",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "-q",
                "site",
                "sample",
                "--new",
                "2",
                "--out",
                str(tmp_path / "b"),
                "--project",
                str(project),
                "--scenario",
                "+2 outlets",
            ]
        )
        == 0
    )
    loaded = load_project(project)
    assert [s.name for s in loaded.scenarios] == ["today", "+2 outlets"]
    assert "chosen" in loaded.scenario("+2 outlets").layers
    table = compare_scenarios(loaded.scenario("today"), loaded.scenario("+2 outlets"))
    assert len(table) > 0
    layers = gpd.list_layers(project)
    assert len(layers) > 5  # standard GeoPackage layers that QGIS lists


def test_outlet_and_candidate_files_are_held_to_the_outlets_limit(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SERVICECIRCLE_MAX_OUTLETS", "20")
    points = gpd.GeoDataFrame(
        {"name": [f"o{i}" for i in range(30)]},
        geometry=[shapely.Point(24.94 + i * 1e-5, 60.17) for i in range(30)],
        crs=4326,
    )
    path = tmp_path / "thirty.geojson"
    points.to_file(path, engine="pyogrio")
    out = str(tmp_path / "out")
    assert main(["-q", "analyze", "sample", "--outlets", str(path), "--out", out]) == 2
    message = capsys.readouterr().err
    assert "30 features" in message and "limit of 20 outlets" in message
    assert "SERVICECIRCLE_MAX_OUTLETS" in message and "Traceback" not in message
    site = ["-q", "site", "sample", "--new", "1", "--candidates", str(path), "--out", out]
    assert main(site) == 2
    assert "SERVICECIRCLE_MAX_OUTLETS" in capsys.readouterr().err


def test_one_layer_of_several_is_chosen_as_file_double_colon_layer(tmp_path, capsys):
    path = tmp_path / "layers.gpkg"
    outlets = gpd.GeoDataFrame(
        {"name": ["a", "b"]},
        geometry=[shapely.Point(24.94, 60.17), shapely.Point(24.95, 60.168)],
        crs=4326,
    )
    outlets.to_file(path, layer="outlets", engine="pyogrio")
    areas = gpd.GeoDataFrame(geometry=shapely.buffer(outlets.geometry.to_numpy(), 0.001), crs=4326)
    areas.to_file(path, layer="areas", engine="pyogrio")
    out = str(tmp_path / "out")
    assert main(["-q", "analyze", "sample", "--outlets", str(path), "--out", out]) == 2
    message = capsys.readouterr().err
    assert "2 layers" in message and "FILE::LAYER" in message and "Traceback" not in message
    assert main(["-q", "analyze", "sample", "--outlets", f"{path}::outlets", "--out", out]) == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["n_outlets"] == 2
