"""A relocation or industrial area left unnamed is said as its class and number (安置区 2).

The demand keeps the English default name (``relocation area 2``); the
site reasons (app, report, maps, CLI) and the report's name cells say it in
the reader's language; a planner's own name is never changed.
"""

from __future__ import annotations

import pytest

from servicecircle.planning.explain import SiteReasons, reasons_text
from servicecircle.planning.naming import area_label
from servicecircle.report.formatting import name_text


@pytest.mark.parametrize(
    ("name", "zh", "en"),
    [
        ("relocation area 2", "安置区 2", "relocation area 2"),
        ("industrial area 17", "工业区 17", "industrial area 17"),
        ("滨江产业园", "滨江产业园", "滨江产业园"),
        ("relocation area two", "relocation area two", "relocation area two"),
        ("  industrial area 3 ", "工业区 3", "industrial area 3"),
    ],
)
def test_area_label(name, zh, en):
    assert area_label(name, "zh") == zh
    assert area_label(name, "en") == en


def test_site_reasons_name_unnamed_areas_in_the_readers_language():
    why = SiteReasons(300.0, must_cover=("industrial area 17", "幸福家园"))
    assert reasons_text(why, "zh").endswith("覆盖必须覆盖区域：工业区 17、幸福家园")
    assert reasons_text(why, "en").endswith("industrial area 17, 幸福家园")


def test_report_name_cells():
    assert name_text("relocation area 4", "zh") == "安置区 4"
    assert name_text("relocation area 4", "en") == "relocation area 4"
    assert name_text(None, "zh") == name_text("", "zh") != ""
