"""The drawing toolbar (Leaflet.draw) of the app's maps, its tools' texts in the map's language.

Leaflet.draw carries English texts (buttons, tooltips such as "Click map to
place marker."); the toolbar of :func:`draw_control` (:class:`LocalDraw`) replaces every one of
them (``L.drawLocal``) by the message keys ``map.draw.<path>`` in the map's
language before it is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import folium.plugins
from folium.template import Template

from servicecircle.i18n import check_lang, t

DRAW_SHAPES: Final[tuple[str, ...]] = (
    "polyline",
    "polygon",
    "rectangle",
    "circle",
    "marker",
    "circlemarker",
)


MAP_LANG_ATTRIBUTE: Final = "sc_lang"
"""The attribute :func:`~servicecircle.maps.web.canvas.new_map` sets on a map to its
language; a toolbar added without a language speaks the map's."""


class LocalDraw(folium.plugins.Draw):
    """Leaflet.draw's toolbar with its texts (``L.drawLocal``) set just before it is built.

    The texts are in ``lang``, or, when ``lang`` is None, in the language of
    the map the toolbar is added to (English for a map that names none). The
    texts are part of the toolbar's own script, so every way a map is
    rendered (a page, streamlit-folium) sets them first.
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}{{ this.draw_html(kwargs) }}{% endmacro %}
        {% macro script(this, kwargs) %}
        L.drawLocal = {{ this.texts()|tojson }};
        {{ this.draw_script(kwargs) }}
        {% endmacro %}
        """
    )

    def __init__(self, *, lang: str | None = None, **options: Any) -> None:
        super().__init__(**options)  # type: ignore[no-untyped-call]  # folium's plugins are untyped
        self.lang = None if lang is None else check_lang(lang)

    def texts(self) -> dict[str, Any]:
        """``L.drawLocal`` in the toolbar's language (see the class)."""
        lang = self.lang or getattr(self._parent, MAP_LANG_ATTRIBUTE, None) or "en"
        return draw_texts(lang)

    def draw_html(self, kwargs: Any) -> str:
        """Folium's Draw markup (the export button, when asked for)."""
        return str(folium.plugins.Draw._template.module.html(self, kwargs))  # noqa: SLF001 - folium's own template

    def draw_script(self, kwargs: Any) -> str:
        """Folium's Draw script: the toolbar and the drawn-items layer."""
        return str(folium.plugins.Draw._template.module.script(self, kwargs))  # noqa: SLF001 - folium's own template


def draw_control(shapes: Sequence[str], *, lang: str | None = None) -> LocalDraw:
    """Return a Leaflet.draw toolbar offering only ``shapes`` (see :data:`DRAW_SHAPES`).

    Its texts are in ``lang``, by default the language of the map it is
    added to (see :class:`LocalDraw`). In the app, streamlit-folium returns
    what was drawn as ``all_drawings`` (GeoJSON features in WGS-84).
    """
    unknown = sorted(set(shapes) - set(DRAW_SHAPES))
    if unknown:
        raise ValueError(f"unknown draw shapes {unknown}; choose from {', '.join(DRAW_SHAPES)}")
    options: dict[str, Any] = {shape: shape in shapes for shape in DRAW_SHAPES}
    if "polygon" in shapes:
        options["polygon"] = {"allowIntersection": False, "showArea": False}
    return LocalDraw(
        lang=lang,
        export=False,
        position="topleft",
        draw_options=options,
        edit_options={"edit": False, "remove": True},
    )


DRAW_TEXT_PATHS: Final[tuple[str, ...]] = (
    "draw.toolbar.actions.title",
    "draw.toolbar.actions.text",
    "draw.toolbar.finish.title",
    "draw.toolbar.finish.text",
    "draw.toolbar.undo.title",
    "draw.toolbar.undo.text",
    *(f"draw.toolbar.buttons.{shape}" for shape in DRAW_SHAPES),
    "draw.handlers.circle.tooltip.start",
    "draw.handlers.circle.radius",
    "draw.handlers.circlemarker.tooltip.start",
    "draw.handlers.marker.tooltip.start",
    "draw.handlers.polygon.tooltip.start",
    "draw.handlers.polygon.tooltip.cont",
    "draw.handlers.polygon.tooltip.end",
    "draw.handlers.polyline.error",
    "draw.handlers.polyline.tooltip.start",
    "draw.handlers.polyline.tooltip.cont",
    "draw.handlers.polyline.tooltip.end",
    "draw.handlers.rectangle.tooltip.start",
    "draw.handlers.simpleshape.tooltip.end",
    "edit.toolbar.actions.save.title",
    "edit.toolbar.actions.save.text",
    "edit.toolbar.actions.cancel.title",
    "edit.toolbar.actions.cancel.text",
    "edit.toolbar.actions.clearAll.title",
    "edit.toolbar.actions.clearAll.text",
    "edit.toolbar.buttons.edit",
    "edit.toolbar.buttons.editDisabled",
    "edit.toolbar.buttons.remove",
    "edit.toolbar.buttons.removeDisabled",
    "edit.handlers.edit.tooltip.text",
    "edit.handlers.edit.tooltip.subtext",
    "edit.handlers.remove.tooltip.text",
)
"""Every text of Leaflet.draw 1.0 (``L.drawLocal``), as a dotted path; each is said by
the message key ``map.draw.<path>``."""


def draw_texts(lang: str) -> dict[str, Any]:
    """Leaflet.draw's ``L.drawLocal`` in ``lang``: the nested object, every text set.

    >>> draw_texts("zh")["draw"]["toolbar"]["buttons"]["marker"]
    '放置点'
    """
    check_lang(lang)
    texts: dict[str, Any] = {}
    for path in DRAW_TEXT_PATHS:
        *parents, leaf = path.split(".")
        node = texts
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = t(f"map.draw.{path}", lang)
    return texts
