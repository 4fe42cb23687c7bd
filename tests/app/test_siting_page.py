"""Page 5, siting: model and candidates, a run, results, impossible requests as messages."""

from __future__ import annotations

import json

import shapely
from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from servicecircle.planning.explain import PROVEN_GAP, solver_verdict
from tests.app.conftest import texts


def _open(app: AppTest) -> AppTest:
    """Sample -> coverage -> siting page (not run yet)."""
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/coverage.py").run()
    app.switch_page("app_pages/siting.py").run()
    assert not app.exception, app.exception
    assert not app.error, texts(app.error)
    return app


def _run(app: AppTest) -> AppTest:
    app.button(key="siting.run").click().run()
    assert not app.exception, app.exception
    return app


def _map_text(app: AppTest) -> str:
    """The maps on the page, as the component receives them (JSON of the map's script)."""
    return "\n".join(node.proto.json_args for node in app.get("component_instance"))


def _as_in_map(word: str) -> str:
    """``word`` as the map's script holds it: JSON-escaped in the script, then in its JSON."""
    return json.dumps(json.dumps(word)[1:-1])[1:-1]


def test_needs_coverage_first(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/siting.py").run()
    assert not app.exception
    assert texts(app.info) == [t("siting.need_coverage", "zh")]


def test_mclp_on_the_sample(app: AppTest) -> None:
    _open(app)
    assert "result.siting" not in app.session_state
    assert app.multiselect(key="siting.must_cover").value == ["relocation", "industrial"]
    _run(app)
    assert not app.error, texts(app.error)
    plan = app.session_state["result.siting"]
    result = plan.result
    # three asked for; a site that adds nobody within its standard is left out, and said
    kept = len(plan.chosen)
    assert kept + plan.dropped == 3 and kept >= 1
    if plan.dropped:
        shown = " ".join(texts(app.info) + texts(app.warning) + texts(app.caption))
        assert f"由 3 个减为 {kept} 个" in shown, shown
    assert result.share_after >= result.share_before
    metrics = {m.label: m.value for m in app.metric}
    assert metrics[t("siting.n_new", "zh")] == str(kept)
    assert metrics[t("siting.share_after", "zh")] == f"{result.share_after:.1%}"
    # how good the plan is: one verdict, consistent with the gap shown beside it
    verdict = metrics[t("siting.status", "zh")]
    assert verdict == solver_verdict(result, "zh")
    assert ("可证明最优" in verdict) == (result.gap <= PROVEN_GAP)
    assert "启发式" not in verdict
    # the build-order table: ranks 1..3 with reasons in Chinese
    table = app.dataframe[0].value
    assert list(table[t("field.rank", "zh")]) == list(range(1, kept + 1))
    # where each site is: the sample's townships and communities, and its nearest road
    assert list(table[t("demand.level.township", "zh")]) == [
        v or "—" for v in plan.chosen["township"]
    ]
    assert all(place != "—" for place in table[t("admin.gap_place", "zh")])
    for reason, people in zip(
        table[t("siting.reasons", "zh")], plan.chosen["newly_covered"], strict=True
    ):
        assert reason.startswith("新覆盖" if people > 0.5 else t("explain.none", "zh")), reason
    assert list(table[t("siting.newly_covered", "zh")]) == [
        round(v) for v in plan.chosen["newly_covered"]
    ]
    # must-cover areas are covered in full after the plan
    by_class = plan.by_class.set_index("class")
    for cls in ("relocation", "industrial"):
        assert abs(by_class.loc[cls, "covered_after"] - by_class.loc[cls, "people"]) < 1e-6
    assert app.get("vega_lite_chart"), "the coverage curve should be drawn"
    assert app.get("component_instance"), "the map should be on the page"
    # the results map of the report and the CLI: the same layer names and legend words
    html = _map_text(app)
    for key in ("map.chosen", "map.outlets", "map.gaps", "map.isochrones", "layer.candidates"):
        assert _as_in_map(t(key, "zh")) in html, key
    assert _as_in_map(t("layer.sites", "zh")) not in html
    assert not app.warning  # results match the settings


def test_changed_settings_mark_results_stale(app: AppTest) -> None:
    _run(_open(app))
    app.number_input(key="siting.new").set_value(2).run()
    assert texts(app.warning) == [t("siting.stale", "zh")]
    _run(app)
    assert not app.warning
    assert len(app.session_state["result.siting"].chosen) == 2


def test_fewest_outlets_for_a_target(app: AppTest) -> None:
    _open(app)
    app.radio(key="siting.model").set_value("min").run()
    app.number_input(key="siting.target").set_value(99.0).run()
    _run(app)
    assert not app.error, texts(app.error)
    plan = app.session_state["result.siting"]
    assert plan.request.model == "min" and plan.request.target == 0.99
    assert len(plan.chosen) >= 1
    assert plan.result.share_after >= 0.99 - 1e-9


def test_impossible_request_is_a_message(app: AppTest) -> None:
    _open(app)
    app.checkbox(key="siting.capacity_on").check().run()
    app.number_input(key="siting.capacity").set_value(10.0).run()
    _run(app)
    assert len(app.error) == 1
    message = app.error[0].value
    assert message.startswith(t("siting.infeasible", "zh"))
    assert "服务能力" in message  # the library's reason and what to do, in Chinese
    assert "result.siting" not in app.session_state


def test_exclusion_areas_drop_candidates(app: AppTest) -> None:
    from app_pages._state import EXCLUDED_KEY

    _open(app)
    area = app.session_state["area"]
    everything = shapely.box(*area.bounds).buffer(0.01)
    app.session_state[EXCLUDED_KEY] = [{"name": "全部", "geometry": everything}]
    app.run()
    assert not app.exception
    assert len(app.error) == 1 and "排除区域" in app.error[0].value
    assert app.button(key="siting.run").disabled
    app.button(key="siting.draw_clear").click().run()
    assert not app.error
    assert not app.button(key="siting.run").disabled


def test_uploaded_candidates_only(app: AppTest) -> None:
    _open(app)
    app.multiselect(key="siting.sources").set_value(["upload"]).run()
    assert len(app.error) == 1  # no candidates yet: says where to get them
    csv = "名称,经度,纬度\n东候选,24.951,60.1755\n西候选,24.938,60.168\n".encode("gbk")
    app.file_uploader(key="siting.candidates_upload").upload("candidates.csv", csv).run()
    assert not app.error, texts(app.error)
    app.number_input(key="siting.new").set_value(1).run()
    _run(app)
    assert not app.error, texts(app.error)
    plan = app.session_state["result.siting"]
    assert len(plan.candidates) == 2
    assert set(plan.chosen["source"]) == {"file"}


def test_english_labels(app: AppTest) -> None:
    _run(_open(app))
    app.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert [h.value for h in app.header] == ["Where the next outlets should go"]
    table = app.dataframe[0].value
    assert list(table.columns[:4]) == [
        "Rank",
        "Name",
        "People newly covered",
        "Covered after building",
    ]
    # every reason in English: what a site adds, or that it adds nothing (not needed)
    assert all(r.startswith(("newly covers", "adds no coverage")) for r in table["Why here"])
    assert table["Why here"].iloc[0].startswith("newly covers")
    assert app.button(key="siting.run").label == "Find sites"


def test_settings_and_results_survive_other_pages(app: AppTest) -> None:
    _open(app)
    app.number_input(key="siting.new").set_value(2).run()
    app.multiselect(key="siting.must_cover").set_value(["relocation"]).run()
    _run(app)
    app.switch_page("app_pages/report.py").run()
    app.switch_page("app_pages/siting.py").run()
    assert not app.exception
    assert app.number_input(key="siting.new").value == 2
    assert app.multiselect(key="siting.must_cover").value == ["relocation"]
    assert not app.warning  # the results still match the settings
    assert len(app.session_state["result.siting"].chosen) == 2
