"""The demand estimate's reasons in the planner's language.

The library writes each building's ``basis``, the regional profile's reason
and the census audit's status in English words of a small, fixed grammar
(:mod:`servicecircle.demand.evidence`, :mod:`~servicecircle.demand.profiles`,
:mod:`~servicecircle.demand.census_scaling`). The functions here read that
grammar and say the same in the session's language with the UI strings
(``basis.*``, ``profile.*``, ``audit.*``); a phrase they do not know is shown
as the library wrote it, so nothing is ever hidden.

OSM tags (``building=apartments``, ``amenity=social_facility``) are said in
words (公寓楼, 社会服务设施) where :mod:`servicecircle.i18n.tables.osm_words`
has one (:func:`tag_word`), else as OSM writes them; the planner's own names
stay as they are.
Streamlit-free: the pages pass the language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from servicecircle.i18n import keys, t
from servicecircle.i18n.message import Message, say

Phrase = Callable[[re.Match[str], str], str]

_NUMBER: Final = r"[\d,]+(?:\.\d+)?"


def _ground(value: str, kind: str, lang: str) -> str:
    """The phrase "in university grounds" / "in commercial land" in words of ``lang``."""
    key = f"osm_value.{value.strip().replace(' ', '_')}"
    word = t(key, lang)
    if word == key:
        word = value.strip()
    return t(f"basis.in_{kind}", lang, value=word)


def _decision(value: str, lang: str) -> str:
    key = f"decision.{value}"
    word = t(key, lang)
    return value if word == key else word


def _planner_area(name: str, lang: str) -> str:
    """An override area's label: its quoted name, or its number."""
    quoted = re.fullmatch(r"'(.*)'", name)
    return quoted.group(1) if quoted else t("basis.area_number", lang, number=name)


def _what(value: str, lang: str) -> str:
    key = f"basis.what.{value.replace(' ', '_')}"
    word = t(key, lang)
    return value if word == key else word


def tag_word(tag: str, lang: str) -> str:
    """An OSM tag (``building=apartments``) in words of ``lang``, else as written.

    >>> tag_word("building=apartments", "zh"), tag_word("amenity=social_facility", "en")
    ('公寓楼', 'social facility')
    >>> tag_word("building=spaceport", "zh")
    'building=spaceport'
    """
    key, _, value = tag.partition("=")
    name = f"osm_tag.{key.strip()}.{value.strip()}"
    return t(name, lang) if name in keys(lang) else tag  # OSM has more tags than words


_GROUND: Final = r"in (?P<value>.+?) (?P<kind>land|grounds)"

# (pattern matching one whole segment, how to say it); the first that matches wins
_PHRASES: Final[tuple[tuple[re.Pattern[str], Phrase], ...]] = tuple(
    (re.compile(pattern), phrase)
    for pattern, phrase in (
        (
            r"planner: (?P<decision>[\w-]+) \(id (?P<id>-?\d+)\)",
            lambda m, lang: t(
                "basis.planner_id", lang, decision=_decision(m["decision"], lang), id=m["id"]
            ),
        ),
        (
            r"planner area (?P<name>.+): (?P<decision>[\w-]+)",
            lambda m, lang: t(
                "basis.planner_area",
                lang,
                name=_planner_area(m["name"], lang),
                decision=_decision(m["decision"], lang),
            ),
        ),
        (r"tag (?P<tag>.+)", lambda m, lang: _use_tag(m["tag"], lang)),
        (
            rf"(?P<said>building=\S+|untagged), {_GROUND}",
            lambda m, lang: t(
                "basis.with_ground",
                lang,
                said=_said(m["said"], lang),
                ground=_ground(m["value"], m["kind"], lang),
            ),
        ),
        (
            r"untagged, no land use",
            lambda _m, lang: t("basis.untagged_no_land_use", lang),
        ),
        (r"untagged", lambda _m, lang: t("basis.untagged", lang)),
        (r"building=\S+", lambda m, lang: t("basis.building", lang, tag=tag_word(m[0], lang))),
        (r"[a-z_:]+=\S+", lambda m, lang: tag_word(m[0], lang)),
        (
            r"network node within (?P<reach>[\d.]+) m of a gap",
            lambda m, lang: t("basis.network_point", lang, reach=m["reach"]),
        ),
        (
            rf"footprint (?P<size>{_NUMBER}) m² under (?P<limit>{_NUMBER}) m²",
            lambda m, lang: t("basis.small_footprint", lang, size=m["size"], limit=m["limit"]),
        ),
        (r"footprint under the smallest", lambda _m, lang: t("basis.small_footprints", lang)),
        (
            rf"footprint (?P<size>{_NUMBER}) ha over (?P<limit>{_NUMBER}) ha, counted as land "
            rf"at (?P<density>{_NUMBER}) people/ha",
            lambda m, lang: t(
                "basis.large_footprint",
                lang,
                size=m["size"],
                limit=m["limit"],
                density=m["density"],
            ),
        ),
        (
            rf"name contains (?P<word>.+), {_GROUND}",
            lambda m, lang: t(
                "basis.name_ground",
                lang,
                word=m["word"],
                ground=_ground(m["value"], m["kind"], lang),
            ),
        ),
        (r"name contains (?P<word>.+)", lambda m, lang: t("basis.name", lang, word=m["word"])),
        (_GROUND, lambda m, lang: _ground(m["value"], m["kind"], lang)),
        (
            rf"unmapped residential land \((?P<part>{_NUMBER}) of (?P<whole>{_NUMBER}) ha\) "
            rf"at (?P<density>{_NUMBER}) people/ha",
            lambda m, lang: t(
                "basis.unmapped_land_of",
                lang,
                part=m["part"],
                whole=m["whole"],
                density=m["density"],
            ),
        ),
        (r"unmapped residential land", lambda _m, lang: t("basis.unmapped_land", lang)),
        (
            rf"industrial land at (?P<density>{_NUMBER}) jobs/ha",
            lambda m, lang: t("basis.industrial_land", lang, density=m["density"]),
        ),
        (
            r"(?P<what>relocation area|industrial area): people given",
            lambda m, lang: t("basis.people_given", lang, what=_what(m["what"], lang)),
        ),
        (
            rf"(?P<what>relocation area|industrial area): area at (?P<density>{_NUMBER}) per ha",
            lambda m, lang: t(
                "basis.area_density", lang, what=_what(m["what"], lang), density=m["density"]
            ),
        ),
        (r"people from the population grid", lambda _m, lang: t("basis.from_grid", lang)),
        (r"population grid", lambda _m, lang: t("basis.grid", lang)),
        (r"planner's demand points", lambda _m, lang: t("basis.planner_points", lang)),
        (r"\(none\)", lambda _m, lang: t("basis.none", lang)),
    )
)


def _use_tag(tag: str, lang: str) -> str:
    """A use tag (``shop=mall``) that made a building no home: its word, else "tag shop=mall"."""
    word = tag_word(tag, lang)
    return t("basis.tag", lang, tag=tag) if word == tag else word


def _said(said: str, lang: str) -> str:
    if said == "untagged":
        return t("basis.untagged", lang)
    return t("basis.building", lang, tag=tag_word(said, lang))


def _segment(text: str, lang: str) -> str:
    for pattern, phrase in _PHRASES:
        found = pattern.fullmatch(text)
        if found:
            return phrase(found, lang)
    return text


def basis_text(basis: object, lang: str) -> str:
    """A building's or unit's ``basis`` in ``lang`` ("" when there is none).

    >>> basis_text("tag shop=mall", "en"), basis_text("tag shop=bakery", "en")
    ('shopping mall', 'tag shop=bakery')
    >>> basis_text("building=dormitory, in university grounds", "zh")
    '建筑类型 宿舍楼，位于大学场地内'
    >>> basis_text("name contains 党群服务; amenity=community_centre", "zh")
    '名称含“党群服务”；社区中心'
    >>> basis_text("something new", "zh")
    'something new'
    """
    if not isinstance(basis, str) or not basis.strip():
        return ""
    parts = [_segment(part.strip(), lang) for part in basis.split("; ")]
    return t("basis.sep", lang).join(parts)


def decision_text(decision: object, lang: str) -> str:
    """``residential``, ``non-residential`` or ``industrial`` in ``lang``."""
    return _decision(str(decision), lang)


_REASONS: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"set by the planner", "profile.reason.planner"),
        (
            r"centre (?P<lon>-?[\d.]+)°E (?P<lat>-?[\d.]+)°N lies outside China",
            "profile.reason.outside",
        ),
        (
            r"in China; (?P<count>\d+) of (?P<total>\d+) townships are subdistricts \(街道\)",
            "profile.reason.subdistricts",
        ),
        (
            r"in China; (?P<count>\d+) of (?P<total>\d+) townships are towns \(镇/乡\)",
            "profile.reason.towns",
        ),
        (
            rf"in China; median of (?P<count>\d+) buildings with levels or a height: "
            rf"(?P<levels>{_NUMBER}) storeys",
            "profile.reason.levels",
        ),
        (
            rf"in China; median footprint of (?P<count>\d+) buildings: (?P<size>{_NUMBER}) m²",
            "profile.reason.footprint",
        ),
        (r"in China; too few buildings to tell a town from a city", "profile.reason.few"),
    )
)


def profile_reason_text(reason: str, lang: str) -> str:
    """Why the regional profile was chosen, in ``lang`` (the library's words if unknown)."""
    for pattern, key in _REASONS:
        found = pattern.fullmatch(reason.strip())
        if found:
            return t(key, lang, **found.groupdict())
    return reason


def profile_label(name: str, lang: str) -> str:
    """A regional profile's name (``china_city``) in words of ``lang``."""
    key = f"profile.{name}"
    text = t(key, lang)
    return name if text == key else text


_STATUSES: Final = {
    "scaled": "audit.status.scaled",
    "no census total": "audit.status.no_census",
    "no census total; scaled with its township": "audit.status.with_parent",
    "not found": "audit.status.not_found",
    "several units match": "audit.status.ambiguous",
    "unit given twice": "audit.status.repeated",
    "no residents estimated": "audit.status.no_residents",
    "smaller than its communities": "audit.status.under_parts",
}


def audit_status_text(status: object, lang: str, detail: object = None) -> str:
    """A census audit status in ``lang``, with its ``detail`` (a message) said in ``lang`` too.

    A project saved before the detail was kept apart has it after ``": "`` in
    the status, in English; it is kept as written.

    >>> from servicecircle.i18n.message import msg
    >>> audit_status_text("unit given twice", "zh", msg("msg.demand.census.same_unit",
    ...     where=msg("msg.demand.place.row", source="p.csv", row=3)))
    '同一单元重复给出；与 p.csv 第 3 行 是同一个单元'
    """
    if not isinstance(status, str):
        return ""
    said = say(detail, lang) if isinstance(detail, Message | str) else ""
    for known in sorted(_STATUSES, key=len, reverse=True):
        if status == known or status.startswith(known + ": "):
            label = t(_STATUSES[known], lang)
            said = said or status[len(known) + 2 :]
            return f"{label}{t('basis.sep', lang)}{said}" if said else label
    return f"{status}{t('basis.sep', lang)}{said}" if said else status


def audit_level_text(level: object, lang: str) -> str:
    """An audit row's level (township, community, area, outside) in ``lang``."""
    key = f"audit.level.{level}"
    text = t(key, lang)
    return str(level or "") if text == key else text


_OLD_PLACE: Final = re.compile(
    r"(?P<file>.+?)(?: sheet '(?P<sheet>.+)')? (?P<unit>row|feature) (?P<row>\d+)"
)


def where_text(where: object, lang: str) -> str:
    """Where a census total was read, in ``lang``: a message, or English text (older projects).

    >>> where_text("人口.csv row 5", "zh"), where_text("b.gpkg feature 2", "zh")
    ('人口.csv 第 5 行', 'b.gpkg 第 2 个要素')
    """
    if isinstance(where, Message):
        return where.text(lang)
    if not isinstance(where, str):
        return ""
    found = _OLD_PLACE.fullmatch(where)
    if found is None:
        return where
    source = found["file"] + (f" [{found['sheet']}]" if found["sheet"] else "")
    key = f"msg.demand.place.{found['unit']}"
    return t(key, lang, source=source, row=int(found["row"]))


_LEVELS_OTHER: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (rf"(?P<levels>{_NUMBER}) \(set by the planner\)", "assumption.levels_other.planner"),
        (
            rf"(?P<levels>{_NUMBER}) \(median of (?P<count>\d+) residential buildings with "
            r"levels\)",
            "assumption.levels_other.median",
        ),
        (
            rf"(?P<levels>{_NUMBER}) \(regional profile \((?P<count>\d+) residential buildings "
            r"with levels, fewer than (?P<minimum>\d+)\)\)",
            "assumption.levels_other.profile",
        ),
    )
)


def _levels_other(value: object, lang: str) -> str:
    for pattern, key in _LEVELS_OTHER:
        found = pattern.fullmatch(str(value))
        if found:
            return t(key, lang, **found.groupdict())
    return str(value)


def _profile_source(value: object, lang: str) -> str:
    from servicecircle.demand import PROFILES

    for name, profile in PROFILES.items():
        if profile.source == value:
            return t(f"profile.source.{name}", lang)
    return str(value)


def _names(value: object, lang: str) -> str:
    if isinstance(value, list | tuple):
        return t("common.list_sep", lang).join(str(v) for v in value) or t("common.none", lang)
    return str(value)


_ASSUMPTION_VALUES: Final[dict[str, Callable[[object, str], str]]] = {
    "profile": lambda v, lang: profile_label(str(v), lang),
    "profile_reason": lambda v, lang: profile_reason_text(str(v), lang),
    "profile_source": _profile_source,
    "levels_other": _levels_other,
    "formula": lambda _v, lang: t("assumption.formula_text", lang),
    "user_mode": lambda v, lang: t(f"demand.points_mode.{v}", lang),
    "census_scaled": _names,
}


def _as_written(value: object, _lang: str) -> str:
    return str(value)


def assumption_rows(assumptions: dict[str, object], lang: str) -> list[tuple[str, str]]:
    """The estimate's assumptions as (name, value) in ``lang``, in their order.

    Names without words of their own, and values that are plain numbers or
    unknown phrases, are shown as the estimate wrote them.
    """
    rows: list[tuple[str, str]] = []
    for name, value in assumptions.items():
        key = f"assumption.{name}"
        label = t(key, lang)
        said = _ASSUMPTION_VALUES.get(name, _as_written)(value, lang)
        rows.append((name if label == key else label, said))
    return rows


__all__ = [
    "assumption_rows",
    "audit_level_text",
    "audit_status_text",
    "basis_text",
    "decision_text",
    "profile_label",
    "profile_reason_text",
    "where_text",
]
