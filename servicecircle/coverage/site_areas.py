"""One service area per site: the polygon reached within its own type's standard minutes.

:func:`site_service_areas` draws, for each new outlet of a siting plan (or any
points with an outlet type), the isochrone of its type's travel mode at that
type's standard minutes (15 minutes on foot for a community window, 30 by
e-bike for a gig market), with the people inside it. It is the
``chosen_areas`` layer of ``siting.gpkg`` and the map of each recommended site.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle.coverage.measure import networks_for, outlet_modes
from servicecircle.coverage.settings import CoverageSettings
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.isochrones import IsochroneSettings, isochrones_from_sites
from servicecircle.network import Network

SITE_AREA_COLUMNS: tuple[str, ...] = ("rank", "name", "type", "mode", "minutes", "people")
"""Columns of :func:`site_service_areas` besides the geometry."""


def _typed(sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``sites`` in WGS-84 with ``outlet_type`` (a siting plan's ``type``) and ``rank``."""
    out = sites.to_crs(WGS84).reset_index(drop=True)
    if "outlet_type" not in out.columns and "type" in out.columns:
        out["outlet_type"] = out["type"]
    if "rank" not in out.columns:
        out["rank"] = np.arange(1, len(out) + 1)
    return out


def empty_site_areas() -> gpd.GeoDataFrame:
    """A ``chosen_areas`` layer without rows."""
    return gpd.GeoDataFrame({c: [] for c in SITE_AREA_COLUMNS}, geometry=[], crs=WGS84)


def site_service_areas(
    sites: gpd.GeoDataFrame,
    *,
    settings: CoverageSettings,
    networks: Mapping[str, Network] | None = None,
    area: StudyArea | None = None,
    demand: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """The service area of each site at its type's standard minutes.

    Parameters
    ----------
    sites
        Points with ``outlet_type`` (or a siting plan's ``type``), and
        optionally ``rank`` and ``name`` (the plan's ``chosen`` layer).
    settings
        Outlet types (mode and minutes), walk-off buffer and snapping limit.
    networks
        Networks already built, by mode name.
    area
        The study area, to build the networks missing from ``networks``.
    demand
        Demand units with ``people``: their access legs are drawn (each
        reached unit lies inside its polygon) and ``people`` counts those inside.

    Returns
    -------
    geopandas.GeoDataFrame
        WGS-84, one row per site in the order given: :data:`SITE_AREA_COLUMNS`
        and ``geometry`` (empty where a site reaches nothing).

    Raises
    ------
    KeyError
        When a mode's network is neither given nor buildable (no ``area``).
    """
    if sites is None or len(sites) == 0:
        return empty_site_areas()
    typed = _typed(sites)
    plan = outlet_modes(typed, settings)
    built = dict(networks or {})
    if area is not None:
        built = networks_for(area, set(plan["mode"]), built, settings=settings)
    geometry = np.array([shapely.Polygon()] * len(typed), dtype=object)
    people = np.zeros(len(typed))
    for (mode, minutes), group in plan.groupby(["mode", "minutes"]):
        drawing = IsochroneSettings(breaks=(float(str(minutes)),), buffer_m=settings.walk_off_m)
        drawn = isochrones_from_sites(
            built[str(mode)],
            typed.loc[group.index, ["geometry"]].reset_index(drop=True),
            settings=drawing,
            demand=demand,
            weights="people" if demand is not None and "people" in demand.columns else None,
            max_snap_m=settings.max_snap_m,
        )
        at = group.index.to_numpy()
        geometry[at] = drawn.geometry.to_numpy()
        if "people" in drawn.columns:
            people[at] = pd.to_numeric(drawn["people"]).to_numpy(float)
    return gpd.GeoDataFrame(
        {
            "rank": typed["rank"].to_numpy(),
            "name": typed["name"].to_numpy() if "name" in typed.columns else None,
            "type": typed["outlet_type"].to_numpy(),
            "mode": plan["mode"].to_numpy(),
            "minutes": plan["minutes"].to_numpy(float),
            "people": people,
        },
        geometry=geometry,
        crs=WGS84,
    )
