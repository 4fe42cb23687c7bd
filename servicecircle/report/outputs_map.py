"""The interactive map of an ``analyze`` / ``site`` output folder, as one offline HTML file.

:func:`map_from_outputs` puts the layers of ``analysis.gpkg`` (and
``siting.gpkg``) on a folium map with the builders of
:mod:`servicecircle.webmap`: township and community boundaries, service
areas, demand, gaps, existing outlets and the recommended sites, labelled in
Chinese or English. :func:`write_map_html` writes it as a self-contained page
(Leaflet inlined, no CDN), so it opens with no internet; with ``basemap="none"``
it needs no tiles either.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle._io import write_errors, write_text_atomic
from servicecircle.errors import InputDataError
from servicecircle.report.build import load_outputs
from servicecircle.report.strings import check_lang, class_label, outlet_type_label, text

if TYPE_CHECKING:
    import folium

logger = logging.getLogger(__name__)

#: Default folder for exported maps (relative to the working directory).
MAPS_DIR = Path("maps")

_FIELDS = {
    "zh": {
        "name": "名称",
        "people": "人口",
        "class": "区域类型",
        "township": "乡镇（街道）",
        "community": "社区（村）",
        "minutes": "最近网点（分钟）",
        "rank": "序号",
        "type": "类型",
        "newly": "新覆盖人口",
        "reasons": "选址理由",
        "level": "层级",
        "share": "覆盖率",
    },
    "en": {
        "name": "Name",
        "people": "People",
        "class": "Area type",
        "township": "Township / street",
        "community": "Community / village",
        "minutes": "Nearest outlet (min)",
        "rank": "Rank",
        "type": "Type",
        "newly": "Newly covered",
        "reasons": "Reasons",
        "level": "Level",
        "share": "Share covered",
    },
}


#: Outlet colours by type, apart from the demand colours.
OUTLET_COLORS: dict[str, str] = {
    "community_window": "#00695c",
    "doorstep_station": "#283593",
    "employment_post": "#4e342e",
    "gig_market": "#f9a825",
    "default": "#212121",
}


def _rounded(frame: gpd.GeoDataFrame, columns: Mapping[str, int]) -> gpd.GeoDataFrame:
    out = frame.copy()
    for column, digits in columns.items():
        if column in out.columns:
            out[column] = pd.to_numeric(out[column], errors="coerce").round(digits)
    return out


def _wgs84(frame: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    if frame is None or not len(frame):
        return None
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        return frame.to_crs("EPSG:4326")
    return frame


def _main_minutes(summary: Mapping[str, Any]) -> float:
    minutes = summary.get("minutes") or [15]
    return float(max(float(m) for m in minutes))


def map_from_outputs(
    out_dir: str | os.PathLike[str],
    *,
    lang: str = "zh",
    basemap: str = "none",
    tianditu_key: str | None = None,
) -> folium.Map:
    """Build the interactive map of the outputs in ``out_dir``.

    Parameters
    ----------
    out_dir
        Folder written by ``servicecircle analyze`` (and optionally ``site``).
    lang
        ``"zh"`` or ``"en"``: layer names, legend and tooltips.
    basemap
        ``"none"`` (works offline), ``"osm"``, ``"cartodb"`` or ``"tianditu"``.
    tianditu_key
        The user's Tianditu key, for ``basemap="tianditu"``.

    Returns
    -------
    folium.Map
    """
    from servicecircle import webmap

    check_lang(lang)
    if basemap not in webmap.BASEMAPS:
        raise InputDataError(
            f"Unknown basemap {basemap!r}; choose one of {', '.join(webmap.BASEMAPS)} "
            "(none works without internet)."
        )
    if basemap == "tianditu" and not (tianditu_key or "").strip():
        raise InputDataError(
            "The Tianditu basemap needs your Tianditu key: add --tianditu-key KEY, or use "
            "--basemap none."
        )
    inputs = load_outputs(out_dir)
    layers = {name: _wgs84(frame) for name, frame in inputs.layers.items()}
    fields = _FIELDS[lang]
    minutes = _main_minutes(inputs.summary)
    built: list[webmap.MapLayer] = []

    units = layers.get("units")
    if units is not None:
        units = _rounded(units, {"people": 0})
        share = f"share_{minutes:g}"
        if share in units.columns:
            units = units.assign(
                share_shown=["—" if pd.isna(v) else f"{100 * float(v):.1f}%" for v in units[share]]
            )
        built.append(
            webmap.boundaries_layer(
                units,
                name=text("map.boundaries", lang),
                tooltip={
                    "name": fields["name"],
                    "people": fields["people"],
                    "share_shown": f"{fields['share']} ({minutes:g})",
                },
            )
        )
    isochrones = layers.get("isochrones")
    if isochrones is not None and "minutes" in isochrones.columns:
        built.append(
            webmap.isochrones_layer(
                _rounded(isochrones, {"people": 0}),
                name=text("map.isochrones", lang),
                minutes_label=text("map.minutes_label", lang, minutes="{minutes}"),
                tooltip={"minutes": fields["minutes"], "people": fields["people"]},
            )
        )
    demand = layers.get("demand")
    if demand is not None:
        demand = _rounded(demand, {"people": 0, "minutes_to_nearest": 1})
        if "class" in demand.columns:
            demand = demand.assign(class_shown=[class_label(c, lang) for c in demand["class"]])
        classes = (
            {str(c): class_label(c, lang) for c in set(demand["class"])}
            if "class" in demand.columns
            else None
        )
        built.append(
            webmap.demand_layer(
                demand,
                name=text("map.demand", lang),
                class_labels=classes,
                tooltip={
                    "name": fields["name"],
                    "class_shown": fields["class"],
                    "people": fields["people"],
                    "township": fields["township"],
                    "community": fields["community"],
                    "minutes_to_nearest": fields["minutes"],
                },
            )
        )
    gaps = layers.get("gaps")
    if gaps is not None:
        built.append(
            webmap.gaps_layer(
                _rounded(gaps, {"people": 0, "nearest_minutes": 1}),
                name=text("map.gaps", lang),
                tooltip={
                    "rank": fields["rank"],
                    "people": fields["people"],
                    "township": fields["township"],
                    "community": fields["community"],
                    "nearest_minutes": fields["minutes"],
                },
            )
        )
    outlets = layers.get("outlets")
    if outlets is not None:
        kinds = outlets["outlet_type"] if "outlet_type" in outlets.columns else None
        if kinds is not None:
            outlets = outlets.assign(type_shown=[outlet_type_label(k, lang) for k in kinds])
        built.append(
            webmap.outlets_layer(
                outlets,
                name=text("map.outlets", lang),
                type_labels=(
                    {str(k): outlet_type_label(k, lang) for k in set(kinds)}
                    if kinds is not None
                    else None
                ),
                type_colors=OUTLET_COLORS,
                tooltip={"name": fields["name"], "type_shown": fields["type"]},
            )
        )
    chosen = layers.get("chosen")
    if chosen is not None and inputs.siting is not None:
        from servicecircle.report.context import reasons_text

        by_rank = {
            int(site["rank"]): reasons_text(site, lang)
            for site in inputs.siting.get("chosen") or []
            if isinstance(site, Mapping) and site.get("rank") is not None
        }
        ranks = pd.to_numeric(chosen["rank"], errors="coerce") if "rank" in chosen else None
        chosen = _rounded(chosen, {"newly_covered": 0})
        if ranks is not None:
            chosen = chosen.assign(
                reasons_shown=[
                    by_rank.get(int(r), "") if np.isfinite(r) else "" for r in ranks.to_numpy()
                ]
            )
        built.append(
            webmap.sites_layer(
                chosen,
                name=text("map.chosen", lang),
                order_column="rank",
                tooltip={
                    "rank": fields["rank"],
                    "name": fields["name"],
                    "newly_covered": fields["newly"],
                    "reasons_shown": fields["reasons"],
                },
            )
        )
    bounds = (inputs.summary.get("study_area") or {}).get("bounds")
    box = (
        tuple(float(b) for b in bounds)
        if isinstance(bounds, (list, tuple)) and len(bounds) == 4
        else None
    )
    return webmap.compose_map(
        built,
        bounds=box,  # type: ignore[arg-type]
        basemap=basemap,
        tianditu_key=tianditu_key,
        legend_title=text("map.legend", lang),
        attribution=text("footer.attribution", lang),
    )


def default_map_path(out_dir: str | os.PathLike[str], *, lang: str = "zh") -> Path:
    """``maps/<folder name>_<lang>.html`` in the working directory."""
    name = Path(out_dir).resolve().name or "outputs"
    return MAPS_DIR / f"{name}_{lang}.html"


def write_map_html(
    out_dir: str | os.PathLike[str],
    path: str | os.PathLike[str] | None = None,
    *,
    lang: str = "zh",
    basemap: str = "none",
    tianditu_key: str | None = None,
) -> Path:
    """Write the interactive map of ``out_dir`` as one self-contained HTML file.

    Parameters
    ----------
    out_dir
        Folder written by ``servicecircle analyze`` / ``site``.
    path
        Target ``.html`` file; default :func:`default_map_path`. Its folder is
        created when missing.
    lang, basemap, tianditu_key
        See :func:`map_from_outputs`.

    Returns
    -------
    pathlib.Path
        The file written (atomically: written aside, then renamed).

    Raises
    ------
    InputDataError
        When the Leaflet files are not installed
        (``bash scripts/install_web_assets.sh``), or the outputs are missing or
        damaged.
    OutputError
        When the file cannot be written (a file where a folder should be, no
        permission, a read-only or full disk).
    """
    from servicecircle import webmap

    target = Path(path) if path is not None else default_map_path(out_dir, lang=lang)
    if target.suffix.lower() not in (".html", ".htm"):
        raise InputDataError(f"Write the map to an .html file, not {target.name!r}.")
    m = map_from_outputs(out_dir, lang=lang, basemap=basemap, tianditu_key=tianditu_key)
    try:
        page = webmap.map_to_standalone_html(m)
    except FileNotFoundError as exc:
        raise InputDataError(
            f"{exc}. The offline map needs the Leaflet files: run "
            "`bash scripts/install_web_assets.sh` once."
        ) from exc
    with write_errors(target):
        target.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(target, page)
    logger.info("wrote the interactive map %s (%d bytes)", target, len(page))
    return target
