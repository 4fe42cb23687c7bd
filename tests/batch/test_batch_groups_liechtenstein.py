"""``servicecircle batch --groups`` on the Liechtenstein extract, on Dask, against one ``analyze``.

Two communes (Schaan and Vaduz) run as two tasks with a key-groups table of
counts per commune and a row for a commune not in the batch (Triesen). The
summary table's total per group equals one ``analyze --groups`` over the whole
extract with the two communes' rows (the people, the share covered within 15
minutes and the people out of reach), and the command says Triesen's row was
used by no region.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from servicecircle.cli import main

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]

ROWS = "街道,60岁及以上人口,登记失业人员\nSchaan,800,40\nVaduz,900,50\n"


@pytest.fixture(scope="module")
def regions_file(liechtenstein_area, tmp_path_factory):
    from servicecircle.batch.regions import admin_regions

    communes = admin_regions(liechtenstein_area.boundaries)
    chosen = communes[communes["name"].isin(["Schaan", "Vaduz"])]
    assert len(chosen) == 2
    path = tmp_path_factory.mktemp("regions") / "regions.gpkg"
    chosen.rename(columns={"code": "代码", "name": "名称"}).to_file(path, driver="GPKG")
    return path


def test_the_batchs_key_groups_equal_one_analyze(regions_file, liechtenstein_pbf, tmp_path, capsys):
    (tmp_path / "all.csv").write_text(ROWS + "Triesen,300,10\n", "utf-8")
    (tmp_path / "two.csv").write_text(ROWS, "utf-8")
    batch = ["--lang", "en", "-q", "batch", str(regions_file), "--osm", str(liechtenstein_pbf)]
    batch += ["--outlets", "osm", "--groups", str(tmp_path / "all.csv"), "--workers", "2"]
    assert main([*batch, "--dashboard", "none", "--out", str(tmp_path / "batch")]) == 0
    err = capsys.readouterr().err
    assert "all.csv row 4" in err and "no region" in err
    whole = ["-q", "analyze", str(liechtenstein_pbf), "--outlets", "osm", "--no-sensitivity"]
    whole += ["--groups", str(tmp_path / "two.csv"), "--out", str(tmp_path / "whole")]
    assert main(whole) == 0
    record = json.loads((tmp_path / "whole" / "summary.json").read_text("utf-8"))["groups"]
    table = pd.read_csv(tmp_path / "batch" / "regions_summary.csv", encoding="utf-8-sig")
    total = table.iloc[-1]
    for row in record["groups"][1:]:
        said = {
            "aged_60_plus": "residents aged 60+",
            "registered_unemployed": "registered unemployed",
        }
        group = said[row["group"]]
        assert total[f"{group}: people"] == round(row["people"])
        share = round(100.0 * row["covered"]["15"] / row["people"], 2)
        assert total[f"{group}: share within 15 min (%)"] == pytest.approx(share, abs=0.01)
        out = total[f"{group}: people outside every service circle"]
        assert out == round(row["out_of_reach"])
    assert 0 < record["groups"][1]["covered"]["15"] < record["groups"][1]["people"]
