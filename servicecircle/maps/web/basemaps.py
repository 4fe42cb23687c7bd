"""The basemap choices of the web maps and their tile layers, without folium.

Read by the folium maps (:func:`~servicecircle.maps.web.canvas.basemap_layers`)
and the folium-free Leaflet page (:mod:`~servicecircle.maps.web.leaflet`), so
both draw the same tiles with the same credits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from urllib.parse import quote

from servicecircle.i18n.message import msg
from servicecircle.maps.web.geojson import escape_text

BASEMAPS: Final[tuple[str, ...]] = ("none", "osm", "cartodb", "tianditu")
"""Basemap choices; ``"none"`` needs no internet."""


@dataclass(frozen=True)
class TileSpec:
    """One tile layer of a basemap (Leaflet ``L.tileLayer`` options).

    Attributes
    ----------
    url
        Tile URL template (``{s}``, ``{z}``, ``{x}``, ``{y}``).
    attribution
        Credit, as HTML (fixed text, no user input).
    name
        Name in the layer control, HTML-escaped.
    subdomains
        Values of ``{s}``.
    max_zoom
        Deepest zoom the tiles exist for.
    overlay
        Drawn over the basemap (an annotation layer) rather than being one.
    control
        Listed in the layer control.
    """

    url: str
    attribution: str
    name: str
    subdomains: str = "abc"
    max_zoom: int = 18
    overlay: bool = False
    control: bool = True


def tianditu_url(layer: str, key: str) -> str:
    """Return the WMTS tile URL of a Tianditu web-Mercator layer (``vec``, ``cva``, ...)."""
    return (
        f"https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile"
        f"&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
        f"&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={quote(key.strip(), safe='')}"
    )


def basemap_tiles(
    kind: str, *, tianditu_key: str | None = None, name: str | None = None
) -> list[TileSpec]:
    """Return the tile layers of a basemap choice (see :data:`BASEMAPS`).

    Parameters
    ----------
    kind
        ``"none"``, ``"osm"``, ``"cartodb"`` or ``"tianditu"``.
    tianditu_key
        The user's Tianditu key; required for ``"tianditu"``.
    name
        Name in the layer control (escaped here).

    Returns
    -------
    list of TileSpec
        Empty for ``"none"``; Tianditu gives the map and its annotation layer.

    Raises
    ------
    ValueError
        For an unknown choice or Tianditu without a key.
    """
    if kind not in BASEMAPS:
        raise ValueError(msg("msg.maps.unknown_basemap", basemap=kind, choices=list(BASEMAPS)))
    if kind == "none":
        return []
    if kind == "osm":
        return [
            TileSpec(
                "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                '&copy; <a href="https://www.openstreetmap.org/copyright">'
                "OpenStreetMap</a> contributors",
                escape_text(name or "OpenStreetMap"),
                max_zoom=19,
            )
        ]
    if kind == "cartodb":
        return [
            TileSpec(
                "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
                "&copy; OpenStreetMap contributors &copy; CARTO",
                escape_text(name or "CartoDB Positron"),
                subdomains="abcd",
                max_zoom=20,
            )
        ]
    if not tianditu_key or not tianditu_key.strip():
        raise ValueError(msg("msg.maps.tianditu_key"))
    attribution = "&copy; 天地图 Tianditu"
    title = name or "天地图 Tianditu"
    return [
        TileSpec(
            tianditu_url("vec", tianditu_key),
            attribution,
            escape_text(title),
            subdomains="01234567",
        ),
        TileSpec(
            tianditu_url("cva", tianditu_key),
            attribution,
            escape_text(title + " +"),
            subdomains="01234567",
            overlay=True,
            control=False,
        ),
    ]
