"""Messages the library says to a planner, kept as a key and fields until shown.

The library never writes prose for a planner directly: an error, a warning, a
note or a progress step is a :class:`Message` (a string-table key plus the
values to fill in), and whoever shows it picks the language. ``str()`` of a
message is its English text, so logs, the command line's default language
and callers that only know ``str`` keep working.

>>> note = Message("demo.count", {"count": 3})
>>> str(note) == say(note, "en")
True
>>> say("plain text", "zh")
'plain text'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    """One thing to say to a planner: a string-table key and its fields.

    Attributes
    ----------
    key
        Dotted key in the string tables (:mod:`servicecircle.i18n`).
    fields
        Values for the ``{name}`` fields of the text. A field may itself be a
        :class:`Message` (said in the same language) or a list or tuple of
        items (joined with the language's ``list_sep``: 、 or a comma).
    """

    key: str
    fields: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (``"zh"`` or ``"en"``)."""
        from servicecircle.i18n import t

        return t(
            self.key, lang, **{name: _said(value, lang) for name, value in self.fields.items()}
        )

    def __str__(self) -> str:
        """The English text (for logs and callers that only know ``str``)."""
        return self.text("en")

    def to_json(self) -> dict[str, Any]:
        """The message as JSON (key and fields; nested messages kept as keys)."""
        return {"key": self.key, "fields": {k: _json(v) for k, v in self.fields.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Message:
        """Inverse of :meth:`to_json`."""
        return cls(str(data["key"]), {k: _unjson(v) for k, v in dict(data["fields"]).items()})


def msg(key: str, /, **fields: Any) -> Message:
    """A :class:`Message` for ``key`` with ``fields`` (the short way to write one).

    >>> msg("errors.demo", rows="1, 2").fields["rows"]
    '1, 2'
    """
    return Message(key, fields)


def _said(value: Any, lang: str) -> Any:
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, BaseException):
        return say(value, lang)
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        from servicecircle.i18n import t

        return t("list_sep", lang).join(str(_said(item, lang)) for item in value)
    return value


def _json(value: Any) -> Any:
    if isinstance(value, Message):
        return {"message": value.to_json()}
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return [_json(item) for item in value]
    return value


def _unjson(value: Any) -> Any:
    if isinstance(value, Mapping) and set(value) == {"message"}:
        return Message.from_json(value["message"])
    if isinstance(value, list):
        return [_unjson(item) for item in value]
    return value


def say(said: object, lang: str = "en") -> str:
    """What ``said`` (a message, an error carrying one, or plain text) says in ``lang``.

    An exception whose first argument is a :class:`Message` is said through
    it; any other object through ``str``.

    >>> say(ValueError(msg("errors.demo")), "en") == str(msg("errors.demo"))
    True
    """
    if isinstance(said, Message):
        return said.text(lang)
    if isinstance(said, BaseException) and said.args and isinstance(said.args[0], Message):
        return said.args[0].text(lang)
    return str(said)


__all__ = ["Message", "msg", "say"]
