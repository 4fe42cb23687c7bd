"""Township and community boundaries given in the app (issue 13): uploaded, drawn, or none.

The sample (Helsinki) carries two illustrative streets and four communities.
A planner's file of two 街道名称 polygons over it replaces the streets for
every step; an area without units says so above every by-unit table; the
gap table never shows "None" and names the nearest road.
"""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from tests.app.conftest import texts

WEST, EAST, SOUTH, MIDDLE, NORTH = 24.934, 24.9545, 60.1635, 60.1715, 60.18
STREETS = {"花园路街道": (MIDDLE, NORTH), "北下关街道": (SOUTH, MIDDLE)}


def _streets_geojson() -> bytes:
    features = [
        {
            "type": "Feature",
            "properties": {"序号": i + 1, "街道名称": name},
            "geometry": shapely.geometry.mapping(shapely.box(WEST, low, EAST, high)),
        }
        for i, (name, (low, high)) in enumerate(STREETS.items())
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _frame_with(app: AppTest, column: str) -> pd.DataFrame:
    found = [d.value for d in app.dataframe if column in d.value.columns]
    assert found, [list(d.value.columns) for d in app.dataframe]
    return found[0]


def _in_use(app: AppTest) -> dict[str, tuple[str, int]]:
    table = _frame_with(app, t("admin.col.source", "zh"))
    return {
        row[t("admin.col.level", "zh")]: (
            row[t("admin.col.source", "zh")],
            row[t("admin.col.count", "zh")],
        )
        for _, row in table.iterrows()
    }


def _cells(frame: pd.DataFrame) -> list[str]:
    return [str(v) for v in frame.to_numpy().ravel()]


def test_uploaded_streets_give_the_tables_by_street(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    in_use = _in_use(app)
    assert in_use[t("admin.level.township", "zh")] == (t("admin.source.osm", "zh"), 2)
    app.file_uploader(key="admin.township_upload").upload("街道.geojson", _streets_geojson()).run()
    assert not app.exception and not app.error, texts(app.error)
    assert t("admin.changed", "zh") in texts(app.info)
    assert app.selectbox(key="admin.township_upload.crs").value == "auto"  # the shared choice
    in_use = _in_use(app)
    assert in_use[t("admin.level.township", "zh")] == (t("admin.source.uploaded", "zh"), 2)
    assert in_use[t("admin.level.community", "zh")] == (t("admin.source.osm", "zh"), 4)

    app.switch_page("app_pages/coverage.py").run()
    assert not app.exception and not app.error, texts(app.error)
    result = app.session_state["result.coverage"]
    townships = result.units[result.units["level"] == "township"]
    assert set(townships["name"]) == set(STREETS)
    by_unit = _frame_with(app, t("demand.unit_level", "zh"))
    streets = by_unit[by_unit[t("demand.unit_level", "zh")] == t("demand.level.township", "zh")]
    assert set(streets[t("field.name", "zh")]) == set(STREETS)
    communities = by_unit[
        by_unit[t("demand.unit_level", "zh")] == t("demand.level.community", "zh")
    ]
    assert set(communities[t("demand.level.township", "zh")]) <= set(STREETS)
    assert t("msg.admin.no_township_units", "zh") not in texts(app.info)
    # the per-street people add up to the people inside the streets (they cover the sample)
    assert townships["people"].sum() == pytest.approx(result.total, rel=1e-6)


def test_without_units_every_by_unit_table_says_so(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    area = app.session_state["area"]
    bare = dataclasses.replace(area, boundaries=area.boundaries.iloc[0:0], key=f"{area.key}|bare")
    app.session_state["area"] = bare
    app.switch_page("app_pages/coverage.py").run()
    assert not app.exception and not app.error, texts(app.error)
    infos = texts(app.info)
    assert t("msg.admin.no_township_units", "zh") in infos
    assert t("msg.admin.no_community_units", "zh") in infos
    assert "本研究区没有街道/乡镇边界" in t("msg.admin.no_township_units", "zh")
    gaps = app.dataframe[0].value
    assert t("field.rank", "zh") in gaps.columns
    cells = _cells(gaps)
    assert not [c for c in cells if c in ("None", "nan", "NaN", "<NA>")]
    places = list(gaps[t("admin.gap_place", "zh")])
    assert any(p.endswith("附近") or p.startswith("距") for p in places), places
    result = app.session_state["result.coverage"]
    assert len(result.units) == 0

    app.switch_page("app_pages/demand.py").run()
    assert not app.exception
    assert t("msg.admin.no_township_units", "zh") in texts(app.info)


def test_a_drawn_community_is_in_use_and_its_name_kept_as_typed(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    name = "**新村** [x](http://e.com)"
    app.session_state["result.units.drawn"] = [
        {"name": name, "level": "community", "geometry": shapely.box(WEST, SOUTH, 24.94, 60.168)}
    ]
    app.run()
    assert not app.exception and not app.error, texts(app.error)
    in_use = _in_use(app)
    assert in_use[t("admin.level.community", "zh")] == (t("admin.source.drawn", "zh"), 1)
    assert in_use[t("admin.level.township", "zh")] == (t("admin.source.osm", "zh"), 2)
    area = app.session_state["result.units.area"]
    assert name in set(area.boundaries["name"])
    # the drawing map is off until switched on; on, it says how many units are drawn
    assert t("admin.draw_kept", "zh", count=1) not in texts(app.caption)
    app.toggle(key="admin.draw_show").set_value(True).run()
    assert not app.exception and not app.error, texts(app.error)
    assert t("admin.draw_kept", "zh", count=1) in texts(app.caption)
    # added to the OSM communities instead of replacing them
    app.radio(key="admin.mode").set_value("add").run()
    assert not app.exception and not app.error, texts(app.error)
    sources = t("common.list_sep", "zh").join(
        t(f"admin.source.{s}", "zh") for s in ("osm", "drawn")
    )
    assert _in_use(app)[t("admin.level.community", "zh")] == (sources, 5)
    assert len(app.session_state["result.units.area"].boundaries) == 7
