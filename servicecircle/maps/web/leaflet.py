r"""A Leaflet map page without folium: layers as escaped GeoJSON, drawn by a few lines of script.

The app's first page shows its study-area map with this page instead of a
folium map (folium, branca and streamlit-folium cost about half a second of
CPU to import and render). It draws what the folium map of
:func:`~servicecircle.maps.web.canvas.compose_map` draws: the basemap
(:mod:`~servicecircle.maps.web.basemaps`), a metric scale bar, the layers with
their styles and tooltips, the fitted extent, the legend
(:func:`~servicecircle.maps.web.legend.legend_html`), the layer control and
the "© OpenStreetMap contributors" credit. Leaflet loads from the local copy
under ``asset_base`` (served by Streamlit from ``static/vendor``), so the map
works offline.

Untrusted text (names from OSM or uploads) reaches the page only inside the
map's JSON, its text HTML-escaped (:func:`~servicecircle.maps.web.geojson.escape_text`),
and the JSON itself has ``<``, ``>`` and ``&`` written as ``\u003c``, ``\u003e``
and ``\u0026``, so no name can close the script element that holds it.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from servicecircle.i18n import check_lang, t
from servicecircle.maps.style import OTHER_COLOR
from servicecircle.maps.web.basemaps import basemap_tiles
from servicecircle.maps.web.geojson import escape_text
from servicecircle.maps.web.legend import LegendEntry, legend_html

SPEC_ID: Final = "sc-map-spec"
"""The id of the script element holding the map's JSON (what tests and checks read)."""

ZOOM_START: Final = 14


@dataclass(frozen=True)
class LeafletLayer:
    """One overlay of the page: escaped GeoJSON, its style, tooltip and legend rows.

    Attributes
    ----------
    name
        Name in the layer control (plain text; escaped when drawn).
    data
        GeoJSON FeatureCollection in WGS-84; text properties already escaped.
    style
        Leaflet path options of every feature.
    class_colors
        Colour by the feature's class property ``c`` (unknown classes:
        :data:`~servicecircle.maps.style.OTHER_COLOR`), put in the options
        ``class_paint``; empty when every feature looks the same.
    class_paint
        The path options that take the class colour.
    point_radius
        Points are circle markers of this radius (pixels).
    tooltip
        Property -> label (plain text; escaped when drawn) of the sticky tooltip.
    legend
        Legend rows.
    show
        Shown at first (else only listed in the layer control).
    interactive
        Answers the mouse (tooltips); off for the road network.
    """

    name: str
    data: dict[str, Any]
    style: Mapping[str, Any]
    class_colors: Mapping[str, str] = field(default_factory=dict)
    class_paint: tuple[str, ...] = ("color", "fillColor")
    point_radius: float = 4.0
    tooltip: Mapping[str, str] = field(default_factory=dict)
    legend: tuple[LegendEntry, ...] = ()
    show: bool = True
    interactive: bool = True

    def spec(self) -> dict[str, Any]:
        """The layer as the page's script reads it (names and labels escaped)."""
        return {
            "name": escape_text(self.name),
            "data": self.data,
            "style": dict(self.style),
            "classColors": dict(self.class_colors),
            "classPaint": list(self.class_paint) if self.class_colors else [],
            "otherColor": OTHER_COLOR,
            "radius": self.point_radius,
            "fields": list(self.tooltip),
            "aliases": [escape_text(label) for label in self.tooltip.values()],
            "show": self.show,
            "interactive": self.interactive,
        }


#: The page's script: builds the map from the JSON in the element :data:`SPEC_ID`.
_SCRIPT: Final = """
(function () {
  var spec = JSON.parse(document.getElementById("SPEC_ID").textContent);
  var map = L.map("map", {center: spec.center, zoom: spec.zoom});
  L.control.scale({imperial: false, metric: true}).addTo(map);
  var bases = {}, overlays = {};
  spec.tiles.forEach(function (tile) {
    var layer = L.tileLayer(tile.url, {attribution: tile.attribution,
      subdomains: tile.subdomains, maxZoom: tile.maxZoom}).addTo(map);
    if (tile.control) { (tile.overlay ? overlays : bases)[tile.name] = layer; }
  });
  map.attributionControl.addAttribution(spec.attribution);
  spec.layers.forEach(function (over) {
    function style(feature) {
      var options = Object.assign({}, over.style);
      var color = over.classColors[feature.properties.c] || over.otherColor;
      over.classPaint.forEach(function (key) { options[key] = color; });
      return options;
    }
    var geo = L.geoJSON(over.data, {
      style: style,
      interactive: over.interactive,
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, Object.assign({radius: over.radius}, style(feature)));
      }
    });
    if (over.fields.length) {
      geo.bindTooltip(function (layer) {
        var div = L.DomUtil.create("div");
        div.innerHTML = "<table>" + over.fields.map(function (key, i) {
          var value = layer.feature.properties[key];
          return "<tr><th>" + over.aliases[i] + "</th><td>" +
            (value === null || value === undefined ? "" : value) + "</td></tr>";
        }).join("") + "</table>";
        return div;
      }, {sticky: true, className: "foliumtooltip"});
    }
    var group = L.featureGroup([geo]);
    if (over.show) { group.addTo(map); }
    overlays[over.name] = group;
  });
  if (spec.bounds) { map.fitBounds(spec.bounds); }
  if (spec.legend) {
    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "sc-legend");
      div.innerHTML = spec.legend;
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    legend.addTo(map);
  }
  if (spec.layers.length) { L.control.layers(bases, overlays, {collapsed: true}).addTo(map); }
})();
""".replace("SPEC_ID", SPEC_ID)

_STYLE: Final = (
    "html,body{width:100%;height:100%;margin:0;padding:0}"
    "#map{position:absolute;top:0;bottom:0;left:0;right:0}"
    ".leaflet-container{background:#f4f3ef}"
    ".leaflet-tooltip table th{padding-right:6px;text-align:left}"
)


def script_json(value: Any) -> str:
    r"""``value`` as JSON that can sit inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` (and the line separators U+2028/U+2029) are written
    as ``\u`` escapes: the text parses to the same value, and no string in it
    can end the element or open a comment.

    >>> script_json({"name": "</script><b>"})
    '{"name":"\\u003c/script\\u003e\\u003cb\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def map_spec(
    layers: Sequence[LeafletLayer],
    *,
    bounds: tuple[float, float, float, float] | None,
    basemap: str = "none",
    tianditu_key: str | None = None,
    basemap_name: str | None = None,
    legend_title: str = "Legend",
    attribution: str | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """What the page's script draws: the tiles, the layers, the extent, the legend, the credit.

    Parameters are those of :func:`leaflet_page`.
    """
    finite = bounds is not None and all(math.isfinite(v) for v in bounds)
    west, south, east, north = bounds if bounds is not None and finite else (0.0, 0.0, 0.0, 0.0)
    entries = [entry for layer in layers for entry in layer.legend]
    tiles = basemap_tiles(basemap, tianditu_key=tianditu_key, name=basemap_name)
    return {
        "center": [(south + north) / 2.0, (west + east) / 2.0],
        "zoom": ZOOM_START,
        "bounds": [[south, west], [north, east]] if finite else None,
        "tiles": [
            {
                "url": tile.url,
                "attribution": tile.attribution,
                "name": tile.name,
                "subdomains": tile.subdomains,
                "maxZoom": tile.max_zoom,
                "overlay": tile.overlay,
                "control": tile.control,
            }
            for tile in tiles
        ],
        "attribution": escape_text(
            t("map.attribution", check_lang(lang)) if attribution is None else attribution
        ),
        "layers": [layer.spec() for layer in layers],
        "legend": legend_html(legend_title, entries) if entries else "",
    }


def leaflet_page(
    layers: Sequence[LeafletLayer],
    *,
    bounds: tuple[float, float, float, float] | None,
    asset_base: str,
    basemap: str = "none",
    tianditu_key: str | None = None,
    basemap_name: str | None = None,
    legend_title: str = "Legend",
    attribution: str | None = None,
    lang: str = "en",
) -> str:
    """Return the HTML page of a map of ``layers`` (bottom to top), Leaflet from ``asset_base``.

    Parameters
    ----------
    layers
        The overlays, bottom to top.
    bounds
        (west, south, east, north) in degrees; the map is fitted to it.
    asset_base
        URL of the local vendor folder (``/app/static/vendor`` in the app).
    basemap, tianditu_key, basemap_name
        See :func:`~servicecircle.maps.web.basemaps.basemap_tiles`.
    legend_title
        Title of the legend (the legend lists every layer's rows).
    attribution
        Data credit (escaped); by default "© OpenStreetMap contributors" in ``lang``.
    lang
        The map's language (``"zh"`` or ``"en"``).

    Returns
    -------
    str
        A whole HTML document.
    """
    spec = map_spec(
        layers,
        bounds=bounds,
        basemap=basemap,
        tianditu_key=tianditu_key,
        basemap_name=basemap_name,
        legend_title=legend_title,
        attribution=attribution,
        lang=lang,
    )
    base = html.escape(asset_base.rstrip("/"), quote=True)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
        f'<link rel="stylesheet" href="{base}/leaflet/leaflet.css">'
        f'<script src="{base}/leaflet/leaflet.js"></script>'
        f"<style>{_STYLE}</style></head>"
        '<body><div id="map"></div>'
        f'<script type="application/json" id="{SPEC_ID}">{script_json(spec)}</script>'
        f"<script>{_SCRIPT}</script></body></html>\n"
    )


def page_spec(page: str) -> dict[str, Any]:
    """The map JSON inside a page from :func:`leaflet_page` (for checks and tests)."""
    opening = f'<script type="application/json" id="{SPEC_ID}">'
    start = page.index(opening) + len(opening)
    spec: dict[str, Any] = json.loads(page[start : page.index("</script>", start)])
    return spec
