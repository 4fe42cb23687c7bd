"""Service-area polygons (isochrones) and the people inside them."""

from __future__ import annotations

from .build import IsochroneSettings, isochrones_from_sites
from .lines import LineTable
from .people import people_in_polygons

__all__ = ["IsochroneSettings", "LineTable", "isochrones_from_sites", "people_in_polygons"]
