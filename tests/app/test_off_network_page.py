"""Coverage page: people off the road network are listed apart from the gaps, never as one."""

from __future__ import annotations

import shapely
from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from tests.app.conftest import texts

# In the sea south of the sample, some 3 km from its nearest road (roads are kept
# 1 km beyond the study extent); and a point in the sample, on its streets.
AT_SEA = (24.950, 60.135)
IN_TOWN = (24.945, 60.170)


def _points_csv() -> bytes:
    rows = [f"海上,{AT_SEA[0]},{AT_SEA[1]},37", f"城里,{IN_TOWN[0]},{IN_TOWN[1]},12"]
    return ("name,lon,lat,people\n" + "\n".join(rows) + "\n").encode()


def test_people_far_from_every_road_are_listed_apart_from_the_gaps(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/demand.py").run()
    app.file_uploader(key="demand.points_upload").upload("points.csv", _points_csv()).run()
    assert not app.exception and not app.error, texts(app.error)
    app.switch_page("app_pages/coverage.py").run()
    assert not app.exception and not app.error, texts(app.error)
    coverage = app.session_state["result.coverage"]
    sea = shapely.Point(*AT_SEA)
    # never a gap
    assert not coverage.gaps.intersects(sea.buffer(1e-3)).any()
    assert [s.value for s in app.subheader].count(t("coverage.off_network", "zh")) == 1
    metrics = {m.label: m.value for m in app.metric}
    assert metrics[t("coverage.off_network_people", "zh")] == "37"
    assert metrics[t("coverage.off_network_places", "zh")] == "1"
    (table,) = [f.value for f in app.dataframe if "距最近道路（米）" in f.value.columns]
    assert table["人数"].tolist() == [37]
    assert table["类别"].tolist() == [t("class.user", "zh")]
    assert float(table["距最近道路（米）"].iloc[0].replace(",", "")) > 2000
    assert (table["经度"].iloc[0], table["纬度"].iloc[0]) == AT_SEA


def test_no_section_when_everyone_is_near_a_road(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/coverage.py").run()
    assert not app.exception
    assert len(app.session_state["result.coverage"].off_network) == 0
    assert t("coverage.off_network", "zh") not in [s.value for s in app.subheader]
