"""The language the command line speaks in: ``--lang`` or ``SERVICECIRCLE_LANG`` (default en).

Errors, warnings, notes and progress steps of the library are messages
(:class:`~servicecircle.i18n.message.Message`); the command line says them in
this language.

>>> set_message_lang("zh"); message_lang()
'zh'
>>> set_message_lang("en"); said(msg("msg.planning.bad_capacity"))
'Capacity must be a positive number of people per outlet.'
"""

from __future__ import annotations

import os

from servicecircle.i18n.message import msg, say

__all__ = ["ENV_VAR", "default_lang", "message_lang", "msg", "said", "set_message_lang"]

#: The environment variable naming the command line's language (zh or en).
ENV_VAR = "SERVICECIRCLE_LANG"

_current = {"lang": "en"}


def default_lang() -> str:
    """``SERVICECIRCLE_LANG`` when it is zh or en, else en."""
    value = os.environ.get(ENV_VAR, "").strip().lower()
    return value if value in ("zh", "en") else "en"


def set_message_lang(lang: str) -> None:
    """Speak ``lang`` (zh or en) from now on."""
    _current["lang"] = lang if lang in ("zh", "en") else "en"


def message_lang() -> str:
    """The language the command line speaks now."""
    return _current["lang"]


def said(words: object) -> str:
    """``words`` (a message, an error carrying one, or text) in the command line's language."""
    return say(words, message_lang())
