"""User-interface strings in Chinese and English, kept in one place per language.

Each language is one module (:mod:`servicecircle.i18n.zh`,
:mod:`servicecircle.i18n.en`) holding a flat ``STRINGS`` dict from a dotted key
(``"page.study_area"``) to the text. Look strings up with :func:`t`; texts may
contain ``str.format`` fields filled from keyword arguments.

The app, the siting report and the maps share these tables: the report's texts
sit under the ``report.`` prefix, and a class, travel mode, outlet type, model or
solver status has one name everywhere (:mod:`servicecircle.i18n.labels`).

The library's own messages (errors, warnings, notes, progress) are
:class:`~servicecircle.i18n.message.Message` objects whose texts live in
:mod:`servicecircle.i18n.tables`, one module per stage with both languages.

The library stays free of Streamlit: the app passes ``lang`` explicitly.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Final, Literal

from servicecircle.i18n import en, zh
from servicecircle.i18n.tables import merged

logger = logging.getLogger(__name__)

Lang = Literal["zh", "en"]
"""A supported language code."""

LANGS: Final[tuple[Lang, ...]] = ("zh", "en")
"""Supported languages; the first is the default."""

LANG_NAMES: Final[dict[str, str]] = {"zh": "中文", "en": "English"}
"""Each language's name in itself, for the language switch."""

_TABLES: Final[dict[str, Mapping[str, str]]] = {
    "zh": {**zh.STRINGS, **merged("zh")},
    "en": {**en.STRINGS, **merged("en")},
}


def t(key: str, lang: str = "zh", /, **fields: object) -> str:
    """Return the text for ``key`` in ``lang``, formatted with ``fields``.

    Parameters
    ----------
    key
        Dotted key, e.g. ``"page.study_area"``.
    lang
        ``"zh"`` or ``"en"``; anything else falls back to ``"zh"``.
    **fields
        Values for ``{name}`` fields in the text.

    Returns
    -------
    str
        The text. A key missing from ``lang`` falls back to English, then to
        the key itself (logged), so a missing string never breaks a page.
    """
    table = _TABLES.get(lang, _TABLES[LANGS[0]])
    text = table.get(key)
    if text is None:
        text = _TABLES["en"].get(key)
        if text is None:
            logger.warning("missing UI string %r", key)
            return key
    if fields:
        try:
            return text.format(**fields)
        except (KeyError, IndexError, ValueError):
            logger.warning("UI string %r could not be formatted with %s", key, sorted(fields))
            return text
    return text


def keys(lang: str) -> frozenset[str]:
    """Return every key defined for ``lang``."""
    return frozenset(_TABLES[lang])


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if supported, else raise ``ValueError`` naming the choices.

    >>> check_lang("en")
    'en'
    """
    for code in LANGS:
        if lang == code:
            return code
    raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")


def table(lang: str) -> Mapping[str, str]:
    """The strings of ``lang`` (checked with :func:`check_lang`), key -> text, unformatted."""
    return _TABLES[check_lang(lang)]


__all__ = ["LANGS", "LANG_NAMES", "Lang", "check_lang", "keys", "t", "table"]
