"""The map itself: basemaps, legend, attribution, layer control, fitted extent."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

import branca.element
import folium
import folium.elements
import folium.plugins
from branca.element import MacroElement
from folium.template import Template

from servicecircle.i18n import check_lang, t
from servicecircle.inputs.area import StudyArea
from servicecircle.maps.extent import area_bounds
from servicecircle.maps.web.area_layers import study_area_layers
from servicecircle.maps.web.assets import LEAN_ASSETS, VENDOR_URL, localize_assets
from servicecircle.maps.web.basemaps import basemap_tiles
from servicecircle.maps.web.draw import MAP_LANG_ATTRIBUTE, draw_control
from servicecircle.maps.web.geojson import escape_text
from servicecircle.maps.web.layers import MapLayer
from servicecircle.maps.web.legend import LegendEntry, legend_html

logger = logging.getLogger(__name__)


class _Legend(MacroElement):
    """A Leaflet control in the bottom-right corner listing the legend rows."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "sc-legend");
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, title: str, entries: Sequence[LegendEntry]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca's classes are untyped
        self._name = "Legend"
        self.html = legend_html(title, entries)


class _Attribution(MacroElement):
    """Adds a data attribution to the map's attribution control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca's classes are untyped
        self._name = "Attribution"
        self.text = escape_text(text)


class _MetricScale(MacroElement):
    """A scale bar in metres and kilometres (folium's ``control_scale`` adds feet and miles)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({"imperial": false, "metric": true}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca's classes are untyped
        self._name = "MetricScale"


def basemap_layers(
    kind: str, *, tianditu_key: str | None = None, name: str | None = None
) -> list[folium.TileLayer]:
    """Return the folium tile layers of a basemap choice (see :func:`basemap_tiles`).

    Parameters
    ----------
    kind
        ``"none"``, ``"osm"``, ``"cartodb"`` or ``"tianditu"``.
    tianditu_key
        The user's Tianditu key; required for ``"tianditu"``.
    name
        Name in the layer control.

    Returns
    -------
    list of folium.TileLayer
        Empty for ``"none"``; Tianditu gives the map and its annotation layer.

    Raises
    ------
    ValueError
        For an unknown choice or Tianditu without a key.
    """
    return [
        folium.TileLayer(
            tile.url,
            attr=tile.attribution,
            name=tile.name,
            subdomains=tile.subdomains,
            max_zoom=tile.max_zoom,
            overlay=tile.overlay,
            control=tile.control,
        )
        for tile in basemap_tiles(kind, tianditu_key=tianditu_key, name=name)
    ]


_MAP_CSS: Final = (
    "<style>.leaflet-container{background:#f4f3ef}"
    ".leaflet-tooltip table th{padding-right:6px;text-align:left}</style>"
)


def new_map(
    *,
    bounds: tuple[float, float, float, float] | None = None,
    basemap: str = "none",
    tianditu_key: str | None = None,
    basemap_name: str | None = None,
    attribution: str | None = None,
    asset_base: str = VENDOR_URL,
    full_assets: bool = False,
    lang: str = "en",
) -> folium.Map:
    """Return an empty map fitted to ``bounds`` with the chosen basemap.

    Parameters
    ----------
    bounds
        (west, south, east, north) in degrees; the map zooms to it.
    basemap, tianditu_key, basemap_name
        See :func:`basemap_layers`.
    attribution
        Data attribution shown in the corner (escaped); by default
        "© OpenStreetMap contributors" in ``lang``.
    asset_base
        URL of the local vendor folder (see :func:`localize_assets`).
    full_assets
        Keep all of folium's default assets (Bootstrap, Font Awesome, awesome
        markers), needed for ``folium.Icon`` markers. By default the map
        carries only :data:`LEAN_ASSETS`.
    lang
        The map's language (``"zh"`` or ``"en"``): its attribution and drawing
        tool texts. The scale bar is in metres and kilometres only.

    Returns
    -------
    folium.Map
    """
    if bounds is not None and all(math.isfinite(v) for v in bounds):
        west, south, east, north = bounds
        centre = [(south + north) / 2.0, (west + east) / 2.0]
    else:
        bounds = None
        centre = [0.0, 0.0]
    m = folium.Map(location=centre, zoom_start=14, tiles=None)
    setattr(m, MAP_LANG_ATTRIBUTE, check_lang(lang))  # the language of a toolbar added later
    _MetricScale().add_to(m)
    if not full_assets:
        m.default_js = [a for a in m.default_js if a[0] in LEAN_ASSETS]
        m.default_css = [a for a in m.default_css if a[0] in LEAN_ASSETS]
    figure = m.get_root()
    if not isinstance(figure, branca.element.Figure):  # folium puts every Map in a Figure
        raise TypeError(f"the map's root is a {type(figure).__name__}, not a branca Figure")
    figure.header.add_child(folium.Element(_MAP_CSS), name="sc_map_css")
    for tile in basemap_layers(basemap, tianditu_key=tianditu_key, name=basemap_name):
        tile.add_to(m)
    _Attribution(
        t("map.attribution", check_lang(lang)) if attribution is None else attribution
    ).add_to(m)
    if bounds is not None:
        m.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    return localize_assets(m, base_url=asset_base)


def compose_map(
    layers: Sequence[MapLayer],
    *,
    bounds: tuple[float, float, float, float] | None = None,
    basemap: str = "none",
    tianditu_key: str | None = None,
    basemap_name: str | None = None,
    legend_title: str = "Legend",
    attribution: str | None = None,
    asset_base: str = VENDOR_URL,
    full_assets: bool = False,
    draw: Sequence[str] = (),
    lang: str = "en",
) -> folium.Map:
    """Put ``layers`` (bottom to top) on a new map with layer control and legend.

    Parameters
    ----------
    layers
        From the layer builders; each ``MapLayer`` is used once (its folium
        group is attached to the new map).
    bounds
        (west, south, east, north); default: the layers' extent.
    legend_title
        Title of the legend (the legend lists every layer's entries).
    basemap, tianditu_key, basemap_name, attribution, asset_base, full_assets, lang
        See :func:`new_map`.
    draw
        Shapes the user may draw (``"polygon"``, ``"rectangle"``,
        ``"marker"``); empty for no drawing tools. See :func:`draw_control`.

    Returns
    -------
    folium.Map
        With assets pointing at ``asset_base``.
    """
    m = new_map(
        bounds=bounds,
        basemap=basemap,
        tianditu_key=tianditu_key,
        basemap_name=basemap_name,
        attribution=attribution,
        asset_base=asset_base,
        full_assets=full_assets,
        lang=lang,
    )
    for layer in layers:
        layer.group.add_to(m)
    if bounds is None and layers:
        (south, west), (north, east) = m.get_bounds()
        if None not in (south, west, north, east):
            m.fit_bounds([[float(south), float(west)], [float(north), float(east)]])  # type: ignore[arg-type]
    entries = [entry for layer in layers for entry in layer.legend]
    if entries:
        _Legend(legend_title, entries).add_to(m)
    if layers:
        folium.LayerControl(collapsed=True).add_to(m)
    if draw:
        draw_control(draw, lang=lang).add_to(m)
    return localize_assets(m, base_url=asset_base)


def study_area_map(
    area: StudyArea,
    *,
    labels: Mapping[str, str] | None = None,
    landuse_labels: Mapping[str, str] | None = None,
    premise_labels: Mapping[str, str] | None = None,
    names_in: str = "en",
    extra_layers: Sequence[MapLayer] = (),
    **map_options: Any,
) -> folium.Map:
    """Return a map of ``area`` (see :func:`study_area_layers`) plus ``extra_layers``.

    ``map_options`` go to :func:`compose_map` (basemap, legend_title, ...);
    the map is fitted to the study extent (:attr:`StudyArea.extent`), not to
    the roads around it.
    """
    layers = study_area_layers(
        area,
        labels=labels,
        landuse_labels=landuse_labels,
        premise_labels=premise_labels,
        names_in=names_in,
    )
    map_options.setdefault("bounds", area_bounds(area))
    return compose_map([*layers, *extra_layers], **map_options)
