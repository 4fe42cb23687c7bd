"""The app's map layers with translated labels, and the basemap settings of the session.

The results map itself (service areas, gaps, outlets, chosen sites) is the one
recipe :func:`servicecircle.maps.recipes.coverage_layers` shared with the CLI
map and the report; here only the layers the app adds to it or draws alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import streamlit as st

from app_pages._cache import network_geojson
from app_pages._labels import tr, type_label
from app_pages._state import lang
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.maps import web as webmap
from servicecircle.maps.style import EXCLUDED, LANDUSE_GROUPS, PREMISE_COLORS

if TYPE_CHECKING:  # the results library loads where results are mapped, not on the first page
    from shapely.geometry.base import BaseGeometry

    from servicecircle.coverage import Coverage
    from servicecircle.planning.plan import SitingPlan


def asset_base() -> str:
    """URL where Streamlit serves ``static/vendor`` (honours ``server.baseUrlPath``)."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}{webmap.VENDOR_URL}" if base else webmap.VENDOR_URL


def map_options() -> dict[str, Any]:
    """Basemap, legend title, assets and language for :func:`servicecircle.maps.web.compose_map`."""
    basemap = st.session_state.get("basemap", "none")
    key = str(st.session_state.get("tianditu_key", "") or "").strip()
    if basemap == "tianditu" and not key:
        st.info(tr("app.tianditu_key_missing"))
        basemap = "none"
    return {
        "basemap": basemap,
        "tianditu_key": key or None,
        "basemap_name": tr(f"basemap.{basemap}"),
        "legend_title": tr("map.legend"),
        "asset_base": asset_base(),
        "lang": lang(),
    }


def study_area_labels() -> dict[str, Mapping[str, str]]:
    """Translated labels for :func:`servicecircle.maps.web.study_area_layers`."""
    labels = {
        "edges": tr("layer.edges"),
        "buildings": tr("layer.buildings"),
        "landuse": tr("layer.landuse"),
        "premises": tr("layer.premises"),
        "boundaries": tr("layer.boundaries"),
        "name": tr("field.name"),
        "type": tr("field.type"),
        "class": tr("field.class"),
        "levels": tr("field.levels"),
        "kind": tr("field.kind"),
        "admin_level": tr("field.admin_level"),
    }
    landuse = {g: tr(f"landuse.{g}") for g in (*LANDUSE_GROUPS, "other")}
    premises = {k: tr(f"premise.{k}") for k in PREMISE_COLORS}
    return {"labels": labels, "landuse_labels": landuse, "premise_labels": premises}


def study_area_page(area: StudyArea, boundary: BaseGeometry | None = None) -> str:
    """The study-area map as a Leaflet page without folium (the first page's map).

    The layers, legend and tooltips of :func:`servicecircle.maps.web.study_area_map`
    (:mod:`servicecircle.maps.web.leaflet_area`), plus the uploaded study
    ``boundary`` if any, in this session's language and basemap.
    """
    from servicecircle.maps.extent import area_bounds
    from servicecircle.maps.web.leaflet import leaflet_page
    from servicecircle.maps.web.leaflet_area import study_area_layers

    outline = {}
    if boundary is not None:
        outline[tr("study.boundary")] = gpd.GeoDataFrame(geometry=[boundary], crs=WGS84)
    layers = study_area_layers(
        area,
        network=network_geojson(area),
        names_in=lang(),
        extra_boundaries=outline,
        **study_area_labels(),
    )
    return leaflet_page(layers, bounds=area_bounds(area), **map_options())


def roads_layer(area: StudyArea, *, show: bool = True) -> webmap.MapLayer:
    """The road network (its GeoJSON converted once per area)."""
    return webmap.network_layer(None, name=tr("layer.edges"), data=network_geojson(area), show=show)


def outlets_layer(
    outlets: gpd.GeoDataFrame, *, type_names: Iterable[str] | None = None
) -> webmap.MapLayer:
    """The outlets coloured by type; ``type_names`` in the legend (default: those present)."""
    names = set(outlets["outlet_type"]) if type_names is None else type_names
    return webmap.outlets_layer(
        outlets.assign(type_shown=[type_label(t) for t in outlets["outlet_type"]]),
        name=tr("layer.outlets"),
        type_labels={t: type_label(t) for t in names},
        tooltip={"name": tr("field.name"), "type_shown": tr("outlets.type")},
    )


def exclusions_layer(exclusions: gpd.GeoDataFrame) -> webmap.MapLayer:
    """Areas where no new site may go."""
    return webmap.areas_layer(
        exclusions.assign(cls="excluded"),
        name=tr("layer.exclusions"),
        class_column="cls",
        class_colors={"excluded": EXCLUDED.color},
        class_labels={"excluded": tr("siting.excluded_label")},
        tooltip={"name": tr("field.name")},
    )


def site_layers(
    area: StudyArea,
    coverage: Coverage,
    plan: SitingPlan | None,
    *,
    candidates: gpd.GeoDataFrame | None = None,
    exclusions: gpd.GeoDataFrame | None = None,
) -> list[webmap.MapLayer]:
    """The results map of today's coverage and the plan: the CLI's recipe in the app.

    See :func:`servicecircle.maps.recipes.coverage_layers`.

    Without the admin boundaries and the demand units, with the areas where no
    new site may go (if any) among the overlays.
    """
    from servicecircle.maps.recipes import coverage_layers

    overlays = [exclusions_layer(exclusions)] if exclusions is not None and len(exclusions) else []
    return coverage_layers(
        coverage,
        plan,
        lang=lang(),
        network=network_geojson(area),
        candidates=candidates,
        show_units=False,
        show_demand=False,
        overlays=overlays,
    )
