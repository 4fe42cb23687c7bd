"""The command line's top-down inputs on the sample: --census, --population-grid, --buildings."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely

from servicecircle.cli import main

# the sample's boundaries (Helsinki; names are their name_zh)
WEST, EAST = "示例街道西", "示例街道东"


def analyze(tmp_path, *options):
    out = tmp_path / "out"
    status = main(["-q", "analyze", "sample", "--out", str(out), *options])
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8")) if status == 0 else {}
    return status, summary, out


def test_a_gbk_census_table_scales_the_sample_and_prints_the_audit(tmp_path, capsys):
    table = tmp_path / "人口.csv"
    rows = ["街道,社区,常住人口,户籍人口", f"{WEST},西南社区,5000,4000", f"{EAST},,8000,7000"]
    table.write_bytes("\r\n".join(rows).encode("gbk"))
    status, summary, out = analyze(tmp_path, "--census", str(table))
    assert status == 0
    demand = summary["assumptions"]["demand"]
    audit = {row["census_name"]: row for row in demand["census_audit"] if row["census_name"]}
    assert audit[f"{WEST}/西南社区"]["status"] == "scaled"
    assert audit[f"{EAST}"]["census"] == 8000
    units = gpd.read_file(out / "analysis.gpkg", layer="demand")
    residents = units[units["class"] == "residential"]
    southwest = residents[(residents["township"] == WEST) & (residents["community"] == "西南社区")]
    assert southwest["people"].sum() == pytest.approx(5000)
    assert residents.loc[residents["township"] == EAST, "people"].sum() == pytest.approx(8000)
    printed = capsys.readouterr().out
    assert "census totals (estimate -> census, ratio):" in printed
    assert f"{WEST}/西南社区: " in printed and "-> 5,000" in printed


def test_a_census_table_that_cannot_be_read_is_a_message(tmp_path, capsys):
    table = tmp_path / "c.xls"
    table.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    status, _, _ = analyze(tmp_path, "--census", str(table))
    assert status == 2
    assert "save it as .xlsx" in capsys.readouterr().err


def test_a_population_grid_on_the_sample(tmp_path):
    rasterio = pytest.importorskip("rasterio")
    from rasterio.transform import from_origin

    path = tmp_path / "pop.tif"
    values = np.full((40, 60), 30.0, dtype="float32")  # 0.0005° cells over the sample
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=60,
        height=40,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=from_origin(24.930, 60.182, 0.0005, 0.0005),
        nodata=-1,
    ) as target:
        target.write(values, 1)
    status, summary, out = analyze(tmp_path, "--population-grid", str(path))
    assert status == 0
    grid = summary["assumptions"]["demand"]["population_grid"]
    assert grid["source"] == "pop.tif" and grid["grid_people"] > 0
    units = gpd.read_file(out / "analysis.gpkg", layer="demand")
    residents = units[units["class"] == "residential"]
    assert residents["people"].sum() == pytest.approx(grid["grid_people"], rel=1e-6)


def test_a_grid_that_is_not_a_tiff_is_a_message(tmp_path, capsys):
    path = tmp_path / "pop.tif"
    path.write_text("<VRTDataset></VRTDataset>")
    status, _, _ = analyze(tmp_path, "--population-grid", str(path))
    assert status == 2
    assert "not a GeoTIFF" in capsys.readouterr().err


def test_a_building_layer_replaces_the_osm_buildings(tmp_path):
    path = tmp_path / "楼栋.geojson"
    centre = shapely.Point(24.945964, 60.178193)  # inside residential land use
    block = centre.buffer(0.0002, cap_style="square")  # about 22 × 44 m
    gpd.GeoDataFrame({"Floor": [12], "用途": ["住宅"]}, geometry=[block], crs="EPSG:4326").to_file(
        path, driver="GeoJSON", engine="pyogrio"
    )
    status, summary, out = analyze(
        tmp_path, "--buildings", str(path), "--buildings-mode", "replace"
    )
    assert status == 0
    units = gpd.read_file(out / "analysis.gpkg", layer="demand")
    from_buildings = units[(units["class"] == "residential") & (units["source"] == "building")]
    assert len(from_buildings) == 1
    assert from_buildings["people"].iloc[0] > 0
