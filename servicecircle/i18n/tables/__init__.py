"""String tables by topic, each a module with a ``ZH`` and an ``EN`` dict.

The two big tables (:mod:`servicecircle.i18n.zh`, :mod:`servicecircle.i18n.en`)
hold the app's and the report's words; the library's messages (errors,
warnings, notes, progress) live here, one module per stage, each holding both
languages side by side. :func:`merged` joins every module found in this
package; a key defined twice is an error, found by the test suite.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping


def topic_tables() -> dict[str, tuple[Mapping[str, str], Mapping[str, str]]]:
    """Each topic module's name and its ``(ZH, EN)`` tables."""
    found: dict[str, tuple[Mapping[str, str], Mapping[str, str]]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda item: item.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found[info.name] = (module.ZH, module.EN)
    return found


def merged(lang: str) -> dict[str, str]:
    """Every topic module's strings in ``lang`` (``"zh"`` or ``"en"``), key -> text."""
    out: dict[str, str] = {}
    for zh_table, en_table in topic_tables().values():
        out.update(zh_table if lang == "zh" else en_table)
    return out
