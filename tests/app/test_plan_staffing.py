"""The siting page's section 规划前后的人员配置: staffing before and after the plan.

Checked against a fresh library run (:func:`~servicecircle.planning.after_plan.plan_effect`
on the page's coverage and plan, over networks built here).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from servicecircle.network import mode_from_name, network_from_area
from servicecircle.planning.after_plan import PlanEffect, plan_effect
from tests.app.conftest import texts


def _planned(app: AppTest) -> AppTest:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/coverage.py").run()
    app.switch_page("app_pages/siting.py").run()
    app.button(key="siting.run").click().run()
    assert not app.exception, app.exception
    assert not app.error, texts(app.error)
    return app


def _effect(app: AppTest) -> PlanEffect:
    coverage = app.session_state["result.coverage"]
    plan = app.session_state["result.siting"]
    area = app.session_state["area"]
    modes = {coverage.settings.mode, *coverage.outlets["mode"].astype(str)}
    modes |= {coverage.settings.outlet_types[str(k)].mode for k in plan.chosen["type"]}
    networks = {m: network_from_area(area, mode_from_name(m)) for m in modes}
    return plan_effect(coverage, plan.chosen, networks)


def _table(app: AppTest, header: str):  # type: ignore[no-untyped-def]
    found = [d.value for d in app.dataframe if header in d.value.columns]
    assert len(found) == 1, header
    return found[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_before_and_after_equal_a_fresh_library_run(app: AppTest, lang: str) -> None:
    if lang == "en":
        app.radio(key="lang").set_value("en").run()
    _planned(app)
    assert t("staffing.after.header", lang) in [s.value for s in app.subheader]
    effect = _effect(app)
    assert len(effect.new_sites) >= 1
    per10k = t("staffing.per10k", lang)
    before_col = t("staffing.after.before", lang, what=per10k)
    after_col = t("staffing.after.after", lang, what=per10k)
    frame = _table(app, after_col)
    assert list(frame[before_col]) == [
        round(v, 1) for v in effect.access_before.by_unit["staff_per_10k"]
    ]
    assert list(frame[after_col]) == [
        round(v, 1) for v in effect.access_after.by_unit["staff_per_10k"]
    ]
    served = t("staffing.split.served", lang)
    assert list(frame[t("staffing.after.after", lang, what=served)]) == [
        round(v) for v in effect.access_after.by_unit["served"]
    ]
    assert frame[after_col].iloc[0] > frame[before_col].iloc[0]  # new staff, more per 10,000
    grade = t("staffing.after.after", lang, what=t("staffing.grade", lang))
    towns = effect.tiers_after.townships
    shown = frame[frame[t("staffing.level", lang)] == t("staffing.level.township", lang)]
    assert list(shown[grade]) == list(towns["grade"])
    sites = _table(app, t("staffing.after.staff_source", lang))
    assert list(sites[t("staffing.staff", lang)]) == list(effect.new_sites["staff"])
    assert list(sites[t("staffing.tier", lang)]) == [
        t(f"tier.{x}", lang) for x in effect.new_sites["tier"]
    ]
    metrics = {m.label: m.value for m in app.metric}
    total = effect.access_after.by_unit.iloc[0]
    assert metrics[per10k] == f"{total['staff_per_10k']:.1f}"


def test_a_staff_budget_posts_staff_and_the_after_plan_carries_it(app: AppTest) -> None:
    from servicecircle.workflow.after_plan import effect_of_plan

    app.button(key="study.load").click().run()
    app.switch_page("app_pages/coverage.py").run()
    app.switch_page("app_pages/siting.py").run()
    app.radio(key="siting.model").set_value("pmedian").run()
    assert not [c for c in app.checkbox if c.key == "siting.staff_on"]  # p-median takes no staff
    app.radio(key="siting.model").set_value("mclp").run()
    app.checkbox(key="siting.staff_on").check().run()
    assert not [c for c in app.checkbox if c.key == "siting.capacity_on"]  # staff set capacity
    app.number_input(key="siting.staff_budget").set_value(4).run()
    app.button(key="siting.run").click().run()
    assert not app.exception, app.exception
    assert not app.error, texts(app.error)
    plan = app.session_state["result.siting"]
    assert plan.request.staff == 4 and plan.staff is not None
    assert 0 < plan.staff["staff_added"].sum() <= 4
    table = _table(app, t("staffing.alloc.added", "zh"))
    assert list(table[t("staffing.alloc.added", "zh")]) == list(plan.staff["staff_added"])
    assert list(table[t("staffing.alloc.after", "zh")]) == list(plan.staff["staff"])
    coverage = app.session_state["result.coverage"]
    area = app.session_state["area"]
    modes = {coverage.settings.mode, *coverage.outlets["mode"].astype(str)}
    networks = {m: network_from_area(area, mode_from_name(m)) for m in modes}
    effect = effect_of_plan(coverage, plan, networks)
    per10k = t("staffing.per10k", "zh")
    frame = _table(app, t("staffing.after.after", "zh", what=per10k))
    after = [round(v, 1) for v in effect.access_after.by_unit["staff_per_10k"]]
    assert list(frame[t("staffing.after.after", "zh", what=per10k)]) == after
    sites = _table(app, t("staffing.after.staff_source", "zh"))
    assert set(sites[t("staffing.after.staff_source", "zh")]) == {
        t("staffing.source.allocation", "zh")
    }
    staff_after = float(effect.access_after.outlets["staff"].sum())
    assert staff_after == float(plan.staff["staff"].sum())


def test_fewest_outlets_each_at_its_standard(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/coverage.py").run()
    app.switch_page("app_pages/siting.py").run()
    app.radio(key="siting.model").set_value("min").run()
    app.checkbox(key="siting.staff_on").check().run()
    app.radio(key="siting.staff_way").set_value("standard").run()
    assert not [n for n in app.number_input if n.key == "siting.staff_budget"]
    app.button(key="siting.run").click().run()
    assert not app.exception, app.exception
    assert not app.error, texts(app.error)
    plan = app.session_state["result.siting"]
    assert plan.request.staff == "standard" and plan.staff is not None
    added = f"{float(plan.staff['staff_added'].sum()):,.0f}"
    assert t("staffing.alloc.standard", "zh", added=added) in texts(app.caption)
    new = plan.staff[~plan.staff["existing"].astype(bool)]
    assert len(new) == len(plan.chosen) and (new["staff"] >= 1.0).all()  # the window's standard
