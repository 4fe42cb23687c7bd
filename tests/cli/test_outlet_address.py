"""An outlets file's address column (地址) is kept as ``address`` in analysis.gpkg."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from servicecircle.cli import main


def test_analysis_keeps_the_planners_addresses(tmp_path):
    csv = tmp_path / "网点.csv"
    rows = [
        "网点名称,网点类型,详细地址,经度,纬度",
        "甲站,社区服务窗口,中山路1号,24.940,60.168",
        "乙站,零工市场,,24.948,60.174",
        "丙站,就业驿站,人民路9号,24.945,60.170",
    ]
    csv.write_bytes("\r\n".join(rows).encode("gbk"))
    out = tmp_path / "out"
    assert main(["-q", "analyze", "sample", "--outlets", str(csv), "--out", str(out)]) == 0
    outlets = gpd.read_file(out / "analysis.gpkg", layer="outlets")
    by_name = dict(zip(outlets["name"], outlets["address"], strict=True))
    assert by_name["甲站"] == "中山路1号" and by_name["丙站"] == "人民路9号"
    assert pd.isna(by_name["乙站"]) or by_name["乙站"] == ""
    assert outlets.set_index("name").loc["乙站", "outlet_type"] == "gig_market"
