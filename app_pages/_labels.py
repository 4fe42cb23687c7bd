"""The app's words: UI strings in the session's language, labellers, escaping.

Every text a page shows comes from the i18n tables (:mod:`servicecircle.i18n`)
through :func:`tr`. Text the planner brought (file, layer, place and column
names, cell values) is escaped with :func:`md_escape` or :func:`as_text`
before it reaches ``st.markdown``, so it is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app_pages._state import lang
from servicecircle.i18n import t
from servicecircle.i18n.message import say


def tr(key: str, **fields: object) -> str:
    """The UI string ``key`` in the session's language."""
    return t(key, lang(), **fields)


def labeller(prefix: str) -> Callable[[object], str]:
    """``value -> tr(prefix + value)`` bound to the current language.

    Use it as a widget's ``format_func``: it may be called outside the script
    run (e.g. by AppTest), where the session state cannot be read.
    """
    code = lang()
    return lambda value: t(f"{prefix}{value}", code)


def known_labeller(prefix: str) -> Callable[[object], str]:
    """Like :func:`labeller`, but a value without a string is shown as it is.

    Outlet types named by the planner and solver words the tables do not
    know are shown as written.
    """
    code = lang()

    def label(value: object) -> str:
        text = t(f"{prefix}{value}", code)
        return str(value) if text == f"{prefix}{value}" else text

    return label


def type_label(name: str) -> str:
    """The translated name of a known outlet type, else the type key itself."""
    return known_labeller("outlet.")(name)


def type_labeller() -> Callable[[object], str]:
    """:func:`type_label` bound to the current language, for a widget's ``format_func``."""
    return known_labeller("outlet.")


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=@])")


def md_escape(text: object) -> str:
    r"""Escape Markdown in untrusted text (file or place names) shown with st.markdown.

    Every character that starts Markdown, HTML, an entity, an autolink
    (``http:``, ``www.``, ``a@b.c``), a Streamlit directive (``:red[...]``,
    ``:material/...:``) or LaTeX (``$``) is backslash-escaped, so the text is
    shown exactly as it is and never makes the browser fetch anything.

    >>> md_escape("a_b [x](y)")
    'a\\_b \\[x\\]\\(y\\)'
    """
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def as_text(text: object) -> str:
    """Markdown that shows ``text`` (a message, exception or file content) literally.

    Like :func:`md_escape`, and keeps the text's line breaks and indentation
    (Markdown would join lines and turn indented lines into code blocks).
    Use it for every message that may echo what a planner brought: file,
    layer, column and place names, cell values, notes.
    """
    lines = []
    for line in say(text, lang()).splitlines():
        body = line.lstrip(" \t")
        indent = len(line[: len(line) - len(body)].expandtabs(4))
        lines.append("\u00a0" * indent + md_escape(body))
    return "  \n".join(lines)
