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

from servicecircle.inputs.premise_keywords import (
    DEFAULT_EXCLUSIONS,
    DEFAULT_GROUPS,
    DEFAULT_IGNORED_KEYS,
    DEFAULT_IGNORED_VALUES,
    DEFAULT_NAME_KEYS,
    NameGroup,
    Role,
)

#: Characters that may stand between an exclusion word and the premise word it
#: spoils (汽车 服务中心, "car - service centre").
_JOINERS = " \t-_·•/|,，、.。()（）[]【】"


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
    shortest = searched_words(settings, role=role)
    chinese = [w for w in shortest if not _is_ascii(w)]
    english = [w for w in shortest if _is_ascii(w)]
    words = "、".join(chinese) + (f" or {', '.join(english)}" if english else "")
    return f"names ({', '.join(settings.name_keys)}) containing {words}"


def searched_words(
    settings: PremiseNames = DEFAULT_PREMISE_NAMES, *, role: Role = "outlet"
) -> tuple[str, ...]:
    """The words of ``role`` that hold no shorter word of the list (Chinese first), for messages.

    >>> "零工市场" in searched_words(role="outlet"), "就业驿站" in searched_words(role="outlet")
    (True, False)
    """
    every = settings.words(role)
    shortest = [w for w in every if not any(o != w and o.lower() in w.lower() for o in every)]
    return tuple(sorted(shortest, key=_is_ascii))
