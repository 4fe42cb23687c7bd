"""The siting report (HTML and PDF, Chinese or English) and the offline map of the outputs.

:func:`build_report` reads the folder written by ``servicecircle analyze``
(and optionally ``servicecircle site``) and writes ``report_<lang>.html``
and/or ``report_<lang>.pdf`` next to it. :func:`write_map_html` writes the
interactive map of the same folder as one HTML file that opens offline.
Texts are in :mod:`servicecircle.report.strings_zh` and
:mod:`servicecircle.report.strings_en`; the tables come from
:mod:`servicecircle.report.context`.

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
    from servicecircle.report.outputs_map import map_from_outputs, write_map_html

_SOURCES = {
    "FORMATS": "build",
    "ReportInputs": "build",
    "build_report": "build",
    "load_outputs": "build",
    "render_html": "build",
    "report_context": "build",
    "map_from_outputs": "outputs_map",
    "write_map_html": "outputs_map",
}

__all__ = [
    "FORMATS",
    "ReportInputs",
    "build_report",
    "load_outputs",
    "map_from_outputs",
    "render_html",
    "report_context",
    "write_map_html",
]


def __getattr__(name: str) -> Any:
    if name in _SOURCES:
        module = importlib.import_module(f"servicecircle.report.{_SOURCES[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'servicecircle.report' has no attribute {name!r}")
