"""One name per class, travel mode, outlet type, model, method and solver status.

The names are keys of the i18n tables (``class.residential``, ``mode.walk``,
``outlet.gig_market``, ``model.mclp``, ``method.exact``, ``status.optimal``), so
the app, the report and the maps say the same thing. The report's own lists
(regional profiles, census audit levels and statuses, building decisions,
top-down totals, assumption keys) sit under ``report.``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from servicecircle.i18n import table
from servicecircle.i18n.message import Message

TABLE_PREFIXES: Final[Mapping[str, str]] = {
    "CLASSES": "class.",
    "MODES": "mode.",
    "OUTLET_TYPES": "outlet.",
    "MODELS": "model.",
    "METHODS": "method.",
    "STATUS": "status.",
    "PROFILES": "report.profile.",
    "TOP_DOWN": "report.top_down.",
    "DECISIONS": "report.decision.",
    "AUDIT_LEVELS": "report.audit_level.",
    "CENSUS_STATUS": "report.census_status.",
    "ASSUMPTION_LABELS": "report.assumption.",
}
"""Name of a label list -> prefix of its keys in the i18n tables."""


def label(prefix: str, name: object, lang: str = "zh") -> str:
    """The text of ``prefix + name`` in ``lang``, else in English, else ``name`` unchanged.

    >>> label("class.", "residential", "en")
    'residential area'
    >>> label("class.", "nowhere", "en")
    'nowhere'
    """
    key = f"{prefix}{name}"
    for strings in (table(lang), table("en")):
        if key in strings:
            return strings[key]
    return str(name)


def label_said(prefix: str, name: object) -> Message | str:
    """``prefix + name`` as a message to say later (either language), else ``name`` as written.

    For message fields and progress steps: a user-defined outlet type has no
    label and keeps its own name.

    >>> label_said("outlet.", "gig_market").text("zh")
    '零工市场'
    >>> label_said("outlet.", "my_kiosk")
    'my_kiosk'
    """
    key = f"{prefix}{name}"
    return Message(key, {}) if key in table("en") and key in table("zh") else str(name)


def lookup(table_name: str, key: object, lang: str = "zh") -> str:
    """The label of ``key`` in the list ``table_name`` (a :data:`TABLE_PREFIXES` key).

    Unknown lists and keys give the key as written.
    """
    prefix = TABLE_PREFIXES.get(table_name)
    return str(key) if prefix is None else label(prefix, key, lang)


def class_label(name: object, lang: str = "zh") -> str:
    """Label of a demand class (``residential`` -> 居住区); unknown names unchanged."""
    return label("class.", name, lang)


def mode_label(name: object, lang: str = "zh") -> str:
    """Label of a travel mode (``walk`` -> 步行); unknown names unchanged."""
    return label("mode.", name, lang)


def outlet_type_label(name: object, lang: str = "zh") -> str:
    """Label of an outlet type (``gig_market`` -> 零工市场); unknown names unchanged."""
    return label("outlet.", name, lang)


def model_label(name: object, lang: str = "zh") -> str:
    """Label of a location model (``mclp`` -> 最大覆盖模型（MCLP）); unknown names unchanged."""
    return label("model.", name, lang)


def method_label(name: object, lang: str = "zh") -> str:
    """Label of a solution method (``exact``, ``heuristic``); unknown names unchanged."""
    return label("method.", name, lang)


def status_label(name: object, lang: str = "zh") -> str:
    """Label of a solver status (case-insensitive); ``None`` gives ``""``, unknown unchanged."""
    if name is None:
        return ""
    known = label("status.", str(name).lower(), lang)
    return str(name) if known == str(name).lower() else known


__all__ = [
    "TABLE_PREFIXES",
    "class_label",
    "label",
    "lookup",
    "method_label",
    "mode_label",
    "model_label",
    "outlet_type_label",
    "status_label",
]
