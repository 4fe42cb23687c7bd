"""A planner's cells of a standards table or an outlets file, read in their words.

:data:`TIERS` are the service's tiers; :func:`tier_of`, :func:`mode_of` and
:func:`number_of` read a 层级, 出行方式 or 人员 cell (Chinese or English) for
:mod:`servicecircle.supply.standards` and :mod:`servicecircle.supply.outlets`.

>>> tier_of("街道（乡镇）"), tier_of("村"), tier_of("county"), tier_of("省级")
('township', 'community', 'county', None)
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Final

from servicecircle.i18n.labels import label
from servicecircle.inputs.files.columns import normalise_name
from servicecircle.network import modes_by_name

TIERS: tuple[str, ...] = ("county", "township", "community")
"""The tiers of the public employment service, top down: county (县级公共就业服务中心),
township/street (街道（乡镇）服务站) and community/village (社区（村）服务窗口)."""

TIER_WORDS: Final[Mapping[str, tuple[str, ...]]] = {
    "county": ("county", "district", "县级", "县", "区县", "县区", "区级", "县（区）", "县级以上"),
    "township": (
        "township",
        "street",
        "subdistrict",
        "town",
        "街道（乡镇）",
        "街道",
        "乡镇",
        "街镇",
        "镇街",
        "乡",
        "镇",
        "街道级",
        "乡镇级",
    ),
    "community": (
        "community",
        "village",
        "社区（村）",
        "社区",
        "村",
        "社区村",
        "村级",
        "社区级",
        "居委会",
        "村委会",
    ),
}
"""Tier -> the words a planner's 层级 cell may hold for it (compared normalised)."""

_NUMBER = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(?:人|名|天|日|分钟|min)?\s*$")


def tier_of(value: object) -> str | None:
    """The tier (:data:`TIERS`) a planner's cell means, or None (blank or unknown)."""
    text = normalise_name(str(value)) if value is not None else ""
    if not text or text == "nan":
        return None
    for tier, words in TIER_WORDS.items():
        if text in {normalise_name(word) for word in words}:
            return tier
    for tier in TIERS:
        if text in {normalise_name(label("tier.", tier, lang)) for lang in ("zh", "en")}:
            return tier
    return None


def mode_of(value: object) -> str | None:
    """The travel-mode key a cell means (``walk`` or 步行, ``ebike`` or 电动自行车), or None.

    >>> mode_of("电动自行车"), mode_of("Walk"), mode_of("飞行")
    ('ebike', 'walk', None)
    """
    text = normalise_name(str(value)) if value is not None else ""
    for key in modes_by_name():
        words = {key, label("mode.", key, "zh"), label("mode.", key, "en")}
        if text in {normalise_name(word) for word in words}:
            return key
    return None


def number_of(value: object) -> float | None:
    """A cell as a number (``3``, ``3人``, ``5天``); None when blank; NaN when not a number.

    >>> number_of("3人"), number_of(""), math.isnan(number_of("三") or 0)
    (3.0, None, True)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    if not text:
        return None
    found = _NUMBER.match(text.replace("，", "").replace(",", ""))
    return float(found.group(1)) if found else math.nan


__all__ = ["TIERS", "TIER_WORDS", "mode_of", "number_of", "tier_of"]
