"""UI strings: both languages complete, lookup falls back, formatting works."""

from __future__ import annotations

import re
import string

from servicecircle.i18n import LANGS, keys, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_exists_in_both_languages() -> None:
    assert keys("zh") == keys("en")


def test_format_fields_match_between_languages() -> None:
    for key in keys("en"):
        assert _fields(t(key, "zh")) == _fields(t(key, "en")), key


def test_chinese_strings_are_chinese() -> None:
    # a name, and punctuation
    proper_names = {
        "basemap.osm",
        "siting.reason.sep",
        "common.list_sep",
        "basis.sep",
        "basis.with_ground",
    }
    han = re.compile(r"[\u4e00-\u9fff]")
    for key in keys("zh") - proper_names:
        assert han.search(t(key, "zh")), key


def test_lookup_and_fallbacks() -> None:
    assert LANGS == ("zh", "en")
    assert t("page.study_area", "en") == "1 Study area"
    assert t("page.study_area", "fr") == t("page.study_area", "zh")  # unknown language
    assert t("no.such.key", "en") == "no.such.key"
    assert t("app.current_area", "en", name="Vaduz") == "Study area: Vaduz"
    assert t("app.current_area", "en") == "Study area: {name}"  # missing field: raw text
