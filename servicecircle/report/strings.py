"""Look up report and map texts by language (texts live in strings_zh / strings_en)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Final

from servicecircle.report import strings_en, strings_zh

logger = logging.getLogger(__name__)

LANGS: Final[tuple[str, ...]] = ("zh", "en")

_MODULES = {"zh": strings_zh, "en": strings_en}


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ValueError`` naming the choices."""
    if lang not in _MODULES:
        raise ValueError(f"unknown report language {lang!r}; choose one of {', '.join(LANGS)}")
    return lang


def text(key: str, lang: str = "zh", /, **fields: object) -> str:
    """Return the text for ``key`` in ``lang`` (falling back to English, then the key)."""
    value = _MODULES[check_lang(lang)].STRINGS.get(key) or strings_en.STRINGS.get(key)
    if value is None:
        logger.warning("missing report string %r", key)
        return key
    return value.format(**fields) if fields else value


def lookup(table: str, key: object, lang: str = "zh") -> str:
    """The label of ``key`` in the language's ``table`` (``CLASSES``, ``PROFILES``, ...).

    Falls back to the English table, then to the key as written.
    """
    for module in (_MODULES[check_lang(lang)], strings_en):
        mapping: Mapping[str, str] = getattr(module, table, {})
        if str(key) in mapping:
            return mapping[str(key)]
    return str(key)


_lookup = lookup


def class_label(name: object, lang: str = "zh") -> str:
    """Label of a demand class (``residential`` -> 居住区); unknown names unchanged."""
    return _lookup("CLASSES", name, lang)


def mode_label(name: object, lang: str = "zh") -> str:
    """Label of a travel mode (``walk`` -> 步行); unknown names unchanged."""
    return _lookup("MODES", name, lang)


def assumption_label(name: object, lang: str = "zh") -> str:
    """Label of an assumption key (``m2_per_person`` -> 人均居住面积); unknown keys unchanged."""
    return _lookup("ASSUMPTION_LABELS", name, lang)


def outlet_type_label(name: object, lang: str = "zh") -> str:
    """Label of an outlet type (``gig_market`` -> 零工市场); unknown names unchanged."""
    return _lookup("OUTLET_TYPES", name, lang)


def model_label(name: object, lang: str = "zh") -> str:
    """Label of a location model (``mclp`` -> 最大覆盖模型（MCLP）); unknown names unchanged."""
    return _lookup("MODELS", name, lang)


def method_label(name: object, lang: str = "zh") -> str:
    """Label of a solution method (``exact``, ``heuristic``); unknown names unchanged."""
    return _lookup("METHODS", name, lang)


def status_label(name: object, lang: str = "zh") -> str:
    """Label of a solver status; unknown values unchanged."""
    if name is None:
        return ""
    mapping: Mapping[str, str] = _MODULES[check_lang(lang)].STATUS
    return mapping.get(str(name).lower(), str(name))
