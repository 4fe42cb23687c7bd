"""The outlet-types table speaks labels and reads them back as keys."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app_pages.outlet_types import types_from_rows
from servicecircle.i18n import t


def test_labels_read_back_as_keys_and_new_names_kept() -> None:
    type_col, mode_col, minutes_col = (
        t(k, "zh") for k in ("outlets.type", "outlets.mode", "outlets.minutes")
    )
    type_keys = {t("outlet.gig_market", "zh"): "gig_market"}
    mode_keys = {t("mode.walk", "zh"): "walk", t("mode.ebike", "zh"): "ebike"}
    rows = [
        {
            type_col: t("outlet.gig_market", "zh"),
            mode_col: t("mode.ebike", "zh"),
            minutes_col: 25.0,
        },
        {type_col: "零工驿站", mode_col: t("mode.walk", "zh"), minutes_col: 10},
        {type_col: "", mode_col: t("mode.walk", "zh"), minutes_col: 10},  # no name
        {type_col: "x", mode_col: "walk", minutes_col: 10},  # a key, not a label: not a mode shown
        {type_col: "y", mode_col: t("mode.walk", "zh"), minutes_col: float("nan")},
    ]
    types = types_from_rows(rows, type_keys, mode_keys)
    assert list(types) == ["gig_market", "零工驿站"]
    assert (types["gig_market"].mode, types["gig_market"].minutes) == ("ebike", 25.0)
    assert (types["零工驿站"].mode, types["零工驿站"].minutes) == ("walk", 10.0)


def test_the_table_shows_labels_in_each_language(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/outlets.py").run()
    assert not app.exception, app.exception
    for lang in ("zh", "en"):
        if lang == "en":
            app.radio(key="lang").set_value("en").run()
        table = app.session_state[f"outlets.types_base.{lang}"]
        assert list(table.columns) == [
            t(k, lang) for k in ("outlets.type", "outlets.mode", "outlets.minutes")
        ]
        assert t("outlet.community_window", lang) in set(table.iloc[:, 0])
        assert set(table.iloc[:, 1]) <= {
            t(f"mode.{m}", lang) for m in ("walk", "ebike", "bike", "drive", "transit")
        }
        assert "community_window" not in set(table.iloc[:, 0])
    # the types kept are the same keys in either language
    assert "community_window" in app.session_state["outlet_types"]
