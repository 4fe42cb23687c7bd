"""Every word a planner meets in the Chinese UI is Chinese.

One walk (:func:`tests.app.zh_walk.walk`) visits every page in zh on the
embedded sample, with the analysis and a siting run done, and collects what
each page shows (its maps and charts included) and the words of the HTML
report it builds in zh. Latin-script words outside the short
allow-list of :mod:`tests.app.zh_walk` (ids, units, format names) and outside
the names the OpenStreetMap data carries fail the test, unless listed in
``zh_known_failures.txt``: the known failures, printed on every run, that only
shrink (a listed failure that no longer occurs fails the test too, so the
list is kept exact).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.app.zh_walk import Seen, findings, latin_words, map_texts, read_known, walk

KNOWN = Path(__file__).with_name("zh_known_failures.txt")
PAGES = {
    "study_area (first visit)",
    "study_area",
    "demand",
    "outlets",
    "outlets:uploaded",
    "outlets:upload error",
    "coverage",
    "coverage:hexagons",
    "coverage:units",
    "coverage:groups",
    "siting (before a run)",
    "siting:pmedian",
    "siting:min",
    "siting:impossible",
    "siting:staff",
    "siting",
    "report:files",
    "report:report",
    "report:project",
    "report:report (built)",
    "report (HTML)",
}


@pytest.fixture(scope="module")
def walked() -> tuple[list[Seen], list[str]]:
    return walk("zh")


def test_the_walk_sees_every_page_with_results(walked: tuple[list[Seen], list[str]]) -> None:
    seen, names = walked
    assert {s.page for s in seen} == PAGES
    kinds = {(s.page, s.kind) for s in seen}
    for page in ("study_area", "demand", "outlets", "coverage", "siting"):
        assert (page, "map:layer") in kinds, f"no map seen on {page}"
    for page in ("siting", "siting:pmedian", "siting:min", "siting:staff"):
        assert (page, "metric") in kinds and (page, "dataframe") in kinds, page
        assert (page, "error") not in kinds, [
            s.text for s in seen if (s.page, s.kind) == (page, "error")
        ]
    assert ("siting", "chart:title") in kinds, "the coverage curve's titles"
    assert ("outlets:upload error", "error") in kinds, "the message of an unknown outlet type"
    assert ("outlets:uploaded", "dataframe") in kinds and ("outlets:uploaded", "error") not in kinds
    assert ("siting:impossible", "error") in kinds, "the message of a request no plan meets"
    for view in ("coverage:hexagons", "coverage:units"):
        assert (view, "map:layer") in kinds, view
    assert ("coverage", "dataframe") in kinds
    assert ("coverage:groups", "dataframe") in kinds, "the key groups' tables"
    assert ("coverage:groups", "error") not in kinds
    assert len(names) > 50, "the sample's OpenStreetMap names"


def test_the_chinese_ui_says_no_english(walked: tuple[list[Seen], list[str]]) -> None:
    seen, names = walked
    found = {f.line(): f for f in findings(seen, names)}
    known = read_known(KNOWN)
    remaining = [f for line, f in found.items() if line in known]
    if remaining:
        print(f"\n{len(remaining)} known failures still in the zh UI ({KNOWN.name}):")
        for f in remaining:
            print(f"  {f.line():40} [{f.kind}] {f.example!r}")
    new = [
        f"{f.line()}  [{f.kind}] {f.example!r}" for line, f in found.items() if line not in known
    ]
    fixed = [line for line in known if line not in found]
    assert not new, "English in the Chinese UI:\n" + "\n".join(new)
    assert not fixed, f"fixed now, remove from {KNOWN.name}:\n" + "\n".join(fixed)


# --------------------------------------------------------------------------- the checker itself


def test_latin_words_outside_the_allow_list() -> None:
    assert latin_words("auto site 17（花径路）") == ["auto", "site"]
    assert latin_words("community_window") == ["community", "window"]
    assert latin_words("按 `residential` 列；下载 coverage.gpkg 或 .xlsx；building=yes") == []
    assert latin_words("距离 1.5 km，EPSG:4527，GCJ-02，网点 A，P 中值") == []
    assert latin_words("Mannerheimintie 旁") == ["Mannerheimintie"]
    assert latin_words("Mannerheimintie 旁", names=re.compile("Mannerheimintie")) == []


def test_findings_name_the_page_and_flag_missing_values() -> None:
    seen = [
        Seen("siting", "dataframe", "None"),
        Seen("siting", "dataframe", "nan"),
        Seen("outlets", "dataframe", "walk"),
        Seen("outlets", "radio", "English"),
        Seen("outlets", "markdown", "English"),
        Seen("coverage", "dataframe", "Kaivokatu"),
    ]
    lines = [f.line() for f in findings(seen, ["Kaivokatu"])]
    assert lines == ["outlets | English", "outlets | walk", "siting | None/nan"]


def _map_json(**options: object) -> str:
    import json

    import folium

    from servicecircle.maps import web as webmap

    layer = webmap.MapLayer(group=folium.FeatureGroup(name="现有网点"), legend=())
    m = webmap.compose_map([layer], bounds=(24.9, 60.1, 25.0, 60.2), **options)  # type: ignore[arg-type]
    return json.dumps({"script": m.get_root().render()})


def test_map_checks_see_drawing_texts_and_scale() -> None:
    texts = list(map_texts(_map_json(draw=("marker",))))
    assert ("layer", "现有网点") in texts
    kinds = {kind for kind, _ in texts}
    assert "attribution" in kinds
    html = '"script": "L.Control.Draw(options); L.control.scale({\\"imperial\\": true})"'
    flagged = {kind for kind, _ in map_texts("{" + html + "}")}
    assert {"draw-locale", "scale"} <= flagged


def test_chart_checks_see_titles_and_untitled_fields() -> None:
    import json

    from tests.app.zh_walk import chart_texts

    spec = {
        "encoding": {
            "x": {"field": "n_new", "title": "新站点数"},
            "y": {"field": "share"},
            "tooltip": [{"field": "covered", "title": "人数"}],
        },
        "title": {"text": "覆盖曲线"},
    }
    assert sorted(chart_texts(json.dumps(spec))) == sorted(
        [("title", "覆盖曲线"), ("title", "新站点数"), ("field", "share"), ("title", "人数")]
    )


_KEY_LIKE = re.compile(r"\b(?:msg\.)?[a-z_]+(?:\.[a-z_0-9]+)+\b")


def raw_keys(texts: list[Seen]) -> list[str]:
    """``page: key`` for every string-table key shown as it is (a text missing in a table)."""
    from servicecircle.i18n import keys

    known = keys("en") | keys("zh")
    found = {
        f"{s.page}: {m}"
        for s in texts
        if not s.kind.startswith("map:")  # a map's script holds folium's own dotted names
        for m in _KEY_LIKE.findall(s.text)
        if m in known or m.startswith("msg.")
    }
    return sorted(found)


def test_raw_keys_are_found() -> None:
    assert raw_keys([Seen("p", "caption", "editing.click.add"), Seen("p", "text", "a.b c")]) == [
        "p: editing.click.add"
    ]


def test_the_english_ui_shows_no_raw_keys() -> None:
    seen, _ = walk("en")
    assert {s.page for s in seen} == PAGES
    assert not raw_keys(seen), raw_keys(seen)


def test_the_chinese_ui_shows_no_raw_keys(walked: tuple[list[Seen], list[str]]) -> None:
    assert not raw_keys(walked[0]), raw_keys(walked[0])
