"""The one draw-and-keep flow: shapes drawn on a map are kept in the session.

The planner draws polygons or places markers on a map; the shapes drawn are
named (and, where the page asks, given a class or an outlet type) and kept
in the session on a button press, until another study area is loaded or the
planner forgets them. The demand page keeps areas, the outlets page outlets,
the siting page exclusion areas, each through one :class:`DrawingTool`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import shapely
import streamlit as st

from app_pages._labels import tr
from app_pages._maps import map_options
from app_pages._state import shapes
from app_pages._widgets import show_map
from servicecircle.maps import web as webmap


@dataclass(frozen=True)
class DrawChoice:
    """What the planner says the shapes drawn are (a demand class, an outlet type).

    The choice is kept in each shape under ``field``; ``default_name`` names
    shapes of the chosen kind until the planner types a name.
    """

    field: str
    key: str
    options: tuple[str, ...]
    format_func: Callable[[object], str]
    default_name: Callable[[str], str]
    horizontal_radio: bool = False


@dataclass(frozen=True)
class DrawingTool:
    """A draw-and-keep flow: shapes drawn on a map are kept under ``store``.

    Each kept shape is ``{"name", "geometry", <choice field>}`` (WGS-84).
    ``texts`` is the prefix of the widget keys and strings (``<texts>``,
    ``_help``, ``_none``, ``_name``, ``_add``, ``_clear``); ``kept_text`` says
    how many shapes are kept. ``numbering`` numbers several shapes added at
    once within the batch or on from the shapes already kept.
    """

    store: str
    texts: str
    kept_text: str
    kind: Literal["polygon", "point"]
    choice: DrawChoice | None = None
    default_name: str = ""
    say_none: bool = True
    numbering: Literal["batch", "continued"] = "continued"


def drawn_features(result: dict[str, Any] | None, kind: Literal["polygon", "point"]) -> list[Any]:
    """The GeoJSON features of ``kind`` the planner drew on a shown map."""
    types = ("Polygon", "MultiPolygon") if kind == "polygon" else ("Point",)
    features = (result or {}).get("all_drawings") or []
    return [
        f
        for f in features
        if isinstance(f, dict) and (f.get("geometry") or {}).get("type") in types
    ]


def _keep_shapes(tool: DrawingTool, features: list[Any], value: str | None, name: str) -> None:
    """Button callback: keep the shapes drawn as ``value`` (the choice), named ``name``."""
    kept_shapes = shapes(tool.store)
    start = 0 if tool.numbering == "batch" else len(kept_shapes)
    for i, feature in enumerate(features, start=1):
        shape: dict[str, Any] = {
            "name": name if len(features) == 1 else f"{name} {start + i}",
            "geometry": shapely.geometry.shape(feature["geometry"]),
        }
        if tool.choice is not None:
            shape[tool.choice.field] = value
        kept_shapes.append(shape)
    st.session_state[tool.store] = kept_shapes


def _forget_shapes(store: str) -> None:
    st.session_state[store] = []


def _choose(tool: DrawingTool) -> tuple[str | None, str]:
    """The choice for the shapes drawn (None without one) and their first name."""
    choice = tool.choice
    if choice is None:
        return None, tool.default_name
    options, label = list(choice.options), tr(choice.key)
    if choice.horizontal_radio:
        value = st.radio(
            label, options, format_func=choice.format_func, key=choice.key, horizontal=True
        )
    else:
        value = st.selectbox(label, options, format_func=choice.format_func, key=choice.key)
    return str(value), choice.default_name(str(value))


def drawing_controls(tool: DrawingTool, features: list[Any]) -> None:
    """What the planner does with the shapes drawn: name them, keep them, forget those kept."""
    st.markdown(f"**{tr(tool.texts)}**")
    st.caption(tr(f"{tool.texts}_help"))
    kept_shapes = shapes(tool.store)
    if kept_shapes:
        st.caption(tr(tool.kept_text, count=len(kept_shapes)))
    if features:
        value, default_name = _choose(tool)
        name = st.text_input(tr(f"{tool.texts}_name"), value=default_name, key=f"{tool.texts}_name")
        st.button(
            tr(f"{tool.texts}_add", count=len(features)),
            on_click=_keep_shapes,
            args=(tool, features, value, name),
            key=f"{tool.texts}_add",
        )
    elif tool.say_none:
        st.caption(tr(f"{tool.texts}_none"))
    if kept_shapes:
        st.button(
            tr(f"{tool.texts}_clear"),
            on_click=_forget_shapes,
            args=(tool.store,),
            key=f"{tool.texts}_clear",
        )


def drawing_map(
    layers: Sequence[webmap.MapLayer],
    *,
    bounds: tuple[float, float, float, float],
    tool: DrawingTool,
    key: str,
    returned: Sequence[str] = (),
) -> dict[str, Any] | None:
    """Show ``layers`` on a map the planner draws on, then the tool's controls.

    ``returned`` names what else the map sends back (e.g. ``"last_clicked"``);
    returns what it sent (None when no map is shown).
    """
    modes = ("polygon", "rectangle") if tool.kind == "polygon" else ("marker",)
    m = webmap.compose_map(list(layers), bounds=bounds, draw=modes, **map_options())
    shown = show_map(m, key=key, returned_objects=["all_drawings", *returned])
    drawing_controls(tool, drawn_features(shown, tool.kind))
    return shown
