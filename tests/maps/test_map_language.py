"""The web map speaks the planner's language: drawing tools, attribution, a metric scale bar."""

from __future__ import annotations

import json
import re

import pytest

from servicecircle.i18n import t
from servicecircle.maps import web as webmap
from servicecircle.maps.web.draw import DRAW_TEXT_PATHS, draw_texts


def _script(**options: object) -> str:
    m = webmap.compose_map([], bounds=(24.9, 60.1, 25.0, 60.2), **options)  # type: ignore[arg-type]
    return m.get_root().render()


def _draw_local(page: str) -> dict[str, object]:
    found = re.search(r"L\.drawLocal = (\{.*?\});\s*$", page, re.MULTILINE)
    assert found is not None, "the map sets no Leaflet.draw texts"
    return json.loads(found.group(1))


def _leaves(tree: object) -> list[str]:
    if isinstance(tree, dict):
        return [leaf for value in tree.values() for leaf in _leaves(value)]
    return [str(tree)]


def test_every_leaflet_draw_text_is_set_in_chinese() -> None:
    page = _script(draw=("marker",), lang="zh")
    texts = _draw_local(page)
    leaves = _leaves(texts)
    assert len(leaves) == len(DRAW_TEXT_PATHS)
    # every text Leaflet.draw 1.0 reads, in Chinese (no Latin word but the <strong> tag)
    for leaf in leaves:
        assert re.search(r"[\u4e00-\u9fff]", leaf), leaf
        assert not re.findall(r"[A-Za-z]{2,}", re.sub(r"</?strong>", "", leaf)), leaf
    marker = texts["draw"]["toolbar"]["buttons"]["marker"]  # type: ignore[index]
    assert marker == t("map.draw.draw.toolbar.buttons.marker", "zh")
    # set before the toolbar is built (the toolbar reads the texts when it is added)
    assert page.index("L.drawLocal =") < page.index("new L.Control.Draw(")


def test_the_draw_texts_cover_what_leaflet_draw_reads() -> None:
    """Every ``L.drawLocal`` path the vendored Leaflet.draw defines has a text."""
    from servicecircle.maps.web.assets import default_vendor_dir

    library = default_vendor_dir() / "leaflet-draw" / "leaflet.draw.js"
    if not library.exists():
        pytest.skip("web assets not installed")
    source = library.read_text(encoding="utf-8")
    defaults = re.search(r"L\.drawLocal=(\{.*?\}\}\}\}\}),L\.Draw\.Event", source)
    assert defaults is not None
    quoted = re.sub(r"([{,])([A-Za-z]+):", r'\1"\2":', defaults.group(1))
    english = json.loads(quoted)

    def paths(tree: dict[str, object], prefix: str = "") -> set[str]:
        out: set[str] = set()
        for key, value in tree.items():
            path = f"{prefix}{key}"
            out |= paths(value, path + ".") if isinstance(value, dict) else {path}
        return out

    assert paths(english) == set(DRAW_TEXT_PATHS)
    assert paths(draw_texts("en")) == set(DRAW_TEXT_PATHS)


def test_no_drawing_tools_no_draw_texts() -> None:
    assert "L.drawLocal" not in _script(lang="zh")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_scale_bar_is_metric_and_attribution_in_the_language(lang: str) -> None:
    page = _script(lang=lang)
    scales = re.findall(r"L\.control\.scale\((.*?)\)", page)
    assert scales == ['{"imperial": false, "metric": true}']
    assert f"addAttribution({json.dumps(t('map.attribution', lang))})" in page
    assert ("\\u8d21\\u732e\\u8005" in page) == (lang == "zh")  # 贡献者, as the script holds it


def test_a_toolbar_added_later_speaks_the_maps_language() -> None:
    m = webmap.compose_map([], bounds=(24.9, 60.1, 25.0, 60.2), lang="zh")
    webmap.draw_control(("marker",)).add_to(m)
    assert _draw_local(m.get_root().render()) == draw_texts("zh")
    english = webmap.compose_map([], bounds=(24.9, 60.1, 25.0, 60.2))
    webmap.draw_control(("marker",), lang="zh").add_to(english)
    assert _draw_local(english.get_root().render()) == draw_texts("zh")


def test_streamlit_folium_gets_the_texts_too() -> None:
    from streamlit_folium import generate_leaflet_string

    m = webmap.compose_map([], bounds=(24.9, 60.1, 25.0, 60.2), draw=("polygon",), lang="zh")
    script = generate_leaflet_string(m)
    assert _draw_local(script) == draw_texts("zh")
    assert script.index("L.drawLocal =") < script.index("new L.Control.Draw(")
