"""UI strings: both languages complete, lookup falls back, formatting works."""

from __future__ import annotations

import re
import string

from servicecircle.i18n import LANGS, keys, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_exists_in_both_languages() -> None:
    assert keys("zh") == keys("en")


#: Fields one language's grammar needs and the other's does not (callers pass both).
ONE_LANGUAGE_FIELDS = {"places", "month", "month_name"}  # English plural; 11月 / November


def test_format_fields_match_between_languages() -> None:
    for key in keys("en"):
        if t(key, "en") == "{label}":
            continue  # a name the library writes in English; zh says it from its parts
        zh, en = _fields(t(key, "zh")), _fields(t(key, "en"))
        assert zh - ONE_LANGUAGE_FIELDS == en - ONE_LANGUAGE_FIELDS, key


def test_chinese_strings_are_chinese() -> None:
    # words are Chinese; punctuation, numbers and {fields} alone are fine (separators, "{area}")
    proper_names = {"basemap.osm"}
    han = re.compile(r"[\u4e00-\u9fff]")
    for key in keys("zh") - proper_names:
        text = t(key, "zh")
        words = re.sub(r"\{[^}]*\}", "", text)
        assert han.search(text) or not re.search(r"[A-Za-z]", words), key


def test_lookup_and_fallbacks() -> None:
    assert LANGS == ("zh", "en")
    assert t("page.study_area", "en") == "1 Study area"
    assert t("page.study_area", "fr") == t("page.study_area", "zh")  # unknown language
    assert t("no.such.key", "en") == "no.such.key"
    assert t("app.current_area", "en", name="Vaduz") == "Study area: Vaduz"
    assert t("app.current_area", "en") == "Study area: {name}"  # missing field: raw text


def test_one_name_per_class_mode_and_outlet_type() -> None:
    """The app, the report and the map say the same words for a class, mode or outlet type."""
    from servicecircle.demand import DEMAND_CLASSES
    from servicecircle.i18n.labels import class_label, mode_label, outlet_type_label
    from servicecircle.network.modes import PRESETS
    from servicecircle.report.strings import text

    outlet_types = ("community_window", "doorstep_station", "employment_post", "gig_market")
    for lang in LANGS:
        for name in DEMAND_CLASSES:
            # the app's tr(f"class.{c}") and the report's / map's class_label
            assert t(f"class.{name}", lang) == class_label(name, lang) != name
        for name in (mode.name for mode in PRESETS):
            assert t(f"mode.{name}", lang) == mode_label(name, lang) != name
        for name in outlet_types:
            assert t(f"outlet.{name}", lang) == outlet_type_label(name, lang) != name
        assert class_label("residential", "zh") == "居住区"  # the planning term
        assert class_label("residential", "en") == "residential area"
        # the report's own texts are the i18n table's report.* keys
        assert text("units.outside", lang) == t("report.units.outside", lang)


def test_labels_fall_back() -> None:
    from servicecircle.i18n.labels import lookup, status_label

    assert lookup("PROFILES", "china_city", "en") == "Chinese city"
    assert lookup("NO_SUCH_LIST", "x", "en") == "x"
    assert lookup("CLASSES", "no_such_class", "zh") == "no_such_class"
    assert status_label("OPTIMAL", "en") == "optimal (gap within the solver's tolerance)"
    assert status_label("Weird", "en") == "Weird"
    assert status_label(None, "en") == ""
