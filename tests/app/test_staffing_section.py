"""The coverage page's section 服务能力与人员配置: staff per 10,000, loads, split, tiers, grades.

Every number is checked against a fresh run of the library on the coverage
the page measured (:func:`~servicecircle.coverage.access_run.accessibility_from`
and :func:`~servicecircle.coverage.tiers.tier_coverage` over networks built
here), never against the page's own helpers.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from servicecircle.coverage import Coverage
from servicecircle.coverage.access_run import Accessibility, accessibility_from
from servicecircle.coverage.accessibility import DecayBands
from servicecircle.coverage.tiers import TierCoverage, tier_coverage
from servicecircle.i18n import t
from servicecircle.network import Network, mode_from_name, network_from_area
from servicecircle.supply.outlets import DEFAULT_OUTLET_TYPES
from tests.app.conftest import texts

SPLIT = ("served", "over_capacity", "out_of_reach")


def _open(app: AppTest) -> AppTest:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/coverage.py").run()
    _no_errors(app)
    return app


def _no_errors(app: AppTest) -> None:
    assert not app.exception, app.exception
    assert not app.error, texts(app.error)


def _table(app: AppTest, header: str) -> pd.DataFrame:
    """The one table of the page holding a column ``header``."""
    found = [d.value for d in app.dataframe if header in d.value.columns]
    assert len(found) == 1, (header, [list(d.value.columns) for d in app.dataframe])
    return found[0]


def _networks(app: AppTest, coverage: Coverage) -> dict[str, Network]:
    area = app.session_state["area"]
    modes = set(coverage.outlets["mode"].astype(str)) | {coverage.settings.mode}
    return {mode: network_from_area(area, mode_from_name(mode)) for mode in modes}


def _library(app: AppTest, bands: DecayBands | None = None) -> tuple[Accessibility, TierCoverage]:
    coverage = app.session_state["result.coverage"]
    networks = _networks(app, coverage)
    return accessibility_from(coverage, networks, bands=bands), tier_coverage(coverage, networks)


def _check_units(app: AppTest, access: Accessibility, lang: str) -> None:
    """The by-unit table: whole area, townships, communities; people, per 10,000, the split."""
    frame = _table(app, t("staffing.per10k", lang))
    want = access.by_unit
    assert list(frame[t("staffing.level", lang)]) == [
        t(f"staffing.level.{level}", lang) for level in want["level"]
    ]
    assert list(frame[t("field.name", lang)])[1:] == list(want["unit"])[1:]
    assert list(frame[t("common.people", lang)]) == [round(p) for p in want["people"]]
    for column, key in (
        ("staff_per_10k", "staffing.per10k"),
        ("staff_per_10k_e2sfca", "staffing.per10k_e2sfca"),
    ):
        assert list(frame[t(key, lang)]) == [round(v, 1) for v in want[column]], column
    for kind in SPLIT:
        assert list(frame[t(f"staffing.split.{kind}", lang)]) == [round(p) for p in want[kind]]
    shown = frame[[t(f"staffing.split.{k}", lang) for k in SPLIT]].sum(axis=1)
    assert (shown - frame[t("common.people", lang)]).abs().max() <= 2  # rounding of three parts


def _check_loads(app: AppTest, access: Accessibility, lang: str) -> None:
    """Every outlet, the heaviest-loaded first, with its load and what it serves."""
    frame = _table(app, t("staffing.load", lang))
    outlets = access.outlets.sort_values("load", ascending=False)
    assert list(frame[t("staffing.outlet", lang)]) == list(outlets["name"])
    assert list(frame[t("staffing.load", lang)]) == [f"{v:,.0f}" for v in outlets["load"]]
    assert list(frame[t("staffing.staff", lang)]) == list(outlets["staff"])
    assert list(frame[t("staffing.served", lang)]) == [round(v) for v in outlets["served"]]
    assert list(frame[t("staffing.capacity", lang)]) == [round(v) for v in outlets["capacity"]]


def _check_tiers(app: AppTest, tiers: TierCoverage, lang: str) -> None:
    frame = _table(app, t("staffing.tier_outlets", lang))
    assert list(frame[t("staffing.tier", lang)]) == [
        t(f"tier.{x}", lang) for x in tiers.totals["tier"]
    ]
    assert list(frame[t("staffing.tier_outlets", lang)]) == list(tiers.totals["outlets"])
    assert list(frame[t("staffing.tier_share", lang)]) == pytest.approx(list(tiers.totals["share"]))
    grades = _table(app, t("staffing.grade", lang))
    assert list(grades[t("demand.level.township", lang)]) == list(tiers.townships["township"])
    assert list(grades[t("staffing.grade", lang)]) == list(tiers.townships["grade"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_section_equals_a_fresh_library_run(app: AppTest, lang: str) -> None:
    if lang == "en":
        app.radio(key="lang").set_value("en").run()
    _open(app)
    assert t("staffing.header", lang) in [s.value for s in app.subheader]
    access, tiers = _library(app)
    assert len(access.outlets) >= 3 and access.by_unit["level"].tolist().count("community") >= 2
    _check_units(app, access, lang)
    _check_loads(app, access, lang)
    _check_tiers(app, tiers, lang)
    metrics = {m.label: m.value for m in app.metric}
    total = access.by_unit.iloc[0]
    assert metrics[t("staffing.per10k", lang)] == f"{total['staff_per_10k']:.1f}"
    for kind in SPLIT:
        assert metrics[t(f"staffing.split.{kind}", lang)] == t(
            "staffing.metric_people", lang, people=f"{round(total[kind]):,}"
        )
    specs = [json.loads(c.proto.spec) for c in app.get("vega_lite_chart")]
    domains = [s["encoding"].get("color", {}).get("scale", {}).get("domain") for s in specs]
    assert [t(f"staffing.split.{kind}", lang) for kind in SPLIT] in domains, "the split's chart"


def test_edited_band_weights_change_the_e2sfca_numbers(app: AppTest) -> None:
    _open(app)
    header, plain = t("staffing.per10k_e2sfca", "zh"), t("staffing.per10k", "zh")
    before = _table(app, header)
    assert app.slider(key="staffing.weight.1").value == DecayBands().weights[1]
    app.slider(key="staffing.weight.1").set_value(0.0).run()
    app.slider(key="staffing.weight.2").set_value(0.0).run()
    _no_errors(app)
    after = _table(app, header)
    weights = (DecayBands().weights[0], 0.0, 0.0)
    access, _ = _library(app, DecayBands(weights))
    assert list(after[header]) == [round(v, 1) for v in access.by_unit["staff_per_10k_e2sfca"]]
    assert list(after[header]) != list(before[header])
    assert list(after[plain]) == list(before[plain])  # 2SFCA has no bands


def test_the_standards_table_flows_into_the_numbers(app: AppTest) -> None:
    """Staff and tier set in the outlet-types table (outlets page) reach the section."""
    _open(app)
    before = _table(app, t("staffing.per10k", "zh"))
    window = DEFAULT_OUTLET_TYPES["community_window"]
    app.session_state["outlet_types"] = {
        **DEFAULT_OUTLET_TYPES,
        "community_window": replace(window, staff=4.0, tier="township"),
    }
    app.switch_page("app_pages/outlets.py").run()  # the types editor starts from them
    _no_errors(app)
    assert app.session_state["outlet_types"]["community_window"].staff == 4.0
    app.switch_page("app_pages/coverage.py").run()
    _no_errors(app)
    coverage = app.session_state["result.coverage"]
    windows = coverage.outlets["outlet_type"] == "community_window"
    assert windows.any() and set(coverage.outlets.loc[windows, "staff"]) == {4.0}
    access, tiers = _library(app)
    _check_units(app, access, "zh")
    _check_loads(app, access, "zh")
    _check_tiers(app, tiers, "zh")
    loads = _table(app, t("staffing.load", "zh"))
    assert 4.0 in set(loads[t("staffing.staff", "zh")])
    assert t("tier.township", "zh") in set(loads[t("staffing.tier", "zh")])
    after = _table(app, t("staffing.per10k", "zh"))
    assert after.iloc[0, 4] > before.iloc[0, 4]  # more staff, more per 10,000
