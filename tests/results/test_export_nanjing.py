"""``servicecircle export --crs gk`` on a real Chinese district: Xuanwu, Nanjing (skips without it).

Xuanwu lies at 118.8°E, in the CGCS2000 3-degree zone of CM 120°E (EPSG:4549
without the zone prefix, EPSG:4528 with it as zone 40).
"""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj
import pytest
import shapely

from servicecircle.cli import main
from servicecircle.results.csv_layer import EXCEL_CELL_LIMIT

NANJING = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "nanjing-xuanwu.osm.xml"

pytestmark = pytest.mark.skipif(not NANJING.is_file(), reason="shared Nanjing extract absent")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nanjing_site")
    args = ["-q", "site", str(NANJING), "--outlets", "osm", "--new", "2", "--out", str(out)]
    assert main(args) == 0
    return out


@pytest.mark.parametrize(("crs", "epsg"), [("gk", 4549), ("gk:40", 4528)])
def test_gauss_kruger_export_of_xuanwu(run: Path, tmp_path: Path, crs: str, epsg: int) -> None:
    out = tmp_path / "export"
    args = ["-q", "--lang", "zh", "export", str(run), "--out", str(out), "--crs", crs]
    assert main([*args, "--format", "gpkg,shp,csv"]) == 0
    gaps = pyogrio.read_dataframe(run / "analysis.gpkg", layer="gaps")
    assert len(gaps) > 0
    gpkg = next(out.glob("*.gpkg"))
    back = gpd.read_file(gpkg, layer="覆盖缺口")
    assert pyproj.CRS(back.crs).to_epsg() == epsg
    assert len(back) == len(gaps)
    shp = gpd.read_file(f"zip://{out / 'shp' / 'gaps.shp.zip'}")
    assert pyproj.CRS(shp.crs).to_epsg(min_confidence=70) == epsg
    # the same places: back in WGS-84 within a millimetre-scale tolerance
    again = back.to_crs("EPSG:4326").geometry.to_numpy()
    assert float(np.max(shapely.hausdorff_distance(again, gaps.geometry.to_numpy()))) < 1e-7
    easting = back.geometry.representative_point().x
    if epsg == 4528:
        assert easting.between(40_300_000, 40_700_000).all()  # the zone number in front
    else:
        assert easting.between(300_000, 700_000).all()
    table = pd.read_csv(out / "csv" / "gaps.csv", encoding="utf-8-sig")
    inside = gpd.GeoSeries(
        gpd.points_from_xy(table["代表点 X 坐标（米）"], table["代表点 Y 坐标（米）"]), crs=epsg
    )
    assert inside.to_crs(4326).within(gaps.geometry.buffer(0)).all()
    for path in (out / "csv").glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as stream:
            longest = max(len(cell) for row in csv.reader(stream) for cell in row)
        assert longest <= EXCEL_CELL_LIMIT, path.name
