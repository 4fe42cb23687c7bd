"""Premises recognised by their names, since Chinese OSM rarely tags them.

A 党群服务中心 or a 零工市场 is mapped in China as a node or a building with a
name and, mostly, no ``amenity`` tag. :class:`PremiseNames` holds the words
(Chinese and English) that make a named feature a premise, and
:func:`match_name` says which group of words a name belongs to:

- **existing employment service outlets**: 人社, 人力资源, 就业, 社保, 劳动保障,
  人才市场, 零工市场, 就业驿站, ...; ``--outlets osm`` takes them as today's
  outlets;
- **candidate premises**: community, party-and-people and convenience service
  centres (社区/党群/便民服务中心), residents' and village committees
  (居委会, 村委会), sub-district offices and township governments
  (街道办事处, 镇人民政府): public rooms where a new window could open.

An employment word decides over a candidate word (a 便民服务中心 with a 人社窗口
in its name is an outlet); within a role the longest word decides (家门口就业服务站
is a doorstep station, not any 就业). A name holding an exclusion word (医院,
学校, 酒店, 银行, 物业, 公司, ...) right before a premise word (汽车服务中心,
大学就业指导中心) or anywhere after its start (镇政府宿舍, 人力资源有限公司) is no
premise; before it and apart from it, the exclusion is only part of a place
name (南京大学社区居委会 is a residents' committee).

Only points and areas are recognised by name, and only features without the
tags of :attr:`PremiseNames.ignored_tags`: a bus stop named 党群服务中心站 or a
shop called 便民服务中心 is neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

Role = Literal["outlet", "candidate"]

#: Characters that may stand between an exclusion word and the premise word it
#: spoils (汽车 服务中心, "car - service centre").
_JOINERS = " \t-_·•/|,，、.。()（）[]【】"


@dataclass(frozen=True)
class NameGroup:
    """Words that make a named feature one kind of premise.

    Attributes
    ----------
    kind
        Premise kind given to a match (the ``kind`` column of the premises layer).
    role
        ``"outlet"``: an existing employment service outlet; ``"candidate"``:
        a premise where a new outlet could open.
    outlet_type
        The outlet type such a premise is, or would host (a key of
        :data:`servicecircle.outlets.DEFAULT_OUTLET_TYPES`).
    words
        Chinese words match anywhere in a name; English words (ASCII) match
        whole words, in any case.
    """

    kind: str
    role: Role
    outlet_type: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class NameMatch:
    """Why a name makes a premise: the group, the word and the name key it was found in."""

    group: NameGroup
    word: str
    key: str

    @property
    def basis(self) -> str:
        """``"name contains 党群服务"``: the reason, for the ``basis`` column."""
        return f"{self.key} contains {self.word}"


DEFAULT_GROUPS: tuple[NameGroup, ...] = (
    NameGroup(
        "gig_market",
        "outlet",
        "gig_market",
        (
            "零工市场",
            "零工之家",
            "劳务市场",
            "人力资源市场",
            "人才市场",
            "gig market",
            "day labour market",
            "day labor market",
        ),
    ),
    NameGroup(
        "employment_service",
        "outlet",
        "employment_post",
        ("就业驿站", "就业服务驿站", "零工驿站", "employment post"),
    ),
    NameGroup(
        "employment_service",
        "outlet",
        "doorstep_station",
        ("家门口就业服务站", "家门口就业", "就业服务站", "就业服务点", "doorstep employment"),
    ),
    NameGroup(
        "employment_service",
        "outlet",
        "community_window",
        (
            "人社",
            "人力资源和社会保障",
            "人力资源社会保障",
            "人力资源",
            "就业",
            "社保",
            "社会保险",
            "劳动保障",
            "劳动就业",
            "人才服务中心",
            "人才交流中心",
            "jobcentre",
            "job centre",
            "job center",
            "employment office",
            "employment centre",
            "employment center",
            "employment service",
            "employment services",
            "labour office",
            "labor office",
        ),
    ),
    NameGroup(
        "community_service",
        "candidate",
        "community_window",
        (
            "党群服务",
            "社区服务中心",
            "社区服务站",
            "社区工作站",
            "社区综合服务",
            "便民服务中心",
            "便民服务站",
            "便民服务大厅",
            "政务服务",
            "社区活动中心",
            "community centre",
            "community center",
            "community hall",
            "community service centre",
            "community service center",
            "civic centre",
            "civic center",
            "neighbourhood centre",
            "neighborhood center",
            "village hall",
        ),
    ),
    NameGroup(
        "community_committee",
        "candidate",
        "doorstep_station",
        (
            "居委会",
            "居民委员会",
            "村委会",
            "村民委员会",
            "村部",
            "residents' committee",
            "residents committee",
            "village committee",
        ),
    ),
    NameGroup(
        "subdistrict_office",
        "candidate",
        "community_window",
        (
            "街道办事处",
            "街道办",
            "乡人民政府",
            "镇人民政府",
            "乡政府",
            "镇政府",
            "乡镇政府",
            "subdistrict office",
            "sub-district office",
            "township government",
        ),
    ),
)

DEFAULT_EXCLUSIONS: tuple[str, ...] = (
    # health, education, lodging, food
    "医院",
    "卫生",
    "诊所",
    "门诊",
    "药店",
    "药房",
    "学校",
    "小学",
    "中学",
    "大学",
    "学院",
    "幼儿园",
    "酒店",
    "宾馆",
    "饭店",
    "旅馆",
    "招待所",
    "餐厅",
    "餐饮",
    # money, cars, property, trade
    "银行",
    "信用社",
    "汽车",
    "车辆",
    "物业",
    "售后",
    "维修",
    "客服",
    "客户服务",
    "营业厅",
    "公司",
    "有限",
    "集团",
    "商场",
    "超市",
    "产业园",
    # homes and facilities beside the premise
    "宿舍",
    "家属院",
    "家属楼",
    "停车场",
    "公厕",
    "厕所",
    "旧址",
    "hospital",
    "clinic",
    "school",
    "university",
    "college",
    "hotel",
    "restaurant",
    "bank",
    "car",
    "auto",
    "vehicle",
    "property management",
    "customer service",
    "company",
    "ltd",
    "inc",
    "mall",
    "supermarket",
    "parking",
    "toilet",
    "toilets",
)

DEFAULT_NAME_KEYS: tuple[str, ...] = (
    "name",
    "name:zh",
    "name:zh-Hans",
    "official_name",
    "short_name",
    "alt_name",
)

#: Features with one of these keys (any value) are never premises by name.
DEFAULT_IGNORED_KEYS: tuple[str, ...] = (
    "highway",
    "railway",
    "public_transport",
    "route",
    "boundary",
    "place",
    "waterway",
    "natural",
    "shop",
    "craft",
    "healthcare",
    "tourism",
)

#: Features with one of these values are never premises by name.
DEFAULT_IGNORED_VALUES: dict[str, tuple[str, ...]] = {
    "amenity": (
        "atm",
        "bank",
        "bicycle_parking",
        "bus_station",
        "cafe",
        "car_wash",
        "clinic",
        "college",
        "dentist",
        "doctors",
        "fast_food",
        "fuel",
        "hospital",
        "kindergarten",
        "parking",
        "parking_entrance",
        "pharmacy",
        "restaurant",
        "school",
        "toilets",
        "university",
        "vending_machine",
        "waste_basket",
    ),
    "office": ("company", "estate_agent", "insurance", "lawyer"),
    "building": ("dormitory", "hospital", "school", "university"),
}


@dataclass(frozen=True)
class PremiseNames:
    """The words, exclusions and name keys by which named features become premises.

    Attributes
    ----------
    groups
        The word groups, each with its kind, role and outlet type.
    exclusions
        Words that keep a name from matching (see the module docstring).
    name_keys
        OSM keys read for names, in order (the first one present names the premise).
    ignored_keys
        Keys whose presence (any value) rules a feature out by name.
    ignored_values
        Key -> values that rule a feature out by name (``amenity=bank``, ...).
    tag_outlet_types
        Outlet type guessed for premises recognised by their tags alone.
    """

    groups: tuple[NameGroup, ...] = DEFAULT_GROUPS
    exclusions: tuple[str, ...] = DEFAULT_EXCLUSIONS
    name_keys: tuple[str, ...] = DEFAULT_NAME_KEYS
    ignored_keys: tuple[str, ...] = DEFAULT_IGNORED_KEYS
    ignored_values: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_IGNORED_VALUES)
    )
    tag_outlet_types: Mapping[str, str] = field(
        default_factory=lambda: {
            "community_centre": "community_window",
            "townhall": "community_window",
            "social_facility": "community_window",
        }
    )

    def words(self, role: Role | None = None) -> tuple[str, ...]:
        """Every word of the groups of ``role`` (all groups for ``None``), in order, once."""
        seen: dict[str, None] = {}
        for group in self.groups:
            if role is None or group.role == role:
                seen.update(dict.fromkeys(group.words))
        return tuple(seen)

    def kinds(self, role: Role) -> tuple[str, ...]:
        """The premise kinds of the groups of ``role``, in order, once."""
        return tuple(dict.fromkeys(g.kind for g in self.groups if g.role == role))


DEFAULT_PREMISE_NAMES = PremiseNames()


def _is_ascii(word: str) -> bool:
    return word.isascii()


def _pattern(word: str) -> str:
    """A regular expression for ``word``: whole words for English, anywhere for Chinese."""
    escaped = re.escape(word.lower())
    return rf"(?<![a-z0-9]){escaped}(?![a-z0-9])" if _is_ascii(word) else escaped


def any_word_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """One compiled pattern matching any of ``words`` in lower-cased text (a quick pre-filter)."""
    parts = [_pattern(w) for w in sorted(set(words), key=len, reverse=True) if w]
    return re.compile("|".join(parts) if parts else r"(?!x)x")


@lru_cache(maxsize=4096)
def _compiled(word: str) -> tuple[str, re.Pattern[str]]:
    return word.lower(), re.compile(_pattern(word))


def _occurrences(text: str, word: str) -> list[tuple[int, int]]:
    """Where ``word`` occurs in the lower-cased ``text`` (start, end)."""
    lowered, pattern = _compiled(word)
    if lowered not in text:  # the quick test; most words are in no name
        return []
    return [m.span() for m in pattern.finditer(text)]


def _spoiled(text: str, start: int, exclusions: Iterable[str]) -> bool:
    """Whether an exclusion word spoils a premise word found at ``start`` of ``text``.

    It does when it occurs at or after ``start`` or right before it (only
    spaces or punctuation between).
    """
    for word in exclusions:
        for begin, end in _occurrences(text, word):
            if begin >= start or (end <= start and not text[end:start].strip(_JOINERS)):
                return True
    return False


def match_name(
    names: Mapping[str, str], settings: PremiseNames = DEFAULT_PREMISE_NAMES
) -> NameMatch | None:
    """The word group a feature's names belong to, or ``None``.

    Parameters
    ----------
    names
        OSM key -> name (``{"name": "玄武区零工市场", "name:zh": ...}``);
        keys not in ``settings.name_keys`` are ignored.
    settings
        The words and exclusions.

    Returns
    -------
    NameMatch or None
        Outlet groups beat candidate groups; then the longest word; then the
        earlier name key and group.
    """
    best: tuple[tuple[int, int, int, int], NameMatch] | None = None
    for key_rank, key in enumerate(settings.name_keys):
        value = names.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        text = value.strip().lower()
        for group_rank, group in enumerate(settings.groups):
            for word in group.words:
                for start, _ in _occurrences(text, word):
                    if _spoiled(text, start, settings.exclusions):
                        continue
                    rank = (int(group.role != "outlet"), -len(word), key_rank, group_rank)
                    if best is None or rank < best[0]:
                        best = (rank, NameMatch(group, word, key))
                    break
    return best[1] if best else None


def searched_names(settings: PremiseNames = DEFAULT_PREMISE_NAMES, *, role: Role = "outlet") -> str:
    """What a search for premises of ``role`` looked for, for a planner's message.

    A word holding a shorter word of the list is left out (a name with 就业驿站
    also contains 就业), so the list is short and says the same.
    """
    every = settings.words(role)
    shortest = [w for w in every if not any(o != w and o.lower() in w.lower() for o in every)]
    chinese = [w for w in shortest if not _is_ascii(w)]
    english = [w for w in shortest if _is_ascii(w)]
    words = "、".join(chinese) + (f" or {', '.join(english)}" if english else "")
    return f"names ({', '.join(settings.name_keys)}) containing {words}"
