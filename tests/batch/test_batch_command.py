"""``servicecircle batch`` on the Liechtenstein extract: a LocalCluster of 2 worker processes.

Two communes (Schaan and Vaduz, read from a regions file with Chinese column
names) and a region outside the extract run as three tasks. The gathered
coverage of every demand unit equals one ``analyze`` over the whole extract;
the region outside fails with its error while the others finish; a rerun
skips the two regions done and runs only the failed one again.
"""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from servicecircle.cli import main
from servicecircle.results.field_names import describe, field_name, layer_name

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]

COMMUNES = ("Schaan", "Vaduz")


@pytest.fixture(scope="module")
def regions_file(liechtenstein_area, tmp_path_factory):
    from servicecircle.batch.regions import admin_regions

    communes = admin_regions(liechtenstein_area.boundaries)
    chosen = communes[communes["name"].isin(COMMUNES)].sort_values("name")
    assert len(chosen) == len(COMMUNES)
    outside = gpd.GeoDataFrame(  # open sea off West Africa: no road, no building
        {"code": ["far"], "name": ["海上"]}, geometry=[shapely.box(-20.0, 10.0, -19.9, 10.1)]
    )
    regions = pd.concat([chosen, outside.set_crs(chosen.crs)], ignore_index=True)
    path = tmp_path_factory.mktemp("regions") / "regions.gpkg"
    regions.rename(columns={"code": "代码", "name": "名称"}).to_file(path, driver="GPKG")
    return path, list(chosen["code"])


def _batch(regions, pbf, out) -> int:
    return main(
        [
            "-q",
            "--lang",
            "en",
            "batch",
            str(regions),
            "--osm",
            str(pbf),
            "--outlets",
            "osm",
            "--workers",
            "2",
            "--worker-memory",
            "1500",
            "--dashboard",
            "none",
            "--out",
            str(out),
        ]
    )


def _by_point(frame: pd.DataFrame) -> pd.DataFrame:
    keys = list(zip(frame.geometry.x.round(7), frame.geometry.y.round(7), strict=True))
    return pd.DataFrame(frame.drop(columns="geometry")).set_index(pd.Index(keys))


def test_batch_equals_one_analyze_fails_alone_and_resumes(
    regions_file, liechtenstein_pbf, tmp_path, capsys
):
    regions, codes = regions_file
    whole = tmp_path / "whole"
    args = ["-q", "analyze", str(liechtenstein_pbf), "--outlets", "osm", "--no-sensitivity"]
    assert main([*args, "--out", str(whole)]) == 0
    out = tmp_path / "batch"
    capsys.readouterr()

    assert _batch(regions, liechtenstein_pbf, out) == 1  # the region outside failed
    said = capsys.readouterr()
    assert "3 regions: 2 done now, 0 done before, 1 failed" in said.out
    assert re.search(r"Region far \(海上\) failed: \S", said.err)
    assert "memory limit 1,500 MB per process" in said.out

    gathered = pyogrio.read_dataframe(out / "regions.gpkg", layer=layer_name("demand", "en"))
    code = gathered["Region code"].astype(str)
    assert set(code) == set(codes)
    one = _by_point(pyogrio.read_dataframe(whole / "analysis.gpkg", layer="demand"))
    batch = _by_point(gathered)
    assert batch.index.is_unique
    # every unit of the two communes, once, with the coverage one run over the whole extract gives
    inside = one[one["township"].isin(COMMUNES)]
    assert set(batch.index) == set(inside.index)
    for column in ("covered_5", "covered_10", "covered_15", "covered"):
        shown = field_name(describe("demand", column, "bool"), "en")
        assert (batch[shown].astype(bool) == inside.loc[batch.index, column].astype(bool)).all()
    assert inside["covered_15"].any() and not inside["covered_15"].all()
    minutes = batch[field_name(describe("demand", "minutes_to_nearest"), "en")].astype(float)
    expected = inside.loc[batch.index, "minutes_to_nearest"].astype(float).round(2)
    np.testing.assert_allclose(minutes.fillna(-1), expected.fillna(-1), atol=0.006)

    table = pd.read_csv(
        out / "regions_summary.csv", encoding="utf-8-sig", dtype={"Region code": str}
    )
    rows = table.set_index("Region code")
    assert list(rows.loc[[*codes, "far"], "Status"]) == ["done", "done", "failed"]
    assert isinstance(rows.loc["far", "Error"], str) and rows.loc["far", "Error"]
    people = inside.groupby("township")["people"].sum()
    for commune_code, name in zip(codes, COMMUNES, strict=True):
        assert rows.loc[commune_code, "People"] == pytest.approx(people[name], abs=1)
        covered = inside.loc[inside["township"] == name]
        share = 100 * covered.loc[covered["covered_15"], "people"].sum() / people[name]
        assert rows.loc[commune_code, "Share within 15 min (%)"] == pytest.approx(share, abs=0.01)
    from openpyxl import load_workbook

    for commune_code, name in zip(codes, COMMUNES, strict=True):  # each region's handover book
        book = load_workbook(out / "regions" / commune_code / f"{name}_workbook.xlsx")
        assert {"Summary", "Streets", "Gaps"} <= set(book.sheetnames)
    markers = {c: (out / "regions" / c / "done.json").stat().st_mtime_ns for c in codes}

    assert _batch(regions, liechtenstein_pbf, out) == 1
    again = capsys.readouterr()
    assert "3 regions: 0 done now, 2 done before, 1 failed" in again.out
    assert {c: (out / "regions" / c / "done.json").stat().st_mtime_ns for c in codes} == markers
    regathered = pyogrio.read_dataframe(out / "regions.gpkg", layer=layer_name("demand", "en"))
    assert len(regathered) == len(gathered)
