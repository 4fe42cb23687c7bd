"""Interactive folium maps that work offline: layers, legend, basemaps, local assets.

Maps built here load Leaflet from local copies, never from a CDN, so they
render with no internet and no basemap (:mod:`~servicecircle.maps.web.assets`):
served by Streamlit from ``/app/static/vendor/`` (:func:`localize_assets`), or
exported as one self-contained file (:func:`map_to_standalone_html`).

Build a map from layers (:mod:`~servicecircle.maps.web.area_layers` for the study
area, :mod:`~servicecircle.maps.web.result_layers` for coverage and sites, on the
blocks of :mod:`~servicecircle.maps.web.layers`), each a :class:`MapLayer` with
legend entries, and :func:`compose_map`
(:mod:`~servicecircle.maps.web.canvas`), which adds the basemap, layer control,
legend and the "© OpenStreetMap contributors" attribution::

    from servicecircle.maps import web as webmap

    layers = webmap.study_area_layers(area)
    layers.append(webmap.isochrones_layer(iso, minutes_label="≤ {minutes} min"))
    m = webmap.compose_map(layers, bounds=area.bounds, basemap="none")
    html = webmap.map_to_standalone_html(m)  # a file that opens offline

Colours and symbols are :mod:`servicecircle.maps.style`, shared with the static
maps; the results map of a coverage and a plan is
:func:`servicecircle.maps.recipes.coverage_layers`. Labels are arguments (the
caller picks the language); untrusted text is
HTML-escaped (see :mod:`~servicecircle.maps.web.layers`). This package never
imports streamlit.

The study-area map can also be drawn without folium (the app's first page, which
must start in well under a second): :func:`~servicecircle.maps.web.leaflet.leaflet_page`
of :func:`~servicecircle.maps.web.leaflet_area.study_area_layers`, a small Leaflet
page with the same layers, tooltips, legend and basemaps. The package's names
load on first use, so that page, the basemap choices, the legend and the asset
paths never import folium.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from servicecircle._lazy import lazy_exports

#: Submodule -> the names it exports. Each loads on first use: the folium-free
#: ones (basemaps, geojson, legend, leaflet, leaflet_area and the asset paths)
#: without folium, which the app's first page never imports.
_EXPORTS: dict[str, tuple[str, ...]] = {
    "area_layers": (
        "areas_layer",
        "boundaries_layer",
        "buildings_layer",
        "landuse_layer",
        "network_layer",
        "premises_layer",
        "study_area_layers",
    ),
    "assets": (
        "LEAN_ASSETS",
        "LOCAL_ASSETS",
        "VENDOR_ENV",
        "VENDOR_URL",
        "assets_installed",
        "default_vendor_dir",
        "localize_assets",
        "map_to_standalone_html",
    ),
    "basemaps": ("BASEMAPS", "tianditu_url"),
    "canvas": ("basemap_layers", "compose_map", "new_map", "study_area_map"),
    "draw": ("draw_control", "draw_texts"),
    "geojson": ("escape_text", "features_from_frame", "merged_feature", "network_feature"),
    "hexgrid": ("hexagons_from_points",),
    "layers": ("MapLayer", "classed_layer", "points_layer"),
    "legend": ("STUDY_AREA_LABELS", "LegendEntry", "landuse_group", "legend_html"),
    "result_layers": (
        "demand_layer",
        "gaps_layer",
        "isochrones_layer",
        "minutes_classes",
        "outlets_layer",
        "sites_layer",
    ),
}

if TYPE_CHECKING:  # what type checkers and readers see
    from servicecircle.maps.style import LANDUSE_GROUPS, PREMISE_COLORS
    from servicecircle.maps.web.area_layers import (
        areas_layer,
        boundaries_layer,
        buildings_layer,
        landuse_layer,
        network_layer,
        premises_layer,
        study_area_layers,
    )
    from servicecircle.maps.web.assets import (
        LEAN_ASSETS,
        LOCAL_ASSETS,
        VENDOR_ENV,
        VENDOR_URL,
        assets_installed,
        default_vendor_dir,
        localize_assets,
        map_to_standalone_html,
    )
    from servicecircle.maps.web.basemaps import BASEMAPS, tianditu_url
    from servicecircle.maps.web.canvas import basemap_layers, compose_map, new_map, study_area_map
    from servicecircle.maps.web.draw import draw_control, draw_texts
    from servicecircle.maps.web.geojson import (
        escape_text,
        features_from_frame,
        merged_feature,
        network_feature,
    )
    from servicecircle.maps.web.hexgrid import hexagons_from_points
    from servicecircle.maps.web.layers import MapLayer, classed_layer, points_layer
    from servicecircle.maps.web.legend import (
        STUDY_AREA_LABELS,
        LegendEntry,
        landuse_group,
        legend_html,
    )
    from servicecircle.maps.web.result_layers import (
        demand_layer,
        gaps_layer,
        isochrones_layer,
        minutes_classes,
        outlets_layer,
        sites_layer,
    )
else:
    from servicecircle.maps.style import LANDUSE_GROUPS, PREMISE_COLORS

    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

# LANDUSE_GROUPS and PREMISE_COLORS: until app_pages/common.py reads them from maps.style
__all__ = [
    "BASEMAPS",
    "LANDUSE_GROUPS",
    "LEAN_ASSETS",
    "LOCAL_ASSETS",
    "PREMISE_COLORS",
    "STUDY_AREA_LABELS",
    "VENDOR_ENV",
    "VENDOR_URL",
    "LegendEntry",
    "MapLayer",
    "areas_layer",
    "assets_installed",
    "basemap_layers",
    "boundaries_layer",
    "buildings_layer",
    "classed_layer",
    "compose_map",
    "default_vendor_dir",
    "demand_layer",
    "draw_control",
    "draw_texts",
    "escape_text",
    "features_from_frame",
    "gaps_layer",
    "hexagons_from_points",
    "isochrones_layer",
    "landuse_group",
    "landuse_layer",
    "legend_html",
    "localize_assets",
    "map_to_standalone_html",
    "merged_feature",
    "minutes_classes",
    "network_feature",
    "network_layer",
    "new_map",
    "outlets_layer",
    "points_layer",
    "premises_layer",
    "sites_layer",
    "study_area_layers",
    "study_area_map",
    "tianditu_url",
]
