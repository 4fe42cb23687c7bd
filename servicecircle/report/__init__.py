"""The siting report (HTML and PDF, Chinese or English) and the offline map of the outputs.

:func:`build_report` writes ``report_<lang>.html`` and/or ``report_<lang>.pdf``
from :class:`~servicecircle.results.bundle.Results` (read an ``analyze`` /
``site`` folder with :func:`servicecircle.results.folder.read_results`).
:func:`write_map_html` writes the interactive map of such a folder as one
HTML file that opens offline.
Texts are looked up by :mod:`servicecircle.report.strings`; the tables come
from :mod:`servicecircle.report.context`.

The names below are loaded on first use, so that :mod:`servicecircle.maps.static`
can use the report's texts without importing the report builder.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from servicecircle.report.build import FORMATS, build_report, render_html
    from servicecircle.report.context import report_context
    from servicecircle.report.outputs_map import map_from_outputs, write_map_html

_SOURCES = {
    "FORMATS": "build",
    "build_report": "build",
    "render_html": "build",
    "report_context": "context",
    "map_from_outputs": "outputs_map",
    "write_map_html": "outputs_map",
}

__all__ = [
    "FORMATS",
    "build_report",
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
