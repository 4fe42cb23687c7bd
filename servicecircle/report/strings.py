"""The report's texts: the ``report.`` keys of the i18n tables, looked up by language.

The labels of classes, modes, outlet types, models, methods and statuses are
:mod:`servicecircle.i18n.labels` (the same names as the app and the maps).
"""

from __future__ import annotations

import logging

from servicecircle.i18n import t, table
from servicecircle.i18n.labels import label

logger = logging.getLogger(__name__)


def text(key: str, lang: str = "zh", /, **fields: object) -> str:
    """The report text ``report.<key>`` in ``lang`` (else English, else ``key``), formatted."""
    full = f"report.{key}"
    if full not in table(lang) and full not in table("en"):
        logger.warning("missing report string %r", key)
        return key
    return t(full, lang, **fields)


def assumption_label(name: object, lang: str = "zh") -> str:
    """Label of an assumption key (``m2_per_person`` -> 人均居住面积); unknown keys unchanged."""
    return label("report.assumption.", name, lang)
