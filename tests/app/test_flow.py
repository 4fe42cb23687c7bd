"""The whole job in one session: sample -> coverage -> siting -> export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from tests.app.conftest import texts


def test_sample_to_coverage_to_siting_to_export(
    app: AppTest, downloads: dict[str, Callable[[], bytes]], tmp_path: Path
) -> None:
    # 1 study area: the sample
    app.button(key="study.load").click().run()
    assert not app.exception and not app.error, texts(app.error)

    # 4 coverage with the default demand and the sample's outlets
    app.switch_page("app_pages/coverage.py").run()
    assert not app.exception and not app.error, texts(app.error)
    coverage = app.session_state["result.coverage"]
    assert len(coverage.gaps) > 0

    # 5 siting: three new community windows from OSM premises and generated sites
    app.switch_page("app_pages/siting.py").run()
    app.button(key="siting.run").click().run()
    assert not app.exception and not app.error, texts(app.error)
    plan = app.session_state["result.siting"]
    # three sites asked for; one that adds nobody within its standard is not recommended
    assert len(plan.chosen) + plan.dropped == 3 and len(plan.chosen) >= 1
    assert plan.result.share_after > plan.result.share_before
    shown = app.dataframe[0].value  # the build order, as the planner sees it
    # each new outlet by its build order and the place it stands at: 新增网点 1（花径路）
    places = [n if isinstance(n, str) and n else "" for n in plan.chosen["name"]]
    expected = [
        f"新增网点 {rank}" + (f"（{place}）" if place else "")
        for rank, place in zip(plan.chosen["rank"], places, strict=True)
    ]
    assert list(shown[t("field.name", "zh")]) == expected

    # 6 export: the recommended sites as GeoPackage reopen with geopandas
    app.switch_page("app_pages/report.py").run()
    assert not app.exception and not app.error, texts(app.error)
    assert t("report.layer.chosen", "zh") in app.selectbox(key="report.layer").options
    app.selectbox(key="report.layer").set_value("chosen").run()
    app.radio(key="report.format").set_value("gpkg").run()
    (name,) = [n for n in downloads if n.endswith("_chosen.gpkg")]
    path = tmp_path / name
    path.write_bytes(downloads[name]())
    chosen = gpd.read_file(path)  # Chinese field names, as servicecircle export writes them
    assert list(chosen["序号"]) == list(range(1, len(plan.chosen) + 1))
    assert list(chosen["名称"]) == list(plan.chosen["name"])
    assert chosen.crs.to_epsg() == 4326
    assert chosen.geometry.geom_equals_exact(plan.chosen.geometry, tolerance=1e-9).all()

    # the siting results are in the report too
    app.radio(key="report.section").set_value("report").run()
    app.multiselect(key="report.report_formats").set_value(["html"]).run()
    app.button(key="report.report_build").click().run()
    assert not app.exception and not app.error, texts(app.error)
    (report,) = [n for n in downloads if n.endswith("_report_zh.html")]
    html = downloads[report]().decode("utf-8")
    for site in plan.chosen["name"]:
        assert str(site) in html
