"""The map's furniture in Chinese, as chromium shows it: drawing tools, scale bar, attribution.

Reuses the app server and the offline page of :mod:`tests.e2e.test_browser`.
"""

from __future__ import annotations

from typing import Any

import pytest

from servicecircle.i18n import t
from tests.e2e.test_browser import ARTIFACTS, MAP_FRAME, app_url, page  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def test_drawing_tools_scale_and_attribution_speak_chinese(page: Any, app_url: str) -> None:  # noqa: F811 - the fixtures
    pg = page
    pg.goto(f"{app_url}/demand")
    frame = pg.frame_locator(MAP_FRAME)
    polygon = frame.locator(".leaflet-draw-draw-polygon")
    polygon.wait_for(timeout=180_000)
    # the toolbar's buttons say what they do in Chinese (Leaflet.draw's own texts are English)
    assert polygon.get_attribute("title") == t("map.draw.draw.toolbar.buttons.polygon", "zh")
    rectangle = frame.locator(".leaflet-draw-draw-rectangle")
    assert rectangle.get_attribute("title") == t("map.draw.draw.toolbar.buttons.rectangle", "zh")
    # and so does the tooltip that follows the mouse, and the drawing's actions
    polygon.click()
    box = frame.locator(".leaflet-container").bounding_box()
    assert box is not None
    pg.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    pg.mouse.move(box["x"] + box["width"] * 0.52, box["y"] + box["height"] * 0.5)
    tooltip = frame.locator(".leaflet-draw-tooltip").inner_text(timeout=30_000)
    assert t("map.draw.draw.handlers.polygon.tooltip.start", "zh") in tooltip
    actions = frame.locator(".leaflet-draw-actions").first.inner_text()
    assert t("map.draw.draw.toolbar.actions.text", "zh") in actions
    # one scale bar, in metres or kilometres only
    scales = frame.locator(".leaflet-control-scale-line")
    assert scales.count() == 1
    assert scales.first.inner_text().strip().endswith(("m", "km"))
    attribution = frame.locator(".leaflet-control-attribution").inner_text()
    assert t("map.attribution", "zh") in attribution
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "drawing_zh.png"), full_page=True)
    assert pg.blocked == []
    assert pg.errors == []
