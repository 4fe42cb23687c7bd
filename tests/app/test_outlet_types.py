"""The outlet-types table speaks labels and reads them back as keys."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app_pages.outlet_types import types_from_rows
from servicecircle.i18n import t
from servicecircle.supply.cells import TIERS
from servicecircle.supply.outlets import DEFAULT_OUTLET_TYPES, OutletType


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
            t(k, lang)
            for k in (
                "outlets.type",
                "outlets.tier",
                "outlets.mode",
                "outlets.minutes",
                "outlets.staff",
                "outlets.residents_per_staff",
                "outlets.opening_days",
            )
        ]
        assert t("outlet.community_window", lang) in set(table.iloc[:, 0])
        assert set(table.iloc[:, 1]) <= {t(f"tier.{x}", lang) for x in TIERS}
        assert set(table.iloc[:, 2]) <= {
            t(f"mode.{m}", lang) for m in ("walk", "ebike", "bike", "drive", "transit")
        }
        assert "community_window" not in set(table.iloc[:, 0])
    # the types kept are the same keys in either language
    assert "community_window" in app.session_state["outlet_types"]


def test_the_standard_columns_read_back_with_blank_cells_keeping_the_default() -> None:
    cols = {
        k: t(k, "zh")
        for k in (
            "outlets.type",
            "outlets.tier",
            "outlets.mode",
            "outlets.minutes",
            "outlets.staff",
            "outlets.residents_per_staff",
            "outlets.opening_days",
        )
    }
    type_keys = {t("outlet.township_station", "zh"): "township_station", "亭": "亭"}
    mode_keys = {t("mode.bike", "zh"): "bike", t("mode.walk", "zh"): "walk"}
    tier_keys = {t(f"tier.{x}", "zh"): x for x in TIERS}
    rows = [
        {
            cols["outlets.type"]: t("outlet.township_station", "zh"),
            cols["outlets.tier"]: t("tier.township", "zh"),
            cols["outlets.mode"]: t("mode.bike", "zh"),
            cols["outlets.minutes"]: 20.0,
            cols["outlets.staff"]: None,
            cols["outlets.residents_per_staff"]: 6000.0,
            cols["outlets.opening_days"]: float("nan"),
        },
        {
            cols["outlets.type"]: "亭",
            cols["outlets.tier"]: t("tier.community", "zh"),
            cols["outlets.mode"]: t("mode.walk", "zh"),
            cols["outlets.minutes"]: 5,
            cols["outlets.staff"]: 2,
            cols["outlets.residents_per_staff"]: None,
            cols["outlets.opening_days"]: 6,
        },
    ]
    types = types_from_rows(rows, type_keys, mode_keys, tier_keys)
    station = types["township_station"]
    assert (station.tier, station.mode, station.minutes, station.residents_per_staff) == (
        "township",
        "bike",
        20.0,
        6000.0,
    )
    assert station.opening_days == DEFAULT_OUTLET_TYPES["township_station"].opening_days
    assert types["亭"] == OutletType("亭", "walk", 5.0, "community", 2.0, None, 6.0)
