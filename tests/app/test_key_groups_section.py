"""The coverage page's key groups: upload, per-group coverage and staff, equity (gap, Gini).

Checked against a fresh library run (:func:`~servicecircle.coverage.groups.key_groups_of`
and :func:`~servicecircle.coverage.groups.group_coverage` on the page's coverage,
with :func:`~servicecircle.coverage.access_run.accessibility_from` over networks
built here).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from servicecircle.coverage.access_run import accessibility_from
from servicecircle.coverage.groups import GroupCoverage, group_coverage, key_groups_of
from servicecircle.i18n import t
from servicecircle.network import mode_from_name, network_from_area
from tests.app.conftest import texts

GROUPS_CSV = (
    "街道,社区,60岁及以上人数,登记失业人员,高校毕业生占比（%）\n"
    "示例街道东,东北社区,600,40,3\n"
    "示例街道东,东南社区,200,15,2\n"
    "示例街道西,西北社区,50,3,1\n"
    "示例街道西,西南社区,900,60,4\n"
)
"""Key groups of the sample's communities: counts, and graduates as percent."""


def _uploaded(app: AppTest, name: str, data: bytes) -> AppTest:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/coverage.py").run()
    app.file_uploader(key="staffing.groups_upload").upload(name, data).run()
    assert not app.exception, app.exception
    return app


def _library(app: AppTest, tmp_path: Path) -> GroupCoverage:
    coverage = app.session_state["result.coverage"]
    area = app.session_state["area"]
    modes = {coverage.settings.mode, *coverage.outlets["mode"].astype(str)}
    networks = {m: network_from_area(area, mode_from_name(m)) for m in modes}
    path = tmp_path / "重点群体.csv"
    path.write_text(GROUPS_CSV, encoding="utf-8")
    groups = key_groups_of(coverage, path)
    return group_coverage(coverage, accessibility_from(coverage, networks), groups)


def _table(app: AppTest, header: str):  # type: ignore[no-untyped-def]
    found = [d.value for d in app.dataframe if header in d.value.columns]
    assert len(found) == 1, header
    return found[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_groups_equal_a_fresh_library_run(app: AppTest, lang: str, tmp_path: Path) -> None:
    if lang == "en":
        app.radio(key="lang").set_value("en").run()
    _uploaded(app, "重点群体.csv", GROUPS_CSV.encode("gbk"))
    assert not app.error, texts(app.error)
    result = _library(app, tmp_path)
    assert result.groups == ("aged_60_plus", "registered_unemployed", "college_graduates")
    totals = result.totals()
    frame = _table(app, t("staffing.groups.gap", lang))
    assert list(frame[t("staffing.groups.group", lang)]) == [
        t(f"key_group.{g}", lang) for g in totals["group"]
    ]
    assert list(frame[t("common.people", lang)]) == [round(v) for v in totals["people"]]
    assert list(frame[t("coverage.standard", lang)]) == pytest.approx(
        list(totals["share_standard"])
    )
    assert list(frame[t("staffing.groups.gap", lang)]) == [
        round(v, 1) for v in totals["gap_standard"]
    ]
    assert list(frame[t("staffing.per10k", lang)]) == [round(v, 1) for v in totals["staff_per_10k"]]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics[t("staffing.groups.gini_weighted", lang)] == f"{result.equity.gini_weighted:.3f}"
    widest = result.equity.widest
    gap = float(widest[widest["minutes"].isna()]["gap_pp"].iloc[0])
    assert metrics[t("staffing.groups.widest", lang)] == t(
        "staffing.groups.points", lang, value=f"{gap:.1f}"
    )
    units = _table(app, t("staffing.groups.people", lang))
    mine = result.access[
        (result.access["group"] == "aged_60_plus") & (result.access["level"] != "total")
    ]
    assert list(units[t("staffing.groups.people", lang)]) == [round(v) for v in mine["people"]]
    assert list(units[t("staffing.per10k", lang)]) == [round(v, 1) for v in mine["staff_per_10k"]]
    assert sum(units[t("staffing.groups.people", lang)][:2]) == 1750  # the two townships


def test_another_group_chosen_shows_its_areas(app: AppTest, tmp_path: Path) -> None:
    _uploaded(app, "重点群体.csv", GROUPS_CSV.encode("utf-8"))
    app.selectbox(key="staffing.groups.chosen").set_value("registered_unemployed").run()
    assert not app.exception and not app.error
    units = _table(app, t("staffing.groups.people", "zh"))
    assert list(units[t("staffing.groups.people", "zh")])[2:] == [40, 15, 3, 60]


def test_a_table_without_group_columns_says_what_to_fix(app: AppTest) -> None:
    _uploaded(app, "人口.csv", "街道,常住人口\n示例街道东,100\n".encode())
    errors = texts(app.error)
    assert len(errors) == 1 and "重点群体" in errors[0], errors
    assert t("staffing.header", "zh") in [s.value for s in app.subheader]  # the rest still shown
