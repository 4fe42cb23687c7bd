"""The siting report: HTML and PDF, in Chinese or English.

:func:`build_report` reads the folder written by ``servicecircle analyze``
(and optionally ``servicecircle site``) and writes ``report_<lang>.html``
and/or ``report_<lang>.pdf`` next to it. Texts are in
:mod:`servicecircle.report.strings_zh` and :mod:`servicecircle.report.strings_en`.

The names below are loaded on first use, so that :mod:`servicecircle.staticmaps`
can use the report's texts without importing the report builder.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from servicecircle.report.build import (
        FORMATS,
        ReportInputs,
        build_report,
        load_outputs,
        render_html,
        report_context,
    )

__all__ = [
    "FORMATS",
    "ReportInputs",
    "build_report",
    "load_outputs",
    "render_html",
    "report_context",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("servicecircle.report.build"), name)
    raise AttributeError(f"module 'servicecircle.report' has no attribute {name!r}")
